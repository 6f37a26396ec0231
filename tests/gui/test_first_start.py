"""First start that leads somewhere (issue 14 §7): an empty database offers 打开演示县 (the default) / 新建本县数据库
/ 打开已有数据库; 以后再说 leaves a hint; 文件 → 新建数据库… and 文件 → 打开演示县; login accounts offered (one
skippable step) on the clerk's own PC and required on a shared folder or a server. Real dialogs, through exec,
closed from QTimer.singleShot as a clerk would click them."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QPushButton

from talentdesk import config
from talentdesk.gui import app as gui_app
from talentdesk.gui import first_start
from talentdesk.gui.first_start import FirstStartDialog, NewCountyDialog
from talentdesk.gui.main_window import MainWindow
from talentdesk.gui.security import startup
from talentdesk.gui.security.login import CreateAdminDialog
from talentdesk.reports import statistics
from talentdesk.services.accounts import access
from talentdesk.services.exchange import packages as exchange
from talentdesk.services.people import schools, teachers
from talentdesk.services.platform import county_setup
from talentdesk.store.database import open_database

pytestmark = pytest.mark.gui


def when_shown(cls, act, seen: list | None = None) -> None:
    """Call ACT(dialog) as soon as a dialog of class CLS is visible (it is modal: exec waits for the clerk)."""

    def poll():
        dlg = next((w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()), None)
        if dlg is None:
            QTimer.singleShot(20, poll)
            return
        if seen is not None:
            seen.append(dlg)
        act(dlg)

    QTimer.singleShot(0, poll)


def click(name: str):
    return lambda dlg: next(b for b in dlg.findChildren(QPushButton) if b.objectName() == name).click()


def fill_county(county: str, schools_key: str, accounts: bool, file: Path | None = None):
    def act(dlg: NewCountyDialog) -> None:
        dlg.county.setText(county)  # the 填报单位 (and a new file's name) follow the county's name
        if file is not None:
            dlg.file.setText(str(file))
        dlg.accounts.setChecked(accounts)
        next(r for r in dlg.school_group.buttons() if r.property("key") == schools_key).setChecked(True)
        dlg.next_button.click()

    return act


@pytest.fixture
def window(qtbot, db):
    w = MainWindow(db, open_database=open_database)
    qtbot.addWidget(w)
    w.show()
    gc.collect()
    yield w
    w.close()
    if w.db is not db:
        w.db.dispose()


def test_the_choice_is_offered_once_and_enter_means_the_demo(qtbot, window):
    seen = []
    when_shown(FirstStartDialog, click("later"), seen)
    assert first_start.offer(window) is None
    dlg = seen[0]
    assert [b.text() for b in dlg.buttons.values()] == ["打开演示县", "新建本县数据库", "打开已有数据库…"]
    enter = FirstStartDialog(window)  # Enter (the default): the ready-to-explore demo county, as the README says

    def press_enter(d):
        QTest.keyClick(d, Qt.Key.Key_Return)
        QTimer.singleShot(200, d.reject)  # never left open if Enter did nothing

    when_shown(FirstStartDialog, press_enter)
    enter.exec()
    assert enter.choice == first_start.DEMO
    assert teachers.count(window.db) == 0
    assert "文件 → 新建数据库" in window.statusBar().currentMessage()  # the empty table says what to do
    schools.save(window.db, None, {"name": "城关第一小学", "township": "城关镇", "area": "城区", "kind": "小学"})
    assert first_start.offer(window, choose=lambda w: pytest.fail("offered on a database in use")) is None


def test_demo_county_opens_in_a_file_of_its_own(qtbot, window, db, answers):
    when_shown(FirstStartDialog, click(first_start.DEMO))
    assert first_start.offer(window) == first_start.DEMO
    demo_file = first_start.demo_path().resolve()
    assert window.db.path == demo_file and teachers.count(window.db) > 1000
    assert teachers.count(db) == 0  # the county's own (empty) file stays clean
    assert window.teachers.model.rowCount() == teachers.count(window.db)  # the pages show the demo
    assert config.database_choice()["path"] == str(demo_file)  # opened again on the next start
    assert str(demo_file) in config.recent_databases()


def test_new_county_here_names_it_then_enters_schools_without_accounts(qtbot, window, db, monkeypatch):
    entered = []
    monkeypatch.setattr(type(window.page("学校")), "open_school", lambda self, sid: entered.append(sid))
    when_shown(FirstStartDialog, click(first_start.NEW))
    when_shown(NewCountyDialog, fill_county("临河县", first_start.SCHOOLS_ENTER, accounts=False))
    assert first_start.offer(window) == first_start.NEW
    assert window.db is db  # the empty database open now became the county's
    assert exchange.remembered(db)["county"] == "临河县"
    assert statistics.unit_name(db) == "临河县教育和体育局"
    assert entered == [None] and window.stack.currentWidget() is window.page("学校")  # straight to the schools
    assert not access.has_accounts(db)  # skipped: the clerk's own PC


def test_new_county_offers_the_administrator_as_one_skippable_step(qtbot, window, db, monkeypatch):
    monkeypatch.setattr(type(window.page("数据导入")), "start_import", lambda self: None)
    seen = []

    def create(dlg: CreateAdminDialog) -> None:
        assert dlg.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "暂不设置"
        dlg.full_name.setText("王芳")
        dlg.password.setText("Qinghe-2026-pass")
        dlg.again.setText("Qinghe-2026-pass")
        dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    when_shown(NewCountyDialog, fill_county("青禾县", first_start.SCHOOLS_IMPORT, accounts=True))
    when_shown(CreateAdminDialog, create, seen)
    assert first_start.new_county(window, here=True)
    assert seen and access.has_accounts(db) and access.current(db).user == "admin"
    assert config.last_login() == "admin"  # the login offers it next time
    assert window.stack.currentWidget() is window.page("数据导入")


def test_county_form_says_what_is_missing(qtbot):
    dlg = NewCountyDialog(ask_file=True)
    qtbot.addWidget(dlg)
    dlg.next_button.click()
    assert dlg.error.isVisibleTo(dlg) and dlg.error.text() == "请填写县（市、区）名称"
    dlg.county.setText("临河县")
    assert dlg.unit.text() == "临河县教育和体育局" and dlg.file.text().endswith("临河县.db")
    dlg.unit.setText("")
    dlg.next_button.click()
    assert "填报单位" in dlg.error.text() and not dlg.result()


def test_file_menu_new_database_makes_a_new_file_and_keeps_the_old(qtbot, window, db, tmp_path):
    schools.save(db, None, {"name": "城关第一小学", "township": "城关镇", "area": "城区", "kind": "小学"})
    menu = {a.text(): a for a in window.file_menu.actions()}
    assert {"新建数据库…", "打开数据库…", "最近使用的数据库", "打开演示县"} <= set(menu)
    target = tmp_path / "临河县.db"
    when_shown(NewCountyDialog, fill_county("临河县", first_start.SCHOOLS_LATER, accounts=False, file=target))
    menu["新建数据库…"].trigger()
    assert window.db.path == target.resolve() and county_setup.current(window.db)["county"] == "临河县"
    assert len(schools.choices(db)) == 1  # the database in use was not touched
    assert config.database_choice()["path"] == str(target.resolve())


def test_open_existing_database_from_the_first_start(qtbot, window, tmp_path, monkeypatch):
    other = tmp_path / "局里的.db"
    odb = open_database(other)
    schools.save(odb, None, {"name": "城关第一小学", "township": "城关镇", "area": "城区", "kind": "小学"})
    odb.dispose()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    when_shown(FirstStartDialog, click(first_start.OPEN))
    assert first_start.offer(window) == first_start.OPEN
    assert window.db.path == other.resolve() and len(schools.choices(window.db)) == 1


class _Ws:
    def __init__(self, db, *, network=False, server=False):
        self.db, self.network, self.is_server = db, network, server


def test_accounts_optional_on_this_pc_required_on_a_shared_database(db, monkeypatch):
    asked = []
    monkeypatch.setattr(startup, "ensure_signed_in", lambda d, parent=None: asked.append(d) or False)
    assert startup.sign_in(_Ws(db)) and not asked  # no administrator forced on a clerk's own PC
    assert not startup.sign_in(_Ws(db, network=True)) and asked == [db]  # a shared folder: the dialog, required
    assert not startup.sign_in(_Ws(db, server=True)) and len(asked) == 2
    from talentdesk.services.accounts import accounts

    accounts.create_admin(db, "admin", "Qinghe-2026-pass", "王芳")
    assert not startup.sign_in(_Ws(db)) and len(asked) == 3  # accounts exist: everyone signs in


def test_run_with_a_database_on_the_command_line_opens_it_as_it_is(qtbot, tmp_path, monkeypatch):
    from talentdesk import cli

    path = tmp_path / "空的.db"
    open_database(path).dispose()
    offered = []
    monkeypatch.setattr(first_start, "ask", lambda w: offered.append(w) or None)

    def close_all():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow):
                w.close()

    QTimer.singleShot(300, close_all)
    assert cli.main(["--db", str(path)]) == 0
    assert not offered  # a database named on the command line: no first-start dialog (scripts, tests)
    QTimer.singleShot(300, close_all)
    assert gui_app.run(None) == 0 and len(offered) == 1  # without one: the default database, the choice
