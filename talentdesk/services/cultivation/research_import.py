"""Importing research projects (课题, issue 21 §5) from spreadsheets: one row per group member — 课题名称, 级别, 类别,
立项单位, 立项编号, 立项日期, 计划结题, 状态, 获奖等次, 结题日期, 姓名, 身份证号 or 工号, 学校, 角色.

Rows with the same title, level and 立项 year make one project; its other values may be written on any of its rows
(a second, different value is an error). A project has exactly one 主持人 and lies at the host's school; its kind is
one of the bureau's list (重点 for 重点课题 is taken). A project already registered (same title, level and year) takes
the sheet's new members and the values the sheet gives that differ (kind, 立项单位, 立项编号, dates, step, award
grade), checked like the dialog's save; a step is never moved back by an import (结题 back to 立项: do it in the
dialog), a blank cell changes nothing, and the identical file changes nothing. Every sheet of every file is read (in
a child process, importing.isolate) and checked before anything is written; a problem names file, sheet, row and
column in Chinese. A project with an error is not imported (the rest are, in one transaction, as one import batch
the 数据导入 page can undo); notes do not stop it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.domain import research as rules
from talentdesk.domain.dates import DateError, PartialDate
from talentdesk.errors import UserError
from talentdesk.importing import isolate
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import research
from talentdesk.services.cultivation.competition_import import _Teachers
from talentdesk.services.platform import record_import as rec
from talentdesk.services.platform.record_import import ERROR, NOTE, Problem, _date, _text
from talentdesk.store.models_research import ResearchMember, ResearchProject

__all__ = ["ERROR", "NOTE", "Plan", "Problem", "apply", "plan"]

SYNONYMS = {
    "title": "课题名称 课题 课题题目 研究课题 项目名称",
    "level": "级别 课题级别 立项级别 层级",
    "kind": "类别 课题类别 课题类型 类型",
    "issuer": "立项单位 批准单位 立项部门 下达单位",
    "number": "立项编号 课题编号 批准号 立项文号 文号 编号",
    "approved": "立项日期 立项时间 批准日期 立项年月",
    "planned_end": "计划结题 计划结题日期 计划完成时间 预计结题",
    "status": "状态 课题状态 进展 研究进展",
    "award": "获奖等次 获奖等级 获奖情况 成果获奖",
    "concluded": "结题日期 结题时间 结项日期",
    "teacher": "姓名 教师姓名 成员姓名 课题组成员",
    "id_number": "身份证号 身份证号码 公民身份号码 证件号码 身份证号/工号 身份证号或工号",
    "staff_no": "工号 教职工号 职工号 教师编号",
    "school": "学校 所在学校 工作单位 单位",
    "role": "角色 分工 成员角色 课题组角色",
}
LABELS = {
    **research.LABELS,
    "teacher": "姓名",
    "id_number": "身份证号/工号",
    "staff_no": "工号",
    "school": "学校",
    "role": "角色",
}
KEY = ("title", "level", "approved")
PROJECT_FIELDS = ("kind", "issuer", "number", "planned_end", "status", "award", "concluded")
UPDATED_FIELDS = ("kind", "issuer", "number", "approved", "planned_end", "status", "award", "concluded")
STEP_RANK = {  # how far a step is: an import moves a registered project's step only forwards
    rules.APPROVED: 0,
    rules.MIDTERM: 1,
    rules.EXTENDED: 1,
    rules.CONCLUDED: 2,
    rules.WITHDRAWN: 2,
    rules.AWARDED: 3,
}
_HEADER = rec.header_map(SYNONYMS)
_header_field = rec.bracketed_header(_HEADER)


@dataclass
class Member:
    teacher_id: int
    name: str
    school_id: int | None
    role: str
    row: int


@dataclass
class Planned:
    values: dict
    members: list[Member] = field(default_factory=list)
    where: tuple[str, str, int] = ("", "", 0)  # file, sheet, first row
    columns: dict = field(default_factory=dict)  # field → (index, header) of the sheet it came from
    errors: int = 0
    existing_id: int | None = None  # a project already registered: its new members are added
    stored: dict = field(default_factory=dict)  # a registered project's values of UPDATED_FIELDS when read
    changes: dict = field(default_factory=dict)  # … and those the sheet changes (field → new value)


@dataclass
class Plan:
    files: list[str]
    projects: list[Planned]
    problems: list[Problem]

    @property
    def ready(self) -> list[Planned]:
        return [p for p in self.projects if not p.errors and (p.members or p.changes)]

    @property
    def unchanged(self) -> list[Planned]:
        """Registered projects the sheet neither changes nor adds members to."""
        return [p for p in self.projects if not p.errors and p.existing_id and not p.members and not p.changes]

    @property
    def rows(self) -> list[Planned]:
        return self.ready

    def summary(self) -> str:
        ready = self.ready
        new = sum(1 for p in ready if p.existing_id is None)
        people = sum(len(p.members) for p in ready)
        text = f"可导入课题 {new} 项、课题组成员 {people} 人次"
        joined = sum(1 for p in ready if p.existing_id is not None and p.members)
        if joined:
            text += f"（其中 {joined} 项课题已登记，补充成员）"
        updated = sum(1 for p in ready if p.changes)
        if updated:
            text += f"；更新已登记课题 {updated} 项（进展、日期等与表中不同的内容）"
        same = len(self.unchanged)
        if same:
            text += f"；{same} 项课题已登记且与表中一致，不作改动"
        bad = sum(1 for p in self.projects if p.errors)
        if bad:
            errors = sum(1 for p in self.problems if p.severity == ERROR)
            text += f"；{bad} 项课题有错误，不导入（共 {errors} 处，见下）"
        return text


class _Sheet:
    def __init__(self, file: str, sheet: str, problems: list[Problem], cols: dict, kinds: list[str] | None = None):
        self.file, self.sheet, self.problems, self.cols = file, sheet, problems, cols
        self.kinds = kinds if kinds is not None else list(rules.KINDS)

    def problem(self, row: int, f: str | None, message: str, severity: str = ERROR) -> None:
        column = rec.column_label(self.cols.get(f) if f else None)
        self.problems.append(Problem(self.file, self.sheet, row, column, message, severity))

    def values(self, row: int, cells: dict) -> tuple[dict, int]:
        """The project values one row gives (None where blank or wrong) and the number of errors."""
        n = 0

        def bad(f: str, message: str) -> None:
            nonlocal n
            self.problem(row, f, message)
            n += 1

        v: dict = {f: _text(cells.get(f)) for f in ("title", "issuer", "number", "status")}
        if not v["title"]:
            bad("title", "没有填写课题名称")
        for f, most in research.MAX_LENGTH.items():
            if v[f] and len(v[f]) > most:
                bad(f, f"{LABELS[f]}太长（最多 {most} 个字）")
        level = _text(cells.get("level"))
        v["level"] = (codes.LEVEL.canonical(level) or level) if level else None
        if v["level"] not in rules.LEVELS:
            bad("level", f"级别“{level}”不对，应为{'、'.join(rules.LEVELS)}之一" if level else "没有填写级别")
            v["level"] = None
        for f, parse in (("kind", lambda t: rules.kind_of(t, self.kinds)), ("award", rules.award_of)):
            try:
                v[f] = parse(_text(cells.get(f)))
            except ValueError as e:
                bad(f, str(e))
                v[f] = None
        if v["status"] and v["status"] not in rules.STATUSES:
            bad("status", f"状态“{v['status']}”应为{'、'.join(rules.STATUSES)}之一")
            v["status"] = None
        for f in ("approved", "planned_end", "concluded"):
            try:
                v[f] = _date(cells.get(f))
            except DateError as e:
                v[f] = None
                bad(f, f"日期“{_text(cells.get(f))}”不对：{e}")
        if v["approved"] is None and _text(cells.get("approved")) is None:
            bad("approved", "没有填写立项日期")
        return v, n


def plan(db, paths, *, wait=None) -> Plan:
    """Read and check PATHS; nothing is written."""
    out = Plan([str(p) for p in paths], [], [])
    problems = out.problems
    planned: dict[tuple, Planned] = {}
    with db.sessions() as s, isolate.Reader(out.files) as reader:
        people = _Teachers(s)
        kinds = research.kind_names(s)
        for name, sheet in rec.sheets(reader, out, wait):
            _sheet(name, sheet, people, problems, planned, kinds)
        stored: dict[tuple, int] = {}
        values: dict[int, dict] = {}
        for row in s.scalars(select(ResearchProject)):
            stored[(row.title, row.level, row.approved.year)] = row.id
            values[row.id] = {f: getattr(row, f) for f in UPDATED_FIELDS}
        members: dict[int, dict[int, str]] = {}
        for pid, tid, role in s.execute(
            select(ResearchMember.project_id, ResearchMember.teacher_id, ResearchMember.role)
        ):
            members.setdefault(pid, {})[tid] = role
    for p in planned.values():  # a project with a wrong row is checked as a whole too: every problem said at once
        _finish(p, stored, members, problems, values, kinds)
    out.projects = list(planned.values())
    return out


def _shown(v) -> str:
    return v.iso() if isinstance(v, PartialDate) else (v or "（空）")


def _finish(
    p: Planned,
    stored: dict,
    members: dict[int, dict[int, str]],
    problems: list[Problem],
    values: dict[int, dict],
    kinds: list[str],
) -> None:
    """Check one project as a whole: its host, its steps and dates; a registered one takes new members and the
    sheet's changed values (_update)."""
    file, sheet, first = p.where
    out = _Sheet(file, sheet, problems, p.columns, kinds)

    def error(f: str | None, message: str, row: int = first) -> None:
        out.problem(row, f, message)
        p.errors += 1

    v = p.values
    given = {f for f in UPDATED_FIELDS if v.get(f) is not None}
    v["status"] = v.get("status") or rules.APPROVED
    p.existing_id = stored.get((v["title"], v["level"], v["approved"].year))
    if p.existing_id is not None:
        p.stored = values.get(p.existing_id, {})
        _update(p, given, out, error)
        had = members.get(p.existing_id, {})
        keep = []
        for m in p.members:
            if m.teacher_id in had:
                out.problem(m.row, "teacher", f"“{m.name}”已是这项课题的成员，不重复导入", NOTE)
            elif m.role == rules.HOST:
                error("role", f"这项课题已登记，已有主持人；“{m.name}”不能再作为主持人导入", m.row)
            else:
                keep.append(m)
        p.members = keep
        return
    if not v.get("kind"):
        error("kind", f"课题“{v['title']}”没有填写类别（{'、'.join(out.kinds)}）")
    for f, message in rules.check(
        v["status"], v.get("award"), v["approved"], v.get("planned_end"), v.get("concluded")
    ).items():
        error(f, message)
    hosts = [m for m in p.members if m.role == rules.HOST]
    if not hosts:
        error("role", f"课题“{v['title']}”没有主持人：请在主持人那一行的“角色”列填写“主持人”")
    elif len(hosts) > 1:
        error(
            "role",
            f"课题“{v['title']}”有 {len(hosts)} 名主持人（{'、'.join(m.name for m in hosts)}），只能有一名",
            hosts[1].row,
        )
    elif hosts[0].school_id is None:
        error("school", f"主持人“{hosts[0].name}”没有所在学校，无法确定课题所在学校", hosts[0].row)
    else:
        v["school_id"] = hosts[0].school_id


def _coarser(a, b) -> bool:
    """True when date A says less than date B and agrees with it (2024 or 2024-06 for 2024-06-15)."""
    if not isinstance(a, PartialDate) or not isinstance(b, PartialDate) or a.year != b.year:
        return False
    if a.month is None:
        return b.month is not None
    return a.month == b.month and a.day is None and b.day is not None


def _update(p: Planned, given: set[str], out: _Sheet, error) -> None:
    """The values of a registered project the sheet changes (p.changes), checked as the dialog's save checks them:
    only what the sheet gives (a blank cell keeps the stored value); a step is not moved back (a note says so)."""
    file_values, old = p.values, p.stored
    new = {f: (file_values[f] if f in given else old.get(f)) for f in UPDATED_FIELDS}
    first = p.where[2]
    step = ("status", "award", "concluded")
    if "status" in given and STEP_RANK.get(new["status"] or "", 0) < STEP_RANK.get(old.get("status") or "", 0):
        out.problem(
            first,
            "status",
            f"课题“{file_values['title']}”已登记为“{research.status_label(old['status'], old.get('award'))}”，"
            f"表中为“{new['status']}”：导入不回退进展，保留原状态（如确需改回，请在课题对话框中修改）",
            NOTE,
        )
        for f in step:
            new[f] = old.get(f)
    for f in ("approved", "planned_end", "concluded"):
        if _coarser(new[f], old.get(f)):
            new[f] = old.get(f)  # 2024 in the sheet for a stored 2024-06: the same date, less precisely
    changes = {f: new[f] for f in UPDATED_FIELDS if new[f] != old.get(f)}
    if not changes:
        return
    problems = rules.check(new["status"], new["award"], new["approved"], new["planned_end"], new["concluded"])
    for f, message in problems.items():
        error(f, f"课题“{file_values['title']}”已登记，按表中内容更新后：{message}")
    if problems:
        return
    p.changes = changes
    said = "；".join(f"{LABELS[f]} {_shown(old.get(f))} → {_shown(v)}" for f, v in changes.items())
    out.problem(first, None, f"课题“{file_values['title']}”已登记，将更新：{said}", NOTE)


def _sheet(
    file: str,
    sheet,
    people: _Teachers,
    problems: list[Problem],
    out: dict[tuple, Planned],
    kinds: list[str] | None = None,
) -> None:
    found = rec.table_columns(sheet, _header_field)
    if found is None:
        return
    table, cols = found
    if "title" not in cols or not ({"teacher", "id_number", "staff_no"} & set(cols)):
        return  # an instruction or code sheet, or another list
    for f in KEY:
        if f not in cols:
            problems.append(
                Problem(file, sheet.name, table.header_end + 1, "", f"表头中没有“{LABELS[f]}”列，这张表未导入")
            )
            return
    r = _Sheet(file, sheet.name, problems, cols, kinds)
    for ri in table.data_rows:
        row = sheet.rows[ri]
        cells = {f: row[i] if i < len(row) else None for f, (i, _h) in cols.items()}
        if all(_text(v) is None for v in cells.values()):
            continue
        number = ri + 1
        values, errors = r.values(number, cells)
        if any(values[k] is None for k in KEY):
            continue  # no project to put the row in: its problems are said
        key = (values["title"], values["level"], values["approved"].year)
        p = out.get(key)
        if p is None:
            p = out[key] = Planned({k: values[k] for k in KEY}, where=(file, sheet.name, number), columns=cols)
        p.errors += errors
        for f in PROJECT_FIELDS:
            new = values.get(f)
            if new is None:
                continue
            old = p.values.get(f)
            if old is None:
                p.values[f] = new
            elif old != new:
                shown = [x.iso() if isinstance(x, PartialDate) else x for x in (old, new)]
                r.problem(number, f, f"同一项课题的{LABELS[f]}前后不一致（“{shown[0]}”与“{shown[1]}”）")
                p.errors += 1
        role = _text(cells.get("role")) or rules.MEMBER
        if role not in rules.ROLES:
            r.problem(number, "role", f"角色“{role}”应为{'、'.join(rules.ROLES)}之一")
            p.errors += 1
            continue
        school = _text(cells.get("school"))
        number_cell = _text(cells.get("id_number")) or _text(cells.get("staff_no"))
        teacher, why = people.find(_text(cells.get("teacher")), number_cell, school)
        if teacher is None:
            r.problem(
                number, "teacher" if not number_cell else ("id_number" if "id_number" in cols else "staff_no"), why
            )
            p.errors += 1
        elif any(m.teacher_id == teacher[0] for m in p.members):
            r.problem(number, "teacher", f"教师“{teacher[1]}”在这项课题中重复，只登记一次", NOTE)
        else:
            p.members.append(Member(teacher[0], teacher[1], teacher[3], role, number))


@dataclass
class Result:
    projects: int
    members: int
    batch_id: int | None
    updated: int = 0  # registered projects whose values the sheet changed


def apply(db, p: Plan, *, user: str | None = None) -> Result:
    """Write the plan's projects without errors in one transaction, as one import batch (undone on the 数据导入 page
    like any import)."""
    access.require(db, "edit")
    ready = p.ready
    if not ready:
        return Result(0, 0, None)
    n_people = sum(len(x.members) for x in ready)
    new = sum(1 for x in ready if x.existing_id is None)
    updated = sum(1 for x in ready if x.changes)
    summary = {
        "insert": new + n_people,
        "update": updated,
        "research_project": new + updated,
        "research_member": n_people,
    }
    with rec.batch(db, "research", p.files, user=user, summary=summary) as (s, batch):
        for x in ready:
            row = s.get(ResearchProject, x.existing_id) if x.existing_id else None
            if x.existing_id and row is None:
                raise UserError("导入期间有课题被删除，请重新检查后再导入")
            if row is not None and x.changes:
                if any(getattr(row, f) != x.stored.get(f) for f in UPDATED_FIELDS):
                    raise UserError(f"导入期间课题“{row.title}”被修改过，请重新检查后再导入")
                for f, v in x.changes.items():  # audited field by field; undone with the batch
                    setattr(row, f, v)
            if row is None:
                row = ResearchProject(**{f: x.values.get(f) for f in research.FIELDS})
                s.add(row)
                s.flush()
            for m in x.members:
                s.add(ResearchMember(project_id=row.id, teacher_id=m.teacher_id, role=m.role))
    return Result(new, n_people, batch.id, updated)
