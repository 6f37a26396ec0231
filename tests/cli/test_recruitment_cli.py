"""`talentdesk export` kinds of the recruitment area, in-process as a script would run them."""

import datetime as dt

import pytest
from openpyxl import load_workbook

from talentdesk.cli import main
from talentdesk.services.recruitment import obligations, retention, student_pool
from talentdesk.services.recruitment import plan as recruitment_plan
from talentdesk.store.database import open_database
from tests.recruitment_builder import YEAR, County


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "county.db"
    db = open_database(p)
    county = County(db)
    recruitment_plan.propose_plan(db, YEAR)
    county.teacher("特岗甲", county.village, "小学", "数学", dt.date(1999, 3, 3), "男", form="特岗", start="2023-09")
    obligations.fill_missing(db)
    retention.set_tier(db, county.village, "二档")
    student_pool.save(db, None, {"name": "赵晨", "major": "汉语言文学", "graduation": f"{dt.date.today().year}-06"})
    db.dispose()
    return p


def cells(xlsx):
    return [c.value for row in load_workbook(xlsx).worksheets[0].iter_rows() for c in row]


def test_hiring_plan_and_its_alias(path, tmp_path, capsys):
    out = tmp_path / "plan.xlsx"
    assert main(["--db", str(path), "export", "hiring", str(out), "--year", str(YEAR)]) == 0
    assert "计划招聘 3 人" in capsys.readouterr().out
    assert "城关小学" in cells(out)
    pdf = tmp_path / "plan.pdf"
    assert main(["--db", str(path), "export", "hiring-plan", str(pdf), "--year", str(YEAR)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_lists(path, tmp_path, capsys):
    for kind, expect in (
        ("obligations", "特岗甲"),
        ("students", "赵晨"),
        ("student-pool", "赵晨"),
        ("talents", "姓名"),
        ("recruits", "姓名"),
        ("services", "姓名"),
    ):
        out = tmp_path / f"{kind}.xlsx"
        assert main(["--db", str(path), "export", kind, str(out)]) == 0, kind
        assert expect in cells(out), kind
    out = tmp_path / "sub.xlsx"
    assert main(["--db", str(path), "export", "subsidies", str(out), "--month", "2026-03"]) == 0
    values = cells(out)
    assert "2026年3月乡村教师生活补助发放表" in capsys.readouterr().out
    assert "合计" in values and 3000 in values  # five village teachers and 特岗甲, 500 each


def test_missing_plan_and_bad_suffix_are_clerk_messages(path, tmp_path, capsys):
    assert main(["--db", str(path), "export", "hiring-plan", str(tmp_path / "p.xlsx"), "--year", "2031"]) == 2
    assert "2031年还没有招聘计划" in capsys.readouterr().err
    assert main(["--db", str(path), "export", "talents", str(tmp_path / "t.doc")]) == 2
    assert ".xlsx" in capsys.readouterr().err
