"""编制台账 template and import (issue 22 §1): the blank template, a filled one read back and applied in one
batch (the schools' quotas follow; undone like any batch), and refusals naming file, sheet, row and column."""

import openpyxl
import pytest

from talentdesk.errors import UserError
from talentdesk.importing import templates
from talentdesk.services.deployment import quota_ledger as svc
from talentdesk.services.platform import imports
from tests.quota_builder import build

HEADERS = [
    "学校（调出学校）",
    "学年",
    "类型",
    "编制数",
    "学段",
    "调入学校",
    "文号",
    "日期",
    "原因",
    "岗位类别",
    "专项用途",
]


def _fill(path, rows):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for r, values in enumerate(rows, start=templates.FIRST_DATA_ROW):
        for c, v in enumerate(values, start=1):
            ws.cell(r, c, v)
    wb.save(path)
    return path


def test_the_blank_template(tmp_path):
    path = templates.write("quota", tmp_path / templates.default_filename("quota"), school_names=["城关小学"])
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    assert ws.title == "编制台账" and ws["A1"].value == "编制台账（编制核定与变动）"
    assert ws["A2"].value.startswith("填写说明")
    assert [c.value for c in ws[templates.HEADER_ROW]] == HEADERS
    kinds = next(dv for dv in ws.data_validations.dataValidation if "C4" in str(dv.sqref))
    assert kinds.formula1.strip('"').split(",") == ["核定", "核增", "核减", "调剂", "专项编制", "入池", "借出", "收回"]
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$3:$3"


def test_a_filled_template_is_imported_as_one_batch(tmp_path, db):
    ids = build(db)
    path = _fill(
        templates.write("quota", tmp_path / "编制.xlsx"),
        [
            ["城关小学", 2025, "核增", 2, None, None, "县编办〔2025〕21号", "2025-12-01", "学生增加", "专任教师"],
            ["城关中学", None, "调剂", 1, "初中", "河村学校", "县编办〔2025〕22号", "2025-12-05", "调整"],
            [None, None, "入池", 3, None, None, "县编办〔2025〕23号", "2025-12-06"],
        ],
    )
    got = svc.import_file(db, path, user="clerk")
    assert (got["added"], got["schools"], got["posts"]) == (3, 3, 6)
    led = svc.ledger_at(db)
    assert led.quota[(ids["城关小学"], "小学")] == 16 and led.quota[(ids["城关中学"], "初中")] == 8
    assert led.quota[(ids["河村学校"], "初中")] == 6 and led.pool == 7
    rows = svc.decisions(db, start=__import__("datetime").date(2025, 12, 1))
    assert {r.doc_no for r in rows} == {"县编办〔2025〕21号", "县编办〔2025〕22号", "县编办〔2025〕23号"}
    # undone as a batch: the decisions go and the yearly figures are put back
    imports.undo_batch(db, got["batch"])
    assert svc.ledger_at(db).quota[(ids["城关小学"], "小学")] == 14 and len(svc.decisions(db)) == 11
    from sqlalchemy import select

    from talentdesk.store.models import SchoolYearStat

    with db.sessions() as s:
        q = s.scalar(
            select(SchoolYearStat.quota).where(
                SchoolYearStat.school_id == ids["城关小学"], SchoolYearStat.school_year == 2025
            )
        )
    assert q == 14


def test_problems_name_file_sheet_row_and_column(tmp_path, db):
    build(db)
    path = _fill(
        templates.write("quota", tmp_path / "编制.xlsx"),
        [
            ["城关小学", 2025, "核增", 2, None, None, None, "2025-12-01"],
            ["城南小学", 2025, "核增", 2, None, None, "x号", "2025-12-01"],
            ["城关中学", 2025, "调剂", 1, None, "城关中学", "y号", "2025-12-01"],
        ],
    )
    with pytest.raises(UserError) as e:
        svc.import_file(db, path)
    text = str(e.value)
    assert "文件“编制.xlsx”，工作表“编制台账”，第 4 行，“文号”列：请填写文号" in text
    assert "第 5 行，“学校（调出学校）”列：找不到学校“城南小学”" in text
    assert "第 6 行，“调入学校”列：调剂需要两所不同的学校" in text
    assert len(svc.decisions(db)) == 11  # nothing written
    over = _fill(
        templates.write("quota", tmp_path / "核减.xlsx"),
        [["河村学校", 2025, "核减", 9, "小学", None, "z号", "2025-12-01"]],
    )
    with pytest.raises(UserError, match="第 4 行：河村学校小学的核定编制会小于零"):
        svc.import_file(db, over)
    blank = tmp_path / "空.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "身份证号"])
    wb.save(blank)
    with pytest.raises(UserError, match="没有找到编制台账表"):
        svc.import_file(db, blank)
