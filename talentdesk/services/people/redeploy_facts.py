"""What a redeployment plan (调配方案, issue 22 §2) starts from, shared by the plan (deployment.redeploy) and the
demo county (demo.redeploy): the subject gaps of every school stage as domain.redeploy lines (with township and
county), and the serving staff teachers as movers (the line they count in, their certificates, a recorded family
situation). SESSION arguments read inside the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.domain import recruitment as recruitment_rules
from talentdesk.domain import redeploy as rules
from talentdesk.domain.policy import Policy
from talentdesk.services.people import subject_gaps
from talentdesk.services.platform.settings import load_policy
from talentdesk.store.models import Certificate, School, Teacher
from talentdesk.store.models_deployment import TeacherSituation

NO_TOWNSHIP = "（未填乡镇）"


def lines(
    db, school_year: int, policy: Policy | None = None, school_ids: set[int] | None = None, session=None
) -> list[rules.Line]:
    """The subject gaps of every school stage (people.subject_gaps) as the rules' lines, with townships."""
    policy = policy or load_policy(db)
    if session is not None:
        places = {sid: (t, c) for sid, t, c in session.execute(select(School.id, School.township, School.county))}
    else:
        with db.sessions() as s:
            places = {sid: (t, c) for sid, t, c in s.execute(select(School.id, School.township, School.county))}
    return [
        rules.Line(sid, school, places[sid][0] or NO_TOWNSHIP, stage, subject, need, have, county=places[sid][1] or "")
        for sid, school, stage, subject, need, have, _ in subject_gaps.school_lines(
            db, school_year, policy, school_ids, session
        )
    ]


def certificates(s, teacher_id: int) -> tuple[str | None, tuple[str, ...]]:
    """One teacher's (highest certificate stage, certificate subjects)."""
    return _certificates(s, teacher_id).get(teacher_id, (None, ()))


def _certificates(s, teacher_id: int | None = None) -> dict[int, tuple[str | None, tuple[str, ...]]]:
    """teacher id → (highest certificate stage, certificate subjects); TEACHER_ID: only this teacher's."""
    best: dict[int, str] = {}
    subjects: dict[int, set[str]] = defaultdict(set)
    stmt = select(Certificate.teacher_id, Certificate.kind, Certificate.subject)
    if teacher_id is not None:
        stmt = stmt.where(Certificate.teacher_id == teacher_id)
    for tid, kind, subject in s.execute(stmt):
        stage = rules.CERT_STAGE.get(codes.CERT_KIND.canonical(kind) or "")
        if stage is None:
            continue
        if tid not in best or rules.stage_rank(stage) > rules.stage_rank(best[tid]):
            best[tid] = stage
        canon = codes.SUBJECT.canonical(subject) if subject else None
        if canon:
            subjects[tid].add(canon)
    return {tid: (best.get(tid), tuple(sorted(subjects[tid]))) for tid in set(best) | set(subjects)}


def _families(s, policy: Policy) -> dict[int, str]:
    kinds = {k for k, on in policy.redeploy_family_kinds.items() if on}
    out: dict[int, str] = {}
    for tid, kind in s.execute(
        select(TeacherSituation.teacher_id, TeacherSituation.kind).where(TeacherSituation.closed.is_(False))
    ):
        if kind in kinds:
            out[tid] = kind
    return out


@dataclass
class Teachers:
    """The serving staff teachers (在编/特岗) the gaps count, as movers, and their line keys."""

    movers: dict[int, rules.Mover]
    names: dict[int, str]


def teachers(s, school_year: int, gap_lines: list[rules.Line], policy: Policy) -> Teachers:
    stages: dict[int, list[str]] = defaultdict(list)
    for ln in gap_lines:
        if ln.stage not in stages[ln.school_id]:
            stages[ln.school_id].append(ln.stage)
    certs = _certificates(s)
    family = _families(s, policy)
    retiring_year = dt.date(school_year, 12, 31)
    movers, names = {}, {}
    for tid, name, sid, stage, subject, form, birth, gender in s.execute(
        select(
            Teacher.id,
            Teacher.name,
            Teacher.cur_post_school_id,
            Teacher.cur_stage,
            Teacher.cur_subject,
            Teacher.employment_form,
            Teacher.birth_date,
            Teacher.gender,
        ).where(Teacher.status == codes.ACTIVE_STATUS, Teacher.cur_post_school_id.is_not(None))
    ):
        names[tid] = name
        if form is not None and form not in subject_gaps.STAFF_FORMS:
            continue
        retire = recruitment_rules.retirement_date(birth, gender, policy)
        if retire is not None and retire <= retiring_year:
            continue  # leaves this year (or is overdue): counted out of the school already
        line_stage = subject_gaps.stage_of(stage, stages.get(sid, []))
        if not line_stage or not subject:
            continue
        cert_stage, cert_subjects = certs.get(tid, (None, ()))
        movers[tid] = rules.Mover(
            tid, name, sid, line_stage, subject or "其他", cert_stage, cert_subjects, family.get(tid)
        )
    return Teachers(movers, names)
