"""The Windows branches of the file locks, run here with a stand-in msvcrt that keeps Windows' byte-range rules.

guard.py (the single-writer lock) and readonly_journal.py (the append lock) use msvcrt.locking on Windows
(sys.platform "win32"; os.name "nt"). Only those modules see Windows (the rest of the process, pathlib included,
stays POSIX). The stand-in refuses a byte another descriptor of the same file holds, as Windows does, and fails
closed exactly like the real call: OSError, which the guard turns into "locked".
"""

from __future__ import annotations

import os
import sys
import types

import pytest

from talentdesk.store import guard, readonly_journal


class FakeMsvcrt(types.ModuleType):
    LK_UNLCK, LK_LOCK, LK_NBLCK = 0, 1, 2

    def __init__(self) -> None:
        super().__init__("msvcrt")
        self.held: dict[tuple[int, int, int], int] = {}  # (device, inode, offset) -> descriptor holding it
        self.calls: list[tuple[int, int, int]] = []
        self.broken = False

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        st, offset = os.fstat(fd), os.lseek(fd, 0, os.SEEK_CUR)
        key = (st.st_dev, st.st_ino, offset)
        self.calls.append((mode, offset, nbytes))
        if self.broken:
            raise OSError(13, "Permission denied")
        if mode == self.LK_UNLCK:
            if self.held.get(key) != fd:
                raise OSError(13, "Permission denied")
            del self.held[key]
        elif key in self.held:
            raise OSError(36, "Resource deadlock avoided")  # what msvcrt raises after its retries
        else:
            self.held[key] = fd


@pytest.fixture
def windows(monkeypatch):
    fake_os = types.ModuleType("os")
    fake_os.__dict__.update(os.__dict__)
    fake_os.name = "nt"
    msvcrt = FakeMsvcrt()
    monkeypatch.setitem(sys.modules, "msvcrt", msvcrt)
    fake_sys = types.ModuleType("sys")  # the branches test sys.platform (what mypy narrows on), some os.name
    fake_sys.__dict__.update(sys.__dict__)
    fake_sys.platform = "win32"
    for module in (guard, readonly_journal):
        monkeypatch.setattr(module, "os", fake_os)
        monkeypatch.setattr(module, "sys", fake_sys)
    return msvcrt


def test_second_writer_is_refused_and_the_holder_stays_readable(tmp_path, windows):
    db = tmp_path / "县局.db"
    first = guard.DbLock.acquire(db)
    try:
        assert windows.held, "the Windows branch took no msvcrt lock"
        assert all(offset == 1 << 20 for _mode, offset, _n in windows.calls)  # far past the JSON text
        with pytest.raises(guard.Locked) as refused:
            guard.DbLock.acquire(db)
        assert refused.value.info is not None and refused.value.info.pid == os.getpid()  # who holds it, readable
    finally:
        first.release()
    assert not windows.held
    guard.DbLock.acquire(db).release()  # free again after release


def test_a_failing_lock_call_fails_closed(tmp_path, windows):
    windows.broken = True
    with pytest.raises(guard.Locked):
        guard.DbLock.acquire(tmp_path / "x.db")


def test_journal_append_locks_and_unlocks_on_windows(tmp_path, windows):
    db = tmp_path / "x.db"
    readonly_journal.append(db, {"what": "只读时的修改"})
    readonly_journal.append(db, {"what": "第二条"})
    assert [mode for mode, _offset, _n in windows.calls] == [1, 0, 1, 0]  # LK_LOCK then LK_UNLCK, each time
    entries, problems = readonly_journal.parse(readonly_journal.journal_path(db).read_text(encoding="utf-8"))
    assert [e["what"] for e in entries] == ["只读时的修改", "第二条"] and not problems
