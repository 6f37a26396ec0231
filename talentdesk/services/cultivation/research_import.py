"""Importing research projects (课题, issue 21 §5) from spreadsheets: one row per group member — 课题名称, 级别, 类别,
立项单位, 立项编号, 立项日期, 计划结题, 状态, 获奖等次, 结题日期, 姓名, 身份证号 or 工号, 学校, 角色.

Rows with the same title, level and 立项 year make one project; its other values may be written on any of its rows
(a second, different value is an error). A project has exactly one 主持人 and lies at the host's school. A project
already registered (same title, level and year) takes the sheet's new members. Every sheet of every file is read (in
a child process, importing.isolate) and checked before anything is written; a problem names file, sheet, row and
column in Chinese. A project with an error is not imported (the rest are, in one transaction, as one import batch
the 数据导入 page can undo); notes do not stop it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.domain import research as rules
from talentdesk.domain.dates import DateError, PartialDate
from talentdesk.errors import UserError
from talentdesk.importing import isolate, safety
from talentdesk.importing.columns import norm_header
from talentdesk.importing.table import find_table
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import research
from talentdesk.services.cultivation.competition_import import _BRACKETS, ERROR, NOTE, Problem, _date, _Teachers, _text
from talentdesk.store import backup
from talentdesk.store.audit import os_user
from talentdesk.store.models import ImportBatch
from talentdesk.store.models_research import ResearchMember, ResearchProject
from talentdesk.store.uow import UnitOfWork

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
_HEADER = {norm_header(w): f for f, words in SYNONYMS.items() for w in words.split()}


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


@dataclass
class Plan:
    files: list[str]
    projects: list[Planned]
    problems: list[Problem]

    @property
    def ready(self) -> list[Planned]:
        return [p for p in self.projects if not p.errors and p.members]

    @property
    def rows(self) -> list[Planned]:
        return self.ready

    def summary(self) -> str:
        ready = self.ready
        new = sum(1 for p in ready if p.existing_id is None)
        people = sum(len(p.members) for p in ready)
        text = f"可导入课题 {new} 项、课题组成员 {people} 人次"
        old = len(ready) - new
        if old:
            text += f"（其中 {old} 项课题已登记，补充成员）"
        bad = sum(1 for p in self.projects if p.errors)
        if bad:
            errors = sum(1 for p in self.problems if p.severity == ERROR)
            text += f"；{bad} 项课题有错误，不导入（共 {errors} 处，见下）"
        return text


def _header_field(h: str) -> str | None:
    t = norm_header(h)
    if not t:
        return None
    return _HEADER.get(t) or _HEADER.get(norm_header(_BRACKETS.sub("", h)))


class _Sheet:
    def __init__(self, file: str, sheet: str, problems: list[Problem], cols: dict):
        self.file, self.sheet, self.problems, self.cols = file, sheet, problems, cols

    def problem(self, row: int, f: str | None, message: str, severity: str = ERROR) -> None:
        col = self.cols.get(f) if f else None
        column = f"{safety.col_letters(col[0])}（{col[1]}）" if col else ""
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
        for f, parse in (("kind", rules.kind_of), ("award", rules.award_of)):
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
    paths = [str(p) for p in paths]
    problems: list[Problem] = []
    planned: dict[tuple, Planned] = {}
    with db.sessions() as s, isolate.Reader(paths) as reader:
        people = _Teachers(s)
        for path in paths:
            name = Path(path).name
            try:
                sheets = reader.read_next(wait)
            except UserError as e:
                problems.append(Problem(name, "", None, "", str(e)))
                continue
            for sheet in sheets:
                if not sheet.hidden:
                    _sheet(name, sheet, people, problems, planned)
        stored = {
            (t, lv, d.year): i
            for i, t, lv, d in s.execute(
                select(ResearchProject.id, ResearchProject.title, ResearchProject.level, ResearchProject.approved)
            )
        }
        members: dict[int, dict[int, str]] = {}
        for pid, tid, role in s.execute(
            select(ResearchMember.project_id, ResearchMember.teacher_id, ResearchMember.role)
        ):
            members.setdefault(pid, {})[tid] = role
    for p in planned.values():  # a project with a wrong row is checked as a whole too: every problem said at once
        _finish(p, stored, members, problems)
    return Plan(paths, list(planned.values()), problems)


def _finish(p: Planned, stored: dict, members: dict[int, dict[int, str]], problems: list[Problem]) -> None:
    """Check one project as a whole: its host, its steps and dates; a registered one takes only new members."""
    file, sheet, first = p.where
    out = _Sheet(file, sheet, problems, p.columns)

    def error(f: str | None, message: str, row: int = first) -> None:
        out.problem(row, f, message)
        p.errors += 1

    v = p.values
    v["status"] = v.get("status") or rules.APPROVED
    p.existing_id = stored.get((v["title"], v["level"], v["approved"].year))
    if p.existing_id is not None:
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
        error("kind", f"课题“{v['title']}”没有填写类别（{'、'.join(rules.KINDS)}）")
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


def _sheet(file: str, sheet, people: _Teachers, problems: list[Problem], out: dict[tuple, Planned]) -> None:
    table = find_table(sheet)
    if table is None:
        return
    cols: dict[str, tuple[int, str]] = {}
    for i, h in enumerate(table.headers):
        f = _header_field(h) if h else None
        if f and f not in cols:
            cols[f] = (i, h)
    if "title" not in cols or not ({"teacher", "id_number", "staff_no"} & set(cols)):
        return  # an instruction or code sheet, or another list
    for f in KEY:
        if f not in cols:
            problems.append(
                Problem(file, sheet.name, table.header_end + 1, "", f"表头中没有“{LABELS[f]}”列，这张表未导入")
            )
            return
    r = _Sheet(file, sheet.name, problems, cols)
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


def apply(db, p: Plan, *, user: str | None = None) -> Result:
    """Write the plan's projects without errors in one transaction, as one import batch (undone on the 数据导入 page
    like any import)."""
    access.require(db, "edit")
    ready = p.ready
    if not ready:
        return Result(0, 0, None)
    user = user or db.sessions.kw.get("info", {}).get("user") or os_user()
    n_people = sum(len(x.members) for x in ready)
    new = sum(1 for x in ready if x.existing_id is None)
    if db.path is not None and not db.read_only:  # a verified backup before every import, as the wizard makes
        try:
            backup.auto_backup(db.path, db.path.parent / "backups", "pre-import")
        except backup.BackupError as e:
            raise UserError(f"导入前的自动备份没有成功，为安全起见没有导入：{e}") from None
    with UnitOfWork(db) as uow:
        s = uow.session
        batch = ImportBatch(
            user=user,
            kind="research",
            files=json.dumps(p.files, ensure_ascii=False),
            summary=json.dumps(
                {"insert": new + n_people, "research_project": new, "research_member": n_people}, ensure_ascii=False
            ),
        )
        s.add(batch)
        s.flush()
        s.info["batch_id"] = batch.id
        for x in ready:
            row = s.get(ResearchProject, x.existing_id) if x.existing_id else None
            if x.existing_id and row is None:
                raise UserError("导入期间有课题被删除，请重新检查后再导入")
            if row is None:
                row = ResearchProject(**{f: x.values.get(f) for f in research.FIELDS})
                s.add(row)
                s.flush()
            for m in x.members:
                s.add(ResearchMember(project_id=row.id, teacher_id=m.teacher_id, role=m.role))
        s.flush()
        uow.commit()
        return Result(new, n_people, batch.id)
