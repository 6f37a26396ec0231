"""个性化成长清单 (issue 21 §5): goals of a programme member (公开课, 论文, 课题, 获评骨干, 读书 …) with a due date,
the date done and the evidence; the status (未完成/已完成/逾期) is derived (domain.growth.goal_status).

Rules on saving: a kind and a description are given, the member exists; the same goal may be given to several
members at once (one row each) and several goals completed at once. Every change is audited (ORM session events;
a goal carries the teacher's id, so it shows in the teacher's 变更记录) and needs the edit right.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentdesk.domain import growth as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.cultivation.persons import date, text
from talentdesk.services.platform.records import upsert
from talentdesk.store.models import School, Teacher
from talentdesk.store.models_growth import GrowthGoal
from talentdesk.store.models_programmes import ProgrammeMember, TalentProgramme
from talentdesk.store.uow import UnitOfWork

FIELDS = ("kind", "description", "due", "done", "evidence")
LABELS = {"kind": "目标类型", "description": "目标内容", "due": "计划完成", "done": "完成日期", "evidence": "佐证"}
MISSING = "找不到这个成长目标（可能已被删除）"
NO_MEMBER = "找不到这名培养对象（可能已被删除，或项目尚未保存）"
GOAL_HEADERS = ("类型", "目标内容", "计划完成", "完成日期", "状态", "佐证")


def kind_names(session: Session) -> list[str]:
    used = session.scalars(select(GrowthGoal.kind).distinct())
    return [*rules.GOAL_KINDS, *sorted(k for k in set(used) if k not in rules.GOAL_KINDS)]


def _iso(d: PartialDate | None) -> str:
    return d.iso() if d else ""


def members(db, programme_id: int, today: dt.date | None = None) -> list[dict]:
    """The programme's members with their goal counts: id (member), teacher_id, name, school, goals, done, overdue."""
    today = today or dt.date.today()
    t, sc = Teacher.__table__.c, School.__table__.c
    with db.sessions() as s:
        if s.get(TalentProgramme, programme_id) is None:
            raise NotFound("找不到这个培养项目（可能已被删除）")
        rows = s.execute(
            select(ProgrammeMember.id, ProgrammeMember.teacher_id, t.name, sc.name, ProgrammeMember.result)
            .join(Teacher.__table__, t.id == ProgrammeMember.teacher_id)
            .outerjoin(School.__table__, sc.id == func.coalesce(t.cur_work_school_id, t.cur_post_school_id))
            .where(ProgrammeMember.programme_id == programme_id)
            .order_by(ProgrammeMember.id)
        ).all()
        goals: dict[int, list[str]] = {}
        for mid, due, done in s.execute(
            select(GrowthGoal.member_id, GrowthGoal.due, GrowthGoal.done)
            .join(ProgrammeMember, ProgrammeMember.id == GrowthGoal.member_id)
            .where(ProgrammeMember.programme_id == programme_id)
        ):
            goals.setdefault(mid, []).append(rules.goal_status(due, done, today))
    return [
        {
            "id": mid,
            "teacher_id": tid,
            "name": name,
            "school": school or "",
            "result": result,
            "goals": len(goals.get(mid, [])),
            "done": goals.get(mid, []).count(rules.DONE),
            "overdue": goals.get(mid, []).count(rules.OVERDUE),
        }
        for mid, tid, name, school, result in rows
    ]


def goals(db, member_id: int, today: dt.date | None = None) -> list[dict]:
    """The member's goals, by due date: id, version, FIELDS and status."""
    today = today or dt.date.today()
    with db.sessions() as s:
        return [
            {
                "id": g.id,
                "version": g.version,
                **{f: getattr(g, f) for f in FIELDS},
                "status": rules.goal_status(g.due, g.done, today),
            }
            for g in s.scalars(
                select(GrowthGoal).where(GrowthGoal.member_id == member_id).order_by(GrowthGoal.due, GrowthGoal.id)
            )
        ]


def clean(values: dict) -> dict:
    problems: dict[str, str] = {}
    out = {f: text(values.get(f)) for f in ("kind", "description", "evidence")}
    for f in ("due", "done"):
        out[f] = date(f, values.get(f), problems)
    problems.update({k: v for k, v in rules.check_goal(out["kind"], out["description"]).items()})
    if problems:
        raise ValidationError(problems)
    return out


def _member(s: Session, member_id: int) -> ProgrammeMember:
    m = s.get(ProgrammeMember, member_id)
    if m is None:
        raise NotFound(NO_MEMBER)
    return m


def save(db, goal_id: int | None, member_id: int, values: dict, *, version: int | None = None) -> int:
    """Create or update one goal of MEMBER_ID; the goal's id. VERSION: as loaded (a change meanwhile is refused)."""
    access.require(db, "edit")
    v = clean(values)
    with UnitOfWork(db) as uow:
        s = uow.session
        m = _member(s, member_id)
        g = upsert(
            s,
            GrowthGoal,
            goal_id,
            {**v, "member_id": m.id, "teacher_id": m.teacher_id},
            MISSING,
            expected_version=version,
        )
        uow.commit()
        return g.id


def add_to_members(db, member_ids: list[int], values: dict) -> int:
    """The same goal for several members at once (one row each); the number added."""
    access.require(db, "edit")
    v = clean(values)
    if not member_ids:
        raise ValidationError({"members": "请先选择培养对象（可多选）"})
    with UnitOfWork(db) as uow:
        s = uow.session
        n = 0
        for mid in dict.fromkeys(member_ids):
            m = _member(s, mid)
            s.add(GrowthGoal(**v, member_id=m.id, teacher_id=m.teacher_id))
            n += 1
        uow.commit()
    return n


def complete(db, goal_ids: list[int], done, evidence: str | None = None) -> int:
    """Mark goals done on DONE (evidence added where given); the number changed."""
    access.require(db, "edit")
    problems: dict[str, str] = {}
    when = date("done", done, problems)
    if when is None and not problems:
        problems["done"] = "请填写完成日期"
    if problems:
        raise ValidationError(problems)
    n = 0
    with UnitOfWork(db) as uow:
        s = uow.session
        for g in s.scalars(select(GrowthGoal).where(GrowthGoal.id.in_(goal_ids))):
            changed = False
            if g.done != when:
                g.done, changed = when, True
            if text(evidence) and g.evidence != text(evidence):
                g.evidence, changed = text(evidence), True
            n += changed
        uow.commit()
    return n


def delete(db, goal_ids: list[int]) -> int:
    access.require(db, "edit")
    n = 0
    with UnitOfWork(db) as uow:
        s = uow.session
        for g in s.scalars(select(GrowthGoal).where(GrowthGoal.id.in_(goal_ids))):
            s.delete(g)
            n += 1
        uow.commit()
    return n


def teacher_goals(db, teacher_id: int, today: dt.date | None = None) -> list[tuple[str, ...]]:
    """(programme, kind, description, due, done, status) of a teacher's goals."""
    today = today or dt.date.today()
    with db.sessions() as s:
        rows = s.execute(
            select(TalentProgramme.name, TalentProgramme.cohort, GrowthGoal)
            .join(ProgrammeMember, ProgrammeMember.programme_id == TalentProgramme.id)
            .join(GrowthGoal, GrowthGoal.member_id == ProgrammeMember.id)
            .where(GrowthGoal.teacher_id == teacher_id)
            .order_by(GrowthGoal.due)
        ).all()
        return [
            (
                f"{n}（{c}）" if c else n,
                g.kind,
                g.description,
                _iso(g.due),
                _iso(g.done),
                rules.goal_status(g.due, g.done, today),
            )
            for n, c, g in rows
        ]


class GoalRow(NamedTuple):
    """One goal in the register of every member's goals (the export)."""

    programme: str
    cohort: str
    teacher_id: int
    name: str
    school: str
    kind: str
    description: str
    due: str
    done: str
    status: str
    evidence: str


def register(db, programme_id: int | None = None, today: dt.date | None = None) -> list[GoalRow]:
    """Every goal of every programme (or of PROGRAMME_ID), by programme, member and due date."""
    today = today or dt.date.today()
    t, sc = Teacher.__table__.c, School.__table__.c
    query = (
        select(TalentProgramme.name, TalentProgramme.cohort, t.id, t.name, sc.name, GrowthGoal)
        .join(ProgrammeMember, ProgrammeMember.programme_id == TalentProgramme.id)
        .join(GrowthGoal, GrowthGoal.member_id == ProgrammeMember.id)
        .join(Teacher.__table__, t.id == ProgrammeMember.teacher_id)
        .outerjoin(School.__table__, sc.id == func.coalesce(t.cur_work_school_id, t.cur_post_school_id))
        .order_by(TalentProgramme.name, TalentProgramme.cohort, ProgrammeMember.id, GrowthGoal.due, GrowthGoal.id)
    )
    if programme_id is not None:
        query = query.where(TalentProgramme.id == programme_id)
    with db.sessions() as s:
        return [
            GoalRow(
                name_,
                cohort or "",
                tid,
                who,
                school or "",
                g.kind,
                g.description,
                _iso(g.due),
                _iso(g.done),
                rules.goal_status(g.due, g.done, today),
                g.evidence or "",
            )
            for name_, cohort, tid, who, school, g in s.execute(query)
        ]


# ---------------------------------------------------------------- the statistics


@dataclass(frozen=True)
class GoalFact:
    programme_id: int
    teacher_id: int
    school_id: int | None
    kind: str
    due: PartialDate | None
    done: PartialDate | None


def facts(session: Session, school_ids: set[int] | None = None) -> list[GoalFact]:
    t = Teacher.__table__.c
    rows = session.execute(
        select(
            ProgrammeMember.programme_id,
            GrowthGoal.teacher_id,
            func.coalesce(t.cur_work_school_id, t.cur_post_school_id),
            GrowthGoal.kind,
            GrowthGoal.due,
            GrowthGoal.done,
        )
        .join(ProgrammeMember, ProgrammeMember.id == GrowthGoal.member_id)
        .join(Teacher.__table__, t.id == GrowthGoal.teacher_id)
    ).all()
    return [GoalFact(*r) for r in rows if school_ids is None or r[2] in school_ids]
