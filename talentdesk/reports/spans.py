"""The columns of a table that counts events over a period: one per year of --from/--to (or --since) and 合计,
one for --year, else one column over every record (累计). Dates known only to the year lie in a span that holds
the whole year (reports.events.within), as in the annual statistics."""

from __future__ import annotations

from talentdesk.domain.dates import PartialDate
from talentdesk.reports.events import YM, within
from talentdesk.reports.params import Params, Period

EVER: tuple[YM, YM] = ((1900, 1), (2100, 12))
TOTAL = "合计"


def columns(params: Params) -> list[tuple[str, YM, YM]]:
    """[(label, first month, last month)]: the years of the period and 合计 (several years), the --year, or 累计."""
    period = params.period
    if period is not None:
        out = []
        for y in period.years:
            a, b = period.year_span(y)
            out.append((str(y) if (a, b) == ((y, 1), (y, 12)) else Period.span_label(a, b), a, b))
        if len(out) > 1:
            out.append((TOTAL, period.start, period.end))
        return out
    if params.year is not None:
        return [(f"{params.year}年", (params.year, 1), (params.year, 12))]
    return [("累计", *EVER)]


def whole(params: Params) -> tuple[YM, YM] | None:
    """The period or --year as one span; None when neither is given."""
    if params.period is not None:
        return params.period.start, params.period.end
    if params.year is not None:
        return (params.year, 1), (params.year, 12)
    return None


def bounds(params: Params) -> tuple[YM, YM]:
    """whole() for the reports that run only over a period or a year (their callers check one is given)."""
    span = whole(params)
    if span is None:
        raise ValueError("a period or a year is required")
    return span


def label(params: Params) -> str:
    if params.period is not None:
        return params.period.label
    return f"{params.year}年" if params.year is not None else "全部记录"


def ym(d: PartialDate | None) -> YM | None:
    """A stored date as events.within reads it: (year, month or 0)."""
    return None if d is None else (d.year, d.month or 0)


def inside(d: PartialDate | None, start: YM, end: YM) -> bool:
    return within(ym(d), start, end)


def overlaps(first: PartialDate | None, last: PartialDate | None, start: YM, end: YM) -> bool:
    """Whether something from FIRST to LAST (either may be open) lasted into the months START … END; a date
    known to the year only counts from January (a start) or to December (an end)."""
    if first is not None and (first.year, first.month or 1) > end:
        return False
    return last is None or (last.year, last.month or 12) >= start


def year_inside(year: int | None, start: YM, end: YM) -> bool:
    """Whether a record dated by its year alone (a batch year, an 师德 year) lies in START … END: only when the
    span holds that whole year, as within() reads a date known to the year."""
    return year is not None and within((year, 0), start, end)


def title(base: str, params: Params) -> str:
    """BASE with the period or --year in front (2021—2025年招聘录用名单); BASE alone without either."""
    return f"{label(params)}{base}" if whole(params) else base


def note(params: Params, what: str) -> str:
    """The sentence saying which records a list over a period holds: "统计期间 2021—2025年：WHAT在期间内的记录；…"."""
    span = whole(params)
    if span is None:
        return ""
    (a, b) = span
    return (
        f"统计期间 {label(params)}（{a[0]}年{a[1]}月至{b[0]}年{b[1]}月）：{what}在期间内的记录；"
        "只有年份没有月份的日期，期间含该年全年时才计入。"
    )


def sql_within(column, start: YM, end: YM):
    """within() as an SQL condition on a stored date (ISO text of its precision): a date with its month lies in
    START … END by its first seven characters, a date known to the year only when the span holds that year."""
    from sqlalchemy import and_, func, or_

    from talentdesk.reports.events import raw

    text = raw(column)
    first = start[0] if start[1] == 1 else start[0] + 1
    last = end[0] if end[1] == 12 else end[0] - 1
    return or_(
        and_(
            func.length(text) >= 7,
            func.substr(text, 1, 7) >= f"{start[0]:04d}-{start[1]:02d}",
            func.substr(text, 1, 7) <= f"{end[0]:04d}-{end[1]:02d}",
        ),
        and_(func.length(text) == 4, text >= f"{first:04d}", text <= f"{last:04d}"),
    )
