"""Benchmark of the statistics over a period (issue 17 §5) on the city demo (~45,000 teachers). A plain script,
not a test:

    .venv/bin/python tests/bench/bench_periods.py [--rebuild] [--cache DIR] [--repeat N]

Builds the city demo once into DIR/city.db (bench_reports.build_city; reused when present, delete it or pass
--rebuild after a migration). Then, county scope, best of N runs each (compute only, then PDF + Excel once):
  * `report annual --from 2021 --to 2025` (target: under 3 s);
  * every other report that takes a period, over 2021—2025 (monthly over the twelve months of 2025), and every
    report of the catalogue without a period as it runs by default (target: under 2 s each).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_reports import build_city  # noqa: E402

SKIP = {"registration"}  # 1,000 forms: bench_reports measures them against bare reportlab


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default="/tmp/talentdesk-bench-reports")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    from talentdesk.reports import catalogue
    from talentdesk.reports.params import Params, Period
    from talentdesk.store.database import open_database

    db = open_database(build_city(Path(args.cache), args.rebuild))
    out_dir = Path(tempfile.mkdtemp(prefix="td-bench-periods-"))
    catalogue.compute(db, "structure", Params())  # warm-up: fonts, imports, reflected tables

    def params_of(e) -> tuple[str, Params]:
        if "period" not in e.parameters:
            return "default", Params(exporter="bench")
        if e.name == "monthly":
            return "2025-01…2025-12", Params(period=Period((2025, 1), (2025, 12)), exporter="bench")
        if e.name == "rotation":  # rotation years of the demo: this year's
            year = time.localtime().tm_year
            return f"{year}", Params(period=Period((year, 1), (year, 12)), exporter="bench")
        return "2021—2025", Params(period=Period((2021, 1), (2025, 12)), exporter="bench")

    rows, results = [], {}
    for e in catalogue.CATALOGUE:
        if e.name in SKIP or not e.available:
            continue
        label, _ = params_of(e)
        best = cpu = float("inf")
        report = None
        try:
            for _ in range(args.repeat):
                _, p = params_of(e)
                t, c = time.perf_counter(), time.process_time()
                report = catalogue.compute(db, e.name, p)
                best, cpu = min(best, time.perf_counter() - t), min(cpu, time.process_time() - c)
        except Exception as err:  # a report that needs data the demo lacks (a hiring plan …): say so, go on
            rows.append((e.name, label, "—", "", f"not run: {getattr(err, 'message', err)}"[:60]))
            continue
        t = time.perf_counter()
        catalogue.render(report, out_dir / f"{e.name}.pdf")
        catalogue.render(report, out_dir / f"{e.name}.xlsx")
        files = time.perf_counter() - t
        limit = 3.0 if e.name == "annual" else 2.0
        results[e.name] = {
            "period": label,
            "compute": round(best, 3),
            "cpu": round(cpu, 3),
            "files": round(files, 3),
            "rows": sum(len(x.rows) for x in report.parts),
        }
        rows.append(
            (
                e.name,
                label,
                f"{best:.2f} s",
                f"< {limit:.0f} s (cpu {cpu:.2f})",
                ("ok" if best < limit else "SLOW") + f"  PDF+xlsx {files:.2f} s",
            )
        )
    db.dispose()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    w = [max(len(str(r[i])) for r in rows) for i in range(4)]
    for r in rows:
        print(f"{r[0]:<{w[0]}}  {r[1]:<{w[1]}}  {r[2]:>{w[2]}}  {r[3]:<{w[3]}}  {r[4]}")
    if load is not None:
        print(f"load average (1 min) at the end: {load:.1f} on {os.cpu_count()} CPUs")
    print(json.dumps(results, ensure_ascii=False))
    print(f"files in {out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
