import json
import subprocess

import openpyxl
import pytest

from talentdesk import cli
from talentdesk.errors import UserError
from talentdesk.reports import ReportTable, catalogue
from talentdesk.reports.catalogue import Report
from talentdesk.reports.params import Params, Scope, parse_month


@pytest.fixture
def people(county):
    c = county
    c.add("王䶮", "城关小学", extra=c.full_record)
    c.add("吉𠮷", "城关小学", gender="男")
    c.add("李堃", "河口小学", title="二级教师")
    c.add("退休者", "河口小学", status="退休", status_date="2025-07")
    return c


def run(db, *argv):
    return cli.main(["--db", str(db.path), "report", *argv])


def test_every_catalogue_entry_names_an_importable_function():
    for e in catalogue.CATALOGUE:
        assert e.available, e.name
        assert callable(e.function())
        assert set(e.parameters) <= set(catalogue.PARAMETERS)


def test_scope_and_month_parsing():
    assert Scope.parse("county") == Scope()
    assert Scope.parse("township:河口镇") == Scope("township", "河口镇")
    assert Scope.parse("学校：河口小学") == Scope("school", "河口小学")
    with pytest.raises(UserError):
        Scope.parse("town:甲")
    assert parse_month("2026-03") == (2026, 3) and parse_month("2026年3月") == (2026, 3)
    with pytest.raises(UserError):
        parse_month("2026-13")


def test_roster_json_as_the_issue_specifies(db, people, tmp_path):
    out = tmp_path / "r.json"
    assert run(db, "roster", str(out), "--scope", "township:城关镇") == 0
    data = json.loads(out.read_text("utf-8"))
    assert {"title", "columns", "rows", "notes", "summary"} <= set(data)
    assert data["title"] == "教师花名册" and data["columns"][0] == "姓名"
    assert sorted(r[0] for r in data["rows"]) == sorted(["王䶮", "吉𠮷"])
    assert "********" in data["rows"][0][2]  # masked by default


def test_roster_full_ids_and_status_filter(db, people, tmp_path):
    out = tmp_path / "r.json"
    assert run(db, "roster", str(out), "--full-id", "--scope", "school:河口小学") == 0
    rows = json.loads(out.read_text("utf-8"))["rows"]
    assert [r[0] for r in rows] == ["李堃"] and "*" not in rows[0][2]
    report = catalogue.compute(db, "roster", Params(options={"status": "全部"}))
    assert len(report.main.rows) == 4


def test_unknown_report_scope_or_format_is_a_clear_message(db, people, tmp_path, capsys):
    assert run(db, "nonsense", str(tmp_path / "x.pdf")) == 2
    assert "没有名为" in capsys.readouterr().err
    assert run(db, "roster", str(tmp_path / "x.pdf"), "--scope", "school:不存在的学校") == 2
    assert "不存在的学校" in capsys.readouterr().err
    assert run(db, "roster", str(tmp_path / "x.doc")) == 2
    assert ".pdf" in capsys.readouterr().err


def test_excel_has_filters_frozen_header_print_setup_and_no_formulas(tmp_path):
    table = ReportTable("测试表", ("名称", "人数", "比例"), [("=SUM(A1)", 3, 0.5), ("乙", 4, 1.25)], (12, 8, 8))
    out = catalogue.render(Report("测试表", [table], notes=["注：测试"]), tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(out).active
    # the title and the 填报单位/制表日期 line come first (issue 18): the table starts on row 3
    assert ws["A1"].value == "测试表" and "制表日期" in ws["A2"].value
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == "A3:C6"
    assert ws.print_title_rows == "$3:$3" and ws.page_setup.paperSize == 9 and ws.page_setup.fitToWidth == 1
    assert ws["A4"].value == "=SUM(A1)" and ws["A4"].data_type == "s"  # text, not a formula
    assert ws["B4"].value == 3 and ws["C5"].value == 1.25  # numbers stay numbers
    assert [c.value for c in ws[6]] == ["合计", 7, None]  # counts add up, ratios do not
    assert ws["A8"].value == "注：测试"


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_table_pdf_repeats_header_numbers_pages_and_embeds_fonts(tmp_path):
    rows = [(f"教师{i}", i) for i in range(200)] + [("王䶮 吉𠮷 李堃", 1)]
    report = Report(
        "测试长表",
        [ReportTable("测试长表", ("姓名", "人数"), rows, (20, 8))],
        notes=["说明文字"],
        scope_label="河口镇",
        exporter="张三",
    )
    out = catalogue.render(report, tmp_path / "t.pdf")
    text = _pdf_text(out)
    pages = text.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 3
    for i, page in enumerate(pages, start=1):
        assert "姓名" in page and "测试长表" in page and "内部资料" in page
        assert f"第 {i} 页 共 {len(pages)} 页" in page
        assert "统计范围：河口镇" in page and "制表日期" in page
    assert "王䶮 吉𠮷 李堃" in text and "说明文字" in text
    listed = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    font_lines = listed.splitlines()[2:]
    assert font_lines and all(" yes yes " in line for line in font_lines)  # every font embedded and subset


def test_wide_table_goes_landscape(tmp_path):
    from reportlab.lib.pagesizes import A4

    from talentdesk.reports.pdf import fonts
    from talentdesk.reports.render_pdf import TableLayout, TextCache

    narrow = ReportTable("窄", ("a", "b"), [], (10, 10))
    wide = ReportTable("宽", tuple("abcdefghijklmnop"), [], (12,) * 16)
    c = TextCache()
    assert TableLayout(narrow, c, fonts.body(), fonts.heading()).pagesize == A4
    assert TableLayout(wide, c, fonts.body(), fonts.heading()).pagesize == (A4[1], A4[0])
