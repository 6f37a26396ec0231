"""Cultivation rules (育): mentor pairing checks, suggested pairings as an optimal assignment,
training cycles and hours, the talent ladder. Pure Python over plain data (no SQL, no Qt);
every number comes from a Policy or a programme's own rules.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from talentdesk.domain import codes
from talentdesk.domain.dates import PartialDate
from talentdesk.domain.policy import Policy

PAIRING_STATUS = ("进行中", "期满", "提前终止")
ACTIVE = "进行中"
EVALUATION = ("优秀", "合格", "不合格")
ACTIVITY_KINDS = ("公开课", "示范课", "听课评课", "集体备课", "送教下乡", "教学反思", "课题研究", "其他")
STUDIO_KINDS = ("名师工作室", "名校长工作室", "名班主任工作室", "教研工作坊", "工作站")  # issue 21 §4: the last two
STUDIO_LEVELS = ("国家级", "省级", "市级", "县级", "校级")  # 校级: a school's 二级工作室 (issue 21 §4)
STUDIO_ROLES = ("主持人", "成员", "培养对象", "助理")
STUDIO_RECORD_KINDS = ("研修活动", "公开课", "送教下乡", "讲座", "课题", "论文", "获奖", "其他成果")
STUDIO_OUTCOMES = ("课题", "论文", "获奖", "公开课")
COURSE_LEVELS = ("国培", "省培", "市培", "县培", "校本")
COURSE_FORMS = ("集中", "网络", "混合")
TRAINING_RESULTS = ("合格", "优秀", "不合格", "未完成")
RESERVE_POOLS = ("后备干部", "后备名师")
RESERVE_STATUS = ("在库", "已任用", "已退出")
# the growth ladder (designation kinds in order), then the 正高级 title on top
LADDER = codes.LADDER_KINDS  # 名校长/名班主任 are designations off the ladder
TOP_TITLE = "正高级教师"


# ------------------------------------------------------------------ people as the rules see them


@dataclass(frozen=True)
class Person:
    """What the pairing rules need to know about a teacher (plain data from the services)."""

    id: int
    name: str
    subject: str | None = None
    stage: str | None = None
    title: str | None = None
    backbone_kind: str | None = None  # current designation, e.g. 骨干教师
    backbone_level: str | None = None  # e.g. 县级
    years: int | None = None  # years of service
    school_id: int | None = None
    school: str | None = None
    township: str | None = None
    area: str | None = None  # 城区/镇区/乡村
    active_mentees: int = 0
    status: str = "在岗"

    @property
    def title_rank(self) -> int:
        return codes.TITLE.rank(self.title)

    @property
    def backbone_rank(self) -> tuple[int, int]:
        """(designation rank, level rank); (-1, -1) without a current designation."""
        if not self.backbone_kind:
            return (-1, -1)
        return (codes.DESIGNATION.rank(self.backbone_kind), codes.LEVEL.rank(self.backbone_level))

    @property
    def backbone(self) -> str:
        return f"{self.backbone_level or ''}{self.backbone_kind}" if self.backbone_kind else ""


def years_of_service(work_start: PartialDate | None, today: _dt.date) -> int | None:
    """Completed years since 参加工作 (a year-month counts from that month; a bare year from January)."""
    if work_start is None:
        return None
    months = (today.year - work_start.year) * 12 + today.month - (work_start.month or 1)
    return max(months // 12, 0)


def is_young(p: Person, max_years: int) -> bool:
    return p.years is not None and p.years <= max_years


# ------------------------------------------------------------------ checks of one pairing


@dataclass
class Check:
    errors: list[str] = field(default_factory=list)  # refuse
    warnings: list[str] = field(default_factory=list)  # tell the clerk, allow

    @property
    def ok(self) -> bool:
        return not self.errors


def check_pairing(
    mentor: Person,
    mentee: Person,
    *,
    active_pairs: set[tuple[int, int]],
    max_mentees: int,
    mentee_max_years: int,
    subject: str | None = None,
    stage: str | None = None,
) -> Check:
    """Rules for a new (or edited) active pairing. ``active_pairs``: (mentor, mentee) of the other active
    pairings; ``mentor.active_mentees`` counts them for the mentor (without this one)."""
    c = Check()
    if mentor.id == mentee.id:
        c.errors.append(f"导师和青年教师不能是同一人（{mentor.name}）")
        return c
    if (mentor.id, mentee.id) in active_pairs:
        c.errors.append(f"{mentor.name} 与 {mentee.name} 已有一对进行中的结对，不能重复结对")
    if (mentee.id, mentor.id) in active_pairs:
        c.errors.append(f"{mentee.name} 正在担任 {mentor.name} 的导师，不能反向结对")
    if mentor.active_mentees >= max_mentees:
        c.warnings.append(
            f"导师 {mentor.name} 已带徒 {mentor.active_mentees} 人，达到或超过每名导师上限 {max_mentees} 人"
        )
    subj = subject or mentee.subject
    if mentor.subject and subj and mentor.subject != subj:
        c.warnings.append(f"学科不同：导师任教{mentor.subject}，结对学科为{subj}")
    stg = stage or mentee.stage
    if mentor.stage and stg and mentor.stage != stg:
        c.warnings.append(f"学段不同：导师在{mentor.stage}任教，青年教师在{stg}")
    if mentor.backbone_rank < mentee.backbone_rank:
        c.warnings.append(f"导师的骨干称号（{mentor.backbone or '无'}）低于青年教师（{mentee.backbone}）")
    if mentor.title_rank >= 0 and mentee.title_rank > mentor.title_rank:
        c.warnings.append(f"导师的职称（{mentor.title}）低于青年教师（{mentee.title}）")
    if mentee.years is not None and mentee.years > mentee_max_years:
        c.warnings.append(f"{mentee.name} 教龄 {mentee.years} 年，超过青年教师教龄上限 {mentee_max_years} 年")
    if mentor.status != "在岗":
        c.errors.append(f"导师 {mentor.name} 当前状态为“{mentor.status}”，不能结对")
    if mentee.status != "在岗":
        c.errors.append(f"青年教师 {mentee.name} 当前状态为“{mentee.status}”，不能结对")
    return c


# ------------------------------------------------------------------ suggested pairings


@dataclass(frozen=True)
class Weights:
    """Preferences of the assignment (scores; a pairing is worth BASE, so more pairs always win)."""

    base: int = 1000
    same_township: int = 60
    same_school: int = 20
    per_backbone_rank: int = 12  # per step of 教坛新秀 → 特级教师
    per_level_rank: int = 6  # per step of 校级 → 国家级
    per_title_rank: int = 5
    urban_for_rural: int = 10  # an urban mentor for a town/village teacher (城乡帮扶)
    per_mentee_load: int = 15  # each mentee the mentor already has (or is given by this proposal)


def is_mentor_candidate(p: Person, policy: Policy) -> bool:
    """Experienced (years), or a backbone teacher, with a title at least the policy's minimum."""
    if p.status != "在岗" or p.years is None:
        return False
    if p.years < policy.mentor_min_years and p.backbone_rank[0] < 0:
        return False
    return p.title_rank >= codes.TITLE.rank(policy.mentor_min_title) or p.backbone_rank[0] >= 0


def feasible(mentor: Person, mentee: Person) -> bool:
    return (
        mentor.id != mentee.id
        and bool(mentee.subject)
        and mentor.subject == mentee.subject
        and mentor.stage == mentee.stage
    )


def pair_score(mentor: Person, mentee: Person, w: Weights) -> tuple[int, list[str]]:
    """Score of a mentor for a mentee (without load) and the reasons in Chinese."""
    score, why = w.base, [f"同学段同学科（{mentee.stage}{mentee.subject}）"]
    if mentor.township and mentor.township == mentee.township:
        score += w.same_township
        if mentor.school_id is not None and mentor.school_id == mentee.school_id:
            score += w.same_school
            why.append(f"同校（{mentor.school}）")
        else:
            why.append(f"同乡镇（{mentor.township}）")
    else:
        why.append(f"跨乡镇：导师在{mentor.township or '未填乡镇'}{mentor.school or ''}")
    k, lvl = mentor.backbone_rank
    if k >= 0:
        score += k * w.per_backbone_rank + max(lvl, 0) * w.per_level_rank
        why.append(f"导师为{mentor.backbone}")
    if mentor.title_rank > 0:
        score += mentor.title_rank * w.per_title_rank
        why.append(f"{mentor.title}")
    if mentor.years is not None:
        why.append(f"教龄{mentor.years}年")
    if mentor.area == "城区" and mentee.area in ("镇区", "乡村"):
        score += w.urban_for_rural
        why.append("城区教师帮扶乡镇学校")
    return score, why


@dataclass
class Proposal:
    mentee: Person
    mentor: Person
    score: int
    reasons: list[str]
    slot: int  # 0 = the mentor's first new mentee in this proposal

    @property
    def explanation(self) -> str:
        return "；".join(self.reasons)


@dataclass
class Suggestion:
    proposals: list[Proposal]
    unmatched: list[tuple[Person, str]]  # mentee, why no mentor was found
    total_score: int


def suggest(
    mentees: list[Person], mentors: list[Person], max_mentees: int, weights: Weights | None = None
) -> Suggestion:
    """Optimal assignment of mentors to mentees (scipy.optimize.linear_sum_assignment).

    Each mentor is expanded into ``max_mentees - active_mentees`` slots; the k-th slot costs
    ``per_mentee_load`` more per mentee the mentor would then have, so load is spread. A dummy
    column per mentee (score 0) stands for "no mentor"; pairs of a different subject or stage are
    not allowed. The total score is maximised; because every pair is worth ``base``, the number
    of pairs is maximised first.
    """
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    w = weights or Weights()
    mentee_ids = {m.id for m in mentees}
    slots: list[tuple[Person, int]] = []
    for t in mentors:
        if t.id in mentee_ids:
            continue
        for k in range(max(max_mentees - t.active_mentees, 0)):
            slots.append((t, k))
    n, m = len(mentees), len(slots)
    if n == 0:
        return Suggestion([], [], 0)
    forbidden = 10**9
    cost = np.full((n, m + n), forbidden, dtype=np.int64)
    base_scores: dict[tuple[int, int], tuple[int, list[str]]] = {}
    by_group: dict[tuple[object, ...], list[int]] = {}
    for j, (t, _k) in enumerate(slots):
        by_group.setdefault((t.stage, t.subject), []).append(j)
    for i, e in enumerate(mentees):
        cost[i, m + i] = 0  # stays without a mentor
        for j in by_group.get((e.stage, e.subject), ()):
            t, k = slots[j]
            if not feasible(t, e):
                continue
            key = (t.id, e.id)
            if key not in base_scores:
                base_scores[key] = pair_score(t, e, w)
            s = base_scores[key][0] - (t.active_mentees + k) * w.per_mentee_load
            cost[i, j] = -s
    rows, cols = linear_sum_assignment(cost)
    proposals, unmatched, total = [], [], 0
    for i, j in zip(rows, cols):
        e = mentees[i]
        if j >= m or cost[i, j] >= forbidden:
            unmatched.append((e, _why_unmatched(e, mentors, max_mentees)))
            continue
        t, k = slots[j]
        s, why = base_scores[(t.id, e.id)]
        load = t.active_mentees + k
        proposals.append(Proposal(e, t, s - load * w.per_mentee_load, why, k))
        total += s - load * w.per_mentee_load
    given: dict[int, int] = {}
    for p in proposals:
        given[p.mentor.id] = given.get(p.mentor.id, 0) + 1
    for p in proposals:
        p.reasons = [
            *p.reasons,
            f"导师现带徒{p.mentor.active_mentees}人，本次推荐{given[p.mentor.id]}人（上限{max_mentees}人）",
        ]
    # slot numbers in the order shown (per mentor 0, 1, …) for a stable display
    proposals.sort(key=lambda p: (p.mentee.school or "", p.mentee.name))
    return Suggestion(proposals, unmatched, total)


def _why_unmatched(e: Person, mentors: list[Person], max_mentees: int) -> str:
    if not e.subject or not e.stage:
        return "青年教师没有任教学科或学段，无法匹配导师"
    same = [t for t in mentors if feasible(t, e)]
    if not same:
        return f"范围内没有{e.stage}{e.subject}的导师人选"
    return f"{e.stage}{e.subject}的导师名额已用完（{len(same)} 名导师，每人上限 {max_mentees} 人）"


# ------------------------------------------------------------------ training cycle and hours


def cycle_of(year: int, policy: Policy) -> tuple[int, int]:
    """(first year, last year) of the training cycle that contains YEAR."""
    n = policy.training_cycle_years
    start = policy.training_cycle_start + ((year - policy.training_cycle_start) // n) * n
    return start, start + n - 1


def expected_hours(cycle_start: int, today: _dt.date, policy: Policy) -> float:
    """Hours a teacher should have by today in that cycle: pro rata by whole years begun, the full
    requirement once the cycle is over."""
    n = policy.training_cycle_years
    years = min(max(today.year - cycle_start + 1, 0), n)
    return policy.training_hours_per_cycle * years / n


@dataclass(frozen=True)
class HoursStanding:
    hours: float
    required: float  # for the whole cycle
    expected: float  # pro rata by today
    behind: bool  # below the pro-rata figure
    complete: bool  # requirement of the whole cycle met

    @property
    def label(self) -> str:
        if self.complete:
            return "已达标"
        return "进度落后" if self.behind else "按进度"


JOINERS_PRO_RATA, JOINERS_OUT = "按比例", "不计入"


def cycle_share(joined: _dt.date | None, cycle_start: int, policy: Policy) -> float | None:
    """The part of a cycle a teacher is answerable for: 1 when in service from its start, the months from joining
    to its end over its months for a teacher who joined within it (None under Policy.training_joiners 不计入),
    None for a teacher who joined after it (not in that cycle at all)."""
    months = policy.training_cycle_years * 12
    if joined is None or joined < _dt.date(cycle_start, 1, 1):
        return 1.0
    into = (joined.year - cycle_start) * 12 + joined.month - 1  # whole months of the cycle before joining
    if into >= months:
        return None
    if policy.training_joiners == JOINERS_OUT:
        return None
    return (months - into) / months


def standing(hours: float, cycle_start: int, today: _dt.date, policy: Policy, share: float = 1.0) -> HoursStanding:
    """Hours against the cycle's requirement and the pro-rata figure by today; a teacher who joined within the
    cycle (SHARE < 1) owes that share of the requirement, due by the cycle's end like everyone's."""
    required = float(policy.training_hours_per_cycle) * share
    expected = expected_hours(cycle_start, today, policy)
    if share < 1:
        elapsed = min(max((today.year - cycle_start) * 12 + today.month, 0), policy.training_cycle_years * 12)
        owed_from = policy.training_cycle_years * 12 * (1 - share)
        span = policy.training_cycle_years * 12 - owed_from
        expected = required * min(max((elapsed - owed_from) / span, 0.0), 1.0) if span else required
    return HoursStanding(
        round(hours, 1), round(required, 1), round(expected, 1), hours + 1e-9 < expected, hours + 1e-9 >= required
    )


# ------------------------------------------------------------------ talent ladder


def tier_of(designations: list[tuple[str, str]], title: str | None) -> tuple[str, str]:
    """(tier, level) from the current designations [(kind, level)] and title: the highest designation;
    正高级教师 counts above 特级教师 only when the teacher has no designation (it is a title, shown apart)."""
    best = None
    for kind, level in designations:
        key = (codes.DESIGNATION.rank(kind), codes.LEVEL.rank(level))
        if key[0] < 0:
            continue
        if best is None or key > best[0]:
            best = (key, kind, level)
    if best:
        return best[1], best[2]
    if title == TOP_TITLE:
        return TOP_TITLE, ""
    return "", ""


# ------------------------------------------------------------------ code lists of training (for imports and forms)

COURSE_LEVEL = codes.CodeList(
    "培训级别",
    [
        codes.Code("国培", aliases=("国培计划", "国家级", "国家级培训", "国家", "教育部")),
        codes.Code("省培", aliases=("省级", "省级培训", "省", "省培计划")),
        codes.Code("市培", aliases=("市级", "市级培训", "市", "地市级")),
        codes.Code("县培", aliases=("县级", "县级培训", "县", "区级", "县区级", "县（区）级")),
        codes.Code("校本", aliases=("校本培训", "校本研修", "校级", "校", "校本教研")),
    ],
)
COURSE_FORM = codes.CodeList(
    "培训形式",
    [
        codes.Code("集中", aliases=("集中培训", "面授", "线下", "脱产", "集中面授")),
        codes.Code("网络", aliases=("网络研修", "网络培训", "线上", "远程", "在线")),
        codes.Code("混合", aliases=("混合式", "线上线下", "线上线下结合", "混合研修")),
    ],
)
TRAINING_RESULT = codes.CodeList(
    "培训结果",
    [
        codes.Code("合格", aliases=("通过", "结业", "是", "已结业", "完成", "已完成", "合格结业")),
        codes.Code("优秀", aliases=("优秀学员", "优")),
        codes.Code("不合格", aliases=("未通过", "否", "不通过")),
        codes.Code("未完成", aliases=("未结业", "未参加", "缺训", "未完成学习")),
    ],
)
CREDITED_RESULTS = ("合格", "优秀")
