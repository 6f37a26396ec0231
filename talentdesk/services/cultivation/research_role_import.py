"""Importing research roles from spreadsheets (issue 21 §4): one row per appointment — 姓名, 身份证号 or 工号, 学校,
角色, 级别, 学科, 任期开始, 任期结束, 聘任单位, 文号, 备注.

Every sheet of every file is read (in a child process, importing.isolate) and checked before anything is written;
a problem names file, sheet, row and column. A row with an error is not imported, nor is one already registered
(same teacher, role, level and start: a note); the same teacher in the same role and level with an overlapping
term (registered or earlier in the sheets) is an error. The rest are written in one transaction, as one import
batch the 数据导入 page can undo. Teachers are matched as the competition import matches them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.domain import research_roles as rules
from talentdesk.domain.dates import DateError, PartialDate
from talentdesk.errors import UserError
from talentdesk.importing import isolate
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import research_roles
from talentdesk.services.cultivation.competition_import import _Teachers
from talentdesk.services.platform import record_import as rec
from talentdesk.services.platform.record_import import ERROR, NOTE, Problem, _date, _text
from talentdesk.store.models_roles import ResearchRole

SYNONYMS = {
    "teacher": "姓名 教师姓名",
    "id_number": "身份证号 身份证号码 公民身份号码 证件号码 身份证号/工号 身份证号或工号",
    "staff_no": "工号 教职工号 职工号 教师编号",
    "school": "学校 所在学校 工作单位 单位 任职学校",
    "role": "角色 任职 职务 教研角色 类别 任职类别",
    "level": "级别 层级 任职级别",
    "subject": "学科 任职学科",
    "start": "任期开始 开始日期 聘任时间 任职时间 开始时间 聘期开始",
    "end": "任期结束 结束日期 结束时间 聘期结束 期满时间",
    "appointer": "聘任单位 发文单位 任命单位",
    "doc_no": "文号 发文字号 聘任文号",
    "note": "备注",
}
LABELS = {
    **research_roles.LABELS,
    "teacher": "姓名",
    "id_number": "身份证号/工号",
    "staff_no": "工号",
    "school": "学校",
}
REQUIRED = ("role", "level", "start")
_HEADER = rec.header_map(SYNONYMS)


@dataclass
class Planned:
    values: dict  # research_roles.FIELDS
    where: tuple[str, str, int]  # file, sheet, row


@dataclass
class Plan:
    files: list[str]
    rows: list[Planned]
    problems: list[Problem]

    @property
    def ready(self) -> list[Planned]:
        return self.rows

    def summary(self) -> str:
        text = f"可导入教研任职 {len(self.rows)} 条"
        errors = sum(1 for p in self.problems if p.severity == ERROR)
        if errors:
            text += f"；{errors} 行有错误，不导入（见下）"
        return text


def plan(db, paths, *, wait=None) -> Plan:
    """Read and check PATHS; nothing is written."""
    out = Plan([str(p) for p in paths], [], [])
    with db.sessions() as s, isolate.Reader(out.files) as reader:
        people = _Teachers(s)
        kinds = set(research_roles.kind_names(s))
        held: list[tuple] = [
            (t, r, lv, a, b)
            for t, r, lv, a, b in s.execute(
                select(
                    ResearchRole.teacher_id, ResearchRole.role, ResearchRole.level, ResearchRole.start, ResearchRole.end
                )
            )
        ]
        for name, sheet in rec.sheets(reader, out, wait):
            _sheet(name, sheet, people, kinds, held, out.problems, out.rows)
    return out


def _sheet(file, sheet, people, kinds, held, problems: list[Problem], out: list[Planned]) -> None:
    read = rec.table_columns(sheet, _HEADER)
    if read is None:
        return
    table, cols = read
    if "role" not in cols or not ({"teacher", "id_number", "staff_no"} & set(cols)):
        return  # an instruction or code sheet, or another list
    for f in REQUIRED:
        if f not in cols:
            problems.append(
                Problem(file, sheet.name, table.header_end + 1, "", f"表头中没有“{LABELS[f]}”列，这张表未导入")
            )
            return
    for ri in table.data_rows:
        row = sheet.rows[ri]
        cells = {f: row[i] if i < len(row) else None for f, (i, _h) in cols.items()}
        if all(_text(v) is None for v in cells.values()):
            continue
        number = ri + 1
        found: list[Problem] = []

        def problem(f: str | None, message: str, severity: str = ERROR, number=number, found=found) -> None:
            col = cols.get(f) if f else None
            column = rec.column_label(col)
            found.append(Problem(file, sheet.name, number, column, message, severity))

        v = _values(cells, kinds, problem)
        number_cell = _text(cells.get("id_number")) or _text(cells.get("staff_no"))
        teacher, why = people.find(_text(cells.get("teacher")), number_cell, _text(cells.get("school")))
        if teacher is None:
            problem("teacher" if not number_cell else ("id_number" if "id_number" in cols else "staff_no"), why)
        if found:
            problems += found
            continue
        assert teacher is not None
        v["teacher_id"] = teacher[0]
        clash = _clash(held, v)
        if clash == "same":
            problem("start", f"{teacher[1]}的这项任职已登记，不重复导入", NOTE)
            problems += found
            continue
        if clash:
            problem("start", f"{teacher[1]}已任{v['level']}{v['role']}（{clash}），任期不能重叠")
            problems += found
            continue
        held.append((v["teacher_id"], v["role"], v["level"], v["start"], v["end"]))
        out.append(Planned({f: v.get(f) for f in research_roles.FIELDS}, (file, sheet.name, number)))


def _values(cells: dict, kinds: set[str], problem) -> dict:
    """Checked values of one row (a value with an error is None); PROBLEM(field, message) says what is wrong."""
    v: dict = {f: _text(cells.get(f)) for f in ("role", "appointer", "doc_no", "note")}
    if not v["role"]:
        problem("role", "没有填写角色")
    elif v["role"] not in kinds:
        problem("role", f"角色“{v['role']}”不在教研角色表中（可先在“角色类别…”中添加）")
    for f, n in research_roles.MAX_LENGTH.items():
        if v[f] and len(v[f]) > n:
            problem(f, f"{LABELS[f]}太长（最多 {n} 个字）")
    for f in ("start", "end"):
        try:
            v[f] = _date(cells.get(f))
        except DateError as e:
            v[f] = None
            problem(f, f"日期“{_text(cells.get(f))}”不对：{e}")
    if v["start"] is None and _text(cells.get("start")) is None:
        problem("start", "没有填写任期开始")
    elif v["start"] is not None and v["end"] is not None and v["end"] < v["start"]:
        problem("end", f"任期结束 {v['end'].iso()} 早于开始 {v['start'].iso()}")
    level = _text(cells.get("level"))
    v["level"] = (codes.LEVEL.canonical(level) or level) if level else None
    if v["level"] not in rules.LEVELS:
        problem("level", f"级别“{level}”不对，应为{'、'.join(rules.LEVELS)}之一" if level else "没有填写级别")
    raw = _text(cells.get("subject"))
    v["subject"] = codes.SUBJECT.canonical(raw) if raw else None
    if raw and v["subject"] is None:
        problem("subject", f"学科“{raw}”不在{codes.SUBJECT.name}代码表中")
    return v


def _clash(held: list[tuple], v: dict) -> str | None:
    """'same' for the same appointment, the term of an overlapping one, or None."""
    for tid, role, level, start, end in held:
        if (tid, role, level) != (v["teacher_id"], v["role"], v["level"]):
            continue
        if start == v["start"]:
            return "same"
        if (end is None or not end < v["start"]) and (v["end"] is None or not v["end"] < start):
            return f"{_iso(start)}—{_iso(end) or '至今'}"
    return None


def _iso(d: PartialDate | None) -> str:
    return d.iso() if d else ""


def apply(db, p: Plan, *, user: str | None = None) -> int:
    """Write the plan's rows in one transaction, as one import batch; the number written."""
    access.require(db, "edit")
    if not p.rows:
        return 0

    def check(s) -> None:
        kinds = set(research_roles.kind_names(s))
        for r in p.rows:  # the list may have changed since the plan was made
            if r.values["role"] not in kinds:
                raise UserError(f"角色“{r.values['role']}”已不在教研角色表中，请重新检查后再导入")

    summary = {"insert": len(p.rows), "research_role": len(p.rows)}
    with rec.batch(db, "research_roles", p.files, user=user, summary=summary, check=check) as (s, _batch):
        s.add_all([ResearchRole(**r.values) for r in p.rows])
    return len(p.rows)
