"""The 人才数据月报 as the bureau sends it upward (issue 18 §5), beside the month's figures (reports.monthly):

二、月末队伍构成 — the serving teachers at the month end by 学段, 学历, 职称, 年龄段 and 用人形式;
三、高层次人才 — 名优教师 (talent_tiers.famous) and 正高级/高级 at the month end, and the key talents who left
    in the month (骨干 and above, 正高级, 高级), by reason;
四、预警指标 — the 流失预警 rules' flags among the serving teachers of the scope, and the month's losses;
signed by 单位负责人 / 填表人 with 联系电话 and 报出日期 and a stamp area, the same in PDF and Excel."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter

from sqlalchemy import select

from talentdesk.domain import attrition, codes
from talentdesk.domain.dates import age_on
from talentdesk.reports import ReportTable
from talentdesk.reports import events as E
from talentdesk.reports import monthly_indicators as K
from talentdesk.reports.structure import AGE, age_band, degree_group, stage_group, title_group
from talentdesk.store.models import Designation, School, Teacher, TitleRecord

SIGNATURES = ("单位负责人", "填表人", "联系电话", "报出日期")
STAMP = "（单位盖章）"
HEADERS = ("类别", "项目", "人数", "占在岗比例")
STAGES = ("幼儿园", "小学", "初中", "高中", "中职", "其他")
TITLES = ("正高级", "高级", "一级", "二级", "三级", "未定级")
KEY_TITLES = ("正高级教师", "高级教师")


def _share(n: int, of: int) -> str:
    return f"{n / of:.1%}" if of else "—"


def month_end(month: tuple[int, int]) -> dt.date:
    return dt.date(month[0], month[1], calendar.monthrange(*month)[1])


# printed in the notes: the form must not let a past month's composition pass for that month's records
COMPOSITION_NOTE = "在岗人数按月末计；学段、学历、职称按教师档案中的现值统计（不是当月的值），年龄按月末计算。"


def _grouped(title: str, groups: list[tuple[str, list[str], Counter]], total: int) -> ReportTable:
    rows: list[tuple] = [("在岗教师", "合计", total, _share(total, total))]
    for label, order, counts in groups:
        seen = [k for k in order if counts.get(k)] + sorted(k for k in counts if k not in order)
        rows += [(label, k, counts[k], _share(counts[k], total)) for k in seen]
    return ReportTable(title, HEADERS, rows, (12, 26, 10, 12), emphasis=frozenset({0}))


def composition(s, ev: E.Events, month: tuple[int, int], label: str) -> tuple[ReportTable, list[int]]:
    """二、月末队伍构成 and the serving teachers it counts. 学段/学历/职称 are the teachers' current ones (the
    history of each is not dated finely enough to count them month by month); age at the month end."""
    stock = [tid for tid in ev.teachers if E.in_stock(ev, tid, month)]
    end = month_end(month)
    facts = {}
    ids = set(stock)
    for tid, stage, degree, title, birth, form in s.execute(
        select(
            Teacher.id,
            Teacher.cur_stage,
            Teacher.cur_degree,
            Teacher.cur_title,
            Teacher.birth_date,
            Teacher.employment_form,
        )
    ):
        if tid in ids:
            facts[tid] = (stage, degree, title, birth, form)
    stages: Counter[str] = Counter()
    degrees: Counter[str] = Counter()
    titles: Counter[str] = Counter()
    ages: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    for tid in stock:
        stage, degree, title, birth, form = facts.get(tid, (None,) * 5)
        stages[stage_group(stage)] += 1
        degrees[degree_group(degree)] += 1
        titles[title_group(title)] += 1
        ages[age_band(age_on(birth, end) if birth else None)] += 1
        forms[form or "未填"] += 1
    groups = [
        ("学段", list(STAGES), stages),
        ("学历", ["研究生", "本科", "专科", "专科以下", "未填"], degrees),
        ("职称", list(TITLES), titles),
        ("年龄段", [*AGE, "未知"], ages),
        ("用人形式", [*codes.EMPLOYMENT_FORM.labels, "未填"], forms),
    ]
    return _grouped(f"二、月末队伍构成（{label}末）", groups, len(stock)), stock


def key_losses(ev: E.Events, month: tuple[int, int], policy) -> list[int]:
    """The key talents (Policy.key_talent_*) who left in the month, not by retirement or death."""
    return sorted(
        {
            tid
            for tid, kind, when, _r, _d, _p, degree, title, levels in ev.leavers
            if when == month
            and kind not in attrition.NOT_LOSSES
            and attrition.is_key_talent(degree, title, levels, policy)
        }
    )


def talents(s, ev: E.Events, month: tuple[int, int], stock: list[int], policy) -> ReportTable:
    """三、高层次人才: 名优教师 and 正高级/高级 at the month end, key talents who left in the month by reason."""
    from talentdesk.reports.talent_tiers import famous
    from talentdesk.services.cultivation.tiers import ladder

    serving, tiers, top = ladder(s, month_end(month), None)
    in_stock = set(stock)
    tiers = {t: v for t, v in tiers.items() if t in in_stock}
    top = top & in_stock
    best: dict[int, str] = {}
    for tid, title in s.execute(
        select(TitleRecord.teacher_id, TitleRecord.title).where(TitleRecord.title.in_(KEY_TITLES))
    ):
        if title == KEY_TITLES[0] or tid not in best:
            best[tid] = title
    total = len(stock)
    named = famous(tiers, top, policy)
    rows: list[tuple] = [("月末在岗", "名优教师（骨干及以上、正高级）", len(named), _share(len(named), total))]
    for t in KEY_TITLES:
        n = sum(1 for tid in stock if best.get(tid) == t)
        rows.append(("月末在岗", t, n, _share(n, total)))
    backbone = {
        tid
        for tid, kind, level in s.execute(select(Designation.teacher_id, Designation.kind, Designation.level))
        if codes.is_backbone_kind(kind)
    }
    left = [
        tid
        for tid, (status, when, _src, _form) in ev.teachers.items()
        if status != codes.ACTIVE_STATUS and when == month
    ]
    key_left = [tid for tid in left if tid in backbone or tid in best]
    rows.append(("本月流失", "骨干教师及以上、高级及以上职称教师", len(key_left), _share(len(key_left), total)))
    for reason, n in sorted(Counter(ev.teachers[t][0] for t in key_left).items()):
        rows.append(("本月流失", f"其中{reason}", n, _share(n, total)))
    key_talent = key_losses(ev, month, policy)
    rows.append(("本月流失", "关键人才流失（不含退休、去世）", len(key_talent), _share(len(key_talent), total)))
    return ReportTable(
        "三、高层次人才与骨干流失",
        HEADERS,
        rows,
        (12, 30, 10, 12),
        emphasis=frozenset(i for i, r in enumerate(rows) if not r[1].startswith("其中")),
    )


def flagged_at(db, s, month: tuple[int, int], policy, school_ids) -> list[tuple]:
    """The watch list (services.deployment.attrition rows) of the scope at the month end (or today)."""
    from talentdesk.services.deployment import attrition

    names = set(s.scalars(select(School.name).where(School.id.in_(school_ids)))) if school_ids is not None else None
    end = min(month_end(month), dt.date.today())
    return [r for r in attrition.watch_list(db, end, policy) if names is None or r[3] in names]


def term_reminders(db, s, end: dt.date, school_ids) -> list[dict]:
    """The talent-term reminders (services.recruitment.recognition.reminders) at END of the scope's teachers."""
    from talentdesk.services.recruitment import recognition

    due = recognition.reminders(db, end)
    if school_ids is None:
        return due
    mine = set(s.scalars(select(Teacher.id).where(Teacher.cur_post_school_id.in_(school_ids))))
    return [r for r in due if r["teacher_id"] in mine]


def warnings(db, s, stock: list[int], month: tuple[int, int], policy, school_ids, flagged=None) -> ReportTable:
    """四、预警指标: serving teachers of the scope flagged by each enabled 流失预警 rule at the month end."""
    end = min(month_end(month), dt.date.today())
    if flagged is None:
        flagged = flagged_at(db, s, month, policy, school_ids)
    by_rule: Counter = Counter()
    for r in flagged:
        for rule in str(r[8]).replace("，", "、").split("、"):
            if rule.strip():
                by_rule[rule.strip()] += 1
    total = len(stock)
    rows: list[tuple] = [("流失预警", "预警名单人数（至少触发一条规则）", len(flagged), _share(len(flagged), total))]
    rows += [
        ("流失预警", f"其中{rule}", n, _share(n, total)) for rule, n in sorted(by_rule.items(), key=lambda x: -x[1])
    ]
    from talentdesk.services.deployment import responses

    n = responses.counts(db, month, month, end, school_ids)
    rows += [
        ("管理响应", "本月记录的响应（谈话）", n["recorded"], _share(n["recorded"], total)),
        ("管理响应", "未结案件（跟进中，月末）", n["open"], _share(n["open"], total)),
        ("管理响应", "其中逾期未跟进", n["overdue"], _share(n["overdue"], total)),
    ]
    terms = term_reminders(db, s, end, school_ids)
    rows += [
        (
            "人才待遇",
            f"引进人才协议、认定期满提醒（{policy.talent_term_reminder_days}天内）",
            len(terms),
            _share(len(terms), total),
        ),
    ]
    return ReportTable(
        "四、预警指标",
        HEADERS,
        rows,
        (12, 30, 10, 12),
        emphasis=frozenset(
            {0} | {i for i, r in enumerate(rows) if r[0] in ("管理响应", "人才待遇") and not r[1].startswith("其中")}
        ),
        note="预警规则可在“交流轮岗 → 流失预警”页编辑；名单为统计范围内在岗教师，按月末（或今天）判断。"
        "管理响应按谈话日期计入月份；未结案件按每名教师最近一次响应（月末前）是否仍为“跟进中”，跟进日期已过为逾期。"
        "期满提醒为月末（或今天）起在提醒天数内期满的引进人才协议和有期限的人才认定，"
        "名单见“招聘引才 → 人才认定与待遇”。",
    )


def indicator_figures(db, s, ev: E.Events, month: tuple[int, int], policy, school_ids, stock: int, flagged=None):
    """What 五、重点指标 is computed from, for the scope of SCHOOL_IDS (EV loaded for it)."""
    from talentdesk.services.deployment import responses

    end = min(month_end(month), dt.date.today())
    rural_left, rural_stock = K.rural_figures(s, ev, month, policy)
    return K.Figures(
        stock=stock,
        key_losses=key_losses(ev, month, policy),
        rural_losses=rural_left,
        rural_stock=rural_stock,
        flagged=flagged if flagged is not None else flagged_at(db, s, month, policy, school_ids),
        overdue=responses.overdue(db, end, school_ids),
    )


def parts(db, params, ev: E.Events, month: tuple[int, int], label: str, school_ids) -> list[ReportTable]:
    policy = params.rules
    with db.sessions() as s:
        comp, stock = composition(s, ev, month, label)
        flagged = flagged_at(db, s, month, policy, school_ids)
        figures = indicator_figures(db, s, ev, month, policy, school_ids, len(stock), flagged)
        out = [
            comp,
            talents(s, ev, month, stock, policy),
            warnings(db, s, stock, month, policy, school_ids, flagged),
            K.table(figures, policy),
            K.detail(s, figures, policy),
        ]
    return out
