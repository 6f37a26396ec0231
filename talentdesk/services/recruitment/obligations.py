"""Service obligations (服务期): 公费师范生 and 优师计划 graduates serve Policy.obligation_years;
特岗 teachers serve a term and are then converted to 在编. Track start, end, conversion or breach,
and list who is due this year."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from talentdesk.domain import idnumber
from talentdesk.domain import recruitment as rules
from talentdesk.domain.collation import sort_key
from talentdesk.domain.dates import PartialDate
from talentdesk.errors import NotFound, UserError
from talentdesk.services.accounts import access
from talentdesk.services.platform.records import upsert
from talentdesk.services.platform.settings import load_policy
from talentdesk.services.recruitment.values import clean_values
from talentdesk.store.models import School, Teacher
from talentdesk.store.models_recruitment import ServiceObligation
from talentdesk.store.uow import UnitOfWork

FIELDS = ("teacher_id", "kind", "start", "years", "end", "closed", "closed_on", "note")
COLUMNS = (
    "id",
    "teacher_id",
    "name",
    "id_masked",
    "school",
    "kind",
    "start",
    "years",
    "end",
    "state",
    "closed_on",
    "due",
    "employment_form",
    "note",
)


def _state(ob: ServiceObligation, today: dt.date) -> str:
    return rules.obligation_state(ob.kind, ob.end, ob.closed, today)


def list_rows(db, today: dt.date | None = None, *, due_only: bool = False) -> list[dict]:
    """Every obligation with its state today; ``due`` marks whose term ends this calendar year
    (or ended and awaits conversion)."""
    today = today or dt.date.today()
    with UnitOfWork(db) as uow:
        s = uow.session
        names = dict(s.execute(select(School.id, School.name)).all())
        out = []
        for ob, t in s.execute(
            select(ServiceObligation, Teacher)
            .join(Teacher, Teacher.id == ServiceObligation.teacher_id)
            .order_by(ServiceObligation.end, Teacher.name)
        ):
            state = _state(ob, today)
            due = rules.due_in_year(ob.end, state, today.year)
            if due_only and not due:
                continue
            out.append(
                dict(
                    id=ob.id,
                    version=ob.version,
                    teacher_id=t.id,
                    name=t.name,
                    id_masked=idnumber.mask(t.id_number),
                    school=names.get(t.cur_work_school_id or t.cur_post_school_id, ""),
                    kind=ob.kind,
                    start=ob.start,
                    years=ob.years,
                    end=ob.end,
                    state=state,
                    closed_on=ob.closed_on,
                    due=due,
                    employment_form=t.employment_form,
                    note=ob.note,
                )
            )
        closed = (rules.OB_CONVERTED, rules.OB_BREACH, rules.OB_DONE)
        out.sort(key=lambda r: (not r["due"], r["state"] in closed, r["end"], sort_key(r["name"])))  # action first
        return out


def get(db, ob_id: int) -> dict:
    """One obligation as stored (with its version and the teacher's name), for the edit form."""
    with UnitOfWork(db) as uow:
        ob = uow.session.get(ServiceObligation, ob_id)
        if ob is None:
            raise NotFound("找不到这条服务期记录（可能已被删除）")
        return {
            "id": ob.id,
            "version": ob.version,
            **{f: getattr(ob, f) for f in FIELDS},
            "_teacher_label": ob.teacher.name if ob.teacher else None,
        }


def save(
    db,
    ob_id: int | None,
    values: dict,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> int:
    """Create or edit an obligation; the end is start + years unless the clerk typed one.
    Editing, the fields VALUES leave out stay as stored (the form shows no 服务期满, 结果 or 办结日期: those
    come from convert/close/reopen); the end is recomputed only when the start or the years change.
    VERSION and BASE: what the form loaded (get); see services.platform.records.upsert."""
    access.require(db, "edit")
    data = clean_values(
        ServiceObligation,
        FIELDS,
        values,
        required=("teacher_id", "kind", "start"),
        choices={"kind": rules.OBLIGATION_KINDS, "closed": (rules.OB_CONVERTED, rules.OB_BREACH, rules.OB_DONE)},
    )
    if data["years"] is None:
        data["years"] = load_policy(db).obligation_years.get(data["kind"], 0)
    with UnitOfWork(db) as uow:
        s = uow.session
        stored = s.get(ServiceObligation, ob_id) if ob_id is not None else None
        if stored is not None:
            data = {f: v for f, v in data.items() if f in values}
            was = base if base is not None and "start" in base else {"start": stored.start, "years": stored.years}
            now = (data.get("start", was["start"]), data.get("years", was["years"]))
            if data.get("end", stored.end) is None or ("end" not in data and now != (was["start"], was["years"])):
                data["end"] = rules.obligation_end(*now)
        elif data["end"] is None:  # normally computed; a typed end (an extended term) is kept
            data["end"] = rules.obligation_end(data["start"], data["years"])
        ob = upsert(
            s,
            ServiceObligation,
            ob_id,
            data,
            "找不到这条服务期记录（可能已被删除）",
            expected_version=version,
            base=base,
            merge=merge,
            resolved=resolved,
        )
        s.flush()
        uow.commit()
        return ob.id


def _on(on) -> PartialDate:
    if on is None:
        return PartialDate.from_date(dt.date.today())
    if isinstance(on, dt.date):
        return PartialDate.from_date(on)
    return clean_values(ServiceObligation, ("closed_on",), {"closed_on": on})["closed_on"]


def convert(db, ob_id: int, on=None) -> None:
    """特岗 term served: the teacher becomes 在编 (教职工来源 特岗转入) — in the same transaction."""
    access.require(db, "edit")
    on = _on(on)
    with UnitOfWork(db) as uow:
        s = uow.session
        ob = s.get(ServiceObligation, ob_id)
        if ob is None:
            raise NotFound("找不到这条服务期记录（可能已被删除）")
        if ob.kind != rules.CONVERTING_KIND:
            raise UserError(f"{ob.kind}没有转编，期满后选择“已期满”即可")
        if ob.closed:
            raise UserError(f"{ob.teacher.name}的服务期已是“{ob.closed}”")
        if on < ob.end.to_month():
            raise UserError(f"{ob.teacher.name}的特岗服务期到 {ob.end.chinese()} 才期满，不能在 {on.chinese()} 转编")
        ob.closed, ob.closed_on = rules.OB_CONVERTED, on
        t = ob.teacher
        t.employment_form = "在编"
        t.source = "特岗转入"
        uow.commit()


def close(db, ob_id: int, outcome: str, on=None, note: str | None = None) -> None:
    """Record 违约 (breach: left or broke the agreement) or 已期满 (served in full)."""
    access.require(db, "edit")
    if outcome not in (rules.OB_BREACH, rules.OB_DONE):
        raise UserError("只能登记为“违约”或“已期满”")
    on = _on(on)
    with UnitOfWork(db) as uow:
        ob = uow.session.get(ServiceObligation, ob_id)
        if ob is None:
            raise NotFound("找不到这条服务期记录（可能已被删除）")
        if outcome == rules.OB_DONE and on < ob.end.to_month():
            raise UserError(f"服务期到 {ob.end.chinese()} 才期满")
        ob.closed, ob.closed_on = outcome, on
        if note:
            ob.note = note
        uow.commit()


def reopen(db, ob_id: int) -> None:
    """Undo a recorded outcome (a conversion keeps the teacher's 用工形式; change it in the file if needed)."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        ob = uow.session.get(ServiceObligation, ob_id)
        if ob is None:
            raise NotFound("找不到这条服务期记录（可能已被删除）")
        ob.closed, ob.closed_on = None, None
        uow.commit()


def delete(db, ob_id: int) -> None:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        ob = uow.session.get(ServiceObligation, ob_id)
        if ob is None:
            raise NotFound("找不到这条服务期记录（可能已被删除）")
        uow.session.delete(ob)
        uow.commit()


def fill_missing(db) -> int:
    """Create obligations for serving teachers whose file says 特岗 / 公费师范生 / 优师计划 but who
    have none yet (teachers imported from school spreadsheets); start = 参加工作年月. Returns how many."""
    access.require(db, "edit")
    policy = load_policy(db)
    n = 0
    with UnitOfWork(db) as uow:
        s = uow.session
        have = {(tid, kind) for tid, kind in s.execute(select(ServiceObligation.teacher_id, ServiceObligation.kind))}
        for t in s.scalars(select(Teacher).where(Teacher.status == "在岗", Teacher.work_start.is_not(None))):
            kind = (
                "特岗计划"
                if t.employment_form == "特岗"
                else t.source
                if t.source in ("公费师范生", "优师计划")
                else None
            )
            if kind is None or (t.id, kind) in have:
                continue
            years = policy.obligation_years.get(kind)
            if not years:
                continue
            s.add(
                ServiceObligation(
                    teacher_id=t.id,
                    kind=kind,
                    start=t.work_start,
                    years=years,
                    end=rules.obligation_end(t.work_start, years),
                    note="按教师档案补建",
                )
            )
            n += 1
        uow.commit()
    return n
