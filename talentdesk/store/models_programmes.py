"""Talent and cultivation programmes (issue 20 §3, issue 21 §5): named programmes the bureau or
province runs (万人计划, 齐鲁名师建设工程, 中青年学科带头人培养对象 …) with their target, dated milestones and
members, each member with a join date and a result.

Not the pairing programmes (models.MentorProgramme, 青蓝工程) nor the 后备 reserve pool (ReserveEntry): a member
here is selected for a named programme with a cohort and a target.
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentdesk.domain.dates import PartialDate
from talentdesk.store.models import Base, Teacher, Versioned


class TalentProgramme(Versioned, Base):
    """A named programme and cohort: kind (人才工程/培养项目 or the bureau's own), level, organiser, START … END and
    the target: a designation (kind + level, e.g. 骨干教师 市级) or a sentence."""

    __tablename__ = "talent_programme"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(10))  # 国家级/省级/市级/县级
    cohort: Mapped[str | None] = mapped_column(String(30))  # 批次 / 年份
    organiser: Mapped[str | None] = mapped_column(String(100))
    start: Mapped[PartialDate | None] = mapped_column(index=True)
    end: Mapped[PartialDate | None]
    target_kind: Mapped[str | None] = mapped_column(String(10))  # a designation kind (codes.DESIGNATION)
    target_level: Mapped[str | None] = mapped_column(String(10))
    target_text: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


class ProgrammeMilestone(Versioned, Base):
    """A dated step of a programme (集中研修, 中期考核, 结业考核 …) and when it was done."""

    __tablename__ = "programme_milestone"
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("talent_programme.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    due: Mapped[PartialDate | None]
    done: Mapped[PartialDate | None]
    note: Mapped[str | None] = mapped_column(Text)


class ProgrammeMember(Versioned, Base):
    """A teacher in a programme: joined, result (在培/结业/合格/未合格/退出, with the reason of a 退出 or 未合格) and,
    where the programme has no target designation, whether the target was met as recorded."""

    __tablename__ = "programme_member"
    __table_args__ = (UniqueConstraint("programme_id", "teacher_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("talent_programme.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    joined: Mapped[PartialDate | None]
    result: Mapped[str] = mapped_column(String(10), default="在培")
    reason: Mapped[str | None] = mapped_column(Text)
    met: Mapped[bool | None] = mapped_column(Boolean)  # recorded; computed instead when a target designation is set
    teacher: Mapped[Teacher] = relationship()


PROGRAMME_MODELS = (TalentProgramme, ProgrammeMilestone, ProgrammeMember)
