"""Issue 21 §2: competition entrants imported from a spreadsheet (one row per entrant), problems named in Chinese by
file, sheet, row and column, results added to a registered competition later, awards as honours, the blank template
read back, one undoable batch, and the command line."""

import openpyxl
import pytest
from sqlalchemy import func, select

from talentdesk.importing import templates
from talentdesk.importing.undo import undo
from talentdesk.services.cultivation import competition_import, competitions
from talentdesk.store.models import Honour
from talentdesk.store.uow import UnitOfWork
from tests.cultivation_builder import build, make_id

HEAD = ["竞赛名称", "级别", "类别", "学科", "日期", "姓名", "身份证号/工号", "学校", "结果", "是否推荐"]
NAME = "2025年全县初中数学优质课评比"


@pytest.fixture
def county(db):
    return db, build(db)


def _book(path, rows, sheet="参赛"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _honours(db) -> int:
    with db.sessions() as s:
        return s.scalar(select(func.count()).select_from(Honour)) or 0


def test_rows_make_competitions_and_a_bad_row_is_named_by_row_and_column(county, tmp_path):
    db, _c = county
    path = _book(
        tmp_path / "竞赛.xlsx",
        [
            ["2025年教学竞赛获奖名单"],
            HEAD,
            [NAME, "县级", "优质课", "数学", "2025-10-14", "张堃", "", "青禾镇中学", "一等奖", "是"],
            [NAME, "县级", "优质课", "数学", "2025-10-14", "", make_id(2000, 21), "", "二等", "否"],
            [NAME, "县级", "优质课", "数学", "2025-10-14", "赵小青", "", "", "未获奖", ""],
            ["2025年全县班主任能力大赛", "县", "班主任能力", "", "2025-11", "王建国", "", "", "优秀奖", ""],
            ["2025年全县说课比赛", "乡级", "说课", "语文", "2025-11-20", "钱晓", "", "", "一等奖", ""],
            ["2025年全县说课比赛", "县级", "说课", "语文", "2025-11-20", "查无此人", "", "", "头等奖", ""],
        ],
    )
    plan = competition_import.plan(db, [path])
    errors = [p.text() for p in plan.problems if p.severity == "错误"]
    assert (
        "竞赛.xlsx，工作表“参赛”第 7 行，B（级别）列：级别“乡级”不对，应为国家级、省级、市级、县级、校级之一" in errors
    )
    grades = "特等奖、一等奖、二等奖、三等奖、优秀奖、未获奖"
    assert f"竞赛.xlsx，工作表“参赛”第 8 行，I（结果）列：结果“头等奖”应为{grades}之一" in errors
    assert "竞赛.xlsx，工作表“参赛”第 8 行，F（姓名）列：档案中没有名为“查无此人”的教师" in errors
    assert plan.summary().startswith("可导入竞赛 2 项、参赛教师 4 人次；2 项竞赛有错误")
    result = competition_import.apply(db, plan)
    assert (result.competitions, result.entrants) == (2, 4)
    rows = {r.name: r for r in competitions.list_rows(db)}
    assert set(rows) == {NAME, "2025年全县班主任能力大赛"}
    assert (rows[NAME].entrants, rows[NAME].selected, rows[NAME].awards) == (3, 1, 2)
    assert _honours(db) == 3  # the three awards, each one honour
    # one batch, undone like any import: the competitions, entrants and honours go
    with UnitOfWork(db) as uow:
        undo(uow.session, result.batch_id)
        uow.commit()
    assert competitions.list_rows(db) == [] and _honours(db) == 0


def test_results_added_later_update_the_registered_competition(county, tmp_path):
    db, c = county
    cid = competitions.save(
        db,
        None,
        dict(name=NAME, kind="优质课", level="县级", subject="数学", start="2025-10-14"),
        [{"teacher_id": c["t"]["张堃"]}, {"teacher_id": c["t"]["吉𠮷"]}],
    )
    path = _book(
        tmp_path / "结果.xlsx",
        [
            HEAD,
            [NAME, "县级", "优质课", "数学", "2025-10-14", "张堃", "", "", "一等奖", "是"],
            [NAME, "县级", "优质课", "数学", "2025-10-14", "李䶮", "", "", "三等奖", ""],
        ],
    )
    plan = competition_import.plan(db, [path])
    assert plan.summary() == "可导入竞赛 0 项、参赛教师 2 人次（其中 1 项竞赛已登记，补充或更新参赛教师）"
    competition_import.apply(db, plan)
    got = {e["name"]: (e["result"], e["selected"]) for e in competitions.get(db, cid)["entrants"]}
    assert got == {"张堃": ("一等奖", True), "吉𠮷": (None, False), "李䶮": ("三等奖", False)}
    assert _honours(db) == 2
    again = competition_import.plan(db, [path])
    assert again.ready == [] and sum("不重复导入" in p.message for p in again.problems) == 2


def test_the_blank_template_is_read_back_and_the_command_line(county, tmp_path, capsys):
    db, _c = county
    from talentdesk.cli import main

    url = db.engine.url
    path = url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=False)
    template = tmp_path / "模板.xlsx"
    assert main(["--db", path, "competitions", "template", str(template)]) == 0
    wb = openpyxl.load_workbook(template)
    ws = wb.active
    assert [c.value for c in ws[templates.HEADER_ROW]][:10] == [
        "竞赛名称",
        "级别",
        "类别",
        "学科",
        "学段",
        "主办单位",
        "日期",
        "结束日期",
        "姓名",
        "身份证号/工号",
    ]
    row = [
        NAME,
        "县级",
        "优质课",
        "数学",
        "初中",
        "县教育局",
        "2025-10-14",
        "",
        "张堃",
        "",
        "青禾镇中学",
        "一等奖",
        "是",
    ]
    for col, v in enumerate(row, 1):
        ws.cell(4, col, v)
    for col, v in enumerate([NAME, "县级", "优质课", "数学", "初中", "", "2025-10-14", "2025-10-01", "李䶮"], 1):
        ws.cell(5, col, v)
    wb.save(template)
    assert main(["--db", path, "competitions", "import", str(template), "--check"]) == 1
    out = capsys.readouterr().out
    assert "第 5 行，H（结束日期）列：结束日期 2025-10-01 早于开始日期 2025-10-14" in out
    assert competitions.list_rows(db) == []  # --check writes nothing
    ws.delete_rows(5)  # the competition with a bad row was left out whole; fixed, it imports
    wb.save(template)
    assert main(["--db", path, "competitions", "import", str(template)]) == 0
    assert "已导入竞赛 1 项、参赛教师 1 人次" in capsys.readouterr().out
    assert main(["--db", path, "competitions", "list"]) == 0
    listed = capsys.readouterr().out
    assert "参赛 1 人，推荐 1 人，获奖 1 人（一等奖及以上 1 人）" in listed
    cid = listed.splitlines()[0].split("\t")[0]  # the first column is the number `send` takes
    assert main(["--db", path, "competitions", "send", cid]) == 1
    assert "没有设定选送的上一级竞赛" in capsys.readouterr().out
    assert main(["--db", path, "competitions", "send", "第一项"]) == 2
    assert "竞赛编号应是数字" in capsys.readouterr().out
    exported = tmp_path / "竞赛.xlsx"
    assert main(["--db", path, "export", "competitions", str(exported), "--from", "2025"]) == 0
    values = [c.value for r in openpyxl.load_workbook(exported).active.iter_rows() for c in r if c.value]
    assert NAME in values and "张堃" in values
