"""Importing activities from spreadsheets (issue 21 §1), in either of two shapes, recognised by the headers:

- one row per activity, its teachers in a 参加教师 column (names or ID numbers, separated by 、，; or spaces;
  “姓名（身份证号）” also works);
- one row per activity and teacher (姓名 / 身份证号 / 学校 columns): rows with the same kind, title, dates, place,
  organiser and level make one activity.

Every sheet of every file is read (in a child process, importing.isolate) and checked before anything is written.
A problem names file, sheet, row and column. An activity with an error is not imported (the rest are, in one
transaction, as one import batch the 数据导入 page can undo); notes (a teacher listed twice, an activity already
registered) do not stop it. Nothing is dropped without a line saying so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select

from talentdesk.domain import activities as rules
from talentdesk.domain import codes
from talentdesk.domain.dates import DateError, PartialDate
from talentdesk.errors import UserError
from talentdesk.importing import isolate
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import activities
from talentdesk.services.platform import record_import as rec
from talentdesk.services.platform.record_import import ERROR, NOTE, Problem, _date, _Teachers, _text
from talentdesk.store.models import School
from talentdesk.store.models_activities import Activity, ActivityParticipant

SYNONYMS = {
    "kind": "活动类别 类别 活动类型 活动种类 类型",
    "title": "活动主题 主题 活动名称 活动内容 名称 内容",
    "start": "开始日期 活动日期 日期 活动时间 时间 开始时间 开展时间",
    "end": "结束日期 结束时间",
    "organiser": "组织单位 主办单位 承办单位 组织者 牵头单位 组织部门",
    "place": "活动地点 地点 活动学校 举办学校 活动场所 举办地点",
    "level": "级别 活动级别 层级",
    "lessons": "节数 节 课时数 上课节数",
    "lectures": "堂数 堂 讲座堂数",
    "sessions": "次数 次 场次",
    "person_times": "人次 参加人次 参与人次",
    "hours": "学时 学时数",
    "note": "备注 说明",
    "participants": "参加教师 参加人员 参与教师 参与人员 参加教师名单 教师名单 参加教师（姓名或身份证号）",
    "name": "姓名 教师姓名 参加教师姓名",
    "id_number": "身份证号 身份证号码 公民身份号码 证件号码 身份证件号码",
    "school": "学校 所在学校 工作单位 单位 任职学校",
    "role": "角色 承担任务 任务 身份",
}
LABELS = {**activities.LABELS, "participants": "参加教师", "name": "姓名", "id_number": "身份证号", "school": "学校"}
_HEADER = rec.header_map(SYNONYMS)
_header_field = rec.bracketed_header(_HEADER)
_SPLIT = re.compile(r"[、,，;；\n\r\t/|]+|\s+")
_ID = re.compile(r"[0-9]{17}[0-9Xx]|[0-9]{15}")
ACTIVITY_KEYS = ("kind", "title", "start", "end", "organiser", "place", "level")


@dataclass
class Planned:
    values: dict
    participants: list[tuple[int, str]] = field(default_factory=list)  # (teacher id, role)
    where: tuple[str, str, int] = ("", "", 0)  # file, sheet, first row
    rows: list[int] = field(default_factory=list)
    errors: int = 0
    exists: bool = False


@dataclass
class Plan:
    files: list[str]
    activities: list[Planned]
    problems: list[Problem]

    @property
    def ready(self) -> list[Planned]:
        return [a for a in self.activities if not a.errors and not a.exists]

    def summary(self) -> str:
        ready = self.ready
        people = sum(len(a.participants) for a in ready)
        errors = sum(1 for p in self.problems if p.severity == ERROR)
        bad = sum(1 for a in self.activities if a.errors)
        text = f"可导入活动 {len(ready)} 项、参加教师 {people} 人次"
        if bad:
            text += f"；{bad} 项活动有错误，不导入（共 {errors} 处，见下）"
        old = sum(1 for a in self.activities if a.exists and not a.errors)
        if old:
            text += f"；{old} 项已登记，不重复导入"
        return text


def _number(v) -> float | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    t = str(v).strip()
    for unit in ("学时", "人次", "节", "堂", "次", "人"):
        t = t.removesuffix(unit)
    return float(t)


def _tokens(cell: str) -> list[tuple[str | None, str | None, str | None]]:
    """(name, ID number, school) of each teacher a 参加教师 cell lists: 张伟, 3715…, 张伟（3715…）, 张伟（城关中学）."""
    out: list[tuple[str | None, str | None, str | None]] = []
    for part in re.split(r"[、,，;；\n\r\t|]+", cell):
        part = part.strip()
        if not part:
            continue
        number = _ID.search(part.replace(" ", ""))
        inside = re.search(r"[(（\[【](.*?)[)）\]】]", part)
        hint = inside.group(1).strip() if inside and not _ID.search(inside.group(1)) else None
        bare = re.sub(r"[(（\[【].*?[)）\]】]", "", part)
        name = re.sub(r"\s+", "", _ID.sub("", bare.replace(" ", ""))) or None
        if number is None and hint is None and len(bare.split()) > 1:  # names separated by spaces
            out += [(n, None, None) for n in bare.split()]
            continue
        out.append((name, number.group(0) if number else None, hint))
    return out


class _Reader:
    def __init__(self, session, file: str, sheet: str, problems: list[Problem]):
        self.file, self.sheet, self.problems = file, sheet, problems
        self.kinds = set(activities.kind_names(session))
        self.schools = dict(session.execute(select(School.name, School.id)).all())

    def problem(self, row: int, col: tuple[int, str] | None, message: str, severity: str = ERROR) -> None:
        column = rec.column_label(col)
        self.problems.append(Problem(self.file, self.sheet, row, column, message, severity))

    def activity(self, row: int, cells: dict, cols: dict) -> tuple[dict, int]:
        """Checked activity values of one row (a value with an error is None) and the number of errors."""
        errors = 0

        def bad(f, message):
            nonlocal errors
            errors += 1
            self.problem(row, cols.get(f), message)

        v: dict = {f: _text(cells.get(f)) for f in ("kind", "title", "organiser", "note")}
        if not v["kind"]:
            bad("kind", "没有填写活动类别")
        elif v["kind"] not in self.kinds:
            bad("kind", f"活动类别“{v['kind']}”不在类别表中（可先在“活动类别…”中添加）")
        if not v["title"]:
            bad("title", "没有填写活动主题")
        for f in ("start", "end"):
            try:
                v[f] = _date(cells.get(f))
            except DateError as e:
                v[f] = None
                bad(f, f"日期“{_text(cells.get(f))}”不对：{e}")
        if v["start"] is None and "start" in cols and _text(cells.get("start")) is None:
            bad("start", "没有填写活动日期")
        elif v["start"] is None and "start" not in cols:
            bad(None, "表中没有活动日期（开始日期）列")
        for f, message in rules.check_dates(v["start"], v["end"]).items():
            if f == "end":
                bad(f, message)
        level = _text(cells.get("level"))
        canon = (codes.LEVEL.canonical(level) or level) if level else None
        if canon not in rules.LEVELS:
            bad("level", f"级别“{level}”不对，应为{'、'.join(rules.LEVELS)}之一" if level else "没有填写级别")
        v["level"] = canon
        place = _text(cells.get("place"))
        v["school_id"] = self.schools.get(place) if place else None
        v["place"] = None if v["school_id"] else place
        for f, _unit in rules.QUANTITIES:
            raw = cells.get(f)
            try:
                x = _number(raw)
            except ValueError:
                bad(f, f"{LABELS[f]}“{_text(raw)}”不是数字")
                x = None
            why = rules.check_quantity(LABELS[f], x)
            if why:
                bad(f, why)
                x = None
            v[f] = x
        for f, n in activities.MAX_LENGTH.items():
            if v.get(f) and len(v[f]) > n:
                bad(f, f"{LABELS[f]}太长（最多 {n} 个字）")
        return v, errors


def plan(db, paths, *, wait=None) -> Plan:
    """Read and check PATHS; nothing is written."""
    out = Plan([str(p) for p in paths], [], [])
    planned, problems = out.activities, out.problems
    with db.sessions() as s, isolate.Reader(out.files) as reader:
        people = _Teachers(s)
        existing = {
            (k, t, d.iso() if d else "") for k, t, d in s.execute(select(Activity.kind, Activity.title, Activity.start))
        }
        for name, sheet in rec.sheets(reader, out, wait):
            planned += _sheet(s, name, sheet, people, problems)
    for a in planned:
        key = (a.values["kind"], a.values["title"], a.values["start"].iso() if a.values["start"] else "")
        if not a.errors and key in existing:
            a.exists = True
            problems.append(
                Problem(a.where[0], a.where[1], a.where[2], "", f"活动“{a.values['title']}”已登记，不重复导入", NOTE)
            )
    return out


def _sheet(s, file: str, sheet, people: _Teachers, problems: list[Problem]) -> list[Planned]:
    found = rec.table_columns(sheet, _header_field)
    if found is None:
        return []
    table, cols = found
    if "kind" not in cols and "title" not in cols:
        return []  # an instruction or code sheet: not an activity list
    per_teacher = "name" in cols or "id_number" in cols
    if "school" in cols and not per_teacher and "place" not in cols:
        cols["place"] = cols.pop("school")
    r = _Reader(s, file, sheet.name, problems)
    for f in ("kind", "title", "start", "level"):
        if f not in cols:
            problems.append(
                Problem(file, sheet.name, table.header_end + 1, "", f"表头中没有“{LABELS[f]}”列，这张表未导入")
            )
            return []
    out: dict[tuple, Planned] = {}
    for ri in table.data_rows:
        row = sheet.rows[ri]
        cells = {f: row[i] if i < len(row) else None for f, (i, _h) in cols.items()}
        if all(_text(v) is None for v in cells.values()):
            continue
        number = ri + 1
        values, errors = r.activity(number, cells, cols)
        key = tuple((values[k].iso() if isinstance(values[k], PartialDate) else values[k]) for k in ACTIVITY_KEYS)
        key += (values["school_id"],)
        a = out.get(key) if per_teacher else None
        if a is None:
            a = Planned(values, where=(file, sheet.name, number))
            out[key if per_teacher else (number,)] = a
        elif per_teacher:
            for f, _unit in rules.QUANTITIES:
                if values[f] is not None and a.values[f] is not None and values[f] != a.values[f]:
                    r.problem(number, cols.get(f), f"与第 {a.where[2]} 行同一活动的{LABELS[f]}不同")
                    errors += 1
                elif values[f] is not None:
                    a.values[f] = values[f]
        a.rows.append(number)
        a.errors += errors
        _add_people(a, r, number, cells, cols, people, per_teacher=per_teacher)
    return list(out.values())


def _add_people(a: Planned, r: _Reader, number: int, cells: dict, cols: dict, people: _Teachers, *, per_teacher: bool):
    """The teachers one row lists, added to activity A (an unknown or ambiguous one is an error of the row)."""
    role = _text(cells.get("role"))
    if role and role not in rules.ROLES:
        r.problem(number, cols.get("role"), f"角色“{role}”应为{'、'.join(rules.ROLES)}之一")
        a.errors += 1
        role = None
    if per_teacher:
        tokens = [(_text(cells.get("name")), _text(cells.get("id_number")), _text(cells.get("school")))]
        where = cols.get("name") or cols.get("id_number")
    else:
        tokens = _tokens(_text(cells.get("participants")) or "")
        where = cols.get("participants")
    for name, num, school in tokens:
        if per_teacher and not name and not num:
            continue
        tid, why = people.find(name, num, school)
        if tid is None:
            r.problem(number, where, why)
            a.errors += 1
        elif any(t == tid for t, _role in a.participants):
            r.problem(number, where, f"教师“{people.names[tid]}”在这项活动中重复，只登记一次", NOTE)
        else:
            a.participants.append((tid, role or "参加"))


@dataclass
class Result:
    activities: int
    participants: int
    batch_id: int | None


def apply(db, p: Plan, *, user: str | None = None) -> Result:
    """Write the plan's activities without errors in one transaction, as one import batch (undone on the 数据导入
    page like any import)."""
    access.require(db, "edit")
    ready = p.ready
    if not ready:
        return Result(0, 0, None)
    n_people = sum(len(a.participants) for a in ready)

    def check(s) -> None:
        kinds = set(activities.kind_names(s))
        for a in ready:  # the list may have changed since the plan was made
            if a.values["kind"] not in kinds:
                raise UserError(f"活动类别“{a.values['kind']}”已不在类别表中，请重新检查后再导入")

    summary = {"insert": len(ready) + n_people, "activity": len(ready), "activity_participant": n_people}
    with rec.batch(db, "activities", p.files, user=user, summary=summary, check=check) as (s, batch):
        for a in ready:
            row = Activity(**{f: a.values.get(f) for f in activities.FIELDS})
            s.add(row)
            s.flush()
            for tid, role in a.participants:
                s.add(ActivityParticipant(activity_id=row.id, teacher_id=tid, role=role))
    return Result(len(ready), n_people, batch.id)
