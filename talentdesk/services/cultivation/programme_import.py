"""Importing programme members from spreadsheets (issues 20 §3, 21 §5): one row per member with 项目, 批次, 姓名,
身份证号, 学校, and optionally 入选日期, 结果, 原因, 达成目标.

The programme (name and cohort) must be registered first; a teacher already in it is updated (join date, result),
others are added. Every sheet of every file is read (in a child process, importing.isolate) and checked before
anything is written. A problem names file, sheet, row and column; a row with an error is not imported (the rest are,
in one transaction, as one import batch the 数据导入 page can undo). Nothing is dropped without a line saying so.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentdesk.domain import programmes as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.errors import UserError
from talentdesk.importing import isolate
from talentdesk.services.cultivation import record_import as ri
from talentdesk.services.cultivation.record_import import ERROR, NOTE, Problem, Result, _Teachers, _text
from talentdesk.store.models_programmes import ProgrammeMember, TalentProgramme

__all__ = ["ERROR", "NOTE", "Problem", "Result", "plan", "apply"]

SYNONYMS = {
    **ri.MEMBER,
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
_HEADER = ri.header_map(SYNONYMS)
YES, NO = ("是", "已达成", "达成", "√", "Y"), ("否", "未达成", "×", "N")
WORDING = ri.Wording("可导入新成员 {new} 人、更新成员 {updated} 人", "{n} 人已在项目中且无变化")
Plan = ri.Plan


def plan(db, paths, *, wait=None) -> Plan:
    """Read and check PATHS; nothing is written."""
    out = Plan([str(p) for p in paths], WORDING)
    with db.sessions() as s, isolate.Reader(out.files) as reader:
        people = _Teachers(s)
        progs = ri.Programmes(s)
        stored = {
            (m.programme_id, m.teacher_id): (m.id, m.joined, m.result, m.reason, m.met)
            for m in s.scalars(select(ProgrammeMember))
        }
        seen: dict[tuple[int, int], tuple[str, str, int]] = {}
        for name, sheet in ri.sheets(reader, out, wait):
            _sheet(out, name, sheet, people, progs, stored, seen)
    return out


def _sheet(out: Plan, file: str, sheet, people: _Teachers, progs: ri.Programmes, stored, seen) -> None:
    cols = ri.columns(out, file, sheet, _HEADER, "programme")
    if cols is None:
        return
    for number, cells in cols.rows():
        prog = progs.find(cols, number, cells)
        if prog is None:
            continue
        tid = cols.teacher(people, number, cells)
        if tid is None:
            continue
        key = (prog.id, tid)
        if key in seen:
            cols.problem(number, "name", f"教师“{people.names[tid]}”与第 {seen[key][2]} 行重复，只导入一次", NOTE)
            continue
        values, bad = _values(cells, cols, prog, number)
        if bad:
            continue
        seen[key] = cols.where(number)
        old = stored.get(key)
        if old is None:
            values.setdefault("joined", None)
            values.setdefault("result", rules.IN_TRAINING)
            out.rows.append(ri.Row(values, cols.where(number), refs={"programme_id": prog.id, "teacher_id": tid}))
            continue
        before = dict(zip(("joined", "result", "reason", "met"), old[1:]))
        if all(before[k] == v for k, v in values.items()):
            out.unchanged += 1
            continue
        out.rows.append(ri.Row(values, cols.where(number), record_id=old[0]))


def _values(cells: dict, cols: ri.Columns, prog: TalentProgramme, number: int) -> tuple[dict, bool]:
    """The member values a row gives (only the columns the sheet has) and whether one is wrong."""
    values: dict = {}
    bad = False
    problem = cols.problem
    if "joined" in cols.cols:
        values["joined"], bad = cols.date(number, cells, "joined")
    if "result" in cols.cols or "reason" in cols.cols:
        result = _text(cells.get("result")) or rules.IN_TRAINING
        reason = _text(cells.get("reason"))
        why = rules.check_result(result, reason)
        if why:
            problem(number, "result", f"结果“{result}”：{why}" if result not in rules.RESULTS else why)
            bad = True
        values["result"], values["reason"] = result, reason
    if "met" in cols.cols:
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


def _write(s: Session, r: ri.Row) -> None:
    if r.record_id is None:
        if s.get(TalentProgramme, r.refs["programme_id"]) is None:
            raise UserError("导入期间有培养项目被删除，请重新检查后再导入")
        s.add(ProgrammeMember(**r.refs, **r.values))
        return
    m = s.get(ProgrammeMember, r.record_id)
    if m is None:
        raise UserError("导入期间有成员被删除，请重新检查后再导入")
    for k, v in r.values.items():
        if isinstance(v, PartialDate) or getattr(m, k) != v:
            setattr(m, k, v)


def apply(db, p: Plan, *, user: str | None = None) -> Result:
    """Write the plan's rows in one transaction, as one import batch (undone on the 数据导入 page like any import)."""
    return ri.apply(db, p, kind="programmes", table="programme_member", write=_write, user=user)
