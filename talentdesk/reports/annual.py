"""`annual` 年度人才工作统计: the figures of a calendar year beside the previous year — teachers at the
year end, recruitment by channel, training person-times and hours by level, rotations by kind,
pairings, titles obtained, backbone designations and honours by level, promotions, losses by reason.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import Counter

from talentdesk.domain import attrition, codes, designations, leaders, titles
from talentdesk.domain.policy import Policy
from talentdesk.domain.postings import KINDS as OUTSIDE_KINDS
from talentdesk.reports import ReportTable, redeploy_plan, talent_steps
from talentdesk.reports import activities as activity_report
from talentdesk.reports import competitions as competition_report
from talentdesk.reports import degree_study as degree_report
from talentdesk.reports import events as E
from talentdesk.reports import postings as posting_report
from talentdesk.reports import programmes as programme_report
from talentdesk.reports import research as research_report
from talentdesk.reports import research_roles as role_report
from talentdesk.reports import school_pairings as pairing_report
from talentdesk.reports.catalogue import Report

# recruitment channels, each counted in its own row (教职工来源 canonicalised by codes.SOURCE: 地方免费师范生 is
# 公费师范生, 双向选择 is 校园招聘 …); 银龄讲学 and 柔性引进 are counted from their agreements' start dates
CHANNELS = (
    "公开招聘",
    "校园招聘",
    "定向招聘",
    "特岗计划",
    "公费师范生",
    "优师计划",
    "人才引进",
    "选调",
    "退役军人安置",
    "银龄讲学",
    "柔性引进",
)
AGREEMENT_CHANNELS = ("银龄讲学", "柔性引进")
OTHER_CHANNEL = "其他（调入等）"
TRANSFER = "调动"  # a placement kind that moves the post: counted with the post moves, not as an exchange
SOURCE_CHANNEL = {"特岗转入": "特岗计划", **{c: c for c in CHANNELS}}
FORM_CHANNEL = {"特岗": "特岗计划", "银龄讲学": "银龄讲学", "柔性引进": "柔性引进"}
TRAINING_LEVELS = ("国培", "省培", "市培", "县培", "校本")
_LEVEL_TRAINING = {"国家级": "国培", "省级": "省培", "市级": "市培", "县级": "县培", "校级": "校本"}
LEVELS = ("国家级", "省级", "市级", "县级", "校级")
LEAVE_KINDS = ("退休", "调出", "辞职", "解聘", "去世")
TITLES = ("正高级教师", "高级教师", "一级教师", "二级教师", "三级教师")
HEADERS_TAIL = ("增减",)
ROUTES = "职称晋升（按评审方式）"
SANMING = "三名工程（新认定）"  # 名师/名校长/名班主任 designated (issue 20 §3), apart from 骨干称号
REVIEWS = "称号考核（能上能下）"  # reviews of designations during their term, by decision


def waiting(ev: E.Events, stock, end: E.YM) -> set[int]:
    """The teachers of STOCK 评而未聘 at the end of month END (domain.titles.career).

    A teacher's career changes only on a 取得 or 聘任 date, so the answer is remembered per teacher and number
    of changes by the day: over five year ends most teachers are worked out once, not five times."""
    y, m = end
    on = dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
    day = (on.year, on.month, on.day)
    memo, changes = ev.waiting_memo, ev.career_changes
    out = set()
    for tid in stock:
        records = ev.careers.get(tid)
        if records is None:
            continue
        if tid not in changes:
            changes[tid] = None if titles.never_waits(records) else titles.changes(records)
        marks = changes[tid]
        if marks is None:
            continue
        key = (tid, bisect_right(marks, day))
        w = memo.get(key)
        if w is None:
            w = memo[key] = titles.career(records, on).waiting is not None
        if w:
            out.add(tid)
    return out


def channel(source: str | None, form: str | None) -> str:
    return SOURCE_CHANNEL.get(codes.SOURCE.canonical(source) or "") or FORM_CHANNEL.get(form or "") or OTHER_CHANNEL


def training_level(level: str, policy: Policy | None = None) -> str:
    """国培/省培/市培/县培/校本 of a course's level; 区培 and 区级 by Policy.district_level (县级 or 省级)."""
    if level in TRAINING_LEVELS:
        return level
    if level and level.strip() in ("区培", "区级", "区"):
        return _LEVEL_TRAINING[(policy or Policy()).district_level]
    canon = codes.LEVEL.canonical(level) if level else None
    return _LEVEL_TRAINING.get(canon or "", "校本" if "校" in (level or "") else "其他")


def year_figures(ev: E.Events, year: int, policy: Policy | None = None) -> dict[tuple[str, str], float | None]:
    """{(category, item): value} for one calendar year."""
    return span_figures(ev, (year, 1), (year, 12), policy)


def span_figures(
    ev: E.Events, start: E.YM, end: E.YM, policy: Policy | None = None
) -> dict[tuple[str, str], float | None]:
    """{(category, item): value} for the months START … END: events dated within them (E.within), and the
    teachers in service at the end."""
    f: dict[tuple[str, str], float | None] = {}
    stock = [tid for tid in ev.teachers if E.in_stock(ev, tid, end)]
    f[("队伍总量", "年末在岗教师")] = len(stock)
    best: dict[int, tuple] = {}
    for tid, title, d in ev.top_titles:
        if d <= end:
            key = (codes.TITLE.rank(title), d)
            if tid not in best or key > best[tid][0]:
                best[tid] = (key, title)
    held = Counter(best[tid][1] for tid in stock if tid in best)
    for t in E.TOP_TITLES:
        f[("队伍总量", f"其中{t}")] = held.get(t, 0)
    f[("队伍总量", "其中评而未聘")] = len(waiting(ev, stock, end))

    new = [tid for tid, d in ev.entries if E.within(d, start, end)]
    ch = Counter(channel(ev.teachers[tid][2], ev.teachers[tid][3]) for tid in new)
    if ev.agreements is not None:  # a re-engaged retiree's first post is decades old: count the agreement
        for c in AGREEMENT_CHANNELS:
            ch[c] = ev.in_span(ev.agreements, start, end, c)
    f[("补充教师", "合计")] = sum(ch.values())
    for c in CHANNELS:
        f[("补充教师", c)] = ch.get(c, 0)
    f[("补充教师", OTHER_CHANNEL)] = ch.get(OTHER_CHANNEL, 0)
    f[("补充教师", "其中本地生源回归")] = (
        None
        if ev.local_returns is None
        else sum(n for y, n in ev.local_returns.items() if E.within((y, 0), start, end))
    )

    if ev.training is None:
        for lv in ("合计", *TRAINING_LEVELS):
            f[("培训", f"{lv}人次")] = None
            f[("培训", f"{lv}学时")] = None
    else:
        times, hours = Counter(), Counter()
        for (lv, d), n in ev.training.items():
            if E.within(d, start, end):
                times[training_level(lv, policy)] += n
                hours[training_level(lv, policy)] += ev.training_hours[(lv, d)]
        f[("培训", "合计人次")] = sum(times.values())
        f[("培训", "合计学时")] = round(sum(hours.values()), 1)
        for lv in TRAINING_LEVELS:
            f[("培训", f"{lv}人次")] = times.get(lv, 0)
            f[("培训", f"{lv}学时")] = round(hours.get(lv, 0), 1)

    kinds = [k for k in codes.PLACEMENT_KIND.labels if k not in ("本校", TRANSFER, *OUTSIDE_KINDS)]
    f[("交流轮岗", "合计人次")] = sum(ev.in_span(ev.placements, start, end, k) for k in kinds)
    for k in kinds:
        f[("交流轮岗", k)] = ev.in_span(ev.placements, start, end, k)
    # every post move counts (a 调动 placement or a new post record at another school), once
    f[("调配", "校际调动（编制学校变更）")] = ev.in_span(ev.moves, start, end)
    f[("师徒结对", "新结对青年教师")] = ev.in_span(ev.pairings, start, end)
    f.update(quota_figures(ev, start, end))

    f[("职称晋升", "合计")] = sum(ev.in_span(ev.titles, start, end, t) for t in TITLES)
    for t in TITLES:
        f[("职称晋升", t)] = ev.in_span(ev.titles, start, end, t)
    for r in ev.route_names:
        f[(ROUTES, r)] = ev.in_span(ev.title_routes, start, end, r)

    des, hon = Counter(), Counter()
    for (lv, d), n in ev.designations.items():
        if E.within(d, start, end):
            des[codes.LEVEL.canonical(lv)] += n
    for (lv, d), n in ev.honours.items():
        if E.within(d, start, end):
            hon[codes.LEVEL.canonical(lv) or "其他"] += n
    f[("骨干称号", "合计")] = sum(des.values())
    for lv in LEVELS:
        f[("骨干称号", lv)] = des.get(lv, 0)
    f[(SANMING, "合计")] = ev.in_span(ev.sanming, start, end)
    for k in codes.SANMING_KINDS:
        f[(SANMING, k)] = ev.in_span(ev.sanming, start, end, k)
    named_levels: Counter = Counter()
    for (lv, d), n in ev.sanming_levels.items():
        if E.within(d, start, end):
            named_levels[codes.LEVEL.canonical(lv)] += n
    for lv in LEVELS:
        f[(SANMING, f"其中{lv}")] = named_levels.get(lv, 0)
    f[(REVIEWS, "合计")] = ev.in_span(ev.designation_reviews, start, end)
    for dec in designations.DECISIONS:
        f[(REVIEWS, dec)] = ev.in_span(ev.designation_reviews, start, end, dec)
    f[("荣誉表彰", "合计")] = sum(hon.values())
    for lv in LEVELS:
        f[("荣誉表彰", lv)] = hon.get(lv, 0)

    f[("提拔任用", "合计")] = ev.in_span(ev.leader_promotions, start, end)
    for c in leaders.PROMOTION_CATEGORIES:
        f[("提拔任用", c)] = ev.in_span(ev.leader_promotions, start, end, c)
    f[("提拔任用", "后备干部任用为学校领导")] = None if ev.promotions is None else ev.in_span(ev.promotions, start, end)
    leaves = Counter()
    for (k, d), n in ev.leaves.items():
        if E.within(d, start, end):
            leaves[k] += n
    f[("人员减少", "合计")] = sum(leaves.values())
    for k in LEAVE_KINDS:
        f[("人员减少", k)] = leaves.get(k, 0)
    others = sum(v for k, v in leaves.items() if k not in LEAVE_KINDS)
    if others:
        f[("人员减少", "其他")] = others
    for coded, tids in losses_by_code(ev, start, end, policy).items():
        f[coded] = len(tids)
    return f


QUOTA = "编制"
QUOTA_ITEMS = (  # (item, kinds counted); 核定 also counts its schools (校次: a school each time it is approved)
    ("核定编制（校次）", ()),
    ("核定编制数", ("核定",)),
    ("核增编制数", ("核增", "专项编制")),
    ("其中专项编制", ("专项编制",)),
    ("核减编制数", ("核减",)),
    ("调剂调出编制数", ("调剂",)),
    ("调剂调入编制数", ("调剂",)),
    ("周转池借出", ("借出",)),
    ("周转池收回", ("收回",)),
)


def quota_figures(ev: E.Events, start: E.YM, end: E.YM) -> dict[tuple[str, str], float | None]:
    """The 编制台账 decisions dated in START … END (issue 22 §1); None everywhere without a ledger table."""
    if ev.quota is None:
        return {(QUOTA, item): None for item, _ in QUOTA_ITEMS}
    inside = [q for q in ev.quota if E.within(q[1], start, end)]
    out: dict[tuple[str, str], float | None] = {}
    for item, kinds in QUOTA_ITEMS:
        if not kinds:
            out[(QUOTA, item)] = len({(q[2], q[1]) for q in inside if q[0] == "核定" and q[5]})
        elif item == "调剂调入编制数":  # each side of a 调剂 counts in its own school's scope: the scopes add up
            out[(QUOTA, item)] = sum(q[4] for q in inside if q[0] in kinds and q[6])
        else:
            out[(QUOTA, item)] = sum(q[4] for q in inside if q[0] in kinds and q[5])
    return out


UNCODED_REASON, UNCODED_DEST = "原因未分类", "去向未填"
KEY_LOSSES = ("人员减少", "其中关键人才流失（不含退休、去世）")


def losses_by_code(
    ev: E.Events, start: E.YM, end: E.YM, policy: Policy | None = None
) -> dict[tuple[str, str], set[int]]:
    """Losses other than retirement and death in START … END by coded reason and destination kind (fixed rows,
    uncoded ones apart), and the key-talent losses (Policy.key_talent_*): the teachers behind each."""
    policy = policy or Policy()
    out: dict[tuple[str, str], set[int]] = {KEY_LOSSES: set()}
    for r in attrition.LEAVE_REASONS:
        out[("流失原因", r)] = set()
    out[("流失原因", UNCODED_REASON)] = set()
    for d in attrition.DESTINATION_KINDS:
        out[("流失去向", d)] = set()
    out[("流失去向", UNCODED_DEST)] = set()
    for tid, kind, when, reason, dest, _province, degree, title, levels in ev.leavers:
        if kind in attrition.NOT_LOSSES or not E.within(when, start, end):
            continue
        out.setdefault(("流失原因", reason if reason in attrition.LEAVE_REASONS else UNCODED_REASON), set()).add(tid)
        out.setdefault(("流失去向", dest if dest in attrition.DESTINATION_KINDS else UNCODED_DEST), set()).add(tid)
        if attrition.is_key_talent(degree, title, levels, policy):
            out[KEY_LOSSES].add(tid)
    return out


def span_ids(ev: E.Events, start: E.YM, end: E.YM, policy: Policy | None = None) -> dict[tuple[str, str], set[int]]:
    """The teachers behind each figure of span_figures (EV loaded with who=True): the same selections, kept as
    teacher ids, so a clerk can click a figure and see who it counts (a 人次 or 学时 figure: the people)."""
    out: dict[tuple[str, str], set[int]] = {}
    stock = {tid for tid in ev.teachers if E.in_stock(ev, tid, end)}
    out[("队伍总量", "年末在岗教师")] = stock
    best: dict[int, tuple] = {}
    for tid, title, d in ev.top_titles:
        if d <= end:
            key = (codes.TITLE.rank(title), d)
            if tid not in best or key > best[tid][0]:
                best[tid] = (key, title)
    for t in E.TOP_TITLES:
        out[("队伍总量", f"其中{t}")] = {tid for tid in stock if tid in best and best[tid][1] == t}
    out[("队伍总量", "其中评而未聘")] = waiting(ev, stock, end)
    by_channel: dict[str, set[int]] = {}
    for tid, d in ev.entries:
        if E.within(d, start, end):
            by_channel.setdefault(channel(ev.teachers[tid][2], ev.teachers[tid][3]), set()).add(tid)
    if ev.agreements is not None:
        for c in AGREEMENT_CHANNELS:
            by_channel[c] = ev.ids_in_span("agreements", start, end, c)
    for c in (*CHANNELS, OTHER_CHANNEL):
        out[("补充教师", c)] = by_channel.get(c, set())
    out[("补充教师", "合计")] = set().union(*by_channel.values()) if by_channel else set()
    out[("补充教师", "其中本地生源回归")] = ev.ids_in_span("local_returns", start, end)
    if ev.training is not None:
        every: set[int] = set()
        for lv in TRAINING_LEVELS:
            ids = ev.ids_in_span("training", start, end, lv, canon=lambda x: training_level(x, policy))
            out[("培训", f"{lv}人次")] = out[("培训", f"{lv}学时")] = ids
            every |= ids
        out[("培训", "合计人次")] = out[("培训", "合计学时")] = every
    kinds = [k for k in codes.PLACEMENT_KIND.labels if k not in ("本校", TRANSFER, *OUTSIDE_KINDS)]
    rotated: set[int] = set()
    for k in kinds:
        out[("交流轮岗", k)] = ev.ids_in_span("placements", start, end, k)
        rotated |= out[("交流轮岗", k)]
    out[("交流轮岗", "合计人次")] = rotated
    out[("调配", "校际调动（编制学校变更）")] = ev.ids_in_span("moves", start, end)
    out[("师徒结对", "新结对青年教师")] = ev.ids_in_span("pairings", start, end)
    promoted: set[int] = set()
    for t in TITLES:
        out[("职称晋升", t)] = ev.ids_in_span("titles", start, end, t)
        promoted |= out[("职称晋升", t)]
    out[("职称晋升", "合计")] = promoted
    for r in ev.route_names:
        out[(ROUTES, r)] = ev.ids_in_span("title_routes", start, end, r)
    for cat, name, fallback in (("骨干称号", "designations", None), ("荣誉表彰", "honours", "其他")):

        def canon(level, f=fallback):
            return codes.LEVEL.canonical(level) or f

        for lv in LEVELS:
            out[(cat, lv)] = ev.ids_in_span(name, start, end, lv, canon=canon)
        out[(cat, "合计")] = ev.ids_in_span(name, start, end)  # every level, as the figure counts
    for k in codes.SANMING_KINDS:
        out[(SANMING, k)] = ev.ids_in_span("sanming", start, end, k)
    out[(SANMING, "合计")] = ev.ids_in_span("sanming", start, end)
    for lv in LEVELS:
        out[(SANMING, f"其中{lv}")] = ev.ids_in_span(
            "sanming_levels", start, end, lv, canon=lambda x: codes.LEVEL.canonical(x)
        )
    for dec in designations.DECISIONS:
        out[(REVIEWS, dec)] = ev.ids_in_span("designation_reviews", start, end, dec)
    out[(REVIEWS, "合计")] = ev.ids_in_span("designation_reviews", start, end)
    for c in leaders.PROMOTION_CATEGORIES:
        out[("提拔任用", c)] = ev.ids_in_span("leader_promotions", start, end, c)
    out[("提拔任用", "合计")] = ev.ids_in_span("leader_promotions", start, end)
    out[("提拔任用", "后备干部任用为学校领导")] = ev.ids_in_span("promotions", start, end)
    for k in LEAVE_KINDS:
        out[("人员减少", k)] = ev.ids_in_span("leaves", start, end, k)
    left = ev.ids_in_span("leaves", start, end)
    out[("人员减少", "合计")] = left
    out[("人员减少", "其他")] = left - set().union(*(out[("人员减少", k)] for k in LEAVE_KINDS))
    out.update(losses_by_code(ev, start, end, policy))
    return out


def _drill(rows: list[tuple], ids_by_column: dict[int, dict], part: int = 0) -> dict:
    """Report.teacher_ids for ROWS ((category, item, …)): {column: span_ids} → {(part, row, column): ids}."""
    out = {}
    for r, row in enumerate(rows):
        for column, ids in ids_by_column.items():
            found = ids.get((row[0], row[1]))
            if found:
                out[(part, r, column)] = sorted(found)
    return out


STOCK = "队伍总量"  # figures at a date (the end of each year), not counts of events: never added up


def _load(db, params, since: E.YM) -> tuple[E.Events, set[int] | None]:
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        return E.load(s, ids, since=f"{since[0]:04d}-{since[1]:02d}"), ids


def _honours(db, params, since: E.YM, columns: list[tuple[str, E.YM, E.YM]], total: bool):
    """The honours table (荣誉表彰 by level × name × year, reports.honours) and its note on unlisted names."""
    from talentdesk.reports import honours

    with db.sessions() as s:
        counted, unlisted, names = honours.counts(
            s, params.scope.school_ids(s), params.rules, since=f"{since[0]:04d}-{since[1]:02d}"
        )
    return honours.table(counted, names, columns, "荣誉表彰（按级别和名称）", total), honours.unlisted_note(unlisted)


def period_compute(db, params) -> Report:
    """The figures of every year of the period (its first and last year as far as the period reaches), their
    合计, and with compare the previous period of the same length; the stock at each year end in a table of
    its own (a stock is not added up)."""
    period = params.period
    first = period.previous().start if period.compare else period.start
    ev, _ = _load(db, params, first)
    spans = [period.year_span(y) for y in period.years]
    columns = [span_figures(ev, a, b, params.rules) for a, b in spans]
    whole = span_figures(ev, period.start, period.end, params.rules)
    before = span_figures(ev, period.previous().start, period.previous().end, params.rules) if period.compare else None
    # a whole year's column is named by the year alone (2021 … 2025, 合计: the command line's contract)
    labels = [str(y) if span == ((y, 1), (y, 12)) else period.span_label(*span) for y, span in zip(period.years, spans)]
    rows, emphasis, summary = [], set(), {}
    stock_rows = []
    for key, _total in whole.items():
        cat, item = key
        values = [c.get(key) for c in columns]
        if cat == STOCK:
            stock_rows.append((cat, item, *("—" if v is None else v for v in values)))
            continue
        if item in ("合计", "合计人次"):
            emphasis.add(len(rows))
        # 合计 is the sum of the columns (a year-only event counts in its year and in the whole period alike)
        added = None if any(v is None for v in values) else round(sum(values), 1)
        row = [cat, item, *("—" if v is None else v for v in values), "—" if added is None else added]
        if before is not None:
            prev = before.get(key)
            row += ["—" if prev is None else prev, "" if prev is None or added is None else round(added - prev, 1)]
        rows.append(tuple(row))
        summary.setdefault(cat, {})[item] = {
            "years": dict(zip(labels, values)),
            "total": added,
            **({"previous": before.get(key)} if before is not None else {}),
        }
    headers = ("类别", "项目", *labels, "合计") + (("上期合计", "增减") if before is not None else ())
    widths = (12, 24) + (10,) * (len(headers) - 2)
    title = f"{period.label}人才工作统计"
    table = ReportTable(title, headers, rows, widths, emphasis=frozenset(emphasis))
    stock = ReportTable(f"{STOCK}（各年末）", ("类别", "项目", *labels), stock_rows, (12, 24) + (10,) * len(labels))
    honour_table, honour_note = _honours(
        db, params, period.start, [(label, *span) for label, span in zip(labels, spans)], total=True
    )
    acts, kinds = activity_report.annual_facts(db, params, first)  # issue 21 §1: register, pairings, studios
    activity_table, activity_figures = activity_report.annual_table(
        acts,
        kinds,
        [(label, *span) for label, span in zip(labels, spans)],
        total=True,
        previous=(period.previous().start, period.previous().end) if period.compare else None,
    )
    summary.update(activity_figures)
    talent_table, talent_figures = talent_steps.annual_table(  # issue 20 §4: recognition steps and payments
        db,
        params,
        [(label, *span) for label, span in zip(labels, spans)],
        total=True,
        previous=(period.previous().start, period.previous().end) if period.compare else None,
    )
    summary.update(talent_figures)
    pairing_table, pairing_figures = pairing_report.annual_table(  # issue 21 §3: school pairings
        pairing_report.load(db, params, first),
        [(label, *span) for label, span in zip(labels, spans)],
        total=True,
        previous=(period.previous().start, period.previous().end) if period.compare else None,
    )
    summary.update(pairing_figures)
    entrants = competition_report.annual_facts(db, params, first)  # issue 21 §2: teaching competitions
    competition_table, competition_figures = competition_report.annual_table(
        entrants,
        [(label, *span) for label, span in zip(labels, spans)],
        total=True,
        previous=(period.previous().start, period.previous().end) if period.compare else None,
    )
    summary.update(competition_figures)
    move_table, move_figures = redeploy_plan.annual_table(  # issue 22 §2: school changes by reason
        db, params, [(label, *span) for label, span in zip(labels, spans)], total=True
    )
    summary.update(move_figures)
    members, spans_ = programme_report.annual_facts(db, params)  # issues 20 §3, 21 §5: programmes
    programme_table, programme_figures = programme_report.annual_table(
        members,
        spans_,
        [(label, *span) for label, span in zip(labels, spans)],
        total=True,
        previous=(period.previous().start, period.previous().end) if period.compare else None,
    )
    summary.update(programme_figures)
    growth_table, growth_figures = degree_report.annual_table(  # issue 21 §5: degree study, growth plans
        db,
        params,
        [(label, *span) for label, span in zip(labels, spans)],
        total=True,
        previous=(period.previous().start, period.previous().end) if period.compare else None,
    )
    summary.update(growth_figures)
    research_table, research_figures = research_report.annual_table(  # issue 21 §5: 课题
        research_report.annual_facts(db, params),
        [(label, *span) for label, span in zip(labels, spans)],
        total=True,
        previous=(period.previous().start, period.previous().end) if period.compare else None,
        listed=research_report.listed_kinds(db),  # the kinds in the bureau's list order
    )
    summary.update(research_figures)
    posting_table, posting_figures = posting_report.annual_table(  # issue 22 §2: 援藏、援疆 … over the period
        db,
        params,
        [(label, *span) for label, span in zip(labels, spans)],
        total=True,
        previous=(period.previous().start, period.previous().end) if period.compare else None,
    )
    summary.update(posting_figures)
    role_table, role_figures = role_report.annual_table(  # issue 21 §4: research roles, studios and outputs
        role_report.annual_facts(db, params),
        [(label, *span) for label, span in zip(labels, spans)],
        total=True,
        previous=(period.previous().start, period.previous().end) if period.compare else None,
    )
    summary.update(role_figures)
    notes = [
        f"统计期间 {period.label}（{period.start[0]}年{period.start[1]}月至{period.end[0]}年{period.end[1]}月），"
        "每年一列，合计为各列之和；各年的数与单独统计该年度时相同（期间只含该年部分月份时只计这些月份）。"
        "教师按当前编制学校归入统计范围；只有年份没有月份的记录计入该年，不计入只含该年部分月份的期间。",
        *([f"上期：{period.previous().label}（与本期等长）。"] if before is not None else []),
        "队伍总量为各年末（期间最后一年为期末）的在岗人数，不相加。",
        *ev.missing,
        *filter(None, [honour_note]),
    ]
    return Report(
        title="人才工作统计",
        parts=[
            *(table, stock, honour_table, activity_table, talent_table, pairing_table, competition_table, move_table),
            programme_table,
            growth_table,
            role_table,  # issue 21 §4 (before the postings, which come last)
            research_table,
            posting_table,
        ],
        notes=notes,
        period_label=period.label,
        summary={
            "period": {
                "from": f"{period.start[0]:04d}-{period.start[1]:02d}",
                "to": f"{period.end[0]:04d}-{period.end[1]:02d}",
                "columns": labels,
            },
            "figures": summary,
        },
    )


def compute(db, params) -> Report:
    if params.period is not None:
        return period_compute(db, params)
    year = params.year_or(params.today.year)
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        drill = bool(params.options.get("drill"))  # the 报表 page: figures open their teachers (costs a little)
        ev = E.load(s, ids, since=str(year - 1), who=drill)
    this, last = year_figures(ev, year, params.rules), year_figures(ev, year - 1, params.rules)
    rows, emphasis, summary = [], set(), {}
    for (cat, item), value in this.items():
        before = last.get((cat, item))
        diff = None if value is None or before is None else round(value - before, 1)
        if item in ("合计", "合计人次", "年末在岗教师"):
            emphasis.add(len(rows))
        rows.append(
            (
                cat,
                item,
                "—" if value is None else value,
                "—" if before is None else before,
                "" if diff is None else diff,
            )
        )
        summary.setdefault(cat, {})[item] = {"this": value, "last": before}
    notes = [
        f"{year}年1月1日至12月31日；教师按当前编制学校归入统计范围。补充教师按首次在本地任职（编制）时间统计，"
        "渠道取“教职工来源”；交流轮岗按开始时间、职称按取得时间、骨干和荣誉按授予时间计。“—”表示数据库中没有该项数据。",
        *ev.missing,
    ]
    table = ReportTable(
        f"{year}年人才工作统计",
        ("类别", "项目", f"{year}年", f"{year - 1}年", "增减"),
        rows,
        (12, 24, 10, 10, 10),
        emphasis=frozenset(emphasis),
    )
    drill = (
        _drill(
            rows,
            {
                2: span_ids(ev, (year, 1), (year, 12), params.rules),
                3: span_ids(ev, (year - 1, 1), (year - 1, 12), params.rules),
            },
        )
        if drill
        else {}
    )
    columns = [(f"{y}年", (y, 1), (y, 12)) for y in (year, year - 1)]
    honour_table, honour_note = _honours(db, params, (year - 1, 1), columns, total=False)
    if honour_note:
        notes.append(honour_note)
    acts, kinds = activity_report.annual_facts(db, params, (year - 1, 1))  # issue 21 §1: register, pairings, studios
    activity_table, activity_figures = activity_report.annual_table(acts, kinds, columns, total=False)
    summary.update(activity_figures)
    talent_table, talent_figures = talent_steps.annual_table(db, params, columns, total=False)  # issue 20 §4
    summary.update(talent_figures)
    pairing_table, pairing_figures = pairing_report.annual_table(  # issue 21 §3: school pairings
        pairing_report.load(db, params, (year - 1, 1)), columns, total=False
    )
    summary.update(pairing_figures)
    entrants = competition_report.annual_facts(db, params, (year - 1, 1))  # issue 21 §2: teaching competitions
    competition_table, competition_figures = competition_report.annual_table(entrants, columns, total=False)
    summary.update(competition_figures)
    move_table, move_figures = redeploy_plan.annual_table(db, params, columns, total=False)  # issue 22 §2
    summary.update(move_figures)
    members, spans_ = programme_report.annual_facts(db, params)  # issues 20 §3, 21 §5: programmes
    programme_table, programme_figures = programme_report.annual_table(members, spans_, columns, total=False)
    summary.update(programme_figures)
    growth_table, growth_figures = degree_report.annual_table(db, params, columns, total=False)  # issue 21 §5
    summary.update(growth_figures)
    posting_table, posting_figures = posting_report.annual_table(db, params, columns, total=False)
    summary.update(posting_figures)
    role_table, role_figures = role_report.annual_table(role_report.annual_facts(db, params), columns, total=False)
    summary.update(role_figures)  # issue 21 §4: research roles, studios and outputs
    research_table, research_figures = research_report.annual_table(  # issue 21 §5: 课题
        research_report.annual_facts(db, params), columns, total=False, listed=research_report.listed_kinds(db)
    )
    summary.update(research_figures)
    return Report(
        title="年度人才工作统计",
        parts=[
            *(table, honour_table, activity_table, talent_table, pairing_table, competition_table, move_table),
            programme_table,
            growth_table,
            role_table,  # issue 21 §4 (before the postings, which come last)
            research_table,
            posting_table,
        ],
        notes=notes,
        summary={"year": year, "figures": summary},
        period_label=f"{year}年度",
        teacher_ids=drill,
    )
