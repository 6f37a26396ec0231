"""Opening a database: engine with the right pragmas, migrations after a verified backup."""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from talentdesk.store import audit, server

_NET_FS = {"cifs", "smb3", "smbfs", "nfs", "nfs4", "fuse.sshfs", "9p", "afs", "ncpfs", "davfs", "fuse.davfs2"}


def is_network_path(path: Path) -> bool:
    """UNC paths, Windows network drives, and SMB/NFS mounts on Linux."""
    s = str(path)
    if s.startswith("\\\\") or s.startswith("//"):
        return True
    if sys.platform == "win32":
        try:
            import ctypes

            drive = os.path.splitdrive(os.path.abspath(s))[0] + "\\"
            return bool(ctypes.windll.kernel32.GetDriveTypeW(drive) == 4)  # DRIVE_REMOTE
        except Exception:
            return False
    try:
        real = os.path.realpath(s)
        best, fstype = "", ""
        with open("/proc/mounts", encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3:
                    mnt = parts[1].replace("\\040", " ")
                    if (real == mnt or real.startswith(mnt.rstrip("/") + "/")) and len(mnt) > len(best):
                        best, fstype = mnt, parts[2]
        return fstype in _NET_FS
    except OSError:
        return False


@dataclass
class Database:
    """An open database: engine plus session factory. Close with dispose()."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    path: Path | None = None
    read_only: bool = False
    network: bool = False

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(engine: Engine, *, wal: bool, read_only: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # let SQLAlchemy manage transactions explicitly (BEGIN emitted below)
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=5000")
        if not read_only:
            cur.execute(f"PRAGMA journal_mode={'WAL' if wal else 'DELETE'}")
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")


def location_writable(path: Path | str) -> bool:
    """Can this program write the database file and its folder (journal, lock, WAL)? False on write-protected
    USB sticks, CDs, read-only shares and files without write permission."""
    p = Path(path)
    if not os.access(p.parent, os.W_OK):
        return False
    return not p.exists() or os.access(p, os.W_OK)


def read_only_uri(path: Path | str) -> str:
    """The SQLite URI that opens PATH read-only. Where nothing can be written (a write-protected medium) SQLite
    cannot make the WAL index either, so the file is opened as immutable: nobody can change it there."""
    p = Path(path)
    return f"file:{p.as_posix()}?mode=ro" + ("" if location_writable(p) else "&immutable=1")


def engine_for(path: Path | str, *, read_only: bool = False) -> tuple[Engine, bool]:
    """A SQLite engine for PATH; WAL only on a local disk. Returns (engine, on_network)."""
    p = Path(path)
    network = is_network_path(p)
    url = f"sqlite:///{read_only_uri(p)}&uri=true" if read_only else f"sqlite:///{p}"
    engine = create_engine(url, future=True)
    _sqlite_pragmas(engine, wal=not network, read_only=read_only)
    return engine, network


def session_factory(engine: Engine, user: str | None = None) -> sessionmaker[Session]:
    factory = sessionmaker(engine, expire_on_commit=False, future=True, info={"user": user or audit.os_user()})
    audit.install(factory)
    return factory


def open_database(
    target: str | Path,
    *,
    migrate: bool = True,
    read_only: bool = False,
    user: str | None = None,
    backup_dir: Path | None = None,
) -> Database:
    """Open (creating if needed) a database file or a SQLAlchemy URL, bringing its schema up to date.

    Before a migration touches an existing SQLite file, a verified backup is made in backup_dir
    (default: a 'backups' folder next to the database).
    """
    from talentdesk.store import migrate as mig

    target_s = str(target)
    if server.is_server_url(target_s):
        db = _open_server(target_s, read_only=read_only, user=user)
    elif re.match(r"^[a-z][a-z0-9+]*://", target_s):  # another SQLAlchemy URL
        engine = create_engine(target_s, future=True)
        db = Database(target_s, engine, session_factory(engine, user), None, read_only, True)
    else:
        path = Path(target).expanduser().resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        engine, network = engine_for(path, read_only=read_only)
        db = Database(str(engine.url), engine, session_factory(engine, user), path, read_only, network)
    if migrate and not read_only:
        try:
            mig.upgrade(db, backup_dir=backup_dir)
        except OperationalError as e:
            db.dispose()
            if db.path is None:
                raise _unavailable(e, target_s) from None
            raise
        except mig.NewerDatabase:
            db.dispose()
            raise
    return db


# --- server databases (PostgreSQL) ---------------------------------------------------------------

APPLICATION_NAME = "talentdesk"  # how the server's administrator sees these connections (pg_stat_activity)


class ServerUnavailable(Exception):
    """A server database could not be reached or signed in to. ``message`` is Chinese, for the clerk (shown as-is
    like talentdesk.errors.UserError); ``kind`` is one of store.server's reasons; ``orig`` the driver's error."""

    def __init__(self, message: str, kind: str, orig: BaseException | None = None):
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.orig = orig


def _unavailable(error: BaseException, target: str) -> ServerUnavailable:
    problem = server.explain(error, target)
    return ServerUnavailable(problem.message, problem.kind, getattr(error, "orig", None) or error)


def server_engine(target: str, *, read_only: bool = False) -> Engine:
    """An engine for a PostgreSQL URL: postgresql:// and postgres:// use the psycopg 3 driver; connections are
    checked before use (a server restarted overnight), time out after a few seconds, and are named 'talentdesk'
    on the server. read_only: every transaction is read-only on the server side too."""
    url = server.parse(target).set(drivername=server.DRIVER)  # ValueError (Chinese) for a malformed URL
    more: dict[str, str] = {"application_name": APPLICATION_NAME}
    if read_only:
        more["options"] = "-c default_transaction_read_only=on"
    args = server.connect_args(url, **more)  # server.CONNECT_TIMEOUT; what the URL says wins
    return create_engine(url, future=True, pool_pre_ping=True, connect_args=args)


def _open_server(target: str, *, read_only: bool, user: str | None) -> Database:
    """Open a server database; ServerUnavailable (in Chinese) when the server cannot be reached or refuses."""
    try:
        engine = server_engine(target, read_only=read_only)
    except ValueError as e:
        raise ServerUnavailable(str(e), server.OTHER, e) from None
    try:
        with engine.connect():
            pass
    except OperationalError as e:
        engine.dispose()
        raise _unavailable(e, target) from None
    return Database(
        engine.url.render_as_string(hide_password=False), engine, session_factory(engine, user), None, read_only, True
    )


def sqlite_integrity(path: Path, quick: bool = False) -> list[str]:
    """Run integrity_check / quick_check; [] means healthy."""
    con = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        rows = con.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
    except UnicodeDecodeError:  # SQLite's message quotes the damaged bytes: Python cannot even read it
        return ["数据库文件已损坏：完整性检查发现无法读取的内容"]
    finally:
        con.close()
    msgs = [r[0] for r in rows if r[0] != "ok"]
    msgs += [f"外键错误：{r[0]} 第{r[1]}行引用了不存在的 {r[2]}" for r in fk]
    return msgs
