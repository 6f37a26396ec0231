"""Importing talent recognitions from a spreadsheet (issue 20 §4): one row per teacher and recognition, with its
steps — 状态, 申报日期, 初审日期, 认定日期, 认定文号 — as schools and the 人才办 keep them (the template:
importing.templates TALENT_RECOGNITION).

A row names the teacher by 身份证号 (or 姓名, with 学校 when two share it). A recognition already on file for the same
teacher, kind, category and project is brought to the row's status (the steps' rules apply to the change); any other
row is a new recognition. Every sheet of every file is read (in a child process, importing.isolate) and checked before
anything is written; a problem names file, sheet, row and column, and a row with an error is left out and listed. The
rest is written in one transaction after a verified backup, as one import batch the 数据导入 page can undo.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from talentdesk.domain import codes, idnumber
from talentdesk.domain import talents as rules
from talentdesk.domain.dates import DateError
from talentdesk.errors import UserError
from talentdesk.importing import isolate
from talentdesk.services.accounts import access
from talentdesk.services.platform import record_import as rec
from talentdesk.services.platform.record_import import ERROR, NOTE, Problem, _date, _text
from talentdesk.services.recruitment import recognition
from talentdesk.store.models import School, Teacher
from talentdesk.store.models_recruitment import TalentRecognition

SYNONYMS = {
    "name": "姓名 教师姓名",
    "id_number": "身份证号 身份证号码 公民身份号码 证件号码",
    "school": "学校 所在学校 工作单位 单位",
    "kind": "人才类别 类别 认定类别 人才类型",
    "category": "人才层次 层次 人才等级 等级",
    "project": "学科项目 梯队项目 项目 所在学科项目",
    "status": "状态 进度 办理状态 认定状态",
    "applied": "申报日期 申报时间 申请日期",
    "reviewed": "初审日期 初审时间",
    "date": "认定日期 认定时间 批准日期",
    "doc_number": "认定文号 文号 批准文号",
    "term_years": "有效期（年） 有效期 有效年限",
    "issuer": "认定机关 认定单位 批准机关",
    "note": "备注 说明",
}
LABELS = {f: words.split()[0] for f, words in SYNONYMS.items()}
_HEADER = rec.header_map(SYNONYMS)
DATES = ("applied", "reviewed", "date")


@dataclass
class Planned:
    values: dict
    record_id: int | None  # the recognition on file this row brings forward (None: a new one)
    where: tuple[str, str, int]


@dataclass
class Plan:
    files: list[str]
    rows: list[Planned]
    problems: list[Problem]

    def summary(self) -> str:
        new = sum(1 for r in self.rows if r.record_id is None)
        errors = sum(1 for p in self.problems if p.severity == ERROR)
        text = f"可导入人才认定 {new} 条、更新 {len(self.rows) - new} 条"
        if errors:
            text += f"；{errors} 处错误，所在行不导入（见下）"
        return text


class _Teachers:
    """Teachers by ID number and by name (with their school)."""

    def __init__(self, session):
        self.by_id: dict[str, tuple[int, str]] = {}
        self.by_name: dict[str, list[tuple[int, str, str]]] = {}
        for tid, name, number, status, school in session.execute(
            select(Teacher.id, Teacher.name, Teacher.id_number, Teacher.status, School.name).outerjoin(
                School, School.id == func.coalesce(Teacher.cur_work_school_id, Teacher.cur_post_school_id)
            )
        ):
            self.by_id[number] = (tid, name)
            if status in (None, "", codes.ACTIVE_STATUS):
                self.by_name.setdefault(name, []).append((tid, name, school or ""))

    def find(self, name: str | None, number: str | None, school: str | None) -> tuple[int | None, str]:
        if number:
            number = idnumber.normalize(number)
            row = self.by_id.get(number)
            if row is None:
                return None, f"档案中没有身份证号为 {idnumber.mask(number)} 的教师"
            if name and name != row[1]:
                return None, f"身份证号 {idnumber.mask(number)} 在档案中是“{row[1]}”，表中写的是“{name}”"
            return row[0], ""
        if not name:
            return None, "没有写教师姓名或身份证号"
        rows = self.by_name.get(name, [])
        if school:
            rows = [r for r in rows if r[2] == school] or rows
        if not rows:
            return None, f"档案中没有名为“{name}”的在岗教师"
        if len(rows) > 1:
            return None, f"名为“{name}”的教师有 {len(rows)} 名（{'、'.join(r[2] for r in rows)}），请写身份证号"
        return rows[0][0], ""


def plan(db, paths, *, wait=None) -> Plan:
    """Read and check PATHS; nothing is written."""
    out = Plan([str(p) for p in paths], [], [])
    with db.sessions() as s, isolate.Reader(out.files) as reader:
        people = _Teachers(s)
        kinds = recognition.kind_names(s)
        stored = {
            (r.teacher_id, r.kind, r.category or "", r.project or ""): (r.id, r.status)
            for r in s.scalars(select(TalentRecognition))
        }
        for name, sheet in rec.sheets(reader, out, wait):
            out.rows += _sheet(name, sheet, people, kinds, stored, out.problems)
    return out


def _values(cells: dict, people: _Teachers, kinds: list[str]) -> tuple[dict, list[tuple[str | None, str]]]:
    """The checked values of one row and its problems [(field, message)] (a value with an error is None)."""
    errors: list[tuple[str | None, str]] = []
    v: dict = {
        f: _text(cells.get(f)) for f in ("kind", "category", "project", "status", "doc_number", "issuer", "note")
    }
    tid, why = people.find(_text(cells.get("name")), _text(cells.get("id_number")), _text(cells.get("school")))
    if tid is None:
        errors.append(("name" if cells.get("name") is not None else "id_number", why))
    v["teacher_id"] = tid
    if not v["kind"]:
        errors.append(("kind", "没有填写人才类别"))
    elif v["kind"] not in kinds:
        errors.append(("kind", f"人才类别“{v['kind']}”不在名录中（可先在“人才类别…”中添加）"))
    if v["category"]:
        v["category"] = v["category"].upper().removesuffix("类")
        if v["category"] not in rules.CATEGORIES:
            errors.append(("category", f"人才层次“{v['category']}”应为 A、B、C、D、E 之一"))
    if v["kind"] == rules.GRADED_KIND and not v["category"]:
        errors.append(("category", "高层次人才认定须填写人才层次（A–E）"))
    if v["kind"] == rules.PROJECT_KIND and not v["project"]:
        errors.append(("project", "领军人才梯队须填写所在学科项目"))
    for f in DATES:
        try:
            v[f] = _date(cells.get(f))
        except DateError as e:
            v[f] = None
            errors.append((f, f"日期“{_text(cells.get(f))}”不对：{e}"))
    term = _text(cells.get("term_years"))
    try:
        v["term_years"] = int(term.removesuffix("年")) if term else None
    except ValueError:
        v["term_years"] = None
        errors.append(("term_years", f"有效期“{term}”不是整数年"))
    return v, errors


def _sheet(file: str, sheet, people: _Teachers, kinds: list[str], stored: dict, problems: list[Problem]):
    found = rec.table_columns(sheet, _HEADER)
    if found is None:
        return []
    table, cols = found
    if "kind" not in cols:
        return []  # an instruction or code sheet
    if "name" not in cols and "id_number" not in cols:
        problems.append(
            Problem(file, sheet.name, table.header_end + 1, "", "表头中没有“姓名”或“身份证号”列，这张表未导入")
        )
        return []
    out: list[Planned] = []
    seen: dict[tuple, int] = {}
    for ri in table.data_rows:
        row = sheet.rows[ri]
        cells = {f: row[i] if i < len(row) else None for f, (i, _h) in cols.items()}
        if all(_text(v) is None for v in cells.values()):
            continue
        number = ri + 1
        v, errors = _values(cells, people, kinds)
        if not v["status"]:
            v["status"] = rules.step_status(v["applied"], v["reviewed"], v["date"])
        key = (v["teacher_id"], v["kind"], v["category"] or "", v["project"] or "")
        record_id, before = stored.get(key, (None, None))
        if not any(f in DATES for f, _m in errors):
            for f, message in rules.check_steps(
                v["status"], v["applied"], v["reviewed"], v["date"], v["doc_number"], before
            ).items():
                errors.append((f if f in cols else "status", message))
        if key in seen and v["teacher_id"] is not None:
            errors.append((None, f"与第 {seen[key]} 行是同一人同一认定"))
        seen.setdefault(key, number)
        for at, message in errors:
            column = rec.column_label(cols.get(at) if at else None)
            problems.append(Problem(file, sheet.name, number, column, message))
        if not errors:
            out.append(Planned(v, record_id, (file, sheet.name, number)))
            if record_id is not None and before == v["status"]:
                problems.append(Problem(file, sheet.name, number, "", f"已有这条认定（{before}），按本行更新", NOTE))
    return out


@dataclass
class Result:
    inserted: int
    updated: int
    batch_id: int | None


def apply(db, p: Plan, *, user: str | None = None) -> Result:
    """Write the plan's rows in one transaction, as one import batch (undone on the 数据导入 page)."""
    access.require(db, "edit")
    if not p.rows:
        return Result(0, 0, None)
    new = [r for r in p.rows if r.record_id is None]
    summary = {"insert": len(new), "update": len(p.rows) - len(new), "talent_recognition": len(p.rows)}
    with rec.batch(db, "talents", p.files, user=user, summary=summary) as (s, batch):
        for r in p.rows:
            values = {f: r.values.get(f) for f in recognition.RECOGNITION_FIELDS}
            if r.record_id is None:
                s.add(TalentRecognition(**values))
                continue
            row = s.get(TalentRecognition, r.record_id)
            if row is None:
                raise UserError(f"第 {r.where[2]} 行要更新的认定记录已被删除，请重新检查后再导入")
            for f, x in values.items():
                if x is not None and getattr(row, f) != x:
                    setattr(row, f, x)
    return Result(len(new), len(p.rows) - len(new), batch.id)
