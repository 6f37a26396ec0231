"""Recognised talent (高层次人才认定 A–E, 国务院/省政府特殊津贴, 有突出贡献专家, 领军人才梯队) from application to
allowance, the terms agreed with imported talent (全职引进, 银龄讲学, 柔性引进) and the payments made against them,
and the benefits each brings under the bureau's Policy (issue 6; issue 20 §4).

Rules on saving (domain.talents): the kind is a name of the bureau's list (talent_kind); 高层次人才认定 needs a
category A–E, 领军人才梯队 its subject project; a status reached needs its step's date, 认定/未认定 need 初审通过
first and 认定 its 文号, and the dates are in order (申报 ≤ 初审 ≤ 认定). A payment names an agreement, a kind, a
date and a positive amount. Every change needs the edit right and is audited (ORM session events)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from talentdesk.domain import idnumber
from talentdesk.domain import recruitment as rules
from talentdesk.domain import talents as steps
from talentdesk.domain.collation import sort_key
from talentdesk.domain.dates import PartialDate
from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.platform import name_lists
from talentdesk.services.platform.records import upsert
from talentdesk.services.platform.settings import load_policy
from talentdesk.services.recruitment.values import clean_values, save_teacher_record, to_plain
from talentdesk.store.models import School, Teacher
from talentdesk.store.models_recruitment import TalentAgreement, TalentKind, TalentPayment, TalentRecognition
from talentdesk.store.textsearch import contains
from talentdesk.store.uow import UnitOfWork

RECOGNITION_FIELDS = (
    "teacher_id",
    "kind",
    "category",
    "project",
    "status",
    "applied",
    "reviewed",
    "date",
    "doc_number",
    "term_years",
    "issuer",
    "note",
)
AGREEMENT_FIELDS = (
    "teacher_id",
    "kind",
    "school_id",
    "start",
    "end",
    "monthly_pay",
    "annual_pay",
    "research_fund",
    "settling_grant",
    "staffing",
    "case_note",
    "duties",
    "note",
)
PAYMENT_FIELDS = ("agreement_id", "date", "kind", "amount", "voucher", "note")
MISSING = "找不到这条记录（可能已被删除）"


# ---------------------------------------------------------------- the list of kinds


def kind_names(session: Session) -> list[str]:
    """The bureau's recognition kinds in their order (the defaults when the list is empty)."""
    return name_lists.names(session, TalentKind) or list(steps.DEFAULT_KINDS)


def kind_choices(db) -> list[str]:
    with db.sessions() as s:
        return kind_names(s)


def kinds(db) -> list[dict]:
    """The list: id, name, note and how many recognitions use the kind."""
    return name_lists.entries(db, TalentKind, TalentRecognition.kind)


def add_kind(db, name: str, note: str | None = None) -> int:
    """A kind for the list (e.g. 县拔尖人才); a name already there is refused."""
    return name_lists.add(
        db, TalentKind, name, check=steps.check_kind_name, listed="人才类别名录", note=(note or "").strip() or None
    )


def remove_kind(db, kind_id: int) -> None:
    """Take a kind off the list; refused while recognitions use it."""
    name_lists.remove(
        db,
        TalentKind,
        kind_id,
        TalentRecognition.kind,
        missing="人才类别名录中没有这一项（可能已被删除）",
        in_use="有 {n} 条人才认定记录使用“{name}”，不能从名录中删除",
    )


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


def _terms(a: TalentAgreement) -> steps.Terms:
    return steps.Terms(a.start, a.end, a.annual_pay, a.monthly_pay, a.research_fund, a.settling_grant)


def _paid(s: Session) -> dict[int, dict[str, float]]:
    """Paid so far by agreement and payment kind."""
    out: dict[int, dict[str, float]] = {}
    for aid, kind, amount in s.execute(
        select(TalentPayment.agreement_id, TalentPayment.kind, func.sum(TalentPayment.amount)).group_by(
            TalentPayment.agreement_id, TalentPayment.kind
        )
    ):
        out.setdefault(aid, {})[kind] = round(float(amount or 0), 2)
    return out


def list_rows(db, today: dt.date | None = None) -> list[dict]:
    """Recognitions (every status) and agreements together, each with its term, whether it is in force, and
    benefits; an agreement also with its agreed and paid totals."""
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
            recognised = r.status == steps.RECOGNISED
            end = _end(r.date, r.term_years) if recognised else None
            benefits = rules.talent_benefits(r.kind, r.category, policy) if recognised else []
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
                    project=r.project or "",
                    status=r.status,
                    applied=r.applied,
                    reviewed=r.reviewed,
                    doc_number=r.doc_number or "",
                    start=r.date if recognised else steps.step_date(r.status, r.applied, r.reviewed, r.date),
                    end=end,
                    active=recognised and _active(r.date, end, today),
                    benefits="；".join(b.text() for b in benefits),
                    monthly=sum(b.amount for b in benefits if b.per_month and b.amount),
                    once=sum(b.amount for b in benefits if not b.per_month and b.amount),
                    agreed=0.0,
                    paid=0.0,
                    note=r.note,
                )
            )
        paid = _paid(s)
        for a, t in s.execute(
            select(TalentAgreement, Teacher)
            .join(Teacher, Teacher.id == TalentAgreement.teacher_id)
            .order_by(TalentAgreement.kind, Teacher.name)
        ):
            benefits = rules.agreement_benefits(a.monthly_pay)
            terms = []
            if a.annual_pay:
                terms.append(f"年薪 {a.annual_pay:,.0f} 元")
            if a.research_fund:
                terms.append(f"科研启动经费 {a.research_fund:,.0f} 元")
            if a.settling_grant:
                terms.append(f"安家费 {a.settling_grant:,.0f} 元")
            if a.staffing:
                terms.append(f"编制：{a.staffing}")
            if a.case_note:
                terms.append(f"一事一议：{a.case_note}")
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
                    project="",
                    status="",
                    applied=None,
                    reviewed=None,
                    doc_number="",
                    start=a.start,
                    end=a.end,
                    active=_active(a.start, a.end, today),
                    benefits="；".join(
                        [b.text() for b in benefits] + terms + ([f"职责：{a.duties}"] if a.duties else [])
                    ),
                    monthly=a.monthly_pay or 0,
                    once=(a.research_fund or 0) + (a.settling_grant or 0),
                    agreed=round(sum(_terms(a).agreed().values()), 2),
                    paid=round(sum(paid.get(a.id, {}).values()), 2),
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
            raise NotFound(MISSING)
        return to_plain(r, ("id", "version", *fields))


def save_recognition(db, record_id: int | None, values: dict, **check) -> int:
    """CHECK: version, base, merge, resolved of the form (recruitment_values.save_teacher_record). A STATUS not
    given is the step its dates reach (认定 with a 认定 date, 初审通过 with a 初审 date, else 申报)."""
    access.require(db, "edit")
    with db.sessions() as s:
        kind_list = kind_names(s)
        before = None
        if record_id is not None:
            before = s.scalar(select(TalentRecognition.status).where(TalentRecognition.id == record_id))
    data = clean_values(
        TalentRecognition,
        RECOGNITION_FIELDS,
        values,
        required=("teacher_id", "kind"),
        choices={"kind": kind_list, "category": steps.CATEGORIES, "status": steps.STATUSES},
    )
    if not data["status"]:
        data["status"] = steps.step_status(data["applied"], data["reviewed"], data["date"])
    problems = steps.check_steps(
        data["status"], data["applied"], data["reviewed"], data["date"], data["doc_number"], before
    )
    if data["kind"] == steps.GRADED_KIND and not data["category"]:
        problems["category"] = "高层次人才认定须选择人才类别（A–E）"
    if data["kind"] == steps.PROJECT_KIND and not data["project"]:
        problems["project"] = "领军人才梯队须填写所在学科项目"
    if problems:
        raise ValidationError(problems)
    return save_teacher_record(db, TalentRecognition, record_id, data, **check)


def save_agreement(db, record_id: int | None, values: dict, **check) -> int:
    """CHECK: version, base, merge, resolved of the form (recruitment_values.save_teacher_record)."""
    data = clean_values(
        TalentAgreement,
        AGREEMENT_FIELDS,
        values,
        required=("teacher_id", "kind", "start", "end"),
        choices={"kind": steps.AGREEMENT_KINDS},
    )
    problems = {}
    for f, label in (
        ("monthly_pay", "报酬"),
        ("annual_pay", "年薪"),
        ("research_fund", "科研启动经费"),
        ("settling_grant", "安家费"),
    ):
        msg = steps.check_amount(label, data[f])
        if msg:
            problems[f] = msg
    if problems:
        raise ValidationError(problems)
    return save_teacher_record(db, TalentAgreement, record_id, data, **check)


def delete(db, table: str, record_id: int) -> None:
    access.require(db, "edit")
    model = TalentRecognition if table == "recognition" else TalentAgreement
    with UnitOfWork(db) as uow:
        r = uow.session.get(model, record_id)
        if r is None:
            raise NotFound(MISSING)
        if model is TalentAgreement:  # its payments go with it (also where foreign keys are not enforced)
            for p in uow.session.scalars(select(TalentPayment).where(TalentPayment.agreement_id == record_id)):
                uow.session.delete(p)
            uow.session.flush()  # before the agreement (no ORM relationship orders the two deletes)
        uow.session.delete(r)
        uow.commit()


def benefits_of(db, teacher_id: int, today: dt.date | None = None) -> list[str]:
    """What a teacher is entitled to now, from every recognition and agreement in force."""
    return [
        f"{r['kind']}{r['category']}：{r['benefits']}"
        for r in list_rows(db, today)
        if r["teacher_id"] == teacher_id and r["active"] and r["benefits"]
    ]


# ---------------------------------------------------------------- payments against an agreement's terms


def payments(db, agreement_id: int) -> list[dict]:
    """The payments of one agreement, oldest first."""
    with db.sessions() as s:
        return [
            dict(
                id=p.id,
                version=p.version,
                date=p.date,
                kind=p.kind,
                amount=p.amount,
                voucher=p.voucher or "",
                note=p.note or "",
            )
            for p in s.scalars(
                select(TalentPayment)
                .where(TalentPayment.agreement_id == agreement_id)
                .order_by(TalentPayment.date, TalentPayment.id)
            )
        ]


def balance(db, agreement_id: int) -> list[dict]:
    """Agreed vs paid by payment kind for one agreement: [{kind, agreed, paid, left}] (kinds agreed or paid)."""
    with db.sessions() as s:
        a = s.get(TalentAgreement, agreement_id)
        if a is None:
            raise NotFound(MISSING)
        agreed = _terms(a).agreed()
        paid = _paid(s).get(agreement_id, {})
    kinds_ = [k for k in steps.PAYMENT_KINDS if k in agreed or k in paid]
    return [
        dict(
            kind=k,
            agreed=agreed.get(k, 0.0),
            paid=paid.get(k, 0.0),
            left=round(agreed.get(k, 0.0) - paid.get(k, 0.0), 2),
        )
        for k in kinds_
    ]


def save_payment(db, payment_id: int | None, values: dict, *, version: int | None = None) -> int:
    """A payment made against an agreement: date, kind, positive amount, 文号/凭证号."""
    access.require(db, "edit")
    data = clean_values(
        TalentPayment,
        PAYMENT_FIELDS,
        values,
        required=("agreement_id", "date", "kind", "amount"),
        choices={"kind": steps.PAYMENT_KINDS},
    )
    if data["amount"] == 0:
        raise ValidationError({"amount": "金额须大于 0"})
    msg = steps.check_amount("金额", data["amount"])
    if msg:
        raise ValidationError({"amount": msg})
    with UnitOfWork(db) as uow:
        s = uow.session
        a = s.get(TalentAgreement, data["agreement_id"])
        if a is None:
            raise NotFound("找不到这份引才协议（可能已被删除）")
        if a.start and data["date"] < a.start.to_month() and data["kind"] not in ("安家费", "科研启动经费"):
            raise ValidationError({"date": f"发放日期 {data['date'].iso()} 早于协议开始 {a.start.iso()}"})
        p = upsert(s, TalentPayment, payment_id, data, "找不到这条发放记录（可能已被删除）", expected_version=version)
        s.flush()
        uow.commit()
        return p.id


def delete_payment(db, payment_id: int) -> None:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        p = uow.session.get(TalentPayment, payment_id)
        if p is None:
            raise NotFound("找不到这条发放记录（可能已被删除）")
        uow.session.delete(p)
        uow.commit()


def payment_rows(db, start: PartialDate | None = None, end: PartialDate | None = None) -> list[dict]:
    """Every payment (of the period START … END when given) with its talent, agreement and amount."""
    with db.sessions() as s:
        names = dict(s.execute(select(School.id, School.name)).all())
        stmt = (
            select(TalentPayment, TalentAgreement, Teacher)
            .join(TalentAgreement, TalentAgreement.id == TalentPayment.agreement_id)
            .join(Teacher, Teacher.id == TalentAgreement.teacher_id)
            .order_by(TalentPayment.date, Teacher.name, TalentPayment.id)
        )
        out = []
        for p, a, t in s.execute(stmt):
            if start is not None and p.date < start:
                continue
            if end is not None and rules.last_day(end) < p.date.first_day():
                continue
            out.append(
                dict(
                    id=p.id,
                    agreement_id=a.id,
                    teacher_id=t.id,
                    name=t.name,
                    id_number=t.id_number,
                    id_masked=idnumber.mask(t.id_number),
                    school=names.get(a.school_id or t.cur_work_school_id, ""),
                    agreement=a.kind,
                    date=p.date,
                    kind=p.kind,
                    amount=p.amount,
                    voucher=p.voucher or "",
                )
            )
        return out


# ---------------------------------------------------------------- reminders and figures over a period


def reminders(db, today: dt.date | None = None) -> list[dict]:
    """Agreements, and recognitions with a term, ending within Policy.talent_term_reminder_days of TODAY,
    soonest first: name, school, what, end, days left."""
    today = today or dt.date.today()
    within = load_policy(db).talent_term_reminder_days
    out = []
    for r in list_rows(db, today):
        if r["table"] == "recognition" and r["status"] != steps.RECOGNISED:
            continue
        if steps.due_soon(r["end"], today, within):
            out.append(
                dict(
                    table=r["table"],
                    id=r["id"],
                    teacher_id=r["teacher_id"],
                    name=r["name"],
                    school=r["school"],
                    what=f"{r['kind']}{r['category']}",
                    end=r["end"],
                    days=steps.days_to_end(r["end"], today),
                )
            )
    return sorted(out, key=lambda x: (x["days"], x["name"]))


def teachers_in(db, school_ids: set[int]) -> set[int]:
    """The teachers whose post school is one of SCHOOL_IDS (a report's scope)."""
    with db.sessions() as s:
        return set(s.scalars(select(Teacher.id).where(Teacher.cur_post_school_id.in_(school_ids))))


def step_events(db, school_ids: set[int] | None = None) -> list[tuple[str, str, str, PartialDate | None, int]]:
    """[(kind label, step, status, date, teacher)]: each step a recognition went through, dated: 申报 (applied),
    初审通过/初审不通过 (reviewed; a record decided later passed 初审), 认定/未认定 (decided). Teachers whose post
    school is in SCHOOL_IDS (None: all)."""
    with db.sessions() as s:
        post = dict(s.execute(select(Teacher.id, Teacher.cur_post_school_id)).all())
        rows = s.execute(
            select(
                TalentRecognition.teacher_id,
                TalentRecognition.kind,
                TalentRecognition.category,
                TalentRecognition.status,
                TalentRecognition.applied,
                TalentRecognition.reviewed,
                TalentRecognition.date,
            )
        ).all()
    out = []
    for tid, kind, cat, status, applied, reviewed, decided in rows:
        if school_ids is not None and post.get(tid) not in school_ids:
            continue
        label = f"{kind}（{cat}类）" if kind == steps.GRADED_KIND and cat else kind
        if applied is not None:
            out.append((label, steps.APPLIED, status, applied, tid))
        if reviewed is not None:
            out.append((label, steps.FAILED if status == steps.FAILED else steps.PASSED, status, reviewed, tid))
        if status in steps.DECIDED and decided is not None:
            out.append((label, status, status, decided, tid))
    return out
