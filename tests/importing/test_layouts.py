"""Layouts that are not in the samples: the rules are general, not written for those files."""

import datetime as dt

import openpyxl
import pytest
from sqlalchemy import select

from talentdesk.domain import idnumber
from talentdesk.importing.plan import build_plan
from talentdesk.services.platform.imports import apply_plan
from talentdesk.store.models import School, Teacher

ID1 = idnumber.make("371521", dt.date(1985, 3, 12), 123)
ID2 = idnumber.make("371522", dt.date(1990, 7, 1), 244)


@pytest.fixture
def school(db):
    with db.sessions() as s:
        s.add_all([School(name="青禾县第九中学", kind="初中"), School(name="青禾县育英小学", kind="小学")])
        s.commit()


def _teachers(db):
    with db.sessions() as s:
        return {t.id_number: t for t in s.scalars(select(Teacher))}


def test_header_on_row_5_with_leading_empty_column_and_unusual_synonyms(db, school, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["B1"] = "青禾县育英小学2026年教职工基本信息表"
    ws["B2"] = "填报日期：2026年9月"
    ws["B3"] = "说明：身份证号请用文本格式"
    ws.append([])
    ws["B5"], ws["C5"], ws["D5"], ws["E5"], ws["F5"], ws["G5"] = (
        "教师姓名",
        "公民身份号码",
        "专业技术职务",
        "从教学科",
        "参工年月",
        "特长",
    )
    ws.append([None, "李  䶮", ID1.lower(), "小学一级", "数学", "2008.9", "书法"])
    ws.append([])
    ws.append([None, "王𠮷", ID2, "一级教师", "语文", dt.datetime(2012, 8, 1), ""])
    ws.append([None, "填表人：张三", None, "审核人：李四"])
    f = tmp_path / "育英.xlsx"
    wb.save(f)
    plan = build_plan(db, [f])
    sheet = plan.sheets()[0]
    assert sheet.kind == "teachers" and sheet.header_rows == [5]
    assert [c.header for c in sheet.columns if c.field is None] == ["特长"]  # shown, not silently dropped
    assert [(r.where, r.status) for r in plan.rows()] == [("Sheet1!6", "insert"), ("Sheet1!8", "insert")]
    apply_plan(db, plan)
    t = _teachers(db)
    assert t[ID1].name == "李䶮" and t[ID1].cur_title == "二级教师" and t[ID1].work_start.iso() == "2008-09"
    assert t[ID2].name == "王𠮷" and t[ID2].work_start.iso() == "2012-08"


def test_grouped_two_row_header(db, school, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "青禾县第九中学"
    ws.append(["序号", "个人信息", None, None, "任职情况", None])
    ws.append([None, "姓名", "证件号码", "性别", "专技职务", "学科"])
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:D1")
    ws.merge_cells("E1:F1")
    ws.append([1, "赵 强", ID1, "女", "中学高级", "物理"])
    wb.save(tmp_path / "九中.xlsx")
    plan = build_plan(db, [tmp_path / "九中.xlsx"])
    (row,) = plan.rows()
    assert row.where == "青禾县第九中学!3"
    assert row.values["title"] == "高级教师" and row.refs["school"].name == "青禾县第九中学"
    assert [i.code for i in row.issues] == ["id.gender_mismatch"]  # the ID says 男; reported, ID wins
    assert row.values["gender"] == "男"


def test_csv_in_gb18030_with_rare_characters(db, school, tmp_path):
    f = tmp_path / "名单.csv"
    text = f"姓名,身份证号,学校,学历\r\n王𠮷,{ID1},青禾县育英小学,本科\r\n吉䶮,{ID2},青禾县育英小学,研究生\r\n"
    f.write_bytes(text.encode("gb18030"))
    plan = build_plan(db, [f])
    assert [r.where for r in plan.rows()] == ["名单!2", "名单!3"]
    apply_plan(db, plan)
    t = _teachers(db)
    assert t[ID1].name == "王𠮷" and t[ID1].cur_degree == "大学本科"
    assert t[ID2].name == "吉䶮"


def test_unknown_school_and_lost_digits_are_never_imported(db, school, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "学校"])
    ws.append(["甲", float(ID1[:17] + "0"), "青禾县育英小学"])
    ws.append(["乙", ID2, "不存在的学校"])
    wb.save(tmp_path / "x.xlsx")
    plan = build_plan(db, [tmp_path / "x.xlsx"])
    a, b = plan.rows()
    assert a.status == "rejected" and a.issues[0].code == "id.precision_lost"
    assert b.status == "held" and b.issues[0].code == "school.unknown"
    assert apply_plan(db, plan).batch_id is None
    assert _teachers(db) == {}


def test_clerk_corrects_excludes_and_remaps(db, school, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "号", "学校", "任教学科"])
    ws.append(["甲", ID1, "青禾县育英小学", "数学"])
    ws.append(["乙", ID2, "育英小学校", "语文"])
    wb.save(tmp_path / "y.xlsx")
    plan = build_plan(db, [tmp_path / "y.xlsx"])
    sheet = plan.sheets()[0]
    assert sheet.columns[1].field is None  # "号" is not recognised: shown unmapped
    plan.remap(sheet, {1: "id_number"})
    a, b = plan.rows()
    assert a.status == "insert" and b.status == "held"
    plan.set_value(b, "school", "青禾县育英小学")
    assert b.status == "insert"
    plan.exclude(a)
    assert a.status == "skipped"
    apply_plan(db, plan)
    assert set(_teachers(db)) == {ID2}
    # the corrected mapping is remembered for the next file with the same header
    again = build_plan(db, [tmp_path / "y.xlsx"])
    assert again.sheets()[0].columns[1].field == "id_number"
