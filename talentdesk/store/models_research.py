"""Research projects (课题, issue 21 §5): each project with its level, kind, issuing body, number, host
school, dates and step (立项 → 中期 → 结题 / 获奖, or 撤项 / 延期), and its group of teachers with their roles
(主持人, 核心成员, 成员). The host teacher is the group's 主持人 member.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentdesk.domain.dates import PartialDate
from talentdesk.store.models import Base, School, Teacher, Versioned


class ResearchProjectKind(Versioned, Base):
    """A kind of the bureau's list (重点课题, 一般课题 … and the county's own), in the order the list offers them."""

    __tablename__ = "research_project_kind"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(10), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)


class ResearchProject(Versioned, Base):
    """One project: title, level (国家级/省级/市级/县级), kind (重点课题 …), issuing body (立项单位), number (立项编号),
    school, approved (立项日期), planned end, status, award grade of a 获奖, concluded (结题日期) and a note."""

    __tablename__ = "research_project"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), index=True)
    level: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(10))
    issuer: Mapped[str | None] = mapped_column(String(100))
    number: Mapped[str | None] = mapped_column(String(50))
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    approved: Mapped[PartialDate] = mapped_column(index=True)
    planned_end: Mapped[PartialDate | None]
    status: Mapped[str] = mapped_column(String(10), default="立项")
    award: Mapped[str | None] = mapped_column(String(10))
    concluded: Mapped[PartialDate | None]
    note: Mapped[str | None] = mapped_column(Text)
    school: Mapped[School] = relationship()


class ResearchMember(Versioned, Base):
    """A teacher in a project's group with a role (主持人/核心成员/成员)."""

    __tablename__ = "research_member"
    __table_args__ = (UniqueConstraint("project_id", "teacher_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("research_project.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10), default="成员")
    teacher: Mapped[Teacher] = relationship()


RESEARCH_MODELS = (ResearchProjectKind, ResearchProject, ResearchMember)
