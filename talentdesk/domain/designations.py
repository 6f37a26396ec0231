"""Designations during their term (issue 20 §3): 名师, 名校长, 名班主任 and the other designations are reviewed
(考核) at the middle and the end of their term, and kept, lowered or withdrawn (能上能下).

Pure rules: the term of a designation, when it is due for review, and the checks of a review record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from talentdesk.domain import codes
from talentdesk.domain.dates import PartialDate

RESULTS = ("优秀", "合格", "基本合格", "不合格")  # 考核结果
KEEP, WITHDRAW, LOWER = "继续保留", "撤销", "降级"
DECISIONS = (KEEP, WITHDRAW, LOWER)
# a withdrawal or a lowering ends the designation on the review date; 降级 starts one of the next level below
ENDING = (WITHDRAW, LOWER)
STAGES = ("期中考核", "期满考核")
MAX_LENGTH = {"reason": 200, "decided_by": 100, "document": 100}


def add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def add_months(d: dt.date, months: int) -> dt.date:
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(y, m, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def last_day(p: PartialDate) -> dt.date:
    """The last day a partial date can mean (2025 → 2025-12-31, 2025-03 → 2025-03-31)."""
    if p.day:
        return dt.date(p.year, p.month or 1, p.day)
    if p.month:
        return add_months(dt.date(p.year, p.month, 1), 1) - dt.timedelta(days=1)
    return dt.date(p.year, 12, 31)


@dataclass(frozen=True)
class Term:
    start: dt.date
    end: dt.date  # the planned end: the record's end, else start + Policy.designation_term_years
    planned: bool  # True: the end was not recorded, it comes from the policy

    @property
    def midpoint(self) -> dt.date:
        return self.start + (self.end - self.start) / 2


def term_of(start: PartialDate | None, end: PartialDate | None, term_years: int) -> Term | None:
    """The term of a designation; None without a start date (nothing to measure from)."""
    if start is None:
        return None
    first = start.first_day()
    if end is not None:
        return Term(first, last_day(end), False)
    return Term(first, add_years(first, term_years) - dt.timedelta(days=1), True)


def in_force(start: PartialDate | None, end: PartialDate | None, on: dt.date) -> bool:
    """Designated on or before ON and not ended before it (an end in ON's month or year still counts)."""
    if start is not None and start.first_day() > on:
        return False
    return end is None or last_day(end) >= on


@dataclass(frozen=True)
class Due:
    stage: str  # 期中考核 / 期满考核
    on: dt.date  # the midpoint or the end of the term
    overdue: bool  # the date has passed without a review since


def due(term: Term | None, reviews: list[dt.date], today: dt.date, months: int) -> Due | None:
    """When a designation in force is due for review: its midpoint or term end lies within MONTHS from TODAY,
    or has passed (while the designation is still in force) with no review dated within MONTHS before it or
    later. The term end first when both apply."""
    if term is None:
        return None
    horizon = add_months(today, months)
    for stage, on in ((STAGES[1], term.end), (STAGES[0], term.midpoint)):
        if on > horizon:
            continue
        window = add_months(on, -months)
        if any(r >= window for r in reviews):
            continue  # reviewed for this stage already
        if stage == STAGES[0] and term.end <= horizon:
            continue  # the end review covers it
        return Due(stage, on, on < today)
    return None


def lower_level(level: str) -> str | None:
    """The level below (省级 → 市级); None below 校级."""
    rank = codes.LEVEL.rank(level)
    for c in codes.LEVEL.entries:
        if c.rank == rank - 1:
            return c.label
    return None


def check_review(
    date: PartialDate | None,
    result: str | None,
    decision: str | None,
    reason: str | None,
    start: PartialDate | None,
    end_before: PartialDate | None,
    level: str,
) -> dict[str, str]:
    """field → Chinese message for a review of a designation that started START and (before this review) ended
    END_BEFORE."""
    problems: dict[str, str] = {}
    if date is None:
        problems["date"] = "请填写考核日期"
    elif start is not None and date < start:
        problems["date"] = f"考核日期 {date.iso()} 早于称号的认定时间 {start.iso()}"
    elif end_before is not None and date.first_day() > last_day(end_before):
        problems["date"] = f"考核日期 {date.iso()} 晚于称号的结束时间 {end_before.iso()}，不在任期内"
    if result and result not in RESULTS:
        problems["result"] = f"考核结果应为{'、'.join(RESULTS)}之一"
    if not decision:
        problems["decision"] = "请选择考核后的处理（继续保留、撤销或降级）"
    elif decision not in DECISIONS:
        problems["decision"] = f"处理应为{'、'.join(DECISIONS)}之一"
    elif decision in ENDING and not reason:
        problems["reason"] = f"{decision}称号请写明原因"
    elif decision == LOWER and lower_level(level) is None:
        problems["decision"] = f"{level}称号已是最低一级，不能降级（可撤销）"
    if decision == KEEP and result == "不合格":
        problems["decision"] = "考核不合格的称号不能继续保留：请选择撤销或降级"
    return problems
