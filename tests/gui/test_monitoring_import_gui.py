"""A leaving list through the import wizard (issue 22 §3): recognised as 离岗人员名单, the unknown 原因分类 red at
its cell with the message, corrected in place, applied as one batch; the blank templates from the 数据导入 page."""

import os

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from talentdesk.gui.bus import DataBus
from talentdesk.gui.import_wizard import ImportWizard
from talentdesk.gui.import_wizard.preview_model import ERROR_BG
from talentdesk.gui.pages.imports import ImportsPage
from talentdesk.importing import templates
from talentdesk.services.deployment import attrition
from tests.importing.test_monitoring_import import _fill, _numbers
from tests.watch_builder import build

pytestmark = pytest.mark.gui


@pytest.fixture
def answered(monkeypatch):
    asked = []

    def answer(parent, title, text, *a, **k):
        asked.append((title, text))
        return QMessageBox.StandardButton.Yes

    for name in ("question", "information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(answer))
    return asked


def test_a_leaving_list_through_the_wizard(qtbot, db, answered, monkeypatch, tmp_path):
    build(db)
    n = _numbers(db)
    path = templates.write("separations", tmp_path / "离岗人员.xlsx", school_names=["城关一中"])
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
            ],
            ["城一", n["城一"], "城关一中", "辞职", "2025-09-20", "想换个环境", "想换环境", None, None, None, None],
        ],
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(path)], "")))
    bus = DataBus()
    wiz = ImportWizard(db, bus)
    qtbot.addWidget(wiz)
    wiz.show()
    qtbot.mouseClick(
        wiz.files_page.findChild(type(wiz.button(wiz.WizardButton.NextButton)), "add_files"), Qt.MouseButton.LeftButton
    )
    wiz.next()
    assert wiz.currentId() == wiz.MAPPING
    assert wiz.mapping_page.kind_box.currentData() == "separations"
    assert wiz.mapping_page.kind_box.currentText() == "离岗人员名单"
    wiz.next()
    assert wiz.currentId() == wiz.PREVIEW
    pv = wiz.preview_page
    model = pv.model
    col = model.field_column("原因分类")
    bad = next(r for r in range(model.rowCount()) if model.data(model.index(r, model.field_column("姓名"))) == "城一")
    cell = model.index(bad, col)
    assert model.data(cell, Qt.ItemDataRole.BackgroundRole).color() == ERROR_BG
    assert "“想换环境”不是有效的离岗原因分类" in model.data(cell, Qt.ItemDataRole.ToolTipRole)
    if os.environ.get("TALENTDESK_SCREENSHOT"):
        wiz.grab().save(os.environ["TALENTDESK_SCREENSHOT"])
    pv.edit_cell(bad, "原因分类", "个人发展")
    assert model.data(model.index(bad, 2)) == "新增"
    wiz.next()
    assert wiz.currentId() == wiz.RESULT
    by = {r[2]: dict(zip(attrition.SEPARATION_COLUMNS, r)) for r in attrition.separations(db)}
    assert by["城平"]["reason_code"] == "待遇" and by["城一"]["reason_code"] == "个人发展"
    assert by["城一"]["reason"] == "想换个环境"  # the free text as the school wrote it
    wiz.close()
    bus.deleteLater()


def test_the_imports_page_offers_both_blank_templates(qtbot, db, answered, monkeypatch, tmp_path):
    build(db)
    page = ImportsPage(db, DataBus())
    qtbot.addWidget(page)
    for kind, sheet, header in (("separations", "离岗人员", "原因分类"), ("responses", "管理响应", "谈话人")):
        out = tmp_path / f"{kind}.xlsx"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, o=out, **k: (str(o), "")))
        qtbot.mouseClick(page.template_buttons[kind], Qt.MouseButton.LeftButton)
        ws = openpyxl.load_workbook(out)[sheet]
        assert header in [c.value for c in ws[templates.HEADER_ROW]]
    page.close()
