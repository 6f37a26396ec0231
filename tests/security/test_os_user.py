"""--trust-os-user trusts the OS account running the program, never LOGNAME/USER (issue 15 §1)."""

import os
import pwd
import sys

import pytest

from talentdesk.services.accounts import access, accounts
from talentdesk.services.platform import workspace
from talentdesk.store import os_account
from tests.security.conftest import audit_rows, run_cli, set_os_login

ME = pwd.getpwuid(os.getuid()).pw_name
OTHER = "qinghe-admin-os"  # the OS account that created the administrator: not the one running the tests


def test_claiming_the_administrators_os_account_in_logname_is_refused(secured, tmp_path):
    set_os_login(secured, OTHER)
    out = tmp_path / "full-ids.xlsx"
    done = run_cli(
        "--db",
        str(secured),
        "--trust-os-user",
        "export",
        "teachers",
        str(out),
        env={"LOGNAME": OTHER, "USER": OTHER, "LNAME": OTHER, "USERNAME": OTHER},
    )
    assert done.returncode == 2, done.stderr
    assert "不是管理员账户登记的系统用户" in done.stderr and ME in done.stderr
    assert not out.exists()


def test_a_new_administrator_cannot_be_made_by_claiming_an_os_account(secured):
    set_os_login(secured, OTHER)
    done = run_cli(
        "--db",
        str(secured),
        "--trust-os-user",
        "user",
        "add",
        "mallory",
        "--role",
        "管理员",
        env={"LOGNAME": OTHER, "USER": OTHER, "TALENTDESK_NEW_PASSWORD": "mallory-pass-1"},
    )
    assert done.returncode == 2
    assert not any("mallory" in (r[4] or "") for r in audit_rows(secured, "insert"))


def test_the_real_os_account_is_trusted_and_the_sign_in_audited_as_such(secured, tmp_path):
    done = run_cli("--db", str(secured), "--trust-os-user", "check", env={"LOGNAME": "nobody", "USER": "nobody"})
    assert done.returncode in (0, 1), done.stderr  # 1: the empty database has warnings; signed in either way
    rows = audit_rows(secured, "login")
    assert rows and rows[-1][0] == "admin"
    assert f"系统用户 {ME} 免密码登录" in rows[-1][4] and "--trust-os-user" in rows[-1][4]


def test_the_administrator_records_the_real_os_account_not_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LOGNAME", OTHER)
    monkeypatch.setenv("USER", OTHER)
    ws = workspace.open_workspace(tmp_path / "n.db")
    try:
        accounts.create_admin(ws.db, "admin", "qinghe-admin-1")
        assert accounts.list_users(ws.db)[0]["os_login"] == ME
        assert access.current(ws.db).user == "admin"
        access.sign_out(ws.db)
        assert access.current(ws.db).user == ME  # the audit name of nobody signed in: the real account too
    finally:
        ws.close()


# --- Windows: the account from the process token (simulated here) ------------------------------


@pytest.fixture
def windows(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("USERNAME", "Administrator")  # what getpass.getuser() would believe
    token = {"account": ("QINGHE-PC", "zhang")}

    def from_token():
        if token["account"] is None:
            raise OSError("OpenProcessToken failed")
        return token["account"]

    monkeypatch.setattr(os_account, "_windows_token_account", from_token)
    return token


def test_windows_account_comes_from_the_process_token(windows):
    assert os_account.name() == "QINGHE-PC\\zhang"
    assert os_account.same("QINGHE-PC\\Zhang", os_account.name())  # Windows names ignore case
    assert os_account.same("zhang", os_account.name())  # recorded by an older version, without the domain
    assert not os_account.same("Administrator", os_account.name())
    assert not os_account.same("OTHER-PC\\zhang", os_account.name())


def test_windows_trusted_sign_in_fails_closed_when_the_token_cannot_be_read(db, windows):
    accounts.create_admin(db, "admin", "qinghe-admin-1")
    access.sign_out(db)
    assert accounts.trusted_os_admin(db).user == "admin"  # recorded as QINGHE-PC\zhang from the token
    windows["account"] = None
    assert os_account.name() is None
    assert accounts.trusted_os_admin(db) is None  # never falls back to USERNAME
    windows["account"] = ("QINGHE-PC", "Administrator")
    assert accounts.trusted_os_admin(db) is None
