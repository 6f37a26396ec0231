"""A second instance, read-only while another holds the database, still limits guessing and leaves a trace of
what it disclosed (issue 15 §1): the journal beside the database, merged into the audit log later."""

import pytest

from talentdesk.reports.roster import export_roster
from talentdesk.services.accounts import access, accounts, lockout
from talentdesk.services.platform import workspace
from talentdesk.store import guard, readonly_journal
from tests.security.conftest import ADMIN_PASSWORD, audit_rows


@pytest.fixture
def held(secured):
    """A colleague's program holds the database (its lock), as when a GUI is left open."""
    lock = guard.DbLock.acquire(secured)
    yield secured
    lock.release()


def _read_only(path):
    ws = workspace.open_workspace(path)
    assert ws.read_only_reason == workspace.LOCKED
    return ws


def test_guessing_in_a_read_only_instance_locks_the_account(held):
    ws = _read_only(held)
    try:
        refused = 0
        for _ in range(30):
            with pytest.raises(accounts.LoginFailed) as e:
                accounts.authenticate(ws.db, "admin", "guess-password")
            refused += "已锁定" in e.value.message
        assert refused == 26  # the 5th guess locks, the 25 after it are refused unchecked
        with pytest.raises(accounts.LoginFailed, match="锁定"):
            accounts.authenticate(ws.db, "admin", ADMIN_PASSWORD)  # even the right password, until the time is up
    finally:
        ws.close()
    again = _read_only(held)  # another read-only start counts the same journal
    try:
        with pytest.raises(accounts.LoginFailed, match="锁定"):
            accounts.authenticate(again.db, "admin", ADMIN_PASSWORD)
    finally:
        again.close()


def test_disclosures_and_sign_ins_while_read_only_reach_the_audit_log(secured, tmp_path):
    lock = guard.DbLock.acquire(secured)
    ws = _read_only(secured)
    try:
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(ws.db, "admin", "wrong-password")
        accounts.sign_in(ws.db, "admin", ADMIN_PASSWORD)
        export_roster(ws.db, tmp_path / "full.xlsx", mask=False)
    finally:
        ws.close()
        lock.release()
    assert readonly_journal.journal_path(secured).exists()
    assert not audit_rows(secured, "export")  # nothing could be written to the database meanwhile
    ws = workspace.open_workspace(secured)  # the next writer merges the journal
    try:
        assert ws.writable and any("并入审计日志" in n for n in ws.notes)
    finally:
        ws.close()
    assert not readonly_journal.journal_path(secured).exists()
    exports = audit_rows(secured, "export")
    assert len(exports) == 1 and exports[0][0] == "admin" and "含完整身份证号" in exports[0][4]
    assert "只读方式" in exports[0][4]
    assert audit_rows(secured, "login_fail") and any("只读方式" in r[4] for r in audit_rows(secured, "login"))


def test_the_lockout_survives_the_merge_into_a_writable_database(secured):
    lock = guard.DbLock.acquire(secured)
    ws = _read_only(secured)
    try:
        for _ in range(5):
            with pytest.raises(accounts.LoginFailed):
                accounts.authenticate(ws.db, "admin", "guess-password")
    finally:
        ws.close()
        lock.release()
    ws = workspace.open_workspace(secured)
    try:
        assert ws.writable
        with pytest.raises(accounts.LoginFailed, match="锁定"):
            accounts.authenticate(ws.db, "admin", ADMIN_PASSWORD)
    finally:
        ws.close()
    assert audit_rows(secured, "lockout")


def test_an_edited_journal_is_reported_in_the_audit_log(secured):
    lock = guard.DbLock.acquire(secured)
    ws = _read_only(secured)
    try:
        for _ in range(3):
            with pytest.raises(accounts.LoginFailed):
                accounts.authenticate(ws.db, "admin", "guess-password")
    finally:
        ws.close()
        lock.release()
    path = readonly_journal.journal_path(secured)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:1] + lines[2:]) + "\n", encoding="utf-8")  # one failure removed
    workspace.open_workspace(secured).close()
    reported = audit_rows(secured, "journal")
    assert reported and "校验未通过" in reported[0][4]


def test_a_read_only_disclosure_that_cannot_be_journaled_is_refused(held, tmp_path, monkeypatch):
    ws = _read_only(held)
    try:
        accounts.sign_in(ws.db, "admin", ADMIN_PASSWORD)

        def cannot(*a, **k):
            raise OSError("磁盘只读")

        monkeypatch.setattr(readonly_journal, "append", cannot)
        with pytest.raises(access.UserError, match="只读日志"):
            access.record_disclosure(ws.db, table="report", what="导出花名册")
    finally:
        ws.close()


def test_the_colleague_who_holds_the_database_merges_the_journal_while_working(secured):
    holder = workspace.open_workspace(secured)  # the colleague's program, left open
    try:
        ro = _read_only(secured)
        try:
            with pytest.raises(accounts.LoginFailed):
                accounts.authenticate(ro.db, "admin", "guess-password")
        finally:
            ro.close()
        assert lockout.journal_file(holder.db).exists()
        holder.heartbeat()  # every minute
        assert not lockout.journal_file(holder.db).exists()
    finally:
        holder.close()
    assert any("只读方式" in r[4] for r in audit_rows(secured, "login_fail"))


def test_guessing_through_the_command_line_while_a_colleague_works(held):
    """The attack as found: a second program, read-only because a colleague's GUI holds the database, guessed
    30 passwords in 6.8 s and then signed in. Now the 5th wrong password locks the account there."""
    from tests.security.conftest import run_cli

    for n in range(6):
        done = run_cli("--db", str(held), "--user", "admin", "check", env={"TALENTDESK_PASSWORD": f"guess-{n:04d}"})
        assert done.returncode == 2
    assert "已锁定" in done.stderr
    done = run_cli("--db", str(held), "--user", "admin", "check", env={"TALENTDESK_PASSWORD": ADMIN_PASSWORD})
    assert done.returncode == 2 and "已锁定" in done.stderr
