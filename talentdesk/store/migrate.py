"""Alembic migrations, run programmatically at start-up (after a verified backup)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

HERE = Path(__file__).parent / "migrations"


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
    """Bring the schema to head. Returns True when a migration ran."""
    current = current_revision(db)
    if current == head_revision(db):
        return False
    if current is not None and db.path is not None and db.path.exists():
        from talentdesk.store.backup import make_backup

        make_backup(db.path, backup_dir or db.path.parent / "backups", reason="pre-migration")
    elif current is None and db.path is not None:
        with db.engine.connect() as conn:
            if inspect(conn).get_table_names():
                raise RuntimeError(f"{db.path} 不是 TalentDesk 数据库（没有版本信息），不能打开")
    command.upgrade(_config(db), "head")
    return True
