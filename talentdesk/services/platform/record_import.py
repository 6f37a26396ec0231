"""What the spreadsheet importers of records share, whatever their area (cultivation, deployment, recruitment):
problems named by file, sheet, row and column, cell text and dates, the serving teacher a row names, every sheet
of every file read in a child process (importing.isolate), the columns a sheet has (by header synonyms), the plan
of a row-per-record import (new records, updates, rows already registered unchanged) and writing an import in one
transaction as one import batch — a verified backup first, every change audited with the batch, so the 数据导入
page undoes it like any import (``batch``, and ``apply`` for a row-per-record plan).

A kind's importer reads its own columns and rules and says how a row is written (``apply(..., write=…)``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentdesk.domain import codes, idnumber
from talentdesk.domain.dates import DateError, PartialDate, parse_loose
from talentdesk.errors import UserError
from talentdesk.importing import safety
from talentdesk.importing.columns import norm_header
from talentdesk.importing.table import Table, find_table
from talentdesk.services.accounts import access
from talentdesk.store import backup
from talentdesk.store.audit import os_user
from talentdesk.store.models import ImportBatch, School, Teacher
from talentdesk.store.uow import UnitOfWork

ERROR, NOTE = "错误", "提示"
_BRACKETS = re.compile(r"[(（\[【].*?[)）\]】]")


@dataclass
class Problem:
    file: str
    sheet: str
    row: int | None  # the spreadsheet's row number (1-based)
    column: str  # "C（主题）" or ""
    message: str
    severity: str = ERROR

    def text(self) -> str:
        where = f"{self.file}，工作表“{self.sheet}”"
        if self.row:
            where += f"第 {self.row} 行"
        if self.column:
            where += f"，{self.column}列"
        return f"{where}：{self.message}"


def _text(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    t = str(v).strip()
    return t or None


def _date(v) -> PartialDate | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, dt.datetime):
        return PartialDate.from_date(v.date())
    if isinstance(v, dt.date):
        return PartialDate.from_date(v)
    return parse_loose(_text(v))


class _Teachers:
    """Serving teachers by ID number and by name (with school), for matching names in a sheet."""

    post_first = False  # the school that narrows a name: the working school, else the post (编制) school; or post first

    def __init__(self, session):
        t, sc = Teacher.__table__.c, School.__table__.c
        schools = (
            (t.cur_post_school_id, t.cur_work_school_id)
            if self.post_first
            else (t.cur_work_school_id, t.cur_post_school_id)
        )
        self.by_id: dict[str, tuple[int, str, str, str]] = {}
        self.by_name: dict[str, list[tuple[int, str, str, str]]] = {}
        self.names: dict[int, str] = {}
        for tid, name, number, status, school in session.execute(
            select(t.id, t.name, t.id_number, t.status, sc.name)
            .select_from(Teacher.__table__)
            .outerjoin(School.__table__, sc.id == func.coalesce(*schools))
        ):
            row = (tid, name, status or "", school or "")
            self.names[tid] = name
            self.by_id[number] = row
            self.by_name.setdefault(name, []).append(row)

    def find(self, name: str | None, number: str | None, school: str | None) -> tuple[int | None, str]:
        """(teacher id, problem) for a name and/or ID number (a school narrows a name)."""
        if number:
            number = idnumber.normalize(number)
            row = self.by_id.get(number)
            if row is None:
                why = "" if idnumber.is_valid(number) else "（号码本身有误，请核对）"
                return None, f"档案中没有身份证号为 {idnumber.mask(number)} 的教师{why}"
            if name and name != row[1]:
                return None, f"身份证号 {idnumber.mask(number)} 在档案中是“{row[1]}”，表中写的是“{name}”"
            return row[0], ""
        if not name:
            return None, "没有写教师姓名或身份证号"
        rows = self.by_name.get(name, [])
        serving = [r for r in rows if r[2] in ("", codes.ACTIVE_STATUS)] or rows
        if school:
            serving = [r for r in serving if r[3] == school] or serving
        if not serving:
            return None, f"档案中没有名为“{name}”的教师"
        if len(serving) > 1:
            where = "、".join(r[3] or "无学校" for r in serving)
            return None, f"名为“{name}”的教师有 {len(serving)} 名（{where}），请写身份证号，或写成“{name}（学校）”"
        return serving[0][0], ""


def header_map(synonyms: dict[str, str]) -> dict[str, str]:
    """Field by normalised header, from SYNONYMS (field → the headers it goes by, separated by spaces)."""
    return {norm_header(w): f for f, words in synonyms.items() for w in words.split()}


@dataclass(frozen=True)
class Wording:
    """How a plan's summary counts: NEW with {new} and {updated}, UNCHANGED and ERRORS with {n}."""

    new: str
    unchanged: str
    errors: str = "{n} 处错误，这些行不导入（见下）"


@dataclass
class Row:
    values: dict  # what the record is given (new) or changed to (update)
    where: tuple[str, str, int]  # file, sheet, row
    record_id: int | None = None  # the stored record this row updates
    refs: dict = field(default_factory=dict)  # what only a new record takes (its parent, its teacher)


@dataclass
class Plan:
    files: list[str]
    wording: Wording
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unchanged: int = 0
    all_or_nothing: bool = False  # any error: nothing is ready

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == ERROR)

    @property
    def ready(self) -> list[Row]:
        return [] if self.all_or_nothing and self.errors else self.rows

    def summary(self) -> str:
        new = sum(1 for r in self.rows if r.record_id is None)
        text = self.wording.new.format(new=new, updated=len(self.rows) - new)
        if self.errors:
            text += "；" + self.wording.errors.format(n=self.errors)
        if self.unchanged:
            text += "；" + self.wording.unchanged.format(n=self.unchanged)
        return text


class _Reading(Protocol):
    files: list[str]
    problems: list[Problem]


def sheets(reader, out: _Reading, wait=None) -> Iterator[tuple[str, object]]:
    """(file name, sheet) of every visible sheet of OUT's files (in order, read by READER, an isolate.Reader over
    them); a file that cannot be read is a problem of OUT's."""
    for path in out.files:
        name = Path(path).name
        try:
            found = reader.read_next(wait)
        except UserError as e:
            out.problems.append(Problem(name, "", None, "", str(e)))
            continue
        yield from ((name, sheet) for sheet in found if not sheet.hidden)


class Columns:
    """The columns of one sheet's table (the first of each field), its rows and problems named by row and column."""

    def __init__(self, out: Plan, file: str, sheet, table, cols: dict[str, tuple[int, str]]):
        self.out, self.file, self.sheet, self.table, self.cols = out, file, sheet, table, cols

    def problem(self, row: int, f: str | None, message: str, severity: str = ERROR) -> None:
        column = column_label(self.cols.get(f) if f else None)
        self.out.problems.append(Problem(self.file, self.sheet.name, row, column, message, severity))

    def rows(self) -> Iterator[tuple[int, dict]]:
        """(spreadsheet row number, cells by field) of each row that is not blank."""
        for ri in self.table.data_rows:
            row = self.sheet.rows[ri]
            cells = {f: row[i] if i < len(row) else None for f, (i, _h) in self.cols.items()}
            if any(_text(v) is not None for v in cells.values()):
                yield ri + 1, cells

    def where(self, number: int) -> tuple[str, str, int]:
        return self.file, self.sheet.name, number

    def teacher(self, people: _Teachers, number: int, cells: dict) -> int | None:
        """The teacher the row names (姓名, 身份证号, 学校), or None with a problem said."""
        tid, why = people.find(_text(cells.get("name")), _text(cells.get("id_number")), _text(cells.get("school")))
        if tid is None:
            self.problem(number, "name" if "name" in self.cols else "id_number", why)
        return tid

    def date(self, number: int, cells: dict, f: str) -> tuple[PartialDate | None, bool]:
        """(the date in column F, whether it is wrong — a problem said)."""
        try:
            return _date(cells.get(f)), False
        except DateError as e:
            self.problem(number, f, f"日期“{_text(cells.get(f))}”不对：{e}")
            return None, True


def bracketed_header(header: dict[str, str]) -> Callable[[str], str | None]:
    """A column's field by its header text (HEADER, from ``header_map``), or by that text without its bracketed
    parts ("姓名（必填）" is 姓名), for ``table_columns``."""

    def field(h: str) -> str | None:
        t = norm_header(h)
        if not t:
            return None
        return header.get(t) or header.get(norm_header(_BRACKETS.sub("", h)))

    return field


def table_columns(
    sheet, header: dict[str, str] | Callable[[str], str | None]
) -> tuple[Table, dict[str, tuple[int, str]]] | None:
    """The sheet's table and its columns, field → (index, header text), the first column of each field; None when
    the sheet has no table. HEADER gives a column's field: by normalised header text (``header_map``), or a function
    of the header text."""
    table = find_table(sheet)
    if table is None:
        return None
    cols: dict[str, tuple[int, str]] = {}
    for i, h in enumerate(table.headers):
        if not h:
            continue
        f = header(h) if callable(header) else header.get(norm_header(h))
        if f and f not in cols:
            cols[f] = (i, h)
    return table, cols


def column_label(col: tuple[int, str] | None) -> str:
    """How a problem names a column (index, header text): "C（姓名）"; "" for none."""
    return f"{safety.col_letters(col[0])}（{col[1]}）" if col else ""


def columns(out: Plan, file: str, sheet, header: dict[str, str], key: str) -> Columns | None:
    """The sheet's columns, or None: no table or no KEY column (an instruction or code sheet), or neither 姓名 nor
    身份证号 (a problem)."""
    found = table_columns(sheet, header)
    if found is None:
        return None
    table, cols = found
    if key not in cols:
        return None
    if "name" not in cols and "id_number" not in cols:
        out.problems.append(
            Problem(file, sheet.name, table.header_end + 1, "", "表头中没有“姓名”或“身份证号”列，这张表未导入")
        )
        return None
    return Columns(out, file, sheet, table, cols)


@dataclass
class Result:
    added: int
    updated: int
    batch_id: int | None


def apply(
    db,
    p: Plan,
    *,
    kind: str,
    table: str,
    write: Callable[[Session, Row], None],
    after: Callable[[Session, list[Row]], None] | None = None,
    user: str | None = None,
) -> Result:
    """Write the plan's ready rows in one transaction as one import batch of KIND (its summary counts TABLE):
    WRITE(session, row) writes one, AFTER(session, rows) runs once all are written."""
    access.require(db, "edit")
    rows = p.ready
    if not rows:
        return Result(0, 0, None)
    added = sum(1 for r in rows if r.record_id is None)
    summary = {"insert": added, "update": len(rows) - added, table: len(rows)}
    with batch(db, kind, p.files, user=user, summary=summary) as (s, made):
        for r in rows:
            write(s, r)
        s.flush()
        if after is not None:
            after(s, rows)
    return Result(added, len(rows) - added, made.id)


def backup_first(db) -> None:
    """A verified backup before every import, as the wizard makes (none for a database in memory or read only)."""
    if db.path is not None and not db.read_only:
        try:
            backup.auto_backup(db.path, db.path.parent / "backups", "pre-import")
        except backup.BackupError as e:
            raise UserError(f"导入前的自动备份没有成功，为安全起见没有导入：{e}") from None


@contextmanager
def batch(
    db,
    kind: str,
    files: list[str],
    *,
    user: str | None = None,
    summary: dict | None = None,
    check: Callable[[Session], None] | None = None,
) -> Iterator[tuple[Session, ImportBatch]]:
    """One transaction as one import batch of KIND over FILES, a verified backup first: yields (session, batch),
    every change made in it audited with the batch; committed when the block ends. CHECK(session) runs before the
    batch is made (it raises to write nothing); SUMMARY is the batch's counts (set ``batch.summary`` in the block
    when they are known only there)."""
    user = user or db.sessions.kw.get("info", {}).get("user") or os_user()
    backup_first(db)
    with UnitOfWork(db) as uow:
        s = uow.session
        if check is not None:
            check(s)
        made = ImportBatch(
            user=user,
            kind=kind,
            files=json.dumps(files, ensure_ascii=False),
            summary=json.dumps(summary or {}, ensure_ascii=False),
        )
        s.add(made)
        s.flush()
        s.info["batch_id"] = made.id
        yield s, made
        s.flush()
        uow.commit()
