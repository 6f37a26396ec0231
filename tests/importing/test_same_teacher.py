"""The same teacher twice in one file (issue 23 §4): two sheets disagree → both rows held, the conflict named."""

import datetime as dt

import openpyxl
import pytest
from sqlalchemy import select

from talentdesk.cli import main
from talentdesk.domain import idnumber
from talentdesk.importing.plan import build_plan
from talentdesk.store.models import School, Teacher

ID1 = idnumber.make("371521", dt.date(1985, 3, 12), 123)
ID2 = idnumber.make("371522", dt.date(1990, 7, 1), 244)


@pytest.fixture
def school(db):
    with db.sessions() as s:
        s.add(School(name="青禾县育英小学", kind="小学"))
        s.commit()


def test_two_sheets_disagree_both_rows_held_with_fields_and_values(db, school, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "教师信息"
    ws.append(["姓名", "身份证号", "学校", "联系电话"])
    ws.append(["李明", ID1, "青禾县育英小学", "13800000001"])
    ws.append(["王芳", ID2, "青禾县育英小学", "13800000002"])
    ws2 = wb.create_sheet("补充名单")
    ws2.append(["姓名", "身份证号", "学校", "联系电话"])
    ws2.append(["李明", ID1, "青禾县育英小学", "13900000009"])
    ws2.append(["王芳", ID2, "青禾县育英小学", "13800000002"])
    f = tmp_path / "育英.xlsx"
    wb.save(f)
    plan = build_plan(db, [f])
    got = {r.where: r.status for r in plan.rows()}
    assert got == {"教师信息!2": "held", "教师信息!3": "insert", "补充名单!2": "held", "补充名单!3": "skipped"}
    first, later = (next(r for r in plan.rows() if r.where == w) for w in ("教师信息!2", "补充名单!2"))
    for row, other in ((first, later), (later, first)):
        msg = next(i.message for i in row.issues if i.code == "duplicate_in_file")
        assert other.where in msg
        assert "联系电话：教师信息!D2 为“13800000001”，补充名单!D2 为“13900000009”" in msg
    assert [r.where for r in plan.conflicts()] == ["教师信息!2", "补充名单!2"]
    # the wizard's choice: the clerk excludes the row not to keep, the other one goes in
    plan.exclude(first, True)
    got = {r.where: r.status for r in plan.rows()}
    assert got == {"教师信息!2": "skipped", "教师信息!3": "insert", "补充名单!2": "insert", "补充名单!3": "skipped"}
    assert plan.conflicts() == [] and not later.issues


def _workbook(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "教师信息"
    ws.append(["姓名", "身份证号", "学校", "联系电话"])
    ws.append(["李明", ID1, "青禾县育英小学", "13800000001"])
    ws2 = wb.create_sheet("补充名单")
    ws2.append(["姓名", "身份证号", "学校", "联系电话"])
    ws2.append(["李明", ID1, "青禾县育英小学", "13900000009"])
    f = tmp_path / "育英.xlsx"
    wb.save(f)
    return f


def _phones(db):
    with db.sessions() as s:
        return {t.id_number: t.phone for t in s.scalars(select(Teacher))}


def test_cli_lists_conflicts_refuses_plain_import_and_prefer_settles(sqlite_db, tmp_path, capsys):
    db = sqlite_db
    with db.sessions() as s:
        s.add(School(name="青禾县育英小学", kind="小学"))
        s.commit()
    f = _workbook(tmp_path)
    dbarg = ["--db", str(tmp_path / "test.db")]
    assert main([*dbarg, "import", "--dry-run", str(f)]) == 0
    err = capsys.readouterr().err
    assert "育英.xlsx（工作表“教师信息”第2行）" in err and "育英.xlsx（工作表“补充名单”第2行）" in err
    assert "联系电话：教师信息!D2 为“13800000001”，补充名单!D2 为“13900000009”" in err
    assert main([*dbarg, "import", str(f)]) == 2
    assert "未导入任何内容" in capsys.readouterr().err and _phones(db) == {}
    assert main([*dbarg, "import", "--prefer", "补充名单", str(f)]) == 0
    assert _phones(db) == {ID1: "13900000009"}
