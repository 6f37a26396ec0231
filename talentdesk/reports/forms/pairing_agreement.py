"""师徒结对协议书: one A4 page per pairing — both parties with school, subject, title; term; goals;
the duties of each side; signature lines for both and stamp boxes for the school and the bureau."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from talentdesk.reports.forms import Drawing, save_pdf
from talentdesk.reports.forms import cultivation_draw as D
from talentdesk.services.accounts import access
from talentdesk.store.models import MentorProgramme, Pairing, School, Teacher
from talentdesk.store.uow import UnitOfWork

MENTOR_DUTIES = (
    "指导青年教师研读课程标准和教材，帮助制订个人成长计划；每学期听青年教师的课不少于 10 节，"
    "课后及时评议；每学期为青年教师上示范课不少于 2 节；指导教学设计、课堂管理、班主任工作和教研写作。"
)
MENTEE_DUTIES = (
    "虚心学习，主动请教；每学期听导师的课不少于 20 节并写出听课反思；每学期在导师指导下上汇报课"
    "或公开课不少于 1 节；按时完成教学设计、教学反思和成长记录，期满时提交个人成长总结。"
)
# who signs (or stamps) the agreement: each keeps a copy, so 一式N份 is their number
SIGNATORIES = ("导师", "青年教师", "学校", "教育局")
COPIES = "零一二三四五六七八九十"
DEFAULT_GOALS = "一年入门、两年合格、三年成熟：站稳讲台，形成基本的教学风格，能独立承担本学科教学和班级管理工作。"


def _who(s, t: Teacher) -> dict:
    sid = t.cur_work_school_id or t.cur_post_school_id
    school = s.get(School, sid) if sid else None
    return {
        "name": t.name,
        "gender": t.gender or "",
        "school": school.name if school else "",
        "subject": t.cur_subject or "",
        "title": t.cur_title or "",
        "backbone": t.cur_backbone or "",
        "work_start": t.work_start.dotted() if t.work_start else "",
        "phone": t.phone or "",
    }


def data(db, pairing_ids: list[int]) -> list[dict]:
    with UnitOfWork(db) as uow:
        s = uow.session
        out = []
        for p in s.scalars(select(Pairing).where(Pairing.id.in_(pairing_ids)).order_by(Pairing.id)):
            prog = s.get(MentorProgramme, p.programme_id) if p.programme_id else None
            out.append(
                {
                    "id": p.id,
                    "programme": prog.name if prog else "师徒结对",
                    "mentor": _who(s, p.mentor),
                    "mentee": _who(s, p.mentee),
                    "subject": p.subject or p.mentee.cur_subject or "",
                    "stage": p.stage or "",
                    "start": p.start.chinese() if p.start else "",
                    "end": p.planned_end.chinese() if p.planned_end else "",
                    "goals": p.goals or DEFAULT_GOALS,
                }
            )
        return out


def _party_table(c, top, item) -> float:
    headers = ("", "姓名", "性别", "工作单位", "任教学科", "职称", "骨干称号")
    widths = (62, 62, 34, 130, 56, 68, 71)
    rows = [
        ("导师", *(item["mentor"][k] for k in ("name", "gender", "school", "subject", "title", "backbone"))),
        ("青年教师", *(item["mentee"][k] for k in ("name", "gender", "school", "subject", "title", "backbone"))),
    ]
    return D.table(c, headers, rows, widths, top=top, row_h=28, head_h=24, size=10)


def draw_page(c, item: dict) -> None:
    D.title(c, "师徒结对协议书", D.H - 70, 20)
    D.text(c, D.W / 2, D.H - 94, f"（{item['programme']}）", 11, align="center")
    y = _party_table(c, D.H - 112, item)
    x, room = D.MARGIN + 4, D.W - 2 * D.MARGIN - 8
    y -= 26
    D.text(c, x, y, f"结对学科：{item['stage']}{item['subject']}　　结对期限：{item['start']} 至 {item['end']}", 11)
    for head, body in (
        ("一、培养目标", item["goals"]),
        ("二、导师职责", MENTOR_DUTIES),
        ("三、青年教师职责", MENTEE_DUTIES),
        (
            "四、其他约定",
            f"本协议一式{COPIES[len(SIGNATORIES)]}份，{'、'.join(SIGNATORIES[:-1])}和"
            f"{SIGNATORIES[-1]}各执一份。结对期满由学校组织考核，"
            "考核结果记入双方业务档案，作为评优评先和职称评聘的参考。",
        ),
    ):
        y -= 28
        D.text(c, x, y, head, 12, bold=True)
        y = D.paragraph(c, x, y - 22, body, room, 11, leading=18)
        y += 6
    y = min(y - 24, 250)
    D.text(c, x, y, "导师（签名）：", 11)
    D.text(c, D.W / 2 + 20, y, "青年教师（签名）：", 11)
    y -= 26
    D.text(c, x, y, "日期：　　　年　　月　　日", 11)
    D.text(c, D.W / 2 + 20, y, "日期：　　　年　　月　　日", 11)
    y -= 36
    D.text(c, x, y, "学校意见（盖章）：", 11)
    D.text(c, D.W / 2 + 20, y, "教育局意见（盖章）：", 11)
    D.stamp_box(c, x + 30, y - 86, 140, 72)
    D.stamp_box(c, D.W / 2 + 50, y - 86, 140, 72)
    D.text(c, x + 30, y - 104, "　　　年　　月　　日", 10)
    D.text(c, D.W / 2 + 50, y - 104, "　　　年　　月　　日", 10)


def drawing(db, pairing_ids: list[int]) -> Drawing:
    """One page per pairing (no ID numbers or phones are printed)."""
    access.require(db, "print")
    items = data(db, pairing_ids)
    if not items:
        from talentdesk.errors import UserError

        raise UserError("没有选中要打印协议书的师徒结对")

    def one(c, item) -> None:
        draw_page(c, item)
        c.showPage()

    def draw(c) -> None:
        D.numbered_documents(c, items, one, lambda item: f"{item['mentor']['name']} — {item['mentee']['name']}")

    return Drawing("师徒结对协议书", (D.W, D.H), draw, count=len(items))


def write(db, pairing_ids: list[int], path: Path | str) -> Path:
    return save_pdf(drawing(db, pairing_ids), path)
