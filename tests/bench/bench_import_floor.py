"""The first import of the city roster against the stack's floor, as whole processes (issue 16 §5). A script:

    .venv/bin/python tests/bench/bench_import_floor.py [--cache DIR] [--runs N]

Uses DIR/roster.xlsx and DIR/schools.xlsx (bench_import.py makes them from the city demo). Each run, side by
side in one run of this script and alternately:
  floor:    a process that reads the roster with python-calamine and writes the same rows with one bare
            executemany into a fresh SQLite table (no checks, no audit, no index), then commits;
  importer: a process that opens a copy of a database holding only the schools (made once, not timed) and runs
            the first import of the roster (build_plan + apply_plan, with history and audit).
Both are timed from starting the process to its end. Prints the medians of N runs and the ratio (goal ≤ 1.5).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FLOOR = r"""
import sqlite3, sys
import python_calamine as pc
wb = pc.CalamineWorkbook.from_path(sys.argv[1])
rows = wb.get_sheet_by_name(wb.sheet_names[0]).to_python()
width = max(len(r) for r in rows)
con = sqlite3.connect(sys.argv[2])
con.execute("CREATE TABLE roster (" + ", ".join(f"c{i}" for i in range(width)) + ")")
con.executemany("INSERT INTO roster VALUES (" + ", ".join("?" * width) + ")",
                [tuple(r) + (None,) * (width - len(r)) for r in rows[1:]])
con.commit()
con.close()
print(len(rows) - 1)
"""

IMPORTER = r"""
import sys
from talentdesk.importing.plan import build_plan
from talentdesk.services.platform.imports import apply_plan
from talentdesk.store.database import open_database
db = open_database(sys.argv[2])
plan = build_plan(db, [sys.argv[1]])
apply_plan(db, plan)
db.dispose()
print(plan.counts()["insert"])
"""


def timed(code: str, *args: str, env: dict) -> tuple[float, str]:
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if done.returncode:
        raise SystemExit(done.stderr)
    return wall, done.stdout.strip().splitlines()[-1]


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default="/tmp/talentdesk-bench")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    cache = Path(args.cache)
    roster, schools = cache / "roster.xlsx", cache / "schools.xlsx"
    if not roster.exists() or not schools.exists():
        raise SystemExit(f"run tests/bench/bench_import.py --cache {cache} first (it makes {roster.name})")
    env = dict(os.environ, TALENTDESK_HOME=str(cache / "home-floor"))
    base = cache / "schools-only.db"
    if not base.exists():
        from talentdesk.importing.plan import build_plan
        from talentdesk.services.platform.imports import apply_plan
        from talentdesk.store.database import open_database

        db = open_database(fresh(cache / "schools-only.tmp.db"))
        apply_plan(db, build_plan(db, [schools]))
        db.dispose()
        os.replace(cache / "schools-only.tmp.db", base)
    floor, importer = [], []
    for _ in range(args.runs):
        wall, n = timed(FLOOR, str(roster), str(fresh(cache / "floor.db")), env=env)
        floor.append(wall)
        shutil.copyfile(base, fresh(cache / "import-floor.db"))
        wall, inserted = timed(IMPORTER, str(roster), str(cache / "import-floor.db"), env=env)
        importer.append(wall)
    f, i = statistics.median(floor), statistics.median(importer)
    print(
        f"load average {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores); roster rows {int(n):,}, "
        f"teachers inserted {int(inserted):,}; median of {args.runs}, whole processes"
    )
    print(f"floor (calamine read + one bare executemany): {f:.2f} s   ({', '.join(f'{x:.2f}' for x in floor)})")
    print(f"importer, first import:                       {i:.2f} s   ({', '.join(f'{x:.2f}' for x in importer)})")
    print(f"ratio: {i / f:.2f} × the floor (goal ≤ 1.5 ×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
