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
