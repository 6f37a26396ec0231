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
