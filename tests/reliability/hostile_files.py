"""Small hostile spreadsheets (each a few KB) that make a careless reader allocate without bound (issue 15 §3).

Every builder writes PATH and returns it. The .xls builder writes a minimal OLE2 compound file by hand (a
Workbook stream of BIFF8 records) so that no test needs a spreadsheet writer for the old format.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WB = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
    'name="教师" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def xlsx(
    path: Path, sheet_data: str, *, dimension: str | None = None, merges: tuple[str, ...] = (), prefix: str = ""
) -> Path:
    """A one-sheet workbook whose sheet XML holds SHEET_DATA (the <row> elements) as given."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    merged = (
        (f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>")
        if merges
        else ""
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main">{dim}<sheetData>{sheet_data}</sheetData>{merged}</worksheet>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        z.writestr("xl/worksheets/sheet1.xml", prefix + sheet)
    return path


def _header_row() -> str:
    return (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>身份证号</t>'
        "</is></c></row>"
    )


def xlsx_far_cell(path: Path, ref: str = "XFD150000") -> Path:
    """One cell far away: a reader that sizes the sheet by its extent asks for rows × 16,384 cells."""
    row = int("".join(ch for ch in ref if ch.isdigit()))
    return xlsx(path, _header_row() + f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>')


def xlsx_far_cell_no_refs(path: Path, columns: int = 20_000) -> Path:
    """The same without any r= attribute: the position comes from counting empty <c/> elements."""
    return xlsx(path, "<row>" + "<c/>" * columns + "<c><v>1</v></c></row>")


def xlsx_dimension(path: Path, ref: str = "A1:XFD1048576") -> Path:
    """An honest small table whose <dimension> claims the whole grid."""
    return xlsx(path, _header_row(), dimension=ref)


def xlsx_merge_bomb(path: Path, ref: str = "A1:XFD1048576") -> Path:
    """A small table with one merged range over the whole grid (its value copied into every cell)."""
    return xlsx(path, _header_row(), merges=(ref,))


def ods(path: Path, table_body: str) -> Path:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="教师">'
        f"{table_body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
        'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)
    return path


def _ods_cell(text: str, repeat: int = 1) -> str:
    rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f'<table:table-cell office:value-type="string"{rep}><text:p>{text}</text:p></table:table-cell>'


def ods_column_bomb(path: Path, columns: int = 16_384, rows: int = 1_048_576) -> Path:
    """One filled cell repeated across the columns, its row repeated down the sheet."""
    return ods(
        path,
        f"<table:table-row>{_ods_cell('姓名')}{_ods_cell('身份证号')}</table:table-row>"
        f'<table:table-row table:number-rows-repeated="{rows}">{_ods_cell("王芳", columns)}'
        "</table:table-row>",
    )


def ods_row_bomb(path: Path, rows: int = 100_000_000) -> Path:
    return ods(
        path,
        f"<table:table-row>{_ods_cell('姓名')}{_ods_cell('身份证号')}</table:table-row>"
        f'<table:table-row table:number-rows-repeated="{rows}">{_ods_cell("王芳")}</table:table-row>',
    )


def ods_normal_tail(path: Path) -> Path:
    """What LibreOffice writes: a small table, then empty rows and columns repeated to the end of the grid."""
    return ods(
        path,
        f"<table:table-row>{_ods_cell('姓名')}{_ods_cell('身份证号')}"
        '<table:table-cell table:number-columns-repeated="16382"/></table:table-row>'
        f"<table:table-row>{_ods_cell('王芳')}{_ods_cell('x')}"
        '<table:table-cell table:number-columns-repeated="16382"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048574">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>',
    )


# --- .xls (BIFF8 in an OLE2 compound file) ---------------------------------------------------------


def _rec(typ: int, data: bytes) -> bytes:
    return struct.pack("<HH", typ, len(data)) + data


def _label(row: int, col: int, text: str) -> bytes:  # LABEL (0x0204), BIFF8 unicode string
    raw = text.encode("utf-16-le")
    return _rec(0x0204, struct.pack("<HHHHB", row, col, 15, len(text), 1) + raw)


def _number(row: int, col: int, value: float) -> bytes:  # NUMBER (0x0203)
    return _rec(0x0203, struct.pack("<HHHd", row, col, 15, value))


def _biff_workbook(
    cells: bytes,
    *,
    dimensions: tuple[int, int, int, int] = (0, 2, 0, 2),
    merges: tuple[tuple[int, int, int, int], ...] = (),
) -> bytes:
    """Globals (BOF, CODEPAGE, one BOUNDSHEET, EOF) and one worksheet substream."""
    bof_globals = _rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x0006))
    bof_sheet = _rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 0x0006))
    codepage = _rec(0x0042, struct.pack("<H", 1200))
    name = "教师"

    def boundsheet(pos: int) -> bytes:
        return _rec(0x0085, struct.pack("<IBBBB", pos, 0, 0, len(name), 1) + name.encode("utf-16-le"))

    eof = _rec(0x000A, b"")
    head_len = len(bof_globals) + len(codepage) + len(boundsheet(0)) + len(eof)
    globals_ = bof_globals + codepage + boundsheet(head_len) + eof
    r0, r1, c0, c1 = dimensions
    c1 = min(c1, 0xFFFF)
    sheet = bof_sheet + _rec(0x0200, struct.pack("<IIHHH", r0, r1, c0, c1, 0)) + cells
    if merges:
        sheet += _rec(0x00E5, struct.pack("<H", len(merges)) + b"".join(struct.pack("<HHHH", *m) for m in merges))
    return globals_ + sheet + eof


def _cfb(stream_name: str, data: bytes) -> bytes:
    """A version-3 compound file holding one stream (at least 4,096 bytes, so no mini stream)."""
    data = data + b"\0" * max(0, 4096 - len(data))
    data += b"\0" * (-len(data) % 512)
    n_data = len(data) // 512
    # sectors: 0 = FAT, 1 = directory, 2.. = the stream
    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [3 + i for i in range(n_data - 1)] + [0xFFFFFFFE]
    assert len(fat) <= 128
    fat += [0xFFFFFFFF] * (128 - len(fat))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", 0xFFFFFFFF) * 108
    )
    assert len(header) == 512

    def entry(name: str, typ: int, child: int, start: int, size: int) -> bytes:
        n = (name + "\0").encode("utf-16-le")
        return (
            n
            + b"\0" * (64 - len(n))
            + struct.pack("<HBB", len(n), typ, 1)
            + struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    directory = (
        entry("Root Entry", 5, 1, 0xFFFFFFFE, 0) + entry(stream_name, 2, 0xFFFFFFFF, 2, len(data)) + b"\0" * 128 * 2
    )
    return header + struct.pack("<128I", *fat) + directory + data


def xls(path: Path, cells: bytes, **kw) -> Path:
    path.write_bytes(_cfb("Workbook", _biff_workbook(cells, **kw)))
    return path


def xls_table(path: Path) -> Path:
    """An honest two-row table (to prove the builder writes what calamine reads)."""
    return xls(path, _label(0, 0, "姓名") + _label(0, 1, "身份证号") + _label(1, 0, "王芳") + _label(1, 1, "x"))


def xls_far_cell(path: Path, row: int = 65_535, col: int = 65_535, *, honest: bool = True) -> Path:
    """A BIFF cell record may name any column up to 65,535 (Excel stops at 255); the DIMENSIONS record says so
    when HONEST, else it claims two columns."""
    return xls(
        path,
        _label(0, 0, "姓名") + _label(0, 1, "身份证号") + _number(row, col, 1.0),
        dimensions=(0, row + 1, 0, col + 1) if honest else (0, 2, 0, 2),
    )


def xls_dimension(path: Path) -> Path:
    """Honest cells, a DIMENSIONS record claiming 4 billion rows and 65,535 columns."""
    return xls(path, _label(0, 0, "姓名") + _label(0, 1, "身份证号"), dimensions=(0, 0xFFFFFFFF, 0, 0xFFFF))


def xls_merge_bomb(path: Path) -> Path:
    return xls(path, _label(0, 0, "姓名") + _label(0, 1, "身份证号"), merges=((0, 65_535, 0, 255),))
