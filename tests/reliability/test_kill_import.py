"""kill -9 a writer during a 10,000-row import: integrity_check ok every time, the import all or nothing.

TD_KILL_REPEATS repetitions (CI default 4; the issue's figure is 30). Each repetition copies a prepared
database, starts `talentdesk import` in a child process, waits for the write phase to begin, sleeps a
random part of the measured write time and kills the child with SIGKILL.
"""

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from talentdesk.services.people import schools
from talentdesk.services.platform import workspace
from talentdesk.store import guard
from talentdesk.store.database import sqlite_integrity

from .conftest import SCHOOL, env_int, scalar_count, unique_ids_csv

ROWS = 10_000
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX"),
    pytest.mark.timeout(1800),
]


def _start(db, csv):
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        [sys.executable, "-m", "talentdesk", "--db", str(db), "import", str(csv)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )


def _wait_for_write_phase(proc) -> float:
    """Block until the child reports the write phase ('导入：'); returns that moment."""
    for line in proc.stderr:
        if line.startswith("导入"):
            return time.perf_counter()
    return time.perf_counter()


def test_kill_during_import_leaves_a_sound_database_and_all_or_nothing(tmp_path):
    repeats = env_int("TD_KILL_REPEATS", 4)
    base = tmp_path / "base.db"
    ws = workspace.open_workspace(base)
    schools.save(ws.db, None, {"name": SCHOOL, "kind": "初中"})
    ws.close()
    csv = unique_ids_csv(tmp_path / "teachers.csv", ROWS)

    # calibrate: how long the write phase takes when nobody interrupts it
    calib = tmp_path / "calib.db"
    shutil.copy(base, calib)
    proc = _start(calib, csv)
    t0 = _wait_for_write_phase(proc)
    proc.communicate(timeout=600)
    write_seconds = time.perf_counter() - t0
    assert proc.returncode == 0 and scalar_count(calib, "teacher") == ROWS

    rng = random.Random(8)
    outcomes = {"none": 0, "all": 0}
    for i in range(repeats):
        db = tmp_path / f"run{i}.db"
        shutil.copy(base, db)
        for side in ("-wal", "-shm"):
            if os.path.exists(str(base) + side):
                shutil.copy(str(base) + side, str(db) + side)
        proc = _start(db, csv)
        _wait_for_write_phase(proc)
        time.sleep(rng.uniform(0, write_seconds * 1.1))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        # what the next start sees: the stale lock is recovered, the file checks out
        ws = workspace.open_workspace(db, daily_backup=False)
        assert ws.writable, ws.problems
        ws.close(backup_on_exit=False)
        assert sqlite_integrity(db) == [], f"run {i}"
        n = scalar_count(db, "teacher")
        assert n in (0, ROWS), f"run {i}: partial import of {n} rows"
        outcomes["all" if n == ROWS else "none"] += 1
        assert guard.read_lock(db) is None
        for p in tmp_path.glob(f"run{i}.db*"):
            p.unlink()
    print(
        f"\nkill -9 during a {ROWS:,}-row import: {repeats} runs, write phase {write_seconds:.2f} s, "
        f"integrity_check ok {repeats}/{repeats}, nothing written {outcomes['none']}, all written {outcomes['all']}"
    )
