"""Recruitment batches and candidates; an admitted candidate becomes a teacher in one step
(teacher file, post school, first placement, this year's teaching, source, service obligation,
link to the local-student pool) — one transaction, audited field by field like every ORM change.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from talentdesk.domain import codes, idnumber
from talentdesk.domain import recruitment as rules
from talentdesk.domain.dates import PartialDate, school_year_of
from talentdesk.errors import NotFound, UserError, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.people import teachers as teacher_svc
from talentdesk.services.platform.records import deleted_message, upsert
from talentdesk.services.platform.settings import load_policy
from talentdesk.services.recruitment.values import clean_values, to_plain
from talentdesk.store import current
from talentdesk.store.models import Placement, PostRecord, School, Teacher, Teaching
from talentdesk.store.models_recruitment import Candidate, LocalStudent, RecruitBatch, ServiceObligation
from talentdesk.store.uow import UnitOfWork

BATCH_FIELDS = ("year", "channel", "name", "positions", "announced", "report_date", "note")
CANDIDATE_FIELDS = (
    "name",
    "id_number",
    "gender",
    "phone",
    "university",
    "major",
    "degree",
    "stage",
    "subject",
    "school_id",
    "score",
    "status",
    "student_id",
    "note",
)
BATCH_CHOICES = {"channel": rules.CHANNELS}
CANDIDATE_CHOICES = {"status": rules.CANDIDATE_STATUS}
CANDIDATE_CODES = {"gender": codes.GENDER, "degree": codes.DEGREE, "stage": codes.STAGE, "subject": codes.SUBJECT}


# ---------------------------------------------------------------- batches


def list_batches(db) -> list[dict]:
    with UnitOfWork(db) as uow:
        s = uow.session
        counts = dict(s.execute(select(Candidate.batch_id, func.count()).group_by(Candidate.batch_id)).all())
        hired = dict(
            s.execute(
                select(Candidate.batch_id, func.count())
                .where(Candidate.teacher_id.is_not(None))
                .group_by(Candidate.batch_id)
            ).all()
        )
        return [
            dict(
                to_plain(b, ("id", "version", *BATCH_FIELDS)), candidates=counts.get(b.id, 0), hired=hired.get(b.id, 0)
            )
            for b in s.scalars(select(RecruitBatch).order_by(RecruitBatch.year.desc(), RecruitBatch.id.desc()))
        ]


def save_batch(
    db,
    batch_id: int | None,
    values: dict,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> int:
    """VERSION and BASE: what the form loaded (list_batches); see services.platform.records.upsert."""
    access.require(db, "edit")
    data = clean_values(RecruitBatch, BATCH_FIELDS, values, required=("year", "channel", "name"), choices=BATCH_CHOICES)
    with UnitOfWork(db) as uow:
        s = uow.session
        b = upsert(
            s,
            RecruitBatch,
            batch_id,
            data,
            "找不到这个招聘批次（可能已被删除）",
            expected_version=version,
            base=base,
            merge=merge,
            resolved=resolved,
        )
        s.flush()
        uow.commit()
        return b.id


def delete_batch(db, batch_id: int) -> None:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        b = s.get(RecruitBatch, batch_id)
        if b is None:
            raise NotFound("找不到这个招聘批次（可能已被删除）")
        hired = sum(1 for c in b.candidates if c.teacher_id)
        if hired:
            raise UserError(f"“{b.name}”已有 {hired} 人入职建档，不能删除这个批次")
        s.delete(b)
        uow.commit()


# ---------------------------------------------------------------- candidates


def list_candidates(db, batch_id: int) -> list[dict]:
    with UnitOfWork(db) as uow:
        s = uow.session
        names = dict(s.execute(select(School.id, School.name)).all())
        rows = s.scalars(select(Candidate).where(Candidate.batch_id == batch_id).order_by(Candidate.id))
        return [
            dict(
                to_plain(c, ("id", "version", "teacher_id", *CANDIDATE_FIELDS)),
                school=names.get(c.school_id, ""),
                id_masked=idnumber.mask(c.id_number) if c.id_number else "",
            )
            for c in rows
        ]


def _check_id(data: dict) -> None:
    if data.get("id_number"):
        try:
            info = idnumber.parse(data["id_number"])
        except idnumber.IdNumberError as e:
            raise ValidationError({"id_number": str(e)}) from None
        data["id_number"] = info.number
        if data.get("gender") and data["gender"] != info.gender:
            raise ValidationError({"gender": f"性别与身份证号不一致（身份证号为{info.gender}）"})
        data["gender"] = data.get("gender") or info.gender


def save_candidate(
    db,
    batch_id: int,
    candidate_id: int | None,
    values: dict,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> int:
    """Editing, fields VALUES leave out stay as stored (the form has no link to the local-student pool).
    VERSION and BASE: what the form loaded (list_candidates); see services.platform.records.upsert."""
    access.require(db, "edit")
    data = clean_values(
        Candidate, CANDIDATE_FIELDS, values, required=("name",), choices=CANDIDATE_CHOICES, code_lists=CANDIDATE_CODES
    )
    _check_id(data)
    data["status"] = data.get("status") or "拟录用"
    with UnitOfWork(db) as uow:
        s = uow.session
        if s.get(RecruitBatch, batch_id) is None:
            raise NotFound("找不到这个招聘批次（可能已被删除）")
        if candidate_id is None:
            c = Candidate(batch_id=batch_id, **data)
            s.add(c)
        else:
            c = s.get(Candidate, candidate_id)
            if c is None:
                raise NotFound(deleted_message(s, "candidate", candidate_id, "找不到这名考生（可能已被删除）"))
            data = {f: v for f, v in data.items() if f in values}  # not in the form (student_id): as stored
            if c.teacher_id and "id_number" in data and data["id_number"] != c.id_number:
                raise ValidationError({"id_number": "已入职建档，身份证号请在教师档案中修改"})
            c = upsert(
                s,
                Candidate,
                candidate_id,
                data,
                "找不到这名考生（可能已被删除）",
                expected_version=version,
                base=base,
                merge=merge,
                resolved=resolved,
            )
        s.flush()
        uow.commit()
        return c.id


def delete_candidate(db, candidate_id: int) -> None:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        c = uow.session.get(Candidate, candidate_id)
        if c is None:
            raise NotFound("找不到这名考生（可能已被删除）")
        if c.teacher_id:
            raise UserError(f"{c.name}已入职建档，不能删除（可在教师档案中处理）")
        uow.session.delete(c)
        uow.commit()


def admit(
    db, candidate_id: int, *, report_date=None, work_school_id: int | None = None, today: dt.date | None = None
) -> int:
    """Make an admitted candidate a teacher in one transaction; returns the new teacher id.

    The teacher file gets: identity, 用工形式 and 教职工来源 from the batch's channel, 参加工作/进本校
    年月 = the report date, a post record at the placed school, the first placement (本校, or the
    school the recruit is sent to work at), this school year's teaching (stage, subject), the
    service obligation the channel brings, and the link from the local-student pool.
    """
    access.require(db, "edit")
    today = today or dt.date.today()
    policy = load_policy(db)
    with UnitOfWork(db) as uow:
        s = uow.session
        c = s.get(Candidate, candidate_id)
        if c is None:
            raise NotFound("找不到这名考生（可能已被删除）")
        batch = c.batch
        if c.teacher_id:
            raise UserError(f"{c.name}已经入职建档，不能重复办理")
        problems = {}
        if not c.id_number:
            problems["id_number"] = "请先填写身份证号"
        if not c.school_id:
            problems["school_id"] = "请先选择拟聘学校"
        if c.status == "放弃":
            problems["status"] = "该考生已放弃，不能入职"
        if problems:
            raise ValidationError(problems)
        start = report_date if isinstance(report_date, PartialDate) else None
        if report_date is not None and start is None:
            start = teacher_svc.clean_record("posts", {"school_id": c.school_id, "start": report_date})["start"]
        start = start or batch.report_date or PartialDate(batch.year, 9)
        basic = teacher_svc.clean_basic(
            dict(
                id_number=c.id_number,
                name=c.name,
                gender=c.gender,
                phone=c.phone,
                work_start=start,
                school_entry=start,
                employment_form=rules.CHANNEL_FORM.get(batch.channel, "在编"),
                source=rules.CHANNEL_SOURCE.get(batch.channel, "其他"),
                note=f"{batch.year}年{batch.channel}：{batch.name}",
            )
        )
        if (
            s.scalar(
                select(Teacher.id).where(Teacher.id_type == basic["id_type"], Teacher.id_number == basic["id_number"])
            )
            is not None
        ):
            raise ValidationError({"id_number": f"教师库中已有身份证号为 {idnumber.mask(c.id_number)} 的教师"})
        t = Teacher(**basic)
        s.add(t)
        s.flush()
        s.add(PostRecord(teacher_id=t.id, school_id=c.school_id, start=start, note=batch.name))
        work = work_school_id or c.school_id
        s.add(
            Placement(
                teacher_id=t.id,
                from_school_id=None,
                to_school_id=work,
                kind="本校" if work == c.school_id else "支教",
                start=start,
                status="在岗",
                batch=batch.name,
                moves_relation=False,
                note="新招聘教师首次分配",
            )
        )
        if c.stage or c.subject:
            s.add(
                Teaching(
                    teacher_id=t.id, school_year=school_year_of(start.first_day()), stage=c.stage, subject=c.subject
                )
            )
        years = policy.obligation_years.get(batch.channel)
        if years:
            s.add(
                ServiceObligation(
                    teacher_id=t.id,
                    kind=batch.channel,
                    start=start,
                    years=years,
                    end=rules.obligation_end(start, years),
                )
            )
        c.teacher_id = t.id
        c.status = "已录用"
        student = (
            s.get(LocalStudent, c.student_id)
            if c.student_id
            else s.scalar(
                select(LocalStudent).where(LocalStudent.id_number == c.id_number, LocalStudent.teacher_id.is_(None))
            )
        )
        if student is not None and student.teacher_id is None:
            student.teacher_id = t.id
            if c.student_id is None:
                c.student_id = student.id
        s.flush()
        current.refresh(s, [t.id], today)
        uow.commit()
        return t.id


def recruits_rows(db, year: int | None = None) -> list[tuple]:
    """Every candidate with their batch (for the 招聘录用名单 export)."""
    with UnitOfWork(db) as uow:
        s = uow.session
        names = dict(s.execute(select(School.id, School.name)).all())
        stmt = (
            select(RecruitBatch.year, RecruitBatch.channel, RecruitBatch.name, Candidate)
            .join(Candidate, Candidate.batch_id == RecruitBatch.id)
            .order_by(RecruitBatch.year, RecruitBatch.id, Candidate.id)
        )
        if year is not None:
            stmt = stmt.where(RecruitBatch.year == year)
        return [
            (
                y,
                ch,
                bn,
                c.name,
                idnumber.mask(c.id_number) if c.id_number else "",
                c.gender,
                c.university,
                c.major,
                c.degree,
                c.stage,
                c.subject,
                names.get(c.school_id, ""),
                c.status,
                "已建档" if c.teacher_id else "",
            )
            for y, ch, bn, c in s.execute(stmt)
        ]
