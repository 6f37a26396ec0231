"""The journal of a database opened read-only: '<db>.journal' beside the file, JSON Lines.

A second instance opens the database read-only while another holds it, so it cannot write the audit log
or the lockout table. What it must not forget goes here instead: failed and successful sign-ins (so the
lockout counts them) and disclosures (full-ID exports). The next writer merges the journal into the audit
log (services/lockout.merge_journal) and removes it.

Each entry is one line written by a single os.write on a file opened for appending, under an exclusive OS
lock, so entries of several read-only instances never interleave. Each line carries the SHA-256 of the
previous line and of itself (a hash chain): a line edited or removed in the middle is noticed at the merge
and reported in the audit log. (Whoever may write the folder can still delete the whole file; the merge
cannot tell then. The lock holder's audit log and the lockout table are not touched by a read-only
instance at all.)

Taking the journal for a merge renames it first (atomic); a writer that opened the old name re-checks,
under its lock, that its file is still the journal, and opens the new one if not.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

GENESIS = "0" * 64


def journal_path(db_path: Path) -> Path:
    return Path(str(db_path) + ".journal")


def _lock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # waits (retries for about 10 s)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)


def _unlock(fd: int) -> None:
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass


def _digest(prev: str, body: dict[str, Any]) -> str:
    text = json.dumps(body, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256((prev + text).encode("utf-8")).hexdigest()


def _last_hash(fd: int) -> str:
    size = os.fstat(fd).st_size
    if size == 0:
        return GENESIS
    start = max(0, size - 8192)
    os.lseek(fd, start, os.SEEK_SET)
    tail = os.read(fd, size - start).decode("utf-8", "replace").rstrip("\n").rsplit("\n", 1)[-1]
    try:
        return str(json.loads(tail)["hash"])
    except (ValueError, KeyError, TypeError):
        return hashlib.sha256(tail.encode("utf-8")).hexdigest()  # a damaged last line still chains on


def append(db_path: Path, entry: dict[str, Any]) -> None:
    """Append ENTRY (JSON-serialisable, without 'prev'/'hash') to the journal of DB_PATH. Raises OSError."""
    path = journal_path(db_path)
    for _ in range(5):
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        try:
            _lock(fd)
            try:
                if not _still_current(fd, path):
                    continue  # taken for a merge meanwhile: write to the new journal
                prev = _last_hash(fd)
                body = {k: v for k, v in entry.items() if k not in ("prev", "hash")}
                line = json.dumps({**body, "prev": prev, "hash": _digest(prev, body)}, ensure_ascii=False) + "\n"
                os.write(fd, line.encode("utf-8"))
                os.fsync(fd)
                return
            finally:
                _unlock(fd)
        finally:
            os.close(fd)
    raise OSError("只读日志正在被合并，请稍后再试")


def _still_current(fd: int, path: Path) -> bool:
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_ino, mine.st_dev) == (now.st_ino, now.st_dev) if os.name != "nt" else True


def parse(text: str) -> tuple[list[dict[str, Any]], list[str]]:
    """(entries, problems) of a journal's TEXT; problems name lines whose chain or hash does not hold."""
    entries: list[dict[str, Any]] = []
    problems: list[str] = []
    prev = GENESIS
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            body = {k: v for k, v in data.items() if k not in ("prev", "hash")}
            ok = data.get("prev") == prev and data.get("hash") == _digest(prev, body)
        except (ValueError, AttributeError):
            problems.append(f"第 {n} 行无法读取")
            prev = hashlib.sha256(line.encode("utf-8")).hexdigest()
            continue
        if not ok:
            problems.append(f"第 {n} 行与前一行的校验值不符（被改动或前面有行被删除）")
        entries.append(body)
        prev = str(data.get("hash"))
    return entries, problems


def read(db_path: Path) -> list[dict[str, Any]]:
    """The entries not merged yet (for counting failed sign-ins while read-only)."""
    try:
        text = journal_path(db_path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return parse(text)[0]


def take(db_path: Path) -> Path | None:
    """Rename the journal aside for a merge; None when there is nothing to merge (or it is in use)."""
    path = journal_path(db_path)
    if not path.exists():
        return None
    taken = path.with_name(f"{path.name}.merging-{os.getpid()}")
    try:
        os.replace(path, taken)
    except OSError:  # Windows: another instance has it open right now; the next merge takes it
        return None
    fd = os.open(taken, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        _lock(fd)  # wait for a writer that was appending while it was renamed
        _unlock(fd)
    finally:
        os.close(fd)
    return taken


def leftovers(db_path: Path) -> list[Path]:
    """Journals taken for a merge that never finished (the merging program died): merged again."""
    path = journal_path(db_path)
    return sorted(path.parent.glob(path.name + ".merging-*"))
