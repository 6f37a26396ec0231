"""The import wizard with registration cards (issue 23 §1): the file is said to be read as cards (how many, per
sheet), the columns are the cards' labels, issues are told by card, label and cell; the error workbook lists the
cards with problems."""

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from talentdesk.gui.bus import DataBus
from talentdesk.gui.import_wizard import ImportWizard
from talentdesk.gui.import_wizard.preview_model import ERROR_BG
from talentdesk.store.models import School, Teacher
from tests.importing import card_files as F

pytestmark = pytest.mark.gui


@pytest.fixture
def schools(db):
    with db.sessions() as s:
        s.add_all([School(name=F.SCHOOL, kind="小学"), School(name=F.OTHER_SCHOOL, kind="初中")])
        s.commit()
    return db


def test_wizard_reads_cards_and_tells_issues_by_card(qtbot, schools, monkeypatch, tmp_path):
    db = schools
    path = tmp_path / "育英小学登记表.xlsx"
    F.write_stacked_xlsx(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(path)], "")))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    for name in ("information", "warning", "critical"):  # a modal with nobody to click would hang the test
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))
    wiz = ImportWizard(db, DataBus())
    qtbot.addWidget(wiz)
    wiz.show()
    qtbot.mouseClick(
        wiz.files_page.findChild(type(wiz.button(wiz.WizardButton.NextButton)), "add_files"), Qt.MouseButton.LeftButton
    )

    # step 2: the sheet is said to be cards; the rows of the table are the cards' labels, where the first card has them
    wiz.next()
    page = wiz.mapping_page
    assert page.sheet_list.item(1).text().strip() == "登记表：登记表 3 张，2 项不导入"
    assert "按登记表读取" in page.info.text() and "共 3 张登记表" in page.info.text()
    assert not page.kind_box.isEnabled()
    rows = {page.table.item(r, 1).text(): r for r in range(page.table.rowCount())}
    assert page.table.item(rows["身份证号"], 0).text() == "A4"
    assert page.table.cellWidget(rows["身份证号"], 3).currentData() == "id_number"
    assert page.table.cellWidget(rows["家庭住址"], 3).currentData() is None
    assert page.table.horizontalHeaderItem(1).text() == "登记表上的项目"

    # step 3: one row per card; the bad card's ID cell is red, its message names the label and the cell
    wiz.next()
    pv = wiz.preview_page
    model = pv.model
    assert pv.cards_hint.isVisibleTo(pv) and "育英小学登记表.xlsx 3 张" in pv.cards_hint.text()
    assert [model.data(model.index(i, 1)) for i in range(3)] == [
        "登记表!1（第1张登记表）",
        "登记表!11（第2张登记表）",
        "登记表!21（第3张登记表）",
    ]
    id_col = model.field_column("身份证号")
    cell = model.index(1, id_col)
    assert model.data(cell, Qt.ItemDataRole.BackgroundRole).color() == ERROR_BG
    assert model.data(cell, Qt.ItemDataRole.ToolTipRole).startswith("错误：身份证号（B14）：")
    pv.view.setCurrentIndex(cell)
    assert "登记表!11（第2张登记表）" in pv.detail.text() and "身份证号（B14）" in pv.detail.text()

    # the error workbook: one row per card with a problem, the cards' labels as the header
    out = tmp_path / "退回.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))
    qtbot.mouseClick(pv.save_button, Qt.MouseButton.LeftButton)
    ws = openpyxl.load_workbook(out)["登记表"]
    header = [c.value for c in ws[3]]
    assert header[:3] == ["姓名", "性别", "出生年月"] and header[-2:] == ["问题说明", "原表行号"]
    data = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    assert len(data) == 1 and data[0][0] == "李晓梅" and data[0][-1] == 11 and "身份证号（B14）" in data[0][-2]

    # step 4: the two good cards are imported
    wiz.next()
    assert wiz.currentId() == wiz.RESULT
    with db.sessions() as s:
        assert sorted(t.name for t in s.query(Teacher)) == ["张明远", "王建国"]
    wiz.close()
