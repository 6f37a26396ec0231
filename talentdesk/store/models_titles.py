"""Titles as a career (issue 20 §2): the bureau's list of title routes (评审方式) and each school's approved post
structure (岗位设置) by year. A title record's route, 享受待遇 and 聘任 are columns of TitleRecord (models.py);
domain.titles has the rules."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentdesk.store.models import Base, School, Versioned


class TitleRoute(Versioned, Base):
    """A route of the bureau's list (正常评审, 破格 …)."""

    __tablename__ = "title_route"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)


class PostStructure(Versioned, Base):
    """A school's approved professional-technical posts for a year (岗位设置方案): 高级/中级/初级 counts and,
    when the approval gives them, counts by 专技岗位等级 (GRADES as text “五级=1;六级=2”, domain.titles)."""

    __tablename__ = "post_structure"
    __table_args__ = (UniqueConstraint("school_id", "year", name="uq_post_structure_school_year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    senior: Mapped[int] = mapped_column(Integer, default=0)  # 高级 (正高级 and 高级 teachers)
    middle: Mapped[int] = mapped_column(Integer, default=0)  # 中级 (一级教师)
    junior: Mapped[int] = mapped_column(Integer, default=0)  # 初级 (二级、三级教师)
    grades: Mapped[str | None] = mapped_column(String(200))
    document: Mapped[str | None] = mapped_column(String(60))  # 批复文号
    note: Mapped[str | None] = mapped_column(Text)
    school: Mapped[School] = relationship()


TITLE_MODELS = (TitleRoute, PostStructure)
