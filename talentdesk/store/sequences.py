"""PostgreSQL sequences after rows were written with explicit ids (a copy, a restore, an exchange package).

Each serial/identity primary key's sequence is set to max(id), so the next ORM insert gets max(id) + 1
instead of colliding with a copied row. SQLite needs nothing (a rowid key always takes max + 1): a no-op there.
"""

from __future__ import annotations

from sqlalchemy import Integer, func, select, text
from sqlalchemy.engine import Connection


def _key_columns():
    from talentdesk.store import all_models  # noqa: F401  every table in Base.metadata
    from talentdesk.store.models import Base

    for table in Base.metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and isinstance(pk[0].type, Integer):
            yield table, pk[0]


def sync_sequences(target) -> int:
    """Move every primary-key sequence past the table's max(id). TARGET: a Connection (inside the caller's
    transaction) or a Database. Returns how many sequences were set (0 on SQLite)."""
    if not isinstance(target, Connection):
        with target.engine.begin() as conn:
            return sync_sequences(conn)
    if target.dialect.name != "postgresql":
        return 0
    done = 0
    for table, col in _key_columns():
        seq = target.execute(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": col.name}).scalar()
        if not seq:
            continue
        top = target.execute(select(func.max(col))).scalar()
        # setval(seq, n, false): the next value is n itself (1 for an empty table)
        target.execute(text("SELECT setval(CAST(:s AS regclass), :n, false)"), {"s": seq, "n": (top or 0) + 1})
        done += 1
    return done
