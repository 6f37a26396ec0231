"""公示名单 of a mentoring programme: every pairing with both names, schools and subject; ID numbers
masked (domain.idnumber.mask) because the list is posted publicly. A4 landscape, header repeated."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from talentdesk.domain import idnumber
from talentdesk.errors import UserError
from talentdesk.reports import ReportTable
from talentdesk.reports.forms import Drawing, save_pdf
from talentdesk.reports.forms import cultivation_draw as D
from talentdesk.services.accounts import access
from talentdesk.store.models import MentorProgramme, Pairing, School, Teacher
from talentdesk.store.uow import UnitOfWork

HEADERS = (
    "序号",
    "导师姓名",
    "导师身份证号",
    "导师单位",
    "青年教师姓名",
    "青年教师身份证号",
    "青年教师单位",
    "学科",
    "结对期限",
)
WIDTHS = (34, 62, 118, 120, 72, 118, 120, 52, 110)


def table(db, programme_id: int) -> ReportTable:
    mentor, mentee, ms, es = aliased(Teacher), aliased(Teacher), aliased(School), aliased(School)
    stmt = (
        select(
            mentor.name,
            mentor.id_number,
            ms.name,
            mentee.name,
            mentee.id_number,
            es.name,
            Pairing.stage,
            Pairing.subject,
            Pairing.start,
            Pairing.planned_end,
        )
        .join(mentor, mentor.id == Pairing.mentor_id)
        .join(mentee, mentee.id == Pairing.mentee_id)
        .outerjoin(ms, ms.id == func.coalesce(mentor.cur_work_school_id, mentor.cur_post_school_id))
        .outerjoin(es, es.id == func.coalesce(mentee.cur_work_school_id, mentee.cur_post_school_id))
        .where(Pairing.programme_id == programme_id, Pairing.status != "提前终止")
        .order_by(es.name.nulls_first(), mentee.name)
    )
    with UnitOfWork(db) as uow:
        s = uow.session
        prog = s.get(MentorProgramme, programme_id)
        if prog is None:
            raise UserError("找不到这个结对项目（可能已被删除）")
        rows = [
            (
                i,
                a,
                idnumber.mask(b),
                c or "",
                d,
                idnumber.mask(e),
                f or "",
                f"{g or ''}{h or ''}",
                f"{st.dotted() if st else ''}—{en.dotted() if en else ''}",
            )
            for i, (a, b, c, d, e, f, g, h, st, en) in enumerate(s.execute(stmt), 1)
        ]
        title = f"{prog.name}师徒结对名单" if "名单" not in prog.name else prog.name
    return ReportTable(
        title,
        HEADERS,
        rows,
        (6, 10, 20, 22, 12, 20, 22, 10, 18),
        frozenset({2, 5}),
        note=f"共 {len(rows)} 对；身份证号已隐去中间部分",
    )


def drawing(db, programme_id: int, *, days: int = 5, unit: str | None = None, today: dt.date | None = None) -> Drawing:
    """The notice: issuer (the bureau's 填报单位 unless UNIT), 公示期 from TODAY over DAYS working days,
    监督电话 and 联系人 from the settings, the list with its header on every page, 第 n 页 共 N 页."""
    from talentdesk.reports.forms.notice import for_db

    access.require(db, "print")
    t = table(db, programme_id)
    if not t.rows:
        raise UserError("这个项目还没有师徒结对，无法生成公示名单")
    notice = for_db(db, days=days, start=today, unit=unit)
    pw, ph = D.H, D.W
    intro = (
        f"经学校推荐、{notice.unit}审核，拟确定以下 {len(t.rows)} 对教师为{t.title.removesuffix('名单')}对象，"
        f"现予公示。{notice.objection()}"
    )

    def top_of(c) -> float:
        D.text(c, pw / 2, ph - 48, f"{t.title}（公示，续）", 13, bold=True, align="center")
        return ph - 64

    def one(c, _) -> None:
        D.title(c, f"{t.title}（公示）", ph - 56, 18, page_w=pw)
        y = D.paragraph(c, 60, ph - 88, intro, pw - 120, 11)
        y = D.table(
            c,
            HEADERS,
            t.rows,
            WIDTHS,
            top=y + 4,
            row_h=22,
            size=9.5,
            page_w=pw,
            page_h=ph,
            on_new_page=top_of,
            bottom=96,
        )
        lines = notice.closing()
        if y - 30 - 20 * len(lines) < 40:  # the issuer and date stay with the list: a new page only for them
            c.showPage()
            y = top_of(c)
        for k, line in enumerate(lines):
            D.text(c, pw - 80, y - 30 - 20 * k, line, 11, align="right")
        c.showPage()

    def draw(c) -> None:
        D.numbered_documents(c, [None], one, page_w=pw)

    return Drawing(f"{t.title}（公示）", (pw, ph), draw)


def write(db, programme_id: int, path: Path | str, *, days: int = 5, unit: str | None = None) -> Path:
    return save_pdf(drawing(db, programme_id, days=days, unit=unit), path)


def write_xlsx(
    db, programme_id: int, path: Path | str, *, days: int = 5, unit: str | None = None, today: dt.date | None = None
) -> Path:
    """The same notice as Excel: title, the notice's text, the list, issuer, date and contact under it."""
    from talentdesk.reports.forms.notice import for_db
    from talentdesk.reports.xlsx import write_tables

    access.require(db, "print")
    t = table(db, programme_id)
    notice = for_db(db, days=days, start=today, unit=unit)
    t.title = f"{t.title}（公示）"
    return write_tables(
        [t], path, unit=notice.unit, before=[notice.objection()], after=notice.closing(), classification=""
    )
