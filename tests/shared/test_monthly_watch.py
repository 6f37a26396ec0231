"""各区县重点指标监测预警 (issue 22 §3, city scope shows each county): for each county whose data package is in the
city database, the 重点指标 values and marks are those of the 月报 with the scope 区县：NAME."""

from __future__ import annotations

from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Scope
from tests.shared.test_exchange import COUNTIES, MONTH, TODAY, city_db, counties  # noqa: F401 (the fixtures)
from tests.shared.test_exchange_scopes import city  # noqa: F401 (the fixture)


def test_each_county_of_a_city_has_its_key_indicators(city, counties):  # noqa: F811
    rep = catalogue.compute(city, "monthly-watch", Params(month=MONTH, today=TODAY))
    table = rep.parts[0]
    assert table.headers == ("重点指标", "关注线 / 预警线", *sorted(COUNTIES))
    assert len(table.rows) == 4
    for i, county in enumerate(sorted(COUNTIES)):
        own = catalogue.compute(city, "monthly", Params(month=MONTH, today=TODAY, scope=Scope("county", county)))
        kpi = next(p for p in own.parts if p.title == "五、重点指标监测预警")
        for mine, theirs in zip(table.rows, kpi.rows):
            value = theirs[1].split("（")[0]  # the rural rate shows (losses/stock) beside it in the 月报
            assert mine[2 + i] == f"{value}（{theirs[4]}）", (county, mine[0])
    # a county's own database has no county packages: the table is empty and says why
    alone = catalogue.compute(counties["青禾县"]["db"], "monthly-watch", Params(month=MONTH, today=TODAY))
    assert alone.parts[0].headers == ("重点指标", "关注线 / 预警线")
    assert any("没有任何区县的完整数据包" in n for n in alone.notes)
