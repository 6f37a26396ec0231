"""Research roles and networks (issue 21 §4): the bureau's list of roles a teacher holds besides the post
(兼职教研员, 蒲公英导师, 评委库 …) and each appointment with its subject, level, term and appointing body; the
bureau's list of studio output kinds and each studio's dated outputs with a quantity (研训课 x 节, 微讲座 x 堂).

A studio's parent (二级工作室 under a county studio) is the column studio.parent_id (models_cultivation).
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentdesk.domain.dates import PartialDate
from talentdesk.store.models import Base, Teacher, Versioned


class ResearchRoleKind(Versioned, Base):
    """A role of the bureau's list (兼职教研员, 蒲公英导师 …), in the order the list offers them."""

    __tablename__ = "research_role_kind"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)


class ResearchRole(Versioned, Base):
    """A teacher's appointment to a role (a name of the list as it was when recorded): subject, level, the term
    START … END (no end: open), the appointing body and its document number."""

    __tablename__ = "research_role"
    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20), index=True)
    subject: Mapped[str | None] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(10))  # 国家级/省级/市级/县级/校级
    start: Mapped[PartialDate] = mapped_column(index=True)
    end: Mapped[PartialDate | None]
    appointer: Mapped[str | None] = mapped_column(String(100))
    doc_no: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)
    teacher: Mapped[Teacher] = relationship()


class StudioOutputKind(Versioned, Base):
    """An output kind of the bureau's list (研训课, 微讲座 …) with the unit it is counted in."""

    __tablename__ = "studio_output_kind"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    unit: Mapped[str | None] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)


class StudioOutput(Versioned, Base):
    """A dated output of a studio with its quantity: 研训课 3 节, 微讲座 2 堂, 送教 1 次."""

    __tablename__ = "studio_output"
    id: Mapped[int] = mapped_column(primary_key=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studio.id", ondelete="CASCADE"), index=True)
    date: Mapped[PartialDate] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(20))
    quantity: Mapped[float] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)


ROLE_MODELS = (ResearchRoleKind, ResearchRole, StudioOutputKind, StudioOutput)
