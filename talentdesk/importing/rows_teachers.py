"""Check one row of a teacher list: typed values, issues, and what it would change in the database."""

from __future__ import annotations

from itertools import repeat
from operator import itemgetter
from typing import Any

from talentdesk.domain import codes, staff_record
from talentdesk.domain import leaders as leader_rules
from talentdesk.importing import values as V
from talentdesk.importing.checks import birth_mismatch, gender_mismatch
from talentdesk.importing.context import SNAP_INDEX, Context
from talentdesk.importing.plan import HELD, INSERT, REJECTED, SKIPPED, UNCHANGED, UPDATE, Issue, PlanRow

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
    "title_route": V.text,  # checked against the bureau's list in evaluate (_title_details)
    "title_hired": V.yes_no,
    "title_benefit": V.yes_no,
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
    "named": V.designations,
    "named_start": lambda v: V.date(v, **_MONTH),
    "cert_kind": lambda v: V.coded(codes.CERT_KIND, v),
    "cert_number": V.text,
    "note": V.text,
    "id_type": lambda v: V.coded(codes.ID_TYPE, v),
    "post_start": lambda v: V.date(v, **_MONTH),
    "post_method": lambda v: V.coded(leader_rules.METHOD_CODES, v, severity="error"),
    **{
        f.attr: (lambda v, f=f: V.date(v, **_MONTH))
        if f.month
        else (lambda v, f=f: f.codes.canonical(v) or V.text(v))
        if f.free
        else (lambda v, f=f: V.coded(f.codes, v))
        if f.codes is not None
        else V.text
        for f in staff_record.FIELDS
    },  # the national 教职工基础信息采集表 (issue 18 §4)
}
# teacher columns compared with the database (Teacher attribute names)
SCALARS = (
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "political",
    "native_place",
    "phone",
    "work_start",
    "school_entry",
    "employment_form",
    "source",
    "status",
    *staff_record.ATTRS,
)
CURRENT = {"title": "cur_title", "degree": "cur_degree", "subject": "cur_subject", "stage": "cur_stage"}
# positions in TeacherSnap.row
_SCALAR_AT = tuple((f, SNAP_INDEX[f]) for f in SCALARS)
_CURRENT_AT = tuple((f, SNAP_INDEX[cur]) for f, cur in CURRENT.items())
_BACKBONE_AT, _POST_AT = SNAP_INDEX["cur_backbone"], SNAP_INDEX["cur_post_school_id"]


class Err:
    """A remembered CellError (stored instead of raising it again for every repeat of a value)."""

    __slots__ = ("severity", "code", "message")

    def __init__(self, e: V.CellError):
        self.severity, self.code, self.message = e.severity, e.code, e.message


def compile_converters(sheet, memo: dict) -> list:
    """(field, column, converter, cache) for each mapped field of a teacher sheet except the ID number, in the
    order convert() checks them.

    cache maps a cell value to its typed value (None: empty) or an Err. The converters are pure functions of
    the value, so the caches (one per field, kept in memo by the plan) serve all sheets and every re-check.
    """
    out = []
    for fld, idx in row_fields(sheet):
        out.append((fld, idx, CONVERTERS.get(fld, V.text), memo.setdefault(("teachers", fld), {})))
    return out


def row_fields(sheet) -> list[tuple[str, int]]:
    return [(f, i) for f, i in sheet.field_columns.items() if f != "id_number"]


def _convert_one(conv, raw):
    if V.is_empty(raw):
        return None
    try:
        return conv(raw)
    except V.CellError as e:
        return Err(e)


def convert_rows(rows: list[PlanRow], compiled: list, memo: dict) -> list:
    """convert() and id_of() for all rows of a sheet, column by column through the value caches (whole columns
    are looked up in C loops; a value is converted once per plan, so a re-check after an edit is quick too).

    One (values, issues, ID) per row — issues in field order as convert() adds them; ID an IdInfo, an Err or
    None — and None for a row the clerk edited (convert() and id_of() handle it). memo is the plan's memo.
    """
    n = len(rows)
    if not n:
        return []
    cells = [r.cells for r in rows]
    width = min(map(len, cells))
    fields: list[str] = []
    columns: list[list] = []
    errors: set[int] = set()  # rows with an error in some column
    for fld, idx, conv, cache in compiled:
        bad = memo.setdefault(("teachers-errors", fld), set())  # keys whose value is an Err
        keys, vals = _column(cells, width, idx, conv, cache, bad)
        if bad:
            errors.update(i for i, k in enumerate(keys) if k in bad)
        fields.append(fld)
        columns.append(vals)
    idx = rows[0].sheet.field_columns.get("id_number")
    if idx is None:
        ids = repeat(None, n)
    else:
        ids = _column(cells, width, idx, V.id_number, memo.setdefault(("teachers", "id_number"), {}), set())[1]
    out = []
    for i, (r, vs, info) in enumerate(zip(rows, zip(*columns) if columns else repeat((), n), ids)):
        if r.edited:
            out.append(None)
        elif i in errors:
            out.append(
                (
                    {f: v for f, v in zip(fields, vs) if v is not None and type(v) is not Err},
                    [Issue(f, v.severity, v.code, v.message) for f, v in zip(fields, vs) if type(v) is Err],
                    info,
                )
            )
        else:
            out.append(({f: v for f, v in zip(fields, vs) if v is not None}, None, info))
    return out


def _column(cells: list, width: int, idx: int, conv, cache: dict, bad: set) -> tuple[list, list]:
    """(keys, typed values) of one column; new values are converted once each and added to cache (errors as
    Err, their keys to bad)."""
    col = list(map(itemgetter(idx), cells)) if idx < width else [c[idx] if idx < len(c) else None for c in cells]
    keys: list[Any] = col if set(map(type, col)) <= {str} else [v if type(v) is str else (type(v), v) for v in col]
    new: list[Any] = [k for k in dict.fromkeys(keys) if k not in cache]  # each new value once
    plain = _PLAIN.get(conv)
    if plain is not None and len(new) > 1000:  # names, phones, ID numbers: a new value on nearly every row
        new = plain(new, cache)
    for k in new:
        v = cache[k] = _convert_one(conv, k if type(k) is str else k[1])
        if type(v) is Err:
            bad.add(k)
    return keys, list(map(cache.__getitem__, keys))


def _plain_names(new: list, cache: dict) -> list:
    """Letters only, at most 30: V.name() gives the text itself (its first test); cached here without the calls.
    Returns the values left for the converter."""
    ok = [k for k in new if type(k) is str and len(k) <= 30 and k.isalpha()]
    cache.update(zip(ok, ok))
    return [k for k in new if k not in cache] if ok else new


def _plain_phones(new: list, cache: dict) -> list:
    """ASCII digits, 5 to 40 of them: V.phone() gives the text itself (its first test)."""
    ok = [k for k in new if type(k) is str and 5 <= len(k) <= 40 and k.isascii() and k.isdigit()]
    cache.update(zip(ok, ok))
    return [k for k in new if k not in cache] if ok else new


def _plain_ids(new: list, cache: dict) -> list:
    """Clean, valid 18-character ID numbers through V.id_number()'s own first step (V._plain_id)."""
    left = []
    for k in new:
        info = V._plain_id(k) if type(k) is str else None
        if info is None:
            left.append(k)
        else:
            cache[k] = info
    return left


_PLAIN = {V.name: _plain_names, V.phone: _plain_phones, V.id_number: _plain_ids}


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


def evaluate(row: PlanRow, ctx: Context, find, converted: tuple | None = None) -> None:
    """find: the sheet's school finder (sheet_school.Finder); converted: this row's (values, issues, ID) from
    convert_rows() (else convert() and id_of() run)."""
    if converted is not None:
        v, errors, info = converted
        if errors:
            row.issues = [*row.issues, *errors]
        if type(info) is Err:
            row.add("id_number", "error", info.code, info.message)
            info = None
    else:
        v = convert(row, CONVERTERS)
        info = id_of(row)
    issues = row.issues
    fatal = bool(issues) and any(i.field in ("id_number", "name") and i.severity == "error" for i in issues)
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
        if info.separated:
            row.add("id_number", "warning", "id.separators", f"身份证号中的空格或横线已去掉：{info.number}")
    row.values = v
    if fatal:
        row.status = REJECTED
        return
    found = find(v.get("school"), v.get("township"))
    school = found.ref if found is not None else None
    if school is None and (found is None or not found.asked):
        row.add(
            "school",
            "error",
            "school.missing",
            "无法确定本表属于哪所学校（没有“学校”列，工作表名和标题也没有写明）：请指定学校，或在表中加“学校”列",
        )
    elif school is None:
        code, message = found.issue()
        row.add("school", "error", code, message)
        row.refs["school_asked"] = found.asked
        row.refs["school_candidates"] = found.candidates
    elif found.note:
        row.add("school", "warning", "school.approx", found.note)
    row.refs["school"] = school
    snap = ctx.teachers.get(info.number)
    leader = _leader_posts(row, v, ctx, school, snap.id if snap is not None else None)
    title_changes = _title_details(row, v, ctx, snap.id if snap is not None else None)
    if row.issues and row.has_error:
        row.status = HELD
        return
    if snap is None:
        row.status = INSERT
        return
    row.target_id = snap.id
    old = snap.row
    changes: list = []
    for f, k in _SCALAR_AT:
        if f in v and v[f] != old[k]:
            changes.append((f, old[k], v[f]))
    for f, k in _CURRENT_AT:
        if f in v and v[f] != old[k]:
            if f == "subject" and codes.SUBJECT.canonical(v[f]) == codes.SUBJECT.canonical(old[k]):
                continue
            changes.append((f, old[k], v[f]))
    if leader:
        changes.append(("leader_post", "", leader))
    changes += title_changes
    if "backbone" in v:
        label = f"{v['backbone'][0]}{v['backbone'][1]}"
        if not codes.is_ladder_kind(v["backbone"][1]):  # 名校长/名班主任 written in the 骨干 column
            if (snap.id, v["backbone"][1], v["backbone"][0]) not in ctx.designations:
                changes.append(("named", "", label))
        elif label != old[_BACKBONE_AT]:
            changes.append(("backbone", old[_BACKBONE_AT], label))
    for level, kind in v.get("named") or ():  # a designation the teacher does not hold yet (issue 20 §3)
        if (snap.id, kind, level) not in ctx.designations and ("named", "", f"{level}{kind}") not in changes:
            changes.append(("named", "", f"{level}{kind}"))
    if school.id != old[_POST_AT]:
        old_name = ctx.school_name(old[_POST_AT]) or "（无）"
        if row.decision == "transfer":
            changes.append(("school", old_name, school.name))
        elif row.decision != "keep":
            row.add(
                "school",
                "warning",
                "teacher.other_school",
                f"此人已在库中，编制学校为“{old_name}”，本表报在“{school.name}”：可能是借调、交流或调动。"
                f"请核实后选择“调入本校”或“保留原编制学校”",
            )
            row.status = HELD
            if changes:
                row.changes = changes
            return
    if changes:
        row.changes = changes
    row.status = UPDATE if changes else UNCHANGED


def _leader_posts(row: PlanRow, v: dict, ctx: Context, school, teacher_id: int | None) -> str:
    """职务 with 任职时间 (issue 20 §1): the post records the row adds (as text, "" for none), with per-cell checks:
    each post a name of the bureau's list, 任职方式 one of the list, no second 校长 or 书记 of the school at once, and
    a record already on file not added again. 职务 alone stays the national field 行政职务 only."""
    start = v.get("post_start")
    if start is None:  # the usual row: no 任职时间, so no post record (职务 split only when there is one)
        if "post_method" in v and not any(i.field == "post_start" for i in row.issues):
            row.add("post_start", "error", "leader.start_missing", "填写了任职方式，请同时填写任职时间")
        return ""
    posts = leader_rules.split_posts(v.get("admin_post"))
    if not posts:
        row.add("admin_post", "error", "leader.post_missing", "填写了任职时间，请同时填写职务（如 校长、教务主任）")
        return ""
    unknown = [p for p in posts if p not in ctx.leader_names]
    if unknown:
        row.add(
            "admin_post",
            "error",
            "leader.post_unknown",
            f"职务“{'、'.join(unknown)}”不在职务名录中（可在“学校 → 领导班子 → 职务名录”中添加）；"
            "只登记行政职务时请清空任职时间",
        )
        return ""
    if school is None:
        return ""
    added = []
    for post in posts:
        cat = ctx.leader_names[post]
        span = (start, None)
        for tid, sid, p, c, s, e, name in ctx.leader_posts:
            if sid != school.id or not leader_rules.overlaps(span, (s, e)):
                continue
            if tid == teacher_id and p == post:
                break  # on file already
            if tid != teacher_id and cat in leader_rules.SINGLE and c == cat and v.get("post_method") != "挂职":
                row.add(
                    "post_start",
                    "error",
                    "leader.single",
                    f"{school.name}已有{p}{name}（{s.iso() if s else '?'}起，未填离任时间或与本行时间重叠），"
                    f"同一时间只能有一名{cat}：请先在{name}的档案中填写离任时间",
                )
                return ""
        else:
            added.append(post)
    if not added:
        return ""
    v["leader_posts"] = added  # written with the teacher (write_teachers)
    method = v.get("post_method")
    return f"{'、'.join(added)}（{start.iso()}起{('，' + method) if method else ''}）"


TITLE_DETAILS = ("title_route", "title_hired", "title_benefit", "title_appointed")


def _title_details(row: PlanRow, v: dict, ctx: Context, teacher_id: int | None) -> list:
    """评审方式, 是否聘任, 只享受职称待遇 and 聘任时间 of the row's title (issue 20 §2), checked per cell: the route on
    the bureau's list, 是否聘任 否 or 享受待遇 with no 聘任时间, 聘任 not before 取得, and a title to attach them to
    (the row's 职称, else the one on file). Sets v["title_appointed"/"title_route"/"title_benefit"] for the
    writer; returns the changes to an existing teacher's current title (none when the row says what is stored)."""
    if not any(f in v for f in ("title_route", "title_hired", "title_benefit")):
        return []
    routes, current = ctx.title_details()
    if v.get("title_route"):
        name = routes.canonical(v["title_route"])
        if name is None:
            row.add(
                "title_route",
                "error",
                "title.route_unknown",
                f"评审方式“{v['title_route']}”不在名录中（应为{'、'.join(routes.labels)}；"
                "可在“学校 → 岗位与职称 → 评审方式名录”中添加）",
            )
            return []
        v["title_route"] = name
    stored: tuple | None = current.get(teacher_id) if teacher_id is not None else None
    title = v.get("title") or (stored[0] if stored else None)
    if title is None:
        row.add("title", "error", "title.missing", "填写了评审方式、是否聘任或享受待遇，请同时填写职称")
        return []
    same = stored is not None and stored[0] == title
    got = v.get("title_date") or (stored[1] if stored is not None and same else None)
    appointed = v.get("title_appointed")
    hired, benefit = v.get("title_hired"), v.get("title_benefit")
    if hired is False or benefit:
        if appointed is not None:
            why = "只享受职称待遇" if benefit else "是否聘任为“否”"
            row.add("title_appointed", "error", "title.not_hired", f"{why}，但填写了聘任时间：请核对")
            return []
    elif hired and appointed is None:
        # 是 without a date: appointed when obtained
        appointed = (stored[2] if stored is not None and same else None) or got
        if appointed is None:
            row.add("title_appointed", "error", "title.hired_no_date", "是否聘任为“是”，请填写聘任时间")
            return []
    if (
        appointed is not None
        and got is not None
        and (appointed.year, appointed.month or 12) < (got.year, got.month or 1)
    ):
        row.add("title_appointed", "error", "title.appointed_early", "聘任时间早于职称取得时间")
        return []
    if "title_hired" in v or "title_benefit" in v or appointed is not None:
        v["title_appointed"] = appointed
    if "title_benefit" in v:
        v["title_benefit"] = bool(benefit)
    if not same or "title" in v and stored is not None and v["title"] != stored[0]:
        return []  # a new title record (or a new teacher): written with the title
    assert stored is not None
    out = []
    if v.get("title_route") and v["title_route"] != stored[3]:
        out.append(("title_route", stored[3] or "", v["title_route"]))
    if "title_appointed" in v and v["title_appointed"] != stored[2]:
        out.append(("title_appointed", stored[2].iso() if stored[2] else "", appointed.iso() if appointed else ""))
    if "title_benefit" in v and v["title_benefit"] != stored[4]:
        out.append(("title_benefit", "是" if stored[4] else "否", "是" if v["title_benefit"] else "否"))
    return out


def skip_if_excluded(row: PlanRow) -> bool:
    if row.excluded:
        row.status = SKIPPED
        return True
    return False
