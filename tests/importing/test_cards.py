"""Registration cards (issue 23 §1): each card is one teacher, checked like a table row, issues told by card."""

import datetime as dt
import time

import openpyxl
import pytest
from sqlalchemy import select

from talentdesk.importing import cards
from talentdesk.importing.plan import build_plan
from talentdesk.importing.report import to_json
from talentdesk.services.platform.imports import apply_plan
from talentdesk.store.models import School, Teacher
from tests.importing import card_files as F


@pytest.fixture
def schools(db):
    with db.sessions() as s:
        s.add_all([School(name=F.SCHOOL, kind="小学"), School(name=F.OTHER_SCHOOL, kind="初中")])
        s.commit()


def _teachers(db):
    with db.sessions() as s:
        return {t.id_number: t for t in s.scalars(select(Teacher))}


def _assert_zhang(t):
    assert t.name == "张明远" and t.gender == "男" and t.birth_date == dt.date(1985, 3, 12)
    assert (t.ethnicity, t.political, t.native_place, t.phone) == ("汉族", "中共党员", "山东临沂", "13805391234")
    assert t.work_start.iso() == "2008-09"
    assert (t.cur_title, t.cur_degree, t.cur_subject) == ("一级教师", "大学本科", "语文")


def _assert_wang(t, db):
    assert t.name == "王建国" and t.birth_date == dt.date(1978, 11, 23) and t.work_start.iso() == "1999-09"
    assert (t.cur_title, t.cur_degree, t.cur_subject, t.political) == ("高级教师", "大学专科", "物理", "群众")
    with db.sessions() as s:
        assert s.get(School, t.cur_post_school_id).name == F.OTHER_SCHOOL


def _li_issue(row):
    (issue,) = [i for i in row.issues if i.severity == "error"]
    assert issue.field == "id_number" and issue.code.startswith("id.")
    return issue


def test_cards_stacked_in_one_sheet(db, schools, tmp_path):
    path = tmp_path / "育英小学登记表.xlsx"
    tops = F.write_stacked_xlsx(path)
    plan = build_plan(db, [path])
    (sheet,) = plan.sheets()
    assert sheet.kind == "teachers" and sheet.cards is not None and len(sheet.cards) == 3
    assert [r.row for r in plan.rows()] == tops == [1, 11, 21]
    zhang, li, wang = plan.rows()
    assert zhang.where == "登记表!1（第1张登记表）"
    assert (zhang.status, list(zhang.issues)) == ("insert", [])
    assert zhang.values["birth"].iso() == "1985-03" and zhang.refs["school"].name == F.SCHOOL
    # the bad card: rejected, told by sheet, card's first row, label and cell
    assert li.status == "rejected"
    issue = _li_issue(li)
    assert cards.locate(li, "id_number") == ("身份证号", "B14")
    assert cards.issue_text(li, issue).startswith("身份证号（B14）：")
    assert li.values["birth"].iso() == "1990-07"  # 1990.07 read as a year and month, like a table cell
    assert wang.status == "insert" and wang.refs["school"].name == F.OTHER_SCHOOL
    # labels the importer does not know are listed, not imported
    assert [c.header for c in sheet.columns if c.field is None] == ["家庭住址", "学习及工作简历"]
    report = to_json(plan, applied=False)
    (bad,) = [r for r in report["files"][0]["rows"] if r["status"] == "rejected"]
    assert bad["card"] == {"sheet": "登记表", "first_row": 11, "number": 2}
    assert bad["issues"][0]["label"] == "身份证号" and bad["issues"][0]["cell"] == "B14"
    apply_plan(db, plan)
    t = _teachers(db)
    assert set(t) == {F.ZHANG.id_number, F.WANG.id_number}
    _assert_zhang(t[F.ZHANG.id_number])
    _assert_wang(t[F.WANG.id_number], db)


def test_one_card_per_sheet_with_notes_above(db, schools, tmp_path):
    path = tmp_path / "登记表.xlsx"
    F.write_per_sheet_xlsx(path)
    plan = build_plan(db, [path])
    assert [(s.name, len(s.cards)) for s in plan.sheets()] == [("张明远", 1), ("李晓梅", 1)]
    zhang, li = plan.rows()
    assert (zhang.where, zhang.status) == ("张明远!3（第1张登记表）", "insert")
    assert (li.where, li.status) == ("李晓梅!3（第1张登记表）", "rejected")
    assert cards.locate(li, "id_number") == ("身份证号", "B6")
    apply_plan(db, plan)
    t = _teachers(db)
    assert set(t) == {F.ZHANG.id_number}
    _assert_zhang(t[F.ZHANG.id_number])


def test_the_clerk_corrects_a_card_like_a_row(db, schools, tmp_path):
    path = tmp_path / "cards.xlsx"
    F.write_stacked_xlsx(path)
    plan = build_plan(db, [path])
    li = plan.rows()[1]
    plan.set_value(li, "id_number", F.LI_GOOD_ID)
    assert li.status == "insert" and not li.issues
    apply_plan(db, plan)
    t = _teachers(db)[F.LI_GOOD_ID]
    assert (t.name, t.gender, t.ethnicity, t.cur_degree, t.cur_title) == (
        "李晓梅",
        "女",
        "回族",
        "硕士研究生",
        "二级教师",
    )
    assert t.work_start.iso() == "2013-08"


def test_cards_without_titles_split_where_a_label_comes_again(db, schools, tmp_path):
    """No title rows, no blank rows: a card starts where 姓名 comes again; a vertical card (labels in A, values
    in B) is read too."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for t in (F.ZHANG, F.WANG):
        for row in F.card_grid(t)[1:7]:
            ws.append(row)
    ws2 = wb.create_sheet("竖排")
    for label, value in (("姓名", "李晓梅"), ("性别", "女"), ("身份证号", F.LI_GOOD_ID), ("工作单位", F.SCHOOL)):
        ws2.append([label, value])
    ws2.append(["职称", "二级教师"])
    path = tmp_path / "no_titles.xlsx"
    wb.save(path)
    plan = build_plan(db, [path])
    assert [(r.where, r.status) for r in plan.rows()] == [
        ("Sheet1!1（第1张登记表）", "insert"),
        ("Sheet1!7（第2张登记表）", "insert"),
        ("竖排!1（第1张登记表）", "insert"),
    ]
    assert plan.rows()[2].values["title"] == "二级教师"


def test_a_table_is_not_read_as_cards(db, schools, tmp_path):
    """A roster with a 单位 | 学校 line above its header, and a 职务 column saying 班主任, stays a table."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位", F.SCHOOL, "联系电话", "0539-1234567"])
    ws.append(["序号", "姓名", "身份证号", "性别", "职务", "任教学科"])
    ws.append([1, "张明远", F.ZHANG.id_number, "男", "班主任", "语文"])
    ws.append([2, "王建国", F.WANG.id_number, "男", "班主任", "物理"])
    path = tmp_path / "table.xlsx"
    wb.save(path)
    plan = build_plan(db, [path])
    (sheet,) = plan.sheets()
    assert sheet.cards is None and sheet.header_rows == [2]
    assert [r.row for r in plan.rows()] == [3, 4]


def test_blank_card_is_set_aside_with_a_note(db, schools, tmp_path):
    path = tmp_path / "blank.xlsx"
    F.write_stacked_xlsx(path, (F.ZHANG, F.Teacher("", "", "", "", "", "", "", "", "", "", "", "", "")))
    plan = build_plan(db, [path])
    (sheet,) = plan.sheets()
    assert len(plan.rows()) == 1
    assert any("第11行起的登记表是空白的" in n for n in sheet.notes)


def test_reading_many_cards_is_quick(db, schools, tmp_path):
    teachers = []
    for k in range(300):
        t = F.Teacher(**{**F.ZHANG.__dict__})
        t.name = "张明" + "甲乙丙丁戊己庚辛壬癸"[k % 10] + "一二三四五六七八九十"[k // 10 % 10]
        t.id_number = F.idnumber.make("371521", dt.date(1980 + k % 20, 1 + k % 12, 1 + k % 28), k)
        teachers.append(t)
    path = tmp_path / "many.xlsx"
    F.write_stacked_xlsx(path, teachers)
    t0 = time.perf_counter()
    plan = build_plan(db, [path])
    elapsed = time.perf_counter() - t0
    assert len(plan.rows()) == 300 and {r.status for r in plan.rows()} == {"insert"}
    assert elapsed < 10, elapsed


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_cards_in_xls_and_ods(db, schools, tmp_path, suffix):
    """Read through the same reader: .xls gives its merged ranges, .ods does not (calamine): both read alike."""
    path = tmp_path / f"登记表{suffix}"
    (F.write_stacked_xls if suffix == ".xls" else F.write_stacked_ods)(path)
    plan = build_plan(db, [path])
    assert [(r.where, r.status) for r in plan.rows()] == [
        ("教师!1（第1张登记表）", "insert"),
        ("教师!11（第2张登记表）", "rejected"),
        ("教师!21（第3张登记表）", "insert"),
    ]
    assert cards.locate(plan.rows()[1], "id_number") == ("身份证号", "B14")
    apply_plan(db, plan)
    t = _teachers(db)
    assert set(t) == {F.ZHANG.id_number, F.WANG.id_number}
    _assert_zhang(t[F.ZHANG.id_number])
    _assert_wang(t[F.WANG.id_number], db)


def test_cards_in_a_word_document(db, schools, tmp_path):
    """One table per teacher, a heading paragraph above each, merged cells as Word merges them."""
    path = tmp_path / "教师登记表.docx"
    F.write_docx(path)
    plan = build_plan(db, [path])
    (sheet,) = plan.sheets()
    assert sheet.name == "Word表格" and len(sheet.cards) == 3
    assert [(r.where, r.status) for r in plan.rows()] == [
        ("Word表格!表格1（第1张登记表）", "insert"),
        ("Word表格!表格2（第2张登记表）", "rejected"),
        ("Word表格!表格3（第3张登记表）", "insert"),
    ]
    li = plan.rows()[1]
    assert cards.locate(li, "id_number") == ("身份证号", "表格2第3行第2格")
    assert cards.issue_text(li, _li_issue(li)).startswith("身份证号（表格2第3行第2格）：")
    report = to_json(plan, applied=False)
    assert report["files"][0]["cards"] == {"Word表格": 3}
    apply_plan(db, plan)
    t = _teachers(db)
    assert set(t) == {F.ZHANG.id_number, F.WANG.id_number}
    _assert_zhang(t[F.ZHANG.id_number])
    _assert_wang(t[F.WANG.id_number], db)


def test_several_cards_in_one_word_table(db, schools, tmp_path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("教师基本情况登记表")
    rows = [r for t in (F.ZHANG, F.WANG) for r in F.card_grid(t)[1:7]]
    table = doc.add_table(rows=len(rows), cols=8)
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if v is not None:
                table.cell(i, j).text = str(v)
    path = tmp_path / "一张表.docx"
    doc.save(path)
    plan = build_plan(db, [path])
    assert [(r.where, r.status) for r in plan.rows()] == [
        ("Word表格!表格1（第1张登记表）", "insert"),
        ("Word表格!表格1（第2张登记表）", "insert"),
    ]


def test_a_label_over_two_cells_without_merge_information():
    from talentdesk.importing.read import RawSheet

    sheet = RawSheet("x.ods", "教师", [["身份证号", "", F.ZHANG.id_number, "民族", "汉族"]])
    pairs = cards.row_pairs(cards._Grid(sheet), 0)
    assert [(p.field, p.value, p.value_at) for p in pairs] == [
        ("id_number", F.ZHANG.id_number, (0, 2)),
        ("ethnicity", "汉族", (0, 4)),
    ]


def test_old_word_documents_are_refused_with_what_to_do(db, tmp_path):
    path = tmp_path / "登记表.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    plan = build_plan(db, [path])
    assert "另存为”.docx" in plan.files[0].error


def test_a_word_document_with_an_entity_declaration_is_refused(db, tmp_path):
    """.docx goes through the same zip and XML checks as .xlsx (importing.safety) before python-docx reads it."""
    import zipfile

    good = tmp_path / "good.docx"
    F.write_docx(good, (F.ZHANG,))
    bad = tmp_path / "实体.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaa">]>', 1)
            dst.writestr(info, data)
    plan = build_plan(db, [bad])
    assert plan.files[0].error and "实体.docx" in plan.files[0].error and not plan.rows()


def test_a_card_without_name_or_id_label_is_refused_not_read_as_rows(db, schools, tmp_path):
    """性别 | 男 | 民族 | 汉族 would be a header and its values rows of nonsense (“‘民族’不是有效的性别”)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "登记表"
    ws.append(["教师基本情况登记表"])
    ws.append(["教师", "张明远", "性别", "男", "民族", "汉族"])
    ws.append(["学历", "本科", "职称", "一级教师"])
    path = tmp_path / "odd.xlsx"
    wb.save(path)
    plan = build_plan(db, [path])
    assert not plan.rows()
    error = plan.files[0].error
    assert "工作表“登记表”像是教师登记表" in error and "性别、民族" in error and "姓名" in error


def test_each_card_keeps_the_school_its_title_names(db, schools, tmp_path):
    """Cards of two schools stacked in one sheet, without a 工作单位 item: each card's own title says its school
    (not the first title for the whole sheet)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    for t in (F.ZHANG, F.WANG):
        grid = F.card_grid(t)
        for row in grid[:6]:
            ws.append(row)
        ws.append([])
    path = tmp_path / "两校.xlsx"
    wb.save(path)
    plan = build_plan(db, [path])
    zhang, wang = plan.rows()
    assert (zhang.status, zhang.refs["school"].name) == ("insert", F.SCHOOL)
    assert (wang.status, wang.refs["school"].name) == ("insert", F.OTHER_SCHOOL)
    assert cards.locate(wang, "school") == ("标题中的学校", "A8")


def test_the_clerk_maps_a_card_label_and_it_is_remembered(db, schools, tmp_path):
    path = tmp_path / "cards.xlsx"
    F.write_stacked_xlsx(path, (F.ZHANG,))
    plan = build_plan(db, [path])
    (sheet,) = plan.sheets()
    resume = next(c for c in sheet.columns if c.header == "学习及工作简历")
    assert resume.field is None
    plan.remap(sheet, {resume.index: "note"})
    (row,) = plan.rows()
    assert row.values["note"] == "曲阜师范大学毕业后任教至今" and row.status == "insert"
    apply_plan(db, plan)
    assert _teachers(db)[F.ZHANG.id_number].note == "曲阜师范大学毕业后任教至今"
    again = tmp_path / "again.xlsx"
    F.write_stacked_xlsx(again, (F.WANG,))
    (sheet,) = build_plan(db, [again]).sheets()
    resume = next(c for c in sheet.columns if c.header == "学习及工作简历")
    assert (resume.field, resume.how) == ("note", "remembered")
