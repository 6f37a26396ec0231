"""Two clerks editing the same record at once in the other areas (issue 10 §1, §5): cultivation (training
courses with their attendance, mentor programmes), deployment (placements), recruitment (batches, talent
recognitions) and a school's yearly figures. Different fields → both kept; the same field → EditConflict.

Each clerk is a separate Database on the same SQLite file or PostgreSQL database.
"""

import pytest

from talentdesk.errors import EditConflict
from talentdesk.services.cultivation import mentoring, training
from talentdesk.services.deployment import placements
from talentdesk.services.people import schools
from talentdesk.services.recruitment import batches as recruitment
from talentdesk.services.recruitment import recognition as talents


def _check(loaded: dict, resolved=None) -> dict:
    """What a form passes back: the version and values it loaded (gui/edit_check.check_args)."""
    return {"version": loaded["version"], "base": loaded, "merge": True, "resolved": resolved}


# ---------------------------------------------------------------- cultivation: a course and its attendance


@pytest.fixture
def course(db, people):
    t1, t2 = people["teachers"]
    return training.save_course(
        db,
        None,
        {"name": "新课标专题培训", "level": "县级", "start": "2025-07", "hours": "24", "organiser": "县教师发展中心"},
        [{"teacher_id": t1, "hours": "24"}, {"teacher_id": t2, "hours": "24"}],
    )


def _course_values(c: dict) -> dict:
    return {k: v for k, v in c.items() if k in training.COURSE_FIELDS}


def _rows(c: dict) -> list[dict]:
    return [{k: r[k] for k in ("id", "teacher_id", "hours", "result", "note")} for r in c["records"]]


def test_course_different_fields_and_attendance_rows_are_merged(clerks, course, people):
    zhang, li = clerks
    mine, theirs = training.get_course(zhang, course), training.get_course(li, course)
    # 李四 changes the organiser and one teacher's hours
    rows = _rows(theirs)
    rows[0]["hours"] = 12.0
    training.save_course(li, course, {**_course_values(theirs), "organiser": "市教育局"}, rows, **_check(theirs))
    # 张三, from the older copy, changes the note and the other teacher's result
    rows = _rows(mine)
    rows[1]["result"] = "未完成"
    rows[1]["hours"] = 0.0
    training.save_course(zhang, course, {**_course_values(mine), "note": "暑期集中"}, rows, **_check(mine))
    now = training.get_course(zhang, course)
    assert (now["organiser"], now["note"]) == ("市教育局", "暑期集中")
    by_id = {r["id"]: r for r in now["records"]}
    first, second = (by_id[r["id"]] for r in mine["records"])
    assert first["hours"] == 12.0 and first["result"] == "合格"
    assert second["hours"] == 0.0 and second["result"] == "未完成"


def test_course_same_field_conflicts_and_nothing_is_written(clerks, course):
    zhang, li = clerks
    mine, theirs = training.get_course(zhang, course), training.get_course(li, course)
    training.save_course(li, course, {**_course_values(theirs), "hours": 30.0}, _rows(theirs), **_check(theirs))
    with pytest.raises(EditConflict) as e:
        training.save_course(
            zhang, course, {**_course_values(mine), "hours": 16.0, "note": "改期"}, _rows(mine), **_check(mine)
        )
    (hours,) = e.value.conflicts
    assert (hours.base, hours.mine, hours.theirs, hours.user) == (24.0, 16.0, 30.0, "李四")
    assert "李四" in e.value.message
    now = training.get_course(zhang, course)
    assert now["hours"] == 30.0 and now["note"] is None
    # the clerk keeps their own value: saved over the new version
    choice = e.value.resolutions({("training_course", course, "hours"): "mine"})
    training.save_course(
        zhang, course, {**_course_values(mine), "hours": 16.0, "note": "改期"}, _rows(mine), **_check(mine, choice)
    )
    now = training.get_course(zhang, course)
    assert (now["hours"], now["note"]) == (16.0, "改期")


def test_attendance_row_changed_on_both_sides_conflicts(clerks, course):
    zhang, li = clerks
    mine, theirs = training.get_course(zhang, course), training.get_course(li, course)
    rows = _rows(theirs)
    rows[0]["note"] = "请假半天"
    training.save_course(li, course, _course_values(theirs), rows, **_check(theirs))
    rows = _rows(mine)
    rows[0]["note"] = "全勤"
    with pytest.raises(EditConflict) as e:
        training.save_course(zhang, course, _course_values(mine), rows, **_check(mine))
    assert e.value.records[0].table == "training_record"
    (note,) = e.value.conflicts
    assert (note.mine, note.theirs) == ("全勤", "请假半天")


def test_programme_merged_and_conflict(clerks, db):
    zhang, li = clerks
    pid = mentoring.save_programme(db, None, {"name": "青蓝工程", "year": "2025"})
    mine, theirs = mentoring.get_programme(zhang, pid), mentoring.get_programme(li, pid)
    mentoring.save_programme(li, pid, {**theirs, "max_mentees": 5}, **_check(theirs))
    mentoring.save_programme(zhang, pid, {**mine, "note": "每学期听课不少于10节"}, **_check(mine))
    now = mentoring.get_programme(db, pid)
    assert (now["max_mentees"], now["note"]) == (5, "每学期听课不少于10节")
    with pytest.raises(EditConflict):
        mentoring.save_programme(zhang, pid, {**mine, "max_mentees": 4}, **_check(mine))


# ---------------------------------------------------------------- deployment: a placement


def _placement_values(p: dict) -> dict:
    return {f: p[f] for f in placements.FIELDS}


def test_placement_merged_and_conflict(clerks, db, people):
    zhang, li = clerks
    a, b = people["schools"]
    pid = placements.save(
        db,
        None,
        {
            "teacher_id": people["teachers"][0],
            "kind": "支教",
            "to_school_id": b,
            "start": "2025-09",
            "planned_end": "2026-07",
        },
    )
    mine, theirs = placements.get(zhang, pid), placements.get(li, pid)
    placements.save(li, pid, {**_placement_values(theirs), "batch": "2025年第一批"}, **_check(theirs))
    placements.save(zhang, pid, {**_placement_values(mine), "note": "每周三天"}, **_check(mine))
    now = placements.get(db, pid)
    assert (now["batch"], now["note"]) == ("2025年第一批", "每周三天")

    with pytest.raises(EditConflict) as e:
        placements.save(zhang, pid, {**_placement_values(mine), "batch": "2025年第二批"}, **_check(mine))
    (batch,) = e.value.conflicts
    assert (batch.mine, batch.theirs) == ("2025年第二批", "2025年第一批")
    assert placements.get(db, pid)["batch"] == "2025年第一批"


# ---------------------------------------------------------------- recruitment: a batch, a talent recognition


def _batch(db, bid):
    return next(b for b in recruitment.list_batches(db) if b["id"] == bid)


def test_recruit_batch_merged_and_conflict(clerks, db):
    zhang, li = clerks
    bid = recruitment.save_batch(
        db, None, {"year": "2025", "channel": "公开招聘", "name": "2025年公开招聘教师", "positions": "40"}
    )
    fields = recruitment.BATCH_FIELDS
    mine, theirs = _batch(zhang, bid), _batch(li, bid)
    recruitment.save_batch(li, bid, {**{f: theirs[f] for f in fields}, "positions": 45}, **_check(theirs))
    recruitment.save_batch(zhang, bid, {**{f: mine[f] for f in fields}, "note": "含特岗"}, **_check(mine))
    now = _batch(db, bid)
    assert (now["positions"], now["note"]) == (45, "含特岗")
    with pytest.raises(EditConflict) as e:
        recruitment.save_batch(zhang, bid, {**{f: mine[f] for f in fields}, "positions": 50}, **_check(mine))
    (positions,) = e.value.conflicts
    assert (positions.base, positions.mine, positions.theirs) == (40, 50, 45)
    assert _batch(db, bid)["positions"] == 45


def test_talent_recognition_merged_and_conflict(clerks, db, people):
    zhang, li = clerks
    rid = talents.save_recognition(
        db,
        None,
        {
            "teacher_id": people["teachers"][0],
            "kind": "高层次人才认定",
            "category": "C",
            "reviewed": "2024-05",
            "date": "2024-06",
            "doc_number": "人才字〔2024〕8号",
        },
    )
    mine, theirs = talents.get(zhang, "recognition", rid), talents.get(li, "recognition", rid)
    talents.save_recognition(li, rid, {**theirs, "issuer": "县人才办"}, **_check(theirs))
    talents.save_recognition(zhang, rid, {**mine, "term_years": 5}, **_check(mine))
    now = talents.get(db, "recognition", rid)
    assert (now["issuer"], now["term_years"]) == ("县人才办", 5)
    with pytest.raises(EditConflict):
        talents.save_recognition(zhang, rid, {**mine, "issuer": "市人社局"}, **_check(mine))
    assert talents.get(db, "recognition", rid)["issuer"] == "县人才办"


# ---------------------------------------------------------------- a school's yearly figures


def _stats(loaded: dict) -> list[dict]:
    return [dict(r) for r in loaded["stats"]]


def _school_values(loaded: dict) -> dict:
    return {f: loaded[f] for f in schools.FIELDS}


def test_school_figures_rows_merged_and_others_additions_kept(clerks, db):
    zhang, li = clerks
    sid = schools.save(
        db,
        None,
        {"name": "城关第二小学"},
        [
            {"school_year": 2024, "stage": "小学", "students": 800, "classes": 18, "quota": 50},
            {"school_year": 2025, "stage": "小学", "students": 820, "classes": 18, "quota": 50},
        ],
    )
    mine, theirs = schools.get(zhang, sid), schools.get(li, sid)
    rows = _stats(theirs)
    rows[1]["students"] = 835
    rows.append({"school_year": 2025, "stage": "初中", "students": 300, "classes": 6, "quota": 25})
    schools.save(li, sid, _school_values(theirs), rows, **_check(theirs))
    rows = _stats(mine)
    rows[1]["classes"] = 19  # another field of the same row
    rows[0]["quota"] = 52
    schools.save(zhang, sid, _school_values(mine), rows, **_check(mine))
    now = {(r["school_year"], r["stage"]): r for r in schools.get(db, sid)["stats"]}
    assert set(now) == {(2024, "小学"), (2025, "小学"), (2025, "初中")}  # 李四's new row stays
    assert now[(2025, "小学")]["students"] == 835 and now[(2025, "小学")]["classes"] == 19
    assert now[(2024, "小学")]["quota"] == 52


def test_school_figure_changed_on_both_sides_conflicts(clerks, db):
    zhang, li = clerks
    sid = schools.save(
        db,
        None,
        {"name": "城关第三小学"},
        [{"school_year": 2025, "stage": "小学", "students": 600, "classes": 12, "quota": 40}],
    )
    mine, theirs = schools.get(zhang, sid), schools.get(li, sid)
    rows = _stats(theirs)
    rows[0]["students"] = 612
    schools.save(li, sid, _school_values(theirs), rows, **_check(theirs))
    rows = _stats(mine)
    rows[0]["students"] = 590
    with pytest.raises(EditConflict) as e:
        schools.save(zhang, sid, {**_school_values(mine), "address": "城关镇人民路8号"}, rows, **_check(mine))
    rc = e.value.records[0]
    assert rc.table == "school_year_stat"
    (students,) = e.value.conflicts
    assert (students.base, students.mine, students.theirs, students.user) == (600, 590, 612, "李四")
    now = schools.get(db, sid)
    assert now["stats"][0]["students"] == 612 and now["address"] is None  # nothing of 张三's save written


def test_school_figure_deleted_here_but_changed_there_is_asked(clerks, db):
    zhang, li = clerks
    sid = schools.save(
        db,
        None,
        {"name": "城关第四小学"},
        [{"school_year": 2024, "stage": "小学", "students": 500, "classes": 10, "quota": 30}],
    )
    mine, theirs = schools.get(zhang, sid), schools.get(li, sid)
    rows = _stats(theirs)
    rows[0]["quota"] = 31
    schools.save(li, sid, _school_values(theirs), rows, **_check(theirs))
    with pytest.raises(EditConflict) as e:
        schools.save(zhang, sid, _school_values(mine), [], **_check(mine))
    assert [f.field for f in e.value.conflicts][0] == "_record"
    assert len(schools.get(db, sid)["stats"]) == 1
