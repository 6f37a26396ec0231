"""Where a teacher works over time: post history (编制所在学校) plus placements away from it.

Pure functions over plain records. Partial dates are read as periods: a start known only to
the year is taken as September of that year (the school year begins), an end known only to the
year as August; a start known to the month is the first of the month, an end the last day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from talentdesk.domain.dates import PartialDate

TRANSFER = "调动"  # the post itself moves: post history says where, not the placement
# a placement counts from its start while it is one of these (拟交流 is only a plan)
COUNTING_STATUS = ("已审批", "在岗", "期满返回", "提前结束")
OPEN_STATUS = ("已审批", "在岗")  # still running unless an actual end is recorded
ENDED_STATUS = ("期满返回", "提前结束")


def period_start(d: PartialDate | None) -> dt.date | None:
    if d is None:
        return None
    if d.month is None:
        return dt.date(d.year, 9, 1)
    return dt.date(d.year, d.month, d.day or 1)


def period_end(d: PartialDate | None) -> dt.date | None:
    if d is None:
        return None
    if d.month is None:
        return dt.date(d.year, 8, 31)
    if d.day is None:
        return dt.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
    return dt.date(d.year, d.month, d.day)


@dataclass(frozen=True)
class Post:
    school_id: int
    start: PartialDate | None
    end: PartialDate | None


@dataclass(frozen=True)
class Stay:
    """A placement as the timeline needs it; TO_SCHOOL_ID None: a posting outside the county (the teacher works at
    no school of the county meanwhile)."""

    to_school_id: int | None
    kind: str
    status: str
    start: PartialDate | None
    planned_end: PartialDate | None = None
    actual_end: PartialDate | None = None


def stay_interval(p: Stay) -> tuple[dt.date, dt.date | None] | None:
    """(first day, last day or None while open) of a placement that counts, else None."""
    if p.kind == TRANSFER or p.status not in COUNTING_STATUS:
        return None
    start = _period_start(p.start)
    if start is None:
        return None
    if p.actual_end is not None:
        end = _period_end(p.actual_end)
    elif p.status in OPEN_STATUS:
        end = None
    else:  # ended without a recorded date: it ran as planned (or only its first day is known)
        end = _period_end(p.planned_end or p.start)
    if end is not None and end < start:
        return None
    return start, end


def post_interval(p: Post, first_known: dt.date | None = None) -> tuple[dt.date | None, dt.date | None]:
    return period_start(p.start) or first_known, period_end(p.end)


def _covers(interval: tuple[dt.date | None, dt.date | None], on: dt.date) -> bool:
    start, end = interval
    return (start is None or start <= on) and (end is None or on <= end)


def post_school(posts: list[Post], on: dt.date) -> int | None:
    """The post school on a date: the covering post record with the latest start."""
    best = None
    for p in posts:
        iv = post_interval(p)
        if _covers(iv, on) and (best is None or (iv[0] or dt.date.min) >= best[0]):
            best = (iv[0] or dt.date.min, p.school_id)
    return best[1] if best else None


def active_stay(stays: list[Stay], on: dt.date) -> Stay | None:
    best, best_start = None, None
    for s in stays:
        iv = stay_interval(s)
        if iv is not None and _covers(iv, on) and (best_start is None or iv[0] >= best_start):
            best, best_start = s, iv[0]
    return best


def working_school(posts: list[Post], stays: list[Stay], on: dt.date) -> int | None:
    """Where the teacher works on a date: an active placement's school, else the post school; None while posted
    outside the county (援藏/援疆…) or without a post."""
    s = active_stay(stays, on)
    return s.to_school_id if s is not None else post_school(posts, on)


def timeline(
    posts: list[Post], stays: list[Stay], until: dt.date, first_known: dt.date | None = None
) -> list[tuple[dt.date, dt.date, int]]:
    """Consecutive (first day, last day, working school) segments up to ``until`` (inclusive).

    Gaps (no post, no placement, a posting outside the county) are left out; a post without a start begins at
    first_known (e.g. the teacher's 参加工作 date) or is skipped.

    At each boundary the working school is working_school()'s answer (an active placement's school, else the
    covering post with the latest start, the later record on a tie); the intervals are worked out once per
    record rather than once per boundary (speed: rural service runs this for every teacher of a county).
    """
    post_ivs: list[
        tuple[dt.date, dt.date | None, int | None]
    ] = []  # (first day or date.min, last day or None, school), in record order
    stay_ivs: list[tuple[dt.date, dt.date | None, int | None]] = []
    marks: set[dt.date] = set()
    for p in posts:
        a, b = _period_start(p.start) or first_known, _period_end(p.end)
        post_ivs.append((a or dt.date.min, b, p.school_id))
        if a is not None:
            _mark(marks, a, b, until)
    for s in stays:
        iv = stay_interval(s)
        if iv is not None:
            stay_ivs.append((iv[0], iv[1], s.to_school_id))
            _mark(marks, iv[0], iv[1], until)
    points = sorted(marks)
    out: list[tuple[dt.date, dt.date, int]] = []
    one_day = dt.timedelta(days=1)
    for i, a in enumerate(points):
        b = points[i + 1] - one_day if i + 1 < len(points) else until
        covering = (_latest_covering(stay_ivs, a) if stay_ivs else None) or _latest_covering(post_ivs, a)
        school = covering[2] if covering is not None else None
        if school is None:
            continue
        if out and out[-1][2] == school and out[-1][1] + one_day == a:
            out[-1] = (out[-1][0], b, school)
        else:
            out.append((a, b, school))
    return out


def _mark(marks: set[dt.date], a: dt.date, b: dt.date | None, until: dt.date) -> None:
    if a <= until:
        marks.add(a)
        if b is not None and b < until:
            marks.add(b + dt.timedelta(days=1))


def _latest_covering(
    ivs: list[tuple[dt.date, dt.date | None, int | None]], on: dt.date
) -> tuple[dt.date, dt.date | None, int | None] | None:
    """The interval covering ON with the latest start (the later one on a tie)."""
    best = None
    for iv in ivs:
        a, b, _ = iv
        if a <= on and (b is None or on <= b) and (best is None or a >= best[0]):
            best = iv
    return best


@functools.lru_cache(maxsize=65536)
def _period_start(d: PartialDate | None) -> dt.date | None:
    return period_start(d)


@functools.lru_cache(maxsize=65536)
def _period_end(d: PartialDate | None) -> dt.date | None:
    return period_end(d)


# leftover days of separate spells (each under a month) add up to a month at 31, the longest month: a spell
# one day short of its last calendar month is never credited with it
DAYS_PER_MONTH = 31


def add_months(d: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later (the month's last day where it is shorter)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def span_months(first: dt.date, last: dt.date) -> tuple[int, int]:
    """Length of [first, last] (both days included) as (whole calendar months, leftover days).

    1996-09-01 … 2026-08-31 is (360, 0): exactly 30 years whatever the leap days in between.
    """
    after = last + dt.timedelta(days=1)
    months = months_between(first, after)
    return months, (after - add_months(first, months)).days


def service_months(spans: Iterable[tuple[dt.date, dt.date]]) -> int:
    """Whole months of service in [first, last] spans (breaks not counted): each spell's calendar months, plus
    the spells' leftover days added together at DAYS_PER_MONTH a month. Policies that say 满 N 年 / N 年以上
    compare this with N × 12, so the boundary itself counts."""
    months = days = 0
    for first, last in spans:
        m, d = span_months(first, last)
        months += m
        days += d
    return months + days // DAYS_PER_MONTH


def rural_years(
    posts: list[Post],
    stays: list[Stay],
    area_of: dict[int, str | None],
    rural: set[str],
    until: dt.date,
    first_known: dt.date | None = None,
) -> tuple[float, list[tuple[Any, ...]]]:
    """Cumulative years working in schools whose 城乡类型 is in ``rural`` (breaks added together), counted in
    calendar months (service_months / 12: exactly 30.0 for 30 calendar years).

    Returns (years, [(first day, last day, school id), …] of the rural segments).
    """
    segments = [seg for seg in timeline(posts, stays, until, first_known) if area_of.get(seg[2]) in rural]
    return service_months((a, b) for a, b, _ in segments) / 12, segments


def full_years(since: dt.date, on: dt.date) -> int:
    """Whole years from ``since`` to ``on`` (as an age is counted)."""
    return on.year - since.year - ((on.month, on.day) < (since.month, since.day))


def months_between(since: dt.date, on: dt.date) -> int:
    return (on.year - since.year) * 12 + on.month - since.month - (on.day < since.day)


def same_school_since(posts: list[Post], on: dt.date) -> dt.date | None:
    """Start of the unbroken run of post records at the post school of ``on`` (进本校 date)."""
    school = post_school(posts, on)
    if school is None:
        return None
    ordered = sorted((post_interval(p) + (p.school_id,) for p in posts), key=lambda r: r[0] or dt.date.min)
    since = None
    prev_end = None
    for start, end, sid in ordered:
        if start is not None and start > on:
            break
        contiguous = prev_end is not None and start is not None and start <= prev_end + dt.timedelta(days=31)
        if sid == school:
            if since is None or not contiguous:
                since = start
        else:
            since = None
        prev_end = end
    return since
