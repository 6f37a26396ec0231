"""Which database this is (issue 15 §2): a UUID kept inside it, in the one row of database_identity.

Migration 0009 makes it, for a new database and for one made before; a copy made by copy-db keeps the identity
its own migrations gave it (the table is not copied), while a server's backup file takes the server's (adopt).
Backups record the identity of the database they were taken from (store/backup.py), so databases sharing one
backups folder never take each other's backups.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from talentdesk.store.models import DatabaseIdentity

if TYPE_CHECKING:
    from talentdesk.store.database import Database

TABLE = DatabaseIdentity.__table__


def of_connection(conn: Connection) -> str | None:
    return conn.execute(select(TABLE.c.uuid).order_by(TABLE.c.id).limit(1)).scalar()


def of_db(db: Database) -> str | None:
    """The identity of an open database (None for one older than migration 0009)."""
    try:
        with db.engine.connect() as conn:
            return of_connection(conn)
    except Exception:
        return None


def of_file(path: Path) -> str | None:
    """The identity inside a SQLite file, read-only (None: no such table, or not a database)."""
    try:
        con = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT uuid FROM database_identity ORDER BY id LIMIT 1").fetchone()
            return row[0] if row else None
        finally:
            con.close()
    except sqlite3.Error:
        return None


def adopt(conn: Connection, uuid: str) -> None:
    """Give the database behind CONN the identity UUID (a backup file of a server database)."""
    conn.execute(update(TABLE).values(uuid=uuid))
