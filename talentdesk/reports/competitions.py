"""`competitions` 教学竞赛统计 (issue 21 §2): entrants, those selected for the next level and awards by grade over a
period — by level, kind, subject, school and 城乡 — the register as an Excel list, and the figures `report annual`
shows.

Every count reads services.cultivation.competitions.facts: one row per entrant (人次), under the school the teacher
entered from (else the one they work at now); a competition belongs to the period its start date lies in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.domain import competitions as rules
from talentdesk.domain.collation import sort_key
from talentdesk.domain.dates import PartialDate
from talentdesk.reports import ReportTable
from talentdesk.reports.catalogue import Report
from talentdesk.reports.events import YM, within, ym
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import competitions
from talentdesk.services.cultivation.competitions import EntrantFact
from talentdesk.store.models import School, Teacher
from talentdesk.store.models_competitions import CompetitionEntrant

FIGURES = ("参赛人次", "推荐上一级", *rules.AWARDS, "获奖合计")
NONE = "（未填）"


def _span(params) -> tuple[YM, YM, str]:
    if params.period is not None:
        p = params.period
        return p.start, p.end, p.label
    year = params.year_or(params.today.year)
    return (year, 1), (year, 12), f"{year}年"


def _when(f: EntrantFact) -> YM | None:
    return ym(f.start.iso() if f.start else None)


def facts_in(session, school_ids: set[int] | None, start: YM, end: YM) -> list[EntrantFact]:
    """The entrants of competitions that started in START … END (a competition known only to its year counts in
    spans holding the whole year), of the schools SCHOOL_IDS (None: all)."""
    found = [f for f in competitions.facts(session, since=f"{start[0]:04d}") if within(_when(f), start, end)]
    if school_ids is None:
        return found
    return [f for f in found if f.school_id in school_ids]


def _figures(facts: Iterable[EntrantFact]) -> list[int]:
    """The FIGURES of some entrants: 参赛人次, 推荐上一级, each grade, 获奖合计."""
    mine = list(facts)
    grades = [sum(1 for f in mine if f.result == g) for g in rules.AWARDS]
    return [len(mine), sum(1 for f in mine if f.selected), *grades, sum(grades)]


def _rate(figs: list[int]) -> str:
    return f"{figs[-1] / figs[0] * 100:.1f}%" if figs[0] else "—"


def _grouped(
    title: str, head: str, facts: list[EntrantFact], key: Callable[[EntrantFact], str], order: list[str]
) -> ReportTable:
    groups: dict[str, list[EntrantFact]] = defaultdict(list)
    for f in facts:
        groups[key(f)].append(f)
    keys = [k for k in order if k in groups] + sorted((k for k in groups if k not in order), key=sort_key)
    rows: list[tuple] = []
    for k in keys:
        figs = _figures(groups[k])
        rows.append((k, *figs, _rate(figs)))
    total = _figures(facts)
    rows.append(("合计", *total, _rate(total)))
    return ReportTable(
        title,
        (head, *FIGURES, "获奖率"),
        rows,
        (16, *(9,) * len(FIGURES), 9),
        emphasis=frozenset({len(rows) - 1}),
    )


def _by_school(session, facts: list[EntrantFact]) -> ReportTable:
    groups: dict[int | None, list[EntrantFact]] = defaultdict(list)
    for f in facts:
        groups[f.school_id].append(f)
    names = {
        sid: (town or "", name)
        for sid, name, town in session.execute(
            select(School.id, School.name, School.township).where(School.id.in_(sorted(k for k in groups if k)))
        )
    }
    order = sorted(names, key=lambda s: (sort_key(names[s][0]), sort_key(names[s][1])))
    rows: list[tuple] = [(names[s][0], names[s][1], *_figures(groups[s])) for s in order]
    if None in groups:
        rows.append(("", "（未记学校）", *_figures(groups[None])))
    rows.append(("合计", "", *_figures(facts)))
    return ReportTable(
        "按学校（参赛时所在学校）",
        ("乡镇", "学校", *FIGURES),
        rows,
        (14, 28, *(8,) * len(FIGURES)),
        emphasis=frozenset({len(rows) - 1}),
    )


def tables(session, facts: list[EntrantFact]) -> list[ReportTable]:
    areas = dict(session.execute(select(School.id, School.area)).all())
    kinds = competitions.kind_names(session)
    return [
        _grouped("参赛与获奖（按竞赛级别）", "级别", facts, lambda f: f.level, list(rules.LEVELS)),
        _grouped("按竞赛类别", "竞赛类别", facts, lambda f: f.kind, kinds),
        _grouped("按学科", "学科", facts, lambda f: f.subject or NONE, list(codes.SUBJECT.labels)),
        _grouped(
            "按城乡",
            "城乡",
            facts,
            lambda f: areas.get(f.school_id) or NONE if f.school_id else NONE,
            list(codes.AREA.labels),
        ),
        _by_school(session, facts),
    ]


def summary(facts: list[EntrantFact]) -> dict:
    figs = _figures(facts)
    return {
        "competitions": len({f.competition_id for f in facts}),
        "entrants": figs[0],
        "teachers": len({f.teacher_id for f in facts}),
        "selected": figs[1],
        "awards": dict(zip(rules.AWARDS, figs[2:-1])),
        "awarded": figs[-1],
        "by_level": {lv: _figures(f for f in facts if f.level == lv)[-1] for lv in rules.LEVELS},
    }


NOTES = (
    "每名参赛教师计 1 人次，计入参赛时所在学校（未记录时计入现任职学校）；竞赛按开始日期归入统计期间。",
    "获奖同时记入教师的荣誉（荣誉表彰中每个奖项只计一次）；推荐上一级为被选送参加上一级竞赛的人次。",
)


def compute(db, params) -> Report:
    start, end, label = _span(params)
    with db.sessions() as s:
        facts = facts_in(s, params.scope.school_ids(s), start, end)
        parts = tables(s, facts)
    return Report(
        title="教学竞赛统计",
        parts=parts,
        notes=list(NOTES),
        summary={
            "period": {"from": f"{start[0]:04d}-{start[1]:02d}", "to": f"{end[0]:04d}-{end[1]:02d}"},
            **summary(facts),
        },
        period_label=label,
    )


# ---------------------------------------------------------------- report annual


CATEGORY = "教学竞赛"


def annual_figures(facts: list[EntrantFact], start: YM, end: YM) -> dict[tuple[str, str], int]:
    """{(教学竞赛, item): value} for START … END: entrants, selected, each grade, awards and awards by level."""
    mine = [f for f in facts if within(_when(f), start, end)]
    figs = _figures(mine)
    out = {(CATEGORY, item): v for item, v in zip(FIGURES, figs)}
    for lv in rules.LEVELS:
        out[(CATEGORY, f"{lv}获奖")] = _figures(f for f in mine if f.level == lv)[-1]
    return out


def annual_facts(db, params, since: YM) -> list[EntrantFact]:
    with db.sessions() as s:
        return facts_in(s, params.scope.school_ids(s), since, (9999, 12))


def annual_table(
    facts: list[EntrantFact],
    columns: list[tuple[str, YM, YM]],
    *,
    total: bool,
    previous: tuple[YM, YM] | None = None,
) -> tuple[ReportTable, dict]:
    """The 教学竞赛 table of `report annual` and its summary figures: one column per (label, start, end); with
    TOTAL a 合计 column, else (a year beside the year before) 增减; PREVIOUS: the previous period's total."""
    figs = [annual_figures(facts, a, b) for _label, a, b in columns]
    before = annual_figures(facts, *previous) if previous is not None else None
    rows: list[tuple] = []
    out: dict[str, dict] = {}
    for key in figs[0]:
        cat, item = key
        values = [f[key] for f in figs]
        row: list = [cat, item, *values]
        if total:
            added = sum(values)
            row.append(added)
            entry: dict = {"years": {c[0]: v for c, v in zip(columns, values)}, "total": added}
            if before is not None:
                row += [before[key], added - before[key]]
                entry["previous"] = before[key]
        else:
            row.append(values[0] - values[1])
            entry = {"this": values[0], "last": values[1]}
        rows.append(tuple(row))
        out.setdefault(cat, {})[item] = entry
    labels = [c[0] for c in columns]
    tail = (("合计",) + (("上期合计", "增减") if before is not None else ())) if total else ("增减",)
    headers = ("类别", "项目", *labels, *tail)
    table = ReportTable(
        "教学竞赛（参赛、推荐与获奖人次）",
        headers,
        rows,
        (14, 22) + (10,) * (len(headers) - 2),
        emphasis=frozenset({0}),
    )
    return table, out


def sentence(figures: dict) -> str | None:
    """“教学竞赛参赛 xxx 人次，推荐上一级 x 人次，获奖 x 人次（一等奖 x 人……）” from the annual summary's 教学竞赛
    figures (None when there were no entrants)."""
    got = {k: v.get("total", v.get("this")) for k, v in figures.items()}
    if not got.get("参赛人次"):
        return None
    grades = "、".join(f"{g} {got[g]} 人" for g in rules.AWARDS if got.get(g))
    return (
        f"教学竞赛参赛 {got['参赛人次']} 人次，推荐参加上一级竞赛 {got['推荐上一级']} 人次，"
        f"获奖 {got['获奖合计']} 人次" + (f"（{grades}）" if grades else "") + "。"
    )


# ---------------------------------------------------------------- the register as a list


LIST_HEADERS = (
    "开始日期",
    "结束日期",
    "竞赛类别",
    "竞赛名称",
    "级别",
    "学科",
    "学段",
    "主办单位",
    "姓名",
    "参赛学校",
    "结果",
    "推荐上一级",
)


def register_table(db, **filters) -> ReportTable:
    """The competitions (list_rows filters), one row per entrant (a competition without entrants: one row)."""
    rows = competitions.list_rows(db, **filters)
    ids = [r.id for r in rows]
    people: dict[int, list[tuple[str, str, str, str]]] = defaultdict(list)
    with db.sessions() as s:
        for i in range(0, len(ids), 900):
            chunk = ids[i : i + 900]
            for cid, name, school, result, selected in s.execute(
                select(
                    CompetitionEntrant.competition_id,
                    Teacher.name,
                    School.name,
                    CompetitionEntrant.result,
                    CompetitionEntrant.selected,
                )
                .join(Teacher, Teacher.id == CompetitionEntrant.teacher_id)
                .outerjoin(School, School.id == CompetitionEntrant.school_id)
                .where(CompetitionEntrant.competition_id.in_(chunk))
                .order_by(CompetitionEntrant.id)
            ):
                people[cid].append((name, school or "", result or "", "是" if selected else "否"))
    out = []
    for r in rows:
        head = (r.start, r.end, r.kind, r.name, r.level, r.subject, r.stage, r.organiser)
        for p in people.get(r.id) or [("", "", "", "")]:
            out.append((*head, *p))
    return ReportTable(
        "教学竞赛登记",
        LIST_HEADERS,
        out,
        (11, 11, 10, 34, 7, 8, 7, 18, 10, 22, 8, 9),
        text_columns=frozenset({0, 1}),
    )


def export(db, path, **filters) -> int:
    """The competitions (with the list's filters) and their entrants as an .xlsx file, as the signed-in user may
    print; the number of rows written."""
    from talentdesk.reports.xlsx import write_tables  # openpyxl: only when a file is written

    who, _full = access.output_rights(db, False)
    table = register_table(db, **filters)
    first, last = filters.get("first"), filters.get("last")
    period = "—".join(d.iso() for d in (first, last) if isinstance(d, PartialDate))
    write_tables([table], path, exporter=who.user, period=period)
    return len(table.rows)
