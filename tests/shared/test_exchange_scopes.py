"""A city database built from county packages (issue 10 §3), on both back ends: townships are per county (the two
demo counties share township names), totals are named 全市合计 / 区县名合计 / 全县合计, the 各区县月报汇总
reads through one connection, and a city database cannot send a county's data or monthly package."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select, update

from talentdesk.errors import UserError
from talentdesk.reports import catalogue, monthly_package, statistics
from talentdesk.reports.params import Params, Scope
from talentdesk.services.accounts import access
from talentdesk.services.exchange import packages as exchange
from talentdesk.store.models import School
from tests import exchange_keys_helper as keyhelp
from tests.shared.test_exchange import COUNTIES, MONTH, TODAY, city_db, counties  # noqa: F401 (the fixtures)

TOWN = "东古城镇"  # a township of both demo counties


@pytest.fixture
def city(counties, city_db):  # noqa: F811
    for c in COUNTIES:
        for k in ("data", "monthly"):
            assert exchange.import_file(city_db, counties[c][k]).status == "imported"
    return city_db


def _schools(db, **where) -> set[str]:
    with db.sessions() as s:
        return set(s.scalars(select(School.name).where(*(getattr(School, k) == v for k, v in where.items()))))


def test_townships_are_per_county_in_a_city(counties, city):  # noqa: F811
    choices = statistics.scope_choices(city)
    assert (f"乡镇：青禾县 {TOWN}", f"township:青禾县/{TOWN}") in choices
    assert (f"乡镇：临河县 {TOWN}", f"township:临河县/{TOWN}") in choices
    assert not any(text == f"township:{TOWN}" for _, text in choices)  # no entry that mixes two counties

    with city.sessions() as s:
        ids = Scope.parse(f"township:青禾县/{TOWN}").school_ids(s)
        assert ids == set(s.scalars(select(School.id).where(School.county == "青禾县", School.township == TOWN)))
        assert ids.isdisjoint(Scope.parse(f"乡镇：临河县 / {TOWN}").school_ids(s))
        with pytest.raises(UserError) as e:
            Scope.parse(f"township:{TOWN}").school_ids(s)
        assert "多个区县" in e.value.message and "青禾县" in e.value.message and "临河县" in e.value.message
        assert f"township:临河县/{TOWN}" in e.value.message or f"township:青禾县/{TOWN}" in e.value.message
        with pytest.raises(UserError, match="没有区县“长河县”的乡镇"):
            Scope.parse(f"township:长河县/{TOWN}").school_ids(s)

    # the city's township report is the county's own township report
    mine = catalogue.compute(
        counties["青禾县"]["db"], "structure", Params(scope=Scope.parse(f"township:{TOWN}"), today=TODAY)
    )
    there = catalogue.compute(city, "structure", Params(scope=Scope.parse(f"township:青禾县/{TOWN}"), today=TODAY))
    assert [p.rows for p in there.parts] == [p.rows for p in mine.parts]
    assert there.scope_label == f"青禾县{TOWN}"
    # the whole city: each county's 东古城镇 its own subtotal
    whole = catalogue.compute(city, "structure", Params(scope=Scope(), today=TODAY))
    subtotals = [r[0] for r in whole.main.rows if str(r[0]).endswith(f"{TOWN}小计")]
    assert sorted(subtotals) == sorted(f"{c}{TOWN}小计" for c in COUNTIES)


def test_a_plain_township_still_works_in_a_county_database(counties):  # noqa: F811
    county = counties["青禾县"]["db"]
    assert (f"乡镇：{TOWN}", f"township:{TOWN}") in statistics.scope_choices(county)
    with county.sessions() as s:
        assert Scope.parse(f"township:{TOWN}").school_ids(s)


def _totals(db, name: str, scope: str) -> set[str]:
    rep = catalogue.compute(db, name, Params(scope=Scope.parse(scope), today=TODAY))
    return {str(r[0]) for p in rep.parts for r in p.rows if "合计" in str(r[0])}


def test_totals_are_named_for_the_scope(counties, city):  # noqa: F811
    county = counties["青禾县"]["db"]
    assert _totals(county, "structure", "county") == {"全县合计"}
    assert _totals(city, "structure", "county") == {"全市合计"}
    assert _totals(city, "structure", "county:临河县") == {"临河县合计"}
    assert _totals(county, "staffing", "county") == {"全县合计"}
    assert _totals(city, "staffing", "county") == {"全市合计"}
    assert _totals(city, "staffing", "county:青禾县") == {"青禾县合计"}
    assert _totals(city, "staffing", f"township:青禾县/{TOWN}") == {"乡镇合计"}  # was 全县合计
    balance = catalogue.compute(city, "balance", Params(scope=Scope(), today=TODAY))
    assert "全市值（每百名学生）" in balance.parts[1].headers
    one = catalogue.compute(city, "balance", Params(scope=Scope.parse("county:青禾县"), today=TODAY))
    assert "全县值（每百名学生）" in one.parts[1].headers


def test_monthly_counties_reads_through_one_connection(city):
    checkouts = []

    def count(*_args):
        checkouts.append(1)

    event.listen(city.engine, "checkout", count)
    try:
        rep = catalogue.compute(city, "monthly-counties", Params(month=MONTH))
    finally:
        event.remove(city.engine, "checkout", count)
    assert rep.main.headers == ("类别", "项目", "临河县", "青禾县", "合计")
    assert len(checkouts) == 1
    assert not any("只报来月报数字" in n for n in rep.notes)  # both counties' data is there too


def test_a_city_database_cannot_export_a_county_package(counties, city, tmp_path):  # noqa: F811
    for kind in ("data", "monthly"):
        with pytest.raises(UserError, match="多个区县数据的市级数据库") as e:
            exchange.export(
                city,
                kind,
                "2026-11",
                tmp_path / f"{kind}.tdpkg",
                county="青禾县",
                monthly_figures=monthly_package.figures,
            )
        assert "青禾县" in e.value.message and "临河县" in e.value.message and "codes" in e.value.message
        assert exchange.export_problem(city, kind) == e.value.message
    assert not list(tmp_path.glob("*.tdpkg"))
    assert exchange.export_problem(city, "codes") == ""
    assert exchange.export(city, "codes", "2026-11", tmp_path / "codes", county="某市")["kind"] == "codes"


def test_a_database_of_one_named_county_exports_only_under_that_name(city_db, counties, tmp_path):  # noqa: F811
    db = city_db
    keyhelp.register(db, counties["_city"])  # its exports are sealed to a registered city key
    assert exchange.import_file(db, counties["临河县"]["data"]).status == "imported"
    with pytest.raises(UserError, match="都属于区县“临河县”"):
        exchange.export(db, "data", "2026-11", tmp_path / "x.tdpkg", county="青禾县")
    m = exchange.export(
        db, "monthly", "2026-11", tmp_path / "y.tdpkg", monthly_figures=monthly_package.figures
    )  # the name comes from the schools
    assert m["county"] == "临河县"
    with db.engine.begin() as conn:  # a county database whose schools do not carry a name: any name goes
        conn.execute(update(School).values(county=None))
    assert exchange.export(db, "data", "2026-11", tmp_path / "z.tdpkg", county="临河县")["county"] == "临河县"


def test_export_needs_the_right_for_its_kind(counties, db):  # noqa: F811
    county = counties["青禾县"]["db"]
    assert exchange.export_problem(county, "data") == ""
    access.sign_in(county, access.Identity("小李", access.CLERK))
    try:
        assert "没有“查看、打印和导出完整身份证号与电话”的权限" in exchange.export_problem(county, "data")
        assert exchange.export_problem(county, "monthly") == ""
    finally:
        access.sign_out(county)
