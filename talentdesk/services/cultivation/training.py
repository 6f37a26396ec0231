"""Training: courses at five levels, attendance with hours credited, each teacher's hours in a 5-year
cycle against Policy.training_hours_per_cycle, the teachers behind by school, a teacher's record."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import NamedTuple

from sqlalchemy import func, select

from talentdesk.domain import idnumber
from talentdesk.domain.collation import sort_key
from talentdesk.domain.cultivation import (
    COURSE_FORM,
    COURSE_FORMS,
    COURSE_LEVEL,
    COURSE_LEVELS,
    TRAINING_RESULT,
    TRAINING_RESULTS,
    cycle_of,
    cycle_share,
    standing,
)
from talentdesk.domain.dates import PartialDate
from talentdesk.domain.deployment import period_start
from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.cultivation.persons import choice, date, number, text
from talentdesk.services.platform import settings
from talentdesk.services.platform.child_rows import replace_rows
from talentdesk.services.platform.records import upsert
from talentdesk.store.models import PostRecord, School, Teacher
from talentdesk.store.models_cultivation import TrainingCourse, TrainingRecord
from talentdesk.store.uow import UnitOfWork

COURSE_FIELDS = ("name", "level", "organiser", "start", "end", "hours", "credits", "form", "note")


class CourseRow(NamedTuple):
    """A course as the 培训项目 list shows it: dates and numbers as text."""

    id: int
    name: str
    level: str
    organiser: str
    start: str
    end: str
    hours: str
    credits: str
    form: str
    people: int  # attendance records
    hours_total: str  # credited hours summed


COURSE_COLUMNS = CourseRow._fields
COURSE_HEADERS = ("培训名称", "级别", "主办单位", "开始", "结束", "学时", "学分", "形式", "参训人数", "认定学时合计")
RECORD_FIELDS = ("teacher_id", "hours", "result", "note")


def _iso(d) -> str:
    return d.iso() if d else ""


def _num(x) -> str:
    if x is None:
        return ""
    return f"{x:g}"


# ---------------------------------------------------------------- courses


def list_courses(db, year: int | None = None) -> list[CourseRow]:
    r = TrainingRecord.__table__.c
    att = (
        select(r.course_id.label("cid"), func.count().label("n"), func.sum(r.hours).label("h"))
        .group_by(r.course_id)
        .subquery()
    )
    c = TrainingCourse
    stmt = (
        select(
            c.id,
            c.name,
            c.level,
            c.organiser,
            c.start,
            c.end,
            c.hours,
            c.credits,
            c.form,
            func.coalesce(att.c.n, 0),
            func.coalesce(att.c.h, 0),
        )
        .outerjoin(att, att.c.cid == c.id)
        .order_by(c.start.desc(), c.id.desc())
    )
    if year is not None:
        stmt = stmt.where(c.start >= PartialDate(year), c.start < PartialDate(year + 1))
    with UnitOfWork(db) as uow:
        return [
            CourseRow(i, n, lv, org or "", _iso(s), _iso(e), _num(h), _num(cr), f or "", k, _num(round(t, 1)))
            for i, n, lv, org, s, e, h, cr, f, k, t in uow.session.execute(stmt)
        ]


def clean_course(values: dict) -> dict:
    problems: dict[str, str] = {}
    out = {
        "name": text(values.get("name")),
        "organiser": text(values.get("organiser")),
        "note": text(values.get("note")),
    }
    if not out["name"]:
        problems["name"] = "培训名称不能为空"
    level, form = text(values.get("level")), text(values.get("form"))
    out["level"] = choice(
        "level", COURSE_LEVEL.canonical(level) or level, COURSE_LEVELS, problems, required=True, label="级别"
    )
    out["form"] = choice("form", COURSE_FORM.canonical(form) or form, COURSE_FORMS, problems, label="形式")
    out["start"] = date("start", values.get("start"), problems)
    out["end"] = date("end", values.get("end"), problems)
    if out["start"] is None and "start" not in problems:
        problems["start"] = "请填写培训开始时间（学时按开始时间计入培训周期）"
    if out["start"] and out["end"] and out["end"] < out["start"]:
        problems["end"] = "结束时间早于开始时间"
    out["hours"] = number("hours", values.get("hours"), problems)
    out["credits"] = number("credits", values.get("credits"), problems)
    if out["hours"] is None and out["credits"] is None and "hours" not in problems:
        problems["hours"] = "请填写学时或学分"
    if problems:
        raise ValidationError(problems)
    return out


def get_course(db, course_id: int) -> dict:
    with UnitOfWork(db) as uow:
        s = uow.session
        c = s.get(TrainingCourse, course_id)
        if c is None:
            raise NotFound("找不到这个培训项目（可能已被删除）")
        return {
            "id": c.id,
            "version": c.version,
            **{f: getattr(c, f) for f in COURSE_FIELDS},
            "records": _records(s, course_id),
        }


def _records(s, course_id: int) -> list[dict]:
    sc = School.__table__.c
    stmt = (
        select(TrainingRecord, Teacher.name, Teacher.id_number, sc.name)
        .join(Teacher, Teacher.id == TrainingRecord.teacher_id)
        .outerjoin(School.__table__, sc.id == func.coalesce(Teacher.cur_work_school_id, Teacher.cur_post_school_id))
        .where(TrainingRecord.course_id == course_id)
    )
    rows = sorted(s.execute(stmt), key=lambda x: (x[3] is not None, sort_key(x[3]), sort_key(x[1]), x[0].id))
    return [
        {
            "id": r.id,
            "version": r.version,
            **{f: getattr(r, f) for f in RECORD_FIELDS},
            "name": n,
            "id_masked": idnumber.mask(num),
            "school": school or "",
        }
        for r, n, num, school in rows
    ]


def save_course(
    db,
    course_id: int | None,
    values: dict,
    records: list[dict] | None = None,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> int:
    """Create or update a course and (when given) replace its attendance list. VERSION and BASE: what the form
    loaded (get_course, with its "records"): others' changes meanwhile are merged or asked (platform.records)."""
    access.require(db, "edit")
    v = clean_course(values)
    recs = _clean_records(records, v) if records is not None else None
    with UnitOfWork(db) as uow:
        s = uow.session
        dup = s.scalar(
            select(TrainingCourse.id).where(TrainingCourse.name == v["name"], TrainingCourse.start == v["start"])
        )
        if dup and dup != course_id:
            raise ValidationError({"name": f"{v['start'].chinese()}开始的“{v['name']}”已登记过"})
        c = upsert(
            s,
            TrainingCourse,
            course_id,
            v,
            "找不到这个培训项目（可能已被删除）",
            expected_version=version,
            base=base,
            merge=merge,
            resolved=resolved,
        )
        if recs is not None:
            replace_rows(
                s,
                TrainingRecord,
                ("course_id", c.id),
                recs,
                (base or {}).get("records") if version is not None else None,
                merge=merge,
                resolved=resolved,
                missing="找不到这条参训记录（可能已被删除）",
            )
        uow.commit()
        return c.id


def _clean_records(rows: list[dict], course: dict) -> list[dict]:
    problems, out, seen = {}, [], set()
    for i, r in enumerate(rows, 1):
        p: dict[str, str] = {}
        tid = r.get("teacher_id")
        if not tid:
            p["teacher_id"] = "请选择教师"
        elif tid in seen:
            p["teacher_id"] = f"{r.get('name') or ''}重复登记"
        seen.add(tid)
        hours = number("hours", r.get("hours"), p)
        if hours is None and "hours" not in p:
            hours = course["hours"] or 0.0
        res = text(r.get("result")) or "合格"
        result = choice("result", TRAINING_RESULT.canonical(res) or res, TRAINING_RESULTS, p, label="结果")
        if result in ("不合格", "未完成") and hours:
            p["hours"] = f"结果为“{result}”时不应认定学时（填 0）"
        if p:
            problems[f"record{i}"] = f"第{i}行（{r.get('name') or ''}）：" + "；".join(p.values())
        out.append(
            {"id": r.get("id"), "teacher_id": tid, "hours": hours, "result": result, "note": text(r.get("note"))}
        )
    if problems:
        raise ValidationError(problems)
    return out


def delete_course(db, course_id: int) -> int:
    """Delete a course with its attendance; returns how many attendance rows went with it."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        c = s.get(TrainingCourse, course_id)
        if c is None:
            return 0
        n = 0
        for r in s.scalars(select(TrainingRecord).where(TrainingRecord.course_id == course_id)):
            s.delete(r)
            n += 1
        s.delete(c)
        uow.commit()
        return n


# ---------------------------------------------------------------- hours per cycle


class HoursRow(NamedTuple):
    """A serving teacher's credited hours in a cycle (numbers as text, as shown and exported)."""

    id: int
    name: str
    id_masked: str
    school: str
    township: str
    stage: str
    subject: str
    hours: str
    expected: str  # pro rata by today
    required: str  # the cycle's requirement
    standing: str  # 已达标 / 进度正常 / 进度落后
    courses: int


HOURS_COLUMNS = HoursRow._fields
HOURS_HEADERS = (
    "姓名",
    "身份证号",
    "学校",
    "乡镇",
    "学段",
    "学科",
    "本周期学时",
    "按进度应达",
    "周期要求",
    "状态",
    "培训次数",
)


def current_cycle(db, today: dt.date | None = None) -> tuple[int, int]:
    return cycle_of((today or dt.date.today()).year, settings.load_policy(db))


def hours_rows(
    db,
    cycle_start: int | None = None,
    today: dt.date | None = None,
    *,
    only_behind: bool = False,
    school_id: int | None = None,
    school_ids: set[int] | None = None,
) -> list[HoursRow]:
    """Every serving teacher's credited hours in the cycle (HOURS_COLUMNS), by school and name. A teacher
    belongs to the school they work at (任教学校; 编制学校 when none): SCHOOL_ID or SCHOOL_IDS (a report's
    scope) keep those schools' teachers."""
    today = today or dt.date.today()
    pol = settings.load_policy(db)
    first, last = cycle_of(cycle_start or today.year, pol)
    r, c = TrainingRecord.__table__.c, TrainingCourse.__table__.c
    hours = (
        select(r.teacher_id.label("tid"), func.sum(r.hours).label("h"), func.count().label("n"))
        .join(TrainingCourse.__table__, c.id == r.course_id)
        .where(c.start >= str(first), c.start < str(last + 1))
        .group_by(r.teacher_id)
        .subquery()
    )
    t, sc = Teacher.__table__.c, School.__table__.c
    school = func.coalesce(t.cur_work_school_id, t.cur_post_school_id)
    joined = (
        select(PostRecord.teacher_id.label("tid"), func.min(PostRecord.start).label("first"))
        .group_by(PostRecord.teacher_id)
        .subquery()
    )
    stmt = (
        select(
            t.id,
            t.name,
            t.id_number,
            sc.name,
            sc.township,
            t.cur_stage,
            t.cur_subject,
            func.coalesce(hours.c.h, 0),
            func.coalesce(hours.c.n, 0),
            joined.c.first,
            t.work_start,
        )
        .select_from(Teacher.__table__)
        .outerjoin(School.__table__, sc.id == school)
        .outerjoin(hours, hours.c.tid == t.id)
        .outerjoin(joined, joined.c.tid == t.id)
        .where(t.status == "在岗")
        .order_by(sc.township.nulls_first(), sc.name.nulls_first(), t.name, t.id)
    )  # namesakes: one order everywhere
    if school_id is not None:
        stmt = stmt.where(school == school_id)
    if school_ids is not None:
        stmt = stmt.where(school.in_(sorted(school_ids)))
    out = []
    with db.engine.connect() as conn:
        for tid, name, num, sname, town, stage, subject, h, n, post_first, work_start in conn.execute(stmt):
            share = cycle_share(period_start(post_first or work_start), first, pol)
            if share is None:  # joined after the cycle (or within it, when joiners are not counted)
                continue
            st = standing(float(h), first, today, pol, share)
            if only_behind and not st.behind:
                continue
            out.append(
                HoursRow(
                    tid,
                    name,
                    idnumber.mask(num),
                    sname or "",
                    town or "",
                    stage or "",
                    subject or "",
                    _num(st.hours),
                    _num(st.expected),
                    _num(st.required),
                    st.label,
                    n,
                )
            )
    # township, school, name in pinyin order (no township/school first); namesakes by id: one order everywhere
    out.sort(
        key=lambda x: (
            x.township != "",
            sort_key(x.township),
            x.school != "",
            sort_key(x.school),
            sort_key(x.name),
            x.id,
        )
    )
    return out


class SchoolHoursRow(NamedTuple):
    """A school's teachers in the cycle: how many are behind, how many have met it, the average hours."""

    school: str
    township: str
    teachers: int
    behind: int
    complete: int
    average: float
    share_behind: str  # e.g. 12%


SCHOOL_COLUMNS = SchoolHoursRow._fields
SCHOOL_HEADERS = ("学校", "乡镇", "在岗教师", "进度落后", "已达标", "人均学时", "落后比例")


def behind_by_school(
    db, cycle_start: int | None = None, today: dt.date | None = None, school_ids: set[int] | None = None
) -> list[SchoolHoursRow]:
    """Per school: teachers, how many are behind the pro-rata hours, how many have met the cycle, average.
    SCHOOL_IDS: only these schools (a report's scope; teachers by 任教学校 as in hours_rows)."""
    return school_summary(hours_rows(db, cycle_start, today, school_ids=school_ids))


def school_summary(rows: list[HoursRow]) -> list[SchoolHoursRow]:
    """hours_rows summed per school (SCHOOL_COLUMNS), the schools with the largest share behind first."""
    agg: dict[tuple, list] = defaultdict(lambda: [0, 0, 0, 0.0])
    for r in rows:
        a = agg[(r.school, r.township)]
        a[0] += 1
        a[1] += r.standing == "进度落后"
        a[2] += r.standing == "已达标"
        a[3] += float(r.hours or 0)
    out = [
        SchoolHoursRow(school or "（无学校）", town, n, b, c, round(h / n, 1), f"{b / n:.0%}")
        for (school, town), (n, b, c, h) in agg.items()
    ]
    out.sort(key=lambda x: (-x.behind / max(x.teachers, 1), x.school))
    return out


# ---------------------------------------------------------------- a teacher's record (培训学时登记表)


def teacher_record(
    db, teacher_id: int, cycle_start: int | None = None, today: dt.date | None = None, *, full: bool | None = None
) -> dict:
    """A teacher's courses and hours in the cycle. The ID number is full only for roles that may reveal it
    (full=None: by role; full=False: masked)."""
    reveal = access.may_reveal(db) and full is not False
    today = today or dt.date.today()
    pol = settings.load_policy(db)
    first, last = cycle_of(cycle_start or today.year, pol)
    with UnitOfWork(db) as uow:
        s = uow.session
        t = s.get(Teacher, teacher_id)
        if t is None:
            raise NotFound("找不到这名教师（可能已被删除）")
        school = (
            s.get(School, t.cur_work_school_id or t.cur_post_school_id)
            if (t.cur_work_school_id or t.cur_post_school_id)
            else None
        )
        rows = s.execute(
            select(TrainingCourse, TrainingRecord)
            .join(TrainingRecord, TrainingRecord.course_id == TrainingCourse.id)
            .where(TrainingRecord.teacher_id == teacher_id)
            .order_by(TrainingCourse.start, TrainingCourse.id)
        ).all()
        courses = []
        total = 0.0
        for c, r in rows:
            in_cycle = c.start is not None and first <= c.start.year <= last
            if in_cycle:
                total += r.hours or 0
            courses.append(
                {
                    "name": c.name,
                    "level": c.level,
                    "organiser": c.organiser or "",
                    "start": c.start,
                    "end": c.end,
                    "form": c.form or "",
                    "hours": r.hours,
                    "credits": c.credits,
                    "result": r.result or "",
                    "in_cycle": in_cycle,
                }
            )
        starts = [p.start for p in t.posts if p.start is not None]
        share = cycle_share(period_start(min(starts) if starts else t.work_start), first, pol)
        st = standing(total, first, today, pol, share if share is not None else 1.0)
        label = st.label if share is not None else "不计入本周期（周期结束后或周期内入职）"
        return {
            "teacher_id": t.id,
            "name": t.name,
            "gender": t.gender or "",
            "id_number": t.id_number if reveal else idnumber.mask(t.id_number),
            "birth": t.birth_date,
            "school": school.name if school else "",
            "subject": t.cur_subject or "",
            "stage": t.cur_stage or "",
            "title": t.cur_title or "",
            "work_start": t.work_start,
            "cycle": (first, last),
            "courses": courses,
            "hours": st.hours,
            "expected": st.expected,
            "required": st.required,
            "standing": label,
            "today": today,
        }


def cycles_with_data(db) -> list[int]:
    """First years of the cycles that have courses (and the current one), newest first."""
    pol = settings.load_policy(db)
    with db.engine.connect() as conn:
        years = {s.year for (s,) in conn.execute(select(TrainingCourse.__table__.c.start).distinct()) if s}
    years.add(dt.date.today().year)
    return sorted({cycle_of(y, pol)[0] for y in years}, reverse=True)


def year_of(d: PartialDate | None) -> int | None:
    return d.year if d else None
