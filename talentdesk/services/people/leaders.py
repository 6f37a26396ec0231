"""School leaders and their posts (职务, issue 20 §1): the bureau's list of post names, each teacher's post records
(add, edit, delete with the rules), and the lists a clerk asks for (reports.leaders computes them).

Rules on saving a post record: the post is a name of the list, the school exists, 任职时间 is given, the end is not
before the start, the steps of the appointment (民主推荐 → 组织考察 → 公示) are not after it; the same teacher does not
hold the same post at the same school twice at once; a school has one 校长 and one 书记 at a time (a handover in one
month is fine), so a new principal is recorded after the old one's 离任时间. Every change is audited (ORM session
events, with the teacher's id: it shows in the teacher's 变更记录) and needs the edit right.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentdesk.domain import leaders as rules
from talentdesk.domain.dates import DateError, PartialDate, parse_loose
from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.platform import records
from talentdesk.store.models import School, Teacher
from talentdesk.store.models_leaders import LeaderPost, LeaderPostName
from talentdesk.store.uow import UnitOfWork

FIELDS = (
    "school_id",
    "post",
    "method",
    "start",
    "end",
    "end_reason",
    "recommended",
    "evaluation",
    "inspected",
    "publicised",
    "document",
    "note",
)
DATE_FIELDS = ("start", "end", "recommended", "inspected", "publicised")
LABELS = {
    "school_id": "任职学校",
    "post": "职务",
    "method": "任职方式",
    "start": "任职时间",
    "end": "离任时间",
    "end_reason": "离任原因",
    "recommended": "民主推荐",
    "evaluation": "民主测评结果",
    "inspected": "组织考察",
    "publicised": "公示",
    "document": "任职文件号",
    "note": "备注",
}
MAX_LENGTH = {"end_reason": 50, "evaluation": 30, "document": 60}
MISSING = "找不到这条职务记录（可能已被删除）"


# ---------------------------------------------------------------- the list of post names


def names(db) -> list[dict]:
    """The list in its order: id, name, category, note and how many post records use the name."""
    with db.sessions() as s:
        used = dict(s.execute(select(LeaderPost.post, func.count()).group_by(LeaderPost.post)).all())
        return [
            dict(id=i, name=n, category=c, note=note or "", used=used.get(n, 0))
            for i, n, c, note in s.execute(
                select(LeaderPostName.id, LeaderPostName.name, LeaderPostName.category, LeaderPostName.note).order_by(
                    LeaderPostName.position, LeaderPostName.id
                )
            )
        ]


def categories(session: Session) -> dict[str, str]:
    """post name → category, from the list; names no longer listed fall back to the national defaults."""
    return {
        **rules.DEFAULT_CATEGORY,
        **{n: c for n, c in session.execute(select(LeaderPostName.name, LeaderPostName.category))},
    }


def add_name(db, name: str, category: str, note: str | None = None) -> int:
    """A post name for the list (e.g. 安全办主任 → 中层); a name already there is refused."""
    access.require(db, "edit")
    try:
        text = rules.check_name(name)
    except ValueError as e:
        raise ValidationError({"name": str(e)}) from None
    if category not in rules.CATEGORIES:
        raise ValidationError({"category": f"类别应为{'、'.join(rules.CATEGORIES)}之一"})
    with UnitOfWork(db) as uow:
        s = uow.session
        if s.scalar(select(LeaderPostName.id).where(LeaderPostName.name == text)) is not None:
            raise ValidationError({"name": f"职务名录中已有“{text}”"})
        last = s.scalar(select(func.max(LeaderPostName.position))) or 0
        row = LeaderPostName(name=text, category=category, position=last + 1, note=(note or "").strip() or None)
        s.add(row)
        s.flush()
        uow.commit()
        return row.id


def set_category(db, name_id: int, category: str) -> None:
    """Count a name under another category (the statistics and the rules follow at once)."""
    access.require(db, "edit")
    if category not in rules.CATEGORIES:
        raise ValidationError({"category": f"类别应为{'、'.join(rules.CATEGORIES)}之一"})
    with UnitOfWork(db) as uow:
        row = uow.session.get(LeaderPostName, name_id)
        if row is None:
            raise NotFound("职务名录中没有这个名称（可能已被删除）")
        if row.category != category:
            row.category = category
        uow.commit()


def remove_name(db, name_id: int) -> None:
    """Take a name off the list; refused while post records use it (they would lose their category)."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        row = s.get(LeaderPostName, name_id)
        if row is None:
            raise NotFound("职务名录中没有这个名称（可能已被删除）")
        n = s.scalar(select(func.count()).select_from(LeaderPost).where(LeaderPost.post == row.name)) or 0
        if n:
            raise ValidationError({"name": f"有 {n} 条职务记录使用“{row.name}”，不能从名录中删除"})
        s.delete(row)
        uow.commit()


# ---------------------------------------------------------------- a teacher's post records


def teacher_posts(db, teacher_id: int) -> list[dict]:
    """The teacher's post records, latest first: every field, the school's name, category, version."""
    with db.sessions() as s:
        cats = categories(s)
        out = []
        for r, school in s.execute(
            select(LeaderPost, School.name)
            .join(School, School.id == LeaderPost.school_id)
            .where(LeaderPost.teacher_id == teacher_id)
        ):
            d = {f: getattr(r, f) for f in FIELDS}
            d.update(id=r.id, version=r.version, school=school, category=cats.get(r.post, rules.OTHER))
            out.append(d)
    out.sort(key=lambda d: (d["end"] is None, d["start"] or PartialDate(1900), d["id"]), reverse=True)
    return out


def current_post(db, teacher_id: int, on: dt.date | None = None) -> str:
    """The posts the teacher holds on ON (today), highest first, as one text: 党组织书记、校长."""
    on = on or dt.date.today()
    held = [p for p in teacher_posts(db, teacher_id) if rules.holds(p["start"], p["end"], on)]
    held.sort(key=lambda p: (rules.rank(p["category"]), p["post"]))
    return "、".join(dict.fromkeys(p["post"] for p in held))


def _text(v) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def clean(values: dict, known: dict[str, str]) -> dict:
    """Parse and check one post record as typed (KNOWN: the list, name → category); ValidationError otherwise."""
    problems: dict[str, str] = {}
    out: dict = {}
    for f in FIELDS:
        v = values.get(f)
        out[f] = _text(v) if isinstance(v, str) or v is None else v
    for f in DATE_FIELDS:
        v = out[f]
        if v is not None and not isinstance(v, PartialDate):
            try:
                out[f] = parse_loose(v)
            except DateError as e:
                problems[f] = str(e)
                out[f] = None
    if out["school_id"] is None:
        problems["school_id"] = "请选择任职学校"
    else:
        try:
            out["school_id"] = int(out["school_id"])
        except (TypeError, ValueError):
            problems["school_id"] = f"“{out['school_id']}”不是学校"
    post = "".join((out["post"] or "").split())
    if not post:
        problems["post"] = "职务必须填写"
    elif post not in known:
        problems["post"] = f"“{post}”不在职务名录中（可在职务名录中添加）"
    out["post"] = post or None
    if out["method"] is not None and out["method"] not in rules.METHODS:
        problems["method"] = f"任职方式应为{'、'.join(rules.METHODS)}之一"
    if out["start"] is None and "start" not in problems:
        problems["start"] = "任职时间必须填写"
    if out["start"] and out["end"] and rules.last_month(out["end"]) < rules.first_month(out["start"]):
        problems["end"] = "离任时间早于任职时间"
    if out["end_reason"] and not out["end"]:
        problems["end"] = "填写了离任原因，请同时填写离任时间"
    for f, n in MAX_LENGTH.items():
        if out[f] and len(out[f]) > n:
            problems[f] = f"{LABELS[f]}最长 {n} 个字"
    _check_steps(out, problems)
    if problems:
        raise ValidationError(problems)
    return out


def _check_steps(out: dict, problems: dict) -> None:
    """民主推荐 → 组织考察 → 公示 → 任职: no step after the next one (a date known to the year fits anywhere in it)."""
    steps = [f for f in ("recommended", "inspected", "publicised", "start") if out.get(f) is not None]
    for a, b in zip(steps, steps[1:]):
        da, db_ = out[a], out[b]
        if (da.year, da.month or 1) > (db_.year, db_.month or 12):
            problems[a] = f"{LABELS[a]}晚于{LABELS[b]}"


def check_rules(session: Session, teacher_id: int, record_id: int | None, row: dict, cats: dict[str, str]) -> None:
    """The rules that need the other records (see the module's text); ValidationError naming the clash."""
    if session.get(School, row["school_id"]) is None:
        raise ValidationError({"school_id": "找不到这所学校（可能已被删除）"})
    category = cats.get(row["post"], rules.OTHER)
    span = (row["start"], row["end"])
    others = session.execute(
        select(LeaderPost, Teacher.name)
        .join(Teacher, Teacher.id == LeaderPost.teacher_id)
        .where(LeaderPost.school_id == row["school_id"])
    ).all()
    for other, name in others:
        if other.id == record_id or not rules.overlaps(span, (other.start, other.end)):
            continue
        when = f"{other.start.iso() if other.start else '?'}—{other.end.iso() if other.end else '至今'}"
        if other.teacher_id == teacher_id and other.post == row["post"]:
            raise ValidationError({"start": f"与本人已有的{other.post}记录（{when}）时间重叠"})
        if (
            other.teacher_id != teacher_id
            and category in rules.SINGLE
            and cats.get(other.post, rules.OTHER) == category
            and row["method"] != rules.SECONDMENT
            and other.method != rules.SECONDMENT
        ):
            raise ValidationError(
                {"start": f"该校{when}已由{name}任{other.post}，同一时间只能有一名{category}；请先为{name}填写离任时间"}
            )


def save_post(
    db,
    teacher_id: int,
    record_id: int | None,
    values: dict,
    *,
    expected_version: int | None = None,
    base: dict | None = None,
) -> int:
    """Add (RECORD_ID None) or change a post record of TEACHER_ID; returns its id. EXPECTED_VERSION and BASE: what
    the dialog loaded (another clerk's change meanwhile is merged or raised as EditConflict: platform.records)."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        if s.get(Teacher, teacher_id) is None:
            raise NotFound("找不到这名教师（可能已被删除）")
        cats = categories(s)
        listed = set(s.scalars(select(LeaderPostName.name)))
        row = clean(values, {n: c for n, c in cats.items() if n in listed})
        if record_id is not None:
            stored = s.get(LeaderPost, record_id)
            if stored is None:
                raise NotFound(records.deleted_message(s, "leader_post", record_id, MISSING))
            if stored.teacher_id != teacher_id:
                raise NotFound(MISSING)
        check_rules(s, teacher_id, record_id, row, cats)
        obj = records.upsert(
            s,
            LeaderPost,
            record_id,
            {**row, "teacher_id": teacher_id} if record_id is None else row,
            MISSING,
            expected_version=expected_version,
            base=base,
            merge=True,
        )
        uow.commit()
        return obj.id


def delete_post(db, record_id: int, *, expected_version: int | None = None) -> None:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        obj = s.get(LeaderPost, record_id)
        if obj is None:
            raise NotFound(records.deleted_message(s, "leader_post", record_id, MISSING))
        records.delete(s, obj, expected_version=expected_version)
        uow.commit()
