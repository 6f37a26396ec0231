"""Recruitment and talent-service tables (issue 6, 引、留): hiring plans, recruitment batches and
candidates, service obligations, the local-student pool, recognised talent and agreements,
services that keep teachers (requests, rural subsidy tiers, 师德 records)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from talentdesk.domain.dates import PartialDate
from talentdesk.store.models import Base, School, Teacher, Versioned, _now


class HiringPlan(Versioned, Base):
    """A year's hiring plan (招聘计划) as proposed and then edited by the clerk."""

    __tablename__ = "hiring_plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10), default="草稿")  # 草稿/已报批/已批准
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    note: Mapped[str | None] = mapped_column(Text)
    lines: Mapped[list[HiringPlanLine]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="HiringPlanLine.id"
    )


class HiringPlanLine(Versioned, Base):
    __tablename__ = "hiring_plan_line"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("hiring_plan.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    stage: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(20))
    proposed: Mapped[int] = mapped_column(Integer, default=0)  # what the rules proposed
    # the computed fraction behind it (curriculum need − teachers, e.g. 1.35): printed apart as 测算值, since a
    # plan counts whole teachers (issue 18 §3); None for lines added by hand or before migration 0012
    estimate: Mapped[float | None] = mapped_column(Float)
    planned: Mapped[int] = mapped_column(Integer, default=0)  # what the clerk settled on
    channel: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    plan: Mapped[HiringPlan] = relationship(back_populates="lines")
    school: Mapped[School] = relationship()


class RecruitBatch(Versioned, Base):
    """A recruitment batch (招聘批次): year, channel, positions."""

    __tablename__ = "recruit_batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    channel: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    positions: Mapped[int] = mapped_column(Integer, default=0)
    announced: Mapped[PartialDate | None]
    report_date: Mapped[PartialDate | None]  # 报到时间: start of post for admitted candidates
    note: Mapped[str | None] = mapped_column(Text)
    candidates: Mapped[list[Candidate]] = relationship(
        back_populates="batch", cascade="all, delete-orphan", order_by="Candidate.id"
    )


class Candidate(Versioned, Base):
    """Someone admitted (or on the list) in a batch; becomes a teacher in one step when hired."""

    __tablename__ = "candidate"
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("recruit_batch.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    id_number: Mapped[str | None] = mapped_column(String(30), index=True)
    gender: Mapped[str | None] = mapped_column(String(2))
    phone: Mapped[str | None] = mapped_column(String(30))
    university: Mapped[str | None] = mapped_column(String(100))
    major: Mapped[str | None] = mapped_column(String(100))
    degree: Mapped[str | None] = mapped_column(String(20))
    stage: Mapped[str | None] = mapped_column(String(10))
    subject: Mapped[str | None] = mapped_column(String(20))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"), index=True)  # placed at
    score: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(10), default="拟录用")
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("teacher.id", ondelete="SET NULL"), index=True)
    student_id: Mapped[int | None] = mapped_column(ForeignKey("local_student.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    batch: Mapped[RecruitBatch] = relationship(back_populates="candidates")
    school: Mapped[School | None] = relationship()


class ServiceObligation(Versioned, Base):
    """服务期: 公费师范生/优师计划 years of service, 特岗 term before conversion to 在编."""

    __tablename__ = "service_obligation"
    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    start: Mapped[PartialDate]
    years: Mapped[int] = mapped_column(Integer)
    end: Mapped[PartialDate]
    closed: Mapped[str | None] = mapped_column(String(10))  # 已转编/违约/已期满 as recorded
    closed_on: Mapped[PartialDate | None]
    note: Mapped[str | None] = mapped_column(Text)
    teacher: Mapped[Teacher] = relationship()


class LocalStudent(Versioned, Base):
    """本地生源在读大学生库: a student from the county at a university."""

    __tablename__ = "local_student"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    gender: Mapped[str | None] = mapped_column(String(2))
    id_number: Mapped[str | None] = mapped_column(String(30), index=True)
    from_school: Mapped[str | None] = mapped_column(String(100))  # the county school they came from
    university: Mapped[str | None] = mapped_column(String(100))
    major: Mapped[str | None] = mapped_column(String(100))
    subject: Mapped[str | None] = mapped_column(String(20))  # the subject the major would teach
    normal: Mapped[bool | None] = mapped_column(Boolean)  # 师范类
    graduation: Mapped[PartialDate | None]  # expected
    phone: Mapped[str | None] = mapped_column(String(30))
    family_contact: Mapped[str | None] = mapped_column(String(100))
    intention: Mapped[str | None] = mapped_column(String(10))  # 有意向/待定/无意向
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("teacher.id", ondelete="SET NULL"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    contacts: Mapped[list[StudentContact]] = relationship(cascade="all, delete-orphan", order_by="StudentContact.date")


class StudentContact(Versioned, Base):
    __tablename__ = "student_contact"
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("local_student.id", ondelete="CASCADE"), index=True)
    date: Mapped[PartialDate | None]
    kind: Mapped[str] = mapped_column(String(10))  # 座谈会/电话/走访/…
    by: Mapped[str | None] = mapped_column(String(50))
    summary: Mapped[str | None] = mapped_column(Text)


class TalentKind(Versioned, Base):
    """A kind of the bureau's list of recognitions (高层次人才认定, 国务院特殊津贴, 省有突出贡献专家 …), in order."""

    __tablename__ = "talent_kind"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)


class TalentRecognition(Versioned, Base):
    """A talent recognition (高层次人才认定 A–E, a special allowance, 有突出贡献专家, 领军人才梯队 of a project) and its
    steps: 申报 (APPLIED) → 初审通过/不通过 (REVIEWED) → 认定/未认定 (DATE, with 文号 for 认定), STATUS the step
    reached (domain.talents); the term runs TERM_YEARS from the 认定 date."""

    __tablename__ = "talent_recognition"
    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    category: Mapped[str | None] = mapped_column(String(2))
    project: Mapped[str | None] = mapped_column(String(100))  # 领军人才梯队: the subject project
    status: Mapped[str] = mapped_column(String(10), default="认定", server_default="认定", index=True)
    applied: Mapped[PartialDate | None]
    reviewed: Mapped[PartialDate | None]
    date: Mapped[PartialDate | None]  # 认定 (or 未认定) date
    doc_number: Mapped[str | None] = mapped_column(String(50))  # 认定文号
    term_years: Mapped[int | None] = mapped_column(Integer)
    issuer: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)


class TalentAgreement(Versioned, Base):
    """Terms agreed with an imported talent (全职引进, 银龄讲学, 柔性引进): term, pay (annual or monthly), 科研启动经费,
    安家费, the 编制 chosen, the 一事一议 note, duties."""

    __tablename__ = "talent_agreement"
    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"))
    start: Mapped[PartialDate | None]
    end: Mapped[PartialDate | None]
    monthly_pay: Mapped[float | None] = mapped_column(Float)
    annual_pay: Mapped[float | None] = mapped_column(Float)
    research_fund: Mapped[float | None] = mapped_column(Float)  # 科研启动经费
    settling_grant: Mapped[float | None] = mapped_column(Float)  # 安家费
    staffing: Mapped[str | None] = mapped_column(String(20))  # the 编制 chosen
    case_note: Mapped[str | None] = mapped_column(Text)  # 一事一议
    duties: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


class TalentPayment(Versioned, Base):
    """A payment made against an agreement's terms: date, kind (年薪, 科研启动经费, 安家费 …), amount, 文号/凭证号."""

    __tablename__ = "talent_payment"
    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("talent_agreement.id", ondelete="CASCADE"), index=True)
    date: Mapped[PartialDate] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(10))
    amount: Mapped[float] = mapped_column(Float)
    voucher: Mapped[str | None] = mapped_column(String(50))
    note: Mapped[str | None] = mapped_column(Text)


class ServiceRequest(Versioned, Base):
    """人才服务: 子女入学, 青年教师公寓/周转房 (room, from, to), 购房补贴 — with status and dates."""

    __tablename__ = "service_request"
    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    applied: Mapped[PartialDate | None]
    status: Mapped[str] = mapped_column(String(10), default="已申请")
    handled: Mapped[PartialDate | None]
    detail: Mapped[str | None] = mapped_column(Text)  # child's name and school, etc.
    room: Mapped[str | None] = mapped_column(String(50))
    start: Mapped[PartialDate | None]
    end: Mapped[PartialDate | None]
    amount: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)


class SubsidyTier(Versioned, Base):
    """The rural living subsidy tier (档次) of a school; schools without a row get none."""

    __tablename__ = "subsidy_tier"
    __table_args__ = (UniqueConstraint("school_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    tier: Mapped[str] = mapped_column(String(10))


class EthicsRecord(Versioned, Base):
    """师德: the yearly 师德考核 result, commendations, disciplinary findings."""

    __tablename__ = "ethics_record"
    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    result: Mapped[str | None] = mapped_column(String(10))
    date: Mapped[PartialDate | None]
    detail: Mapped[str | None] = mapped_column(Text)


RECRUITMENT_MODELS = (
    HiringPlan,
    HiringPlanLine,
    RecruitBatch,
    LocalStudent,
    StudentContact,
    Candidate,
    ServiceObligation,
    TalentKind,
    TalentRecognition,
    TalentAgreement,
    TalentPayment,
    ServiceRequest,
    SubsidyTier,
    EthicsRecord,
)
