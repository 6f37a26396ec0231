"""援派选派统计 and the 援派 lines of `report annual` (issue 22 §2): 报名 x 人、选派 y 人 by destination province and
kind over any period, teachers away, and the candidate list as an Excel file."""

import datetime as dt

import openpyxl
import pytest

from talentdesk.domain.dates import PartialDate
from talentdesk.reports import catalogue
from talentdesk.reports import postings as report
from talentdesk.reports.params import Params, Period, Scope
from talentdesk.services.deployment import placements, postings
from tests.deployment_builder import build
from tests.services.test_postings import SELECTED, _call, _candidate

TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def county(db):
    ids = build(db)
    tibet = _call(db)
    xj = _call(
        db,
        title="2025年援疆教师选派",
        kind="援疆",
        unit="喀什地区疏附县第二中学",
        region="新疆维吾尔自治区",
        announced="2025-02",
        start="2025-08",
        planned_end="2026-07",
    )
    _candidate(db, tibet, ids["城1"], **SELECTED)
    _candidate(
        db,
        tibet,
        ids["城2"],
        recommended_on="2026-03-20",
        assessed_on="2026-04",
        decision="未选派",
        decided_on="2026-05-10",
    )
    _candidate(db, tibet, ids["甲1"])
    back = _candidate(
        db,
        xj,
        ids["城4"],
        applied_on="2025-03",
        recommended_on="2025-03",
        assessed_on="2025-04",
        decision="选派",
        decided_on="2025-05",
    )
    placements.end(db, postings.get_candidate(db, back)["placement_id"], "2026-07-15")  # back from Xinjiang
    return db, ids


def test_the_report_counts_applications_and_selections_by_region_and_kind(county):
    db, _ = county
    r = catalogue.compute(db, "postings", Params(year=2026, today=TODAY))
    s = r.summary
    assert (s["applied"], s["selected"], s["not_selected"]) == (3, 1, 1)
    assert s["by_region"] == {"西藏自治区": 1} and s["by_kind"] == {"援藏": 1}
    assert s["away"] == 1  # 城1 in Tibet; 城4 came back from Xinjiang in 2026-07
    assert s["away_in_period"] == 2
    head, by_region, calls, away = r.parts
    assert by_region.rows == [("西藏自治区", 1, 1), ("合计", 1, 1)]
    assert calls.rows[0][:6] == ("2026年援藏教师选派", "援藏", "西藏自治区", "日喀则市第一中学", 2, 3)
    assert calls.rows[0][6:] == (1, 0, 0, 1, 1)  # stopped at 报名, 推荐, 考核; 选派; 未选派
    assert [row[0] for row in away.rows] == ["城4", "城1"]
    both = catalogue.compute(db, "postings", Params(period=Period((2025, 1), (2026, 12)), today=TODAY)).summary
    assert (both["applied"], both["selected"]) == (4, 2)
    assert both["by_region"] == {"西藏自治区": 1, "新疆维吾尔自治区": 1}
    village = catalogue.compute(db, "postings", Params(year=2026, today=TODAY, scope=Scope("school", "甲村小学")))
    assert (village.summary["applied"], village.summary["selected"], village.summary["away"]) == (1, 0, 0)


def test_report_annual_shows_the_postings_over_any_period(county):
    db, _ = county
    r = catalogue.compute(db, "annual", Params(period=Period((2025, 1), (2026, 12)), today=TODAY))
    figures = r.summary["figures"]["援派（援藏援疆等）"]
    assert figures["报名人数"] == {"years": {"2025": 1, "2026": 3}, "total": 4}
    assert figures["选派：援疆"]["total"] == 1 and figures["选派：援藏"]["total"] == 1
    assert figures["期间内在外教师"] == {"years": {"2025": 1, "2026": 2}, "total": None}
    one = catalogue.compute(db, "annual", Params(year=2026, today=TODAY)).summary["figures"]["援派（援藏援疆等）"]
    assert one["选派人数"] == {"this": 1, "last": 1}
    # an outside posting is no exchange between the county's schools
    assert "援藏" not in r.summary["figures"]["交流轮岗"]


def test_the_candidate_list_exports(county, tmp_path):
    db, _ = county
    out = tmp_path / "援派.xlsx"
    assert report.export(db, out, first=PartialDate(2026), last=PartialDate(2026)) == 3
    ws = openpyxl.load_workbook(out).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "援派报名与选派名单" in values[0] and "日喀则市第一中学" not in values
    assert "选派" in values and "本人自愿报名" in " ".join(str(v) for v in values)
