"""Benchmark of deployment and retention (issue 5). A plain script, not a test:

    .venv/bin/python tests/bench/bench_deployment.py [--size county|city] [--cache DIR]

Builds the demo once into DIR/deploy-<size>.db (default /tmp/talentdesk-bench; reused when present),
creates the demo's rotation year plan on a copy, and times each computation the 交流轮岗 page runs.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=("county", "city"), default="county")
    ap.add_argument("--cache", default="/tmp/talentdesk-bench")
    args = ap.parse_args()
    from talentdesk.reports import staffing
    from talentdesk.services import demo
    from talentdesk.services.deployment import attrition, consistency, placements, rotation, rural
    from talentdesk.store.database import open_database

    cache = Path(args.cache) / f"deploy-{args.size}.db"
    if not cache.exists():
        cache.parent.mkdir(parents=True, exist_ok=True)
        db = open_database(cache)
        demo.generate(db, size=args.size)
        db.dispose()
    work = Path(tempfile.mkdtemp()) / "bench.db"
    shutil.copy(cache, work)
    db = open_database(work)
    year = rotation.list_years(db)[0]["id"]
    rows = []

    def timed(label, fn):
        t = time.perf_counter()
        result = fn()
        rows.append((label, time.perf_counter() - t, len(result) if hasattr(result, "__len__") else result))

    timed("eligibility (rotation year)", lambda: rotation.eligibility(db, year))
    timed("quotas", lambda: rotation.quotas(db, year)[0])
    timed("propose (optimal plan)", lambda: rotation.propose(db, year))
    timed("人编一致", lambda: consistency.find(db))
    timed("staffing table", lambda: staffing.table(db).rows)
    timed("rural-service years", lambda: rural.compute(db))
    timed("watch list", lambda: attrition.watch_list(db))
    timed("placements list", lambda: placements.list_rows(db))
    db.dispose()
    shutil.rmtree(work.parent, ignore_errors=True)
    print(f"{'step':32} {'seconds':>8} {'rows':>8}")
    for label, sec, n in rows:
        print(f"{label:32} {sec:8.2f} {n:>8}")
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


if __name__ == "__main__":
    main()
