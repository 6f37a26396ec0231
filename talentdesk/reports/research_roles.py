"""`research-roles` 教研任职统计 (issue 21 §4): teachers holding research roles (兼职教研员, 蒲公英导师, 评委库 …) by
role × level, by subject and by school over any period and scope, with the list of appointments; the register as
an Excel list; and the 教研网络 figures of `report annual`: holders by role, studios by kind (二级工作室 among them)
and studio outputs (研训课 x 节, 微讲座 x 堂 …) summed over each column's span.

A teacher counts in a period when a term of the role overlaps it (no end: still held), once per role however many
terms; the teacher is counted under the school they work at now. A studio counts where its school is (else its
host's post school), an output in the month of its date.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.domain import research_roles as rules
from talentdesk.domain.collation import sort_key
from talentdesk.domain.cultivation import STUDIO_KINDS
from talentdesk.domain.dates import PartialDate
from talentdesk.reports import ReportTable, spans
from talentdesk.reports.catalogue import Report
from talentdesk.reports.events import YM, within, ym
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import research_roles
from talentdesk.services.cultivation.research_roles import OutputFact, RoleFact, StudioFact
from talentdesk.store.models import School, Teacher

NONE = "（未填）"
TOTAL = "合计"


def _span(params) -> tuple[YM, YM, str]:
    if params.period is not None:
        p = params.period
        return p.start, p.end, p.label
    year = params.year_or(params.today.year)
    return (year, 1), (year, 12), f"{year}年"


def holding(facts: list[RoleFact], start: YM, end: YM) -> list[RoleFact]:
    """The appointments whose term overlaps START … END."""
    return [f for f in facts if spans.overlaps(f.start, f.end, start, end)]


def facts_in(session, school_ids: set[int] | None) -> list[RoleFact]:
    found = research_roles.facts(session)
    return found if school_ids is None else [f for f in found if f.school_id in school_ids]


def _people(facts, key=None) -> int:
    return len({f.teacher_id for f in facts if key is None or key(f)})


def _role_order(session, facts: list[RoleFact]) -> list[str]:
    listed = research_roles.kind_names(session)
    return listed + sorted({f.role for f in facts} - set(listed), key=sort_key)


def _by_level(facts: list[RoleFact], roles: list[str]) -> ReportTable:
    rows: list[tuple] = []
    for role in roles:
        mine = [f for f in facts if f.role == role]
        rows.append((role, *(_people(mine, lambda f, lv=lv: f.level == lv) for lv in rules.LEVELS), _people(mine)))
    rows.append((TOTAL, *(_people(facts, lambda f, lv=lv: f.level == lv) for lv in rules.LEVELS), _people(facts)))
    return ReportTable(
        "教研任职人数（角色×级别）",
        ("角色", *rules.LEVELS, "合计（人）"),
        rows,
        (18, *(8,) * len(rules.LEVELS), 10),
        emphasis=frozenset({len(rows) - 1}),
    )


def _by_subject(facts: list[RoleFact], roles: list[str]) -> ReportTable:
    subjects = list(codes.SUBJECT.labels)
    seen = {f.subject or NONE for f in facts}
    order = [s for s in subjects if s in seen] + sorted(seen - set(subjects), key=sort_key)
    rows: list[tuple] = []
    for subj in order:
        mine = [f for f in facts if (f.subject or NONE) == subj]
        rows.append((subj, *(_people(mine, lambda f, r=r: f.role == r) for r in roles), _people(mine)))
    rows.append((TOTAL, *(_people(facts, lambda f, r=r: f.role == r) for r in roles), _people(facts)))
    return ReportTable(
        "按任职学科",
        ("学科", *roles, "合计（人）"),
        rows,
        (12, *(9,) * len(roles), 10),
        emphasis=frozenset({len(rows) - 1}),
    )


def _by_school(session, facts: list[RoleFact], roles: list[str]) -> ReportTable:
    groups: dict[int | None, list[RoleFact]] = defaultdict(list)
    for f in facts:
        groups[f.school_id].append(f)
    names = {
        sid: (town or "", name)
        for sid, name, town in session.execute(
            select(School.id, School.name, School.township).where(School.id.in_(sorted(k for k in groups if k)))
        )
    }
    order = sorted(names, key=lambda s: (sort_key(names[s][0]), sort_key(names[s][1])))

    def line(mine: list[RoleFact]) -> tuple:
        return (*(_people(mine, lambda f, r=r: f.role == r) for r in roles), _people(mine))

    rows: list[tuple] = [(names[s][0], names[s][1], *line(groups[s])) for s in order]
    if None in groups:
        rows.append(("", "（未记学校）", *line(groups[None])))
    rows.append((TOTAL, "", *line(facts)))
    return ReportTable(
        "按学校（教师现任职学校）",
        ("乡镇", "学校", *roles, "合计（人）"),
        rows,
        (12, 26, *(8,) * len(roles), 9),
        emphasis=frozenset({len(rows) - 1}),
    )


def _names(session, facts: list[RoleFact], roles: list[str]) -> ReportTable:
    ids = sorted({f.teacher_id for f in facts})
    t = Teacher.__table__.c
    who: dict[int, str] = {}
    for i in range(0, len(ids), 900):
        who.update(session.execute(select(t.id, t.name).where(t.id.in_(ids[i : i + 900]))).tuples().all())
    schools = dict(session.execute(select(School.id, School.name)).tuples().all())
    rank = {r: i for i, r in enumerate(roles)}
    rows = sorted(
        (
            (
                f.role,
                f.level,
                who.get(f.teacher_id, ""),
                schools.get(f.school_id, "") if f.school_id else "",
                f.subject,
                f.start.iso() if f.start else "",
                f.end.iso() if f.end else "",
            )
            for f in facts
        ),
        key=lambda r: (rank.get(r[0], 999), rules.level_rank(r[1]), sort_key(r[3]), sort_key(r[2])),
    )
    return ReportTable(
        "任职名单",
        ("角色", "级别", "姓名", "学校", "学科", "任期开始", "任期结束"),
        rows,
        (14, 8, 10, 26, 8, 11, 11),
        text_columns=frozenset({5, 6}),
    )


NOTES = (
    "任期与统计期间有交集的计入（未填任期结束的视为仍在任）；同一教师同一角色多个任期只计 1 人，合计为不重复人数。",
    "教师计入现任职学校（借用、支教的计入任职学校，否则计入编制学校）。",
)


def compute(db, params) -> Report:
    start, end, label = _span(params)
    with db.sessions() as s:
        facts = holding(facts_in(s, params.scope.school_ids(s)), start, end)
        roles = _role_order(s, facts)
        parts = [
            _by_level(facts, roles),
            _by_subject(facts, roles),
            _by_school(s, facts, roles),
            _names(s, facts, roles),
        ]
    return Report(
        title="教研任职统计",
        parts=parts,
        notes=list(NOTES),
        summary={
            "period": {"from": f"{start[0]:04d}-{start[1]:02d}", "to": f"{end[0]:04d}-{end[1]:02d}"},
            "teachers": _people(facts),
            "by_role": {r: _people(facts, lambda f, r=r: f.role == r) for r in roles},
            "by_level": {lv: _people(facts, lambda f, lv=lv: f.level == lv) for lv in rules.LEVELS},
        },
        period_label=label,
    )


# ---------------------------------------------------------------- report annual


CATEGORY, STUDIOS, OUTPUTS = "教研任职", "工作室", "工作室成果"
SECOND = "其中二级工作室"


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 1)


def output_sums(outputs: list[OutputFact], start: YM, end: YM) -> dict[str, int | float]:
    """“研训课（节）” → the quantity summed over the outputs dated in START … END."""
    sums: dict[str, float] = defaultdict(float)
    for o in outputs:
        if within(ym(o.date.iso() if o.date else None), start, end):
            sums[f"{o.kind}（{o.unit}）" if o.unit else o.kind] += o.quantity
    return {k: _number(v) for k, v in sums.items()}


class AnnualFacts:
    """What the 教研网络 table of `report annual` counts, read once for every column."""

    def __init__(self, roles: list[RoleFact], role_names: list[str], studios: list[StudioFact], outputs, units):
        self.roles, self.role_names, self.studios, self.outputs = roles, role_names, studios, outputs
        self.output_names = [f"{k}（{u}）" if u else k for k, u in units.items()]


def annual_facts(db, params) -> AnnualFacts:
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        roles = facts_in(s, ids)
        studios = [f for f in research_roles.studio_facts(s) if ids is None or f.school_id in ids]
        outputs = [o for o in research_roles.output_facts(s) if ids is None or o.school_id in ids]
        return AnnualFacts(roles, _role_order(s, roles), studios, outputs, research_roles.output_units(s))


def annual_figures(facts: AnnualFacts, start: YM, end: YM) -> dict[tuple[str, str], int | float]:
    """{(category, item): value} for START … END: holders by role, studios by kind, outputs by kind."""
    held = holding(facts.roles, start, end)
    out: dict[tuple[str, str], int | float] = {}
    for r in facts.role_names:
        out[(CATEGORY, r)] = _people(held, lambda f, r=r: f.role == r)
    out[(CATEGORY, "任职教师合计（人）")] = _people(held)
    open_ = [f for f in facts.studios if spans.overlaps(f.start, f.end, start, end)]
    kinds = list(STUDIO_KINDS) + sorted({f.kind for f in open_} - set(STUDIO_KINDS), key=sort_key)
    for k in kinds:
        out[(STUDIOS, k)] = sum(1 for f in open_ if f.kind == k)
    out[(STUDIOS, SECOND)] = sum(1 for f in open_ if f.parent_id is not None)
    sums = output_sums(facts.outputs, start, end)
    for name in facts.output_names + sorted(set(sums) - set(facts.output_names), key=sort_key):
        out[(OUTPUTS, name)] = sums.get(name, 0)
    return out


def annual_table(
    facts: AnnualFacts,
    columns: list[tuple[str, YM, YM]],
    *,
    total: bool,
    previous: tuple[YM, YM] | None = None,
) -> tuple[ReportTable, dict]:
    """The 教研网络 table of `report annual` and its summary figures: one column per (label, start, end); with TOTAL
    a 合计 column (people and studios held in the whole period, not summed: one may hold a role for years; outputs
    summed), else (a year beside the year before) 增减; PREVIOUS: the previous period's figures."""
    figs = [annual_figures(facts, a, b) for _label, a, b in columns]
    whole = annual_figures(facts, columns[0][1], columns[-1][2]) if total else None
    before = annual_figures(facts, *previous) if previous is not None else None
    keys = list(dict.fromkeys(k for f in figs for k in f))
    rows: list[tuple] = []
    out: dict[str, dict] = {}
    for key in keys:
        cat, item = key
        values = [f.get(key, 0) for f in figs]
        row: list = [cat, item, *values]
        if whole is not None:
            added = _number(sum(values)) if cat == OUTPUTS else whole.get(key, 0)
            row.append(added)
            entry: dict = {"years": {c[0]: v for c, v in zip(columns, values)}, "total": added}
            if before is not None:
                prev = before.get(key, 0)
                row += [prev, _number(added - prev)]
                entry["previous"] = prev
        else:
            row.append(_number(values[0] - values[1]))
            entry = {"this": values[0], "last": values[1]}
        rows.append(tuple(row))
        out.setdefault(cat, {})[item] = entry
    labels = [c[0] for c in columns]
    tail = (("合计",) + (("上期合计", "增减") if before is not None else ())) if total else ("增减",)
    headers = ("类别", "项目", *labels, *tail)
    table = ReportTable(
        "教研网络（任职人数、工作室与成果数量）",
        headers,
        rows,
        (12, 22) + (10,) * (len(headers) - 2),
        emphasis=frozenset({0}),
    )
    return table, out


def sentence(figures: dict) -> str | None:
    """“兼职教研员 x 名，蒲公英导师 x 名……；工作室 x 个（二级工作室 x 个），研训课 x 节、微讲座 x 堂……” from the
    annual summary's figures (None when there is nothing)."""

    def got(cat: str) -> dict:
        return {k: v.get("total", v.get("this")) for k, v in (figures.get(cat) or {}).items()}

    roles, studios, outputs = got(CATEGORY), got(STUDIOS), got(OUTPUTS)
    said = [f"{k} {v} 名" for k, v in roles.items() if v and "合计" not in k]
    n = sum(v for k, v in studios.items() if k != SECOND and v)
    parts = []
    if said:
        parts.append("教研任职：" + "、".join(said))
    if n:
        parts.append(f"在设工作室 {n} 个" + (f"（其中二级工作室 {studios[SECOND]} 个）" if studios.get(SECOND) else ""))
    made = [f"{k.partition('（')[0]} {v} {k.partition('（')[2].rstrip('）')}" for k, v in outputs.items() if v]
    if made:
        parts.append("工作室开展" + "、".join(made))
    return "；".join(parts) + "。" if parts else None


# ---------------------------------------------------------------- the register as a list


LIST_HEADERS = ("姓名", "学校", "角色", "级别", "学科", "任期开始", "任期结束", "状态", "聘任单位", "文号")


def register_table(db, **filters) -> ReportTable:
    rows = research_roles.list_rows(db, **filters)
    return ReportTable(
        "教研任职登记",
        LIST_HEADERS,
        [(r.name, r.school, r.role, r.level, r.subject, r.start, r.end, r.state, r.appointer, r.doc_no) for r in rows],
        (10, 24, 12, 8, 8, 11, 11, 6, 20, 22),
        text_columns=frozenset({5, 6}),
    )


def export(db, path, **filters) -> int:
    """The appointments (with the list's filters) as an .xlsx file, as the signed-in user may print; the number of
    rows written."""
    from talentdesk.reports.xlsx import write_tables  # openpyxl: only when a file is written

    who, _full = access.output_rights(db, False)
    table = register_table(db, **filters)
    first, last = filters.get("first"), filters.get("last")
    period = "—".join(d.iso() for d in (first, last) if isinstance(d, PartialDate))
    write_tables([table], path, exporter=who.user, period=period)
    return len(table.rows)
