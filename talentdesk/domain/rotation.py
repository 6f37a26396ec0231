"""The rotation year (交流轮岗): who is eligible, each sending school's quota, and the proposed plan.

Pure rules over plain data; every number comes from domain.policy.Policy. The plan is an optimal
assignment (scipy.optimize.linear_sum_assignment) of eligible teachers to places, built so that
each sending school sends exactly its quota, at least its share of backbone teachers, backbone
teachers go where backbone teachers per 100 students are fewest and subjects go where they are lacking.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from talentdesk.domain.collation import sort_key
from talentdesk.domain.dates import age_on
from talentdesk.domain.deployment import full_years, months_between
from talentdesk.domain.policy import AGE_INCLUSIVE, HIGH_SCHOOLS_IN, Policy

EXCLUSION_REASONS = ("怀孕或哺乳期", "患重病", "两年内退休", "夫妻一方已在交流", "其他")


@dataclass
class Candidate:
    """What the rules need to know about one teacher."""

    id: int
    name: str
    gender: str | None
    birth: dt.date | None
    employment_form: str | None
    status: str
    school_id: int | None  # post school
    since: dt.date | None  # in this post school since
    stage: str | None = None
    subject: str | None = None
    title: str | None = None
    backbone: str | None = None  # e.g. "县级骨干教师" when a 县级+ backbone designation is active
    away: str | None = None  # an active placement, described ("支教：某某小学")
    exclusion: str | None = None  # the clerk's recorded reason


@dataclass
class Verdict:
    eligible: bool
    reasons: list[str]
    years: int | None
    age: int | None

    @property
    def text(self) -> str:
        return "；".join(self.reasons)


def check(c: Candidate, policy: Policy, on: dt.date) -> Verdict:
    """Eligibility on the rotation's reference date: the problems if any, else the facts that qualify."""
    problems: list[str] = []
    facts: list[str] = []
    if c.status != "在岗":
        return Verdict(False, [f"人员状态为“{c.status}”"], None, None)
    if not policy.rotation_forms.get(c.employment_form or "", 0):
        problems.append(f"用工形式为“{c.employment_form or '未填写'}”，不在交流范围")
    years = None
    if c.since is None:
        problems.append("没有进本校时间（编制学校记录缺开始日期）")
    else:
        years = full_years(c.since, on)
        months = months_between(c.since, on)
        need = policy.rotation_years_same_school
        if years < need:
            problems.append(f"在本校 {_years_text(months)}，不满 {need} 年")
        else:
            facts.append(f"在本校 {_years_text(months)}（{c.since.year}年{c.since.month}月起）")
    age = None
    if c.birth is None or c.gender not in policy.rotation_age_limit:
        problems.append("缺少出生日期或性别，无法判断年龄")
    else:
        age = age_on(c.birth, on)
        limit = policy.rotation_age_limit[c.gender]
        rule = age_rule_text(c.gender, limit, policy)
        if age_over_limit(age, limit, policy):
            problems.append(f"{c.gender}，{age} 周岁，超过年龄上限（{rule}）")
        else:
            facts.append(f"{c.gender}，{age} 周岁（{rule}）")
            retire = policy.retirement_age.get(c.gender)
            if retire is not None and retire - age <= policy.rotation_retire_within:
                problems.append(f"距退休不足 {policy.rotation_retire_within} 年")
    if c.stage == "高中" and policy.rotation_high_schools != HIGH_SCHOOLS_IN:
        problems.append("任教高中：交流轮岗针对义务教育学校（可在“设置”中让高中参加）")
    if c.away:
        problems.append(f"正在{c.away}")
    if c.exclusion:
        problems.append(f"已登记不参加：{c.exclusion}")
    if problems:
        return Verdict(False, problems, years, age)
    return Verdict(True, facts, years, age)


def age_over_limit(age: int, limit: int, policy: Policy) -> bool:
    """Whether an age (周岁) is past “{limit}周岁以下”: read with the number included (含本数, the default:
    a teacher of exactly 50 may still rotate) or excluded (须未满), as Policy.rotation_age_reading says."""
    return age > limit if policy.rotation_age_reading == AGE_INCLUSIVE else age >= limit


def age_rule_text(gender: str, limit: int, policy: Policy) -> str:
    if policy.rotation_age_reading == AGE_INCLUSIVE:
        return f"{gender}{limit}周岁以下，含{limit}周岁"
    return f"{gender}须未满{limit}周岁"


def _years_text(months: int) -> str:
    y, m = divmod(max(months, 0), 12)
    return f"{y} 年" + (f" {m} 个月" if m else "")


# ---------------------------------------------------------------- quotas


def quota(eligible: int, share: float) -> int:
    """At least ``share`` of the eligible teachers, rounded up (10 % of 11 → 2)."""
    return math.ceil(eligible * share - 1e-9) if eligible > 0 else 0


def backbone_need(rotated: int, share: float) -> int:
    return math.ceil(rotated * share - 1e-9) if rotated > 0 else 0


@dataclass
class SchoolQuota:
    school_id: int
    name: str
    eligible: int
    backbone_eligible: int
    quota: int
    rotated: int  # proposed or approved this year
    backbone_rotated: int
    backbone_need: int

    @property
    def short(self) -> int:
        """How many more teachers must rotate to meet the quota."""
        return max(0, self.quota - self.rotated)

    @property
    def backbone_short(self) -> int:
        return max(0, self.backbone_need - self.backbone_rotated)

    @property
    def backbone_lacking(self) -> int:
        """How many of the backbone teachers the share asks for the school does not have (eligible ones)."""
        return max(0, self.backbone_need - max(self.backbone_eligible, self.backbone_rotated))


def school_quota(
    school_id: int,
    name: str,
    eligible: int,
    backbone_eligible: int,
    rotated: int,
    backbone_rotated: int,
    policy: Policy,
) -> SchoolQuota:
    q = quota(eligible, policy.rotation_min_share)
    # the backbone share is of the school's exchange count; a school with too few backbone teachers shows the
    # shortfall (backbone_lacking) instead of a need capped to what it has
    need = backbone_need(max(q, rotated), policy.rotation_backbone_share)
    return SchoolQuota(school_id, name, eligible, backbone_eligible, q, rotated, backbone_rotated, need)


def county_quota(rows: list[SchoolQuota], policy: Policy) -> dict[str, Any]:
    """County totals: the sum of the schools' quotas, and backbone against the share of all rotated."""
    eligible = sum(r.eligible for r in rows)
    q = sum(r.quota for r in rows)
    rotated = sum(r.rotated for r in rows)
    bb = sum(r.backbone_rotated for r in rows)
    need = backbone_need(max(q, rotated), policy.rotation_backbone_share)
    return dict(
        eligible=eligible,
        quota=q,
        rotated=rotated,
        short=sum(r.short for r in rows),
        backbone_rotated=bb,
        backbone_need=need,
        backbone_short=max(0, need - bb),
        share=rotated / eligible if eligible else 0.0,
        backbone_share=bb / rotated if rotated else 0.0,
    )


# ---------------------------------------------------------------- the plan


@dataclass
class Receiver:
    """A school that receives teachers, with what it lacks."""

    id: int
    name: str
    stages: tuple[str, ...]
    students: int | None
    backbone: int  # 县级及以上骨干 working there
    subject_have: dict[tuple[str, str], int] = field(default_factory=dict)  # (stage, subject) → teachers
    subject_expected: dict[tuple[str, str], float] = field(default_factory=dict)  # by students, county ratio

    @property
    def backbone_per100(self) -> float | None:
        return self.backbone * 100 / self.students if self.students else None


@dataclass(frozen=True)
class Weights:
    """How much each goal counts in the plan (relative; the explanation names each one)."""

    backbone: float = 4.0  # a backbone teacher to the school with the fewest backbone per 100 students
    subject: float = 3.0  # a teacher of a subject the school lacks (full weight at a shortage of 2+)
    seniority: float = 1.0  # longer in the same school goes first (full weight at 20 years)
    crowding: float = 0.6  # each further teacher to the same school
    other_stage: float = 3.0  # teaching one stage lower or higher than now (高中→初中), per stage step
    base: float = 100.0


@dataclass
class Proposal:
    teacher_id: int
    from_school_id: int
    to_school_id: int
    score: float
    reason: str


class PlanError(ValueError):
    pass


def _shortage(r: Receiver, stage: str | None, subject: str | None) -> tuple[float, int, float]:
    key = (stage or "", subject or "")
    have = r.subject_have.get(key, 0)
    expected = r.subject_expected.get(key, 0.0)
    return max(0.0, expected - have), have, expected


def _prune(pool: list[tuple[Candidate, int]], q: int) -> list[tuple[Candidate, int]]:
    """Keep, per (stage, subject, backbone) group, the q longest-serving teachers.

    Exact: within a group the gain to every school differs only by the seniority term, so an optimal
    plan never sends a teacher while a longer-serving one of the same group stays.
    """
    groups: dict[tuple[object, ...], list[tuple[Candidate, int]]] = defaultdict(list)
    for c, years in pool:
        groups[(c.stage, c.subject, bool(c.backbone))].append((c, years))
    out = []
    for members in groups.values():
        members.sort(key=lambda m: (-min(m[1], 20), m[0].id))
        out += members[:q]
    return out


class Context:
    """What the gains of one plan are measured against: backbone per 100 students over the receivers."""

    def __init__(self, receivers: list[Receiver]):
        known = [r.backbone_per100 for r in receivers if r.backbone_per100 is not None]
        self.n = len(known)
        self.rank = {
            r.id: 1 + sum(1 for v in known if r.backbone_per100 is not None and v < r.backbone_per100)
            for r in receivers
        }

    def backbone_gain(self, r: Receiver) -> float:
        """By rank: 1 for the receiver with the fewest backbone per 100 students, 0 for the most."""
        if r.backbone_per100 is None or self.n <= 1:
            return 0.5
        return 1.0 - (self.rank[r.id] - 1) / (self.n - 1)


def pair_gain(c: Candidate, years: int, r: Receiver, ctx: Context, weights: Weights = Weights()) -> float:
    """How much sending teacher c to school r is worth (before crowding)."""
    gain = weights.seniority * min(years, 20) / 20
    if c.backbone:  # centred: backbone teachers are not preferred as such, only steered to where they are few
        gain += weights.backbone * (ctx.backbone_gain(r) - 0.5)
    stage = teaching_stage(c, r)
    gain -= weights.other_stage * stage_steps(c.stage, stage)
    short, _, _ = _shortage(r, stage, c.subject)
    return gain + weights.subject * min(short, 2.0) / 2.0


STAGE_ORDER = ("小学", "初中", "高中")


def stage_steps(a: str | None, b: str | None) -> int:
    if not a or not b or a == b or a not in STAGE_ORDER or b not in STAGE_ORDER:
        return 0
    return abs(STAGE_ORDER.index(a) - STAGE_ORDER.index(b))


def teaching_stage(c: Candidate, r: Receiver) -> str | None:
    """The stage the teacher would teach at r: the own stage if r has it, else the stage just below
    (a teacher qualified for a stage may teach below it, not above; 高中 → 小学 is too far)."""
    return stage_at(c.stage, r)


def stage_at(stage: str | None, r: Receiver) -> str | None:
    """The stage a teacher of STAGE would teach at r (see teaching_stage); None: r has no place for them."""
    if not stage or not r.stages or stage in r.stages:
        return stage
    if stage not in STAGE_ORDER or STAGE_ORDER.index(stage) == 0:
        return None
    below = STAGE_ORDER[STAGE_ORDER.index(stage) - 1]
    return below if below in r.stages else None


def places_per_receiver(
    by_school: dict[int, list[tuple[Candidate, int]]], quotas: dict[int, tuple[int, int]], receivers: list[Receiver]
) -> int:
    """How many teachers one receiving school may get in a plan: enough to spread them (twice what an even
    share needs; each further one costs more), counted per stage, since a senior-high teacher can only go
    to the few receivers with a senior-high or junior-middle section (10 of 57 in the demo county: one
    place each left 9 of 21 senior-high places unfilled)."""
    total = sum(min(q, len(by_school.get(s, []))) for s, (q, _) in quotas.items())
    cap = math.ceil(2 * total / len(receivers))
    demand: dict[str, int] = defaultdict(int)
    for s, (q, _) in quotas.items():
        by_stage = Counter(c.stage for c, _ in by_school.get(s, []) if c.stage)
        for stage, n in by_stage.items():
            demand[stage] += min(q, n)
    for stage, n in demand.items():
        able = sum(1 for r in receivers if not r.stages or stage_at(stage, r) is not None)
        if able:
            cap = max(cap, math.ceil(2 * n / able))
    return max(1, cap)


def plan(
    candidates: list[tuple[Candidate, int]],
    quotas: dict[int, tuple[int, int]],
    receivers: list[Receiver],
    weights: Weights = Weights(),
    school_names: dict[int, str] | None = None,
) -> list[Proposal]:
    """Choose who goes where.

    ``candidates``: (eligible teacher, years in the post school); ``quotas``: sending school id →
    (teachers to send, of which at least this many backbone). Every sending school sends exactly
    its quota (fewer only when it has too few eligible teachers of a stage some receiver teaches).
    """
    import numpy as np  # start-up: numpy and scipy only when a plan is proposed (~1 s to import)
    from scipy.optimize import linear_sum_assignment

    names = school_names or {}
    by_school: dict[int, list[tuple[Candidate, int]]] = defaultdict(list)
    for c, years in candidates:
        if c.school_id in quotas:
            by_school[c.school_id].append((c, years))
    total = sum(min(q, len(by_school[s])) for s, (q, _) in quotas.items())
    if total == 0 or not receivers:
        return []
    cap = places_per_receiver(by_school, quotas, receivers)
    places = [(r, k) for r in receivers for k in range(min(cap, total))]
    ctx = Context(receivers)

    rows: list[tuple[Candidate, int]] = []
    columns: list[tuple[Any, ...]] = []  # ("stay", school, backbone_allowed) or ("go", receiver, k)
    for s, (q, b) in quotas.items():
        pool = _prune(by_school.get(s, []), q)
        q = min(q, len(pool))
        k_bb = sum(1 for c, _ in pool if c.backbone)
        b = min(b, k_bb, q)
        stays = len(pool) - q
        stay_any = min(k_bb - b, stays)
        columns += [("stay", s, True)] * stay_any + [("stay", s, False)] * (stays - stay_any)
        rows += pool
    columns += [("go", r, k) for r, k in places]
    big = weights.base * 1000
    cost = np.full((len(rows), len(columns)), big)
    for i, (c, years) in enumerate(rows):
        for j, col in enumerate(columns):
            if col[0] == "stay":
                if col[1] == c.school_id and (col[2] or not c.backbone):
                    cost[i, j] = 0.0
                continue
            r, k = col[1], col[2]
            if c.stage and r.stages and teaching_stage(c, r) is None:
                continue
            cost[i, j] = weights.base - (pair_gain(c, years, r, ctx, weights) - weights.crowding * k)
    row_ind, col_ind = linear_sum_assignment(cost)
    out = []
    for i, j in zip(row_ind, col_ind):
        col = columns[j]
        if col[0] != "go" or cost[i, j] >= big:
            continue
        c, years = rows[i]
        r = col[1]
        out.append(
            Proposal(
                c.id,
                c.school_id,
                r.id,
                round(weights.base - cost[i, j], 3),
                explain(c, years, r, ctx.rank[r.id], len(receivers), names.get(c.school_id, "")),
            )
        )
    return out


@dataclass
class Shortfall:
    """A sending school the plan could not bring up to its quota, and why, in the clerk's words."""

    school_id: int
    name: str
    short: int  # places still open
    reasons: list[str]


def shortfalls(
    candidates: list[tuple[Candidate, int]],
    quotas: dict[int, tuple[int, int]],
    receivers: list[Receiver],
    made: list[Proposal],
    school_names: dict[int, str] | None = None,
) -> list[Shortfall]:
    """Why each sending school still lacks places after the plan MADE (candidates and quotas as for plan)."""
    names = school_names or {}
    sent = Counter(p.from_school_id for p in made)
    sent_bb = Counter(p.from_school_id for p in made if any(c.id == p.teacher_id and c.backbone for c, _ in candidates))
    out = []
    for sid, (q, b) in quotas.items():
        left = q - sent.get(sid, 0)
        if left <= 0:
            continue
        pool = [c for c, _ in candidates if c.school_id == sid]
        placed = {p.teacher_id for p in made if p.from_school_id == sid}
        rest = [c for c in pool if c.id not in placed]
        reasons = []
        if not receivers:
            reasons.append("没有接收学校：所有学校都是派出学校（城区学校或本年度的优质学校）")
        if len(pool) < q:
            reasons.append(
                f"符合条件且尚未列入方案或交流记录的教师只有 {len(pool)} 人，少于尚差的 {q} 人"
                "（其余符合条件的教师已登记不参加，或不符合条件）"
            )
        stuck = [
            c
            for c in rest
            if c.stage and receivers and all(r.stages and stage_at(c.stage, r) is None for r in receivers)
        ]
        for stage, n in Counter(c.stage for c in stuck).items():
            below = STAGE_ORDER[STAGE_ORDER.index(stage) - 1] if stage in STAGE_ORDER[1:] else None
            where = f"{stage}或{below}" if below else stage
            reasons.append(f"{n} 名{stage}教师没有可去的接收学校（接收学校都没有{where}）")
        bb_left = b - sent_bb.get(sid, 0)
        bb_free = sum(1 for c in rest if c.backbone and c not in stuck)
        if bb_left > 0 and bb_free < bb_left:
            reasons.append(f"骨干教师还应交流 {bb_left} 人，能安排的骨干教师只有 {bb_free} 人")
        if not reasons:
            reasons.append("接收学校中能接收这些教师学段的名额不够")
        out.append(Shortfall(sid, names.get(sid, ""), left, reasons))
    return sorted(out, key=lambda x: sort_key(x.name))


def explain(c: Candidate, years: int, r: Receiver, rank: int, n_receivers: int, from_name: str = "") -> str:
    """Why this teacher goes to this school, in the clerk's words."""
    parts = [f"在{from_name}任教 {years} 年，符合交流条件" if from_name else f"在本校任教 {years} 年，符合交流条件"]
    if c.backbone:
        v = r.backbone_per100
        if v is None:
            parts.append(f"{c.backbone}（{r.name}学生数未填，骨干教师配备情况未知）")
        else:
            few = "，属骨干教师较少的学校" if rank <= max(1, n_receivers // 3) else ""
            parts.append(
                f"{c.backbone}：{r.name}每百名学生骨干教师 {v:.2f} 人，"
                f"在 {n_receivers} 所接收学校中由少到多排第 {rank}{few}"
            )
    stage = teaching_stage(c, r)
    if stage != c.stage and stage:
        parts.append(f"{r.name}没有{c.stage}，改教{stage}")
    short, have, expected = _shortage(r, stage, c.subject)
    if c.subject and short > 0:
        parts.append(f"{r.name}{stage or ''}{c.subject}教师现有 {have} 人，按学生数应有约 {expected:.1f} 人，可补缺")
    elif c.subject:
        parts.append(f"{r.name}{stage or ''}{c.subject}教师现有 {have} 人，基本够用")
    return "；".join(parts)


def plan_cost(proposals: list[Proposal]) -> float:
    return sum(p.score for p in proposals)
