"""The open database as the GUI sees it: where it is, who works on it, its backups, why a write failed.

gui/ imports this module, never store/ (issue 16 §1): what it needs of the store is passed on here by name.
"""

from __future__ import annotations

from pathlib import Path

from talentdesk.store import backup, db_errors, guard, identity, server
from talentdesk.store.audit import os_user
from talentdesk.store.backup import BackupError, BackupInfo
from talentdesk.store.database import Database, open_database

__all__ = [
    "BackupError",
    "BackupInfo",
    "HEARTBEAT_SECONDS",
    "KEEP_DAILY",
    "KEEP_RECENT",
    "KEEP_WEEKLY",
    "backups_of",
    "build_server_url",
    "configure_orm",
    "database_errors",
    "describe",
    "describe_changes",
    "describe_raw",
    "explain_write_error",
    "make_backup",
    "open_database",
    "os_user",
    "preview_backup",
    "read_backup_info",
    "server_fields",
    "verify_backup",
]

HEARTBEAT_SECONDS = guard.HEARTBEAT_SECONDS  # how often a writer refreshes its lock file
KEEP_RECENT, KEEP_DAILY, KEEP_WEEKLY = backup.KEEP_RECENT, backup.KEEP_DAILY, backup.KEEP_WEEKLY

# where a database is, for messages (never with a password)
describe = server.describe
describe_raw = server.describe_raw
server_fields = server.fields
build_server_url = server.build

# why a write failed, in Chinese (None: not a database, disk or network problem)
database_errors = db_errors.database_errors
explain_write_error = db_errors.explain

verify_backup = backup.verify
read_backup_info = backup.read_info
describe_changes = backup.describe_changes
make_backup = backup.make_backup  # a verified copy of a database file into a folder
preview_backup = backup.preview  # what restoring a backup over a database file would change


def configure_orm() -> None:
    """Configure the ORM mappers now, which SQLAlchemy otherwise does on the first ORM query (0.1–0.18 s of CPU on
    a clerk's PC). The GUI runs this on a worker thread once the window shows, so the first page that reads through
    the ORM (师徒结对, 交流轮岗 …) does not make the clerk wait for it (issue 16 §4); SQLAlchemy configures under a
    lock, so a query meanwhile waits for it and never sees half-configured mappers."""
    from sqlalchemy.orm import configure_mappers  # start-up: the first page shows without the ORM configured

    configure_mappers()


def backups_of(db: Database, folder: Path) -> list[BackupInfo]:
    """The backups in FOLDER made of this database (by its identity)."""
    return backup.of_database(folder, identity.of_db(db))
