"""Issue 20 §4: 人才认定进度与引进人才经费 — “初步申报 x 人、认定 y 人” by kind over any period, agreed vs paid, the
payment sheet with its signature block, the terms ending soon; the same step counts and payments in `report annual`
(a year, and --from/--to); PDF, Excel and JSON; the demo county shows something in every part."""

import datetime as dt
import json

import openpyxl
import pytest

from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Period
from talentdesk.services.recruitment import recognition as talents
from tests.recruitment_builder import County


@pytest.fixture
def county(db):
    c = County(db)
    ids = c.teacher_ids
    for name, status, extra in (
        ("城中0", "认定", {"date": "2025-06-20", "doc_number": "人才字〔2025〕1号"}),
        ("城中1", "未认定", {"date": "2025-06-20"}),
        ("城中2", "初审不通过", {}),
    ):
        talents.save_recognition(
            db,
            None,
            {
                "teacher_id": ids[name],
                "kind": "高层次人才认定",
                "category": "C",
                "status": status,
                "applied": "2025-04-10",
                "reviewed": "2025-05-12",
                **extra,
            },
        )
    talents.save_recognition(
        db,
        None,
        {
            "teacher_id": ids["城中3"],
            "kind": "领军人才梯队",
            "project": "初中数学",
            "status": "申报",
            "applied": "2026-03",
        },
    )
    aid = talents.save_agreement(
        db,
        None,
        {
            "teacher_id": ids["城中4"],
            "kind": "全职引进",
            "school_id": c.middle,
            "start": "2025-09-01",
            "end": "2030-08-31",
            "annual_pay": "120000",
            "settling_grant": "100000",
        },
    )
    talents.save_payment(db, None, {"agreement_id": aid, "date": "2025-09-20", "kind": "安家费", "amount": "50000"})
    talents.save_payment(db, None, {"agreement_id": aid, "date": "2026-01-10", "kind": "年薪", "amount": "60000"})
    return db


def _steps(report) -> dict[str, tuple]:
    return {r[0]: r[1:] for r in report.parts[0].rows}


def test_steps_by_kind_and_payments_over_a_period(county):
    db = county
    report = catalogue.compute(db, "talent-recognition", Params(period=Period((2025, 1), (2025, 12))))
    rows = _steps(report)
    assert rows["高层次人才认定（C类）"] == (3, 2, 1, 1, 1)  # 申报, 初审通过, 初审不通过, 认定, 未认定
    assert rows["领军人才梯队"] == (0, 0, 0, 0, 0)  # applied in 2026
    assert rows["合计"] == (3, 2, 1, 1, 1)
    assert report.summary["steps"]["初步申报（人）"] == 3 and report.summary["steps"]["认定（人）"] == 1
    assert report.summary["paid_in_period"] == 50000 and report.summary["payments"] == 1
    terms = report.parts[1]
    assert terms.rows[0][6:] == (700000.0, 110000.0, 590000.0, 50000.0)  # agreed, paid, left, paid in the period
    sheet = report.parts[-1]
    assert sheet.headers[-1] == "领款人签字" and sheet.row_height > 0
    assert sheet.rows[-1][1] == "合计" and "伍万元" in sheet.rows[-1][3]
    assert report.signatures == ("经办人", "审核人", "单位负责人")
    later = catalogue.compute(db, "talent-recognition", Params(period=Period((2026, 1), (2026, 12))))
    assert _steps(later)["领军人才梯队"][0] == 1 and later.summary["paid_in_period"] == 60000


def test_the_same_figures_in_report_annual(county):
    db = county
    period = catalogue.compute(db, "annual", Params(period=Period((2025, 1), (2026, 12))))
    table = next(p for p in period.parts if p.title == "人才认定与引进人才经费")
    rows = {r[1]: r[2:] for r in table.rows}
    assert rows["初步申报（人）"] == (3, 1, 4)  # 2025, 2026, 合计
    assert rows["认定（人）"] == (1, 0, 1)
    assert rows["发放金额（元）"] == (50000, 60000, 110000)
    assert period.summary["figures"]["人才认定"]["初步申报（人）"]["total"] == 4
    year = catalogue.compute(db, "annual", Params(year=2026))
    table = next(p for p in year.parts if p.title == "人才认定与引进人才经费")
    rows = {r[1]: r[2:] for r in table.rows}
    assert rows["初步申报（人）"] == (1, 3, -2)  # 2026, 2025, 增减


def test_pdf_excel_json_and_the_command_line(county, tmp_path):
    db = county
    from talentdesk.cli import main

    path = db.engine.url.database
    if db.engine.url.get_backend_name() != "sqlite":
        pytest.skip("the command line opens a database file")
    for ext in ("pdf", "xlsx", "json"):
        out = tmp_path / f"t.{ext}"
        assert main(["--db", path, "report", "talent-recognition", "--from", "2025", "--to", "2026", str(out)]) == 0
        assert out.stat().st_size > 0
    data = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert data["summary"]["steps"]["初步申报（人）"] == 4
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    cells = {c.value for ws in wb for row in ws.iter_rows() for c in row if c.value}
    assert "领款人签字" in cells and any("经办人" in str(v) for v in cells)


def test_demo_county_shows_every_part(demo_db):
    today = dt.date.today()
    report = catalogue.compute(
        demo_db, "talent-recognition", Params(period=Period((today.year - 2, 1), (today.year, 12)))
    )
    steps = report.summary["steps"]
    assert steps["初步申报（人）"] > steps["认定（人）"] > 0 and steps["初审不通过（人）"] > 0
    assert report.summary["payments"] > 0 and 0 < report.summary["paid"] < report.summary["agreed"]
    assert report.summary["reminders"] >= 1  # one 柔性引进 term ends within the reminder window
    rows = _steps(report)
    assert rows["领军人才梯队"][0] > 0 and rows["市有突出贡献专家"][0] > 0
