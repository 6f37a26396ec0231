"""Check one row of a teacher list: typed values, issues, and what it would change in the database."""

from __future__ import annotations

from talentdesk.domain import codes
from talentdesk.importing import values as V
from talentdesk.importing.checks import birth_mismatch, gender_mismatch
from talentdesk.importing.context import Context
from talentdesk.importing.plan import HELD, INSERT, REJECTED, SKIPPED, UNCHANGED, UPDATE, PlanRow

_MONTH = {"month_field": True}
CONVERTERS = {
    "name": V.name,
    "gender": lambda v: V.coded(codes.GENDER, v),
    "birth": V.date,
    "ethnicity": lambda v: V.coded(codes.ETHNICITY, v),
    "political": lambda v: V.coded(codes.POLITICAL, v),
    "native_place": V.text,
    "phone": V.phone,
    "work_start": lambda v: V.date(v, **_MONTH),
    "school_entry": lambda v: V.date(v, **_MONTH),
    "employment_form": lambda v: V.coded(codes.EMPLOYMENT_FORM, v),
    "source": lambda v: V.coded(codes.SOURCE, v),
    "status": lambda v: V.coded(codes.STATUS, v),
    "title": lambda v: V.coded(codes.TITLE, v),
    "title_date": lambda v: V.date(v, **_MONTH),
    "title_appointed": lambda v: V.date(v, **_MONTH),
    "degree": lambda v: V.coded(codes.DEGREE, v),
    "first_degree": lambda v: V.coded(codes.DEGREE, v),
    "academic_degree": lambda v: V.coded(codes.ACADEMIC_DEGREE, v),
    "institution": V.text,
    "major": V.text,
    "graduated": lambda v: V.date(v, **_MONTH),
    "subject": V.subject,
    "stage": lambda v: V.coded(codes.STAGE, v),
    "head_teacher": V.yes_no,
    "school": V.text,
    "backbone": V.backbone,
    "cert_kind": lambda v: V.coded(codes.CERT_KIND, v),
    "cert_number": V.text,
    "note": V.text,
    "id_type": lambda v: V.coded(codes.ID_TYPE, v),
}
# teacher columns compared with the database (Teacher attribute names)
SCALARS = ("name", "gender", "birth_date", "ethnicity", "political", "native_place", "phone", "work_start",
           "school_entry", "employment_form", "source", "status")
CURRENT = {"title": "cur_title", "degree": "cur_degree", "subject": "cur_subject", "stage": "cur_stage"}


def convert(row: PlanRow, converters: dict) -> dict:
    out = {}
    for fld in row.sheet.field_columns:
        raw = row.raw(fld)
        if raw is None or fld == "id_number":
            continue
        conv = converters.get(fld, V.text)
        try:
            val = conv(raw)
        except V.CellError as e:
            row.add(fld, e.severity, e.code, e.message)
            continue
        if val is not None:
            out[fld] = val
    for fld, raw in row.edited.items():  # a corrected value for a column the sheet does not have
        if fld not in row.sheet.field_columns and raw not in (None, "") and fld != "id_number":
            try:
                out[fld] = converters.get(fld, V.text)(raw)
            except V.CellError as e:
                row.add(fld, e.severity, e.code, e.message)
    return out


def id_of(row: PlanRow, fld: str = "id_number"):
    """The parsed ID number of a row (IdInfo) or None, adding the issue."""
    raw = row.raw(fld)
    if raw is None:
        return None
    try:
        return V.id_number(raw)
    except V.CellError as e:
        row.add(fld, "error", e.code, e.message)
        return None


def evaluate(row: PlanRow, ctx: Context, sheet_school) -> None:
    v = convert(row, CONVERTERS)
    info = id_of(row)
    fatal = any(i.field in ("id_number", "name") and i.severity == "error" for i in row.issues)
    if "name" not in v and not any(i.field == "name" for i in row.issues):
        row.add("name", "error", "name.missing", "缺少姓名，请学校补填")
        fatal = True
    if info is None and not any(i.field == "id_number" for i in row.issues):
        row.add("id_number", "error", "id.missing", "缺少身份证号，无法确认是哪位教师，请学校补填")
        fatal = True
    if info is not None:
        row.key = info.number
        v["id_number"] = info.number
        v["birth_date"] = info.birth
        if "gender" in v and v["gender"] != info.gender:
            row.add("gender", "warning", "id.gender_mismatch", gender_mismatch(v["gender"], info.gender))
        v["gender"] = info.gender
        if "birth" in v and (msg := birth_mismatch(v["birth"], info.birth)):
            row.add("birth", "warning", "id.birth_mismatch", msg)
        if info.upgraded:
            row.add("id_number", "warning", "id.upgraded", f"15位身份证号已升级为18位：{info.number}")
    row.values = v
    if fatal:
        row.status = REJECTED
        return
    school, note = (ctx.school(v["school"]) if "school" in v else sheet_school)
    if "school" in v and school is None:
        row.add("school", "error", "school.unknown",
                f"学校“{v['school']}”不在学校名单中：请先导入或新建该学校，或改为库中的学校名称")
    elif school is None:
        row.add("school", "error", "school.missing",
                "无法确定本表属于哪所学校（没有“学校”列，工作表名和标题也没有写明）：请在表中加“学校”列或在标题写明学校")
    elif note:
        row.add("school", "warning", "school.approx", note)
    row.refs["school"] = school
    snap = ctx.teachers.get(info.number)
    if row.has_error:
        row.status = HELD
        return
    if snap is None:
        row.status = INSERT
        return
    row.target_id = snap.id
    old = snap.values
    for f in SCALARS:
        if f in v and v[f] != old.get(f):
            row.changes.append((f, old.get(f), v[f]))
    for f, cur in CURRENT.items():
        if f in v and v[f] != old.get(cur):
            if f == "subject" and codes.SUBJECT.canonical(v[f]) == codes.SUBJECT.canonical(old.get(cur)):
                continue
            row.changes.append((f, old.get(cur), v[f]))
    if "backbone" in v:
        label = f"{v['backbone'][0]}{v['backbone'][1]}"
        if label != old.get("cur_backbone"):
            row.changes.append(("backbone", old.get("cur_backbone"), label))
    if school.id != old.get("cur_post_school_id"):
        old_name = ctx.school_name(old.get("cur_post_school_id")) or "（无）"
        if row.decision == "transfer":
            row.changes.append(("school", old_name, school.name))
        elif row.decision != "keep":
            row.add("school", "warning", "teacher.other_school",
                    f"此人已在库中，编制学校为“{old_name}”，本表报在“{school.name}”：可能是借调、交流或调动。"
                    f"请核实后选择“调入本校”或“保留原编制学校”")
            row.status = HELD
            return
    row.status = UPDATE if row.changes else UNCHANGED


def skip_if_excluded(row: PlanRow) -> bool:
    if row.excluded:
        row.status = SKIPPED
        return True
    return False
