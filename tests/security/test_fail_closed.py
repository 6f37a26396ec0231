"""Errors never open the door (issue 15 §1): unreadable accounts stop the sign-in, the idle lock stays on,
backups are listed and previewed only after signing in."""

import sqlite3

import pytest

from talentdesk.cli import main
from talentdesk.services.accounts import access, accounts
from talentdesk.services.platform import workspace
from talentdesk.store import backup
from tests.security.conftest import ADMIN_PASSWORD


def test_unreadable_accounts_do_not_make_everyone_administrator(tmp_path):
    path = tmp_path / "c.db"
    ws = workspace.open_workspace(path)
    accounts.create_admin(ws.db, "admin", ADMIN_PASSWORD)
    access.sign_out(ws.db)
    try:
        con = sqlite3.connect(path)  # the accounts table exists but cannot be read as the program expects
        con.execute("ALTER TABLE account RENAME COLUMN active TO active_x")
        con.commit()
        con.close()
        with pytest.raises(access.AccountsUnreadable, match="无法读取数据库中的用户账户"):
            access.current(ws.db)
        with pytest.raises(access.AccountsUnreadable):
            access.require(ws.db, "reveal_id")
        with pytest.raises(access.AccountsUnreadable):
            accounts.needs_admin(ws.db)  # no second "first administrator" either
    finally:
        ws.close(backup_on_exit=False)


def test_an_old_schema_without_the_accounts_table_still_means_no_accounts(tmp_path):
    path = tmp_path / "old.db"
    ws = workspace.open_workspace(path)
    ws.close()
    con = sqlite3.connect(path)
    con.execute("DROP TABLE account")
    con.commit()
    con.close()
    ro = workspace.open_workspace(path, read_only=True)
    try:
        assert not access.has_accounts(ro.db) and access.current(ro.db).bootstrap
    finally:
        ro.close()


def test_the_login_dialog_refuses_when_accounts_cannot_be_read(qtbot, monkeypatch, db):
    from PySide6.QtWidgets import QMessageBox

    from talentdesk.gui.security import login

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))

    def broken(*a, **k):
        raise access.AccountsUnreadable("无法读取数据库中的用户账户（disk I/O error）")

    monkeypatch.setattr(access, "has_accounts", broken)
    assert login.ensure_signed_in(db) is False
    assert "无法读取" in shown[0]


def test_the_idle_lock_stays_on_when_the_policy_cannot_be_read(qtbot, monkeypatch, db):
    from PySide6.QtWidgets import QWidget

    from talentdesk.gui.security import idle_lock

    window = QWidget()
    qtbot.addWidget(window)
    window.db = db
    lock = idle_lock.IdleLock(window)
    try:
        assert lock.minutes() == 10

        def broken(_db):
            raise OSError("disk I/O error")

        monkeypatch.setattr(idle_lock, "load_policy", broken)
        assert lock.minutes() == 10  # the last minutes read, never 0 (= never lock)
    finally:
        lock.stop()


@pytest.fixture
def with_backup(secured, monkeypatch):
    monkeypatch.setenv("TALENTDESK_USER", "admin")
    monkeypatch.setenv("TALENTDESK_PASSWORD", ADMIN_PASSWORD)
    assert main(["--db", str(secured), "backup"]) == 0
    monkeypatch.delenv("TALENTDESK_USER")
    monkeypatch.delenv("TALENTDESK_PASSWORD")
    return secured


def test_backups_are_listed_only_after_signing_in(with_backup, capsys, monkeypatch):
    capsys.readouterr()
    assert main(["--db", str(with_backup), "backups"]) == 2
    captured = capsys.readouterr()
    assert "--user" in captured.err and "教师" not in captured.out
    monkeypatch.setenv("TALENTDESK_PASSWORD", ADMIN_PASSWORD)
    assert main(["--db", str(with_backup), "--user", "admin", "backups"]) == 0
    assert "教师" in capsys.readouterr().out


def test_a_restore_preview_is_shown_only_after_signing_in(with_backup, capsys, monkeypatch):
    made = backup.list_backups(with_backup.parent / "backups")[0]
    capsys.readouterr()
    assert main(["--db", str(with_backup), "restore", str(made.path)]) == 2
    assert "内容" not in capsys.readouterr().out
    assert main(["--db", str(with_backup), "restore", "--newest"]) == 2
    monkeypatch.setenv("TALENTDESK_PASSWORD", "wrong-password")
    assert main(["--db", str(with_backup), "--user", "admin", "restore", str(made.path)]) == 2
    monkeypatch.setenv("TALENTDESK_PASSWORD", ADMIN_PASSWORD)
    assert main(["--db", str(with_backup), "--user", "admin", "restore", str(made.path)]) == 0
    assert "预览" in capsys.readouterr().out


def test_an_unreadable_database_does_not_open_its_backups_to_anyone(with_backup, capsys, monkeypatch):
    made = backup.list_backups(with_backup.parent / "backups")[0]
    with_backup.write_bytes(b"")  # emptied (or destroyed): its own accounts cannot be read
    capsys.readouterr()
    assert main(["--db", str(with_backup), "restore", str(made.path)]) == 2
    assert "内容" not in capsys.readouterr().out
    monkeypatch.setenv("TALENTDESK_PASSWORD", ADMIN_PASSWORD)  # the backup's administrator
    assert main(["--db", str(with_backup), "--user", "admin", "restore", str(made.path)]) == 0
    assert "预览" in capsys.readouterr().out


def test_the_gui_asks_the_backups_administrator_before_offering_it(with_backup, qtbot, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from talentdesk.gui.security import login, startup

    with_backup.write_bytes(b"")
    asked = []
    monkeypatch.setattr(startup, "_yes", lambda parent, title, text: asked.append(text) or False)
    monkeypatch.setattr(login.LoginDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert startup.open_for_gui(with_backup) is None
    assert asked == []  # nothing about the backup (its teachers) shown to someone who did not sign in

    def sign_in(self):
        self.login.setText("admin")
        self.password.setText(ADMIN_PASSWORD)
        self.submit()
        return self.result()

    monkeypatch.setattr(login.LoginDialog, "exec", sign_in)
    assert startup.open_for_gui(with_backup) is None  # the clerk said no to the restore question
    assert asked and "教师" in asked[0]


def test_a_backup_folder_named_directly_asks_for_the_backups_accounts(with_backup, tmp_path, capsys, monkeypatch):
    folder = with_backup.parent / "backups"
    capsys.readouterr()
    assert main(["--db", str(tmp_path / "elsewhere.db"), "backups", "--folder", str(folder)]) == 2
    assert "教师" not in capsys.readouterr().out
    monkeypatch.setenv("TALENTDESK_PASSWORD", ADMIN_PASSWORD)
    assert main(["--db", str(tmp_path / "elsewhere.db"), "--user", "admin", "backups", "--folder", str(folder)]) == 0
    assert "教师" in capsys.readouterr().out
