"""`programmes` 培养项目统计 (issues 20 §3, 21 §5): named talent projects and cultivation programmes over a period —
members by programme and by level, new members, results and who met the target — the register as an Excel list,
and the figures `report annual` shows.

A membership belongs to a scope when the teacher works at one of its schools now. Over a period: a programme counts
when it ran in it (started by its end, not ended before its start); new members are those who joined in it (the
programme's start when no join date is recorded); results and targets met count for the programmes that ended in it.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import select

from talentdesk.domain import programmes as rules
from talentdesk.domain.collation import sort_key
from talentdesk.reports import ReportTable
from talentdesk.reports import degree_study as growth_report
from talentdesk.reports.catalogue import Report
from talentdesk.reports.events import YM, within, ym
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import growth, programmes
from talentdesk.store.models import School, Teacher
from talentdesk.store.models_programmes import TalentProgramme

CATEGORY = "培养项目"


def _span(params) -> tuple[YM, YM, str]:
    if params.period is not None:
        p = params.period
        return p.start, p.end, p.label
    year = params.year_or(params.today.year)
    return (year, 1), (year, 12), f"{year}年"


def _iso(d) -> str | None:
    return d.iso() if d is not None else None


class Spans:
    """Programme id → (start, end) as months, to place memberships in a period."""

    def __init__(self, session):
        self.of: dict[int, tuple[YM | None, YM | None]] = {
            pid: (ym(_iso(a)), ym(_iso(b)))
            for pid, a, b in session.execute(select(TalentProgramme.id, TalentProgramme.start, TalentProgramme.end))
        }

    def ran(self, pid: int, start: YM, end: YM) -> bool:
        a, b = self.of.get(pid, (None, None))
        first = (a[0], a[1] or 1) if a else None
        last = (b[0], b[1] or 12) if b else None
        return (first is None or first <= end) and (last is None or last >= start)

    def ended(self, pid: int, start: YM, end: YM) -> bool:
        return within(self.of.get(pid, (None, None))[1], start, end)


def facts_in(session, school_ids: set[int] | None) -> list[programmes.MemberFact]:
    return [f for f in programmes.facts(session) if school_ids is None or f.school_id in school_ids]


def _joined(f: programmes.MemberFact, start: YM, end: YM) -> bool:
    return within(ym(_iso(f.joined)), start, end)


RESULT_HEADERS = (*rules.RESULTS, "达成目标")


def _counts(mine: list[programmes.MemberFact], new: int) -> tuple:
    results = Counter(f.result for f in mine)
    return (len(mine), new, *(results.get(r, 0) for r in rules.RESULTS), sum(1 for f in mine if f.met))


def tables(session, facts: list[programmes.MemberFact], start: YM, end: YM) -> list[ReportTable]:
    spans = Spans(session)
    running = [f for f in facts if spans.ran(f.programme_id, start, end)]
    by_prog: dict[int, list[programmes.MemberFact]] = defaultdict(list)
    for f in running:
        by_prog[f.programme_id].append(f)
    level_rank = {lv: i for i, lv in enumerate(rules.LEVELS)}
    order = sorted(by_prog, key=lambda p: (level_rank.get(by_prog[p][0].level, 9), sort_key(by_prog[p][0].programme)))
    rows: list[tuple] = []
    for pid in order:
        ms = by_prog[pid]
        rows.append(
            (ms[0].programme, ms[0].kind, ms[0].level, *_counts(ms, sum(1 for f in ms if _joined(f, start, end))))
        )
    rows.append(("合计", "", "", *_counts(running, sum(1 for f in running if _joined(f, start, end)))))
    headers = ("成员", "期间新入选", *RESULT_HEADERS)
    by_programme = ReportTable(
        "按项目（期间内实施的项目）",
        ("项目（批次）", "类型", "级别", *headers),
        rows,
        (34, 10, 8, *(8,) * len(headers)),
        emphasis=frozenset({len(rows) - 1}),
        note="成员为期间内实施的项目的全部成员，结果为目前登记的结果；有目标称号的项目按教师的骨干称号计算是否达成目标。",
    )
    l_rows: list[tuple] = []
    for lv in rules.LEVELS:
        ms = [f for f in running if f.level == lv]
        l_rows.append(
            (lv, len({f.programme_id for f in ms}), *_counts(ms, sum(1 for f in ms if _joined(f, start, end))))
        )
    l_rows.append(("合计", len(by_prog), *_counts(running, sum(1 for f in running if _joined(f, start, end)))))
    by_level = ReportTable(
        "按级别",
        ("级别", "项目数", *headers),
        l_rows,
        (10, 8, *(8,) * len(headers)),
        emphasis=frozenset({len(l_rows) - 1}),
    )
    ended = [f for f in facts if spans.ended(f.programme_id, start, end)]
    done = [f for f in ended if f.met]
    names = _teachers(session, [f.teacher_id for f in done])
    listed = sorted(
        ((f.programme, f.level, *names.get(f.teacher_id, ("", "")), f.result, f.teacher_id) for f in done),
        key=lambda r: (sort_key(r[0]), sort_key(r[3]), sort_key(r[2])),
    )
    met = ReportTable(
        "达成培养目标的成员（期间内结束的项目）",
        ("项目（批次）", "级别", "姓名", "学校", "结果"),
        [r[:5] for r in listed],
        (34, 8, 10, 26, 8),
        row_teachers=tuple(r[5] for r in listed),
    )
    return [by_programme, by_level, met]


def _teachers(session, ids: list[int]) -> dict[int, tuple[str, str]]:
    t, sc = Teacher.__table__.c, School.__table__.c
    from sqlalchemy import func

    out: dict[int, tuple[str, str]] = {}
    ids = sorted(set(ids))
    for i in range(0, len(ids), 900):
        for tid, name, school in session.execute(
            select(t.id, t.name, sc.name)
            .select_from(Teacher.__table__)
            .outerjoin(School.__table__, sc.id == func.coalesce(t.cur_work_school_id, t.cur_post_school_id))
            .where(t.id.in_(ids[i : i + 900]))
        ):
            out[tid] = (name, school or "")
    return out


NOTES = (
    "培养项目包括人才工程（万人计划、齐鲁名师建设工程等）和培养项目（学科带头人培养对象、青年骨干等），不含青蓝工程师徒结对"
    "和后备人才库。",
    "成员按教师目前任职的学校计入范围；期间内实施（开始不晚于期末、结束不早于期初）的项目计入成员数；入选日期在期间内的为"
    "新入选（未填入选日期的按项目开始日期）；结果和达成目标按项目结束日期归入期间。",
    "个性化成长清单：成员的成长目标按计划完成日期归入期间，逾期为计划完成日期已过仍未完成。",
)


def compute(db, params) -> Report:
    start, end, label = _span(params)
    with db.sessions() as s:
        facts = facts_in(s, params.scope.school_ids(s))
        parts = tables(s, facts, start, end)
        goals = growth.facts(s, params.scope.school_ids(s))  # issue 21 §5: the members' growth plans
        parts.append(growth_report.goals_table(s, goals, start, end, params.today))
        figures = annual_figures(s, facts, start, end)
    return Report(
        title="培养项目统计",
        parts=parts,
        notes=list(NOTES),
        summary={
            "period": {"from": f"{start[0]:04d}-{start[1]:02d}", "to": f"{end[0]:04d}-{end[1]:02d}"},
            "figures": {item: v for (_c, item), v in figures.items()},
            "met": [r[2] for r in parts[2].rows],
            "growth": {i: v for (_c, i), v in growth_report.goal_figures(goals, start, end, params.today).items()},
        },
        period_label=label,
    )


# ---------------------------------------------------------------- report annual


def annual_figures(session, facts: list[programmes.MemberFact], start: YM, end: YM, spans: Spans | None = None):
    """{(培养项目, item): value} for START … END."""
    spans = spans or Spans(session)
    running = [f for f in facts if spans.ran(f.programme_id, start, end)]
    new = [f for f in facts if _joined(f, start, end)]
    ended = [f for f in facts if spans.ended(f.programme_id, start, end)]
    out: dict[tuple[str, str], int] = {
        (CATEGORY, "实施项目"): len({f.programme_id for f in running}),
        (CATEGORY, "参培成员"): sum(1 for f in running if (ym(_iso(f.joined)) or start) <= end),
        (CATEGORY, "新入选合计"): len(new),
    }
    for lv in rules.LEVELS:
        out[(CATEGORY, f"新入选{lv}")] = sum(1 for f in new if f.level == lv)
    out[(CATEGORY, "结束项目成员")] = len(ended)
    for r in (rules.FINISHED, rules.PASSED, rules.FAILED, rules.LEFT):
        out[(CATEGORY, r)] = sum(1 for f in ended if f.result == r)
    out[(CATEGORY, "达成目标")] = sum(1 for f in ended if f.met)
    return out


def annual_facts(db, params) -> tuple[list[programmes.MemberFact], Spans]:
    with db.sessions() as s:
        return facts_in(s, params.scope.school_ids(s)), Spans(s)


def annual_table(
    facts: list[programmes.MemberFact],
    spans: Spans,
    columns: list[tuple[str, YM, YM]],
    *,
    total: bool,
    previous: tuple[YM, YM] | None = None,
) -> tuple[ReportTable, dict]:
    """The 培养项目 table of `report annual`: one column per (label, start, end); with TOTAL a 合计 column (the
    flows added up; 实施项目 and 参培成员 count each programme and member once over the whole period), else 增减
    beside the year before."""
    figs = [annual_figures(None, facts, a, b, spans) for _l, a, b in columns]
    # the stocks over the whole period (a programme running in two years is one programme)
    whole = annual_figures(None, facts, min(c[1] for c in columns), max(c[2] for c in columns), spans)
    before = annual_figures(None, facts, *previous, spans) if previous is not None else None
    stocks = {"实施项目", "参培成员"}
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
        "培养项目（人才工程、培养对象）",
        headers,
        rows,
        (14, 22) + (10,) * (len(headers) - 2),
        emphasis=frozenset(i for i, r in enumerate(rows) if r[1] in ("新入选合计", "达成目标")),
        note="实施项目、参培成员为该期间内实施的项目及其已入选的成员（合计列为整个期间，每个项目、每人只计一次）；"
        "新入选按入选日期，结果和达成目标按项目结束日期。",
    )
    return table, summary


# ---------------------------------------------------------------- the register as a list


LIST_HEADERS = (
    "项目名称",
    "批次",
    "类型",
    "级别",
    "组织单位",
    "开始",
    "结束",
    "培养目标",
    "姓名",
    "身份证号",
    "学校",
    "入选日期",
    "结果",
    "原因",
    "达成目标",
)


def register_table(db, **filters) -> ReportTable:
    """The programmes (list_rows filters), one row per member (a programme without members: one row)."""
    rows = programmes.list_rows(db, **filters)
    out: list[tuple] = []
    who: list[int | None] = []
    for r in rows:
        p = programmes.get(db, r[0])
        head = (p["name"], p["cohort"] or "", p["kind"], p["level"], p["organiser"] or "", r[6], r[7], r[8])
        if not p["members"]:
            out.append((*head, *("",) * 7))
            who.append(None)
        for m in p["members"]:
            out.append(
                (
                    *head,
                    m["name"],
                    m["id_number"],
                    m["school"],
                    m["joined"].iso() if m["joined"] else "",
                    m["result"],
                    m["reason"] or "",
                    programmes.met_label(m["met_now"]),
                )
            )
            who.append(m["teacher_id"])
    return ReportTable(
        "培养项目成员",
        LIST_HEADERS,
        out,
        (26, 8, 10, 7, 16, 9, 9, 18, 9, 20, 22, 10, 7, 14, 8),
        text_columns=frozenset({1, 5, 6, 9, 11}),
        row_teachers=tuple(who),
    )


def export(db, path, **filters) -> int:
    """The register as an .xlsx file, as the signed-in user may print; the number of rows written."""
    from talentdesk.reports.xlsx import write_tables  # openpyxl: only when a file is written

    who, _full = access.output_rights(db, False)
    table = register_table(db, **filters)
    write_tables([table], path, exporter=who.user)
    return len(table.rows)
