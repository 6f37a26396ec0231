"""Subject gaps per school (学科余缺): teachers a school's timetable needs by stage and subject against the
teachers there, after the year's retirements. Shared by the hiring plan (recruitment.plan), the redeployment
plan (deployment.redeploy) and the 调配参考名单 (reports.redeploy).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.domain import recruitment as rules
from talentdesk.services.platform.settings import load_policy
from talentdesk.store.models import School, SchoolYearStat, Teacher
from talentdesk.store.uow import UnitOfWork

STAFF_FORMS = ("在编", "特岗")  # count against the staffing ratio (特岗 convert into posts)
PLAN_STAGES = ("小学", "初中", "高中")


def _stage_of(t_stage: str | None, school_stages: list[str]) -> str | None:
    if t_stage in school_stages:
        return t_stage
    return school_stages[0] if len(school_stages) == 1 else t_stage


def figures(db, year: int, policy=None, session=None) -> list[rules.StageFigures]:
    """Per school and stage: the latest figures up to ``year``, serving teachers by subject, retirements.
    SESSION: read inside the caller's transaction (the demo build, before it commits)."""
    policy = policy or load_policy(db)
    if session is not None:
        return _figures(session, year, policy)
    with UnitOfWork(db) as uow:
        return _figures(uow.session, year, policy)


def _figures(s, year: int, policy) -> list[rules.StageFigures]:
    horizon = max(1, policy.hiring_retirement_years)
    schools = {sid: name for sid, name in s.execute(select(School.id, School.name))}
    stats: dict[tuple[int, str], tuple[int | None, int | None]] = {}
    for sid, _sy, stage, students, classes in s.execute(
        select(
            SchoolYearStat.school_id,
            SchoolYearStat.school_year,
            SchoolYearStat.stage,
            SchoolYearStat.students,
            SchoolYearStat.classes,
        )
        .where(SchoolYearStat.school_year <= year)
        .order_by(SchoolYearStat.school_year)
    ):
        if stage in PLAN_STAGES:
            stats[(sid, stage)] = (students, classes)  # later years overwrite earlier ones
    stages_of: dict[int, list[str]] = defaultdict(list)
    for sid, stage in sorted(stats):
        stages_of[sid].append(stage)
    out = {
        key: rules.StageFigures(key[0], schools[key[0]], key[1], stats[key][0], stats[key][1], teachers=0)
        for key in sorted(stats, key=lambda k: (schools[k[0]], codes.STAGE.rank(k[1])))
    }
    first_day = dt.date(year, 1, 1)
    rows = s.execute(
        select(
            Teacher.cur_post_school_id,
            Teacher.cur_stage,
            Teacher.cur_subject,
            Teacher.birth_date,
            Teacher.gender,
            Teacher.employment_form,
        ).where(Teacher.status == codes.ACTIVE_STATUS, Teacher.cur_post_school_id.is_not(None))
    )
    for sid, stage, subject, birth, gender, form in rows:
        if form is not None and form not in STAFF_FORMS:
            continue
        fig = out.get((sid, _stage_of(stage, stages_of.get(sid, [])) or ""))
        if fig is None:
            continue
        fig.teachers += 1
        fig.by_subject[subject or "其他"] = fig.by_subject.get(subject or "其他", 0) + 1
        retire = rules.retirement_date(birth, gender, policy)
        if retire is None:
            continue
        ry = max(retire.year, year) if retire < first_day else retire.year  # overdue: leaves this year
        if ry < year + horizon:
            fig.retiring[ry] = fig.retiring.get(ry, 0) + 1
            if ry == year:
                fig.retiring_subject[subject or "其他"] = fig.retiring_subject.get(subject or "其他", 0) + 1
    return list(out.values())


def stage_of(t_stage: str | None, school_stages: list[str]) -> str | None:
    """The school stage a teacher counts in (as figures() counts them)."""
    return _stage_of(t_stage, school_stages)


def school_lines(db, year: int, policy, school_ids: set[int] | None = None, session=None) -> list[tuple]:
    """[(school id, school, stage, subject, need, have, have − need)] for every subject of every school stage."""
    out = []
    for fig in figures(db, year, policy, session):
        if school_ids is not None and fig.school_id not in school_ids:
            continue
        load = policy.teacher_weekly_periods.get(fig.stage)
        for subject, periods in policy.subject_periods.get(fig.stage, {}).items():
            need = round(rules.subject_need(fig.classes, periods, load), 2)
            have = fig.by_subject.get(subject, 0) - fig.retiring_subject.get(subject, 0)
            out.append((fig.school_id, fig.school, fig.stage, subject, need, have, round(have - need, 2)))
    return out
