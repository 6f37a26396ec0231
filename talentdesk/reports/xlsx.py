"""Write a ReportTable to an .xlsx file (openpyxl write-only mode: fast and low on memory)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from talentdesk.reports.files import part_path, publish
from talentdesk.domain.cells import escape_cell, needs_escape
from talentdesk.reports import ReportTable
from talentdesk.services.errors import UserError

TEXT = "@"
CLASSIFICATION = "内部资料"


def _safe_cell(ws, value) -> WriteOnlyCell:
    c = WriteOnlyCell(ws, value=value)
    escape_cell(c)
    return c


def _classify(wb, ws, title: str, exporter: str | None, classification: str) -> None:
    """Classification, exporter and time: in the document properties and on every printed page."""
    from talentdesk.store.audit import os_user

    who = exporter or os_user()
    now = dt.datetime.now().replace(microsecond=0)
    props = wb.properties
    props.title, props.creator, props.lastModifiedBy = title, who, who
    props.category = props.keywords = classification
    props.description = f"{classification}；导出人：{who}；导出时间：{now:%Y-%m-%d %H:%M}"
    props.created = props.modified = now
    if classification:
        ws.oddHeader.right.text = classification
        ws.oddHeader.right.font = "宋体,Bold"
    ws.oddFooter.left.text = f"导出人：{who}　导出时间：{now:%Y-%m-%d %H:%M}"
    ws.oddFooter.right.text = "第 &P 页，共 &N 页"


def write_table(table: ReportTable, path: Path | str, sheet_title: str | None = None, *,
                exporter: str | None = None, classification: str = CLASSIFICATION) -> Path:
    """Bold header row, column widths, frozen header; text columns written with number format '@'.

    Text that a spreadsheet could run (= + - @ tab CR at the start) is written as quoted text.
    The file carries its classification (内部资料), the exporter and the time in its properties and
    in the printed page header/footer. Writes to a temporary file first, so an existing file is
    never left half-written.
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"导出文件应以 .xlsx 结尾：{path}")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title or table.title)
    for i, width in enumerate(table.widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    bold, centre = Font(bold=True), Alignment(horizontal="center", vertical="center")
    header = []
    for h in table.headers:
        c = WriteOnlyCell(ws, value=h)
        c.font, c.alignment = bold, centre
        escape_cell(c)
        header.append(c)
    ws.append(header)
    text_cols = sorted(table.text_columns)
    for row in table.rows:
        if text_cols:
            row = list(row)
            for i in text_cols:
                c = WriteOnlyCell(ws, value=row[i])
                c.number_format = TEXT
                escape_cell(c)
                row[i] = c
        if any(needs_escape(v) for v in row):  # never let text become a formula (= + - @ tab CR)
            row = [_safe_cell(ws, v) if needs_escape(v) else v for v in row]
        ws.append(row)
    _classify(wb, ws, table.title, exporter, classification)
    tmp = part_path(path)
    return publish(tmp, path, lambda: wb.save(tmp))


_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _sheet_name(title: str, used: set[str]) -> str:
    base = (title or "表").translate(_BAD_SHEET_CHARS)[:28]
    name, n = base, 2
    while name in used:
        name, n = f"{base}{n}", n + 1
    used.add(name)
    return name


def _text_cell(ws, value, **style) -> WriteOnlyCell:
    """A cell that is always text: a string starting with '=' is never run as a formula."""
    c = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        c.data_type = "s"
        escape_cell(c)  # = + - @ tab CR: quote prefix, shown as text by every spreadsheet
    for k, v in style.items():
        setattr(c, k, v)
    return c


def write_tables(tables, path: Path | str, *, notes=(), scope: str = "", made=None,
                 exporter: str | None = None) -> Path:
    """Several ReportTables, one sheet each: header row frozen, filters, column widths, numbers as numbers,
    text never run as a formula, A4 print set-up fitted to the page width with the header row repeated,
    title and scope in the printed page header, notes under the table. The file carries its classification
    (内部资料), the exporter (the signed-in user) and the time in its properties and printed footer."""
    import datetime as dt

    from talentdesk.store.audit import os_user

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"导出文件应以 .xlsx 结尾：{path}")
    made = made or dt.datetime.now().replace(microsecond=0)
    who = exporter or os_user()
    wb = Workbook(write_only=True)
    props = wb.properties
    props.title = tables[0].title if tables else ""
    props.creator = props.lastModifiedBy = who
    props.category = props.keywords = CLASSIFICATION
    props.description = f"{CLASSIFICATION}；导出人：{who}；导出时间：{made:%Y-%m-%d %H:%M}"
    used: set[str] = set()
    bold, centre = Font(bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True)
    for t_index, table in enumerate(tables):
        ws = wb.create_sheet(_sheet_name(table.title, used))
        ncol = max(len(table.headers), 1)
        widths = table.widths or tuple(max(8, min(30, 2 * len(str(h)) + 2)) for h in table.headers)
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        last = get_column_letter(ncol)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
        ws.print_title_rows = "1:1"
        ws.page_setup.paperSize = "9"  # A4
        ws.page_setup.orientation = "landscape" if sum(widths) > 110 else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.oddHeader.center.text = table.title
        ws.oddHeader.left.text = f"统计范围：{scope}" if scope else ""
        ws.oddHeader.right.text = f"制表日期：{made:%Y-%m-%d}"
        ws.oddFooter.center.text = "第 &P 页 共 &N 页"
        ws.oddFooter.left.text = f"{CLASSIFICATION}　导出人：{who}"
        ws.append([_text_cell(ws, h, font=bold, alignment=centre) for h in table.headers])
        emphasis = table.emphasis
        for r_index, row in enumerate(table.rows):
            style = {"font": bold} if r_index in emphasis else {}
            cells = []
            for i, v in enumerate(row):
                if hasattr(v, "iso"):
                    v = v.iso()
                elif isinstance(v, (dt.date, dt.datetime)):
                    v = v.isoformat()
                c = _text_cell(ws, v, **style)
                if i in table.text_columns:
                    c.number_format = TEXT
                elif isinstance(v, float):
                    c.number_format = "0.00#"
                cells.append(c)
            ws.append(cells)
        sheet_notes = ([table.note] if table.note else []) + (list(notes) if t_index == 0 else [])
        sheet_notes = list(dict.fromkeys(sheet_notes))
        if sheet_notes:
            ws.append([])
            for n in sheet_notes:
                ws.append([_text_cell(ws, n)])
    tmp = part_path(path)
    return publish(tmp, path, lambda: wb.save(tmp))
