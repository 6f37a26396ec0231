"""The national 教职工基础信息采集表 fields (issue 18 §4) kept in the teacher file: saved and read back, codes
canonicalised (婚姻 初婚 → 已婚), wrong codes refused with the field named."""

import datetime as dt

import pytest

from talentdesk.domain import idnumber
from talentdesk.errors import ValidationError
from talentdesk.services.people import schools, teachers

VALUES = {
    "nationality": "中国",
    "birthplace": "山东省聊城市",
    "marital": "初婚",
    "health": "健康",
    "staff_no": "QH2026001",
    "teaching_start": "2008-09",
    "post_category": "专任教师",
    "post_grade": "专技十级",
    "admin_post": "教务处副主任",
    "contract": "聘用合同",
    "normal_grad": "是",
    "funded_normal": "否",
    "tegang": "是",
    "mandarin": "二甲",
    "it_level": "熟练",
}


def _new(db, **extra):
    sid = schools.save(db, None, {"name": "城关第一小学", "township": "城关镇", "area": "城区", "kind": "小学"})
    basic = {
        "name": "阿卜杜热合曼·买买提明·艾力䶮",
        "id_number": idnumber.make("371525", dt.date(1986, 5, 20), 111),
        **VALUES,
        **extra,
    }
    return teachers.save(db, None, basic, {"posts": [{"school_id": sid, "start": "2010-09"}]})


def test_fields_are_kept_and_read_back_canonical(db):
    tid = _new(db)
    basic = teachers.get(db, tid)["basic"]
    assert basic["marital"] == "已婚" and basic["health"] == "健康或良好" and basic["mandarin"] == "二级甲等"
    assert basic["teaching_start"].iso() == "2008-09" and basic["staff_no"] == "QH2026001"
    assert basic["post_grade"] == "专技十级" and basic["tegang"] == "是" and basic["normal_grad"] == "是"


def test_a_wrong_code_is_refused_naming_the_field(db):
    with pytest.raises(ValidationError) as e:
        _new(db, marital="热恋", teaching_start="2008-13")
    assert "婚姻状况" in e.value.problems["marital"] and "teaching_start" in e.value.problems


def test_the_importer_reads_them_from_the_template_and_from_a_school_own_headers(db, tmp_path):
    import openpyxl
    from sqlalchemy import text

    from talentdesk.importing import templates
    from talentdesk.importing.plan import build_plan
    from talentdesk.services.platform.imports import apply_plan, undo_batch

    schools.save(db, None, {"name": "城关第一小学", "township": "城关镇", "area": "城区", "kind": "小学"})
    a, b = (idnumber.make("371525", dt.date(1985 + i, 3, 12), 211 + i) for i in range(2))
    path = templates.write("teachers", tmp_path / "t.xlsx", school_names=["城关第一小学"])
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    heads = [c.value for c in ws[templates.HEADER_ROW]]
    row = {
        "学校": "城关第一小学",
        "姓名": "吉𠮷",
        "身份证号": a,
        "婚姻状况": "已婚",
        "健康状况": "健康或良好",
        "教职工号": "QH001",
        "从教起始年月": "2009-09",
        "岗位类别": "专任教师",
        "岗位等级": "专技十二级",
        "签订合同情况": "聘用合同",
        "是否全日制师范类专业毕业": "是",
        "是否特岗教师": "否",
        "普通话等级": "二级甲等",
        "信息技术应用能力": "良好",
        "国籍/地区": "中国",
        "出生地": "山东省聊城市",
        "行政职务": "年级组长",
    }
    for col, h in enumerate(heads, 1):
        if h in row:
            ws.cell(templates.FIRST_DATA_ROW, col, row[h])
    wb.save(path)
    own = openpyxl.Workbook()  # a school's own headers: aliases and short codes
    own.active.append(
        ["姓名", "身份证号", "学校", "婚否", "普通话水平", "是否特岗", "从教年月", "工号", "信息技术能力"]
    )
    own.active.append(["张堃", b, "城关第一小学", "未婚", "一乙", "是", "2015.09", "QH002", "熟练"])
    own.save(tmp_path / "own.xlsx")
    plan = build_plan(db, [path, tmp_path / "own.xlsx"])
    assert [r.status for r in plan.rows()] == ["insert", "insert"], [r.issues for r in plan.rows()]
    batch = apply_plan(db, plan).batch_id
    with db.engine.connect() as c:
        got = {
            r[0]: r[1:]
            for r in c.execute(
                text(
                    "SELECT name, marital, mandarin, tegang, teaching_start, staff_no, it_level, post_grade, "
                    "normal_grad "
                    "FROM teacher"
                )
            )
        }
    assert got["吉𠮷"] == ("已婚", "二级甲等", "否", "2009-09", "QH001", "良好", "专技十二级", "是")
    assert got["张堃"][:6] == ("未婚", "一级乙等", "是", "2015-09", "QH002", "熟练")
    # a changed value in a later list is an update of that field
    own.active.cell(2, 4, "已婚")
    own.save(tmp_path / "own2.xlsx")
    again = build_plan(db, [tmp_path / "own2.xlsx"])
    assert [r.status for r in again.rows()] == ["update"]
    assert ("marital", "未婚", "已婚") in again.rows()[0].changes
    undo_batch(db, batch)


def test_the_registration_form_prints_them(db, tmp_path):
    import subprocess

    import openpyxl

    from talentdesk.reports import catalogue
    from talentdesk.reports.params import Params

    tid = _new(db)
    report = catalogue.compute(db, "registration", Params(teacher_ids=[tid]))
    text = subprocess.run(
        ["pdftotext", "-layout", str(catalogue.render(report, tmp_path / "r.pdf")), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cont = text.split("\f")[1]
    for word in (
        "教师信息登记表（续）",
        "阿卜杜热合曼·买买提明·艾力䶮",
        "已婚",
        "健康或良好",
        "QH2026001",
        "2008-09",
        "专技十级",
        "教务处副主任",
        "聘用合同",
        "二级甲等",
        "熟练",
        "第 2 页 共 2 页",
    ):
        assert word in cont, word
    flat = [
        c.value
        for r in openpyxl.load_workbook(catalogue.render(report, tmp_path / "r.xlsx")).active.iter_rows()
        for c in r
        if isinstance(c.value, str)
    ]
    assert any("婚姻状况：已婚" in v and "普通话等级：二级甲等" in v for v in flat)
