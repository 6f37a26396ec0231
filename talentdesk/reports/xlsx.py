"""Write a ReportTable to an .xlsx file (openpyxl write-only mode: fast and low on memory)."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from talentdesk.reports import ReportTable
from talentdesk.services.errors import UserError

TEXT = "@"


def write_table(table: ReportTable, path: Path | str, sheet_title: str | None = None) -> Path:
    """Bold header row, column widths, frozen header; text columns written with number format '@'.

    Writes to a temporary file first, so an existing file is never left half-written.
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
        header.append(c)
    ws.append(header)
    text_cols = sorted(table.text_columns)
    for row in table.rows:
        if text_cols:
            row = list(row)
            for i in text_cols:
                c = WriteOnlyCell(ws, value=row[i])
                c.number_format = TEXT
                row[i] = c
        ws.append(row)
    tmp = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        wb.save(tmp)
        os.replace(tmp, path)
    except PermissionError:
        tmp.unlink(missing_ok=True)
        raise UserError(f"无法写入 {path}：文件可能正在 Excel 中打开，请关闭后重试") from None
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise UserError(f"无法写入 {path}：{e.strerror or e}") from None
    return path
