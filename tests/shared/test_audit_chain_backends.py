"""Issue 15 §5 on both back ends: the chained audit trail, its triggers and `check`; on PostgreSQL, clerks
committing at once still leave one unbroken chain, and the server's daily copy is a backup of that database."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from talentdesk.services.people import schools
from talentdesk.services.platform import audit_integrity, check, workspace
from talentdesk.store import audit_chain, backup, identity
from talentdesk.store.models import School
from talentdesk.store.uow import UnitOfWork


def _verified(db):
    with db.engine.connect() as conn:
        result = audit_chain.verify(conn)
    assert result.broken is None and result.unchained == 0, result.broken
    return result


def test_a_fresh_database_checks_clean_on_this_back_end(db, people):
    assert audit_integrity.problems(db) == []
    assert not [f for f in check.run(db).errors if f.code.startswith(("audit.", "db.schema"))]
    assert _verified(db).rows > 0


def test_the_triggers_refuse_changes_on_this_back_end(db, people):
    for sql in (
        "UPDATE audit_log SET new = 'x' WHERE chain_seq = 1",
        "DELETE FROM audit_log WHERE chain_seq = 1",
        "UPDATE audit_log SET chain_seq = NULL, chain_hash = NULL WHERE chain_seq = 1",
        *(("TRUNCATE audit_log",) if db.engine.dialect.name == "postgresql" else ()),
    ):
        with pytest.raises(DBAPIError, match="审计记录不能"), db.engine.begin() as conn:
            conn.execute(text(sql))
    _verified(db)


def test_interleaved_commits_make_one_chain(db, clerks):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one writer at a time in by design")
    zhang, li = clerks
    with UnitOfWork(zhang) as a, UnitOfWork(li) as b:
        a.session.add(School(name="先写后交的学校"))
        a.session.flush()  # its audit row has the smaller id …
        b.session.add(School(name="后写先交的学校"))
        b.commit()  # … but this one commits first
        a.commit()
    result = _verified(db)
    with db.engine.connect() as conn:
        users = conn.execute(text('SELECT "user" FROM audit_log ORDER BY chain_seq')).scalars().all()
    assert users[-2:] == ["李四", "张三"] and result.rows == len(users)  # chain order = commit order


def test_the_servers_daily_copy_is_a_backup_of_that_database(backend, tmp_path):
    if backend != "postgresql":
        pytest.skip("the server's daily copy")
    from tests import backends

    target = backends.new_database_target(backend, tmp_path, "s.db")
    try:
        ws = workspace.open_workspace(target, backups_dir=tmp_path / "b", daily_backup=False)
        try:
            schools.save(ws.db, None, {"name": "甲校", "kind": "小学"})
            made = workspace.backup_server(ws.db, tmp_path / "b", "daily")
            info = backup.read_info(made)
            assert info.database_id == ws.database_id == identity.of_file(made)
            assert [b.path for b in ws.own_backups()] == [made]
            assert not backup.daily_due(tmp_path / "b", ws.database_id)
            assert info.chain is not None and audit_integrity.problems(ws.db, tmp_path / "b") == []
        finally:
            ws.close()
    finally:
        backends.drop_pg_database(target)
