"""Recruitment reports through the catalogue: the hiring plan on its approval form (PDF text, fonts,
rare characters), lists rendered by the generic renderer, the subsidy list and the annual figures."""

import datetime as dt
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from talentdesk.reports import catalogue
from talentdesk.reports.params import Params
from talentdesk.reports.recruitment_lists import annual_figures
from talentdesk.services.people import schools
from talentdesk.services.recruitment import batches as recruitment
from talentdesk.services.recruitment import obligations, retention
from talentdesk.services.recruitment import plan as recruitment_plan
from tests.recruitment_builder import YEAR, County

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout


def embedded(path) -> bool:
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout.splitlines()[2:]
    return bool(lines) and all(line.split()[-5] == "yes" for line in lines)


@pytest.fixture
def county(db):
    return County(db)


@needs_poppler
def test_plan_form_prints_rare_school_names_with_embedded_fonts(db, county, tmp_path):
    rare = schools.save(
        db,
        None,
        {"name": "䶮山𠮷堃村小", "township": "䶮山乡", "area": "乡村", "kind": "小学"},
        [{"school_year": YEAR, "stage": "小学", "students": 60, "classes": 6}],
    )
    assert rare
    plan_id = recruitment_plan.propose_plan(db, YEAR)
    report = catalogue.compute(db, "hiring-plan", Params(year=YEAR))
    assert report.summary["planned"] == sum(x["planned"] for x in recruitment_plan.get_plan(db, plan_id)["lines"])
    out = catalogue.render(report, tmp_path / "plan.pdf")
    text = pdf_text(out)
    assert "2026年度中小学教师招聘计划" in text
    assert "䶮山𠮷堃村小" in text and "城关小学" in text
    assert "教育局意见" in text and "机构编制部门意见" in text and "盖章" in text
    assert "合计" in text and "第 1 页 共" in text
    assert embedded(out)
    # the Excel version has the plan, the summary by subject and the retirements
    xlsx = catalogue.render(report, tmp_path / "plan.xlsx")
    wb = load_workbook(xlsx)
    assert len(wb.worksheets) == 3
    cells = [c.value for row in wb.worksheets[0].iter_rows() for c in row]
    assert "䶮山𠮷堃村小" in cells and "计划招聘" in cells


def test_plan_without_lines_set_to_zero(db, county):
    plan_id = recruitment_plan.propose_plan(db, YEAR)
    plan = recruitment_plan.get_plan(db, plan_id)
    lines = plan["lines"]
    lines[0]["planned"] = 0
    recruitment_plan.save_plan(db, plan_id, lines)
    report = catalogue.compute(db, "hiring-plan", Params(year=YEAR))
    main = report.main
    assert len(main.rows) == len(lines) - 1 + 1  # one line dropped, a total row added
    # 测算值 (issue 18 §3) comes before 测算缺额 and 计划招聘
    assert main.rows[-1][1] == "合计" and main.rows[-1][8] == 2 and main.rows[-1][7] == 3


def test_plan_counts_whole_teachers_and_shows_the_fraction_apart(db, county, tmp_path):
    """Issue 18 §3: 计划招聘 and 测算缺额 are whole teachers; the computed fraction is printed as 测算值."""
    plan_id = recruitment_plan.propose_plan(db, YEAR)
    lines = recruitment_plan.get_plan(db, plan_id)["lines"]
    assert all(isinstance(x["estimate"], float) for x in lines if x["subject"] != "不限学科")
    report = catalogue.compute(db, "hiring-plan", Params(year=YEAR))
    main = report.main
    at = {h: i for i, h in enumerate(main.headers)}
    assert at["测算值"] < at["测算缺额"] < at["计划招聘"]
    body = main.rows[:-1]
    assert all(isinstance(r[at["计划招聘"]], int) and isinstance(r[at["测算缺额"]], int) for r in body)
    fractions = [r[at["测算值"]] for r in body if r[at["测算值"]] != ""]
    assert fractions and all(isinstance(v, float) for v in fractions)
    assert any(v != int(v) for v in fractions)  # the demo of whole posts from a fractional need
    text = pdf_text(catalogue.render(report, tmp_path / "plan.pdf"))
    assert "测算值" in text and f"{fractions[0]:.2f}" in text
    ws = load_workbook(catalogue.render(report, tmp_path / "plan.xlsx")).worksheets[0]
    head = next(r for r in ws.iter_rows() if r[0].value == "序号")
    col = [c.value for c in head].index("测算值")
    first = ws.cell(head[0].row + 1, col + 1)
    assert isinstance(first.value, float) and first.number_format == "0.00"


def test_no_plan_is_a_clear_message(db, county):
    from talentdesk.errors import UserError

    with pytest.raises(UserError, match="还没有招聘计划"):
        catalogue.compute(db, "hiring-plan", Params(year=2031))


@needs_poppler
def test_obligation_list_pdf_has_the_rare_name(db, county, tmp_path):
    county.teacher("吉𠮷", county.village, "小学", "数学", dt.date(1999, 3, 3), "男", form="特岗", start="2023-09")
    obligations.fill_missing(db)
    report = catalogue.compute(db, "obligations", Params(today=dt.date(2026, 3, 1), options={"due": True}))
    assert report.main.title == "2026年服务期到期名单" and len(report.main.rows) == 1
    out = catalogue.render(report, tmp_path / "ob.pdf")
    text = pdf_text(out)
    assert "吉𠮷" in text and "特岗计划" in text and "2026-08" in text
    assert embedded(out)


def test_subsidy_list_total_and_masking(db, county):
    retention.set_tier(db, county.village, "三档")
    report = catalogue.compute(db, "subsidies", Params(month=(2026, 3)))
    rows = report.main.rows
    assert rows[-1][1] == "合计" and rows[-1][7] == 5 * 800
    assert "*" in rows[0][2]
    full = catalogue.compute(db, "subsidies", Params(month=(2026, 3), options={"mask": False}))
    assert "*" not in full.main.rows[0][2]


def test_annual_figures(db, county):
    bid = recruitment.save_batch(
        db, None, {"year": YEAR, "channel": "特岗计划", "name": "特岗", "positions": "2", "report_date": "2026-09-01"}
    )
    cid = recruitment.save_candidate(
        db,
        bid,
        None,
        {"name": "新人", "id_number": county.make_id(dt.date(2003, 1, 1), "男"), "school_id": county.village},
    )
    recruitment.admit(db, cid, today=dt.date(2026, 9, 2))
    f = annual_figures(db, YEAR, today=dt.date(2026, 9, 2))
    assert f["positions"] == 2 and f["recruited"] == 1 and f["recruited_by_channel"] == {"特岗计划": 1}
    assert f["converted"] == 0 and f["breached"] == 0
