"""A training platform's export through the importer (list kind "training", issue 4)."""

import openpyxl
import pytest

from talentdesk.importing.plan import build_plan
from talentdesk.services.cultivation import training
from talentdesk.services.platform.imports import apply_plan, undo_batch
from tests.cultivation_builder import build, make_id

HEADER = [
    "序号",
    "学员姓名",
    "身份证号",
    "工作单位",
    "培训项目名称",
    "培训级别",
    "培训时间",
    "获得学时",
    "学分",
    "考核结果",
]


def _export(tmp_path, rows, name="国培学时.xlsx"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2026年“国培计划”参训学员学时汇总表"])
    ws.append(HEADER)
    for i, r in enumerate(rows, 1):
        ws.append([i, *r])
    wb.save(tmp_path / name)
    return tmp_path / name


@pytest.fixture
def county(db):
    return db, build(db)


def test_training_export_is_recognised_checked_applied_and_undone(county, tmp_path):
    db, c = county
    course = "国培计划（2026）——乡村教师能力提升"
    path = _export(
        tmp_path,
        [
            ["吉𠮷", make_id(2000, 21), "青禾镇中学", course, "国培", "2026-07-10", 72, None, "合格"],
            ["赵小青", None, "柳河乡中学", course, "国家级", "2026.07", None, 5, "结业"],  # by name + school, credits
            ["钱晓", make_id(1999, 23), "柳河乡中学", course, "国培", "2026-07-10", 72, None, "未结业"],
            ["吉𠮷", make_id(2000, 21), "青禾镇中学", course, "国培", "2026-07-10", 72, None, "合格"],  # repeat
            ["查无此人", None, "青禾镇中学", course, "国培", "2026-07-10", 72, None, "合格"],
            [
                "李四",
                "37152519900101123X",
                "青禾镇中学",
                course,
                "国培",
                "2026-07-10",
                72,
                None,
                "合格",
            ],  # bad check char
        ],
    )
    plan = build_plan(db, [path])
    sheet = plan.sheets()[0]
    assert sheet.kind == "training"
    status = [r.status for r in sheet.rows]
    assert status == ["insert", "insert", "insert", "skipped", "held", "rejected"]
    msgs = {r.row: " ".join(i.message for i in r.issues) for r in sheet.rows}
    assert "按每学分 10 学时折合为 50 学时" in msgs[4]
    assert "不认定学时" in msgs[5]
    assert "找不到教师“查无此人”" in msgs[7]
    result = apply_plan(db, plan)
    rows = {r[1]: r for r in training.hours_rows(db, 2026)}
    assert rows["吉𠮷"][7] == "72" and rows["赵小青"][7] == "50" and rows["钱晓"][7] == "0"
    courses = training.list_courses(db)
    assert len(courses) == 1 and courses[0][9] == 3
    assert courses[0][1:3] == ("国培计划(2026)——乡村教师能力提升", "国培")  # full-width brackets made plain

    # the same export again: nothing new; a corrected hours figure is an update
    plan = build_plan(
        db,
        [
            _export(
                tmp_path,
                [
                    ["吉𠮷", make_id(2000, 21), "青禾镇中学", course, "国培", "2026-07-10", 72, None, "合格"],
                    ["钱晓", make_id(1999, 23), "柳河乡中学", course, "国培", "2026-07-10", 60, None, "合格"],
                ],
                "补录.xlsx",
            )
        ],
    )
    assert [r.status for r in plan.sheets()[0].rows] == ["unchanged", "update"]
    second = apply_plan(db, plan)
    assert {r[1]: r[7] for r in training.hours_rows(db, 2026)}["钱晓"] == "60"
    undo_batch(db, second.batch_id)
    assert {r[1]: r[7] for r in training.hours_rows(db, 2026)}["钱晓"] == "0"
    assert result.batch_id < second.batch_id


def test_undo_removes_the_courses_and_hours_it_added(county, tmp_path):
    db, _ = county
    path = _export(
        tmp_path, [["吉𠮷", make_id(2000, 21), "青禾镇中学", "县级新教师培训", "县级", "2026-08", 24, None, None]]
    )
    result = apply_plan(db, build_plan(db, [path]))
    assert training.list_courses(db)[0][2] == "县培"
    undo_batch(db, result.batch_id)
    assert training.list_courses(db) == []
    assert {r[7] for r in training.hours_rows(db, 2026)} == {"0"}


def test_new_course_without_level_is_held(county, tmp_path):
    db, _ = county
    path = _export(
        tmp_path, [["吉𠮷", make_id(2000, 21), "青禾镇中学", "心理健康专题", None, "2026-05", 12, None, None]]
    )
    row = build_plan(db, [path]).sheets()[0].rows[0]
    assert row.status == "held" and any(i.field == "level" for i in row.issues)
