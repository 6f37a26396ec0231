"""`roster` 教师花名册 for the catalogue: the roster columns, filtered by scope, teacher list and options
(status: 在岗 by default or "全部"; stage, subject, title, employment_form, degree, backbone; mask)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import aliased

from talentdesk.domain import idnumber
from talentdesk.domain.codes import ACTIVE_STATUS
from talentdesk.reports import ReportTable
from talentdesk.reports.roster import HEADERS, ID_COLUMN, WIDTHS, mask_phone
from talentdesk.store.models import School, Teacher

FILTERS = {
    "stage": Teacher.cur_stage,
    "subject": Teacher.cur_subject,
    "title": Teacher.cur_title,
    "employment_form": Teacher.employment_form,
    "degree": Teacher.cur_degree,
    "gender": Teacher.gender,
}
FILTER_LABELS = {
    "stage": "学段",
    "subject": "学科",
    "title": "职称",
    "employment_form": "用工形式",
    "degree": "学历",
    "gender": "性别",
    "status": "状态",
}


def compute(db, params) -> ReportTable:
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
        .order_by(post.township, post.id.is_(None), post.id, t.id)
    )
    opts = params.options
    status = opts.get("status") or ACTIVE_STATUS
    if status != "全部":
        stmt = stmt.where(t.status == status)
    said = [] if status == ACTIVE_STATUS else [f"状态：{status}"]
    for key, col in FILTERS.items():
        if opts.get(key):
            stmt = stmt.where(col == opts[key])
            said.append(f"{FILTER_LABELS[key]}：{opts[key]}")
    if opts.get("backbone"):
        stmt = stmt.where(t.cur_backbone.is_not(None))
        said.append("骨干教师")
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        if ids is not None:
            stmt = stmt.where(t.cur_post_school_id.in_(ids))
        if params.teacher_ids:
            stmt = stmt.where(t.id.in_(params.teacher_ids))
        rows = []
        mask = params.mask
        for r in s.execute(stmt):
            r = list(r)
            if mask:  # phones are as personal as ID numbers: masked together
                r[2], r[15] = idnumber.mask(r[2]), mask_phone(r[15]) if r[15] else r[15]
            r[3] = r[3].isoformat() if r[3] else None
            r[6] = r[6].iso() if r[6] else None
            rows.append(tuple(r))
    note = (
        f"共 {len(rows)} 人"
        + ("；" + "，".join(said) if said else "")
        + ("；身份证号、电话已遮挡" if mask else "；含完整身份证号")
    )
    return ReportTable(
        title="教师花名册", headers=HEADERS, rows=rows, widths=WIDTHS, text_columns=frozenset({ID_COLUMN}), note=note
    )
