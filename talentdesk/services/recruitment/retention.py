"""Services that keep teachers (人才服务): requests (子女入学, 青年教师公寓/周转房, 购房补贴) with
status and dates; the rural teacher living subsidy per teacher per month from where they actually
work (school tier × Policy.rural_subsidy_monthly, pro rata by days); 师德 records."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from talentdesk.domain import idnumber
from talentdesk.domain import recruitment as rules
from talentdesk.domain.collation import sort_key
from talentdesk.errors import EditConflict, FieldChange, NotFound, RecordConflict, UserError, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.platform import records
from talentdesk.services.platform.settings import load_policy
from talentdesk.services.recruitment.plan import STAFF_FORMS
from talentdesk.services.recruitment.values import clean_values, save_teacher_record, to_plain
from talentdesk.store.models import Placement, PostRecord, School, Teacher
from talentdesk.store.models_recruitment import EthicsRecord, ServiceRequest, SubsidyTier
from talentdesk.store.uow import UnitOfWork

REQUEST_FIELDS = (
    "teacher_id",
    "kind",
    "applied",
    "status",
    "handled",
    "detail",
    "room",
    "start",
    "end",
    "amount",
    "note",
)
ETHICS_FIELDS = ("teacher_id", "year", "kind", "result", "date", "detail")
ENDED_PLACEMENT = ("期满返回", "提前结束")


def _teacher_names(s) -> dict[int, tuple[str, str]]:
    return {tid: (name, num) for tid, name, num in s.execute(select(Teacher.id, Teacher.name, Teacher.id_number))}


# ---------------------------------------------------------------- requests


def list_requests(db) -> list[dict]:
    with UnitOfWork(db) as uow:
        s = uow.session
        out = []
        for r, t in s.execute(
            select(ServiceRequest, Teacher)
            .join(Teacher, Teacher.id == ServiceRequest.teacher_id)
            .order_by(ServiceRequest.applied.desc(), ServiceRequest.id.desc())
        ):
            out.append(
                dict(to_plain(r, ("id", "version", *REQUEST_FIELDS)), name=t.name, id_masked=idnumber.mask(t.id_number))
            )
        return out


def save_request(db, record_id: int | None, values: dict, **check) -> int:
    """CHECK: version, base, merge, resolved of the form (recruitment_values.save_teacher_record)."""
    data = clean_values(
        ServiceRequest,
        REQUEST_FIELDS,
        values,
        required=("teacher_id", "kind", "applied"),
        choices={"kind": rules.SERVICE_KINDS, "status": rules.SERVICE_STATUS},
    )
    data["status"] = data["status"] or "已申请"
    problems = {}
    if data["kind"] in ("青年教师公寓", "周转房") and data["status"] == "已办结":
        if not data["room"]:
            problems["room"] = "请填写房间号"
        if not data["start"]:
            problems["start"] = "请填写入住时间"
    if data["kind"] == "购房补贴" and data["status"] == "已办结" and not data["amount"]:
        problems["amount"] = "请填写补贴金额"
    if data["status"] in ("已办结", "未通过") and not data["handled"]:
        problems["handled"] = "请填写办结日期"
    if problems:
        raise ValidationError(problems)
    return save_teacher_record(db, ServiceRequest, record_id, data, **check)


def delete_record(db, table: str, record_id: int) -> None:
    access.require(db, "edit")
    model = {"request": ServiceRequest, "ethics": EthicsRecord}[table]
    with UnitOfWork(db) as uow:
        r = uow.session.get(model, record_id)
        if r is None:
            raise NotFound("找不到这条记录（可能已被删除）")
        uow.session.delete(r)
        uow.commit()


# ---------------------------------------------------------------- 师德


def list_ethics(db, year: int | None = None) -> list[dict]:
    keys = ("id", "version", *ETHICS_FIELDS)
    with UnitOfWork(db) as uow:
        s = uow.session
        # plain columns, not whole records: a city holds ~43,000 (issue 17 §5: 3.1 → 0.6 s CPU)
        stmt = (
            select(*(getattr(EthicsRecord, k) for k in keys), Teacher.name, Teacher.id_number)
            .join(Teacher, Teacher.id == EthicsRecord.teacher_id)
            .order_by(EthicsRecord.year.desc(), EthicsRecord.kind, Teacher.name, EthicsRecord.id)
        )  # one order everywhere
        if year is not None:
            stmt = stmt.where(EthicsRecord.year == year)
        n = len(keys)
        return [dict(zip(keys, row[:n]), name=row[n], id_masked=idnumber.mask(row[n + 1])) for row in s.execute(stmt)]


def save_ethics(db, record_id: int | None, values: dict, **check) -> int:
    """CHECK: version, base, merge, resolved of the form (recruitment_values.save_teacher_record)."""
    data = clean_values(
        EthicsRecord,
        ETHICS_FIELDS,
        values,
        required=("teacher_id", "year", "kind"),
        choices={"kind": rules.ETHICS_KINDS},
    )
    if data["kind"] == "师德考核":
        if data["result"] not in rules.ETHICS_RESULTS:
            raise ValidationError({"result": f"师德考核结果应为{'、'.join(rules.ETHICS_RESULTS)}之一"})
        with UnitOfWork(db) as uow:
            other = uow.session.scalar(
                select(EthicsRecord.id).where(
                    EthicsRecord.teacher_id == data["teacher_id"],
                    EthicsRecord.year == data["year"],
                    EthicsRecord.kind == "师德考核",
                )
            )
        if other is not None and other != record_id:
            raise ValidationError({"year": f"{data['year']}年已有师德考核结果，每年只能有一条"})
    elif not data["detail"]:
        raise ValidationError({"detail": "请写明表彰或处理的内容"})
    return save_teacher_record(db, EthicsRecord, record_id, data, **check)


# ---------------------------------------------------------------- rural subsidy


def default_tier(area: str | None, kind: str | None) -> str | None:
    """The tier a school gets by its category until the clerk sets one: 教学点 三档, village school 二档,
    township school 一档; county-town schools none."""
    if kind == "教学点":
        return "三档"
    return {"乡村": "二档", "镇区": "一档"}.get(area or "")


def list_tiers(db) -> list[dict]:
    """Every school with its tier (None: no subsidy) and the tier row's version (None: no row)."""
    with UnitOfWork(db) as uow:
        s = uow.session
        tiers = {
            sid: (tier, version)
            for sid, tier, version in s.execute(select(SubsidyTier.school_id, SubsidyTier.tier, SubsidyTier.version))
        }
        return [
            dict(
                school_id=sid,
                name=name,
                township=town,
                area=area,
                kind=kind,
                tier=tiers.get(sid, (None, None))[0],
                version=tiers.get(sid, (None, None))[1],
            )
            for sid, name, town, area, kind in s.execute(
                select(School.id, School.name, School.township, School.area, School.kind).order_by(
                    School.township.nulls_first(), School.name
                )
            )
        ]


TIER_TABLE = "subsidy_tier"  # a conflict on a school's tier is keyed (TIER_TABLE, school id)


def set_tier(
    db, school_id: int, tier: str | None, *, base: dict | None = None, resolved: dict | None = None, **_check
) -> None:
    """One school's tier (None: none). BASE: the school's row as the form loaded it (list_tiers); see save_tiers."""
    save_tiers(
        db, {school_id: tier}, [dict(base, school_id=school_id)] if base is not None else None, resolved=resolved
    )


def save_tiers(
    db, tiers: dict[int, str | None], base: list[dict] | None = None, *, resolved: dict | None = None, **_check
) -> None:
    """Set the tiers {school id: tier or None} in one transaction. BASE: list_tiers() rows as the form loaded
    them: a tier another clerk changed meanwhile to something else than this clerk's choice raises EditConflict
    (one record per school; RESOLVED: the choices, as EditConflict.resolutions() gives them); a school whose
    tier this clerk left as loaded is not written."""
    access.require(db, "edit")
    policy = load_policy(db)
    for tier in tiers.values():
        if tier and tier not in policy.rural_subsidy_monthly:
            raise UserError(f"补助档次应为{'、'.join(policy.rural_subsidy_monthly)}之一")
    loaded = {r["school_id"]: r for r in base} if base is not None else {}
    conflicts = []
    with UnitOfWork(db) as uow:
        s = uow.session
        rows = {r.school_id: r for r in s.scalars(select(SubsidyTier).where(SubsidyTier.school_id.in_(list(tiers))))}
        for school_id, tier in tiers.items():
            tier = tier or None
            row, b = rows.get(school_id), loaded.get(school_id)
            theirs = row.tier if row is not None else None
            if b is not None:
                if tier == b.get("tier"):
                    continue  # not changed in this form
                if theirs != b.get("tier") and theirs != tier:  # changed there too, to something else
                    version = row.version if row is not None else 0
                    rv, choices = (resolved or {}).get((TIER_TABLE, school_id), (None, None))
                    if rv != version or not choices or "tier" not in choices:
                        conflicts.append(_tier_conflict(s, school_id, row, b.get("tier"), tier, version))
                        continue
                    if choices["tier"] == "theirs":
                        continue
            if not tier:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(SubsidyTier(school_id=school_id, tier=tier))
            elif row.tier != tier:
                row.tier = tier
        if conflicts:
            raise EditConflict(conflicts)
        records.flush(s)
        try:
            uow.commit()
        except IntegrityError:  # another clerk gave the school its first tier at the same moment
            raise UserError(records.RACE_MESSAGE, code="edit_conflict") from None


def _tier_conflict(s, school_id: int, row, base, mine, version: int) -> RecordConflict:
    who, at = (
        records.last_changes(s, TIER_TABLE, row.id, ["tier"]).get("tier", (None, None))
        if row is not None
        else (None, None)
    )
    name = s.get(School, school_id).name
    shown = [v or "（无）" for v in (base, mine, row.tier if row is not None else None)]  # None: no subsidy
    change = FieldChange("tier", "补助档次", *shown, "conflict", who, at)
    return RecordConflict(TIER_TABLE, f"{name}的乡村补助档次", school_id, version, [change])


def fill_default_tiers(db) -> int:
    """Give every school without a tier the default of its category; returns how many were set."""
    n = 0
    for row in list_tiers(db):
        if row["tier"] is None:
            tier = default_tier(row["area"], row["kind"])
            if tier:
                set_tier(db, row["school_id"], tier)
                n += 1
    return n


def _last_working_day(status: str, status_date) -> dt.date | None:
    """A teacher who left (退休, 调出…) is paid up to the day before a dated leave, or to the end of
    the month of a month-precision leave; None while serving."""
    if status == "在岗" or status_date is None:
        return None
    if status_date.day:
        return status_date.first_day() - dt.timedelta(days=1)
    return rules.last_day(status_date)


def subsidy_rows(db, year: int, month: int) -> list[dict]:
    """乡村教师生活补助 for one month: every teacher who worked at a school with a tier, pro rata by days
    at each school (an active placement counts where the teacher actually works)."""
    if not 1 <= month <= 12:
        raise UserError(f"月份 {month} 不存在")
    policy = load_policy(db)
    amounts = policy.rural_subsidy_monthly
    first, last = dt.date(year, month, 1), rules.month_days(year, month)[-1]
    with UnitOfWork(db) as uow:
        s = uow.session
        tiers = dict(s.execute(select(SubsidyTier.school_id, SubsidyTier.tier)).all())
        if not tiers:
            return []
        school_names = dict(s.execute(select(School.id, School.name)).all())
        spans: dict[int, list[rules.Span]] = defaultdict(list)
        for tid, sid, start, end in s.execute(
            select(PostRecord.teacher_id, PostRecord.school_id, PostRecord.start, PostRecord.end)
        ):
            a, b = rules.span_dates(start, end)
            if (a is None or a <= last) and (b is None or b >= first):
                spans[tid].append(rules.Span(sid, a, b, "post"))
        for tid, sid, start, aend, pend, status in s.execute(
            select(
                Placement.teacher_id,
                Placement.to_school_id,
                Placement.start,
                Placement.actual_end,
                Placement.planned_end,
                Placement.status,
            ).where(Placement.status != "拟交流")
        ):
            end = aend or (pend if status in ENDED_PLACEMENT else None)
            a, b = rules.span_dates(start, end)
            if (a is None or a <= last) and (b is None or b >= first):
                spans[tid].append(rules.Span(sid, a, b, "placement"))
        candidates = [tid for tid, sp in spans.items() if any(x.school_id in tiers for x in sp)]
        info = {}
        for i in range(0, len(candidates), 900):
            for row in s.execute(
                select(
                    Teacher.id,
                    Teacher.name,
                    Teacher.id_number,
                    Teacher.status,
                    Teacher.status_date,
                    Teacher.employment_form,
                ).where(Teacher.id.in_(candidates[i : i + 900]))
            ):
                info[row[0]] = row
    out = []
    for tid in candidates:
        _, name, number, status, status_date, form = info[tid]
        if form is not None and form not in STAFF_FORMS:
            continue
        stop = _last_working_day(status, status_date)
        if stop is not None and stop < first:
            continue
        amount, days = rules.monthly_subsidy(spans[tid], tiers, amounts, year, month, stop)
        if amount <= 0:
            continue
        paid = [(sid, n) for sid, n in days.items() if sid in tiers]
        out.append(
            dict(
                teacher_id=tid,
                name=name,
                id_number=number,
                id_masked=idnumber.mask(number),
                schools="、".join(f"{school_names[sid]}（{tiers[sid]}，{n}天）" for sid, n in paid),
                tier="、".join(sorted({tiers[sid] for sid, _ in paid})),
                school_ids=[sid for sid, _ in paid],
                days=sum(n for _, n in paid),
                month_days=(last - first).days + 1,
                amount=amount,
            )
        )
    out.sort(key=lambda r: (sort_key(r["schools"]), sort_key(r["name"])))
    return out
