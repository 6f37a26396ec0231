"""The 编制台账's shared core (issue 22 §1): the valid decisions as domain.quota entries, the checks that no
quota or pool goes below zero, and keeping SchoolYearStat.quota (核定编制 per school, year and stage) the ledger's
result. Shared by the ledger's own service (services.deployment.quota_ledger) and by the school form and the
schools import, which record a 核定编制 typed there as a 核定 decision so that the ledger stays the source.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentdesk.domain import quota
from talentdesk.domain.dates import school_year_label
from talentdesk.errors import UserError
from talentdesk.store.models import School, SchoolYearStat
from talentdesk.store.models_staffing import QuotaDecision

FORM_DOC = "学校信息录入"  # the 文号 of a 核定 typed as a school's yearly figure (no document number given there)
FORM_REASON = "在学校年度数据中填写的核定编制"


def _entry(d: QuotaDecision) -> quota.Entry:
    return quota.Entry(
        d.id, d.kind, d.school_year, d.decided_on, d.count, d.school_id, d.stage, d.to_school_id, d.to_stage
    )


def entries(s: Session, *, without: int | None = None) -> list[quota.Entry]:
    """The ledger's valid decisions (WITHOUT: leave this one out)."""
    stmt = select(QuotaDecision).where(QuotaDecision.void.is_(False))
    if without is not None:
        stmt = stmt.where(QuotaDecision.id != without)
    return [_entry(d) for d in s.scalars(stmt)]


def breach_message(s: Session, breach: quota.Breach) -> str:
    e = breach.entry
    where = f"{school_year_label(e.school_year)} {e.day.isoformat()} 的{e.kind}（{e.count} 个）"
    if breach.slot is None:
        return f"编制周转池不够：{where}之后周转池余额为 {breach.balance}，不能借出多于池中现有的编制"
    school = s.get(School, breach.slot[0])
    name = f"{school.name if school else '该校'}{breach.slot[1]}"
    if e.kind == quota.RECALL:
        return f"收回超过借出：{where}之后{name}从周转池借入的编制为 {breach.balance}"
    return f"{name}的核定编制会小于零：{where}之后为 {breach.balance}，请先核对该校的核定数"


def check_ledger(s: Session, all_entries: list[quota.Entry]) -> None:
    breach = quota.first_breach(all_entries)
    if breach is not None:
        raise UserError(breach_message(s, breach))


def decision_slots(values: dict) -> set[tuple[int, str]]:
    out = set()
    if values.get("school_id") is not None:
        out.add((values["school_id"], values.get("stage") or ""))
    if values.get("to_school_id") is not None:
        out.add((values["to_school_id"], values.get("to_stage") or values.get("stage") or ""))
    return out


def sync(s: Session, wanted: set[tuple[int, str]]) -> None:
    """SchoolYearStat.quota of the WANTED slots (school, stage) for every school year from each slot's first
    decision up to the latest school year with figures: the fold of the valid decisions up to that year (None when
    none)."""
    wanted = {x for x in wanted if x[1]}
    if not wanted:
        return
    all_entries = entries(s)
    last = s.scalar(select(func.max(SchoolYearStat.school_year)))
    years_of: dict[tuple[int, str], list[int]] = defaultdict(list)
    for d in s.scalars(select(QuotaDecision)):
        for slot in decision_slots(
            dict(school_id=d.school_id, stage=d.stage, to_school_id=d.to_school_id, to_stage=d.to_stage)
        ):
            years_of[slot].append(d.school_year)
    for slot in wanted:
        if not years_of.get(slot):
            continue
        first = min(years_of[slot])
        top = max(max(years_of[slot]), last or first)
        stats = {
            st.school_year: st
            for st in s.scalars(
                select(SchoolYearStat).where(SchoolYearStat.school_id == slot[0], SchoolYearStat.stage == slot[1])
            )
        }
        for year in range(first, top + 1):
            value = quota.fold([e for e in all_entries if slot in entry_slots(e)], school_year=year).quota.get(slot)
            st = stats.get(year)
            if st is None:
                if value is not None and last is not None and year <= last:
                    s.add(SchoolYearStat(school_id=slot[0], school_year=year, stage=slot[1], quota=value))
            elif st.quota != value:
                st.quota = value
    s.flush()


def entry_slots(e: quota.Entry) -> set[tuple[int, str]]:
    return decision_slots(dict(school_id=e.school, stage=e.stage, to_school_id=e.to_school, to_stage=e.to_stage))


def record_stat_quotas(s: Session, school_id: int, typed: dict[tuple[int, str], int | None]) -> None:
    """TYPED: {(school year, stage): 核定编制} as the school form or the schools import wrote them. Each one that
    differs from the ledger's figure for that year becomes a 核定 decision of that school year (文号 FORM_DOC), checked
    like any decision; then the yearly figures of the school's stages follow the ledger again (a figure cleared by
    hand where the ledger has one is put back: the ledger is the source)."""
    everything = entries(s)
    new: list[QuotaDecision] = []
    for (year, stage), value in sorted(typed.items()):
        if value is None or not stage:
            continue
        slot = (school_id, stage)
        mine = [e for e in everything if slot in entry_slots(e)]
        if quota.fold(mine, school_year=year).quota.get(slot) == value:
            continue
        d = QuotaDecision(
            kind=quota.SET,
            school_year=year,
            # dated today within its school year (its end for a past year): after the year's other decisions,
            # so that the year's figure is the one typed
            decided_on=min(max(dt.date.today(), dt.date(year, 9, 1)), quota.year_end(year)),
            doc_no=FORM_DOC,
            count=value,
            school_id=school_id,
            stage=stage,
            reason=FORM_REASON,
            void=False,
        )
        new.append(d)
    if new:
        s.add_all(new)
        s.flush()
        check_ledger(s, entries(s))
    sync(s, {(school_id, stage) for (_year, stage) in typed if stage})
