"""`research-projects` 课题研究统计 (issue 21 §5): research projects over a period — new projects (立项) by level ×
kind, projects under research, concluded (结题), awarded and withdrawn by level and by school, and the list — the
register as an Excel list, and the figures `report annual` shows.

A project belongs to the scope of its school (the school's township, county). Over a period: 新立项 by the
立项日期, 结题 (an award included), 获奖 and 撤项 by the 结题日期 (the date a 撤项 was recorded); 在研 are the
projects approved by the period's end and not concluded or withdrawn before its start. A date known only to its
year counts in a period holding that whole year.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from talentdesk.domain import research as rules
from talentdesk.domain.collation import sort_key
from talentdesk.domain.dates import PartialDate
from talentdesk.reports import ReportTable
from talentdesk.reports.catalogue import Report
from talentdesk.reports.events import YM, within, ym
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import research
from talentdesk.services.cultivation.research import ProjectFact

CATEGORY = "课题研究"
STEPS = ("新立项", "在研", "结题", "其中获奖", "撤项", "延期")


def _span(params) -> tuple[YM, YM, str]:
    if params.period is not None:
        p = params.period
        return p.start, p.end, p.label
    year = params.year_or(params.today.year)
    return (year, 1), (year, 12), f"{year}年"


def _ym(d: PartialDate | None) -> YM | None:
    return ym(d.iso() if d is not None else None)


def approved_in(f: ProjectFact, start: YM, end: YM) -> bool:
    return within(_ym(f.approved), start, end)


def concluded_in(f: ProjectFact, start: YM, end: YM) -> bool:
    return f.status in rules.DONE and within(_ym(f.concluded), start, end)


def awarded_in(f: ProjectFact, start: YM, end: YM) -> bool:
    return f.status == rules.AWARDED and within(_ym(f.concluded), start, end)


def withdrawn_in(f: ProjectFact, start: YM, end: YM) -> bool:
    return f.status == rules.WITHDRAWN and within(_ym(f.concluded), start, end)


def running(f: ProjectFact, start: YM, end: YM) -> bool:
    """Under research some time in START … END: approved by its end, not concluded or withdrawn before its start
    (a withdrawn project without a date is left out)."""
    a = _ym(f.approved)
    if a is None or (a[0], a[1] or 1) > end:
        return False
    if f.status in rules.OPEN:
        return True
    c = _ym(f.concluded)
    return c is not None and (c[0], c[1] or 12) >= start


def facts_in(session, school_ids: set[int] | None) -> list[ProjectFact]:
    return research.facts(session, school_ids)


def _steps(facts: Iterable[ProjectFact], start: YM, end: YM) -> list[int]:
    mine = list(facts)
    live = [f for f in mine if running(f, start, end)]
    return [
        sum(1 for f in mine if approved_in(f, start, end)),
        len(live),
        sum(1 for f in mine if concluded_in(f, start, end)),
        sum(1 for f in mine if awarded_in(f, start, end)),
        sum(1 for f in mine if withdrawn_in(f, start, end)),
        sum(1 for f in live if f.status == rules.EXTENDED),
    ]


def kinds_of(facts: list[ProjectFact], listed: list[str] | tuple[str, ...] = rules.KINDS) -> list[str]:
    """The kinds to show: the list's, in its order, then any other kind the projects carry (a county's own kind
    received in a data package), so every project is counted."""
    return [*listed, *sorted({f.kind for f in facts if f.kind and f.kind not in listed}, key=sort_key)]


def tables(
    facts: list[ProjectFact], start: YM, end: YM, kind_list: list[str] | tuple[str, ...] = rules.KINDS
) -> list[ReportTable]:
    new = [f for f in facts if approved_in(f, start, end)]
    kinds = kinds_of(facts, kind_list)
    rows: list[tuple] = []
    for lv in (*rules.LEVELS, "合计"):
        mine = [f for f in new if lv == "合计" or f.level == lv]
        counts = [sum(1 for f in mine if f.kind == k) for k in kinds]
        rows.append((lv, *counts, len(mine)))
    by_kind = ReportTable(
        "期间内立项：按级别和类别",
        ("级别", *kinds, "合计"),
        rows,
        (10, *(10,) * len(kinds), 8),
        emphasis=frozenset({len(rows) - 1}),
    )
    l_rows = [(lv, *_steps((f for f in facts if f.level == lv), start, end)) for lv in rules.LEVELS]
    l_rows.append(("合计", *_steps(facts, start, end)))
    by_level = ReportTable(
        "按级别和进展",
        ("级别", *STEPS),
        l_rows,
        (10, *(8,) * len(STEPS)),
        emphasis=frozenset({len(l_rows) - 1}),
        note="在研：期间末以前立项、期间开始时尚未结题或撤项的课题；延期为其中目前状态为延期的。",
    )
    groups: dict[int, list[ProjectFact]] = defaultdict(list)
    for f in facts:
        groups[f.school_id].append(f)
    s_rows: list[tuple] = []
    for sid in sorted(groups, key=lambda i: sort_key(groups[i][0].school)):
        figs = _steps(groups[sid], start, end)
        if any(figs):
            s_rows.append((groups[sid][0].school, *figs))
    s_rows.append(("合计", *_steps(facts, start, end)))
    by_school = ReportTable(
        "按学校",
        ("学校", *STEPS),
        s_rows,
        (28, *(8,) * len(STEPS)),
        emphasis=frozenset({len(s_rows) - 1}),
    )
    level_rank = {lv: i for i, lv in enumerate(rules.LEVELS)}
    listed = sorted(
        (f for f in facts if approved_in(f, start, end) or running(f, start, end) or withdrawn_in(f, start, end)),
        key=lambda f: (level_rank.get(f.level, 9), f.approved.iso(), sort_key(f.title)),
    )
    the_list = ReportTable(
        "课题名单（期间内立项、在研、结题或撤项）",
        ("立项编号", "课题名称", "级别", "类别", "主持人", "学校", "立项日期", "结题日期", "状态", "成员"),
        [
            (
                f.number,
                f.title,
                f.level,
                f.kind,
                f.host,
                f.school,
                f.approved.iso(),
                f.concluded.iso() if f.concluded else "",
                research.status_label(f.status, f.award),
                f.members,
            )
            for f in listed
        ],
        (14, 40, 7, 9, 8, 22, 9, 9, 12, 5),
        text_columns=frozenset({0, 6, 7}),
        row_teachers=tuple(f.host_id for f in listed),
    )
    return [by_kind, by_level, by_school, the_list]


NOTES = (
    "课题按所在学校计入统计范围（乡镇、区县）；新立项按立项日期，结题（含获奖）、获奖和撤项按结题日期（撤项为撤项日期）归入期间。",
    "只有年份的日期计入包含该年全年的期间。",
)


def compute(db, params) -> Report:
    start, end, label = _span(params)
    with db.sessions() as s:
        facts = facts_in(s, params.scope.school_ids(s))
        listed = research.kind_names(s)
    parts = tables(facts, start, end, listed)
    figures = annual_figures(facts, start, end, kinds_of(facts, listed))
    return Report(
        title="课题研究统计",
        parts=parts,
        notes=list(NOTES),
        summary={
            "period": {"from": f"{start[0]:04d}-{start[1]:02d}", "to": f"{end[0]:04d}-{end[1]:02d}"},
            "figures": {item: v for (_c, item), v in figures.items()},
            "projects": [r[1] for r in parts[3].rows],
        },
        period_label=label,
    )


# ---------------------------------------------------------------- report annual


def annual_figures(
    facts: list[ProjectFact], start: YM, end: YM, kinds: list[str] | tuple[str, ...] = rules.KINDS
) -> dict[tuple[str, str], int]:
    """{(课题研究, item): value} for START … END; the new projects of each of KINDS (the list's order)."""
    new = [f for f in facts if approved_in(f, start, end)]
    out: dict[tuple[str, str], int] = {(CATEGORY, "新立项合计"): len(new)}
    for lv in rules.LEVELS:
        out[(CATEGORY, f"新立项{lv}")] = sum(1 for f in new if f.level == lv)
    for k in kinds:
        out[(CATEGORY, f"其中{k}")] = sum(1 for f in new if f.kind == k)
    out[(CATEGORY, "在研课题")] = sum(1 for f in facts if running(f, start, end))
    out[(CATEGORY, "结题")] = sum(1 for f in facts if concluded_in(f, start, end))
    out[(CATEGORY, "获奖")] = sum(1 for f in facts if awarded_in(f, start, end))
    out[(CATEGORY, "撤项")] = sum(1 for f in facts if withdrawn_in(f, start, end))
    return out


def annual_facts(db, params) -> list[ProjectFact]:
    with db.sessions() as s:
        return facts_in(s, params.scope.school_ids(s))


def listed_kinds(db) -> list[str]:
    """The bureau's list of kinds in its order (annual_table adds any other kind the projects carry)."""
    with db.sessions() as s:
        return research.kind_names(s)


def annual_table(
    facts: list[ProjectFact],
    columns: list[tuple[str, YM, YM]],
    *,
    total: bool,
    previous: tuple[YM, YM] | None = None,
    listed: list[str] | tuple[str, ...] = rules.KINDS,
) -> tuple[ReportTable, dict]:
    """The 课题研究 table of `report annual`: one column per (label, start, end); with TOTAL a 合计 column (the flows
    added up; 在研课题 counts each project once over the whole period), else 增减 beside the year before. New projects
    by kind in the order of LISTED (the bureau's list), then any other kind the projects carry."""
    kinds = kinds_of(facts, listed)
    figs = [annual_figures(facts, a, b, kinds) for _l, a, b in columns]
    whole = annual_figures(facts, min(c[1] for c in columns), max(c[2] for c in columns), kinds)
    before = annual_figures(facts, *previous, kinds) if previous is not None else None
    stocks = {"在研课题"}
    rows: list[tuple] = []
    summary: dict[str, dict] = {}
    for key in figs[0]:
        cat, item = key
        values = [f[key] for f in figs]
        row: list = [cat, item, *values]
        if total:
            added = whole[key] if item in stocks else sum(values)
            row.append(added)
            entry: dict = {"years": {c[0]: v for c, v in zip(columns, values)}, "total": added}
            if before is not None:
                row += [before[key], added - before[key]]
                entry["previous"] = before[key]
        else:
            row.append(values[0] - values[1])
            entry = {"this": values[0], "last": values[1]}
        rows.append(tuple(row))
        summary.setdefault(cat, {})[item] = entry
    labels = [c[0] for c in columns]
    tail = (("合计",) + (("上期合计", "增减") if before is not None else ())) if total else ("增减",)
    headers = ("类别", "项目", *labels, *tail)
    table = ReportTable(
        "课题研究（立项、在研、结题）",
        headers,
        rows,
        (14, 22) + (10,) * (len(headers) - 2),
        emphasis=frozenset(i for i, r in enumerate(rows) if r[1] in ("新立项合计", "结题")),
        note="新立项按立项日期，结题、获奖、撤项按结题日期；在研课题为期间内在研的课题（合计列为整个期间，每项只计一次）。",
    )
    return table, summary


def sentence(figures: dict) -> str | None:
    """“新立项课题 x 项（省级 x 项……），结题 x 项，获奖 x 项” from the annual summary's 课题研究 figures (None when
    nothing happened)."""
    got = {k: v.get("total", v.get("this")) for k, v in figures.items()}
    if not got.get("新立项合计") and not got.get("结题"):
        return None
    levels = "、".join(f"{lv} {got[f'新立项{lv}']} 项" for lv in rules.LEVELS if got.get(f"新立项{lv}"))
    return (
        f"新立项课题 {got['新立项合计']} 项"
        + (f"（{levels}）" if levels else "")
        + f"，结题 {got['结题']} 项，其中获奖 {got['获奖']} 项。"
    )


# ---------------------------------------------------------------- the register as a list


LIST_HEADERS = (
    "立项日期",
    "课题名称",
    "级别",
    "类别",
    "立项单位",
    "立项编号",
    "学校",
    "主持人",
    "核心成员",
    "成员",
    "状态",
    "计划结题",
    "结题日期",
    "备注",
)


def register_table(db, **filters) -> ReportTable:
    """The projects (list_rows filters), one row each, with the group by role."""
    rows = research.list_rows(db, **filters)
    out: list[tuple] = []
    who: list[int | None] = []
    for r in rows:
        p = research.get(db, r.id)
        names = {role: "、".join(m["name"] for m in p["members"] if m["role"] == role) for role in rules.ROLES}
        out.append(
            (
                r.approved,
                r.title,
                r.level,
                r.kind,
                p["issuer"] or "",
                r.number,
                r.school,
                names[rules.HOST],
                names[rules.CORE],
                names[rules.MEMBER],
                r.status,
                r.planned_end,
                r.concluded,
                p["note"] or "",
            )
        )
        who.append(p["host_id"])
    return ReportTable(
        "课题登记",
        LIST_HEADERS,
        out,
        (10, 40, 7, 9, 22, 14, 22, 8, 18, 24, 12, 10, 10, 16),
        text_columns=frozenset({0, 5, 11, 12}),
        row_teachers=tuple(who),
    )


def export(db, path, **filters) -> int:
    """The projects (with the list's filters) as an .xlsx file, as the signed-in user may print; the number of rows
    written."""
    from talentdesk.reports.xlsx import write_tables  # openpyxl: only when a file is written

    who, _full = access.output_rights(db, False)
    table = register_table(db, **filters)
    write_tables([table], path, exporter=who.user)
    return len(table.rows)
