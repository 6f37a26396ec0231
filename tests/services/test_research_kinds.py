"""Issue 21 §5: the bureau's editable list of research project kinds (课题类别) — seeded with the five kinds, a kind
added and used by the dialog's save and by an import (重点 for 重点课题 still taken), a kind in use not removed, the
list audited; and a project imported again: its step, dates and other values updated from the sheet (never a step
back), undone with the batch, the identical sheet changing nothing."""

import openpyxl
import pytest
from sqlalchemy import select

from talentdesk.errors import ValidationError
from talentdesk.importing.undo import undo
from talentdesk.reports import research as report
from talentdesk.services.cultivation import research, research_import
from talentdesk.store.models import AuditLog
from talentdesk.store.uow import UnitOfWork
from tests.cultivation_builder import build

HEAD = [
    "课题名称",
    "级别",
    "类别",
    "立项单位",
    "立项编号",
    "立项日期",
    "计划结题",
    "状态",
    "获奖等次",
    "结题日期",
    "姓名",
    "学校",
    "角色",
]
TITLE = "农村初中数学分层作业设计研究"
FIVE = ["重点课题", "一般课题", "专项课题", "青年课题", "自筹课题"]


@pytest.fixture
def county(db):
    return db, build(db)


def _book(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "课题"
    ws.append(HEAD)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _row(**v):
    base = dict(title=TITLE, level="市级", kind="一般课题", issuer="", number="", approved="2024-06", end="")
    base.update(v)
    return [
        base["title"],
        base["level"],
        base["kind"],
        base["issuer"],
        base["number"],
        base["approved"],
        base["end"],
        base.get("status", ""),
        base.get("award", ""),
        base.get("concluded", ""),
        base.get("name", "张堃"),
        base.get("school", "青禾镇中学"),
        base.get("role", "主持人"),
    ]


def test_the_list_starts_with_five_kinds_takes_a_new_one_and_keeps_one_in_use(county):
    db, c = county
    assert [k["name"] for k in research.kinds(db)] == FIVE
    kid = research.add_kind(db, " 规划课题 ")
    with pytest.raises(ValidationError, match="课题类别中已有“规划课题”"):
        research.add_kind(db, "规划课题")
    with pytest.raises(ValidationError, match="太长"):
        research.add_kind(db, "很长很长很长很长的课题类别名称")
    with pytest.raises(ValidationError, match="不能为空"):
        research.add_kind(db, "  ")
    # the dialog's save takes the new kind (and its short form), refuses one not in the list
    pid = research.save(
        db,
        None,
        {"title": TITLE, "level": "县级", "kind": "规划", "approved": "2025-03"},
        [{"teacher_id": c["t"]["张堃"], "role": "主持人"}],
    )
    assert research.get(db, pid)["kind"] == "规划课题"
    with pytest.raises(ValidationError) as e:
        research.save(
            db,
            None,
            {"title": "另一项", "level": "县级", "kind": "招标课题", "approved": "2025-03"},
            [{"teacher_id": c["t"]["张堃"], "role": "主持人"}],
        )
    assert (
        "课题类别“招标课题”应为重点课题、一般课题、专项课题、青年课题、自筹课题、规划课题之一"
        in e.value.problems["kind"]
    )
    listed = {k["name"]: k for k in research.kinds(db)}
    assert [*listed] == [*FIVE, "规划课题"] and listed["规划课题"]["used"] == 1
    with pytest.raises(ValidationError, match="有 1 项课题使用“规划课题”，不能从课题类别中删除"):
        research.remove_kind(db, kid)
    research.delete(db, [pid])
    research.remove_kind(db, kid)
    research.remove_kind(db, listed["自筹课题"]["id"])  # a seeded kind nobody uses may go too
    assert [k["name"] for k in research.kinds(db)] == FIVE[:4]
    with db.sessions() as s:
        trail = s.scalars(select(AuditLog.action).where(AuditLog.table_name == "research_project_kind")).all()
    assert trail.count("insert") == 1 and trail.count("delete") == 2


def test_an_import_takes_a_kind_added_to_the_list_and_the_report_shows_it_in_order(county, tmp_path):
    db, _c = county
    path = _book(tmp_path / "课题.xlsx", [_row(kind="规划"), _row(title="初中英语写作研究", kind="重点", name="吉𠮷")])
    plan = research_import.plan(db, [path])
    assert [p.values["title"] for p in plan.ready] == ["初中英语写作研究"]
    assert any("课题类别“规划”应为重点课题" in p.message for p in plan.problems)
    research.add_kind(db, "规划课题")
    plan = research_import.plan(db, [path])
    assert plan.summary() == "可导入课题 2 项、课题组成员 2 人次"
    research_import.apply(db, plan)
    assert sorted((r.title, r.kind) for r in research.list_rows(db)) == [
        ("农村初中数学分层作业设计研究", "规划课题"),
        ("初中英语写作研究", "重点课题"),
    ]
    assert [r.kind for r in research.list_rows(db, kind="规划课题")] == ["规划课题"]
    with db.sessions() as s:
        facts = research.facts(s)
        listed = research.kind_names(s)
    by_kind = report.tables(facts, (2024, 1), (2024, 12), listed)[0]
    assert by_kind.headers == ("级别", *FIVE, "规划课题", "合计")
    assert by_kind.rows[-1] == ("合计", 1, 0, 0, 0, 0, 1, 2)
    # a kind the list no longer has (a county's own, received in a package) is still counted, after the list's
    table, figures = report.annual_table(facts, [("2024", (2024, 1), (2024, 12))], total=True, listed=FIVE)
    items = [r[1] for r in table.rows]
    assert items.index("其中重点课题") < items.index("其中自筹课题") < items.index("其中规划课题")
    assert figures[report.CATEGORY]["其中规划课题"]["total"] == 1
    assert figures[report.CATEGORY]["新立项合计"]["total"] == 2


def test_a_registered_project_imported_again_takes_its_new_step_and_dates_and_is_undone(county, tmp_path):
    db, c = county
    pid = research.save(
        db,
        None,
        {"title": TITLE, "level": "市级", "kind": "一般课题", "approved": "2024-06", "planned_end": "2026-06"},
        [{"teacher_id": c["t"]["张堃"], "role": "主持人"}, {"teacher_id": c["t"]["吉𠮷"], "role": "成员"}],
    )
    first = research.get(db, pid)
    same = _book(tmp_path / "same.xlsx", [_row(end="2026-06"), _row(name="吉𠮷", role="成员")])
    plan = research_import.plan(db, [same])
    assert plan.ready == []
    assert plan.summary() == "可导入课题 0 项、课题组成员 0 人次；1 项课题已登记且与表中一致，不作改动"
    assert research_import.apply(db, plan).batch_id is None
    assert research.get(db, pid)["version"] == first["version"]
    # the project concluded with an award: the sheet says so; blank cells change nothing; 2024 is 2024-06 said less
    done = _book(
        tmp_path / "结题.xlsx",
        [
            _row(approved="2024", number="SJ2024-07", status="获奖", award="一等", concluded="2026-05"),
            _row(approved="2024", name="吉𠮷", role="成员"),
        ],
    )
    plan = research_import.plan(db, [done])
    assert plan.summary() == "可导入课题 0 项、课题组成员 0 人次；更新已登记课题 1 项（进展、日期等与表中不同的内容）"
    [said] = [p.message for p in plan.problems if "将更新" in p.message]
    assert said == (
        f"课题“{TITLE}”已登记，将更新：立项编号 （空） → SJ2024-07；状态 立项 → 获奖；获奖等次 （空） → 一等奖；"
        "结题日期 （空） → 2026-05"
    )
    result = research_import.apply(db, plan)
    assert (result.projects, result.members, result.updated) == (0, 0, 1)
    got = research.get(db, pid)
    assert (got["status"], got["award"], got["concluded"].iso(), got["number"], got["approved"].iso()) == (
        "获奖",
        "一等奖",
        "2026-05",
        "SJ2024-07",
        "2024-06",
    )
    with db.sessions() as s:
        changed = s.scalars(
            select(AuditLog.field).where(AuditLog.batch_id == result.batch_id, AuditLog.action == "update")
        ).all()
    assert {"status", "award", "concluded", "number"} <= set(changed)
    # the same file again: nothing to change
    again = research_import.plan(db, [done])
    assert again.ready == [] and "1 项课题已登记且与表中一致" in again.summary()
    # an older sheet does not move the step back; other differing values are still taken
    old = _book(tmp_path / "旧表.xlsx", [_row(status="中期", issuer="市教科院")])
    plan = research_import.plan(db, [old])
    assert any("导入不回退进展，保留原状态" in p.message and p.severity == "提示" for p in plan.problems)
    [p] = plan.ready
    assert p.changes == {"issuer": "市教科院"}
    # a step the rules refuse: 结题 without its date
    bad = _book(tmp_path / "bad.xlsx", [_row(title="新课题甲", status="结题")])
    research.save(
        db,
        None,
        {"title": "新课题甲", "level": "市级", "kind": "一般课题", "approved": "2024-06"},
        [{"teacher_id": c["t"]["张堃"], "role": "主持人"}],
    )
    plan = research_import.plan(db, [bad])
    assert not plan.ready
    assert any("按表中内容更新后：状态为“结题”时请填写结题日期" in p.message for p in plan.problems)
    # the batch undone: the project as it was
    with UnitOfWork(db) as uow:
        undo(uow.session, result.batch_id)
        uow.commit()
    back = research.get(db, pid)
    assert (back["status"], back["award"], back["concluded"], back["number"]) == ("立项", None, None, None)
