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
    p.dashboard.loader.wait()  # the figures follow from a worker when the page shows
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


def test_annual_report_figures_open_their_teachers(page, qtbot):
    page.tabs.setCurrentIndex(1)
    tab = page.reports
    for i in range(tab.list.count()):
        if tab.list.item(i).data(Qt.ItemDataRole.UserRole).name == "annual":
            tab.list.setCurrentRow(i)
    import datetime as dt

    tab.year.setValue(dt.date.today().year)
    tab.run()
    model = tab.parts.widget(0).model()
    r = next(i for i in range(model.rowCount()) if model.row_at(i)[1] == "年末在岗教师")
    assert model.row_at(r)[2] == 4
    with qtbot.waitSignal(tab.show_teachers) as sig:  # was: the annual figures opened nothing
        tab._cell_clicked(model, model.index(r, 2))
    assert sorted(page.lists[-1].model.row_at(i)[1] for i in range(4)) == sorted(["张堃", "李䶮", "吉𠮷", "王芳"])
    assert len(sig.args[1]) == 4
