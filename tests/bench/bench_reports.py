"""Benchmark of the report catalogue on the city demo (~45,000 teachers). A plain script, not a test:

    .venv/bin/python tests/bench/bench_reports.py [--rebuild] [--cache DIR] [--forms N]

Builds the city demo once into DIR/city.db (default /tmp/talentdesk-bench-reports; reused when present;
delete it after a migration was added). Then:
  * every statistics report of the catalogue, county scope: compute, and compute + PDF + Excel
    (target: compute under 2 s each);
  * N registration forms (default 1,000) into one PDF — the whole path (queries, layout, drawing) —
    against a baseline that draws exactly the same strings (fonts already chosen) and rules with bare
    reportlab calls (setFont/drawString/lines) on a plain canvas, measured in the same run
    (target: at most 1.5 × the baseline).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas as rl_canvas


def build_city(cache: Path, rebuild: bool) -> Path:
    from talentdesk.services import demo
    from talentdesk.store.database import open_database

    cache.mkdir(parents=True, exist_ok=True)
    path = cache / "city.db"
    if rebuild and path.exists():
        path.unlink()
    if not path.exists():
        t = time.perf_counter()
        db = open_database(path)
        demo.generate(db, size="city")
        db.dispose()
        print(f"built city demo in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return path


class Recorder:
    """A surface that records what a layout draws, resolved to (font, size, x, y, string) runs and rule segments."""

    def __init__(self, cache):
        from talentdesk.reports.pdf import fonts

        self.cache, self.body, self.head = cache, fonts.body(), fonts.heading()
        self.pages: list[dict] = []

    def new_page(self, pagesize):
        self.pages.append({"size": pagesize, "text": [], "lines": []})

    def end_page(self):
        pass

    def text(self, x, y, text, size, bold=False, align="left"):
        chain = self.head if bold else self.body
        runs = self.cache.runs(chain, text)
        if align != "left":
            total = sum(w for _, _, w in runs) * size
            x -= total / 2 if align == "center" else total
        for f, s, w in runs:
            self.pages[-1]["text"].append((f, size, x, y, s))
            x += w * size

    def lines(self, segments, width=0.5):
        self.pages[-1]["lines"].append((width, list(segments)))

    def rect(self, *a, **k):
        pass

    def image(self, *a, **k):
        return False

    def watermark(self, *a, **k):
        pass


def baseline(pages: list[dict], out: Path) -> float:
    from talentdesk.reports.pdf import fonts

    t = time.perf_counter()
    c = rl_canvas.Canvas(str(out), pagesize=A4, pageCompression=1, initialFontName=fonts.body().primary)
    for page in pages:
        c.setPageSize(page["size"])
        for f, size, x, y, s in page["text"]:
            c.setFont(f, size)
            c.drawString(x, y, s)
        for width, segs in page["lines"]:
            c.setLineWidth(width)
            c.lines(segs)
        c.showPage()
    c.save()
    return time.perf_counter() - t


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default="/tmp/talentdesk-bench-reports")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--forms", type=int, default=1000)
    args = ap.parse_args(argv)

    from sqlalchemy import select

    from talentdesk.reports import catalogue, render_pdf
    from talentdesk.reports.params import Params
    from talentdesk.store.database import open_database
    from talentdesk.store.models import Teacher

    db = open_database(build_city(Path(args.cache), args.rebuild))
    out_dir = Path(tempfile.mkdtemp(prefix="td-bench-reports-"))
    results = {}
    rows = []
    catalogue.compute(db, "structure", Params())  # warm-up: fonts, imports
    for e in catalogue.CATALOGUE:
        if e.kind != "statistics" or not e.available:
            continue
        t, cpu = time.perf_counter(), time.process_time()
        report = catalogue.compute(db, e.name, Params(exporter="bench"))
        t_compute, cpu = time.perf_counter() - t, time.process_time() - cpu
        t = time.perf_counter()
        catalogue.render(report, out_dir / f"{e.name}.pdf")
        t_pdf = time.perf_counter() - t
        t = time.perf_counter()
        catalogue.render(report, out_dir / f"{e.name}.xlsx")
        t_xlsx = time.perf_counter() - t
        results[e.name] = {
            "compute": t_compute,
            "cpu": cpu,
            "pdf": t_pdf,
            "xlsx": t_xlsx,
            "rows": sum(len(p.rows) for p in report.parts),
        }
        rows.append(
            (f"{e.name} compute", f"{t_compute:.2f} s", f"< 2 s (cpu {cpu:.2f} s)", "ok" if t_compute < 2 else "SLOW")
        )
        rows.append((f"{e.name} + PDF + xlsx", f"{t_compute + t_pdf + t_xlsx:.2f} s", "(info)", ""))

    # 1,000 registration forms: whole path vs bare reportlab drawing the same text and rules
    with db.sessions() as s:
        ids = list(s.scalars(select(Teacher.id).order_by(Teacher.id).limit(args.forms)))
    # warm-up (fonts parsed and registered once per process) so both sides are measured warm
    catalogue.render(catalogue.compute(db, "registration", Params(teacher_ids=ids[:5])), out_dir / "warm.pdf")
    t = time.perf_counter()
    report = catalogue.compute(db, "registration", Params(teacher_ids=ids, exporter="bench"))
    catalogue.render(report, out_dir / "forms.pdf")
    t_forms = time.perf_counter() - t
    rec = Recorder(render_pdf.TextCache())
    report.form.draw(rec, report)
    t_base = baseline(rec.pages, out_dir / "baseline.pdf")
    ratio = t_forms / t_base
    strings = sum(len(p["text"]) for p in rec.pages)
    segs = sum(len(s) for p in rec.pages for _, s in p["lines"])
    results["registration"] = {
        "forms": len(ids),
        "seconds": t_forms,
        "baseline": t_base,
        "ratio": ratio,
        "strings": strings,
        "segments": segs,
    }
    rows.append((f"{len(ids)} registration forms", f"{t_forms:.2f} s", "", ""))
    rows.append(("bare reportlab baseline", f"{t_base:.2f} s", f"{strings} strings, {segs} rules", ""))
    rows.append(("forms / baseline", f"{ratio:.2f} ×", "≤ 1.5 ×", "ok" if ratio <= 1.5 else "SLOW"))
    db.dispose()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    if load is not None:
        rows.append(("load average (1 min) at the end", f"{load:.1f}", f"{os.cpu_count()} CPUs", ""))
    w = max(len(r[0]) for r in rows)
    for r in rows:
        print(f"{r[0]:<{w}}  {r[1]:>10}  {r[2]:<24} {r[3]}")
    print(json.dumps(results, ensure_ascii=False))
    print(f"files in {out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
