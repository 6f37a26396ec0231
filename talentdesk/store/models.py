"""ORM models (SQLAlchemy 2). Codes are stored as their Chinese labels from domain.codes.

History tables are dated records; "current" values that lists need fast are cached on
the teacher row (cur_* columns) and recomputed by store.current.refresh().
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from talentdesk.domain.dates import PartialDate
from talentdesk.store.types import PartialDateType

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {PartialDate: PartialDateType()}
    if TYPE_CHECKING:
        __table__: ClassVar[Table]  # every model here has __tablename__: a Table, not just any FromClause


class Versioned:
    """Optimistic concurrency (issue 10): every ORM update of the row is `… WHERE version = :seen` and bumps the
    version, so a save over a row that another clerk changed since it was read fails (StaleDataError, turned into
    talentdesk.errors.EditConflict) instead of overwriting it. Core writes that change user data bump it themselves;
    derived columns (cur_*) are refreshed without a bump."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        table = getattr(cls, "__table__", None)  # the mapped class's, made before its mapper arguments are read
        if not isinstance(table, Table):
            raise TypeError("Versioned is for mapped classes with a table")
        return {"version_id_col": table.c.version}


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class School(Versioned, Base):
    __tablename__ = "school"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    code: Mapped[str | None] = mapped_column(String(20), unique=True)  # 学校标识码
    township: Mapped[str | None] = mapped_column(String(50), index=True)
    county: Mapped[str | None] = mapped_column(String(50), index=True)  # 区县: the scope of a city database
    area: Mapped[str | None] = mapped_column(String(10))  # 城区/镇区/乡村
    kind: Mapped[str | None] = mapped_column(String(20))  # 小学/初中/…
    address: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    stats: Mapped[list[SchoolYearStat]] = relationship(
        back_populates="school", cascade="all, delete-orphan", order_by="SchoolYearStat.school_year"
    )


class SchoolYearStat(Versioned, Base):
    """Per school year (named by its first year) and stage: students, classes, 核定编制."""

    __tablename__ = "school_year_stat"
    __table_args__ = (UniqueConstraint("school_id", "school_year", "stage"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    school_year: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(10))
    students: Mapped[int | None] = mapped_column(Integer)
    classes: Mapped[int | None] = mapped_column(Integer)
    quota: Mapped[int | None] = mapped_column(Integer)
    school: Mapped[School] = relationship(back_populates="stats")


class Teacher(Versioned, Base):
    __tablename__ = "teacher"
    # unique (id_number, id_type): its index also serves every lookup by ID number
    __table_args__ = (UniqueConstraint("id_number", "id_type"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    id_type: Mapped[str] = mapped_column(String(20), default="居民身份证")
    id_number: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(50), index=True)
    former_name: Mapped[str | None] = mapped_column(String(50))
    gender: Mapped[str | None] = mapped_column(String(2))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    ethnicity: Mapped[str | None] = mapped_column(String(20))
    political: Mapped[str | None] = mapped_column(String(20))
    native_place: Mapped[str | None] = mapped_column(String(50))
    phone: Mapped[str | None] = mapped_column(String(30))
    work_start: Mapped[PartialDate | None]  # 参加工作年月
    school_entry: Mapped[PartialDate | None]  # 进本校年月
    employment_form: Mapped[str | None] = mapped_column(String(10))
    source: Mapped[str | None] = mapped_column(String(20))  # 教职工来源
    status: Mapped[str] = mapped_column(String(10), default="在岗")
    status_date: Mapped[PartialDate | None]
    photo: Mapped[bytes | None] = mapped_column(deferred=True)
    note: Mapped[str | None] = mapped_column(Text)
    # the national 教职工基础信息采集表 (domain.staff_record.FIELDS; migration 0011)
    nationality: Mapped[str | None] = mapped_column(String(30))  # 国籍/地区
    birthplace: Mapped[str | None] = mapped_column(String(50))  # 出生地
    marital: Mapped[str | None] = mapped_column(String(20))  # 婚姻状况
    health: Mapped[str | None] = mapped_column(String(20))  # 健康状况
    staff_no: Mapped[str | None] = mapped_column(String(30))  # 教职工号
    teaching_start: Mapped[PartialDate | None]  # 从教起始年月
    post_category: Mapped[str | None] = mapped_column(String(20))  # 岗位类别
    post_grade: Mapped[str | None] = mapped_column(String(20))  # 岗位等级
    admin_post: Mapped[str | None] = mapped_column(String(50))  # 行政职务
    contract: Mapped[str | None] = mapped_column(String(20))  # 签订合同情况
    normal_grad: Mapped[str | None] = mapped_column(String(2))  # 是否全日制师范类专业毕业
    funded_normal: Mapped[str | None] = mapped_column(String(2))  # 是否公费师范生
    tegang: Mapped[str | None] = mapped_column(String(2))  # 是否特岗教师
    mandarin: Mapped[str | None] = mapped_column(String(10))  # 普通话等级
    it_level: Mapped[str | None] = mapped_column(String(10))  # 信息技术应用能力
    # cached current values (store.current.refresh keeps them in step with the history tables)
    cur_post_school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"), index=True)
    cur_work_school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"), index=True)
    cur_title: Mapped[str | None] = mapped_column(String(20))
    cur_degree: Mapped[str | None] = mapped_column(String(20))
    cur_stage: Mapped[str | None] = mapped_column(String(10))
    cur_subject: Mapped[str | None] = mapped_column(String(20))
    cur_backbone: Mapped[str | None] = mapped_column(String(30))  # e.g. "县级骨干教师"

    posts: Mapped[list[PostRecord]] = relationship(
        back_populates="teacher", cascade="all, delete-orphan", order_by="PostRecord.start"
    )
    placements: Mapped[list[Placement]] = relationship(
        back_populates="teacher", cascade="all, delete-orphan", order_by="Placement.start"
    )
    educations: Mapped[list[Education]] = relationship(cascade="all, delete-orphan", order_by="Education.graduated")
    certificates: Mapped[list[Certificate]] = relationship(cascade="all, delete-orphan", order_by="Certificate.issued")
    titles: Mapped[list[TitleRecord]] = relationship(cascade="all, delete-orphan", order_by="TitleRecord.obtained")
    teachings: Mapped[list[Teaching]] = relationship(cascade="all, delete-orphan", order_by="Teaching.school_year")
    designations: Mapped[list[Designation]] = relationship(cascade="all, delete-orphan", order_by="Designation.start")
    honours: Mapped[list[Honour]] = relationship(cascade="all, delete-orphan", order_by="Honour.date")
    appraisals: Mapped[list[Appraisal]] = relationship(cascade="all, delete-orphan", order_by="Appraisal.year")


class _TeacherChild:
    """Columns every history record has."""

    id: Mapped[int] = mapped_column(primary_key=True)
    note: Mapped[str | None] = mapped_column(Text)


class PostRecord(_TeacherChild, Versioned, Base):
    """编制所在学校 over time; end is None for the current post."""

    __tablename__ = "post_record"
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    start: Mapped[PartialDate | None]
    end: Mapped[PartialDate | None]
    teacher: Mapped[Teacher] = relationship(back_populates="posts")
    school: Mapped[School] = relationship()


class Placement(_TeacherChild, Versioned, Base):
    """Where a teacher actually works when it is not the post school (交流轮岗、支教、借调…)."""

    __tablename__ = "placement"
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    from_school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"))
    to_school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"), index=True)  # None: outside unit
    # a posting outside the county (援藏/援疆/援边/对口支援, issue 22 §2): the unit, its province/region and kind
    outside_unit: Mapped[str | None] = mapped_column(String(100))
    outside_region: Mapped[str | None] = mapped_column(String(20))
    outside_kind: Mapped[str | None] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(10))
    start: Mapped[PartialDate | None]
    planned_end: Mapped[PartialDate | None]
    actual_end: Mapped[PartialDate | None]
    moves_relation: Mapped[bool] = mapped_column(Boolean, default=False)  # 是否调动人事关系
    batch: Mapped[str | None] = mapped_column(String(30))  # year / batch label
    status: Mapped[str] = mapped_column(String(10), default="在岗")  # 拟交流/已审批/在岗/期满返回/提前结束
    teacher: Mapped[Teacher] = relationship(back_populates="placements")
    from_school: Mapped[School | None] = relationship(foreign_keys=[from_school_id])
    to_school: Mapped[School | None] = relationship(foreign_keys=[to_school_id])


class Education(_TeacherChild, Versioned, Base):
    __tablename__ = "education"
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    degree: Mapped[str] = mapped_column(String(20))  # 学历 label (DEGREE)
    academic_degree: Mapped[str | None] = mapped_column(String(10))  # 学位
    institution: Mapped[str | None] = mapped_column(String(100))
    major: Mapped[str | None] = mapped_column(String(100))
    normal: Mapped[bool | None] = mapped_column(Boolean)  # 师范类
    full_time: Mapped[bool | None] = mapped_column(Boolean)
    highest: Mapped[bool] = mapped_column(Boolean, default=False)
    first: Mapped[bool] = mapped_column(Boolean, default=False)
    graduated: Mapped[PartialDate | None]


class Certificate(_TeacherChild, Versioned, Base):
    __tablename__ = "certificate"
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # 资格种类 (CERT_KIND)
    subject: Mapped[str | None] = mapped_column(String(20))
    number: Mapped[str | None] = mapped_column(String(40))
    issued: Mapped[PartialDate | None]


class TitleRecord(_TeacherChild, Versioned, Base):
    __tablename__ = "title_record"
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(20))
    obtained: Mapped[PartialDate | None]  # 取得
    appointed: Mapped[PartialDate | None]  # 聘任 to a post of the title's level (None: 评而未聘, issue 20 §2)
    route: Mapped[str | None] = mapped_column(String(20))  # 评审方式 (the bureau's list, domain.titles)
    benefit_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # 只享受…职称待遇


class Teaching(_TeacherChild, Versioned, Base):
    __tablename__ = "teaching"
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    school_year: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str | None] = mapped_column(String(10))
    subject: Mapped[str | None] = mapped_column(String(20))
    head_teacher: Mapped[bool] = mapped_column(Boolean, default=False)  # 班主任
    weekly_periods: Mapped[int | None] = mapped_column(Integer)


class Designation(_TeacherChild, Versioned, Base):
    """骨干教师/学科带头人/名师… with level and term."""

    __tablename__ = "designation"
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    level: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str | None] = mapped_column(String(20))
    start: Mapped[PartialDate | None]
    end: Mapped[PartialDate | None]
    issuer: Mapped[str | None] = mapped_column(String(100))


class Honour(_TeacherChild, Versioned, Base):
    __tablename__ = "honour"
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str | None] = mapped_column(String(10))
    date: Mapped[PartialDate | None]
    issuer: Mapped[str | None] = mapped_column(String(100))


class Appraisal(_TeacherChild, Versioned, Base):
    __tablename__ = "appraisal"
    __table_args__ = (UniqueConstraint("teacher_id", "year"),)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    result: Mapped[str] = mapped_column(String(10))


class MentorProgramme(Versioned, Base):
    """A pairing programme (青蓝工程, 师徒结对, 名师带徒…) with its rules."""

    __tablename__ = "mentor_programme"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    term_years: Mapped[int] = mapped_column(Integer, default=3)
    max_mentees: Mapped[int] = mapped_column(Integer, default=3)
    mentee_max_years: Mapped[int] = mapped_column(Integer, default=3)
    note: Mapped[str | None] = mapped_column(Text)


class Pairing(Versioned, Base):
    """A mentor and a mentee (师徒结对)."""

    __tablename__ = "pairing"
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("mentor_programme.id"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("teacher.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str | None] = mapped_column(String(20))
    stage: Mapped[str | None] = mapped_column(String(10))
    start: Mapped[PartialDate | None]
    planned_end: Mapped[PartialDate | None]
    status: Mapped[str] = mapped_column(String(10), default="进行中")  # 进行中/期满/提前终止
    end_reason: Mapped[str | None] = mapped_column(Text)
    goals: Mapped[str | None] = mapped_column(Text)
    mentor_eval: Mapped[str | None] = mapped_column(String(10))  # 优秀/合格/不合格
    mentee_eval: Mapped[str | None] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)
    mentor: Mapped[Teacher] = relationship(foreign_keys=[mentor_id])
    mentee: Mapped[Teacher] = relationship(foreign_keys=[mentee_id])
    programme: Mapped[MentorProgramme | None] = relationship()


class ImportBatch(Base):
    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    user: Mapped[str] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(20))
    files: Mapped[str] = mapped_column(Text)  # JSON list of paths
    summary: Mapped[str | None] = mapped_column(Text)  # JSON counts
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    undone_by: Mapped[str | None] = mapped_column(String(50))


class AuditLog(Base):
    """Who changed what: one row per changed field (update) or per record (insert/delete, values as JSON)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_record", "table_name", "record_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, index=True)
    user: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(10))  # insert/update/delete/import/undo/export/restore
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int | None] = mapped_column(Integer)
    teacher_id: Mapped[int | None] = mapped_column(Integer, index=True)  # for a teacher's history
    field: Mapped[str | None] = mapped_column(String(40))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"), index=True)
    # the hash chain (store/audit_chain.py): position in the chain and SHA-256 over this row and the previous hash
    chain_seq: Mapped[int | None] = mapped_column(Integer, index=True, unique=True)
    chain_hash: Mapped[str | None] = mapped_column(String(64))


class DatabaseIdentity(Base):
    """This database's identity (one row, store/identity.py): made with the database, new for a copy (copy-db),
    the same in its backups, which record it."""

    __tablename__ = "database_identity"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Setting(Base):
    """Bureau-wide settings (policy parameters, remembered import mappings) as JSON values."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


HISTORY_MODELS = (PostRecord, Placement, Education, Certificate, TitleRecord, Teaching, Designation, Honour, Appraisal)
