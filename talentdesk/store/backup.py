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

Backups belong to one database (issue 15 §2): the description records the identity of the database it was
taken from (store/identity.py), its file name and the end of its audit chain. Several databases may share one
backups folder: listing, the newest verified backup, the daily backup and rotation take only the backups of
the database asked for (of_database). restore() refuses the backup of another database, and one that cannot be
verified (no description, or a checksum that does not match), unless the caller passes the clerk's explicit
choice (allow_other, allow_unverified).
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
from typing import Any, TypedDict

from talentdesk.store import identity
from talentdesk.store.database import sqlite_integrity

SUFFIX = ".tdbak"
META_SUFFIX = ".json"
AUTOMATIC = ("daily", "pre-migration", "pre-import", "pre-restore", "pre-publish", "exit", "startup")
REASON_LABELS = {
    "daily": "每日自动",
    "pre-migration": "升级前",
    "pre-import": "导入前",
    "pre-restore": "恢复前",
    "pre-publish": "发布前",
    "exit": "退出时",
    "startup": "启动时",
    "manual": "手动",
    "damaged": "损坏文件留存",
}
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
    verified: bool = True  # False: no description beside it (a file someone put there); its checksum is unknown
    database_id: str | None = None  # the identity of the database it was taken from (None: made before 0009)
    database: str = ""  # that database's file name (or server database), for the clerk
    chain: tuple[int, str] | None = None  # the end of its audit chain (position, hash)

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["path"] = str(self.path)
        d["created"] = self.created.isoformat(timespec="seconds")
        d["chain"] = list(self.chain) if self.chain else None
        return d

    def owner(self) -> str:
        """The database it was taken from, as the clerk reads it: 县局.db，教师 3,089 人."""
        name = self.database or "未记录名称"
        return f"{name}，教师 {self.teachers:,} 人" if self.teachers is not None else name


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)


def _scalar(path: Path, sql: str) -> Any:  # the value as sqlite3 gives it
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
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
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


def _chain_end(path: Path) -> tuple[int, str] | None:
    try:
        con = _ro(path)
        try:
            # the note a copy appends (a server's backup is a copy) is the backup's, not the database's
            row = con.execute(
                "SELECT chain_seq, chain_hash FROM audit_log WHERE chain_seq IS NOT NULL "
                "AND NOT (action = 'copy' AND table_name = 'database') "
                "ORDER BY chain_seq DESC LIMIT 1"
            ).fetchone()
            return (row[0], row[1]) if row else None
        finally:
            con.close()
    except sqlite3.Error:
        return None


def describe(path: Path, reason: str, created: dt.datetime | None = None, database: str = "") -> BackupInfo:
    path = Path(path)
    return BackupInfo(
        path=path,
        created=created or dt.datetime.now().replace(microsecond=0),
        reason=reason,
        size=path.stat().st_size,
        teachers=_scalar(path, "SELECT count(*) FROM teacher"),
        sha256=sha256(path),
        revision=_scalar(path, "SELECT version_num FROM alembic_version"),
        database_id=identity.of_file(path),
        database=database,
        chain=_chain_end(path),
    )


def make_backup(db_path: Path, dest_dir: Path, reason: str = "manual", *, database: str | None = None) -> Path:
    """Copy DB_PATH into DEST_DIR as talentdesk-YYYYmmdd-HHMMSS-REASON.tdbak, verify it, describe it.
    DATABASE names the database for the clerk (default: DB_PATH's file name)."""
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
    info = describe(dest, reason, now, database if database is not None else db_path.name)
    write_info(info)
    return dest


def claim(backup: Path, database_id: str | None) -> None:
    """Record DATABASE_ID in the description of a backup taken before the database had an identity."""
    info = read_info(backup)
    if database_id and info.database_id is None and info.verified:
        info.database_id = database_id
        write_info(info)


def write_info(info: BackupInfo) -> None:
    meta_path(info.path).write_text(json.dumps(info.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")


def read_info(backup: Path) -> BackupInfo:
    """The description written with the backup (or one computed now for a file without it)."""
    backup = Path(backup)
    try:
        d = json.loads(meta_path(backup).read_text(encoding="utf-8"))
        chain = d.get("chain")
        return BackupInfo(
            path=backup,
            created=dt.datetime.fromisoformat(d["created"]),
            reason=d.get("reason", ""),
            size=int(d["size"]),
            teachers=d.get("teachers"),
            sha256=d["sha256"],
            revision=d.get("revision"),
            verified=True,
            database_id=d.get("database_id"),
            database=d.get("database") or "",
            chain=(int(chain[0]), str(chain[1])) if chain else None,
        )
    except (OSError, ValueError, KeyError, TypeError):
        stem = backup.name[len("talentdesk-") :] if backup.name.startswith("talentdesk-") else ""
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


def of_database(folder: Path, database_id: str | None) -> list[BackupInfo]:
    """The backups in FOLDER taken from the database DATABASE_ID, newest first (none for an unknown identity)."""
    if not database_id:
        return []
    return [b for b in list_backups(folder) if b.database_id == database_id]


def unverified(backup: Path) -> list[str]:
    """Why the backup's checksum cannot vouch for it ([] = it matches its description)."""
    backup = Path(backup)
    meta = meta_path(backup)
    if not meta.exists():
        return [f"没有校验文件（{meta.name}），无法确认备份未被改动"]
    try:
        want = json.loads(meta.read_text(encoding="utf-8"))["sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        return ["校验文件无法读取，无法确认备份未被改动"]
    if sha256(backup) != want:
        return ["校验和不符：备份文件在备份之后被改动或已损坏"]
    return []


def damage(backup: Path) -> list[str]:
    """Why the file cannot be restored at all ([] = a sound TalentDesk database): integrity_check, version."""
    backup = Path(backup)
    if not backup.is_file():
        return [f"备份文件不存在：{backup}"]
    try:
        problems = sqlite_integrity(backup)
    except sqlite3.DatabaseError as e:
        return [f"不是有效的数据库文件：{e}"]
    if not problems and _scalar(backup, "SELECT version_num FROM alembic_version") is None:
        problems.append("不是 TalentDesk 数据库的备份")
    return problems


def verify(backup: Path) -> list[str]:
    """Problems with a backup file ([] = sound and verified): its checksum file and checksum, then integrity_check."""
    backup = Path(backup)
    if not backup.is_file():
        return [f"备份文件不存在：{backup}"]
    return unverified(backup) + damage(backup)


def newest_verified(folder: Path, database_id: str | None) -> BackupInfo | None:
    """The newest backup of the database DATABASE_ID whose checksum and contents check out."""
    for info in of_database(folder, database_id):
        if not verify(info.path):
            return info
    return None


def rotate(
    folder: Path,
    database_id: str | None,
    *,
    keep_recent: int = KEEP_RECENT,
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
) -> list[Path]:
    """Delete the automatic backups of the database DATABASE_ID beyond the rotation (another database's backups
    in the same folder are its own business); manual ones are never touched. Returns deleted paths."""
    autos = [b for b in of_database(folder, database_id) if b.reason in AUTOMATIC]  # newest first
    keep: set[Path] = {b.path for b in autos[:keep_recent]}
    days: dict[dt.date, Path] = {}
    weeks: dict[tuple[int, int], Path] = {}
    for b in autos:
        day = b.created.date()
        if day not in days and len(days) < daily:
            days[day] = b.path
        iso = day.isocalendar()
        week = (iso.year, iso.week)
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


def daily_due(folder: Path, database_id: str | None, today: dt.date | None = None) -> bool:
    """No automatic backup of the database DATABASE_ID today yet (another database's do not count)."""
    today = today or dt.date.today()
    return not any(b.created.date() == today and b.reason in AUTOMATIC for b in of_database(folder, database_id))


def auto_backup(db_path: Path, folder: Path, reason: str, *, database: str | None = None) -> Path:
    """An automatic backup, then rotation of that database's backups in the folder."""
    path = make_backup(db_path, folder, reason, database=database)
    rotate(folder, identity.of_file(path))
    return path


COUNTED = (("teacher", "教师"), ("school", "学校"), ("audit_log", "变更记录"))


Change = tuple[str, int | None, int]  # (label, rows now or None: unknown, rows after a restore)


class Preview(TypedDict):
    info: BackupInfo
    problems: list[str]
    unverified: list[str]
    other: str
    counts: dict[str, int]
    changes: list[Change]


def preview(backup: Path, current: Path | None = None, current_id: str | None = None) -> Preview:
    """What a restore would bring back: description, rows per table, and what stands in its way.

    problems: the file cannot be restored at all; unverified: its checksum cannot vouch for it (restorable only
    on the clerk's explicit choice); other: it was taken from another database than CURRENT_ID (the one being
    replaced), said in plain words; changes: (label, now, after) for 教师, 学校, 变更记录, CURRENT being the file
    restored over (None: unknown)."""
    backup = Path(backup)
    info = read_info(backup)
    problems = damage(backup)
    counts: dict[str, int] = {} if problems else table_counts(backup)
    other = ""
    if not problems and current_id and info.database_id != current_id:
        other = (
            f"这是另一个数据库（{info.owner()}）的备份"
            if info.database_id
            else f"这个备份没有记录它来自哪个数据库（{info.owner()}），可能是另一个数据库的备份"
        )
    now: dict[str, int] = {}
    if current is not None and Path(current).exists():
        try:
            now = table_counts(Path(current))
        except sqlite3.Error:
            now = {}
    changes = [(label, now.get(t), counts.get(t, 0)) for t, label in COUNTED]
    return {
        "info": info,
        "problems": problems,
        "unverified": [] if problems else unverified(backup),
        "other": other,
        "counts": counts,
        "changes": changes,
    }


def describe_changes(changes: list[Change]) -> str:
    """教师 23,089 → 3,089，学校 … — what a restore turns the database into."""
    return "，".join(f"{label} {'?' if old is None else f'{old:,}'} → {new:,}" for label, old, new in changes)


def _sidecars(db_path: Path) -> list[Path]:
    return [Path(str(db_path) + s) for s in ("-wal", "-shm", "-journal")]


def restore(
    backup: Path,
    db_path: Path,
    folder: Path,
    *,
    current_id: str | None = None,
    allow_other: bool = False,
    allow_unverified: bool = False,
) -> Path | None:
    """Replace DB_PATH by BACKUP. The current file is backed up first ('pre-restore'; a damaged file is kept
    as it is, reason 'damaged'). Every connection to DB_PATH must be closed. Returns the safety copy.

    Refused: a damaged file or not a TalentDesk database, always; a backup whose checksum cannot vouch for it
    unless ALLOW_UNVERIFIED; a backup of another database than CURRENT_ID unless ALLOW_OTHER (the clerk's
    explicit choices)."""
    backup, db_path, folder = Path(backup), Path(db_path), Path(folder)
    problems = damage(backup)
    if problems:
        raise BackupError(f"备份 {backup.name} 不能用于恢复：" + "；".join(problems[:3]))
    doubts = unverified(backup)
    if doubts and not allow_unverified:
        raise BackupError(
            f"备份 {backup.name} 未通过校验：{'；'.join(doubts)}。只有明确选择恢复未经校验的备份时才能恢复它"
        )
    other = preview(backup, None, current_id)["other"] if current_id else ""
    if other and not allow_other:
        raise BackupError(f"{other}，不是当前数据库的备份；只有明确选择恢复另一个数据库的备份时才能恢复它")
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
