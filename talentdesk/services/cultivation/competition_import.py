"""Importing competition entrants from spreadsheets (issue 21 §2): one row per entrant — 竞赛名称, 级别, 类别, 学科,
日期, 姓名, 身份证号 or 工号, 学校, 结果, 是否推荐 (学段, 主办单位, 结束日期 may be added).

Rows with the same competition name, level, kind, subject and start date make one competition; a competition
already registered (same name and start date) takes the sheet's new entrants, and an entrant already registered
takes the sheet's result and selection when they differ. Every sheet of every file is read (in a child process,
importing.isolate) and checked before anything is written; a problem names file, sheet, row and column. A
competition with an error is not imported (the rest are, in one transaction, as one import batch the 数据导入 page
can undo); notes do not stop it. Awards become the teachers' honours as when saved in the dialog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select

from talentdesk.domain import codes, idnumber
from talentdesk.domain import competitions as rules
from talentdesk.domain.dates import DateError, PartialDate
from talentdesk.errors import UserError
from talentdesk.importing import isolate
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import competitions
from talentdesk.services.platform import record_import as rec
from talentdesk.services.platform.record_import import ERROR, NOTE, Problem, _date, _text
from talentdesk.store.models import School, Teacher
from talentdesk.store.models_competitions import Competition, CompetitionEntrant

SYNONYMS = {
    "name": "竞赛名称 比赛名称 赛事名称 竞赛项目 名称 活动名称",
    "level": "级别 竞赛级别 比赛级别 层级",
    "kind": "类别 竞赛类别 竞赛类型 比赛类别 类型 项目类别",
    "subject": "学科 参赛学科 任教学科",
    "stage": "学段 参赛学段",
    "organiser": "主办单位 组织单位 承办单位",
    "start": "日期 竞赛日期 比赛日期 开始日期 时间 比赛时间 竞赛时间",
    "end": "结束日期 结束时间",
    "teacher": "姓名 教师姓名 参赛教师 参赛教师姓名",
    "id_number": "身份证号 身份证号码 公民身份号码 证件号码 身份证号/工号 身份证号或工号",
    "staff_no": "工号 教职工号 职工号 教师编号",
    "school": "学校 所在学校 参赛学校 工作单位 单位 推荐单位",
    "result": "结果 获奖等次 获奖等级 等次 奖项 获奖情况 成绩",
    "selected": "是否推荐 是否推荐上一级 推荐上一级 是否选送 选送上一级 晋级",
}
LABELS = {
    **competitions.LABELS,
    "teacher": "姓名",
    "id_number": "身份证号/工号",
    "staff_no": "工号",
    "school": "学校",
    "result": "结果",
    "selected": "是否推荐",
}
REQUIRED = ("name", "level", "kind", "start")
_HEADER = rec.header_map(SYNONYMS)
_header_field = rec.bracketed_header(_HEADER)
_ID = re.compile(r"^[0-9]{17}[0-9Xx]$|^[0-9]{15}$")


@dataclass
class Entrant:
    teacher_id: int
    school_id: int | None
    result: str | None
    selected: bool | None  # None: not said (blank or no column)
    row: int


@dataclass
class Planned:
    values: dict
    entrants: list[Entrant] = field(default_factory=list)
    where: tuple[str, str, int] = ("", "", 0)  # file, sheet, first row
    errors: int = 0
    existing_id: int | None = None  # a competition already registered: its new entrants are added


@dataclass
class Plan:
    files: list[str]
    competitions: list[Planned]
    problems: list[Problem]

    @property
    def ready(self) -> list[Planned]:
        return [c for c in self.competitions if not c.errors and c.entrants]

    def summary(self) -> str:
        ready = self.ready
        new = sum(1 for c in ready if c.existing_id is None)
        people = sum(len(c.entrants) for c in ready)
        text = f"可导入竞赛 {new} 项、参赛教师 {people} 人次"
        old = len(ready) - new
        if old:
            text += f"（其中 {old} 项竞赛已登记，补充或更新参赛教师）"
        bad = sum(1 for c in self.competitions if c.errors)
        if bad:
            errors = sum(1 for p in self.problems if p.severity == ERROR)
            text += f"；{bad} 项竞赛有错误，不导入（共 {errors} 处，见下）"
        return text


class _Teachers:
    """Teachers by ID number, by 工号 and by name (with school), for matching a sheet's entrants."""

    def __init__(self, session):
        t, sc = Teacher.__table__.c, School.__table__.c
        self.by_id: dict[str, tuple] = {}
        self.by_staff: dict[str, list[tuple]] = {}
        self.by_name: dict[str, list[tuple]] = {}
        for tid, name, number, staff, status, sid, school in session.execute(
            select(t.id, t.name, t.id_number, t.staff_no, t.status, sc.id, sc.name)
            .select_from(Teacher.__table__)
            .outerjoin(School.__table__, sc.id == func.coalesce(t.cur_work_school_id, t.cur_post_school_id))
        ):
            row = (tid, name, status or "", sid, school or "")
            self.by_id[number] = row
            if staff:
                self.by_staff.setdefault(str(staff).strip(), []).append(row)
            self.by_name.setdefault(name, []).append(row)

    def find(self, name: str | None, number: str | None, school: str | None) -> tuple[tuple | None, str]:
        """(teacher row, problem) for a name and an ID number or 工号 (a school narrows a name)."""
        if number:
            if _ID.match(number.replace(" ", "")):
                number = idnumber.normalize(number)
                row = self.by_id.get(number)
                if row is None:
                    why = "" if idnumber.is_valid(number) else "（号码本身有误，请核对）"
                    return None, f"档案中没有身份证号为 {idnumber.mask(number)} 的教师{why}"
            else:
                rows = self.by_staff.get(number, [])
                if name:
                    rows = [r for r in rows if r[1] == name] or rows
                if len(rows) != 1:
                    return None, f"档案中没有工号为“{number}”的教师" if not rows else f"工号“{number}”对应多名教师"
                row = rows[0]
            if name and name != row[1]:
                return None, f"身份证号/工号“{number}”在档案中是“{row[1]}”，表中写的是“{name}”"
            return row, ""
        if not name:
            return None, "没有写教师姓名或身份证号/工号"
        rows = self.by_name.get(name, [])
        serving = [r for r in rows if r[2] in ("", codes.ACTIVE_STATUS)] or rows
        if school:
            serving = [r for r in serving if r[4] == school] or serving
        if not serving:
            return None, f"档案中没有名为“{name}”的教师"
        if len(serving) > 1:
            where = "、".join(r[4] or "无学校" for r in serving)
            return None, f"名为“{name}”的教师有 {len(serving)} 名（{where}），请写身份证号或工号"
        return serving[0], ""


class _Reader:
    def __init__(self, session, file: str, sheet: str, problems: list[Problem], cols: dict):
        self.file, self.sheet, self.problems, self.cols = file, sheet, problems, cols
        self.kinds = set(competitions.kind_names(session))
        self.schools = dict(session.execute(select(School.name, School.id)).all())
        self.errors = 0

    def problem(self, row: int, f: str | None, message: str, severity: str = ERROR) -> None:
        col = self.cols.get(f) if f else None
        column = rec.column_label(col)
        self.problems.append(Problem(self.file, self.sheet, row, column, message, severity))
        if severity == ERROR:
            self.errors += 1

    def competition(self, row: int, cells: dict) -> dict:
        """Checked competition values of one row (a value with an error is None)."""
        v: dict = {f: _text(cells.get(f)) for f in ("name", "kind", "organiser")}
        if not v["name"]:
            self.problem(row, "name", "没有填写竞赛名称")
        elif len(v["name"]) > rules.MAX_NAME:
            self.problem(row, "name", f"竞赛名称太长（最多 {rules.MAX_NAME} 个字）")
        if v["organiser"] and len(v["organiser"]) > 100:
            self.problem(row, "organiser", "主办单位太长（最多 100 个字）")
        if not v["kind"]:
            self.problem(row, "kind", "没有填写竞赛类别")
        elif v["kind"] not in self.kinds:
            self.problem(row, "kind", f"竞赛类别“{v['kind']}”不在类别表中（可先在“竞赛类别…”中添加）")
        for f in ("start", "end"):
            try:
                v[f] = _date(cells.get(f))
            except DateError as e:
                v[f] = None
                self.problem(row, f, f"日期“{_text(cells.get(f))}”不对：{e}")
        if v["start"] is None and _text(cells.get("start")) is None:
            self.problem(row, "start", "没有填写竞赛日期")
        elif v["start"] is not None and v["end"] is not None and v["end"] < v["start"]:
            self.problem(row, "end", f"结束日期 {v['end'].iso()} 早于开始日期 {v['start'].iso()}")
        level = _text(cells.get("level"))
        canon = (codes.LEVEL.canonical(level) or level) if level else None
        if canon not in rules.LEVELS:
            self.problem(
                row, "level", f"级别“{level}”不对，应为{'、'.join(rules.LEVELS)}之一" if level else "没有填写级别"
            )
        v["level"] = canon
        for f, lst in (("subject", codes.SUBJECT), ("stage", codes.STAGE)):
            raw = _text(cells.get(f))
            v[f] = lst.canonical(raw) if raw else None
            if raw and v[f] is None:
                self.problem(row, f, f"{LABELS[f]}“{raw}”不在{lst.name}代码表中")
        return v

    def selected(self, row: int, cells: dict) -> bool | None:
        raw = _text(cells.get("selected"))
        if raw is None:
            return None
        if raw.upper() in codes.YES_WORDS or raw in ("推荐", "选送", "晋级"):
            return True
        if raw.upper() in codes.NO_WORDS or raw in ("不推荐", "未推荐"):
            return False
        self.problem(row, "selected", f"是否推荐“{raw}”应填“是”或“否”")
        return None


def plan(db, paths, *, wait=None) -> Plan:
    """Read and check PATHS; nothing is written."""
    out = Plan([str(p) for p in paths], [], [])
    problems = out.problems
    planned: dict[tuple, Planned] = {}
    with db.sessions() as s, isolate.Reader(out.files) as reader:
        people = _Teachers(s)
        for name, sheet in rec.sheets(reader, out, wait):
            _sheet(s, name, sheet, people, problems, planned)
        stored = {
            (n, d.iso() if d else ""): i
            for i, n, d in s.execute(select(Competition.id, Competition.name, Competition.start))
        }
        for c in planned.values():
            if c.errors or c.values["start"] is None:
                continue
            c.existing_id = stored.get((c.values["name"], c.values["start"].iso()))
            if c.existing_id is None:
                continue
            had: dict[int, tuple[str | None, bool]] = {
                tid: (res, bool(sel))
                for tid, res, sel in s.execute(
                    select(CompetitionEntrant.teacher_id, CompetitionEntrant.result, CompetitionEntrant.selected).where(
                        CompetitionEntrant.competition_id == c.existing_id
                    )
                )
            }
            keep = []
            for ent in c.entrants:
                res, sel = had.get(ent.teacher_id, ("", False))
                if (
                    res != ""
                    and (ent.result is None or ent.result == res)
                    and (ent.selected is None or ent.selected == sel)
                ):
                    problems.append(
                        Problem(
                            c.where[0], c.where[1], ent.row, "", "这名教师已登记在该竞赛中，结果相同，不重复导入", NOTE
                        )
                    )
                else:
                    keep.append(ent)
            c.entrants = keep
    out.competitions = list(planned.values())
    return out


def _sheet(s, file: str, sheet, people: _Teachers, problems: list[Problem], out: dict[tuple, Planned]) -> None:
    found = rec.table_columns(sheet, _header_field)
    if found is None:
        return
    table, cols = found
    if "name" not in cols or not ({"teacher", "id_number", "staff_no"} & set(cols)):
        return  # an instruction or code sheet, or another list: not entrants of competitions
    for f in REQUIRED:
        if f not in cols:
            problems.append(
                Problem(file, sheet.name, table.header_end + 1, "", f"表头中没有“{LABELS[f]}”列，这张表未导入")
            )
            return
    r = _Reader(s, file, sheet.name, problems, cols)
    for ri in table.data_rows:
        row = sheet.rows[ri]
        cells = {f: row[i] if i < len(row) else None for f, (i, _h) in cols.items()}
        if all(_text(v) is None for v in cells.values()):
            continue
        number = ri + 1
        before = r.errors
        values = r.competition(number, cells)
        key = tuple(values[k].iso() if isinstance(values[k], PartialDate) else values[k] for k in REQUIRED)
        key += (values["subject"],)
        c = out.get(key)
        if c is None:
            c = out[key] = Planned(values, where=(file, sheet.name, number))
        try:
            result = rules.result_of(_text(cells.get("result")))
        except ValueError as e:
            r.problem(number, "result", str(e))
            result = None
        selected = r.selected(number, cells)
        school = _text(cells.get("school"))
        number_cell = _text(cells.get("id_number")) or _text(cells.get("staff_no"))
        teacher, why = people.find(_text(cells.get("teacher")), number_cell, school)
        if teacher is None:
            r.problem(
                number, "teacher" if not number_cell else ("id_number" if "id_number" in cols else "staff_no"), why
            )
        elif any(e.teacher_id == teacher[0] for e in c.entrants):
            r.problem(number, "teacher", f"教师“{teacher[1]}”在这项竞赛中重复，只登记一次", NOTE)
        else:
            school_id = r.schools.get(school) if school else None
            if school and school_id is None:
                r.problem(number, "school", f"学校“{school}”不在学校名单中，按教师现任职学校登记", NOTE)
            c.entrants.append(Entrant(teacher[0], school_id or teacher[3], result, selected, number))
        c.errors += r.errors - before


@dataclass
class Result:
    competitions: int
    entrants: int
    batch_id: int | None


def apply(db, p: Plan, *, user: str | None = None) -> Result:
    """Write the plan's competitions without errors in one transaction, as one import batch (undone on the 数据导入
    page like any import); the awards' honours follow (competitions.sync_honours)."""
    access.require(db, "edit")
    ready = p.ready
    if not ready:
        return Result(0, 0, None)
    n_people = sum(len(c.entrants) for c in ready)
    new = sum(1 for c in ready if c.existing_id is None)

    def check(s) -> None:
        kinds = set(competitions.kind_names(s))
        for c in ready:  # the list may have changed since the plan was made
            if c.values["kind"] not in kinds:
                raise UserError(f"竞赛类别“{c.values['kind']}”已不在类别表中，请重新检查后再导入")

    summary = {"insert": new + n_people, "competition": new, "competition_entrant": n_people}
    with rec.batch(db, "competitions", p.files, user=user, summary=summary, check=check) as (s, batch):
        for c in ready:
            row = s.get(Competition, c.existing_id) if c.existing_id else None
            if row is None:
                row = Competition(**{f: c.values.get(f) for f in competitions.FIELDS})
                s.add(row)
                s.flush()
            stored = {
                e.teacher_id: e
                for e in s.scalars(select(CompetitionEntrant).where(CompetitionEntrant.competition_id == row.id))
            }
            for ent in c.entrants:
                old = stored.get(ent.teacher_id)
                if old is None:
                    s.add(
                        CompetitionEntrant(
                            competition_id=row.id,
                            teacher_id=ent.teacher_id,
                            school_id=ent.school_id,
                            result=ent.result,
                            selected=bool(ent.selected),
                        )
                    )
                else:
                    if ent.result is not None and old.result != ent.result:
                        old.result = ent.result
                    if ent.selected is not None and old.selected != ent.selected:
                        old.selected = ent.selected
            s.flush()
            competitions.sync_honours(s, row, [])
    return Result(new, n_people, batch.id)
