"""PostgreSQL sequences after rows were written with explicit ids (a copy, a restore, an exchange package).

Each serial/identity primary key's sequence is set to max(id), so the next ORM insert gets max(id) + 1
instead of colliding with a copied row. SQLite needs nothing (a rowid key always takes max + 1): a no-op there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeAlias

from sqlalchemy import Column, Integer, Table, func, select, text
from sqlalchemy.engine import Connection

if TYPE_CHECKING:
    from talentdesk.store.database import Database
    from talentdesk.store.models import Base

TableRef: TypeAlias = "str | Table | type[Base]"  # a table by name, Table object or model


def _key_columns() -> Iterator[tuple[Table, Column[Any]]]:
    from talentdesk.store import all_models  # noqa: F401  every table in Base.metadata
    from talentdesk.store.models import Base

    for table in Base.metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and isinstance(pk[0].type, Integer):
            yield table, pk[0]


def _names(tables: Iterable[TableRef]) -> set[str]:
    """Table names from tables, models or names."""
    return {t if isinstance(t, str) else t.name if isinstance(t, Table) else str(t.__tablename__) for t in tables}


def sync_sequences(target: Connection | Database, tables: Iterable[TableRef] | None = None) -> int:
    """Move every primary-key sequence past the table's max(id) (never backwards: a sequence another session
    has already drawn from keeps its position). TARGET: a Connection (inside the caller's transaction) or a
    Database; TABLES: the tables (models, Table objects or names) written with explicit ids, default all.
    Returns how many sequences were set (0 on SQLite)."""
    if not isinstance(target, Connection):
        with target.engine.begin() as conn:
            return sync_sequences(conn, tables)
    if target.dialect.name != "postgresql":
        return 0
    names = _names(tables) if tables is not None else None  # None: every table
    done = 0
    for table, col in _key_columns():
        if names is not None and table.name not in names:
            continue
        seq = target.execute(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": col.name}).scalar()
        if not seq:
            continue
        top = target.execute(select(func.max(col))).scalar()
        # the value nextval() would return now (seq is a quoted, schema-qualified name from the catalogue)
        upcoming = target.execute(
            text(f"SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM {seq}")
        ).scalar()
        # setval(seq, n, false): the next value is n itself (1 for an empty table)
        target.execute(
            text("SELECT setval(CAST(:s AS regclass), :n, false)"), {"s": seq, "n": max((top or 0) + 1, upcoming or 1)}
        )
        done += 1
    return done


def lock_for_explicit_ids(conn: Connection, tables: Iterable[TableRef]) -> None:
    """Before ids are allocated as max(id) + 1 for rows written with explicit ids (the importer's bulk insert):
    on PostgreSQL, keep other sessions from inserting into TABLES until this transaction ends (their inserts
    wait; reads go on), so the ids taken cannot collide with theirs; call sync_sequences(conn, TABLES) after
    writing. SQLite: nothing to do (the write transaction already excludes every other writer)."""
    if conn.dialect.name != "postgresql":
        return
    q = conn.dialect.identifier_preparer
    for name in sorted(_names(tables)):  # one order everywhere: two importers never deadlock on these
        conn.execute(text(f"LOCK TABLE {q.quote(name)} IN SHARE ROW EXCLUSIVE MODE"))
