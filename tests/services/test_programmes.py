"""Issues 20 §3 and 21 §5: the programme register — rules on saving (dates, target, cohort, members, results),
the audit trail, whether a member met the target (computed from designations, else recorded), a teacher's
programmes, and members updated in bulk."""

import pytest
from sqlalchemy import select

from talentdesk.domain.dates import PartialDate
from talentdesk.errors import EditConflict, ValidationError
from talentdesk.services.cultivation import programmes
from talentdesk.store.models import AuditLog, Designation
from talentdesk.store.uow import UnitOfWork
from tests.cultivation_builder import build


@pytest.fixture
def county(db):
    return db, build(db)


def _values(**more):
    return {
        "name": "中青年学科带头人培养对象",
        "kind": "培养项目",
        "level": "县级",
        "cohort": "2023",
        "organiser": "县教育和体育局",
        "start": "2023-09",
        "end": "2026-08",
        "target_kind": "骨干教师",
        "target_level": "市级",
        **more,
    }


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"end": "2023-01"}, "end", "结束日期 2023-01 早于开始日期 2023-09"),
        ({"name": " "}, "name", "项目名称不能为空"),
        ({"level": "乡级"}, "level", "级别应为国家级、省级、市级、县级之一"),
        ({"target_kind": "优秀教师"}, "target_kind", "目标称号应为"),
        ({"target_level": ""}, "target_level", "有目标称号时请选择目标级别"),
        ({"kind": ""}, "kind", "请选择或填写项目类型"),
    ],
)
def test_a_wrong_value_is_said_at_its_field(county, change, field, message):
    db, _c = county
    with pytest.raises(ValidationError) as e:
        programmes.save(db, None, _values(**change))
    assert message in e.value.problems[field]


def test_one_programme_per_name_and_cohort(county):
    db, _c = county
    programmes.save(db, None, _values())
    with pytest.raises(ValidationError, match="已登记过培养项目“中青年学科带头人培养对象”（2023）"):
        programmes.save(db, None, _values())
    programmes.save(db, None, _values(cohort="2024", start="2024-09", end="2027-08"))  # the next cohort is fine


def test_members_are_checked_row_by_row(county):
    db, c = county
    t = c["t"]
    bad = [
        {"teacher_id": t["张堃"], "name": "张堃"},
        {"teacher_id": t["张堃"], "name": "张堃"},
        {"teacher_id": t["钱晓"], "name": "钱晓", "result": "退出"},
        {"teacher_id": t["孙悦"], "name": "孙悦", "result": "优秀"},
    ]
    with pytest.raises(ValidationError) as e:
        programmes.save(db, None, _values(), bad)
    said = e.value.problems
    assert said["member2"] == "第2名成员（张堃）与第1名重复"
    assert said["member3"] == "第3名成员（钱晓）：结果为“退出”时请写明原因"
    assert "结果应为在培、结业、合格、未合格、退出之一" in said["member4"]


def test_target_met_is_computed_from_designations_won_during_the_programme(county):
    db, c = county
    t = c["t"]
    pid = programmes.save(
        db,
        None,
        _values(),
        [
            {"teacher_id": t["张堃"], "joined": "2023-09"},
            {"teacher_id": t["钱晓"], "joined": "2023-09", "result": "结业"},
            {"teacher_id": t["王建国"], "joined": "2023-09", "result": "合格"},  # 市级骨干 since 2024-09
            {"teacher_id": t["李䶮"], "joined": "2023-09", "result": "合格"},  # 县级学科带头人: level too low
        ],
        [{"title": "中期考核", "due": "2025-03"}, {"title": "结业考核", "due": "2026-07"}],
    )
    # 张堃 becomes 市级学科带头人 (above 骨干教师 on the ladder) in 2025: met; 钱晓 becomes 县级骨干: not met
    with UnitOfWork(db) as uow:
        uow.session.add(Designation(teacher_id=t["张堃"], kind="学科带头人", level="市级", start=PartialDate(2025, 9)))
        uow.session.add(Designation(teacher_id=t["钱晓"], kind="骨干教师", level="县级", start=PartialDate(2025, 9)))
        uow.commit()
    got = programmes.get(db, pid)
    met = {m["name"]: m["met_now"] for m in got["members"]}
    assert met == {"张堃": True, "钱晓": False, "王建国": True, "李䶮": False}
    row = programmes.list_rows(db)[0]
    assert row[1:5] == ("中青年学科带头人培养对象", "2023", "培养项目", "县级")
    assert row[8] == "市级骨干教师" and row[9:] == (4, 1, 2)  # 4 members, 1 在培, 2 met
    assert [m["title"] for m in got["milestones"]] == ["中期考核", "结业考核"]
    # a programme without a target designation: met is what the clerk recorded
    pid2 = programmes.save(
        db,
        None,
        _values(
            name="齐鲁名师建设工程",
            level="省级",
            kind="人才工程",
            target_kind="",
            target_level="",
            target_text="成为在全省有影响的名师",
        ),
        [{"teacher_id": t["李䶮"], "joined": "2023-09", "result": "合格", "met": "是"}, {"teacher_id": t["张堃"]}],
    )
    assert [m["met_now"] for m in programmes.get(db, pid2)["members"]] == [True, None]
    mine = programmes.teacher_programmes(db, t["张堃"])
    assert {(r[0], r[6]) for r in mine} == {("中青年学科带头人培养对象", "已达成"), ("齐鲁名师建设工程", "—")}


def test_save_edit_results_in_bulk_delete_are_audited(county):
    db, c = county
    t = c["t"]
    pid = programmes.save(db, None, _values(), [{"teacher_id": t["张堃"]}, {"teacher_id": t["钱晓"]}])
    got = programmes.get(db, pid)
    assert [m["result"] for m in got["members"]] == ["在培", "在培"]
    assert programmes.set_results(db, pid, [m["id"] for m in got["members"]], "结业") == 2
    with pytest.raises(ValidationError, match="请写明原因"):
        programmes.set_results(db, pid, [got["members"][0]["id"]], "退出")
    # an edit made from a stale form is refused or merged, never silently lost
    with pytest.raises(EditConflict):
        programmes.save(db, pid, _values(organiser="市教育局"), version=got["version"] - 1, base=got)
    programmes.save(db, pid, _values(organiser="市教育局"), version=got["version"], base=got)
    assert programmes.delete(db, [pid]) == 1
    with db.sessions() as s:
        audit = s.scalars(
            select(AuditLog).where(AuditLog.table_name.in_(("talent_programme", "programme_member")))
        ).all()
    assert {a.action for a in audit if a.table_name == "talent_programme"} == {"insert", "update", "delete"}
    assert {a.teacher_id for a in audit if a.table_name == "programme_member"} == {t["张堃"], t["钱晓"]}
    assert programmes.list_rows(db) == []
