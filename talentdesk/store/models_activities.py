"""Activities with teachers (issue 21 §1): the bureau's list of activity kinds, each activity (送教下乡, 联片教研,
公开课, 师德巡讲, 走访慰问 …) with its dates, organiser, place, level and quantities, and the teachers who took part.

Pairing and studio activities stay with their pairing and studio (models_cultivation); the statistics count all
three sources in one figure (services.cultivation.activities.facts).
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentdesk.domain.dates import PartialDate
from talentdesk.store.models import Base, School, Teacher, Versioned


class ActivityKind(Versioned, Base):
    """A kind of the bureau's list (送教下乡, 联片教研 …), in the order the list offers them."""

    __tablename__ = "activity_kind"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)


class Activity(Versioned, Base):
    """One activity: kind (a name of the list, as it was when recorded), title, START … END, organiser, place (a
    school of the county, or a place outside written out), level, quantities and note."""

    __tablename__ = "activity"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(200))
    start: Mapped[PartialDate] = mapped_column(index=True)
    end: Mapped[PartialDate | None]
    organiser: Mapped[str | None] = mapped_column(String(100))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="SET NULL"), index=True)
    place: Mapped[str | None] = mapped_column(String(100))  # outside the county's schools
    level: Mapped[str] = mapped_column(String(10))  # 国家级/省级/市级/县级/校级
    lessons: Mapped[float | None] = mapped_column(Float)  # 节
    lectures: Mapped[float | None] = mapped_column(Float)  # 堂
    sessions: Mapped[float | None] = mapped_column(Float)  # 次
    person_times: Mapped[float | None] = mapped_column(Float)  # 人次 (None: the number of participants)
    hours: Mapped[float | None] = mapped_column(Float)  # 学时
    note: Mapped[str | None] = mapped_column(Text)
    school: Mapped[School | None] = relationship()


class ActivityParticipant(Versioned, Base):
    """A teacher who took part in an activity, with the part they played (参加/主讲/授课/组织)."""

    __tablename__ = "activity_participant"
    __table_args__ = (UniqueConstraint("activity_id", "teacher_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    role: Mapped[str | None] = mapped_column(String(10))
    teacher: Mapped[Teacher] = relationship()


ACTIVITY_MODELS = (ActivityKind, Activity, ActivityParticipant)
