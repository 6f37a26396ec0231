"""The workbook sent back to a school: its own rows as it sent them (same columns, same order,
the values as they were read) with a 问题说明 column, the problem cells highlighted and a
comment on each. Input is plain data, so this module does not depend on the import plan's classes."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from talentdesk.domain.cells import escape_cell

PROBLEM_HEADER = "问题说明"
ROW_HEADER = "原表行号"
PROBLEM_WIDTH = 60
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_thin = Side(style="thin", color="808080")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_FONT = "宋体"
_SHEET_BAD = re.compile(r"[\[\]\*\?/\\:]")


@dataclass
class CellProblem:
    """One problem. ``column`` is the 0-based index into the row's values; None = the whole row."""

    message: str
    column: int | None = None
    severity: str = "error"  # "error" | "warning"
    field: str = ""  # the column or field name the clerk and the school know (身份证号, 出生日期…)

    def text(self) -> str:
        return (
            f"{self.field}：{self.message}" if self.field and not self.message.startswith(self.field) else self.message
        )


@dataclass
class SourceRow:
    row_number: int  # 1-based, as Excel shows it in the school's file
    values: list  # the cell values as they were read, one per column of the header
    problems: list[CellProblem] = field(default_factory=list)


@dataclass
class SourceSheet:
    name: str  # the sheet name in the school's file (or the CSV file's name)
    header_rows: list[list]  # the header row(s) as read; a grouped header has two
    rows: list[SourceRow]
    title: str | None = None  # e.g. the school's own title row


def problem_text(problems: list[CellProblem]) -> str:
    """All messages of a row in one cell: errors first, then warnings."""
    ordered = sorted(problems, key=lambda p: p.severity != "error")
    seen: list[str] = []
    for p in ordered:
        t = p.text()
        if t not in seen:
            seen.append(t)
    return "；".join(seen)


def _sheet_title(name: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub("_", name or "Sheet")[:31] or "Sheet"
    title, n = base, 2
    while title in used:
        suffix = f"({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(title)
    return title


def _display_width(value) -> int:
    if value is None:
        return 0
    text = value.isoformat() if isinstance(value, (_dt.date, _dt.datetime)) else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _write_value(cell, value) -> None:
    if isinstance(value, _dt.datetime):
        cell.value = value
        cell.number_format = "yyyy-mm-dd" if value.time() == _dt.time() else "yyyy-mm-dd hh:mm"
    elif isinstance(value, _dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, str):
        cell.value = value
        escape_cell(cell)  # text that looks like a formula (= + - @ tab CR) stays text
        if value.strip().isdigit() or re.fullmatch(r"\d{17}[\dxX]", value.strip()):
            cell.number_format = "@"
    elif value is None or value == "":
        cell.value = None
    else:
        cell.value = value
        if isinstance(value, float) and value >= 1e11:  # a long number (e.g. an ID typed as a number)
            cell.number_format = "0"


def write_sheet(ws, sheet: SourceSheet, *, only_problems: bool = True) -> int:
    """Fill one worksheet; returns the number of data rows written."""
    ncol = max([len(h) for h in sheet.header_rows] + [len(r.values) for r in sheet.rows] + [1])
    problem_col, rownum_col = ncol + 1, ncol + 2
    rows = [r for r in sheet.rows if r.problems or not only_problems]
    n_bad = sum(1 for r in sheet.rows if any(p.severity == "error" for p in r.problems))
    n_warn = sum(1 for r in sheet.rows if r.problems) - n_bad

    title = sheet.title or sheet.name
    ws.cell(1, 1, f"{title} — 导入问题清单（有错误 {n_bad} 行，需核实 {n_warn} 行）")
    escape_cell(ws.cell(1, 1))
    ws.cell(1, 1).font = Font(name=_FONT, size=14, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=rownum_col)
    ws.cell(
        2,
        1,
        "请按“问题说明”列修改标红（错误）或标黄（需核实）的单元格后，将本表交回。"
        "身份证号请按文本填写（先把单元格设为文本格式再输入）。",
    )
    ws.cell(2, 1).font = Font(name=_FONT, size=10, color="7F3F00")
    ws.cell(2, 1).alignment = Alignment(wrap_text=True, vertical="center")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=rownum_col)
    ws.row_dimensions[2].height = 30

    first_header = 3
    nh = max(1, len(sheet.header_rows))
    widths = [0] * (rownum_col + 1)
    for k, hrow in enumerate(sheet.header_rows or [[]]):
        r = first_header + k
        for j in range(ncol):
            v = hrow[j] if j < len(hrow) else None
            c = ws.cell(r, j + 1, v if v not in ("",) else None)
            escape_cell(c)
            c.font = Font(name=_FONT, bold=True)
            c.fill = _HEADER_FILL
            c.border = _BORDER
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            widths[j + 1] = max(widths[j + 1], _display_width(v))
        for j, label in ((problem_col, PROBLEM_HEADER), (rownum_col, ROW_HEADER)):
            c = ws.cell(r, j, label if k == nh - 1 else None)
            c.font = Font(name=_FONT, bold=True, color="C00000" if j == problem_col else None)
            c.fill = _HEADER_FILL
            c.border = _BORDER
            c.alignment = Alignment(horizontal="center", vertical="center")
    if nh > 1:  # a grouped header: join the extra columns vertically
        for j in (problem_col, rownum_col):
            ws.cell(first_header, j, ws.cell(first_header + nh - 1, j).value)
            ws.cell(first_header + nh - 1, j).value = None
            ws.merge_cells(start_row=first_header, start_column=j, end_row=first_header + nh - 1, end_column=j)
        _merge_group_names(ws, sheet.header_rows, first_header, ncol)

    r = first_header + nh
    for row in rows:
        for j in range(ncol):
            v = row.values[j] if j < len(row.values) else None
            c = ws.cell(r, j + 1)
            _write_value(c, v)
            c.border = _BORDER
            widths[j + 1] = max(widths[j + 1], _display_width(v))
        by_col: dict[int, list[CellProblem]] = {}
        for p in row.problems:
            if p.column is not None and 0 <= p.column < ncol:
                by_col.setdefault(p.column, []).append(p)
        for j, probs in by_col.items():
            c = ws.cell(r, j + 1)
            worst = "error" if any(p.severity == "error" for p in probs) else "warning"
            c.fill = ERROR_FILL if worst == "error" else WARNING_FILL
            note = "\n".join(p.text() for p in probs)
            c.comment = Comment(note, "TalentDesk", width=260, height=max(60, 20 * (1 + len(note) // 18)))
        text = problem_text(row.problems)
        pc = ws.cell(r, problem_col, text or None)
        escape_cell(pc)
        pc.alignment = Alignment(wrap_text=True, vertical="center")
        pc.font = Font(name=_FONT, color="C00000" if any(p.severity == "error" for p in row.problems) else "7F6000")
        pc.border = _BORDER
        if text:  # wrapped text: give the row the height it needs (Excel and LibreOffice do not grow it)
            lines = max(1, -(-_display_width(text) * 100 // (PROBLEM_WIDTH * 115)))
            ws.row_dimensions[r].height = max(15, 14 * lines + 4)
        rc = ws.cell(r, rownum_col, row.row_number)
        rc.border = _BORDER
        rc.alignment = Alignment(horizontal="center")
        r += 1

    for j in range(1, ncol + 1):
        ws.column_dimensions[get_column_letter(j)].width = min(max(widths[j] + 2, 6), 40)
    ws.column_dimensions[get_column_letter(problem_col)].width = PROBLEM_WIDTH
    ws.column_dimensions[get_column_letter(rownum_col)].width = 9
    ws.freeze_panes = ws.cell(first_header + nh, 1)
    ws.print_title_rows = f"{first_header}:{first_header + nh - 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return len(rows)


def _merge_group_names(ws, header_rows: list[list], first_row: int, ncol: int) -> None:
    """In a two-row header, a group name over empty cells spans them (as the school had it merged)."""
    top = header_rows[0]
    j = 0
    while j < ncol:
        v = top[j] if j < len(top) else None
        if v not in (None, ""):
            k = j + 1
            while (
                k < ncol
                and (top[k] if k < len(top) else None) in (None, "")
                and all((h[k] if k < len(h) else None) not in (None, "") for h in header_rows[1:])
            ):
                k += 1
            if k - 1 > j:
                ws.merge_cells(start_row=first_row, start_column=j + 1, end_row=first_row, end_column=k)
            elif all((h[j] if j < len(h) else None) in (None, "") for h in header_rows[1:]):
                # a single-column header over both rows (序号, 联系电话)
                ws.merge_cells(
                    start_row=first_row, start_column=j + 1, end_row=first_row + len(header_rows) - 1, end_column=j + 1
                )
            j = k
        else:
            j += 1


def build(sheets: list[SourceSheet], *, only_problems: bool = True) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for sheet in sheets:
        ws = wb.create_sheet(_sheet_title(sheet.name, used))
        write_sheet(ws, sheet, only_problems=only_problems)
    if not wb.worksheets:
        wb.create_sheet("无问题")
    return wb


def write(path: str | Path, sheets: list[SourceSheet], *, only_problems: bool = True) -> Path:
    """Save the error workbook (one sheet per source sheet) and return its path."""
    path = Path(path)
    build(sheets, only_problems=only_problems).save(path)
    return path


def has_problems(sheets: list[SourceSheet]) -> bool:
    return any(r.problems for s in sheets for r in s.rows)
