"""Verified backups of a SQLite database, kept in rotation, and restore.

Every backup is taken with SQLite's online backup API (consistent even while the program writes,
WAL included), then checked with integrity_check, and described by a small JSON file next to it
(created, reason, size, teacher count, SHA-256, schema revision). Automatic backups live in the
'backups' folder beside the database and are rotated (a few recent ones, the newest of each of the
last 14 days and of each of the last 8 weeks); manual backups go where the clerk chooses and are
never rotated.

restore() first backs up the current database, then replaces it with a verified copy of the backup
(written next to it and swapped in with one rename, so a power cut leaves either the old or the new
database, never a mixture).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path

from talentdesk.store.database import sqlite_integrity

SUFFIX = ".tdbak"
META_SUFFIX = ".json"
AUTOMATIC = ("daily", "pre-migration", "pre-import", "pre-restore", "pre-publish", "exit", "startup")
REASON_LABELS = {"daily": "每日自动", "pre-migration": "升级前", "pre-import": "导入前", "pre-restore": "恢复前", "pre-publish": "发布前",
                 "exit": "退出时", "startup": "启动时", "manual": "手动", "damaged": "损坏文件留存"}
KEEP_RECENT = 5
KEEP_DAILY = 14
KEEP_WEEKLY = 8


class BackupError(RuntimeError):
    pass


@dataclass
class BackupInfo:
    path: Path
    created: dt.datetime
    reason: str
    size: int
    teachers: int | None
    sha256: str
    revision: str | None = None
    verified: bool = True

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["path"] = str(self.path)
        d["created"] = self.created.isoformat(timespec="seconds")
        return d


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)


def _scalar(path: Path, sql: str):
    try:
        con = _ro(path)
        try:
            row = con.execute(sql).fetchone()
            return row[0] if row else None
        finally:
            con.close()
    except sqlite3.Error:
        return None


def table_counts(path: Path) -> dict[str, int]:
    """Rows per table of a database file (read-only)."""
    con = _ro(path)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                           "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


def meta_path(backup: Path) -> Path:
    return Path(str(backup) + META_SUFFIX)


def _copy_verified(db_path: Path, dest: Path) -> None:
    src = _ro(db_path)
    dst = sqlite3.connect(dest)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
    finally:
        dst.close()
        src.close()
    problems = sqlite_integrity(dest)
    if problems:
        dest.unlink(missing_ok=True)
        raise BackupError("备份校验失败：" + "；".join(problems[:3]))


def describe(path: Path, reason: str, created: dt.datetime | None = None) -> BackupInfo:
    path = Path(path)
    return BackupInfo(path=path, created=created or dt.datetime.now().replace(microsecond=0), reason=reason,
                      size=path.stat().st_size, teachers=_scalar(path, "SELECT count(*) FROM teacher"),
                      sha256=sha256(path), revision=_scalar(path, "SELECT version_num FROM alembic_version"))


def make_backup(db_path: Path, dest_dir: Path, reason: str = "manual") -> Path:
    """Copy DB_PATH into DEST_DIR as talentdesk-YYYYmmdd-HHMMSS-REASON.tdbak, verify it, describe it."""
    db_path = Path(db_path)
    dest_dir = Path(dest_dir)
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise BackupError(f"无法创建备份文件夹 {dest_dir}：{e.strerror or e}") from None
    now = dt.datetime.now().replace(microsecond=0)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    dest = dest_dir / f"talentdesk-{stamp}-{reason}{SUFFIX}"
    n = 1
    while dest.exists():
        dest = dest_dir / f"talentdesk-{stamp}-{reason}-{n}{SUFFIX}"
        n += 1
    part = dest.with_name(dest.name + ".part")
    try:
        _copy_verified(db_path, part)
        os.replace(part, dest)
    except sqlite3.Error as e:
        part.unlink(missing_ok=True)
        raise BackupError(f"无法备份 {db_path.name}：{e}") from None
    except OSError as e:
        part.unlink(missing_ok=True)
        raise BackupError(f"无法写入备份 {dest}：{e.strerror or e}") from None
    info = describe(dest, reason, now)
    meta_path(dest).write_text(json.dumps(info.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
    return dest


def read_info(backup: Path) -> BackupInfo:
    """The description written with the backup (or one computed now for a file without it)."""
    backup = Path(backup)
    try:
        d = json.loads(meta_path(backup).read_text(encoding="utf-8"))
        return BackupInfo(path=backup, created=dt.datetime.fromisoformat(d["created"]), reason=d.get("reason", ""),
                          size=int(d["size"]), teachers=d.get("teachers"), sha256=d["sha256"],
                          revision=d.get("revision"), verified=True)
    except (OSError, ValueError, KeyError, TypeError):
        stem = backup.name[len("talentdesk-"):] if backup.name.startswith("talentdesk-") else ""
        try:
            created = dt.datetime.strptime(stem[:15], "%Y%m%d-%H%M%S")
        except ValueError:
            created = dt.datetime.fromtimestamp(backup.stat().st_mtime).replace(microsecond=0)
        reason = stem[16:].removesuffix(SUFFIX).split("-")[0] if stem else "manual"
        info = describe(backup, reason or "manual", created)
        info.verified = False
        return info


def list_backups(folder: Path) -> list[BackupInfo]:
    """Backups in FOLDER, newest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    out = []
    for p in folder.glob(f"*{SUFFIX}"):
        try:
            out.append(read_info(p))
        except OSError:
            continue
    out.sort(key=lambda b: (b.created, b.path.name), reverse=True)
    return out


def verify(backup: Path) -> list[str]:
    """Problems with a backup file ([] = sound): checksum against its description, then integrity_check."""
    backup = Path(backup)
    if not backup.is_file():
        return [f"备份文件不存在：{backup}"]
    problems = []
    meta = meta_path(backup)
    if meta.exists():
        try:
            want = json.loads(meta.read_text(encoding="utf-8"))["sha256"]
            if sha256(backup) != want:
                problems.append("校验和不符：备份文件在备份之后被改动或已损坏")
        except (OSError, ValueError, KeyError):
            problems.append("备份说明文件无法读取")
    try:
        problems += sqlite_integrity(backup)
    except sqlite3.DatabaseError as e:
        problems.append(f"不是有效的数据库文件：{e}")
    if not problems and _scalar(backup, "SELECT version_num FROM alembic_version") is None:
        problems.append("不是 TalentDesk 数据库的备份")
    return problems


def newest_verified(folder: Path) -> BackupInfo | None:
    for info in list_backups(folder):
        if not verify(info.path):
            return info
    return None


def rotate(folder: Path, *, keep_recent: int = KEEP_RECENT, daily: int = KEEP_DAILY,
           weekly: int = KEEP_WEEKLY) -> list[Path]:
    """Delete automatic backups beyond the rotation; manual ones are never touched. Returns deleted paths."""
    autos = [b for b in list_backups(folder) if b.reason in AUTOMATIC]  # newest first
    keep: set[Path] = {b.path for b in autos[:keep_recent]}
    days: dict[dt.date, Path] = {}
    weeks: dict[tuple[int, int], Path] = {}
    for b in autos:
        day = b.created.date()
        if day not in days and len(days) < daily:
            days[day] = b.path
        week = tuple(day.isocalendar())[:2]
        if week not in weeks and len(weeks) < weekly:
            weeks[week] = b.path
    keep |= set(days.values()) | set(weeks.values())
    removed = []
    for b in autos:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            meta_path(b.path).unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def daily_due(folder: Path, today: dt.date | None = None) -> bool:
    today = today or dt.date.today()
    return not any(b.created.date() == today and b.reason in AUTOMATIC for b in list_backups(folder))


def auto_backup(db_path: Path, folder: Path, reason: str) -> Path:
    """An automatic backup, then rotation of the folder."""
    path = make_backup(db_path, folder, reason)
    rotate(folder)
    return path


def preview(backup: Path) -> dict:
    """What a restore would bring back: description, rows per table, problems found."""
    backup = Path(backup)
    info = read_info(backup)
    problems = verify(backup)
    counts = {} if problems else table_counts(backup)
    return {"info": info, "problems": problems, "counts": counts}


def _sidecars(db_path: Path) -> list[Path]:
    return [Path(str(db_path) + s) for s in ("-wal", "-shm", "-journal")]


def restore(backup: Path, db_path: Path, folder: Path) -> Path | None:
    """Replace DB_PATH by BACKUP. The current file is backed up first ('pre-restore'; a damaged file is kept
    as it is, reason 'damaged'). Every connection to DB_PATH must be closed. Returns the safety copy."""
    backup, db_path, folder = Path(backup), Path(db_path), Path(folder)
    problems = verify(backup)
    if problems:
        raise BackupError(f"备份 {backup.name} 不能用于恢复：" + "；".join(problems[:3]))
    safety = None
    if db_path.exists():
        try:
            safety = make_backup(db_path, folder, "pre-restore")
        except (BackupError, sqlite3.Error):  # the current file is damaged: keep its bytes as they are
            folder.mkdir(parents=True, exist_ok=True)
            safety = folder / f"talentdesk-{dt.datetime.now():%Y%m%d-%H%M%S}-damaged{SUFFIX}.raw"
            shutil.copyfile(db_path, safety)
    tmp = db_path.with_name(db_path.name + ".restoring")
    tmp.unlink(missing_ok=True)
    src = _ro(backup)
    dst = sqlite3.connect(tmp)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    if sqlite_integrity(tmp):
        tmp.unlink(missing_ok=True)
        raise BackupError("恢复出的数据库校验失败，原数据库未改动")
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    for side in _sidecars(db_path):  # the old file's journal must never be applied to the restored one
        side.unlink(missing_ok=True)
    os.replace(tmp, db_path)
    return safety
