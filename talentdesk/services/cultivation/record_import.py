"""What the row-per-record importers of the cultivation area share (programme members, degree study, growth goals):
every sheet of every file read in a child process (importing.isolate), the columns a sheet has (by header
synonyms), problems named by file, sheet, row and column, the teacher and the programme a row names, the plan (new
records, updates, rows already registered unchanged) and writing it in one transaction as one import batch — a
verified backup first, every change audited with the batch, so the 数据导入 page undoes it like any import.

A kind's importer reads its own columns and rules and says how a row is written (``apply(..., write=…)``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentdesk.domain.dates import DateError, PartialDate
from talentdesk.errors import UserError
from talentdesk.importing import safety
from talentdesk.importing.columns import norm_header
from talentdesk.importing.table import find_table
from talentdesk.services.accounts import access
from talentdesk.services.cultivation.activity_import import ERROR, NOTE, Problem, _date, _Teachers, _text
from talentdesk.services.cultivation.programmes import programme_label
from talentdesk.store import backup
from talentdesk.store.audit import os_user
from talentdesk.store.models import ImportBatch
from talentdesk.store.models_programmes import TalentProgramme
from talentdesk.store.uow import UnitOfWork

__all__ = ["ERROR", "NOTE", "Problem", "_Teachers", "_text"]


ID_NUMBER = "身份证号 身份证号码 公民身份号码 证件号码 身份证件号码"  # the headers of the ID number column
SCHOOL = "学校 所在学校 工作单位 单位 任职学校"  # of the teacher's school (it tells teachers of one name apart)
PROGRAMME = "项目 项目名称 培养项目 人才工程 工程名称 计划名称"  # of the programme's name
COHORT = "批次 年份 届次 期次 年度"  # of its cohort
MEMBER = {  # which member of which programme a row is about
    "programme": PROGRAMME,
    "cohort": COHORT,
    "name": "姓名 教师姓名 成员姓名",
    "id_number": ID_NUMBER,
    "school": SCHOOL,
}


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


def sheets(reader, out: Plan, wait=None) -> Iterator[tuple[str, object]]:
    """(file name, sheet) of every visible sheet of OUT's files; a file that cannot be read is a problem."""
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
        col = self.cols.get(f) if f else None
        column = f"{safety.col_letters(col[0])}（{col[1]}）" if col else ""
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


def columns(out: Plan, file: str, sheet, header: dict[str, str], key: str) -> Columns | None:
    """The sheet's columns, or None: no table or no KEY column (an instruction or code sheet), or neither 姓名 nor
    身份证号 (a problem)."""
    table = find_table(sheet)
    if table is None:
        return None
    cols: dict[str, tuple[int, str]] = {}
    for i, h in enumerate(table.headers):
        t = norm_header(h) if h else None
        f = header.get(t) if t else None
        if f and f not in cols:
            cols[f] = (i, h)
    if key not in cols:
        return None
    if "name" not in cols and "id_number" not in cols:
        out.problems.append(
            Problem(file, sheet.name, table.header_end + 1, "", "表头中没有“姓名”或“身份证号”列，这张表未导入")
        )
        return None
    return Columns(out, file, sheet, table, cols)


class Programmes:
    """The registered programmes by name, for the 项目 and 批次 columns."""

    def __init__(self, session: Session):
        self.by_name: dict[str, list[TalentProgramme]] = {}
        for p in session.scalars(select(TalentProgramme)):
            self.by_name.setdefault(p.name, []).append(p)
            session.expunge(p)

    def find(self, sheet: Columns, number: int, cells: dict) -> TalentProgramme | None:
        """The programme the row names, or None with a problem said."""
        pname, cohort = _text(cells.get("programme")), _text(cells.get("cohort"))
        if not pname:
            sheet.problem(number, "programme", "没有填写项目")
            return None
        found = self.by_name.get(pname, [])
        if cohort is not None:
            found = [p for p in found if (p.cohort or "") == cohort]
        if not found:
            which = programme_label(pname, cohort)
            sheet.problem(number, "programme", f"程序中没有登记培养项目“{which}”，请先在“培养项目”中登记")
            return None
        if len(found) > 1:
            cohorts = "、".join(p.cohort or "无批次" for p in found)
            sheet.problem(number, "cohort", f"项目“{pname}”有 {len(found)} 个批次（{cohorts}），请填写批次")
            return None
        return found[0]


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
    user = user or db.sessions.kw.get("info", {}).get("user") or os_user()
    if db.path is not None and not db.read_only:  # a verified backup before every import, as the wizard makes
        try:
            backup.auto_backup(db.path, db.path.parent / "backups", "pre-import")
        except backup.BackupError as e:
            raise UserError(f"导入前的自动备份没有成功，为安全起见没有导入：{e}") from None
    added = sum(1 for r in rows if r.record_id is None)
    with UnitOfWork(db) as uow:
        s = uow.session
        batch = ImportBatch(
            user=user,
            kind=kind,
            files=json.dumps(p.files, ensure_ascii=False),
            summary=json.dumps({"insert": added, "update": len(rows) - added, table: len(rows)}, ensure_ascii=False),
        )
        s.add(batch)
        s.flush()
        s.info["batch_id"] = batch.id
        for r in rows:
            write(s, r)
        s.flush()
        if after is not None:
            after(s, rows)
        uow.commit()
        return Result(added, len(rows) - added, batch.id)
