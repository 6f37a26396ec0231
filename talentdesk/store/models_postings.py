"""Postings outside the county (issue 22 §2): a call for teachers (援藏/援疆/援边/对口支援, e.g. “2026年援藏教师选派”)
to an outside unit, and each candidate's selection steps (报名 → 推荐 → 考核 → 选派/未选派, each dated with a note).

A selected candidate's posting is a placement to the outside unit (Placement.outside_unit, to_school_id None); the
candidate row keeps the placement's id.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentdesk.domain.dates import PartialDate
from talentdesk.store.models import Base, Placement, Teacher, Versioned


class PostingCall(Versioned, Base):
    """A call for teachers to a unit outside the county: title, kind, unit, province/region, unit kind, the term
    (START … PLANNED_END), places (名额), 文号."""

    __tablename__ = "posting_call"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(10), index=True)  # 援藏/援疆/援边/对口支援
    unit: Mapped[str] = mapped_column(String(100))
    region: Mapped[str] = mapped_column(String(20))
    unit_kind: Mapped[str] = mapped_column(String(20))
    announced: Mapped[PartialDate | None]
    start: Mapped[PartialDate | None]
    planned_end: Mapped[PartialDate | None]
    places: Mapped[int | None] = mapped_column(Integer)
    document: Mapped[str | None] = mapped_column(String(60))
    note: Mapped[str | None] = mapped_column(Text)


class PostingCandidate(Versioned, Base):
    """A teacher's way through a call: 报名, 推荐, 考核 (each dated, with a note) and the decision (选派/未选派)."""

    __tablename__ = "posting_candidate"
    __table_args__ = (UniqueConstraint("call_id", "teacher_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("posting_call.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    applied_on: Mapped[PartialDate]
    applied_note: Mapped[str | None] = mapped_column(String(200))
    recommended_on: Mapped[PartialDate | None]
    recommended_note: Mapped[str | None] = mapped_column(String(200))
    assessed_on: Mapped[PartialDate | None]
    assessed_note: Mapped[str | None] = mapped_column(String(200))
    decision: Mapped[str | None] = mapped_column(String(10))  # 选派/未选派; None: not decided yet
    decided_on: Mapped[PartialDate | None]
    decision_note: Mapped[str | None] = mapped_column(String(200))
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placement.id", ondelete="SET NULL"))
    teacher: Mapped[Teacher] = relationship()
    call: Mapped[PostingCall] = relationship()
    placement: Mapped[Placement | None] = relationship()


POSTING_MODELS = (PostingCall, PostingCandidate)
