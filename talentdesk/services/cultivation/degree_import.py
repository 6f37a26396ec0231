"""Importing degree study from spreadsheets (issue 21 §5): one row per study with 姓名, 身份证号, 学校, 攻读学历, 院校,
专业, 学习方式, 入学时间, 预计毕业, 脱产时间, 学费补助, 状态, 毕业日期.

A study of the same teacher, target degree and start already registered is updated, others are added; each row is
checked by the service's rules (degree_study.clean), and a graduation goes into the education history as when saved
in the dialog. Every sheet of every file is read (in a child process, importing.isolate) and checked before anything
is written. A problem names file, sheet, row and column; a row with an error is not imported (the rest are, in one
transaction, as one import batch the 数据导入 page can undo).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentdesk.errors import UserError, ValidationError
from talentdesk.importing import isolate
from talentdesk.services.cultivation import degree_study
from talentdesk.services.cultivation import record_import as ri
from talentdesk.services.cultivation.record_import import ERROR, NOTE, Problem, Result, _Teachers, _text
from talentdesk.store import current
from talentdesk.store.models_growth import DegreeStudy

__all__ = ["ERROR", "NOTE", "Problem", "Result", "plan", "apply"]

SYNONYMS = {
    "name": "姓名 教师姓名",
    "id_number": ri.ID_NUMBER,
    "school": ri.SCHOOL,
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
_HEADER = ri.header_map(SYNONYMS)
DATES = ("start", "expected_end", "graduated")
WORDING = ri.Wording("可导入新记录 {new} 条、更新 {updated} 条", "{n} 条已登记且无变化")
Plan = ri.Plan


def plan(db, paths, *, wait=None) -> Plan:
    """Read and check PATHS; nothing is written."""
    out = Plan([str(p) for p in paths], WORDING)
    with db.sessions() as s, isolate.Reader(out.files) as reader:
        people = _Teachers(s)
        stored = {
            (d.teacher_id, d.degree, d.start.iso() if d.start else ""): (
                d.id,
                {f: getattr(d, f) for f in degree_study.FIELDS},
            )
            for d in s.scalars(select(DegreeStudy))
        }
        seen: dict[tuple, int] = {}
        for name, sheet in ri.sheets(reader, out, wait):
            _sheet(out, name, sheet, people, stored, seen)
    return out


def _sheet(out: Plan, file: str, sheet, people: _Teachers, stored, seen) -> None:
    cols = ri.columns(out, file, sheet, _HEADER, "degree")
    if cols is None:
        return
    for number, cells in cols.rows():
        tid = cols.teacher(people, number, cells)
        if tid is None:
            continue
        raw: dict = {"teacher_id": tid}
        bad = False
        for f in degree_study.FIELDS:
            if f == "teacher_id" or f not in cols.cols:
                continue
            if f in DATES:
                raw[f], wrong = cols.date(number, cells, f)
                bad = bad or wrong
            else:
                raw[f] = _text(cells.get(f))
        if bad:
            continue
        try:
            values = degree_study.clean(raw)
        except ValidationError as e:
            for f, message in e.problems.items():
                cols.problem(number, f, message)
            continue
        key = (tid, values["degree"], values["start"].iso() if values["start"] else "")
        if key in seen:
            cols.problem(number, "name", f"与第 {seen[key]} 行是同一教师的同一次学历提升，只导入一次", NOTE)
            continue
        seen[key] = number
        old = stored.get(key)
        if old is None:
            out.rows.append(ri.Row(values, cols.where(number)))
            continue
        merged = {**old[1], **{f: v for f, v in values.items() if f in cols.cols or f == "teacher_id"}}
        if merged == old[1]:
            out.unchanged += 1
            continue
        out.rows.append(ri.Row(merged, cols.where(number), record_id=old[0]))


def _write(s: Session, r: ri.Row) -> None:
    found = DegreeStudy(**r.values) if r.record_id is None else s.get(DegreeStudy, r.record_id)
    if found is None:
        raise UserError("导入期间有学历提升记录被删除，请重新检查后再导入")
    d = found
    if r.record_id is None:
        s.add(d)
    else:
        for k, v in r.values.items():
            if getattr(d, k) != v:
                setattr(d, k, v)
    s.flush()
    degree_study.write_education(s, d)


def _refresh(s: Session, rows: list[ri.Row]) -> None:
    current.refresh(s, {r.values["teacher_id"] for r in rows})


def apply(db, p: Plan, *, user: str | None = None) -> Result:
    """Write the plan's rows in one transaction, as one import batch (undone on the 数据导入 page like any import)."""
    return ri.apply(db, p, kind="degree_study", table="degree_study", write=_write, after=_refresh, user=user)
