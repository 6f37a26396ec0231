"""Teacher use cases: the fast list, reading and saving a teacher file, delete with undo.

Values from forms arrive as text (dates, numbers, codes) and are parsed and checked here;
problems are raised as ValidationError(field → Chinese message).
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Boolean, ColumnDefault, Integer, String, case, cast, func, literal, select
from sqlalchemy import delete as sql_delete

from talentdesk.domain import codes, idnumber, staff_record
from talentdesk.domain.dates import DateError, PartialDate, parse_loose
from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.people import titles as title_service
from talentdesk.services.platform import child_rows
from talentdesk.services.platform import records as rec
from talentdesk.services.platform.records import upsert
from talentdesk.store import audit, current, dependents
from talentdesk.store.models import (
    Appraisal,
    Certificate,
    Designation,
    Education,
    Honour,
    Placement,
    PostRecord,
    School,
    Teacher,
    Teaching,
    TitleRecord,
)
from talentdesk.store.types import PartialDateType
from talentdesk.store.uow import UnitOfWork

# list_rows(): one tuple per teacher, in this column order. The last column (full ID number)
# is for searching only and is never shown.
COLUMNS = (
    "id",
    "name",
    "id_masked",
    "gender",
    "birth",
    "post_school",
    "work_school",
    "township",
    "stage",
    "subject",
    "title",
    "degree",
    "employment_form",
    "status",
    "backbone",
    "id_number",
)

BASIC_FIELDS = (
    "id_type",
    "id_number",
    "name",
    "former_name",
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
    "status_date",
    "note",
    *(f.attr for f in staff_record.FIELDS),
)
BASIC_CODES = {
    "id_type": codes.ID_TYPE,
    "gender": codes.GENDER,
    "ethnicity": codes.ETHNICITY,
    "political": codes.POLITICAL,
    "employment_form": codes.EMPLOYMENT_FORM,
    "status": codes.STATUS,
    **{f.attr: f.codes for f in staff_record.FIELDS if f.codes is not None and not f.free},
}
FREE_CODES = {
    "source": codes.SOURCE,  # canonicalised when known, otherwise kept as typed
    **{f.attr: f.codes for f in staff_record.FIELDS if f.codes is not None and f.free},
}
RESIDENT_ID = "居民身份证"

PLACEMENT_STATUS = ("拟交流", "已审批", "在岗", "期满返回", "提前结束")

# history key → (model, Chinese name, required attributes)
HISTORY = {
    "posts": (PostRecord, "编制学校", ("school_id",)),
    "placements": (Placement, "工作安排", ("kind",)),  # and a school or an outside unit: clean_record
    "educations": (Education, "学历", ("degree",)),
    "certificates": (Certificate, "教师资格", ("kind",)),
    "titles": (TitleRecord, "职称", ("title",)),
    "teachings": (Teaching, "任教", ("school_year",)),
    "designations": (Designation, "骨干称号", ("kind", "level")),
    "honours": (Honour, "荣誉", ("name",)),
    "appraisals": (Appraisal, "年度考核", ("year", "result")),
}
RECORD_CODES = {
    ("placements", "kind"): codes.PLACEMENT_KIND,
    ("educations", "degree"): codes.DEGREE,
    ("educations", "academic_degree"): codes.ACADEMIC_DEGREE,
    ("certificates", "kind"): codes.CERT_KIND,
    ("certificates", "subject"): codes.SUBJECT,
    ("titles", "title"): codes.TITLE,
    ("teachings", "stage"): codes.STAGE,
    ("teachings", "subject"): codes.SUBJECT,
    ("designations", "kind"): codes.DESIGNATION,
    ("designations", "level"): codes.LEVEL,
    ("designations", "subject"): codes.SUBJECT,
    ("honours", "level"): codes.LEVEL,
    ("appraisals", "result"): codes.APPRAISAL,
}
_SKIP = {"id", "teacher_id"}
_NOT_CLEANED = _SKIP | {"version"}  # carried as loaded: the optimistic check of concurrent edits
MASKED_FIELDS = ("id_number", "phone")
MASKERS = {"id_number": idnumber.mask, "phone": lambda p: p[:3] + "****" + p[-4:] if len(p) >= 8 else "****"}


# ---------------------------------------------------------------- the list


def list_rows(db) -> list[tuple]:
    """All teachers as plain tuples (COLUMNS), one SQL query over the cached current values.

    Masking, empty-string defaults and the join are done in SQL and the rows are taken straight
    from the DBAPI cursor: 45,000 teachers load in about 0.2 s with no per-row Python work.
    """
    # Core table aliases, not ORM ones: the first page must not wait for the ORM mappers to be configured
    post, work = School.__table__.alias(), School.__table__.alias()
    t = Teacher.__table__.c
    ident = t.id_number
    masked = case(
        (
            func.length(ident) > 10,
            func.substr(ident, 1, 6) + literal("********") + func.substr(ident, func.length(ident) - 3),
        ),
        else_=ident,
    )

    def text(col):
        return func.coalesce(col, literal(""))

    stmt = (
        select(
            t.id,
            text(t.name),
            masked,
            text(t.gender),
            text(cast(t.birth_date, String)),
            text(post.c.name),
            func.coalesce(work.c.name, post.c.name, literal("")),
            text(post.c.township),
            text(t.cur_stage),
            text(t.cur_subject),
            text(t.cur_title),
            text(t.cur_degree),
            text(t.employment_form),
            text(t.status),
            text(t.cur_backbone),
            ident,
        )
        .select_from(Teacher.__table__)
        .outerjoin(post, post.c.id == t.cur_post_school_id)
        .outerjoin(work, work.c.id == t.cur_work_school_id)
        .order_by(t.id)
    )
    with db.engine.connect() as conn:
        result = conn.execute(stmt)
        return result.cursor.fetchall()  # DBAPI tuples of plain text: no type processing needed


def count(db) -> int:
    with db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Teacher.__table__)).scalar_one()


def counts(db) -> tuple[int, int]:
    """(all teachers on file, serving ones): the status bar names both (the overview counts 在岗)."""
    t = Teacher.__table__.c
    with db.engine.connect() as conn:
        total, active = conn.execute(
            select(func.count(), func.count().filter(t.status == codes.ACTIVE_STATUS)).select_from(Teacher.__table__)
        ).one()
        return total, active or 0


# ---------------------------------------------------------------- reading


def _plain(obj, attrs) -> dict:
    return {a: getattr(obj, a) for a in attrs}


def record_attrs(key: str) -> list[str]:
    model = HISTORY[key][0]
    return [c.key for c in model.__table__.columns if c.key not in _SKIP]


def get(db, teacher_id: int) -> dict:
    """The whole teacher file as plain data: {"basic": {...}, "posts": [{...}], ...}."""
    with UnitOfWork(db) as uow:
        t = uow.session.get(Teacher, teacher_id)
        if t is None:
            raise NotFound("找不到这名教师（可能已被删除）")
        out = {"id": t.id, "version": t.version, "basic": _plain(t, BASIC_FIELDS)}
        if not access.may_reveal(db):  # 录入员/查阅员 see masked ID numbers and phones
            for f in MASKED_FIELDS:
                if out["basic"].get(f):
                    out["basic"][f] = MASKERS[f](out["basic"][f])
        for key, (model, _, _) in HISTORY.items():
            attrs = ["id", *record_attrs(key)]
            rows = uow.session.scalars(select(model).where(model.teacher_id == teacher_id).order_by(model.id))
            out[key] = [_plain(r, attrs) for r in rows]
        return out


# ---------------------------------------------------------------- cleaning form values


def _text(v) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def _date(field, v, problems, *, day=False):
    if isinstance(v, (PartialDate, dt.date)) or v is None:
        return v
    try:
        d = parse_loose(v)
    except DateError as e:
        problems[field] = str(e)
        return None
    if day and d is not None:
        if d.day is None:
            problems[field] = "请写完整日期，如 1985-03-12"
            return None
        return d.first_day()
    return d


def clean_basic(values: dict) -> dict:
    """Parse and check the 基本信息 fields; raises ValidationError(field → message)."""
    problems: dict[str, str] = {}
    out = {
        f: _text(values.get(f)) if isinstance(values.get(f), str) or values.get(f) is None else values.get(f)
        for f in BASIC_FIELDS
    }
    if not out["name"]:
        problems["name"] = "姓名不能为空"
    for f, cl in BASIC_CODES.items():
        if out[f] is not None:
            label = cl.canonical(out[f])
            if label is None:
                problems[f] = f"“{out[f]}”不是有效的{cl.name}"
            out[f] = label
    for f, cl in FREE_CODES.items():
        if out[f]:
            out[f] = cl.canonical(out[f]) or out[f]
    out["id_type"] = out["id_type"] or RESIDENT_ID
    out["status"] = out["status"] or codes.ACTIVE_STATUS
    out["birth_date"] = _date("birth_date", out["birth_date"], problems, day=True)
    for f in ("work_start", "school_entry", "status_date", *(f.attr for f in staff_record.FIELDS if f.month)):
        out[f] = _date(f, out[f], problems)
    if not out["id_number"]:
        problems["id_number"] = "身份证件号不能为空"
    elif out["id_type"] == RESIDENT_ID:
        try:
            info = idnumber.parse(out["id_number"])
        except idnumber.IdNumberError as e:
            problems["id_number"] = str(e)
        else:
            out["id_number"] = info.number
            if out["birth_date"] is None and "birth_date" not in problems:
                out["birth_date"] = info.birth
            elif out["birth_date"] is not None and out["birth_date"] != info.birth:
                problems["birth_date"] = f"出生日期与身份证号不一致（身份证号为 {info.birth:%Y-%m-%d}）"
            if out["gender"] is None and "gender" not in problems:
                out["gender"] = info.gender
            elif out["gender"] is not None and out["gender"] != info.gender:
                problems["gender"] = f"性别与身份证号不一致（身份证号为{info.gender}）"
    if out["phone"] and not all(c.isdigit() or c in "-+ ()" for c in out["phone"]):
        problems["phone"] = "联系电话只能包含数字和“-”"
    if problems:
        raise ValidationError(problems)
    return out


def clean_record(key: str, values: dict) -> dict:
    """Parse and check one history record (values as typed); keeps "id" when present."""
    model, name, required = HISTORY[key]
    problems: dict[str, str] = {}
    out = {"id": values.get("id")} if values.get("id") else {}
    if values.get("version") is not None:
        out["version"] = values["version"]
    for col in model.__table__.columns:
        a = col.key
        if a in _NOT_CLEANED:
            continue
        v = values.get(a)
        v = _text(v) if isinstance(v, str) else v
        if v is None:
            out[a] = None
        elif isinstance(col.type, PartialDateType):
            out[a] = _date(a, v, problems)
        elif isinstance(col.type, Boolean):
            try:
                out[a] = codes.yes_no(v)
            except ValueError as e:
                problems[a] = str(e)
        elif isinstance(col.type, Integer):
            try:
                out[a] = int(v)
            except (TypeError, ValueError):
                problems[a] = f"“{v}”不是整数"
        else:
            cl = RECORD_CODES.get((key, a))
            if cl is not None and cl.canonical(v) is None and cl is not codes.SUBJECT:
                problems[a] = f"“{v}”不是有效的{cl.name}"
            out[a] = cl.canonical(v) or v if cl is not None else v
        if a in required and out.get(a) is None and a not in problems:
            problems[a] = "此项必须填写"
    if key == "placements" and out.get("status") and out["status"] not in PLACEMENT_STATUS:
        problems["status"] = f"状态应为：{'、'.join(PLACEMENT_STATUS)}"
    if key == "placements":
        _check_destination(out, problems)
    if key == "titles":
        _check_title(out, problems)
    for a, b in (("start", "end"), ("start", "planned_end"), ("start", "actual_end")):
        if out.get(a) and out.get(b) and out[b] < out[a]:
            problems[b] = "结束时间早于开始时间"
    for col in model.__table__.columns:  # model defaults for NOT NULL booleans/strings
        default = col.default
        if (
            out.get(col.key) is None
            and isinstance(default, ColumnDefault)
            and not col.nullable
            and col.key not in _NOT_CLEANED
        ):
            out[col.key] = default.arg
    if problems:
        raise ValidationError(problems)
    return out


def _check_destination(out: dict, problems: dict) -> None:
    """A placement goes to a county school or (援藏、援疆 …) to an outside unit: one of the two."""
    if out.get("to_school_id") is None and not out.get("outside_unit"):
        problems.setdefault("to_school_id", "请填写工作学校，或县外派出的单位（县外单位）")
    elif out.get("to_school_id") is not None and out.get("outside_unit"):
        problems["outside_unit"] = "工作学校与县外单位只能填写一项"


def _check_title(out: dict, problems: dict) -> None:
    """聘任 not before 取得 (a date known to the year fits anywhere in it); 享受待遇 is no appointment."""
    got, appointed = out.get("obtained"), out.get("appointed")
    if got and appointed and (appointed.year, appointed.month or 12) < (got.year, got.month or 1):
        problems["appointed"] = "聘任时间早于取得时间"
    if out.get("benefit_only") and appointed:
        problems["appointed"] = "只享受职称待遇的不聘任到该级岗位，请清空聘任时间或取消“只享受职称待遇”"


# ---------------------------------------------------------------- saving


def save(
    db,
    teacher_id: int | None,
    basic: dict,
    records: dict[str, list[dict]] | None = None,
    *,
    loaded: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> int:
    """Create or update a teacher and (when given) replace their history records; returns the id.

    ``records`` maps a HISTORY key to the full list of that kind: entries with an "id" are updated,
    entries without are added, stored records missing from the list are deleted.
    A masked ID number or phone (as shown to a role that may not see them) keeps the stored value.

    ``loaded``: the file as get() returned it when the form was opened. With it, changes another clerk saved
    meanwhile are never overwritten: records they added stay, records I did not touch keep their values, and
    a field changed on both sides raises EditConflict (``merge``: combine changes to different fields without
    asking; ``resolved``: the clerk's choices, EditConflict.resolutions()).
    """
    access.require(db, "edit")
    base = dict(loaded["basic"]) if loaded else None
    basic, base = _unmask(db, teacher_id, basic, base)
    clean = clean_basic(basic)
    cleaned = {k: [clean_record(k, r) for r in rows] for k, rows in (records or {}).items()}
    years = [r["year"] for r in cleaned.get("appraisals", [])]
    dup_years = sorted({y for y in years if years.count(y) > 1})
    if dup_years:
        raise ValidationError({"appraisals": f"年度考核 {'、'.join(map(str, dup_years))} 年重复，每年只能有一条"})
    with UnitOfWork(db) as uow:
        s = uow.session
        if cleaned.get("titles"):
            title_service.check_routes(s, cleaned["titles"])
        dup = s.scalar(
            select(Teacher.id).where(Teacher.id_type == clean["id_type"], Teacher.id_number == clean["id_number"])
        )
        if dup is not None and dup != teacher_id:
            raise ValidationError({"id_number": "已有教师使用这个身份证件号"})
        t = upsert(
            s,
            Teacher,
            teacher_id,
            clean,
            "找不到这名教师（可能已被删除）",
            expected_version=loaded.get("version") if loaded else None,
            base=base,
            merge=merge,
            resolved=resolved,
        )
        for key, rows in cleaned.items():
            _replace_records(s, t.id, key, rows, loaded.get(key) if loaded else None, merge, resolved)
        rec.flush(s)
        current.refresh(s, [t.id])
        uow.commit()
        return t.id


def _unmask(db, teacher_id: int | None, basic: dict, base: dict | None = None) -> tuple[dict, dict | None]:
    """The form shows masked values to roles without reveal rights: saved unchanged, they mean 'keep'.
    BASE (the values loaded into the form) is unmasked the same way, so that 'keep' is not taken for a change."""
    masked = [d for d in (basic, base) if d and any("*" in str(d.get(f) or "") for f in MASKED_FIELDS)]
    if teacher_id is None or not masked:
        return basic, base
    with UnitOfWork(db) as uow:
        t = uow.session.get(Teacher, teacher_id)
        if t is None:
            return basic, base
        out, old = dict(basic), dict(base) if base is not None else None
        for f in MASKED_FIELDS:
            stored = getattr(t, f)
            if old is not None and "*" in str(old.get(f) or ""):
                if out.get(f) == old[f]:  # left as shown: whatever is stored now stays
                    out[f] = old[f] = stored
                    continue
                if stored and old[f] == MASKERS[f](stored):
                    old[f] = stored
            if stored and out.get(f) == MASKERS[f](stored):
                out[f] = stored
        return out, old


def _replace_records(
    s,
    teacher_id: int,
    key: str,
    rows: list[dict],
    base_rows: list[dict] | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> None:
    """Make the stored records of KEY match ROWS. With BASE_ROWS (as loaded into the form) only what the clerk
    changed is written: records added by others stay, untouched ones keep others' edits, and a record changed
    on both sides (or deleted here and changed there) raises EditConflict."""
    model, name, _ = HISTORY[key]
    child_rows.replace_rows(
        s,
        model,
        ("teacher_id", teacher_id),
        rows,
        base_rows,
        merge=merge,
        resolved=resolved,
        missing=f"找不到这条{name}记录（可能已被删除）",
    )


# ---------------------------------------------------------------- delete and undo


def delete(db, teacher_ids: list[int]) -> dependents.Snapshot:
    """Delete teachers with everything that belongs to them (every table whose foreign key cascades
    from the teacher, in any area) and audit each removed row; returns a snapshot for restore()."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        conn = s.connection()
        snap = dependents.collect(conn, "teacher", list(teacher_ids))
        for table, rows in snap.rows.items():
            for row in rows:
                audit.record(
                    s,
                    action="delete",
                    table=table,
                    record_id=row.get("id"),
                    teacher_id=row["id"] if table == "teacher" else row.get("teacher_id"),
                    old=json.dumps({k: audit.to_text(v) for k, v in row.items() if k != "photo"}, ensure_ascii=False),
                )
        s.flush()
        conn.execute(sql_delete(Teacher.__table__).where(Teacher.id.in_(teacher_ids)))  # the database cascades
        uow.commit()
    return snap


def restore(db, snapshot: dependents.Snapshot) -> None:
    """Put deleted teachers back exactly as they were (same ids, every dependent row), audited."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        dependents.restore(s.connection(), snapshot)
        for row in snapshot.rows.get("teacher", []):
            audit.record(
                s,
                action="undo",
                table="teacher",
                record_id=row["id"],
                teacher_id=row["id"],
                new=f"撤销删除：{row['name']}（连同 {snapshot.count() - 1} 条相关记录）",
            )
        uow.commit()
