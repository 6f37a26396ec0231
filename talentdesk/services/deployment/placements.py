"""Placements (交流轮岗、支教、走教、挂职、跟岗学习、借调) and transfers (调动: the post moves); a posting outside
the county (援藏、援疆、援边、对口支援, issue 22 §2) is a placement to an outside unit (name, province/region, kind)
instead of a county school: meanwhile the teacher works at no school of the county (the post stays).

Plain data in and out; values from forms arrive as text and are checked here (ValidationError with
Chinese messages per field). A teacher's working school on any date comes from domain.deployment.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import aliased

from talentdesk.domain import codes, idnumber
from talentdesk.domain import postings as outside
from talentdesk.domain.collation import sort_key
from talentdesk.domain.dates import DateError, PartialDate, parse_loose
from talentdesk.domain.deployment import Post, Stay, active_stay, period_end, period_start, working_school
from talentdesk.errors import NotFound, UserError, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.people.posts import move_post
from talentdesk.services.platform.records import deleted_message, upsert
from talentdesk.store import current
from talentdesk.store.models import Placement, PostRecord, School, Teacher
from talentdesk.store.textsearch import contains
from talentdesk.store.uow import UnitOfWork

STATUSES = ("拟交流", "已审批", "在岗", "期满返回", "提前结束")
KINDS = ("交流轮岗", "支教", "走教", "挂职", "跟岗学习", "借调", "调动", *outside.KINDS)
OUTSIDE_KINDS = outside.KINDS  # to an outside unit, never to a county school
TRANSFER = "调动"


class PlacementRow(NamedTuple):
    """A placement as the 交流记录 list shows it (dates as text, ID number masked)."""

    id: int
    teacher_id: int
    name: str
    id_masked: str
    from_school: str
    to_school: str
    kind: str
    start: str
    planned_end: str
    actual_end: str
    moves_relation: str  # 是 / 否
    batch: str
    status: str
    note: str


COLUMNS = PlacementRow._fields
FIELDS = (
    "teacher_id",
    "from_school_id",
    "to_school_id",
    "kind",
    "start",
    "planned_end",
    "actual_end",
    "moves_relation",
    "batch",
    "status",
    "note",
    "outside_unit",
    "outside_region",
    "outside_kind",
)


def _iso(d) -> str:
    return d.iso() if d else ""


def outside_label(unit: str | None, region: str | None) -> str:
    """An outside unit as lists show it: 西藏自治区·日喀则市第一中学."""
    return "·".join(x for x in (region, unit) if x)


def list_rows(db, *, teacher_id: int | None = None) -> list[PlacementRow]:
    """Every placement (COLUMNS), newest first; ID numbers masked."""
    frm, to = aliased(School), aliased(School)
    stmt = (
        select(
            Placement.id,
            Teacher.id,
            Teacher.name,
            Teacher.id_number,
            frm.name,
            to.name,
            Placement.kind,
            Placement.start,
            Placement.planned_end,
            Placement.actual_end,
            Placement.moves_relation,
            Placement.batch,
            Placement.status,
            Placement.note,
            Placement.outside_unit,
            Placement.outside_region,
        )
        .join(Teacher, Teacher.id == Placement.teacher_id)
        .outerjoin(frm, frm.id == Placement.from_school_id)
        .outerjoin(to, to.id == Placement.to_school_id)
        .order_by(Placement.start.desc(), Placement.id.desc())
    )
    if teacher_id is not None:
        stmt = stmt.where(Placement.teacher_id == teacher_id)
    with db.sessions() as s:
        return [
            PlacementRow(
                pid,
                tid,
                name,
                idnumber.mask(num),
                f or "",
                t or outside_label(unit, region),
                kind,
                _iso(a),
                _iso(b),
                _iso(c),
                "是" if moves else "否",
                batch or "",
                status,
                note or "",
            )
            for pid, tid, name, num, f, t, kind, a, b, c, moves, batch, status, note, unit, region in s.execute(stmt)
        ]


def get(db, placement_id: int) -> dict:
    with db.sessions() as s:
        p = s.get(Placement, placement_id)
        if p is None:
            raise NotFound("找不到这条交流记录（可能已被删除）")
        out = {f: getattr(p, f) for f in FIELDS}
        out["id"], out["version"] = p.id, p.version
        out["teacher_name"] = p.teacher.name
        return out


def teacher_choices(db, text: str, limit: int = 30) -> list[tuple[int, str]]:
    """(id, "姓名（学校，身份证号后4位）") of serving teachers whose name or ID number contains text."""
    text = (text or "").strip()
    if not text:
        return []
    stmt = (
        select(Teacher.id, Teacher.name, Teacher.id_number, School.name)
        .outerjoin(School, School.id == Teacher.cur_post_school_id)
        .where(contains(Teacher.name, text) | contains(Teacher.id_number, text))
        .where(Teacher.status == codes.ACTIVE_STATUS)
        .order_by(Teacher.name)
        .limit(limit)
    )
    with db.engine.connect() as conn:
        rows = sorted(conn.execute(stmt), key=lambda r: (sort_key(r[1]), r[0]))  # pinyin order
        return [(tid, f"{name}（{school or '无编制学校'}，{num[-4:]}）") for tid, name, num, school in rows]


# ---------------------------------------------------------------- history of one teacher


def history(session, teacher_id: int) -> tuple[list[Post], list[Stay]]:
    posts = [
        Post(sid, a, b)
        for sid, a, b in session.execute(
            select(PostRecord.school_id, PostRecord.start, PostRecord.end).where(PostRecord.teacher_id == teacher_id)
        )
    ]
    stays = [
        Stay(to, kind, status, a, pe, ae)
        for to, kind, status, a, pe, ae in session.execute(
            select(
                Placement.to_school_id,
                Placement.kind,
                Placement.status,
                Placement.start,
                Placement.planned_end,
                Placement.actual_end,
            ).where(Placement.teacher_id == teacher_id)
        )
    ]
    return posts, stays


def working_school_on(db, teacher_id: int, on: dt.date) -> tuple[int | None, str] | None:
    """(school id, name) where the teacher worked on that date, from post history and placements; (None, "县外：
    西藏自治区·某中学（援藏）") while posted outside the county."""
    with db.sessions() as s:
        if s.get(Teacher, teacher_id) is None:
            raise NotFound("找不到这名教师（可能已被删除）")
        posts, stays = history(s, teacher_id)
        stay = active_stay(stays, on)
        if stay is not None and stay.to_school_id is None:
            p = s.scalars(
                select(Placement)
                .where(Placement.teacher_id == teacher_id, Placement.to_school_id.is_(None))
                .where(Placement.start == stay.start, Placement.kind == stay.kind)
            ).first()
            where = outside_label(p.outside_unit, p.outside_region) if p else "县外单位"
            return None, f"县外：{where}（{stay.kind}）"
        sid = working_school(posts, stays, on)
        return (sid, s.get(School, sid).name) if sid is not None else None


# ---------------------------------------------------------------- checking form values


def _date(field: str, value, problems: dict) -> PartialDate | None:
    if value is None or isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    try:
        return parse_loose(value)
    except DateError as e:
        problems[field] = str(e)
        return None


def _check_destination(out: dict, problems: dict) -> bool:
    """A county school, or for 援藏/援疆/援边/对口支援 an outside unit (name, province/region, kind); True: outside."""
    away = out["kind"] in OUTSIDE_KINDS
    if away:
        out["to_school_id"] = None  # to an outside unit, not to a made-up school
        if not out["outside_unit"]:
            problems["outside_unit"] = f"{out['kind']}请填写派往的县外单位名称"
        if not out["outside_region"]:
            problems["outside_region"] = "请填写县外单位所在的省份/地区"
        if out["outside_kind"] and out["outside_kind"] not in outside.UNIT_KINDS:
            problems["outside_kind"] = f"单位类别应为：{'、'.join(outside.UNIT_KINDS)}"
        for f, limit in (("outside_unit", 100), ("outside_region", 20)):
            if out[f] and len(out[f]) > limit:
                problems[f] = f"不超过 {limit} 个字"
    else:
        if out["outside_unit"] and out["kind"]:
            problems["outside_unit"] = f"{out['kind']}是到本县学校的交流；派往县外单位请选择{'、'.join(OUTSIDE_KINDS)}"
        out["outside_unit"] = out["outside_region"] = out["outside_kind"] = None
        if not out["to_school_id"]:
            problems["to_school_id"] = "请选择交流学校"
    return away


def clean(values: dict) -> dict:
    problems: dict[str, str] = {}
    out = {f: values.get(f) for f in FIELDS}
    for f in ("batch", "note", "kind", "status", "outside_unit", "outside_region", "outside_kind"):
        v = out[f]
        out[f] = (str(v).strip() or None) if v is not None else None
    kind = codes.PLACEMENT_KIND.canonical(out["kind"]) if out["kind"] else None
    if not out["kind"]:
        problems["kind"] = "请选择交流方式"
    elif kind not in KINDS:
        problems["kind"] = f"交流方式应为：{'、'.join(KINDS)}"
    out["kind"] = kind
    out["status"] = out["status"] or "在岗"
    if out["status"] not in STATUSES:
        problems["status"] = f"状态应为：{'、'.join(STATUSES)}"
    if not out["teacher_id"]:
        problems["teacher_id"] = "请选择教师"
    away = _check_destination(out, problems)
    for f in ("start", "planned_end", "actual_end"):
        out[f] = _date(f, out[f], problems)
    if out["start"] is None and "start" not in problems:
        problems["start"] = "请填写开始日期"
    for f in ("planned_end", "actual_end"):
        if out["start"] and out[f] and period_end(out[f]) < period_start(out["start"]):
            problems[f] = "结束日期早于开始日期"
    if out["status"] in ("期满返回", "提前结束") and out["actual_end"] is None and "actual_end" not in problems:
        problems["actual_end"] = "已结束的交流请填写实际结束日期"
    if out["actual_end"] is not None and out["status"] in ("拟交流", "已审批", "在岗") and "status" not in problems:
        out["status"] = "期满返回"
    v = out["moves_relation"]
    if isinstance(v, str):
        try:
            v = codes.yes_no(v)
        except ValueError as e:
            problems["moves_relation"] = str(e)
    out["moves_relation"] = bool(v)
    if away and out["moves_relation"]:
        problems["moves_relation"] = "派往县外单位不转移人事关系；确已调出县外的，请登记减员（调出）"
    if out["from_school_id"] and out["from_school_id"] == out["to_school_id"]:
        problems["to_school_id"] = "交流学校不能与原学校相同"
    if problems:
        raise ValidationError(problems)
    return out


# ---------------------------------------------------------------- writing


def save(
    db,
    placement_id: int | None,
    values: dict,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> int:
    """Add or change a placement (not a 调动: use transfer()); the original school defaults to the post school.
    VERSION and BASE: what the form loaded (get); see services.platform.records.upsert."""
    access.require(db, "edit")
    data = clean(values)
    if data["kind"] == TRANSFER and placement_id is None:
        raise ValidationError({"kind": "调动会改变编制学校，请用“办理调动”"})
    with UnitOfWork(db) as uow:
        s = uow.session
        t = s.get(Teacher, data["teacher_id"])
        if t is None:
            raise NotFound("找不到这名教师（可能已被删除）")
        if data["to_school_id"] is not None and s.get(School, data["to_school_id"]) is None:
            raise ValidationError({"to_school_id": "找不到这所学校"})
        if data["from_school_id"] is None:
            posts, _ = history(s, t.id)
            from talentdesk.domain.deployment import post_school

            data["from_school_id"] = post_school(posts, period_start(data["start"])) or t.cur_post_school_id
            if data["from_school_id"] == data["to_school_id"]:
                raise ValidationError({"to_school_id": "交流学校就是这名教师的编制学校"})
        p = upsert(
            s,
            Placement,
            placement_id,
            data,
            "找不到这条交流记录（可能已被删除）",
            expected_version=version,
            base=base,
            merge=merge,
            resolved=resolved,
        )
        s.flush()
        current.refresh(s, [t.id])
        uow.commit()
        return p.id


def end(
    db,
    placement_id: int,
    on,
    status: str = "期满返回",
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> None:
    """The teacher returned (期满返回) or the placement stopped early (提前结束) on that date.
    VERSION and BASE: what the form loaded (get); see services.platform.records.upsert."""
    access.require(db, "edit")
    if status not in ("期满返回", "提前结束"):
        raise UserError("结束方式应为“期满返回”或“提前结束”")
    problems: dict[str, str] = {}
    when = _date("actual_end", on, problems)
    if problems or when is None:
        raise ValidationError(problems or {"actual_end": "请填写实际结束日期"})
    with UnitOfWork(db) as uow:
        s = uow.session
        p = s.get(Placement, placement_id)
        if p is None:
            raise NotFound(deleted_message(s, "placement", placement_id, "找不到这条交流记录（可能已被删除）"))
        if p.start and period_end(when) < period_start(p.start):
            raise ValidationError({"actual_end": "结束日期早于开始日期"})
        upsert(
            s,
            Placement,
            placement_id,
            {"actual_end": when, "status": status},
            "找不到这条交流记录（可能已被删除）",
            expected_version=version,
            base=base,
            merge=merge,
            resolved=resolved,
        )
        uow.session.flush()
        current.refresh(uow.session, [p.teacher_id])
        uow.commit()


def delete(db, placement_id: int) -> dict:
    """Remove a placement; returns its values for undo (restore())."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        p = uow.session.get(Placement, placement_id)
        if p is None:
            raise NotFound("找不到这条交流记录（可能已被删除）")
        snap = {f: getattr(p, f) for f in FIELDS}
        tid = p.teacher_id
        uow.session.delete(p)
        uow.session.flush()
        current.refresh(uow.session, [tid])
        uow.commit()
        return snap


def restore(db, snap: dict) -> int:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        p = Placement(**snap)
        uow.session.add(p)
        uow.session.flush()
        current.refresh(uow.session, [p.teacher_id])
        uow.commit()
        return p.id


def transfer(db, teacher_id: int, to_school_id: int, on, *, note: str | None = None, batch: str | None = None) -> int:
    """调动: the post moves to another school from ``on``. Closes the current post record, opens a new
    one, records the 调动 (人事关系转移) and ends a placement the teacher had at the new school."""
    access.require(db, "edit")
    problems: dict[str, str] = {}
    when = _date("start", on, problems)
    if when is None:
        raise ValidationError(problems or {"start": "请填写调动日期"})
    with UnitOfWork(db) as uow:
        s = uow.session
        t = s.get(Teacher, teacher_id)
        if t is None:
            raise NotFound("找不到这名教师（可能已被删除）")
        move = move_post(s, t, to_school_id, when, note=note, batch=batch)
        current.refresh(s, [t.id])
        uow.commit()
        return move.id
