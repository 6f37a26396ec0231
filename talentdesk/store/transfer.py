"""Copying a whole database between back ends (SQLite file ⇄ PostgreSQL server), verified table by table.

copy_database(src, dst) copies every table of the metadata, in foreign-key order, into an EMPTY destination
at the same schema revision, in chunks read with a streaming cursor (memory stays bounded), keeping primary
keys, `version` columns and the whole audit trail, inside one transaction on the destination (a failure or a
cancel leaves it empty). Rows go into PostgreSQL by COPY, into SQLite by executemany (store/rowcopy.py).
Afterwards PostgreSQL sequences are moved past max(id), one audit row “从 … 复制” is appended to the
destination (and chained to the copied audit trail), and both sides are compared: per table the row count and a
SHA-256 over the rows in primary-key order, in a canonical text SQLite and PostgreSQL agree on
(rowcopy.Fingerprint). The source's is taken while its rows are copied, so the verification reads only the
destination again; both sides are walked together only for a table whose checksums differ, to name the
differing keys.

The copy notes (audit_log rows with action 'copy' on table 'database') describe a transfer, not data: the
verification leaves them out on both sides (so a SQLite → PostgreSQL → SQLite round trip, which carries two such
notes, still compares equal to the original), and counts them separately in the report.

The destination keeps the identity its own migrations gave it (database_identity is neither copied nor compared):
a copy is another database, whose backups are its own. backup_to_file(db, path) is a copy into a new SQLite file
that takes the source's identity: how a server database is backed up (the file is an ordinary TalentDesk
database the .tdbak tools can read). The source is only read: open_source opens it read-only.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, exists, func, select
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import DBAPIError

from talentdesk.domain import (
    activities,
    competitions,
    honours,
    leaders,
    research,
    research_roles,
    school_pairing,
    talents,
    titles,
)
from talentdesk.store import (
    all_models,  # noqa: F401  every table in Base.metadata
    audit_chain,
    identity,
    rowcopy,
)
from talentdesk.store.models import AuditLog, Base

if TYPE_CHECKING:
    from talentdesk.store.database import Database

CHUNK = rowcopy.CHUNK
COPY_ACTION = rowcopy.COPY_ACTION
MAX_DIFFS = 5  # differing primary keys kept per table

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]  # asked between chunks: True stops the copy


class TransferError(RuntimeError):
    """A copy or a comparison that cannot be done; the message (Chinese) says why."""


class CopyCancelled(TransferError):
    def __init__(self) -> None:
        super().__init__("已取消复制，目标数据库保持为空")


@dataclass
class TableCheck:
    table: str
    rows: int  # rows in the source (A)
    dest_rows: int  # rows in the destination (B)
    source_checksum: str
    dest_checksum: str
    differing: list[object] = field(default_factory=list)  # first primary keys whose rows differ (or are missing)

    @property
    def ok(self) -> bool:
        return self.rows == self.dest_rows and self.source_checksum == self.dest_checksum

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ok"] = self.ok
        return d


@dataclass
class CopyReport:
    source: str
    destination: str
    tables: list[TableCheck] = field(default_factory=list)
    copied_rows: int = 0
    seconds: float = 0.0
    copy_notes: tuple[int, int] = (0, 0)  # audit rows 'copy' left out of the comparison (source, destination)
    copied: bool = True  # False for a plain comparison (verify-db)

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables)

    @property
    def differing_tables(self) -> list[str]:
        return [t.table for t in self.tables if not t.ok]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "destination": self.destination,
            "copied": self.copied,
            "ok": self.ok,
            "copied_rows": self.copied_rows,
            "seconds": round(self.seconds, 2),
            "copy_notes_excluded": {"source": self.copy_notes[0], "destination": self.copy_notes[1]},
            "tables": [t.to_dict() for t in self.tables],
        }


# --- descriptions --------------------------------------------------------------------------------


def describe(db: Database) -> str:
    """A short, password-free name for a database: the file path, or database@server."""
    if db.path is not None:
        return str(db.path)
    return _url_name(db.engine.url)


def _url_name(target: object) -> str:
    from sqlalchemy.engine import make_url

    try:
        url = make_url(target if isinstance(target, URL) else str(target))
    except Exception:
        return "（无法识别的地址）"
    if url.get_backend_name() == "sqlite":
        return url.database or ""
    given = url.host or url.query.get("host") or "localhost"
    host = given if isinstance(given, str) else given[0]
    port = f":{url.port or url.query.get('port') or ''}".rstrip(":")
    return f"{url.database}@{host}{port}"


def target_name(target: object) -> str:
    """What to call a file path or server URL in a message (never with its password)."""
    return _url_name(target) if is_server_url(target) else str(target)


def _revision(db: Database) -> str | None:
    from talentdesk.store import migrate

    try:
        return migrate.current_revision(db)
    except Exception:
        return None


def tables() -> list[Table]:
    """The tables copied and compared: all but database_identity (a copy is another database, with its own)."""
    return [t for t in Base.metadata.sorted_tables if t.name != identity.TABLE.name]


def _seeded(conn: Connection, table: Table) -> bool:
    """True when TABLE holds exactly the rows a migration wrote into every new database (the bureau's honour-name
    list, migration 0010; the list of post names, 0013; the activity kinds, 0016; the competition kinds, 0023; the
    school pairing kinds, 0024; the research roles and studio output kinds, 0027; the research project kinds,
    0030): such a database is still empty for a copy, which replaces those rows by the source's."""
    seeded = SEEDED.get(table.name)
    if seeded is None:
        return False
    names = [r[0] for r in conn.execute(select(table.c.name).order_by(table.c.position))]
    return tuple(names) == seeded


SEEDED = {
    "honour_name": honours.DEFAULT_NAMES,
    "leader_post_name": tuple(n for n, _ in leaders.DEFAULT_NAMES),
    "activity_kind": tuple(n for n, _ in activities.DEFAULT_KINDS),  # the list of activity kinds, 0016
    "title_route": titles.DEFAULT_ROUTES,
    "talent_kind": talents.DEFAULT_KINDS,  # the list of recognition kinds, 0022
    "school_pairing_kind": school_pairing.DEFAULT_KINDS,  # the list of school pairing kinds, 0024
    "competition_kind": competitions.DEFAULT_KINDS,  # the list of competition kinds, 0023
    "research_role_kind": research_roles.DEFAULT_ROLES,  # the list of research roles, 0027
    "studio_output_kind": tuple(n for n, _ in research_roles.DEFAULT_OUTPUT_KINDS),  # studio output kinds, 0027
    "research_project_kind": research.DEFAULT_KINDS,  # the list of research project kinds, 0030
}


def nonempty_tables(db: Database) -> list[str]:
    """Tables of the metadata holding at least one row (alembic_version is not one of them), not counting the
    rows migrations write into every new database."""
    found: list[str] = []
    with db.engine.connect() as conn:
        present = set(conn.dialect.get_table_names(conn))
        for t in tables():
            if t.name in present and conn.execute(select(exists().select_from(t))).scalar() and not _seeded(conn, t):
                found.append(t.name)
    return found


def _clear_seeded(conn: Connection) -> None:
    """Remove the rows migrations wrote into the empty destination, so the source's own rows take their place."""
    for t in reversed(tables()):
        if _seeded(conn, t):
            conn.execute(t.delete())


def _check_revisions(src: Database, dst: Database) -> None:
    a, b = _revision(src), _revision(dst)
    if a is None:
        raise TransferError(f"{describe(src)} 不是 TalentDesk 数据库（没有版本信息）")
    if a != b:
        raise TransferError(
            f"两个数据库的结构版本不同：{describe(src)} 为 {a}，{describe(dst)} 为 {b or '（无）'}。"
            "请先用本程序分别打开两个数据库，升级到同一版本后再复制或比较。"
        )


def is_server_url(target: object) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+]*://", str(target)))


def open_source(target: str | Path) -> Database:
    """Open an existing database to copy or compare from, read-only and without migrating it: copying leaves
    the source exactly as it was (not a byte changed, its clean-close seal still valid)."""
    from talentdesk.store.database import open_database

    if not is_server_url(target) and not Path(target).expanduser().exists():
        raise TransferError(f"数据库文件不存在：{target}")
    try:
        return open_database(target, migrate=False, read_only=True)
    except Exception as e:
        raise TransferError(f"无法打开数据库 {target_name(target)}：{getattr(e, 'orig', None) or e}") from None


def open_destination(target: str | Path) -> Database:
    """Open the database to copy into: a new SQLite file, or an existing (empty) server database, which is
    brought to the current schema only after it was seen to be empty (a full one is never touched)."""
    from talentdesk.store import migrate
    from talentdesk.store.database import open_database

    try:
        db = open_database(target, migrate=False)
        full = nonempty_tables(db)
    except Exception as e:
        raise TransferError(f"无法打开目标数据库 {target_name(target)}：{getattr(e, 'orig', None) or e}") from None
    if full:
        db.dispose()
        raise TransferError(_not_empty(target_name(target), full))
    try:
        migrate.upgrade(db)
    except Exception as e:
        db.dispose()
        raise TransferError(f"无法在目标数据库 {target_name(target)} 中建表：{getattr(e, 'orig', None) or e}") from None
    return db


def _not_empty(name: str, full: list[str]) -> str:
    return (
        f"目标数据库 {name} 不是空的（{'、'.join(full[:5])}{' 等表' if len(full) > 5 else ''}已有数据）："
        "只能复制到新建的空数据库，不会覆盖已有数据。"
    )


# --- reading and comparing -----------------------------------------------------------------------


def _count(conn: Connection, table: Table, *, skip_notes: bool = False) -> int:
    stmt = select(func.count()).select_from(table)
    cond = rowcopy.note_filter(table) if skip_notes else None
    if cond is not None:
        stmt = stmt.where(cond)
    return conn.execute(stmt).scalar_one()


def _notes(conn: Connection) -> int:
    t = AuditLog.__table__
    return conn.execute(
        select(func.count()).select_from(t).where(t.c.action == COPY_ACTION, t.c.table_name == "database")
    ).scalar_one()


def _rows(conn: Connection, table: Table) -> Iterator[rowcopy.Row]:
    for part in rowcopy.chunks(conn, table, skip_notes=True):
        yield from part


def _compare_table(a: Connection, b: Connection, table: Table) -> TableCheck:
    """Walk both sides in primary-key order at once: counts, checksums and the first differing keys."""
    pk = [table.columns.keys().index(c.key) for c in table.primary_key.columns]
    fa, fb = rowcopy.Fingerprint(table), rowcopy.Fingerprint(table)
    diffs: list[object] = []
    ia, ib = _rows(a, table), _rows(b, table)
    ra, rb = next(ia, None), next(ib, None)

    def order(row: rowcopy.Row) -> tuple[Any, ...]:
        return tuple(row[i] for i in pk)

    def key(row: rowcopy.Row) -> object:
        k = order(row)
        return k[0] if len(k) == 1 else list(k)

    while ra is not None or rb is not None:
        if ra is not None and (rb is None or order(ra) < order(rb)):  # only in A
            fa.update([ra])
            if len(diffs) < MAX_DIFFS:
                diffs.append(key(ra))
            ra = next(ia, None)
        elif rb is not None and (ra is None or order(rb) < order(ra)):  # only in B
            fb.update([rb])
            if len(diffs) < MAX_DIFFS:
                diffs.append(key(rb))
            rb = next(ib, None)
        elif ra is not None and rb is not None:  # the same key on both sides (always, after the two above)
            fa.update([ra])
            fb.update([rb])
            if fa.lines([ra]) != fb.lines([rb]) and len(diffs) < MAX_DIFFS:
                diffs.append(key(ra))
            ra, rb = next(ia, None), next(ib, None)
    return TableCheck(table.name, fa.rows, fb.rows, fa.hexdigest(), fb.hexdigest(), diffs)


def _check_table(a: Connection, b: Connection, table: Table, known: rowcopy.Fingerprint | None = None) -> TableCheck:
    """Count and checksum of each side (A's may be KNOWN, taken while it was copied); only when they differ are
    both sides walked together again to name the differing keys."""
    fa = known if known is not None else rowcopy.fingerprint(a, table)
    fb = rowcopy.fingerprint(b, table)
    if fa.rows == fb.rows and fa.hexdigest() == fb.hexdigest():
        return TableCheck(table.name, fa.rows, fb.rows, fa.hexdigest(), fb.hexdigest(), [])
    return _compare_table(a, b, table)


def _verify(
    src_conn: Connection,
    dst_conn: Connection,
    report: CopyReport,
    progress: Progress | None,
    cancel: Cancel | None,
    start: int,
    total: int,
    known: dict[str, rowcopy.Fingerprint] | None = None,
) -> None:
    for n, table in enumerate(tables()):
        _check_cancel(cancel)
        if progress:
            progress(start + n, total, f"核对 {table.name}")
        report.tables.append(_check_table(src_conn, dst_conn, table, (known or {}).get(table.name)))
    report.copy_notes = (_notes(src_conn), _notes(dst_conn))


def verify_databases(
    a: Database, b: Database, progress: Progress | None = None, cancel: Cancel | None = None
) -> CopyReport:
    """Compare two databases table by table without copying (same schema revision required)."""
    _check_revisions(a, b)
    report = CopyReport(describe(a), describe(b), copied=False)
    started = dt.datetime.now()
    n = len(tables())
    with a.engine.connect() as ca, b.engine.connect() as cb:
        _verify(ca, cb, report, progress, cancel, 0, n)
    report.seconds = (dt.datetime.now() - started).total_seconds()
    if progress:
        progress(n, n, "核对完成")
    return report


# --- copying -----------------------------------------------------------------------------------


def _snapshot(db: Database) -> Connection:
    """A connection whose reads all see one state of the database, even while clerks keep writing."""
    conn = db.engine.connect()
    if conn.dialect.name == "postgresql":
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
    return conn


def _check_cancel(cancel: Cancel | None) -> None:
    if cancel is not None and cancel():
        raise CopyCancelled()


def _copy_table(
    src: Connection, dst: Connection, table: Table, on_chunk: Callable[[int], None]
) -> tuple[int, rowcopy.Fingerprint]:
    """Copy TABLE's rows, fingerprinting them as they pass (the verification then re-reads only the copy)."""
    seen = rowcopy.Fingerprint(table)

    def parts() -> Iterator[list[rowcopy.Row]]:
        for rows in rowcopy.chunks(src, table):
            seen.update(rows)
            yield rows

    return rowcopy.write(dst, table, parts(), on_chunk), seen


def _explain(e: Exception, table: str) -> str:
    orig = str(getattr(e, "orig", e)).strip().splitlines()[0] if str(getattr(e, "orig", e)).strip() else str(e)
    hint = ""
    low = orig.lower()
    if "too long" in low:
        hint = "（源数据库中有超过字段长度的文字，SQLite 不检查长度而服务器检查：请先在源数据库中改短）"
    elif "out of range" in low:
        hint = "（有数值超出服务器整数范围）"
    elif "0x00" in low or "nul" in low:
        hint = "（文字中含有不可见的空字符）"
    return f"复制表 {table} 时出错：{orig}{hint}。目标数据库已恢复为空。"


def copy_database(
    src_db: Database, dst_db: Database, progress: Progress | None = None, cancel: Cancel | None = None
) -> CopyReport:
    """Copy everything from SRC_DB into the empty DST_DB (same schema revision) and verify it table by table.

    progress(done, total, text) is called per chunk (total counts rows to copy plus one step per table to
    verify); cancel() returning True, or progress raising, stops it and leaves the destination empty.
    """
    from talentdesk.store import planner

    if dst_db.read_only:
        raise TransferError(f"目标数据库 {describe(dst_db)} 只读，不能复制进去")
    _check_revisions(src_db, dst_db)
    full = nonempty_tables(dst_db)
    if full:
        raise TransferError(_not_empty(describe(dst_db), full))
    started = dt.datetime.now()
    report = CopyReport(describe(src_db), describe(dst_db))
    with _snapshot(src_db) as sc, dst_db.engine.connect() as dc, dc.begin():
        _clear_seeded(dc)
        total = _copy_tables(sc, dc, report, progress, cancel)
        note = dc.execute(AuditLog.__table__.insert(), _copy_note(src_db, dst_db, report)).inserted_primary_key
        if note is None:  # a single-row insert always reports its key (from_id=None would seal far more)
            raise TransferError("复制说明的审计记录没有编号，目标数据库已恢复为空")
        audit_chain.seal_pending(dc, from_id=note[0])  # the note joins the copied chain
    planner.analyze(dst_db.engine)
    report.copy_notes = (report.copy_notes[0], report.copy_notes[1] + 1)
    report.seconds = (dt.datetime.now() - started).total_seconds()
    if progress:
        progress(total, total, "复制完成" if report.ok else "复制完成，但核对发现差异")
    return report


def _copy_tables(
    sc: Connection, dc: Connection, report: CopyReport, progress: Progress | None, cancel: Cancel | None
) -> int:
    """Every table from SC into DC (inside DC's transaction), sequences, then the verification; returns the
    number of progress steps."""
    from talentdesk.store import sequences

    all_tables = tables()
    counts = {t.name: _count(sc, t) for t in all_tables}
    rows_total = sum(counts.values())
    total = rows_total + len(all_tables)
    done = 0
    known: dict[str, rowcopy.Fingerprint] = {}
    for table in all_tables:
        _check_cancel(cancel)
        label = f"复制 {table.name}（{counts[table.name]:,} 行）"
        if progress:
            progress(done, total, label)

        def on_chunk(n: int, base: int = done, label: str = label) -> None:
            _check_cancel(cancel)
            if progress:
                progress(base + n, total, label)

        try:
            n, known[table.name] = _copy_table(sc, dc, table, on_chunk)
        except (DBAPIError, _driver_error(dc)) as e:
            raise TransferError(_explain(e, table.name)) from e
        done += n
    report.copied_rows = done
    sequences.sync_sequences(dc)
    _check_cancel(cancel)
    _verify(sc, dc, report, progress, cancel, rows_total, total, known)
    return total


def _driver_error(conn: Connection) -> type[Exception]:
    """The driver's own error class (a COPY on PostgreSQL runs on the driver connection, unwrapped)."""
    error: type[Exception] = getattr(conn.dialect.dbapi, "Error", DBAPIError)
    return error


def _copy_note(src_db: Database, dst_db: Database, report: CopyReport) -> dict[str, object]:
    from talentdesk.store.audit import os_user

    def user_of(db: Database) -> str | None:
        user: str | None = (db.sessions.kw.get("info") or {}).get("user")
        return user

    user = user_of(src_db) or user_of(dst_db) or os_user()  # who copied (signed in to the source)
    verdict = "逐表核对一致" if report.ok else f"核对不一致：{'、'.join(report.differing_tables)}"
    return dict(
        at=dt.datetime.now().replace(microsecond=0),
        user=user,
        action=COPY_ACTION,
        table_name="database",
        new=f"从 {describe(src_db)} 复制：{len(report.tables)} 个表 {report.copied_rows:,} 行，{verdict}",
    )


def backup_to_file(
    db: Database, path: Path | str, progress: Progress | None = None, cancel: Cancel | None = None
) -> CopyReport:
    """Copy DB (typically a server database) into a NEW SQLite file at PATH, verified; a failed copy leaves no file.

    The file is an ordinary TalentDesk database at the same schema revision (the backup tools can read it).
    """
    from talentdesk.store.database import open_database

    path = Path(path).expanduser().resolve()
    if path.exists():
        raise TransferError(f"文件 {path} 已存在：备份只写入新文件")
    path.parent.mkdir(parents=True, exist_ok=True)
    target = None
    try:
        target = open_database(path)
        report = copy_database(db, target, progress=progress, cancel=cancel)
        same = identity.of_db(db)
        if same:  # a backup is the same database: it keeps the source's identity
            with target.engine.begin() as conn:
                identity.adopt(conn, same)
    except BaseException:
        if target is not None:
            target.dispose()
            target = None
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
            p.unlink(missing_ok=True)
        raise
    finally:
        if target is not None:
            target.dispose()
    return report


def _pad(s: str, width: int, right: bool = False) -> str:
    """Pad to a display width (a Chinese character takes two columns)."""
    w = sum(2 if ord(ch) > 0x2E7F else 1 for ch in s)
    fill = " " * max(width - w, 0)
    return fill + s if right else s + fill


def report_table(report: CopyReport, labels: dict[str, str] | None = None) -> list[str]:
    """The per-table result as aligned lines of Chinese text (command line and logs); LABELS: table → 中文名."""
    labels = labels or {}
    a, b = ("源", "目标") if report.copied else ("A", "B")
    lines = [
        _pad("表", 40)
        + _pad(a + "行数", 10, True)
        + _pad(b + "行数", 10, True)
        + "  "
        + _pad(a + "校验和", 14)
        + "  "
        + _pad(b + "校验和", 14)
        + "  结果"
    ]
    for t in report.tables:
        mark = "一致" if t.ok else "不一致" + (f"（主键 {', '.join(map(str, t.differing))}）" if t.differing else "")
        name = f"{labels[t.table]} {t.table}" if labels.get(t.table) else t.table
        lines.append(
            _pad(name, 40)
            + _pad(f"{t.rows:,}", 10, True)
            + _pad(f"{t.dest_rows:,}", 10, True)
            + "  "
            + _pad(t.source_checksum[:12], 14)
            + "  "
            + _pad(t.dest_checksum[:12], 14)
            + "  "
            + mark
        )
    return lines


def save_report(report: CopyReport, out: Path | str) -> None:
    Path(out).write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")


__all__ = [
    "CopyReport",
    "TableCheck",
    "TransferError",
    "CopyCancelled",
    "copy_database",
    "verify_databases",
    "backup_to_file",
    "nonempty_tables",
    "describe",
    "report_table",
    "save_report",
]
