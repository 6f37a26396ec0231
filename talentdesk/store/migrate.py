"""Alembic migrations, run programmatically at start-up (after a verified backup)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

HERE = Path(__file__).parent / "migrations"
# pg_advisory_lock key held while one program migrates a server database (several clerks start at once)
MIGRATION_LOCK_KEY = 0x7A1E_D35C


def _config(db) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["engine"] = db.engine
    return cfg


def head_revision(db) -> str:
    return ScriptDirectory.from_config(_config(db)).get_current_head()


def current_revision(db) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db, backup_dir: Path | None = None) -> bool:
    """Bring the schema to head. Returns True when a migration ran.

    On PostgreSQL the upgrade runs under a session-level advisory lock: when several clerks start at
    once, one migrates and the others wait, then find the schema at head and do nothing."""
    if current_revision(db) == head_revision(db):
        return False
    if db.engine.dialect.name != "postgresql":
        return _upgrade(db, backup_dir)
    with db.engine.connect() as lock_conn:
        lock_conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        lock_conn.commit()
        try:
            return _upgrade(db, backup_dir)
        finally:
            lock_conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
            lock_conn.commit()


def _upgrade(db, backup_dir: Path | None) -> bool:
    current = current_revision(db)
    if current == head_revision(db):  # another program migrated while this one waited for the lock
        return False
    if current is not None and db.path is not None and db.path.exists():
        from talentdesk.store.backup import make_backup

        make_backup(db.path, backup_dir or db.path.parent / "backups", reason="pre-migration")
    elif current is None:
        with db.engine.connect() as conn:
            if inspect(conn).get_table_names():
                where = db.path if db.path is not None else "服务器上的这个数据库"
                raise RuntimeError(f"{where} 不是 TalentDesk 数据库（没有版本信息），不能打开")
    command.upgrade(_config(db), "head")
    return True
