"""Issue 21 §1: the activity register — the list of kinds, the rules on saving (dates, teachers, duplicates), the
audit trail, a teacher's activities, and one count over the register, pairing and studio activities."""

import pytest
from sqlalchemy import select

from talentdesk.domain import activities as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.errors import EditConflict, ValidationError
from talentdesk.services.cultivation import activities
from talentdesk.store.models import AuditLog, Pairing
from talentdesk.store.models_cultivation import PairingActivity, Studio, StudioMember, StudioRecord
from talentdesk.store.uow import UnitOfWork
from tests.cultivation_builder import build


@pytest.fixture
def county(db):
    return db, build(db)


def _values(**more):
    return {
        "kind": "送教下乡",
        "title": "初中数学送教到柳河",
        "start": "2025-10-14",
        "organiser": "县教研室",
        "level": "县级",
        **more,
    }


def test_the_list_of_kinds_has_the_national_defaults_and_takes_local_ones(db):
    names = [k["name"] for k in activities.kinds(db)]
    assert names[:4] == ["送教下乡", "联片教研", "城乡片区联合教研", "教育大讲堂"]
    assert {"推门课", "师德巡讲", "走访慰问", "青年教师联谊", "宣传报道", "红色教育"} <= set(names)
    assert names == [k for k, _g in rules.DEFAULT_KINDS]  # the migration's copy agrees with the domain's
    kid = activities.add_kind(db, " 读书沙龙 ")
    assert activities.kinds(db)[-1]["name"] == "读书沙龙"
    with pytest.raises(ValidationError, match="已有"):
        activities.add_kind(db, "读书沙龙")
    with pytest.raises(ValidationError, match="不能为空"):
        activities.add_kind(db, "  ")
    activities.remove_kind(db, kid)
    assert "读书沙龙" not in [k["name"] for k in activities.kinds(db)]


def test_a_kind_in_use_stays_on_the_list(county):
    db, c = county
    activities.save(db, None, _values(), [{"teacher_id": c["t"]["张堃"]}])
    kind = next(k for k in activities.kinds(db) if k["name"] == "送教下乡")
    assert kind["used"] == 1
    with pytest.raises(ValidationError, match="1 条活动"):
        activities.remove_kind(db, kind["id"])


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"end": "2025-10-01"}, "end", "结束日期 2025-10-01 早于开始日期 2025-10-14"),
        ({"start": ""}, "start", "请填写活动日期"),
        ({"start": "2025-13"}, "start", "月份"),
        ({"kind": "拔河比赛"}, "kind", "不在类别表中"),
        ({"title": " "}, "title", "活动主题不能为空"),
        ({"level": "乡级"}, "level", "级别应为"),
        ({"lessons": "三"}, "lessons", "节数“三”不是数字"),
        ({"hours": -2}, "hours", "学时不能为负数"),
    ],
)
def test_saving_checks_each_field(county, change, field, message):
    db, _c = county
    with pytest.raises(ValidationError) as e:
        activities.save(db, None, _values(**change))
    assert message in e.value.problems[field]


def test_participants_must_be_known_teachers_listed_once(county):
    db, c = county
    t = c["t"]
    with pytest.raises(ValidationError) as e:
        activities.save(db, None, _values(), [{"teacher_id": t["张堃"]}, {"teacher_id": 999999, "name": "查无此人"}])
    assert e.value.problems["participant2"] == "第2名参加教师（查无此人）：档案中没有这名教师"
    with pytest.raises(ValidationError) as e:
        activities.save(
            db, None, _values(), [{"teacher_id": t["张堃"], "name": "张堃"}, {"teacher_id": t["张堃"], "name": "张堃"}]
        )
    assert e.value.problems["participant2"] == "第2名参加教师（张堃）与第1名重复"
    assert activities.list_rows(db) == []  # nothing saved by a refused save


def test_save_edit_delete_are_audited_and_listed(county):
    db, c = county
    t, s = c["t"], c["schools"]
    aid = activities.save(
        db,
        None,
        _values(school_id=s["柳河乡中学"], lessons=3, hours=6),
        [{"teacher_id": t["李䶮"], "role": "授课"}, {"teacher_id": t["王建国"]}, {"teacher_id": t["钱晓"]}],
    )
    (row,) = activities.list_rows(db)
    assert row[0] == aid and row[3] == "送教下乡" and row[7] == "柳河乡中学"
    assert row[8] == 3 and row[9] == 3.0  # 人次: the participants when not given
    loaded = activities.get(db, aid)
    assert [p["name"] for p in loaded["participants"]] == ["李䶮", "王建国", "钱晓"]
    assert "*" in loaded["participants"][0]["id_number"] or len(loaded["participants"][0]["id_number"]) == 18
    activities.save(
        db,
        aid,
        {**loaded, "person_times": 45},
        [p for p in loaded["participants"] if p["name"] != "钱晓"],
        version=loaded["version"],
        base=loaded,
    )
    again = activities.get(db, aid)
    assert again["person_times"] == 45 and len(again["participants"]) == 2
    assert activities.list_rows(db)[0][9] == 45  # 人次 as given (teachers who came without being listed)
    # filters
    assert activities.list_rows(db, kind="公开课") == []
    assert len(activities.list_rows(db, school_id=s["城关中学"])) == 1  # 李䶮 works there
    assert activities.list_rows(db, school_id=s["城关第一小学"]) == []
    assert len(activities.list_rows(db, first=PartialDate(2025, 10), last=PartialDate(2025, 10))) == 1
    assert activities.list_rows(db, first=PartialDate(2025, 11)) == []
    assert activities.list_rows(db, last=PartialDate(2025, 9)) == []
    # a stale edit is a conflict, not an overwrite
    with pytest.raises(EditConflict):
        activities.save(db, aid, {**loaded, "title": "别的主题"}, version=loaded["version"], base=loaded)
    assert activities.delete(db, [aid]) == 1
    with db.sessions() as ses:
        audit = ses.scalars(select(AuditLog).where(AuditLog.table_name.in_(("activity", "activity_participant")))).all()
    assert {a.action for a in audit if a.table_name == "activity"} == {"insert", "update", "delete"}
    # a participant row carries the teacher: it shows in the teacher's 变更记录
    assert {a.teacher_id for a in audit if a.table_name == "activity_participant"} >= {t["李䶮"], t["钱晓"]}


def _linked(db, c):
    """A pairing with two activities and a studio with an activity and an outcome."""
    t, s = c["t"], c["schools"]
    with UnitOfWork(db) as uow:
        ses = uow.session
        p = Pairing(mentor_id=t["李䶮"], mentee_id=t["孙悦"], start=PartialDate(2025, 9))
        ses.add(p)
        ses.flush()
        ses.add(PairingActivity(pairing_id=p.id, kind="听课评课", date=PartialDate(2025, 10, 9)))
        ses.add(PairingActivity(pairing_id=p.id, kind="公开课", date=PartialDate(2024, 11, 9)))
        st = Studio(
            name="李䶮初中数学名师工作室", kind="名师工作室", level="县级", host_id=t["李䶮"], school_id=s["城关中学"]
        )
        ses.add(st)
        ses.flush()
        for name in ("张堃", "吉𠮷"):
            ses.add(StudioMember(studio_id=st.id, teacher_id=t[name], role="成员"))
        ses.add(StudioRecord(studio_id=st.id, kind="送教下乡", title="送教柳河", date=PartialDate(2025, 11, 2)))
        ses.add(StudioRecord(studio_id=st.id, kind="讲座", title="大单元", date=PartialDate(2025, 12), level="市级"))
        ses.add(StudioRecord(studio_id=st.id, kind="论文", title="一篇论文", date=PartialDate(2025, 12)))
        uow.commit()


def test_one_count_covers_register_pairing_and_studio_activities(county):
    db, c = county
    t = c["t"]
    activities.save(db, None, _values(lessons=2), [{"teacher_id": t["李䶮"]}, {"teacher_id": t["王建国"]}])
    _linked(db, c)
    with db.sessions() as s:
        facts = activities.facts(s, since="2025")
    by = {(f.source, f.kind): f for f in facts}
    assert len(facts) == 4  # the 2024 pairing activity is before SINCE; the studio's 论文 is an outcome
    assert by[("活动登记", "送教下乡")].person_times == 2 and by[("活动登记", "送教下乡")].lessons == 2
    pairing = by[("师徒结对", "听课")]  # 听课评课 counts as the register's 听课
    assert (pairing.level, pairing.person_times, pairing.school_id) == ("校级", 2, c["schools"]["城关中学"])
    studio = by[("名师工作室", "送教下乡")]
    assert (studio.level, studio.person_times) == ("县级", 3)  # host and two members
    assert by[("名师工作室", "教育大讲堂")].level == "市级"  # the record's own level wins


def test_a_teachers_file_lists_every_activity_they_took_part_in(county):
    db, c = county
    t = c["t"]
    activities.save(db, None, _values(), [{"teacher_id": t["李䶮"], "role": "主讲"}])
    _linked(db, c)
    rows = activities.teacher_activities(db, t["李䶮"])
    assert [r[0] for r in rows] == sorted((r[0] for r in rows), reverse=True)
    assert {(r[5], r[4]) for r in rows} == {("活动登记", "主讲"), ("师徒结对", "导师"), ("名师工作室", "主持人")}
    assert len(rows) == 5  # 1 register + 2 pairing + 2 studio activities (the 论文 is an outcome)
    assert [r[5] for r in activities.teacher_activities(db, t["吉𠮷"])] == ["名师工作室", "名师工作室"]
