"""Rural service (乡村从教): cumulative years working in rural schools, the 国家/省/县 honour lists,
and the certificates already given (so nobody is listed twice).

Which 城乡类型 count as rural is Policy.rural_areas; thresholds are Policy.rural_honour_years.
Years come from the post history and placements (domain.deployment.rural_years), breaks added.
Serving and retired teachers are listed. 满 N 年 counts the boundary itself: years are whole calendar months ÷ 12
(exactly 30.0 for 1996-09 … 2026-08). “20年以上”、“10年以上” include longer service, so a teacher appears on every
list whose years are reached and whose certificate is not held yet (a 30-year teacher without the provincial
certificate is on the 国家, 省 and 县 lists), with the certificates already held shown, and the bureau chooses.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from talentdesk.domain import idnumber
from talentdesk.domain.attrition import LEVELS
from talentdesk.domain.collation import sort_key
from talentdesk.domain.deployment import Post, Stay, period_end, period_start, rural_years
from talentdesk.domain.policy import Policy
from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.platform.settings import load_policy
from talentdesk.store.models import Placement, PostRecord, School, Teacher
from talentdesk.store.models_deployment import RuralHonour
from talentdesk.store.uow import UnitOfWork

STATUSES = ("在岗", "退休")


@dataclass
class Entry:
    teacher_id: int
    name: str
    id_masked: str
    gender: str
    birth: dt.date | None
    status: str
    school: str
    years: float  # rounded to a tenth, for display
    months: int  # whole months of rural service (the lists compare these with the thresholds)
    level: str | None  # the highest list the teacher is on (国家/省/县) or None
    reached: str | None  # the highest level the years reach
    lists: tuple[str, ...]  # every list the teacher is on: levels reached whose certificate is not held
    given: list[str]  # certificates already given, e.g. ["县（2020）"]
    segments: list[tuple[dt.date, dt.date, str]]

    @property
    def years_text(self) -> str:
        y, m = divmod(self.months, 12)
        return f"{y}年" + (f"{m}个月" if m else "")

    @property
    def history(self) -> str:
        # f-string fields rather than strftime: the same text, a quarter of the time over a county's list
        return "；".join(f"{a.year}.{a.month:02d}—{b.year}.{b.month:02d} {name}" for a, b, name in self.segments)


def rural_set(policy: Policy) -> set[str]:
    return {area for area, on in policy.rural_areas.items() if on}


def compute(
    db, today: dt.date | None = None, policy: Policy | None = None, school_ids: set[int] | None = None
) -> list[Entry]:
    """Every serving or retired teacher with any rural service, longest first."""
    today = today or dt.date.today()
    policy = policy or load_policy(db)
    rural = rural_set(policy)
    thresholds = sorted(
        ((policy.rural_honour_years[lv], lv) for lv in LEVELS if lv in policy.rural_honour_years), reverse=True
    )
    rank = {lv: i for i, lv in enumerate(LEVELS)}  # 0 = highest
    with db.engine.connect() as s:  # Core rows: the ORM's per-row work cost a third of the time here
        schools = {sid: (name, area) for sid, name, area in s.execute(select(School.id, School.name, School.area))}
        area_of = {sid: v[1] for sid, v in schools.items()}
        posts, stays = defaultdict(list), defaultdict(list)
        for tid, sid, a, b in s.execute(
            select(PostRecord.teacher_id, PostRecord.school_id, PostRecord.start, PostRecord.end)
        ):
            posts[tid].append(Post(sid, a, b))
        for tid, to, kind, status, a, pe, ae in s.execute(
            select(
                Placement.teacher_id,
                Placement.to_school_id,
                Placement.kind,
                Placement.status,
                Placement.start,
                Placement.planned_end,
                Placement.actual_end,
            )
        ):
            stays[tid].append(Stay(to, kind, status, a, pe, ae))
        given = defaultdict(list)
        for tid, level, year in s.execute(select(RuralHonour.teacher_id, RuralHonour.level, RuralHonour.year)):
            given[tid].append((level, year))
        teachers = s.execute(
            select(
                Teacher.id,
                Teacher.name,
                Teacher.id_number,
                Teacher.gender,
                Teacher.birth_date,
                Teacher.status,
                Teacher.status_date,
                Teacher.work_start,
                Teacher.cur_post_school_id,
            ).where(Teacher.status.in_(STATUSES))
        ).all()
    out = []
    for tid, name, number, gender, birth, status, status_date, work_start, post in teachers:
        if school_ids is not None and post not in school_ids:
            continue
        until = today
        if status != "在岗":
            ends = [period_end(p.end) for p in posts[tid] if p.end is not None]
            until = min(today, period_end(status_date) if status_date else max(ends, default=today))
        years, segs = rural_years(posts[tid], stays[tid], area_of, rural, until, period_start(work_start))
        months = round(years * 12)
        if months <= 0:
            continue
        have = {lv for lv, _ in given[tid]}
        reached = [lv for th, lv in thresholds if months >= th * 12]
        on = tuple(lv for lv in reached if lv not in have)
        out.append(
            Entry(
                tid,
                name,
                idnumber.mask(number),
                gender or "",
                birth,
                status,
                schools.get(post, ("", ""))[0],
                round(years, 1),
                months,
                on[0] if on else None,
                reached[0] if reached else None,
                on,
                [f"{lv}（{y}）" if y else lv for lv, y in sorted(given[tid], key=lambda g: rank.get(g[0], 9))],
                [(a, b, schools.get(sid, ("?", ""))[0]) for a, b, sid in segs],
            )
        )
    out.sort(key=lambda e: (-e.months, sort_key(e.name)))
    return out


def lists(
    db, today: dt.date | None = None, policy: Policy | None = None, school_ids: set[int] | None = None
) -> dict[str, list[Entry]]:
    """The 国家/省/县 lists: teachers who reached a level and do not hold its certificate yet."""
    entries = compute(db, today, policy, school_ids)
    return {lv: [e for e in entries if lv in e.lists] for lv in LEVELS}


def record(
    db, teacher_ids: list[int], level: str, year: int | None, number: str | None = None, note: str | None = None
) -> int:
    """Record certificates given (one per teacher and level); returns how many were added."""
    access.require(db, "edit")
    if level not in LEVELS:
        raise ValidationError({"level": f"级别应为：{'、'.join(LEVELS)}"})
    added = 0
    with UnitOfWork(db) as uow:
        s = uow.session
        for tid in teacher_ids:
            if s.get(Teacher, tid) is None:
                raise NotFound("找不到这名教师（可能已被删除）")
            exists = s.scalar(select(RuralHonour.id).where(RuralHonour.teacher_id == tid, RuralHonour.level == level))
            if exists:
                continue
            s.add(RuralHonour(teacher_id=tid, level=level, year=year, number=number or None, note=note))
            added += 1
        uow.commit()
    return added


def remove(db, teacher_id: int, level: str) -> None:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        row = uow.session.scalar(
            select(RuralHonour).where(RuralHonour.teacher_id == teacher_id, RuralHonour.level == level)
        )
        if row is not None:
            uow.session.delete(row)
        uow.commit()
