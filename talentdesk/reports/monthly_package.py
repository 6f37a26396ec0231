"""The 人才数据月报 figures a monthly exchange package carries (issue 10, issue 16 §1).

The package writer lives in services (services/exchange/packages.py) and must not reach up into reports, so the
caller (CLI, GUI) computes the figures here, through the catalogue with its access checks, and passes this
function to packages.export(monthly_figures=...).
"""

from __future__ import annotations

from talentdesk.reports import catalogue
from talentdesk.reports.params import Params


def figures(db, month: tuple[int, int]) -> list[dict]:
    """One dict per line of the month's 人才数据月报: section, item, this month's and last month's value."""
    rep = catalogue.compute(db, "monthly", Params(month=month))
    return [{"section": r[0], "item": r[1], "this": r[2], "last": r[3]} for r in rep.main.rows]
