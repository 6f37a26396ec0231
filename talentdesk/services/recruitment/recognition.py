"""Recognised talent (高层次人才认定 A–E, 国务院/省政府特殊津贴), 银龄讲学 and 柔性引进 agreements,
and the benefits each brings under the bureau's Policy."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select

from talentdesk.domain import idnumber
from talentdesk.domain import recruitment as rules
from talentdesk.domain.collation import sort_key
from talentdesk.domain.dates import PartialDate
from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.platform.settings import load_policy
from talentdesk.services.recruitment.values import clean_values, save_teacher_record, to_plain
from talentdesk.store.models import School, Teacher
from talentdesk.store.models_recruitment import TalentAgreement, TalentRecognition
from talentdesk.store.textsearch import contains
from talentdesk.store.uow import UnitOfWork

RECOGNITION_FIELDS = ("teacher_id", "kind", "category", "date", "term_years", "issuer", "note")
AGREEMENT_FIELDS = ("teacher_id", "kind", "school_id", "start", "end", "monthly_pay", "duties", "note")


def find_teachers(db, text: str, limit: int = 30) -> list[tuple[int, str]]:
    """Teachers whose name or ID number contains ``text``: (id, "姓名（学校，身份证号遮挡）")."""
    text = (text or "").strip()
    if not text:
        return []
    with UnitOfWork(db) as uow:
        s = uow.session
        names = dict(s.execute(select(School.id, School.name)).all())
        rows = s.execute(
            select(Teacher.id, Teacher.name, Teacher.id_number, Teacher.cur_post_school_id)
            .where(or_(contains(Teacher.name, text), contains(Teacher.id_number, text)))
            .order_by(Teacher.name)
            .limit(limit)
        )
        rows = sorted(rows, key=lambda r: (sort_key(r[1]), r[0]))  # pinyin order
        return [(tid, f"{name}（{names.get(sid, '无学校')}，{idnumber.mask(num)}）") for tid, name, num, sid in rows]


def _end(start: PartialDate | None, years: int | None) -> PartialDate | None:
    return rules.obligation_end(start, years) if start and years else None


def _active(start, end, today: dt.date) -> bool:
    t = PartialDate.from_date(today)
    return (start is None or start <= t) and (end is None or rules.last_day(end) >= today)


def list_rows(db, today: dt.date | None = None) -> list[dict]:
    """Recognitions and agreements together, each with its term, whether it is in force, and benefits."""
    today = today or dt.date.today()
    policy = load_policy(db)
    out = []
    with UnitOfWork(db) as uow:
        s = uow.session
        names = dict(s.execute(select(School.id, School.name)).all())
        for r, t in s.execute(
            select(TalentRecognition, Teacher)
            .join(Teacher, Teacher.id == TalentRecognition.teacher_id)
            .order_by(TalentRecognition.category.nulls_first(), Teacher.name)
        ):
            end = _end(r.date, r.term_years)
            benefits = rules.talent_benefits(r.kind, r.category, policy)
            out.append(
                dict(
                    table="recognition",
                    id=r.id,
                    teacher_id=t.id,
                    name=t.name,
                    id_masked=idnumber.mask(t.id_number),
                    school=names.get(t.cur_post_school_id, ""),
                    kind=r.kind,
                    category=r.category or "",
                    start=r.date,
                    end=end,
                    active=_active(r.date, end, today),
                    benefits="；".join(b.text() for b in benefits),
                    monthly=sum(b.amount for b in benefits if b.per_month and b.amount),
                    once=sum(b.amount for b in benefits if not b.per_month and b.amount),
                    note=r.note,
                )
            )
        for a, t in s.execute(
            select(TalentAgreement, Teacher)
            .join(Teacher, Teacher.id == TalentAgreement.teacher_id)
            .order_by(TalentAgreement.kind, Teacher.name)
        ):
            benefits = rules.agreement_benefits(a.monthly_pay)
            out.append(
                dict(
                    table="agreement",
                    id=a.id,
                    teacher_id=t.id,
                    name=t.name,
                    id_masked=idnumber.mask(t.id_number),
                    school=names.get(a.school_id or t.cur_work_school_id, ""),
                    kind=a.kind + "协议",
                    category="",
                    start=a.start,
                    end=a.end,
                    active=_active(a.start, a.end, today),
                    benefits="；".join([b.text() for b in benefits] + ([f"职责：{a.duties}"] if a.duties else [])),
                    monthly=a.monthly_pay or 0,
                    once=0,
                    note=a.note,
                )
            )
    return out


def get(db, table: str, record_id: int) -> dict:
    model, fields = (
        (TalentRecognition, RECOGNITION_FIELDS) if table == "recognition" else (TalentAgreement, AGREEMENT_FIELDS)
    )
    with UnitOfWork(db) as uow:
        r = uow.session.get(model, record_id)
        if r is None:
            raise NotFound("找不到这条记录（可能已被删除）")
        return to_plain(r, ("id", "version", *fields))


def save_recognition(db, record_id: int | None, values: dict, **check) -> int:
    """CHECK: version, base, merge, resolved of the form (recruitment_values.save_teacher_record)."""
    data = clean_values(
        TalentRecognition,
        RECOGNITION_FIELDS,
        values,
        required=("teacher_id", "kind", "date"),
        choices={"kind": rules.TALENT_KINDS, "category": rules.TALENT_CATEGORIES},
    )
    if data["kind"] == "高层次人才认定" and not data["category"]:
        raise ValidationError({"category": "高层次人才认定须选择人才类别（A–E）"})
    return save_teacher_record(db, TalentRecognition, record_id, data, **check)


def save_agreement(db, record_id: int | None, values: dict, **check) -> int:
    """CHECK: version, base, merge, resolved of the form (recruitment_values.save_teacher_record)."""
    data = clean_values(
        TalentAgreement,
        AGREEMENT_FIELDS,
        values,
        required=("teacher_id", "kind", "start", "end"),
        choices={"kind": rules.AGREEMENT_KINDS},
    )
    return save_teacher_record(db, TalentAgreement, record_id, data, **check)


def delete(db, table: str, record_id: int) -> None:
    access.require(db, "edit")
    model = TalentRecognition if table == "recognition" else TalentAgreement
    with UnitOfWork(db) as uow:
        r = uow.session.get(model, record_id)
        if r is None:
            raise NotFound("找不到这条记录（可能已被删除）")
        uow.session.delete(r)
        uow.commit()


def benefits_of(db, teacher_id: int, today: dt.date | None = None) -> list[str]:
    """What a teacher is entitled to now, from every recognition and agreement in force."""
    return [
        f"{r['kind']}{r['category']}：{r['benefits']}"
        for r in list_rows(db, today)
        if r["teacher_id"] == teacher_id and r["active"] and r["benefits"]
    ]
