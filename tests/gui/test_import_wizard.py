"""The import wizard driven as a clerk would: choose a file, check the columns, preview, correct,
exclude, apply, save the error workbook, and undo the batch from the 数据导入 page."""

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from talentdesk.domain import idnumber
from talentdesk.gui.bus import DataBus
from talentdesk.gui.import_wizard import ImportWizard
from talentdesk.gui.import_wizard.preview_model import ERROR_BG
from talentdesk.gui.pages.imports import ImportsPage
from talentdesk.importing.plan import build_plan
from talentdesk.services.platform import imports
from talentdesk.store.models import School, Teacher

pytestmark = pytest.mark.gui

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
if not SAMPLES.is_dir():
    SAMPLES = Path("/work/shared/samples")
ROSTER = "青禾县第二中学教职工花名册.xlsx"


@pytest.fixture
def county(db):
    imports.apply_plan(db, build_plan(db, [SAMPLES / "学校基本情况.xlsx"]))
    return db


@pytest.fixture
def dialogs(monkeypatch):
    """Every modal answers at once; what was asked is recorded."""
    asked = []

    def question(parent, title, text, *a, **k):
        asked.append((title, text))
        return QMessageBox.StandardButton.Yes

    def note(parent, title, text, *a, **k):
        asked.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(note))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(note))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(note))
    return asked


def _count(db):
    with db.sessions() as s:
        return s.query(Teacher).count()


def _open_wizard(qtbot, db, bus, monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(path)], "")))
    wiz = ImportWizard(db, bus)
    qtbot.addWidget(wiz)
    wiz.show()
    qtbot.mouseClick(
        wiz.files_page.findChild(type(wiz.button(wiz.WizardButton.NextButton)), "add_files"), Qt.MouseButton.LeftButton
    )
    assert wiz.files_page.paths() == [str(path)]
    return wiz


def test_wizard_from_file_choice_to_undo(qtbot, county, dialogs, monkeypatch, tmp_path):
    db, bus = county, DataBus()
    src = tmp_path / ROSTER
    shutil.copy(SAMPLES / ROSTER, src)
    changed = []
    bus.changed.connect(changed.append)
    wiz = _open_wizard(qtbot, db, bus, monkeypatch, src)

    # step 2: the grouped header is found and its columns mapped; the clerk leaves 联系电话 out
    wiz.next()
    assert wiz.currentId() == wiz.MAPPING
    page = wiz.mapping_page
    sheet = page.current_sheet()
    assert sheet.name == "花名册" and sheet.header_rows == [2, 3]
    row_of = {page.table.item(r, 1).text(): r for r in range(page.table.rowCount())}
    assert page.table.cellWidget(row_of["基本信息/身份证号码"], 3).currentData() == "id_number"
    assert page.table.cellWidget(row_of["工作信息/现任职称"], 3).currentText() == "职称"
    page.set_field(sheet, "联系电话", None)
    assert page.table.item(row_of["联系电话"], 4).text() == "手动设为不导入"

    # step 3: preview, filtered to errors; the lost-digit ID cells are red with the message as tooltip
    wiz.next()
    assert wiz.currentId() == wiz.PREVIEW
    pv = wiz.preview_page
    model = pv.model
    assert "联系电话" not in model.headers
    pv.set_filter("错误")
    assert model.rowCount() == 9
    assert pv.filter_buttons["错误"].text() == "错误 (9)"
    id_col = model.field_column("身份证号")
    cell = model.index(0, id_col)
    assert model.data(cell, Qt.ItemDataRole.BackgroundRole).color() == ERROR_BG
    assert "15位" in model.data(cell, Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(0, 1)) == "花名册!8"

    # save the error workbook for the school: its rows as sent, with 问题说明
    out = tmp_path / "退回.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    qtbot.mouseClick(pv.save_button, Qt.MouseButton.LeftButton)
    ws = openpyxl.load_workbook(out)["花名册"]
    top, sub = [c.value for c in ws[3]], [c.value for c in ws[4]]  # the school's two-row header
    assert top[-2:] == ["问题说明", "原表行号"] and top[1] == "基本信息" and sub[1] == "姓名"
    data = [[c.value for c in r] for r in ws.iter_rows(min_row=5)]
    assert len(data) == 9 and data[0][-1] == 8 and data[0][1] == "魏兰诺"
    assert isinstance(data[0][4], float) and "后几位已经丢失" in data[0][-2]

    # correct the ID of 花名册!8 in place: the row is re-checked and becomes new
    good = idnumber.make("371521", dt.date(1988, 5, 13), 124)
    pv.edit_cell(0, "身份证号", good)
    assert model.data(model.index(0, 2)) == "新增"
    assert model.data(model.index(0, id_col)) == good
    assert model.data(model.index(0, id_col), Qt.ItemDataRole.BackgroundRole) is None
    assert pv.filter_buttons["错误"].text() == "错误 (8)"

    # exclude the first row of the whole list
    pv.set_filter("全部")
    first_name = model.data(model.index(0, model.field_column("姓名")))
    model.set_excluded(0, True)
    assert model.data(model.index(0, 2)) == "已排除"
    assert pv.filter_buttons["已排除"].text() == "已排除 (1)"
    counts = wiz.plan.counts()
    assert counts["insert"] == 142 and counts["rejected"] == 8 and counts["skipped"] == 1

    # step 4: apply (one batch, on a worker thread), then the summary
    wiz.next()
    assert wiz.currentId() == wiz.RESULT
    assert any(t == "确认导入" for t, _ in dialogs)
    assert "第 2 批" in wiz.result_page.summary.text()
    assert _count(db) == 142
    assert "all" in changed
    with db.sessions() as s:
        assert s.query(Teacher).filter_by(name=first_name).count() == 0  # the excluded row
    wiz.close()

    # the batch list: undo the teacher batch
    page = ImportsPage(db, bus)
    qtbot.addWidget(page)
    assert page.batches.rowCount() == 2
    assert page.batches.item(0, 0).text() == "第 2 批"  # the number the wizard's summary gave
    assert page.batches.item(0, 4).text() == ROSTER and page.batches.item(0, 5).text() == "142"
    page.batches.selectRow(0)
    assert page.undo_button.isEnabled()
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert any(t == "撤销导入" for t, _ in dialogs)
    assert _count(db) == 0
    assert page.batches.item(0, 9).text().startswith("已撤销")
    page.batches.selectRow(0)
    assert not page.undo_button.isEnabled()


def test_corrected_mapping_is_remembered_for_the_same_header(qtbot, county, dialogs, monkeypatch, tmp_path):
    db, bus = county, DataBus()
    src = tmp_path / ROSTER
    shutil.copy(SAMPLES / ROSTER, src)
    wiz = _open_wizard(qtbot, db, bus, monkeypatch, src)
    wiz.next()
    wiz.mapping_page.set_field(wiz.mapping_page.current_sheet(), "学历/第一学历", None)
    wiz.next()
    wiz.next()
    assert wiz.currentId() == wiz.RESULT
    wiz.close()

    again = _open_wizard(qtbot, db, bus, monkeypatch, src)
    again.next()
    page = again.mapping_page
    row_of = {page.table.item(r, 1).text(): r for r in range(page.table.rowCount())}
    r = row_of["学历/第一学历"]
    assert page.table.cellWidget(r, 3).currentData() is None
    assert page.table.item(r, 4).text() == "按上次确认的设置（不导入）"
    again.next()
    assert "第一学历" not in again.preview_page.model.headers
    again.close()


def test_refused_file_is_shown_on_the_mapping_page(qtbot, county, dialogs, monkeypatch, tmp_path):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"not a zip at all")
    wiz = _open_wizard(qtbot, county, DataBus(), monkeypatch, bad)
    wiz.next()
    assert wiz.currentId() == wiz.MAPPING
    page = wiz.mapping_page
    page.sheet_list.setCurrentRow(1)
    assert "坏文件.xlsx" in page.info.text()
    assert not page.isComplete()
    wiz.close()


def test_blank_template_download(qtbot, county, dialogs, monkeypatch, tmp_path):
    page = ImportsPage(county, DataBus())
    qtbot.addWidget(page)
    out = tmp_path / "教师模板.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    qtbot.mouseClick(page.template_buttons["teachers"], Qt.MouseButton.LeftButton)
    wb = openpyxl.load_workbook(out)
    ws = wb["教师信息"]
    assert ws["B3"].value == "学校" and ws["D3"].value == "身份证号"
    assert "青禾县第二中学" in [c.value for c in wb["代码表"]["A"]]  # the county's schools as a drop-down


def test_teacher_found_at_another_school_is_held_until_the_clerk_decides(qtbot, county, dialogs, monkeypatch, tmp_path):
    from talentdesk.importing import templates

    db = county
    imports.apply_plan(db, build_plan(db, [SAMPLES / "青禾县实验小学教师信息.xlsx"]))
    before = _count(db)
    path = templates.write("teachers", tmp_path / "借调.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for c, v in enumerate([1, "青禾县第二中学", "赵燕勇", "371521198510098045"], start=1):
        ws.cell(4, c, v)
    wb.save(path)

    wiz = _open_wizard(qtbot, db, DataBus(), monkeypatch, path)
    wiz.next()
    wiz.next()
    pv = wiz.preview_page
    pv.set_filter("待定")
    assert pv.model.rowCount() == 1
    school_col = pv.model.field_column("学校")
    tip = pv.model.data(pv.model.index(0, school_col), Qt.ItemDataRole.ToolTipRole)
    assert "青禾县实验小学" in tip and "借调" in tip
    pv.view.selectRow(0)
    assert pv.transfer_button.isEnabled()
    qtbot.mouseClick(pv.transfer_button, Qt.MouseButton.LeftButton)
    assert pv.model.data(pv.model.index(0, 2)) == "修改"
    assert pv.model.data(pv.model.index(0, school_col)) == "青禾县实验小学 → 青禾县第二中学"
    wiz.next()
    assert wiz.currentId() == wiz.RESULT
    assert _count(db) == before
    with db.sessions() as s:
        t = s.query(Teacher).filter_by(id_number="371521198510098045").one()
        assert s.get(School, t.cur_post_school_id).name == "青禾县第二中学"
    wiz.close()


def test_a_whole_folder_and_dropped_files(qtbot, county, monkeypatch, tmp_path):
    for name in ("学校基本情况.xlsx", "辛集镇教师名单_GBK.csv"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    (tmp_path / "说明.txt").write_text("不是表格", encoding="utf-8")
    (tmp_path / "~$学校基本情况.xlsx").write_bytes(b"lock")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(tmp_path)))
    wiz = ImportWizard(county, DataBus())
    qtbot.addWidget(wiz)
    page = wiz.files_page
    qtbot.mouseClick(
        page.findChild(type(wiz.button(wiz.WizardButton.NextButton)), "add_folder"), Qt.MouseButton.LeftButton
    )
    assert sorted(Path(p).name for p in page.paths()) == ["学校基本情况.xlsx", "辛集镇教师名单_GBK.csv"]
    page.list.dropped.emit([str(tmp_path / "学校基本情况.xlsx"), str(SAMPLES / ROSTER)])  # as a drop does
    assert len(page.paths()) == 3 and page.isComplete()
    assert page.count_label.text() == "已选择 3 个文件"
    wiz.close()


def test_same_teacher_on_two_sheets_the_clerk_keeps_one(qtbot, county, monkeypatch, tmp_path, dialogs):
    """Issue 23 §4: both conflicting rows are 待定 with the differing cells named; excluding one keeps the other."""
    db = county
    tid = idnumber.make("371521", dt.date(1985, 3, 12), 123)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "教师信息"
    ws.append(["姓名", "身份证号", "学校", "联系电话"])
    ws.append(["李明", tid, "青禾县第二中学", "13800000001"])
    ws2 = wb.create_sheet("补充名单")
    ws2.append(["姓名", "身份证号", "学校", "联系电话"])
    ws2.append(["李明", tid, "青禾县第二中学", "13900000009"])
    path = tmp_path / "二中.xlsx"
    wb.save(path)
    wiz = _open_wizard(qtbot, db, DataBus(), monkeypatch, path)
    wiz.next()
    wiz.next()
    pv = wiz.preview_page
    pv.set_filter("待定")
    assert pv.model.rowCount() == 2
    for i in range(2):
        tip = pv.model.row_view(pv.model.plan_index(i)).tooltip(None)
        assert "联系电话：教师信息!D2 为“13800000001”，补充名单!D2 为“13900000009”" in tip
    keep_first = pv.model.row_view(pv.model.plan_index(0)).where.startswith("教师信息")
    pv.view.selectRow(1 if keep_first else 0)  # the 补充名单 row goes
    qtbot.mouseClick(pv.exclude_button, Qt.MouseButton.LeftButton)
    pv.set_filter("待定")
    assert pv.model.rowCount() == 0
    wiz.next()
    assert wiz.currentId() == wiz.RESULT
    with db.sessions() as s:
        assert s.query(Teacher).filter_by(id_number=tid).one().phone == "13800000001"
    wiz.close()
