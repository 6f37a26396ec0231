"""数据交换 page: export a monthly package from a county database, preview it (manifest and checks) in a city
database, import it, see it listed; a changed package cannot be imported; a 查阅员 cannot import."""

from __future__ import annotations

import gc
import zipfile

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from talentdesk.gui.main_window import PAGES, MainWindow
from talentdesk.gui.pages.exchange import ExchangePage
from talentdesk.services.exchange import keys
from talentdesk.services.exchange import packages as exchange

pytestmark = pytest.mark.gui


@pytest.fixture
def quiet(monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: said.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: said.append(a[2]))
    return said


def _exchange_keys(qtbot, county, city, tmp_path, monkeypatch, quiet) -> None:
    """Through the 密钥 box: the city exports its public key, the county registers it after confirming the
    fingerprint, and the other way round."""
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    for sender, receiver, role, name in ((city, county, "city", "禾川市"), (county, city, "county", "青禾县")):
        sender.county.setText(name)
        sender.role.setCurrentIndex(sender.role.findData(role))
        key_file = tmp_path / f"{name}.tdkey"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, f=key_file, **k: (str(f), "x"))
        sender.export_key()
        fingerprint = keys.own_public(sender.db).grouped
        assert "指纹：" + fingerprint in quiet[-1] and fingerprint in sender.own_label.text()
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, f=key_file, **k: (str(f), "x"))
        receiver.import_key()
        assert fingerprint in asked[-1] and "电话核对" in asked[-1]
        assert receiver.keys.item(receiver.keys.rowCount() - 1, 1).text() == name
        assert receiver.keys.item(receiver.keys.rowCount() - 1, 2).text() == fingerprint


def test_export_preview_import_and_list(qtbot, filled_db, new_db, tmp_path, monkeypatch, quiet):
    county = ExchangePage(filled_db, None)
    qtbot.addWidget(county)
    city_db = new_db("city.db")
    city = ExchangePage(city_db, None)
    qtbot.addWidget(city)
    _exchange_keys(qtbot, county, city, tmp_path, monkeypatch, quiet)
    county.kind.setCurrentIndex(county.kind.findData("monthly"))
    county.period.setText("2026-11")
    county.county.setText("青禾县")
    target = tmp_path / "月报.tdpkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), FILTER))
    county.export()
    assert target.exists() and "已导出数据交换包" in quiet[-1]
    assert exchange.remembered(filled_db)["county"] == "青禾县"

    county.show_packages([target])  # sealed to the city: the county page says it cannot read it
    assert "没有对方的私钥无法读取其内容" in county.preview.toPlainText() and not county.import_button.isEnabled()

    city.resize(1366, 728)
    bad = tmp_path / "bad.tdpkg"
    with zipfile.ZipFile(target) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            raw = zin.read(info.filename)
            zout.writestr(info.filename, raw[:-1] + bytes([raw[-1] ^ 1]) if info.filename == "content.bin" else raw)
    city.show_packages([bad])
    assert "解密失败" in city.preview.toPlainText() and not city.import_button.isEnabled()

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(target)], FILTER))
    city.choose()
    text = city.preview.toPlainText()
    assert "区县：青禾县" in text and "结论：校验通过" in text and city.import_button.isEnabled()
    assert "区县“青禾县”的登记密钥" in text
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
    from talentdesk.services.accounts import access

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


def test_cross_county_moves_are_confirmed_in_their_dialog(qtbot, new_db, tmp_path, monkeypatch, quiet):
    """A move listed by a county's package: the page counts it, the dialog lists it (ID number masked) and confirms
    it after a question that defaults to 否."""
    from talentdesk.gui.pages.exchange_moves import MovesDialog
    from talentdesk.services.exchange import moves as exchange_moves
    from tests.security.test_exchange_packages import _id, _teacher, _write

    city = new_db("city.db")
    city_key = keys.create_own(city, role="city", name="禾川市").public
    signers = {}
    for name in ("青禾县", "临河县"):
        county = new_db(f"{name}.db")
        signers[name] = keys.create_own(county, role="county", name=name)
        keys.register(city, signers[name].public, fingerprint=signers[name].public.fingerprint)
    number = _id("371521", 4)
    for name, status in (("青禾县", "调出"), ("临河县", "在岗")):
        _write(tmp_path / f"{name}.tdpkg", signers[name], city_key, name, [_teacher(1, number, status)])
        exchange.import_file(city, tmp_path / f"{name}.tdpkg")
    page = ExchangePage(city, None)
    qtbot.addWidget(page)
    assert page.moves_button.text() == "跨区县调动（1 项待确认）…"
    assert "跨区县调动待确认 1 人" in page.packages.item(0, 7).text()

    dialog = MovesDialog(city, page)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1 and number not in dialog.table.item(0, 1).text()
    assert dialog.table.item(0, 2).text() == "青禾县（调出）" and dialog.table.item(0, 3).text() == "临河县（在岗）"
    assert not dialog.confirm_button.isEnabled()
    dialog.table.selectRow(0)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a) or QMessageBox.StandardButton.No)
    dialog.confirm_button.click()
    assert exchange_moves.pending(city) and asked[-1][-1] == QMessageBox.StandardButton.No  # the default is 否
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    dialog.confirm_button.click()
    assert exchange_moves.pending(city) == [] and dialog.table.rowCount() == 0
    assert exchange_moves.confirmed(city)[(number, "居民身份证")]["to"] == "临河县"
    page.refresh()
    assert page.moves_button.text() == "跨区县调动…"
    dialog.close()
    gc.collect()
    QTimer.singleShot(0, lambda: page._moves_dialog.reject())  # the real dialog, through exec
    page.show_moves()
    assert page._moves_dialog.table.rowCount() == 0


def test_a_key_whose_private_half_is_elsewhere_is_replaced_only_when_asked(qtbot, db, tmp_path, monkeypatch, quiet):
    """The database was moved to another PC account: 导出本机公钥 offers a new key pair (default 否)."""
    old = keys.create_own(db, role="county", name="青禾县").public
    for f in keys.key_folder().glob("*.key"):
        f.unlink()
    page = ExchangePage(db, None)
    qtbot.addWidget(page)
    assert "私钥不在这台电脑" in page.own_label.text()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "k.tdkey"), "x"))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: a[-1])  # the default answer
    page.export_key()
    assert keys.own_public(db) == old and not (tmp_path / "k.tdkey").exists()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    page.export_key()
    new = keys.own_public(db)
    assert new.fingerprint != old.fingerprint and keys.own_key(db) is not None
    assert keys.read_public(tmp_path / "k.tdkey") == new and new.grouped in quiet[-1]
