"""Issue 20 §2/§5: 评审方式, 是否聘任, 聘任时间 and 只享受职称待遇 in a teacher sheet, and a 岗位设置 sheet (the blank
template filled in), through the same importer: per-cell checks, the records written (new and existing teachers,
new and stored structures), a second import of the same sheet changes nothing, undone with the batch."""

import openpyxl

from talentdesk.importing import templates
from talentdesk.importing.plan import build_plan
from talentdesk.services.people import teachers, titles
from talentdesk.services.platform import imports
from tests.cultivation_builder import make_id
from tests.titles_builder import build

HEADERS = ["学校", "姓名", "身份证号", "职称", "职称取得时间", "评审方式", "是否聘任", "职称聘任时间", "只享受职称待遇"]


def _sheet(path, headers, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_title_columns_are_checked_written_and_undone(tmp_path, db):
    b = build(db)
    a, v = "城关第一小学", "乡中心小学"
    rows = [
        [a, "新甲", make_id(1980, 401), "高级教师", "2022-10", "破格晋升", "否", None, None],
        [v, "辛老师", make_id(1995, 207), "二级教师", "2022-09", "考核认定", "是", "2023-09", None],
        [a, "丙老师", make_id(1975, 202), "高级教师", "2021-06", "正常评审", "否", None, "否"],
        [a, "新乙", make_id(1981, 402), "一级教师", "2020-10", "走后门", None, None, None],
        [a, "新丙", make_id(1982, 403), "高级教师", "2020-10", None, None, "2021-01", "是"],
        [a, "新丁", make_id(1983, 404), None, None, "正常评审", None, None, None],
        [a, "新戊", make_id(1984, 405), "一级教师", "2020-09", None, "是", None, None],
        [a, "新己", make_id(1985, 406), "一级教师", "2020-09", None, "是", "2019-09", None],
    ]
    path = _sheet(tmp_path / "教师职称.xlsx", HEADERS, rows)
    plan = build_plan(db, [path])
    got = {r.values.get("name"): r for r in plan.rows()}
    issues = {n: {(i.field, i.code): i.message for i in r.issues} for n, r in got.items()}
    assert got["新甲"].status == "insert" and not issues["新甲"]
    assert got["辛老师"].status == "update" and got["辛老师"].changes == [("title_appointed", "", "2023-09")]
    assert got["丙老师"].status == "unchanged"
    assert "不在名录中" in issues["新乙"][("title_route", "title.route_unknown")]
    assert "只享受职称待遇" in issues["新丙"][("title_appointed", "title.not_hired")]
    assert "请同时填写职称" in issues["新丁"][("title", "title.missing")]
    assert "早于" in issues["新己"][("title_appointed", "title.appointed_early")]
    for name in ("新乙", "新丙", "新丁", "新己"):
        assert got[name].status == "held", name

    result = imports.apply_plan(db, plan)
    ids = {r[1]: r[0] for r in teachers.list_rows(db)}
    jia = teachers.get(db, ids["新甲"])["titles"][0]
    assert (jia["route"], jia["appointed"], jia["benefit_only"]) == ("破格", None, False)
    wu = teachers.get(db, ids["新戊"])["titles"][0]
    assert wu["appointed"].iso() == "2020-09"  # 是 without a date: appointed when obtained
    xin = teachers.get(db, b["t"]["辛"])["titles"][0]
    assert xin["appointed"].iso() == "2023-09" and xin["route"] == "考核认定"
    again = build_plan(db, [path])
    assert {r.values.get("name"): r.status for r in again.rows()}["辛老师"] == "unchanged"

    imports.undo_batch(db, result.batch_id)
    assert teachers.get(db, b["t"]["辛"])["titles"][0]["appointed"] is None
    assert "新甲" not in {r[1] for r in teachers.list_rows(db)}


def test_the_post_structure_template_filled_in_imports(tmp_path, db):
    b = build(db)
    path = tmp_path / "岗位设置.xlsx"
    templates.write("posts", path, school_names=["城关第一小学", "乡中心小学"])
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    filled = [
        ["城关第一小学", 2024, 3, 3, 2, "五级=1;六级=1;八级=2", "县人社〔2024〕5号"],  # stored: 高级 2 → 3
        ["乡中心小学", 2026, 1, 2, 1, None, None],  # new
        ["城关中学", 2026, 5, 5, 5, None, None],  # a new school with its structure
        ["乡中心小学", "明年", 1, 1, 1, None, None],
        ["乡中心小学", 2027, 1, 1, 1, "五级=2", None],
    ]
    for i, r in enumerate(filled):
        for c, value in enumerate(r, 1):
            ws.cell(templates.FIRST_DATA_ROW + i, c, value)
    wb.save(path)
    plan = build_plan(db, [path])
    rows = plan.rows()
    assert [r.sheet.kind for r in rows][:1] == ["schools"]
    by_year = {(r.values.get("name"), r.values.get("post_year")): r for r in rows}
    first = by_year[("城关第一小学", 2024)]
    assert first.status == "update" and first.changes[0][0] == "post_structure"
    assert "高级3" in first.changes[0][2] and "高级2" in first.changes[0][1]
    assert by_year[("乡中心小学", 2026)].status == "update"
    assert by_year[("城关中学", 2026)].status == "insert"
    issues = [(i.field, i.code, i.message) for r in rows for i in r.issues]
    assert any(f == "post_year" and "四位年份" in m for f, _, m in issues)
    assert any(f == "post_grades" and "超过高级岗位数 1 个" in m for f, _, m in issues)

    result = imports.apply_plan(db, plan)
    a, v = b["schools"]["城关第一小学"], b["schools"]["乡中心小学"]
    assert titles.structures(db, a)[0]["senior"] == 3
    assert [(s["year"], s["middle"]) for s in titles.structures(db, v)] == [(2026, 2), (2025, 1)]
    assert any(s["school"] == "城关中学" and s["senior"] == 5 for s in titles.structures(db))
    imports.undo_batch(db, result.batch_id)
    assert titles.structures(db, a)[0]["senior"] == 2
    assert [s["year"] for s in titles.structures(db, v)] == [2025]


def test_exported_structures_read_back_unchanged(tmp_path, db):
    b = build(db)
    path = tmp_path / "岗位设置导出.xlsx"
    assert titles.export_structures(db, path) == 2
    ws = openpyxl.load_workbook(path).active
    first = ws.cell(templates.FIRST_DATA_ROW, 1)
    assert first.value == "城关第一小学" and first.border.left.style == "thin"  # by pinyin
    assert ws.cell(templates.FIRST_DATA_ROW, 6).value == "五级=1;六级=1;八级=2"
    plan = build_plan(db, [path])
    assert [r.status for r in plan.rows()] == ["unchanged", "unchanged"], [r.changes for r in plan.rows()]
    assert b["schools"]
