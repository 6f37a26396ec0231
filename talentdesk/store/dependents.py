"""What deleting rows takes with it, so that a delete can be undone exactly.

Every area adds tables that reference teachers; rather than each keeping a list, the
foreign-key graph of all models says it: rows reached through ON DELETE CASCADE (transitively)
are deleted with the root rows, and references declared ON DELETE SET NULL are cleared.
collect() records both before the delete; restore() puts everything back with the same keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, ColumnElement, MetaData, Table, and_, insert, or_, select, update
from sqlalchemy.engine import Connection

from talentdesk.store import sequences

Row = dict[str, Any]  # a table row as column name → value


@dataclass
class Snapshot:
    root: str
    rows: dict[str, list[Row]] = field(default_factory=dict)  # table → rows deleted, in insert order
    cleared: list[tuple[str, Row, str, object]] = field(default_factory=list)  # (table, pk, column, old value)

    def count(self) -> int:
        return sum(len(v) for v in self.rows.values())


def _metadata() -> MetaData:
    """Every area's tables. Imported here, not at the top: the teacher list imports this module, and mapping every
    area's models would cost start-up about 0.1 s before the first page shows (issue 16 §4)."""
    from talentdesk.store.all_models import Base

    return Base.metadata


def _pk(table: Table, row: Row) -> Row:
    return {c.name: row[c.name] for c in table.primary_key.columns}


def collect(conn: Connection, root_table: str, ids: Sequence[int]) -> Snapshot:
    md = _metadata()
    root = md.tables[root_table]
    (root_pk,) = root.primary_key.columns
    snap = Snapshot(root_table)
    snap.rows[root_table] = [dict(r._mapping) for r in conn.execute(select(root).where(root_pk.in_(ids)))]
    gone = {root_table: {r[root_pk.name] for r in snap.rows[root_table]}}
    for t in md.sorted_tables:  # referenced tables come before the tables that reference them
        if t.name == root_table:
            continue
        cascades: list[tuple[Column[Any], ColumnElement[bool]]] = []
        nulls: list[tuple[Column[Any], ColumnElement[bool]]] = []
        for fk in t.foreign_keys:
            target = fk.column.table.name
            if target in gone and gone[target]:
                cond: ColumnElement[bool] = fk.parent.in_(sorted(gone[target]))
                (cascades if (fk.ondelete or "").upper() == "CASCADE" else nulls).append((fk.parent, cond))
        if cascades:
            rows = [dict(r._mapping) for r in conn.execute(select(t).where(or_(*[c for _, c in cascades])))]
            if rows:
                snap.rows[t.name] = rows
                if len(t.primary_key.columns) == 1:
                    (pk,) = t.primary_key.columns
                    gone[t.name] = {r[pk.name] for r in rows}
        deleted_keys = {tuple(_pk(t, r).values()) for r in snap.rows.get(t.name, [])}
        for col, cond in nulls:
            for r in conn.execute(select(t).where(cond)):
                row = dict(r._mapping)
                if tuple(_pk(t, row).values()) not in deleted_keys:
                    snap.cleared.append((t.name, _pk(t, row), col.name, row[col.name]))
    return snap


def restore(conn: Connection, snap: Snapshot) -> None:
    md = _metadata()
    for t in md.sorted_tables:
        rows = snap.rows.get(t.name)
        if rows:
            conn.execute(insert(t), rows)
    sequences.sync_sequences(conn, snap.rows)  # PostgreSQL: rows were put back with their own ids
    for table_name, pk, column, old in snap.cleared:
        t = md.tables[table_name]
        conn.execute(update(t).where(and_(*[t.c[k] == v for k, v in pk.items()])).values({column: old}))
