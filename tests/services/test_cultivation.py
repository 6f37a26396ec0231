"""Mentoring, suggested pairings, studios, training hours, tiers and the reserve pool (issue 4)."""

import datetime as dt

import pytest

from talentdesk.errors import UserError, ValidationError
from talentdesk.services.cultivation import mentoring, pairing_suggest, studios, training
from talentdesk.services.cultivation import tiers as talent
from tests.cultivation_builder import TODAY, build


@pytest.fixture
def county(db):
    return db, build(db)


def test_pairing_rules_refuse_and_warn(county):
    db, c = county
    t = c["t"]
    pid = mentoring.save_programme(db, None, {"name": "2026年青蓝工程", "year": "2026"})
    with pytest.raises(UserError, match="同一人"):
        mentoring.save_pairing(db, None, {"programme_id": pid, "mentor_id": t["李䶮"], "mentee_id": t["李䶮"]})
    new, warnings = mentoring.save_pairing(
        db, None, {"programme_id": pid, "mentor_id": t["李䶮"], "mentee_id": t["吉𠮷"], "start": "2026-09"}
    )
    assert warnings == []
    p = mentoring.get_pairing(db, new)
    assert p["subject"] == "数学" and p["stage"] == "初中" and p["planned_end"].iso() == "2029-09"
    with pytest.raises(UserError, match="重复结对"):
        mentoring.save_pairing(db, None, {"programme_id": pid, "mentor_id": t["李䶮"], "mentee_id": t["吉𠮷"]})
    # a language mentor for a maths mentee: saved, with a warning
    _, warnings = mentoring.save_pairing(
        db, None, {"programme_id": pid, "mentor_id": t["王建国"], "mentee_id": t["赵小青"]}
    )
    assert any("学科不同" in w for w in warnings)
    with pytest.raises(ValidationError) as e:
        mentoring.save_pairing(db, new, {**p, "status": "提前终止"})
    assert "end_reason" in e.value.problems
    mentoring.save_pairing(db, new, {**p, "status": "提前终止", "end_reason": "调离本县"})
    assert mentoring.get_pairing(db, new)["status"] == "提前终止"
    # terminated: the same pair may start again
    mentoring.save_pairing(db, None, {"programme_id": pid, "mentor_id": t["李䶮"], "mentee_id": t["吉𠮷"]})


def test_mentor_over_the_programme_limit_is_warned(county):
    db, c = county
    t = c["t"]
    pid = mentoring.save_programme(db, None, {"name": "名师带徒", "year": "2026", "max_mentees": "1"})
    mentoring.save_pairing(db, None, {"programme_id": pid, "mentor_id": t["李䶮"], "mentee_id": t["吉𠮷"]})
    _, warnings = mentoring.save_pairing(
        db, None, {"programme_id": pid, "mentor_id": t["李䶮"], "mentee_id": t["赵小青"]}
    )
    assert any("上限 1 人" in w for w in warnings)


def test_activities_and_teacher_view(county):
    db, c = county
    t = c["t"]
    pid, _ = mentoring.save_pairing(db, None, {"mentor_id": t["李䶮"], "mentee_id": t["吉𠮷"]})
    mentoring.save_activities(
        db,
        pid,
        [{"kind": "公开课", "date": "2026-10-12", "place": "青禾镇中学"}, {"kind": "听课评课", "date": "2026.11"}],
    )
    assert [a["kind"] for a in mentoring.get_pairing(db, pid)["activities"]] == ["公开课", "听课评课"]
    with pytest.raises(ValidationError):
        mentoring.save_activities(db, pid, [{"kind": "公开课", "date": "十月"}])
    # an activity kind outside the list is refused, naming the row and the kind; nothing is stored
    with pytest.raises(ValidationError) as e:
        mentoring.save_activities(
            db, pid, [{"kind": "公开课", "date": "2026-10-12"}, {"kind": "喝茶聊天", "date": "2026-11-02"}]
        )
    assert "喝茶聊天" in e.value.problems["activity2"] and "第2条" in e.value.problems["activity2"]
    assert [a["kind"] for a in mentoring.get_pairing(db, pid)["activities"]] == ["公开课", "听课评课"]
    as_mentor = mentoring.teacher_pairings(db, t["李䶮"])
    as_mentee = mentoring.teacher_pairings(db, t["吉𠮷"])
    assert as_mentor[0][1:3] == ("导师", "吉𠮷") and as_mentee[0][1:3] == ("青年教师", "李䶮")
    row = dict(zip(mentoring.COLUMNS, mentoring.list_pairings(db)[0]))
    assert row["activities"] == 2 and row["programme"] == "（未归入项目）"


def test_suggestion_for_the_county(county):
    db, c = county
    c["t"]
    res = pairing_suggest.propose(db, pairing_suggest.Scope(), today=TODAY)
    got = {r[1]: (r[6], r[10]) for r in res.rows}
    # two young maths teachers, two maths mentors: 吉𠮷 (青禾镇) gets 张堃 of her own school, 赵小青 gets 李䶮
    assert got["吉𠮷"][0] == "张堃" and "同校（青禾镇中学）" in got["吉𠮷"][1]
    assert got["赵小青"][0] == "李䶮" and "县级学科带头人" in got["赵小青"][1]
    assert got["钱晓"][0] == "王建国"
    assert [u[1] for u in res.unmatched] == ["孙悦"] and "小学英语" in res.unmatched[0][3]
    created, msgs = pairing_suggest.accept(db, None, [(r[5], r[0]) for r in res.rows])
    assert created == 3
    again = pairing_suggest.propose(db, pairing_suggest.Scope(), today=TODAY)
    assert again.rows == []  # paired teachers are no longer proposed


def test_suggestion_scope_school(county):
    db, c = county
    res = pairing_suggest.propose(db, pairing_suggest.Scope(school_ids=(c["schools"]["柳河乡中学"],)), today=TODAY)
    assert sorted(r[1] for r in res.rows) == ["赵小青", "钱晓"]


def test_studio_with_members_and_outcomes(county):
    db, c = county
    t = c["t"]
    sid = studios.save(
        db,
        None,
        {
            "name": "李䶮初中数学名师工作室",
            "kind": "名师工作室",
            "level": "县级",
            "host_id": t["李䶮"],
            "school_id": c["schools"]["城关中学"],
            "start": "2025-09",
        },
        [{"teacher_id": t["张堃"], "role": "成员"}, {"teacher_id": t["吉𠮷"], "role": "培养对象"}],
        [{"kind": "课题", "title": "农村初中数学分层作业研究", "date": "2026-03", "level": "市级"}],
    )
    row = dict(zip(studios.COLUMNS, studios.list_rows(db)[0]))
    assert (row["host"], row["members"], row["trainees"], row["records"]) == ("李䶮", 1, 1, 1)
    with pytest.raises(ValidationError, match="主持人本人"):
        studios.save(db, sid, studios.get(db, sid), [{"teacher_id": t["李䶮"]}])
    with pytest.raises(ValidationError, match="级别"):
        studios.save(db, None, {"name": "x", "kind": "名师工作室", "level": "乡级", "host_id": t["张堃"]})
    assert ("李䶮初中数学名师工作室", "培养对象") in studios.teacher_studios(db, t["吉𠮷"])


def test_training_hours_against_the_cycle(county):
    db, c = county
    t = c["t"]
    cid = training.save_course(
        db,
        None,
        {
            "name": "国培计划——乡村教师访名校",
            "level": "国培",
            "start": "2026-07-10",
            "end": "2026-07-20",
            "hours": "72",
            "form": "集中",
        },
        [
            {"teacher_id": t["吉𠮷"]},
            {"teacher_id": t["赵小青"], "hours": "40"},
            {"teacher_id": t["钱晓"], "hours": "0", "result": "未完成"},
        ],
    )
    old = training.save_course(
        db,
        None,
        {"name": "县级全员培训", "level": "县培", "start": "2025-08", "hours": "24"},
        [{"teacher_id": t["吉𠮷"]}],
    )
    rows = {r[1]: r for r in training.hours_rows(db, 2026, TODAY)}
    assert rows["吉𠮷"][7:11] == ("72", "72", "360", "按进度")  # the 2025 course is in the previous cycle
    assert rows["赵小青"][10] == "进度落后" and rows["钱晓"][7] == "0"
    behind = training.hours_rows(db, 2026, TODAY, only_behind=True)
    assert "吉𠮷" not in {r[1] for r in behind}
    by_school = {r[0]: r for r in training.behind_by_school(db, 2026, TODAY)}
    assert by_school["柳河乡中学"][2:5] == (3, 3, 0)
    assert training.cycles_with_data(db)[-1] == 2021  # the 2025 course: the previous cycle can be chosen
    rec = training.teacher_record(db, t["吉𠮷"], 2026, TODAY)
    assert rec["hours"] == 72 and [x["in_cycle"] for x in rec["courses"]] == [False, True]
    with pytest.raises(ValidationError, match="不应认定学时"):
        training.save_course(
            db, old, training.get_course(db, old), [{"teacher_id": t["吉𠮷"], "hours": "10", "result": "不合格"}]
        )
    with pytest.raises(ValidationError):
        training.save_course(db, None, {"name": "县级全员培训", "level": "县培", "start": "2025-08", "hours": "24"})
    assert training.delete_course(db, cid) == 3


def test_tiers_and_moved_up(county):
    db, c = county
    from talentdesk.services.people import teachers

    tid = c["t"]["张堃"]
    data = teachers.get(db, tid)
    year = dt.date.today().year
    teachers.save(
        db,
        tid,
        data["basic"],
        {
            "designations": [
                {"kind": "骨干教师", "level": "县级", "start": f"{year - 3}-09", "end": f"{year}-08"},
                {"kind": "学科带头人", "level": "县级", "start": f"{year}-01", "end": f"{year + 3}-08"},
            ]
        },
    )
    res = talent.tiers(db)
    assert res["totals"]["学科带头人"] == 2 and res["counts"]["骨干教师"] == {"市级": 1}
    assert [(m[1], m[3], m[4]) for m in res["moved_up"]] == [("张堃", "县级骨干教师", "县级学科带头人")]
    rows = {r[0]: r for r in talent.tier_table_rows(res)}
    assert rows["学科带头人"][-1] == 2


def test_reserve_pool(county):
    db, c = county
    t = c["t"]
    eid = talent.save_reserve(
        db,
        None,
        {"teacher_id": t["张堃"], "pool": "后备名师", "entered": "2026-03", "school_id": c["schools"]["青禾镇中学"]},
    )
    with pytest.raises(ValidationError, match="已在后备名师库"):
        talent.save_reserve(db, None, {"teacher_id": t["张堃"], "pool": "后备名师"})
    with pytest.raises(ValidationError) as e:
        talent.save_reserve(db, eid, {**talent.get_reserve(db, eid), "status": "已退出"})
    assert set(e.value.problems) == {"exited", "exit_reason"}
    talent.save_reserve(
        db, eid, {**talent.get_reserve(db, eid), "status": "已退出", "exited": "2026-10", "exit_reason": "调出本县"}
    )
    row = dict(zip(talent.RESERVE_COLUMNS, talent.reserve_rows(db)[0]))
    assert (row["name"], row["status"], row["recommender"]) == ("张堃", "已退出", "青禾镇中学")
    assert "*" in row["id_masked"]


def test_a_finished_cycle_counts_only_its_teachers_pro_rata_for_joiners(county):
    """2021—2025: a teacher hired in 2026 is not in it; one hired within it owes the share still to run."""
    from talentdesk.domain.policy import Policy
    from talentdesk.services.people import teachers
    from talentdesk.services.platform import settings
    from tests.cultivation_builder import make_id

    db, c = county
    new = teachers.save(
        db,
        None,
        {"name": "新入职", "id_number": make_id(2002, 31), "work_start": "2026-09", "employment_form": "在编"},
        {"posts": [{"school_id": c["schools"]["城关中学"], "start": "2026-09"}]},
    )
    rows = {r[1]: r for r in training.hours_rows(db, 2021, TODAY)}
    assert "新入职" not in rows and "李䶮" in rows
    assert rows["李䶮"][9] == "360"  # in service through the whole cycle
    assert rows["钱晓"][9] == "168"  # joined 2023-09: 28 of the cycle's 60 months → 360 × 28/60
    assert rows["赵小青"][9] == "24"  # joined 2025-09: 4 months
    assert rows["钱晓"][10] == "进度落后" and rows["李䶮"][10] == "进度落后"  # no hours recorded in the demo cycle
    assert training.teacher_record(db, new, 2021, TODAY)["standing"].startswith("不计入本周期")
    settings.save_policy(db, Policy(training_joiners="不计入"))
    rows = {r[1]: r for r in training.hours_rows(db, 2021, TODAY)}
    assert "钱晓" not in rows and "赵小青" not in rows and rows["李䶮"][9] == "360"


def test_deleting_a_teacher_and_undoing_keeps_training_studio_and_reserve(county):
    from talentdesk.services.people import teachers

    db, c = county
    t = c["t"]
    training.save_course(
        db,
        None,
        {"name": "县级全员培训", "level": "县培", "start": "2026-08", "hours": "36"},
        [{"teacher_id": t["张堃"]}],
    )
    studios.save(
        db,
        None,
        {"name": "李䶮名师工作室", "kind": "名师工作室", "level": "县级", "host_id": t["李䶮"]},
        [{"teacher_id": t["张堃"]}],
    )
    talent.save_reserve(db, None, {"teacher_id": t["张堃"], "pool": "后备干部"})
    snap = teachers.delete(db, [t["张堃"]])
    assert studios.list_rows(db)[0][9] == 0 and talent.reserve_rows(db) == []
    teachers.restore(db, snap)
    assert studios.list_rows(db)[0][9] == 1 and len(talent.reserve_rows(db)) == 1
    assert {r[1]: r[7] for r in training.hours_rows(db, 2026, TODAY)}["张堃"] == "36"
