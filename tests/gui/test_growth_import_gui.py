"""Issue 21 §5 in the GUI: the 成长清单 dialog's 成长清单模板… (the programme's members filled in), 导出 Excel…
and 导入成长清单… (problems named by row and column, any error imports nothing; a good file imported and the lists
refreshed), and the import button following the role."""

import openpyxl
import pytest
from PySide6.QtWidgets import QPushButton

from talentdesk.gui import record_files
from talentdesk.gui.cultivation import growth_dialog
from talentdesk.gui.cultivation.growth_dialog import GrowthDialog
from talentdesk.services.accounts import access
from talentdesk.services.accounts.access import CLERK, VIEWER, Identity
from talentdesk.services.cultivation import growth, programmes
from tests.cultivation_builder import build

pytestmark = pytest.mark.gui

SHEET = "成长目标（每个目标一行）"


@pytest.fixture
def county(db):
    c = build(db)
    t = c["t"]
    pid = programmes.save(
        db,
        None,
        {"name": "青年骨干教师培养工程", "kind": "培养项目", "level": "县级", "cohort": "2025", "start": "2025-09"},
        [{"teacher_id": t["张堃"]}, {"teacher_id": t["钱晓"]}],
    )
    return db, c, pid


def _goals(path, goals):
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    for r, (kind, text, due, done) in enumerate(goals, 4):  # the members' rows as filled in by the template
        for col, v in ((6, kind), (7, text), (8, due), (9, done)):
            ws.cell(r, col, v)
    wb.save(path)


def test_template_and_import_in_the_growth_dialog(qtbot, county, tmp_path, monkeypatch):
    db, _c, pid = county
    dlg = GrowthDialog(db, pid, "青年骨干教师培养工程")
    qtbot.addWidget(dlg)
    found = {b.text(): b for b in dlg.findChildren(QPushButton)}
    assert found["成长清单模板…"].isEnabled() and found["导入成长清单…"].isEnabled()
    path = tmp_path / "成长清单.xlsx"
    monkeypatch.setattr(growth_dialog, "ask_save_path", lambda *a: str(path))
    assert dlg.save_template() == str(path)
    ws = openpyxl.load_workbook(path)[SHEET]
    assert [ws.cell(3, i).value for i in range(1, 11)] == [
        "培养项目",
        "批次",
        "姓名",
        "身份证号",
        "学校",
        "目标类型",
        "目标内容",
        "计划完成",
        "完成日期",
        "佐证",
    ]
    assert [(ws.cell(r, 1).value, ws.cell(r, 3).value) for r in (4, 5)] == [
        ("青年骨干教师培养工程", "张堃"),
        ("青年骨干教师培养工程", "钱晓"),
    ]
    assert "已填入成员 2 人" in dlg.summary.text()

    warned, asked = [], []
    monkeypatch.setattr(record_files.file_dialogs, "open_paths", lambda *a, **k: [str(path)])
    monkeypatch.setattr(record_files, "warn", lambda _p, title, text: warned.append((title, text)))
    monkeypatch.setattr(record_files, "confirm", lambda _p, title, text: asked.append(text) or True)
    _goals(path, [("公开课", "上一节县级公开课", "2026-06", "2026-05-12"), ("跳舞", "学跳舞", "2026-13", "")])
    assert dlg.import_files() == 0  # errors: nothing imported, where they are said
    assert not asked and warned[0][0] == "没有导入成长清单"
    assert "第 5 行，F（目标类型）列：目标类型“跳舞”不在列表中" in warned[0][1]
    assert "第 5 行，H（计划完成）列：日期“2026-13”不对" in warned[0][1]
    assert "全部不导入" in warned[0][1]
    assert sum(m["goals"] for m in growth.members(db, pid)) == 0

    _goals(path, [("公开课", "上一节县级公开课", "2026-06", "2026-05-12"), ("论文", "发表一篇论文", "2099-06", "")])
    assert dlg.import_files() == 2
    assert asked and asked[-1].startswith("可导入新目标 2 个、更新 0 个")
    assert [(m["name"], m["goals"], m["done"]) for m in dlg.rows] == [("张堃", 1, 1), ("钱晓", 1, 0)]
    assert dlg.people.item(0, 2).text() == "1" and dlg.changed
    assert dlg.summary.text().startswith("已导入新目标 2 个、更新 0 个")
    assert dlg.import_files() == 0  # the same file again: nothing new
    assert warned[-1][0] == "没有导入成长清单" and "2 个目标已登记且无变化" in warned[-1][1]

    out = tmp_path / "导出.xlsx"  # 导出 Excel…: the goals with their status, in the template's columns
    monkeypatch.setattr(record_files, "ask_save_path", lambda *a: str(out))
    assert found["导出 Excel…"].isEnabled() and dlg.export() == str(out)
    rows = [r for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True) if r[0] == "青年骨干教师培养工程"]
    assert [(r[2], r[4], r[8]) for r in rows] == [("张堃", "公开课", "已完成"), ("钱晓", "论文", "未完成")]
    assert dlg.summary.text() == f"已导出本项目的目标：{out}"
    dlg.close()


@pytest.mark.parametrize("role", [VIEWER, CLERK])
def test_the_import_button_follows_the_role(qtbot, county, role):
    db, _c, pid = county
    access.sign_in(db, Identity("小王", role))
    dlg = GrowthDialog(db, pid, "青年骨干教师培养工程")
    qtbot.addWidget(dlg)
    assert dlg.importer.isEnabled() is (role == CLERK)
    assert dlg.template.isEnabled()
    dlg.close()
