"""School use cases: list, read, save (with the yearly figures), delete. Plain data in and out."""

from __future__ import annotations

from sqlalchemy import func, select

from talentdesk.domain import codes
from talentdesk.domain.collation import sort_key
from talentdesk.errors import NotFound, UserError, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.people import quota_book
from talentdesk.services.platform.child_rows import replace_rows
from talentdesk.services.platform.records import upsert
from talentdesk.store.models import Placement, PostRecord, School, SchoolYearStat, Teacher
from talentdesk.store.models_staffing import QuotaDecision
from talentdesk.store.uow import UnitOfWork

COLUMNS = ("id", "name", "code", "township", "area", "kind", "teachers", "students", "students_year")
FIELDS = ("name", "code", "township", "area", "kind", "address", "note")
STAT_FIELDS = ("school_year", "stage", "students", "classes", "quota")


def list_rows(db) -> list[tuple]:
    """One tuple per school (COLUMNS): teachers counted by post school (编制), students of the latest year."""
    t, st, sc = Teacher.__table__.c, SchoolYearStat.__table__.c, School.__table__.c
    teachers = (
        select(t.cur_post_school_id.label("sid"), func.count().label("n")).group_by(t.cur_post_school_id).subquery()
    )
    latest = select(st.school_id.label("sid"), func.max(st.school_year).label("y")).group_by(st.school_id).subquery()
    students = (
        select(st.school_id.label("sid"), st.school_year.label("y"), func.sum(st.students).label("n"))
        .join(latest, (latest.c.sid == st.school_id) & (latest.c.y == st.school_year))
        .group_by(st.school_id, st.school_year)
        .subquery()
    )
    stmt = (
        select(
            sc.id,
            sc.name,
            sc.code,
            sc.township,
            sc.area,
            sc.kind,
            func.coalesce(teachers.c.n, 0),
            students.c.n,
            students.c.y,
        )
        .outerjoin(teachers, teachers.c.sid == sc.id)
        .outerjoin(students, students.c.sid == sc.id)
        .order_by(sc.township.nulls_first(), sc.name)
    )  # NULL first on both back ends
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(stmt)]


def choices(db) -> list[tuple[int, str]]:
    """(id, name) of every school, by name — for school pickers."""
    with db.engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(select(School.id, School.name))]
    return sorted(rows, key=lambda r: sort_key(r[1]))  # pinyin order


def townships(db) -> list[str]:
    with db.engine.connect() as conn:
        return [
            r[0]
            for r in conn.execute(
                select(School.township).where(School.township.is_not(None)).distinct().order_by(School.township)
            )
        ]


def get(db, school_id: int) -> dict:
    with UnitOfWork(db) as uow:
        s = uow.session.get(School, school_id)
        if s is None:
            raise NotFound("找不到这所学校（可能已被删除）")
        return {
            "id": s.id,
            "version": s.version,
            **{f: getattr(s, f) for f in FIELDS},
            "stats": [{"id": x.id, "version": x.version, **{f: getattr(x, f) for f in STAT_FIELDS}} for x in s.stats],
        }


def _text(v):
    s = str(v).strip() if v is not None else ""
    return s or None


def clean(values: dict) -> dict:
    out = {f: _text(values.get(f)) for f in FIELDS}
    problems = {}
    if not out["name"]:
        problems["name"] = "学校名称不能为空"
    for f, cl in (("area", codes.AREA), ("kind", codes.SCHOOL_KIND)):
        if out[f]:
            label = cl.canonical(out[f])
            if label is None:
                problems[f] = f"“{out[f]}”不是有效的{cl.name}"
            out[f] = label
    if problems:
        raise ValidationError(problems)
    return out


def clean_stats(rows: list[dict]) -> list[dict]:
    """Yearly figures: school year (start year), stage, students, classes, 核定编制 — all checked."""
    out, problems, seen = [], {}, set()
    for i, row in enumerate(rows, 1):
        r = {"id": row.get("id")}
        for f in ("school_year", "students", "classes", "quota"):
            v = _text(row.get(f))
            if v is not None and f == "school_year":
                v = v.split("-")[0].replace("学年", "")
            try:
                r[f] = int(v) if v is not None else None
            except ValueError:
                problems[f"stats.{i}.{f}"] = f"第{i}行：“{v}”不是整数"
                r[f] = None
            if r[f] is not None and r[f] < 0:
                problems[f"stats.{i}.{f}"] = f"第{i}行：数字不能为负"
        stage = codes.STAGE.canonical(row.get("stage")) if _text(row.get("stage")) else None
        if stage is None:
            problems[f"stats.{i}.stage"] = f"第{i}行：请选择学段"
        r["stage"] = stage
        if r["school_year"] is None:
            problems.setdefault(f"stats.{i}.school_year", f"第{i}行：请填写学年（如 2025）")
        elif not 1950 <= r["school_year"] <= 2100:
            problems[f"stats.{i}.school_year"] = f"第{i}行：学年 {r['school_year']} 不合理"
        key = (r["school_year"], stage)
        if None not in key and key in seen:
            problems[f"stats.{i}.stage"] = f"第{i}行：{r['school_year']}学年{stage}重复"
        seen.add(key)
        out.append(r)
    if problems:
        raise ValidationError(problems)
    return out


def save(
    db,
    school_id: int | None,
    values: dict,
    stats: list[dict] | None = None,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> int:
    """Create or update a school (and its yearly figures when given). VERSION and BASE: what the form loaded
    (get()); a change saved by someone else meanwhile is merged or raises EditConflict (services.platform.records)."""
    access.require(db, "edit")
    data = clean(values)
    rows = clean_stats(stats) if stats is not None else None
    with UnitOfWork(db) as uow:
        s = uow.session
        problems = {}
        for f, label in (("name", "学校名称"), ("code", "学校标识码")):
            if data[f]:
                other = s.scalar(select(School.id).where(getattr(School, f) == data[f]))
                if other is not None and other != school_id:
                    problems[f] = f"已有学校使用这个{label}"
        if problems:
            raise ValidationError(problems)
        school = upsert(
            s,
            School,
            school_id,
            data,
            "找不到这所学校（可能已被删除）",
            expected_version=version,
            base=base,
            merge=merge,
            resolved=resolved,
        )
        if rows is not None:  # figures another clerk changed meanwhile are merged per row (with BASE)
            before = {
                (st.school_year, st.stage): st.quota
                for st in s.scalars(select(SchoolYearStat).where(SchoolYearStat.school_id == school.id))
            }
            replace_rows(
                s,
                SchoolYearStat,
                ("school_id", school.id),
                [{"id": r.get("id"), **{f: r[f] for f in STAT_FIELDS}} for r in rows],
                base.get("stats") if base is not None and version is not None else None,
                merge=merge,
                resolved=resolved,
                missing="找不到这条学校年度数据（可能已被删除）",
            )
            s.flush()
            # the 编制台账 is the source of 核定编制: a figure typed here is recorded as a 核定 decision
            changed = {
                (r["school_year"], r["stage"]): r["quota"]
                for r in rows
                if r["quota"] is not None and before.get((r["school_year"], r["stage"])) != r["quota"]
            }
            if changed:
                quota_book.record_stat_quotas(s, school.id, changed)
            s.expire(school, ["stats"])
        s.flush()
        uow.commit()
        return school.id


def delete(db, school_id: int) -> None:
    """Delete a school that no teacher record refers to."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        school = s.get(School, school_id)
        if school is None:
            raise NotFound("找不到这所学校（可能已被删除）")
        used = s.scalar(
            select(func.count()).select_from(PostRecord).where(PostRecord.school_id == school_id)
        ) + s.scalar(
            select(func.count())
            .select_from(Placement)
            .where((Placement.to_school_id == school_id) | (Placement.from_school_id == school_id))
        )
        if used:
            raise UserError(f"“{school.name}”还有 {used} 条教师编制或工作安排记录，不能删除")
        decided = s.scalar(
            select(func.count())
            .select_from(QuotaDecision)
            .where((QuotaDecision.school_id == school_id) | (QuotaDecision.to_school_id == school_id))
        )
        if decided:
            raise UserError(f"“{school.name}”在编制台账中有 {decided} 条编制决定，不能删除")
        from talentdesk.store.models_research import ResearchProject  # issue 21 §5

        projects = s.scalar(
            select(func.count()).select_from(ResearchProject).where(ResearchProject.school_id == school_id)
        )
        if projects:
            raise UserError(f"“{school.name}”登记有 {projects} 项课题，不能删除")
        s.delete(school)
        uow.commit()
