"""Word documents (.docx) whose tables hold registration cards (登记表): many schools fill the form in Word.

The whole document becomes ONE RawSheet named "Word表格": each table's rows on the grid of its columns, a blank
row between tables, and each non-empty paragraph outside the tables as a one-cell row where it stands (the
heading above a card is its title row). Merged cells become merged ranges as in a spreadsheet: a cell spanning
grid columns (w:gridSpan) and cells continued downwards (w:vMerge) — so importing.cards reads the document
exactly as it reads a sheet. RawSheet.origins says, for every row, which table and row of the document it is
(None for a paragraph), so issues can be told as "表格2 第4行第2格".

The file has passed importing.safety (zip sizes and ratio, no DOCTYPE or ENTITY in any XML part) and is read
in the reading child process (importing.isolate) like every spreadsheet.
"""

from __future__ import annotations

from pathlib import Path

from talentdesk.importing import safety
from talentdesk.importing.read import RawSheet, _fill_merged, clean_cells
from talentdesk.importing.safety import FileRefused, Limits

SHEET_NAME = "Word表格"


def _text(el, qn) -> str:
    """The text of a paragraph or a cell (its paragraphs joined by line breaks; tabs and breaks kept)."""
    out = []
    for p in el.iter(qn("w:p")):
        parts = []
        for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
            if node.tag == qn("w:t"):
                parts.append(node.text or "")
            else:
                parts.append(" ")
        out.append("".join(parts))
    return "\n".join(out).strip()


def read_docx(path: Path, limits: Limits = safety.DEFAULT) -> list[RawSheet]:
    try:
        import docx
        from docx.oxml.ns import qn

        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises its own errors (and lxml's, KeyError) for damaged files
        raise FileRefused(
            f"无法读取文件“{path.name}”：文件已损坏、加密或不是 Word 文档（{type(e).__name__}）"
        ) from None
    rows: list[list] = []
    origins: list[tuple[int, int] | None] = []
    merged: list[tuple[int, int, int, int]] = []
    tables = 0
    for el in document.element.body.iterchildren():
        tag = el.tag
        if tag == qn("w:p"):
            text = _text(el, qn)
            if text:
                rows.append([text])
                origins.append(None)
        elif tag == qn("w:tbl"):
            tables += 1
            if rows and any(v != "" for v in rows[-1]):
                rows.append([])
                origins.append(None)
            _table(el, qn, tables, rows, origins, merged, path.name, limits)
            rows.append([])
            origins.append(None)
        if len(rows) > limits.max_rows:
            safety.check_rows(path.name, SHEET_NAME, len(rows), limits)
    if not tables:
        return []
    width = max((len(r) for r in rows), default=0)
    safety.check_extent(path.name, SHEET_NAME, len(rows), width, limits)
    for r in rows:
        r.extend([""] * (width - len(r)))
    safety.check_merged(path.name, SHEET_NAME, merged, len(rows), width, limits)
    _fill_merged(rows, merged)
    notes = clean_cells(rows, limits)
    return [RawSheet(str(path), SHEET_NAME, rows, merged, cell_notes=notes, origins=origins)]


def _table(tbl, qn, number: int, rows: list, origins: list, merged: list, name: str, limits: Limits) -> None:
    """Append the rows of one table (nested tables are read as the text of their cell)."""
    top = len(rows)
    origin: dict[tuple[int, int], list[int]] = {}  # (row, col) → [r0, c0, r1, c1] of the range it belongs to
    for k, tr in enumerate(tbl.tr_lst):
        r = top + k
        row: list = [""] * (tr.grid_before or 0)
        for tc in tr.tc_lst:
            c = len(row)
            span = max(1, min(tc.grid_span or 1, limits.max_cols))
            if tc.vMerge == "continue" and (r - 1, c) in origin:
                rng = origin[(r - 1, c)]
                rng[2] = r
                row += [""] * span
                for j in range(c, c + span):
                    origin[(r, j)] = rng
                continue
            row.append(_text(tc, qn))
            row += [""] * (span - 1)
            rng = [r, c, r, c + span - 1]
            for j in range(c, c + span):
                origin[(r, j)] = rng
            if len(row) > limits.max_cols:
                raise safety._too_far(name, SHEET_NAME, f"的表格{number}有 {len(row)} 列", limits)
        rows.append(row)
        origins.append((number, k + 1))
    seen = set()
    for rng in origin.values():
        key = id(rng)
        if key in seen:
            continue
        seen.add(key)
        if rng[2] > rng[0] or rng[3] > rng[1]:
            merged.append((rng[0], rng[1], rng[2], rng[3]))
