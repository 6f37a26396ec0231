"""Opening a database: engine with the right pragmas, migrations after a verified backup."""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from talentdesk.store import audit

_NET_FS = {"cifs", "smb3", "smbfs", "nfs", "nfs4", "fuse.sshfs", "9p", "afs", "ncpfs", "davfs", "fuse.davfs2"}


def is_network_path(path: Path) -> bool:
    """UNC paths, Windows network drives, and SMB/NFS mounts on Linux."""
    s = str(path)
    if s.startswith("\\\\") or s.startswith("//"):
        return True
    if os.name == "nt":
        try:
            import ctypes

            drive = os.path.splitdrive(os.path.abspath(s))[0] + "\\"
            return ctypes.windll.kernel32.GetDriveTypeW(drive) == 4  # DRIVE_REMOTE
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
    sessions: sessionmaker
    path: Path | None = None
    read_only: bool = False
    network: bool = False

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(engine: Engine, *, wal: bool, read_only: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
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
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN")


def engine_for(path: Path | str, *, read_only: bool = False) -> tuple[Engine, bool]:
    """A SQLite engine for PATH; WAL only on a local disk. Returns (engine, on_network)."""
    p = Path(path)
    network = is_network_path(p)
    if read_only:
        url = f"sqlite:///file:{p.as_posix()}?mode=ro&uri=true"
    else:
        url = f"sqlite:///{p}"
    engine = create_engine(url, future=True)
    _sqlite_pragmas(engine, wal=not network, read_only=read_only)
    return engine, network


def session_factory(engine: Engine, user: str | None = None) -> sessionmaker:
    factory = sessionmaker(engine, expire_on_commit=False, future=True, info={"user": user or audit.os_user()})
    audit.install(factory)
    return factory


def open_database(target: str | Path, *, migrate: bool = True, read_only: bool = False,
                  user: str | None = None, backup_dir: Path | None = None) -> Database:
    """Open (creating if needed) a database file or a SQLAlchemy URL, bringing its schema up to date.

    Before a migration touches an existing SQLite file, a verified backup is made in backup_dir
    (default: a 'backups' folder next to the database).
    """
    from talentdesk.store import migrate as mig

    target_s = str(target)
    if re.match(r"^[a-z][a-z0-9+]*://", target_s):  # a server URL (PostgreSQL)
        engine = create_engine(target_s, future=True)
        db = Database(target_s, engine, session_factory(engine, user), None, read_only, True)
    else:
        path = Path(target).expanduser().resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        engine, network = engine_for(path, read_only=read_only)
        db = Database(str(engine.url), engine, session_factory(engine, user), path, read_only, network)
    if migrate and not read_only:
        mig.upgrade(db, backup_dir=backup_dir)
    return db


def sqlite_integrity(path: Path, quick: bool = False) -> list[str]:
    """Run integrity_check / quick_check; [] means healthy."""
    con = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)
    try:
        rows = con.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        con.close()
    msgs = [r[0] for r in rows if r[0] != "ok"]
    msgs += [f"外键错误：{r[0]} 第{r[1]}行引用了不存在的 {r[2]}" for r in fk]
    return msgs
