"""Accounts: first administrator, sign-in, lockout, roles enforced in services, audit trail append-only."""

import sqlite3

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from talentdesk.services.accounts import access, accounts
from talentdesk.services.accounts.access import PermissionDenied
from talentdesk.services.people import schools
from talentdesk.services.platform import settings
from talentdesk.store.models import AuditLog
from talentdesk.store.models_accounts import Account
from talentdesk.store.uow import UnitOfWork


@pytest.fixture(autouse=True)
def fast_hash():
    accounts.use_hasher(PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    yield
    accounts.use_hasher(PasswordHasher())


def test_without_accounts_the_os_user_works_as_administrator(db):
    ident = access.current(db)
    assert ident.bootstrap and ident.can("users")
    schools.save(db, None, {"name": "甲校"})


def test_first_start_creates_the_administrator_and_then_sign_in_is_required(db):
    admin = accounts.create_admin(db, "admin", "qinghe-2026", "张管理")
    assert admin.role == access.ADMIN and access.current(db).user == "admin"
    with UnitOfWork(db) as uow:
        acc = uow.session.query(Account).one()
        assert acc.password_hash.startswith("$argon2") and "qinghe" not in acc.password_hash
    with pytest.raises(Exception, match="管理员账户已经创建过了"):  # UserError
        accounts.create_admin(db, "admin2", "another-pass")
    access.sign_out(db)
    with pytest.raises(PermissionDenied, match="请先登录"):
        schools.save(db, None, {"name": "甲校"})
    accounts.sign_in(db, "admin", "qinghe-2026")
    assert schools.save(db, None, {"name": "甲校"})


def test_wrong_passwords_lock_the_account(db):
    accounts.create_admin(db, "admin", "qinghe-2026")
    for _ in range(4):
        with pytest.raises(accounts.LoginFailed, match="不正确"):
            accounts.authenticate(db, "admin", "wrong-password")
    with pytest.raises(accounts.LoginFailed, match="锁定"):
        accounts.authenticate(db, "admin", "wrong-password")
    with pytest.raises(accounts.LoginFailed, match="锁定"):  # even the right password, until the time is up
        accounts.authenticate(db, "admin", "qinghe-2026")


def test_password_hash_never_reaches_the_audit_trail(db):
    accounts.create_admin(db, "admin", "qinghe-2026")
    uid = accounts.save_user(db, None, "clerk", access.CLERK, "李录入", "clerk-pass-1")
    accounts.save_user(db, uid, "clerk", access.CLERK, "李录入", "clerk-pass-2")
    with db.engine.connect() as conn:
        rows = conn.execute(select(AuditLog.old, AuditLog.new, AuditLog.field)).all()
    assert not any("argon2" in (o or "") + (n or "") for o, n, _ in rows)
    assert not any(f == "password_hash" for _, _, f in rows)


def test_the_last_administrator_cannot_be_demoted(db):
    admin = accounts.create_admin(db, "admin", "qinghe-2026")
    with pytest.raises(Exception, match="管理员"):
        accounts.save_user(db, admin.account_id, "admin", access.VIEWER)


def test_audit_trail_cannot_be_changed(db, backend):
    schools.save(db, None, {"name": "甲校"})
    if backend == "sqlite":  # straight into the file, past the program
        con = sqlite3.connect(db.path)
        with pytest.raises(sqlite3.DatabaseError, match="审计记录不能修改"):
            con.execute("UPDATE audit_log SET user = 'x'")
        with pytest.raises(sqlite3.DatabaseError, match="审计记录不能删除"):
            con.execute("DELETE FROM audit_log")
        con.close()
        return
    with db.engine.connect() as conn:  # straight to the server, past the program's sessions
        with pytest.raises(DBAPIError, match="审计记录不能修改或删除"):
            conn.execute(text("UPDATE audit_log SET \"user\" = 'x'"))
        conn.rollback()
        with pytest.raises(DBAPIError, match="审计记录不能修改或删除"):
            conn.execute(text("DELETE FROM audit_log"))
        conn.rollback()
        assert conn.execute(select(func.count()).select_from(AuditLog)).scalar() > 0


def test_viewer_sees_masked_ids_and_cannot_save_settings(filled_db_plain):
    db = filled_db_plain
    accounts.create_admin(db, "admin", "qinghe-2026")
    accounts.save_user(db, None, "viewer", access.VIEWER, "", "viewer-pass-1")
    accounts.sign_in(db, "viewer", "viewer-pass-1")
    from talentdesk.services.people import teachers

    tid = teachers.list_rows(db)[0][0]
    basic = teachers.get(db, tid)["basic"]
    assert "********" in basic["id_number"]
    with pytest.raises(PermissionDenied):
        settings.save_policy(db, settings.load_policy(db))


def test_clerk_saves_a_teacher_shown_masked_without_losing_the_id(filled_db_plain):
    db = filled_db_plain
    from talentdesk.services.people import teachers

    tid = teachers.list_rows(db)[0][0]
    full = teachers.get(db, tid)["basic"]["id_number"]
    accounts.create_admin(db, "admin", "qinghe-2026")
    accounts.save_user(db, None, "clerk", access.CLERK, "", "clerk-pass-1")
    accounts.sign_in(db, "clerk", "clerk-pass-1")
    shown = teachers.get(db, tid)["basic"]
    assert shown["id_number"] != full
    shown["note"] = "改了备注"
    teachers.save(db, tid, shown)
    accounts.sign_in(db, "admin", "qinghe-2026")
    assert teachers.get(db, tid)["basic"]["id_number"] == full


@pytest.fixture
def filled_db_plain(db):
    import datetime as dt

    from talentdesk.domain import idnumber
    from talentdesk.services.people import teachers

    sid = schools.save(db, None, {"name": "城关第一小学"})
    teachers.save(
        db,
        None,
        {"name": "张堃", "id_number": idnumber.make("371525", dt.date(1980, 5, 20), 111), "phone": "13800001234"},
        {"posts": [{"school_id": sid, "start": "2010-09"}]},
    )
    return db


def test_lockout_per_place_and_unlock_on_both_back_ends(db, monkeypatch):
    from talentdesk.services.accounts import lockout

    accounts.create_admin(db, "admin", "qinghe-2026")
    here = lockout.place()
    monkeypatch.setattr(lockout, "place", lambda: "ROOM-2-PC/li")
    for _ in range(5):
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(db, "admin", "wrong-password")
    with pytest.raises(accounts.LoginFailed, match="已锁定"):
        accounts.authenticate(db, "admin", "qinghe-2026")
    monkeypatch.setattr(lockout, "place", lambda: here)
    accounts.sign_in(db, "admin", "qinghe-2026")  # the administrator's own PC is not locked
    admin = accounts.list_users(db)[0]
    assert admin["locked"]  # shown as locked (somewhere) in the user list
    accounts.unlock(db, admin["id"])
    assert not accounts.list_users(db)[0]["locked"]
    with db.engine.connect() as conn:  # the report path: one connection, accounts read through it
        assert access.has_accounts(db, conn)
