"""Registration cards (教师基本情况登记表): one teacher per card, a grid of label–value pairs, several cards
stacked in a sheet (or one per sheet, or one per Word table).

A card row alternates labels and values: 姓名 | 张三 | 性别 | 男 | 出生年月 | 1985.03. A merged cell counts once
(its top-left cell; the cells it covers are skipped), so a value merged over three columns is one value and a
label merged over two rows is read on its first row only. A card starts at its title row (…登记表, …情况表) or,
without one, at the first row whose labels repeat what the card so far already has (the next card's 姓名).

Each card becomes ONE row of a teacher SheetPlan: the sheet's "columns" are the labels found on its cards
(one per field, named as the first card writes it; labels the importer does not know are listed, not
imported), a row's cells are the card's values in that order. The rows then go through exactly the same
checks and import plan as the rows of a table (rows_teachers, evaluate, apply). A row's number is the card's
first row; Card keeps where each label and value was, so issues are told by card, label and cell.

A sheet is read as cards when its first rows hold a 姓名 or 身份证号 label with a value beside it and more
label–value rows, it has a card with 姓名 or 身份证号 and at least MIN_PAIRS known labels filled in, and the row
table.find_table would take for a header (if any) lies on a card: a table's header row never alternates
labels with values, and the rows of a table hold values, not labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from talentdesk.importing import columns as cols
from talentdesk.importing.read import RawSheet
from talentdesk.importing.safety import col_letters
from talentdesk.importing.school_match import looks_like_school
from talentdesk.importing.table import FOOTER_WORDS, HEADER_SEARCH_ROWS, Table, school_hints
from talentdesk.importing.values import is_empty

KIND = "teachers"
MAX_LABEL = 16  # characters of a label cell (longer texts are values or notes)
TITLE_WORDS = ("登记表", "情况表", "信息表", "履历表", "采集表", "基本情况", "花名册", "审批表", "简历表")
MIN_PAIRS = 3  # known labels with a value a card needs (besides 姓名 or 身份证号) to be taken for a card


@dataclass
class Pair:
    field: str | None  # the teacher field the label names (None: a label the importer does not know)
    label: str  # as written
    label_at: tuple[int, int]  # (row, column), 0-based
    value: object
    value_at: tuple[int, int] | None  # None: the label has no value cell


@dataclass
class Card:
    first_row: int  # 0-based: the card's title row, else its first label row
    last_row: int
    title_lines: list[str] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    fields: set = field(default_factory=set)
    titled: bool = False  # starts with its own title row
    at: dict[int, Pair] = field(default_factory=dict)  # the sheet plan's column index → the pair it reads
    number: int = 0  # 1-based, within the sheet
    place: str = ""  # a Word document's card: its table ("表格2"); a sheet's card: "" (its row tells)

    def add(self, pairs: list[Pair], r: int) -> None:
        self.pairs += pairs
        self.fields |= {p.field for p in pairs if p.field}
        self.last_row = r

    @property
    def blank(self) -> bool:
        return all(is_empty(p.value) for p in self.pairs)

    @property
    def anchored(self) -> bool:
        return bool(self.fields & {"name", "id_number"})

    def filled(self) -> int:
        return sum(1 for p in self.pairs if p.field and not is_empty(p.value))


def cell_ref(at: tuple[int, int] | None, origins: list | None = None) -> str:
    """B14 in a sheet; 表格2第4行第2格 in a Word document (RawSheet.origins)."""
    if not at:
        return ""
    if origins is not None:
        o = origins[at[0]] if at[0] < len(origins) else None
        return f"表格{o[0]}第{o[1]}行第{at[1] + 1}格" if o else f"第{at[0] + 1}段"
    return f"{col_letters(at[1])}{at[0] + 1}"


# -- labels --------------------------------------------------------------------------------------------------
_LABELS: dict[str, str | None] = {}


def label_field(v) -> str | None | bool:
    """The field a cell names as a label; None for a text that may be a label the importer does not know;
    False for anything that cannot be a label (empty, a number, a long text, a text with digits)."""
    if type(v) is not str:
        return False
    t = v.strip()
    if not t or len(t) > MAX_LABEL or any(ch.isdigit() for ch in t):
        return False
    if t in _LABELS:
        return _LABELS[t]
    m = cols.match_header(KIND, t)
    f = m.field if m.field and m.field != cols.IGNORED else None
    if len(_LABELS) < 20000:
        _LABELS[t] = f
    return f


def _is_label(v) -> bool:
    return bool(label_field(v))


# -- the cells of a row, a merged cell once ------------------------------------------------------------------
class _Grid:
    def __init__(self, sheet: RawSheet, rows: range | None = None):
        self.sheet = sheet
        self.covered: dict[int, set[int]] = {}
        self.span: dict[tuple[int, int], int] = {}
        lo, hi = (rows.start, rows.stop) if rows is not None else (0, len(sheet.rows))
        for r0, c0, r1, c1 in sheet.merged:
            if r1 < lo or r0 >= hi:
                continue
            self.span[(r0, c0)] = c1
            for r in range(max(r0, lo), min(r1, hi - 1) + 1):
                cov = self.covered.setdefault(r, set())
                cov.update(range(c0, c1 + 1))
                if r == r0:
                    cov.discard(c0)

    def cells(self, r: int) -> list[tuple[int, object]]:
        row = self.sheet.rows[r]
        cov = self.covered.get(r, ())
        out = []
        c, n = 0, len(row)
        while c < n:
            if c in cov:
                c += 1
                continue
            out.append((c, row[c]))
            c = self.span.get((r, c), c) + 1
        while out and is_empty(out[-1][1]):
            out.pop()
        return out


def row_pairs(grid: _Grid, r: int) -> list[Pair] | None:
    """The label–value pairs of row r; None for a row that is a header (two labels side by side: the head of
    a table inside a card, or of a plain table)."""
    cells = grid.cells(r)
    out: list[Pair] = []
    i, n = 0, len(cells)
    while i < n:
        c, v = cells[i]
        f = label_field(v)
        if f is False:
            i += 1
            continue
        text = str(v).strip()
        nxt = cells[i + 1] if i + 1 < n else None
        if nxt is not None and _is_label(nxt[1]):
            if f:
                return None  # 学校 | 学历 | 专业: a header row, not pairs
            i += 1  # a text before a label: not a label itself
            continue
        if f is None and (nxt is None or is_empty(nxt[1]) or text.startswith(FOOTER_WORDS)):
            i += 1  # an unknown text with nothing beside it (照片, 填表人): not a label of this card
            continue
        known = f if isinstance(f, str) else None
        if known and nxt is not None and is_empty(nxt[1]) and i + 2 < n:
            c2, v2 = cells[i + 2]
            if not is_empty(v2) and label_field(v2) is False:
                # a label over two cells where the merge is not known (.ods): 身份证号 | (empty) | 3715…
                out.append(Pair(known, text, (r, c), v2, (r, c2)))
                i += 3
                continue
        out.append(Pair(known, text, (r, c), nxt[1] if nxt else "", (r, nxt[0]) if nxt else None))
        i += 2
    return out


def _title(grid: _Grid, r: int) -> str | None:
    """The text of a title row (…登记表), else None."""
    texts = []
    for _, v in grid.cells(r):
        if not is_empty(v):
            t = str(v).strip()
            if t not in texts:
                texts.append(t)
    if 0 < len(texts) <= 2 and any(w in texts[0] for w in TITLE_WORDS):
        return " ".join(texts)
    return None


def _text(grid: _Grid, r: int) -> str:
    texts: list[str] = []
    for _, v in grid.cells(r):
        t = "" if is_empty(v) else str(v).strip()
        if t and t not in texts:
            texts.append(t)
    return " ".join(texts)


# -- finding the cards ---------------------------------------------------------------------------------------
def worth_a_search(sheet: RawSheet) -> bool:
    """Cheap first test (a table of 45,000 rows must not pay for the card search): within the first rows, a
    姓名 or 身份证号 label with a value beside it, and at least one more row of label–value pairs."""
    n = min(len(sheet.rows), HEADER_SEARCH_ROWS)
    grid = _Grid(sheet, range(n))
    hits, anchor = 0, False
    for r in range(n):
        pairs = row_pairs(grid, r)
        known = [p for p in pairs or () if p.field and p.value_at and not is_empty(p.value)]
        if known:
            hits += 1
            anchor = anchor or any(p.field in ("name", "id_number") for p in known)
            if hits >= 2 and anchor:
                return True
    return False


def find_cards(sheet: RawSheet, table: Table | None = None) -> tuple[list[Card], list[str]] | None:
    """The cards of a sheet and notes on it (blank cards, repeated labels), or None when it is not a card
    sheet (table: what find_table found, whose header row must lie on a card)."""
    if not worth_a_search(sheet):
        return None
    grid = _Grid(sheet)
    cards: list[Card] = []
    cur: Card | None = None
    start: int | None = None  # a title row waiting for its card
    lines: list[str] = []
    for r in range(len(sheet.rows)):
        pairs = row_pairs(grid, r)
        if not pairs:
            if pairs is None:
                continue
            title = _title(grid, r)
            if title is not None:
                cur, start, lines = None, r, [title]
            elif start is not None and cur is None:
                text = _text(grid, r)
                if text:
                    lines.append(text)
            continue
        fields = {p.field for p in pairs if p.field}
        if cur is None or fields & cur.fields:
            cur = Card(r if start is None else start, r, lines, titled=start is not None)
            cards.append(cur)
            start, lines = None, []
        cur.add(pairs, r)
    cards = _join_fragments(cards)
    if not any(c.anchored and c.filled() >= MIN_PAIRS for c in cards):
        return None
    if table is not None and not any(c.first_row <= table.header_rows[-1] <= c.last_row for c in cards):
        return None
    notes = []
    kept = []
    for c in cards:
        if c.blank:
            notes.append(f"{_start(c, sheet.origins)}的登记表是空白的，未读取")
        else:
            kept.append(c)
    origins = sheet.origins
    for k, c in enumerate(kept, 1):
        c.number = k
        if origins is not None:
            o = next((origins[p.label_at[0]] for p in c.pairs if origins[p.label_at[0]]), None)
            c.place = f"表格{o[0]}" if o else ""
    return kept, notes


def _start(c: Card, origins: list | None) -> str:
    if origins is None:
        return f"第{c.first_row + 1}行起"
    o = next((origins[p.label_at[0]] for p in c.pairs if origins[p.label_at[0]]), None)
    return f"表格{o[0]}" if o else f"第{c.first_row + 1}段起"


def _join_fragments(cards: list[Card]) -> list[Card]:
    """A piece without 姓名 and 身份证号 that follows a card without a title of its own is the rest of that card
    (split where a label came twice: 学历 under 全日制教育 and again under 在职教育)."""
    out: list[Card] = []
    for c in cards:
        if out and not c.anchored and not c.titled:
            prev = out[-1]
            prev.pairs += c.pairs
            prev.fields |= c.fields
            prev.last_row = c.last_row
            continue
        out.append(c)
    return out


def card_like_header(sheet: RawSheet, table: Table) -> bool:
    """The row find_table took for a header alternates known labels with values (性别 | 男 | 民族 | 汉族) although
    no card could be read (no 姓名 or 身份证号 label the importer knows): reading it as a table would give
    nonsense rows."""
    r = table.header_rows[-1]
    grid = _Grid(sheet, range(r, min(r + 4, len(sheet.rows))))
    if _card_pairs(grid, r) < 2:
        return False
    for k in range(r + 1, min(r + 4, len(sheet.rows))):  # and the card goes on below: not a table's data rows
        if any(not is_empty(v) for v in sheet.rows[k]):
            return _card_pairs(grid, k) >= 1
    return False


def _card_pairs(grid: _Grid, r: int) -> int:
    """Known labels of row r followed by a value that is no column name of any list (学校名称 | 学校标识码 is a
    school list's header, not a label and its value)."""
    pairs = row_pairs(grid, r) or []
    return sum(
        1 for p in pairs if p.field and p.value_at and not is_empty(p.value) and not cols.header_score([p.value])
    )


def unreadable(raw: RawSheet, table: Table):
    """A sheet plan without rows for a sheet that looks like cards but cannot be read as cards, saying why."""
    from talentdesk.importing.plan import SheetPlan

    r = table.header_rows[-1]
    labels = [p.label for p in row_pairs(_Grid(raw, range(r, r + 1)), r) or () if p.field]
    sp = SheetPlan(raw.path, raw.name, KIND, [], [], raw, [], table.title_lines, signature="")
    sp.cards = []
    sp.notes.append(
        f"文件“{raw.file_name}”的工作表“{raw.name}”像是教师登记表"
        f"（第{r + 1}行：{'、'.join(labels)}等项目后面直接填写内容），"
        f"但没有找到“姓名”或“身份证号”一项，无法按登记表读取，也不能当作一行一人的名单读取，未导入："
        f"请学校在登记表中填写“姓名”和“身份证号”两项（项目名称照原表写），或改用一行一人的名单"
    )
    return sp


# -- the sheet plan ------------------------------------------------------------------------------------------
def sheet_plan(raw: RawSheet, table: Table | None, remembered: dict):
    """A teacher SheetPlan with one row per card, or None when the sheet holds no cards."""
    from talentdesk.importing.plan import ColumnInfo, SheetPlan

    found = find_cards(raw, table)
    if found is None:
        return None
    cards, notes = found
    _schools_from_titles(cards)
    keys: list = []
    columns: list[ColumnInfo] = []
    for c in cards:
        for p in c.pairs:
            key = p.field or ("?", cols.norm_header(p.label))
            if key not in keys:
                keys.append(key)
                m = cols.match_header(KIND, p.label)
                how = "none" if not p.field else m.how if m.field == p.field else "exact"  # exact: 标题中的学校
                columns.append(ColumnInfo(len(columns), p.label, p.field, how))
    headers = [c.header for c in columns]
    sig = cols.signature(["登记表", *headers])
    memo = remembered.get(sig)
    if memo and memo.get("kind") == KIND:
        for col in columns:
            if col.header in memo["columns"]:
                col.field, col.how = memo["columns"][col.header], "remembered"
    titles: list[str] = []
    for c in cards:
        for t in c.title_lines:
            if t not in titles:
                titles.append(t)
    sp = SheetPlan(raw.path, raw.name, KIND, [], columns, raw, [], titles[:3], signature=sig)
    sp.cards = cards
    sp.notes += notes
    index = {k: i for i, k in enumerate(keys)}
    for c in cards:
        c.at = {}
        for p in c.pairs:
            i = index[p.field or ("?", cols.norm_header(p.label))]
            if i in c.at:
                first = c.at[i]
                sp.notes.append(
                    f"第{c.number}张登记表：“{p.label}”出现两次（{cell_ref(first.value_at, raw.origins)}、"
                    f"{cell_ref(p.value_at, raw.origins)}），取第一处的值"
                )
                continue
            c.at[i] = p
    make_rows(sp)
    return sp


TITLE_LABEL = "标题中的学校"


def _schools_from_titles(cards: list[Card]) -> None:
    """A card without a 学校/工作单位 item whose own title names a school (青禾县育英小学教师基本情况登记表): that
    school, read as if the card said it (cards of several schools stacked in one sheet each keep their own)."""
    for c in cards:
        if "school" in c.fields or not c.titled or not c.title_lines:
            continue
        hint = next((h for h in school_hints(c.title_lines[:1]) if looks_like_school(h)), None)
        if hint:
            at = (c.first_row, 0)
            c.pairs.append(Pair("school", TITLE_LABEL, at, hint, at))
            c.fields.add("school")


def make_rows(sp) -> None:
    """One PlanRow per card (again after the clerk remaps a label); cell notes of read.clean_cells follow the
    values to the card's row."""
    from talentdesk.importing.plan import _NOTHING, INSERT, PlanRow

    width = len(sp.columns)
    notes = sp.raw.cell_notes
    sp.card_notes = {}
    rows = []
    for c in sp.cards:
        cells: list = [""] * width
        for i, p in c.at.items():
            cells[i] = p.value
            if notes and p.value_at and p.value_at[0] in notes:
                for col, severity, code, message in notes[p.value_at[0]]:
                    if col == p.value_at[1]:
                        sp.card_notes.setdefault(c.first_row, []).append((i, severity, code, message))
        # the shared read-only empties every new row starts with, as plan._make_rows gives them
        rows.append(
            PlanRow(sp, c.first_row + 1, cells, INSERT, _NOTHING, (), (), _NOTHING, False, None, None, None, _NOTHING)  # type: ignore[arg-type]
        )
    sp.rows = rows


def card_of(row):
    """The Card a plan row reads (None for a table row)."""
    return row.sheet.card(row.row)


def locate(row, fld: str | None) -> tuple[str, str]:
    """(label as written, cell of the value) of a field on the card a row reads; ("", "") when unknown."""
    card = card_of(row)
    if card is None or fld is None:
        return "", ""
    idx = row.sheet.field_columns.get(fld)
    p = card.at.get(idx) if idx is not None else None
    if p is None:
        return cols.FIELD_LABELS.get(fld, fld), ""
    return p.label, cell_ref(p.value_at or p.label_at, row.sheet.raw.origins)


def issue_text(row, issue) -> str:
    """An issue of a card row, told by label and cell: 身份证号（B5）：…"""
    label, cell = locate(row, issue.field)
    if not label:
        return issue.message
    return f"{label}（{cell}）：{issue.message}" if cell else f"{label}：{issue.message}"
