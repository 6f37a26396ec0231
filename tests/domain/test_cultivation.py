import datetime as dt

import pytest

from talentdesk.domain.cultivation import (
    Person,
    Weights,
    check_pairing,
    cycle_of,
    expected_hours,
    is_mentor_candidate,
    pair_score,
    standing,
    suggest,
    tier_of,
    years_of_service,
)
from talentdesk.domain.dates import PartialDate
from talentdesk.domain.policy import Policy


def P(i, name="", subject="数学", stage="初中", **kw):
    return Person(i, name or f"教师{i}", subject, stage, **kw)


# ------------------------------------------------------------------ rules of one pairing


def check(mentor, mentee, pairs=frozenset(), max_mentees=3, max_years=3, **kw):
    return check_pairing(
        mentor, mentee, active_pairs=set(pairs), max_mentees=max_mentees, mentee_max_years=max_years, **kw
    )


def test_mentor_and_mentee_must_differ():
    c = check(P(1, "张堃"), P(1, "张堃"))
    assert not c.ok and "同一人" in c.errors[0]


def test_duplicate_active_pairing_is_refused_reverse_too():
    assert "重复" in check(P(1), P(2), {(1, 2)}).errors[0]
    assert "反向" in check(P(1), P(2), {(2, 1)}).errors[0]


def test_limit_is_a_warning_at_the_boundary():
    assert check(P(1, active_mentees=2), P(2)).warnings == []
    c = check(P(1, active_mentees=3), P(2))
    assert c.ok and "上限 3 人" in c.warnings[0]


def test_subject_stage_and_rank_warnings():
    mentor = P(1, subject="语文", stage="小学", title="二级教师", backbone_kind="骨干教师", backbone_level="县级")
    mentee = P(2, title="一级教师", backbone_kind="骨干教师", backbone_level="市级", years=2)
    w = " ".join(check(mentor, mentee).warnings)
    assert "学科不同" in w and "学段不同" in w and "骨干称号" in w and "职称（二级教师）低于" in w


def test_mentee_years_boundary():
    assert check(P(1), P(2, years=3)).warnings == []
    assert "教龄 4 年" in check(P(1), P(2, years=4)).warnings[0]


def test_years_of_service_counts_whole_years():
    today = dt.date(2026, 11, 21)
    assert years_of_service(PartialDate(2023, 12), today) == 2
    assert years_of_service(PartialDate(2023, 11), today) == 3
    assert years_of_service(PartialDate(2023), today) == 3
    assert years_of_service(None, today) is None


def test_mentor_candidates_follow_policy():
    pol = Policy()
    assert is_mentor_candidate(P(1, years=8, title="一级教师"), pol)
    assert not is_mentor_candidate(P(1, years=7, title="一级教师"), pol)
    assert not is_mentor_candidate(P(1, years=20, title="二级教师"), pol)
    assert is_mentor_candidate(P(1, years=5, title="二级教师", backbone_kind="教坛新秀", backbone_level="县级"), pol)


# ------------------------------------------------------------------ the assignment: known optima


def test_optimum_beats_greedy():
    """Greedy gives 小王 the best mentor A and leaves 小李 alone; the optimum pairs both."""
    a = P(10, "A", township="城关镇", school_id=1, years=20, title="高级教师")  # the best mentor for both
    b = Person(11, "B", "数学", "高中", "一级教师", years=20, township="青禾镇", school_id=2)
    wang = Person(1, "小王", "数学", "初中", years=1, township="城关镇", school_id=1)  # A only
    li = Person(2, "小李", "数学", "高中", years=1, township="青禾镇", school_id=2)  # B only
    zhao = Person(3, "小赵", "数学", "初中", years=1, township="城关镇", school_id=1)  # A only
    res = suggest([wang, li, zhao], [a, b], max_mentees=1)
    got = {p.mentee.name: p.mentor.name for p in res.proposals}
    assert got["小李"] == "B" and len(got) == 2 and len(res.unmatched) == 1
    w = Weights()
    assert res.total_score == pair_score(a, wang, w)[0] + pair_score(b, li, w)[0]


def test_assignment_maximises_the_total_not_the_first_choice():
    """X (丙镇) slightly prefers A (高级 vs 一级); Y is in A's township. Greedy in list order gives X→A, Y→B
    (2035); the optimum is X→B, Y→A (2095)."""
    a = P(10, "A", township="甲镇", school_id=1, years=20, title="高级教师")
    b = P(11, "B", township="乙镇", school_id=2, years=20, title="一级教师")
    x = P(1, "X", township="丙镇", school_id=3, years=1)
    y = P(2, "Y", township="甲镇", school_id=4, years=1)
    w = Weights()
    assert pair_score(a, x, w)[0] > pair_score(b, x, w)[0]  # X's first choice is A
    res = suggest([x, y], [a, b], max_mentees=1)
    got = {p.mentee.name: p.mentor.name for p in res.proposals}
    assert got == {"X": "B", "Y": "A"}
    assert res.total_score == 2095 == pair_score(b, x, w)[0] + pair_score(a, y, w)[0]


def test_only_compatible_mentor_goes_to_the_mentee_who_needs_him():
    a = P(10, "A", subject="数学", township="甲镇", years=20, title="高级教师")
    b = P(11, "B", subject="数学", township="乙镇", years=20, title="一级教师")
    e1 = P(1, "甲", subject="数学", township="甲镇", years=1)
    e2 = P(2, "乙", subject="数学", township="甲镇", years=1)
    e3 = P(3, "丙", subject="英语", township="甲镇", years=1)
    res = suggest([e1, e2, e3], [a, b], max_mentees=1)
    assert len(res.proposals) == 2
    assert [(e.name, why) for e, why in res.unmatched] == [("丙", "范围内没有初中英语的导师人选")]


def test_capacity_counts_current_mentees_and_spreads_load():
    full = P(10, "满员", years=20, title="高级教师", active_mentees=3)
    half = P(11, "半满", years=20, title="高级教师", active_mentees=1)
    free = P(12, "空闲", years=20, title="高级教师")
    mentees = [P(i, years=1) for i in range(1, 4)]
    res = suggest(mentees, [full, half, free], max_mentees=3)
    load = {}
    for p in res.proposals:
        load[p.mentor.name] = load.get(p.mentor.name, 0) + 1
    assert "满员" not in load
    assert load == {"空闲": 2, "半满": 1}  # 1+1 → 2 and 0+2 → 2: the load ends level
    assert all("现带徒" in p.explanation for p in res.proposals)


def test_no_mentor_slots_left_is_explained():
    res = suggest([P(1, years=1)], [P(10, years=20, title="高级教师", active_mentees=3)], max_mentees=3)
    assert res.proposals == [] and "名额已用完" in res.unmatched[0][1]


def test_prefers_same_township_then_higher_designation():
    near = P(10, "近", township="甲镇", years=15, title="一级教师")
    star = P(11, "名师", township="乙镇", years=15, title="一级教师", backbone_kind="名师", backbone_level="市级")
    far = P(12, "远", township="乙镇", years=15, title="一级教师")
    res = suggest([P(1, township="甲镇", years=1)], [near, star, far], max_mentees=3)
    assert res.proposals[0].mentor.name == "近" and "同乡镇（甲镇）" in res.proposals[0].explanation
    res = suggest([P(1, township="丙镇", years=1)], [near, star, far], max_mentees=3)
    assert res.proposals[0].mentor.name == "名师" and "市级名师" in res.proposals[0].explanation


# ------------------------------------------------------------------ training cycle


def test_cycles_and_pro_rata():
    pol = Policy()
    assert cycle_of(2021, pol) == (2021, 2025) and cycle_of(2025, pol) == (2021, 2025)
    assert cycle_of(2026, pol) == (2026, 2030) and cycle_of(2019, pol) == (2016, 2020)
    assert expected_hours(2026, dt.date(2026, 11, 1), pol) == pytest.approx(72)
    assert expected_hours(2021, dt.date(2026, 11, 1), pol) == 360
    s = standing(71.9, 2026, dt.date(2026, 11, 1), pol)
    assert s.behind and s.label == "进度落后"
    assert standing(72, 2026, dt.date(2026, 11, 1), pol).label == "按进度"
    assert standing(360, 2021, dt.date(2026, 1, 1), pol).label == "已达标"
    pol.training_hours_per_cycle = 400
    assert not standing(360, 2021, dt.date(2026, 1, 1), pol).complete


def test_tier_is_the_highest_designation():
    assert tier_of([("骨干教师", "市级"), ("学科带头人", "县级")], "高级教师") == ("学科带头人", "县级")
    assert tier_of([], "正高级教师") == ("正高级教师", "")
    assert tier_of([], "一级教师") == ("", "")
