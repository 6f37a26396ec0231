"""Personal growth plans and degree study (issue 21 §5).

GrowthGoal: one goal of a programme member's 个性化成长清单 (公开课, 论文, 课题, 获评骨干 …) with a due date, the
date it was done and the evidence; its status (未完成/已完成/逾期) is derived, never stored.

DegreeStudy: a teacher's 学历提升 (专升本, 攻读硕士/博士) with the bureau's support (脱产时间, 学费补助) and its
status (在读/已毕业/退学); when graduated, the new degree is written once into the teacher's education history and
the row keeps the link (education_id) so a re-save updates that record instead of adding another.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentdesk.domain.dates import PartialDate
from talentdesk.store.models import Base, Teacher, Versioned


class GrowthGoal(Versioned, Base):
    """A goal of a programme member's growth plan."""

    __tablename__ = "growth_goal"
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("programme_member.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    due: Mapped[PartialDate | None] = mapped_column(index=True)
    done: Mapped[PartialDate | None]
    evidence: Mapped[str | None] = mapped_column(Text)


class DegreeStudy(Versioned, Base):
    """A teacher studying for a higher degree with the bureau's support."""

    __tablename__ = "degree_study"
    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    degree: Mapped[str] = mapped_column(String(20))  # target 学历 (codes.DEGREE label)
    academic_degree: Mapped[str | None] = mapped_column(String(10))  # target 学位
    institution: Mapped[str | None] = mapped_column(String(100))
    major: Mapped[str | None] = mapped_column(String(100))
    mode: Mapped[str] = mapped_column(String(10))  # 全日制/在职
    start: Mapped[PartialDate | None] = mapped_column(index=True)
    expected_end: Mapped[PartialDate | None]
    leave_months: Mapped[int | None] = mapped_column(Integer)  # 脱产时间（月）
    tuition_support: Mapped[int | None] = mapped_column(Integer)  # 学费补助（元）
    status: Mapped[str] = mapped_column(String(10), default="在读")  # 在读/已毕业/退学
    graduated: Mapped[PartialDate | None]  # 毕业日期 (or the date of 退学)
    education_id: Mapped[int | None] = mapped_column(ForeignKey("education.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    teacher: Mapped[Teacher] = relationship()


GROWTH_MODELS = (GrowthGoal, DegreeStudy)
