"""Find the table in a sheet: the header row (anywhere), a two-row grouped header, the data rows.

Rows above the header are title and note rows (kept as `title_lines`: they may name the
school). Inside the data, blank rows, repeated header rows and footer rows (填表人、审核人、
合计、说明…) are set aside with a reason instead of being read as teachers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter

from talentdesk.importing.columns import header_score, norm_header
from talentdesk.importing.read import RawSheet
from talentdesk.importing.values import is_empty

HEADER_SEARCH_ROWS = 60
FOOTER_WORDS = (
    "填表人",
    "填报人",
    "审核人",
    "审核",
    "制表人",
    "制表",
    "负责人",
    "校长签字",
    "签字",
    "盖章",
    "合计",
    "总计",
    "小计",
    "说明",
    "注：",
    "注:",
    "备注：",
    "备注:",
    "填表说明",
    "联系电话：",
    "联系电话:",
    "填报日期",
    "填表日期",
    "单位负责人",
)


_FOOTER_FIRST = {w[0] for w in FOOTER_WORDS}


@dataclass
class Table:
    sheet: RawSheet
    header_rows: tuple[int, ...]  # 0-based indices of the header row(s)
    headers: list[str]  # one label per absolute column ('' when the column has no name); "group/sub" when grouped
    data_rows: list[int] = field(default_factory=list)  # 0-based indices of rows that may hold data
    set_aside: list[tuple[int, str]] = field(default_factory=list)  # (row index, reason) for footer/header rows
    title_lines: list[str] = field(default_factory=list)

    @property
    def header_end(self) -> int:
        return self.header_rows[-1]


def _cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _distinct_cells(sheet: RawSheet, r: int) -> list:
    """Cells of row r, a horizontally merged cell counted once."""
    row = sheet.rows[r]
    skip = set()
    for r0, c0, r1, c1 in sheet.merged:
        if r0 <= r <= r1 and c1 > c0:
            skip.update(range(c0 + 1, c1 + 1))
    return [v for c, v in enumerate(row) if c not in skip]


def _spans(sheet: RawSheet, r: int) -> list[tuple[int, int, int, int]]:
    return [m for m in sheet.merged if m[0] <= r <= m[2]]


def find_table(sheet: RawSheet) -> Table | None:
    """The table of a sheet, or None when no row looks like a header (an empty or a notes sheet)."""
    rows = sheet.rows
    best, best_score = -1, 1
    for r in range(min(len(rows), HEADER_SEARCH_ROWS)):
        s = header_score(_distinct_cells(sheet, r))
        if s > best_score:
            best, best_score = r, s
    if best < 0:
        return None
    group, sub = _grouped(sheet, best)
    width = max((len(r) for r in rows), default=0)
    if group is None:
        headers = [_cell_text(rows[best][c]) if c < len(rows[best]) else "" for c in range(width)]
        header_rows = (best,)
    else:
        headers = _combine(sheet, group, sub, width)
        header_rows = (group, sub)
    table = Table(sheet, header_rows, headers)
    table.title_lines = _title_lines(sheet, header_rows[0])
    threshold = max(2, (best_score * 2 + 2) // 3)
    header_norm = [norm_header(h.split("/")[-1]) for h in headers]
    named = _cheapest_first([(c, h) for c, h in enumerate(header_norm) if h], rows, header_rows[-1] + 1)
    repeats = _repeated_headers(rows, header_rows[-1] + 1, named, threshold)
    for r in range(header_rows[-1] + 1, len(rows)):
        cells = rows[r]
        for first in cells:
            if not is_empty(first):
                break
        else:
            continue  # a blank row
        if r in repeats:
            table.set_aside.append((r, "重复的表头行"))
            continue
        if not isinstance(first, str) or first.lstrip()[:1] not in _FOOTER_FIRST:
            table.data_rows.append(r)
            continue
        first = first.strip()
        texts = [_cell_text(v) for v in cells if not is_empty(v)]
        if any(first.startswith(w) for w in FOOTER_WORDS) or (
            len(texts) <= 4 and all(any(t.startswith(w) for w in FOOTER_WORDS) or len(t) > 40 for t in texts)
        ):
            table.set_aside.append((r, "表尾（填表人、审核人、合计、说明等）"))
            continue
        table.data_rows.append(r)
    return table


def _repeated_headers(rows: list, start: int, named: list[tuple[int, str]], threshold: int) -> set[int]:
    """Rows from start on that repeat the header inside the data (a printed page header): in at least
    threshold of the named columns the cell's text is the column's name (normalised).

    Column by column, cheapest first (named is ordered by _cheapest_first), each distinct text normalised once;
    once the columns left cannot bring a row to the threshold only the rows still in reach are looked at, and
    when none is left the name-like columns (a new text on every row) are never normalised at all.
    """
    hits: dict[int, int] = {}  # row offset → columns matching so far
    data = rows[start:]
    cand: list[int] | None = None  # rows still in reach (None: all)
    seen: dict[str, str] = {}
    width = min(map(len, data), default=0)
    for k, (c, h) in enumerate(named):
        if cand is None:
            col = list(map(itemgetter(c), data)) if c < width else [r[c] if c < len(r) else None for r in data]
            match = {v for v in set(col) if _names(v, h, seen)}
            if match:
                for i in compress(range(len(col)), map(match.__contains__, col)):
                    hits[i] = hits.get(i, 0) + 1
        else:
            for i in cand:
                r = data[i]
                if c < len(r) and _names(r[c], h, seen):
                    hits[i] = hits.get(i, 0) + 1
        need = threshold - (len(named) - k - 1)  # matches a row needs by now to reach the threshold
        if need > 0:
            cand = [i for i, n in hits.items() if n >= need]
            if not cand:
                return set()
    return {start + i for i, n in hits.items() if n >= threshold}


def _names(v, h: str, seen: dict) -> bool:
    """The cell v is the column name h (normalised; seen caches norm_header per text)."""
    if not (isinstance(v, str) and 0 < len(v) <= 30 and not v[:1].isdigit()):
        return False
    nv = seen.get(v)
    if nv is None:
        nv = seen[v] = norm_header(v)
    return nv == h


def _cheapest_first(named: list[tuple[int, str]], rows: list, start: int) -> list[tuple[int, str]]:
    """The named columns in the order _repeated_headers can rule data rows out fastest: columns of few distinct
    values first (each distinct text is normalised once; codes, dates and titles repeat), names, ID numbers
    and row numbers (a new value on every row) last. Judged on up to 200 rows; the order changes only the
    speed, never the answer."""
    sample = [r for r in rows[start : start + 200] if r]

    def cost(item):
        c = item[0]
        return len({r[c] for r in sample if c < len(r)}), c

    return sorted(named, key=cost)


def _grouped(sheet: RawSheet, r: int) -> tuple[int | None, int | None]:
    """(group row, sub row) when the header at r is one half of a two-row grouped header."""
    rows = sheet.rows

    def group_like(g: int, s: int) -> bool:
        # a horizontally merged cell in row g over columns that have names in row s, not a whole-width title
        width = max(1, sum(1 for v in rows[s] if not is_empty(v)))
        for r0, c0, r1, c1 in _spans(sheet, g):
            if (
                r0 == g
                and r1 == g
                and c1 > c0
                and (c1 - c0 + 1) < width
                and any(not is_empty(rows[s][c]) for c in range(c0, min(c1 + 1, len(rows[s]))))
            ):
                return True
        # or a cell merged vertically over both rows (序号 spanning the two header rows)
        return any(r0 <= g and r1 >= s and r1 - r0 == s - g for r0, c0, r1, c1 in _spans(sheet, g))

    if r + 1 < len(rows) and header_score(_distinct_cells(sheet, r + 1)) >= 2 and group_like(r, r + 1):
        return r, r + 1
    if r - 1 >= 0 and group_like(r - 1, r) and any(_cell_text(v) for v in rows[r - 1]):
        return r - 1, r
    return None, None


def _combine(sheet: RawSheet, g: int, s: int, width: int) -> list[str]:
    rows = sheet.rows
    vertical = set()
    for r0, c0, r1, c1 in sheet.merged:
        if r0 <= g and r1 >= s:
            vertical.update(range(c0, c1 + 1))
    out = []
    for c in range(width):
        top = _cell_text(rows[g][c]) if c < len(rows[g]) else ""
        bottom = _cell_text(rows[s][c]) if c < len(rows[s]) else ""
        if c in vertical or not top or top == bottom:
            out.append(bottom or top)
        elif not bottom:
            out.append(top)
        else:
            out.append(f"{top}/{bottom}")
    return out


def _title_lines(sheet: RawSheet, header_row: int) -> list[str]:
    lines = []
    for r in range(header_row):
        texts = []
        for v in sheet.rows[r]:
            t = _cell_text(v)
            if t and t not in texts:
                texts.append(t)
        if texts:
            lines.append(" ".join(texts))
    return lines


_UNIT = re.compile(r"(?:填报单位|单位名称|学校名称|单位|学校)\s*(?:[(（][^)）]*[)）])?\s*[:：]\s*(\S+)")
_TITLE_SUFFIX = re.compile(
    r"(?:\d{4}年.*?)?(?:教职工|教师|在职教师|专任教师)(?:信息|基本信息|基本情况|名单|花名册|名册)"
    r".*$|(?:教职工)?花名册.*$"
)


def school_hints(title_lines: list[str]) -> list[str]:
    """Names title or note rows give for the school of a sheet, most explicit first."""
    hints = []
    for line in title_lines:
        for m in _UNIT.finditer(line):
            hints.append(norm_header(m.group(1)))
    for line in title_lines:
        head = norm_header(line.split(" ")[0])
        cut = _TITLE_SUFFIX.sub("", head)
        if cut and cut != head:
            hints.append(cut)
    return [h for h in hints if h]
