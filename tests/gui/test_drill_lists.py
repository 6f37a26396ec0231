"""The list behind an overview figure: school then name in pinyin order, and 导出 writes it as shown."""

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from talentdesk.gui.bus import DataBus
from talentdesk.gui.pages.reports import ReportsPage

pytestmark = pytest.mark.gui


@pytest.fixture
def page(qtbot, filled_db):
    p = ReportsPage(filled_db, DataBus())
    qtbot.addWidget(p)
    p.resize(1200, 700)
    p.show()
    yield p
    for d in p.lists:
        d.close()
    p.close()


def test_figure_list_is_in_pinyin_order_and_exports_what_is_shown(page, qtbot, monkeypatch, tmp_path):
    qtbot.mouseClick(page.dashboard.figure_button("在岗教师"), Qt.MouseButton.LeftButton)
    dlg = page.lists[-1]
    shown = [dlg.model.row_at(r)[1] for r in range(dlg.model.rowCount())]
    assert shown == ["李䶮", "张堃", "吉𠮷", "王芳"]  # 城关第一小学 (lǐ < zhāng), then 青禾镇中学 (jí < wáng)
    target = tmp_path / "在岗教师.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dlg.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # the file follows the order on screen
    qtbot.mouseClick(dlg.export_button, Qt.MouseButton.LeftButton)
    ws = openpyxl.load_workbook(target).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:2] == ("姓名", "性别")
    assert [r[0] for r in rows[1:]] == ["张堃", "王芳", "李䶮", "吉𠮷"]
    assert {r[3] for r in rows[1:]} == {"城关第一小学", "青禾镇中学"}
