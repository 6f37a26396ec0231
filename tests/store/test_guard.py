"""Single writer lock, clean-close seal, start-up check."""

import os
import subprocess
import sys

import pytest

from talentdesk.store import guard
from talentdesk.store.database import open_database


def test_second_lock_is_refused_with_the_holder(tmp_path):
    path = tmp_path / "a.db"
    first = guard.DbLock.acquire(path)
    with pytest.raises(guard.Locked) as e:
        guard.DbLock.acquire(path)
    assert e.value.info.pid == os.getpid() and "进程" in e.value.info.describe()
    first.release()
    guard.DbLock.acquire(path).release()


def test_lock_of_a_killed_process_is_taken_over(tmp_path):
    path = tmp_path / "a.db"
    code = (
        f"import os, time; from talentdesk.store import guard; l = guard.DbLock.acquire({str(path)!r}); "
        "print('locked', flush=True); os.kill(os.getpid(), 9)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "locked" in done.stdout and done.returncode != 0
    stale = guard.read_lock(path)
    assert stale is not None and stale.pid != os.getpid()
    lock = guard.DbLock.acquire(path)
    assert lock.took_over.pid == stale.pid
    lock.release()


def test_seal_catches_any_changed_byte(tmp_path):
    path = tmp_path / "s.db"
    open_database(path).dispose()
    guard.write_seal(path)
    assert guard.startup_problems(path) == []
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    assert any("改动" in p for p in guard.startup_problems(path))


def test_broken_header_is_caught(tmp_path):
    path = tmp_path / "h.db"
    open_database(path).dispose()
    data = bytearray(path.read_bytes())
    data[3] = 0
    path.write_bytes(bytes(data))
    assert guard.startup_problems(path, use_seal=False)


def _count_quick_checks(monkeypatch) -> list:
    calls: list = []
    real = guard.sqlite_integrity

    def counting(path, quick=False):
        calls.append(quick)
        return real(path, quick=quick)

    monkeypatch.setattr(guard, "sqlite_integrity", counting)
    return calls


def test_a_sealed_checked_file_skips_quick_check_and_any_change_brings_it_back(tmp_path, monkeypatch):
    path = tmp_path / "q.db"
    open_database(path).dispose()
    calls = _count_quick_checks(monkeypatch)
    guard.write_seal(path)  # no bytes checked at the start: quick_check runs at the close
    assert calls == [True] and guard.read_seal(path).checked
    first = guard.start_check(path)
    assert first.problems == [] and first.verified == guard.sha256(path) and calls == [True]  # skipped
    guard.write_seal(path, first.verified)  # the same bytes: nothing to check again
    assert calls == [True] and guard.read_seal(path).checked
    guard.write_seal(path, "another file's checksum")  # changed since the start: checked at the close
    assert calls == [True, True]
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    changed = guard.start_check(path)
    assert any("改动" in p for p in changed.problems) and changed.verified is None
    assert calls == [True, True, True]  # the mismatch runs quick_check as before
    guard.remove_seal(path)
    assert guard.start_check(path).verified is None and calls[-1] is True  # a crash leaves no seal: checked


def test_a_seal_on_a_damaged_file_does_not_vouch_for_it(tmp_path, monkeypatch):
    path = tmp_path / "d.db"
    open_database(path).dispose()
    monkeypatch.setattr(guard, "sqlite_integrity", lambda p, quick=False: ["第 3 页损坏"])
    guard.write_seal(path)
    assert not guard.read_seal(path).checked
    result = guard.start_check(path)
    assert result.problems == ["第 3 页损坏"] and result.verified is None
