import datetime as dt

import pytest

from talentdesk.domain import recruitment as r
from talentdesk.domain.dates import PartialDate as P
from talentdesk.domain.policy import Policy


@pytest.mark.parametrize(
    "start, years, end",
    [
        (P(2020, 9, 1), 6, P(2026, 8, 31)),
        (P(2020, 9), 6, P(2026, 8)),
        (P(2023, 1), 3, P(2025, 12)),
        (P(2020, 2, 29), 3, P(2023, 2, 28)),  # leap day: the term ends the day before 1 March
        (P(2020), 6, P(2025)),
    ],
)
def test_obligation_end(start, years, end):
    assert r.obligation_end(start, years) == end


def test_obligation_state_on_the_last_day_and_the_day_after():
    end = P(2026, 8, 31)
    assert r.obligation_state("公费师范生", end, None, dt.date(2026, 8, 31)) == "服务中"
    assert r.obligation_state("公费师范生", end, None, dt.date(2026, 9, 1)) == "已期满"
    assert r.obligation_state("特岗计划", end, None, dt.date(2026, 9, 1)) == "期满待转编"
    # month precision: serving through the whole last month
    assert r.obligation_state("特岗计划", P(2026, 8), None, dt.date(2026, 8, 31)) == "服务中"
    assert r.obligation_state("特岗计划", P(2026, 8), None, dt.date(2026, 9, 1)) == "期满待转编"
    # what the clerk recorded wins
    assert r.obligation_state("特岗计划", end, "已转编", dt.date(2030, 1, 1)) == "已转编"
    assert r.obligation_state("公费师范生", end, "违约", dt.date(2022, 1, 1)) == "违约"


def test_due_this_year():
    assert r.due_in_year(P(2026, 8), "服务中", 2026)
    assert not r.due_in_year(P(2027, 8), "服务中", 2026)
    assert r.due_in_year(P(2025, 8), "期满待转编", 2026)  # overdue conversion stays on the list
    assert not r.due_in_year(P(2026, 8), "已转编", 2026)
    assert not r.due_in_year(P(2025, 8), "已期满", 2026)


def test_retirement_date_from_policy():
    pol = Policy()
    assert r.retirement_date(dt.date(1966, 5, 10), "男", pol) == dt.date(2026, 5, 10)
    assert r.retirement_date(dt.date(1971, 2, 28), "女", pol) == dt.date(2026, 2, 28)
    assert r.retirement_date(dt.date(1964, 2, 29), "男", pol) == dt.date(2024, 2, 29)
    assert r.retirement_date(dt.date(1965, 2, 28), None, pol) is None
    pol.retirement_age = {"男": 63, "女": 58}
    assert r.retirement_date(dt.date(1966, 5, 10), "男", pol) == dt.date(2029, 5, 10)


def test_staff_need_rounds_up_at_the_boundary():
    assert r.staff_need(190, 19.0) == 10
    assert r.staff_need(191, 19.0) == 11
    assert r.staff_need(0, 19.0) == 0
    assert r.staff_need(135, 13.5) == 10


def _fig(**kw):
    base = dict(
        school_id=1,
        school="城关小学",
        stage="小学",
        students=380,
        classes=10,
        teachers=18,
        by_subject={
            "语文": 5,
            "数学": 4,
            "英语": 1,
            "体育": 2,
            "音乐": 1,
            "美术": 1,
            "科学": 1,
            "政治": 2,
            "信息技术": 1,
        },
    )
    base.update(kw)
    return r.StageFigures(**base)


def test_proposal_fills_the_gap_to_the_largest_subject_shortages():
    pol = Policy()
    fig = _fig(retiring={2026: 1}, retiring_subject={"语文": 1})
    p = r.propose(fig, 2026, pol)
    # 380 / 19 = 20 needed; 18 serving, 1 retires this year → 3 short
    assert (p.need, p.teachers, p.retiring, p.gap, p.proposed) == (20, 18, 1, 3, 3)
    # 10 classes × 7 periods / 14 = 5 语文 needed, 4 left after the retirement → 1 short
    assert p.shortage["语文"] == pytest.approx(1.0)
    assert sum(p.subjects.values()) == 3
    assert p.subjects.get("语文") == 1
    assert "缺 3 人" in p.reason and "2026年退休 1 人" in p.reason and "1:19" in p.reason


def test_over_staffed_school_gets_no_posts():
    p = r.propose(_fig(teachers=25), 2026, Policy())
    assert p.gap == -5 and p.proposed == 0 and p.subjects == {} and "超编 5 人" in p.reason


def test_ratio_from_policy_changes_the_plan():
    pol = Policy()
    pol.staff_ratio = {**pol.staff_ratio, "小学": 15.0}
    assert r.propose(_fig(), 2026, pol).need == 26


def test_subject_of_major():
    assert r.subject_of_major("汉语言文学") == "语文"
    assert r.subject_of_major("数学与应用数学（师范）") == "数学"
    assert r.subject_of_major("音乐学") == "音乐"
    assert r.subject_of_major("土木工程") is None


def test_talent_benefits_follow_policy():
    pol = Policy()
    a = r.talent_benefits("高层次人才认定", "A", pol)
    assert [b.text() for b in a][:2] == ["人才津贴每月 5,000 元", "一次性安家补贴 200,000 元"]
    assert any("子女入学" in b.item for b in a)
    e = r.talent_benefits("高层次人才认定", "E", pol)
    assert not any("子女入学" in b.item for b in e)
    assert r.talent_benefits("国务院特殊津贴", None, pol)[0].amount == 20000
    pol.talent_monthly_allowance = {**pol.talent_monthly_allowance, "A": 6000}
    assert r.talent_benefits("高层次人才认定", "A", pol)[0].amount == 6000


def test_subsidy_across_a_mid_month_move():
    tiers = {1: "二档", 2: "三档"}
    amounts = {"二档": 500, "三档": 800}
    spans = [r.Span(1, dt.date(2020, 9, 1), dt.date(2026, 3, 15)), r.Span(2, dt.date(2026, 3, 16), None)]
    amount, days = r.monthly_subsidy(spans, tiers, amounts, 2026, 3)
    assert days == {1: 15, 2: 16}
    assert amount == round(500 * 15 / 31 + 800 * 16 / 31, 2)


def test_subsidy_placement_wins_and_untiered_days_are_not_paid():
    tiers = {2: "三档"}
    spans = [r.Span(1, dt.date(2020, 9, 1), None), r.Span(2, dt.date(2026, 4, 11), None, "placement")]
    amount, days = r.monthly_subsidy(spans, tiers, {"三档": 900}, 2026, 4)
    assert days == {1: 10, 2: 20}
    assert amount == 600.0


def test_subsidy_month_precision_move_goes_to_the_new_school():
    spans = [r.Span(1, *r.span_dates(P(2019, 9), P(2026, 3))), r.Span(2, *r.span_dates(P(2026, 3), None))]
    amount, days = r.monthly_subsidy(spans, {1: "一档", 2: "三档"}, {"一档": 300, "三档": 800}, 2026, 3)
    assert days == {2: 31} and amount == 800.0


def test_subsidy_stops_after_the_last_working_day():
    spans = [r.Span(1, dt.date(2000, 9, 1), None)]
    amount, _ = r.monthly_subsidy(spans, {1: "二档"}, {"二档": 600}, 2026, 6, dt.date(2026, 6, 10))
    assert amount == 200.0
