"""Issue 15 §5: the audit trail proves itself, without the clean-close seal.

The attack: delete the '<db>.seal' file, drop the append-only triggers, delete or rewrite audit rows; nothing
noticed. Now every audit row is chained to the one before (store/audit_chain.py), `talentdesk check` knows the
triggers and the schema the program made and exits 1 naming the first broken row, and every writer of the
audit table (ORM listeners, imports, demo, exchange import, database copy, restore) leaves a valid chain.
"""

import sqlite3

import pytest

from talentdesk import cli
from talentdesk.importing.plan import build_plan
from talentdesk.services.exchange import packages as exchange
from talentdesk.services.people import schools
from talentdesk.services.platform import check, imports, workspace
from talentdesk.store import audit_chain, backup, guard
from talentdesk.store.database import open_database
from tests import exchange_keys_helper as keyhelp

from .conftest import write_teacher_csv


def _chain_ok(db) -> int:
    with db.engine.connect() as conn:
        result = audit_chain.verify(conn)
        assert audit_chain.trigger_problems(conn) == []
    assert result.broken is None, result.broken
    assert result.unchained == 0
    return result.rows


def _audit_errors(db) -> list:
    return [f for f in check.run(db).errors if f.code.startswith(("audit.", "db.schema"))]


@pytest.fixture
def sealed(tmp_path):
    """A database with some history, closed cleanly (sealed)."""
    path = tmp_path / "c.db"
    ws = workspace.open_workspace(path, daily_backup=False)
    for i in range(6):
        schools.save(ws.db, None, {"name": f"第{i}小学", "kind": "小学"})
    ws.close(backup_on_exit=False)
    return path


def _tamper(path, *sql):
    guard.remove_seal(path)  # anyone can delete the seal
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("DROP TRIGGER audit_log_no_delete")
    for s in sql:
        con.execute(s)
    con.commit()
    con.close()


def test_a_clean_database_checks_clean(sealed, capsys):
    assert cli.main(["--db", str(sealed), "check"]) == 0
    assert "审计" not in capsys.readouterr().out


def test_a_deleted_audit_row_is_found_and_named(sealed, capsys):
    _tamper(sealed, "DELETE FROM audit_log WHERE chain_seq = 3")
    assert guard.startup_problems(sealed) == []  # the seal is gone: the start-up check has nothing to go on
    assert cli.main(["--db", str(sealed), "check"]) == 1
    out = capsys.readouterr().out
    assert "审计日志第 3 条起缺少 1 条记录" in out
    assert "audit_log_no_update 缺失" in out and "audit_log_no_delete 缺失" in out


def test_an_edited_audit_row_is_found_and_named(sealed, capsys):
    _tamper(sealed, "UPDATE audit_log SET user = 'someone_else' WHERE chain_seq = 4")
    assert cli.main(["--db", str(sealed), "check"]) == 1
    out = capsys.readouterr().out
    assert "审计日志第 4 条" in out and "someone_else" in out and "被改动" in out


def test_a_rewritten_and_rechained_trail_is_caught_by_the_backup(sealed, tmp_path, capsys):
    backup.make_backup(sealed, sealed.parent / "backups", "manual")  # records where the chain ended
    guard.remove_seal(sealed)
    con = sqlite3.connect(sealed)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("DROP TRIGGER audit_log_no_delete")
    con.execute("UPDATE audit_log SET user = 'ghost', chain_seq = NULL, chain_hash = NULL")
    con.commit()
    con.close()
    db = open_database(sealed, migrate=False)
    try:  # the attacker knows the algorithm and re-chains every row, then puts the triggers back exactly
        with db.engine.begin() as conn:
            audit_chain.seal_pending(conn)
            for sql in audit_chain.SQLITE_TRIGGERS.values():
                conn.exec_driver_sql(sql)
        _chain_ok(db)
        found = _audit_errors(db)
    finally:
        db.dispose()
    assert [f.code for f in found] == ["audit.backup"]
    assert cli.main(["--db", str(sealed), "check"]) == 1
    assert "审计日志与" in capsys.readouterr().out


def test_an_extra_trigger_or_schema_change_is_reported(sealed):
    guard.remove_seal(sealed)
    con = sqlite3.connect(sealed)
    con.execute("CREATE TABLE stash (x)")
    con.execute("CREATE TRIGGER audit_log_hide AFTER INSERT ON audit_log BEGIN SELECT 1; END")
    con.commit()
    con.close()
    db = open_database(sealed, migrate=False)
    try:
        codes = {f.code: f.message for f in _audit_errors(db)}
    finally:
        db.dispose()
    assert "audit_log_hide" in codes["audit.trigger"] and "stash" in codes["db.schema"]


def test_the_triggers_still_refuse_changes_and_rechaining(sealed):
    con = sqlite3.connect(sealed)
    for sql in (
        "UPDATE audit_log SET new = 'x' WHERE chain_seq = 1",
        "DELETE FROM audit_log WHERE chain_seq = 1",
        "UPDATE audit_log SET chain_hash = 'x' WHERE chain_seq = 1",
        "UPDATE audit_log SET chain_seq = NULL, chain_hash = NULL WHERE chain_seq = 1",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="审计记录不能"):
            con.execute(sql)
    con.close()


def test_imports_undo_copy_and_restore_keep_the_chain(tmp_path):
    path = tmp_path / "w.db"
    ws = workspace.open_workspace(path, daily_backup=False)
    db = ws.db
    schools.save(db, None, {"name": "可靠性测试第一中学", "kind": "初中"})
    made = backup.make_backup(path, tmp_path / "b", "manual")
    before = _chain_ok(db)
    plan = build_plan(db, [write_teacher_csv(tmp_path / "t.csv", 300)])
    result = imports.apply_plan(db, plan)
    assert result.batch_id and _chain_ok(db) > before
    imports.undo_batch(db, result.batch_id)
    _chain_ok(db)
    ws.restore(made, allow_other=False)
    _chain_ok(ws.db)
    ws.close(backup_on_exit=False)
    assert cli.main(["copy-db", str(path), str(tmp_path / "copy.db")]) == 0
    copy = open_database(tmp_path / "copy.db")
    try:
        _chain_ok(copy)
        assert _audit_errors(copy) == []
    finally:
        copy.dispose()


def test_demo_and_exchange_import_leave_a_valid_chain(demo_templates, tmp_path):
    county = open_database(demo_templates.copy(tmp_path / "county.db"))  # the chain the demo build left
    city = open_database(tmp_path / "city.db")
    try:
        _chain_ok(county)
        keyhelp.register(county, keyhelp.make_key(city, "city", "禾川市"))
        keyhelp.register(city, keyhelp.make_key(county, "county", "青禾县"))
        exchange.remember(county, county="青禾县")
        package = exchange.export(county, "data", "2026-11", tmp_path / "data.tdpkg")
        assert exchange.import_file(city, package["path"]).status == "imported"
        _chain_ok(city)
        assert _audit_errors(county) == [] and _audit_errors(city) == []
    finally:
        county.dispose()
        city.dispose()


def test_a_restore_does_not_make_later_backups_look_tampered(sealed):
    folder = sealed.parent / "backups"
    old = backup.make_backup(sealed, folder, "manual")
    ws = workspace.open_workspace(sealed, daily_backup=False)
    try:
        schools.save(ws.db, None, {"name": "后来的学校", "kind": "小学"})
        backup.make_backup(sealed, folder, "manual")  # its chain end is past what the restore brings back
        ws.restore(old)
        assert _audit_errors(ws.db) == []
    finally:
        ws.close(backup_on_exit=False)
