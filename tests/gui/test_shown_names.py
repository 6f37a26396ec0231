"""People by their names, not their login names (issue 14 §6): the exchange package's 导出人 and 导入人, the
import batches' 导入人, a teacher's 变更记录 and the merge dialog's 修改人 show the account's 姓名."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox

from talentdesk.domain import idnumber
from talentdesk.gui.bus import DataBus
from talentdesk.gui.conflict_dialog import ConflictDialog
from talentdesk.gui.pages.exchange import PACKAGE_HEADERS, ExchangePage
from talentdesk.gui.pages.imports import ImportsPage
from talentdesk.gui.teacher_file.dialog import TeacherFileDialog
from talentdesk.gui.teacher_file.history_tab import HistoryTab
from talentdesk.services.accounts import access, accounts
from talentdesk.services.exchange import keys as exchange_keys
from talentdesk.services.exchange import package_file as fmt
from talentdesk.services.exchange import packages as exchange
from talentdesk.services.people import teachers
from talentdesk.store.database import open_database
from talentdesk.store.models import ImportBatch
from talentdesk.store.uow import UnitOfWork
from tests import exchange_keys_helper as keyhelp

pytestmark = pytest.mark.gui

PASSWORD = "Qinghe-2026-pass"


def _signed_in(db, login: str, name: str, *, first: bool = True):
    """DB with LOGIN (姓名 NAME) signed in; FIRST: the administrator created on first start."""
    if first:
        accounts.create_admin(db, login, PASSWORD, name)
    access.sign_in(db, accounts.authenticate(db, login, PASSWORD))
    return db


def _teacher(db) -> int:
    return teachers.save(
        db,
        None,
        {"name": "张堃", "id_number": idnumber.make("371525", dt.date(1985, 3, 12), 123), "phone": "13800000000"},
    )


def test_exchange_package_names_exporter_and_importer(qtbot, new_db, tmp_path, monkeypatch):
    county = _signed_in(new_db("county.db"), "wangf", "王芳")
    city = _signed_in(new_db("city.db"), "zhaol", "赵丽")
    city_key = keyhelp.make_key(city, "city", "禾川市")
    keyhelp.register(county, city_key)
    keyhelp.register(city, keyhelp.make_key(county, "county", "青禾县"))
    _teacher(county)
    made = exchange.export(county, "data", "2026-11", tmp_path / "青禾县.tdpkg", county="青禾县")
    assert made["exporter"].startswith("王芳") and "wangf" not in made["exporter"]
    assert made["exporter_user"] == "wangf"  # the login stays in the package, beside the name
    lines = exchange.describe(fmt.load(tmp_path / "青禾县.tdpkg", exchange_keys.keyring(city)))
    assert any(line.startswith("导出人：王芳") for line in lines)
    exchange.import_file(city, tmp_path / "青禾县.tdpkg")
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    page = ExchangePage(city, None)
    qtbot.addWidget(page)
    row = {h: page.packages.item(0, c).text() for c, h in enumerate(PACKAGE_HEADERS)}
    assert row["导出人"].startswith("王芳") and row["导入人"] == "赵丽"


def test_import_batches_and_teacher_history_name_the_person(qtbot, db):
    _signed_in(db, "wangf", "王芳")
    accounts.save_user(db, None, "lisi", access.CLERK, "李四", PASSWORD)
    with UnitOfWork(db) as uow:
        uow.session.add(ImportBatch(kind="teachers", files='["a.xlsx"]', summary='{"insert": 3}', user="lisi"))
        uow.commit()
    listing = ImportsPage(db, DataBus())
    qtbot.addWidget(listing)
    assert listing.batches.item(0, 2).text() == "李四"
    tab = HistoryTab()
    qtbot.addWidget(tab)
    tab.load(db, _teacher(db))
    assert tab.rows() and {r[1] for r in tab.rows()} == {"王芳"}


def test_merge_dialog_names_the_other_clerk(qtbot, db, monkeypatch, answers):
    _signed_in(db, "wangf", "王芳")
    accounts.save_user(db, None, "lisi", access.CLERK, "李四", PASSWORD)
    tid = _teacher(db)
    other = _signed_in(open_database(db.path), "lisi", "李四", first=False)
    bus = DataBus()
    try:
        dlg = TeacherFileDialog(db, bus, tid)
        qtbot.addWidget(dlg)
        loaded = teachers.get(other, tid)  # 李四 saves the phone first
        teachers.save(other, tid, {**loaded["basic"], "phone": "13900000000"}, loaded=loaded)
        dlg.basic.form.fields["phone"].setText("13700000000")
        seen = []

        def fake_exec(self):
            seen.append((self.findChild(type(self.table), "conflict_table"), self.conflict.message))
            self.reject()
            return self.result()

        monkeypatch.setattr(ConflictDialog, "exec", fake_exec)
        dlg.save()
        table, message = seen[0]
        who = next(table.item(r, 4).text() for r in range(table.rowCount()) if table.item(r, 0).text() == "联系电话")
        assert who.startswith("李四") and "lisi" not in who and "李四" in message and "lisi" not in message
        dlg.close()
    finally:
        other.dispose()
        bus.deleteLater()
