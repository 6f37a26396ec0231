"""Check one row of a mentor pairing list or a rotation list.

People are found by ID number, or without one by name (and school when given): none or
several matches → held for the clerk. A person with a valid ID number, a name and a known
school who is not yet in the database gets a new teacher file (a warning says so).
"""

from __future__ import annotations

import datetime as _dt
import re

from talentdesk.domain import codes
from talentdesk.domain.dates import PartialDate
from talentdesk.importing import values as V
from talentdesk.importing.plan import HELD, INSERT, REJECTED, UNCHANGED, PlanRow
from talentdesk.importing.rows_teachers import convert

_D = V.date
CONVERTERS = {
    "mentor_name": V.name,
    "mentee_name": V.name,
    "name": V.name,
    "mentor_school": V.text,
    "mentee_school": V.text,
    "from_school": V.text,
    "to_school": V.text,
    "mentor_subject": V.subject,
    "mentee_subject": V.subject,
    "subject": V.subject,
    "start": _D,
    "end": _D,
    "years": V.years,
    "status": V.text,
    "note": V.text,
    "batch": V.text,
    "kind": lambda v: V.coded(codes.PLACEMENT_KIND, v, severity="error"),
    "backbone": V.yes_no,
    "moves_relation": V.yes_no,
}


def add_years(d: PartialDate, n: int) -> PartialDate:
    if d.day:
        try:
            x = _dt.date(d.year + n, d.month, d.day)
        except ValueError:  # 29 February
            x = _dt.date(d.year + n, d.month, 28)
        return PartialDate.from_date(x)
    return PartialDate(d.year + n, d.month)


def person(row: PlanRow, ctx, v: dict, who: str, name_f: str, id_f: str, school_f: str) -> dict | None:
    """{'id_number', 'teacher_id', 'create'} for one person of the row, or None with an issue added."""
    name = v.get(name_f)
    school, note = ctx.school(v.get(school_f)) if v.get(school_f) else (None, None)
    if v.get(school_f) and school is None:
        row.add(school_f, "error", "school.unknown", f"{who}单位“{v[school_f]}”不在学校名单中，请核对或先导入该学校")
    raw = row.raw(id_f)
    if raw is not None:
        try:
            info = V.id_number(raw)
        except V.CellError as e:
            row.add(id_f, "error", e.code, f"{who}：{e.message}")
            return None
        snap = ctx.teachers.get(info.number)
        if snap is not None:
            old = snap.values.get("name")
            if name and old and name != old:
                row.add(
                    name_f,
                    "warning",
                    "teacher.name_differs",
                    f"{who}身份证号对应库中的“{old}”，表中姓名为“{name}”，请核对",
                )
            return {"id_number": info.number, "teacher_id": snap.id, "create": None}
        if info.number in ctx.planned_teachers:
            return {"id_number": info.number, "teacher_id": None, "create": None}
        if name and school:
            ctx.planned_teachers[info.number] = {"name": name, "school": school}
            row.add(
                id_f,
                "warning",
                "teacher.created",
                f"{who}“{name}”不在教师库中，将按名单新建教师档案（编制学校：{school.name}），请核对",
            )
            return {
                "id_number": info.number,
                "teacher_id": None,
                "create": {
                    "id_number": info.number,
                    "name": name,
                    "gender": info.gender,
                    "birth_date": info.birth,
                    "school": school,
                },
            }
        row.add(
            id_f,
            "error",
            "teacher.unknown",
            f"{who}（身份证号 {info.number}）不在教师库中，且名单未写明姓名和学校，请先导入该教师",
        )
        return None
    if not name:
        row.add(name_f, "error", "teacher.missing", f"缺少{who}的姓名和身份证号")
        return None
    # candidates: (id_number, teacher_id or None, post school name)
    found = [
        (t.id_number, t.id, ctx.school_name(t.values.get("cur_post_school_id"))) for t in ctx.by_name.get(name, [])
    ]
    known = {f[0] for f in found}
    found += [
        (k, None, p["school"].name) for k, p in ctx.planned_teachers.items() if p["name"] == name and k not in known
    ]
    if school:
        found = [f for f in found if f[2] == school.name]
    if len(found) == 1:
        return {"id_number": found[0][0], "teacher_id": found[0][1], "create": None}
    where = f"（{school.name}）" if school else ""
    if not found:
        row.add(name_f, "error", "teacher.unknown", f"库中找不到{who}“{name}”{where}，请补填身份证号或先导入该教师")
    else:
        row.add(
            name_f,
            "error",
            "teacher.ambiguous",
            f"库中有 {len(found)} 位名为“{name}”{where}的教师，无法确定是哪一位，请补填身份证号",
        )
    return None


def evaluate(row: PlanRow, ctx) -> None:
    v = convert(row, CONVERTERS)
    row.values = v
    if row.sheet.kind == "pairings":
        _pairing(row, ctx, v)
    else:
        _rotation(row, ctx, v)


def _status(row: PlanRow, refs_ok: bool) -> bool:
    if any(i.severity == "error" and i.code.startswith("id.") for i in row.issues):
        row.status = REJECTED
        return False
    if row.has_error or not refs_ok:
        row.status = HELD
        return False
    return True


def _pairing(row: PlanRow, ctx, v: dict) -> None:
    mentor = person(row, ctx, v, "导师", "mentor_name", "mentor_id", "mentor_school")
    mentee = person(row, ctx, v, "青年教师", "mentee_name", "mentee_id", "mentee_school")
    if "start" not in v:
        row.add("start", "warning", "date.missing", "缺少结对时间")
    if "end" not in v and "years" in v and "start" in v:
        if 0 < v["years"] <= 50:
            v["end"] = add_years(v["start"], v["years"])
        else:  # found by fuzzing: 10^18 years overflowed the date
            row.add("years", "warning", "years.invalid", f"结对期限“{v['years']}”年不合理，请核对")
    v.setdefault("subject", v.get("mentee_subject") or v.get("mentor_subject"))
    row.key = mentee["id_number"] if mentee else None
    if not _status(row, bool(mentor and mentee)):
        return
    row.refs.update(mentor=mentor, mentee=mentee, programme=programme_of(row.sheet.title_lines, v.get("start")))
    if mentor["teacher_id"] and mentee["teacher_id"] and (mentor["teacher_id"], mentee["teacher_id"]) in ctx.pairings:
        row.status = UNCHANGED
        return
    row.status = INSERT


def programme_of(lines: list[str], start) -> tuple[str, int] | None:
    """('青蓝工程', 2026) from a title such as 2026年“青蓝工程”师徒结对名单."""
    text = " ".join(lines)
    m = re.search(r"[“\"《]([^”\"》]{2,30})[”\"》]", text)
    y = re.search(r"(\d{4})\s*年", text)
    year = int(y.group(1)) if y else (start.year if start else None)
    if m and year:
        return m.group(1), year
    return None


def _rotation(row: PlanRow, ctx, v: dict) -> None:
    teacher = person(row, ctx, v, "教师", "name", "id_number", "from_school")
    to, note = ctx.school(v.get("to_school"))
    if v.get("to_school") and to is None:
        row.add(
            "to_school", "error", "school.unknown", f"交流学校“{v['to_school']}”不在学校名单中，请核对或先导入该学校"
        )
    elif not v.get("to_school"):
        row.add("to_school", "error", "school.missing", "缺少交流学校")
    if "kind" not in v and not any(i.field == "kind" for i in row.issues):
        row.add("kind", "error", "code.missing", f"缺少交流方式（可填：{'、'.join(codes.PLACEMENT_KIND.labels)}）")
    row.key = teacher["id_number"] if teacher else None
    if not _status(row, bool(teacher)):
        return
    frm, _ = ctx.school(v.get("from_school"))
    snap = ctx.teachers.get(teacher["id_number"])
    if snap and frm and snap.values.get("cur_post_school_id") not in (None, frm.id):
        row.add(
            "from_school",
            "warning",
            "rotation.from_mismatch",
            f"原学校填写为“{frm.name}”，库中编制学校为“{ctx.school_name(snap.values['cur_post_school_id'])}”，请核对",
        )
    row.refs.update(teacher=teacher, to=to, frm=frm)
    start = v.get("start")
    if teacher["teacher_id"] and (teacher["teacher_id"], to.id, start.iso() if start else "") in ctx.placements:
        row.status = UNCHANGED
        return
    row.status = INSERT
