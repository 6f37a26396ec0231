"""Rotation figures agree with the lists they name (issue 14 §4): 已安排 = the rows of the plan list
that count, including placements recorded outside the plan; an incomplete plan says why per school."""

import pytest

from talentdesk.domain.policy import Policy
from talentdesk.services.deployment import placements, rotation
from talentdesk.store.models import School, SchoolYearStat
from talentdesk.store.uow import UnitOfWork
from tests.deployment_builder import build


@pytest.fixture
def county(db):
    return build(db)


def test_placements_recorded_this_year_are_listed_in_the_plan_list(db, county):
    # an imported rotation list already sent 城5 this year (it counts towards 已安排); a village teacher's
    # 支教 does not (the village school does not send) and is not listed
    placements.save(
        db,
        None,
        dict(
            teacher_id=county["城5"],
            to_school_id=county["v2"],
            kind="交流轮岗",
            start="2025-09",
            planned_end="2026-07",
            status="在岗",
            batch="2025年名单",
        ),
    )
    placements.save(
        db,
        None,
        dict(
            teacher_id=county["甲1"],
            to_school_id=county["v2"],
            kind="支教",
            start="2025-10",
            planned_end="2026-07",
            status="在岗",
        ),
    )
    yid = rotation.create_year(db, 2025)
    _, before = rotation.quotas(db, yid, Policy())
    assert before["rotated"] == 1
    listed = rotation.plan_list(db, yid)
    assert [(r[2], r[12]) for r in listed] == [("城5", "交流记录")]  # the old plan list showed nothing
    assert listed[0][0] < 0 and "2025年名单" in listed[0][13]
    rotation.propose(db, yid, Policy())
    _, after = rotation.quotas(db, yid, Policy())
    listed = rotation.plan_list(db, yid)
    assert after["rotated"] == len(listed) == 2
    assert rotation.proposals(db, yid)[0][2] != "城5"  # the plan did not pick 城5 again


def test_incomplete_plan_lists_why_per_school(db, county):
    # 乙村小学 becomes a junior-middle school: a primary teacher cannot go there; 甲村小学 sends too
    with UnitOfWork(db) as uow:
        s = uow.session
        s.get(School, county["v2"]).kind = "初中"
        s.query(SchoolYearStat).filter_by(school_id=county["v2"]).update({"stage": "初中"})
        s.get(School, county["v1"]).area = "城区"
        uow.commit()
    yid = rotation.create_year(db, 2025)
    out = rotation.propose(db, yid, Policy())
    assert out.needed == 3 and out.made == 0
    assert [(x.name, x.short) for x in out.shortfalls] == [("城关小学", 2), ("甲村小学", 1)]
    text = out.message()
    assert "尚差 3 个名额，本次安排了 0 人；以下学校还差 3 人" in text
    assert "· 城关小学（还差 2 人）：11 名小学教师没有可去的接收学校（接收学校都没有小学）" in text
    assert "骨干教师还应交流 1 人，能安排的骨干教师只有 0 人" in text
    assert "· 甲村小学（还差 1 人）：3 名小学教师没有可去的接收学校" in text
