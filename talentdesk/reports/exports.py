"""Export tables for checking what an import landed: schools, mentor pairings, rotations (plain data)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from talentdesk.reports import ReportTable
from talentdesk.store.models import Pairing, Placement, School, SchoolYearStat, Teacher

SCHOOL_HEADERS = ("学校名称", "学校标识码", "乡镇", "城乡类型", "办学类型", "学生数", "班级数", "核定编制")
PAIRING_HEADERS = (
    "导师姓名",
    "导师身份证号",
    "青年教师姓名",
    "青年教师身份证号",
    "学科",
    "开始日期",
    "结束日期",
    "状态",
)
ROTATION_HEADERS = ("姓名", "身份证号", "原学校", "交流学校", "交流方式", "开始日期", "结束日期", "人事关系是否转移")


def _iso(d) -> str | None:
    return d.iso() if d else None


def schools_table(db) -> ReportTable:
    """One row per school with the figures of its latest school year (summed over stages)."""
    st = SchoolYearStat.__table__.c
    latest = select(st.school_id.label("sid"), func.max(st.school_year).label("y")).group_by(st.school_id).subquery()
    figures = (
        select(
            st.school_id.label("sid"),
            func.sum(st.students).label("students"),
            func.sum(st.classes).label("classes"),
            func.sum(st.quota).label("quota"),
        )
        .join(latest, (latest.c.sid == st.school_id) & (latest.c.y == st.school_year))
        .group_by(st.school_id)
        .subquery()
    )
    sc = School.__table__.c
    stmt = (
        select(sc.name, sc.code, sc.township, sc.area, sc.kind, figures.c.students, figures.c.classes, figures.c.quota)
        .outerjoin(figures, figures.c.sid == sc.id)
        .order_by(sc.id)
    )
    with db.engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(stmt)]
    return ReportTable("学校基本情况", SCHOOL_HEADERS, rows, (24, 14, 12, 10, 12, 10, 10, 10), frozenset({1}))


def pairings_table(db) -> ReportTable:
    mentor, mentee = aliased(Teacher), aliased(Teacher)
    stmt = (
        select(
            mentor.name,
            mentor.id_number,
            mentee.name,
            mentee.id_number,
            Pairing.subject,
            Pairing.start,
            Pairing.planned_end,
            Pairing.status,
        )
        .join(mentor, mentor.id == Pairing.mentor_id)
        .join(mentee, mentee.id == Pairing.mentee_id)
        .order_by(Pairing.id)
    )
    with db.sessions() as s:
        rows = [(a, b, c, d, e, _iso(f), _iso(g), h) for a, b, c, d, e, f, g, h in s.execute(stmt)]
    return ReportTable("师徒结对", PAIRING_HEADERS, rows, (10, 20, 12, 20, 10, 12, 12, 8), frozenset({1, 3}))


def rotations_table(db) -> ReportTable:
    frm, to = aliased(School), aliased(School)
    stmt = (
        select(
            Teacher.name,
            Teacher.id_number,
            frm.name,
            to.name,
            Placement.kind,
            Placement.start,
            Placement.planned_end,
            Placement.moves_relation,
        )
        .join(Teacher, Teacher.id == Placement.teacher_id)
        .outerjoin(frm, frm.id == Placement.from_school_id)
        .join(to, to.id == Placement.to_school_id)
        .order_by(Placement.id)
    )
    with db.sessions() as s:
        rows = [(a, b, c, d, e, _iso(f), _iso(g), "是" if h else "否") for a, b, c, d, e, f, g, h in s.execute(stmt)]
    return ReportTable("交流轮岗", ROTATION_HEADERS, rows, (10, 20, 20, 20, 10, 12, 12, 14), frozenset({1}))


def _pairings_full(db) -> ReportTable:
    """pairings_table's columns, then the cultivation columns (issue 4: programme, stage, schools, evaluations)."""
    from talentdesk.reports.cultivation_tables import pairings_full

    return pairings_full(db)


TABLES = {"schools": schools_table, "pairings": _pairings_full, "rotations": rotations_table}


def export(db, kind: str, path, *, mask: bool | None = None) -> ReportTable:
    """Write one list. ID numbers are masked unless the user may reveal them (mask=None: by role);
    an export with full ID numbers is recorded in the audit trail."""
    from talentdesk.domain import idnumber
    from talentdesk.reports.xlsx import write_table
    from talentdesk.services.accounts import access
    from talentdesk.store.uow import UnitOfWork

    who = access.require(db, "print")
    if mask is None:
        mask = not who.can("reveal_id")
    elif not mask:
        access.require(db, "reveal_id")
    table = TABLES[kind](db)
    id_cols = sorted(i for i in table.text_columns if "身份证" in table.headers[i])
    if mask and id_cols:
        table.rows = [tuple(idnumber.mask(v) if i in id_cols and v else v for i, v in enumerate(r)) for r in table.rows]
        table.note = (table.note + "，" if table.note else "") + "身份证号已遮挡"
    write_table(table, path, exporter=access.person_name(db, who))
    if id_cols and not mask:
        from talentdesk.services.accounts import lockout

        with UnitOfWork(db) as uow:  # read-only: the journal beside the database, merged later
            lockout.note(
                db,
                uow,
                action="export",
                table=kind,
                field="list",
                text=f"导出{table.title} {len(table.rows)} 行（含完整身份证号）到 {path}",
            )
    return table
