"""Alembic migrations, run programmatically at start-up (after a verified backup)."""

from __future__ import annotations

import functools
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

    from talentdesk.store.database import Database

HERE = Path(__file__).parent / "migrations"
# start-up: Alembic itself is imported only when a migration runs or a revision is unknown; the everyday
# "already at head?" question is answered from the version scripts' text and the alembic_version row
_REVISION_LINE = re.compile(r"""^(revision|down_revision)\s*(?::[^=]*)?=\s*(?:["']([^"']+)["']|None)""", re.M)
# pg_advisory_lock key held while one program migrates a server database (several clerks start at once)
MIGRATION_LOCK_KEY = 0x7A1E_D35C
# Alembic's `context` (what env.py reads) is one module-level proxy per process: two migrations at once in two
# threads (the server's daily backup copying into a new SQLite file while the clerk opens another file) remove
# each other's proxy (KeyError 'config'). One migration at a time in this process.
_ALEMBIC = threading.Lock()


def _config(db: Database | None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    if db is not None:
        cfg.attributes["engine"] = db.engine
    return cfg


def head_revision(db: Database | None) -> str:
    from alembic.script import ScriptDirectory

    return _head(ScriptDirectory.from_config(_config(db)).get_current_head())


def _head(head: str | None) -> str:
    if head is None:  # no version scripts: a broken installation, never a database to leave as it is
        raise RuntimeError(f"找不到数据库版本脚本（{HERE / 'versions'}），请重新安装 TalentDesk")
    return head


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@functools.cache
def script_head() -> str | None:
    """The head revision read from the version scripts' ``revision = …`` / ``down_revision = …`` lines, without
    importing them or Alembic (Alembic's ScriptDirectory imports every script: about a second at each start).
    None when the scripts do not form one line (Alembic then decides). tests/store checks it equals Alembic's."""
    revisions: dict[str, str | None] = {}
    for script in (HERE / "versions").glob("*.py"):
        found = dict((m.group(1), m.group(2)) for m in _REVISION_LINE.finditer(script.read_text(encoding="utf-8")))
        if "revision" not in found or found["revision"] is None:
            return None
        revisions[found["revision"]] = found.get("down_revision")
    heads = set(revisions) - {down for down in revisions.values() if down is not None}
    return heads.pop() if len(heads) == 1 else None


def stored_revision(db: Database) -> str | None:
    """The alembic_version row (None: no such table, or empty), read without Alembic."""
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return rows[0] if len(rows) == 1 else None


def at_head(db: Database) -> bool:
    """Is DB's schema at this program's head? Answered without loading Alembic (start-up)."""
    head = script_head()
    return head is not None and stored_revision(db) == head


class NewerDatabase(RuntimeError):
    """The database was made by a newer TalentDesk (a schema version this program does not know)."""

    def __init__(self, revision: str, where: Path | str) -> None:
        super().__init__(
            f"数据库 {where} 由较新版本的 TalentDesk 创建（数据库版本 {revision}，本程序只认识到 "
            f"{_known_head()}），本程序不能打开它；请安装新版本的 TalentDesk。数据库没有被改动"
        )
        self.revision = revision
        self.message = str(self)


def _known_head() -> str:
    return head_revision(None)


def is_known(db: Database, revision: str) -> bool:
    from alembic.script import ScriptDirectory

    try:
        return ScriptDirectory.from_config(_config(db)).get_revision(revision) is not None
    except Exception:  # alembic: "No such revision"
        return False


def check_not_newer(db: Database) -> None:
    """Raise NewerDatabase when DB's schema version is unknown to this program (before any backup or write)."""
    current = current_revision(db)
    if current is not None and not is_known(db, current):
        raise NewerDatabase(current, db.path if db.path is not None else "（服务器数据库）")


def upgrade(db: Database, backup_dir: Path | None = None) -> bool:
    """Bring the schema to head. Returns True when a migration ran. A database from a newer TalentDesk raises
    NewerDatabase before anything is written (no pre-migration backup at every try).

    On PostgreSQL the upgrade runs under a session-level advisory lock: when several clerks start at
    once, one migrates and the others wait, then find the schema at head and do nothing."""
    if at_head(db) or current_revision(db) == head_revision(db):
        return False
    check_not_newer(db)
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


def _upgrade(db: Database, backup_dir: Path | None) -> bool:
    current = current_revision(db)
    if current == head_revision(db):  # another program migrated while this one waited for the lock
        return False
    made = None
    if current is not None and db.path is not None and db.path.exists():
        from talentdesk.store.backup import make_backup

        made = make_backup(db.path, backup_dir or db.path.parent / "backups", reason="pre-migration")
    elif current is None:
        with db.engine.connect() as conn:
            if inspect(conn).get_table_names():
                where = db.path if db.path is not None else "服务器上的这个数据库"
                raise RuntimeError(f"{where} 不是 TalentDesk 数据库（没有版本信息），不能打开")
    from alembic import command

    with _ALEMBIC:
        command.upgrade(_config(db), "head")
    if made is not None:
        _claim(made, db)
    return True


def _claim(made: Path, db: Database) -> None:
    """A backup taken before the migration that gave the database its identity records that identity too."""
    from talentdesk.store import backup, identity

    backup.claim(made, identity.of_db(db))


def schema_differences(db: Database) -> list[str]:
    """How the live schema differs from the one this program's models describe ([] = the same), in Chinese."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from talentdesk.store.all_models import Base

    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    return [_say(d) for d in diffs]


def _say(diff: tuple[Any, ...] | list[tuple[Any, ...]]) -> str:
    if isinstance(diff, list):  # column modifications come grouped
        return "；".join(_say(d) for d in diff)
    kind = diff[0]
    what = {
        "add_table": "缺少表",
        "remove_table": "多出表",
        "add_column": "缺少列",
        "remove_column": "多出列",
        "add_index": "缺少索引",
        "remove_index": "多出索引",
        "add_constraint": "缺少约束",
        "remove_constraint": "多出约束",
        "add_fk": "缺少外键",
        "remove_fk": "多出外键",
    }.get(kind, kind)
    obj = diff[-1] if kind in ("add_column", "remove_column") else diff[1]
    name = getattr(obj, "name", None) or str(obj)
    table = diff[2] if kind in ("add_column", "remove_column") else getattr(getattr(obj, "table", None), "name", "")
    return f"{what} {table + '.' if table and table != name else ''}{name}"
