"""Demo postings outside the county (issue 22 §2): per county a 援疆 call of last school year (its teachers back
since July) and a 援藏 call of this one (its teachers away since August), each with candidates through 报名 → 推荐 →
考核 → 选派/未选派. Its own random generator (seeded from the build's), so adding it changes nothing the other
generators make."""

from __future__ import annotations

import random

from talentdesk.domain.dates import PartialDate
from talentdesk.services.demo.context import Context, Person
from talentdesk.services.demo.schools import COUNTIES
from talentdesk.store.models import Base, Placement
from talentdesk.store.models_postings import PostingCall, PostingCandidate

TABLES: tuple[type[Base], ...] = (PostingCall, PostingCandidate)
TABLE_NAMES: dict[type[Base], str] = {PostingCall: "援派选派", PostingCandidate: "援派报名"}
# (kind, unit, region, unit kind): the partner units of a Shandong county, as 对口支援 pairs them
CALLS = (
    ("援疆", "喀什地区疏附县第二中学", "新疆维吾尔自治区", "学校"),
    ("援藏", "日喀则市南木林县中学", "西藏自治区", "学校"),
)
APPLY_NOTES = ("本人自愿报名，家庭支持", "本人申请，已征得家属同意", "本人自愿，服从组织安排")
RECOMMEND_NOTES = ("学校党支部推荐", "学校推荐，业务能力强", "学校推荐，班主任工作突出")
ASSESS_PASS = ("考核合格，体检合格", "考核优秀，体检合格")
NOT_CHOSEN = ("名额有限，列为后备人选", "体检未通过", "家庭原因本人放弃")


def _day(rng: random.Random, year: int, month: int, low: int = 3, high: int = 26) -> PartialDate:
    return PartialDate(year, month, rng.randint(low, high))


def _candidates(rng: random.Random, people: list[Person], n: int) -> list[Person]:
    fit = [
        p
        for p in people
        if p.status == "在岗" and not p.placed and 26 <= p.age <= 50 and p.years >= 3 and p.form == "在编"
    ]
    return rng.sample(fit, min(n, len(fit)))


def _call(ctx: Context, rng: random.Random, county: str, staff: list[Person], which: int, year: int, back: bool):
    kind, unit, region, unit_kind = CALLS[which]
    announced = _day(rng, year, 3, 1, 10)
    start, planned_end = PartialDate(year, 8, 20 + which * 5), PartialDate(year + 1, 7)
    places = 2 + which
    cid = ctx.rows.add(
        PostingCall,
        title=f"{county}{year}年{kind}教师选派",
        kind=kind,
        unit=unit,
        region=region,
        unit_kind=unit_kind,
        announced=announced,
        start=start,
        planned_end=planned_end,
        places=places,
        document=f"{county[:2]}教发〔{year}〕{rng.randint(8, 40)}号",
        note=None,
    )
    people = _candidates(rng, staff, places + 4)
    for i, p in enumerate(people):
        applied = _day(rng, year, 3, 12, 28)
        row: dict = dict(
            call_id=cid,
            teacher_id=p.id,
            applied_on=applied,
            applied_note=rng.choice(APPLY_NOTES),
            recommended_on=None,
            recommended_note=None,
            assessed_on=None,
            assessed_note=None,
            decision=None,
            decided_on=None,
            decision_note=None,
            placement_id=None,
        )
        steps = 4 if i < places + 2 else (3 if i == places + 2 else 2)  # the last two stopped at 考核 / 推荐
        if steps >= 2:
            row.update(recommended_on=_day(rng, year, 4, 1, 15), recommended_note=rng.choice(RECOMMEND_NOTES))
        if steps >= 3:
            row.update(assessed_on=_day(rng, year, 5, 1, 15), assessed_note=rng.choice(ASSESS_PASS))
        if steps == 4:
            chosen = i < places
            row.update(
                decision="选派" if chosen else "未选派",
                decided_on=PartialDate(year, 6, 10),
                decision_note="经局党组研究决定" if chosen else rng.choice(NOT_CHOSEN),
            )
            if chosen:
                row["placement_id"] = ctx.rows.add(
                    Placement,
                    teacher_id=p.id,
                    from_school_id=p.school.id,
                    to_school_id=None,
                    kind=kind,
                    start=start,
                    planned_end=planned_end,
                    actual_end=PartialDate(year + 1, 7, 15) if back else None,
                    status="期满返回" if back else "在岗",
                    batch=f"{county}{year}年{kind}教师选派"[:30],
                    moves_relation=False,
                    note=f"由“{county}{year}年{kind}教师选派”选派",
                    outside_unit=unit,
                    outside_region=region,
                    outside_kind=unit_kind,
                )
                p.placed = True
        ctx.rows.add(PostingCandidate, **row)


def build(ctx: Context) -> dict[str, int]:
    rng = random.Random("postings-" + repr(ctx.rng.getstate()[1]))
    y0 = ctx.school_year
    for county in sorted({s.county for s in ctx.schools}):
        staff = [p for p in ctx.people if p.school.county == county]
        if not staff:
            continue
        name = COUNTIES[county][0]
        _call(ctx, rng, name, staff, 0, y0 - 1, back=True)  # 援疆 of last school year: back in July
        _call(ctx, rng, name, staff, 1, y0, back=False)  # 援藏 of this one: away since August
    return {
        "calls": len(ctx.rows.data.get(PostingCall, [])),
        "candidates": len(ctx.rows.data.get(PostingCandidate, [])),
    }
