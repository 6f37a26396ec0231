"""`monthly` 人才数据月报: the stock at the month end and the month's changes (new teachers by channel, leavers
by reason, transfers between schools, titles obtained, placements begun), beside the previous month; then, as
the form sent upward (reports.monthly_form), the stock by 学段/学历/职称/年龄段/用人形式, 高层次人才 and key
losses, the 预警 indicators, and the signature and stamp lines.
Events known only to the year are not in any month (noted)."""

from __future__ import annotations

from collections import Counter

from talentdesk.domain.policy import Policy
from talentdesk.reports import ReportTable
from talentdesk.reports import events as E
from talentdesk.reports.annual import KEY_LOSSES, TITLES, channel, losses_by_code
from talentdesk.reports.catalogue import Report


def _prev(month: tuple[int, int]) -> tuple[int, int]:
    y, m = month
    return (y - 1, 12) if m == 1 else (y, m - 1)


def month_figures(ev: E.Events, month: tuple[int, int], policy: Policy | None = None) -> dict[tuple[str, str], int]:
    f: dict[tuple[str, str], int] = {}
    stock = [tid for tid in ev.teachers if E.in_stock(ev, tid, month)]
    f[("月末总量", "在岗教师")] = len(stock)
    new = [tid for tid, d in ev.entries if d == month]
    f[("增加", "新进教师")] = len(new)
    for c, n in sorted(Counter(channel(ev.teachers[t][2], ev.teachers[t][3]) for t in new).items()):
        f[("增加", f"其中{c}")] = n
    leaves = Counter({k: n for (k, d), n in ev.leaves.items() if d == month})
    f[("减少", "离开教师")] = sum(leaves.values())
    for k, n in sorted(leaves.items()):
        f[("减少", f"其中{k}")] = n
    f[("减少", KEY_LOSSES[1])] = len(losses_by_code(ev, month, month, policy)[KEY_LOSSES])
    f[("变动", "校际调动（编制学校变更）")] = ev.transfers(month)
    placements = Counter({k: n for (k, d), n in ev.placements.items() if d == month})
    f[("变动", "交流、支教等工作安排")] = sum(placements.values())
    for k, n in sorted(placements.items()):
        f[("变动", f"其中{k}")] = n
    titles = Counter({k: n for (k, d), n in ev.titles.items() if d == month})
    f[("职称", "取得职称")] = sum(titles.values())
    for t in TITLES:
        if titles.get(t):
            f[("职称", f"其中{t}")] = titles[t]
    return f


MAX_MONTHS = 12  # one column per month: a wider table does not print; years belong to `annual`
STOCK = "月末总量"


def period_compute(db, params) -> Report:
    """One column per month of the period and 合计 (the month-end stock is not added up)."""
    from talentdesk.errors import UserError

    period = params.period
    if period.months > MAX_MONTHS:
        raise UserError(
            f"人才数据月报每月一列，统计期间最多 {MAX_MONTHS} 个月（{period.label}共 {period.months} 个月）；"
            f"多年的统计请用“年度人才工作统计”：report annual --from {period.start[0]} --to {period.end[0]}"
        )
    months, m = [], period.start
    while m <= period.end:
        months.append(m)
        m = (m[0] + 1, 1) if m[1] == 12 else (m[0], m[1] + 1)
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        ev = E.load(s, ids, since=f"{months[0][0]:04d}-{months[0][1]:02d}")
    figures = [month_figures(ev, m, params.rules) for m in months]
    order = ["月末总量", "增加", "减少", "变动", "职称"]
    keys: list = []
    for f in figures:
        keys += [k for k in f if k not in keys]
    keys.sort(key=lambda k: order.index(k[0]))
    labels = [f"{m[0]}年{m[1]}月" if m[1] == 1 or m == months[0] else f"{m[1]}月" for m in months]
    rows: list[tuple[str, str, int, int, int]] = []
    emphasis: set[int] = set()
    for k in keys:
        values = [f.get(k, 0) for f in figures]
        if not k[1].startswith("其中"):
            emphasis.add(len(rows))
        rows.append((k[0], k[1], *values, "—" if k[0] == STOCK else sum(values)))
    table = ReportTable(
        f"{period.label}人才数据月报",
        ("类别", "项目", *labels, "合计"),
        rows,
        (10, 24) + (8,) * (len(labels) + 1),
        emphasis=frozenset(emphasis),
    )
    notes = [
        (
            f"统计期间 {period.label}：每月一列，合计为各月之和（月末总量不相加）；教师按当前编制学校归入统计范围；"
            "只有年份没有月份的记录不计入任何月份。"
        )
    ]
    summary = {
        "months": [f"{m[0]:04d}-{m[1]:02d}" for m in months],
        "figures": {f"{k[0]}/{k[1]}": [f.get(k, 0) for f in figures] for k in keys},
    }
    return Report(title="人才数据月报", parts=[table], notes=notes, summary=summary, period_label=period.label)


def compute(db, params) -> Report:
    if params.period is not None:
        return period_compute(db, params)
    month = params.month_or_current()
    prev = _prev(month)
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        ev = E.load(s, ids, since=f"{prev[0]:04d}-{prev[1]:02d}")
    this, last = month_figures(ev, month, params.rules), month_figures(ev, prev, params.rules)
    keys = list(this) + [k for k in last if k not in this]
    order = ["月末总量", "增加", "减少", "变动", "职称"]
    keys.sort(key=lambda k: order.index(k[0]))  # stable: each 其中 line stays under its parent
    rows, emphasis = [], set()
    for k in keys:
        a, b = this.get(k, 0), last.get(k, 0)
        if not k[1].startswith("其中"):
            emphasis.add(len(rows))
        rows.append((k[0], k[1], a, b, a - b))
    label = f"{month[0]}年{month[1]}月"
    table = ReportTable(
        f"一、总量与本月变动（{label}）",
        ("类别", "项目", "本月", "上月", "增减"),
        rows,
        (12, 28, 10, 10, 10),
        emphasis=frozenset(emphasis),
    )
    from talentdesk.reports import monthly_form

    more = monthly_form.parts(db, params, ev, month, label, ids)
    notes = [
        f"统计月份 {label}，上月 {prev[0]}年{prev[1]}月；教师按当前编制学校归入统计范围；"
        "只有年份没有月份的记录不计入任何月份。",
        f"二、{monthly_form.COMPOSITION_NOTE}",
    ]
    summary = {
        "month": f"{month[0]:04d}-{month[1]:02d}",
        "figures": {f"{k[0]}/{k[1]}": {"this": this.get(k, 0), "last": last.get(k, 0)} for k in keys},
    }
    summary["parts"] = {t.title: {f"{r[0]}/{r[1]}": r[2] for r in t.rows} for t in more}
    return Report(
        title="人才数据月报",
        parts=[table, *more],
        notes=notes,
        summary=summary,
        period_label=label,
        signatures=monthly_form.SIGNATURES,
        stamp=monthly_form.STAMP,
    )
