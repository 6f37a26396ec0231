"""Postings outside the county (issue 22 §2): a call to an outside unit, candidates through 报名 → 推荐 → 考核 →
选派/未选派, the selected teacher away from the county's schools, and the figures over a period."""

import datetime as dt

import pytest

from talentdesk.domain import postings as rules
from talentdesk.domain.dates import PartialDate as P
from talentdesk.domain.policy import Policy
from talentdesk.errors import UserError, ValidationError
from talentdesk.services.deployment import consistency, placements, postings
from talentdesk.services.platform import check
from talentdesk.store.models import AuditLog, Placement, Teacher
from talentdesk.store.models_postings import PostingCandidate
from tests.deployment_builder import build

TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def county(db):
    return build(db)


def _call(db, **over):
    values = dict(
        title="2026年援藏教师选派",
        kind="援藏",
        unit="日喀则市第一中学",
        region="西藏自治区",
        unit_kind="学校",
        announced="2026-03-01",
        start="2026-08-20",
        planned_end="2027-07",
        places=2,
        document="县教发〔2026〕12号",
    )
    values.update(over)
    return postings.save_call(db, None, values)


def _candidate(db, call_id, teacher_id, **over):
    values = dict(call_id=call_id, teacher_id=teacher_id, applied_on="2026-03-10", applied_note="本人自愿报名")
    values.update(over)
    return postings.save_candidate(db, None, values, today=TODAY)


SELECTED = dict(
    recommended_on="2026-03-20",
    recommended_note="学校推荐",
    assessed_on="2026-04-15",
    assessed_note="考核合格",
    decision="选派",
    decided_on="2026-05-10",
)


def test_a_selected_candidate_is_posted_to_the_outside_unit_not_to_a_school(db, county):
    call = _call(db)
    cid = _candidate(db, call, county["城1"], **SELECTED)
    _candidate(db, call, county["城2"], recommended_on="2026-03-20")
    got = postings.get_candidate(db, cid)
    assert got["placement_id"] is not None
    with db.sessions() as s:
        p = s.get(Placement, got["placement_id"])
        assert (p.to_school_id, p.outside_unit, p.outside_region, p.kind) == (
            None,
            "日喀则市第一中学",
            "西藏自治区",
            "援藏",
        )
        assert p.from_school_id == county["town"] and p.status == "在岗" and p.start == P(2026, 8, 20)
        t = s.get(Teacher, county["城1"])
        assert t.cur_post_school_id == county["town"]  # the post stays at the county school
        assert t.cur_work_school_id is None  # works at no county school meanwhile
    assert placements.working_school_on(db, county["城1"], dt.date(2026, 10, 1)) == (
        None,
        "县外：西藏自治区·日喀则市第一中学（援藏）",
    )
    assert placements.working_school_on(db, county["城1"], dt.date(2026, 8, 1))[1] == "城关小学"
    row = next(r for r in placements.list_rows(db) if r.teacher_id == county["城1"])
    assert row.to_school == "西藏自治区·日喀则市第一中学" and row.kind == "援藏"
    # 人编一致 and the data check see a posting in order: no problem, no mismatch
    assert [r for r in consistency.find(db, TODAY, Policy()) if r.teacher_id == county["城1"]] == []
    found = check.run(db, today=TODAY)
    assert not [f for f in found.findings if f.code.startswith("staffing")]
    away = postings.away(db, TODAY)
    assert [(a.name, a.unit, a.post_school) for a in away] == [("城1", "日喀则市第一中学", "城关小学")]
    rows = postings.list_candidates(db, call_id=call)
    assert [(r.name, r.stage) for r in rows] == [("城1", "选派"), ("城2", "推荐")]
    assert postings.list_candidates(db, stage="推荐")[0].name == "城2"
    (c,) = postings.list_calls(db)
    assert (c.applied, c.selected, c.places) == (2, 1, 2)


def test_steps_must_be_in_order_and_selection_needs_recommendation_and_assessment(db, county):
    call = _call(db)
    with pytest.raises(ValidationError) as e:
        _candidate(db, call, county["城1"], decision="选派", decided_on="2026-05-10")
    assert "推荐" in e.value.problems["recommended_on"] and "考核" in e.value.problems["assessed_on"]
    with pytest.raises(ValidationError) as e:
        _candidate(db, call, county["城1"], recommended_on="2026-03-01")
    assert e.value.problems["recommended_on"] == "推荐日期（2026-03-01）早于报名日期（2026-03-10）"
    with pytest.raises(ValidationError) as e:
        _candidate(db, call, county["城1"], decision="选派")
    assert "决定日期" in e.value.problems["decided_on"]
    with pytest.raises(ValidationError) as e:
        _candidate(db, call, county["城1"], applied_on="")
    assert e.value.problems["applied_on"] == "请填写报名日期"
    _candidate(db, call, county["城1"])
    with pytest.raises(ValidationError) as e:
        _candidate(db, call, county["城1"])
    assert e.value.problems["teacher_id"] == "城1已在“2026年援藏教师选派”的报名名单中"


def test_a_call_needs_a_kind_unit_and_region_and_a_unique_title(db, county):
    with pytest.raises(ValidationError) as e:
        _call(db, kind="支教", unit="", region="", places="1.5")
    p = e.value.problems
    assert p["kind"].startswith("类别应为：援藏、援疆")
    assert p["unit"] == "请填写派往的县外单位" and p["region"] == "请填写县外单位所在的省份/地区"
    assert "整数" in p["places"]
    _call(db)
    with pytest.raises(ValidationError) as e:
        _call(db)
    assert e.value.problems["title"] == "已有名为“2026年援藏教师选派”的选派"


def test_not_selected_after_all_takes_the_placement_back_and_a_call_change_follows(db, county):
    call = _call(db)
    cid = _candidate(db, call, county["城1"], **SELECTED)
    with pytest.raises(UserError):
        postings.delete_call(db, call)
    with pytest.raises(UserError):
        postings.delete_candidate(db, cid)
    postings.save_call(db, call, {**postings.get_call(db, call), "unit": "拉萨市第二中学", "region": "西藏自治区"})
    with db.sessions() as s:
        pid = s.get(PostingCandidate, cid).placement_id
        assert s.get(Placement, pid).outside_unit == "拉萨市第二中学"
    values = {**postings.get_candidate(db, cid), "decision": "未选派", "decision_note": "体检未通过"}
    postings.save_candidate(db, cid, values, today=TODAY)
    with db.sessions() as s:
        assert s.get(Placement, pid) is None
        assert s.get(Teacher, county["城1"]).cur_work_school_id == county["town"]
        changed = {a.table_name for a in s.query(AuditLog)}
    assert {"posting_call", "posting_candidate", "placement"} <= changed
    postings.delete_candidate(db, cid)
    postings.delete_call(db, call)
    assert postings.list_calls(db) == []


def test_an_ended_posting_cannot_be_undone_by_the_decision(db, county):
    call = _call(db)
    cid = _candidate(db, call, county["城1"], **SELECTED)
    pid = postings.get_candidate(db, cid)["placement_id"]
    placements.end(db, pid, "2026-11-30", "提前结束")
    with pytest.raises(ValidationError) as e:
        postings.save_candidate(db, cid, {**postings.get_candidate(db, cid), "decision": "未选派"}, today=TODAY)
    assert "已派出并于 2026-11-30 结束" in e.value.problems["decision"]
    assert postings.away(db, TODAY) == []
    assert [a.name for a in postings.away_in(db, dt.date(2026, 1, 1), TODAY)] == ["城1"]


def test_a_placement_outside_the_county_names_its_unit_and_keeps_the_relation(db, county):
    base = dict(teacher_id=county["城3"], kind="援疆", start="2026-02", planned_end="2027-01")
    with pytest.raises(ValidationError) as e:
        placements.save(db, None, dict(base, moves_relation=True))
    p = e.value.problems
    assert p["outside_unit"] == "援疆请填写派往的县外单位名称" and "省份" in p["outside_region"]
    assert "减员" in p["moves_relation"]
    with pytest.raises(ValidationError) as e:
        placements.save(db, None, dict(base, kind="支教", to_school_id=county["v1"], outside_unit="喀什第六中学"))
    assert "援藏" in e.value.problems["outside_unit"]
    pid = placements.save(
        db, None, dict(base, to_school_id=county["v1"], outside_unit="喀什第六中学", outside_region="新疆维吾尔自治区")
    )
    got = placements.get(db, pid)
    assert got["to_school_id"] is None and got["outside_unit"] == "喀什第六中学"  # no made-up school


def test_figures_over_a_period_by_kind_and_region(db, county):
    tibet = _call(db)
    xj = _call(
        db,
        title="2025年援疆教师选派",
        kind="援疆",
        unit="喀什地区疏附县第二中学",
        region="新疆维吾尔自治区",
        announced="2025-02",
        start="2025-08",
        planned_end="2026-07",
    )
    _candidate(db, tibet, county["城1"], **SELECTED)
    _candidate(
        db,
        tibet,
        county["城2"],
        recommended_on="2026-03-20",
        assessed_on="2026-04-15",
        decision="未选派",
        decided_on="2026-05-10",
    )
    _candidate(db, tibet, county["城3"])
    _candidate(
        db,
        xj,
        county["城4"],
        applied_on="2025-03",
        recommended_on="2025-03",
        assessed_on="2025-04",
        decision="选派",
        decided_on="2025-05",
    )
    with db.sessions() as s:
        facts = postings.facts(s)
    f26 = rules.figures(facts, P(2026, 1), P(2026, 12))
    assert (f26.applied, f26.selected, f26.not_selected) == (3, 1, 1)
    assert dict(f26.by_region) == {"西藏自治区": 1} and dict(f26.by_kind) == {"援藏": 1}
    both = rules.figures(facts, P(2025, 1), P(2026, 12))
    assert (both.applied, both.selected) == (4, 2)
    assert dict(both.by_kind) == {"援藏": 1, "援疆": 1}
    with db.sessions() as s:
        assert postings.facts(s, {county["v1"]}) == []
