"""Importing growth goals (个性化成长清单, issue 21 §5) from spreadsheets: one row per goal with 培养项目, 批次,
姓名, 身份证号, 学校, 目标类型, 目标内容, 计划完成, 完成日期 (blank: not done) and 佐证.

A row follows the rules of a goal entered in the 成长清单 dialog (growth.clean): a kind and a description, valid
dates; besides, the programme must be registered, the teacher one of its members and the kind one of the list
(domain.growth.GOAL_KINDS and the kinds already in use). The same member, kind, description and due date is the same
goal: one already registered is updated (its completion date and evidence; a blank cell keeps what is stored, with
a note), never added again. Any error imports nothing (the clerk corrects the file and imports it again); notes do
not stop it. What is written is one import batch the 数据导入 page can undo.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentdesk.errors import UserError, ValidationError
from talentdesk.importing import isolate
from talentdesk.services.cultivation import growth
from talentdesk.services.cultivation import record_import as ri
from talentdesk.services.cultivation.programmes import programme_label
from talentdesk.services.cultivation.record_import import ERROR, NOTE, Problem, Result, _Teachers, _text
from talentdesk.store.models_growth import GrowthGoal
from talentdesk.store.models_programmes import ProgrammeMember

__all__ = ["ERROR", "NOTE", "Problem", "Result", "plan", "apply"]

SYNONYMS = {
    **ri.MEMBER,
    "kind": "目标类型 目标类别 类型 类别",
    "description": "目标内容 成长目标 目标 内容",
    "due": "计划完成 完成期限 期限 计划完成时间 计划完成日期 截止日期",
    "done": "完成日期 完成时间 实际完成 实际完成日期",
    "evidence": "佐证 佐证材料 备注 说明",
}
_HEADER = ri.header_map(SYNONYMS)
WORDING = ri.Wording(
    "可导入新目标 {new} 个、更新 {updated} 个",
    "{n} 个目标已登记且无变化",
    "{n} 处错误，全部不导入：请改正后再导入（见下）",
)
Plan = ri.Plan


def write_template(db, path, programme_ids: list[int] | None = None) -> int:
    """Save the blank goal list to PATH (the registered programmes and the goal kinds as drop-downs); with
    PROGRAMME_IDS, their members filled in, one row each to be given goals. The number of members filled in."""
    from talentdesk.importing import templates  # openpyxl: not for every import of this module
    from talentdesk.services.cultivation import programmes
    from talentdesk.services.people import schools

    progs = programmes.list_rows(db)
    members = [
        (r[1], r[2] or "", m["name"], m["school"])
        for r in progs
        if r[0] in (programme_ids or [])
        for m in growth.members(db, r[0])
    ]
    with db.sessions() as s:
        kinds = growth.kind_names(s)
    names = sorted({r[1] for r in progs})
    school_names = [n for _i, n in schools.choices(db)]
    templates.write_growth_goals(path, names, kinds, school_names=school_names, members=members)
    return len(members)


def _key(member_id: int, v: dict) -> tuple:
    """What makes a goal the same goal: member, kind, description and due date."""
    return member_id, v["kind"], v["description"], v["due"].iso() if v["due"] else ""


def plan(db, paths, *, wait=None, today: dt.date | None = None) -> Plan:
    """Read and check PATHS; nothing is written. Any error: nothing is ready."""
    out = Plan([str(p) for p in paths], WORDING, all_or_nothing=True)
    with db.sessions() as s, isolate.Reader(out.files) as reader:
        ctx = _Context(s, today or dt.date.today())
        for name, sheet in ri.sheets(reader, out, wait):
            _sheet(out, name, sheet, ctx)
    return out


class _Context:
    """What a sheet is checked against: teachers, programmes and their members, goal kinds, goals registered."""

    def __init__(self, s: Session, today: dt.date):
        self.today = today
        self.people = _Teachers(s)
        self.progs = ri.Programmes(s)
        self.members = {(m.programme_id, m.teacher_id): m.id for m in s.scalars(select(ProgrammeMember))}
        self.kinds = growth.kind_names(s)
        self.stored: dict[tuple, tuple[int, dict]] = {}
        for g in s.scalars(select(GrowthGoal).order_by(GrowthGoal.id)):
            values = {f: getattr(g, f) for f in growth.FIELDS}
            self.stored.setdefault(_key(g.member_id, values), (g.id, values))
        self.seen: dict[tuple, int] = {}


def _sheet(out: Plan, file: str, sheet, ctx: _Context) -> None:
    cols = ri.columns(out, file, sheet, _HEADER, "description")
    if cols is None:
        return
    if "programme" not in cols.cols:
        out.problems.append(
            Problem(file, sheet.name, cols.table.header_end + 1, "", "表头中没有“培养项目”列，这张表未导入")
        )
        return
    for number, cells in cols.rows():
        _row(out, cols, ctx, number, cells)


def _row(out: Plan, cols: ri.Columns, ctx: _Context, number: int, cells: dict) -> None:
    before = len(out.problems)
    prog = ctx.progs.find(cols, number, cells)
    tid = cols.teacher(ctx.people, number, cells)
    member = ctx.members.get((prog.id, tid)) if prog is not None and tid is not None else None
    if prog is not None and tid is not None and member is None:
        label = programme_label(prog.name, prog.cohort or None)
        cols.problem(
            number,
            "name" if "name" in cols.cols else "id_number",
            f"“{ctx.people.names[tid]}”不是培养项目“{label}”的成员，请先在项目的“成员”中添加（或导入成员表）",
        )
    raw: dict = {f: _text(cells.get(f)) for f in ("kind", "description", "evidence")}
    for f in ("due", "done"):
        raw[f], _wrong = cols.date(number, cells, f)
    try:
        v = growth.clean(raw)
    except ValidationError as e:
        for f, message in e.problems.items():
            cols.problem(number, f, message)
        return
    if v["kind"] not in ctx.kinds:
        cols.problem(number, "kind", f"目标类型“{v['kind']}”不在列表中，应为{'、'.join(ctx.kinds)}之一")
    if member is None or any(p.severity == ERROR for p in out.problems[before:]):
        return
    if v["done"] is not None and v["done"].first_day() > ctx.today:
        cols.problem(number, "done", f"完成日期 {v['done'].iso()} 晚于今天，请核对", NOTE)
    key = _key(member, v)
    if key in ctx.seen:
        cols.problem(number, "description", f"与第 {ctx.seen[key]} 行是同一成员的同一目标，只导入一次", NOTE)
        return
    ctx.seen[key] = number
    old = ctx.stored.get(key)
    if old is None:
        out.rows.append(ri.Row(v, cols.where(number), refs={"member_id": member, "teacher_id": tid}))
        return
    merged = dict(old[1])
    for f, label in (("done", "完成日期"), ("evidence", "佐证")):
        if v[f] is not None:
            merged[f] = v[f]
        elif old[1][f] is not None:
            shown = old[1][f].iso() if f == "done" else old[1][f]
            cols.problem(number, f, f"表中{label}为空，保留已登记的{label}“{shown}”", NOTE)
    if merged == old[1]:
        out.unchanged += 1
        return
    out.rows.append(ri.Row({f: merged[f] for f in ("done", "evidence")}, cols.where(number), record_id=old[0]))


def _write(s: Session, r: ri.Row) -> None:
    if r.record_id is None:
        m = s.get(ProgrammeMember, r.refs["member_id"])
        if m is None:
            raise UserError("导入期间有培养对象被删除，请重新检查后再导入")
        s.add(GrowthGoal(**r.values, member_id=m.id, teacher_id=m.teacher_id))
        return
    g = s.get(GrowthGoal, r.record_id)
    if g is None:
        raise UserError("导入期间有成长目标被删除，请重新检查后再导入")
    for k, v in r.values.items():
        if getattr(g, k) != v:
            setattr(g, k, v)


def apply(db, p: Plan, *, user: str | None = None) -> Result:
    """Write the plan in one transaction, as one import batch (undone on the 数据导入 page like any import);
    a plan with an error writes nothing."""
    return ri.apply(db, p, kind="growth", table="growth_goal", write=_write, user=user)
