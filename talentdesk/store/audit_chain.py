"""The audit trail as a hash chain, and the triggers that keep it append-only (issue 15 §5).

Each audit_log row carries its position in the chain (chain_seq: 1, 2, 3…) and chain_hash, the SHA-256 of the
previous row's hash, its position and its own values. Removing or changing any row, or inserting one in the
middle, breaks the chain at that row: check finds it without the clean-close seal (a file anyone can delete).

Rows are written unchained (chain_seq NULL) by every writer — the ORM listeners, audit.record, the importer's bulk
insert, the demo, the database copy — and chained by seal_pending() in the same transaction just before it
commits: the session listener (audit.install) does it for every session, Core writers call it themselves. The
append-only triggers allow exactly that one change (NULL chain columns filled, nothing else touched). On
PostgreSQL several clerks commit at once, so chaining holds a transaction-level advisory lock from reading the
chain's end to the commit: positions follow commit order (ids need not).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, bindparam, func, select, text, update
from sqlalchemy.engine import Connection

from talentdesk.store.models import AuditLog

GENESIS = "0" * 64  # the 'previous hash' of the first row
CHAIN_LOCK_KEY = 0x7A1E_A0D1  # pg_advisory_xact_lock key held while a transaction chains its rows
COLUMNS = ("id", "at", "user", "action", "table_name", "record_id", "teacher_id", "field", "old", "new", "batch_id")
CHUNK = 5000

# The triggers that make audit_log append-only, as migration 0009 creates them (check compares the live ones;
# written as PostgreSQL prints them back).
SQLITE_TRIGGERS = {
    "audit_log_no_update": "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "WHEN OLD.chain_seq IS NOT NULL OR OLD.chain_hash IS NOT NULL "
    "OR NEW.chain_seq IS NULL OR NEW.chain_hash IS NULL "
    "OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.user IS NOT OLD.user "
    "OR NEW.action IS NOT OLD.action OR NEW.table_name IS NOT OLD.table_name "
    "OR NEW.record_id IS NOT OLD.record_id OR NEW.teacher_id IS NOT OLD.teacher_id "
    "OR NEW.field IS NOT OLD.field OR NEW.old IS NOT OLD.old OR NEW.new IS NOT OLD.new "
    "OR NEW.batch_id IS NOT OLD.batch_id "
    "BEGIN SELECT RAISE(ABORT, '审计记录不能修改'); END",
    "audit_log_no_delete": "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, '审计记录不能删除'); END",
}
PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$ "
    "BEGIN "
    "IF TG_OP = 'UPDATE' AND OLD.chain_seq IS NULL AND OLD.chain_hash IS NULL "
    "AND NEW.chain_seq IS NOT NULL AND NEW.chain_hash IS NOT NULL "
    'AND (NEW.id, NEW.at, NEW."user", NEW.action, NEW.table_name, NEW.record_id, NEW.teacher_id, NEW.field, '
    'NEW.old, NEW.new, NEW.batch_id) IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD."user", OLD.action, '
    "OLD.table_name, OLD.record_id, OLD.teacher_id, OLD.field, OLD.old, OLD.new, OLD.batch_id) "
    "THEN RETURN NEW; END IF; "
    "RAISE EXCEPTION '审计记录不能修改或删除'; "
    "END; $$ LANGUAGE plpgsql"
)
PG_TRIGGERS = {
    "audit_log_no_change": "CREATE TRIGGER audit_log_no_change BEFORE DELETE OR UPDATE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "audit_log_no_truncate": "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
}


def _canon(value: object) -> object:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def row_hash(previous: str, seq: int, values: Iterable[object]) -> str:
    """The hash of one row: its values (COLUMNS order) with its position, chained to the previous row's hash."""
    body = json.dumps([previous, seq, *(_canon(v) for v in values)], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _cols() -> list[Column[Any]]:
    t = AuditLog.__table__
    return [t.c[name] for name in COLUMNS]


def head(conn: Connection) -> tuple[int, str]:
    """(position, hash) of the chain's last row; (0, GENESIS) for an empty trail."""
    t = AuditLog.__table__
    row = conn.execute(
        select(t.c.chain_seq, t.c.chain_hash).where(t.c.chain_seq.is_not(None)).order_by(t.c.chain_seq.desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row else (0, GENESIS)


def seal_pending(conn: Connection, *, from_id: int | None = None) -> int:
    """Chain every unchained row (in id order) after the chain's end, inside CONN's transaction; returns how many.
    Call it after writing audit rows and before committing (sessions do it by themselves, see audit.install).
    FROM_ID: only the rows from that id on (a copy chains its own note, and copies the rest as they were)."""
    t = AuditLog.__table__
    unchained = t.c.chain_seq.is_(None) if from_id is None else (t.c.chain_seq.is_(None) & (t.c.id >= from_id))
    if conn.execute(select(t.c.id).where(unchained).limit(1)).first() is None:
        return 0
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CHAIN_LOCK_KEY})
    seq, previous = head(conn)
    pending = conn.execute(select(*_cols()).where(unchained).order_by(t.c.id)).all()
    rows = []
    for values in pending:
        seq += 1
        previous = row_hash(previous, seq, values)
        rows.append({"row_id": values[0], "seq": seq, "hash": previous})
    stmt = (
        update(t).where(t.c.id == bindparam("row_id")).values(chain_seq=bindparam("seq"), chain_hash=bindparam("hash"))
    )
    for i in range(0, len(rows), CHUNK):
        conn.execute(stmt, rows[i : i + CHUNK])
    return len(rows)


@dataclass
class ChainBreak:
    """The first row where the chain does not hold."""

    seq: int | None  # the position expected there
    row_id: int | None
    message: str  # Chinese, names the row


@dataclass
class ChainResult:
    rows: int  # chained rows checked
    head: tuple[int, str]
    broken: ChainBreak | None = None
    unchained: int = 0  # rows without a place in the chain (written past the program)


def _describe(values: Sequence[Any]) -> str:
    at = values[1].strftime("%Y-%m-%d %H:%M:%S") if isinstance(values[1], dt.datetime) else str(values[1] or "")
    return f"编号 {values[0]}，{at}，{values[2] or '?'}，{values[3]} {values[4]}"


def verify(conn: Connection) -> ChainResult:
    """Walk the chain in order and recompute every hash; the first break is named."""
    t = AuditLog.__table__
    stmt = select(t.c.chain_seq, t.c.chain_hash, *_cols()).where(t.c.chain_seq.is_not(None)).order_by(t.c.chain_seq)
    result = conn.execution_options(stream_results=True, yield_per=CHUNK).execute(stmt)
    expected, previous, count = 1, GENESIS, 0
    broken = None
    for row in result:
        seq, stored, values = row[0], row[1], tuple(row[2:])
        if seq != expected:
            missing = seq - expected
            broken = ChainBreak(
                expected,
                values[0],
                f"审计日志第 {expected} 条起缺少 {missing} 条记录（被删除）；缺口之后的第一条：{_describe(values)}"
                if missing > 0
                else f"审计日志第 {seq} 条的位置重复（{_describe(values)}）",
            )
            break
        if row_hash(previous, seq, values) != stored:
            broken = ChainBreak(
                seq, values[0], f"审计日志第 {seq} 条（{_describe(values)}）在写入后被改动，或它之前的记录被改动、删除"
            )
            break
        previous, expected, count = stored, expected + 1, count + 1
    result.close()
    unchained = conn.execute(select(func.count()).select_from(t).where(t.c.chain_seq.is_(None))).scalar_one()
    if broken is None and unchained:
        first = conn.execute(select(*_cols()).where(t.c.chain_seq.is_(None)).order_by(t.c.id).limit(1)).first()
        broken = ChainBreak(
            None,
            first[0] if first else None,
            f"审计日志中有 {unchained} 条记录不在校验链中（绕过程序写入）"
            + (f"，第一条：{_describe(first)}" if first else ""),
        )
    return ChainResult(count, (expected - 1, previous), broken, unchained)


def position(conn: Connection, seq: int) -> str | None:
    """The stored hash at position SEQ (None when there is no such row)."""
    t = AuditLog.__table__
    return conn.execute(select(t.c.chain_hash).where(t.c.chain_seq == seq)).scalar()


def restores(conn: Connection) -> list[tuple[dt.datetime, str | None]]:
    """(at, text) of every restore noted in the trail (workspace.restore writes one after each)."""
    t = AuditLog.__table__
    return [
        (at, new)
        for at, new in conn.execute(
            select(t.c.at, t.c.new).where(t.c.action == "restore", t.c.table_name == "database").order_by(t.c.id)
        )
    ]


# --- the triggers ----------------------------------------------------------------------------------


def _norm(sql: str | None) -> str:
    return re.sub(r"\s+", " ", (sql or "")).strip().rstrip(";").lower()


def trigger_problems(conn: Connection) -> list[str]:
    """What is wrong with the triggers that keep audit_log append-only ([] = all present and as created)."""
    problems: list[str] = []
    if conn.dialect.name == "sqlite":
        live: dict[str, str | None] = {
            name: sql
            for name, sql in conn.execute(
                text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
            )
        }
        for name, sql in SQLITE_TRIGGERS.items():
            if name not in live:
                problems.append(f"审计日志的保护触发器 {name} 缺失：审计记录可以被改动或删除")
            elif _norm(live[name]) != _norm(sql):
                problems.append(f"审计日志的保护触发器 {name} 被改动")
        problems += [f"审计日志上有程序不认识的触发器 {name}" for name in live if name not in SQLITE_TRIGGERS]
        return problems
    if conn.dialect.name != "postgresql":
        return problems
    live_pg: dict[str, tuple[str, str]] = {
        r[0]: (r[1], r[2])
        for r in conn.execute(
            text(
                "SELECT t.tgname, t.tgenabled, pg_get_triggerdef(t.oid) FROM pg_trigger t "
                "WHERE t.tgrelid = to_regclass('audit_log') AND NOT t.tgisinternal"
            )
        )
    }
    for name, sql in PG_TRIGGERS.items():
        if name not in live_pg:
            problems.append(f"审计日志的保护触发器 {name} 缺失：审计记录可以被改动或删除")
            continue
        enabled, definition = live_pg[name]
        if enabled == "D":
            problems.append(f"审计日志的保护触发器 {name} 已被停用")
        if _norm(definition.replace(" ON public.audit_log ", " ON audit_log ")) != _norm(sql):
            problems.append(f"审计日志的保护触发器 {name} 被改动")
    problems += [f"审计日志上有程序不认识的触发器 {name}" for name in live_pg if name not in PG_TRIGGERS]
    body = conn.execute(text("SELECT prosrc FROM pg_proc WHERE proname = 'audit_log_append_only'")).scalars().all()
    want = PG_FUNCTION.split("$$")[1]
    if len(body) != 1 or _norm(body[0]) != _norm(want):
        problems.append("审计日志的保护函数 audit_log_append_only 缺失或被改动")
    return problems
