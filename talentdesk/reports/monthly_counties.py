"""`monthly-counties` 各区县人才数据月报汇总 (city): the 人才数据月报 figures each county sent for the month in a
monthly package, one column per county and their sum. Counties whose whole data package is also in the database
are marked (their figures can be recomputed here with the scope 区县：NAME)."""

from __future__ import annotations

from talentdesk.reports import ReportTable
from talentdesk.reports.catalogue import Report
from talentdesk.services.exchange.receive import data_counties, figures

ORDER = ["月末总量", "增加", "减少", "变动", "职称"]


def monthly_counties(db, params) -> Report:
    y, m = params.month_or_current()
    period = f"{y:04d}-{m:02d}"
    label = f"{y}年{m}月"
    conn = params.connection  # the catalogue's connection (None when called directly): one for the report
    received = figures(db, period, conn)
    counties = sorted(received)
    items: list[tuple[str, str]] = []
    values: dict[tuple[str, str], dict[str, int]] = {}
    for c in counties:
        for section, item, this, _last in received[c]:
            key = (section, item)
            if key not in values:
                items.append(key)
                values[key] = {}
            values[key][c] = this
    items.sort(key=lambda k: ORDER.index(k[0]) if k[0] in ORDER else len(ORDER))  # stable: 其中 under its parent
    rows, emphasis = [], set()
    for key in items:
        if not key[1].startswith("其中"):
            emphasis.add(len(rows))
        per = [values[key].get(c, 0) for c in counties]
        rows.append((key[0], key[1], *per, sum(per)))
    headers = ("类别", "项目", *counties, "合计")
    table = ReportTable(
        f"{label}各区县人才数据月报汇总",
        headers,
        rows,
        (10, 26, *[10] * len(counties), 10),
        emphasis=frozenset(emphasis),
    )
    with_data = set(data_counties(db, conn))
    notes = [f"统计月份 {label}；数字为各区县通过数据交换包报来的月报（本月），共 {len(counties)} 个区县。"]
    if not counties:
        notes.append("本月尚未导入任何区县的月报数据包。")
    only = [c for c in counties if c not in with_data]
    if only:
        notes.append(f"以下区县只报来月报数字、未导入完整数据：{'、'.join(only)}。")
    summary = {
        "month": period,
        "counties": counties,
        "figures": {f"{k[0]}/{k[1]}": {**values[k], "合计": sum(values[k].values())} for k in items},
    }
    return Report(
        title="各区县人才数据月报汇总",
        parts=[table],
        notes=notes,
        summary=summary,
        period_label=label,
        scope_label="全市（各区县报送）",
    )
