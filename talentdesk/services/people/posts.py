"""A teacher's post moving to another school (调动), inside the caller's session: used by a transfer
(deployment.placements.transfer), an approved 调配方案 (deployment.redeploy) and the demo county's approved plan."""

from __future__ import annotations

import datetime as dt

from talentdesk.domain import codes
from talentdesk.domain.dates import PartialDate
from talentdesk.domain.deployment import TRANSFER, period_end, period_start
from talentdesk.errors import UserError, ValidationError
from talentdesk.store.models import Placement, PostRecord, School, Teacher, Teaching


def _day_before(d: PartialDate) -> PartialDate:
    if d.day:
        return PartialDate.from_date(d.first_day() - dt.timedelta(days=1))
    if d.month:
        return PartialDate(d.year - 1, 12) if d.month == 1 else PartialDate(d.year, d.month - 1)
    return PartialDate(d.year - 1)


def move_post(s, t: Teacher, to_school_id: int, when: PartialDate, *, note: str | None, batch: str | None) -> Placement:
    """The post moves, inside the caller's session (transfer(), an approved 调配方案): closes the current post
    record, opens a new one, records the 调动 placement and ends a placement the teacher had at the new school.
    The caller refreshes the teacher's current fields and commits."""
    if s.get(School, to_school_id) is None:
        raise ValidationError({"to_school_id": "找不到这所学校"})
    if t.status != codes.ACTIVE_STATUS:
        raise UserError(f"{t.name}的人员状态为“{t.status}”，不能办理调动")
    day = period_start(when) or dt.date.min
    open_posts = [p for p in t.posts if p.end is None or (period_end(p.end) or dt.date.max) >= day]
    old = max(open_posts, key=lambda p: period_start(p.start) or dt.date.min, default=None)
    if old is not None and old.school_id == to_school_id:
        raise ValidationError({"to_school_id": f"{t.name}的编制已在这所学校"})
    if old is not None and old.start is not None and (period_start(old.start) or dt.date.min) >= day:
        raise ValidationError({"start": f"调动日期应晚于现编制学校的开始日期（{old.start.chinese()}）"})
    from_id = old.school_id if old else None
    for p in open_posts:
        p.end = _day_before(when)
    s.add(PostRecord(teacher_id=t.id, school_id=to_school_id, start=when, end=None, note=note or "调动"))
    for pl in t.placements:  # a loan or exchange at the new school becomes the post itself
        if (
            pl.kind != TRANSFER
            and pl.to_school_id == to_school_id
            and pl.actual_end is None
            and pl.status in ("已审批", "在岗")
        ):
            pl.actual_end, pl.status = _day_before(when), "提前结束"
            pl.note = ((pl.note + "；") if pl.note else "") + "转为调动"
    move = Placement(
        teacher_id=t.id,
        from_school_id=from_id,
        to_school_id=to_school_id,
        kind=TRANSFER,
        start=when,
        moves_relation=True,
        status="在岗",
        batch=batch,
        note=note,
    )
    s.add(move)
    t.school_entry = when
    s.flush()
    return move


def teach_from(s, t: Teacher, school_year: int, stage: str | None, subject: str | None) -> None:
    """After a move: the stage and subject taught at the new school from SCHOOL_YEAR on, as a teaching record
    (only when they change; a later record of the teacher's keeps the year it names)."""
    if (stage or t.cur_stage) == t.cur_stage and (subject or t.cur_subject) == t.cur_subject:
        return
    year = max([school_year, *(x.school_year for x in t.teachings)])
    s.add(Teaching(teacher_id=t.id, school_year=year, stage=stage or t.cur_stage, subject=subject or t.cur_subject))
