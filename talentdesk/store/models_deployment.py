"""Deployment and retention (issue 5): rotation years with exclusions and proposals, separations,
rural-service honours given, the situations that put a teacher at risk of leaving, watch rules.

Placements and post records themselves are foundation tables (models.Placement, models.PostRecord).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentdesk.domain.dates import PartialDate
from talentdesk.store.models import Base, School, Teacher, Versioned, _now


class RotationYear(Versioned, Base):
    """One year's rotation (交流轮岗年度): the sending schools, the period, the state of the plan."""

    __tablename__ = "rotation_year"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)  # the school year, named by its first year
    name: Mapped[str] = mapped_column(String(50))
    start: Mapped[PartialDate | None]
    planned_end: Mapped[PartialDate | None]
    quality_schools: Mapped[str] = mapped_column(Text, default="[]")  # JSON ids of 优质学校 (besides 城区 ones)
    status: Mapped[str] = mapped_column(String(10), default="编制方案")  # 编制方案 / 已审批
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    note: Mapped[str | None] = mapped_column(Text)


class RotationExclusion(Versioned, Base):
    """A teacher the clerk left out of this year's rotation (怀孕、重病、即将退休…)."""

    __tablename__ = "rotation_exclusion"
    __table_args__ = (UniqueConstraint("year_id", "teacher_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("rotation_year.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)


class RotationProposal(Versioned, Base):
    """One row of the year's plan: proposed by the optimiser or added by the clerk, then approved."""

    __tablename__ = "rotation_proposal"
    __table_args__ = (UniqueConstraint("year_id", "teacher_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("rotation_year.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    from_school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"))
    to_school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"))
    kind: Mapped[str] = mapped_column(String(10), default="交流轮岗")
    start: Mapped[PartialDate | None]
    planned_end: Mapped[PartialDate | None]
    moves_relation: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(Text)  # why this teacher to this school (Chinese)
    score: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(10), default="方案")  # 方案 (optimiser) / 手工 (clerk)
    status: Mapped[str] = mapped_column(String(10), default="拟交流")  # 拟交流 / 已审批
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placement.id", ondelete="SET NULL"))
    teacher: Mapped[Teacher] = relationship()
    from_school: Mapped[School | None] = relationship(foreign_keys=[from_school_id])
    to_school: Mapped[School | None] = relationship(foreign_keys=[to_school_id])


class Separation(Versioned, Base):
    """A teacher leaving the county's service (调出/辞职/退休/解聘/去世)."""

    __tablename__ = "separation"
    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    date: Mapped[PartialDate | None]
    reason: Mapped[str | None] = mapped_column(Text)
    destination: Mapped[str | None] = mapped_column(String(100))
    reason_code: Mapped[str | None] = mapped_column(String(20))  # domain.attrition.LEAVE_REASONS (free text kept)
    dest_kind: Mapped[str | None] = mapped_column(String(20))  # domain.attrition.DESTINATION_KINDS
    dest_province: Mapped[str | None] = mapped_column(String(20))
    dest_city: Mapped[str | None] = mapped_column(String(30))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"))  # the post school when leaving
    note: Mapped[str | None] = mapped_column(Text)


class RuralHonour(Versioned, Base):
    """A rural-service certificate already given (乡村从教 国家/省/县), so nobody is listed twice."""

    __tablename__ = "rural_honour"
    __table_args__ = (UniqueConstraint("teacher_id", "level"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(10))  # 国家 / 省 / 县
    year: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)


class TeacherSituation(Versioned, Base):
    """A known situation that may make a teacher leave: 申请调动, 两地分居, …"""

    __tablename__ = "teacher_situation"
    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    since: Mapped[PartialDate | None]
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)


class WatchRule(Versioned, Base):
    """A transparent rule of the attrition watch list: every filled condition must hold."""

    __tablename__ = "watch_rule"
    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(50))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    min_degree: Mapped[str | None] = mapped_column(String(20))
    min_title: Mapped[str | None] = mapped_column(String(20))
    age_below: Mapped[int | None] = mapped_column(Integer)
    rural_only: Mapped[bool] = mapped_column(Boolean, default=False)
    situation: Mapped[str | None] = mapped_column(String(20))
    no_title_years: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    # the school group the rule looks at; empty: all schools, or the rural ones when rural_only
    group_id: Mapped[int | None] = mapped_column(ForeignKey("school_group.id", ondelete="SET NULL"))


class SchoolGroup(Versioned, Base):
    """A named group of schools the bureau watches together (城区直属学校, 乡村学校…): the schools whose 城乡类型,
    办学类型, 乡镇 and 区县 are each in its lists (an empty list: any; all lists empty: none), plus the ones picked by
    hand. Lists are stored as text joined by 、."""

    __tablename__ = "school_group"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    areas: Mapped[str | None] = mapped_column(Text)
    kinds: Mapped[str | None] = mapped_column(Text)
    townships: Mapped[str | None] = mapped_column(Text)
    counties: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


class SchoolGroupMember(Base):
    """A school picked by hand into a group."""

    __tablename__ = "school_group_member"
    __table_args__ = (UniqueConstraint("group_id", "school_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("school_group.id", ondelete="CASCADE"))
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)


class RetentionResponse(Versioned, Base):
    """A management response (管理响应) to a teacher on the watch list: who talked to them and when, what was
    offered, the outcome (跟进中 until 留任/调出/辞职) and the date to follow up."""

    __tablename__ = "retention_response"
    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    talked_on: Mapped[PartialDate | None]
    talked_by: Mapped[str] = mapped_column(String(30))
    offered: Mapped[str | None] = mapped_column(String(200))  # offers joined by 、
    outcome: Mapped[str] = mapped_column(String(10), default="跟进中")
    follow_up: Mapped[PartialDate | None]
    note: Mapped[str | None] = mapped_column(Text)


class RedeployPlan(Versioned, Base):
    """One school year's permanent redeployment plan (调配方案): the moves proposed, then approved with a 文号."""

    __tablename__ = "redeploy_plan"
    # one plan per school year and county (county: empty in a county's own database; a city database keeps each
    # county's plans, from its data package)
    __table_args__ = (UniqueConstraint("county", "school_year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_year: Mapped[int] = mapped_column(Integer)  # named by its first year
    name: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(10), default="编制方案")  # 编制方案 / 已审批 / 已撤销
    doc_number: Mapped[str | None] = mapped_column(String(30))  # 文号 of the approval
    approved_on: Mapped[PartialDate | None]  # the date the posts move
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    note: Mapped[str | None] = mapped_column(Text)
    county: Mapped[str | None] = mapped_column(String(50))  # the county whose package brought it (city database)
    # 撤销已批准方案 (issue 22 §2): the teachers' posts went back to their former schools
    revoked_on: Mapped[PartialDate | None]  # the date the posts move back
    revoke_doc: Mapped[str | None] = mapped_column(String(30))  # 文号 of the revocation
    revoke_reason: Mapped[str | None] = mapped_column(Text)
    revoked_by: Mapped[str | None] = mapped_column(String(100))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class RedeployMove(Versioned, Base):
    """One move of a plan: a teacher's post from a school with a surplus to one with a gap, and why."""

    __tablename__ = "redeploy_move"
    __table_args__ = (UniqueConstraint("plan_id", "teacher_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("redeploy_plan.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    from_school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"))
    to_school_id: Mapped[int] = mapped_column(ForeignKey("school.id"))
    stage: Mapped[str | None] = mapped_column(String(10))  # the stage taught at the new school
    subject: Mapped[str | None] = mapped_column(String(20))  # the subject taught at the new school
    reason: Mapped[str | None] = mapped_column(Text)  # why this teacher, why this school (Chinese)
    cost: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(10), default="方案")  # 方案 (optimiser) / 手工 (clerk)
    status: Mapped[str] = mapped_column(String(10), default="拟调配")  # 拟调配 / 已调配
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placement.id", ondelete="SET NULL"))  # the 调动
    # the 调动 back to the former school when the approved plan was revoked (撤销)
    revert_placement_id: Mapped[int | None] = mapped_column(ForeignKey("placement.id", ondelete="SET NULL"))
    teacher: Mapped[Teacher] = relationship()
    from_school: Mapped[School | None] = relationship(foreign_keys=[from_school_id])
    to_school: Mapped[School] = relationship(foreign_keys=[to_school_id])


class RedeployEdit(Base):
    """The clerk's edits of a plan not yet approved, newest last: what a move was before (JSON), for 撤销."""

    __tablename__ = "redeploy_edit"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("redeploy_plan.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(10))  # 加入 / 删除 / 修改 / 生成
    before: Mapped[str] = mapped_column(Text)  # JSON: the moves as they were ([] when a move was added)
    after: Mapped[str] = mapped_column(Text)  # JSON: the ids the edit created
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
