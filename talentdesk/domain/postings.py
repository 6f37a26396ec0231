"""Postings outside the county (issue 22 §2): 援藏、援疆、援边、对口支援 to an outside unit, and the selection of
teachers for a call (报名 → 推荐 → 考核 → 选派/未选派).

Pure rules: the kinds, a candidate's steps in order with dates that do not go backwards, the stage a candidate has
reached, and the figures over a period.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from talentdesk.domain.dates import PartialDate

KINDS = ("援藏", "援疆", "援边", "对口支援")
UNIT_KINDS = ("学校", "教育行政部门", "教研机构", "其他")
SELECTED, NOT_SELECTED = "选派", "未选派"
DECISIONS = (SELECTED, NOT_SELECTED)
# (date field, note field, label) in the order a candidate goes through them
STEPS = (
    ("applied_on", "applied_note", "报名"),
    ("recommended_on", "recommended_note", "推荐"),
    ("assessed_on", "assessed_note", "考核"),
    ("decided_on", "decision_note", "决定"),
)
STAGES = ("报名", "推荐", "考核", SELECTED, NOT_SELECTED)


def before(a: PartialDate, b: PartialDate) -> bool:
    """A lies surely before B, compared at the precision both have (2025 is not before 2025-03)."""
    if a.year != b.year:
        return a.year < b.year
    if a.month is None or b.month is None or a.month != b.month:
        return a.month is not None and b.month is not None and a.month < b.month
    return a.day is not None and b.day is not None and a.day < b.day


def check_steps(dates: dict[str, PartialDate | None], decision: str | None) -> dict[str, str]:
    """Problems by field: a later step dated without the earlier ones, a date before an earlier step's, a decision
    without its date or a date without a decision."""
    problems: dict[str, str] = {}
    if decision is not None and decision not in DECISIONS:
        problems["decision"] = f"选派结果应为：{'、'.join(DECISIONS)}（未决定时不填）"
    if dates.get("applied_on") is None:
        problems["applied_on"] = "请填写报名日期"
    if decision is not None and dates.get("decided_on") is None:
        problems["decided_on"] = f"“{decision}”请填写决定日期"
    if decision is None and dates.get("decided_on") is not None and "decision" not in problems:
        problems["decision"] = "填写了决定日期，请选择选派结果（选派/未选派）"
    last: tuple[str, PartialDate] | None = None
    for field, _note, label in STEPS:
        d = dates.get(field)
        if d is None:
            continue
        if last is not None and before(d, last[1]):
            problems.setdefault(field, f"{label}日期（{d.iso()}）早于{last[0]}日期（{last[1].iso()}）")
        last = (label, d)
    if decision == SELECTED:
        for field, _note, label in STEPS[1:3]:
            if dates.get(field) is None:
                problems.setdefault(field, f"选派前应经过{label}，请填写{label}日期")
    return problems


def stage(dates: dict[str, PartialDate | None], decision: str | None) -> str:
    """The furthest step reached: 报名, 推荐, 考核, 选派 or 未选派."""
    if decision in DECISIONS:
        return decision
    if dates.get("assessed_on") is not None:
        return "考核"
    if dates.get("recommended_on") is not None:
        return "推荐"
    return "报名"


def within(d: PartialDate | None, first: PartialDate | None, last: PartialDate | None) -> bool:
    """D lies in FIRST … LAST (either open), compared as ISO text as the lists filter: 2025-03 lies in 2025 and in
    2025-03, a date known only to the year 2025 lies in a period starting 2025 but not in one starting 2025-03."""
    if d is None:
        return False
    text = d.iso()
    return (first is None or text >= first.iso()) and (last is None or text <= last.iso() + "-99")


@dataclass(frozen=True)
class Candidate:
    """A candidate as the figures need it."""

    kind: str
    region: str
    applied_on: PartialDate | None
    decision: str | None
    decided_on: PartialDate | None


@dataclass
class Figures:
    applied: int = 0  # 报名 in the period
    selected: int = 0  # 选派 decided in the period
    not_selected: int = 0
    by_kind: Counter[str] | None = None  # selected, by kind
    by_region: Counter[str] | None = None  # selected, by province/region


def figures(candidates: list[Candidate], first: PartialDate | None, last: PartialDate | None) -> Figures:
    """报名 x 人、选派 y 人 (by kind and province/region), 未选派 z 人 in FIRST … LAST."""
    out = Figures(by_kind=Counter(), by_region=Counter())
    assert out.by_kind is not None and out.by_region is not None
    for c in candidates:
        if within(c.applied_on, first, last):
            out.applied += 1
        if c.decision is not None and within(c.decided_on, first, last):
            if c.decision == SELECTED:
                out.selected += 1
                out.by_kind[c.kind] += 1
                out.by_region[c.region] += 1
            else:
                out.not_selected += 1
    return out
