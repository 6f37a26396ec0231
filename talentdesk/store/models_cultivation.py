"""Cultivation (育) tables: pairing activities, studios, training courses and attendance, reserve pool.

Programmes and pairings themselves (MentorProgramme, Pairing) are in models.py (the importer writes
them). Talent tiers are derived from Designation and TitleRecord, so they need no table.
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentdesk.domain.dates import PartialDate
from talentdesk.store.models import Base, Pairing, School, Teacher, Versioned


class PairingActivity(Versioned, Base):
    """公开课、示范课、听课评课、集体备课、送教下乡… of one pairing."""

    __tablename__ = "pairing_activity"
    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairing.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    date: Mapped[PartialDate | None]
    place: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    pairing: Mapped[Pairing] = relationship()


class Studio(Versioned, Base):
    """名师工作室 / 名校长工作室 / 名班主任工作室."""

    __tablename__ = "studio"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(10))  # 国家级/省级/市级/县级
    host_id: Mapped[int | None] = mapped_column(ForeignKey("teacher.id", ondelete="SET NULL"), index=True)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="SET NULL"), index=True)
    subject: Mapped[str | None] = mapped_column(String(20))
    start: Mapped[PartialDate | None]
    end: Mapped[PartialDate | None]
    note: Mapped[str | None] = mapped_column(Text)
    # issue 21 §4: a 二级工作室 under a studio of a higher or the same level (0027)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("studio.id", ondelete="SET NULL"), index=True)
    host: Mapped[Teacher | None] = relationship()
    school: Mapped[School | None] = relationship()


class StudioMember(Versioned, Base):
    __tablename__ = "studio_member"
    __table_args__ = (UniqueConstraint("studio_id", "teacher_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studio.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10), default="成员")  # 成员/培养对象/助理
    joined: Mapped[PartialDate | None]
    left: Mapped[PartialDate | None]
    note: Mapped[str | None] = mapped_column(Text)


class StudioRecord(Versioned, Base):
    """An activity (研修活动、公开课、送教下乡、讲座) or an outcome (课题、论文、获奖) of a studio."""

    __tablename__ = "studio_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studio.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    date: Mapped[PartialDate | None]
    level: Mapped[str | None] = mapped_column(String(10))
    people: Mapped[str | None] = mapped_column(String(200))  # who took part / authors
    note: Mapped[str | None] = mapped_column(Text)


class TrainingCourse(Versioned, Base):
    """A course at one of five levels (国培/省培/市培/县培/校本)."""

    __tablename__ = "training_course"
    __table_args__ = (UniqueConstraint("name", "start"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(10))
    organiser: Mapped[str | None] = mapped_column(String(100))
    start: Mapped[PartialDate | None]
    end: Mapped[PartialDate | None]
    hours: Mapped[float | None] = mapped_column(Float)
    credits: Mapped[float | None] = mapped_column(Float)
    form: Mapped[str | None] = mapped_column(String(10))  # 集中/网络/混合
    note: Mapped[str | None] = mapped_column(Text)


class TrainingRecord(Versioned, Base):
    """A teacher's attendance of a course with the hours credited."""

    __tablename__ = "training_record"
    __table_args__ = (
        UniqueConstraint("course_id", "teacher_id"),
        Index("ix_training_record_teacher_course", "teacher_id", "course_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("training_course.id", ondelete="CASCADE"))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"))
    hours: Mapped[float] = mapped_column(Float, default=0.0)
    result: Mapped[str | None] = mapped_column(String(10))  # 合格/优秀/不合格/未完成
    note: Mapped[str | None] = mapped_column(Text)
    course: Mapped[TrainingCourse] = relationship()


class ReserveEntry(Versioned, Base):
    """后备人才库: 后备干部 / 后备名师."""

    __tablename__ = "reserve_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    pool: Mapped[str] = mapped_column(String(10))
    entered: Mapped[PartialDate | None]
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="SET NULL"))  # 推荐学校
    status: Mapped[str] = mapped_column(String(10), default="在库")  # 在库/已任用/已退出
    exited: Mapped[PartialDate | None]
    exit_reason: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


TEACHER_TABLES = (StudioMember, TrainingRecord, ReserveEntry)  # rows keyed by teacher_id
