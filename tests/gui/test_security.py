"""GUI of issue 8: first administrator, sign-in, audit page, users and backups tabs, restore, idle lock."""

import pytest
from argon2 import PasswordHasher
from PySide6.QtWidgets import QMessageBox

from talentdesk.gui.main_window import MainWindow
from talentdesk.gui.security.idle_lock import IdleLock
from talentdesk.gui.security.login import CreateAdminDialog, LoginDialog
from talentdesk.services import access, accounts, schools, workspace
from talentdesk.store import backup

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def fast_hash():
    accounts.use_hasher(PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    yield
    accounts.use_hasher(PasswordHasher())


@pytest.fixture
def info(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: shown.append(a[2])))
    return shown


def test_first_start_creates_the_administrator(qtbot, db):
    dlg = CreateAdminDialog(db)
    qtbot.addWidget(dlg)
    dlg.login.setText("管理员甲")
    dlg.password.setText("qinghe-2026")
    dlg.again.setText("qinghe-2027")
    dlg.submit()
    assert "不一致" in dlg.error.text() and not accounts.list_users(db)
    dlg.again.setText("qinghe-2026")
    dlg.submit()
    assert dlg.result() == dlg.DialogCode.Accepted
    assert access.current(db).user == "管理员甲" and access.current(db).role == access.ADMIN


def test_login_dialog_says_what_is_wrong_and_signs_in(qtbot, db):
    accounts.create_admin(db, "admin", "qinghe-2026")
    access.sign_out(db)
    dlg = LoginDialog(db)
    qtbot.addWidget(dlg)
    dlg.login.setText("admin")
    dlg.password.setText("wrong-one")
    dlg.submit()
    assert "不正确" in dlg.error.text() and dlg.password.text() == ""
    dlg.password.setText("qinghe-2026")
    dlg.submit()
    assert dlg.result() == dlg.DialogCode.Accepted and access.current(db).user == "admin"


def test_audit_page_lists_and_filters_changes(qtbot, db):
    schools.save(db, None, {"name": "甲校"})
    sid = schools.save(db, None, {"name": "乙校"})
    schools.save(db, sid, {"name": "乙校（新）"})
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    w.show_page(w.nav.count() - 2)
    page = w.page("审计日志")
    assert page.grid.rowCount() >= 3 and "共" in page.count.text()
    page.action.setCurrentIndex(page.action.findData("update"))
    page.load()
    assert page.grid.rowCount() == 1
    assert page.grid.item(0, 7).text() == "乙校" and page.grid.item(0, 8).text() == "乙校（新）"
    w.close()


def test_viewer_is_told_the_audit_page_is_for_administrators(qtbot, db):
    accounts.create_admin(db, "admin", "qinghe-2026")
    accounts.save_user(db, None, "viewer", access.VIEWER, "", "viewer-pass-1")
    accounts.sign_in(db, "viewer", "viewer-pass-1")
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    w.show_page(w.nav.count() - 2)
    assert "只有管理员" in w.page("审计日志").count.text()
    tabs = w.page("设置")
    assert not tabs.users.buttons["add"].isEnabled() and not tabs.backups.restore_button.isEnabled()
    w.close()


def test_backup_to_a_folder_and_restore_with_preview(qtbot, tmp_path, answers, info):
    ws = workspace.open_workspace(tmp_path / "g.db")
    schools.save(ws.db, None, {"name": "甲校"})
    w = MainWindow(ws.db, workspace=ws)
    qtbot.addWidget(w)
    tab = w.page("设置").backups
    made = tab.backup_to(str(tmp_path / "usb"))
    assert made is not None and "已备份并校验" in info[0]
    schools.save(w.db, None, {"name": "乙校"})
    assert tab.restore(made)
    assert "确定恢复" in answers.asked[-1] and "教师 0" in answers.asked[-1]
    assert [r[1] for r in schools.list_rows(w.db)] == ["甲校"]
    assert any(b.reason == "pre-restore" for b in backup.list_backups(tmp_path / "backups"))
    w.close()
    ws.close()


def test_idle_time_locks_the_screen(qtbot, db, monkeypatch):
    accounts.create_admin(db, "admin", "qinghe-2026")
    w = MainWindow(db)
    qtbot.addWidget(w)
    idle = IdleLock(w)
    calls = []
    monkeypatch.setattr(idle, "lock", lambda: calls.append(1))
    idle.check()
    assert not calls
    idle.last -= 11 * 60  # default policy: 10 minutes
    idle.check()
    assert calls == [1]
    idle.stop()
    w.close()
