"""Importing degree study from spreadsheets (issue 21 §5): one row per study with 姓名, 身份证号, 学校, 攻读学历, 院校,
专业, 学习方式, 入学时间, 预计毕业, 脱产时间, 学费补助, 状态, 毕业日期.

A study of the same teacher, target degree and start already registered is updated, others are added; each row is
checked by the service's rules (degree_study.clean), and a graduation goes into the education history as when saved
in the dialog. Every sheet of every file is read (in a child process, importing.isolate) and checked before anything
is written. A problem names file, sheet, row and column; a row with an error is not imported (the rest are, in one
transaction, as one import batch the 数据导入 page can undo).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from talentdesk.domain.dates import DateError
from talentdesk.errors import UserError, ValidationError
from talentdesk.importing import isolate, safety
from talentdesk.importing.columns import norm_header
from talentdesk.importing.table import find_table
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import degree_study
from talentdesk.services.cultivation.activity_import import ERROR, NOTE, Problem, _date, _Teachers, _text
from talentdesk.store import backup, current
from talentdesk.store.audit import os_user
from talentdesk.store.models import ImportBatch
from talentdesk.store.models_growth import DegreeStudy
from talentdesk.store.uow import UnitOfWork

SYNONYMS = {
    "name": "姓名 教师姓名",
    "id_number": "身份证号 身份证号码 公民身份号码 证件号码 身份证件号码",
    "school": "学校 所在学校 工作单位 单位 任职学校",
    "degree": "攻读学历 学历层次 提升学历 目标学历 攻读层次",
    "academic_degree": "学位 攻读学位",
    "institution": "院校 学校名称 就读院校 培养院校 高校",
    "major": "专业 攻读专业",
    "mode": "学习方式 学习形式 方式",
    "start": "入学时间 入学日期 入学年月 开始时间",
    "expected_end": "预计毕业 预计毕业时间 计划毕业",
    "leave_months": "脱产时间（月） 脱产时间 脱产月数",
    "tuition_support": "学费补助（元） 学费补助 补助金额 补助",
    "status": "状态 学习状态",
    "graduated": "毕业日期 毕业时间 毕业（退学）日期 退学日期",
    "note": "备注 说明",
}
_HEADER = {norm_header(w): f for f, words in SYNONYMS.items() for w in words.split()}
DATES = ("start", "expected_end", "graduated")


@dataclass
class Row:
    values: dict
    where: tuple[str, str, int]
    study_id: int | None = None


@dataclass
class Plan:
    files: list[str]
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unchanged: int = 0

    @property
    def ready(self) -> list[Row]:
        return self.rows

    def summary(self) -> str:
        new = sum(1 for r in self.rows if r.study_id is None)
        text = f"可导入新记录 {new} 条、更新 {len(self.rows) - new} 条"
        errors = sum(1 for p in self.problems if p.severity == ERROR)
        if errors:
            text += f"；{errors} 处错误，这些行不导入（见下）"
        if self.unchanged:
            text += f"；{self.unchanged} 条已登记且无变化"
        return text


def plan(db, paths, *, wait=None) -> Plan:
    """Read and check PATHS; nothing is written."""
    paths = [str(p) for p in paths]
    out = Plan(paths)
    with db.sessions() as s, isolate.Reader(paths) as reader:
        people = _Teachers(s)
        stored = {
            (d.teacher_id, d.degree, d.start.iso() if d.start else ""): (
                d.id,
                {f: getattr(d, f) for f in degree_study.FIELDS},
            )
            for d in s.scalars(select(DegreeStudy))
        }
        seen: dict[tuple, int] = {}
        for path in paths:
            name = Path(path).name
            try:
                sheets = reader.read_next(wait)
            except UserError as e:
                out.problems.append(Problem(name, "", None, "", str(e)))
                continue
            for sheet in sheets:
                if not sheet.hidden:
                    _sheet(out, name, sheet, people, stored, seen)
    return out


def _sheet(out: Plan, file: str, sheet, people: _Teachers, stored, seen) -> None:
    table = find_table(sheet)
    if table is None:
        return
    cols: dict[str, tuple[int, str]] = {}
    for i, h in enumerate(table.headers):
        t = norm_header(h) if h else None
        f = _HEADER.get(t) if t else None
        if f and f not in cols:
            cols[f] = (i, h)
    if "degree" not in cols:
        return  # an instruction or code sheet
    if "name" not in cols and "id_number" not in cols:
        out.problems.append(
            Problem(file, sheet.name, table.header_end + 1, "", "表头中没有“姓名”或“身份证号”列，这张表未导入")
        )
        return

    def problem(row: int, f: str | None, message: str, severity: str = ERROR) -> None:
        col = cols.get(f) if f else None
        column = f"{safety.col_letters(col[0])}（{col[1]}）" if col else ""
        out.problems.append(Problem(file, sheet.name, row, column, message, severity))

    for ri in table.data_rows:
        row = sheet.rows[ri]
        cells = {f: row[i] if i < len(row) else None for f, (i, _h) in cols.items()}
        if all(_text(v) is None for v in cells.values()):
            continue
        number = ri + 1
        tid, why = people.find(_text(cells.get("name")), _text(cells.get("id_number")), _text(cells.get("school")))
        if tid is None:
            problem(number, "name" if "name" in cols else "id_number", why)
            continue
        raw: dict = {"teacher_id": tid}
        bad = False
        for f in degree_study.FIELDS:
            if f == "teacher_id" or f not in cols:
                continue
            if f in DATES:
                try:
                    raw[f] = _date(cells.get(f))
                except DateError as e:
                    problem(number, f, f"日期“{_text(cells.get(f))}”不对：{e}")
                    bad = True
            else:
                raw[f] = _text(cells.get(f))
        if bad:
            continue
        try:
            values = degree_study.clean(raw)
        except ValidationError as e:
            for f, message in e.problems.items():
                problem(number, f, message)
            continue
        key = (tid, values["degree"], values["start"].iso() if values["start"] else "")
        if key in seen:
            problem(number, "name", f"与第 {seen[key]} 行是同一教师的同一次学历提升，只导入一次", NOTE)
            continue
        seen[key] = number
        old = stored.get(key)
        if old is None:
            out.rows.append(Row(values, (file, sheet.name, number)))
            continue
        merged = {**old[1], **{f: v for f, v in values.items() if f in cols or f == "teacher_id"}}
        if merged == old[1]:
            out.unchanged += 1
            continue
        out.rows.append(Row(merged, (file, sheet.name, number), study_id=old[0]))


@dataclass
class Result:
    added: int
    updated: int
    batch_id: int | None


def apply(db, p: Plan, *, user: str | None = None) -> Result:
    """Write the plan's rows in one transaction, as one import batch (undone on the 数据导入 page like any import)."""
    access.require(db, "edit")
    if not p.rows:
        return Result(0, 0, None)
    user = user or db.sessions.kw.get("info", {}).get("user") or os_user()
    if db.path is not None and not db.read_only:  # a verified backup before every import, as the wizard makes
        try:
            backup.auto_backup(db.path, db.path.parent / "backups", "pre-import")
        except backup.BackupError as e:
            raise UserError(f"导入前的自动备份没有成功，为安全起见没有导入：{e}") from None
    added = sum(1 for r in p.rows if r.study_id is None)
    with UnitOfWork(db) as uow:
        s = uow.session
        batch = ImportBatch(
            user=user,
            kind="degree_study",
            files=json.dumps(p.files, ensure_ascii=False),
            summary=json.dumps(
                {"insert": added, "update": len(p.rows) - added, "degree_study": len(p.rows)}, ensure_ascii=False
            ),
        )
        s.add(batch)
        s.flush()
        s.info["batch_id"] = batch.id
        for r in p.rows:
            found = DegreeStudy(**r.values) if r.study_id is None else s.get(DegreeStudy, r.study_id)
            if found is None:
                raise UserError("导入期间有学历提升记录被删除，请重新检查后再导入")
            d = found
            if r.study_id is None:
                s.add(d)
            else:
                for k, v in r.values.items():
                    if getattr(d, k) != v:
                        setattr(d, k, v)
            s.flush()
            degree_study.write_education(s, d)
        s.flush()
        current.refresh(s, {r.values["teacher_id"] for r in p.rows})
        uow.commit()
        return Result(added, len(p.rows) - added, batch.id)
