"""Postings outside the county (issue 22 §2): calls for teachers (援藏、援疆、援边、对口支援, e.g. “2026年援藏教师
选派”) to an outside unit, each candidate's selection steps (报名 → 推荐 → 考核 → 选派/未选派, dated, with notes),
and the teachers away on such a posting.

Rules on saving: a call has a title (unique), a kind of domain.postings.KINDS, the unit, its province/region and
kind, a term not ending before it starts; a candidate is a serving teacher listed once per call, with a 报名 date,
steps in order (domain.postings.check_steps), and 选派 only after 推荐 and 考核. A candidate marked 选派 gets a
placement to the call's unit (services.deployment.placements: the teacher works at no county school meanwhile);
marked back 未选派 (or undecided) the placement goes again, unless it has already ended. Every change is audited
(ORM session events) and needs the edit right.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from talentdesk.domain import codes, idnumber
from talentdesk.domain import postings as rules
from talentdesk.domain.dates import DateError, PartialDate, parse_loose
from talentdesk.domain.deployment import period_start, post_school
from talentdesk.errors import NotFound, UserError, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.deployment import placements as placement_svc
from talentdesk.services.platform.records import upsert
from talentdesk.store import current
from talentdesk.store.models import Placement, School, Teacher
from talentdesk.store.models_postings import PostingCall, PostingCandidate
from talentdesk.store.uow import UnitOfWork

CALL_FIELDS = (
    "title",
    "kind",
    "unit",
    "region",
    "unit_kind",
    "announced",
    "start",
    "planned_end",
    "places",
    "document",
    "note",
)
CALL_LABELS = {
    "title": "选派名称",
    "kind": "类别",
    "unit": "派往单位",
    "region": "省份/地区",
    "unit_kind": "单位类别",
    "announced": "发布日期",
    "start": "派出日期",
    "planned_end": "计划结束",
    "places": "名额",
    "document": "文号",
    "note": "备注",
}
CANDIDATE_FIELDS = (
    "call_id",
    "teacher_id",
    "applied_on",
    "applied_note",
    "recommended_on",
    "recommended_note",
    "assessed_on",
    "assessed_note",
    "decision",
    "decided_on",
    "decision_note",
)
CANDIDATE_LABELS = {
    "call_id": "选派",
    "teacher_id": "教师",
    "applied_on": "报名日期",
    "applied_note": "报名说明",
    "recommended_on": "推荐日期",
    "recommended_note": "推荐意见",
    "assessed_on": "考核日期",
    "assessed_note": "考核结果",
    "decision": "选派结果",
    "decided_on": "决定日期",
    "decision_note": "决定说明",
}
DATE_FIELDS = ("announced", "start", "planned_end")
STEP_DATES = tuple(f for f, _n, _l in rules.STEPS)
STEP_NOTES = tuple(n for _f, n, _l in rules.STEPS)
MISSING_CALL = "找不到这次选派（可能已被删除）"
MISSING_CANDIDATE = "找不到这名报名教师（可能已被删除）"


class CallRow(NamedTuple):
    id: int
    title: str
    kind: str
    region: str
    unit: str
    unit_kind: str
    announced: str
    start: str
    planned_end: str
    places: int | None
    applied: int
    selected: int
    document: str


class CandidateRow(NamedTuple):
    id: int
    call_id: int
    teacher_id: int
    call: str
    kind: str
    region: str
    name: str
    id_masked: str
    school: str
    applied_on: str
    recommended_on: str
    assessed_on: str
    decision: str
    decided_on: str
    stage: str
    notes: str


class AwayRow(NamedTuple):
    placement_id: int
    teacher_id: int
    name: str
    id_masked: str
    post_school: str
    kind: str
    region: str
    unit: str
    start: str
    planned_end: str
    status: str


def text(v) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def date(field: str, v, problems: dict) -> PartialDate | None:
    """A date as typed (2026-03, 2026.3.10 …), a PartialDate or a date; a wrong one is a problem of FIELD."""
    if v is None or isinstance(v, PartialDate):
        return v
    if isinstance(v, dt.date):
        return PartialDate.from_date(v)
    try:
        return parse_loose(v)
    except DateError as e:
        problems[field] = str(e)
        return None


def _iso(d: PartialDate | None) -> str:
    return d.iso() if d else ""


# ---------------------------------------------------------------- calls


def clean_call(values: dict) -> dict:
    problems: dict[str, str] = {}
    out: dict = {f: values.get(f) for f in CALL_FIELDS}
    for f in ("title", "kind", "unit", "region", "unit_kind", "document", "note"):
        out[f] = text(out[f])
    for f, limit in (("title", 100), ("unit", 100), ("region", 20), ("document", 60)):
        if out[f] and len(out[f]) > limit:
            problems[f] = f"不超过 {limit} 个字"
    for f, message in (
        ("title", "请填写选派名称（如“2026年援藏教师选派”）"),
        ("unit", "请填写派往的县外单位"),
        ("region", "请填写县外单位所在的省份/地区"),
    ):
        if not out[f]:
            problems[f] = message
    kind = codes.PLACEMENT_KIND.canonical(out["kind"]) if out["kind"] else None
    if kind not in rules.KINDS:
        problems["kind"] = f"类别应为：{'、'.join(rules.KINDS)}"
    out["kind"] = kind
    out["unit_kind"] = out["unit_kind"] or "学校"
    if out["unit_kind"] not in rules.UNIT_KINDS:
        problems["unit_kind"] = f"单位类别应为：{'、'.join(rules.UNIT_KINDS)}"
    for f in DATE_FIELDS:
        out[f] = date(f, out[f], problems)
    if out["start"] and out["planned_end"] and rules.before(out["planned_end"], out["start"]):
        problems["planned_end"] = "计划结束早于派出日期"
    v = out["places"]
    if v in (None, ""):
        out["places"] = None
    else:
        try:
            places = int(float(v))
            if places < 0 or places != float(v):
                raise ValueError
            out["places"] = places
        except (TypeError, ValueError):
            problems["places"] = f"名额应为不小于 0 的整数（不是“{v}”）"
    if problems:
        raise ValidationError(problems)
    return out


def list_calls(
    db,
    *,
    kind: str | None = None,
    region: str | None = None,
    first: PartialDate | None = None,
    last: PartialDate | None = None,
    search: str | None = None,
) -> list[CallRow]:
    """The calls, latest first, with their numbers of candidates (报名) and of teachers selected (选派). FIRST …
    LAST: calls announced (else starting) in the period."""
    c = PostingCandidate.__table__.c
    counts = (
        select(
            c.call_id.label("cid"),
            func.count().label("n"),
            func.sum(case((c.decision == rules.SELECTED, 1), else_=0)).label("sel"),
        )
        .group_by(c.call_id)
        .subquery()
    )
    stmt = (
        select(PostingCall, func.coalesce(counts.c.n, 0), func.coalesce(counts.c.sel, 0))
        .outerjoin(counts, counts.c.cid == PostingCall.id)
        .order_by(func.coalesce(PostingCall.announced, PostingCall.start).desc(), PostingCall.id.desc())
    )
    if kind:
        stmt = stmt.where(PostingCall.kind == kind)
    if region:
        stmt = stmt.where(PostingCall.region == region)
    if search:
        like = f"%{search.strip()}%"
        stmt = stmt.where(or_(PostingCall.title.like(like), PostingCall.unit.like(like)))
    with db.sessions() as s:
        out = []
        for call, n, sel in s.execute(stmt):
            if (first or last) and not rules.within(call.announced or call.start, first, last):
                continue
            out.append(
                CallRow(
                    call.id,
                    call.title,
                    call.kind,
                    call.region,
                    call.unit,
                    call.unit_kind,
                    _iso(call.announced),
                    _iso(call.start),
                    _iso(call.planned_end),
                    call.places,
                    int(n),
                    int(sel or 0),
                    call.document or "",
                )
            )
        return out


def call_choices(db) -> list[tuple[int, str]]:
    with db.sessions() as s:
        return list(s.execute(select(PostingCall.id, PostingCall.title).order_by(PostingCall.id.desc())).tuples())


def get_call(db, call_id: int) -> dict:
    with db.sessions() as s:
        call = s.get(PostingCall, call_id)
        if call is None:
            raise NotFound(MISSING_CALL)
        out = {f: getattr(call, f) for f in CALL_FIELDS}
        out["id"], out["version"] = call.id, call.version
        return out


def _sync_placement(s: Session, call: PostingCall, p: Placement) -> None:
    """A selected teacher's placement follows its call's kind, unit and term (until it has ended)."""
    p.kind, p.outside_unit, p.outside_region, p.outside_kind = call.kind, call.unit, call.region, call.unit_kind
    if p.actual_end is None:
        if call.start is not None:
            p.start = call.start
        p.planned_end = call.planned_end
    p.batch = call.title[:30]


def save_call(
    db,
    call_id: int | None,
    values: dict,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> int:
    """Add or change a call; the placements of its selected teachers follow a changed unit or term."""
    access.require(db, "edit")
    data = clean_call(values)
    with UnitOfWork(db) as uow:
        s = uow.session
        same = s.scalar(select(PostingCall.id).where(PostingCall.title == data["title"]))
        if same is not None and same != call_id:
            raise ValidationError({"title": f"已有名为“{data['title']}”的选派"})
        call = upsert(
            s,
            PostingCall,
            call_id,
            data,
            MISSING_CALL,
            expected_version=version,
            base=base,
            merge=merge,
            resolved=resolved,
        )
        touched = []
        for cand in s.scalars(select(PostingCandidate).where(PostingCandidate.call_id == call.id)):
            if cand.placement is not None:
                _sync_placement(s, call, cand.placement)
                touched.append(cand.teacher_id)
        s.flush()
        if touched:
            current.refresh(s, touched)
        uow.commit()
        return call.id


def delete_call(db, call_id: int) -> None:
    """Remove a call with its candidates; refused while a selected teacher has a placement from it."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        call = s.get(PostingCall, call_id)
        if call is None:
            raise NotFound(MISSING_CALL)
        sent = s.scalar(
            select(func.count())
            .select_from(PostingCandidate)
            .where(PostingCandidate.call_id == call_id, PostingCandidate.placement_id.is_not(None))
        )
        if sent:
            raise UserError(f"“{call.title}”已有 {sent} 名教师选派并登记派出，不能删除；请先把他们的选派结果改为未选派")
        for cand in s.scalars(select(PostingCandidate).where(PostingCandidate.call_id == call_id)):
            s.delete(cand)
        s.delete(call)
        uow.commit()


# ---------------------------------------------------------------- candidates


def clean_candidate(values: dict) -> dict:
    problems: dict[str, str] = {}
    out: dict = {f: values.get(f) for f in CANDIDATE_FIELDS}
    for f in (*STEP_NOTES, "decision"):
        out[f] = text(out[f])
        if f != "decision" and out[f] and len(out[f]) > 200:
            problems[f] = "不超过 200 个字"
    for f in STEP_DATES:
        out[f] = date(f, out[f], problems)
    if not out["call_id"]:
        problems["call_id"] = "请选择选派（如“2026年援藏教师选派”）"
    if not out["teacher_id"]:
        problems["teacher_id"] = "请选择教师"
    for f, message in rules.check_steps({f: out[f] for f in STEP_DATES}, out["decision"]).items():
        problems.setdefault(f, message)
    if problems:
        raise ValidationError(problems)
    return out


def _stage(c: PostingCandidate) -> str:
    return rules.stage({f: getattr(c, f) for f in STEP_DATES}, c.decision)


def list_candidates(
    db,
    *,
    call_id: int | None = None,
    stage: str | None = None,
    kind: str | None = None,
    region: str | None = None,
    first: PartialDate | None = None,
    last: PartialDate | None = None,
    search: str | None = None,
    school_id: int | None = None,
) -> list[CandidateRow]:
    """Candidates, by call (latest first) then 报名 date. STAGE: the furthest step reached (报名/推荐/考核/选派/
    未选派); FIRST … LAST: applied in the period; SCHOOL_ID: the teacher's post school."""
    stmt = (
        select(PostingCandidate, PostingCall, Teacher.name, Teacher.id_number, School.name)
        .join(PostingCall, PostingCall.id == PostingCandidate.call_id)
        .join(Teacher, Teacher.id == PostingCandidate.teacher_id)
        .outerjoin(School, School.id == Teacher.cur_post_school_id)
        .order_by(PostingCall.id.desc(), PostingCandidate.applied_on, PostingCandidate.id)
    )
    if call_id is not None:
        stmt = stmt.where(PostingCandidate.call_id == call_id)
    if kind:
        stmt = stmt.where(PostingCall.kind == kind)
    if region:
        stmt = stmt.where(PostingCall.region == region)
    if school_id is not None:
        stmt = stmt.where(Teacher.cur_post_school_id == school_id)
    if search:
        like = f"%{search.strip()}%"
        stmt = stmt.where(or_(Teacher.name.like(like), Teacher.id_number.like(like)))
    with db.sessions() as s:
        out = []
        for c, call, name, number, school in s.execute(stmt):
            st = _stage(c)
            if stage and st != stage:
                continue
            if (first or last) and not rules.within(c.applied_on, first, last):
                continue
            notes = "；".join(f"{label}：{getattr(c, n)}" for _f, n, label in rules.STEPS if getattr(c, n))
            out.append(
                CandidateRow(
                    c.id,
                    call.id,
                    c.teacher_id,
                    call.title,
                    call.kind,
                    call.region,
                    name,
                    idnumber.mask(number),
                    school or "",
                    _iso(c.applied_on),
                    _iso(c.recommended_on),
                    _iso(c.assessed_on),
                    c.decision or "",
                    _iso(c.decided_on),
                    st,
                    notes,
                )
            )
        return out


def get_candidate(db, candidate_id: int) -> dict:
    with db.sessions() as s:
        c = s.get(PostingCandidate, candidate_id)
        if c is None:
            raise NotFound(MISSING_CANDIDATE)
        out = {f: getattr(c, f) for f in CANDIDATE_FIELDS}
        out["id"], out["version"] = c.id, c.version
        out["teacher_name"] = c.teacher.name
        out["placement_id"] = c.placement_id
        return out


def _send(s: Session, call: PostingCall, c: PostingCandidate, today: dt.date) -> Placement:
    """The placement of a selected candidate: to the call's unit from the call's start (else the decision)."""
    start = call.start or c.decided_on
    posts, _stays = placement_svc.history(s, c.teacher_id)
    day = period_start(start) or today
    t = s.get(Teacher, c.teacher_id)
    p = Placement(
        teacher_id=c.teacher_id,
        from_school_id=post_school(posts, day) or (t.cur_post_school_id if t else None),
        to_school_id=None,
        kind=call.kind,
        start=start,
        planned_end=call.planned_end,
        moves_relation=False,
        status="在岗" if day <= today else "已审批",
        batch=call.title[:30],
        note=f"由“{call.title}”选派",
        outside_unit=call.unit,
        outside_region=call.region,
        outside_kind=call.unit_kind,
    )
    s.add(p)
    s.flush()
    return p


def save_candidate(
    db,
    candidate_id: int | None,
    values: dict,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
    today: dt.date | None = None,
) -> int:
    """Add or change a candidate; 选派 sends the teacher (a placement to the call's unit), 未选派 or no decision
    takes back a placement that has not ended."""
    access.require(db, "edit")
    data = clean_candidate(values)
    with UnitOfWork(db) as uow:
        c = write_candidate(
            uow.session,
            candidate_id,
            data,
            today or dt.date.today(),
            expected_version=version,
            base=base,
            merge=merge,
            resolved=resolved,
        )
        uow.commit()
        return c.id


def write_candidate(s: Session, candidate_id: int | None, data: dict, today: dt.date, **check) -> PostingCandidate:
    """Write checked candidate values (_clean_candidate) in session S: the call and teacher checks, the row, and the
    placement that follows the decision; the teacher's current values refreshed. CHECK: upsert's version check."""
    call = s.get(PostingCall, data["call_id"])
    if call is None:
        raise ValidationError({"call_id": MISSING_CALL})
    t = s.get(Teacher, data["teacher_id"])
    if t is None:
        raise ValidationError({"teacher_id": "找不到这名教师（可能已被删除）"})
    same = s.scalar(
        select(PostingCandidate.id).where(PostingCandidate.call_id == call.id, PostingCandidate.teacher_id == t.id)
    )
    if same is not None and same != candidate_id:
        raise ValidationError({"teacher_id": f"{t.name}已在“{call.title}”的报名名单中"})
    if candidate_id is None and t.status != codes.ACTIVE_STATUS:
        raise ValidationError({"teacher_id": f"{t.name}的人员状态为“{t.status}”，不能报名"})
    c = upsert(s, PostingCandidate, candidate_id, data, MISSING_CANDIDATE, **check)
    _follow_decision(s, call, c, t, today)
    s.flush()
    current.refresh(s, [t.id])
    return c


def _follow_decision(s: Session, call: PostingCall, c: PostingCandidate, t: Teacher, today: dt.date) -> None:
    p = c.placement
    if c.decision == rules.SELECTED and p is None:
        c.placement = _send(s, call, c, today)
    elif c.decision != rules.SELECTED and p is not None:
        if p.actual_end is not None:
            raise ValidationError(
                {"decision": f"{t.name}已派出并于 {p.actual_end.iso()} 结束，不能改为“{c.decision or '未决定'}”"}
            )
        c.placement = None
        s.delete(p)


def delete_candidate(db, candidate_id: int) -> None:
    """Take a teacher off a call's list; refused once selected (change the decision first)."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        c = s.get(PostingCandidate, candidate_id)
        if c is None:
            raise NotFound(MISSING_CANDIDATE)
        if c.placement_id is not None:
            raise UserError(f"{c.teacher.name}已选派并登记派出，不能删除；请先把选派结果改为未选派")
        s.delete(c)
        uow.commit()


# ---------------------------------------------------------------- teachers away, figures


def away(db, on: dt.date | None = None, school_ids: set[int] | None = None) -> list[AwayRow]:
    """Teachers on a posting outside the county on ON (default today): started, not ended (in their post school's
    scope when SCHOOL_IDS is given)."""
    on = on or dt.date.today()
    return away_in(db, on, on, school_ids)


def away_in(db, first: dt.date, last: dt.date, school_ids: set[int] | None = None) -> list[AwayRow]:
    """Teachers away on a posting outside the county at some time in FIRST … LAST."""
    from talentdesk.domain.deployment import Stay, stay_interval

    stmt = (
        select(Placement, Teacher.name, Teacher.id_number, Teacher.cur_post_school_id, School.name)
        .join(Teacher, Teacher.id == Placement.teacher_id)
        .outerjoin(School, School.id == Placement.from_school_id)
        .where(Placement.to_school_id.is_(None))
        .order_by(Placement.start, Placement.id)
    )
    with db.sessions() as s:
        out = []
        for p, name, number, post, school in s.execute(stmt):
            if school_ids is not None and post not in school_ids and p.from_school_id not in school_ids:
                continue
            iv = stay_interval(Stay(None, p.kind, p.status, p.start, p.planned_end, p.actual_end))
            if iv is None or iv[0] > last or (iv[1] is not None and iv[1] < first):
                continue
            out.append(
                AwayRow(
                    p.id,
                    p.teacher_id,
                    name,
                    idnumber.mask(number),
                    school or "",
                    p.kind,
                    p.outside_region or "",
                    p.outside_unit or "",
                    _iso(p.start),
                    _iso(p.planned_end),
                    p.status,
                )
            )
        return out


def facts(session: Session, school_ids: set[int] | None = None) -> list[rules.Candidate]:
    """Every candidate as the figures count it (in SCHOOL_IDS: by the teacher's post school)."""
    stmt = (
        select(
            PostingCall.kind,
            PostingCall.region,
            PostingCandidate.applied_on,
            PostingCandidate.decision,
            PostingCandidate.decided_on,
            Teacher.cur_post_school_id,
        )
        .join(PostingCall, PostingCall.id == PostingCandidate.call_id)
        .join(Teacher, Teacher.id == PostingCandidate.teacher_id)
    )
    return [
        rules.Candidate(kind, region, a, d, on)
        for kind, region, a, d, on, post in session.execute(stmt)
        if school_ids is None or post in school_ids
    ]
