"""Importing school pairings from spreadsheets (issue 21 §3): one row per pairing (the 学校结对 template), its other
schools in one column (full names separated by 、，; or spaces), agreed actions separated by ；.

Every sheet of every file is read (in a child process, importing.isolate) and checked before anything is written.
A problem names file, sheet, row and column. A row with an error is not imported (the rest are, in one transaction,
as one import batch the 数据导入 page can undo); a pairing whose name is already registered is a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select

from talentdesk.domain import school_pairing as rules
from talentdesk.errors import UserError, ValidationError
from talentdesk.importing import isolate
from talentdesk.services.accounts import access
from talentdesk.services.deployment import school_pairings
from talentdesk.services.platform import record_import as rec
from talentdesk.services.platform.record_import import ERROR, NOTE, Problem
from talentdesk.store.models import School
from talentdesk.store.models_networks import SchoolPairing, SchoolPairingSchool

SYNONYMS = {
    "name": "结对名称 名称 共同体名称 集团名称 结对学校名称",
    "kind": "结对类型 类型 结对形式 形式",
    "lead": "牵头学校 牵头校 核心校 帮扶学校 龙头学校",
    "members": "成员学校 成员校 受援学校 结对学校 被帮扶学校",
    "start": "开始日期 开始时间 结对时间 签订日期 起始日期",
    "end": "结束日期 结束时间 截止日期",
    "doc_number": "文号 文件号 发文字号",
    "actions": "协议措施 帮扶措施 主要措施 措施 工作措施",
    "note": "备注 说明",
}
LABELS = {**school_pairings.LABELS, "lead": "牵头学校", "members": "成员学校"}
_HEADER = rec.header_map(SYNONYMS)
_SPLIT = re.compile(r"[、,，;；\n\r\t/|]+|\s+")


@dataclass
class Planned:
    values: dict
    schools: list[int] = field(default_factory=list)  # the other schools
    where: tuple[str, str, int] = ("", "", 0)
    errors: int = 0
    exists: bool = False


@dataclass
class Plan:
    files: list[str]
    pairings: list[Planned]
    problems: list[Problem]

    @property
    def ready(self) -> list[Planned]:
        return [p for p in self.pairings if not p.errors and not p.exists]

    def summary(self) -> str:
        text = f"可导入学校结对 {len(self.ready)} 个"
        bad = sum(1 for p in self.pairings if p.errors)
        if bad:
            errors = sum(1 for p in self.problems if p.severity == ERROR)
            text += f"；{bad} 行有错误，不导入（共 {errors} 处，见下）"
        old = sum(1 for p in self.pairings if p.exists and not p.errors)
        if old:
            text += f"；{old} 个已登记，不重复导入"
        return text


def _text(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = str(v).strip()
    return s or None


def plan(db, paths, *, wait=None) -> Plan:
    """Read and check PATHS; nothing is written."""
    out = Plan([str(p) for p in paths], [], [])
    planned, problems = out.pairings, out.problems
    with db.sessions() as s, isolate.Reader(out.files) as reader:
        kinds = school_pairings.kind_names(s)
        schools = {n: i for i, n in s.execute(select(School.id, School.name))}
        existing = set(s.scalars(select(SchoolPairing.name)))
        for name, sheet in rec.sheets(reader, out, wait):
            planned += _sheet(name, sheet, kinds, schools, problems)
    seen: dict[str, Planned] = {}
    for p in planned:
        n = p.values["name"]
        if p.errors or not n:
            continue
        if n in seen:
            p.errors += 1
            problems.append(Problem(*p.where[:2], p.where[2], "", f"结对名称“{n}”与第 {seen[n].where[2]} 行重复"))
        elif n in existing:
            p.exists = True
            problems.append(Problem(*p.where[:2], p.where[2], "", f"学校结对“{n}”已登记，不重复导入", NOTE))
        seen.setdefault(n, p)
    return out


def _sheet(file: str, sheet, kinds: list[str], schools: dict[str, int], problems: list[Problem]) -> list[Planned]:
    found = rec.table_columns(sheet, _HEADER)
    if found is None:
        return []
    table, cols = found
    if "lead" not in cols or "members" not in cols:
        return []  # an instruction or code sheet: not a pairing list
    for f in ("name", "kind", "start"):
        if f not in cols:
            problems.append(
                Problem(file, sheet.name, table.header_end + 1, "", f"表头中没有“{LABELS[f]}”列，这张表未导入")
            )
            return []
    out: list[Planned] = []
    for ri in table.data_rows:
        row = sheet.rows[ri]
        cells = {f: _text(row[i]) if i < len(row) else None for f, (i, _h) in cols.items()}
        if any(v is not None for v in cells.values()):
            out.append(_row(file, sheet.name, ri + 1, cells, cols, kinds, schools, problems))
    return out


def _row(
    file: str,
    sheet: str,
    number: int,
    cells: dict,
    cols: dict[str, tuple[int, str]],
    kinds: list[str],
    schools: dict[str, int],
    problems: list[Problem],
) -> Planned:
    """One row of the sheet as a planned pairing, its problems appended to PROBLEMS."""
    p = Planned({}, where=(file, sheet, number))

    def bad(f: str, message: str) -> None:
        col = cols.get(f)
        column = rec.column_label(col)
        problems.append(Problem(file, sheet, number, column, message))
        p.errors += 1

    lead = cells.get("lead")
    lead_id = schools.get(lead or "")
    if lead_id is None:
        bad("lead", f"找不到学校“{lead}”，请填写学校全称" if lead else "请填写牵头学校")
    unknown = 0
    for token in _SPLIT.split(cells.get("members") or ""):
        if not token:
            continue
        sid = schools.get(token)
        if sid is None:
            bad("members", f"找不到学校“{token}”，请填写学校全称")
            unknown += 1
        elif sid != lead_id and sid not in p.schools:
            p.schools.append(sid)
    if not cells.get("members"):
        bad("members", "请填写成员学校")
    elif not p.schools and not unknown:
        bad("members", "成员学校中至少要有一所牵头学校以外的学校")
    elif len(p.schools) + 1 > rules.MAX_SCHOOLS:
        bad("members", f"一个结对最多 {rules.MAX_SCHOOLS} 所学校")
    values = {f: cells.get(f) for f in ("name", "kind", "start", "end", "doc_number", "note")}
    values["actions"] = rules.split_actions(cells.get("actions"))
    values["lead_school_id"] = lead_id
    try:
        p.values = school_pairings.clean(values, kinds)
    except ValidationError as e:
        for f, message in e.problems.items():
            if f != "lead_school_id" or lead_id is not None:
                bad(f, message)
        p.values = {"name": _text(values["name"])}
    return p


@dataclass
class Result:
    pairings: int
    schools: int
    batch_id: int | None


def apply(db, p: Plan, *, user: str | None = None) -> Result:
    """Write the plan's pairings without errors in one transaction, as one import batch (undone on the 数据导入
    page like any import)."""
    access.require(db, "edit")
    ready = p.ready
    if not ready:
        return Result(0, 0, None)
    n_schools = sum(len(r.schools) + 1 for r in ready)

    def check(s) -> None:
        kinds = set(school_pairings.kind_names(s))
        for r in ready:  # the list may have changed since the plan was made
            if r.values["kind"] not in kinds:
                raise UserError(f"结对类型“{r.values['kind']}”已不在类型表中，请重新检查后再导入")

    summary = {"insert": len(ready) + n_schools, "school_pairing": len(ready), "school_pairing_school": n_schools}
    with rec.batch(db, "school_pairings", p.files, user=user, summary=summary, check=check) as (s, batch):
        for r in ready:
            row = SchoolPairing(**{f: r.values.get(f) for f in school_pairings.FIELDS})
            s.add(row)
            s.flush()
            s.add(SchoolPairingSchool(pairing_id=row.id, school_id=r.values["lead_school_id"], role=rules.LEAD_ROLE))
            for sid in r.schools:
                s.add(SchoolPairingSchool(pairing_id=row.id, school_id=sid, role="成员校"))
    return Result(len(ready), n_schools, batch.id)
