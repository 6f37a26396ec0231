"""Start-up guards for a SQLite file: the single-writer lock, the clean-close seal and the quick check.

Lock: '<db>.lock' next to the database holds JSON {pid, host, user, since, beat}. The writer keeps it
open with an OS lock (flock on POSIX, msvcrt.locking on Windows), which the OS drops when the process
dies, even under kill -9; a second instance that cannot take the OS lock opens read-only and shows
who holds it. A lock file whose OS lock is free is stale (its process is gone) and is taken over.
On a network share, where OS locks may not reach other PCs, a lock written by another host whose
heartbeat is recent is respected as well.

Seal: '<db>.seal' holds the size and SHA-256 of the file written at a clean close. At the next start
the file must match it; any byte changed since (disk damage, a half-copied file, an outside edit)
is caught even where SQLite's quick_check sees a well-formed page. A writer removes the seal when it
opens the file (a crash then leaves no seal, and only quick_check applies).

Start-up time: PRAGMA quick_check reads the whole file (about 0.5 s CPU, a second or more of wall time on the
47,000-teacher city demo). The seal also says whether the sealed bytes passed quick_check (run at the clean close
when the file changed since the check at start, or carried over when the checksum equals that of the bytes
checked then). A start that finds the file byte for byte as sealed and checked skips quick_check; any mismatch,
a crash (no seal) or a seal without the check runs it as before (fail closed).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from talentdesk.store.audit import os_user
from talentdesk.store.backup import sha256
from talentdesk.store.database import sqlite_integrity

HEARTBEAT_SECONDS = 60
REMOTE_FRESH_SECONDS = 3 * HEARTBEAT_SECONDS
SQLITE_HEADER = b"SQLite format 3\x00"


def lock_path(db_path: Path) -> Path:
    return Path(str(db_path) + ".lock")


def seal_path(db_path: Path) -> Path:
    return Path(str(db_path) + ".seal")


@dataclass
class LockInfo:
    pid: int
    host: str
    user: str
    since: str
    beat: str = ""

    def describe(self) -> str:
        return f"{self.user}（电脑 {self.host}，进程 {self.pid}，自 {self.since[:16].replace('T', ' ')} 起）"


class Locked(RuntimeError):
    def __init__(self, info: LockInfo | None):
        super().__init__(f"数据库正由 {info.describe() if info else '另一个程序'} 使用")
        self.info = info


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def _os_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 1 << 20, os.SEEK_SET)  # lock a byte far past the text, so others can still read it
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _os_unlock(fd: int) -> None:
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 1 << 20, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass


def read_lock(db_path: Path) -> LockInfo | None:
    try:
        d = json.loads(lock_path(db_path).read_text(encoding="utf-8") or "{}")
        return LockInfo(
            int(d["pid"]), str(d["host"]), str(d.get("user", "")), str(d.get("since", "")), str(d.get("beat", ""))
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


class DbLock:
    """The writer's lock on one database file. Use acquire(); release() at close."""

    def __init__(self, db_path: Path, fd: int, info: LockInfo, took_over: LockInfo | None):
        self.db_path, self.fd, self.info, self.took_over = Path(db_path), fd, info, took_over

    @classmethod
    def acquire(cls, db_path: Path, *, network: bool = False) -> DbLock:
        """Take the lock or raise Locked with the holder. A stale lock (holder gone) is taken over."""
        path = lock_path(db_path)
        previous = read_lock(db_path)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _os_lock(fd):
            os.close(fd)
            raise Locked(previous)
        if network and previous and previous.host != socket.gethostname() and previous.beat:
            try:  # another PC on the share: its OS lock may not reach us, trust a fresh heartbeat
                age = (dt.datetime.now() - dt.datetime.fromisoformat(previous.beat)).total_seconds()
            except ValueError:
                age = REMOTE_FRESH_SECONDS + 1
            if age < REMOTE_FRESH_SECONDS:
                _os_unlock(fd)
                os.close(fd)
                raise Locked(previous)
        info = LockInfo(os.getpid(), socket.gethostname(), os_user(), _now(), _now())
        lock = cls(db_path, fd, info, previous)
        lock._write()
        return lock

    def _write(self) -> None:
        data = json.dumps(self.info.__dict__, ensure_ascii=False).encode("utf-8")
        os.lseek(self.fd, 0, os.SEEK_SET)
        os.ftruncate(self.fd, 0)
        os.write(self.fd, data)
        os.fsync(self.fd)

    def heartbeat(self) -> None:
        if self.fd >= 0:
            self.info.beat = _now()
            self._write()

    def release(self) -> None:
        if self.fd < 0:
            return
        try:
            os.lseek(self.fd, 0, os.SEEK_SET)
            os.ftruncate(self.fd, 0)
        except OSError:
            pass
        _os_unlock(self.fd)
        os.close(self.fd)
        self.fd = -1
        # the empty file stays: unlinking it could let two later openers lock two different files


# --- seal -------------------------------------------------------------------------------------


def write_seal(db_path: Path, verified: str | None = None) -> None:
    """After a clean close (every connection disposed): remember the file's size and checksum, and whether these
    bytes pass PRAGMA quick_check: when the checksum equals VERIFIED (the checksum of bytes checked at the start,
    see start_check) they do without a new check, else quick_check runs now."""
    db_path = Path(db_path)
    wal = Path(str(db_path) + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return  # not cleanly closed after all
    digest = sha256(db_path)
    checked = digest == verified or _passes_quick_check(db_path)
    data = {"size": db_path.stat().st_size, "sha256": digest, "at": _now(), "quick_check": "ok" if checked else ""}
    tmp = seal_path(db_path).with_suffix(".seal-tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, seal_path(db_path))


def _passes_quick_check(db_path: Path) -> bool:
    try:
        return not sqlite_integrity(db_path, quick=True)
    except sqlite3.DatabaseError:
        return False


def remove_seal(db_path: Path) -> None:
    seal_path(db_path).unlink(missing_ok=True)


@dataclass
class SealCheck:
    problem: str | None = None  # the file differs from the seal (or cannot be read)
    digest: str | None = None  # the file's SHA-256 when it matches the seal
    checked: bool = False  # it matches a seal whose bytes passed quick_check


def read_seal(db_path: Path) -> SealCheck:
    """The file against its seal: SealCheck() when there is no (readable) seal."""
    try:
        data = json.loads(seal_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return SealCheck()
    if not isinstance(data, dict):
        return SealCheck()
    try:
        size = Path(db_path).stat().st_size
        digest = sha256(db_path) if size == data.get("size") else None
    except OSError as e:
        return SealCheck(f"无法读取数据库文件：{e.strerror or e}")
    if digest is None or digest != data.get("sha256"):
        return SealCheck("数据库文件自上次正常关闭后被改动（磁盘损坏、复制不完整或被其他程序修改）")
    return SealCheck(None, digest, data.get("quick_check") == "ok")


def check_seal(db_path: Path) -> str | None:
    return read_seal(db_path).problem


# --- start-up check ---------------------------------------------------------------------------


@dataclass
class StartCheck:
    problems: list[str]  # [] when the file looks sound
    verified: str | None = None  # SHA-256 of the file when its seal vouches for checked bytes (see write_seal)


def startup_problems(db_path: Path, *, use_seal: bool = True) -> list[str]:
    """[] when the file looks sound: SQLite header, clean-close seal, PRAGMA quick_check."""
    return start_check(db_path, use_seal=use_seal).problems


def start_check(db_path: Path, *, use_seal: bool = True) -> StartCheck:
    """The start-up check: SQLite header, clean-close seal, PRAGMA quick_check. quick_check is skipped only when
    the file is byte for byte as sealed at a clean close and the seal says those bytes passed it."""
    db_path = Path(db_path)
    try:
        with open(db_path, "rb") as f:
            head = f.read(100)
    except OSError as e:
        return StartCheck([f"无法读取数据库文件：{e.strerror or e}"])
    if not head:  # never silently made a new database: a copy that stopped short, a disk error
        return StartCheck(["数据库文件是空的（0 字节），可能复制不完整或磁盘出错；它不是可用的数据库"])
    if len(head) < 100 or not head.startswith(SQLITE_HEADER):
        return StartCheck(["文件头已损坏（不是有效的 SQLite 数据库）"])
    problems = []
    seal = read_seal(db_path) if use_seal else SealCheck()
    if seal.problem:
        problems.append(seal.problem)
    elif seal.checked:
        return StartCheck([], seal.digest)
    try:
        problems += sqlite_integrity(db_path, quick=True)
    except sqlite3.DatabaseError as e:
        problems.append(f"数据库已损坏：{e}")
    return StartCheck(problems)
