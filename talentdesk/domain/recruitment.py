"""Rules of recruitment and talent work (引、留), pure Python: staffing gaps by ratio, subject
shortages by curriculum periods, retirements, the proposed hiring plan, service-obligation dates
and states, talent benefits and the rural teacher living subsidy. Numbers come from Policy.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass, field

from talentdesk.domain.dates import PartialDate
from talentdesk.domain.policy import Policy

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
    "本地生源回归",
    "其他",
)
# channel → (employment form, 教职工来源) of the teacher an admitted candidate becomes
CHANNEL_FORM = {"特岗计划": "特岗", "银龄讲学": "银龄讲学", "柔性引进": "柔性引进"}
CHANNEL_SOURCE = {
    "特岗计划": "特岗计划",
    "公费师范生": "公费师范生",
    "优师计划": "优师计划",
    "人才引进": "人才引进",
    "选调": "选调",
    "银龄讲学": "银龄讲学",
    "柔性引进": "柔性引进",
    "公开招聘": "公开招聘",
    "本地生源回归": "公开招聘",
    "校园招聘": "校园招聘",
    "定向招聘": "定向招聘",
    "退役军人安置": "退役军人安置",
}
OBLIGATION_KINDS = ("公费师范生", "优师计划", "特岗计划")  # keys of Policy.obligation_years
CANDIDATE_STATUS = ("报名", "拟录用", "已录用", "放弃")
PLAN_STATUS = ("草稿", "已报批", "已批准")

# obligation states
OB_SERVING = "服务中"
OB_DONE = "已期满"
OB_DUE_CONVERSION = "期满待转编"
OB_CONVERTED = "已转编"
OB_BREACH = "违约"
OB_STATES = (OB_SERVING, OB_DONE, OB_DUE_CONVERSION, OB_CONVERTED, OB_BREACH)
CONVERTING_KIND = "特岗计划"

TALENT_KINDS = ("高层次人才认定", "国务院特殊津贴", "省政府特殊津贴")
TALENT_CATEGORIES = ("A", "B", "C", "D", "E")
AGREEMENT_KINDS = ("银龄讲学", "柔性引进")
SERVICE_KINDS = ("人才子女入学", "青年教师公寓", "周转房", "购房补贴")
SERVICE_STATUS = ("已申请", "办理中", "已办结", "未通过")
CONTACT_KINDS = ("座谈会", "电话", "走访", "微信", "其他")
INTENTIONS = ("有意向", "待定", "无意向")
ETHICS_KINDS = ("师德考核", "表彰", "违规处理")
ETHICS_RESULTS = ("优秀", "合格", "基本合格", "不合格")

# university majors → the subject they teach (for the local-student pool); first match wins
MAJOR_SUBJECT = (
    ("汉语言", "语文"),
    ("中文", "语文"),
    ("语文", "语文"),
    ("数学", "数学"),
    ("英语", "英语"),
    ("物理", "物理"),
    ("化学", "化学"),
    ("生物", "生物"),
    ("思想政治", "政治"),
    ("政治", "政治"),
    ("历史", "历史"),
    ("地理", "地理"),
    ("科学教育", "科学"),
    ("体育", "体育"),
    ("音乐", "音乐"),
    ("舞蹈", "音乐"),
    ("美术", "美术"),
    ("绘画", "美术"),
    ("设计", "美术"),
    ("计算机", "信息技术"),
    ("信息", "信息技术"),
    ("心理", "心理健康"),
    ("学前", "学前教育"),
    ("特殊教育", "特殊教育"),
    ("小学教育", "语文"),
)


def subject_of_major(major: str | None) -> str | None:
    if not major:
        return None
    for key, subject in MAJOR_SUBJECT:
        if key in major:
            return subject
    return None


# ---------------------------------------------------------------- dates


def add_years(d: dt.date, years: int) -> dt.date:
    """Same day `years` later; 29 February becomes 1 March in a common year."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return dt.date(d.year + years, 3, 1)


def last_day(d: PartialDate) -> dt.date:
    """The last day a partial date can mean (2026-08 → 2026-08-31, 2026 → 2026-12-31)."""
    if d.day:
        return d.first_day()
    if d.month:
        return dt.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
    return dt.date(d.year, 12, 31)


def retirement_date(birth: dt.date, gender: str | None, policy: Policy) -> dt.date | None:
    """The day a teacher reaches the retirement age of Policy.retirement_age (None if unknown)."""
    age = policy.retirement_age.get(gender or "")
    if birth is None or age is None:
        return None
    return add_years(birth, int(age))


def obligation_end(start: PartialDate, years: int) -> PartialDate:
    """Last period of service: start + years, less one day (or one month, at month precision).

    2020-09-01 + 6 → 2026-08-31; 2020-09 + 6 → 2026-08; 2020 + 6 → 2025.
    """
    if start.day:
        end = add_years(start.first_day(), years) - dt.timedelta(days=1)
        return PartialDate.from_date(end)
    if start.month:
        y, m = start.year + years, start.month - 1
        if m == 0:
            y, m = y - 1, 12
        return PartialDate(y, m)
    return PartialDate(start.year + years - 1)


def obligation_state(kind: str, end: PartialDate | None, closed: str | None, today: dt.date) -> str:
    """服务中 until the last day of service; then 已期满, or 期满待转编 for 特岗 not yet converted.

    ``closed`` is what the clerk recorded (已转编 / 违约 / 已期满) and always wins.
    """
    if closed in (OB_CONVERTED, OB_BREACH, OB_DONE):
        return closed
    if end is None or today <= last_day(end):
        return OB_SERVING
    return OB_DUE_CONVERSION if kind == CONVERTING_KIND else OB_DONE


def due_in_year(end: PartialDate | None, state: str, year: int) -> bool:
    """Whose term ends in this calendar year (or ended and still awaits conversion)."""
    if end is None or state in (OB_CONVERTED, OB_BREACH):
        return False
    return end.year == year or state == OB_DUE_CONVERSION and end.year < year


# ---------------------------------------------------------------- staffing and the hiring plan


def staff_need(students: int | None, ratio: float | None) -> int:
    """Staff a stage needs at the ratio 教职工:学生 = 1:ratio (rounded up)."""
    if not students or not ratio:
        return 0
    return math.ceil(students / ratio - 1e-9)


def subject_need(classes: int | None, periods: float, load: float | None) -> float:
    """Teachers a subject needs: classes × weekly periods of the subject ÷ a teacher's weekly periods."""
    if not classes or not load:
        return 0.0
    return classes * periods / load


@dataclass
class StageFigures:
    """One school's stage: what the hiring plan needs to know."""

    school_id: int
    school: str
    stage: str
    students: int | None
    classes: int | None
    teachers: int  # serving teachers holding a post here in this stage
    by_subject: dict[str, int] = field(default_factory=dict)
    retiring: dict[int, int] = field(default_factory=dict)  # year → how many reach retirement age
    retiring_subject: dict[str, int] = field(default_factory=dict)  # in the plan year


@dataclass
class StageProposal:
    school_id: int
    school: str
    stage: str
    need: int
    teachers: int
    retiring: int  # in the plan year
    gap: int  # need − (teachers − retiring), may be negative (over staffed)
    proposed: int
    subjects: dict[str, int]  # proposed per subject
    shortage: dict[str, float]  # subject → need − have (positive: short)
    reason: str


def subject_shortage(fig: StageFigures, policy: Policy) -> dict[str, float]:
    """Subject → teachers needed by the curriculum minus teachers there (after this year's retirements)."""
    periods = policy.subject_periods.get(fig.stage, {})
    load = policy.teacher_weekly_periods.get(fig.stage)
    out = {}
    for subject, p in periods.items():
        need = subject_need(fig.classes, p, load)
        have = fig.by_subject.get(subject, 0) - fig.retiring_subject.get(subject, 0)
        out[subject] = round(need - have, 2)
    return out


def propose(fig: StageFigures, year: int, policy: Policy) -> StageProposal:
    """The proposal for one school stage: fill the staffing gap (ratio, after the plan year's
    retirements), one post at a time to the subject with the largest remaining shortage."""
    ratio = policy.staff_ratio.get(fig.stage)
    need = staff_need(fig.students, ratio)
    retiring = fig.retiring.get(year, 0)
    gap = need - (fig.teachers - retiring)
    shortage = subject_shortage(fig, policy)
    remaining = dict(shortage)
    subjects: dict[str, int] = {}
    order = list(remaining)
    for _ in range(max(gap, 0)):
        if not remaining:
            subjects["不限学科"] = subjects.get("不限学科", 0) + 1
            continue
        best = max(order, key=lambda s: (remaining[s], -order.index(s)))
        subjects[best] = subjects.get(best, 0) + 1
        remaining[best] -= 1
    ratio_text = f"1:{ratio:g}" if ratio else "未设"
    parts = [f"{fig.stage}学生 {fig.students or 0} 人，按 {ratio_text} 需 {need} 人，现有 {fig.teachers} 人"]
    if retiring:
        parts.append(f"{year}年退休 {retiring} 人")
    parts.append(f"缺 {gap} 人" if gap > 0 else "不缺编" if gap == 0 else f"超编 {-gap} 人")
    short = [f"{s}{v:g}" for s, v in sorted(shortage.items(), key=lambda x: -x[1]) if v >= 0.5]
    if short:
        parts.append("学科缺口：" + "、".join(short[:5]))
    return StageProposal(
        fig.school_id,
        fig.school,
        fig.stage,
        need,
        fig.teachers,
        retiring,
        gap,
        max(gap, 0),
        subjects,
        shortage,
        "；".join(parts),
    )


# ---------------------------------------------------------------- talent benefits


@dataclass(frozen=True)
class Benefit:
    item: str
    amount: float | None  # yuan; None for a service
    per_month: bool = False

    def text(self) -> str:
        if self.amount is None:
            return self.item
        return f"{self.item}{'每月' if self.per_month else ''} {self.amount:,.0f} 元"


def talent_benefits(kind: str, category: str | None, policy: Policy) -> list[Benefit]:
    """What a recognition brings under the bureau's policy (amounts from Policy)."""
    out: list[Benefit] = []
    if kind == "高层次人才认定" and category:
        monthly = policy.talent_monthly_allowance.get(category)
        grant = policy.talent_settling_grant.get(category)
        if monthly:
            out.append(Benefit("人才津贴", monthly, True))
        if grant:
            out.append(Benefit("一次性安家补贴", grant))
        if category in policy.talent_service_categories:
            out += [Benefit("子女入学优先安排", None), Benefit("优先安排人才公寓", None)]
    elif kind in policy.special_allowance:
        out.append(Benefit(f"{kind}（一次性）", policy.special_allowance[kind]))
    return out


def agreement_benefits(monthly_pay: float | None) -> list[Benefit]:
    return [Benefit("协议报酬", monthly_pay, True)] if monthly_pay else []


# ---------------------------------------------------------------- rural teacher living subsidy


@dataclass(frozen=True)
class Span:
    """A stretch of days at one school: the post school (kind "post") or a placement ("placement")."""

    school_id: int
    start: dt.date | None
    end: dt.date | None  # inclusive
    kind: str = "post"


def month_days(year: int, month: int) -> list[dt.date]:
    n = calendar.monthrange(year, month)[1]
    return [dt.date(year, month, d) for d in range(1, n + 1)]


def school_on(day: dt.date, spans: list[Span]) -> int | None:
    """Where the teacher works that day: an active placement wins over the post; of two posts
    (a move within the month at month precision) the later start wins."""
    best = None
    for s in spans:
        if (s.start is None or s.start <= day) and (s.end is None or day <= s.end):
            key = (s.kind == "placement", s.start or dt.date.min)
            if best is None or key > best[0]:
                best = (key, s.school_id)
    return best[1] if best else None


def monthly_subsidy(
    spans: list[Span],
    tiers: dict[int, str],
    amounts: dict[str, float],
    year: int,
    month: int,
    last_working_day: dt.date | None = None,
) -> tuple[float, dict[int, int]]:
    """Subsidy for one month, pro rata by the days worked at each school with a tier.

    Returns (amount in yuan rounded to fen, {school id: days}). Days after ``last_working_day``
    (retired, transferred out) are not paid.
    """
    days = month_days(year, month)
    per_school: dict[int, int] = {}
    for d in days:
        if last_working_day is not None and d > last_working_day:
            break
        sid = school_on(d, spans)
        if sid is not None:
            per_school[sid] = per_school.get(sid, 0) + 1
    total = 0.0
    for sid, n in per_school.items():
        amount = amounts.get(tiers.get(sid, ""), 0) or 0
        total += amount * n / len(days)
    return round(total + 1e-9, 2), per_school


def span_dates(start: PartialDate | None, end: PartialDate | None) -> tuple[dt.date | None, dt.date | None]:
    """A record's first and last day (a month-precision end means the whole month)."""
    return (start.first_day() if start else None, last_day(end) if end else None)
