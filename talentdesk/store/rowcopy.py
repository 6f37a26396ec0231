"""Reading, fingerprinting and bulk-writing whole tables, for store/transfer.py (database copy and comparison).

Rows are read in primary-key order in chunks (a server-side cursor on PostgreSQL), with partial dates as the text
stored (no PartialDate round trip: the copy is byte-exact). Each row has one canonical text, the same on SQLite and
PostgreSQL: the repr() of its values, with datetimes as ISO text without zone, dates as ISO text and binary values
as bytes; a table's checksum is the SHA-256 of those lines, so it can be computed while the rows are copied.

Writing: PostgreSQL takes the rows through COPY … FROM STDIN (psycopg 3, on the SQLAlchemy connection's own driver
connection, so inside the caller's transaction); SQLite through one executemany of plain tuples per chunk, with
SQLAlchemy's own bind processors applied only to the columns that have one (datetimes, dates, booleans, binary).
(A bigger SQLite page cache for the copy was measured: no difference on the city demo, so the default stays.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Select,
    String,
    Table,
    and_,
    not_,
    select,
    type_coerce,
)
from sqlalchemy.engine import Connection

from talentdesk.store.models import AuditLog
from talentdesk.store.types import PartialDateType

CHUNK = 2000
COPY_ACTION = "copy"  # audit rows (action 'copy', table 'database') note a transfer: left out of comparisons

Row = tuple[Any, ...]  # a row as the driver gives it, values in the table's column order
Convert = Callable[[Any], Any]  # a value processor (SQLAlchemy's bind/result processors, the canonical text's)


def int_key(table: Table) -> bool:
    return all(isinstance(c.type, Integer) for c in table.primary_key.columns)


def note_filter(table: Table) -> ColumnElement[bool] | None:
    """WHERE clause leaving out the copy notes (audit_log only), or None."""
    if table.name != AuditLog.__tablename__:
        return None
    c = table.c
    return not_(and_(c.action == COPY_ACTION, c.table_name == "database"))


def _reader(table: Table) -> Select[Any]:
    cols: list[ColumnElement[Any]] = [
        type_coerce(c, String).label(c.key) if isinstance(c.type, PartialDateType) else c for c in table.columns
    ]
    return select(*cols)


def chunks(conn: Connection, table: Table, *, skip_notes: bool = False) -> Iterator[list[Row]]:
    """Rows of TABLE (tuples of its columns) in primary-key order, a list of up to CHUNK rows at a time.

    Read on the driver's own cursor, inside CONN's transaction (a named, server-side cursor on PostgreSQL), with
    SQLAlchemy's result processors applied only to the columns that have one on SQLite (datetimes, dates,
    booleans): no Row object per row."""
    stmt = _reader(table)
    cond = note_filter(table) if skip_notes else None
    if cond is not None:
        stmt = stmt.where(cond)
    keyed = int_key(table)
    if keyed:
        stmt = stmt.order_by(*table.primary_key.columns)
    dialect = conn.dialect
    sql = str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    procs: list[tuple[int, Convert]] = []
    if dialect.name != "postgresql":  # psycopg returns datetimes, booleans, floats, bytes as Python values itself
        for i, col in enumerate(stmt.selected_columns):
            p = col.type.dialect_impl(dialect).result_processor(dialect, None)
            if p is not None:
                procs.append((i, p))
    if not conn.in_transaction():
        conn.begin()  # autobegin: the driver cursor reads in the connection's transaction (snapshot)
    parts = _driver_chunks(conn, sql)
    if procs:
        parts = (_processed(rows, procs) for rows in parts)
    if keyed:
        yield from parts
    else:  # a text key (setting): byte order differs between the back ends' collations, sort here
        pk = [table.columns.keys().index(c.key) for c in table.primary_key.columns]
        rows = sorted((r for part in parts for r in part), key=lambda r: tuple(r[i] for i in pk))
        for i in range(0, len(rows), CHUNK):
            yield rows[i : i + CHUNK]


_names = itertools.count(1)


def driver_connection(conn: Connection) -> Any:
    """The driver's own connection under CONN (sqlite3 or psycopg), in the transaction SQLAlchemy began."""
    raw = conn.connection.driver_connection
    if raw is None:  # only after the connection was invalidated
        raise RuntimeError("数据库连接已断开")
    return raw


def _driver_chunks(conn: Connection, sql: str) -> Iterator[list[Row]]:
    raw = driver_connection(conn)
    if conn.dialect.name == "postgresql":
        cur = raw.cursor(name=f"talentdesk_rows_{next(_names)}")  # server-side: memory stays bounded
        cur.itersize = CHUNK
    else:
        cur = raw.cursor()
    try:
        cur.execute(sql)
        while rows := cur.fetchmany(CHUNK):
            yield rows
    finally:
        cur.close()


def _processed(rows: list[Row], procs: list[tuple[int, Convert]]) -> list[Row]:
    out = []
    for r in rows:
        values = list(r)
        for i, p in procs:
            values[i] = p(values[i])
        out.append(tuple(values))
    return out


# --- canonical text and checksums -----------------------------------------------------------------


def _datetime(v: object) -> str:
    return v.replace(tzinfo=None).isoformat() if isinstance(v, dt.datetime) else str(v)


def _date(v: object) -> str:
    return v.isoformat() if isinstance(v, dt.date) else str(v)


def _binary(v: object) -> object:
    return bytes(v) if isinstance(v, (bytes, bytearray, memoryview)) else v


def _plain(v: object) -> object:
    return v


def _converters(table: Table) -> list[tuple[int, Convert]]:
    """(column index, converter) for the columns whose values the back ends return as different Python types."""
    out: list[tuple[int, Convert]] = []
    for i, c in enumerate(table.columns):
        t = c.type
        if isinstance(t, (PartialDateType, Integer, String, Boolean, Float)):
            continue  # the same Python value on both sides (partial dates: the stored text)
        if isinstance(t, DateTime):
            out.append((i, _datetime))
        elif isinstance(t, Date):
            out.append((i, _date))
        elif isinstance(t, LargeBinary):
            out.append((i, _binary))
        else:
            out.append((i, str))
    return out


class Fingerprint:
    """Row count and SHA-256 of a table's rows in primary-key order (the copy notes left out)."""

    def __init__(self, table: Table) -> None:
        self.conv = _converters(table)
        self.hash = hashlib.sha256()
        self.rows = 0
        self.notes: tuple[int, int] | None = None
        if table.name == AuditLog.__tablename__:
            names = table.columns.keys()
            self.notes = (names.index("action"), names.index("table_name"))

    def lines(self, rows: list[Row]) -> list[str]:
        conv = self.conv
        if not conv:
            return [repr(r) for r in rows]
        out = []
        for r in rows:
            values = list(r)
            for i, fn in conv:
                if values[i] is not None:
                    values[i] = fn(values[i])
            out.append(repr(tuple(values)))
        return out

    def update(self, rows: list[Row]) -> None:
        if self.notes is not None:
            a, t = self.notes
            rows = [r for r in rows if not (r[a] == COPY_ACTION and r[t] == "database")]
        if rows:
            self.rows += len(rows)
            self.hash.update(("\n".join(self.lines(rows)) + "\n").encode("utf-8"))

    def hexdigest(self) -> str:
        return self.hash.hexdigest()


def fingerprint(conn: Connection, table: Table) -> Fingerprint:
    f = Fingerprint(table)
    for rows in chunks(conn, table, skip_notes=True):
        f.update(rows)
    return f


# --- writing --------------------------------------------------------------------------------------


def write(dst: Connection, table: Table, parts: Iterable[list[Row]], on_chunk: Callable[[int], None]) -> int:
    """Insert the chunks PARTS into TABLE through DST (inside its transaction); on_chunk(rows so far) after each."""
    name = dst.dialect.name
    if name == "postgresql":
        return _copy_postgresql(dst, table, parts, on_chunk)
    if name == "sqlite":
        return _insert_sqlite(dst, table, parts, on_chunk)
    return _insert_core(dst, table, parts, on_chunk)


def _columns_sql(dst: Connection, table: Table) -> tuple[str, str]:
    q = dst.dialect.identifier_preparer.quote
    return q(table.name), ", ".join(q(c.name) for c in table.columns)


def _copy_postgresql(dst: Connection, table: Table, parts: Iterable[list[Row]], on_chunk: Callable[[int], None]) -> int:
    name, cols = _columns_sql(dst, table)
    from psycopg.copy import QueuedLibpqWriter

    raw = driver_connection(dst)  # psycopg.Connection, in the transaction SQLAlchemy began
    done = 0
    with raw.cursor() as cur, cur.copy(f"COPY {name} ({cols}) FROM STDIN", writer=QueuedLibpqWriter(cur)) as copy:
        for rows in parts:
            for row in rows:
                copy.write_row(row)
            done += len(rows)
            on_chunk(done)
    return done


def _insert_sqlite(dst: Connection, table: Table, parts: Iterable[list[Row]], on_chunk: Callable[[int], None]) -> int:
    name, cols = _columns_sql(dst, table)
    sql = f"INSERT INTO {name} ({cols}) VALUES ({', '.join('?' * len(table.columns))})"
    procs: list[tuple[int, Convert]] = []
    for i, c in enumerate(table.columns):
        if isinstance(c.type, PartialDateType):
            continue  # read as text: written as text
        p = c.type.dialect_impl(dst.dialect).bind_processor(dst.dialect)
        if p is not None:
            procs.append((i, p))
    if any(fk.column.table is table for fk in table.foreign_keys):
        # a row may point at a later row of its own table (a competition → the one it selects for): the check
        # waits for the commit (until the end of this transaction), as PostgreSQL's COPY checks at its end
        dst.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    done = 0
    for rows in parts:
        if procs:
            rows = _processed(rows, procs)
        dst.exec_driver_sql(sql, rows)
        done += len(rows)
        on_chunk(done)
    return done


def _insert_core(dst: Connection, table: Table, parts: Iterable[list[Row]], on_chunk: Callable[[int], None]) -> int:
    names = table.columns.keys()
    done = 0
    for rows in parts:
        dst.execute(table.insert(), [dict(zip(names, r)) for r in rows])
        done += len(rows)
        on_chunk(done)
    return done
