"""Permanent redeployment (调配方案, issue 22 §2): which teachers move where to close the subject gaps.

Pure rules over plain data; every weight comes from domain.policy.Policy. The gaps are per school, stage and
subject (按课时应需 against the teachers there); a school with a surplus gives at most its whole surplus and never
its last teachers of a subject it still teaches (开齐开足, Policy.redeploy_keep_min); a school with a shortage
receives at most its gap. Who goes where is an optimal assignment (scipy.optimize.linear_sum_assignment, as
domain.rotation) under stated costs: another township, another stage (up only with a certificate for it),
teaching the certificate's subject, a recorded family situation. Each move is explained in the clerk's words.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from talentdesk.domain.policy import Policy

STAGE_ORDER = ("小学", "初中", "高中")
FAMILY_EXCLUDED = "不调配"
SHOWN = 0.5  # a shortage under half a teacher is rounding (as the 学科缺口统计)

# the stage a certificate (教师资格种类) is for
CERT_STAGE: dict[str, str] = {
    "幼儿园": "幼儿园",
    "小学": "小学",
    "初级中学": "初中",
    "高级中学": "高中",
    "中等职业学校": "中职",
    "中职实习指导": "中职",
}

Key = tuple[int, str, str]  # (school id, stage, subject)


@dataclass(frozen=True)
class Line:
    """One school's stage and subject: teachers needed by the timetable, teachers there."""

    school_id: int
    school: str
    township: str
    stage: str
    subject: str
    need: float
    have: int
    county: str = ""  # a city database: moves stay within a county

    @property
    def key(self) -> Key:
        return (self.school_id, self.stage, self.subject)

    @property
    def diff(self) -> float:
        """+ surplus, − shortage."""
        return self.have - self.need


@dataclass(frozen=True)
class Mover:
    """A teacher of a school whose subject has a surplus: what the rules need to know."""

    id: int
    name: str
    school_id: int
    stage: str  # the stage of the school line the teacher counts in
    subject: str
    cert_stage: str | None = None  # the highest stage of the teacher's certificates
    cert_subjects: tuple[str, ...] = ()
    family: str | None = None  # a recorded family situation (两地分居…)


@dataclass(frozen=True)
class Move:
    teacher_id: int
    from_school_id: int
    to_school_id: int
    stage: str  # taught at the new school
    subject: str
    cost: float
    reason: str


@dataclass
class Weights:
    gap_value: float
    township: float
    stage_up: float
    stage_down: float
    cert_subject: float
    family: float
    family_excluded: bool
    keep_min: int

    @classmethod
    def of(cls, policy: Policy) -> Weights:
        return cls(
            policy.redeploy_gap_value,
            policy.redeploy_cost_township,
            policy.redeploy_cost_stage_up,
            policy.redeploy_cost_stage_down,
            policy.redeploy_cost_cert_subject,
            policy.redeploy_cost_family,
            policy.redeploy_family_mode == FAMILY_EXCLUDED,
            policy.redeploy_keep_min,
        )


def stage_rank(stage: str | None) -> int:
    return STAGE_ORDER.index(stage) if stage in STAGE_ORDER else -1


def keep(line: Line, keep_min: int) -> int:
    """Teachers the school must keep in this subject: enough for the timetable, and never fewer than
    keep_min of a subject it still teaches (a closing stage, need 0, keeps none)."""
    return keep_min if line.need > 0 else 0


def movable(line: Line, keep_min: int) -> int:
    """How many teachers may leave: the whole surplus (rounded down), never below keep()."""
    if line.diff < 1 - 1e-9:
        return 0
    return max(0, min(math.floor(line.diff + 1e-9), line.have - keep(line, keep_min)))


def places(line: Line) -> int:
    """How many teachers a school with a shortage may receive in this subject (the gap, rounded)."""
    short = -line.diff
    return math.floor(short + 0.5) if short >= SHOWN else 0


@dataclass
class Fit:
    """Whether a teacher may fill a place, at what cost and why (the parts of the explanation)."""

    cost: float
    parts: list[str] = field(default_factory=list)


def fit(m: Mover, town_from: str, line: Line, w: Weights, county_from: str = "") -> Fit | None:
    """None: the teacher cannot fill this place (own school, another county, subject, stage without certificate,
    family situation when such teachers are not moved)."""
    if line.school_id == m.school_id or line.county != county_from:
        return None
    cost, parts = 0.0, []
    if line.subject != m.subject:
        if line.subject not in m.cert_subjects:
            return None
        cost += w.cert_subject
        parts.append(f"现任教{m.subject}，持{line.subject}教师资格，改教{line.subject}")
    steps = stage_rank(line.stage) - stage_rank(m.stage)
    if line.stage != m.stage and (stage_rank(line.stage) < 0 or stage_rank(m.stage) < 0):
        return None
    if steps > 0:
        if stage_rank(m.cert_stage) < stage_rank(line.stage):
            return None
        cost += w.stage_up * steps
        parts.append(f"持{m.cert_stage}教师资格，可由{m.stage}向上调配任教{line.stage}")
    elif steps < 0:
        cost += w.stage_down * -steps
        parts.append(f"由{m.stage}改教{line.stage}")
    if line.township != town_from:
        cost += w.township
        parts.append(f"跨乡镇（{town_from or '未填乡镇'} → {line.township or '未填乡镇'}）")
    else:
        parts.append(f"同一乡镇（{line.township or '未填乡镇'}）内调配")
    if m.family:
        if w.family_excluded:
            return None
        cost += w.family
        parts.append(f"登记有家庭情况（{m.family}），调配成本较高")
    return Fit(cost, parts)


def plan(lines: list[Line], movers: list[Mover], w: Weights) -> list[Move]:
    """The optimal plan: each surplus line gives at most movable() teachers, each shortage line receives at most
    places(); a move is made only while its cost stays below w.gap_value; the total cost of the moves made,
    less the gaps they fill, is the least possible."""
    import numpy as np  # start-up: numpy and scipy only when a plan is proposed (~1 s to import)
    from scipy.optimize import linear_sum_assignment

    by_key = {ln.key: ln for ln in lines}
    give = {ln.key: movable(ln, w.keep_min) for ln in lines}
    groups: dict[Key, list[Mover]] = defaultdict(list)
    for m in sorted(movers, key=lambda x: x.id):
        k = (m.school_id, m.stage, m.subject)
        if give.get(k, 0) > 0:
            groups[k].append(m)
    slots = [(ln, i) for ln in lines for i in range(places(ln))]
    if not groups or not slots:
        return []
    rows: list[Mover] = [m for g in groups.values() for m in g]
    # columns: one per open place, then per group "must stay" (the teachers it cannot spare) and "may stay"
    stays: list[tuple[bool, Key]] = []
    for k, g in groups.items():
        n = min(give[k], len(g))
        stays += [(True, k)] * (len(g) - n) + [(False, k)] * n
    big, must = 1e9, -1e6
    cost = np.full((len(rows), len(slots) + len(stays)), big)
    fits: dict[tuple[int, int], Fit] = {}
    town = {ln.school_id: ln.township for ln in lines}
    county = {ln.school_id: ln.county for ln in lines}
    for i, m in enumerate(rows):
        mk = (m.school_id, m.stage, m.subject)
        for j, (ln, nth) in enumerate(slots):
            f = fit(m, town.get(m.school_id, ""), ln, w, county.get(m.school_id, ""))
            if f is None or f.cost >= w.gap_value:
                continue
            fits[(i, j)] = f
            cost[i, j] = f.cost - w.gap_value + 1e-6 * nth  # the first place of a gap is filled first
        for j, (required, k) in enumerate(stays, len(slots)):
            if k == mk:
                cost[i, j] = must if required else 0.0
    r_ind, c_ind = linear_sum_assignment(cost)
    out = []
    for i, j in zip(r_ind, c_ind):
        if (i, j) not in fits:
            continue
        m, ln = rows[i], slots[j][0]
        mk = (m.school_id, m.stage, m.subject)
        mv = Move(m.id, m.school_id, ln.school_id, ln.stage, ln.subject, round(fits[(i, j)].cost, 3), "")
        out.append(_explained(mv, m, by_key[mk], ln, fits[(i, j)], len(groups[mk]), w))
    return sorted(out, key=lambda x: (x.from_school_id, x.teacher_id))


def _explained(mv: Move, m: Mover, src: Line, dst: Line, f: Fit, group: int, w: Weights) -> Move:
    left = src.have - movable(src, w.keep_min)
    why_teacher = (
        f"{src.school}{src.stage}{src.subject}教师 {src.have} 人，按课时应需 {src.need:.1f} 人，富余 {src.diff:.1f} 人"
        + ("（学校该学段已无班级）" if src.need <= 0 else f"，调出后至少仍有 {left} 人，开齐开足")
    )
    if group > 1:
        why_teacher += f"；在本校同学科 {group} 名教师中调配成本最低"
    why_school = (
        f"{dst.school}{dst.stage}{dst.subject}教师 {dst.have} 人，按课时应需 {dst.need:.1f} 人，缺 {-dst.diff:.1f} 人"
    )
    reason = "；".join([why_teacher, why_school, *f.parts, f"调配成本 {f.cost:g}"])
    return Move(mv.teacher_id, mv.from_school_id, mv.to_school_id, mv.stage, mv.subject, mv.cost, reason)


@dataclass(frozen=True)
class Effect:
    """A school line before and after the plan's moves."""

    line: Line
    after: int

    @property
    def before_diff(self) -> float:
        return round(self.line.diff, 2)

    @property
    def after_diff(self) -> float:
        return round(self.after - self.line.need, 2)


def effect(lines: list[Line], moves: list[tuple[Key, Key]]) -> list[Effect]:
    """Each line the moves touch, before and after: MOVES are (from line key, to line key)."""
    delta: dict[Key, int] = defaultdict(int)
    for frm, to in moves:
        delta[frm] -= 1
        delta[to] += 1
    return [Effect(ln, ln.have + delta[ln.key]) for ln in lines if delta.get(ln.key)]


def below_minimum(line: Line, leaving: int, keep_min: int) -> bool:
    """Whether LEAVING teachers out of this line would leave the school under its 开齐开足 minimum."""
    return line.need > 0 and line.have - leaving < keep_min
