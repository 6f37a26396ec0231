"""Issue 21 §5: a programme member's growth plan (goals, derived status, the same goal for several members,
completion) and degree study (rules, the new degree written once into the education history, audit)."""

import datetime as dt

import pytest
from sqlalchemy import select

from talentdesk.domain import growth as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.errors import ValidationError
from talentdesk.services.cultivation import degree_study, growth, programmes
from talentdesk.services.people import teachers
from talentdesk.store.models import AuditLog, Education, Teacher
from tests.cultivation_builder import build

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def county(db):
    return db, build(db)


def _programme(db, t) -> tuple[int, list[int]]:
    pid = programmes.save(
        db,
        None,
        {"name": "青年骨干教师培养工程", "kind": "培养项目", "level": "县级", "cohort": "2025", "start": "2025-09"},
        [{"teacher_id": t["张堃"]}, {"teacher_id": t["钱晓"]}, {"teacher_id": t["吉𠮷"]}],
    )
    return pid, [m["id"] for m in programmes.get(db, pid)["members"]]


def test_goal_status_is_derived():
    assert rules.goal_status(PartialDate(2026, 6), None, TODAY) == rules.OVERDUE
    assert rules.goal_status(PartialDate(2026, 11), None, TODAY) == rules.OPEN  # due this month: not yet
    assert rules.goal_status(PartialDate(2026), None, TODAY) == rules.OPEN
    assert rules.goal_status(PartialDate(2025), None, TODAY) == rules.OVERDUE
    assert rules.goal_status(PartialDate(2025), PartialDate(2026, 3), TODAY) == rules.DONE
    assert rules.goal_status(None, None, TODAY) == rules.OPEN


def test_goals_of_members_added_in_bulk_completed_and_audited(county):
    db, c = county
    t = c["t"]
    pid, mids = _programme(db, t)
    with pytest.raises(ValidationError) as e:
        growth.save(db, None, mids[0], {"kind": "", "description": ""})
    assert set(e.value.problems) == {"kind", "description"}
    with pytest.raises(ValidationError, match="请先选择培养对象"):
        growth.add_to_members(db, [], {"kind": "论文", "description": "x"})
    assert growth.add_to_members(db, mids, {"kind": "公开课", "description": "上一节县级公开课", "due": "2026-06"}) == 3
    gid = growth.save(db, None, mids[0], {"kind": "论文", "description": "发表一篇论文", "due": "2027-06"})
    mine = growth.goals(db, mids[0], TODAY)
    assert [(g["kind"], g["status"]) for g in mine] == [("公开课", "逾期"), ("论文", "未完成")]
    assert growth.complete(db, [mine[0]["id"]], "2026-05-12", "县教研室听课记录") == 1
    with pytest.raises(ValidationError, match="请填写完成日期"):
        growth.complete(db, [gid], "")
    mine = growth.goals(db, mids[0], TODAY)
    assert mine[0]["status"] == "已完成" and mine[0]["evidence"] == "县教研室听课记录"
    counts = {m["name"]: (m["goals"], m["done"], m["overdue"]) for m in growth.members(db, pid, TODAY)}
    assert counts == {"张堃": (2, 1, 0), "钱晓": (1, 0, 1), "吉𠮷": (1, 0, 1)}
    assert [r[5] for r in growth.teacher_goals(db, t["张堃"], TODAY)] == ["已完成", "未完成"]
    assert growth.delete(db, [gid]) == 1
    with db.sessions() as s:
        audit = s.scalars(select(AuditLog).where(AuditLog.table_name == "growth_goal")).all()
        facts = growth.facts(s)
    assert {a.action for a in audit} == {"insert", "update", "delete"}
    assert {a.teacher_id for a in audit} == {t["张堃"], t["钱晓"], t["吉𠮷"]}
    assert len(facts) == 3
    # a member leaving the programme takes the goals along
    programmes.save(db, pid, programmes.get(db, pid), [{"id": mids[0], "teacher_id": t["张堃"]}])
    assert [m["goals"] for m in growth.members(db, pid, TODAY)] == [1]
    with db.sessions() as s:
        assert len(growth.facts(s)) == 1
        gone = s.scalars(
            select(AuditLog).where(AuditLog.table_name == "growth_goal", AuditLog.action == "delete")
        ).all()
    assert {a.teacher_id for a in gone} == {t["张堃"], t["钱晓"], t["吉𠮷"]}  # each goal's deletion audited
    assert programmes.delete(db, [pid]) == 1
    with db.sessions() as s:
        assert growth.facts(s) == []
        n = len(
            s.scalars(select(AuditLog).where(AuditLog.table_name == "growth_goal", AuditLog.action == "delete")).all()
        )
    assert n == 4


def _study(t, **more):
    return {
        "teacher_id": t["张堃"],
        "degree": "硕士研究生",
        "institution": "山东师范大学",
        "major": "学科教学（数学）",
        "mode": "在职",
        "start": "2024-09",
        "expected_end": "2027-06",
        "leave_months": "6",
        "tuition_support": "12000",
        **more,
    }


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"degree": "大学专科"}, "degree", "攻读学历应为"),
        ({"mode": "函授"}, "mode", "学习方式应为"),
        ({"start": ""}, "start", "请填写入学时间"),
        ({"expected_end": "2023-06"}, "expected_end", "早于入学时间"),
        ({"status": "已毕业"}, "graduated", "已毕业时请填写毕业日期"),
        ({"graduated": "2025-06"}, "graduated", "在读时不填"),
        ({"tuition_support": "很多"}, "tuition_support", "应为数字"),
        ({"leave_months": "-1"}, "leave_months", "应在 0 到 120 之间"),
        ({"teacher_id": None}, "teacher_id", "请选择教师"),
    ],
)
def test_a_wrong_study_is_said_at_its_field(county, change, field, message):
    db, c = county
    with pytest.raises(ValidationError) as e:
        degree_study.save(db, None, _study(c["t"], **change))
    assert message in e.value.problems[field]


def _educations(db, tid):
    with db.sessions() as s:
        eds = s.scalars(select(Education).where(Education.teacher_id == tid).order_by(Education.id)).all()
        return [(e.degree, e.institution, e.graduated.iso() if e.graduated else "", e.highest) for e in eds], s.get(
            Teacher, tid
        ).cur_degree


def test_graduation_enters_the_education_history_once(county):
    db, c = county
    t = c["t"]
    teachers.save(
        db,
        t["张堃"],
        {**teachers.get(db, t["张堃"])["basic"]},
        {
            "educations": [
                {
                    "degree": "大学本科",
                    "institution": "临沂大学",
                    "graduated": "2002-07",
                    "highest": "是",
                    "first": "是",
                }
            ]
        },
    )
    sid = degree_study.save(db, None, _study(t))
    assert _educations(db, t["张堃"]) == ([("大学本科", "临沂大学", "2002-07", True)], "大学本科")
    got = degree_study.get(db, sid)
    assert got["leave_months"] == 6 and got["tuition_support"] == 12000 and got["status"] == "在读"
    degree_study.save(db, sid, _study(t, status="已毕业", graduated="2027-06"), version=got["version"], base=got)
    want = [("大学本科", "临沂大学", "2002-07", False), ("硕士研究生", "山东师范大学", "2027-06", True)]
    assert _educations(db, t["张堃"]) == (want, "硕士研究生")
    # saved again (a note, a corrected institution): the same record, updated, never a second one
    degree_study.save(db, sid, _study(t, status="已毕业", graduated="2027-06", note="获教育硕士学位"))
    degree_study.save(db, sid, _study(t, status="已毕业", graduated="2027-06", institution="曲阜师范大学"))
    want[1] = ("硕士研究生", "曲阜师范大学", "2027-06", True)
    assert _educations(db, t["张堃"]) == (want, "硕士研究生")
    # set back to 在读 by mistake: the record it wrote goes
    degree_study.save(db, sid, _study(t))
    assert _educations(db, t["张堃"]) == ([("大学本科", "临沂大学", "2002-07", True)], "大学本科")
    degree_study.save(db, sid, _study(t, status="已毕业", graduated="2027-06"))
    rows = degree_study.list_rows(db, status="已毕业")
    assert [(r[1], r[3], r[11]) for r in rows] == [("张堃", "硕士研究生", "已毕业")]
    assert degree_study.list_rows(db, year=2023) == []
    assert degree_study.delete(db, [sid]) == 1
    assert len(_educations(db, t["张堃"])[0]) == 2  # the degree was obtained: the record stays
    with db.sessions() as s:
        audit = s.scalars(select(AuditLog).where(AuditLog.table_name.in_(("degree_study", "education")))).all()
    assert {a.action for a in audit if a.table_name == "degree_study"} == {"insert", "update", "delete"}
    assert {a.action for a in audit if a.table_name == "education"} >= {"insert", "update", "delete"}
    assert {a.teacher_id for a in audit} == {t["张堃"]}


def test_a_degree_already_recorded_is_linked_not_duplicated(county):
    db, c = county
    t = c["t"]
    teachers.save(
        db,
        t["钱晓"],
        {**teachers.get(db, t["钱晓"])["basic"]},
        {"educations": [{"degree": "硕士研究生", "institution": "山东师范大学", "graduated": "2026-06"}]},
    )
    degree_study.save(db, None, _study(t, teacher_id=t["钱晓"], status="已毕业", graduated="2026-06"))
    assert len(_educations(db, t["钱晓"])[0]) == 1
