"""Two clerks editing the same record at once (issue 10 §1, §5): nothing is overwritten silently.

Each clerk is a separate Database (own engine, own connections) on the same SQLite file or PostgreSQL database.
"""

import datetime as dt

import pytest

from talentdesk.domain import idnumber
from talentdesk.errors import EditConflict, NotFound
from talentdesk.services.people import schools, teachers


def _id(seq=123):
    return idnumber.make("371525", dt.date(1985, 3, 12), seq)


@pytest.fixture
def teacher(db):
    sid = schools.save(db, None, {"name": "城关第一小学", "township": "城关镇"})
    return teachers.save(
        db,
        None,
        {"name": "王芳", "id_number": _id(), "phone": "13800000000", "native_place": "山东泰安"},
        {
            "posts": [{"school_id": sid, "start": "2008-09"}],
            "educations": [{"degree": "大学本科", "institution": "泰山学院", "major": "数学"}],
        },
    )


def test_both_save_different_fields_and_nothing_is_lost(clerks, teacher):
    zhang, li = clerks
    mine, theirs = teachers.get(zhang, teacher), teachers.get(li, teacher)
    teachers.save(li, teacher, {**theirs["basic"], "phone": "13900000000"}, loaded=theirs)
    # asked first: the change of the other clerk is shown, nothing to choose
    with pytest.raises(EditConflict) as e:
        teachers.save(zhang, teacher, {**mine["basic"], "native_place": "山东肥城"}, loaded=mine)
    states = {f.field: f.state for f in e.value.fields}
    assert states == {"phone": "theirs", "native_place": "mine"} and not e.value.conflicts
    assert "李四" in e.value.message and "联系电话" in e.value.message
    # allowed to merge: both changes kept
    teachers.save(zhang, teacher, {**mine["basic"], "native_place": "山东肥城"}, loaded=mine, merge=True)
    now = teachers.get(zhang, teacher)["basic"]
    assert now["phone"] == "13900000000" and now["native_place"] == "山东肥城"


def test_both_change_the_same_field_conflict_shows_both_values_and_keeps_theirs(clerks, teacher):
    zhang, li = clerks
    mine, theirs = teachers.get(zhang, teacher), teachers.get(li, teacher)
    teachers.save(li, teacher, {**theirs["basic"], "phone": "13900000000"}, loaded=theirs)
    with pytest.raises(EditConflict) as e:
        teachers.save(
            zhang, teacher, {**mine["basic"], "phone": "13700000000", "note": "调入"}, loaded=mine, merge=True
        )
    c = e.value
    assert c.table_label == "基本信息" and c.record_id == teacher
    (phone,) = c.conflicts
    assert (phone.base, phone.mine, phone.theirs) == ("13800000000", "13700000000", "13900000000")
    assert phone.user == "李四" and phone.at is not None
    assert c.message.startswith("基本信息：这条记录在您打开后已被 李四 于 ")
    assert "联系电话" in c.message and "双方改成了不同的值" in c.message
    now = teachers.get(zhang, teacher)["basic"]
    assert now["phone"] == "13900000000" and now["note"] is None  # nothing written

    # the clerk keeps their own phone: saved over the new version, the other clerk's work is not undone
    choice = c.resolutions({("teacher", teacher, "phone"): "mine"})
    teachers.save(
        zhang, teacher, {**mine["basic"], "phone": "13700000000", "note": "调入"}, loaded=mine, resolved=choice
    )
    now = teachers.get(zhang, teacher)
    assert now["basic"]["phone"] == "13700000000" and now["basic"]["note"] == "调入"
    assert now["version"] == theirs["version"] + 2


def test_choosing_theirs_keeps_their_value_and_saves_the_rest(clerks, teacher):
    zhang, li = clerks
    mine, theirs = teachers.get(zhang, teacher), teachers.get(li, teacher)
    teachers.save(li, teacher, {**theirs["basic"], "phone": "13900000000"}, loaded=theirs)
    with pytest.raises(EditConflict) as e:
        teachers.save(zhang, teacher, {**mine["basic"], "phone": "13700000000", "note": "调入"}, loaded=mine)
    teachers.save(
        zhang,
        teacher,
        {**mine["basic"], "phone": "13700000000", "note": "调入"},
        loaded=mine,
        resolved=e.value.resolutions({("teacher", teacher, "phone"): "theirs"}),
    )
    now = teachers.get(zhang, teacher)["basic"]
    assert now["phone"] == "13900000000" and now["note"] == "调入"


def test_a_choice_made_against_an_older_state_is_asked_again(clerks, teacher):
    zhang, li = clerks
    mine, theirs = teachers.get(zhang, teacher), teachers.get(li, teacher)
    teachers.save(li, teacher, {**theirs["basic"], "phone": "13900000000"}, loaded=theirs)
    with pytest.raises(EditConflict) as e:
        teachers.save(zhang, teacher, {**mine["basic"], "phone": "13700000000"}, loaded=mine)
    again = teachers.get(li, teacher)
    teachers.save(li, teacher, {**again["basic"], "phone": "13600000000"}, loaded=again)  # while 张三 decides
    with pytest.raises(EditConflict) as e2:
        teachers.save(
            zhang,
            teacher,
            {**mine["basic"], "phone": "13700000000"},
            loaded=mine,
            resolved=e.value.resolutions({("teacher", teacher, "phone"): "mine"}),
        )
    assert e2.value.conflicts[0].theirs == "13600000000"
    assert teachers.get(zhang, teacher)["basic"]["phone"] == "13600000000"


def test_teacher_deleted_meanwhile_gives_a_clear_message(clerks, teacher):
    zhang, li = clerks
    mine = teachers.get(zhang, teacher)
    teachers.delete(li, [teacher])
    with pytest.raises(NotFound) as e:
        teachers.save(zhang, teacher, {**mine["basic"], "phone": "13700000000"}, loaded=mine)
    assert "已被 李四" in e.value.message and "删除" in e.value.message


def test_history_records_merge_per_record_and_field(clerks, teacher):
    zhang, li = clerks
    mine, theirs = teachers.get(zhang, teacher), teachers.get(li, teacher)
    edu_l = dict(theirs["educations"][0], institution="山东师范大学")
    teachers.save(
        li,
        teacher,
        theirs["basic"],
        {"educations": [edu_l], "titles": [{"title": "一级教师", "obtained": "2015-06"}]},
        loaded=theirs,
    )
    edu_z = dict(mine["educations"][0], major="数学与应用数学")
    teachers.save(zhang, teacher, mine["basic"], {"educations": [edu_z], "titles": []}, loaded=mine, merge=True)
    now = teachers.get(zhang, teacher)
    (edu,) = now["educations"]
    assert (edu["institution"], edu["major"]) == ("山东师范大学", "数学与应用数学")
    assert [t["title"] for t in now["titles"]] == ["一级教师"]  # added by 李四 meanwhile: not removed


def test_same_history_field_conflicts_and_untouched_records_keep_their_edits(clerks, teacher):
    zhang, li = clerks
    mine, theirs = teachers.get(zhang, teacher), teachers.get(li, teacher)
    teachers.save(
        li, teacher, theirs["basic"], {"educations": [dict(theirs["educations"][0], major="物理")]}, loaded=theirs
    )
    with pytest.raises(EditConflict) as e:
        teachers.save(
            zhang,
            teacher,
            mine["basic"],
            {"educations": [dict(mine["educations"][0], major="化学")]},
            loaded=mine,
            merge=True,
        )
    assert e.value.table_label == "学历"
    assert [(f.label, f.mine, f.theirs) for f in e.value.conflicts] == [("专业", "化学", "物理")]
    # 张三 only changed the phone; his copy of the education list is stale but untouched: 物理 stays
    teachers.save(
        zhang, teacher, {**mine["basic"], "phone": "13500000000"}, {"educations": mine["educations"]}, loaded=mine
    )
    assert teachers.get(zhang, teacher)["educations"][0]["major"] == "物理"


def test_deleting_a_record_the_other_clerk_changed_is_asked(clerks, teacher):
    zhang, li = clerks
    mine, theirs = teachers.get(zhang, teacher), teachers.get(li, teacher)
    teachers.save(
        li, teacher, theirs["basic"], {"educations": [dict(theirs["educations"][0], major="物理")]}, loaded=theirs
    )
    with pytest.raises(EditConflict) as e:
        teachers.save(zhang, teacher, mine["basic"], {"educations": []}, loaded=mine, merge=True)
    assert e.value.conflicts[0].label == "整条记录"
    assert teachers.get(zhang, teacher)["educations"][0]["major"] == "物理"
    teachers.save(
        zhang, teacher, mine["basic"], {"educations": []}, loaded=mine, resolved=e.value.resolutions()
    )  # default: mine → delete anyway
    assert teachers.get(zhang, teacher)["educations"] == []


def test_school_form_conflict(clerks, db):
    zhang, li = clerks
    sid = schools.save(db, None, {"name": "实验中学", "township": "城关镇", "address": "人民路1号"})
    mine, theirs = schools.get(zhang, sid), schools.get(li, sid)
    schools.save(li, sid, {**theirs, "address": "人民路2号"}, version=theirs["version"], base=theirs)
    schools.save(zhang, sid, {**mine, "note": "新校区"}, version=mine["version"], base=mine, merge=True)
    now = schools.get(db, sid)
    assert (now["address"], now["note"]) == ("人民路2号", "新校区")
    with pytest.raises(EditConflict) as e:
        schools.save(zhang, sid, {**mine, "address": "人民路3号"}, version=mine["version"], base=mine, merge=True)
    assert e.value.table_label == "学校" and e.value.conflicts[0].theirs == "人民路2号"
    assert schools.get(db, sid)["address"] == "人民路2号"
