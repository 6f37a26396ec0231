"""A mistyping (or guessing) colleague cannot lock the only administrator out (issue 15 §1): failed sign-ins
lock the account per place (PC and OS account), and the OS account that created the administrator can unlock
it without a password."""

import pytest

from talentdesk.services.accounts import accounts, lockout
from talentdesk.services.platform import workspace
from tests.security.conftest import ADMIN_PASSWORD, audit_rows, run_cli


@pytest.fixture
def ws(secured):
    w = workspace.open_workspace(secured)
    yield w
    w.close()


def _guess_from(monkeypatch, where: str, db, times: int = 5) -> None:
    monkeypatch.setattr(lockout, "place", lambda: where)
    for _ in range(times):
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(db, "admin", "guess-password")
    monkeypatch.undo()


def test_a_colleague_at_another_pc_cannot_lock_the_administrator_out(ws, monkeypatch):
    here = lockout.place()
    _guess_from(monkeypatch, "ROOM-2-PC/li", ws.db)
    monkeypatch.setattr(lockout, "place", lambda: "ROOM-2-PC/li")
    with pytest.raises(accounts.LoginFailed, match="已锁定"):  # locked where the guessing happened
        accounts.authenticate(ws.db, "admin", ADMIN_PASSWORD)
    monkeypatch.setattr(lockout, "place", lambda: here)
    assert accounts.authenticate(ws.db, "admin", ADMIN_PASSWORD).user == "admin"  # not at the administrator's PC
    locks = audit_rows(ws.path, "lockout")
    assert locks and "ROOM-2-PC/li" in locks[0][4]


def test_a_colleague_under_another_os_account_on_the_same_pc_cannot_either(ws, monkeypatch):
    host = lockout.place().split("/")[0]
    _guess_from(monkeypatch, f"{host}/li", ws.db)
    assert accounts.authenticate(ws.db, "admin", ADMIN_PASSWORD).user == "admin"


def test_the_administrators_own_os_account_unlocks_without_a_password(secured):
    w = workspace.open_workspace(secured)
    try:
        for _ in range(5):  # even at the administrator's own PC and OS account
            with pytest.raises(accounts.LoginFailed):
                accounts.authenticate(w.db, "admin", "guess-password")
        with pytest.raises(accounts.LoginFailed, match="已锁定"):
            accounts.authenticate(w.db, "admin", ADMIN_PASSWORD)
    finally:
        w.close()
    done = run_cli("--db", str(secured), "--trust-os-user", "user", "unlock", "admin")
    assert done.returncode == 0, done.stderr
    w = workspace.open_workspace(secured)
    try:
        assert accounts.authenticate(w.db, "admin", ADMIN_PASSWORD).user == "admin"
    finally:
        w.close()
