"""人编一致: does a serving teacher work where the post is, or away on a placement that is in order?

Each problem names what is wrong and the changes that would make it consistent; the service can
carry out the ones marked with an action.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from talentdesk.domain.dates import PartialDate
from talentdesk.domain.deployment import OPEN_STATUS, TRANSFER, months_between, period_end, period_start
from talentdesk.domain.policy import Policy

LOAN = "借调"


@dataclass(frozen=True)
class PlacementFacts:
    id: int
    kind: str
    status: str
    from_school_id: int | None
    to_school_id: int | None  # None: a posting outside the county, to OUTSIDE_UNIT
    start: PartialDate | None
    planned_end: PartialDate | None = None
    actual_end: PartialDate | None = None
    moves_relation: bool = False
    outside_unit: str | None = None


def destination(p: PlacementFacts, name_of: Callable[[int | None], str]) -> str:
    """The school's name, or the outside unit's for a posting outside the county."""
    return name_of(p.to_school_id) if p.to_school_id is not None else (p.outside_unit or "县外单位")


@dataclass(frozen=True)
class Change:
    label: str  # what the clerk would do, in words
    action: str | None = None  # return | transfer | end | fix_from | None (done by hand)
    placement_id: int | None = None
    school_id: int | None = None
    date: dt.date | None = None


@dataclass
class Issue:
    code: str
    text: str
    changes: list[Change] = field(default_factory=list)
    placement_id: int | None = None


def is_open(p: PlacementFacts, today: dt.date) -> bool:
    start = period_start(p.start)
    return (
        p.kind != TRANSFER and p.status in OPEN_STATUS and p.actual_end is None and start is not None and start <= today
    )


def _duration(months: int) -> str:
    y, m = divmod(months, 12)
    return " ".join(x for x in ((f"{y} 年" if y else ""), (f"{m} 个月" if m or not y else "")) if x)


def issues(
    post_school_id: int | None,
    employment_form: str | None,
    placements: list[PlacementFacts],
    today: dt.date,
    policy: Policy,
    name_of: Callable[[int | None], str] = str,
) -> list[Issue]:
    out: list[Issue] = []
    if post_school_id is None:
        if employment_form == "在编":
            out.append(
                Issue(
                    "no_post", "在编教师没有当前的编制学校记录", [Change("在教师档案“编制学校”中补录当前编制所在学校")]
                )
            )
        return out
    running = [p for p in placements if is_open(p, today)]
    for p in running:
        to = destination(p, name_of)
        start = period_start(p.start)
        if start is None:  # is_open() keeps only placements that have started
            continue
        if p.to_school_id == post_school_id:
            out.append(
                Issue(
                    "same_school",
                    f"{p.kind}的学校（{to}）就是编制学校",
                    [Change("结束这条工作安排（它不改变工作学校）", "end", p.id, date=today)],
                    p.id,
                )
            )
            continue
        if p.from_school_id is not None and p.from_school_id != post_school_id:
            out.append(
                Issue(
                    "from_mismatch",
                    f"{p.kind}登记的派出学校（{name_of(p.from_school_id)}）与编制学校"
                    f"（{name_of(post_school_id)}）不一致",
                    [Change(f"把派出学校改为{name_of(post_school_id)}", "fix_from", p.id, post_school_id)],
                    p.id,
                )
            )
        months = months_between(start, today)
        limit_months = round(policy.loan_max_years * 12)
        if p.kind == LOAN and months > limit_months:
            out.append(
                Issue(
                    "long_loan",
                    f"借调至{to}已 {_duration(months)}，超过 {policy.loan_max_years:g} 年期限",
                    [
                        Change(f"登记借调结束，回{name_of(post_school_id)}工作（今天）", "return", p.id, date=today),
                        Change(f"办理调动：编制转入{to}（今天起）", "transfer", p.id, p.to_school_id, today),
                    ],
                    p.id,
                )
            )
        elif (end := period_end(p.planned_end)) is not None and end < today:
            out.append(
                Issue(
                    "overdue",
                    f"{p.kind}至{to}计划 {end:%Y-%m} 结束，未登记返回",
                    [
                        Change(f"登记期满返回（实际结束 {end:%Y-%m-%d}）", "return", p.id, date=end),
                        Change("如已延期，请在交流记录中修改计划结束日期"),
                    ],
                    p.id,
                )
            )
        if p.moves_relation and p.to_school_id is None:
            out.append(
                Issue(
                    "relation_moved",
                    f"{p.kind}到县外单位（{to}）登记为人事关系转移，但编制仍在{name_of(post_school_id)}",
                    [
                        Change("如人事关系确已转出县外，请登记减员（调出）"),
                        Change("如只是派出，请在交流记录中取消“人事关系转移”"),
                    ],
                    p.id,
                )
            )
        elif p.moves_relation:
            out.append(
                Issue(
                    "relation_moved",
                    f"{p.kind}登记为人事关系转移，但编制仍在{name_of(post_school_id)}",
                    [Change(f"办理调动：编制转入{to}", "transfer", p.id, p.to_school_id, start or today)],
                    p.id,
                )
            )
    if len(running) > 1:
        older = sorted(running, key=lambda p: period_start(p.start) or today)[:-1]  # all started (is_open)
        out.append(
            Issue(
                "overlap",
                f"同时有 {len(running)} 条进行中的工作安排",
                [Change(f"结束较早的{p.kind}（{destination(p, name_of)}）", "end", p.id, date=today) for p in older],
            )
        )
    return out
