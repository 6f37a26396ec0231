"""Migrations from every earlier schema version, with data: nothing lost, a verified backup first."""

import datetime as dt
import sqlite3

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from talentdesk.domain import idnumber
from talentdesk.store import backup, migrate
from talentdesk.store.database import open_database, sqlite_integrity


def _revisions():
    cfg = migrate._config(type("NoEngine", (), {"engine": None})())
    return [s.revision for s in reversed(list(ScriptDirectory.from_config(cfg).walk_revisions()))]


REVISIONS = _revisions()


def _fill(path, n=25):
    """Data in the foundation tables, written with plain SQL (the schema of that revision)."""
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO school (id, name, township, area, kind) VALUES (1, '青禾县实验小学', '城关镇', '城区', '小学')"
    )
    con.execute(
        "INSERT INTO import_batch (id, at, user, kind, files, summary) VALUES "
        "(1, '2025-09-01 08:00:00', 'clerk', 'teachers', '[]', '{}')"
    )
    for i in range(n):
        number = idnumber.make("371525", dt.date(1980 + i % 20, 3, 12), 100 + i)
        con.execute(
            "INSERT INTO teacher (id, id_type, id_number, name, gender, status) VALUES (?, '居民身份证', ?, ?, "
            "'女', '在岗')",
            (i + 1, number, f"王{'芳静丽敏'[i % 4]}{i}"),
        )
        con.execute("INSERT INTO post_record (teacher_id, school_id, start) VALUES (?, 1, '2010-09')", (i + 1,))
        con.execute(
            "INSERT INTO audit_log (at, user, action, table_name, record_id, teacher_id, new, batch_id) VALUES "
            "('2025-09-01 08:00:00', 'clerk', 'insert', 'teacher', ?, ?, '{}', 1)",
            (i + 1, i + 1),
        )
    con.execute("INSERT INTO setting (key, value) VALUES ('policy', '{\"rotation_min_share\": 0.12}')")
    con.commit()
    con.close()


def _rows(path):
    con = sqlite3.connect(path)
    try:
        return {
            t: con.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
            for t in ("school", "teacher", "post_record", "audit_log", "setting", "import_batch")
        }
    finally:
        con.close()


@pytest.mark.parametrize("start", REVISIONS[:-1])
def test_upgrade_from_every_earlier_version_keeps_the_data(tmp_path, start):
    path = tmp_path / f"v{start}.db"
    db = open_database(path, migrate=False)
    command.upgrade(migrate._config(db), start)
    db.dispose()
    _fill(path)
    before = _rows(path)
    db = open_database(path, backup_dir=tmp_path / "backups")  # brings it to head
    try:
        assert migrate.current_revision(db) == migrate.head_revision(db)
    finally:
        db.dispose()
    assert sqlite_integrity(path) == []
    after = _rows(path)
    for table, rows in before.items():
        assert [r[: len(rows[0])] for r in after[table]] == rows, table  # later columns are appended
    saved = backup.list_backups(tmp_path / "backups")
    assert [b.reason for b in saved] == ["pre-migration"] and saved[0].revision == start
    assert backup.verify(saved[0].path) == []
