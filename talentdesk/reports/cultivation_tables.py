"""Cultivation lists and statistics as ReportTables (pure data): pairings (the importer's columns plus
programme, stage, schools, evaluations, activities), studios and members, training courses, attendance,
hours per teacher and per school; the mentoring and training statistics of the report catalogue."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Integer, case, cast, func, select

from talentdesk.domain import idnumber
from talentdesk.domain.cultivation import cycle_of
from talentdesk.reports import ReportTable, spans
from talentdesk.services.cultivation import mentoring, studios, training
from talentdesk.store.models import MentorProgramme, Pairing, School, Teacher
from talentdesk.store.models_cultivation import PairingActivity, StudioMember, TrainingCourse, TrainingRecord
from talentdesk.store.uow import UnitOfWork

if TYPE_CHECKING:
    from talentdesk.reports.catalogue import Report

PAIRING_EXTRA = ("项目", "学段", "导师单位", "青年教师单位", "导师考核", "青年教师考核", "活动次数", "终止原因")


def pairings_full(db) -> ReportTable:
    """reports.exports.pairings_table (its columns unchanged, first) with the cultivation columns after them."""
    from talentdesk.reports.exports import pairings_table

    base = pairings_table(db)
    rows = {r[0]: r for r in mentoring.list_pairings(db)}
    with UnitOfWork(db) as uow:
        ids = list(uow.session.scalars(select(Pairing.id).order_by(Pairing.id)))
        reasons = dict(uow.session.execute(select(Pairing.id, Pairing.end_reason)).all())
    c = {n: i for i, n in enumerate(mentoring.COLUMNS)}
    extra = []
    for pid in ids:
        r = rows[pid]
        extra.append(
            (
                r[c["programme"]],
                r[c["stage"]],
                r[c["mentor_school"]],
                r[c["mentee_school"]],
                r[c["mentor_eval"]],
                r[c["mentee_eval"]],
                r[c["activities"]],
                reasons.get(pid) or "",
            )
        )
    return ReportTable(
        base.title,
        base.headers + PAIRING_EXTRA,
        [a + b for a, b in zip(base.rows, extra)],
        base.widths + (18, 8, 20, 20, 10, 12, 10, 20),
        base.text_columns,
        base.note,
    )


def studio_tables(db, *, mask: bool = True) -> list[ReportTable]:
    h = studios.HEADERS
    rows = [r[1:] for r in studios.list_rows(db)]
    first = ReportTable("名师工作室", h, rows, (28, 14, 8, 10, 20, 8, 10, 10, 8, 10, 12))
    sc = School.__table__.c
    from talentdesk.store.models_cultivation import Studio

    stmt = (
        select(
            Studio.name,
            Teacher.name,
            Teacher.gender,
            Teacher.id_number,
            sc.name,
            Teacher.cur_subject,
            Teacher.cur_title,
            Teacher.cur_backbone,
            StudioMember.role,
            StudioMember.joined,
            StudioMember.left,
        )
        .join(StudioMember, StudioMember.studio_id == Studio.id)
        .join(Teacher, Teacher.id == StudioMember.teacher_id)
        .outerjoin(School.__table__, sc.id == func.coalesce(Teacher.cur_work_school_id, Teacher.cur_post_school_id))
        .order_by(Studio.name, StudioMember.role != "成员", Teacher.name)
    )
    with UnitOfWork(db) as uow:
        members = [
            (
                a,
                b,
                c or "",
                idnumber.mask(d) if mask else d,
                e or "",
                f or "",
                g or "",
                h_ or "",
                i,
                j.iso() if j else "",
                k.iso() if k else "",
            )
            for a, b, c, d, e, f, g, h_, i, j, k in uow.session.execute(stmt)
        ]
    second = ReportTable(
        "工作室成员",
        (
            "工作室",
            "姓名",
            "性别",
            "身份证号",
            "工作单位",
            "任教学科",
            "职称",
            "骨干称号",
            "角色",
            "加入时间",
            "退出时间",
        ),
        members,
        (28, 10, 6, 20, 20, 10, 12, 16, 10, 10, 10),
        frozenset({3}),
        "身份证号已遮挡" if mask else "",
    )
    return [first, second]


def training_tables(
    db, cycle_start: int | None = None, today: dt.date | None = None, *, mask: bool = True
) -> list[ReportTable]:
    today = today or dt.date.today()
    first, last = (
        training.current_cycle(db, dt.date(cycle_start, 6, 1)) if cycle_start else training.current_cycle(db, today)
    )
    courses = ReportTable(
        "培训项目",
        training.COURSE_HEADERS,
        [r[1:] for r in training.list_courses(db)],  # all but the id
        (36, 8, 20, 12, 12, 8, 8, 8, 10, 12),
    )
    sc = School.__table__.c
    stmt = (
        select(
            Teacher.name,
            Teacher.id_number,
            sc.name,
            TrainingCourse.name,
            TrainingCourse.level,
            TrainingCourse.start,
            TrainingCourse.end,
            TrainingRecord.hours,
            TrainingRecord.result,
        )
        .join(TrainingRecord, TrainingRecord.teacher_id == Teacher.id)
        .join(TrainingCourse, TrainingCourse.id == TrainingRecord.course_id)
        .outerjoin(School.__table__, sc.id == func.coalesce(Teacher.cur_work_school_id, Teacher.cur_post_school_id))
        .order_by(TrainingCourse.start.nulls_first(), TrainingCourse.name, sc.name.nulls_first(), Teacher.name)
    )
    with UnitOfWork(db) as uow:
        att = [
            (a, idnumber.mask(b) if mask else b, c or "", d, e, f.iso() if f else "", g.iso() if g else "", h, i or "")
            for a, b, c, d, e, f, g, h, i in uow.session.execute(stmt)
        ]
    attendance = ReportTable(
        "参训记录",
        ("姓名", "身份证号", "学校", "培训项目", "级别", "开始", "结束", "认定学时", "结果"),
        att,
        (10, 20, 20, 36, 8, 12, 12, 10, 8),
        frozenset({1}),
    )
    hours = [
        (
            r.name,
            r.id_masked,
            r.school,
            r.township,
            r.stage,
            r.subject,
            float(r.hours or 0),
            float(r.expected or 0),
            float(r.required or 0),
            r.standing,
            r.courses,
        )
        for r in training.hours_rows(db, first, today)
    ]  # figures as numbers in Excel
    if not mask:
        full = _full_ids(db)
        hours = [(r[0], full.get((r[0], r[1]), r[1]), *r[2:]) for r in hours]
    per_teacher = ReportTable(
        f"学时统计（{first}—{last}）",
        training.HOURS_HEADERS,
        hours,
        (10, 20, 20, 10, 8, 8, 12, 12, 10, 10, 10),
        frozenset({1}),
        "每周期要求学时见“周期要求”，按进度应达 = 周期要求 × 已进入的年数 ÷ 周期年数",
    )
    school_rows: list[tuple] = list(training.behind_by_school(db, first, today))
    by_school = ReportTable(
        f"学校汇总（{first}—{last}）",
        training.SCHOOL_HEADERS,
        school_rows,
        (24, 12, 10, 10, 10, 10, 10),
    )
    return [per_teacher, by_school, courses, attendance]


def _full_ids(db) -> dict:
    with db.engine.connect() as conn:
        return {(n, idnumber.mask(i)): i for n, i in conn.execute(select(Teacher.name, Teacher.id_number))}


# ---------------------------------------------------------------- statistics for the report catalogue


def mentoring_stats(db, params=None) -> ReportTable | Report:
    """Per programme: pairs, in progress, completed, ended early, evaluations, activities; with --year or a
    period the pairings begun in it (结对开始时间).

    Counted by the database in one grouped statement (a city has thousands of pairings: loading them all to
    count them in Python cost more than the query, most of all on a server); newest programme first, pairings
    outside any programme last."""
    acts = (
        select(PairingActivity.pairing_id.label("pid"), func.count().label("n"))
        .group_by(PairingActivity.pairing_id)
        .subquery()
    )
    name = func.coalesce(MentorProgramme.name, "（未归入项目）")

    def counted(condition):
        return func.sum(case((condition, 1), else_=0))

    stmt = (
        select(
            name,
            func.count(),
            counted(Pairing.status == "进行中"),
            counted(Pairing.status == "期满"),
            counted(Pairing.status == "提前终止"),
            counted(Pairing.mentee_eval == "优秀"),
            counted(Pairing.mentee_eval == "不合格"),
            cast(func.coalesce(func.sum(acts.c.n), 0), Integer),
        )
        .select_from(Pairing)
        .outerjoin(MentorProgramme, MentorProgramme.id == Pairing.programme_id)
        .outerjoin(acts, acts.c.pid == Pairing.id)
        .group_by(name)
        .order_by(func.max(MentorProgramme.year).desc().nulls_last(), name)
    )
    span = spans.whole(params) if params is not None else None
    if span is not None:
        stmt = stmt.where(spans.sql_within(Pairing.start, *span))
    with db.engine.connect() as conn:
        out = [(r[0], *(int(v or 0) for v in r[1:])) for r in conn.execute(stmt)]
    out.append(("合计", *(sum(r[i] for r in out) for i in range(1, 8))))
    table = ReportTable(
        spans.title("师徒结对情况统计", params) if span else "师徒结对情况统计",
        ("结对项目", "结对数", "进行中", "期满", "提前终止", "青年教师考核优秀", "青年教师考核不合格", "结对活动次数"),
        out,
        (24, 8, 8, 8, 10, 14, 16, 12),
        emphasis=frozenset({len(out) - 1}),
    )
    if span is None:
        return table
    from talentdesk.reports.catalogue import Report

    return Report(
        title=table.title, parts=[table], notes=[spans.note(params, "结对开始时间")], period_label=spans.label(params)
    )


def training_stats(db, params=None):
    """Per school, the training cycle that contains --year (default: this year's cycle), in the scope (teachers
    by the school they work at, as the hours list counts them), with the scope's total last; with a period the
    person-times and hours of the courses begun in it (training_period)."""
    from talentdesk.reports.params import Scope, total_label

    if params is not None and params.period is not None:
        return training_period(db, params)
    today = getattr(params, "today", None) or dt.date.today()
    year = getattr(params, "year", None)
    scope = getattr(params, "scope", None) or Scope()
    with db.sessions() as s:
        ids = scope.school_ids(s)
        total = total_label(s, scope)
    first, last = training.current_cycle(db, dt.date(year, 1, 1) if year else today)
    teachers = training.hours_rows(db, first, today, school_ids=ids)
    summary = training.school_summary(teachers)
    rows: list[tuple] = list(summary)
    n, behind, done = (
        sum(r.teachers for r in summary),
        sum(r.behind for r in summary),
        sum(r.complete for r in summary),
    )
    hours = sum(float(t.hours or 0) for t in teachers)  # the schools' averages are rounded: the total's from the hours
    rows.append(
        training.SchoolHoursRow(
            total, "", n, behind, done, round(hours / n, 1) if n else 0.0, f"{behind / n:.0%}" if n else ""
        )
    )
    return ReportTable(
        f"教师培训学时统计（{first}—{last} 周期）",
        training.SCHOOL_HEADERS,
        rows,
        (24, 12, 10, 10, 10, 10, 10),
        emphasis=frozenset({len(rows) - 1}),
        note=("进度落后：本周期学时低于按进度应达学时；教师按任教学校（未填按编制学校）归入学校和统计范围"),
    )


def _leader_split(session, inside, school_ids, on: dt.date) -> list[tuple]:
    """The period's training of school leaders, 中层 and the other teachers (reports.leaders.training_split)."""
    from talentdesk.reports import leaders

    stmt = (
        select(TrainingRecord.teacher_id, func.count(), func.coalesce(func.sum(TrainingRecord.hours), 0))
        .join(TrainingCourse, TrainingCourse.id == TrainingRecord.course_id)
        .where(inside)
        .group_by(TrainingRecord.teacher_id)
    )
    if school_ids is not None:
        stmt = stmt.join(Teacher, Teacher.id == TrainingRecord.teacher_id).where(
            Teacher.cur_post_school_id.in_(school_ids)
        )
    trained = {tid: (n, float(h or 0)) for tid, n, h in session.execute(stmt)}
    return leaders.training_split(session, trained, on)


def training_period(db, params):
    """培训人次 and 学时 by level (国培…校本, as the annual statistics count them) × year of the period and 合计,
    and per school (post school) the people trained, person-times and hours over the whole period."""
    from talentdesk.reports.annual import TRAINING_LEVELS, training_level
    from talentdesk.reports.catalogue import Report
    from talentdesk.reports.events import raw, within, ym

    columns = spans.columns(params)
    start, end = spans.bounds(params)
    inside = spans.sql_within(TrainingCourse.start, start, end)
    d = func.substr(raw(TrainingCourse.start), 1, 7)
    by_level = (
        select(TrainingCourse.level, d, func.count(), func.coalesce(func.sum(TrainingRecord.hours), 0))
        .join(TrainingRecord, TrainingRecord.course_id == TrainingCourse.id)
        .where(inside)
        .group_by(TrainingCourse.level, d)
    )
    by_school = (
        select(
            Teacher.cur_post_school_id,
            func.count(func.distinct(TrainingRecord.teacher_id)),
            func.count(),
            func.coalesce(func.sum(TrainingRecord.hours), 0),
        )
        .join(TrainingRecord, TrainingRecord.teacher_id == Teacher.id)
        .join(TrainingCourse, TrainingCourse.id == TrainingRecord.course_id)
        .where(inside)
        .group_by(Teacher.cur_post_school_id)
    )
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        if ids is not None:
            by_level = by_level.join(Teacher, Teacher.id == TrainingRecord.teacher_id).where(
                Teacher.cur_post_school_id.in_(ids)
            )
            by_school = by_school.where(Teacher.cur_post_school_id.in_(ids))
        levels = s.execute(by_level).all()
        schools = s.execute(by_school).all()
        last = dt.date(end[0] + (end[1] == 12), end[1] % 12 + 1, 1) - dt.timedelta(days=1)
        split = _leader_split(s, inside, ids, min(last, params.today))
        names = {sid: (n, t) for sid, n, t in s.execute(select(School.id, School.name, School.township))}
        from talentdesk.reports.params import total_label

        total = total_label(s, params.scope)
    kinds = (*TRAINING_LEVELS, "其他")
    times = {k: [0] * len(columns) for k in kinds}
    hours = {k: [0.0] * len(columns) for k in kinds}
    for level, date, n, h in levels:
        lv = training_level(level or "", params.rules)
        lv = lv if lv in times else "其他"
        for i, (_, a, b) in enumerate(columns):
            if within(ym(date), a, b):
                times[lv][i] += n
                hours[lv][i] += float(h or 0)
    labels = [c[0] for c in columns]

    def level_rows(values, rounding):
        rows = [(k, *(rounding(v) for v in values[k])) for k in kinds if k != "其他" or any(values[k])]
        rows.append(("合计", *(rounding(sum(values[k][i] for k in kinds)) for i in range(len(columns)))))
        return rows

    widths = (12,) + (10,) * len(labels)
    first = level_rows(times, int)
    second = level_rows(hours, lambda v: round(v, 1))
    t_times = ReportTable("培训人次（按级别）", ("级别", *labels), first, widths, emphasis=frozenset({len(first) - 1}))
    t_hours = ReportTable(
        "培训学时（按级别）", ("级别", *labels), second, widths, emphasis=frozenset({len(second) - 1})
    )
    school_rows = sorted(
        (
            (
                names.get(sid, ("（无编制学校）", ""))[0],
                names.get(sid, ("", ""))[1] or "",
                people,
                n,
                round(float(h or 0), 1),
                round(float(h or 0) / people, 1) if people else 0,
            )
            for sid, people, n, h in schools
        ),
        key=lambda r: (r[1], r[0]),
    )
    people = sum(r[2] for r in school_rows)
    school_rows.append(
        (
            total,
            "",
            people,
            sum(r[3] for r in school_rows),
            round(sum(r[4] for r in school_rows), 1),
            round(sum(r[4] for r in school_rows) / people, 1) if people else 0,
        )
    )
    t_school = ReportTable(
        "各学校参训情况（期间合计）",
        ("学校", "乡镇", "参训人数", "培训人次", "培训学时", "人均学时"),
        school_rows,
        (24, 12, 10, 10, 10, 10),
        emphasis=frozenset({len(school_rows) - 1}),
    )
    t_split = ReportTable(
        "学校领导与教师参训情况（期间合计）",
        ("人员", "参训人数", "培训人次", "培训学时", "人均学时"),
        split,
        (14, 10, 10, 10, 10),
        emphasis=frozenset({len(split) - 1}),
        note="按期末（不晚于今天）担任的职务分：校级领导（书记、校长、副书记、副校长、校长助理）、中层、其他教师",
    )
    notes = [
        spans.note(params, "培训项目开始时间"),
        (
            "级别：国培、省培、市培、县培、校本与年度人才工作统计相同（区培按设置中的“区级”归属）；"
            "各学校按教师当前编制学校统计，一人参加几次培训计几人次、参训人数只计一次。"
        ),
    ]
    return Report(
        title=spans.title("教师培训人次与学时统计", params),
        parts=[t_times, t_hours, t_school, t_split],
        notes=notes,
        period_label=spans.label(params),
        summary={
            "columns": labels,
            "times": {r[0]: list(r[1:]) for r in first},
            "hours": {r[0]: list(r[1:]) for r in second},
        },
    )


def cycle_label(db, year: int) -> str:
    from talentdesk.services.platform import settings

    a, b = cycle_of(year, settings.load_policy(db))
    return f"{a}—{b}"


# ---------------------------------------------------------------- exports (CLI `export studios|training`, the pages)

EXPORT_KINDS = ("studios", "training")


def export(db, kind: str, path, *, full: bool = False, cycle: int | None = None) -> list[ReportTable]:
    """Write the studio or training lists to an .xlsx file as the signed-in user may: printing needs the
    print right; ID numbers masked unless full (管理员 only, recorded in the audit trail); the file names
    the signed-in user as exporter."""
    from talentdesk.reports.xlsx import write_tables
    from talentdesk.services.accounts import access

    who, full = access.output_rights(db, full)
    tables = studio_tables(db, mask=not full) if kind == "studios" else training_tables(db, cycle, mask=not full)
    out = write_tables(tables, path, exporter=who.user)
    if full:
        access.record_disclosure(
            db, table=kind, what=f"导出{tables[0].title}等 {sum(len(t.rows) for t in tables)} 行", path=out
        )
    return tables
