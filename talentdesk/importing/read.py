"""Read spreadsheets as schools send them: .xlsx/.xlsm/.xls/.ods (python-calamine) and .csv.

Every sheet becomes a RawSheet whose rows keep their Excel positions (rows[0] is row 1,
column 0 is A), with values as calamine gives them (str, float, date/datetime, bool; '' when
empty). A merged cell's value is copied into every cell it spans. Files are checked by
importing.safety before a parser sees them.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from talentdesk.importing import safety
from talentdesk.importing.safety import FileRefused, Limits

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".docx")  # .docx: cards in Word tables


@dataclass
class RawSheet:
    path: str  # the file as given
    name: str  # sheet name; for a CSV file its name without extension
    rows: list[list]  # absolute positions, merged values filled in
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 (0-based, inclusive)
    hidden_cols: set[int] = field(default_factory=set)
    hidden: bool = False  # a hidden sheet
    is_csv: bool = False
    # cells changed or doubted while reading: row index → [(column, severity, code, message)] (NUL removed,
    # longer than a cell may be); the plan reports them on the row
    cell_notes: dict[int, list[tuple[int, str, str, str]]] = field(default_factory=dict)
    # a Word document (importing.read_docx): per row, (table number, row in that table), None for a paragraph
    origins: list[tuple[int, int] | None] | None = None

    @property
    def file_name(self) -> str:
        return Path(self.path).name


def expand_paths(paths) -> list[Path]:
    """Files as given; a folder gives its spreadsheet files (sorted, not Office lock files '~$…')."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(
                f
                for f in p.iterdir()
                if f.is_file() and f.suffix.lower() in SPREADSHEET_SUFFIXES and not f.name.startswith(("~$", ".~"))
            )
        else:
            out.append(p)
    return out


def read_file(path, limits: Limits = safety.DEFAULT) -> list[RawSheet]:
    """All sheets of one file. Raises FileRefused (a UserError) with a Chinese message."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".doc", ".wps"):
        raise FileRefused(
            f"“{path.name}”是旧版 Word/WPS 文档，不能直接导入：请在 Word 或 WPS 中“另存为”.docx 文件后再导入"
        )
    if suffix not in SPREADSHEET_SUFFIXES:
        raise FileRefused(
            f"不支持的文件类型“{path.name}”：请使用 .xlsx、.xls、.ods 或 .csv 文件（登记表也可以是 .docx）"
        )
    safety.check_file(path, limits)
    if suffix == ".csv":
        return [_read_csv(path, limits)]
    if suffix == ".docx":
        from talentdesk.importing.read_docx import read_docx

        return read_docx(path, limits)
    return _read_workbook(path, limits)


def decode_csv_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GB18030 (a superset of GBK)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise FileRefused(
            "CSV 文件既不是 UTF-8 也不是 GBK/GB18030 编码，请在 Excel 中另存为“CSV UTF-8”后再导入"
        ) from None


def _read_csv(path: Path, limits: Limits) -> RawSheet:
    text = decode_csv_bytes(path.read_bytes())
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    # the csv module refuses a field over 131,072 characters with a bare _csv.Error: a cell may be as long as
    # the file (already within its size limit); one longer than a cell may be is reported on its row
    if csv.field_size_limit() < limits.max_file_bytes:
        csv.field_size_limit(limits.max_file_bytes)
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as e:
        raise FileRefused(
            f"CSV 文件“{path.name}”格式有误，无法读取（{e}），请在 Excel 中重新另存为 CSV 后再导入"
        ) from None
    safety.check_rows(path.name, path.stem, len(rows), limits)
    notes = clean_cells(rows, limits)
    return RawSheet(str(path), path.stem, share_repeats(rows), is_csv=True, cell_notes=notes)


def _read_workbook(path: Path, limits: Limits) -> list[RawSheet]:
    import python_calamine as pc

    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
    except Exception as e:  # calamine raises its own error types for damaged files
        raise FileRefused(f"无法读取文件“{path.name}”：文件已损坏、加密或不是表格文件（{type(e).__name__}）") from None
    hidden_cols = _xlsx_hidden_columns(path) if path.suffix.lower() in (".xlsx", ".xlsm") else {}
    sheets = []
    for meta in wb.sheets_metadata:
        if str(meta.typ).endswith("ChartSheet"):
            continue
        try:
            sh = wb.get_sheet_by_name(meta.name)
        except Exception as e:
            raise FileRefused(f"无法读取“{path.name}”的工作表“{meta.name}”（{type(e).__name__}）") from None
        nrows, ncols = (sh.height + sh.start[0], sh.width + sh.start[1]) if sh.height else (0, 0)
        safety.check_extent(path.name, meta.name, nrows, ncols, limits)  # before the cells become objects
        merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (getattr(sh, "merged_cell_ranges", None) or [])]
        safety.check_merged(path.name, meta.name, merged, nrows, ncols, limits)
        rows = sh.to_python(skip_empty_area=False) if sh.height else []
        _fill_merged(rows, merged)
        notes = clean_cells(rows, limits)
        rows = share_repeats(rows)
        hidden = not str(meta.visible).endswith(".Visible")
        sheets.append(
            RawSheet(str(path), meta.name, rows, merged, hidden_cols.get(meta.name, set()), hidden, cell_notes=notes)
        )
    return sheets


def share_repeats(rows: list[list]) -> list[list]:
    """The same rows (the list changed in place, its rows replaced by equal ones when texts were shared), with
    equal texts of a column held as one object: a roster repeats its schools, titles, degrees and year-months on
    every row (re-import of a 45,000-row roster: peak memory 436 → 353 MB; the pickle to the parent halves).
    Columns of mostly distinct values (names, ID numbers: judged on the first 200 rows) and columns that are not
    all text are left as they are; so are ragged sheets. C-level loops only: one transpose of the sheet, one
    pass per shared column, one transpose back (a 43,873 × 16 roster: about 0.1 s)."""
    if len(rows) < 100:
        return rows
    width = len(rows[0])
    if width == 0 or any(len(r) != width for r in rows):
        return rows
    columns: list = list(zip(*rows))
    shared_any = False
    for c, col in enumerate(columns):
        sample = col[:200]
        if len(set(sample)) * 2 >= len(sample):
            continue  # mostly distinct (names, ID numbers, phones): not worth a pass over the column
        if set(map(type, col)) != {str}:
            continue  # numbers, dates, booleans: 1 == 1.0 == True must not merge
        canon: dict = {}
        shared = list(map(canon.setdefault, col, col))
        if len(canon) * 2 < len(col):
            columns[c] = shared
            shared_any = True
    if shared_any:
        rows[:] = map(list, zip(*columns))
    return rows


def _fill_merged(rows: list[list], merged: list[tuple[int, int, int, int]]) -> None:
    """Copy each merged range's value into its cells, within the sheet as read: a range reaching past the last
    row or column that holds anything adds no rows or columns (they would hold nothing but the copy)."""
    for r0, c0, r1, c1 in merged:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        if value == "" or value is None:
            continue
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                row[c] = value


def clean_cells(rows: list[list], limits: Limits) -> dict[int, list[tuple[int, str, str, str]]]:
    """Remove NUL characters from text cells (a NUL cuts the text short in C code further on: '王\\x00芳' would
    be stored as '王') and note each such cell, and each cell longer than limits.max_cell_chars, for its row.

    Row by row in C (a join of the row's texts), cell by cell only in the rare row that has either."""
    notes: dict[int, list[tuple[int, str, str, str]]] = {}
    longest = limits.max_cell_chars
    for r, row in enumerate(rows):
        texts = [v for v in row if v.__class__ is str]
        joined = "".join(texts)
        if "\x00" not in joined and len(joined) <= longest:
            continue
        for c, v in enumerate(row):
            if v.__class__ is not str:
                continue
            if "\x00" in v:
                row[c] = v = v.replace("\x00", "")
                notes.setdefault(r, []).append(
                    (
                        c,
                        "warning",
                        "cell.nul",
                        f"第{safety.col_letters(c)}列含有空字符（NUL，多见于从其他系统导出的文件），"
                        f"已删除该字符，其余内容保留为“{v[:30]}”：请学校核对",
                    )
                )
            if len(v) > longest:
                notes.setdefault(r, []).append(
                    (
                        c,
                        "error",
                        "cell.too_long",
                        f"第{safety.col_letters(c)}列的内容有 {len(v):,} 个字符，超过单元格上限 "
                        f"{longest:,} 个字符：本行不能导入，请学校核对该单元格",
                    )
                )
    return notes


_COL_RE = re.compile(rb"<(?:\w+:)?col\b([^>]*)/?>")


def _attr(blob: bytes, name: bytes) -> bytes | None:
    m = re.search(rb"\b" + name + rb'="([^"]*)"', blob)
    return m.group(1) if m else None


def _xlsx_hidden_columns(path: Path) -> dict[str, set[int]]:
    """Hidden columns per sheet name (0-based), read from the <cols> part at the head of each sheet XML.

    calamine does not expose column visibility; the zip already passed the safety checks and we only
    read the first 256 KB of each sheet with regular expressions (no XML parser, no entities).
    """
    out: dict[str, set[int]] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            for member, sheet_name in safety.xlsx_sheet_parts(zf).items():
                if member not in names:
                    continue
                with zf.open(member) as f:
                    head = f.read(256 * 1024)
                end = head.find(b"<sheetData")
                cols_part = head[: end if end >= 0 else len(head)]
                hidden: set[int] = set()
                for attrs in _COL_RE.findall(cols_part):
                    h = _attr(attrs, b"hidden")
                    if h in (b"1", b"true"):
                        lo, hi = int(_attr(attrs, b"min") or 0), int(_attr(attrs, b"max") or 0)
                        if 0 < lo <= hi and hi - lo < 1000:
                            hidden.update(range(lo - 1, hi))
                if hidden:
                    out[sheet_name] = hidden
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return out
    return out
