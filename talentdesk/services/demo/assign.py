"""Passes over all generated teachers: placements away from the post school (交流轮岗、支教、借调)
and this year's mentor programme (青蓝工程)."""

from __future__ import annotations

from collections import defaultdict

from talentdesk.domain.dates import PartialDate
from talentdesk.services.demo.context import AREA_RANK, Context, Person
from talentdesk.services.demo.schools import SchoolInfo
from talentdesk.store.models import MentorProgramme, Pairing, Placement

GOALS = "一年入门、两年合格、三年成熟：听评课每学期不少于20节，完成一节校级公开课"


def _target(ctx: Context, p: Person, want_area) -> SchoolInfo | None:
    pool = [s for s in ctx.by_stage[(p.school.county, p.stage)] if s.id != p.school.id and want_area(s.area)]
    return ctx.rng.choice(pool) if pool else None


def placements(ctx: Context) -> dict[str, int]:
    """A few per cent of serving teachers work away from their post school; a few 借调 have run too long."""
    rng, y0, rows = ctx.rng, ctx.school_year, ctx.rows
    eligible = [p for p in ctx.people if p.status == "在岗" and p.form == "在编" and p.years >= 3]
    n = len(eligible)
    plan = [
        ("交流轮岗", round(n * 0.03)),
        ("支教", round(n * 0.012)),
        ("借调", round(n * 0.003)),
        ("长期借调", max(2, round(n * 0.003))),
    ]
    chosen = rng.sample(eligible, min(n, sum(k for _, k in plan)))
    counts: dict[str, int] = defaultdict(int)
    i = 0
    for kind, k in plan:
        for p in chosen[i : i + k]:
            if kind == "交流轮岗":
                to = _target(ctx, p, lambda a, r=AREA_RANK[p.school.area]: (AREA_RANK[a] == 0) != (r == 0))
            elif kind == "支教":
                to = _target(ctx, p, lambda a, r=AREA_RANK[p.school.area]: AREA_RANK[a] > r)
            else:
                to = _target(ctx, p, lambda a: a == "城区")
            if to is None:
                continue
            if kind == "长期借调":
                start = rng.choice((PartialDate(y0 - 1, 3), PartialDate(y0 - 2, 9), PartialDate(y0 - 1, 2)))
                rows.add(
                    Placement,
                    teacher_id=p.id,
                    from_school_id=p.school.id,
                    to_school_id=to.id,
                    kind="借调",
                    start=start,
                    planned_end=None,
                    status="在岗",
                    batch=None,
                    moves_relation=False,
                    note="借调至" + to.name + "，未办理返回",
                )
            else:
                rows.add(
                    Placement,
                    teacher_id=p.id,
                    from_school_id=p.school.id,
                    to_school_id=to.id,
                    kind=kind,
                    start=PartialDate(y0, 9),
                    planned_end=PartialDate(y0 + 1, 7),
                    status="在岗",
                    batch=f"{y0}年秋季",
                    moves_relation=False,
                )
            p.placed = True
            counts[kind] += 1
        i += k
    # earlier exchanges that ended as planned
    for p in eligible:
        if p.placed or p.years < 6 or rng.random() > 0.04:
            continue
        y = rng.choice((y0 - 3, y0 - 2))
        if p.entry is None or p.entry > PartialDate(y, 9):
            continue
        kind = "支教" if p.school.area != "乡村" and rng.random() < 0.4 else "交流轮岗"
        to = _target(ctx, p, lambda a, here=p.school.area: a != here)
        if to is None:
            continue
        rows.add(
            Placement,
            teacher_id=p.id,
            from_school_id=p.school.id,
            to_school_id=to.id,
            kind=kind,
            start=PartialDate(y, 9),
            planned_end=PartialDate(y + 1, 7),
            actual_end=PartialDate(y + 1, 7),
            status="期满返回",
            batch=f"{y}年秋季",
            moves_relation=False,
        )
        counts["历年交流"] += 1
    return dict(counts)


def mentoring(ctx: Context, per_county: int = 100) -> int:
    """This year's 青蓝工程: new teachers paired with experienced ones of the same subject."""
    rng, y0, pol = ctx.rng, ctx.school_year, ctx.policy
    pid = ctx.rows.add(
        MentorProgramme,
        name=f"{y0}年青蓝工程",
        year=y0,
        term_years=pol.mentoring_term_years,
        max_mentees=pol.mentees_per_mentor,
        mentee_max_years=pol.mentee_max_years,
        note="入职三年内的新教师与一级及以上职称的骨干教师结对",
    )
    by_school, by_town = defaultdict(list), defaultdict(list)
    for p in ctx.people:
        if p.status == "在岗" and p.form == "在编" and p.title_rank >= 2 and p.years >= 10 and not p.placed:
            by_school[(p.school.id, p.stage, p.subject)].append(p)
            by_town[(p.school.township, p.stage, p.subject)].append(p)
    mentees = [
        p for p in ctx.people if p.status == "在岗" and p.form in ("在编", "特岗") and p.years < pol.mentee_max_years
    ]
    rng.shuffle(mentees)
    load: dict[int, int] = defaultdict(int)
    per: dict[int, int] = defaultdict(int)
    made = 0
    for m in mentees:
        if per[m.school.county] >= per_county:
            continue
        for pool in (by_school[(m.school.id, m.stage, m.subject)], by_town[(m.school.township, m.stage, m.subject)]):
            free = [t for t in pool if load[t.id] < pol.mentees_per_mentor]
            if free:
                mentor = rng.choice(free)
                load[mentor.id] += 1
                per[m.school.county] += 1
                ctx.rows.add(
                    Pairing,
                    programme_id=pid,
                    mentor_id=mentor.id,
                    mentee_id=m.id,
                    subject=m.subject,
                    stage=m.stage,
                    start=PartialDate(y0, 9),
                    planned_end=PartialDate(y0 + pol.mentoring_term_years, 8),
                    status="进行中",
                    goals=GOALS,
                )
                made += 1
                break
    return made
