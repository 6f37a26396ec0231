"""Honours counted by name and level (issue 17 §2): the records' free text matched to the bureau's list
(domain.honours), as a table 级别 × 荣誉名称 × year for the annual statistics; texts not on the list are
counted under 未列入名录 and listed for the clerk to map once (services.people.honour_names)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from talentdesk.domain import codes
from talentdesk.domain.honours import LEVELS, normalise
from talentdesk.domain.policy import Policy
from talentdesk.reports import ReportTable
from talentdesk.reports.events import YM, raw, within, ym
from talentdesk.services.people.honour_names import matcher
from talentdesk.store.models import Honour, School, Teacher

UNLISTED = "未列入名录"
OTHER_LEVEL = "其他"


def _one_county(session, school_ids: set[int] | None) -> str | None:
    """The county all the scope's schools belong to in a city database (None: a county's own, or several)."""
    stmt = select(School.county).distinct()
    if school_ids is not None:
        stmt = stmt.where(School.id.in_(school_ids))
    found = set(session.scalars(stmt))
    return found.pop() if len(found) == 1 and None not in found else None


def counts(
    session, school_ids: set[int] | None, policy: Policy | None = None, since: str | None = None
) -> tuple[Counter, Counter, list[str]]:
    """(Counter {(level, name or UNLISTED, ym): person-times}, Counter {text: records not on the list}, the list's
    names). The level is the record's 级别 when it has one, else the level the text states, else 其他."""
    m = matcher(session, policy, _one_county(session, school_ids))
    d = func.substr(raw(Honour.date), 1, 7)
    stmt = (
        select(Honour.name, Honour.level, d, func.count())
        .where(Honour.date.is_not(None))
        .group_by(Honour.name, Honour.level, d)
    )
    if since:
        stmt = stmt.where(raw(Honour.date) >= since)
    if school_ids is not None:
        stmt = stmt.join(Teacher, Teacher.id == Honour.teacher_id).where(Teacher.cur_post_school_id.in_(school_ids))
    out: Counter = Counter()
    unlisted: Counter = Counter()
    for text, level, date, n in session.execute(stmt):
        when = ym(date)
        if when is None:
            continue
        found = m.match(text)
        lv = codes.LEVEL.canonical(level) if level else None
        lv = lv if lv in LEVELS else (found[1] if found and found[1] else OTHER_LEVEL)
        out[(lv, found[0] if found else UNLISTED, when)] += n
        if not found:
            unlisted[normalise(text) or "（空白）"] += n
    return out, unlisted, m.names


def table(
    counted: Counter, names: list[str], columns: list[tuple[str, YM, YM]], title: str, total: bool = True
) -> ReportTable:
    """级别 × 荣誉名称 rows (names with a figure in some column, in the list's order; 未列入名录 last in each
    level), a 小计 per level and 合计; one column per (label, first, last) and, with TOTAL, their sum."""

    def value(level: str, name: str | None, a: YM, b: YM) -> int:
        return sum(
            n for (lv, nm, d), n in counted.items() if lv == level and (name is None or nm == name) and within(d, a, b)
        )

    rows, emphasis = [], set()
    for level in (*LEVELS, OTHER_LEVEL):
        present = {nm for (lv, nm, d) in counted if lv == level and any(within(d, a, b) for _, a, b in columns)}
        if not present:
            continue
        for name in (
            [n for n in names if n in present]
            + sorted(present - set(names) - {UNLISTED})
            + ([UNLISTED] if UNLISTED in present else [])
        ):
            figures = [value(level, name, a, b) for _, a, b in columns]
            rows.append((level, name, *figures, *([sum(figures)] if total else [])))
        figures = [value(level, None, a, b) for _, a, b in columns]
        emphasis.add(len(rows))
        rows.append((level, "小计", *figures, *([sum(figures)] if total else [])))
    figures = [sum(n for (lv, nm, d), n in counted.items() if within(d, a, b)) for _, a, b in columns]
    emphasis.add(len(rows))
    rows.append(("合计", "", *figures, *([sum(figures)] if total else [])))
    headers = ("级别", "荣誉名称", *(c[0] for c in columns), *(("合计",) if total else ()))
    return ReportTable(title, headers, rows, (10, 22) + (10,) * (len(headers) - 2), emphasis=frozenset(emphasis))


def unlisted_note(unlisted: Counter, limit: int = 8) -> str:
    if not unlisted:
        return ""
    shown = "、".join(f"{t}（{n}）" for t, n in unlisted.most_common(limit))
    more = f"等 {len(unlisted)} 种" if len(unlisted) > limit else ""
    return (
        f"荣誉名称未列入名录的 {sum(unlisted.values())} 人次计入“{UNLISTED}”：{shown}{more}；"
        "可在“统计报表 → 荣誉名称对照”中归入名录中的名称（记住，以后自动归类）。"
    )
