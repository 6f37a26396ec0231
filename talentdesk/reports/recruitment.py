"""Recruitment and talent-service tables (pure data → ReportTable): the hiring plan table, retirements,
the recruits list, obligations, the local-student pool, recognised talent, the rural subsidy list,
service requests. The data comes in as plain dicts/tuples from services; nothing is read here."""

from __future__ import annotations

import datetime as dt

from talentdesk.domain.money import capitals
from talentdesk.reports import ReportTable

PLAN_HEADERS = (
    "序号",
    "乡镇",
    "学校",
    "城乡类型",
    "学段",
    "学科",
    "测算值",
    "测算缺额",
    "计划招聘",
    "招聘渠道",
    "测算依据/备注",
)
PLAN_WIDTHS = (6, 12, 22, 8, 6, 10, 8, 9, 9, 12, 60)


def _d(v) -> str:
    if v is None:
        return ""
    if hasattr(v, "iso"):
        return v.iso()
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def plan_table(plan: dict) -> ReportTable:
    rows: list[tuple] = []
    for i, x in enumerate([x for x in plan["lines"] if x["planned"]], 1):  # lines set to 0 are not asked for
        basis = x.get("note") or ""
        if x.get("reason"):
            basis = f"{basis}（{x['reason']}）" if basis else x["reason"]
        est = x.get("estimate")
        rows.append(
            (
                i,
                x.get("township") or "",
                x["school"],
                x.get("area") or "",
                x["stage"],
                x["subject"],
                "" if est is None else float(est),
                x["proposed"],
                x["planned"],
                x.get("channel") or "",
                basis,
            )
        )
    total_p = sum(x["proposed"] for x in plan["lines"])
    total = sum(x["planned"] for x in plan["lines"])
    rows.append(("", "合计", "", "", "", "", "", total_p, total, "", ""))
    schools = len({x["school"] for x in plan["lines"] if x["planned"]})
    note = (
        f"计划招聘 {total} 人（测算缺额 {total_p} 人），涉及 {schools} 所学校；计划人数按整人计，"
        "测算值为按课时测算的需要减现有（小数，仅供参考）"
    )
    return ReportTable(plan["title"], PLAN_HEADERS, rows, PLAN_WIDTHS, note=note)


def plan_summary_table(plan: dict) -> ReportTable:
    """By stage and subject, then by channel: what the plan asks for."""
    by: dict[tuple[str, str], int] = {}
    channels: dict[str, int] = {}
    for x in plan["lines"]:
        if x["planned"]:
            by[(x["stage"], x["subject"])] = by.get((x["stage"], x["subject"]), 0) + x["planned"]
            channels[x.get("channel") or "未定"] = channels.get(x.get("channel") or "未定", 0) + x["planned"]
    rows = [(stage, subject, n) for (stage, subject), n in sorted(by.items())]
    rows += [("招聘渠道", ch, n) for ch, n in sorted(channels.items(), key=lambda c: -c[1])]
    return ReportTable("按学段学科汇总", ("学段", "学科/渠道", "计划招聘"), rows, (10, 14, 10))


RETIRE_HEADERS = ("姓名", "性别", "学校", "学段", "学科", "职称", "到龄日期", "备注")


def retirements_table(rows: list[dict], year: int, years: int) -> ReportTable:
    out = [
        (
            r["name"],
            r["gender"] or "",
            r["school"],
            r["stage"] or "",
            r["subject"] or "",
            r["title"] or "",
            _d(r["retire"]),
            "已到龄仍在岗" if r["overdue"] else "",
        )
        for r in rows
    ]
    return ReportTable(
        f"{year}—{year + years - 1}年到龄退休教师",
        RETIRE_HEADERS,
        out,
        (10, 6, 22, 6, 8, 10, 12, 14),
        note=f"共 {len(out)} 人",
    )


RECRUIT_HEADERS = (
    "年度",
    "招聘渠道",
    "批次",
    "姓名",
    "身份证号",
    "性别",
    "毕业院校",
    "专业",
    "学历",
    "学段",
    "学科",
    "拟聘学校",
    "状态",
    "建档",
)


def recruits_table(rows: list[tuple]) -> ReportTable:
    return ReportTable(
        "招聘录用名单",
        RECRUIT_HEADERS,
        rows,
        (6, 10, 22, 10, 20, 5, 18, 16, 10, 6, 8, 20, 8, 6),
        frozenset({4}),
        note=f"共 {len(rows)} 人",
    )


OBLIGATION_HEADERS = (
    "姓名",
    "身份证号",
    "工作学校",
    "类别",
    "服务开始",
    "服务年限",
    "服务期满",
    "状态",
    "办结日期",
    "本年到期",
    "备注",
)


def obligations_table(rows: list[dict], year: int, due_only: bool = False) -> ReportTable:
    out = [
        (
            r["name"],
            r["id_masked"],
            r["school"],
            r["kind"],
            _d(r["start"]),
            r["years"],
            _d(r["end"]),
            r["state"],
            _d(r["closed_on"]),
            "是" if r["due"] else "",
            r["note"] or "",
        )
        for r in rows
    ]
    title = f"{year}年服务期到期名单" if due_only else "服务期履约情况"
    due = sum(1 for r in rows if r["due"])
    return ReportTable(
        title,
        OBLIGATION_HEADERS,
        out,
        (10, 20, 22, 10, 10, 8, 10, 10, 10, 8, 20),
        frozenset({1}),
        note=f"共 {len(out)} 人，其中 {year} 年到期或待转编 {due} 人",
    )


STUDENT_HEADERS = (
    "姓名",
    "性别",
    "生源学校",
    "就读高校",
    "专业",
    "对应学科",
    "师范类",
    "预计毕业",
    "联系电话",
    "回乡意向",
    "联系次数",
    "最近联系",
    "已入职",
    "本年毕业紧缺学科",
)


def students_table(rows: list[dict], short_ids: dict[int, str], year: int) -> ReportTable:
    out = [
        (
            r["name"],
            r["gender"] or "",
            r["from_school"] or "",
            r["university"] or "",
            r["major"] or "",
            r["subject"] or "",
            "是" if r["normal"] else "否" if r["normal"] is False else "",
            _d(r["graduation"]),
            r["phone"] or "",
            r["intention"] or "",
            r["contacts"],
            _d(r["last_contact"]),
            r["hired"] or "",
            short_ids.get(r["id"], ""),
        )
        for r in rows
    ]
    return ReportTable(
        "本地生源在读大学生名单",
        STUDENT_HEADERS,
        out,
        (10, 5, 18, 18, 16, 8, 6, 10, 14, 8, 8, 10, 10, 24),
        frozenset({8}),
        note=f"共 {len(out)} 人；{year} 年毕业且所学学科本县紧缺 {len(short_ids)} 人",
    )


TALENT_HEADERS = (
    "姓名",
    "身份证号",
    "学校",
    "类别",
    "人才层次",
    "认定/开始",
    "期满",
    "是否有效",
    "享受待遇",
    "月发放（元）",
    "一次性（元）",
)


def talents_table(rows: list[dict]) -> ReportTable:
    out = [
        (
            r["name"],
            r["id_masked"],
            r["school"],
            r["kind"],
            r["category"],
            _d(r["start"]),
            _d(r["end"]),
            "有效" if r["active"] else "已期满",
            r["benefits"],
            r["monthly"] or "",
            r["once"] or "",
        )
        for r in rows
    ]
    return ReportTable(
        "人才认定与待遇名单",
        TALENT_HEADERS,
        out,
        (10, 20, 20, 14, 8, 10, 10, 8, 50, 10, 10),
        frozenset({1}),
        note=f"共 {len(out)} 条",
    )


SIGN_ROW_HEIGHT = 30.0  # points: a 签领 box a hand-written signature fits in
SUBSIDY_SIGNATURES = ("制表人", "审核人", "单位负责人")
SUBSIDY_HEADERS = (
    "序号",
    "姓名",
    "身份证号",
    "任教学校（档次，天数）",
    "档次",
    "在岗天数",
    "当月天数",
    "补助金额（元）",
    "签领",
)


def subsidy_table(rows: list[dict], year: int, month: int, full_id: bool = False) -> ReportTable:
    out = [
        (
            i,
            r["name"],
            r["id_number"] if full_id else r["id_masked"],
            r["schools"],
            r["tier"],
            r["days"],
            r["month_days"],
            r["amount"],
            "",
        )
        for i, r in enumerate(rows, 1)
    ]
    total = round(sum(r["amount"] for r in rows), 2)
    out.append(("", "合计", "", f"人民币（大写）：{capitals(total)}", "", "", "", total, ""))
    return ReportTable(
        f"{year}年{month}月乡村教师生活补助发放表",
        SUBSIDY_HEADERS,
        out,
        (6, 14, 20, 36, 8, 8, 8, 12, 14),
        frozenset({2}),
        note=f"共 {len(rows)} 人，合计 {total:.2f} 元；按实际任教学校的补助档次和在岗天数折算",
        emphasis=frozenset({len(out) - 1}),
        page_sums=(7,),
        row_height=SIGN_ROW_HEIGHT,
    )


SERVICE_HEADERS = (
    "姓名",
    "身份证号",
    "服务事项",
    "申请日期",
    "状态",
    "办结日期",
    "房间",
    "入住",
    "退房",
    "金额（元）",
    "说明",
)


def services_table(rows: list[dict]) -> ReportTable:
    out = [
        (
            r["name"],
            r["id_masked"],
            r["kind"],
            _d(r["applied"]),
            r["status"],
            _d(r["handled"]),
            r["room"] or "",
            _d(r["start"]),
            _d(r["end"]),
            r["amount"] or "",
            r["detail"] or "",
        )
        for r in rows
    ]
    return ReportTable(
        "人才服务办理情况",
        SERVICE_HEADERS,
        out,
        (10, 20, 12, 10, 8, 10, 8, 10, 10, 10, 30),
        frozenset({1}),
        note=f"共 {len(out)} 件",
    )


ETHICS_HEADERS = ("年度", "姓名", "身份证号", "类别", "结果", "日期", "内容")


def ethics_table(rows: list[dict]) -> ReportTable:
    out = [
        (r["year"], r["name"], r["id_masked"], r["kind"], r["result"] or "", _d(r["date"]), r["detail"] or "")
        for r in rows
    ]
    return ReportTable(
        "师德考核与奖惩记录", ETHICS_HEADERS, out, (6, 10, 20, 10, 8, 10, 40), frozenset({2}), note=f"共 {len(out)} 条"
    )
