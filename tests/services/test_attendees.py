"""A pasted column of names / ID numbers matched to serving teachers before adding them to a course."""

from talentdesk.services.cultivation import attendees
from talentdesk.services.people import teachers
from talentdesk.store.models import Teacher
from talentdesk.store.uow import UnitOfWork
from tests.cultivation_builder import build, make_id


def test_pasted_lines_matched_not_found_ambiguous_and_repeated(db):
    c = build(db)
    sid = c["schools"]
    # a second 张堃 at another school makes the bare name ambiguous; a retired teacher is not offered
    twin = teachers.save(
        db,
        None,
        {"name": "张堃", "id_number": make_id(1990, 31)},
        {"posts": [{"school_id": sid["柳河乡中学"], "start": "2015-09"}]},
    )
    retired = teachers.save(
        db,
        None,
        {"name": "周老", "id_number": make_id(1960, 41)},
        {"posts": [{"school_id": sid["城关中学"], "start": "1985-09"}]},
    )
    with UnitOfWork(db) as uow:
        uow.session.get(Teacher, retired).status = "退休"
        uow.commit()
    text = "\n".join(
        [
            "李䶮",  # 1: a name
            f"{make_id(1990, 31)}",  # 2: an ID number alone
            "张堃",  # 3: two serving teachers of that name
            f"张堃\t{make_id(1980, 12)}",  # 4: name and ID side by side, as copied from Excel
            "",  # blank lines are skipped
            "查无此人",  # 6
            "周老",  # 7: retired
            "李 䶮",  # 8: the same teacher again (a space typed in the name)
            "371525199005201234",  # 9: a number nobody has (and a wrong check digit)
        ]
    )
    got = {m.line: m for m in attendees.match_pasted(db, text)}
    assert sorted(got) == [1, 2, 3, 4, 6, 7, 8, 9]
    assert (got[1].status, got[1].teacher_id, got[1].school) == ("匹配", c["t"]["李䶮"], "城关中学")
    assert (got[2].status, got[2].teacher_id) == ("匹配", twin)
    assert got[3].status == "同名多人" and "青禾镇中学" in got[3].note and "柳河乡中学" in got[3].note
    assert (got[4].status, got[4].teacher_id) == ("匹配", c["t"]["张堃"])
    assert got[6].status == "未找到" and "没有名为“查无此人”的教师" in got[6].note
    assert got[7].status == "未找到" and "退休" in got[7].note
    assert got[8].status == "重复"
    assert got[9].status == "未找到" and "号码本身有误" in got[9].note


def test_serving_teachers_of_a_school(db):
    c = build(db)
    rows = attendees.serving_at(db, [c["schools"]["柳河乡中学"]])
    assert sorted(r[1] for r in rows) == sorted(["王建国", "赵小青", "钱晓"])
