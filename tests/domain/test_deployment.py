"""Working school, rural years, eligibility and quota boundaries, plan optimality, 人编一致, watch rules."""

import datetime as dt
import itertools

import pytest

from talentdesk.domain import attrition, consistency, rotation
from talentdesk.domain.dates import PartialDate as P
from talentdesk.domain.deployment import Post, Stay, rural_years, same_school_since, timeline, working_school
from talentdesk.domain.policy import Policy

D = dt.date


# ---------------------------------------------------------------- working school


def test_working_school_follows_posts_and_placements():
    posts = [Post(1, P(2000, 9), P(2010, 8)), Post(2, P(2010, 9), None)]
    stays = [
        Stay(3, "支教", "期满返回", P(2012, 9), P(2013, 7), P(2013, 7)),
        Stay(4, "交流轮岗", "拟交流", P(2014, 9), P(2015, 7)),  # only planned: never counts
        Stay(5, "调动", "在岗", P(2010, 9)),  # the post history covers a transfer
        Stay(6, "借调", "在岗", P(2020, 3)),
    ]  # open: still away
    assert working_school(posts, stays, D(1999, 1, 1)) is None
    assert working_school(posts, stays, D(2005, 1, 1)) == 1
    assert working_school(posts, stays, D(2010, 8, 31)) == 1
    assert working_school(posts, stays, D(2010, 9, 1)) == 2
    assert working_school(posts, stays, D(2013, 7, 31)) == 3  # an end month includes the whole month
    assert working_school(posts, stays, D(2013, 8, 1)) == 2
    assert working_school(posts, stays, D(2015, 1, 1)) == 2
    assert working_school(posts, stays, D(2020, 2, 29)) == 2
    assert working_school(posts, stays, D(2026, 1, 1)) == 6


def test_timeline_merges_and_matches_working_school():
    posts = [Post(1, P(2000, 9), P(2010, 8)), Post(2, P(2010, 9), None)]
    stays = [Stay(3, "支教", "期满返回", P(2012, 9), P(2013, 7), P(2013, 7))]
    segs = timeline(posts, stays, D(2020, 8, 31))
    assert [s[2] for s in segs] == [1, 2, 3, 2]
    for a, b, school in segs:
        assert working_school(posts, stays, a) == school == working_school(posts, stays, b)


def test_same_school_since_joins_contiguous_records_at_one_school():
    posts = [Post(1, P(2000, 9), P(2010, 8)), Post(2, P(2010, 9), P(2015, 8)), Post(2, P(2015, 9), None)]
    assert same_school_since(posts, D(2025, 9, 1)) == D(2010, 9, 1)
    back = [Post(2, P(2000, 9), P(2005, 8)), Post(1, P(2005, 9), P(2010, 8)), Post(2, P(2010, 9), None)]
    assert same_school_since(back, D(2025, 9, 1)) == D(2010, 9, 1)


# ---------------------------------------------------------------- rural years

AREAS = {1: "城区", 2: "乡村", 3: "镇区", 4: "乡村"}
RURAL = {"镇区", "乡村"}


def test_rural_years_add_breaks_and_placements():
    # 10 years in a village, 5 in town (城区), back to a village for 5: 15 years, the break added over
    posts = [Post(2, P(1990, 9), P(2000, 8)), Post(1, P(2000, 9), P(2005, 8)), Post(4, P(2005, 9), P(2010, 8))]
    years, segs = rural_years(posts, [], AREAS, RURAL, D(2030, 1, 1))
    assert years == pytest.approx(15, abs=0.01)
    assert len(segs) == 2
    # a town teacher with a 1-year 支教 in a village: 1 rural year; a village teacher 借调 to town: less
    town = [Post(1, P(2010, 9), None)]
    stay = [Stay(2, "支教", "期满返回", P(2015, 9), P(2016, 8), P(2016, 8))]
    assert rural_years(town, stay, AREAS, RURAL, D(2025, 8, 31))[0] == pytest.approx(1, abs=0.01)
    village = [Post(2, P(2010, 9), None)]
    loan = [Stay(1, "借调", "在岗", P(2020, 9))]
    assert rural_years(village, loan, AREAS, RURAL, D(2025, 8, 31))[0] == pytest.approx(10, abs=0.01)
    # the rule is a parameter: count 乡村 only
    assert rural_years(posts, [], AREAS, {"乡村"}, D(2030, 1, 1))[0] == pytest.approx(15, abs=0.01)
    town_only = [Post(3, P(2000, 9), P(2010, 8))]
    assert rural_years(town_only, [], AREAS, {"乡村"}, D(2030, 1, 1))[0] == 0
    assert rural_years(town_only, [], AREAS, RURAL, D(2030, 1, 1))[0] == pytest.approx(10, abs=0.01)


# 满 N 年 includes N: service is counted in calendar months, so leap days never drop a teacher at the boundary


def test_thirty_calendar_years_are_thirty_years_whatever_the_leap_days():
    posts = [Post(2, P(1996, 9), None)]  # 1996-09 … 2026-08: 7 leap days in between
    years, _ = rural_years(posts, [], AREAS, RURAL, D(2026, 8, 31))
    assert years == 30.0
    assert rural_years(posts, [], AREAS, RURAL, D(2026, 8, 30))[0] < 30  # a day short
    exact = [Post(2, P(2000, 3, 1), None)]  # starting on a leap year's March
    assert rural_years(exact, [], AREAS, RURAL, D(2010, 2, 28))[0] == 10.0
    assert rural_years(exact, [], AREAS, RURAL, D(2010, 2, 27))[0] < 10
    feb29 = [Post(2, P(2004, 2, 29), None)]  # from a 29 February: ten years end on 28 February
    assert rural_years(feb29, [], AREAS, RURAL, D(2014, 2, 27))[0] < 10
    assert rural_years(feb29, [], AREAS, RURAL, D(2014, 2, 28))[0] == 10.0


def test_spells_add_whole_months_and_leftover_days():
    # 1990-09-01 … 2000-08-31 (120 months) + 2005-09-01 … 2025-08-31 (240 months) = 30 years exactly
    posts = [Post(2, P(1990, 9), P(2000, 8)), Post(1, P(2000, 9), P(2005, 8)), Post(4, P(2005, 9), P(2025, 8))]
    assert rural_years(posts, [], AREAS, RURAL, D(2030, 1, 1))[0] == 30.0
    # two spells of 9 months and 15/16 days: 18 months + 31 days = 19 months
    from talentdesk.domain.deployment import service_months, span_months

    assert span_months(D(2020, 1, 1), D(2020, 10, 15)) == (9, 15)
    assert service_months([(D(2020, 1, 1), D(2020, 10, 15)), (D(2021, 1, 1), D(2021, 10, 16))]) == 19
    assert service_months([(D(2020, 1, 1), D(2020, 10, 15)), (D(2021, 1, 1), D(2021, 10, 15))]) == 18
    assert service_months([(D(2020, 1, 31), D(2020, 2, 28))]) == 0  # 29 days (2020 is a leap year)
    assert service_months([(D(2020, 1, 31), D(2020, 2, 29))]) == 1  # to the month-end: a whole month


def test_year_only_dates_are_school_years():
    posts = [Post(2, P(1995), P(2005))]  # 1995-09 .. 2005-08
    assert rural_years(posts, [], AREAS, RURAL, D(2030, 1, 1))[0] == pytest.approx(10, abs=0.01)


# ---------------------------------------------------------------- eligibility boundaries

REF = D(2025, 9, 1)


def cand(**kw):
    base = dict(
        id=1,
        name="王芳",
        gender="男",
        birth=D(1980, 3, 1),
        employment_form="在编",
        status="在岗",
        school_id=1,
        since=D(2019, 9, 1),
    )
    base.update(kw)
    return rotation.Candidate(**base)


def test_exactly_six_years_is_eligible_one_month_less_is_not():
    pol = Policy()
    assert rotation.check(cand(since=D(2019, 9, 1)), pol, REF).eligible
    v = rotation.check(cand(since=D(2019, 9, 2)), pol, REF)
    assert not v.eligible and "不满 6 年" in v.text and "5 年 11 个月" in v.text


def test_age_limit_includes_the_number_by_default():
    """男50周岁、女45周岁以下: 以下 includes the number (含本数), so a teacher of exactly 50 (45) may rotate."""
    pol = Policy()
    assert pol.rotation_age_reading == "含本数"
    assert rotation.check(cand(birth=D(1975, 9, 1)), pol, REF).eligible  # 50 today
    assert rotation.check(cand(birth=D(1974, 9, 2)), pol, REF).eligible  # 50, turns 51 tomorrow
    v = rotation.check(cand(birth=D(1974, 9, 1)), pol, REF)  # 51 today
    assert not v.eligible and "年龄上限" in v.text and "含50周岁" in v.text
    assert rotation.check(cand(gender="女", birth=D(1980, 9, 1)), pol, REF).eligible  # 45 today
    assert not rotation.check(cand(gender="女", birth=D(1979, 9, 1)), pol, REF).eligible  # 46


def test_age_limit_read_without_the_number():
    pol = Policy(rotation_age_reading="不含本数")
    assert rotation.check(cand(birth=D(1975, 9, 2)), pol, REF).eligible  # 49, turns 50 tomorrow
    v = rotation.check(cand(birth=D(1975, 9, 1)), pol, REF)  # 50 today
    assert not v.eligible and "须未满50周岁" in v.text
    assert rotation.check(cand(gender="女", birth=D(1980, 9, 2)), pol, REF).eligible
    assert not rotation.check(cand(gender="女", birth=D(1980, 9, 1)), pol, REF).eligible


def test_other_rules_and_exclusions():
    pol = Policy()
    assert "用工形式" in rotation.check(cand(employment_form="特岗"), pol, REF).text
    pol2 = Policy(rotation_forms={"在编": 1, "特岗": 1})
    assert rotation.check(cand(employment_form="特岗"), pol2, REF).eligible
    assert "怀孕" in rotation.check(cand(exclusion="怀孕或哺乳期"), pol, REF).text
    assert "正在支教" in rotation.check(cand(away="支教（某某小学）"), pol, REF).text
    older = Policy(rotation_age_limit={"男": 60, "女": 55})
    assert "距退休不足" in rotation.check(cand(birth=D(1967, 1, 1)), older, REF).text
    pol3 = Policy(rotation_years_same_school=5)
    assert rotation.check(cand(since=D(2020, 9, 1)), pol3, REF).eligible


def test_quota_rounds_up_and_backbone_share():
    assert rotation.quota(10, 0.10) == 1
    assert rotation.quota(11, 0.10) == 2
    assert rotation.quota(0, 0.10) == 0
    assert rotation.backbone_need(5, 0.20) == 1
    assert rotation.backbone_need(6, 0.20) == 2
    pol = Policy()
    q = rotation.school_quota(1, "一中", 30, 4, 2, 0, pol)
    assert (q.quota, q.short, q.backbone_need, q.backbone_short) == (3, 1, 1, 1)
    county = rotation.county_quota([q, rotation.school_quota(2, "二中", 20, 0, 2, 0, pol)], pol)
    assert county["quota"] == 5 and county["short"] == 1 and county["backbone_need"] == 1


# ---------------------------------------------------------------- plan optimality


def _brute_force(rows, quotas, receivers, w):
    """Best total gain over every feasible choice (small cases only)."""
    best = None
    n = len(rows)
    ctx = rotation.Context(receivers)
    options = [None] + [r for r in receivers]
    for choice in itertools.product(options, repeat=n):
        ok = True
        for s, (q, b) in quotas.items():
            going = [rows[i][0] for i in range(n) if rows[i][0].school_id == s and choice[i] is not None]
            if len(going) != q or sum(1 for c in going if c.backbone) < b:
                ok = False
        if not ok:
            continue
        load = {}
        gain = 0.0
        for i, r in enumerate(choice):
            if r is None:
                continue
            c, years = rows[i]
            if c.stage not in r.stages:
                ok = False
                break
            k = load.get(r.id, 0)
            load[r.id] = k + 1
            gain += rotation.pair_gain(c, years, r, ctx, w) - w.crowding * k
        if ok and (best is None or gain > best):
            best = gain
    return best


def test_plan_sends_backbone_to_fewest_backbone_and_fills_missing_subjects():
    a = rotation.Receiver(10, "甲村小", ("小学",), 200, 0, {("小学", "数学"): 0}, {("小学", "数学"): 3.0})
    b = rotation.Receiver(11, "乙村小", ("小学",), 200, 4, {("小学", "音乐"): 0}, {("小学", "音乐"): 2.0})
    rows = [
        (cand(id=1, stage="小学", subject="音乐", backbone=None), 8),
        (cand(id=2, stage="小学", subject="数学", backbone="县级骨干教师"), 8),
        (cand(id=3, stage="小学", subject="语文", backbone=None), 8),
    ]
    out = rotation.plan(rows, {1: (2, 1)}, [a, b])
    got = {p.teacher_id: p.to_school_id for p in out}
    assert got == {2: 10, 1: 11}  # the backbone maths teacher to 甲 (no backbone, no maths), music to 乙
    why = {p.teacher_id: p.reason for p in out}
    assert "骨干教师较少的学校" in why[2] and "数学教师现有 0 人" in why[2]
    assert "音乐教师现有 0 人" in why[1]


def test_plan_is_optimal_on_a_small_case():
    w = rotation.Weights()
    recv = [
        rotation.Receiver(10, "甲", ("小学",), 300, 1, {("小学", "数学"): 1}, {("小学", "数学"): 2.5}),
        rotation.Receiver(11, "乙", ("小学", "初中"), 100, 0, {("初中", "英语"): 0}, {("初中", "英语"): 1.5}),
        rotation.Receiver(12, "丙", ("初中",), 400, 3, {}, {}),
    ]
    rows = [
        (cand(id=1, school_id=1, stage="小学", subject="数学", backbone="县级骨干教师"), 10),
        (cand(id=2, school_id=1, stage="小学", subject="语文"), 15),
        (cand(id=3, school_id=1, stage="初中", subject="英语"), 7),
        (cand(id=4, school_id=2, stage="初中", subject="英语", backbone="市级学科带头人"), 6),
        (cand(id=5, school_id=2, stage="初中", subject="数学"), 20),
    ]
    quotas = {1: (2, 1), 2: (1, 1)}
    out = rotation.plan(rows, quotas, recv, w)
    assert len(out) == 3
    assert rotation.plan_cost(out) == pytest.approx(_brute_force(rows, quotas, recv, w), abs=0.01)
    assert {p.teacher_id for p in out if p.from_school_id == 2} == {4}  # the backbone one must go
    assert any(p.teacher_id == 1 for p in out)  # school 1 sends its backbone teacher


def test_plan_respects_stage_and_quota_when_few_eligible():
    recv = [rotation.Receiver(10, "甲", ("初中",), 300, 1)]
    rows = [(cand(id=1, stage="小学"), 6)]
    assert rotation.plan(rows, {1: (1, 0)}, recv) == []  # a primary teacher does not teach a middle school
    rows = [(cand(id=2, stage="高中", subject="物理"), 6)]
    out = rotation.plan(rows, {1: (1, 0)}, recv)  # a senior-high teacher may teach the stage below
    assert [p.to_school_id for p in out] == [10] and "没有高中，改教初中" in out[0].reason


# ---------------------------------------------------------------- 人编一致


def test_long_loan_and_overdue_placements_are_inconsistent():
    pol = Policy()
    today = D(2025, 10, 1)
    loan = consistency.PlacementFacts(1, "借调", "在岗", 1, 2, P(2024, 9))
    found = consistency.issues(1, "在编", [loan], today, pol)
    assert [i.code for i in found] == ["long_loan"]
    assert {c.action for c in found[0].changes} == {"return", "transfer"}
    exactly = consistency.PlacementFacts(1, "借调", "在岗", 1, 2, P(2024, 10, 1))
    assert consistency.issues(1, "在编", [exactly], today, pol) == []  # exactly one year: within the limit
    overdue = consistency.PlacementFacts(2, "支教", "在岗", 1, 3, P(2024, 9), P(2025, 7))
    assert [i.code for i in consistency.issues(1, "在编", [overdue], today, pol)] == ["overdue"]
    fine = consistency.PlacementFacts(3, "交流轮岗", "在岗", 1, 3, P(2025, 9), P(2028, 7))
    assert consistency.issues(1, "在编", [fine], today, pol) == []
    assert [i.code for i in consistency.issues(None, "在编", [], today, pol)] == ["no_post"]
    both = consistency.issues(
        1, "在编", [fine, consistency.PlacementFacts(4, "支教", "在岗", 1, 5, P(2025, 3))], today, pol
    )
    assert "overlap" in [i.code for i in both]


# ---------------------------------------------------------------- watch rules


def test_watch_rules_explain_every_flag():
    today = D(2025, 10, 1)
    f = attrition.Facts(1, 32, "硕士研究生", "二级教师", D(2014, 9, 1), "甲村小", "乡村", {"申请调动": "2025-06"})
    got = dict(attrition.flags(list(attrition.DEFAULT_RULES), f, RURAL, today))
    assert (
        "高学历青年乡村教师" in got
        and "硕士研究生" in got["高学历青年乡村教师"]
        and "32 岁" in got["高学历青年乡村教师"]
    )
    assert "高职称青年乡村教师" not in got  # 二级 is below 一级
    assert "本人申请调动" in got
    assert "乡村教师职称长期未晋升" in got and "11 年未晋升" in got["乡村教师职称长期未晋升"]
    town = attrition.Facts(2, 34, "硕士研究生", "一级教师", D(2022, 9, 1), "城关小学", "城区")
    assert attrition.flags(list(attrition.DEFAULT_RULES), town, RURAL, today) == []
    at_35 = attrition.Facts(3, 35, "硕士研究生", "一级教师", D(2022, 9, 1), "甲村小", "乡村")
    assert attrition.flags(list(attrition.DEFAULT_RULES), at_35, RURAL, today) == []
    assert attrition.evaluate(attrition.Rule("空"), f, RURAL, today) is None


def _timeline_by_days(posts, stays, until, first_known=None):
    """The timeline's definition, the slow way (the implementation before it was made fast): at every boundary,
    ask working_school() with the posts' missing starts filled in from first_known."""
    from talentdesk.domain.deployment import post_interval, stay_interval

    marks = set()
    spans = [post_interval(p, first_known) for p in posts]
    spans = [s for s in spans if s[0] is not None] + [iv for iv in map(stay_interval, stays) if iv is not None]
    for a, b in spans:
        if a <= until:
            marks.add(a)
            if b is not None and b < until:
                marks.add(b + dt.timedelta(days=1))
    points = sorted(marks)
    fixed = [Post(p.school_id, p.start or (P.from_date(first_known) if first_known else None), p.end) for p in posts]
    out = []
    for i, a in enumerate(points):
        b = points[i + 1] - dt.timedelta(days=1) if i + 1 < len(points) else until
        school = working_school(fixed, stays, a)
        if school is None:
            continue
        if out and out[-1][2] == school and out[-1][1] + dt.timedelta(days=1) == a:
            out[-1] = (out[-1][0], b, school)
        else:
            out.append((a, b, school))
    return out


def test_timeline_equals_its_definition_on_random_histories():
    import random

    rnd = random.Random(17)
    kinds = ("支教", "交流轮岗", "调动", "借调")
    statuses = ("拟交流", "已审批", "在岗", "期满返回", "提前结束")

    def pdate():
        y = rnd.randint(1990, 2026)
        shape = rnd.random()
        return P(y) if shape < 0.3 else P(y, rnd.randint(1, 12)) if shape < 0.7 else P(y, rnd.randint(1, 12), 15)

    for _ in range(3000):
        posts = [
            Post(rnd.randint(1, 4), pdate() if rnd.random() < 0.85 else None, pdate() if rnd.random() < 0.5 else None)
            for _ in range(rnd.randint(0, 4))
        ]
        stays = [
            Stay(
                rnd.randint(1, 6),
                rnd.choice(kinds),
                rnd.choice(statuses),
                pdate() if rnd.random() < 0.9 else None,
                pdate() if rnd.random() < 0.5 else None,
                pdate() if rnd.random() < 0.4 else None,
            )
            for _ in range(rnd.randint(0, 3))
        ]
        until = D(rnd.randint(2000, 2027), rnd.randint(1, 12), 1)
        first = D(rnd.randint(1985, 2010), 9, 1) if rnd.random() < 0.5 else None
        assert timeline(posts, stays, until, first) == _timeline_by_days(posts, stays, until, first)
