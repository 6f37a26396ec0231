"""`summary` 工作总结数据稿: the period's figures written as the sentences bureaus put in their yearly and multi-year
work summaries, under 引才、育才、留才、用才, followed by the statistical tables — a draft for the clerk to edit in
Word or WPS (`report summary --from 2021 --to 2025 OUT.docx`).

Every number comes from the annual statistics over the same period (annual.period_compute): the sentences read
the 合计 column of its table and the stock at the period's end, so the draft and the report never disagree.
"""

from __future__ import annotations

import dataclasses

from talentdesk.domain import leaders
from talentdesk.reports import annual
from talentdesk.reports import competitions as competition_report
from talentdesk.reports import research as research_report
from talentdesk.reports import research_roles as role_report
from talentdesk.reports.catalogue import Report
from talentdesk.reports.params import Period

DEFAULT_YEARS = 5  # without a period: the last five calendar years up to this one


def _n(value) -> int | float:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _list(items: list[tuple[str, object]], unit: str) -> str:
    """“公开招聘 5 名、特岗计划 2 名” of the non-zero items."""
    return "、".join(f"{label} {_n(v)} {unit}" for label, v in items if v not in (None, "—", 0))


def _since(period: Period, today_year: int) -> str:
    if period.end[0] >= today_year and period.start[1] == 1:
        return f"{period.start[0]}年以来"
    return f"{period.label}"


def figures(report: Report) -> tuple[dict[tuple[str, str], object], dict[tuple[str, str], object]]:
    """({(类别, 项目): 合计} of the period table, {(类别, 项目): value at the period's end} of the stock table)."""
    main, stock = report.parts[0], report.parts[1]
    total = main.headers.index("合计")
    return ({(r[0], r[1]): r[total] for r in main.rows}, {(r[0], r[1]): r[-1] for r in stock.rows})


def honour_names(report: Report) -> dict[str, int]:
    """{name of the bureau's list: person-times over the period, every level} from the honours table."""
    from talentdesk.reports.honours import UNLISTED

    out: dict[str, int] = {}
    for part in report.parts:
        if part.title.startswith("荣誉表彰"):
            for r in part.rows:
                if r[0] != "合计" and r[1] not in ("小计", UNLISTED):
                    out[r[1]] = out.get(r[1], 0) + r[-1]
    return out


def compute(db, params) -> Report:
    if params.period is None:
        year = params.today.year
        params = dataclasses.replace(params, period=Period((year - DEFAULT_YEARS + 1, 1), (year, 12)))
    base = annual.period_compute(db, params)
    f, stock = figures(base)
    period = params.period
    since = _since(period, params.today.year)

    def get(cat: str, item: str):
        v = f.get((cat, item))
        return None if v == "—" else v

    recruited = get("补充教师", "合计") or 0
    channels = _list([(c, get("补充教师", c)) for c in annual.CHANNELS], "名")
    local = get("补充教师", "其中本地生源回归")
    yin = [f"{since}，共补充教师 {_n(recruited)} 名" + (f"，其中{channels}" if channels else "") + "。"]
    if local:
        yin.append(f"其中本地生源回归 {_n(local)} 名。")
    steps = base.summary.get("figures", {}).get("人才认定", {})  # issue 20 §4: recognition steps, payments
    paid = base.summary.get("figures", {}).get("引进人才经费", {})
    if steps and (steps["初步申报（人）"]["total"] or steps["认定（人）"]["total"]):
        yin.append(
            f"人才认定初步申报 {_n(steps['初步申报（人）']['total'])} 人、认定 {_n(steps['认定（人）']['total'])} 人"
            + (
                f"；向引进人才发放经费 {paid['发放金额（元）']['total']:,.0f} 元"
                if paid and paid["发放金额（元）"]["total"]
                else ""
            )
            + "。"
        )

    times, hours = get("培训", "合计人次"), get("培训", "合计学时")
    training = (
        (
            f"组织教师培训 {_n(times)} 人次、{_n(hours)} 学时"
            + (
                f"，其中{_list([(lv, get('培训', f'{lv}人次')) for lv in annual.TRAINING_LEVELS], '人次')}"
                if times
                else ""
            )
            + "。"
        )
        if times is not None
        else "培训：数据库中没有培训记录，未统计。"
    )
    titles = get("职称晋升", "合计") or 0
    designations = get("骨干称号", "合计") or 0
    yu = [
        training,
        f"新结对青年教师 {_n(get('师徒结对', '新结对青年教师') or 0)} 名。",
        f"新认定骨干教师等称号 {_n(designations)} 人次"
        + (f"（{_list([(lv, get('骨干称号', lv)) for lv in annual.LEVELS], '人次')}）" if designations else "")
        + "。",
        f"职称晋升 {_n(titles)} 人"
        + (f"，其中{_list([(t, get('职称晋升', t)) for t in annual.TITLES], '人')}" if titles else "")
        + "。",
    ]
    acts = base.summary.get("figures", {}).get("教师活动", {})  # issue 21 §1: register, pairings, studios
    if acts:
        held, times = acts["合计"]["total"], acts["参加人次"]["total"]
        top = sorted(
            ((k, v["total"]) for k, v in base.summary["figures"].get("教师活动（按类别）", {}).items() if v["total"]),
            key=lambda kv: -kv[1],
        )[:4]
        yu.append(
            f"开展送教下乡、联片教研、公开课、师德教育等教师活动 {_n(held)} 次、{_n(times)} 人次"
            + (f"，其中{_list(top, '次')}" if top else "")
            + "。"
        )
    pairs = base.summary.get("figures", {}).get("学校结对", {})  # issue 21 §3: school pairings
    if pairs and pairs["结对数（期间内有效）"]["total"]:
        yu.append(
            f"城乡学校结对、教共体等学校结对 {_n(pairs['结对数（期间内有效）']['total'])} 个，"
            f"覆盖学校 {_n(pairs['结对学校（所）']['total'])} 所，结对学校间交流教师 "
            f"{_n(pairs['交流教师（人）']['total'])} 人次，开展结对活动 {_n(pairs['结对活动（次）']['total'])} 次。"
        )
    contests = base.summary.get("figures", {}).get(competition_report.CATEGORY)  # issue 21 §2
    said = competition_report.sentence(contests) if contests else None
    if said:
        yu.append(said)
    said = role_report.sentence(base.summary.get("figures", {}))  # issue 21 §4: research roles and studios
    if said:
        yu.append(said)
    projects = base.summary.get("figures", {}).get(research_report.CATEGORY)  # issue 21 §5: 课题
    said = research_report.sentence(projects) if projects else None
    if said:
        yu.append(said)

    honours = get("荣誉表彰", "合计") or 0
    leaves = get("人员减少", "合计") or 0
    at_end = stock.get(("队伍总量", "年末在岗教师"))
    tops = _list(
        [(t.replace("教师", ""), stock.get(("队伍总量", f"其中{t}"))) for t in ("正高级教师", "高级教师")], "名"
    )
    leave_items = [(k, get("人员减少", k)) for k in (*annual.LEAVE_KINDS, "其他")]
    named = _list(list(honour_names(base).items()), "人次")
    liu = [
        f"表彰教师 {_n(honours)} 人次"
        + (f"（{_list([(lv, get('荣誉表彰', lv)) for lv in annual.LEVELS], '人次')}）" if honours else "")
        + (f"，其中{named}" if named else "")
        + "。",
        f"期末在岗教师 {_n(at_end)} 名" + (f"，其中{tops}" if tops else "") + "。",
        f"期间减少教师 {_n(leaves)} 名" + (f"（{_list(leave_items, '名')}）" if leaves else "") + "。",
    ]

    exchanged = get("交流轮岗", "合计人次") or 0
    kinds = [k for (cat, k) in f if cat == "交流轮岗" and k != "合计人次"]
    promoted = get("提拔任用", "后备干部任用为学校领导")
    yong = [
        f"交流轮岗、支教等 {_n(exchanged)} 人次"
        + (f"（{_list([(k, get('交流轮岗', k)) for k in kinds], '人次')}）" if exchanged else "")
        + "。",
        f"校际调动（调配）教师 {_n(get('调配', '校际调动（编制学校变更）') or 0)} 人次。",
    ]
    raised = get("提拔任用", "合计") or 0
    posts = [(c, get("提拔任用", c)) for c in leaders.PROMOTION_CATEGORIES]
    yong.append(  # issue 20 §1: from the post records, whether or not through the reserve pool
        f"提拔任用学校领导和中层 {_n(raised)} 人次" + (f"（{_list(posts, '名')}）" if raised else "") + "。"
    )
    if promoted is not None:
        yong.append(f"后备干部任用为学校领导 {_n(promoted)} 名。")

    sections = [("一、引才", yin), ("二、育才", yu), ("三、留才", liu), ("四、用才", yong)]
    notes = ["本稿的数字与按同一期间生成的“年度人才工作统计”相同，请核对后修改文字。", *base.notes]
    return Report(
        title=f"{period.label}教师队伍建设工作总结（数据稿）",
        parts=base.parts,
        notes=notes,
        summary={**base.summary, "sections": {h: ps for h, ps in sections}},
        period_label=period.label,
        sections=sections,
    )
