"""Report tables of deployment and retention (pure data): placements, the rotation year's quotas and
plan, rural-service honour lists, losses per year and the attrition watch list. Registered in the
report catalogue and exported by `talentdesk export placements|rotation-plan|rural-honour …`."""

from __future__ import annotations

import datetime as dt

from talentdesk.domain import rotation as rotation_domain
from talentdesk.domain.attrition import LEVELS
from talentdesk.errors import UserError
from talentdesk.reports import ReportTable
from talentdesk.services.deployment import attrition, placements, rotation, rural
from talentdesk.services.platform.settings import load_policy

PLACEMENT_HEADERS = (
    "姓名",
    "身份证号",
    "原学校",
    "交流学校",
    "交流方式",
    "开始日期",
    "计划结束",
    "实际结束",
    "人事关系转移",
    "批次",
    "状态",
    "备注",
)


def placements_table(db) -> ReportTable:
    rows = [r[2:] for r in placements.list_rows(db)]
    return ReportTable(
        "交流与调动记录",
        PLACEMENT_HEADERS,
        rows,
        (10, 20, 24, 24, 10, 11, 11, 11, 12, 20, 10, 30),
        frozenset({1}),
        note=f"共 {len(rows)} 条；身份证号已隐去中间部分",
    )


def _year_id(db, year: int | None) -> int:
    years = rotation.list_years(db)
    if not years:
        raise UserError("还没有建立交流轮岗年度")
    if year is None:
        return years[0]["id"]
    for y in years:
        if y["year"] == year:
            return y["id"]
    raise UserError(f"没有 {year} 年度的交流轮岗（已有：{'、'.join(str(y['year']) for y in years)}）")


def _whole_total(db) -> str:
    """全县合计, or 全市合计 in a city database (schools of several counties)."""
    from talentdesk.reports.params import Scope, total_label

    with db.sessions() as s:
        return total_label(s, Scope())


QUOTA_HEADERS = (
    "学校",
    "符合条件人数",
    "其中骨干",
    "应交流（≥比例）",
    "已安排",
    "尚差",
    "骨干应交流",
    "骨干已安排",
    "骨干尚差",
    "本校骨干不足",
)


def rotation_quota_table(
    db,
    year: int | None = None,
    policy=None,
    school_ids: set[int] | None = None,
    total_label: str | None = None,
    facts=None,
) -> ReportTable:
    """Each sending school's quota and the total; SCHOOL_IDS (a scope's schools, None = all) keeps the sending
    schools among them and totals those."""
    policy = policy or load_policy(db)
    yid = _year_id(db, year)
    rows, county = rotation.quotas(db, yid, policy, facts=facts)
    if school_ids is not None:
        rows = [q for q in rows if q.school_id in school_ids]
        county = rotation_domain.county_quota(rows, policy)
    out = [
        (
            q.name,
            q.eligible,
            q.backbone_eligible,
            q.quota,
            q.rotated,
            q.short,
            q.backbone_need,
            q.backbone_rotated,
            q.backbone_short,
            q.backbone_lacking,
        )
        for q in rows
    ]
    lacking = sum(q.backbone_lacking for q in rows)
    out.append(
        (
            total_label or _whole_total(db),
            county["eligible"],
            sum(q.backbone_eligible for q in rows),
            county["quota"],
            county["rotated"],
            county["short"],
            county["backbone_need"],
            county["backbone_rotated"],
            county["backbone_short"],
            lacking,
        )
    )
    y = rotation.get_year(db, yid)
    note = (
        f"{y['name']}：交流 {county['rotated']} 人，占符合条件教师 {county['share']:.1%}；"
        f"骨干 {county['backbone_rotated']} 人，占交流人数 {county['backbone_share']:.1%}"
        + (
            f"；{sum(1 for q in rows if q.backbone_lacking)} 所学校符合条件的骨干教师不足，"
            f"共差 {lacking} 人（骨干应占本校交流人数 {policy.rotation_backbone_share:.0%}）"
            if lacking
            else ""
        )
        + ("" if rows or school_ids is None else "；统计范围内没有派出学校（城区学校和指定的优质学校）")
    )
    return ReportTable(
        f"{y['name']}完成情况",
        QUOTA_HEADERS,
        out,
        (28, 12, 10, 14, 10, 8, 12, 12, 10, 12),
        note=note,
        emphasis=frozenset({len(out) - 1}),
    )


PLAN_HEADERS = (
    "姓名",
    "原学校",
    "交流学校",
    "交流方式",
    "开始",
    "计划结束",
    "骨干称号",
    "学科",
    "职称",
    "状态",
    "来源",
    "安排理由",
)


def rotation_plan_table(db, year: int | None = None, school_ids: set[int] | None = None, facts=None) -> ReportTable:
    """The year's proposals, and with FACTS (rotation.load) the placements recorded outside the plan that count
    towards the quotas; SCHOOL_IDS (a scope, None = all) keeps those sent from its schools (原学校)."""
    yid = _year_id(db, year)
    rows = [
        r[2:]
        for r in (
            rotation.plan_list(db, yid, facts=facts, school_ids=school_ids)
            if facts is not None
            else rotation.proposals(db, yid, school_ids)
        )
    ]
    y = rotation.get_year(db, yid)
    return ReportTable(
        f"{y['name']}方案", PLAN_HEADERS, rows, (10, 24, 24, 10, 10, 10, 16, 8, 10, 8, 6, 80), note=f"共 {len(rows)} 人"
    )


RURAL_HEADERS = ("序号", "姓名", "身份证号", "性别", "人员状态", "编制学校", "乡村从教年限", "已获证书", "乡村任教经历")


RURAL_NOTE = (
    "年限按编制学校与交流记录中实际在乡村学校任教的时间累计，中间离开的时间不计、前后相加，按自然月计算"
    "（满 N 年含 N 年整，如 1996年9月至2026年8月为满 30 年；几段不足整月的天数累计满 31 天计 1 个月）。"
    "“20年以上”“10年以上”含更长年限：已满 30 年而未获省级、县级证书的教师同时列入省级、县级名单，"
    "已获证书一并列出，由教育局选择。"
)


def rural_tables(
    db, today: dt.date | None = None, policy=None, school_ids: set[int] | None = None
) -> list[ReportTable]:
    policy = policy or load_policy(db)
    lists = rural.lists(db, today, policy, school_ids)
    out = []
    for lv in LEVELS:
        rows = [
            (i, e.name, e.id_masked, e.gender, e.status, e.school, e.years_text, "、".join(e.given) or "无", e.history)
            for i, e in enumerate(lists[lv], 1)
        ]
        need = policy.rural_honour_years.get(lv)
        out.append(
            ReportTable(
                f"乡村从教{lv}级荣誉人选",
                RURAL_HEADERS,
                rows,
                (6, 10, 20, 6, 8, 24, 12, 14, 70),
                frozenset({2}),
                note=f"{lv}级（乡村从教满 {need} 年及以上、尚未获得{lv}级证书）："
                f"{len(rows)} 人（含退休教师，按年限由长到短）",
            )
        )
    return out


def attrition_tables(db, this_year: int | None = None, columns=None, policy=None) -> list[ReportTable]:
    """Losses by each dimension (离岗方式 … 离岗原因, 去向, 关键人才) over the five years up to THIS_YEAR, or COLUMNS
    (spans.columns of a period)."""
    out = []
    for key, label in attrition.DIMENSIONS.items():
        headers, rows = attrition.loss_table(db, key, this_year=this_year, columns=columns, policy=policy)
        out.append(
            ReportTable(
                f"教师减少情况（按{label}）",
                tuple(headers),
                rows,
                (16,) + (9,) * (len(headers) - 1),
                emphasis=frozenset({len(rows) - 1}),
            )
        )
    return out


WATCH_HEADERS = ("姓名", "身份证号", "任教学校", "城乡类型", "年龄", "学历", "职称", "预警规则", "说明")


def watch_table(db, today: dt.date | None = None, policy=None) -> ReportTable:
    rows = [r[1:] for r in attrition.watch_list(db, today, policy)]
    return ReportTable(
        "教师流失预警名单",
        WATCH_HEADERS,
        rows,
        (10, 20, 24, 8, 6, 12, 10, 24, 70),
        frozenset({1}),
        note=f"共 {len(rows)} 人；规则可在“流失预警”页编辑",
    )


RESPONSE_HEADERS = (
    "序号",
    "姓名",
    "身份证号",
    "任教学校",
    "谈话日期",
    "谈话人",
    "提供的条件",
    "结果",
    "跟进日期",
    "状态",
    "备注",
)
RESPONSE_STATES = {"all": None, "open": ("跟进中", "逾期"), "overdue": ("逾期",)}


def responses_table(db, today: dt.date | None = None, which: str = "all", school_ids=None) -> ReportTable:
    """管理响应记录: every response (WHICH all), the open ones (open: 跟进中 and 逾期) or the overdue ones."""
    from talentdesk.services.deployment import responses

    if which not in RESPONSE_STATES:
        raise UserError("响应记录的范围应为：all（全部）、open（未结）、overdue（逾期）")
    c = {n: i for i, n in enumerate(responses.COLUMNS)}
    keep = RESPONSE_STATES[which]
    picked = [r for r in responses.responses(db, today, school_ids=school_ids) if keep is None or r[c["state"]] in keep]
    rows = [
        (
            i,
            *(
                r[c[k]]
                for k in (
                    "name",
                    "id_masked",
                    "school",
                    "talked_on",
                    "talked_by",
                    "offered",
                    "outcome",
                    "follow_up",
                    "state",
                    "note",
                )
            ),
        )
        for i, r in enumerate(picked, 1)
    ]
    states = [r[9] for r in rows]
    label = {"all": "管理响应记录", "open": "未结的管理响应", "overdue": "逾期未跟进的管理响应"}[which]
    return ReportTable(
        label,
        RESPONSE_HEADERS,
        rows,
        (6, 10, 20, 24, 12, 10, 28, 8, 12, 8, 30),
        frozenset({2}),
        note=f"共 {len(rows)} 条，其中跟进中 {states.count('跟进中')} 条、逾期 {states.count('逾期')} 条"
        "（跟进日期已过仍未结）",
    )


# ---------------------------------------------------------------- catalogue entries


def rotation_compute(db, params):
    """Catalogue entry: year, scope (the sending schools in it; the plan's teachers by their 原学校)."""
    from talentdesk.reports.catalogue import Report
    from talentdesk.reports.params import total_label

    if params.period is not None:
        return rotation_period(db, params)
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        total = total_label(s, params.scope)
    facts = rotation.load(db, _year_id(db, params.year), params.rules)  # read once for both tables
    quota = rotation_quota_table(db, params.year, params.rules, ids, total, facts)
    plan = rotation_plan_table(db, params.year, ids, facts)
    notes = [quota.note]
    if ids is not None:
        notes.append("统计范围内的派出学校及从这些学校交流出去的教师（按原学校）；接收学校不在此列")
    return Report(quota.title, [quota, plan], notes=notes)


ROTATION_YEAR_HEADERS = ("年度", "符合条件人数", "应交流", "已安排", "尚差", "交流比例", "骨干已安排", "骨干占交流比例")


def rotation_period(db, params):
    """Every rotation year the period holds: one line each with the county's figures and 合计, then each
    year's completion table by school."""
    from talentdesk.reports import spans
    from talentdesk.reports.catalogue import Report

    start, end = spans.bounds(params)
    years = sorted(
        (y for y in rotation.list_years(db) if spans.year_inside(y["year"], start, end)), key=lambda y: y["year"]
    )
    if not years:
        known = "、".join(str(y["year"]) for y in sorted(rotation.list_years(db), key=lambda y: y["year"])) or "无"
        raise UserError(
            f"统计期间 {spans.label(params)} 内没有交流轮岗年度（已有年度：{known}）；"
            "交流轮岗按年度统计，期间须含该年全年"
        )
    policy = params.rules
    from talentdesk.reports.params import total_label

    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        total = total_label(s, params.scope)
    rows, parts, notes = [], [], []
    for y in years:
        quotas, county = rotation.quotas(db, y["id"], policy)
        if ids is not None:
            county = rotation_domain.county_quota([q for q in quotas if q.school_id in ids], policy)
        rows.append(
            (
                y["name"],
                county["eligible"],
                county["quota"],
                county["rotated"],
                county["short"],
                f"{county['share']:.1%}",
                county["backbone_rotated"],
                f"{county['backbone_share']:.1%}",
            )
        )
        parts.append(rotation_quota_table(db, y["year"], policy, ids, total))
    eligible, rotated = sum(r[1] for r in rows), sum(r[3] for r in rows)
    backbone = sum(r[6] for r in rows)
    rows.append(
        (
            "合计",
            eligible,
            sum(r[2] for r in rows),
            rotated,
            sum(r[4] for r in rows),
            f"{rotated / eligible:.1%}" if eligible else "—",
            backbone,
            f"{backbone / rotated:.1%}" if rotated else "—",
        )
    )
    first = ReportTable(
        "各年度交流轮岗完成情况",
        ROTATION_YEAR_HEADERS,
        rows,
        (28, 12, 10, 10, 8, 10, 12, 14),
        emphasis=frozenset({len(rows) - 1}),
    )
    notes = [
        (
            f"统计期间 {spans.label(params)}：含 {len(years)} 个交流轮岗年度（按年度统计，期间须含该年全年）；"
            "合计行的比例为期间合计人数之比（一名教师在几个年度符合条件计几次）。"
        ),
        *(p.note for p in parts),
    ]
    return Report(
        spans.title("交流轮岗完成情况", params), [first, *parts], notes=notes, period_label=spans.label(params)
    )


def rural_compute(db, params):
    from talentdesk.reports.catalogue import Report

    with db.sessions() as s:
        school_ids = params.scope.school_ids(s)
    parts = rural_tables(db, params.today, params.rules, school_ids)
    notes = [p.note for p in parts] + [RURAL_NOTE]
    return Report("乡村从教荣誉人选名单", parts, notes=notes)


def attrition_compute(db, params):
    from talentdesk.reports import spans
    from talentdesk.reports.catalogue import Report

    if params.period is not None:
        columns = [c for c in spans.columns(params) if c[0] != spans.TOTAL]  # loss_table adds its own 合计
        parts = attrition_tables(db, columns=columns, policy=params.rules)
    else:
        parts = attrition_tables(db, params.year, policy=params.rules)
    watch = watch_table(db, params.today, params.rules)
    notes = [watch.note]
    if params.period is not None:
        notes.insert(0, spans.note(params, "离岗日期") + "流失预警名单为当前在岗教师，不受统计期间限制。")
    return Report(
        spans.title("教师减少与流失预警", params) if params.period else "教师减少与流失预警",
        parts + [watch],
        notes=notes,
        period_label=spans.label(params) if params.period else "",
    )


# ---------------------------------------------------------------- exports (CLI `export …`, the pages)


def export(db, kind: str, path, *, year: int | None = None, policy=None, which: str = "all") -> list[ReportTable]:
    """placements | staffing | rotation-plan | rural-honour | responses (WHICH: all/open/overdue) | quota-ledger to an
    .xlsx file: printing needs the print right; every list here shows masked ID numbers only; the file names the
    signed-in user as exporter."""
    from talentdesk.reports import staffing
    from talentdesk.reports.xlsx import write_tables
    from talentdesk.services.accounts import access

    who = access.require(db, "print")
    policy = policy or load_policy(db)
    if kind == "placements":
        tables = [placements_table(db)]
    elif kind == "staffing":
        tables = [staffing.table(db, year, policy)]
    elif kind == "rotation-plan":
        tables = [rotation_quota_table(db, year, policy), rotation_plan_table(db, year)]
    elif kind == "rural-honour":
        tables = rural_tables(db, policy=policy)
    elif kind == "responses":
        tables = [responses_table(db, which=which)]
    elif kind == "quota-ledger":
        from talentdesk.reports import quota

        return quota.export(db, path)
    else:
        raise UserError(f"未知的导出种类：{kind}")
    write_tables(tables, path, exporter=who.user)
    return tables
