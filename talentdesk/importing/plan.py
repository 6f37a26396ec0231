"""The import plan: what an import would do, row by row, before anything is written.

API for the wizard and the CLI (all Qt-free):

    plan = build_plan(db, paths, progress=None)      # read, find tables, map columns, check every row
    plan.files[i].sheets[j]                          # SheetPlan: kind, columns (ColumnInfo), rows (PlanRow)
    plan.remap(sheet, {col_index: field | None})     # the clerk corrects the column mapping (remembered on apply)
    plan.set_value(row, field, raw_text)             # correct a value in place (row re-checked)
    plan.exclude(row, True)                          # leave a row out
    plan.accept(row, "transfer" | "keep")            # decide a held row (teacher found at another school)
    plan.school_questions()                          # rows held for their school: unknown, ambiguous, not given
    plan.choose_school(sheet, asked, ref)            # the clerk says which school (remembered on apply)
    plan.add_school({"name", "township", "area", "kind"})  # a school created with the import → its SchoolRef
    plan.counts()                                    # {"insert": n, "update": n, ...}
    services.platform.imports.apply_plan(db, plan)            # one transaction, one ImportBatch; undo_batch(db, id)
    report.to_json(plan)                             # the CLI report

progress(done, total, text) is called while building; it may raise (e.g. Cancelled) to stop.
Statuses: insert, update, unchanged (will be written / nothing to do), rejected (the row cannot be
trusted: the school must correct it), held (the clerk must decide or correct), skipped (excluded,
or a repeat of an earlier row).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from talentdesk.domain.policy import Policy
from talentdesk.importing import columns as cols
from talentdesk.importing import isolate, safety
from talentdesk.importing.context import Context
from talentdesk.importing.read import RawSheet, expand_paths
from talentdesk.importing.safety import FileRefused
from talentdesk.importing.table import find_table
from talentdesk.importing.values import is_empty

INSERT, UPDATE, UNCHANGED, REJECTED, HELD, SKIPPED = "insert", "update", "unchanged", "rejected", "held", "skipped"
SCHOOL_QUESTIONS = ("school.unknown", "school.ambiguous", "school.missing")  # the clerk says which school
REPORT_STATUS = {
    INSERT: "inserted",
    UPDATE: "updated",
    UNCHANGED: "unchanged",
    REJECTED: "rejected",
    HELD: "held",
    SKIPPED: "skipped",
}
STATUS_LABELS = {INSERT: "新增", UPDATE: "修改", UNCHANGED: "未变", REJECTED: "退回", HELD: "待定", SKIPPED: "跳过"}

Progress = Callable[[int, int, str], None]


class Cancelled(Exception):
    """Raised by a progress callback to stop building or applying a plan."""


@dataclass
class Issue:
    field: str | None  # field key (columns.FIELD_LABELS), None for the whole row
    severity: str  # "error" | "warning"
    code: str  # stable, e.g. id.precision_lost
    message: str  # Chinese: what is wrong and what to do

    def as_dict(self) -> dict:
        return {"field": self.field, "severity": self.severity, "code": self.code, "message": self.message}


@dataclass
class ColumnInfo:
    index: int  # 0-based absolute column
    header: str  # as read ("group/sub" for a grouped header)
    field: str | None  # mapped field, None = not imported (shown to the clerk)
    how: str  # exact | variant | stem | remembered | manual | none | duplicate | hidden
    hidden: bool = False


@dataclass(slots=True)
class PlanRow:
    sheet: SheetPlan
    row: int  # 1-based, as Excel shows it (CSV: line number, header on line 1)
    cells: list  # the whole row as read
    status: str = INSERT
    values: dict = field(default_factory=dict)  # typed values per field
    issues: list[Issue] = field(default_factory=list)
    changes: list[tuple[str, object, object]] = field(default_factory=list)  # (field, old, new) for updates
    edited: dict = field(default_factory=dict)  # field → value typed by the clerk
    excluded: bool = False
    decision: str | None = None  # for held rows: "transfer" | "keep"
    key: str | None = None  # the ID number when valid (report)
    target_id: int | None = None  # the existing record this row updates
    refs: dict = field(default_factory=dict)  # resolved references (school names, teacher keys…)
    conflict: dict | None = None  # same teacher, other values elsewhere in the file: {"with": [rows], "was": status}

    @property
    def where(self) -> str:
        card = self.sheet.card(self.row) if self.sheet.cards is not None else None
        if card is not None:
            return f"{self.sheet.name}!{card.place or self.row}（第{card.number}张登记表）"
        return f"{self.sheet.name}!{self.row}"

    def raw(self, fld: str):
        """The value for a field: the clerk's correction, else the cell."""
        if fld in self.edited:
            return self.edited[fld]
        idx = self.sheet.field_columns.get(fld)
        if idx is None or idx >= len(self.cells):
            return None
        v = self.cells[idx]
        return None if is_empty(v) else v

    def add(self, fld, severity, code, message) -> None:
        if type(self.issues) is tuple:  # the shared empty one a row starts with
            self.issues = []
        self.issues.append(Issue(fld, severity, code, message))

    @property
    def has_error(self) -> bool:
        return any(i.severity == "error" for i in self.issues)

    @property
    def has_warning(self) -> bool:
        return any(i.severity == "warning" for i in self.issues)


@dataclass
class SheetPlan:
    path: str
    name: str  # sheet name (CSV: file name without extension)
    kind: str  # teachers | schools | pairings | rotations
    header_rows: list[int]  # 1-based
    columns: list[ColumnInfo]
    raw: RawSheet
    data_rows: list[int]  # 0-based row indices holding data
    title_lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # sheet-level messages (unmapped columns, set-aside rows)
    rows: list[PlanRow] = field(default_factory=list)
    signature: str = ""
    mapping_changed: bool = False  # the clerk corrected the mapping: remember it on apply
    school_choices: dict = field(default_factory=dict)  # a name as the sheet means it ("" none) → SchoolRef
    choices_changed: bool = False  # the clerk chose a school: remember it on apply
    school_found: object = None  # teacher sheets: the school_match.Match of the sheet's own school (None: none named)
    # read as registration cards (importing.cards): one row per card, the columns are the cards' labels
    cards: list | None = None
    card_notes: dict = field(default_factory=dict)  # read.clean_cells notes moved to the cards' rows
    _fields: dict | None = field(default=None, repr=False)
    _card_rows: dict | None = field(default=None, repr=False)

    def card(self, row: int):
        """The card (importing.cards.Card) whose first row is ROW (1-based); None for a table sheet."""
        if self.cards is None:
            return None
        if self._card_rows is None:
            self._card_rows = {c.first_row + 1: c for c in self.cards}
        return self._card_rows.get(row)

    @property
    def field_columns(self) -> dict[str, int]:
        """field → column index (cached; remap() resets it)."""
        if self._fields is None:
            out = {}
            for c in self.columns:
                if c.field and c.field != cols.IGNORED and c.field not in out:
                    out[c.field] = c.index
            self._fields = out
        return self._fields

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


@dataclass
class FilePlan:
    path: str
    sheets: list[SheetPlan] = field(default_factory=list)
    error: str | None = None  # the file was refused (message for the clerk)

    @property
    def kind(self) -> str | None:
        kinds = [s.kind for s in self.sheets if s.rows]
        return max(set(kinds), key=kinds.count) if kinds else (self.sheets[0].kind if self.sheets else None)


@dataclass
class ImportPlan:
    files: list[FilePlan]
    context: Context
    new_schools: list[dict] = field(default_factory=list)  # schools the clerk creates in the wizard
    _memo: dict = field(default_factory=dict, repr=False, compare=False)  # value caches of the row checks

    def sheets(self) -> list[SheetPlan]:
        return [s for f in self.files for s in f.sheets]

    def rows(self, kind: str | None = None) -> list[PlanRow]:
        return [r for s in self.sheets() if kind is None or s.kind == kind for r in s.rows]

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in REPORT_STATUS}
        for r in self.rows():
            out[r.status] += 1
        out["errors"] = sum(1 for r in self.rows() if r.has_error)
        out["warnings"] = sum(1 for r in self.rows() if r.has_warning)
        out["refused_files"] = sum(1 for f in self.files if f.error)
        return out

    # -- edits by the clerk -------------------------------------------------
    def set_value(self, row: PlanRow, fld: str, value) -> None:
        """Correct one value (as the clerk types it); the row and the file-wide checks run again."""
        row.edited = {**row.edited, fld: value}  # a new dict: rows start with a shared, read-only empty one
        self.recheck()

    def exclude(self, row: PlanRow, excluded: bool = True) -> None:
        row.excluded = excluded
        self.recheck()

    def accept(self, row: PlanRow, decision: str | None) -> None:
        """Decide a held row: 'transfer' moves the teacher's post to this school, 'keep' updates the rest only."""
        row.decision = decision
        self.recheck()

    def choose_school(self, sheet: SheetPlan, asked: str, school) -> None:
        """The clerk says which school a name in a sheet means (asked: the name as the rows' issue gives it,
        "" for a sheet that names none); school: a SchoolRef of the database or of add_school()."""
        sheet.school_choices = {**sheet.school_choices, asked: school}
        sheet.choices_changed = True
        self.recheck()

    def add_school(self, values: dict):
        """A school the clerk creates while importing (name, township, area, kind…): written with the
        import (undone with it). Returns its SchoolRef. Raises ValueError when the name is taken."""
        from talentdesk.domain import codes

        name = str(values.get("name") or "").strip()
        key = codes.norm_text(name)
        if not key:
            raise ValueError("请填写学校名称")
        if key in self.context.schools or any(codes.norm_text(v["name"]) == key for v in self.new_schools):
            raise ValueError(f"学校“{name}”已经在学校名单中")
        self.new_schools.append({**values, "name": name})
        self.register_new_schools()
        return self.context.planned_schools[key]

    def register_new_schools(self) -> None:
        from talentdesk.domain import codes
        from talentdesk.importing.context import SchoolRef

        for v in self.new_schools:
            key = codes.norm_text(v["name"])
            if key not in self.context.planned_schools:
                self.context.planned_schools[key] = SchoolRef(
                    None, v["name"], v.get("kind"), v.get("code"), v.get("township")
                )

    def conflicts(self) -> list[PlanRow]:
        """Teacher rows held because another row of the same file gives the same teacher other values."""
        return [r for r in self.rows("teachers") if r.conflict and r.status == HELD]

    def prefer_sheet(self, name: str) -> int:
        """In every conflict that involves sheet NAME, that sheet's row wins and the others are skipped.
        Returns how many conflicts were settled."""
        settled = 0
        for r in self.conflicts():
            if r.sheet.name != name or r.status != HELD:
                continue
            conflict = r.conflict
            assert conflict is not None  # conflicts() yields only rows holding one
            r.status = conflict["was"]
            for o in conflict["with"]:
                if o.status == HELD:
                    o.status = SKIPPED
                    o.add(
                        "id_number", "warning", "duplicate_in_file", f"已按“{name}”工作表的 {r.where} 为准，本行不导入"
                    )
            settled += 1
        return settled

    def school_questions(self) -> list[dict]:
        """The names the clerk must decide, per sheet: {"sheet", "asked", "code", "message", "candidates",
        "rows"} — rows held because their school is unknown, ambiguous or not given."""
        out: dict[tuple, dict] = {}
        for s in self.sheets():
            if s.kind != "teachers":
                continue
            for r in s.rows:
                if r.status not in (HELD,) or r.excluded:
                    continue
                for i in r.issues:
                    if i.field == "school" and i.code in SCHOOL_QUESTIONS:
                        asked = r.refs.get("school_asked", "")
                        q = out.setdefault(
                            (id(s), asked),
                            {
                                "sheet": s,
                                "asked": asked,
                                "code": i.code,
                                "message": i.message,
                                "rows": [],
                                "candidates": r.refs.get("school_candidates", []),
                            },
                        )
                        q["rows"].append(r)
        return list(out.values())

    def remap(self, sheet: SheetPlan, mapping: dict[int, str | None]) -> None:
        """Set the field of columns (by 0-based index); None leaves a column out."""
        for c in sheet.columns:
            if c.index in mapping:
                c.field, c.how = mapping[c.index], "manual"
        sheet.mapping_changed = True
        sheet._fields = None
        _make_rows(sheet)
        self.recheck()

    def recheck(self, progress: Progress | None = None) -> None:
        from talentdesk.importing import evaluate

        evaluate.evaluate_plan(self, progress)


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while a plan's hundreds of thousands of (acyclic) objects are made or
    written: each full collection would walk the whole plan again (about a quarter of the import time)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def build_plan(db, paths, progress: Progress | None = None, *, limits=None, policy: Policy | None = None) -> ImportPlan:
    """Read the files (a folder gives its spreadsheets), find and map every sheet, check every row against db.
    POLICY: the bureau's policy parameters (services.platform.settings.load_policy), passed in by the caller;
    None reads the one saved in db."""
    with gc_paused():
        return _build_plan(db, paths, progress, limits, policy)


def _build_plan(db, paths, progress: Progress | None, limits, policy: Policy | None = None) -> ImportPlan:
    from talentdesk.importing import mapping_store

    files = expand_paths(paths)
    with isolate.Reader(files, limits or safety.DEFAULT) as reader:  # files are read in a child process, from now
        ctx = Context.load(db)
        ctx.policy = policy
        remembered = mapping_store.load_all(db)
        ctx.school_choices = mapping_store.load_school_choices(db)
        plan = ImportPlan([], ctx)
        if sum(_size(p) for p in files) >= _PREFETCH_BYTES:
            ctx.prefetch_teachers()  # read while the files are read (in the child)
        try:
            _read_files(plan, files, remembered, progress, reader)
            reader.close()  # every file is read: the child ends before the rows are checked
            plan.recheck(progress)
        finally:
            ctx.take_prefetched()  # waits for the thread; unused snapshots are dropped
    if progress:
        progress(len(files) + 1, len(files) + 1, "完成")
    return plan


_PREFETCH_BYTES = 512 * 1024  # spreadsheets this big (several thousand rows) start the teacher prefetch


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read_files(plan: ImportPlan, files: list[Path], remembered: dict, progress, reader) -> None:
    for i, path in enumerate(files):
        step = (i, len(files) + 1, f"读取 {Path(path).name}")
        if progress:
            progress(*step)
        fp = FilePlan(str(path))
        plan.files.append(fp)
        try:
            raws = reader.read_next((lambda step=step: progress(*step)) if progress else None)
        except FileRefused as e:
            fp.error = e.message
            continue
        for raw in raws:
            sp = _sheet_plan(raw, remembered)
            if sp is not None:
                fp.sheets.append(sp)
        if not fp.sheets:  # never silent: say why nothing of this file will be imported
            fp.error = (
                f"文件“{Path(path).name}”中没有找到可以导入的名单（需要有表头行，如 姓名、身份证号、学校名称 等列），"
                f"请核对后重新发送"
            )
        elif not any(sp.rows for sp in fp.sheets):
            unread = [n for sp in fp.sheets if sp.cards == [] for n in sp.notes[:1]]  # cards that could not be read
            fp.error = unread[0] if unread else f"文件“{Path(path).name}”只有表头，没有数据行"


def _sheet_plan(raw: RawSheet, remembered: dict) -> SheetPlan | None:
    from talentdesk.importing import cards

    if raw.hidden:
        return None
    table = find_table(raw)
    card_plan = cards.sheet_plan(raw, table, remembered)
    if card_plan is not None:
        return card_plan
    if table is None:
        return None
    if cards.card_like_header(raw, table):  # never read a card's rows as a table's (“‘民族’不是有效的性别”)
        return cards.unreadable(raw, table)
    headers = table.headers
    sig = cols.signature(headers)
    memo = remembered.get(sig)
    kind = memo["kind"] if memo else cols.detect_kind(headers)
    matches = cols.map_headers(kind, headers)
    columns = []
    for i, (h, m) in enumerate(zip(headers, matches)):
        has_data = any(i < len(raw.rows[r]) and not is_empty(raw.rows[r][i]) for r in table.data_rows[:200])
        if not h and not has_data:
            continue
        columns.append(ColumnInfo(i, h or f"（第{_col_letter(i)}列，无表头）", m.field, m.how, i in raw.hidden_cols))
    if memo:
        for c in columns:
            if c.header in memo["columns"]:
                c.field, c.how = memo["columns"][c.header], "remembered"
    _hidden_columns(columns)
    sp = SheetPlan(
        raw.path,
        raw.name,
        kind,
        [r + 1 for r in table.header_rows],
        columns,
        raw,
        table.data_rows,
        table.title_lines,
        signature=sig,
    )
    for r, reason in table.set_aside:
        sp.notes.append(f"第{r + 1}行：{reason}，未作为数据读取")
    _make_rows(sp)
    return sp


def _hidden_columns(columns: list[ColumnInfo]) -> None:
    """A hidden column is used only for a field no visible column gives."""
    visible = {c.field for c in columns if c.field and not c.hidden}
    for c in columns:
        if c.hidden and c.field and c.field in visible:
            c.field, c.how = None, "hidden"


def _col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


_NOTHING = MappingProxyType({})  # read-only: evaluate_plan() gives every row its own values/issues/changes/refs


def _make_rows(sp: SheetPlan) -> None:
    if sp.cards is not None:
        from talentdesk.importing import cards

        cards.make_rows(sp)
        return
    mapped = [c.index for c in sp.columns if c.field and c.field != cols.IGNORED]
    rows = []
    raw_rows = sp.raw.rows
    add = rows.append
    for r in sp.data_rows:
        cells = raw_rows[r]
        n = len(cells)
        for i in mapped:
            if i < n and not is_empty(cells[i]):
                add(PlanRow(sp, r + 1, cells, INSERT, _NOTHING, (), (), _NOTHING, False, None, None, None, _NOTHING))
                break
        # else: only a 序号 or unmapped notes: not a data row
    sp.rows = rows
