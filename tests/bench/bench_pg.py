"""Benchmark: the city demo (16 counties, ~47,600 teachers) on PostgreSQL against SQLite (issue 10 item 4).
A plain script, not a test:

    .venv/bin/python tests/bench/bench_pg.py [--rebuild] [--cache DIR] [--pg ADMIN_URL] [--repeat N] [--direct]

Builds the city demo once into DIR/city.db (default /tmp/talentdesk-bench-pg; reused while its schema revision is
the code's head) and into the PostgreSQL database td_bench_city on the server of ADMIN_URL (default: the
TALENTDESK_TEST_PG variable, else what `bash installer/test_pg.sh` prints): copied from the SQLite file with
store/transfer.copy_database (verified table by table), or with --direct generated there by demo.generate.
Reused while it has the same revision and teacher count.

Then times, on both back ends, the median of N runs (default 5, after one warm-up run; the runs alternate
between the back ends so that other load on the machine weighs on both alike) of
  * the teacher list as the 教师 page loads it (services.people.teachers.list_rows);
  * searches: the 教师 page's search box (Python over the loaded rows: a name fragment, ID-number digits, a
    school), and the teacher pickers' SQL searches (cultivation_people.search_teachers, talents.find_teachers)
    for a name fragment and ID-number digits;
  * every 统计报表 entry of the report catalogue (reports.catalogue.compute, county scope), and one report
    scoped to a school;
and prints SQLite, PostgreSQL and their ratio against the target (PostgreSQL within 1.5 × SQLite), with the number
of SQL statements one run sends (each a round trip to the server: several hundred would cost noticeable time over
a real network, ~0.3–1 ms each, though not over the local socket measured here).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = 1.5
TINY = 0.05  # below this a clerk sees no difference: a handful of round trips weighs more than the work
# server settings the bench applies to its database (ALTER DATABASE … SET), as installer/README recommends for a
# server whose data sits on an SSD or in memory; --server-defaults measures without them
RECOMMENDED = {"random_page_cost": "1.1"}
PG_NAME = "td_bench_city"
TODAY = None  # the demo is built for today's school year, like the other benchmarks


def admin_url(given: str | None) -> str:
    if given:
        return given
    if os.environ.get("TALENTDESK_TEST_PG"):
        return os.environ["TALENTDESK_TEST_PG"]
    out = subprocess.run(["bash", str(ROOT / "installer" / "test_pg.sh")], capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1]


def pg_url(admin: str, name: str = PG_NAME) -> str:
    from sqlalchemy.engine import make_url

    return make_url(admin).set(database=name).render_as_string(hide_password=False)


def _teachers(db) -> int:
    from talentdesk.services.people import teachers

    return teachers.count(db)


def build_sqlite(cache: Path, rebuild: bool) -> tuple[Path, dict]:
    from talentdesk.services import demo
    from talentdesk.store import migrate
    from talentdesk.store.database import open_database

    path, meta_file = cache / "city.db", cache / "city.json"
    if path.exists() and meta_file.exists() and not rebuild:
        db = open_database(path, migrate=False)
        try:
            fresh = migrate.current_revision(db) == migrate.head_revision(db)
        finally:
            db.dispose()
        if fresh:
            return path, json.loads(meta_file.read_text(encoding="utf-8"))
        print("cached city.db is of an older schema: rebuilding", file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    for p in cache.glob("city.*"):
        p.unlink()
    db = open_database(path)
    t = time.perf_counter()
    summary = demo.generate(db, size="city")
    summary["build_seconds"] = round(time.perf_counter() - t, 1)
    db.dispose()
    meta_file.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    print(f"built the city demo into {path} in {summary['build_seconds']} s", file=sys.stderr)
    return path, summary


def server_settings(admin: str, defaults: bool) -> str:
    """Apply (or reset) RECOMMENDED on the bench database; returns what is in force, for the header."""
    from sqlalchemy import create_engine, text

    eng = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with eng.connect() as c:
            for name, value in RECOMMENDED.items():
                change = f"RESET {name}" if defaults else f"SET {name} = {value}"
                c.execute(text(f'ALTER DATABASE "{PG_NAME}" {change}'))
        with create_engine(pg_url(admin)).connect() as c:
            shown = {
                name: c.execute(text(f"SHOW {name}")).scalar()
                for name in (*RECOMMENDED, "shared_buffers", "work_mem", "jit")
            }
    finally:
        eng.dispose()
    return ", ".join(f"{k}={v}" for k, v in shown.items())


def build_pg(admin: str, sqlite_path: Path, rebuild: bool, direct: bool) -> tuple[str, str]:
    """The city on PostgreSQL; returns (url, how it was obtained)."""
    from sqlalchemy import create_engine, text

    from talentdesk.services import demo
    from talentdesk.store import migrate, transfer
    from talentdesk.store.database import open_database

    url = pg_url(admin)
    eng = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with eng.connect() as c:
            exists = c.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": PG_NAME}).first()
        if exists and not rebuild:
            src = open_database(sqlite_path, migrate=False)
            dst = open_database(url, migrate=False)
            try:
                same = migrate.current_revision(dst) == migrate.current_revision(src) and _teachers(dst) == _teachers(
                    src
                )
            except Exception:
                same = False
            finally:
                src.dispose()
                dst.dispose()
            if same:
                return url, "reused"
        with eng.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)'))
            c.execute(text(f'CREATE DATABASE "{PG_NAME}"'))
    finally:
        eng.dispose()
    dst = open_database(url)
    t = time.perf_counter()
    try:
        if direct:
            demo.generate(dst, size="city")
            how = f"generated there in {time.perf_counter() - t:.1f} s"
        else:
            src = open_database(sqlite_path, migrate=False, read_only=True)
            try:
                report = transfer.copy_database(src, dst)
            finally:
                src.dispose()
            if not report.ok:
                raise SystemExit(f"copy to PostgreSQL differs: {report.differing_tables}")
            how = f"copied from SQLite and verified in {time.perf_counter() - t:.1f} s"
    finally:
        dst.dispose()
    return url, how


def operations(db) -> list[tuple[str, object]]:
    """(label, zero-argument callable) in the order printed; the same list on both back ends."""
    from talentdesk.reports import catalogue
    from talentdesk.reports.params import Params, Scope
    from talentdesk.services.cultivation import persons as cultivation_people
    from talentdesk.services.people import schools, teachers
    from talentdesk.services.recruitment import recognition as talents

    ops: list[tuple[str, object]] = [("教师列表 teachers.list_rows", lambda: teachers.list_rows(db))]
    rows = teachers.list_rows(db)
    model = _model(rows)
    a_school = next(r[5] for r in rows if r[5])
    an_id = next(r[15] for r in rows if r[15])
    for label, text in (
        ("name '王芳'", "王芳"),
        ("ID digits '" + an_id[6:12] + "'", an_id[6:12]),
        ("school '" + a_school + "'", a_school),
    ):
        ops.append((f"教师页搜索框 {label} (Python)", lambda text=text: model(text)))
    for label, text in (
        ("name '王芳'", "王芳"),
        ("ID digits '" + an_id[6:12] + "'", an_id[6:12]),
        ("ID tail '" + an_id[-6:] + "'", an_id[-6:]),
    ):
        ops.append(
            (f"选人搜索 search_teachers {label}", lambda text=text: cultivation_people.search_teachers(db, text))
        )
        ops.append((f"选人搜索 find_teachers {label}", lambda text=text: talents.find_teachers(db, text)))
    ops.append(("学校列表 schools.list_rows", lambda: schools.list_rows(db)))
    for e in catalogue.CATALOGUE:
        if e.kind == "statistics" and e.available:
            ops.append(
                (
                    f"统计报表 {e.name}（{e.title}）",
                    lambda name=e.name: catalogue.compute(db, name, Params(exporter="bench")),
                )
            )
    ops.append(
        (
            f"统计报表 structure, scope school:{a_school}",
            lambda: catalogue.compute(db, "structure", Params(scope=Scope("school", a_school), exporter="bench")),
        )
    )
    return ops


def _model(rows):
    """The 教师 page's model filtering the loaded rows as the search box does (no widgets)."""
    from talentdesk.gui.models.teacher_table import TeacherTableModel

    m = TeacherTableModel()
    m.set_rows(rows)

    def search(text: str) -> int:
        m._fresh = True  # every search from the full list, as the first keystroke after clearing
        m.set_filter(text)
        return m.rowCount()

    return search


def run_interleaved(targets: dict[str, object], repeat: int) -> dict[str, dict[str, tuple[float, float, int]]]:
    """back end → label → (first run, median, SQL statements one run sends: each a round trip to a server).

    Runs alternate between the back ends (SQLite, PostgreSQL, SQLite, …) operation by operation, so that the
    load of other processes on the machine weighs on both alike."""
    from sqlalchemy import event

    from talentdesk.store.database import open_database

    dbs = {k: open_database(t, migrate=False) for k, t in targets.items()}
    sent = [0]

    def count(*_a, **_k):
        sent[0] += 1

    out: dict[str, dict] = {k: {} for k in dbs}
    try:
        ops = {k: operations(db) for k, db in dbs.items()}
        for i, (label, _) in enumerate(next(iter(ops.values()))):
            first, queries, times = {}, {}, {k: [] for k in dbs}
            for k, db in dbs.items():  # a warm-up run, then one counting the statements (caches filled)
                t = time.perf_counter()
                ops[k][i][1]()
                first[k] = time.perf_counter() - t
                event.listen(db.engine, "before_cursor_execute", count)
                sent[0] = 0
                ops[k][i][1]()
                event.remove(db.engine, "before_cursor_execute", count)
                queries[k] = sent[0]
            for _ in range(repeat):
                for k in dbs:
                    t = time.perf_counter()
                    ops[k][i][1]()
                    times[k].append(time.perf_counter() - t)
            for k in dbs:
                out[k][label] = (first[k], statistics.median(times[k]), queries[k])
    finally:
        for db in dbs.values():
            db.dispose()
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default="/tmp/talentdesk-bench-pg")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--pg", help="admin URL of the PostgreSQL server")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--direct", action="store_true", help="generate the demo on PostgreSQL instead of copying")
    ap.add_argument(
        "--server-defaults",
        action="store_true",
        help="measure PostgreSQL with its default settings, not the recommended ones",
    )
    ap.add_argument("--only", choices=("sqlite", "postgresql"), help="time one back end only")
    args = ap.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance() or QCoreApplication([])  # the list model needs one

    sqlite_path, meta = build_sqlite(Path(args.cache), args.rebuild)
    admin = admin_url(args.pg)
    url, how = build_pg(admin, sqlite_path, args.rebuild, args.direct)
    settings = server_settings(admin, args.server_defaults)
    print(
        f"city demo: {meta['teachers']} teachers, {meta['schools']} schools, {meta['rows']} rows; "
        f"SQLite {sqlite_path}; PostgreSQL {PG_NAME} ({how}; {settings})"
    )
    targets = {"sqlite": sqlite_path, "postgresql": url}
    if args.only:
        targets = {args.only: targets[args.only]}
    res = run_interleaved(targets, args.repeat)
    app.processEvents()
    labels = list(next(iter(res.values())))
    w = max(len(s) for s in labels)
    head = f"operation (median of {args.repeat})"
    print(f"\n{head:<{w}}  {'SQLite':>9}  {'PostgreSQL':>10}  {'ratio':>6}  {'SQL':>4}  target ≤ {TARGET} ×")
    worst = 0.0
    for label in labels:
        s = res.get("sqlite", {}).get(label, (None, None, 0))
        p = res.get("postgresql", {}).get(label, (None, None, 0))
        ratio = p[1] / s[1] if s[1] and p[1] else None
        queries = max(s[2], p[2])
        # the search box filters rows already loaded, in Python: no database work to compare
        verdict = (
            "(no SQL)"
            if not queries
            else ""
            if ratio is None
            else "ok"
            if ratio <= TARGET
            else f"ok: under {TINY * 1000:.0f} ms"
            if p[1] < TINY
            else "SLOW"
        )
        if ratio is not None and queries and p[1] >= TINY:
            worst = max(worst, ratio)
        fmt = lambda v: "" if v is None else f"{v * 1000:.1f} ms" if v < 1 else f"{v:.2f} s"  # noqa: E731
        print(
            f"{label:<{w}}  {fmt(s[1]):>9}  {fmt(p[1]):>10}  {'' if ratio is None else f'{ratio:.2f}':>6}  "
            f"{queries:>4}  {verdict}"
        )
    if worst:
        print(
            f"\nworst ratio of the operations that query the database and take {TINY * 1000:.0f} ms or more: "
            f"{worst:.2f} ×"
        )
    load = os.getloadavg()[0]
    print(f"load average (1 min) at the end: {load:.1f} on {os.cpu_count()} CPUs")
    print(
        json.dumps(
            {k: {lbl: [round(x, 4) for x in v] for lbl, v in d.items()} for k, d in res.items()}, ensure_ascii=False
        )
    )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
