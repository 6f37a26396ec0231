"""Benchmark of the importer on the city demo's roster export (~45,000 teachers). A plain script:

    .venv/bin/python tests/bench/bench_import.py [--cache DIR] [--runs N]

Uses DIR/city.db (the city demo; built when missing), exports its schools and roster once, then in a
fresh database: imports the schools (not timed), times python-calamine alone reading the roster, the
first import of the roster (plan + apply) and a second, unchanged import, and the peak memory; with
--runs N it does that N times (a fresh database each time) and prints the medians too (the machine's
load average is printed with each run: on a shared machine the ratio moves with it; the CPU seconds of
both, all threads, are printed too: steadier under load, though the import's writer thread overlaps).
Target (issue 3 §11): import ≤ 2 × calamine's read time; second import ≤ first; peak < 500 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default="/tmp/talentdesk-bench")
    ap.add_argument("--runs", type=int, default=1, help="measure N times (fresh database each time); medians")
    args = ap.parse_args()
    from talentdesk.store.database import open_database

    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    city, roster, schools = cache / "city.db", cache / "roster.xlsx", cache / "schools.xlsx"
    if not city.exists():
        from talentdesk.services import demo

        db = open_database(city)
        demo.generate(db, size="city")
        db.dispose()
    if not roster.exists() or not schools.exists():
        from talentdesk.reports.exports import export
        from talentdesk.reports.roster import export_roster

        db = open_database(city)
        export_roster(db, roster)
        export(db, "schools", schools)
        db.dispose()

    results = [_run(cache, roster, schools) for _ in range(args.runs)]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for k, (read, n, out) in enumerate(results, 1):
        print(
            f"run {k}: roster rows read by calamine: {n:,}   calamine read: {read:.2f} s "
            f"(CPU {out['read_cpu']:.2f} s)   load average {out['load']:.1f} ({os.cpu_count()} cores)"
        )
        for label in ("first", "again"):
            total, built, counts = out[label]
            print(
                f"  import {label:5s}: {total:.2f} s (plan {built:.2f} s) = {total / read:.2f} × calamine   "
                f"insert {counts['insert']:,} update {counts['update']:,} unchanged {counts['unchanged']:,} "
                f"rejected {counts['rejected']:,} held {counts['held']:,}   "
                f"CPU {out[label + '_cpu']:.2f} s = {out[label + '_cpu'] / out['read_cpu']:.2f} × calamine's CPU"
            )
    if len(results) > 1:
        first = statistics.median(out["first"][0] / read for read, _, out in results)
        again = statistics.median(out["again"][0] / read for read, _, out in results)
        print(f"median of {len(results)} runs: first {first:.2f} × calamine, again {again:.2f} × calamine")
    print(f"peak memory: {peak:.0f} MB")
    ok = (
        all(out["first"][0] <= 2 * read and out["again"][0] <= out["first"][0] for read, _, out in results)
        and peak < 500
    )
    print("targets met" if ok else "targets NOT met")
    return 0 if ok else 1


def _run(cache: Path, roster: Path, schools: Path):
    """One measurement: calamine alone, then the first and the second import into a fresh database."""
    import python_calamine as pc

    from talentdesk.importing.plan import build_plan
    from talentdesk.services.platform.imports import apply_plan
    from talentdesk.store.database import open_database

    load = os.getloadavg()[0]
    t, c = time.perf_counter(), time.process_time()
    wb = pc.CalamineWorkbook.from_path(str(roster))
    n = len(wb.get_sheet_by_name(wb.sheet_names[0]).to_python())
    read = time.perf_counter() - t
    out: dict = {"load": load, "read_cpu": time.process_time() - c}
    del wb

    target = cache / "import.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    db = open_database(target)
    apply_plan(db, build_plan(db, [schools]))
    for label in ("first", "again"):
        t, c = time.perf_counter(), time.process_time()
        plan = build_plan(db, [roster])
        built = time.perf_counter() - t
        apply_plan(db, plan)
        out[label] = (time.perf_counter() - t, built, plan.counts())
        out[label + "_cpu"] = time.process_time() - c
        del plan
    db.dispose()
    return read, n, out


if __name__ == "__main__":
    sys.exit(main())
