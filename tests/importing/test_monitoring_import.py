"""Leaving lists and management responses through the importer (issue 22 §3): the blank templates filled as a
school or the 人事股 would, codes matched by name or alias, unknown codes held with a clear message at their
sheet, row and column, free text kept, the same records the GUI writes, undone as a batch."""

import json

import openpyxl
import pytest
from sqlalchemy import select

from talentdesk.cli import main
from talentdesk.importing import templates
from talentdesk.importing.plan import build_plan
from talentdesk.services.deployment import attrition, responses
from talentdesk.services.platform.imports import apply_plan, undo_batch
from talentdesk.store.models import Teacher
from tests.watch_builder import build


def _fill(path, rows):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for r, values in enumerate(rows, start=templates.FIRST_DATA_ROW):
        for c, v in enumerate(values, start=1):
            ws.cell(r, c, v)
    wb.save(path)
    return path


def _numbers(db) -> dict[str, str]:
    with db.sessions() as s:
        return dict(s.execute(select(Teacher.name, Teacher.id_number)).all())


def _messages(sheet) -> dict[int, list[tuple[str, str, str]]]:
    return {r.row: [(i.field, i.severity, i.message) for i in r.issues] for r in sheet.rows}


@pytest.fixture
def county(db):
    return db, build(db)


def test_a_leaving_list_is_checked_applied_as_the_dialog_would_and_undone(county, tmp_path):
    db, ids = county
    n = _numbers(db)
    assert templates.headers("separations") == [
        "姓名",
        "身份证号",
        "原学校",
        "离岗方式",
        "离岗日期",
        "离岗原因",
        "原因分类",
        "去向",
        "去向类别",
        "去向省份",
        "去向城市",
        "备注",
    ]
    path = templates.write("separations", tmp_path / "离岗.xlsx", school_names=["城关一中", "甲村小学"])
    _fill(
        path,
        [
            [
                "城平",
                n["城平"],
                "城关一中",
                "辞职",
                "2025-09-15",
                "工资低",
                "工资待遇",
                "某民办学校",
                "民办",
                "浙江省",
                "杭州市",
                None,
            ],
            [
                "甲分",
                None,
                "甲村小学",
                "调出",
                "2025-09",
                "夫妻团聚",
                "夫妻团聚",
                "济南市某校",
                "外县学校",
                "山东省",
                None,
                None,
            ],
            [
                "城一",
                n["城一"],
                "城关一中",
                "辞职",
                "2025-09-20",
                "想换个环境",
                "想换环境",
                None,
                None,
                None,
                None,
                None,
            ],
            ["城硕", n["城硕"], "城关一中", "辞职", "2025-03-15", "考公", "考公", None, None, None, None, "重复报送"],
            ["查无此人", None, "城关一中", "退休", "2025-09", None, None, None, None, None, None, None],
            ["甲硕", n["甲硕"], "甲村小学", "请假", "2025-09", None, None, None, None, None, None, None],
        ],
    )
    plan = build_plan(db, [path])
    sheet = plan.sheets()[0]
    assert sheet.kind == "separations"
    assert [r.status for r in sheet.rows] == ["insert", "insert", "held", "unchanged", "held", "held"]
    msgs = _messages(sheet)
    assert (
        "reason_code",
        "error",
        "“想换环境”不是有效的离岗原因分类（可填：待遇、两地分居、个人发展、考录公务员、到民办/外地学校、考研、其他）",
    ) in msgs[6]
    assert sheet.rows[2].where == f"{sheet.name}!6"
    assert sheet.columns[sheet.field_columns["reason_code"]].header == "原因分类"  # the column the message names
    assert any("库中找不到教师“查无此人”" in m for _f, _s, m in msgs[8])
    assert any(f == "leave_kind" and "“请假”不是有效的人员状态" in m for f, _s, m in msgs[9])

    result = apply_plan(db, plan)
    assert result.counts["insert"] == 2
    rows = {r[2]: r for r in attrition.separations(db)}
    by = {n: dict(zip(attrition.SEPARATION_COLUMNS, r)) for n, r in rows.items()}
    assert by["城平"]["reason"] == "工资低" and by["城平"]["reason_code"] == "待遇"  # free text kept, code matched
    assert by["城平"]["dest_kind"] == "民办学校" and by["城平"]["dest_place"] == "浙江省杭州市"
    assert by["甲分"]["reason_code"] == "两地分居" and by["甲分"]["dest_kind"] == "外县（市）公办学校"
    with db.sessions() as s:
        status = dict(s.execute(select(Teacher.name, Teacher.status)).all())
    assert status["城平"] == "辞职" and status["甲分"] == "调出" and status["城一"] == "在岗"
    assert "甲分" not in {r[1] for r in attrition.watch_list(db)}  # left: off the watch list, as with the dialog

    undo_batch(db, result.batch_id)
    with db.sessions() as s:
        status = dict(s.execute(select(Teacher.name, Teacher.status)).all())
    assert status["城平"] == "在岗" and status["甲分"] == "在岗"
    assert {r[2] for r in attrition.separations(db)} == {"城硕", "甲高", "甲骨", "甲平", "城退"}


def test_responses_are_imported_with_new_offers_joining_the_list(county, tmp_path, capsys):
    db, ids = county
    n = _numbers(db)
    path = templates.write("responses", tmp_path / "响应.xlsx", school_names=["城关一中", "甲村小学"])
    _fill(
        path,
        [
            ["甲硕", n["甲硕"], "甲村小学", "2025-10-10", "局长", "周转房、人才公寓", "已稳定", None, "愿意留下"],
            ["城一", n["城一"], "城关一中", "2025-10-05", "王股长", "职称、交流回城", "跟进中", "2025-11-01", None],
            ["甲分", None, "甲村小学", "2025-10-12", "李校长", "子女入学", "继续跟进", None, None],
            ["甲分", None, "甲村小学", "2025-10-13", "李校长", None, "挽留", None, None],
        ],
    )
    plan = build_plan(db, [path])
    sheet = plan.sheets()[0]
    assert sheet.kind == "responses"
    assert [r.status for r in sheet.rows] == ["insert", "unchanged", "held", "held"]
    msgs = _messages(sheet)
    assert any(f == "offered" and s == "warning" and "“人才公寓”不在可提供的条件列表中" in m for f, s, m in msgs[4])
    assert ("follow_up", "error", "结果为“跟进中”时请填写跟进日期") in msgs[6]
    assert ("outcome", "error", "“挽留”不是有效的响应结果（可填：跟进中、留任、调出、辞职）") in msgs[7]
    apply_plan(db, plan)
    mine = [r for r in responses.responses(db, teacher_id=ids["甲硕"]) if r[6] == "局长"]
    assert [(r[7], r[8], r[11]) for r in mine] == [("周转房、人才公寓", "留任", "愿意留下")]
    assert "人才公寓" in responses.offer_choices(db)

    # the command line checks the same file: the report names sheet, row and field of each problem. --db names a
    # file here; on a server the CLI needs its stored connection (tests/shared/test_server_cli.py covers that)
    if db.path is None:
        return
    report = tmp_path / "r.json"
    main(["--db", str(db.path), "import", str(path), "--dry-run", "--report", str(report)])
    assert "新增 0，修改 0，未变 2，退回 0，待定 2" in capsys.readouterr().out  # 甲硕's talk is on file now
    rows = json.loads(report.read_text(encoding="utf-8"))["files"][0]["rows"]
    held = [(r["where"], i["field"], i["message"]) for r in rows for i in r["issues"] if i["severity"] == "error"]
    assert held == [
        (f"{sheet.name}!6", "follow_up", "结果为“跟进中”时请填写跟进日期"),
        (f"{sheet.name}!7", "outcome", "“挽留”不是有效的响应结果（可填：跟进中、留任、调出、辞职）"),
    ]


def test_the_command_line_saves_the_blank_templates(sqlite_db, tmp_path, capsys):
    db = sqlite_db  # --db names the database file (a server's CLI use is in tests/shared/test_server_cli.py)
    build(db)
    for kind, sheet in (("separations", "离岗人员"), ("responses", "管理响应")):
        out = tmp_path / f"{kind}.xlsx"
        assert main(["--db", str(db.path), "watch", "template", kind, str(out)]) == 0
        assert "已保存空白模板" in capsys.readouterr().out
        wb = openpyxl.load_workbook(out)
        assert [c.value for c in wb[sheet][templates.HEADER_ROW]][:2] == ["姓名", "身份证号"]
        dvs = wb[sheet].data_validations.dataValidation
        assert any("甲村小学" in (dv.formula1 or "") for dv in dvs)  # the county's schools as a drop-down
