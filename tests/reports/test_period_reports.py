"""Issue 17 §1: every report that counts events over time takes the same period (--from/--to, --since) as the
annual statistics, with the period in its title and notes; each year of a period equals that year alone; a report
that is a snapshot, or cannot show the period asked, refuses it in Chinese."""

import json
import subprocess

import openpyxl
import pytest

from talentdesk.cli import main


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("period_reports") / "demo.db"
    assert main(["--db", str(path), "demo", "--size", "county", "--seed", "2026"]) == 0
    return path


def run(db, tmp_path, name, *args, suffix=".json"):
    out = tmp_path / f"{name}{abs(hash(args))}{suffix}"
    assert main(["--db", str(db), "report", name, *args, str(out)]) == 0
    return json.loads(out.read_text("utf-8")) if suffix == ".json" else out


def tables(data):
    return [data] + data.get("parts", [])


def test_mentoring_period_is_the_sum_of_its_years(demo_db, tmp_path):
    whole = run(demo_db, tmp_path, "mentoring", "--from", "2021", "--to", "2025")
    assert whole["title"].startswith("2021—2025年") and whole["period"] == "2021—2025年"
    assert any("统计期间 2021—2025年" in n for n in whole["notes"])
    years = [run(demo_db, tmp_path, "mentoring", "--year", str(y))["rows"][-1] for y in range(2021, 2026)]
    total = whole["rows"][-1]
    assert total[0] == "合计" and total[1] > 0
    assert total[1:] == [sum(r[i] for r in years) for i in range(1, len(total))]
    everything = run(demo_db, tmp_path, "mentoring")["rows"][-1]
    assert everything[1] >= total[1]


def test_training_period_years_equal_the_annual_figures(demo_db, tmp_path):
    data = run(demo_db, tmp_path, "training", "--from", "2022", "--to", "2024")
    assert data["columns"] == ["级别", "2022", "2023", "2024", "合计"]
    times = {r[0]: r[1:] for r in data["rows"]}
    hours = {r[0]: r[1:] for r in data["parts"][0]["rows"]}
    for y, col in ((2022, 0), (2023, 1), (2024, 2)):
        annual = {(r[0], r[1]): r[2] for r in run(demo_db, tmp_path, "annual", "--year", str(y))["rows"]}
        for lv in ("国培", "省培", "市培", "县培", "校本"):
            assert times[lv][col] == annual[("培训", f"{lv}人次")], (lv, y)
            assert hours[lv][col] == pytest.approx(annual[("培训", f"{lv}学时")]), (lv, y)
    for row in data["rows"]:
        assert row[-1] == sum(row[1:-1])
    schools = data["parts"][1]["rows"]
    assert schools[-1][0] == "全县合计" and schools[-1][3] == times["合计"][-1]  # person-times agree


def test_attrition_period_columns_equal_the_five_year_table(demo_db, tmp_path):
    five = run(demo_db, tmp_path, "attrition", "--year", "2025")
    period = run(demo_db, tmp_path, "attrition", "--from", "2023", "--to", "2025")
    assert period["columns"] == ["离岗方式", "2023", "2024", "2025", "合计"]
    a = {r[0]: r[3:6] for r in five["rows"]}  # 2021 … 2025: the last three
    b = {r[0]: r[1:4] for r in period["rows"]}
    assert b and all(b[k] == a[k] for k in b)
    assert all(r[-1] == sum(r[1:-1]) for r in period["rows"])


def test_monthly_over_months_equals_each_month(demo_db, tmp_path):
    data = run(demo_db, tmp_path, "monthly", "--from", "2025-03", "--to", "2025-05")
    assert data["columns"] == ["类别", "项目", "2025年3月", "4月", "5月", "合计"]
    for i, m in enumerate(("2025-03", "2025-04", "2025-05")):
        one = {(r[0], r[1]): r[2] for r in run(demo_db, tmp_path, "monthly", "--month", m)["rows"]}
        for r in data["rows"]:
            assert r[2 + i] == one.get((r[0], r[1]), 0), (r, m)
    stock = {(r[0], r[1]): r for r in data["rows"]}[("月末总量", "在岗教师")]
    assert stock[-1] == "—"  # a stock is not added up


def test_lists_keep_only_the_period(demo_db, tmp_path):
    every = run(demo_db, tmp_path, "services")
    some = run(demo_db, tmp_path, "services", "--from", "2024", "--to", "2025")
    assert some["title"] == "2024—2025年人才服务与师德记录"
    assert {r[0] for r in some["parts"][0]["rows"]} <= {2024, 2025}
    ethics_2025 = sum(1 for r in every["parts"][0]["rows"] if r[0] == 2025)
    assert (
        ethics_2025
        and run(demo_db, tmp_path, "services", "--from", "2020", "--to", "2024")["parts"][0]["rows"] == []
        or ethics_2025 == len(some["parts"][0]["rows"])
    )
    assert all(r[3][:4] in ("2024", "2025") for r in some["rows"])
    talents = run(demo_db, tmp_path, "talents", "--since", "2020")
    assert all(r[5] >= "2020" for r in talents["rows"]) and talents["notes"][0] == f"共 {len(talents['rows'])} 条"
    recruits = run(demo_db, tmp_path, "recruits", "--from", "2026", "--to", "2026")
    assert recruits["rows"] and {r[0] for r in recruits["rows"]} == {2026}


def test_rotation_over_a_period_lists_each_year(demo_db, tmp_path, capsys):
    data = run(demo_db, tmp_path, "rotation", "--since", "2026")
    assert data["columns"][0] == "年度" and data["rows"][-1][0] == "合计"
    assert data["rows"][0][3] == data["rows"][-1][3]  # one year: its total is the 合计
    assert (
        main(["--db", str(demo_db), "report", "rotation", "--from", "2021", "--to", "2022", str(tmp_path / "r.json")])
        != 0
    )
    assert "内没有交流轮岗年度" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args, says",
    [
        (["structure", "--from", "2021"], "不按统计期间统计"),
        (["tiers", "--since", "2021"], "是某一时点的情况"),
        (["recruits", "--from", "2021", "--compare"], "不与上一期间比较"),
        (["monthly", "--from", "2021", "--to", "2025"], "最多 12 个月"),
        (["monthly", "--month", "2025-01", "--from", "2025-01"], "只能用一种"),
        (["subsidies", "--from", "2025-01"], "不按统计期间统计"),
    ],
)
def test_a_period_a_report_cannot_honour_is_refused_in_chinese(demo_db, tmp_path, capsys, args, says):
    assert main(["--db", str(demo_db), "report", *args, str(tmp_path / "x.json")]) != 0
    assert says in capsys.readouterr().err


def test_the_period_is_printed_on_the_pdf_and_the_sheet(demo_db, tmp_path):
    pdf = run(demo_db, tmp_path, "training", "--from", "2021", "--to", "2025", suffix=".pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "2021—2025年教师培训人次与学时统计" in text and "统计期间 2021—2025年" in text
    xlsx = run(demo_db, tmp_path, "mentoring", "--from", "2021", "--to", "2025", suffix=".xlsx")
    ws = openpyxl.load_workbook(xlsx).worksheets[0]
    cells = " ".join(str(c.value) for row in ws.iter_rows(max_row=3) for c in row if c.value)
    assert "2021—2025年师徒结对情况统计" in cells
