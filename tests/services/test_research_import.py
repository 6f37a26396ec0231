"""Issue 21 §5: research projects imported from a spreadsheet (one row per group member, members found by name and
ID number or name and school), problems named in Chinese by file, sheet, row and column, members added to a
registered project later, and one undoable batch."""

import openpyxl
import pytest

from talentdesk.importing.undo import undo
from talentdesk.services.cultivation import research, research_import
from talentdesk.store.uow import UnitOfWork
from tests.cultivation_builder import build, make_id

HEAD = [
    "课题名称",
    "级别",
    "类别",
    "立项单位",
    "立项编号",
    "立项日期",
    "状态",
    "结题日期",
    "姓名",
    "身份证号/工号",
    "学校",
    "角色",
]
TITLE = "基于核心素养的初中数学单元整体教学研究"


@pytest.fixture
def county(db):
    return db, build(db)


def _book(path, rows, sheet="课题"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_rows_make_projects_and_a_bad_row_is_named_by_row_and_column(county, tmp_path):
    db, _c = county
    path = _book(
        tmp_path / "课题.xlsx",
        [
            ["2024年立项课题汇总"],
            HEAD,
            [
                TITLE,
                "省级",
                "重点",
                "省教育科学规划领导小组",
                "2024JK015",
                "2024-06",
                "",
                "",
                "张堃",
                "",
                "青禾镇中学",
                "主持人",
            ],
            [TITLE, "省级", "", "", "", "2024-06", "", "", "", make_id(2000, 21), "", "核心成员"],
            [TITLE, "省级", "", "", "", "2024-06", "", "", "李䶮", "", "城关中学", ""],
            # no host
            ["乡村小学英语绘本阅读研究", "县级", "一般课题", "", "", "2024-03", "", "", "孙悦", "", "", "成员"],
            # a wrong level, an unknown teacher, a 结题 without its date
            ["农村初中作文教学研究", "乡级", "一般课题", "", "", "2024-03", "", "", "钱晓", "", "", "主持人"],
            ["初中语文群文阅读研究", "县级", "一般课题", "", "", "2023-09", "结题", "", "王建国", "", "", "主持人"],
            ["初中语文群文阅读研究", "县级", "一般课题", "", "", "2023-09", "", "", "查无此人", "", "", "成员"],
            # the same project's kind said twice, differently
            ["初中物理实验创新研究", "市级", "一般课题", "", "", "2024-05", "", "", "吉𠮷", "", "", "主持人"],
            ["初中物理实验创新研究", "市级", "专项课题", "", "", "2024-05", "", "", "张堃", "", "", ""],
        ],
    )
    plan = research_import.plan(db, [path])
    errors = [p.text() for p in plan.problems if p.severity == "错误"]
    where = "课题.xlsx，工作表“课题”"
    assert (
        f"{where}第 6 行，L（角色）列：课题“乡村小学英语绘本阅读研究”没有主持人：请在主持人那一行的“角色”列填写“主持人”"
        in errors
    )
    assert f"{where}第 7 行，B（级别）列：级别“乡级”不对，应为国家级、省级、市级、县级之一" in errors
    assert f"{where}第 8 行，H（结题日期）列：状态为“结题”时请填写结题日期" in errors
    assert f"{where}第 9 行，I（姓名）列：档案中没有名为“查无此人”的教师" in errors
    assert f"{where}第 11 行，C（类别）列：同一项课题的课题类别前后不一致（“一般课题”与“专项课题”）" in errors
    assert plan.summary().startswith("可导入课题 1 项、课题组成员 3 人次；3 项课题有错误，不导入（共 5 处")
    result = research_import.apply(db, plan)
    assert (result.projects, result.members) == (1, 3)
    [row] = research.list_rows(db)
    assert (row.title, row.level, row.kind, row.number, row.host, row.school, row.members) == (
        TITLE,
        "省级",
        "重点课题",
        "2024JK015",
        "张堃",
        "青禾镇中学",
        3,
    )
    roles = {m["name"]: m["role"] for m in research.get(db, row.id)["members"]}
    assert roles == {"张堃": "主持人", "吉𠮷": "核心成员", "李䶮": "成员"}
    with UnitOfWork(db) as uow:  # one batch, undone like any import
        undo(uow.session, result.batch_id)
        uow.commit()
    assert research.list_rows(db) == []


def test_members_added_to_a_registered_project(county, tmp_path):
    db, c = county
    t = c["t"]
    pid = research.save(
        db,
        None,
        {"title": TITLE, "level": "省级", "kind": "重点课题", "approved": "2024-06"},
        [{"teacher_id": t["张堃"], "role": "主持人"}],
    )
    path = _book(
        tmp_path / "补充.xlsx",
        [
            HEAD,
            [TITLE, "省级", "", "", "", "2024-09", "", "", "张堃", "", "", "主持人"],
            [TITLE, "省级", "", "", "", "2024-09", "", "", "李䶮", "", "", "核心成员"],
        ],
    )
    plan = research_import.plan(db, [path])
    # the sheet's 立项日期 (2024-09) differs from the registered one (2024-06): the project is updated too
    assert plan.summary() == (
        "可导入课题 0 项、课题组成员 1 人次（其中 1 项课题已登记，补充成员）；"
        "更新已登记课题 1 项（进展、日期等与表中不同的内容）"
    )
    assert any("已是这项课题的成员" in p.message for p in plan.problems)
    assert any("将更新：立项日期 2024-06 → 2024-09" in p.message for p in plan.problems)
    research_import.apply(db, plan)
    got = research.get(db, pid)
    assert {m["name"]: m["role"] for m in got["members"]} == {"张堃": "主持人", "李䶮": "核心成员"}
    assert got["approved"].iso() == "2024-09"
