import math

import pytest

from talentdesk.domain import balance as rules
from talentdesk.domain.policy import Policy


def test_cv_is_the_student_weighted_formula():
    # X = 1 and 2 per 100 students, P = 100 and 300: X̄ = 700/400 = 1.75
    cv = rules.weighted_cv([(100, 1), (300, 6)])
    var = 100 / 400 * (1 - 1.75) ** 2 + 300 / 400 * (2 - 1.75) ** 2
    assert cv.county == pytest.approx(1.75)
    assert cv.value == pytest.approx(math.sqrt(var) / 1.75) == pytest.approx(0.247436, abs=1e-6)
    assert rules.weighted_cv([(100, 1), (200, 2)]).value == pytest.approx(0.0)  # all schools equal
    assert rules.weighted_cv([(100, 0), (50, 0)]).value is None  # county value 0: undefined
    assert rules.weighted_cv([]).schools == 0


def test_schools_exactly_at_the_standard_meet_it():
    assert rules.meets(53, 1000, 5.3) and not rules.meets(52, 1000, 5.3)
    assert rules.meets(21, 500, 4.2) and not rules.meets(20, 500, 4.2)
    assert rules.meets(9, 1000, 0.9) and rules.meets(1, 100, 1.0)
    assert rules.shortfall_teachers(52, 1000, 5.3) == 1
    assert rules.shortfall_teachers(1, 50, 4.2) == 2  # needs 2.1 → 2 more
    assert rules.shortfall_teachers(53, 1000, 5.3) == 0


def test_degree_above_the_required_one_follows_policy():
    p = Policy()
    assert rules.above_degree(p, "小学", "大学专科") and not rules.above_degree(p, "小学", "中等专科")
    assert rules.above_degree(p, "初中", "硕士研究生") and not rules.above_degree(p, "初中", "大学专科")
    stricter = Policy(required_degree={"小学": "大学本科", "初中": "硕士研究生"})
    assert not rules.above_degree(stricter, "小学", "大学专科")


def test_backbone_is_county_level_or_above_and_not_a_newcomer_award():
    assert rules.is_backbone("县级", "骨干教师") and rules.is_backbone("省级", "名师")
    assert not rules.is_backbone("校级", "骨干教师") and not rules.is_backbone("县级", "教坛新秀")
    assert rules.is_pe_arts("美术") and not rules.is_pe_arts("语文")
