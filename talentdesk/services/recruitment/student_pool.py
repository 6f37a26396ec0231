"""本地生源在读大学生库: the county's own students at universities, the contacts made with them,
who graduates this year in a subject the county lacks, and the link to the teacher record once hired."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from talentdesk.domain import codes, idnumber
from talentdesk.domain import recruitment as rules
from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.platform.records import upsert
from talentdesk.services.recruitment import plan as recruitment_plan
from talentdesk.services.recruitment.values import clean_values, to_plain
from talentdesk.store.models import Teacher
from talentdesk.store.models_recruitment import LocalStudent, StudentContact
from talentdesk.store.uow import UnitOfWork

FIELDS = (
    "name",
    "gender",
    "id_number",
    "from_school",
    "university",
    "major",
    "subject",
    "normal",
    "graduation",
    "phone",
    "family_contact",
    "intention",
    "note",
)
CONTACT_FIELDS = ("date", "kind", "by", "summary")


def list_rows(db) -> list[dict]:
    with UnitOfWork(db) as uow:
        s = uow.session
        contacts = dict(
            s.execute(select(StudentContact.student_id, func.count()).group_by(StudentContact.student_id)).all()
        )
        last = dict(
            s.execute(
                select(StudentContact.student_id, func.max(StudentContact.date)).group_by(StudentContact.student_id)
            ).all()
        )
        teachers = dict(
            s.execute(select(Teacher.id, Teacher.name).join(LocalStudent, LocalStudent.teacher_id == Teacher.id)).all()
        )
        out = []
        for st in s.scalars(select(LocalStudent).order_by(LocalStudent.graduation.nulls_first(), LocalStudent.name)):
            d = to_plain(st, ("id", "teacher_id", *FIELDS))
            d["subject"] = st.subject or rules.subject_of_major(st.major)
            d["contacts"] = contacts.get(st.id, 0)
            d["last_contact"] = last.get(st.id)
            d["hired"] = teachers.get(st.teacher_id, "")
            out.append(d)
        return out


def get(db, student_id: int) -> dict:
    with UnitOfWork(db) as uow:
        st = uow.session.get(LocalStudent, student_id)
        if st is None:
            raise NotFound("找不到这名学生（可能已被删除）")
        d = to_plain(st, ("id", "version", "teacher_id", *FIELDS))
        d["contacts"] = [to_plain(c, ("id", *CONTACT_FIELDS)) for c in st.contacts]
        return d


def save(
    db,
    student_id: int | None,
    values: dict,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> int:
    """VERSION and BASE: what the form loaded (get); see services.platform.records.upsert."""
    access.require(db, "edit")
    data = clean_values(
        LocalStudent,
        FIELDS,
        values,
        required=("name",),
        choices={"intention": rules.INTENTIONS},
        code_lists={"gender": codes.GENDER, "subject": codes.SUBJECT},
    )
    if data.get("id_number"):
        try:
            data["id_number"] = idnumber.parse(data["id_number"]).number
        except idnumber.IdNumberError as e:
            raise ValidationError({"id_number": str(e)}) from None
    if not data.get("subject"):
        data["subject"] = rules.subject_of_major(data.get("major"))
    with UnitOfWork(db) as uow:
        s = uow.session
        st = upsert(
            s,
            LocalStudent,
            student_id,
            data,
            "找不到这名学生（可能已被删除）",
            expected_version=version,
            base=base,
            merge=merge,
            resolved=resolved,
        )
        s.flush()
        uow.commit()
        return st.id


def delete(db, student_id: int) -> None:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        st = uow.session.get(LocalStudent, student_id)
        if st is None:
            raise NotFound("找不到这名学生（可能已被删除）")
        uow.session.delete(st)
        uow.commit()


def add_contact(db, student_id: int, values: dict) -> int:
    access.require(db, "edit")
    data = clean_values(
        StudentContact, CONTACT_FIELDS, values, required=("date", "kind"), choices={"kind": rules.CONTACT_KINDS}
    )
    with UnitOfWork(db) as uow:
        s = uow.session
        if s.get(LocalStudent, student_id) is None:
            raise NotFound("找不到这名学生（可能已被删除）")
        c = StudentContact(student_id=student_id, **data)
        s.add(c)
        s.flush()
        uow.commit()
        return c.id


def delete_contact(db, contact_id: int) -> None:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        c = uow.session.get(StudentContact, contact_id)
        if c is not None:
            uow.session.delete(c)
        uow.commit()


def link_teacher(db, student_id: int, teacher_id: int | None) -> None:
    """Link (or unlink, with None) the teacher record of a student who was hired."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        st = s.get(LocalStudent, student_id)
        if st is None:
            raise NotFound("找不到这名学生（可能已被删除）")
        if teacher_id is not None and s.get(Teacher, teacher_id) is None:
            raise NotFound("找不到这名教师（可能已被删除）")
        st.teacher_id = teacher_id
        uow.commit()


def short_subject_graduates(db, year: int | None = None) -> list[dict]:
    """Students not yet hired who graduate in ``year`` in a subject the county's schools lack
    (the hiring plan's subject shortages summed over the county, any stage)."""
    year = year or dt.date.today().year
    short = recruitment_plan.county_shortage(db, year)
    by_subject: dict[str, list[tuple[str, float]]] = {}
    for (stage, subject), v in short.items():
        if v >= 0.5:
            by_subject.setdefault(subject, []).append((stage, v))
    out = []
    for d in list_rows(db):
        g = d["graduation"]
        if d["teacher_id"] or g is None or g.year != year or d["subject"] not in by_subject:
            continue
        d["shortage"] = "、".join(f"{stage}约缺{max(1, round(v))}人" for stage, v in sorted(by_subject[d["subject"]]))
        out.append(d)
    return out
