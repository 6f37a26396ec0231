"""编制台账 (issue 22 §1): the quota decisions per school and the county's 事业编制 per school year.

SchoolYearStat.quota (核定编制 per school, year and stage) is kept as the ledger's result for the schools and
stages that have decisions (services.deployment.quota_ledger writes it after every change).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from talentdesk.store.models import Base, Versioned, _now


class QuotaDecision(Versioned, Base):
    """One dated decision with its 文号: 核定, 核增, 核减, 调剂 (school → to_school), 专项编制, and the county
    pool's 入池, 借出, 收回 (domain.quota.KINDS). A wrong decision is voided (void, with a reason), never deleted."""

    __tablename__ = "quota_decision"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    school_year: Mapped[int] = mapped_column(Integer, index=True)
    decided_on: Mapped[dt.date] = mapped_column(Date)
    doc_no: Mapped[str] = mapped_column(String(60))  # 文号
    count: Mapped[int] = mapped_column(Integer)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"), index=True)
    stage: Mapped[str | None] = mapped_column(String(10))
    to_school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"), index=True)
    to_stage: Mapped[str | None] = mapped_column(String(10))
    post_category: Mapped[str | None] = mapped_column(String(20))  # 岗位类别 (专任教师…), optional
    purpose: Mapped[str | None] = mapped_column(String(50))  # 专项编制: 高层次人才…
    reason: Mapped[str | None] = mapped_column(Text)
    void: Mapped[bool] = mapped_column(Boolean, default=False)
    void_reason: Mapped[str | None] = mapped_column(Text)
    voided_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class CountyQuota(Versioned, Base):
    """The county's total 事业编制 and the education system's share, per school year."""

    __tablename__ = "quota_county"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_year: Mapped[int] = mapped_column(Integer, unique=True)
    total_posts: Mapped[int] = mapped_column(Integer)  # 全县事业编制总量
    education_posts: Mapped[int] = mapped_column(Integer)  # 其中教育系统
    doc_no: Mapped[str | None] = mapped_column(String(60))
    note: Mapped[str | None] = mapped_column(Text)
