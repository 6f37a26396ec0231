"""`postings` 援派选派统计 (issue 22 §2): postings outside the county (援藏、援疆、援边、对口支援) over a period —
报名 x 人、选派 y 人 (by destination province/region and kind), each call's candidates by the step they reached, and
the teachers away on a posting in the period; the candidate list as an Excel export; the figures `report annual`
shows.

A candidate belongs to a scope by the teacher's post school (the post stays at the county school while away).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from talentdesk.domain import postings as rules
from talentdesk.domain.collation import sort_key
from talentdesk.domain.dates import PartialDate
from talentdesk.reports import ReportTable
from talentdesk.reports.catalogue import Report
from talentdesk.reports.events import YM
from talentdesk.services.accounts import access
from talentdesk.services.deployment import postings
from talentdesk.store.models import Teacher
from talentdesk.store.models_postings import PostingCall, PostingCandidate


def _span(params) -> tuple[YM, YM, str]:
    if params.period is not None:
        p = params.period
        return p.start, p.end, p.label
    year = params.year_or(params.today.year)
    return (year, 1), (year, 12), f"{year}年"


def _dates(start: YM, end: YM) -> tuple[PartialDate, PartialDate, dt.date, dt.date]:
    first, last = PartialDate(*start), PartialDate(*end)
    last_day = dt.date(end[0] + (end[1] == 12), end[1] % 12 + 1, 1) - dt.timedelta(days=1)
    return first, last, dt.date(*start, 1), last_day


def _calls_table(session, school_ids: set[int] | None, first: PartialDate, last: PartialDate) -> ReportTable:
    """Per call with a candidate who applied in the period: candidates by the furthest step reached."""
    rows = []
    totals: Counter[str] = Counter()
    calls: dict[int, tuple[PostingCall, Counter[str]]] = {}
    stmt = (
        session.query(PostingCandidate, PostingCall, Teacher.cur_post_school_id)
        .join(PostingCall, PostingCall.id == PostingCandidate.call_id)
        .join(Teacher, Teacher.id == PostingCandidate.teacher_id)
        .order_by(PostingCall.id)
    )
    for c, call, post in stmt:
        if school_ids is not None and post not in school_ids:
            continue
        if not rules.within(c.applied_on, first, last):
            continue
        counts = calls.setdefault(call.id, (call, Counter()))[1]
        st = rules.stage({f: getattr(c, f) for f, _n, _l in rules.STEPS}, c.decision)
        counts[st] += 1
    for call, counts in calls.values():
        n = sum(counts.values())
        line = [counts.get(s, 0) for s in rules.STAGES]
        totals.update({"报名人数": n, **{s: counts.get(s, 0) for s in rules.STAGES}})
        rows.append(
            (call.title, call.kind, call.region, call.unit, call.places if call.places is not None else "", n, *line)
        )
    emphasis: frozenset[int] = frozenset()
    if rows:
        emphasis = frozenset({len(rows)})
        rows.append(("合计", "", "", "", "", totals["报名人数"], *(totals[s] for s in rules.STAGES)))
    return ReportTable(
        "各次选派报名情况（按所到步骤）",
        (
            "选派",
            "类别",
            "省份/地区",
            "派往单位",
            "名额",
            "报名人数",
            "停在报名",
            "停在推荐",
            "停在考核",
            "选派",
            "未选派",
        ),
        rows,
        (24, 8, 14, 24, 6, 8, 8, 8, 8, 6, 7),
        emphasis=emphasis,
        note="报名日期在统计期间内的教师；每人按已到的最后一步计一次。",
    )


def _by_region_kind(facts: list[rules.Candidate], first: PartialDate, last: PartialDate) -> ReportTable:
    cells: Counter[tuple[str, str]] = Counter()
    for f in facts:
        if f.decision == rules.SELECTED and rules.within(f.decided_on, first, last):
            cells[(f.region, f.kind)] += 1
    kinds = [k for k in rules.KINDS if any(kind == k for _r, kind in cells)]
    regions = sorted({r for r, _k in cells}, key=sort_key)
    rows: list[tuple] = [
        (r, *(cells.get((r, k), 0) for k in kinds), sum(cells.get((r, k), 0) for k in kinds)) for r in regions
    ]
    emphasis: frozenset[int] = frozenset()
    if rows:
        emphasis = frozenset({len(rows)})
        rows.append(("合计", *(sum(cells.get((r, k), 0) for r in regions) for k in kinds), sum(cells.values())))
    return ReportTable(
        "选派人数（按派往省份/地区和类别）",
        ("省份/地区", *kinds, "合计"),
        rows,
        (18,) + (8,) * (len(kinds) + 1),
        emphasis=emphasis,
        note="决定日期在统计期间内、结果为“选派”的教师。",
    )


def _away_table(rows: list[postings.AwayRow], title: str) -> ReportTable:
    return ReportTable(
        title,
        ("姓名", "身份证号", "派出学校", "类别", "省份/地区", "派往单位", "开始", "计划结束", "状态"),
        [
            (r.name, r.id_masked, r.post_school, r.kind, r.region, r.unit, r.start, r.planned_end, r.status)
            for r in rows
        ],
        (8, 20, 18, 8, 14, 24, 11, 11, 8),
        text_columns=frozenset({1, 6, 7}),
        row_teachers=tuple(r.teacher_id for r in rows),
    )


NOTES = (
    "援派指派往县外单位的援藏、援疆、援边和对口支援，不是本县学校之间的交流；派出期间教师的编制仍在原学校，"
    "不计入任何本县学校的在岗（工作学校）人数。",
    "报名按报名日期、选派和未选派按决定日期归入统计期间；教师按当前编制学校归入统计范围。",
)


def compute(db, params) -> Report:
    start, end, label = _span(params)
    first, last, first_day, last_day = _dates(start, end)
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        facts = postings.facts(s, ids)
        calls = _calls_table(s, ids, first, last)
    fig = rules.figures(facts, first, last)
    assert fig.by_kind is not None and fig.by_region is not None
    away = postings.away_in(db, first_day, last_day, ids)
    on = min(last_day, params.today)
    away_now = postings.away(db, on, ids)
    head = ReportTable(
        f"{label}援派选派情况",
        ("类别", "项目", "人数"),
        [
            ("报名与选派", "报名", fig.applied),
            ("报名与选派", "选派", fig.selected),
            ("报名与选派", "未选派", fig.not_selected),
            *(("选派（按类别）", k, fig.by_kind[k]) for k in rules.KINDS if fig.by_kind.get(k)),
            ("在外教师", f"{on:%Y-%m-%d}在外（派出未返回）", len(away_now)),
            ("在外教师", "期间内曾在外", len(away)),
        ],
        (16, 30, 10),
        emphasis=frozenset({1}),
    )
    return Report(
        title="援派选派统计",
        parts=[head, _by_region_kind(facts, first, last), calls, _away_table(away, "期间内在外的援派教师")],
        notes=list(NOTES),
        summary={
            "period": {"from": f"{start[0]:04d}-{start[1]:02d}", "to": f"{end[0]:04d}-{end[1]:02d}"},
            "applied": fig.applied,
            "selected": fig.selected,
            "not_selected": fig.not_selected,
            "by_kind": dict(fig.by_kind),
            "by_region": dict(fig.by_region),
            "away_on": on.isoformat(),
            "away": len(away_now),
            "away_in_period": len(away),
        },
        period_label=label,
    )


# ---------------------------------------------------------------- report annual

CATEGORY = "援派（援藏援疆等）"


def annual_figures(db, facts: list[rules.Candidate], ids: set[int] | None, start: YM, end: YM) -> dict:
    first, last, first_day, last_day = _dates(start, end)
    fig = rules.figures(facts, first, last)
    assert fig.by_kind is not None and fig.by_region is not None
    out: dict[tuple[str, str], int] = {
        (CATEGORY, "报名人数"): fig.applied,
        (CATEGORY, "选派人数"): fig.selected,
        (CATEGORY, "未选派人数"): fig.not_selected,
    }
    for k in rules.KINDS:
        out[(CATEGORY, f"选派：{k}")] = fig.by_kind.get(k, 0)
    out[(CATEGORY, "期间内在外教师")] = len(postings.away_in(db, first_day, last_day, ids))
    return out


def annual_table(
    db, params, columns: list[tuple[str, YM, YM]], *, total: bool, previous: tuple[YM, YM] | None = None
) -> tuple[ReportTable, dict]:
    """The 援派 table of `report annual` and its summary figures: one column per (label, start, end); with TOTAL a
    合计 column (期间内在外教师 is not added up: —), else 增减; PREVIOUS: the previous period beside it."""
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        facts = postings.facts(s, ids)
    figs = [annual_figures(db, facts, ids, a, b) for _label, a, b in columns]
    before = annual_figures(db, facts, ids, *previous) if previous is not None else None
    rows: list[tuple] = []
    summary: dict[str, dict] = {}
    for key in figs[0]:
        cat, item = key
        values = [f[key] for f in figs]
        stock = item == "期间内在外教师"
        entry: dict
        if total:
            added = None if stock else sum(values)
            row = [cat, item, *values, "—" if added is None else added]
            entry = {"years": {c[0]: v for c, v in zip(columns, values)}, "total": added}
            if before is not None:
                row += [before[key], "" if added is None else added - before[key]]
                entry["previous"] = before[key]
        else:
            row = [cat, item, *values, values[0] - values[1]]
            entry = {"this": values[0], "last": values[1]}
        rows.append(tuple(row))
        summary.setdefault(cat, {})[item] = entry
    labels = [c[0] for c in columns]
    tail = (("合计",) + (("上期合计", "增减") if before is not None else ())) if total else ("增减",)
    headers = ("类别", "项目", *labels, *tail)
    table = ReportTable(
        "援派（援藏、援疆、援边、对口支援：报名、选派与在外教师）",
        headers,
        rows,
        (16, 20) + (10,) * (len(headers) - 2),
        emphasis=frozenset({1}),
    )
    return table, summary


# ---------------------------------------------------------------- the candidate list


LIST_HEADERS = (
    "选派",
    "类别",
    "省份/地区",
    "姓名",
    "身份证号",
    "编制学校",
    "报名日期",
    "推荐日期",
    "考核日期",
    "选派结果",
    "决定日期",
    "所到步骤",
    "各步说明",
)


def candidates_table(db, **filters) -> ReportTable:
    rows = postings.list_candidates(db, **filters)
    return ReportTable(
        "援派报名与选派名单",
        LIST_HEADERS,
        [
            (
                r.call,
                r.kind,
                r.region,
                r.name,
                r.id_masked,
                r.school,
                r.applied_on,
                r.recommended_on,
                r.assessed_on,
                r.decision,
                r.decided_on,
                r.stage,
                r.notes,
            )
            for r in rows
        ],
        (24, 8, 14, 8, 20, 18, 11, 11, 11, 8, 11, 8, 40),
        text_columns=frozenset({4, 6, 7, 8, 10}),
        row_teachers=tuple(r.teacher_id for r in rows),
    )


def export(db, path, **filters) -> int:
    """The candidate list (with the list's filters) as an .xlsx file; the number of candidates written."""
    from talentdesk.reports.xlsx import write_tables  # openpyxl: only when a file is written

    who, _full = access.output_rights(db, False)
    table = candidates_table(db, **filters)
    first, last = filters.get("first"), filters.get("last")
    period = "—".join(d.iso() for d in (first, last) if isinstance(d, PartialDate))
    write_tables([table], path, exporter=who.user, period=period)
    return len(table.rows)
