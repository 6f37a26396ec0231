"""The renderers' rules (issue 18), checked on every report and form of the demo county with a 15-character
minority name and a 34-character school name put in (tests/reports/paper_county.py):

- PDF (every report and form): no drawn string shortened (the drawing surface is instrumented: every name
  that starts is drawn whole, no "…"), no text below 7 pt, table text not below 8 pt unless the table is
  dense (7 pt); per-person documents numbered 第 1 页 共 1 页 per person;
- Excel (every report): a merged title row, the 填报单位/统计范围/制表日期 line, the header row repeated when
  printed, thin borders on every table cell, long columns wrapped, fitted to A4 never below 8 pt, a 合计 row
  where there are figures, signature rows where the PDF has them;
- the payment sheet: 本页小计 on every page, 合计 in 人民币大写, 制表人/审核人/单位负责人, 盖章, tall 签领 rows;
- the watermark and 导出人 never show the operating system's login.
"""

from __future__ import annotations

import re

import openpyxl
import pytest
from reportlab.pdfgen.canvas import Canvas

from talentdesk.reports import catalogue, render_pdf
from talentdesk.reports.forms import save_pdf
from talentdesk.reports.totals import is_total_row, summable_columns
from talentdesk.reports.xlsx import print_font_size
from talentdesk.store.audit import os_user
from tests.reports import paper_county as P


@pytest.fixture(scope="module")
def county(demo_templates, tmp_path_factory):
    db = P.build(tmp_path_factory.mktemp("paper") / "county.db", demo_templates)
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def outputs(county):
    return {"reports": dict(P.reports(county)), "drawings": dict(P.drawings(county))}


class Drawn:
    """Every string drawn on a reportlab canvas, with its size, page by page."""

    def __init__(self):
        self.pages: list[list[tuple[str, float]]] = [[]]

    def text(self, page: int | None = None) -> str:
        pages = self.pages if page is None else [self.pages[page]]
        return "\n".join("".join(t for t, _ in p) for p in pages)

    @property
    def real_pages(self):
        return [p for p in self.pages if p]


@pytest.fixture
def drawn(monkeypatch):
    rec = Drawn()
    original_draw, original_show = Canvas.drawString, Canvas.showPage

    def draw_string(self, x, y, text, *a, **k):
        rec.pages[-1].append((text, self._fontsize))
        return original_draw(self, x, y, text, *a, **k)

    def show_page(self):
        rec.pages.append([])
        return original_show(self)

    monkeypatch.setattr(Canvas, "drawString", draw_string)
    monkeypatch.setattr(Canvas, "showPage", show_page)
    return rec


def _check_whole(name: str, text: str) -> None:
    """Every place a long name starts, it is drawn whole (wrapped lines are drawn one after the other)."""
    for whole in (P.LONG_NAME, P.LONG_SCHOOL):
        starts = text.count(whole[:6])
        assert text.count(whole) == starts, f"{name}: “{whole}” shortened ({starts - text.count(whole)} times)"
    assert "…" not in text, f"{name}: a string was cut with …"


def test_every_report_pdf_draws_every_string_whole_and_readable(outputs, drawn, tmp_path, monkeypatch):
    layouts = []
    original = render_pdf.TableLayout.__init__

    def spy(self, *a, **k):
        original(self, *a, **k)
        layouts.append(self)

    monkeypatch.setattr(render_pdf.TableLayout, "__init__", spy)
    seen_long = set()
    for name, report in outputs["reports"].items():
        drawn.pages = [[]]
        layouts.clear()
        catalogue.render(report, tmp_path / f"{name}.pdf")
        text = drawn.text()
        _check_whole(name, text)
        if P.LONG_NAME in text or P.LONG_SCHOOL in text:
            seen_long.add(name)
        sizes = [s for p in drawn.pages for _, s in p]
        assert min(sizes) >= render_pdf.DENSE_FLOOR, f"{name}: text at {min(sizes)} pt"
        for lay in layouts:
            assert lay.size >= (render_pdf.DENSE_FLOOR if lay.dense else render_pdf.BODY_FLOOR), name
        assert os_user() not in {t.strip("导出：　") for t, _ in (x for p in drawn.pages for x in p)}, name
    # the long names are in the lists and forms that show teachers and schools
    assert {"registration", "roster", "subsidies", "rural-honour", "structure"} <= seen_long


def test_every_form_draws_every_string_whole_readable_and_numbered_per_person(outputs, drawn, tmp_path):
    per_person = {"pairing-agreement", "rotation-approval", "studio-members", "training-record"}
    for name, drawing in outputs["drawings"].items():
        drawn.pages = [[]]
        save_pdf(drawing, tmp_path / f"{name}.pdf")
        text = drawn.text()
        _check_whole(name, text)
        sizes = [s for p in drawn.pages for _, s in p]
        assert min(sizes) >= render_pdf.DENSE_FLOOR, f"{name}: text at {min(sizes)} pt"
        pages = drawn.real_pages
        numbers = [re.search(r"第 (\d+) 页 共 (\d+) 页", "".join(t for t, _ in p)) for p in pages]
        assert all(numbers), f"{name}: a page without 第 n 页 共 N 页"
        if name in per_person and drawing.count > 1:
            # several people in one file, each document numbered from 1 to its own page count
            firsts = [m for m in numbers if m.group(1) == "1"]
            assert len(firsts) == drawing.count, name
            assert all(int(m.group(2)) < len(pages) or drawing.count == 1 for m in numbers), name


def test_registration_forms_are_numbered_per_teacher(outputs, drawn, tmp_path):
    report = outputs["reports"]["registration"]
    catalogue.render(report, tmp_path / "reg.pdf")
    pages = drawn.real_pages
    assert len(pages) == report.form.page_count() >= 2 * len(report.form.forms) > 2
    numbers = [re.search(r"第 (\d+) 页 共 (\d+) 页", "".join(t for t, _ in p)).groups() for p in pages]
    assert numbers[0] == ("1", "2") and numbers[1] == ("2", "2")  # the form and its 续页, numbered per teacher
    assert all(int(k) <= int(n) for k, n in numbers) and sum(k == "1" for k, _ in numbers) == len(report.form.forms)


def test_agreement_copies_are_its_signatories(outputs, drawn, tmp_path):
    from talentdesk.reports.forms.pairing_agreement import SIGNATORIES

    save_pdf(outputs["drawings"]["pairing-agreement"], tmp_path / "a.pdf")
    text = drawn.text()
    assert len(SIGNATORIES) == 4 and "一式四份" in text and "一式三份" not in text
    assert (
        "导师（签名）" in text
        and "青年教师（签名）" in text
        and "学校意见（盖章）" in text
        and "教育局意见（盖章）" in text
    )


def test_every_report_excel_prints_as_a_table(outputs, tmp_path):
    for name, report in outputs["reports"].items():
        path = catalogue.render(report, tmp_path / f"{name}.xlsx")
        wb = openpyxl.load_workbook(path)
        for ws, table in zip(wb.worksheets, report.parts):
            where = f"{name}/{ws.title}"
            ncol = len(table.headers)
            assert (
                ws["A1"].value == table.title
                and f"A1:{openpyxl.utils.get_column_letter(ncol)}1" in {str(r) for r in ws.merged_cells.ranges}
                or ncol == 1
            ), where
            line = ws["A2"].value
            assert "填报单位：" + P.UNIT in line and "制表日期：" in line and report.scope_label in line, where
            m = re.fullmatch(r"\$(\d+):\$(\d+)", ws.print_title_rows or "")
            assert m and m.group(1) == m.group(2), where
            head = int(m.group(1))
            assert [c.value for c in ws[head]][:ncol] == list(table.headers), where
            widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width for i in range(ncol)]
            assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage, where
            assert print_font_size(widths, ws.page_setup.orientation) >= 8, where
            last = openpyxl.utils.get_column_letter(ncol)
            area = ws.print_area if isinstance(ws.print_area, str) else ws.print_area[0]
            assert area == f"'{ws.title}'!$A$1:${last}${ws.max_row}", where  # the whole form, nothing else
            body = []
            for row in ws.iter_rows(min_row=head, max_col=ncol):
                if row[0].row > head and all(c.border.left.style is None for c in row):
                    break  # the notes under the table
                body.append(row)
            assert len(body) > 1 or not table.rows, where
            for row in body:
                for c in row:
                    assert {c.border.left.style, c.border.right.style, c.border.top.style, c.border.bottom.style} == {
                        "thin"
                    }, f"{where} {c.coordinate}"
                    assert c.alignment.wrap_text, f"{where} {c.coordinate}"
            values = [[c.value for c in r] for r in body[1:]]
            if summable_columns(table) or any(is_total_row(r) for r in table.rows):
                assert any(is_total_row(r) for r in values), f"{where}: no 合计 row"
                total = next(r for r in values if is_total_row(r))
                assert all(c.font.bold for c in body[values.index(total) + 1]), where


def test_payment_sheet_is_ready_to_sign_and_pay(outputs, drawn, tmp_path):
    report = outputs["reports"]["subsidies"]
    table = report.main
    total = table.rows[-1][7]
    catalogue.render(report, tmp_path / "s.pdf")
    pages = drawn.real_pages
    assert len(pages) > 2
    for n, p in enumerate(pages):
        text = "".join(t for t, _ in p)
        assert "本页小计" in text, f"page {n + 1}"
    last = drawn.text(len(drawn.pages) - 2 if not drawn.pages[-1] else -1)
    for word in ("合计", "人民币（大写）", "制表人", "审核人", "单位负责人", "（单位盖章）"):
        assert word in last, word
    from talentdesk.domain.money import capitals

    assert capitals(total) in last
    # Excel: the same, with rows tall enough to sign in and a page break after each 本页小计
    ws = openpyxl.load_workbook(catalogue.render(report, tmp_path / "s.xlsx")).active
    values = [[c.value for c in r] for r in ws.iter_rows()]
    flat = [v for r in values for v in r if isinstance(v, str)]
    subtotals = [i for i, r in enumerate(values, 1) if "本页小计" in r]
    assert len(subtotals) > 2 and len(ws.row_breaks.brk) >= len(subtotals) - 1
    assert any(f"人民币（大写）：{capitals(total)}" == v for v in flat)
    assert any(v.startswith("制表人") for v in flat) and any(v.startswith("单位负责人") for v in flat)
    assert any("（单位盖章）" in v for v in flat)
    person = next(i for i, r in enumerate(values, 1) if r[1] == table.rows[0][1])
    assert ws.row_dimensions[person].height >= 28
    # 本页小计 rows add up to the 合计
    assert round(sum(values[i - 1][7] for i in subtotals), 2) == total


def test_public_notices_name_issuer_period_and_pages(county, outputs, drawn, tmp_path):
    from talentdesk.reports.forms import notice_list

    for name in ("pairing-notice", "rotation-notice"):
        drawn.pages = [[]]
        save_pdf(outputs["drawings"][name], tmp_path / f"{name}.pdf")
        text = drawn.text()
        assert P.UNIT in text and "公示期" in text and "至" in text, name
        assert all("页 共" in "".join(t for t, _ in p) for p in drawn.real_pages), name
    from sqlalchemy import select

    from talentdesk.store.models import MentorProgramme
    from talentdesk.store.uow import UnitOfWork

    with UnitOfWork(county) as uow:
        pid = uow.session.scalar(select(MentorProgramme.id).order_by(MentorProgramme.id))
    ws = openpyxl.load_workbook(notice_list.write_xlsx(county, pid, tmp_path / "n.xlsx")).active
    flat = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
    assert any("公示期" in v for v in flat) and P.UNIT in flat


def test_a_notice_without_issuer_asks_for_it(county, tmp_path):
    from talentdesk.errors import UserError
    from talentdesk.reports.forms import rotation_notice

    with pytest.raises(UserError, match="填报单位"):
        rotation_notice.drawing([{"name": "甲", "year": "2026年"}], "名单", unit="")


def test_hiring_plan_excel_carries_the_approval_block(outputs, tmp_path):
    from talentdesk.reports.forms.hiring_plan import APPROVALS

    ws = openpyxl.load_workbook(catalogue.render(outputs["reports"]["hiring-plan"], tmp_path / "h.xlsx")).worksheets[-1]
    flat = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
    for name in APPROVALS + ("制表人", "审核人"):
        assert any(v.startswith(name) for v in flat), name


def test_a_scope_total_named_after_the_scope_gets_no_second_total():
    """乡镇合计 / 临河县合计 (a township's or a county's total, params.total_label) is the table's 合计: paper adds
    none under it (the 队伍结构 of a township printed a second 合计 row)."""
    from talentdesk.reports import ReportTable
    from talentdesk.reports.totals import with_total

    for label in ("乡镇合计", "临河县合计", "全县合计", "合计"):
        t = ReportTable(
            "x", ("学校", "乡镇", "合计"), [("甲小学", "河口镇", 3), (label, "", 3)], emphasis=frozenset({1})
        )
        assert is_total_row(t.rows[-1]) and with_total(t).rows == t.rows, label
    plain = ReportTable("x", ("学校", "乡镇", "合计"), [("甲小学", "河口镇", 3)])
    assert with_total(plain).rows[-1][-1] == 3
