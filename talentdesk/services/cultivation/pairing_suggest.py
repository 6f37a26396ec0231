"""Suggested pairings: the young teachers of the chosen schools (or a township, or the county) get mentors
by an optimal assignment (domain.cultivation.suggest → scipy linear_sum_assignment); the clerk accepts
all, some, or edits before accepting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from talentdesk.domain.cultivation import ACTIVE, Person, Weights, is_mentor_candidate, is_young, suggest
from talentdesk.errors import UserError
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import mentoring
from talentdesk.services.cultivation.persons import people
from talentdesk.store.models import MentorProgramme, Pairing, School, Teacher
from talentdesk.store.uow import UnitOfWork

COLUMNS = (
    "mentee_id",
    "mentee",
    "mentee_school",
    "stage",
    "subject",
    "mentor_id",
    "mentor",
    "mentor_school",
    "mentor_backbone",
    "score",
    "explanation",
)
HEADERS = ("青年教师", "青年教师单位", "学段", "学科", "推荐导师", "导师单位", "导师称号/职称", "匹配分", "推荐理由")


@dataclass
class Scope:
    """Whose young teachers: some schools, or a township, or (both empty) the whole county."""

    school_ids: tuple[int, ...] = ()
    township: str | None = None

    def describe(self) -> str:
        if self.school_ids:
            return f"{len(self.school_ids)} 所学校"
        return self.township or "全县"


@dataclass
class Result:
    rows: list[tuple]  # COLUMNS
    unmatched: list[tuple[int, str, str, str]]  # (mentee id, name, school, reason)
    mentees: int
    mentors: int
    total_score: int


def propose(
    db,
    scope: Scope,
    programme_id: int | None = None,
    today: dt.date | None = None,
    weights: Weights | None = None,
    progress=None,
) -> Result:
    """PROGRESS(done, total, text), when given, hears the steps (the GUI runs this on a worker thread)."""
    today = today or dt.date.today()
    step = progress or (lambda *_a: None)
    step(0, 3, "正在读取在岗教师和已有结对…")
    with UnitOfWork(db) as uow:
        s = uow.session
        pol = mentoring._policy(s)
        prog = s.get(MentorProgramme, programme_id) if programme_id else None
        max_mentees = prog.max_mentees if prog else pol.mentees_per_mentor
        max_years = prog.mentee_max_years if prog else pol.mentee_max_years
        t = Teacher.__table__.c
        active = t.status == "在岗"
        everyone = people(s, where=active, today=today)
        in_scope = _scope_ids(s, scope)
        paired = {r[0] for r in s.execute(select(Pairing.mentee_id).where(Pairing.status == ACTIVE))}
        mentees = [p for p in everyone.values() if p.id in in_scope and p.id not in paired and is_young(p, max_years)]
        wanted = {(p.stage, p.subject) for p in mentees}
        mentors = [
            p
            for p in everyone.values()
            if (p.stage, p.subject) in wanted and not is_young(p, max_years) and is_mentor_candidate(p, pol)
        ]
    mentees.sort(key=lambda p: p.id)
    mentors.sort(key=lambda p: p.id)
    step(1, 3, f"正在为 {len(mentees)} 名青年教师在 {len(mentors)} 名导师人选中求最优分配…")
    sug = suggest(mentees, mentors, max_mentees, weights)
    step(3, 3, "完成")
    rows = [
        (
            pr.mentee.id,
            pr.mentee.name,
            pr.mentee.school or "",
            pr.mentee.stage or "",
            pr.mentee.subject or "",
            pr.mentor.id,
            pr.mentor.name,
            pr.mentor.school or "",
            _rank_text(pr.mentor),
            pr.score,
            pr.explanation,
        )
        for pr in sug.proposals
    ]
    unmatched = [(p.id, p.name, p.school or "", why) for p, why in sug.unmatched]
    return Result(rows, unmatched, len(mentees), len(mentors), sug.total_score)


def _rank_text(p: Person) -> str:
    return "、".join(x for x in (p.backbone, p.title) if x)


def _scope_ids(s, scope: Scope) -> set[int]:
    t, sc = Teacher.__table__.c, School.__table__.c
    from sqlalchemy import func

    school_col = func.coalesce(t.cur_work_school_id, t.cur_post_school_id)
    stmt = select(t.id).where(t.status == "在岗")
    if scope.school_ids:
        stmt = stmt.where(school_col.in_(list(scope.school_ids)))
    elif scope.township:
        stmt = stmt.where(school_col.in_(select(sc.id).where(sc.township == scope.township)))
    return set(s.scalars(stmt))


def accept(db, programme_id: int | None, pairs: list[tuple[int, int]], start=None) -> tuple[int, list[str]]:
    """Create the accepted (mentor_id, mentee_id) pairs in the programme; returns (created, messages).

    Each pair is checked by the same rules as a pairing typed by hand and saved on its own; a pair the
    rules refuse (e.g. accepted twice) is left out and its reason returned with the warnings.
    """
    access.require(db, "edit")
    if not pairs:
        raise UserError("没有选中要接受的推荐结对")
    messages, created = [], 0
    for mentor_id, mentee_id in pairs:
        try:
            _, warnings = mentoring.save_pairing(
                db, None, {"programme_id": programme_id, "mentor_id": mentor_id, "mentee_id": mentee_id, "start": start}
            )
        except UserError as e:
            messages.append(e.message)
            continue
        created += 1
        messages += warnings
    return created, messages
