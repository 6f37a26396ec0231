"""Statistics over any period: `report annual --from 2021 --to 2025` gives one column per year and 合计, each
year equal to `report annual --year Y`, every 合计 the sum of its years; --since, --compare, partial years."""

import datetime as dt
import json

import pytest

from talentdesk.cli import main
from talentdesk.errors import UserError
from talentdesk.reports.params import Period, parse_period


@pytest.fixture(scope="module")
def demo_db(demo_templates, tmp_path_factory):
    """The demo county (seed 2026), a copy of the session's template shared by this module's read-only tests."""
    return demo_templates.copy(tmp_path_factory.mktemp("period") / "demo.db")


def run(db, tmp_path, *args) -> dict:
    out = tmp_path / f"r{abs(hash(args))}.json"
    assert main(["--db", str(db), "report", "annual", *args, str(out)]) == 0
    return json.loads(out.read_text("utf-8"))


def test_period_columns_are_the_single_years_and_their_sum(demo_db, tmp_path):
    data = run(demo_db, tmp_path, "--from", "2021", "--to", "2025")
    assert data["columns"] == ["类别", "项目", "2021", "2022", "2023", "2024", "2025", "合计"]
    singles = {}
    for y in range(2021, 2026):
        one = run(demo_db, tmp_path, "--year", str(y))
        singles[y] = {(r[0], r[1]): r[2] for r in one["rows"]}
    assert len(data["rows"]) > 40
    for row in data["rows"]:
        key, years, total = (row[0], row[1]), row[2:7], row[7]
        if total == "—":
            continue
        assert total == pytest.approx(sum(years)), key
        for y, v in zip(range(2021, 2026), years):
            assert v == singles[y][key], (key, y)
    recruits = {(r[0], r[1]): r for r in data["rows"]}[("补充教师", "合计")]
    assert recruits[7] > 0
    # the stock is not added up: a table of its own, one column per year end
    stock = data["parts"][0]
    assert stock["columns"] == ["类别", "项目", "2021", "2022", "2023", "2024", "2025"]
    assert stock["rows"][0][2] == singles[2021][("队伍总量", "年末在岗教师")]


def test_since_and_compare(demo_db, tmp_path):
    since = run(demo_db, tmp_path, "--since", "2024")
    today = dt.date.today()
    assert since["columns"][2] == "2024" and since["columns"][-1] == "合计"
    compared = run(demo_db, tmp_path, "--from", "2024", "--to", "2025", "--compare")
    assert compared["columns"][-3:] == ["合计", "上期合计", "增减"]
    earlier = run(demo_db, tmp_path, "--from", "2022", "--to", "2023")
    before = {(r[0], r[1]): r[-1] for r in earlier["rows"]}
    for r in compared["rows"]:
        if r[-2] != "—":
            assert r[-2] == before[(r[0], r[1])]
            assert r[-1] == pytest.approx(r[-3] - r[-2])
    assert since["period"].startswith("2024") and str(today.year) in since["period"]


def test_partial_years_count_only_their_months(demo_db, tmp_path):
    data = run(demo_db, tmp_path, "--from", "2023-09", "--to", "2024-08")
    assert data["columns"][2:] == ["2023年9—12月", "2024年1—8月", "合计"]
    full = run(demo_db, tmp_path, "--from", "2023", "--to", "2024")
    a = {(r[0], r[1]): r[-1] for r in data["rows"]}
    b = {(r[0], r[1]): r[-1] for r in full["rows"]}
    assert a[("职称晋升", "合计")] <= b[("职称晋升", "合计")]


@pytest.mark.parametrize(
    "args, says",
    [
        (["--year", "2025", "--from", "2021"], "只能用一种"),
        (["--from", "2025", "--to", "2021"], "早于开始"),
        (["--from", "21"], "应写成年份"),
        (["--compare"], "需要同时给出统计期间"),
    ],
)
def test_bad_periods_are_refused_in_chinese(demo_db, tmp_path, capsys, args, says):
    assert main(["--db", str(demo_db), "report", "annual", *args, str(tmp_path / "x.json")]) == 2
    assert says in capsys.readouterr().err


def test_period_arithmetic():
    p = parse_period("2021-09", "2025-08", None, dt.date(2026, 12, 5))
    assert p == Period((2021, 9), (2025, 8)) and p.months == 48
    assert p.previous() == Period((2017, 9), (2021, 8))
    assert p.year_span(2021) == ((2021, 9), (2021, 12)) and p.label == "2021年9月—2025年8月"
    assert parse_period(None, None, "2021", dt.date(2026, 3, 5)).end == (2026, 3)
    with pytest.raises(UserError):
        parse_period(None, "2025", None, dt.date(2026, 3, 5))
