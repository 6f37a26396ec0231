"""Two clerks at once (issue 10 §1, §5) on the records that were last without the version check: a hiring plan and
its lines, the schools' rural-subsidy tiers and ending a placement. Different fields or lines → both kept; the same
one → EditConflict, nothing written; the clerk's choice then decides. Both back ends."""

import pytest

from talentdesk.errors import EditConflict
from talentdesk.services.deployment import placements
from talentdesk.services.recruitment import plan as recruitment_plan
from talentdesk.services.recruitment import retention
from talentdesk.store.models_recruitment import HiringPlan, HiringPlanLine
from talentdesk.store.uow import UnitOfWork
from tests.shared.test_concurrent_edits_areas import _check

# ---------------------------------------------------------------- a hiring plan and its lines


@pytest.fixture
def plan(db, people):
    a, b = people["schools"]
    with UnitOfWork(db) as uow:
        p = HiringPlan(
            year=2026,
            title="2026年度中小学教师招聘计划",
            lines=[
                HiringPlanLine(
                    school_id=a,
                    stage="小学",
                    subject="数学",
                    proposed=2,
                    planned=2,
                    channel="公开招聘",
                    reason="缺 2 人",
                ),
                HiringPlanLine(
                    school_id=b,
                    stage="小学",
                    subject="英语",
                    proposed=1,
                    planned=1,
                    channel="特岗计划",
                    reason="缺 1 人",
                ),
            ],
        )
        uow.session.add(p)
        uow.commit()
        return p.id


def _lines(loaded: dict) -> list[dict]:
    return [dict(x) for x in loaded["lines"]]


def _by_subject(lines):
    return {x["subject"]: x for x in lines}


def test_plan_lines_and_status_merged_and_others_line_kept(clerks, plan, people):
    zhang, li = clerks
    mine, theirs = recruitment_plan.get_plan(zhang, plan), recruitment_plan.get_plan(li, plan)
    # 李四: the status, the maths line's number, and a new line
    lines = _lines(theirs)
    _by_subject(lines)["数学"]["planned"] = 3
    lines.append(dict(id=None, school_id=people["schools"][1], stage="小学", subject="音乐", planned=1, proposed=0))
    recruitment_plan.save_plan(li, plan, lines, status="已报批", **_check(theirs))
    # 张三, from the older copy: the English line's note
    lines = _lines(mine)
    _by_subject(lines)["英语"]["note"] = "村小急需"
    recruitment_plan.save_plan(zhang, plan, lines, status=mine["status"], **_check(mine))
    now = recruitment_plan.get_plan(zhang, plan)
    by = _by_subject(now["lines"])
    assert now["status"] == "已报批"
    assert (by["数学"]["planned"], by["英语"]["note"]) == (3, "村小急需")
    assert "音乐" in by  # 李四's line stays


def test_plan_line_changed_on_both_sides_conflicts_then_the_choice_decides(clerks, plan):
    zhang, li = clerks
    mine, theirs = recruitment_plan.get_plan(zhang, plan), recruitment_plan.get_plan(li, plan)
    lines = _lines(theirs)
    _by_subject(lines)["数学"]["planned"] = 3
    recruitment_plan.save_plan(li, plan, lines, **_check(theirs))
    lines = _lines(mine)
    _by_subject(lines)["数学"]["planned"] = 4
    _by_subject(lines)["英语"]["planned"] = 2
    with pytest.raises(EditConflict) as e:
        recruitment_plan.save_plan(zhang, plan, lines, **_check(mine))
    (planned,) = e.value.conflicts
    assert (planned.base, planned.mine, planned.theirs) == (2, 4, 3)
    now = _by_subject(recruitment_plan.get_plan(zhang, plan)["lines"])
    assert (now["数学"]["planned"], now["英语"]["planned"]) == (3, 1)  # nothing of 张三's written
    recruitment_plan.save_plan(zhang, plan, lines, **_check(mine, e.value.resolutions()))  # keep mine
    now = _by_subject(recruitment_plan.get_plan(zhang, plan)["lines"])
    assert (now["数学"]["planned"], now["英语"]["planned"]) == (4, 2)


def test_plan_status_changed_on_both_sides_conflicts(clerks, plan):
    zhang, li = clerks
    mine, theirs = recruitment_plan.get_plan(zhang, plan), recruitment_plan.get_plan(li, plan)
    recruitment_plan.save_plan(li, plan, _lines(theirs), status="已批准", **_check(theirs))
    with pytest.raises(EditConflict):
        recruitment_plan.save_plan(zhang, plan, _lines(mine), status="已报批", **_check(mine))
    assert recruitment_plan.get_plan(zhang, plan)["status"] == "已批准"


# ---------------------------------------------------------------- subsidy tiers


def _tiers(db) -> dict:
    return {r["school_id"]: r for r in retention.list_tiers(db)}


def test_tiers_of_different_schools_merged_same_school_conflicts(clerks, people):
    zhang, li = clerks
    a, b = people["schools"]
    mine, theirs = retention.list_tiers(zhang), retention.list_tiers(li)
    retention.save_tiers(li, {a: "一档"}, theirs)
    retention.save_tiers(zhang, {b: "二档"}, mine)  # another school: no question
    assert {k: r["tier"] for k, r in _tiers(zhang).items()} == {a: "一档", b: "二档"}
    with pytest.raises(EditConflict) as e:
        retention.save_tiers(zhang, {a: "三档", b: None}, mine)  # 李四 gave 城关 一档 meanwhile
    (tier,) = e.value.conflicts
    assert (tier.base, tier.mine, tier.theirs) == ("（无）", "三档", "一档")
    assert _tiers(zhang)[b]["tier"] == "二档"  # nothing written
    retention.save_tiers(zhang, {a: "三档"}, mine, resolved=e.value.resolutions(default="theirs"))
    assert _tiers(zhang)[a]["tier"] == "一档"
    retention.save_tiers(zhang, {a: "三档"}, mine, resolved=e.value.resolutions(default="mine"))
    assert _tiers(zhang)[a]["tier"] == "三档"


def test_set_tier_with_what_the_form_loaded(clerks, people):
    zhang, li = clerks
    a, _ = people["schools"]
    retention.set_tier(zhang, a, "一档")
    mine = _tiers(zhang)[a]
    retention.set_tier(li, a, "二档", base=_tiers(li)[a])
    retention.set_tier(zhang, a, "二档", base=mine)  # same value on both sides: fine
    with pytest.raises(EditConflict):
        retention.set_tier(zhang, a, None, base=mine)
    assert _tiers(zhang)[a]["tier"] == "二档"
    retention.set_tier(zhang, a, None)  # no form: the last save wins, as before
    assert _tiers(zhang)[a]["tier"] is None


# ---------------------------------------------------------------- ending a placement


def test_ending_a_placement_merged_with_other_fields_conflicts_on_the_same(clerks, people):
    zhang, li = clerks
    pid = placements.save(
        zhang,
        None,
        {
            "teacher_id": people["teachers"][0],
            "kind": "支教",
            "to_school_id": people["schools"][1],
            "start": "2025-09",
            "planned_end": "2026-07",
        },
    )
    mine, theirs = placements.get(zhang, pid), placements.get(li, pid)
    placements.save(li, pid, {**{f: theirs[f] for f in placements.FIELDS}, "note": "每周三天"}, **_check(theirs))
    placements.end(zhang, pid, "2026-07", "期满返回", **_check(mine))  # the note is another field: merged
    now = placements.get(zhang, pid)
    assert (now["note"], now["status"], now["actual_end"].iso()) == ("每周三天", "期满返回", "2026-07")

    again_mine, again_theirs = placements.get(zhang, pid), placements.get(li, pid)
    placements.end(li, pid, "2026-06", "提前结束", **_check(again_theirs))
    with pytest.raises(EditConflict) as e:
        placements.end(zhang, pid, "2026-07-15", "期满返回", **_check(again_mine))
    assert [c.field for c in e.value.conflicts] == ["actual_end"]  # 期满返回 was already stored: not mine
    now = placements.get(zhang, pid)
    assert (now["status"], now["actual_end"].iso()) == ("提前结束", "2026-06")


def test_ending_a_deleted_placement_says_who_deleted_it(clerks, people):
    zhang, li = clerks
    pid = placements.save(
        zhang,
        None,
        {"teacher_id": people["teachers"][0], "kind": "支教", "to_school_id": people["schools"][1], "start": "2025-09"},
    )
    mine = placements.get(zhang, pid)
    placements.delete(li, pid)
    with pytest.raises(Exception) as e:
        placements.end(zhang, pid, "2026-07", **_check(mine))
    assert "李四" in str(e.value) and "删除" in str(e.value)
