"""Opening a server database (issue 10): several clerks at once, one migration, accounts, clear errors.

The PostgreSQL tests run when TALENTDESK_TEST_PG names a test server (tests/backends.py); the
workspace tests that compare both back ends use the `backend` fixture.
"""

import threading

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text

from talentdesk import config
from talentdesk.services.accounts import access, accounts
from talentdesk.services.people import schools
from talentdesk.services.platform import workspace
from talentdesk.store import migrate, server
from talentdesk.store.database import open_database
from tests import backends

pg_only = pytest.mark.skipif(not backends.PG_URL, reason="no PostgreSQL test server (TALENTDESK_TEST_PG)")


@pytest.fixture(autouse=True)
def fast_hash():
    accounts.use_hasher(PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    yield
    accounts.use_hasher(PasswordHasher())


@pytest.fixture
def target(backend, tmp_path):
    """Where a clerk's workspace points: a SQLite file, or a fresh server database (dropped afterwards)."""
    t = backends.new_database_target(backend, tmp_path, "shared.db")
    yield t
    if backend == "postgresql":
        backends.drop_pg_database(t)


@pytest.fixture
def empty_pg():
    """A PostgreSQL database with no tables at all (not from the migrated template)."""
    if not backends.PG_URL:
        pytest.skip("no PostgreSQL test server")
    import uuid

    name = f"td_empty_{uuid.uuid4().hex[:10]}"
    engine = backends._admin()
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    url = backends.url_for(name)
    yield url
    backends.drop_pg_database(url)


def test_two_clerks_write_at_once_on_a_server_but_not_on_a_file(backend, target):
    first = workspace.open_workspace(target, daily_backup=False)
    second = workspace.open_workspace(target, daily_backup=False)
    try:
        assert first.writable
        if backend == "postgresql":  # the server serves several clerks: no lock file, both write
            assert second.writable and second.lock is None and second.read_only_reason is None
            schools.save(first.db, None, {"name": "城关第一小学", "township": "城关镇", "area": "城区", "kind": "小学"})
            schools.save(second.db, None, {"name": "青禾镇中学", "township": "青禾镇", "area": "镇区", "kind": "初中"})
            assert {r[1] for r in schools.list_rows(first.db)} >= {"城关第一小学", "青禾镇中学"}
        else:  # one SQLite file: the second instance reads only
            assert second.read_only_reason == workspace.LOCKED
    finally:
        second.close()
        first.close()


@pg_only
def test_server_workspace_shows_host_and_database_never_the_password():
    url = server.with_password(backends.new_pg_database(), "s3cret-pw")  # the test server trusts: any password
    try:
        ws = workspace.open_workspace(url, daily_backup=False)
        try:
            name = server.fields(url)["database"]
            assert ws.is_server and ws.path is None and ws.lock is None
            assert name in ws.location() and "s3cret" not in ws.location()
            assert ws.banner() == ""  # writing
            assert not any("s3cret" in n for n in ws.notes)
            with pytest.raises(workspace.UserError, match="服务器管理员"):
                ws.restore(ws.backups_dir / "x.tdbak")
        finally:
            ws.close()
    finally:
        backends.drop_pg_database(url)


@pg_only
def test_plain_postgresql_url_uses_the_installed_driver():
    url = backends.new_pg_database()
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    try:
        ws = workspace.open_workspace(plain, daily_backup=False)
        assert ws.db.engine.dialect.driver == "psycopg"
        ws.close()
    finally:
        backends.drop_pg_database(url)


def test_accounts_and_roles_work_the_same_for_every_clerk(backend, target):
    admin_ws = workspace.open_workspace(target, daily_backup=False)
    try:
        accounts.create_admin(admin_ws.db, "admin", "admin-pass-1", "张管理")
        access.sign_in(admin_ws.db, accounts.authenticate(admin_ws.db, "admin", "admin-pass-1"))
        accounts.save_user(admin_ws.db, None, "viewer", access.VIEWER, "李查阅", "viewer-pass-1")
    finally:
        admin_ws.close()
    ws = workspace.open_workspace(target, daily_backup=False)  # another clerk, later (or at once on a server)
    try:
        assert access.has_accounts(ws.db) and access.current(ws.db).role is None  # must sign in
        with pytest.raises(workspace.UserError, match="不正确"):
            accounts.sign_in(ws.db, "viewer", "wrong-pass-1")
        accounts.sign_in(ws.db, "viewer", "viewer-pass-1")
        assert access.current(ws.db).role == access.VIEWER
        with pytest.raises(access.PermissionDenied):
            schools.save(ws.db, None, {"name": "某小学", "township": "城关镇", "area": "城区", "kind": "小学"})
    finally:
        ws.close()


@pg_only
def test_two_programs_migrating_one_empty_server_database_at_once(empty_pg):
    """Both start on an empty database: one creates the tables under the advisory lock, the other waits."""
    results, errors = [], []
    barrier = threading.Barrier(2)

    def start():
        try:
            barrier.wait()
            db = open_database(server.normalize(empty_pg))
            results.append(migrate.current_revision(db))
            db.dispose()
        except Exception as e:  # pragma: no cover - shown by the assertion
            errors.append(e)

    threads = [threading.Thread(target=start) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors
    assert len(results) == 2 and len(set(results)) == 1 and results[0] is not None
    engine = create_engine(server.normalize(empty_pg))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    engine.dispose()


@pg_only
def test_migration_waits_while_another_program_holds_the_lock(empty_pg):
    holder = create_engine(server.normalize(empty_pg))
    conn = holder.connect()
    conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": migrate.MIGRATION_LOCK_KEY})
    conn.commit()
    done = threading.Event()

    def start():
        open_database(server.normalize(empty_pg)).dispose()
        done.set()

    t = threading.Thread(target=start)
    t.start()
    try:
        assert not done.wait(1.5)  # blocked behind the other program's migration
    finally:
        conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": migrate.MIGRATION_LOCK_KEY})
        conn.commit()
        conn.close()
        holder.dispose()
    t.join(120)
    assert done.is_set()


@pg_only
def test_a_server_database_of_another_program_is_refused(empty_pg):
    engine = create_engine(server.normalize(empty_pg))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id integer primary key)"))
    engine.dispose()
    with pytest.raises(workspace.ServerError, match="不是 TalentDesk 数据库") as e:
        workspace.open_workspace(empty_pg)
    assert e.value.kind == server.NOT_TALENTDESK
    with pytest.raises(workspace.ServerError, match="不是 TalentDesk 数据库"):
        workspace.test_server(empty_pg)


@pg_only
def test_connection_test_says_what_worked(empty_pg):
    assert "空数据库" in workspace.test_server(empty_pg)
    ws = workspace.open_workspace(empty_pg, daily_backup=False)  # creates the tables
    ws.close()
    said = workspace.test_server(empty_pg)
    assert "TalentDesk 数据库" in said and "教师 0 人" in said


@pg_only
def test_missing_database_and_unreachable_server_are_told_in_chinese(tmp_path):
    no_db = server.with_password(backends.url_for("td_no_such_database"), "pw-xyz")
    with pytest.raises(workspace.ServerError, match="没有数据库“td_no_such_database”") as e:
        workspace.open_workspace(no_db)
    assert "pw-xyz" not in e.value.message
    nowhere = server.build(str(tmp_path / "no-server-here"), 5432, "talentdesk", "clerk", "pw-xyz")
    with pytest.raises(workspace.ServerError, match="连接不上数据库服务器") as e:
        workspace.test_server(nowhere)
    assert e.value.kind == server.UNREACHABLE and "pw-xyz" not in e.value.message


class _PgError(Exception):
    def __init__(self, msg, sqlstate=None):
        super().__init__(msg)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    "error, kind",
    [
        (_PgError("connection failed: fe_sendauth: no password supplied"), server.PASSWORD_NEEDED),
        (_PgError('FATAL:  password authentication failed for user "clerk"', "28P01"), server.WRONG_PASSWORD),
        (_PgError('致命错误:  用户 "clerk" Password 认证失败', "28P01"), server.WRONG_PASSWORD),
        (_PgError('FATAL:  no pg_hba.conf entry for host "10.0.0.5"', "28000"), server.NOT_ALLOWED),
        (_PgError('connection to server at "10.0.0.9", port 5432 failed: Connection refused'), server.UNREACHABLE),
        (_PgError("connection failed: timeout expired"), server.UNREACHABLE),
    ],
)
def test_why_a_connection_failed(error, kind):
    url = "postgresql://clerk:pw-xyz@db.jyj.local:5432/talentdesk"
    problem = server.explain(error, url)
    assert problem.kind == kind
    assert "pw-xyz" not in problem.message and problem.message


def test_urls_from_the_dialog_fields_round_trip():
    url = server.build("192.168.1.20", 5433, "talentdesk", "clerk", "p@ss:w/rd")
    assert server.fields(url) == {
        "host": "192.168.1.20",
        "port": 5433,
        "database": "talentdesk",
        "user": "clerk",
        "password": "p@ss:w/rd",
    }
    assert server.describe(url) == "192.168.1.20:5433/talentdesk（用户 clerk）"
    assert "p@ss" not in server.without_password(url)
    socket = server.build("/run/postgresql", 5432, "td", "clerk")
    assert server.fields(socket)["host"] == "/run/postgresql"
    assert server.is_server_url("postgresql://x@h/db") and server.is_server_url("postgres://x@h/db")
    assert not server.is_server_url("/home/clerk/talentdesk.db") and not server.is_server_url(r"C:\td\talentdesk.db")


def test_remembered_choice_keeps_the_password_only_when_asked(tmp_path):
    url = server.build("db.jyj.local", 5432, "talentdesk", "clerk", "pw-xyz")
    workspace.remember_choice(url)
    choice = config.database_choice()
    assert choice["kind"] == "server" and "password" not in choice and "pw-xyz" not in choice["url"]
    assert server.fields(str(workspace.remembered_target()))["password"] == ""
    workspace.remember_choice(url, remember_password=True)
    assert server.fields(str(workspace.remembered_target()))["password"] == "pw-xyz"
    workspace.remember_choice(tmp_path / "mine.db")
    assert workspace.remembered_target() == (tmp_path / "mine.db").resolve()
    config.remember_database(None)
    assert workspace.remembered_target() == config.paths().database


@pg_only
def test_daily_backup_of_a_server_database_lands_in_this_pcs_backups_folder():
    url = backends.new_pg_database()
    try:
        ws = workspace.open_workspace(url)
        try:
            if not workspace.server_backup_available():
                assert workspace.SERVER_BACKUP_NOTE in ws.notes and not ws.backs_up()
                return
            from talentdesk.store import backup

            assert ws.background is not None  # the copy runs while the clerk works
            assert ws.background.wait(120) and ws.background.error is None
            made = backup.list_backups(ws.backups_dir)
            assert [b.reason for b in made] == ["daily"] and ws.backups_dir.parent == config.paths().backups
            assert not backup.verify(made[0].path)
        finally:
            ws.close()
        again = workspace.open_workspace(url)  # once a day
        assert again.background is None
        again.close()
        assert len(backup.list_backups(ws.backups_dir)) == 1
    finally:
        backends.drop_pg_database(url)


@pg_only
def test_closing_during_the_daily_server_copy_cancels_it_and_leaves_no_file():
    url = backends.new_pg_database()
    try:
        from talentdesk.services import demo
        from talentdesk.store import backup
        from talentdesk.store.database import open_database

        seeded = open_database(url)
        demo.generate(seeded, size="county")
        seeded.dispose()
        ws = workspace.open_workspace(url)
        if not workspace.server_backup_available():
            ws.close()
            return
        folder = ws.backups_dir
        ws.close()  # at once: the copy is still running
        assert ws.background is None
        left = [p for p in folder.iterdir() if p.suffix == ".part" or p.name.endswith((".part-journal", ".part-wal"))]
        assert not left
        assert [b.reason for b in backup.list_backups(folder)] in ([], ["daily"])  # finished first, or nothing
    finally:
        backends.drop_pg_database(url)
