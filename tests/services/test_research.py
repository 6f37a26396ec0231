"""Issue 21 §5: the 课题 register — rules on saving (required fields, level, kind, step, dates in order, the host a
member of the group, one project per title, level and year), the audit trail, a teacher's projects, steps set for
several projects at once, and the edit right."""

import pytest
from sqlalchemy import select

from talentdesk.errors import EditConflict, ValidationError
from talentdesk.services.cultivation import research
from talentdesk.store.models import AuditLog
from tests.cultivation_builder import build


@pytest.fixture
def county(db):
    return db, build(db)


def _values(**more):
    return {
        "title": "基于核心素养的初中数学单元整体教学研究",
        "level": "省级",
        "kind": "重点课题",
        "issuer": "省教育科学规划领导小组",
        "number": "2024JK015",
        "approved": "2024-06",
        "planned_end": "2026-06",
        "status": "立项",
        **more,
    }


def _group(t):
    return [
        {"teacher_id": t["张堃"], "name": "张堃", "role": "主持人"},
        {"teacher_id": t["李䶮"], "name": "李䶮", "role": "核心成员"},
        {"teacher_id": t["吉𠮷"], "name": "吉𠮷"},
    ]


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"title": " "}, "title", "课题名称不能为空"),
        ({"level": "乡级"}, "level", "级别应为国家级、省级、市级、县级之一"),
        ({"kind": "特别"}, "kind", "课题类别“特别”应为重点课题、一般课题、专项课题、青年课题、自筹课题之一"),
        ({"kind": ""}, "kind", "请选择课题类别"),
        ({"approved": ""}, "approved", "请填写立项日期"),
        ({"planned_end": "2023-12"}, "planned_end", "计划结题日期 2023-12 早于立项日期 2024-06"),
        ({"status": "结题"}, "concluded", "状态为“结题”时请填写结题日期"),
        ({"status": "结题", "concluded": "2024-01"}, "concluded", "结题日期 2024-01 早于立项日期 2024-06"),
        ({"status": "获奖", "concluded": "2026-05"}, "award", "状态为“获奖”时请选择获奖等次"),
        ({"award": "一等奖"}, "award", "只有状态为“获奖”的课题才有获奖等次"),
        ({"concluded": "2026-05"}, "concluded", "状态为“立项”的课题还没有结题"),
        ({"status": "暂停"}, "status", "课题状态应为立项、中期、结题、获奖、撤项、延期之一"),
    ],
)
def test_a_wrong_value_is_said_at_its_field(county, change, field, message):
    db, c = county
    with pytest.raises(ValidationError) as e:
        research.save(db, None, _values(**change), _group(c["t"]))
    assert message in e.value.problems[field]


def test_the_host_is_one_member_of_the_group(county):
    db, c = county
    t = c["t"]
    with pytest.raises(ValidationError) as e:
        research.save(db, None, _values(), [{"teacher_id": t["张堃"], "role": "成员"}])
    assert "要有主持人" in e.value.problems["host_id"]
    with pytest.raises(ValidationError) as e:
        research.save(db, None, _values(host_id=t["王建国"]), _group(t))
    assert e.value.problems["host_id"] == "主持人必须是课题组成员，请先把主持人加入课题组"
    two = [{"teacher_id": t["张堃"], "role": "主持人"}, {"teacher_id": t["李䶮"], "role": "主持人"}]
    with pytest.raises(ValidationError, match="只能有一名主持人"):
        research.save(db, None, _values(), two)
    with pytest.raises(ValidationError) as e:
        research.save(db, None, _values(), [*_group(t), {"teacher_id": t["张堃"], "name": "张堃"}])
    assert e.value.problems["member4"] == "第4名成员（张堃）与第1名重复"
    # host_id names the host: the member it names becomes 主持人, the one who was is an ordinary member
    pid = research.save(db, None, _values(host_id=t["李䶮"]), _group(t))
    got = research.get(db, pid)
    assert got["host"] == "李䶮" and [m["role"] for m in got["members"]] == ["主持人", "成员", "成员"]
    # the school defaults to the host's
    assert got["school"] == "城关中学"


def test_one_project_per_title_level_and_year(county):
    db, c = county
    research.save(db, None, _values(), _group(c["t"]))
    with pytest.raises(ValidationError) as e:
        research.save(db, None, _values(approved="2024-11"), _group(c["t"]))
    assert e.value.problems["title"] == "2024年已登记过省级课题“基于核心素养的初中数学单元整体教学研究”，不能重复登记"
    research.save(db, None, _values(level="市级"), _group(c["t"]))  # another level is another project
    research.save(db, None, _values(approved="2025-06"), _group(c["t"]))  # so is another year


def test_list_filters_teacher_projects_steps_and_audit(county):
    db, c = county
    t = c["t"]
    pid = research.save(db, None, _values(), _group(t))
    other = research.save(
        db,
        None,
        _values(title="农村小学英语绘本阅读实践研究", level="县级", kind="一般", approved="2023-03", school_id=""),
        [{"teacher_id": t["孙悦"], "role": "主持人"}],
    )
    rows = research.list_rows(db)
    assert [r.id for r in rows] == [pid, other]
    assert rows[0][1:] == (
        "2024-06",
        "基于核心素养的初中数学单元整体教学研究",
        "省级",
        "重点课题",
        "2024JK015",
        "张堃",
        "青禾镇中学",
        3,
        "立项",
        "2026-06",
        "",
    )
    assert rows[1].kind == "一般课题" and rows[1].school == "城关第一小学"
    assert [r.id for r in research.list_rows(db, level="县级")] == [other]
    assert [r.id for r in research.list_rows(db, year=2024)] == [pid]
    assert [r.id for r in research.list_rows(db, search="孙悦")] == [other]
    assert research.list_rows(db, status="结题") == []
    # a batch of 结题: the date given, the rules still hold
    with pytest.raises(ValidationError, match="请填写结题日期"):
        research.set_status(db, [pid, other], "结题")
    from talentdesk.domain.dates import PartialDate

    assert research.set_status(db, [pid, other], "获奖", concluded=PartialDate(2026, 5), award="二等奖") == 2
    assert research.list_rows(db, status="获奖")[0].status == "获奖（二等奖）"
    assert research.teacher_projects(db, t["李䶮"]) == [
        ("2024-06", "基于核心素养的初中数学单元整体教学研究", "省级", "重点课题", "核心成员", "获奖（二等奖）")
    ]
    got = research.get(db, pid)
    with pytest.raises(EditConflict):
        research.save(db, pid, {**got, "note": "x"}, version=got["version"] - 1, base=got)
    research.save(db, pid, {**got, "note": "经费 2 万元"}, got["members"][:2], version=got["version"], base=got)
    assert research.delete(db, [pid]) == 1
    with db.sessions() as s:
        audit = s.scalars(
            select(AuditLog).where(AuditLog.table_name.in_(("research_project", "research_member")))
        ).all()
    assert {a.action for a in audit if a.table_name == "research_project"} >= {"insert", "update", "delete"}
    assert {a.teacher_id for a in audit if a.table_name == "research_member"} >= {t["张堃"], t["李䶮"], t["吉𠮷"]}


def test_a_viewer_may_not_save_a_clerk_may(tmp_path):
    from talentdesk.services.accounts import accounts
    from talentdesk.services.accounts.access import CLERK, VIEWER, PermissionDenied
    from talentdesk.services.platform import workspace
    from tests import cultivation_builder

    ws = workspace.open_workspace(tmp_path / "roles.db")
    try:
        c = cultivation_builder.build(ws.db)
        accounts.create_admin(ws.db, "admin", "admin-pass-1")
        for login, role in (("clerk", CLERK), ("viewer", VIEWER)):
            accounts.save_user(ws.db, None, login, role, "", f"{login}-pass-1")
        accounts.sign_in(ws.db, "viewer", "viewer-pass-1")
        for call in (
            lambda: research.save(ws.db, None, _values(), _group(c["t"])),
            lambda: research.set_status(ws.db, [1], "中期"),
            lambda: research.delete(ws.db, [1]),
        ):
            with pytest.raises(PermissionDenied, match="查阅员“viewer”没有“录入和修改”的权限"):
                call()
        accounts.sign_in(ws.db, "clerk", "clerk-pass-1")
        pid = research.save(ws.db, None, _values(), _group(c["t"]))
        assert research.get(ws.db, pid)["host"] == "张堃"
    finally:
        ws.close(backup_on_exit=False)


def test_a_school_with_projects_is_not_deleted(county):
    db, c = county
    from talentdesk.errors import UserError
    from talentdesk.services.people import schools

    sid = schools.save(db, None, {"name": "城关镇新建中学", "township": "城关镇", "area": "城区", "kind": "初中"})
    research.save(db, None, _values(school_id=sid), _group(c["t"]))
    with pytest.raises(UserError, match="“城关镇新建中学”登记有 1 项课题，不能删除"):
        schools.delete(db, sid)
