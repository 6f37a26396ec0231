"""编制台账统计 (issue 22 §1): quota changes over a period (by kind and by school: "为 N 所学校核定编制 M 个"),
编制使用率 per school and in total, the quota against the staff the ratios call for (按标准应配) by stage, the
schools with vacant posts or over quota (空编/超编) with the 调剂 that would close the gaps, the county's
事业编制 and the education share. Pure data; the catalogue entry "quota" and `talentdesk export quota-ledger`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from talentdesk.domain import quota as Q
from talentdesk.domain.dates import school_year_label
from talentdesk.reports import ReportTable, spans
from talentdesk.reports.events import YM, within
from talentdesk.services.deployment import quota_ledger as ledger

LEDGER_HEADERS = (
    "学年",
    "日期",
    "类型",
    "文号",
    "学校（调出）",
    "学段",
    "调入学校",
    "编制数",
    "变动",
    "岗位类别",
    "专项用途",
    "原因",
    "状态",
)
LEDGER_WIDTHS = (13, 11, 8, 20, 22, 6, 20, 7, 30, 10, 12, 24, 8)
KIND_HEADERS = ("类型", "决定数", "涉及学校数", "编制数")
SCHOOL_HEADERS = (
    "学校",
    "学段",
    "核定",
    "核增",
    "核减",
    "调入",
    "调出",
    "专项编制",
    "周转池借入",
    "周转池收回",
    "净增减",
)
USAGE_TOTAL = "合计"
KIND_LINES = (  # (line, kind, side: the school counted — "from" the school named first, "to" the receiving one)
    ("核定", Q.SET, "from"),
    ("核增", Q.ADD, "from"),
    ("核减", Q.CUT, "from"),
    ("调剂（调出）", Q.MOVE, "from"),
    ("调剂（调入）", Q.MOVE, "to"),
    ("专项编制", Q.SPECIAL, "from"),
    ("周转池借出", Q.LEND, "from"),
    ("周转池收回", Q.RECALL, "from"),
)


def ledger_table(rows: list[ledger.DecisionRow], title: str = "编制台账", note: str = "") -> ReportTable:
    """The decisions as listed (the 编制台账 page's export): one row each, voided ones marked."""
    out: list[tuple] = [
        (
            r.school_year,
            r.decided_on,
            r.kind,
            r.doc_no,
            r.school,
            r.stage,
            r.to_school,
            r.posts,
            r.effect,
            r.post_category,
            r.purpose,
            r.reason,
            r.state + (f"（{r.void_reason}）" if r.void_reason else ""),
        )
        for r in rows
    ]
    valid = [r for r in rows if r.state == ledger.VALID]
    # a 合计 line of its own: the posts of different kinds do not add up (reports.totals would sum 编制数)
    out.append(("合计", "", "", "", "", "", "", "", f"共 {len(rows)} 条决定，有效 {len(valid)} 条", "", "", "", ""))
    return ReportTable(
        title,
        LEDGER_HEADERS,
        out,
        LEDGER_WIDTHS,
        frozenset({3}),
        emphasis=frozenset({len(out) - 1}),
        note=note or "已作废的决定保留在台账中，不计入编制数。",
    )


def _date_bounds(start: YM, end: YM) -> tuple[dt.date, dt.date]:
    first = dt.date(start[0], max(start[1], 1), 1)
    last_month = dt.date(end[0] + (end[1] == 12), end[1] % 12 + 1, 1) - dt.timedelta(days=1)
    return first, last_month


def changes(
    rows: list[ledger.DecisionRow], start: YM, end: YM, school_ids: set[int] | None = None
) -> tuple[ReportTable, ReportTable, dict]:
    """Valid decisions dated within START … END: by kind (decisions, schools, posts) and by school and stage."""
    picked = [
        r
        for r in rows
        if r.state == ledger.VALID and within((int(r.decided_on[:4]), int(r.decided_on[5:7])), start, end)
    ]
    by_kind: dict[str, list[ledger.DecisionRow]] = defaultdict(list)
    for r in picked:
        by_kind[r.kind].append(r)

    def inside(sid: int | None) -> bool:
        return sid is not None and (school_ids is None or sid in school_ids)

    # one line per kind and side: a 调剂 counts where it gives (调出) and where it receives (调入), so the lines
    # of the townships (or counties) add up to the county's; the pool's own 入池 is in the county table
    kind_rows: list[tuple] = []
    for label, kind, side in KIND_LINES:
        got = [r for r in by_kind.get(kind, []) if inside(r.to_school_id if side == "to" else r.school_id)]
        schools = {r.to_school_id if side == "to" else r.school_id for r in got}
        kind_rows.append((label, len(got), len(schools), sum(r.posts for r in got)))
    kind_rows.append(
        (
            USAGE_TOTAL,
            sum(r[1] for r in kind_rows),
            "",
            sum(r[3] for r in kind_rows if r[0] not in ("核定", "周转池收回")),
        )
    )
    cols = {k: i for i, k in enumerate(SCHOOL_HEADERS)}
    per: dict[tuple[str, str], list[int]] = {}

    def add(school: str, sid: int | None, stage: str, column: str, n: int) -> None:
        if not school or (school_ids is not None and sid not in school_ids):
            return
        line = per.setdefault((school, stage), [0] * (len(SCHOOL_HEADERS) - 3))
        line[cols[column] - 2] += n

    for r in picked:
        column = {
            Q.SET: "核定",
            Q.ADD: "核增",
            Q.CUT: "核减",
            Q.SPECIAL: "专项编制",
            Q.LEND: "周转池借入",
            Q.RECALL: "周转池收回",
        }.get(r.kind)
        if r.kind == Q.MOVE:
            add(r.school, r.school_id, r.stage, "调出", r.posts)
            add(r.to_school, r.to_school_id, r.to_stage or r.stage, "调入", r.posts)
        elif column is not None:
            add(r.school, r.school_id, r.stage, column, r.posts)
    school_rows: list[tuple] = []
    for (school, stage), v in sorted(per.items()):
        net = v[1] - v[2] + v[3] - v[4] + v[5] + v[6] - v[7]  # 核定 sets, it is not a change
        school_rows.append((school, stage, *(x or "" for x in v), net))
    set_schools = {r.school_id for r in by_kind.get(Q.SET, []) if school_ids is None or r.school_id in school_ids}
    set_posts = sum(r.posts for r in by_kind.get(Q.SET, []) if school_ids is None or r.school_id in school_ids)
    summary: dict = dict(
        decisions=sum(r[1] for r in kind_rows[:-1]),
        set_schools=len(set_schools),
        set_posts=set_posts,
        added=sum(r.posts for r in picked if r.kind in (Q.ADD, Q.SPECIAL) and inside(r.school_id)),
        cut=sum(r.posts for r in picked if r.kind == Q.CUT and inside(r.school_id)),
        moved=sum(r.posts for r in picked if r.kind == Q.MOVE and inside(r.school_id)),
        moved_in=sum(r.posts for r in picked if r.kind == Q.MOVE and inside(r.to_school_id)),
        lent=sum(r.posts for r in picked if r.kind == Q.LEND and inside(r.school_id)),
        recalled=sum(r.posts for r in picked if r.kind == Q.RECALL and inside(r.school_id)),
    )
    gains: dict[int, int] = defaultdict(int)  # school → posts added by 核增, 专项编制, 调入 and 借出
    for r in picked:
        sid = r.to_school_id if r.kind == Q.MOVE else r.school_id
        if r.kind in (Q.ADD, Q.SPECIAL, Q.MOVE, Q.LEND) and sid and (school_ids is None or sid in school_ids):
            gains[sid] += r.posts
    summary.update(gain_schools=len(gains), gain_posts=sum(gains.values()))
    headline = (f"为 {len(set_schools)} 所学校核定编制 {set_posts} 个；" if set_schools else "期间内没有年度核定；") + (
        f"为 {len(gains)} 所学校增加编制 {sum(gains.values())} 个（核增、专项、调入、周转池借入）"
    )
    kind_table = ReportTable(
        "编制变动（按类型）",
        KIND_HEADERS,
        kind_rows,
        (12, 10, 12, 10),
        emphasis=frozenset({len(kind_rows) - 1}),
        note=f"{headline}；核增（含专项）{summary['added']} 个，核减 {summary['cut']} 个，"
        f"调出 {summary['moved']} 个、调入 {summary['moved_in']} 个，"
        f"周转池借出 {summary['lent']} 个、收回 {summary['recalled']} 个。"
        "合计行的决定数为各行之和（调剂在调出、调入学校各计一次），编制数为核增、核减、调出、调入、专项和借出之和"
        "（核定为年度核定总数，收回为归还周转池，均不计入）。",
    )
    school_table = ReportTable("编制变动（按学校）", SCHOOL_HEADERS, school_rows, (24, 6, 7, 7, 7, 7, 7, 9, 11, 11, 8))
    summary["headline"] = headline
    return kind_table, school_table, summary


USAGE_HEADERS = ledger.VIEW_HEADERS


def usage_table(lines: list[ledger.QuotaLine], as_of: dt.date) -> tuple[ReportTable, dict]:
    """编制使用率 per school and stage at AS_OF, with the total (staff in 编 ÷ quota of the schools with one)."""
    rows = [tuple(x[:10]) for x in lines]
    with_quota = [x for x in lines if x.quota is not None]
    quota_total = sum(x.quota or 0 for x in with_quota)
    staff_total = sum(x.in_post for x in with_quota)
    rate = Q.usage(staff_total, quota_total)
    rows.append(
        (
            USAGE_TOTAL,
            "",
            "",
            quota_total,
            sum(x.special or 0 for x in lines) or "",
            sum(x.lent or 0 for x in lines) or "",
            staff_total,
            f"{rate:.1%}" if rate is not None else "",
            quota_total - staff_total,
            "",
        )
    )
    over = [x for x in lines if x.remark == "超编"]
    vacant = [x for x in lines if x.remark == "空编"]
    summary = dict(
        quota=quota_total,
        in_post=staff_total,
        usage=round(rate, 4) if rate is not None else None,
        over_schools=len({x.school_id for x in over}),
        over_posts=sum(-(x.vacancy or 0) for x in over),
        vacant_schools=len({x.school_id for x in vacant}),
        vacant_posts=sum(x.vacancy or 0 for x in vacant),
    )
    table = ReportTable(
        f"编制使用率（{as_of.isoformat()}）",
        USAGE_HEADERS,
        rows,
        (24, 10, 6, 9, 9, 13, 9, 11, 14, 8),
        emphasis=frozenset({len(rows) - 1}),
        note=f"{as_of.isoformat()} 台账中的核定编制；在编在岗为当日在岗的在编教职工（按当日编制学校）。"
        + (f"编制使用率 {rate:.1%}；" if rate is not None else "")
        + f"空编 {summary['vacant_schools']} 所学校 {summary['vacant_posts']} 个，"
        f"超编 {summary['over_schools']} 所学校 {summary['over_posts']} 人。",
    )
    return table, summary


GAP_HEADERS = ("学校", "乡镇", "学段", "核定编制", "在编在岗", "空编(+)/超编(−)", "情况", "建议")


def gap_table(lines: list[ledger.QuotaLine], school_ids: set[int] | None = None) -> ReportTable:
    """Schools with vacant posts or over quota, largest gaps first, and the 调剂 that would close them: posts
    moved from schools with vacancies to schools over quota of the same stage and county (the largest first).
    The advice is worked out over every school of LINES, then the rows of SCHOOL_IDS are shown: a township's
    rows are the county's rows of its schools."""
    over = sorted((x for x in lines if (x.vacancy or 0) < 0), key=lambda x: (x.vacancy or 0, x.school))
    spare = sorted((x for x in lines if (x.vacancy or 0) > 0), key=lambda x: (-(x.vacancy or 0), x.school))
    left = {(x.school_id, x.stage): x.vacancy or 0 for x in spare}
    advice: dict[tuple[int, str], list[str]] = defaultdict(list)
    for x in over:
        need = -(x.vacancy or 0)
        for y in spare:
            if need <= 0:
                break
            if y.stage != x.stage or y.county != x.county or left[(y.school_id, y.stage)] <= 0:
                continue
            n = min(need, left[(y.school_id, y.stage)])
            left[(y.school_id, y.stage)] -= n
            need -= n
            advice[(x.school_id, x.stage)].append(f"从{y.school}调剂 {n} 个")
            advice[(y.school_id, y.stage)].append(f"调剂 {n} 个给{x.school}")
        if need > 0:
            advice[(x.school_id, x.stage)].append(f"尚缺 {need} 个：核增或从周转池借出")
    rows = [
        (
            x.school,
            x.township,
            x.stage,
            x.quota,
            x.in_post,
            x.vacancy,
            x.remark,
            "；".join(advice[(x.school_id, x.stage)]),
        )
        for x in [*over, *spare]
        if school_ids is None or x.school_id in school_ids
    ]
    return ReportTable(
        "空编与超编学校",
        GAP_HEADERS,
        rows,
        (24, 10, 6, 9, 9, 14, 6, 40),
        note="建议：同学段内从空编学校向超编学校调剂（同一区县），空编多的学校先调；仍不足的核增或由周转池借出。",
    )


STANDARD_HEADERS = ("学段", "学生数", "按标准应配", "核定编制", "在编在岗", "核定较标准多(+)/少(−)", "编制使用率")


def standard_table(db, year: int | None, policy, school_ids: set[int] | None) -> ReportTable:
    """总量 vs 按标准应配 by stage: the ratio-based need of reports.staffing (students ÷ ratio, 班师比 at village
    schools) against the quota of the school year (the ledger's, kept in the yearly figures) and the staff."""
    from talentdesk.reports import staffing

    year, _lines, totals = staffing.lines(db, year, policy, school_ids, total_label=USAGE_TOTAL)
    rows = []
    for t in totals:
        diff = None if t.quota is None or t.entitled is None else round(t.quota - t.entitled, 1)
        rows.append((t.stage, t.students, t.entitled, t.quota, t.in_post, diff, t.usage))
    return ReportTable(
        f"编制总量与按标准应配（{school_year_label(year) if year else '无学年数据'}）",
        STANDARD_HEADERS,
        rows,
        (10, 10, 12, 10, 10, 20, 11),
        emphasis=frozenset({len(rows) - 1}) if rows else frozenset(),
        note="按标准应配：按教职工与学生比，村小学、教学点按生师比与班师比相结合、取其多者（同编制测算表）。",
    )


COUNTY_HEADERS = (
    "学年",
    "全县事业编制",
    "其中教育系统",
    "教育占比",
    "台账中学校核定编制",
    "周转池余额",
    "文号",
    "备注",
)


def county_table(db, whole: bool = True) -> ReportTable:
    """The county's 事业编制 per school year; figures of the county itself, listed for the whole database only."""
    rows = [r[1:9] for r in ledger.county_rows(db)] if whole else []
    note = "" if whole else "统计范围为部分学校，不列全县事业编制。"
    return ReportTable("全县事业编制与教育系统编制", COUNTY_HEADERS, rows, (14, 14, 14, 9, 16, 14, 20, 20), note=note)


def compute(db, params):
    """Catalogue entry "quota": the period's (or year's, or every) change tables, usage at the period's end (today
    at the latest), the standard by stage, the gaps and the county's 事业编制."""
    from talentdesk.reports.catalogue import Report

    span = spans.whole(params) or spans.EVER
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        total = params.scope.label
    rows = ledger.decisions(db, school_ids=ids)
    kind_table, school_table, summary = changes(rows, *span, ids)
    first, last = _date_bounds(*span)
    as_of = min(last, params.today)
    every = ledger.school_view(db, as_of)
    lines = [x for x in every if ids is None or x.school_id in ids]
    usage, usage_summary = usage_table(lines, as_of)
    year = params.year if params.year is not None else (as_of.year if as_of.month >= 9 else as_of.year - 1)
    standard = standard_table(db, year if spans.whole(params) else None, params.rules, ids)
    parts = [kind_table, school_table, usage, standard, gap_table(every, ids), county_table(db, ids is None)]
    period = spans.label(params)
    notes = [
        f"统计期间：{period}；范围：{total}。{summary['headline']}。",
        kind_table.note,
        usage.note,
        "编制决定按日期计入期间；已作废的决定不计。",
    ]
    return Report(
        spans.title("编制台账统计", params),
        parts,
        notes=notes,
        period_label=period,
        summary={"changes": summary, "usage": usage_summary, "as_of": as_of.isoformat()},
    )


def export(
    db, path, rows: list[ledger.DecisionRow] | None = None, *, as_of: dt.date | None = None
) -> list[ReportTable]:
    """The ledger (ROWS as filtered on the page, else every decision), quota against staff at AS_OF and the county
    table to an .xlsx laid out to print (borders, title, A4); needs the print right."""
    from talentdesk.reports.xlsx import write_tables
    from talentdesk.services.accounts import access

    who = access.require(db, "print")
    as_of = as_of or dt.date.today()
    lines = ledger.school_view(db, as_of)
    tables = [ledger_table(rows if rows is not None else ledger.decisions(db)), usage_table(lines, as_of)[0]]
    tables.append(county_table(db))
    write_tables(tables, path, exporter=who.user)
    return tables
