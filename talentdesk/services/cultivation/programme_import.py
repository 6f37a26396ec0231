"""Importing programme members from spreadsheets (issues 20 §3, 21 §5): one row per member with 项目, 批次, 姓名,
身份证号, 学校, and optionally 入选日期, 结果, 原因, 达成目标.

The programme (name and cohort) must be registered first; a teacher already in it is updated (join date, result),
others are added. Every sheet of every file is read (in a child process, importing.isolate) and checked before
anything is written. A problem names file, sheet, row and column; a row with an error is not imported (the rest are,
in one transaction, as one import batch the 数据导入 page can undo). Nothing is dropped without a line saying so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from talentdesk.domain import programmes as rules
from talentdesk.domain.dates import DateError, PartialDate
from talentdesk.errors import UserError
from talentdesk.importing import isolate, safety
from talentdesk.importing.columns import norm_header
from talentdesk.importing.table import find_table
from talentdesk.services.accounts import access
from talentdesk.services.cultivation.activity_import import ERROR, NOTE, Problem, _date, _Teachers, _text
from talentdesk.services.cultivation.programmes import programme_label
from talentdesk.store import backup
from talentdesk.store.audit import os_user
from talentdesk.store.models import ImportBatch
from talentdesk.store.models_programmes import ProgrammeMember, TalentProgramme
from talentdesk.store.uow import UnitOfWork

SYNONYMS = {
    "programme": "项目 项目名称 培养项目 人才工程 工程名称 计划名称",
    "cohort": "批次 年份 届次 期次 年度",
    "name": "姓名 教师姓名 成员姓名",
    "id_number": "身份证号 身份证号码 公民身份号码 证件号码 身份证件号码",
    "school": "学校 所在学校 工作单位 单位 任职学校",
    "joined": "入选日期 入选时间 确定时间 加入日期 入选年月",
    "result": "结果 培养结果 考核结果 状态",
    "reason": "原因 说明原因 退出原因",
    "met": "达成目标 是否达成目标 达到目标 是否达标",
    "note": "备注 说明",
}
LABELS = {
    "programme": "项目",
    "cohort": "批次",
    "name": "姓名",
    "id_number": "身份证号",
    "school": "学校",
    "joined": "入选日期",
    "result": "结果",
    "reason": "原因",
    "met": "达成目标",
    "note": "备注",
}
_HEADER = {norm_header(w): f for f, words in SYNONYMS.items() for w in words.split()}
YES, NO = ("是", "已达成", "达成", "√", "Y"), ("否", "未达成", "×", "N")


@dataclass
class Row:
    programme_id: int
    teacher_id: int
    values: dict  # joined, result, reason, met (only the columns the sheet has)
    where: tuple[str, str, int]
    member_id: int | None = None  # the stored member this row updates


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
        new = sum(1 for r in self.rows if r.member_id is None)
        text = f"可导入新成员 {new} 人、更新成员 {len(self.rows) - new} 人"
        errors = sum(1 for p in self.problems if p.severity == ERROR)
        if errors:
            text += f"；{errors} 处错误，这些行不导入（见下）"
        if self.unchanged:
            text += f"；{self.unchanged} 人已在项目中且无变化"
        return text


def _field(h: str) -> str | None:
    t = norm_header(h)
    return _HEADER.get(t) if t else None


def plan(db, paths, *, wait=None) -> Plan:
    """Read and check PATHS; nothing is written."""
    paths = [str(p) for p in paths]
    out = Plan(paths)
    with db.sessions() as s, isolate.Reader(paths) as reader:
        people = _Teachers(s)
        progs: dict[str, list[TalentProgramme]] = {}
        for p in s.scalars(select(TalentProgramme)):
            progs.setdefault(p.name, []).append(p)
            s.expunge(p)
        stored = {
            (m.programme_id, m.teacher_id): (m.id, m.joined, m.result, m.reason, m.met)
            for m in s.scalars(select(ProgrammeMember))
        }
        seen: dict[tuple[int, int], tuple[str, str, int]] = {}
        for path in paths:
            name = Path(path).name
            try:
                sheets = reader.read_next(wait)
            except UserError as e:
                out.problems.append(Problem(name, "", None, "", str(e)))
                continue
            for sheet in sheets:
                if not sheet.hidden:
                    _sheet(out, name, sheet, people, progs, stored, seen)
    return out


def _sheet(out: Plan, file: str, sheet, people: _Teachers, progs, stored, seen) -> None:
    table = find_table(sheet)
    if table is None:
        return
    cols: dict[str, tuple[int, str]] = {}
    for i, h in enumerate(table.headers):
        f = _field(h) if h else None
        if f and f not in cols:
            cols[f] = (i, h)
    if "programme" not in cols:
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
        pname, cohort = _text(cells.get("programme")), _text(cells.get("cohort"))
        if not pname:
            problem(number, "programme", "没有填写项目")
            continue
        found = progs.get(pname, [])
        if cohort is not None:
            found = [p for p in found if (p.cohort or "") == cohort]
        if not found:
            which = programme_label(pname, cohort)
            problem(number, "programme", f"程序中没有登记培养项目“{which}”，请先在“培养项目”中登记")
            continue
        if len(found) > 1:
            cohorts = "、".join(p.cohort or "无批次" for p in found)
            problem(number, "cohort", f"项目“{pname}”有 {len(found)} 个批次（{cohorts}），请填写批次")
            continue
        prog = found[0]
        tid, why = people.find(_text(cells.get("name")), _text(cells.get("id_number")), _text(cells.get("school")))
        if tid is None:
            problem(number, "name" if "name" in cols else "id_number", why)
            continue
        key = (prog.id, tid)
        if key in seen:
            problem(number, "name", f"教师“{people.names[tid]}”与第 {seen[key][2]} 行重复，只导入一次", NOTE)
            continue
        values, bad = _values(cells, cols, prog, number, problem)
        if bad:
            continue
        seen[key] = (file, sheet.name, number)
        old = stored.get(key)
        if old is None:
            values.setdefault("joined", None)
            values.setdefault("result", rules.IN_TRAINING)
            out.rows.append(Row(prog.id, tid, values, (file, sheet.name, number)))
            continue
        before = dict(zip(("joined", "result", "reason", "met"), old[1:]))
        if all(before[k] == v for k, v in values.items()):
            out.unchanged += 1
            continue
        out.rows.append(Row(prog.id, tid, values, (file, sheet.name, number), member_id=old[0]))


def _values(cells: dict, cols: dict, prog: TalentProgramme, number: int, problem) -> tuple[dict, bool]:
    """The member values a row gives (only the columns the sheet has) and whether one is wrong."""
    values: dict = {}
    bad = False
    if "joined" in cols:
        try:
            values["joined"] = _date(cells.get("joined"))
        except DateError as e:
            problem(number, "joined", f"日期“{_text(cells.get('joined'))}”不对：{e}")
            bad = True
    if "result" in cols or "reason" in cols:
        result = _text(cells.get("result")) or rules.IN_TRAINING
        reason = _text(cells.get("reason"))
        why = rules.check_result(result, reason)
        if why:
            problem(number, "result", f"结果“{result}”：{why}" if result not in rules.RESULTS else why)
            bad = True
        values["result"], values["reason"] = result, reason
    if "met" in cols:
        raw = _text(cells.get("met"))
        if raw is None:
            values["met"] = None
        elif raw in YES or raw in NO:
            values["met"] = raw in YES
            if prog.target_kind:
                problem(number, "met", "项目有目标称号，是否达成按教师的骨干称号计算，本列不导入", NOTE)
                del values["met"]
        else:
            problem(number, "met", f"达成目标应填“是”或“否”，表中是“{raw}”")
            bad = True
    return values, bad


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
    added = sum(1 for r in p.rows if r.member_id is None)
    with UnitOfWork(db) as uow:
        s = uow.session
        batch = ImportBatch(
            user=user,
            kind="programmes",
            files=json.dumps(p.files, ensure_ascii=False),
            summary=json.dumps(
                {"insert": added, "update": len(p.rows) - added, "programme_member": len(p.rows)}, ensure_ascii=False
            ),
        )
        s.add(batch)
        s.flush()
        s.info["batch_id"] = batch.id
        for r in p.rows:
            if r.member_id is None:
                if s.get(TalentProgramme, r.programme_id) is None:
                    raise UserError("导入期间有培养项目被删除，请重新检查后再导入")
                s.add(ProgrammeMember(programme_id=r.programme_id, teacher_id=r.teacher_id, **r.values))
                continue
            m = s.get(ProgrammeMember, r.member_id)
            if m is None:
                raise UserError("导入期间有成员被删除，请重新检查后再导入")
            for k, v in r.values.items():
                if isinstance(v, PartialDate) or getattr(m, k) != v:
                    setattr(m, k, v)
        s.flush()
        uow.commit()
        return Result(added, len(p.rows) - added, batch.id)
