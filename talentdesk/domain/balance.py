"""义务教育优质均衡发展 teacher indicators (pure rules, no SQL).

Three indicators per school and stage, each a number of teachers per 100 students:
  above_degree — teachers whose highest degree is at least Policy.required_degree[stage]
                 (the degree that counts as 高于规定学历: 小学 大学专科, 初中 大学本科 by default);
  backbone     — backbone teachers (骨干教师, 学科带头人, 名师, 特级教师) designated at 县级 or above;
  pe_arts      — teachers of 体育, 音乐, 美术.
Their standards come from Policy (above_degree_per100 by stage, backbone_county_per100, pe_arts_per100).

差异系数 (student-weighted coefficient of variation) per stage and indicator over the schools:
  CV = √(Σ Pᵢ/N · (Xᵢ − X̄)²) / X̄
with Pᵢ the students of school i, N = Σ Pᵢ, Xᵢ the school's value and X̄ the county value
(all such teachers per 100 of all students, which equals the student-weighted mean of Xᵢ).
A school meets a standard when its value is at least the standard (exactly equal counts as met);
the county meets a CV limit when CV ≤ limit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from talentdesk.domain import codes
from talentdesk.domain.policy import Policy

INDICATORS = ("above_degree", "backbone", "pe_arts")
LABELS = {"above_degree": "高于规定学历教师", "backbone": "县级及以上骨干教师", "pe_arts": "体育艺术专任教师"}
BACKBONE_MIN_LEVEL_RANK = codes.LEVEL.rank("县级")
EPS = 1e-9


def standard(policy: Policy, indicator: str, stage: str) -> float | None:
    if indicator == "above_degree":
        return policy.above_degree_per100.get(stage)
    if indicator == "backbone":
        return policy.backbone_county_per100
    return policy.pe_arts_per100


def above_degree(policy: Policy, stage: str, degree: str | None) -> bool:
    required = policy.required_degree.get(stage)
    return bool(required and degree) and codes.DEGREE.rank(degree) >= codes.DEGREE.rank(required)


def is_backbone(level: str | None, kind: str | None) -> bool:
    return codes.LEVEL.rank(level) >= BACKBONE_MIN_LEVEL_RANK and codes.is_backbone_kind(kind)


def is_pe_arts(subject: str | None) -> bool:
    return subject in codes.PE_ARTS_SUBJECTS


def counted_students(students: int, area: str | None, kind: str | None, policy: Policy) -> int:
    """The students an indicator is computed with: a 村小学 or 教学点 (乡村 小学/教学点) with fewer than
    Policy.balance_small_school_students counts as that many (教督〔2017〕6号 第九条注)."""
    floor = policy.balance_small_school_students
    if floor and area == "乡村" and kind in ("小学", "教学点") and students < floor:
        return floor
    return students


def above_floor(count: int, students: int, std: float, policy: Policy) -> bool:
    """A below-standard indicator still at or above Policy.balance_floor_share (85 %) of the standard."""
    return count * 100.0 >= policy.balance_floor_share * std * students - EPS


def per100(count: int, students: int) -> float | None:
    return count * 100.0 / students if students else None


def meets(count: int, students: int, std: float) -> bool:
    """count per 100 students ≥ std, exact at the threshold (compared as count·100 ≥ std·students)."""
    return count * 100.0 >= std * students - EPS


def shortfall_teachers(count: int, students: int, std: float) -> int:
    """How many more teachers the school needs to meet the standard."""
    need = std * students / 100.0 - count
    return max(0, math.ceil(need - EPS))


@dataclass(frozen=True)
class CV:
    value: float | None  # None when the county value is 0 (undefined)
    county: float | None  # X̄
    schools: int


def weighted_cv(points: list[tuple[int, int]]) -> CV:
    """POINTS: (students Pᵢ, teachers counted) per school. Returns the student-weighted CV."""
    points = [(p, c) for p, c in points if p]
    n = sum(p for p, _ in points)
    if not n:
        return CV(None, None, 0)
    mean = sum(c for _, c in points) * 100.0 / n
    if mean <= 0:
        return CV(None, 0.0, len(points))
    var = sum(p / n * (c * 100.0 / p - mean) ** 2 for p, c in points)
    return CV(math.sqrt(var) / mean, mean, len(points))
