"""Blank templates the bureau sends to schools."""

import openpyxl
import pytest

from talentdesk.domain import codes
from talentdesk.importing import templates

TEACHER_HEADERS = [
    "序号",
    "学校",
    "姓名",
    "身份证号",
    "性别",
    "出生日期",
    "民族",
    "政治面貌",
    "参加工作年月",
    "进本校年月",
    "最高学历",
    "毕业院校",
    "所学专业",
    "职称",
    # issue 20 §2: how the title was obtained and whether it is appointed
    "职称取得时间",
    "评审方式",
    "是否聘任",
    "职称聘任时间",
    "只享受职称待遇",
    "任教学段",
    "任教学科",
    "用工形式",
    "骨干类别",
    # issue 20 §3: 三名工程 titles with their level, and when designated
    "名校长/名班主任",
    "称号认定时间",
    "联系电话",
    # issue 18 §4: the national 教职工基础信息采集表
    "国籍/地区",
    "出生地",
    "婚姻状况",
    "健康状况",
    "教职工号",
    "从教起始年月",
    "岗位类别",
    "岗位等级",
    "行政职务",
    "签订合同情况",
    "是否全日制师范类专业毕业",
    "是否公费师范生",
    "是否特岗教师",
    "普通话等级",
    "信息技术应用能力",
    # issue 20 §1: with 行政职务 a school leader's post record
    "任职时间",
    "任职方式",
]


def _validations(ws):
    out = {}
    for dv in ws.data_validations.dataValidation:
        if dv.type == "list":
            col = str(dv.sqref).split(":")[0].rstrip("0123456789")
            out[ws[f"{col}{templates.HEADER_ROW}"].value] = dv
    return out


def _choices(wb, dv):
    f = dv.formula1
    if f.startswith('"'):
        return f.strip('"').split(",")
    sheet, rng = f.split("!")
    ws = wb[sheet.strip("'")]
    return [c.value for row in ws[rng.replace("$", "")] for c in row]


@pytest.mark.parametrize("kind", templates.KINDS)
def test_every_template_has_title_instruction_header(tmp_path, kind):
    path = templates.write(kind, tmp_path / templates.default_filename(kind), school_names=["青禾县第一中学"])
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert ws["A1"].value == templates.SPECS[kind].title
    assert ws["A2"].value.startswith("填写说明")
    assert [c.value for c in ws[templates.HEADER_ROW]] == templates.headers(kind)
    assert ws.freeze_panes.endswith(str(templates.FIRST_DATA_ROW))
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$3:$3"
    # never fitted so small that it prints below 8 pt (issue 18 §1); too wide: full size, names repeated
    printed = sum((ws.column_dimensions[c].width * 7 + 5) * 0.75 for c in ws.column_dimensions)
    if ws.sheet_properties.pageSetUpPr.fitToPage:
        assert 11 * (11.69 - 0.8) * 72 / printed >= 8, kind
    else:
        assert kind == "teachers" and ws.print_title_cols == "$A:$D"
    assert ws.max_column == len(templates.headers(kind))


def test_teacher_template_columns_formats_and_dropdowns(tmp_path):
    schools = [f"青禾县第{i}小学" for i in range(1, 41)]
    wb = openpyxl.load_workbook(templates.write("teachers", tmp_path / "t.xlsx", school_names=schools))
    ws = wb["教师信息"]
    assert [c.value for c in ws[3]] == TEACHER_HEADERS
    dated = ("出生日期", "参加工作年月", "进本校年月", "职称取得时间", "职称聘任时间", "称号认定时间")
    for header in ("身份证号", "联系电话", *dated):
        col = TEACHER_HEADERS.index(header) + 1
        assert ws.cell(4, col).number_format == "@" and ws.cell(200, col).number_format == "@"
    dvs = _validations(ws)
    assert _choices(wb, dvs["性别"]) == ["男", "女"]
    assert _choices(wb, dvs["职称"]) == codes.TITLE.labels
    assert _choices(wb, dvs["民族"]) == codes.ETHNICITY.labels  # too long for an inline list: on the hidden sheet
    assert _choices(wb, dvs["学校"]) == schools
    assert wb[templates.CODE_SHEET].sheet_state == "hidden"
    assert dvs["性别"].errorStyle == "stop" and dvs["学校"].errorStyle == "warning"
    for header in ("用工形式", "最高学历", "任教学段", "任教学科", "骨干类别", "政治面貌", "名校长/名班主任"):
        assert header in dvs
    assert "市级名校长" in _choices(wb, dvs["名校长/名班主任"]) and "名校长" not in _choices(wb, dvs["骨干类别"])


def test_inline_lists_fit_excel_limit(tmp_path):
    for kind in templates.KINDS:
        ws = openpyxl.load_workbook(templates.write(kind, tmp_path / f"{kind}.xlsx")).worksheets[0]
        for dv in ws.data_validations.dataValidation:
            if dv.formula1 and dv.formula1.startswith('"'):
                assert len(dv.formula1.encode("gb18030")) <= 255


def test_other_templates_headers(tmp_path):
    assert templates.headers("schools") == [
        "学校名称",
        "学校标识码",
        "乡镇",
        "城乡类型",
        "办学类型",
        "学生数",
        "班级数",
        "核定编制",
    ]
    assert templates.headers("pairings") == [
        "导师姓名",
        "导师身份证号",
        "导师学校",
        "青年教师姓名",
        "青年教师身份证号",
        "青年教师学校",
        "学科",
        "开始日期",
        "结束日期",
    ]
    assert templates.headers("rotations") == [
        "姓名",
        "身份证号",
        "原学校",
        "交流学校",
        "交流方式",
        "开始日期",
        "结束日期",
        "人事关系是否转移",
    ]
    wb = openpyxl.load_workbook(templates.write("rotations", tmp_path / "r.xlsx"))
    dvs = _validations(wb.worksheets[0])
    assert _choices(wb, dvs["人事关系是否转移"]) == ["是", "否"]
    assert _choices(wb, dvs["交流方式"]) == codes.PLACEMENT_KIND.labels
    assert "原学校" not in dvs  # no school list given: free text


def _fill(path, rows):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for r, values in enumerate(rows, start=templates.FIRST_DATA_ROW):
        for c, v in enumerate(values, start=1):
            ws.cell(r, c, v)
    wb.save(path)
    return path


def test_filled_templates_are_read_back_by_the_importer(tmp_path, db):
    from talentdesk.domain import idnumber
    from talentdesk.importing.plan import build_plan
    from talentdesk.services.platform import imports

    schools = _fill(
        templates.write("schools", tmp_path / "学校.xlsx"),
        [["青禾县实验小学", "2137000001", "城关街道", "城区", "小学", 1800, 36, 95]],
    )
    plan = build_plan(db, [schools])
    assert [s.kind for s in plan.sheets()] == ["schools"]
    assert plan.counts()["insert"] == 1 and not plan.rows()[0].issues
    imports.apply_plan(db, plan)

    a = idnumber.make("371521", __import__("datetime").date(1985, 3, 12), 123)
    b = idnumber.make("371521", __import__("datetime").date(1990, 11, 2), 246)
    teachers = _fill(
        templates.write("teachers", tmp_path / "教师.xlsx", school_names=["青禾县实验小学"]),
        [
            [
                1,
                "青禾县实验小学",
                "王芳",
                a,
                "男",
                "1985-03-12",
                "汉族",
                "中共党员",
                "2007-08",
                "2015-09",
                "大学本科",
                "曲阜师范大学",
                "汉语言文学",
                "一级教师",
                "2015-10",
                "正常评审",
                "是",
                "2016-01",
                "否",
                "小学",
                "语文",
                "在编",
                "骨干教师",
                "13800000000",
            ],
            [
                2,
                "青禾县实验小学",
                "李䶮",
                b,
                "女",
                "1990-11",
                "回族",
                "群众",
                "2013-09",
                "2013-09",
                "硕士研究生",
                "山东师范大学",
                "数学",
                "二级教师",
                "2016-09",
                "考核认定",
                "否",
                None,
                None,
                "小学",
                "数学",
                "特岗",
                None,
                "13900000000",
            ],
        ],
    )
    plan = build_plan(db, [teachers])
    sheets = plan.sheets()
    assert [(s.name, s.kind) for s in sheets] == [("教师信息", "teachers")]  # the hidden 代码表 is not read
    rows = plan.rows()
    assert [r.row for r in rows] == [4, 5]
    assert [r.status for r in rows] == ["insert", "insert"], [r.issues for r in rows]
    assert not any(i.severity == "error" for r in rows for i in r.issues)
    first, second = rows[0].values, rows[1].values
    assert first["name"] == "王芳" and first["id_number"] == a and first["title"] == "一级教师"
    assert first["title_route"] == "正常评审" and first["title_appointed"].iso() == "2016-01"
    assert second["title_route"] == "考核认定" and second["title_hired"] is False
    assert first["birth"].iso() == "1985-03-12" and first["work_start"].iso() == "2007-08"
    assert second["name"] == "李䶮" and second["birth"].iso() == "1990-11" and second["degree"] == "硕士研究生"
    assert second["employment_form"] == "特岗"
    unmapped = [c.header for s in sheets for c in s.columns if not c.field]
    assert unmapped == []


def test_training_template_filled_is_read_back_as_a_training_list(tmp_path, db):
    import datetime as dt

    from talentdesk.domain import idnumber
    from talentdesk.domain.cultivation import COURSE_LEVEL
    from talentdesk.importing.plan import build_plan
    from talentdesk.services.people import schools, teachers

    assert templates.headers("training") == [
        "姓名",
        "身份证号",
        "学校",
        "培训名称",
        "培训级别",
        "主办单位",
        "培训开始时间",
        "培训结束时间",
        "学时",
        "学分",
        "培训形式",
        "考核结果",
        "备注",
    ]
    sid = schools.save(db, None, {"name": "青禾县实验小学", "township": "城关街道", "area": "城区", "kind": "小学"})
    a = idnumber.make("371521", dt.date(1985, 3, 12), 123)
    teachers.save(db, None, {"name": "王芳", "id_number": a}, {"posts": [{"school_id": sid, "start": "2010-09"}]})
    teachers.save(
        db,
        None,
        {"name": "李䶮", "id_number": idnumber.make("371521", dt.date(1990, 11, 2), 246)},
        {"posts": [{"school_id": sid, "start": "2013-09"}]},
    )
    path = templates.write(
        "training", tmp_path / templates.default_filename("training"), school_names=["青禾县实验小学"]
    )
    wb = openpyxl.load_workbook(path)
    dvs = _validations(wb.worksheets[0])
    assert _choices(wb, dvs["培训级别"]) == COURSE_LEVEL.labels and "考核结果" in dvs and "培训形式" in dvs
    assert wb.worksheets[0].cell(4, 2).number_format == "@"  # ID numbers as text
    _fill(
        path,
        [
            [
                "王芳",
                a,
                "青禾县实验小学",
                "2026年小学语文骨干教师培训",
                "县培",
                "青禾县教师发展中心",
                "2026-07-10",
                "2026-07-14",
                24,
                None,
                "集中",
                "合格",
                None,
            ],
            [
                "李䶮",
                None,
                "青禾县实验小学",
                "2026年小学语文骨干教师培训",
                "县培",
                "青禾县教师发展中心",
                "2026-07",
                None,
                None,
                2,
                "网络",
                None,
                "只有学分",
            ],
        ],
    )
    plan = build_plan(db, [path])
    sheets = plan.sheets()
    assert [(s.name, s.kind) for s in sheets] == [("培训学时", "training")]
    assert [c.header for s in sheets for c in s.columns if not c.field] == []  # every header recognised
    rows = plan.rows()
    assert [r.row for r in rows] == [4, 5]
    assert [r.status for r in rows] == ["insert", "insert"], [r.issues for r in rows]
    assert not any(i.severity == "error" for r in rows for i in r.issues)
    first, second = rows[0].values, rows[1].values
    assert (
        first["course"] == "2026年小学语文骨干教师培训" and first["level"] == "县培" and first["hours_credited"] == 24
    )
    assert first["start"].iso() == "2026-07-10" and first["result"] == "合格"
    assert second["name"] == "李䶮" and second["form"] == "网络" and second["hours_credited"] > 0  # 学分 折合学时
