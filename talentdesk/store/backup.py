"""Verified backups of a SQLite database (online backup API, then integrity_check)."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

from talentdesk.store.database import sqlite_integrity


class BackupError(RuntimeError):
    pass


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def make_backup(db_path: Path, dest_dir: Path, reason: str = "manual") -> Path:
    """Copy DB_PATH into DEST_DIR as talentdesk-YYYYmmdd-HHMMSS-REASON.tdbak and verify it."""
    db_path = Path(db_path)
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = dest_dir / f"talentdesk-{stamp}-{reason}.tdbak"
    n = 1
    while dest.exists():
        dest = dest_dir / f"talentdesk-{stamp}-{reason}-{n}.tdbak"
        n += 1
    src = sqlite3.connect(f"file:{db_path.as_posix()}?mode=ro", uri=True)
    dst = sqlite3.connect(dest)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    problems = sqlite_integrity(dest)
    if problems:
        dest.unlink(missing_ok=True)
        raise BackupError("备份校验失败：" + "；".join(problems[:3]))
    return dest
