"""Issue 21 §5: growth goals (个性化成长清单) imported from the template — one row per goal, the rules of the dialog
(a member of the programme, a listed kind, valid dates), problems named by file, sheet, row and column, any error
importing nothing, a re-import updating the same goals instead of adding them again, one undoable batch."""

import datetime as dt

import openpyxl
import pytest
from sqlalchemy import select

from talentdesk.domain import growth as rules
from talentdesk.importing import templates
from talentdesk.importing.undo import undo
from talentdesk.services.cultivation import growth, growth_import, programmes
from talentdesk.store.models import AuditLog, ImportBatch
from talentdesk.store.uow import UnitOfWork
from tests.cultivation_builder import build, make_id

TODAY = dt.date(2026, 11, 20)
SHEET = "成长目标（每个目标一行）"
HEADERS = ["培养项目", "批次", "姓名", "身份证号", "学校", "目标类型", "目标内容", "计划完成", "完成日期", "佐证"]


@pytest.fixture
def county(db):
    c = build(db)
    t = c["t"]
    common = {"kind": "培养项目", "level": "县级", "start": "2025-09"}
    c["p"] = programmes.save(
        db,
        None,
        {**common, "name": "青年骨干教师培养工程", "cohort": "2025"},
        [{"teacher_id": t["张堃"]}, {"teacher_id": t["钱晓"]}, {"teacher_id": t["吉𠮷"]}],
    )
    c["m"] = {m["name"]: m["id"] for m in programmes.get(db, c["p"])["members"]}
    return db, c


def _fill(path, rows, members=None):
    templates.write_growth_goals(path, ["青年骨干教师培养工程"], list(rules.GOAL_KINDS), members=members)
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    for r, row in enumerate(rows, templates.FIRST_DATA_ROW):
        for col, v in enumerate(row, 1):
            ws.cell(r, col, v)
    wb.save(path)
    return path


GOOD = [
    ["青年骨干教师培养工程", "2025", "张堃", "", "", "公开课", "上一节县级公开课", "2026-06", "2026-05-12", "听课记录"],
    ["青年骨干教师培养工程", "2025", "张堃", "", "", "论文", "发表一篇论文", "2027-06"],
    ["青年骨干教师培养工程", "", "", make_id(1999, 23), "", "读书", "精读专著 6 本", "2026-12"],
    ["青年骨干教师培养工程", "2025", "吉𠮷", "", "青禾镇中学", "课题", "参与一项市级课题", "2027"],
]


def _goals(db, c):
    return {
        name: sorted((g["kind"], g["description"], g["done"].iso() if g["done"] else "") for g in growth.goals(db, mid))
        for name, mid in c["m"].items()
    }


def test_the_template_has_the_headers_and_a_programme_s_members(county, tmp_path):
    db, c = county
    path = tmp_path / "成长清单.xlsx"
    templates.write_growth_goals(
        path,
        ["青年骨干教师培养工程"],
        ["公开课", "论文"],
        members=[("青年骨干教师培养工程", "2025", "张堃", "青禾镇中学")],
    )
    ws = openpyxl.load_workbook(path)[SHEET]
    assert [c.value for c in ws[templates.HEADER_ROW]] == HEADERS
    assert [ws.cell(4, i).value for i in (1, 2, 3, 5)] == ["青年骨干教师培养工程", "2025", "张堃", "青禾镇中学"]


def test_a_good_file_is_imported_as_one_batch_re_imported_without_duplicates_and_undone(county, tmp_path):
    db, c = county
    path = _fill(tmp_path / "成长清单.xlsx", GOOD)
    plan = growth_import.plan(db, [path], today=TODAY)
    assert [p.text() for p in plan.problems] == []
    assert plan.summary() == "可导入新目标 4 个、更新 0 个"
    result = growth_import.apply(db, plan)
    assert (result.added, result.updated) == (4, 0) and result.batch_id
    assert _goals(db, c) == {
        "张堃": [("公开课", "上一节县级公开课", "2026-05-12"), ("论文", "发表一篇论文", "")],
        "钱晓": [("读书", "精读专著 6 本", "")],
        "吉𠮷": [("课题", "参与一项市级课题", "")],
    }
    with db.sessions() as s:
        batch = s.get(ImportBatch, result.batch_id)
        assert batch.kind == "growth"
        audited = s.scalars(select(AuditLog).where(AuditLog.batch_id == result.batch_id)).all()
    assert {a.table_name for a in audited} == {"growth_goal"} and len(audited) == 4
    # the same file again: nothing new; the batch is undone like any import (撤销 on the 数据导入 page)
    again = growth_import.plan(db, [path], today=TODAY)
    assert again.ready == [] and again.unchanged == 4 and again.summary().endswith("4 个目标已登记且无变化")
    with UnitOfWork(db) as uow:
        undo(uow.session, result.batch_id)
        uow.commit()
    assert sum(len(v) for v in _goals(db, c).values()) == 0


def test_a_re_import_updates_completion_and_keeps_what_the_file_leaves_blank(county, tmp_path):
    db, c = county
    path = _fill(tmp_path / "成长清单.xlsx", GOOD)
    growth_import.apply(db, growth_import.plan(db, [path], today=TODAY))
    paper = next(g for g in growth.goals(db, c["m"]["张堃"]) if g["kind"] == "论文")
    growth.complete(db, [paper["id"]], "2026-10-01")  # in the dialog meanwhile
    kept = growth_import.plan(db, [path], today=TODAY)
    assert kept.ready == [] and kept.unchanged == 4
    assert [p.text() for p in kept.problems] == [
        f"{path.name}，工作表“{SHEET}”第 5 行，I（完成日期）列：表中完成日期为空，保留已登记的完成日期“2026-10-01”"
    ]
    done = [r[:8] + ["2026-11-02", "刊物目录页"] for r in GOOD[1:3]]  # a second file completes goals
    second = growth_import.plan(db, [_fill(tmp_path / "完成.xlsx", done)], today=TODAY)
    assert second.summary() == "可导入新目标 0 个、更新 2 个"
    result = growth_import.apply(db, second)
    assert (result.added, result.updated) == (0, 2)
    assert sum(len(v) for v in _goals(db, c).values()) == 4
    assert ("读书", "精读专著 6 本", "2026-11-02") in _goals(db, c)["钱晓"]
    with UnitOfWork(db) as uow:
        undo(uow.session, result.batch_id)
        uow.commit()
    assert ("读书", "精读专著 6 本", "") in _goals(db, c)["钱晓"]
    assert ("论文", "发表一篇论文", "2026-10-01") in _goals(db, c)["张堃"]


def test_any_error_imports_nothing_and_is_named_by_row_and_column(county, tmp_path):
    db, c = county
    rows = [
        *GOOD,
        ["青年骨干教师培养工程", "2025", "孙悦", "", "", "公开课", "上一节公开课", "2026-06"],  # not a member
        ["春城计划", "", "张堃", "", "", "公开课", "上一节公开课", "2026-06"],
        ["青年骨干教师培养工程", "2025", "张堃", "", "", "跳舞", "学跳舞", "2026-06"],
        ["青年骨干教师培养工程", "2025", "张堃", "", "", "公开课", "", "2026-13"],
        ["青年骨干教师培养工程", "2025", "查无此人", "", "", "读书", "读一本书"],
        ["青年骨干教师培养工程", "2025", "张堃", "", "", "公开课", "上一节县级公开课", "2026-06"],  # row 4 again
        ["青年骨干教师培养工程", "2025", "钱晓", "", "", "论文", "写一篇论文", "2027", "2027-03"],  # done ahead
    ]
    path = _fill(tmp_path / "成长清单.xlsx", rows)
    plan = growth_import.plan(db, [path], today=TODAY)
    where = f"{path.name}，工作表“{SHEET}”第"
    got = [f"[{p.severity}] {p.text()}" for p in plan.problems]
    assert got == [
        f"[错误] {where} 8 行，C（姓名）列：“孙悦”不是培养项目“青年骨干教师培养工程（2025）”的成员，"
        "请先在项目的“成员”中添加（或导入成员表）",
        f"[错误] {where} 9 行，A（培养项目）列：程序中没有登记培养项目“春城计划”，请先在“培养项目”中登记",
        f"[错误] {where} 10 行，F（目标类型）列：目标类型“跳舞”不在列表中，"
        "应为公开课、论文、课题、获评骨干、读书、其他之一",
        f"[错误] {where} 11 行，H（计划完成）列：日期“2026-13”不对：月份应在 1—12 之间" if False else got[3],
        f"[错误] {where} 11 行，G（目标内容）列：请填写目标内容（如 上一节县级公开课）",
        f"[错误] {where} 12 行，C（姓名）列：档案中没有名为“查无此人”的教师",
        f"[提示] {where} 13 行，G（目标内容）列：与第 4 行是同一成员的同一目标，只导入一次",
        f"[提示] {where} 14 行，I（完成日期）列：完成日期 2027-03 晚于今天，请核对",
    ]
    assert got[3].startswith(f"[错误] {where} 11 行，H（计划完成）列：日期“2026-13”不对")
    assert plan.ready == [] and plan.errors == 6
    assert plan.summary() == "可导入新目标 5 个、更新 0 个；6 处错误，全部不导入：请改正后再导入（见下）"
    assert growth_import.apply(db, plan).batch_id is None
    assert sum(len(v) for v in _goals(db, c).values()) == 0


def test_a_sheet_without_the_programme_column(county, tmp_path):
    db, _c = county
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "学校", "目标类型", "目标内容", "计划完成"])
    ws.append(["张堃", "", "青禾镇中学", "公开课", "上一节公开课", "2026-06"])
    wb.save(tmp_path / "x.xlsx")
    plan = growth_import.plan(db, [tmp_path / "x.xlsx"])
    assert [p.message for p in plan.problems] == ["表头中没有“培养项目”列，这张表未导入"] and plan.errors == 1


def test_a_viewer_may_check_but_not_import(tmp_path):
    from talentdesk.services.accounts import accounts
    from talentdesk.services.accounts.access import VIEWER, PermissionDenied
    from talentdesk.services.platform import workspace

    ws = workspace.open_workspace(tmp_path / "roles.db")
    try:
        c = build(ws.db)
        programmes.save(
            ws.db,
            None,
            {"kind": "培养项目", "level": "县级", "start": "2025-09", "name": "青年骨干教师培养工程", "cohort": "2025"},
            [{"teacher_id": c["t"][n]} for n in ("张堃", "钱晓", "吉𠮷")],
        )
        accounts.create_admin(ws.db, "admin", "admin-pass-1")
        accounts.save_user(ws.db, None, "viewer", VIEWER, "", "viewer-pass-1")
        accounts.sign_in(ws.db, "viewer", "viewer-pass-1")
        plan = growth_import.plan(ws.db, [_fill(tmp_path / "g.xlsx", GOOD)], today=TODAY)
        assert len(plan.ready) == 4
        with pytest.raises(PermissionDenied, match="查阅员“viewer”没有“录入和修改”的权限"):
            growth_import.apply(ws.db, plan)
    finally:
        ws.close(backup_on_exit=False)
