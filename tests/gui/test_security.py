"""GUI of issue 8: first administrator, sign-in, audit page, users and backups tabs, restore, idle lock."""

import pytest
from argon2 import PasswordHasher
from PySide6.QtWidgets import QMessageBox

from talentdesk.gui.main_window import MainWindow
from talentdesk.gui.security.idle_lock import IdleLock
from talentdesk.gui.security.login import CreateAdminDialog, LoginDialog
from talentdesk.services.accounts import access, accounts
from talentdesk.services.people import schools
from talentdesk.services.platform import workspace
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


def test_login_remembers_the_last_user_name_for_this_pc_user(qtbot, db):
    """Issue 14 §7: the next login offers the name signed in with last; only the password is typed."""
    accounts.create_admin(db, "lilu", "qinghe-2026")
    access.sign_out(db)
    first = LoginDialog(db)
    qtbot.addWidget(first)
    assert first.login.text() == ""
    first.login.setText("lilu")
    first.password.setText("qinghe-2026")
    first.submit()
    access.sign_out(db)
    again = LoginDialog(db)
    qtbot.addWidget(again)
    assert again.login.text() == "lilu" and not again.login.isReadOnly()
    wrong = LoginDialog(db)
    qtbot.addWidget(wrong)
    wrong.login.setText("lilu")
    wrong.password.setText("wrong-one")
    wrong.submit()  # a failed sign-in does not change the remembered name
    assert LoginDialog(db).login.text() == "lilu"


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
    assert page.grid.item(0, 6).text() == "学校名称：乙校 → 乙校（新）"  # the change in words (issue 14 §6)
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


def test_people_are_shown_by_name_and_changes_in_words(qtbot, db):
    """Issue 14 §6: the signed-in person's name (not the login) in the status bar, the audit page and the
    printed report; the audit page says 字段：旧值 → 新值 and never shows a record's JSON."""
    from talentdesk.reports import catalogue
    from talentdesk.services.platform import settings

    accounts.create_admin(db, "zhangli", "qinghe-2026", full_name="张丽")
    sid = schools.save(db, None, {"name": "甲校", "township": "青禾镇"})
    schools.save(db, sid, {"name": "甲校（新）", "township": "青禾镇"})
    policy = settings.load_policy(db)
    policy.training_hours_per_cycle = 300
    settings.save_policy(db, policy)
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    assert w.user_label.isVisible() and w.user_label.text() == "当前用户：张丽（管理员）"
    w.show_page(w.nav.count() - 2)
    page = w.page("审计日志")
    shown = [[page.grid.item(r, c).text() for c in range(page.grid.columnCount())] for r in range(page.grid.rowCount())]
    assert shown and all(row[1] == "张丽" for row in shown)
    assert page.grid.item(0, 1).toolTip() == "用户名：zhangli"
    changes = [row[6] for row in shown]
    assert "学校名称：甲校 → 甲校（新）" in changes
    assert "每周期培训学时：360 → 300" in changes  # the saved policy: only what changed, with its label
    assert any(c.startswith("学校名称：甲校；") and "乡镇：青禾镇" in c for c in changes)  # the new school
    assert not any("{" in c or '"' in c for c in changes)
    assert page.user.itemText(page.user.findData("zhangli")) == "张丽"
    report = catalogue.compute(db, "structure")
    assert report.exporter == "张丽"  # on the watermark and in the footer
    w.close()


def test_backups_say_checked_or_failed_not_hashes(qtbot, tmp_path, answers, info):
    """Issue 14 §6: the list says 已校验 / 校验失败; the SHA-256 is only in the tooltip."""
    import re

    ws = workspace.open_workspace(tmp_path / "h.db")
    schools.save(ws.db, None, {"name": "甲校"})
    w = MainWindow(ws.db, workspace=ws)
    qtbot.addWidget(w)
    tab = w.page("设置").backups
    tab.backup_to(str(tab.folder()))
    assert tab.table.rowCount() >= 1
    cells = [tab.table.item(r, c).text() for r in range(tab.table.rowCount()) for c in range(tab.table.columnCount())]
    assert (
        not any(re.search(r"[0-9a-f]{12}", t) for t in cells) and "SHA" not in tab.table.horizontalHeaderItem(4).text()
    )
    assert {tab.table.item(r, 4).text() for r in range(tab.table.rowCount())} == {"已校验"}
    assert "SHA-256：" in tab.table.item(0, 4).toolTip() and not any("SHA" in m for m in info)
    damaged = tab.items[0].path
    data = bytearray(damaged.read_bytes())  # a backup changed after it was made
    data[-100:] = bytes(255 - b for b in data[-100:])
    damaged.write_bytes(bytes(data))
    tab.table.selectRow(0)
    assert tab.check(tab.selected())
    assert tab.table.item(0, 4).text() == "校验失败" and "校验和不符" in tab.table.item(0, 4).toolTip()
    w.close()
    ws.close()
