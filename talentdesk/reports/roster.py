"""The teacher roster (教师花名册): one row per teacher, from one SQL query over the teacher rows,
their cached current values (cur_*) and the school names."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from talentdesk.domain import idnumber
from talentdesk.domain.codes import ACTIVE_STATUS
from talentdesk.reports import ReportTable
from talentdesk.reports.xlsx import write_table
from talentdesk.services.accounts import access, lockout
from talentdesk.store.models import School, Teacher
from talentdesk.store.uow import UnitOfWork

HEADERS = (
    "姓名",
    "性别",
    "身份证号",
    "出生日期",
    "民族",
    "政治面貌",
    "参加工作年月",
    "最高学历",
    "职称",
    "任教学段",
    "任教学科",
    "编制学校",
    "工作学校",
    "用工形式",
    "骨干类别",
    "联系电话",
)
WIDTHS = (10, 6, 21, 12, 8, 12, 13, 12, 12, 9, 10, 22, 22, 9, 16, 14)
ID_COLUMN = HEADERS.index("身份证号")


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "****"


def teacher_roster(session: Session, *, include_all: bool = False, mask: bool = False) -> ReportTable:
    """Serving teachers (status 在岗) by default; include_all for everyone. ID numbers masked on request."""
    post, work = aliased(School), aliased(School)
    t = Teacher
    stmt = (
        select(
            t.name,
            t.gender,
            t.id_number,
            t.birth_date,
            t.ethnicity,
            t.political,
            t.work_start,
            t.cur_degree,
            t.cur_title,
            t.cur_stage,
            t.cur_subject,
            post.name,
            work.name,
            t.employment_form,
            t.cur_backbone,
            t.phone,
        )
        .outerjoin(post, post.id == t.cur_post_school_id)
        .outerjoin(work, work.id == t.cur_work_school_id)
        .order_by(post.id.is_(None), post.id, t.id)
    )
    if not include_all:
        stmt = stmt.where(t.status == ACTIVE_STATUS)
    rows = []
    for r in session.execute(stmt):
        r = list(r)
        r[2] = idnumber.mask(r[2]) if mask else r[2]
        r[15] = mask_phone(r[15]) if mask and r[15] else r[15]
        r[3] = r[3].isoformat() if r[3] else None
        r[6] = r[6].iso() if r[6] else None
        rows.append(tuple(r))
    who = "全部教师" if include_all else "在岗教师"
    return ReportTable(
        title="教师花名册",
        headers=HEADERS,
        rows=rows,
        widths=WIDTHS,
        text_columns=frozenset({ID_COLUMN}),
        note=f"{who} {len(rows)} 人" + ("，身份证号已遮挡" if mask else ""),
    )


def export_roster(db, path: Path | str, *, include_all: bool = False, mask: bool = False) -> ReportTable:
    """Write the roster to an .xlsx file and record the export in the audit trail.

    Full ID numbers and phones only for roles allowed to reveal them (管理员)."""
    who = access.require(db, "print")
    if not mask:
        access.require(db, "reveal_id")
    with UnitOfWork(db) as uow:
        table = teacher_roster(uow.session, include_all=include_all, mask=mask)
        out = write_table(table, path, exporter=who.user)
        text = f"导出教师花名册 {len(table.rows)} 人（{'身份证号已遮挡' if mask else '含完整身份证号'}）到 {out}"
        if not mask or not db.read_only:  # full ID numbers while read-only: the journal, merged later
            lockout.note(db, uow, action="export", table="teacher", field="roster", text=text)
    return table
