"""`activities` 教师活动统计 (issue 21 §1): activities with teachers over a period — counted by kind × level, by
school, and by source (the register, pairings, studios) — with 人次 and the quantities (节/堂/次/学时) summed; the
register as an Excel list; and the figures `report annual` shows.

Every count reads services.cultivation.activities.facts, so register, pairing and studio activities are one figure.
An activity belongs to a scope when it was held at one of its schools or a teacher it lists works there now.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

from sqlalchemy import func, select

from talentdesk.domain import activities as rules
from talentdesk.domain.collation import sort_key
from talentdesk.domain.dates import PartialDate
from talentdesk.reports import ReportTable
from talentdesk.reports.catalogue import Report
from talentdesk.reports.events import YM, within, ym
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import activities
from talentdesk.store.models import School, Teacher
from talentdesk.store.models_activities import Activity, ActivityParticipant
from talentdesk.store.models_exchange import ExchangeRow

QUANTITY_HEADERS = tuple(unit for _f, unit in rules.QUANTITIES)  # 节 堂 次 人次 学时
OTHER_LEVEL = "未定级"


def _span(params) -> tuple[YM, YM, str]:
    if params.period is not None:
        p = params.period
        return p.start, p.end, p.label
    year = params.year_or(params.today.year)
    return (year, 1), (year, 12), f"{year}年"


def _homes(session, teacher_ids) -> dict[int, int | None]:
    """teacher id → the school where the teacher works now (else the post school)."""
    t = Teacher.__table__.c
    ids = sorted(set(teacher_ids))
    out: dict[int, int | None] = {}
    for i in range(0, len(ids), 900):
        out.update(
            session.execute(
                select(t.id, func.coalesce(t.cur_work_school_id, t.cur_post_school_id)).where(
                    t.id.in_(ids[i : i + 900])
                )
            ).all()
        )
    return out


def _brought_by(session, county: str) -> set[tuple[str, int]]:
    """(table, row id) of the activity rows a county's data package brought into a city database."""
    r = ExchangeRow.__table__.c
    tables = tuple(rules.SOURCE_TABLES.values())
    return {
        (t, i)
        for t, i in session.execute(select(r.table_name, r.row_id).where(r.county == county, r.table_name.in_(tables)))
    }


def facts_in(session, school_ids: set[int] | None, start: YM, end: YM, county: str | None = None) -> list[rules.Fact]:
    """The facts of START … END (months; an activity known only to its year counts in spans holding the whole
    year) in the scope of SCHOOL_IDS (None: all), each with school_id set to the one school it counts under: where
    it was held, else the school of its first listed teacher; none for a county-wide activity held outside the
    schools with no teacher listed (a 师德承诺 of every school), which only the whole county's figures count — and, in
    a city database, COUNTY's scope, when that county's data package brought it."""
    since = f"{start[0]:04d}"
    found = [
        f for f in activities.facts(session, since=since) if within(ym(f.start.iso() if f.start else None), start, end)
    ]
    home = _homes(session, (f.teacher_ids[0] for f in found if f.school_id is None and f.teacher_ids))
    owned = [
        f if f.school_id is not None or not f.teacher_ids else replace(f, school_id=home.get(f.teacher_ids[0]))
        for f in found
    ]
    if school_ids is None:
        return owned
    brought = _brought_by(session, county) if county else set()
    return [
        f
        for f in owned
        if f.school_id in school_ids
        or (f.school_id is None and (rules.SOURCE_TABLES[f.source], f.record_id) in brought)
    ]


def _county(scope) -> str | None:
    """The county a scope names in a city database (区县：青禾县), else None."""
    return scope.name if scope.kind == "county" and scope.name else None


def _kind_order(session, facts: Iterable[rules.Fact]) -> list[str]:
    listed = activities.kind_names(session)
    extra = sorted({f.kind for f in facts} - set(listed))
    return [*listed, *extra]


def _n(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 1)


def tables(session, facts: list[rules.Fact]) -> list[ReportTable]:
    kinds = [k for k in _kind_order(session, facts) if any(f.kind == k for f in facts)]
    levels = [*rules.LEVELS, *([OTHER_LEVEL] if any(f.level not in rules.LEVELS for f in facts) else [])]
    grid: Counter = Counter((f.kind, f.level if f.level in rules.LEVELS else OTHER_LEVEL) for f in facts)
    rows = [(k, *(grid[(k, lv)] for lv in levels), sum(grid[(k, lv)] for lv in levels)) for k in kinds]
    rows.append(("合计", *(sum(grid[(k, lv)] for k in kinds) for lv in levels), len(facts)))
    by_level = ReportTable(
        "活动次数（按类别和级别）",
        ("活动类别", *levels, "合计"),
        rows,
        (18, *(9,) * (len(levels) + 1)),
        emphasis=frozenset({len(rows) - 1}),
    )
    sums: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0.0, 0.0, 0.0])
    for f in facts:
        s = sums[f.kind]
        s[0] += 1
        s[1] += f.person_times
        s[2] += f.lessons
        s[3] += f.lectures
        s[4] += f.sessions
        s[5] += f.hours
    q_rows = [(k, *(_n(v) for v in sums[k])) for k in kinds]
    total = [sum(sums[k][i] for k in kinds) for i in range(6)]
    q_rows.append(("合计", *(_n(v) for v in total)))
    quantities = ReportTable(
        "人次与数量（按类别）",
        ("活动类别", "活动次数", "参加人次", "节", "堂", "次", "学时"),
        q_rows,
        (18, 10, 10, 8, 8, 8, 8),
        emphasis=frozenset({len(q_rows) - 1}),
    )
    return [by_level, quantities, _by_school(session, facts), _by_source(facts)]


def _by_school(session, facts: list[rules.Fact]) -> ReportTable:
    """Per school (the school each activity counts under, facts_in): activities, 人次 and quantities."""
    sums: dict[int, list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0.0, 0.0, 0.0])
    for f in facts:
        if f.school_id is None:
            continue
        s = sums[f.school_id]
        for i, v in enumerate((1, f.person_times, f.lessons, f.lectures, f.sessions, f.hours)):
            s[i] += v
    names = {
        sid: (town or "", name)
        for sid, name, town in session.execute(
            select(School.id, School.name, School.township).where(School.id.in_(sorted(sums)))
        )
    }
    order = sorted(names, key=lambda s: (sort_key(names[s][0]), sort_key(names[s][1])))
    rows: list[tuple] = [(names[s][0], names[s][1], *(_n(v) for v in sums[s])) for s in order]
    wide = [f for f in facts if f.school_id is None]
    if wide:
        rows.append(("", "全县性活动（不属于某一学校）", *(_n(sum(_wide(f)[i] for f in wide)) for i in range(6))))
    total = [sum(sums[s][i] for s in sums) + sum(_wide(f)[i] for f in wide) for i in range(6)]
    rows.append(("合计", "", *(_n(v) for v in total)))
    return ReportTable(
        "按学校（活动所属学校）",
        ("乡镇", "学校", "活动次数", "参加人次", "节", "堂", "次", "学时"),
        rows,
        (14, 28, 10, 10, 7, 7, 7, 7),
        emphasis=frozenset({len(rows) - 1}),
        note="活动计入举办学校；在校外举办的计入所列第一名教师现任职的学校；不在学校举办也未列教师的全县性活动单列一行。",
    )


def _wide(f: rules.Fact) -> tuple[float, ...]:
    return (1, f.person_times, f.lessons, f.lectures, f.sessions, f.hours)


def _by_source(facts: list[rules.Fact]) -> ReportTable:
    rows = []
    for source in (rules.REGISTER_SOURCE, rules.PAIRING_SOURCE, rules.STUDIO_SOURCE):
        mine = [f for f in facts if f.source == source]
        rows.append((source, len(mine), _n(sum(f.person_times for f in mine))))
    rows.append(("合计", len(facts), _n(sum(f.person_times for f in facts))))
    return ReportTable(
        "按来源",
        ("来源", "活动次数", "参加人次"),
        rows,
        (18, 12, 12),
        emphasis=frozenset({len(rows) - 1}),
    )


def summary(facts: list[rules.Fact]) -> dict:
    return {
        "activities": len(facts),
        "person_times": _n(sum(f.person_times for f in facts)),
        "lessons": _n(sum(f.lessons for f in facts)),
        "lectures": _n(sum(f.lectures for f in facts)),
        "sessions": _n(sum(f.sessions for f in facts)),
        "hours": _n(sum(f.hours for f in facts)),
        "by_kind": dict(Counter(f.kind for f in facts)),
        "by_level": dict(Counter(f.level for f in facts)),
        "by_source": dict(Counter(f.source for f in facts)),
    }


NOTES = (
    "活动包括“活动登记”中的各类活动和师徒结对、名师工作室记录的活动，合为一个数：结对活动计为校级、1 次、"
    "2 人次（导师和青年教师），工作室活动按其级别（未填时按工作室级别）计 1 次，人次为所列参与人，"
    "未列时为主持人和成员；工作室的课题、论文、获奖是成果，不计为活动。",
    "活动按开始日期归入统计期间；人次为填写的人次，未填时为所列参加教师人数；节、堂、次、学时为填写数之和。"
    "每项活动计入一所学校：举办学校，校外举办的计入所列第一名教师现任职的学校；不在学校举办也未列教师的全县性"
    "活动（如全县师德承诺）只计入全县（全市）的数。",
)


def compute(db, params) -> Report:
    start, end, label = _span(params)
    with db.sessions() as s:
        facts = facts_in(s, params.scope.school_ids(s), start, end, _county(params.scope))
        parts = tables(s, facts)
    return Report(
        title="教师活动统计",
        parts=parts,
        notes=list(NOTES),
        summary={
            "period": {"from": f"{start[0]:04d}-{start[1]:02d}", "to": f"{end[0]:04d}-{end[1]:02d}"},
            **summary(facts),
        },
        period_label=label,
    )


# ---------------------------------------------------------------- report annual


CATEGORY = "教师活动"


def annual_figures(facts: list[rules.Fact], start: YM, end: YM) -> dict[tuple[str, str], float]:
    """{(教师活动, item): value} for START … END: 活动次数 and 参加人次 in all, by level, and the quantities."""
    mine = [f for f in facts if within(ym(f.start.iso() if f.start else None), start, end)]
    out: dict[tuple[str, str], float] = {
        (CATEGORY, "合计"): len(mine),
        (CATEGORY, "参加人次"): _n(sum(f.person_times for f in mine)),
    }
    for lv in rules.LEVELS:
        out[(CATEGORY, f"{lv}活动")] = sum(1 for f in mine if f.level == lv)
    for f_name, unit in rules.QUANTITIES:
        if unit != "人次":
            out[(CATEGORY, f"{unit}数" if unit != "学时" else "学时")] = _n(sum(getattr(f, f_name) for f in mine))
    return out


def kind_figures(facts: list[rules.Fact], start: YM, end: YM, kinds: list[str]) -> dict[tuple[str, str], float]:
    mine = Counter(f.kind for f in facts if within(ym(f.start.iso() if f.start else None), start, end))
    return {("教师活动（按类别）", k): mine.get(k, 0) for k in kinds}


def annual_facts(db, params, since: YM) -> tuple[list[rules.Fact], list[str]]:
    """The facts from SINCE on in the scope, and the kinds to show (the list's, then any other that occurs)."""
    with db.sessions() as s:
        facts = facts_in(s, params.scope.school_ids(s), since, (9999, 12), _county(params.scope))
        kinds = [k for k in _kind_order(s, facts) if any(f.kind == k for f in facts)]
    return facts, kinds


def annual_table(
    facts: list[rules.Fact],
    kinds: list[str],
    columns: list[tuple[str, YM, YM]],
    *,
    total: bool,
    previous: tuple[YM, YM] | None = None,
) -> tuple[ReportTable, dict]:
    """The 教师活动 table of `report annual` and its summary figures: one column per (label, start, end); with
    TOTAL a 合计 column (the columns added up), else (a year beside the year before) 增减; PREVIOUS: the previous
    period's total and the change beside it."""
    figs = [{**annual_figures(facts, a, b), **kind_figures(facts, a, b, kinds)} for _label, a, b in columns]
    before = (
        {**annual_figures(facts, *previous), **kind_figures(facts, *previous, kinds)} if previous is not None else None
    )
    rows: list[tuple] = []
    emphasis: set[int] = set()
    summary: dict[str, dict] = {}
    for key in figs[0]:
        cat, item = key
        values = [f[key] for f in figs]
        row: list = [cat, item, *values]
        entry: dict = {}
        if total:
            added = _n(sum(values))
            row.append(added)
            entry = {"years": {c[0]: v for c, v in zip(columns, values)}, "total": added}
            if before is not None:
                row += [before[key], _n(added - before[key])]
                entry["previous"] = before[key]
        else:
            row.append(_n(values[0] - values[1]))
            entry = {"this": values[0], "last": values[1]}
        if item == "合计":
            emphasis.add(len(rows))
        rows.append(tuple(row))
        summary.setdefault(cat, {})[item] = entry
    labels = [c[0] for c in columns]
    tail = (("合计",) + (("上期合计", "增减") if before is not None else ())) if total else ("增减",)
    headers = ("类别", "项目", *labels, *tail)
    table = ReportTable(
        "教师活动（含师徒结对、名师工作室活动）",
        headers,
        rows,
        (14, 22) + (10,) * (len(headers) - 2),
        emphasis=frozenset(emphasis),
    )
    return table, summary


# ---------------------------------------------------------------- the register as a list


LIST_HEADERS = (
    "开始日期",
    "结束日期",
    "活动类别",
    "活动主题",
    "级别",
    "组织单位",
    "活动地点",
    "参加教师人数",
    "人次",
    "节",
    "堂",
    "次",
    "学时",
    "参加教师",
    "备注",
)


def register_table(db, **filters) -> ReportTable:
    """The register's activities (list_rows filters) with their participants' names, one row per activity."""
    rows = activities.list_rows(db, **filters)
    ids = [r[0] for r in rows]
    names: dict[int, list[str]] = defaultdict(list)
    notes: dict[int, str] = {}
    with db.sessions() as s:
        for i in range(0, len(ids), 900):
            chunk = ids[i : i + 900]
            for aid, name in s.execute(
                select(ActivityParticipant.activity_id, Teacher.name)
                .join(Teacher, Teacher.id == ActivityParticipant.teacher_id)
                .where(ActivityParticipant.activity_id.in_(chunk))
                .order_by(ActivityParticipant.id)
            ):
                names[aid].append(name)
            notes.update(s.execute(select(Activity.id, Activity.note).where(Activity.id.in_(chunk))).all())
    out = [(*r[1:], "、".join(names.get(r[0], [])), notes.get(r[0]) or "") for r in rows]
    return ReportTable(
        "活动登记",
        LIST_HEADERS,
        out,
        (11, 11, 12, 30, 7, 18, 18, 8, 7, 5, 5, 5, 6, 40, 16),
        text_columns=frozenset({0, 1}),
    )


def export(db, path, **filters) -> int:
    """The register (with the list's filters) as an .xlsx file with borders, as the signed-in user may print;
    the number of activities written."""
    from talentdesk.reports.xlsx import write_tables  # openpyxl: only when a file is written

    who, _full = access.output_rights(db, False)
    table = register_table(db, **filters)
    first, last = filters.get("first"), filters.get("last")
    period = "—".join(d.iso() for d in (first, last) if isinstance(d, PartialDate))
    write_tables([table], path, exporter=who.user, period=period)
    return len(table.rows)
