"""`school-pairings` 学校结对统计 (issue 21 §3): the pairings and groups of schools (城乡对口学校一体化, 结对帮扶, 联校/
集团化办学, 教共体) in force in a period, by kind and one by one, with what happened in each: teachers exchanged
between its schools, activities held, 人次; the list as Excel; and the figures `report annual` shows.

What counts in a pairing is derived from its schools and term (domain.school_pairing, NOTES below).
"""

from __future__ import annotations

from dataclasses import replace

from talentdesk.domain import school_pairing as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.reports import ReportTable
from talentdesk.reports.catalogue import Report
from talentdesk.reports.events import YM, within, ym
from talentdesk.services.accounts import access
from talentdesk.services.deployment import school_pairings
from talentdesk.services.deployment.school_pairings import Happened

CATEGORY = "学校结对"

NOTES = (
    "学校结对不与活动、交流记录逐条关联，按结对学校和结对期限认定：结对期限内开始、从一所结对学校到另一所结对学校的"
    "交流轮岗、支教等记录计为“交流教师”（人数按教师去重，人次按记录）；结对期限内在一所结对学校举办、所列参加教师中"
    "有人现任职于另一所结对学校的活动登记计为“结对活动”，人次为活动填写的人次，未填时为所列参加教师人数。",
    "结对按开始日期之前已签订、结束日期之后已期满认定是否在统计期间内；两个结对有相同学校时，一次交流或活动可能同时"
    "计入两个结对，合计行按结对分别计数相加。",
)


def _span(params) -> tuple[YM, YM, str]:
    if params.period is not None:
        p = params.period
        return p.start, p.end, p.label
    year = params.year_or(params.today.year)
    return (year, 1), (year, 12), f"{year}年"


def _ym(d: PartialDate | None) -> YM | None:
    return ym(d.iso()) if d is not None else None


def in_force(h: Happened, start: YM, end: YM) -> bool:
    """The pairing's term overlaps START … END (months)."""
    s = _ym(h.start) or (0, 0)
    e = _ym(h.end)
    first = (s[0], s[1] or 1)
    return first <= end and (e is None or (e[0], e[1] or 12) >= start)


def restrict(h: Happened, start: YM, end: YM) -> Happened:
    """H with only the exchanges and activities that started in START … END."""
    return replace(
        h,
        exchanges=[e for e in h.exchanges if within(_ym(e.start), start, end)],
        held=[a for a in h.held if within(_ym(a.start), start, end)],
    )


def load(db, params, since: YM) -> list[Happened]:
    """Every pairing with a school in the scope, with what happened from SINCE on."""
    with db.sessions() as s:
        return school_pairings.happenings(s, f"{since[0]:04d}", school_ids=params.scope.school_ids(s))


def _n(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 1)


def _term(h: Happened) -> str:
    return f"{h.start.iso()}—{h.end.iso() if h.end else '至今'}"


def tables(found: list[Happened], kinds: list[str]) -> list[ReportTable]:
    by_kind: list[tuple] = []
    order = [*kinds, *sorted({h.kind for h in found} - set(kinds))]
    totals = [0, 0, 0, 0, 0, 0.0]
    for k in order:
        mine = [h for h in found if h.kind == k]
        if not mine:
            continue
        row = [
            len(mine),
            sum(len(h.schools) for h in mine),
            sum(h.teachers_exchanged for h in mine),
            sum(len(h.exchanges) for h in mine),
            sum(len(h.held) for h in mine),
            sum(h.person_times for h in mine),
        ]
        totals = [a + b for a, b in zip(totals, row)]
        by_kind.append((k, *row[:5], _n(row[5])))
    by_kind.append(("合计", *totals[:5], _n(totals[5])))
    kind_table = ReportTable(
        "学校结对（按类型）",
        ("结对类型", "结对数", "学校数", "交流教师（人）", "交流（人次）", "结对活动（次）", "活动人次"),
        by_kind,
        (20, 9, 9, 12, 11, 13, 10),
        emphasis=frozenset({len(by_kind) - 1}),
    )
    rows = [
        (
            h.name,
            h.kind,
            h.lead,
            len(h.schools),
            _term(h),
            h.teachers_exchanged,
            len(h.exchanges),
            len(h.held),
            _n(h.person_times),
        )
        for h in found
    ]
    each = ReportTable(
        "各结对情况",
        ("结对名称", "类型", "牵头学校", "学校数", "结对期限", "交流教师", "交流人次", "结对活动", "活动人次"),
        rows,
        (28, 14, 22, 7, 22, 9, 9, 9, 9),
    )
    return [kind_table, each]


def compute(db, params) -> Report:
    start, end, label = _span(params)
    found = [restrict(h, start, end) for h in load(db, params, start) if in_force(h, start, end)]
    with db.sessions() as s:
        kinds = school_pairings.kind_names(s)
    return Report(
        title="学校结对统计",
        parts=tables(found, kinds),
        notes=list(NOTES),
        summary={
            "period": {"from": f"{start[0]:04d}-{start[1]:02d}", "to": f"{end[0]:04d}-{end[1]:02d}"},
            "pairings": len(found),
            "schools": len({sid for h in found for sid in h.schools}),
            "teachers_exchanged": sum(h.teachers_exchanged for h in found),
            "placements": sum(len(h.exchanges) for h in found),
            "activities": sum(len(h.held) for h in found),
            "person_times": _n(sum(h.person_times for h in found)),
            "by_kind": {k: sum(1 for h in found if h.kind == k) for k in sorted({h.kind for h in found})},
        },
        period_label=label,
    )


# ---------------------------------------------------------------- report annual


def annual_figures(found: list[Happened], start: YM, end: YM) -> dict[tuple[str, str], float]:
    """{(学校结对, item): value} for START … END."""
    live = [restrict(h, start, end) for h in found if in_force(h, start, end)]
    new = [h for h in found if within(_ym(h.start), start, end)]
    return {
        (CATEGORY, "结对数（期间内有效）"): len(live),
        (CATEGORY, "新签结对"): len(new),
        (CATEGORY, "结对学校（所）"): len({sid for h in live for sid in h.schools}),
        (CATEGORY, "交流教师（人）"): sum(h.teachers_exchanged for h in live),
        (CATEGORY, "结对活动（次）"): sum(len(h.held) for h in live),
        (CATEGORY, "结对活动人次"): _n(sum(h.person_times for h in live)),
    }


ADDITIVE = {"新签结对", "交流教师（人）", "结对活动（次）", "结对活动人次"}


def annual_table(
    found: list[Happened],
    columns: list[tuple[str, YM, YM]],
    *,
    total: bool,
    previous: tuple[YM, YM] | None = None,
) -> tuple[ReportTable, dict]:
    """The 学校结对 table of `report annual`: one column per (label, start, end); with TOTAL a 合计 column (the whole
    period: counts of pairings and schools are not added up but taken over the period), else 增减."""
    figs = [annual_figures(found, a, b) for _l, a, b in columns]
    whole = annual_figures(found, min(c[1] for c in columns), max(c[2] for c in columns)) if total else None
    before = annual_figures(found, *previous) if previous is not None else None
    rows: list[tuple] = []
    summary: dict[str, dict] = {}
    for key in figs[0]:
        cat, item = key
        values = [f[key] for f in figs]
        row: list = [cat, item, *values]
        if total:
            assert whole is not None
            added = _n(sum(values)) if item in ADDITIVE else whole[key]
            row.append(added)
            entry: dict = {"years": {c[0]: v for c, v in zip(columns, values)}, "total": added}
            if before is not None:
                row += [before[key], _n(added - before[key])]
                entry["previous"] = before[key]
        else:
            row.append(_n(values[0] - values[1]))
            entry = {"this": values[0], "last": values[1]}
        rows.append(tuple(row))
        summary.setdefault(cat, {})[item] = entry
    labels = [c[0] for c in columns]
    tail = (("合计",) + (("上期合计", "增减") if before is not None else ())) if total else ("增减",)
    headers = ("类别", "项目", *labels, *tail)
    table = ReportTable(
        "学校结对（城乡对口、结对帮扶、集团化办学、教共体）",
        headers,
        rows,
        (14, 22) + (10,) * (len(headers) - 2),
        note="结对数、结对学校的“合计”为整个期间内有效的结对及其学校（不逐年相加）；交流教师、结对活动按开始日期计入年份。",
    )
    return table, summary


# ---------------------------------------------------------------- the list as Excel


LIST_HEADERS = ("结对名称", "类型", "牵头学校", "成员学校", "开始日期", "结束日期", "状态", "文号", "协议措施", "备注")


def list_table(db, **filters) -> ReportTable:
    rows = school_pairings.list_rows(db, **filters)
    extra: dict[int, tuple[str, str]] = {}
    for r in rows:
        p = school_pairings.get(db, r.id)
        extra[r.id] = ("；".join(rules.split_actions(p["actions"])), p["note"] or "")
    out = [(r.name, r.kind, r.lead, r.members, r.start, r.end, r.status, r.doc_number, *extra[r.id]) for r in rows]
    return ReportTable(
        "学校结对",
        LIST_HEADERS,
        out,
        (28, 14, 22, 40, 11, 11, 8, 20, 40, 16),
        text_columns=frozenset({4, 5}),
    )


def export(db, path, **filters) -> int:
    """The pairings as an .xlsx file with borders; the number written."""
    from talentdesk.reports.xlsx import write_tables  # openpyxl: only when a file is written

    who, _full = access.output_rights(db, False)
    table = list_table(db, **filters)
    write_tables([table], path, exporter=who.user)
    return len(table.rows)
