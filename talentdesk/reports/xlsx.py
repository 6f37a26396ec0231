"""Write a ReportTable to an .xlsx file (openpyxl write-only mode: fast and low on memory)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from talentdesk.domain.cells import escape_cell, needs_escape
from talentdesk.errors import UserError
from talentdesk.files import part_path, publish
from talentdesk.reports import ReportTable

TEXT = "@"
CLASSIFICATION = "内部资料"


def _safe_cell(ws, value) -> WriteOnlyCell:
    c = WriteOnlyCell(ws, value=value)
    escape_cell(c)
    return c


def _classify(wb, ws, title: str, exporter: str | None, classification: str) -> None:
    """Classification, exporter and time: in the document properties and on every printed page."""
    who = exporter or ""  # the signed-in person; never the operating system's login
    now = dt.datetime.now().replace(microsecond=0)
    props = wb.properties
    props.title, props.creator, props.lastModifiedBy = title, who, who
    props.category = props.keywords = classification
    props.description = f"{classification}；导出人：{who}；导出时间：{now:%Y-%m-%d %H:%M}"
    props.created = props.modified = now
    if classification:
        ws.oddHeader.right.text = classification
        ws.oddHeader.right.font = "宋体,Bold"
    ws.oddFooter.left.text = (f"导出人：{who}　" if who else "") + f"导出时间：{now:%Y-%m-%d %H:%M}"
    ws.oddFooter.right.text = "第 &P 页，共 &N 页"


def write_table(
    table: ReportTable,
    path: Path | str,
    sheet_title: str | None = None,
    *,
    exporter: str | None = None,
    classification: str = CLASSIFICATION,
) -> Path:
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


THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="E8E8E8")
BODY_PT = 11.0  # the sheets' font size (openpyxl's default font)
FLOOR_PT = 8.0  # fitted to the page width, printed text never gets smaller than this
WIDE_COLUMN = 30  # longer columns wrap instead of growing
MARGIN_IN = 0.5
A4_IN = (8.27, 11.69)


def width_points(widths) -> float:
    """The printed width of columns of WIDTHS (Excel character units, 7 px each plus 5 px padding at 96 dpi)."""
    return sum((w * 7 + 5) * 0.75 for w in widths)


def printable_points(orientation: str) -> float:
    page = A4_IN[1] if orientation == "landscape" else A4_IN[0]
    return (page - 2 * MARGIN_IN) * 72


def print_font_size(widths, orientation: str) -> float:
    """The size BODY_PT text prints at when the columns are fitted to the page width."""
    return BODY_PT * min(1.0, printable_points(orientation) / width_points(widths))


def page_layout(widths) -> tuple[list[float], str]:
    """Column widths and orientation so that the sheet, fitted to the width of A4, never prints below
    FLOOR_PT: portrait when it prints at 10 pt or more so, else landscape; when even landscape would shrink
    the text below the floor, the widest columns are narrowed (their text wraps) until it does not."""
    widths = [float(w) for w in widths]
    if print_font_size(widths, "portrait") >= 10:
        return widths, "portrait"
    limit = printable_points("landscape") * BODY_PT / FLOOR_PT
    while width_points(widths) > limit:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= 8:
            break
        widths[widest] -= 1
    return widths, "landscape"


LINE_PT = 15.0  # one line of 11 pt text


def text_units(text: str) -> float:
    """Width of TEXT in Excel character units (a CJK character is two)."""
    return sum(1.8 if ord(ch) > 0x2E80 else 1.0 for ch in text)


def lines_needed(text: str, width: float) -> int:
    """Lines TEXT takes wrapped in a column WIDTH units wide (spreadsheets do not grow rows by themselves)."""
    room = max(width - 1, 1.0)
    return sum(max(1, -(-int(text_units(part) * 10) // int(room * 10))) for part in str(text).split("\n"))


def _merged_line(
    ws, row: int, ncol: int, text: str, *, font=None, height: float | None = None, align: str = "left"
) -> None:
    """One line of text across the table's width (a merged row)."""
    c = _text_cell(ws, text, alignment=Alignment(horizontal=align, vertical="center", wrap_text=True))
    if font is not None:
        c.font = font
    if height:  # write-only: a row's height must be known before the row is written
        ws.row_dimensions[row].height = height
    ws.append([c])
    if ncol > 1:
        ws.merged_cells.add(f"A{row}:{get_column_letter(ncol)}{row}")


def rows_per_page(orientation: str, row_height: float, top_rows: float = 70.0) -> int:
    """How many rows of ROW_HEIGHT points a printed page holds below the repeated header."""
    page = (A4_IN[0] if orientation == "landscape" else A4_IN[1]) * 72 - 2 * 0.75 * 72
    return max(1, int((page - top_rows) // row_height) - 1)


def write_tables(
    tables,
    path: Path | str,
    *,
    notes=(),
    scope: str = "",
    made=None,
    exporter: str | None = None,
    unit: str = "",
    period: str = "",
    signatures=(),
    stamp: str = "",
    before=(),
    after=(),
    classification: str = CLASSIFICATION,
) -> Path:
    """Several ReportTables, one sheet each, laid out to print as the paper table (issue 18 §1):

    a title row merged across the table; a line with 填报单位, 统计范围 and period, 制表日期; the header row
    (repeated on every printed page, frozen, filtered); thin borders on every table cell; long columns
    wrapped; A4 fitted to the page width, landscape or narrower columns first so that nothing prints below
    8 pt; a 合计 row where there are figures to add (reports.totals); 本页小计 rows with a page break after
    each page when the table asks for them (payment sheets), rows tall enough to sign in; the signature
    lines (制表人/审核人/负责人) and stamp area of the PDF; notes under the table. BEFORE: paragraphs under
    the title line (a notice's text), AFTER: lines under the table (issuer, date, contact). Numbers stay
    numbers, ID numbers and dates text, text is never run as a formula. The file carries its classification
    (内部资料), the exporter (the signed-in person) and the time in its properties and printed footer."""
    import datetime as dt

    from talentdesk.reports.totals import with_total

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"导出文件应以 .xlsx 结尾：{path}")
    made = made or dt.datetime.now().replace(microsecond=0)
    who = exporter or ""  # the signed-in person; never the operating system's login
    wb = Workbook(write_only=True)
    props = wb.properties
    props.title = tables[0].title if tables else ""
    props.creator = props.lastModifiedBy = who or "教育人才工作台"
    if classification:
        props.category = props.keywords = classification
    props.description = "；".join(
        x for x in (classification, f"导出人：{who}" if who else "", f"导出时间：{made:%Y-%m-%d %H:%M}") if x
    )
    used: set[str] = set()
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    right = Alignment(horizontal="right", vertical="center", wrap_text=True)
    info = "　　".join(
        x
        for x in (
            f"填报单位：{unit}" if unit else "",
            f"统计范围：{scope}" if scope else "",
            period,
            f"制表日期：{made:%Y-%m-%d}",
        )
        if x
    )
    for t_index, table in enumerate(tables):
        if not table.page_sums:
            table = with_total(table)
        ws = wb.create_sheet(_sheet_name(table.title, used))
        ncol = max(len(table.headers), 1)
        widths = list(table.widths or ())[:ncol]
        widths += [max(8, min(WIDE_COLUMN, 2 * len(str(h)) + 2)) for h in table.headers[len(widths) :]]
        widths = [min(w, WIDE_COLUMN) if i not in table.text_columns else w for i, w in enumerate(widths)]
        widths, orientation = page_layout(widths)
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        last = get_column_letter(ncol)
        # write-only: the sheet's set-up is written with its first row, so all of it comes first
        header_row = 3 + (len(before) if t_index == 0 else 0)
        ws.freeze_panes = f"A{header_row + 1}"
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.page_setup.paperSize = "9"  # A4
        ws.page_setup.orientation = orientation
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins.left = ws.page_margins.right = MARGIN_IN
        ws.print_options.horizontalCentered = True
        if classification:
            ws.oddHeader.right.text = classification
        ws.oddFooter.center.text = "第 &P 页 共 &N 页"
        if classification or who:
            ws.oddFooter.left.text = "　".join(x for x in (classification, f"导出人：{who}" if who else "") if x)
        row = 1
        _merged_line(ws, row, ncol, table.title, font=Font(bold=True, size=16), height=28, align="center")
        row += 1
        _merged_line(ws, row, ncol, info, height=max(20, LINE_PT * lines_needed(info, sum(widths)) + 3))
        row += 1
        for text in before if t_index == 0 else ():
            _merged_line(ws, row, ncol, text, height=LINE_PT * lines_needed(text, sum(widths)) + 3)
            row += 1
        head_lines = max((lines_needed(str(h), widths[i]) for i, h in enumerate(table.headers)), default=1)
        if head_lines > 1:
            ws.row_dimensions[row].height = head_lines * LINE_PT + 3
        ws.append([_text_cell(ws, h, font=bold, alignment=centre, border=BOX, fill=HEAD_FILL) for h in table.headers])
        row += 1
        emphasis = table.emphasis
        numeric = {
            i
            for i in range(ncol)
            if any(
                isinstance(r[i], (int, float)) and not isinstance(r[i], bool) for r in table.rows[:300] if i < len(r)
            )
        }
        per_page = rows_per_page(orientation, table.row_height) if table.page_sums else 0
        page_rows: list = []

        def put(values, strong: bool) -> None:
            nonlocal row
            cells = []
            for i in range(ncol):
                v = values[i] if i < len(values) else None
                if hasattr(v, "iso"):
                    v = v.iso()
                elif isinstance(v, (dt.date, dt.datetime)):
                    v = v.isoformat()
                c = _text_cell(ws, v, border=BOX, alignment=right if i in numeric and not isinstance(v, str) else left)
                if strong:
                    c.font = bold
                if i in table.text_columns:
                    c.number_format = TEXT
                elif isinstance(v, float):
                    c.number_format = "0.00"
                cells.append(c)
            most = max(
                (lines_needed(c.value, widths[i]) for i, c in enumerate(cells) if isinstance(c.value, str) and c.value),
                default=1,
            )
            height = max(table.row_height, most * LINE_PT + 3 if most > 1 else 0)
            if height:  # write-only: known before the row is written
                ws.row_dimensions[row].height = height
            ws.append(cells)
            row += 1

        def page_sum() -> None:
            from talentdesk.reports.render_pdf import page_sum_row

            put(page_sum_row(table, page_rows, len(table.rows)), True)
            ws.row_breaks.append(Break(id=row - 1))
            page_rows.clear()

        for r_index, values in enumerate(table.rows):
            is_last_total = table.page_sums and r_index == len(table.rows) - 1 and r_index in emphasis
            if is_last_total and page_rows:
                page_sum()
            put(values, r_index in emphasis)
            if table.page_sums and not is_last_total:
                page_rows.append(values)
                if len(page_rows) >= per_page:
                    page_sum()
        if table.page_sums and page_rows:
            page_sum()
        ws.auto_filter.ref = f"A{header_row}:{last}{row - 1}"
        sheet_notes = ([table.note] if table.note else []) + (list(notes) if t_index == 0 else [])
        sheet_notes = list(dict.fromkeys(sheet_notes))
        if sheet_notes:
            ws.append([])
            row += 1
            for n in sheet_notes:
                _merged_line(ws, row, ncol, n, height=LINE_PT * lines_needed(n, sum(widths)) + 3)
                row += 1
        if t_index == len(tables) - 1:
            for text in after:
                _merged_line(ws, row, ncol, text, align="right")
                row += 1
            if signatures:
                ws.append([])
                row += 1
                _signature_rows(ws, row, ncol, signatures, stamp)
                row += 1 + (1 if stamp else 0)
        ws.print_area = f"A1:{last}{row - 1}"  # the whole form prints, nothing beside or under it
    tmp = part_path(path)
    return publish(tmp, path, lambda: wb.save(tmp))


def _signature_rows(ws, row: int, ncol: int, signatures, stamp: str) -> None:
    """制表人：____ 审核人：____ 单位负责人：____ across the table's width, then the stamp line."""
    per = max(1, ncol // len(signatures))
    cells: list = []
    for k, who in enumerate(signatures):
        start = k * per
        cells += [None] * (start - len(cells))
        cells.append(_text_cell(ws, f"{who}：＿＿＿＿＿＿", alignment=Alignment(horizontal="left", vertical="bottom")))
        end = min(ncol, start + per) if k < len(signatures) - 1 else ncol
        if end - start > 1:
            ws.merged_cells.add(f"{get_column_letter(start + 1)}{row}:{get_column_letter(end)}{row}")
    ws.row_dimensions[row].height = 30
    ws.append(cells)
    if stamp:
        _merged_line(ws, row + 1, ncol, f"{stamp}　　　　年　　月　　日", height=60, align="right")
