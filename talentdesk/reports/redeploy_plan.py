"""`redeploy-plan` 教师调配方案 (issue 22 §2): a school year's plan (services.deployment.redeploy):

一、调配方案 — who moves from where to where, teaching what, why (status 拟调配 / 已调配, the 文号 when approved);
二、方案对各学校学科余缺的影响 — each school, stage and subject the plan touches: teachers before and after,
    the gap before and after;
三、教师调动（按原因） — school changes over the period from the history: post moves by reason (调配 from an
    approved plan, 人编一致, 其他调动) and placements to another school by kind (交流轮岗、支教…); a revoked plan
    (已撤销) counts neither its moves nor the moves back.

In a city database the year's plan of each county (from its data package); a county's scope shows its own.

The moves by reason also appear in `report annual` (annual_table).
"""

from __future__ import annotations

import calendar

from talentdesk.domain.dates import PartialDate
from talentdesk.reports import ReportTable
from talentdesk.reports.catalogue import Report
from talentdesk.reports.events import YM
from talentdesk.reports.params import total_label
from talentdesk.services.deployment import redeploy

MOVE_HEADERS = ("姓名", "原学校", "调入学校", "任教学段", "任教学科", "状态", "来源", "调配理由")
EFFECT_HEADERS = ("学校", "乡镇", "学段", "学科", "按课时应需", "调配前", "调配后", "调配前余缺", "调配后余缺")
REASON_HEADERS = ("原因", "人次")
CATEGORY = "教师调动"


def dates(start: YM, end: YM) -> tuple[PartialDate, PartialDate]:
    """The first and last day of a span of months."""
    return PartialDate(start[0], start[1], 1), PartialDate(end[0], end[1], calendar.monthrange(*end)[1])


def _span(params) -> tuple[YM, YM, str, int]:
    if params.period is not None:
        p = params.period
        return p.start, p.end, p.label, p.end[0]
    year = params.year_or(params.today.year)
    return (year, 1), (year, 12), f"{year}年", year


def compute(db, params) -> Report:
    start, end, label, last_year = _span(params)
    year = params.year if params.year else last_year
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        total = total_label(s, params.scope)
        moved = redeploy.moves_by_reason(s, *dates(start, end), ids)
    # the year's plan; in a city database each county's (a county's scope: the plans touching its schools)
    plans: list[dict] = []
    move_rows: list[tuple] = []
    effect: list[redeploy.EffectRow] = []
    for plan_id in redeploy.plans_of_year(db, year):
        rows = redeploy.moves(db, plan_id, ids)
        one = redeploy.get_plan(db, plan_id)
        if not rows and one["county"] and ids is not None:
            continue  # another county's plan
        plans.append(one)
        move_rows += [
            (r.name, r.from_school, r.to_school, r.stage, r.subject, r.status, r.source, r.reason) for r in rows
        ]
        effect += redeploy.effect(db, plan_id, params.rules, ids)
    effect_rows = [tuple(r) for r in effect]
    reason_rows = [(k, v) for k, v in moved.items()] + [(f"合计（{total}）", sum(moved.values()))]
    closed = sum(1 for r in effect if r.before_diff <= -0.5 and r.after_diff > -0.5)
    plan = plans[0] if len(plans) == 1 else None
    head = (
        "；".join((f"{p['county']}" if p["county"] else "") + f"{p['name']}：{redeploy.status_text(p)}" for p in plans)
        if plans
        else f"{year}学年没有调配方案"
    )
    notes = [
        head + f"；调配 {len(move_rows)} 人，补足学科缺口 {closed} 项。",
        "余缺：+ 为富余、− 为缺口（按课时应需 = 班级数 × 该学科周课时 ÷ 教师周标准课时）；已审批的方案，调配前按调出"
        "学校计算。",
        f"教师调动（{label}）：编制学校的变动按原因计（调配为审批的调配方案，人编一致为借调转调动），交流轮岗、支教等"
        "按开始时间计入所去学校的类别；统计范围内调出或调入的都计；已撤销的调配方案的调动及撤销后的调回都不计。",
    ]
    return Report(
        title="教师调配方案",
        notes=notes,
        period_label=label,
        parts=[
            ReportTable(
                f"一、调配方案（{year}学年）",
                MOVE_HEADERS,
                move_rows or [("（无）", "", "", "", "", "", "", "")],
                (8, 18, 18, 8, 8, 8, 6, 60),
            ),
            ReportTable(
                "二、方案对各学校学科余缺的影响",
                EFFECT_HEADERS,
                effect_rows or [("（无）", "", "", "", "", "", "", "", "")],
                (20, 10, 6, 8, 10, 8, 8, 10, 10),
            ),
            ReportTable(f"三、教师调动（按原因，{label}）", REASON_HEADERS, reason_rows, (24, 10)),
        ],
        summary={
            "year": year,
            "plan": plan["name"] if plan else None,
            "status": plan["status"] if plan else None,
            "doc_number": plan["doc_number"] if plan else None,
            "plans": [dict(county=p["county"], name=p["name"], status=p["status"]) for p in plans],
            "moves": len(move_rows),
            "gaps_closed": closed,
            "moves_by_reason": moved,
            "period": {"from": f"{start[0]:04d}-{start[1]:02d}", "to": f"{end[0]:04d}-{end[1]:02d}"},
        },
    )


def annual_table(db, params, columns: list[tuple[str, YM, YM]], total: bool) -> tuple[ReportTable, dict]:
    """教师调动（按原因） for `report annual`: one column per year (or span), and 合计 when TOTAL."""
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        counts = [redeploy.moves_by_reason(s, *dates(a, b), ids) for _, a, b in columns]
    labels = [c[0] for c in columns]
    rows, figures = [], {}
    for reason in redeploy.MOVE_REASONS:
        values = [c[reason] for c in counts]
        rows.append((CATEGORY, reason, *values, *((sum(values),) if total else ())))
        figures[reason] = {"years": dict(zip(labels, values)), **({"total": sum(values)} if total else {})}
    sums = [sum(c.values()) for c in counts]
    rows.append((CATEGORY, "合计", *sums, *((sum(sums),) if total else ())))
    figures["合计"] = {"years": dict(zip(labels, sums)), **({"total": sum(sums)} if total else {})}
    headers = ("类别", "项目", *labels, *(("合计",) if total else ()))
    table = ReportTable(
        "教师调动（按原因）", headers, rows, (12, 24) + (10,) * (len(headers) - 2), emphasis=frozenset({len(rows) - 1})
    )
    return table, {CATEGORY: figures}
