"""Designations bureau-wide and their reviews during the term (issue 20 §3): 名师, 名校长, 名班主任 (三名工程) and the
other designations; a list with filters, each designation's reviews (考核, 能上能下), the designations due for review,
and the figures the reports print (reports.named_designations, reports.annual).

Rules on a review: the date lies within the designation's term (not before it started, not after it ended); the
result is one of 优秀/合格/基本合格/不合格; the decision is 继续保留, 撤销 or 降级, with a reason for the last two; a
不合格 result cannot keep its designation. 撤销 ends the designation on the review date, so it stops counting from
then; 降级 ends it too and starts the same designation one level lower from that date (its term running to the old
end). The end the designation had before is kept on the review: deleting the review (or changing its decision)
puts the designation back as it was. Only the latest review of a designation may end it, and a designation ended
by a review takes no later review. Every change is audited (ORM session events; the review carries the teacher's
id, so it shows in the teacher's 变更记录) and needs the edit right; the teacher's 骨干 value is recomputed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import NamedTuple

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from talentdesk.domain import codes
from talentdesk.domain import designations as rules
from talentdesk.domain.dates import DateError, PartialDate, parse_loose
from talentdesk.domain.policy import Policy
from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.platform import records
from talentdesk.store import current
from talentdesk.store.models import Designation, School, Teacher
from talentdesk.store.models_designations import DesignationReview
from talentdesk.store.uow import UnitOfWork

FIELDS = ("date", "stage", "result", "decision", "reason", "decided_by", "document")
LABELS = {
    "date": "考核日期",
    "stage": "考核类型",
    "result": "考核结果",
    "decision": "处理",
    "reason": "原因",
    "decided_by": "决定单位",
    "document": "文号",
}
MISSING = "找不到这条考核记录（可能已被删除）"
MISSING_DESIGNATION = "找不到这个称号（可能已被删除）"
STATUSES = ("在任", "已撤销", "已降级", "任期已满", "未开始")


class DesignationRow(NamedTuple):
    id: int
    teacher_id: int
    name: str
    school: str
    kind: str
    level: str
    subject: str
    start: str
    end: str
    status: str
    reviews: int
    last_review: str


COLUMNS = DesignationRow._fields
HEADERS = ("姓名", "学校", "称号", "级别", "学科", "认定时间", "结束时间", "状态", "考核次数", "最近考核")


class DueRow(NamedTuple):
    id: int
    teacher_id: int
    name: str
    school: str
    kind: str
    level: str
    start: str
    term_end: str
    stage: str
    due_on: str
    overdue: str
    last_review: str


DUE_HEADERS = ("姓名", "学校", "称号", "级别", "认定时间", "任期届满", "考核类型", "应考核时间", "逾期", "最近考核")


def _text(v) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def _school_col():
    return func.coalesce(Teacher.cur_work_school_id, Teacher.cur_post_school_id)


def _ending(s: Session) -> dict[int, str]:
    """designation id → the decision of the review that ended it (撤销/降级)."""
    return {
        did: dec
        for did, dec in s.execute(
            select(DesignationReview.designation_id, DesignationReview.decision).where(
                DesignationReview.decision.in_(rules.ENDING)
            )
        )
    }


def status_of(start: PartialDate | None, end: PartialDate | None, ended_by: str | None, on: dt.date) -> str:
    if start is not None and start.first_day() > on:
        return "未开始"
    if rules.in_force(start, end, on):
        return "在任"
    if ended_by == rules.WITHDRAW:
        return "已撤销"
    if ended_by == rules.LOWER:
        return "已降级"
    return "任期已满"


def list_rows(
    db,
    *,
    kind: str | None = None,
    level: str | None = None,
    school_id: int | None = None,
    status: str | None = None,
    search: str | None = None,
    on: dt.date | None = None,
) -> list[DesignationRow]:
    """Designations with their teacher and reviews, by kind and level, then name. KIND may be 三名工程 (名师, 名校长,
    名班主任). STATUS: one of STATUSES on ON (today). SCHOOL_ID: the teacher's work school (else post school)."""
    on = on or dt.date.today()
    stmt = (
        select(
            Designation.id,
            Designation.teacher_id,
            Teacher.name,
            School.name,
            Designation.kind,
            Designation.level,
            Designation.subject,
            Designation.start,
            Designation.end,
        )
        .join(Teacher, Teacher.id == Designation.teacher_id)
        .outerjoin(School, School.id == _school_col())
    )
    if kind == "三名工程":
        stmt = stmt.where(Designation.kind.in_(codes.SANMING_KINDS))
    elif kind:
        stmt = stmt.where(Designation.kind == kind)
    if level:
        stmt = stmt.where(Designation.level == level)
    if school_id:
        stmt = stmt.where(_school_col() == school_id)
    if search:
        like = f"%{search.strip()}%"
        stmt = stmt.where(or_(Teacher.name.like(like), School.name.like(like)))
    with db.sessions() as s:
        ended = _ending(s)
        counts: Counter = Counter()
        last: dict[int, PartialDate] = {}
        for did, d in s.execute(select(DesignationReview.designation_id, DesignationReview.date)):
            counts[did] += 1
            if did not in last or last[did] < d:
                last[did] = d
        out = []
        for did, tid, name, school, k, lv, subject, start, end in s.execute(stmt):
            st = status_of(start, end, ended.get(did), on)
            if status and st != status:
                continue
            out.append(
                DesignationRow(
                    did,
                    tid,
                    name,
                    school or "",
                    k,
                    lv,
                    subject or "",
                    start.iso() if start else "",
                    end.iso() if end else "",
                    st,
                    counts.get(did, 0),
                    last[did].iso() if did in last else "",
                )
            )
    out.sort(key=lambda r: (-codes.LEVEL.rank(r.level), r.kind, r.school, r.name, r.id))
    return out


def get(db, designation_id: int, on: dt.date | None = None) -> dict:
    """One designation with its teacher, status on ON (today) and reviews (oldest first)."""
    with db.sessions() as s:
        d = s.get(Designation, designation_id)
        if d is None:
            raise NotFound(MISSING_DESIGNATION)
        t = s.get(Teacher, d.teacher_id)
        school = s.get(School, t.cur_work_school_id or t.cur_post_school_id) if t else None
        revs = _reviews(s, designation_id)
        ended = next((r["decision"] for r in revs if r["decision"] in rules.ENDING), None)
        return {
            "id": d.id,
            "version": d.version,
            "teacher_id": d.teacher_id,
            "name": t.name if t else "",
            "school": school.name if school else "",
            "kind": d.kind,
            "level": d.level,
            "subject": d.subject or "",
            "start": d.start,
            "end": d.end,
            "issuer": d.issuer or "",
            "status": status_of(d.start, d.end, ended, on or dt.date.today()),
            "reviews": revs,
        }


def _reviews(s: Session, designation_id: int) -> list[dict]:
    rows = s.scalars(
        select(DesignationReview)
        .where(DesignationReview.designation_id == designation_id)
        .order_by(DesignationReview.date, DesignationReview.id)
    )
    return [
        {"id": r.id, "version": r.version, **{f: getattr(r, f) for f in FIELDS}, "end_before": r.end_before}
        for r in rows
    ]


def reviews(db, designation_id: int) -> list[dict]:
    with db.sessions() as s:
        return _reviews(s, designation_id)


def clean(values: dict) -> dict:
    """The typed values of FIELDS (dates parsed, codes checked for their form); ValidationError otherwise."""
    problems: dict[str, str] = {}
    out: dict = {f: _text(values.get(f)) for f in FIELDS if f != "date"}
    raw = values.get("date")
    if isinstance(raw, PartialDate) or raw is None:
        out["date"] = raw
    elif isinstance(raw, dt.date):
        out["date"] = PartialDate.from_date(raw)
    else:
        try:
            out["date"] = parse_loose(raw) if _text(raw) else None
        except DateError as e:
            problems["date"] = f"考核日期：{e}"
            out["date"] = None
    if out["result"]:
        out["result"] = codes.APPRAISAL.canonical(out["result"]) or out["result"]
    if out["stage"] and out["stage"] not in rules.STAGES:
        problems["stage"] = f"考核类型应为{'、'.join(rules.STAGES)}之一（也可不填）"
    for f, n in rules.MAX_LENGTH.items():
        if out[f] and len(out[f]) > n:
            problems[f] = f"{LABELS[f]}太长（最多 {n} 个字）"
    if problems:
        raise ValidationError(problems)
    return out


def _undo_effect(s: Session, rev: DesignationReview, d: Designation) -> None:
    """Put the designation back as it was before REV ended it (its end; the lower designation of a 降级 gone)."""
    if rev.decision not in rules.ENDING:
        return
    if rev.successor_id is not None:
        succ = s.get(Designation, rev.successor_id)
        if succ is not None:
            n = s.scalar(select(func.count()).where(DesignationReview.designation_id == succ.id)) or 0
            if n:
                raise ValidationError(
                    {"decision": f"降级后的{succ.level}{succ.kind}已有 {n} 条考核记录：请先删除那些记录"}
                )
            s.delete(succ)
        rev.successor_id = None
    d.end = rev.end_before
    rev.end_before = None


def _apply_effect(s: Session, rev: DesignationReview, d: Designation) -> None:
    """撤销/降级: end the designation on the review date (降级: the same designation one level lower from then)."""
    if rev.decision not in rules.ENDING:
        return
    rev.end_before = d.end
    d.end = rev.date
    if rev.decision == rules.LOWER:
        lower = rules.lower_level(d.level)
        succ = Designation(
            teacher_id=d.teacher_id,
            kind=d.kind,
            level=lower,
            subject=d.subject,
            start=rev.date,
            end=rev.end_before,
            issuer=rev.decided_by,
            note=f"由{d.level}{d.kind}降级（{rev.document or rev.date.iso()}）",
        )
        s.add(succ)
        s.flush()
        rev.successor_id = succ.id


def save_review(
    db,
    designation_id: int,
    review_id: int | None,
    values: dict,
    *,
    expected_version: int | None = None,
    base: dict | None = None,
) -> int:
    """Add (REVIEW_ID None) or change a review of DESIGNATION_ID; returns its id. A 撤销/降级 ends the designation
    (module docstring); changing a review undoes its effect first, then applies the new one."""
    access.require(db, "edit")
    v = clean(values)
    with UnitOfWork(db) as uow:
        s = uow.session
        d = s.get(Designation, designation_id)
        if d is None:
            raise NotFound(records.deleted_message(s, "designation", designation_id, MISSING_DESIGNATION))
        rev = None
        if review_id is not None:
            rev = s.get(DesignationReview, review_id)
            if rev is None or rev.designation_id != designation_id:
                raise NotFound(records.deleted_message(s, "designation_review", review_id, MISSING))
        others = [
            r
            for r in s.scalars(select(DesignationReview).where(DesignationReview.designation_id == designation_id))
            if r.id != review_id
        ]
        end_before = rev.end_before if rev is not None and rev.decision in rules.ENDING else d.end
        ender = next((r for r in others if r.decision in rules.ENDING), None)
        if ender is not None:
            end_before = ender.date  # the term as the other review left it
        problems = rules.check_review(v["date"], v["result"], v["decision"], v["reason"], d.start, end_before, d.level)
        who = f"{d.level}{d.kind}"
        if ender is not None and v["date"] is not None and not v["date"] < ender.date:
            problems["date"] = f"这个{who}已于 {ender.date.iso()} 经考核{ender.decision}，之后不能再考核"
        if not problems and v["decision"] in rules.ENDING and v["date"] is not None:
            later = [r for r in others if not r.date < v["date"]]
            if later:
                problems["decision"] = (
                    f"{v['date'].iso()} 之后还有考核记录（{later[0].date.iso()}）："
                    f"只有最近一次考核可以{v['decision']}称号"
                )
        if problems:
            raise ValidationError({f: f"{who}：{m}" for f, m in problems.items()})
        if rev is not None:
            if expected_version is not None and rev.version != expected_version:
                merged = records.merged(s, rev, v, base, merge=True)
                v = {**v, **merged}
            _undo_effect(s, rev, d)
            records.assign(rev, v)
        else:
            rev = DesignationReview(designation_id=d.id, teacher_id=d.teacher_id, **v)
            s.add(rev)
        s.flush()
        _apply_effect(s, rev, d)
        s.flush()
        current.refresh(s, [d.teacher_id])
        uow.commit()
        return rev.id


def delete_review(db, review_id: int, *, expected_version: int | None = None) -> None:
    """Delete a review; a 撤销/降级 it made is undone (the designation's end back, the lower designation gone)."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        rev = s.get(DesignationReview, review_id)
        if rev is None:
            raise NotFound(records.deleted_message(s, "designation_review", review_id, MISSING))
        if expected_version is not None and rev.version != expected_version:
            records.delete(s, rev, expected_version=expected_version)  # raises the conflict, saying who changed it
        d = s.get(Designation, rev.designation_id)
        if d is not None:
            _undo_effect(s, rev, d)
        # the version check first (the undo above changes the review's own columns, which would count as a change)
        records.delete(s, rev, expected_version=None if expected_version is None else rev.version)
        if d is not None:
            current.refresh(s, [d.teacher_id])
        uow.commit()


# ---------------------------------------------------------------- lists and figures


def due_rows(
    db,
    policy: Policy,
    on: dt.date | None = None,
    *,
    kind: str | None = None,
    school_ids: set[int] | None = None,
    months: int | None = None,
) -> list[DueRow]:
    """Designations in force on ON whose 期中/期满 review is due within MONTHS (Policy.designation_review_months) or
    overdue (domain.designations.due); KIND: one kind or 三名工程 (default: every kind). Overdue first, then by
    date."""
    on = on or dt.date.today()
    months = policy.designation_review_months if months is None else months
    with db.sessions() as s:
        reviewed: dict[int, list[dt.date]] = {}
        last: dict[int, PartialDate] = {}
        for did, d in s.execute(select(DesignationReview.designation_id, DesignationReview.date)):
            reviewed.setdefault(did, []).append(d.first_day())
            if did not in last or last[did] < d:
                last[did] = d
        stmt = (
            select(
                Designation.id,
                Designation.teacher_id,
                Teacher.name,
                School.name,
                Designation.kind,
                Designation.level,
                Designation.start,
                Designation.end,
                _school_col(),
            )
            .join(Teacher, Teacher.id == Designation.teacher_id)
            .outerjoin(School, School.id == _school_col())
            .where(Teacher.status == codes.ACTIVE_STATUS)
        )
        if kind == "三名工程":
            stmt = stmt.where(Designation.kind.in_(codes.SANMING_KINDS))
        elif kind:
            stmt = stmt.where(Designation.kind == kind)
        out = []
        for did, tid, name, school, k, lv, start, end, sid in s.execute(stmt):
            if school_ids is not None and sid not in school_ids:
                continue
            if not rules.in_force(start, end, on):
                continue
            term = rules.term_of(start, end, policy.designation_term_years)
            due = rules.due(term, reviewed.get(did, []), on, months)
            if due is None or term is None:
                continue
            out.append(
                DueRow(
                    did,
                    tid,
                    name,
                    school or "",
                    k,
                    lv,
                    start.iso() if start else "",
                    term.end.isoformat() + ("（按政策）" if term.planned else ""),
                    due.stage,
                    due.on.isoformat(),
                    "逾期" if due.overdue else "",
                    last[did].iso() if did in last else "",
                )
            )
    out.sort(key=lambda r: (r.overdue != "逾期", r.due_on, r.school, r.name))
    return out


def held_on(s: Session, on: dt.date, kinds: tuple[str, ...], school_ids: set[int] | None) -> list[tuple]:
    """(teacher id, kind, level) of the designations of KINDS in force on ON, of serving teachers in scope (their
    post school)."""
    stmt = (
        select(
            Designation.teacher_id,
            Designation.kind,
            Designation.level,
            Designation.start,
            Designation.end,
            Teacher.cur_post_school_id,
        )
        .join(Teacher, Teacher.id == Designation.teacher_id)
        .where(Designation.kind.in_(kinds), Teacher.status == codes.ACTIVE_STATUS)
    )
    return [
        (tid, k, lv)
        for tid, k, lv, a, b, sid in s.execute(stmt)
        if rules.in_force(a, b, on) and (school_ids is None or sid in school_ids)
    ]


def designated_between(
    s: Session, first: dt.date, last: dt.date, kinds: tuple[str, ...], school_ids: set[int] | None
) -> list[tuple]:
    """(teacher id, kind, level, start) of designations of KINDS that began from FIRST to LAST (a start known to the
    month or year counts where its first day lies); a 降级's lower designation is no new designation."""
    lowered = set(s.scalars(select(DesignationReview.successor_id).where(DesignationReview.successor_id.is_not(None))))
    stmt = (
        select(
            Designation.id,
            Designation.teacher_id,
            Designation.kind,
            Designation.level,
            Designation.start,
            Teacher.cur_post_school_id,
        )
        .join(Teacher, Teacher.id == Designation.teacher_id)
        .where(Designation.kind.in_(kinds), Designation.start.is_not(None))
    )
    return [
        (tid, k, lv, a)
        for did, tid, k, lv, a, sid in s.execute(stmt)
        if did not in lowered and first <= a.first_day() <= last and (school_ids is None or sid in school_ids)
    ]


def reviews_between(
    s: Session, first: dt.date, last: dt.date, kinds: tuple[str, ...] | None, school_ids: set[int] | None
) -> list[tuple]:
    """(teacher id, kind, level, date, stage, result, decision, reason, decided_by, document) of the reviews dated
    from FIRST to LAST, of designations of KINDS (None: every kind)."""
    stmt = (
        select(
            DesignationReview.teacher_id,
            Designation.kind,
            Designation.level,
            DesignationReview.date,
            DesignationReview.stage,
            DesignationReview.result,
            DesignationReview.decision,
            DesignationReview.reason,
            DesignationReview.decided_by,
            DesignationReview.document,
            Teacher.cur_post_school_id,
        )
        .join(Designation, Designation.id == DesignationReview.designation_id)
        .join(Teacher, Teacher.id == DesignationReview.teacher_id)
    )
    if kinds is not None:
        stmt = stmt.where(Designation.kind.in_(kinds))
    return [
        tuple(r[:10])
        for r in s.execute(stmt)
        if first <= r[3].first_day() <= last and (school_ids is None or r[10] in school_ids)
    ]
