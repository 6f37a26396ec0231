"""数据交换 page: export a monthly package from a county database, preview it (manifest and checks) in a city
database, import it, see it listed; a changed package cannot be imported; a 查阅员 cannot import."""

from __future__ import annotations

import zipfile

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from talentdesk.gui.main_window import PAGES, MainWindow
from talentdesk.gui.pages.exchange import ExchangePage
from talentdesk.services import exchange

pytestmark = pytest.mark.gui


@pytest.fixture
def quiet(monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: said.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: said.append(a[2]))
    return said


def test_export_preview_import_and_list(qtbot, filled_db, new_db, tmp_path, monkeypatch, quiet):
    county = ExchangePage(filled_db, None)
    qtbot.addWidget(county)
    county.kind.setCurrentIndex(county.kind.findData("monthly"))
    county.period.setText("2026-11")
    county.county.setText("青禾县")
    target = tmp_path / "月报.tdpkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), FILTER))
    county.export()
    assert target.exists() and "已导出数据交换包" in quiet[-1]
    assert exchange.remembered(filled_db)["county"] == "青禾县"

    city_db = new_db("city.db")
    city = ExchangePage(city_db, None)
    qtbot.addWidget(city)
    city.resize(1100, 800)
    bad = tmp_path / "bad.tdpkg"
    with zipfile.ZipFile(target) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            raw = zin.read(info.filename)
            zout.writestr(info.filename, raw.replace(b'"this":', b'"this":9', 1) if info.filename != "manifest.json"
                          else raw)
    city.show_packages([bad])
    assert "校验值不符" in city.preview.toPlainText() and not city.import_button.isEnabled()

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(target)], FILTER))
    city.choose()
    text = city.preview.toPlainText()
    assert "区县：青禾县" in text and "结论：校验通过" in text and city.import_button.isEnabled()
    city.show()
    qtbot.waitExposed(city)
    city.grab().save(str(tmp_path / "exchange_preview.png"))
    city.import_chosen()
    assert "已导入青禾县 2026-11 的人才数据月报" in city.preview.toPlainText()
    assert city.packages.rowCount() == 1 and city.packages.item(0, 2).text() == "青禾县"
    assert not city.import_button.isEnabled()
    city.grab().save(str(tmp_path / "exchange_imported.png"))


def test_exchange_is_a_page_of_the_main_window(qtbot, filled_db):
    w = MainWindow(filled_db)
    qtbot.addWidget(w)
    assert isinstance(w.page("数据交换"), ExchangePage)
    assert PAGES.index("数据交换") == PAGES.index("数据导入") + 1
    w.close()


FILTER = "数据交换包 (*.tdpkg)"


def test_export_button_greyed_with_the_reason_for_a_role_that_may_not(qtbot, filled_db, tmp_path):
    from talentdesk.services import access

    access.sign_in(filled_db, access.Identity("小李", access.CLERK))
    try:
        page = ExchangePage(filled_db, None)
        qtbot.addWidget(page)
        page.kind.setCurrentIndex(page.kind.findData("data"))
        assert not page.export_button.isEnabled()
        assert "录入员“小李”没有“查看、打印和导出完整身份证号与电话”的权限" in page.export_button.toolTip()
        page.resize(1000, 700)
        page.show()
        qtbot.waitExposed(page)
        page.grab().save(str(tmp_path / "exchange_export_greyed.png"))
        page.kind.setCurrentIndex(page.kind.findData("monthly"))
        assert page.export_button.isEnabled()
        page.close()
    finally:
        access.sign_out(filled_db)
