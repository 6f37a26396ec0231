"""Teaching competitions and awards (issue 21 §2): the bureau's list of competition kinds, each competition (优质课,
基本功, 说课 …) with its level, subject, stage, organiser, dates and the competition it selects for, and its entrants
with their school at the time, whether they were selected for the next level, and their result.

An entrant's award is also a row of the teacher's honours (models.Honour); `honour_id` links the two so the award
is one honour, updated and deleted with the result.
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentdesk.domain.dates import PartialDate
from talentdesk.store.models import Base, School, Teacher, Versioned


class CompetitionKind(Versioned, Base):
    """A kind of the bureau's list (优质课, 基本功 …), in the order the list offers them."""

    __tablename__ = "competition_kind"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)


class Competition(Versioned, Base):
    """One competition: name, kind (a name of the list as it was when recorded), level, subject, stage, organiser,
    START … END, and the higher-level competition its selected entrants go on to (县赛 → 市赛)."""

    __tablename__ = "competition"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    level: Mapped[str] = mapped_column(String(10))  # 国家级/省级/市级/县级/校级
    subject: Mapped[str | None] = mapped_column(String(20))
    stage: Mapped[str | None] = mapped_column(String(10))
    organiser: Mapped[str | None] = mapped_column(String(100))
    start: Mapped[PartialDate] = mapped_column(index=True)
    end: Mapped[PartialDate | None]
    next_id: Mapped[int | None] = mapped_column(ForeignKey("competition.id", ondelete="SET NULL"), index=True)
    note: Mapped[str | None] = mapped_column(Text)


class CompetitionEntrant(Versioned, Base):
    """A teacher who entered a competition: their school then, selected for the next level, result, and the honour
    record of an award."""

    __tablename__ = "competition_entrant"
    __table_args__ = (UniqueConstraint("competition_id", "teacher_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="SET NULL"), index=True)
    selected: Mapped[bool] = mapped_column(Boolean, default=False)
    result: Mapped[str | None] = mapped_column(String(10))
    honour_id: Mapped[int | None] = mapped_column(ForeignKey("honour.id", ondelete="SET NULL"), index=True)
    teacher: Mapped[Teacher] = relationship()
    school: Mapped[School | None] = relationship()


COMPETITION_MODELS = (CompetitionKind, Competition, CompetitionEntrant)
