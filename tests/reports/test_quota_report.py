"""编制台账统计 (issue 22 §1) on the built county of tests/quota_builder.py (known figures) and the demo county:
changes by kind and school over a period, "为 N 所学校核定编制 M 个", 编制使用率, 总量 vs 按标准应配, 空编/超编
with the 调剂 that would close them; the same figures in `report annual --from/--to`; PDF, Excel and JSON."""

import datetime as dt
import json

import openpyxl
import pytest

from talentdesk.cli import main
from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Period
from tests.quota_builder import build

TODAY = dt.date(2026, 3, 1)


def _report(db, start, end):
    return catalogue.compute(db, "quota", Params(period=Period(start, end), today=TODAY))


def _part(report, title):
    return next(p for p in report.parts if p.title.startswith(title))


def test_changes_over_a_period(db):
    build(db)
    rep = _report(db, (2025, 1), (2025, 12))
    kinds = {r[0]: r[1:] for r in _part(rep, "编制变动（按类型）").rows}
    assert kinds == {
        "核定": (0, 0, 0),
        "核增": (1, 1, 2),
        "核减": (1, 1, 1),
        "调剂（调出）": (1, 1, 1),
        "调剂（调入）": (1, 1, 1),
        "专项编制": (1, 1, 2),
        "周转池借出": (1, 1, 3),
        "周转池收回": (1, 1, 1),
        "合计": (7, "", 10),
    }
    assert rep.summary["changes"]["headline"] == (
        "期间内没有年度核定；为 3 所学校增加编制 8 个（核增、专项、调入、周转池借入）"
    )
    schools = {(r[0], r[1]): r[2:] for r in _part(rep, "编制变动（按学校）").rows}
    assert schools[("城关小学", "小学")] == ("", 2, "", "", "", "", 3, 1, 4)
    assert schools[("城关中学", "初中")] == ("", "", "", "", 1, 2, "", "", 1)
    assert schools[("河村学校", "初中")] == ("", "", "", 1, "", "", "", "", 1)
    first = _report(db, (2024, 1), (2024, 12))
    assert first.summary["changes"]["headline"].startswith("为 3 所学校核定编制 27 个")


def test_usage_standard_and_gaps(db):
    build(db)
    rep = _report(db, (2025, 1), (2025, 12))
    usage = _part(rep, "编制使用率（2025-12-31）")
    assert usage.rows[-1][:9] == ("合计", "", "", 32, 2, 2, 31, "96.9%", 1)
    assert rep.summary["usage"] == dict(
        quota=32, in_post=31, usage=0.9688, over_schools=1, over_posts=1, vacant_schools=1, vacant_posts=2
    )
    standard = {r[0]: r[1:] for r in _part(rep, "编制总量与按标准应配").rows}
    assert standard["小学"] == (310, 16.3, 18, 16, 1.7, "88.9%")
    assert standard["初中"] == (180, 13.3, 14, 15, 0.7, "107.1%")
    gaps = {(r[0], r[2]): r[3:] for r in _part(rep, "空编与超编学校").rows}
    assert gaps == {
        ("城关中学", "初中"): (9, 10, -1, "超编", "尚缺 1 个：核增或从周转池借出"),
        ("城关小学", "小学"): (14, 12, 2, "空编", ""),
    }
    county = _part(rep, "全县事业编制").rows
    assert county[0][:6] == ("2025-2026学年", 5000, 3100, "62.0%", 32, 4)
    # a township: its schools' rows of the county report, the advice worked out over the whole county
    from talentdesk.reports.params import Scope

    town = catalogue.compute(
        db, "quota", Params(period=Period((2025, 1), (2025, 12)), today=TODAY, scope=Scope.parse("township:城关镇"))
    )
    assert {(r[0], r[2]) for r in _part(town, "空编与超编学校").rows} == set(gaps)
    assert _part(town, "全县事业编制").rows == []
    kinds = {r[0]: r[1:] for r in _part(town, "编制变动（按类型）").rows}
    assert kinds["调剂（调出）"] == (1, 1, 1) and kinds["调剂（调入）"] == (0, 0, 0)


def test_gap_advice_moves_posts_between_schools_of_a_stage(db):
    from talentdesk.services.deployment import quota_ledger

    ids = build(db)
    quota_ledger.save_decision(
        db,
        None,
        dict(
            kind="核增",
            decided_on="2025-12-10",
            doc_no="县编办〔2025〕40号",
            count=3,
            school_id=ids["河村学校"],
            stage="初中",
        ),
    )
    rep = _report(db, (2025, 1), (2025, 12))
    gaps = {(r[0], r[2]): r[7] for r in _part(rep, "空编与超编学校").rows}
    assert gaps[("城关中学", "初中")] == "从河村学校调剂 1 个"
    assert gaps[("河村学校", "初中")] == "调剂 1 个给城关中学"


def test_the_annual_statistics_carry_the_ledger(db):
    build(db)
    rep = catalogue.compute(db, "annual", Params(period=Period((2024, 1), (2025, 12)), today=TODAY))
    got = {r[1]: r[2:] for r in rep.parts[0].rows if r[0] == "编制"}
    assert got == {
        "核定编制（校次）": (3, 0, 3),
        "核定编制数": (27, 0, 27),
        "核增编制数": (0, 4, 4),
        "其中专项编制": (0, 2, 2),
        "核减编制数": (0, 1, 1),
        "调剂调出编制数": (0, 1, 1),
        "调剂调入编制数": (0, 1, 1),
        "周转池借出": (0, 3, 3),
        "周转池收回": (0, 1, 1),
    }
    one = catalogue.compute(db, "annual", Params(year=2025, today=TODAY))
    assert {r[1]: r[2] for r in one.parts[0].rows if r[0] == "编制"}["核增编制数"] == 4


@pytest.fixture(scope="module")
def demo(demo_templates, tmp_path_factory):
    return demo_templates.copy(tmp_path_factory.mktemp("quota") / "demo.db")


def test_demo_county_pdf_excel_json_agree_with_annual(demo, tmp_path):
    out = tmp_path / "q.json"
    assert main(["--db", str(demo), "report", "quota", "--since", "2020", str(out)]) == 0
    data = json.loads(out.read_text("utf-8"))
    changes = data["summary"]["changes"]
    assert changes["set_schools"] > 20 and changes["set_posts"] > 1000 and changes["moved"] > 0
    assert data["summary"]["usage"]["over_schools"] >= 1 and 0.8 < data["summary"]["usage"]["usage"] < 1.0
    annual = tmp_path / "a.json"
    assert main(["--db", str(demo), "report", "annual", "--since", "2020", str(annual)]) == 0
    figures = json.loads(annual.read_text("utf-8"))["summary"]["figures"]["编制"]
    assert figures["核定编制数"]["total"] == changes["set_posts"]
    assert figures["调剂调出编制数"]["total"] == changes["moved"] == changes["moved_in"]
    assert figures["调剂调入编制数"]["total"] == changes["moved"]
    assert figures["核减编制数"]["total"] == changes["cut"]
    assert figures["核增编制数"]["total"] == changes["added"]
    for suffix in ("pdf", "xlsx"):
        path = tmp_path / f"q.{suffix}"
        assert main(["--db", str(demo), "report", "quota", "--since", "2020", str(path)]) == 0
        assert path.stat().st_size > 5000
    wb = openpyxl.load_workbook(tmp_path / "q.xlsx")
    assert any(name.startswith("编制使用率") for name in wb.sheetnames)
    ledger = tmp_path / "台账.xlsx"
    assert main(["--db", str(demo), "export", "quota-ledger", str(ledger)]) == 0
    ws = openpyxl.load_workbook(ledger)["编制台账"]
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "已作废（学校选错，已作废）" in values and any(str(v).startswith("共 ") for v in values)
