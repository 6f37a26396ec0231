"""Issue 21 §1: activities imported from a spreadsheet in either shape (a row per activity with a 参加教师 column,
or a row per activity and teacher), problems named by file, sheet, row and column, the blank template read back,
one undoable batch."""

import openpyxl
import pytest
from sqlalchemy import select

from talentdesk.importing import templates
from talentdesk.importing.undo import undo
from talentdesk.services.cultivation import activities, activity_import
from talentdesk.store.models import AuditLog
from talentdesk.store.uow import UnitOfWork
from tests.cultivation_builder import build, make_id

HEAD = ["活动类别", "活动主题", "开始日期", "结束日期", "组织单位", "活动地点", "级别", "节数", "人次", "学时"]


@pytest.fixture
def county(db):
    return db, build(db)


def _book(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def test_both_shapes_are_read_and_problems_name_sheet_row_and_column(county, tmp_path):
    db, c = county
    path = _book(
        tmp_path / "活动.xlsx",
        {
            "每行一项": [
                ["2025年教师活动登记表"],
                [*HEAD, "参加教师"],
                [
                    "送教下乡",
                    "数学送教柳河",
                    "2025-10-14",
                    "",
                    "县教研室",
                    "柳河乡中学",
                    "县级",
                    3,
                    "",
                    6,
                    "李䶮、王建国，钱晓",
                ],
                [
                    "教育大讲堂",
                    "大讲堂",
                    "2025-03-02",
                    "",
                    "县教育局",
                    "县会堂",
                    "县",
                    "",
                    300,
                    3,
                    f"张堃（{make_id(1980, 12)}）",
                ],
                ["公开课", "结束早于开始", "2025-10-14", "2025-10-01", "", "城关中学", "校级", 1, "", "", "李䶮"],
                ["拔河比赛", "不在类别表", "2025-10-14", "", "", "", "校级", "", "", "", ""],
                ["听课", "有人查无此人", "2025-11-03", "", "", "城关中学", "校级", "", "", "", "李䶮 查无此人"],
                ["听课", "同名写学校", "2025-11-04", "", "", "城关中学", "校级", "", "", "", "张堃（青禾镇中学）"],
            ],
            "每人一行": [
                ["活动类别", "活动主题", "开始日期", "活动地点", "级别", "姓名", "身份证号", "学校", "角色", "节数"],
                ["示范课", "示范课展示", "2025-12-01", "青禾镇中学", "县级", "张堃", "", "青禾镇中学", "授课", 2],
                ["示范课", "示范课展示", "2025-12-01", "青禾镇中学", "县级", "吉𠮷", "", "", "参加", ""],
                ["示范课", "示范课展示", "2025-12-01", "青禾镇中学", "县级", "", make_id(2000, 21), "", "", ""],
                ["示范课", "示范课展示", "2025-12-01", "青禾镇中学", "县级", "孙悦", "", "", "听众", 3],
            ],
        },
    )
    plan = activity_import.plan(db, [path])
    texts = [p.text() for p in plan.problems]
    assert "活动.xlsx，工作表“每行一项”第 5 行，D（结束日期）列：结束日期 2025-10-01 早于开始日期 2025-10-14" in texts
    assert any("第 6 行，A（活动类别）列：活动类别“拔河比赛”不在类别表中" in t for t in texts)
    assert any("第 7 行，K（参加教师）列：档案中没有名为“查无此人”的教师" in t for t in texts)
    assert any("工作表“每人一行”第 4 行" in t and "吉𠮷" in t and "重复" in t for t in texts)  # a note: kept once
    assert any("工作表“每人一行”第 5 行，I（角色）列：角色“听众”应为" in t for t in texts)
    assert any("工作表“每人一行”第 5 行，J（节数）列：与第 2 行同一活动的节数不同" in t for t in texts)
    ready = {a.values["title"]: a for a in plan.ready}
    assert sorted(ready) == ["同名写学校", "大讲堂", "数学送教柳河"]  # the 示范课 has errors (row 5): not imported
    assert len(ready["数学送教柳河"].participants) == 3 and ready["数学送教柳河"].values["school_id"]
    assert ready["大讲堂"].values["place"] == "县会堂" and ready["大讲堂"].values["level"] == "县级"
    assert plan.summary().startswith("可导入活动 3 项、参加教师 5 人次；4 项活动有错误")
    result = activity_import.apply(db, plan)
    assert (result.activities, result.participants) == (3, 5)
    rows = activities.list_rows(db)
    assert {r[4] for r in rows} == {"大讲堂", "数学送教柳河", "同名写学校"}
    # importing the same file again adds nothing: the activities are registered already
    again = activity_import.plan(db, [path])
    assert again.ready == [] and sum("已登记" in p.message for p in again.problems) == 3
    # one batch, undone like any import
    with db.sessions() as s:
        n = s.scalar(select(AuditLog.id).where(AuditLog.batch_id == result.batch_id).limit(1))
    assert n is not None
    with UnitOfWork(db) as uow:
        done = undo(uow.session, result.batch_id)
        uow.commit()
    assert done["deleted"] == 8, done
    assert activities.list_rows(db) == []


def test_the_blank_template_is_read_back(county, tmp_path):
    db, c = county
    with db.sessions() as s:
        kinds = activities.kind_names(s)
    path = templates.write_activities(tmp_path / "模板.xlsx", kinds, school_names=["柳河乡中学", "城关中学"])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:2] == ["活动（每行一项）", "参加教师（每人一行）"]
    ws = wb["活动（每行一项）"]
    ws.append(
        [
            "走访慰问",
            "教师节慰问",
            "2025-09-10",
            "",
            "县教育局",
            "柳河乡中学",
            "县级",
            "",
            "",
            "",
            "",
            "",
            "王建国、钱晓",
            "",
        ]
    )
    ws = wb["参加教师（每人一行）"]
    ws.append(
        ["师德巡讲", "师德巡讲", "2025-10-10", "2025-11-30", "县教育局", "全县中小学", "县级", "李䶮", "", "", "主讲"]
    )
    wb.save(path)
    plan = activity_import.plan(db, [path])
    assert [p.text() for p in plan.problems if p.severity == "错误"] == []
    assert sorted(a.values["kind"] for a in plan.ready) == ["师德巡讲", "走访慰问"]
    assert activity_import.apply(db, plan).participants == 3


def test_a_file_that_is_no_spreadsheet_is_refused_by_name(county, tmp_path):
    db, _c = county
    bad = tmp_path / "说明.txt"
    bad.write_text("不是表格", encoding="utf-8")
    plan = activity_import.plan(db, [bad])
    assert plan.ready == [] and "不支持的文件类型“说明.txt”" in plan.problems[0].text()


def test_the_command_line_writes_the_template_imports_and_exports(county, tmp_path, capsys):
    db, _c = county
    from talentdesk.cli import main

    url = db.engine.url
    path = url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=False)
    template = tmp_path / "模板.xlsx"
    assert main(["--db", path, "activities", "template", str(template)]) == 0
    wb = openpyxl.load_workbook(template)
    row = ["师德巡讲", "师德巡讲第一场", "2025-10-10", "", "县教育局", "城关中学", "县级", "", "", "", "", "", "李䶮"]
    for col, v in enumerate(row, 1):
        wb["活动（每行一项）"].cell(4, col, v)
    for col, v in enumerate(["公开课", "", "2025-10-11", "", "", "城关中学", "校级"], 1):
        wb["活动（每行一项）"].cell(5, col, v)
    wb.save(template)
    assert main(["--db", path, "activities", "import", str(template), "--check"]) == 1
    out = capsys.readouterr().out
    assert "[错误] 模板.xlsx，工作表“活动（每行一项）”第 5 行，B（活动主题）列：没有填写活动主题" in out
    assert activities.list_rows(db) == []  # --check writes nothing
    assert main(["--db", path, "activities", "import", str(template)]) == 1  # imported, with an error to fix
    assert "已导入活动 1 项、参加教师 1 人次" in capsys.readouterr().out
    exported = tmp_path / "活动.xlsx"
    assert main(["--db", path, "export", "activities", str(exported), "--from", "2025-10", "--to", "2025-10"]) == 0
    assert "已导出活动登记 1 项" in capsys.readouterr().out
