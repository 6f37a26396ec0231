"""`monthly-watch` 各区县重点指标监测预警 (city, issue 22 §3): the 重点指标 of the 人才数据月报 for each county whose
whole data package is in the database, side by side — each value with its mark under this database's 关注 and
预警 lines — computed as the county's own 月报 would be with the scope 区县：NAME."""

from __future__ import annotations

from sqlalchemy import select

from talentdesk.reports import events as E
from talentdesk.reports import monthly_form, monthly_indicators
from talentdesk.reports.catalogue import Report
from talentdesk.reports.params import Scope
from talentdesk.services.exchange.receive import data_counties
from talentdesk.store.models import School


def compute(db, params) -> Report:
    y, m = params.month_or_current()
    label = f"{y}年{m}月"
    prev = (y - 1, 12) if m == 1 else (y, m - 1)
    counties = data_counties(db)
    figures = {}
    with db.sessions() as s:
        every = monthly_form.flagged_at(db, s, (y, m), params.rules, None) if counties else []
        for county in counties:
            ids = Scope("county", county).school_ids(s)
            ev = E.load(s, ids, since=f"{prev[0]:04d}-{prev[1]:02d}")
            stock = sum(1 for tid in ev.teachers if E.in_stock(ev, tid, (y, m)))
            names = set(s.scalars(select(School.name).where(School.id.in_(ids or set()))))
            flagged = [r for r in every if r[3] in names]  # the watch list once, each county's part by school
            figures[county] = monthly_form.indicator_figures(db, s, ev, (y, m), params.rules, ids, stock, flagged)
    table = monthly_indicators.by_county(figures, params.rules, label)
    notes = [f"统计月份 {label}；共 {len(counties)} 个区县的完整数据在本库中。"]
    if not counties:
        notes.append("本库中没有任何区县的完整数据包（市级数据库导入各区县的数据交换包后才有本表）。")
    summary = {
        "month": f"{y:04d}-{m:02d}",
        "counties": {c: monthly_indicators.marks(f, params.rules) for c, f in figures.items()},
    }
    return Report(
        title="各区县重点指标监测预警",
        parts=[table],
        notes=notes,
        summary=summary,
        period_label=label,
        scope_label="全市（各区县）",
    )
