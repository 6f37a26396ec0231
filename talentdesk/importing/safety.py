"""Refuse hostile or oversized files before a parser touches them (bounded time and memory).

- size of the file on disk;
- for zip containers (.xlsx/.xlsm/.ods): total and per-member uncompressed sizes and the
  compression ratio (zip bombs), read from the zip directory without decompressing;
- XML DOCTYPE/ENTITY declarations anywhere in any XML member are refused (python-calamine does not
  expand entities, but openpyxl would; we refuse them up front so no parser ever sees them);
- the extent of every sheet, by streaming its XML in chunks (never parsed as a tree, so no entity
  expansion): python-calamine sizes a sheet as rows × columns from its farthest cell and aborts the whole
  process (a Rust abort, not an exception) when that allocation fails — one cell at XFD150000 in a 2 KB
  .xlsx asks for 78.6 GB. Refused here: a .xlsx sheet whose <dimension>, any row or cell reference (or the
  position of a cell written without one) or number of rows passes the limits, too many merged ranges; an
  .ods table whose filled cells, counted with table:number-columns-repeated / number-rows-repeated, pass them
  (the empty repeats LibreOffice writes to the end of the grid are not counted: calamine drops them).
- for .xls (BIFF records in an OLE2 compound file, opened with olefile): every sheet's DIMENSIONS record
  (calamine sizes the sheet by it: a claim of 4 billion rows aborts the process), the position of every cell
  record (a BIFF cell may name any of 65,536 columns) and MERGEDCELLS. calamine reads every sheet of a .xls
  when it opens it, so this runs before it is opened.
- whatever a check misses is contained by the child process that reads (importing.isolate); after calamine,
  each sheet's extent is checked again before its rows become Python objects (check_extent), and merged
  ranges before they are filled in (check_merged), for every format.

All limits are parameters (Limits) with defaults; messages are for the clerk and name the file and sheet.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from talentdesk.errors import UserError


class FileRefused(UserError):
    """A file the importer will not read (too big, damaged, or built to harm the program)."""


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 200 * 1024 * 1024
    max_total_uncompressed: int = 1024 * 1024 * 1024
    max_member_uncompressed: int = 600 * 1024 * 1024
    max_ratio: float = 150.0  # uncompressed / compressed for a member larger than ratio_floor
    ratio_floor: int = 8 * 1024 * 1024
    max_rows: int = 200_000  # per sheet
    max_members: int = 10_000
    max_cols: int = 256  # per sheet: columns A … IV
    max_cells: int = 20_000_000  # rows × columns of a sheet as read (from A1 to its farthest cell)
    max_merged: int = 100_000  # merged ranges per sheet
    merged_slack: int = 100_000  # merged cells allowed beyond a sheet's own area (title rows over a small table)
    max_cell_chars: int = 32_767  # one cell (Excel's own limit)
    child_memory: int = 4 * 1024 * 1024 * 1024  # address space of the reading process (POSIX; 0 = unlimited)


DEFAULT = Limits()
_ZIP_SUFFIXES = {".xlsx", ".xlsm", ".ods", ".docx"}
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
_CHUNK = 1 << 20
_MAX_TAG = 4 << 20  # bytes without a '>' (a tag or a text longer than any cell): not a spreadsheet


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def col_letters(index: int) -> str:
    """0 → A, 255 → IV, 16383 → XFD."""
    s = ""
    index += 1
    while index:
        index, r = divmod(index - 1, 26)
        s = chr(65 + r) + s
    return s


def col_index(letters: bytes | str) -> int:
    """A → 0 (the inverse of col_letters)."""
    n = 0
    for ch in letters.decode("ascii") if isinstance(letters, bytes) else letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _limit_text(limits: Limits) -> str:
    return f"最多 {limits.max_cols} 列（A 至 {col_letters(limits.max_cols - 1)} 列）、{limits.max_rows:,} 行"


def _too_far(name: str, sheet: str, where: str, limits: Limits) -> FileRefused:
    return FileRefused(
        f"文件“{name}”的工作表“{sheet}”{where}，超出导入范围（{_limit_text(limits)}），已拒绝导入："
        f"请删除多余的行列后重新保存，或拆分后再导入"
    )


def check_file(path: Path, limits: Limits = DEFAULT) -> None:
    """Raise FileRefused when PATH must not be read. Cheap: reads only the zip directory and streams XML."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as e:
        raise FileRefused(f"无法打开文件“{name}”：{e.strerror or e}") from None
    if size > limits.max_file_bytes:
        raise FileRefused(f"文件“{name}”有 {_mb(size)}，超过导入上限 {_mb(limits.max_file_bytes)}，请拆分后再导入")
    if path.suffix.lower() in _ZIP_SUFFIXES:
        _check_zip(path, limits)
    elif path.suffix.lower() == ".xls":
        _check_xls(path, limits)


def _check_zip(path: Path, limits: Limits) -> None:
    name = path.name
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError, EOFError, RuntimeError):
        raise FileRefused(f"文件“{name}”已损坏或不是 Excel/ODS/Word 文件，请让学校重新保存后发送") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_members:
            raise FileRefused(f"文件“{name}”内部结构异常（{len(infos)} 个部件），已拒绝导入")
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > limits.max_member_uncompressed or total > limits.max_total_uncompressed:
                raise FileRefused(
                    f"文件“{name}”解压后超过 {_mb(limits.max_total_uncompressed)}（可能是恶意构造的"
                    f"压缩炸弹），已拒绝导入"
                )
            if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise FileRefused(
                    f"文件“{name}”的压缩比异常（{info.file_size // max(info.compress_size, 1)} 倍，"
                    f"可能是压缩炸弹），已拒绝导入"
                )
        try:
            sheet_names = xlsx_sheet_parts(zf)
            for info in infos:
                member = info.filename
                if not member.lower().endswith((".xml", ".rels")):
                    continue
                if member.startswith("xl/worksheets/") or "/worksheets/" in member:
                    scan = _XlsxSheet(name, sheet_names.get(member, Path(member).stem), limits)
                elif member == "content.xml":
                    scan = _OdsContent(name, limits)
                else:
                    scan = None
                _scan_xml(zf, info, name, scan)
                if scan is not None and scan.needs_positions:
                    _scan_xml(zf, info, name, _XlsxPositions(scan))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, KeyError):
            # a damaged member (found by fuzzing: bad deflate data, CRC errors, truncation)
            raise FileRefused(f"文件“{name}”已损坏，请让学校重新保存后发送") from None


def _pieces(f):
    """The member's bytes in chunks of about 1 MB, each ending just after a '>' (no tag is ever split)."""
    carry = b""
    while True:
        chunk = f.read(_CHUNK)
        if not chunk:
            if carry:
                yield carry
            return
        data = carry + chunk if carry else chunk
        cut = data.rfind(b">") + 1
        if cut == 0:
            carry = data
            if len(carry) > _MAX_TAG:
                raise ValueError("no tag end")
            continue
        carry = data[cut:]
        yield data[:cut] if carry else data


def _scan_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, scan) -> None:
    """Stream one XML member to its end: refuse DTD/entity declarations anywhere; feed a sheet's scanner."""
    with zf.open(info) as f:
        try:
            for piece in _pieces(f):
                if b"<!" in piece and _DOCTYPE.search(piece):
                    raise FileRefused(f"文件“{name}”包含 XML 实体声明（可能是恶意构造的文件），已拒绝导入")
                if scan is not None:
                    scan.feed(piece)
        except ValueError:
            raise FileRefused(f"文件“{name}”内部结构异常（不是正常的 XML），已拒绝导入") from None
    if scan is not None:
        scan.finish()


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s[^>]*?\bref="([A-Z]{1,4})([0-9]{1,8})(?::([A-Z]{1,4})([0-9]{1,8}))?"')
_PREFIX = re.compile(rb"<(\w+:)?worksheet[\s>]")


class _XlsxSheet:
    """One worksheet part of a .xlsx, fed in pieces: its declared and actual extent against the limits.

    Cheap (a 37 MB sheet of 44,000 rows: about 0.2 s on top of inflating it): C-level counts, and regular
    expressions with a literal prefix (Python's re then searches like str.find) that match only references
    past the limits' number of letters or digits (most sheets: no match at all). A cell written without an r=
    reference (its position is the count of cells before it) is rare; such a sheet is walked again, tag by
    tag (needs_positions → _XlsxPositions).
    """

    def __init__(self, file: str, sheet: str, limits: Limits):
        self.file, self.sheet, self.limits = file, sheet, limits
        self.prefix: bytes | None = None
        self.rows = self.merged = 0
        letters = len(col_letters(limits.max_cols - 1))
        digits = len(str(limits.max_rows))
        self._col_re = re.compile(rb'r="([A-Z]{%d,})([0-9]+)"' % letters)
        self._row_re = re.compile(rb'r="([A-Z]*)([0-9]{%d,})"' % digits)
        self._no_ref: re.Pattern | None = None
        self.needs_positions = False

    def _refuse(self, where: str):
        raise _too_far(self.file, self.sheet, where, self.limits)

    def _check_refs(self, pattern: re.Pattern, piece: bytes) -> None:
        for m in pattern.finditer(piece):
            if m.start() and piece[m.start() - 1] not in b" \t\r\n":
                continue  # another attribute ending in r (operator="…")
            letters, digits = m.groups()
            row = int(digits)
            if (letters and col_index(letters) >= self.limits.max_cols) or row > self.limits.max_rows:
                ref = (letters + digits).decode("ascii")
                self._refuse(f"第 {row:,} 行有内容" if not letters else f"有单元格 {ref}")

    def feed(self, piece: bytes) -> None:
        if self.prefix is None:
            m = _PREFIX.search(piece)
            self.prefix = (m.group(1) or b"") if m else b""
            self._no_ref = re.compile(b"<" + re.escape(self.prefix) + rb'c(?:>|/>|\s(?!r="))')
            d = _DIMENSION.search(piece)
            if d and (
                col_index(d.group(3) or d.group(1)) >= self.limits.max_cols
                or int(d.group(4) or d.group(2)) > self.limits.max_rows
            ):
                ref = d.group(1) + d.group(2) + (b":" + d.group(3) + d.group(4) if d.group(3) else b"")
                self._refuse(f"声明的范围是 {ref.decode('ascii')}")
        p = b"<" + self.prefix
        self.rows += piece.count(p + b"row ") + piece.count(p + b"row>")
        if self.rows > self.limits.max_rows:
            raise FileRefused(
                f"文件“{self.file}”的工作表“{self.sheet}”超过 {self.limits.max_rows:,} 行，超出导入上限，请拆分后再导入"
            )
        self.merged += piece.count(p + b"mergeCell ")
        if self.merged > self.limits.max_merged:
            raise FileRefused(
                f"文件“{self.file}”的工作表“{self.sheet}”有超过 {self.limits.max_merged:,} 个合并单元格，"
                f"超出导入上限（可能是恶意构造的文件），已拒绝导入"
            )
        if not self.needs_positions and self._no_ref.search(piece):
            self.needs_positions = True
        self._check_refs(self._col_re, piece)
        self._check_refs(self._row_re, piece)

    def finish(self) -> None:
        pass


_XLSX_TAG = re.compile(rb"<(?:\w+:)?(row|c)(?=[\s/>])([^>]*)>")
_R_ATTR = re.compile(rb'\br="([A-Z]*)([0-9]+)"')


class _XlsxPositions:
    """The slow walk for a sheet with cells (or rows) written without r=: position of every cell as calamine
    counts it (a cell without a reference follows the previous one; a row without one follows the previous)."""

    def __init__(self, first: _XlsxSheet):
        self.first = first
        self.row = -1
        self.col = -1
        self.needs_positions = False

    def feed(self, piece: bytes) -> None:
        limits = self.first.limits
        for tag, attrs in _XLSX_TAG.findall(piece):
            m = _R_ATTR.search(attrs)
            if tag == b"row":
                self.row = int(m.group(2)) - 1 if m else self.row + 1
                self.col = -1
            elif m and m.group(1):
                self.col, self.row = col_index(m.group(1)), int(m.group(2)) - 1
            else:
                self.col += 1
            if self.col >= limits.max_cols or self.row >= limits.max_rows:
                self.first._refuse(f"有单元格 {col_letters(max(self.col, 0))}{self.row + 1}")

    def finish(self) -> None:
        pass


_ODS_PREFIX = re.compile(rb'xmlns:(\w+)="urn:oasis:names:tc:opendocument:xmlns:table:1\.0"')
_ODS_NAME = re.compile(rb'\bname="([^"]*)"')
_ODS_COLS = re.compile(rb'number-columns-repeated="([0-9]+)"')
_ODS_ROWS = re.compile(rb'number-rows-repeated="([0-9]+)"')


class _OdsContent:
    """content.xml of an .ods: every table's filled extent, repeats counted, tag by tag.

    A cell is filled when it has a value type or content; a row when it has a filled cell. Only filled
    cells and rows count (calamine drops trailing empty ones: LibreOffice repeats empty cells and rows
    to the end of the grid in every file).
    """

    needs_positions = False

    def __init__(self, file: str, limits: Limits):
        self.file, self.limits = file, limits
        self.tag: re.Pattern | None = None
        self.sheet = ""
        self.row = self.row_end = self.col = self.col_end = self.row_col_end = 0
        self.row_repeat = 1

    def feed(self, piece: bytes) -> None:
        if self.tag is None:
            m = _ODS_PREFIX.search(piece)
            p = re.escape(m.group(1) if m else b"table")
            self.tag = re.compile(
                rb"<(/?)" + p + rb":(table|table-row|table-cell|covered-table-cell)(?=[\s/>])"
                rb"([^>]*?)(/?)>"
            )
        limits = self.limits
        for close, tag, attrs, empty in self.tag.findall(piece):
            if tag == b"table-cell" or tag == b"covered-table-cell":
                if close:
                    continue
                m = _ODS_COLS.search(attrs) if b"repeated" in attrs else None
                n = int(m.group(1)) if m else 1
                if not empty or b"value-type=" in attrs:
                    self.row_col_end = self.col + n
                    if self.row_col_end > limits.max_cols:
                        raise _too_far(self.file, self.sheet, f"有内容的单元格到了第 {self.row_col_end:,} 列", limits)
                self.col += n
            elif tag == b"table-row":
                if close:
                    self._end_row()
                    continue
                m = _ODS_ROWS.search(attrs) if b"repeated" in attrs else None
                self.row_repeat = int(m.group(1)) if m else 1
                self.col = self.row_col_end = 0
                if empty:
                    self._end_row()
            elif tag == b"table":
                if close:
                    self._end_table()
                else:
                    m = _ODS_NAME.search(attrs)
                    self.sheet = m.group(1).decode("utf-8", "replace") if m else ""
                    self.row = self.row_end = self.col_end = 0

    def _end_row(self) -> None:
        if self.row_col_end:
            self.row_end = self.row + self.row_repeat
            self.col_end = max(self.col_end, self.row_col_end)
            if self.row_end > self.limits.max_rows:
                raise _too_far(self.file, self.sheet, f"有内容的行到了第 {self.row_end:,} 行", self.limits)
        self.row += self.row_repeat
        self.row_repeat, self.row_col_end = 1, 0

    def _end_table(self) -> None:
        check_extent(self.file, self.sheet, self.row_end, self.col_end, self.limits)

    def finish(self) -> None:
        pass


def check_extent(name: str, sheet: str, nrows: int, ncols: int, limits: Limits = DEFAULT) -> None:
    """A sheet read as NROWS × NCOLS cells (from A1): refuse it past the limits, before its cells become objects."""
    if nrows > limits.max_rows:
        raise FileRefused(
            f"文件“{name}”的工作表“{sheet}”有 {nrows:,} 行，超过导入上限 {limits.max_rows:,} 行，请拆分后再导入"
        )
    if ncols > limits.max_cols:
        raise _too_far(name, sheet, f"有 {ncols:,} 列", limits)
    if nrows * ncols > limits.max_cells:
        raise FileRefused(
            f"文件“{name}”的工作表“{sheet}”有 {nrows:,} 行 × {ncols:,} 列，超过导入上限 "
            f"{limits.max_cells:,} 个单元格，请删除多余的行列或拆分后再导入"
        )


def check_rows(name: str, sheet: str, nrows: int, limits: Limits = DEFAULT) -> None:
    """For formats without a cheap pre-scan (.csv): refuse a sheet with too many rows."""
    check_extent(name, sheet, nrows, 0, limits)


def check_merged(
    name: str, sheet: str, merged: list[tuple[int, int, int, int]], nrows: int, ncols: int, limits: Limits = DEFAULT
) -> None:
    """Merged ranges (r0, c0, r1, c1; 0-based, inclusive) of a sheet read as NROWS × NCOLS: each within the
    limits, together no more cells than the sheet's own area (plus some slack for title rows), since every
    cell of a merged range receives its value."""
    if len(merged) > limits.max_merged:
        raise FileRefused(
            f"文件“{name}”的工作表“{sheet}”有 {len(merged):,} 个合并单元格，超出导入上限 "
            f"{limits.max_merged:,} 个（可能是恶意构造的文件），已拒绝导入"
        )
    area = 0
    for r0, c0, r1, c1 in merged:
        if r1 >= limits.max_rows or c1 >= limits.max_cols or r0 > r1 or c0 > c1:
            raise _too_far(
                name, sheet, f"的合并单元格 {col_letters(c0)}{r0 + 1}:{col_letters(c1)}{r1 + 1} 太大", limits
            )
        area += (r1 - r0 + 1) * (c1 - c0 + 1)
    if area > nrows * ncols + limits.merged_slack:
        raise FileRefused(
            f"文件“{name}”的工作表“{sheet}”的合并单元格共 {area:,} 格，远大于表格本身（{nrows:,} 行 × "
            f"{ncols:,} 列）（可能是恶意构造的文件），已拒绝导入"
        )


# --- .xls ----------------------------------------------------------------------------------------------

_BOF = {0x0809, 0x0409, 0x0209, 0x0009}
_CELLS = {0x0201, 0x0203, 0x0204, 0x0205, 0x0006, 0x0206, 0x0406, 0x00FD, 0x027E, 0x00D6}  # row, column first
_MULTI = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first column, …, last column (the record's last 2 bytes)
_DIMENSIONS, _MERGEDCELLS, _BOUNDSHEET, _FILEPASS = 0x0200, 0x00E5, 0x0085, 0x002F


def _check_xls(path: Path, limits: Limits) -> None:
    """The BIFF records of a .xls: DIMENSIONS, cell positions and merged ranges of every sheet.

    A file olefile cannot open as a compound file is left to calamine (it refuses what it cannot read, in the
    child process): this check refuses, it never decides that a file is readable."""
    import olefile

    try:
        if not olefile.isOleFile(str(path)):
            return
        with olefile.OleFileIO(str(path)) as ole:
            stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
            if stream is None or ole.get_size(stream) > limits.max_file_bytes:
                return
            data = ole.openstream(stream).read()
    except Exception:  # noqa: BLE001 — a damaged container: calamine says so (contained in the child)
        return
    _scan_biff(data, path.name, limits)


def _scan_biff(data: bytes, name: str, limits: Limits) -> None:
    unpack = struct.unpack_from
    sheets: dict[int, str] = {}  # BOF position → sheet name (BOUNDSHEET)
    sheet, n_sheets, biff8 = "", 0, True
    max_cols = limits.max_cols
    pos, end = 0, len(data) - 4
    while pos <= end:
        typ, size = unpack("<HH", data, pos)
        body = pos + 4
        pos = body + size
        if pos > len(data):
            return  # truncated: calamine refuses it
        if typ in _CELLS:
            if size >= 4:
                row, col = unpack("<HH", data, body)
                if col >= max_cols:
                    raise _too_far(name, sheet, f"有单元格 {col_letters(col)}{row + 1}", limits)
        elif typ in _MULTI:
            if size >= 6:
                row, first = unpack("<HH", data, body)
                (last,) = unpack("<H", data, pos - 2)
                if max(first, last) >= max_cols:
                    raise _too_far(name, sheet, f"有单元格 {col_letters(max(first, last))}{row + 1}", limits)
        elif typ == _DIMENSIONS:
            if size >= 14:
                r0, r1, c0, c1 = unpack("<IIHH", data, body)
            elif size >= 8:
                r0, r1, c0, c1 = unpack("<HHHH", data, body)
            else:
                continue
            if r1 > limits.max_rows or c1 > max_cols:
                raise _too_far(name, sheet, f"声明的范围是 {r1:,} 行 × {c1:,} 列", limits)
        elif typ == _MERGEDCELLS:
            if size >= 2:
                (count,) = unpack("<H", data, body)
                for k in range(min(count, (size - 2) // 8)):
                    r0, r1, c0, c1 = unpack("<HHHH", data, body + 2 + 8 * k)
                    if r1 >= limits.max_rows or c1 >= max_cols:
                        raise _too_far(
                            name,
                            sheet,
                            f"的合并单元格 {col_letters(c0)}{r0 + 1}:{col_letters(c1)}{r1 + 1} 太大",
                            limits,
                        )
        elif typ in _BOF:
            if n_sheets == 0 and size >= 2:
                biff8 = unpack("<H", data, body)[0] == 0x0600
            sheet = sheets.get(body - 4, "") or (f"第 {n_sheets} 个工作表" if n_sheets else "")
            n_sheets += 1
        elif typ == _BOUNDSHEET and size >= 8:
            (offset,) = unpack("<I", data, body)
            cch = data[body + 6]
            if not biff8:  # BIFF5: the name's bytes follow its length, in the workbook's code page
                label = data[body + 7 : body + 7 + cch].decode("gb18030", "replace")
            elif data[body + 7] & 1:
                label = data[body + 8 : body + 8 + cch * 2].decode("utf-16-le", "replace")
            else:
                label = data[body + 8 : body + 8 + cch].decode("latin-1")
            sheets[offset] = label
        elif typ == _FILEPASS:
            return  # encrypted: the rest is unreadable without the password (calamine refuses it)


_SHEET_RE = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"', re.S)
_SHEET_RE2 = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\br:id="([^"]*)"[^>]*?\bname="([^"]*)"', re.S)
_REL_RE = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"', re.S)
_REL_RE2 = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"', re.S)
_MAX_INDEX_PART = 8 * 1024 * 1024  # workbook.xml and its rels: a few KB in any real file


def unescape(b: bytes) -> str:
    return (
        b.decode("utf-8", "replace")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def xlsx_sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → sheet name of a .xlsx ({} when the workbook or its relationships are missing).

    Read with regular expressions (no XML parser, no entities) from parts of bounded size."""
    names = set(zf.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    if max(zf.getinfo(n).file_size for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")) > _MAX_INDEX_PART:
        return {}
    wb = zf.read("xl/workbook.xml")
    rels = zf.read("xl/_rels/workbook.xml.rels")
    targets = {rid: tgt for rid, tgt in _REL_RE.findall(rels)}
    targets.update({rid: tgt for tgt, rid in _REL_RE2.findall(rels)})
    pairs = [(n, r) for n, r in _SHEET_RE.findall(wb)] or [(n, r) for r, n in _SHEET_RE2.findall(wb)]
    out = {}
    for name_b, rid in pairs:
        tgt = targets.get(rid)
        if not tgt:
            continue
        t = tgt.decode("utf-8", "replace")
        member = t.lstrip("/") if t.startswith("/") else "xl/" + t
        out[member] = unescape(name_b)
    return out
