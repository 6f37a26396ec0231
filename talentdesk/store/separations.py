"""A teacher leaves (离岗): the one write the 离岗登记 dialog and the import of leaving lists share — the separation
record, the status on the file, the post record and open placements closed, the current values refreshed."""

from __future__ import annotations

from sqlalchemy.orm import Session

from talentdesk.domain.dates import PartialDate
from talentdesk.domain.deployment import period_start
from talentdesk.store import current
from talentdesk.store.models import Teacher
from talentdesk.store.models_deployment import Separation


def leave(session: Session, t: Teacher, kind: str, when: PartialDate, **fields: str | None) -> Separation:
    """FIELDS: reason, destination, note, reason_code, dest_kind, dest_province, dest_city (checked by the caller)."""
    sep = Separation(teacher_id=t.id, kind=kind, date=when, school_id=t.cur_post_school_id, **fields)
    session.add(sep)
    day = period_start(when)
    for p in t.posts:
        began = period_start(p.start)
        if p.end is None and (began is None or day is None or began <= day):
            p.end = when
    for pl in t.placements:
        if pl.actual_end is None and pl.status in ("已审批", "在岗") and pl.kind != "调动":
            pl.actual_end, pl.status = when, "提前结束"
        elif pl.status == "拟交流":
            pl.status = "提前结束"
    t.status, t.status_date = kind, when
    session.flush()
    current.refresh(session, [t.id])
    return sep
