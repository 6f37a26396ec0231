"""`degree-study` 学历提升统计 and the growth-plan counts (issue 21 §5): teachers studying for a higher degree
(专升本, 攻读硕士/博士) over a period and scope — in study, started, graduated and dropped out by target degree and
mode, the bureau's support (脱产时间, 学费补助), the list of graduates — the register as an Excel list, and the figures
`report annual` shows (学历提升, and 成长清单: goals set / completed / overdue of programme members).

A study belongs to a scope when the teacher works at one of its schools now. Over a period: 在读 counts the studies
under way at some time in it (started by its end, not finished before its start); 入学 by the start, 毕业 and 退学 by
their date; 学费补助 and 脱产时间 of the studies that started in it. A growth goal counts in the period its due date
falls in: 已完成 when done, 逾期 when the due date has passed (on the report's day) without completion.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select

from talentdesk.domain import growth as rules
from talentdesk.domain.collation import sort_key
from talentdesk.reports import ReportTable
from talentdesk.reports.catalogue import Report
from talentdesk.reports.events import YM, within, ym
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import degree_study, growth
from talentdesk.services.cultivation.degree_study import StudyFact
from talentdesk.services.cultivation.growth import GoalFact
from talentdesk.store.models_programmes import TalentProgramme

STUDY, GROWTH = "学历提升", "成长清单"
ANNUAL = "学历提升与个性化成长清单"


def _span(params) -> tuple[YM, YM, str]:
    if params.period is not None:
        p = params.period
        return p.start, p.end, p.label
    year = params.year_or(params.today.year)
    return (year, 1), (year, 12), f"{year}年"


def _ym(d) -> YM | None:
    return ym(d.iso()) if d is not None else None


def _first(d) -> YM | None:
    v = _ym(d)
    return (v[0], v[1] or 1) if v else None


def _last(d) -> YM | None:
    v = _ym(d)
    return (v[0], v[1] or 12) if v else None


def in_study(f: StudyFact, start: YM, end: YM) -> bool:
    a, b = _first(f.start), _last(f.graduated)
    return (a is None or a <= end) and (b is None or b >= start)


def study_figures(facts: list[StudyFact], start: YM, end: YM) -> dict[tuple[str, str], int]:
    started = [f for f in facts if within(_ym(f.start), start, end)]
    grads = [f for f in facts if f.status == rules.GRADUATED and within(_ym(f.graduated), start, end)]
    out = {
        (STUDY, "在读"): sum(1 for f in facts if in_study(f, start, end)),
        (STUDY, "新入学"): len(started),
        (STUDY, "毕业"): len(grads),
    }
    for d in rules.DEGREES:
        out[(STUDY, f"毕业（{d}）")] = sum(1 for f in grads if f.degree == d)
    out[(STUDY, "退学")] = sum(1 for f in facts if f.status == rules.DROPPED and within(_ym(f.graduated), start, end))
    out[(STUDY, "新入学脱产（月）")] = sum(f.leave_months or 0 for f in started)
    out[(STUDY, "新入学学费补助（元）")] = sum(f.tuition_support or 0 for f in started)
    return out


def goal_figures(goals: list[GoalFact], start: YM, end: YM, today: dt.date) -> dict[tuple[str, str], int]:
    due = [g for g in goals if within(_ym(g.due), start, end)]
    status = [rules.goal_status(g.due, g.done, today) for g in due]
    return {
        (GROWTH, "设定目标（期间内到期）"): len(due),
        (GROWTH, "已完成"): status.count(rules.DONE),
        (GROWTH, "逾期未完成"): status.count(rules.OVERDUE),
    }


# ---------------------------------------------------------------- 学历提升统计


def _by_degree(facts: list[StudyFact], start: YM, end: YM) -> ReportTable:
    headers = ("在读", "新入学", "毕业", "退学", "全日制", "在职", "脱产（月）", "学费补助（元）")
    rows: list[tuple] = []

    def line(label: str, fs: list[StudyFact]) -> tuple:
        fig = study_figures(fs, start, end)
        now = [f for f in fs if in_study(f, start, end)]
        return (
            label,
            fig[(STUDY, "在读")],
            fig[(STUDY, "新入学")],
            fig[(STUDY, "毕业")],
            fig[(STUDY, "退学")],
            sum(1 for f in now if f.mode == "全日制"),
            sum(1 for f in now if f.mode == "在职"),
            fig[(STUDY, "新入学脱产（月）")],
            fig[(STUDY, "新入学学费补助（元）")],
        )

    for d in rules.DEGREES:
        rows.append(line(f"{d}（{rules.DEGREE_NAMES[d]}）", [f for f in facts if f.degree == d]))
    rows.append(line("合计", facts))
    return ReportTable(
        "按攻读学历",
        ("攻读学历", *headers),
        rows,
        (22, *(8,) * (len(headers) - 2), 11, 13),
        emphasis=frozenset({len(rows) - 1}),
        note="在读为期间内在读过的人数（全日制、在职按学习方式分），入学、毕业、退学按日期归入期间；"
        "脱产时间和学费补助为期间内入学者的合计。",
    )


def _graduates(session, start: YM, end: YM, school_ids) -> ReportTable:
    rows = []
    who = []
    for r in degree_study.list_rows_for(session, school_ids):
        if r["status"] == rules.GRADUATED and within(_ym(r["graduated"]), start, end):
            rows.append(
                (
                    r["name"],
                    r["school"],
                    r["degree"],
                    r["institution"],
                    r["major"],
                    r["mode"],
                    r["graduated"].iso(),
                )
            )
            who.append(r["teacher_id"])
    order = sorted(range(len(rows)), key=lambda i: (rows[i][6], sort_key(rows[i][1]), sort_key(rows[i][0])))
    return ReportTable(
        "期间内毕业的教师（新学历已记入学历信息）",
        ("姓名", "学校", "学历", "院校", "专业", "方式", "毕业"),
        [rows[i] for i in order],
        (10, 24, 12, 22, 20, 8, 10),
        row_teachers=tuple(who[i] for i in order),
    )


def goals_table(session, goals: list[GoalFact], start: YM, end: YM, today: dt.date) -> ReportTable:
    names = {
        pid: (f"{n}（{c}）" if c else n, lv)
        for pid, n, c, lv in session.execute(
            select(TalentProgramme.id, TalentProgramme.name, TalentProgramme.cohort, TalentProgramme.level)
        )
    }
    by: dict[int, list[GoalFact]] = defaultdict(list)
    for g in goals:
        by[g.programme_id].append(g)
    rows: list[tuple] = []

    def line(label, level, gs):
        fig = goal_figures(gs, start, end, today)
        n, done = fig[(GROWTH, "设定目标（期间内到期）")], fig[(GROWTH, "已完成")]
        due = [g for g in gs if within(_ym(g.due), start, end)]
        return (
            label,
            level,
            len({g.teacher_id for g in due}),
            n,
            done,
            fig[(GROWTH, "逾期未完成")],
            f"{done / n * 100:.0f}%" if n else "—",
        )

    for pid in sorted(by, key=lambda p: sort_key(names.get(p, ("", ""))[0])):
        r = line(*names.get(pid, ("", "")), by[pid])
        if r[3]:
            rows.append(r)
    rows.append(line("合计", "", goals))
    return ReportTable(
        "个性化成长清单（按培养项目）",
        ("项目（批次）", "级别", "有目标成员", "目标", "已完成", "逾期未完成", "完成率"),
        rows,
        (34, 8, 10, 8, 8, 10, 8),
        emphasis=frozenset({len(rows) - 1}),
        note="目标按计划完成日期归入期间；逾期为计划完成日期已过仍未完成。",
    )


NOTES = (
    "学历提升包括专升本、攻读硕士和博士研究生（全日制或在职），教师按目前任职的学校计入范围；毕业后新学历写入教师的学历信息。",
)


def compute(db, params) -> Report:
    start, end, label = _span(params)
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        facts = degree_study.facts(s, ids)
        parts = [_by_degree(facts, start, end), _graduates(s, start, end, ids)]
    figures = study_figures(facts, start, end)
    return Report(
        title="学历提升统计",
        parts=parts,
        notes=list(NOTES),
        summary={
            "period": {"from": f"{start[0]:04d}-{start[1]:02d}", "to": f"{end[0]:04d}-{end[1]:02d}"},
            "figures": {i: v for (_c, i), v in figures.items()},
            "graduates": [r[0] for r in parts[1].rows],
        },
        period_label=label,
    )


# ---------------------------------------------------------------- report annual


def annual_table(
    db, params, columns: list[tuple[str, YM, YM]], *, total: bool, previous: tuple[YM, YM] | None = None
) -> tuple[ReportTable, dict]:
    """The 学历提升与个性化成长清单 table of `report annual`: one column per (label, start, end); with TOTAL a 合计
    column (the flows added up; 在读 counts each study once over the whole period), else 增减 beside the year before."""
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        facts = degree_study.facts(s, ids)
        goals = growth.facts(s, ids)
    today = params.today

    def figs(a: YM, b: YM) -> dict:
        return {**study_figures(facts, a, b), **goal_figures(goals, a, b, today)}

    per = [figs(a, b) for _l, a, b in columns]
    whole = figs(min(c[1] for c in columns), max(c[2] for c in columns))
    before = figs(*previous) if previous is not None else None
    rows: list[tuple] = []
    summary: dict[str, dict] = {}
    for key in per[0]:
        cat, item = key
        values = [f[key] for f in per]
        row: list = [cat, item, *values]
        if total:
            added = whole[key] if item == "在读" else sum(values)
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
        ANNUAL,
        headers,
        rows,
        (14, 22) + (10,) * (len(headers) - 2),
        emphasis=frozenset(i for i, r in enumerate(rows) if r[1] in ("毕业", "已完成")),
        note="在读为该期间内在读过的人数（合计列为整个期间，每人次只计一次）；入学、毕业、退学按日期；"
        "成长清单目标按计划完成日期归入期间。",
    )
    return table, summary


# ---------------------------------------------------------------- the register as a list


LIST_HEADERS = (
    "姓名",
    "身份证号",
    "学校",
    "攻读学历",
    "学位",
    "院校",
    "专业",
    "方式",
    "入学",
    "预计毕业",
    "脱产（月）",
    "学费补助（元）",
    "状态",
    "毕业/退学",
    "备注",
)


def register_table(db, **filters) -> ReportTable:
    reveal = access.may_reveal(db)
    with db.sessions() as s:
        rows = degree_study.list_rows_for(s, None, reveal=reveal)
    keep = {r[0] for r in degree_study.list_rows(db, **filters)}
    out, who = [], []
    for r in rows:
        if r["id"] not in keep:
            continue
        out.append(
            (
                r["name"],
                r["id_number"],
                r["school"],
                r["degree"],
                r["academic_degree"] or "",
                r["institution"],
                r["major"],
                r["mode"],
                r["start"].iso() if r["start"] else "",
                r["expected_end"].iso() if r["expected_end"] else "",
                "" if r["leave_months"] is None else r["leave_months"],
                "" if r["tuition_support"] is None else r["tuition_support"],
                r["status"],
                r["graduated"].iso() if r["graduated"] else "",
                r["note"] or "",
            )
        )
        who.append(r["teacher_id"])
    return ReportTable(
        "学历提升",
        LIST_HEADERS,
        out,
        (9, 20, 22, 11, 6, 20, 18, 7, 9, 9, 8, 10, 7, 10, 16),
        text_columns=frozenset({1, 8, 9, 13}),
        row_teachers=tuple(who),
    )


def export(db, path, **filters) -> int:
    from talentdesk.reports.xlsx import write_tables  # openpyxl: only when a file is written

    who, _full = access.output_rights(db, False)
    table = register_table(db, **filters)
    write_tables([table], path, exporter=who.user)
    return len(table.rows)
