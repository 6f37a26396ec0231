"""Demo 调配方案 (issue 22 §2): a village primary school shrinks (生源减少: a third of its classes this school year)
and the current school year's plan, approved with a 文号 on 25 August, moves its surplus teachers to the schools
that lack them (the optimal plan of domain.redeploy restricted to that school's teachers; the posts move as an
approved plan moves them, reason 调配). Next school year's plan is proposed over the whole county and left for the
clerk (编制方案), so the plan list, the gaps before and after and the moves by reason all show something.

Runs after the generated rows are written (it reads the subject gaps from the database, in the build's session);
the first county only in a city build. Deterministic: no random choices.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from talentdesk.domain import codes
from talentdesk.domain import redeploy as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.errors import UserError, ValidationError
from talentdesk.services.demo.context import Context
from talentdesk.services.people.posts import move_post, teach_from
from talentdesk.services.people.redeploy_facts import lines, teachers
from talentdesk.store import current
from talentdesk.store.models import School, SchoolYearStat, Teacher
from talentdesk.store.models_deployment import RedeployMove, RedeployPlan

SHRINK_NOTE = "生源减少，{year}学年起班级数缩减为原来的三分之一，富余教师按调配方案调出"
DOC = "{short}教人〔{year}〕{n}号"


def _shrinking_school(session, ids: set[int]) -> School | None:
    """The village primary school with the most serving teachers in a township that has other schools."""
    town_sizes = dict(
        session.execute(select(School.township, func.count()).where(School.id.in_(ids)).group_by(School.township)).all()
    )
    best = None
    for school, n in session.execute(
        select(School, func.count(Teacher.id))
        .join(Teacher, Teacher.cur_post_school_id == School.id)
        .where(School.id.in_(ids), School.kind == "小学", School.area == "乡村", Teacher.status == codes.ACTIVE_STATUS)
        .group_by(School.id)
    ):
        if town_sizes.get(school.township, 0) < 2:
            continue
        if best is None or (n, school.name) > best[0]:
            best = ((n, school.name), school)
    return best[1] if best else None


def _store(session, plan: RedeployPlan, moves: list[rules.Move]) -> list[RedeployMove]:
    out = []
    for mv in moves:
        row = RedeployMove(
            plan_id=plan.id,
            teacher_id=mv.teacher_id,
            from_school_id=mv.from_school_id,
            to_school_id=mv.to_school_id,
            stage=mv.stage,
            subject=mv.subject,
            reason=mv.reason,
            cost=mv.cost,
            source="方案",
            status="拟调配",
        )
        session.add(row)
        out.append(row)
    session.flush()
    return out


def build(session, ctx: Context, db, county_name: str | None) -> dict[str, int]:
    policy = ctx.policy
    year = ctx.school_year
    stmt = select(School.id)
    if county_name is not None:
        stmt = stmt.where(School.county == county_name)
    ids = set(session.scalars(stmt))
    school = _shrinking_school(session, ids)
    if school is None:
        return {"redeploy_moves": 0}
    for stat in session.scalars(
        select(SchoolYearStat).where(SchoolYearStat.school_id == school.id, SchoolYearStat.school_year == year)
    ):
        stat.classes = max(1, (stat.classes or 3) // 3)
        stat.students = (stat.students or 0) // 3
    school.note = SHRINK_NOTE.format(year=year)
    session.flush()
    w = rules.Weights.of(policy)

    # this school year: the shrinking school's surplus, approved with a 文号
    gap_lines = lines(db, year, policy, ids, session=session)
    staff = teachers(session, year, gap_lines, policy)
    day = PartialDate(year, 8, 25)
    movers = [m for m in staff.movers.values() if m.school_id == school.id]
    made = rules.plan(gap_lines, movers, w)
    short = (county_name or "演示县").removesuffix("县").removesuffix("市").removesuffix("区")
    doc = DOC.format(short=short, year=year, n=21)
    approved = RedeployPlan(
        school_year=year,
        name=f"{year}学年教师调配方案",
        status="已审批",
        doc_number=doc,
        approved_on=day,
        note=f"{school.name}缩减办学规模，富余教师调配",
        created_at=dt.datetime(year, 8, 20, 9, 0),
    )
    session.add(approved)
    session.flush()
    moved = []
    for row in _store(session, approved, made):
        t = session.get(Teacher, row.teacher_id)
        try:
            placement = move_post(session, t, row.to_school_id, day, note=f"调配（{doc}）", batch=doc)
        except (UserError, ValidationError):  # came to the school after 25 August: stays in the plan list only
            session.delete(row)
            continue
        teach_from(session, t, year, row.stage, row.subject)
        row.placement_id, row.status = placement.id, "已调配"
        moved.append(t.id)
    session.flush()
    current.refresh(session, moved, ctx.today)

    # next school year: the whole county, proposed and left for the clerk
    later = lines(db, year + 1, policy, ids, session=session)
    staff = teachers(session, year + 1, later, policy)
    draft = RedeployPlan(
        school_year=year + 1,
        name=f"{year + 1}学年教师调配方案",
        status="编制方案",
        created_at=dt.datetime.combine(ctx.ref, dt.time(9, 0)),
    )
    session.add(draft)
    session.flush()
    proposed = _store(session, draft, rules.plan(later, list(staff.movers.values()), w))
    return {"redeploy_moves": len(moved), "redeploy_proposed": len(proposed), "redeploy_school": school.id}
