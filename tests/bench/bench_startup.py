"""Start-up of the program on the city demo against a bare PySide6 window (issue 16 §4). A plain script:

    .venv/bin/python tests/bench/bench_startup.py [--cache DIR] [--runs N]

Both are started the same way, as whole processes, offscreen, alternately in one run: the program through
gui.app.run() on DIR/city.db (the city demo, ~47,000 teachers; built when missing), a bare QMainWindow with a
QTableView. Start-up is the wall time from starting the process to the window shown and usable (the program's
first page filled), and the process's CPU time (user + sys) by then, the steadier figure on a shared machine;
both run from compiled bytecode (kept in DIR/pycache) as the installed program does. The program's child then
visits every page: the time until the page shows (built when first shown) and until its data has followed (the
page's workers done). Prints the medians of N runs and the ratios.
Goals: ratio ≤ 4, first page usable < 1 s, every page shown < 0.3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BARE = r"""
import sys, time
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication([])
window = QMainWindow()
view = QTableView()
view.setModel(QStandardItemModel(20, 5))
window.setCentralWidget(view)
window.resize(1280, 800)
window.show()
app.processEvents()
print(f"READY {time.process_time()}", flush=True)
"""

PROGRAM = r"""
import json, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from talentdesk.gui import app as gui_app
from talentdesk.gui.tasks import Loader

class Timed(gui_app.MainWindow):
    def show(self):
        super().show()
        QApplication.processEvents()
        print(f"READY {time.process_time()}", flush=True)
        QTimer.singleShot(0, self.visit_pages)

    def visit_pages(self):
        from talentdesk.gui.main_window import PAGES
        out = {}
        for i, title in enumerate(PAGES):
            t = time.perf_counter()
            self.show_page(i)
            QApplication.processEvents()
            shown = time.perf_counter() - t
            while any(loader.loading for loader in self.stack.currentWidget().findChildren(Loader)):
                QApplication.processEvents()
                time.sleep(0.005)
            out[title] = [shown, time.perf_counter() - t]
        self.show_page(0)  # the next start opens on the first page again
        print("PAGES " + json.dumps(out, ensure_ascii=False), flush=True)
        QApplication.instance().quit()

gui_app.MainWindow = Timed
sys.exit(gui_app.run(sys.argv[1], demo_offer=False))
"""

# The same start as gui.app.run, step by step, with the process's CPU time after each step: what stands in the way
# of the goal, phase by phase. The first two phases are what the bare window costs too.
PHASES = r"""
import json, sys, time
marks = [("Python", time.process_time())]
def mark(name):
    marks.append((name, time.process_time()))
from PySide6.QtWidgets import QApplication
mark("PySide6 import")
import sqlalchemy, sqlalchemy.orm
mark("SQLAlchemy import")
import talentdesk.store.models, talentdesk.store.audit
mark("our core models mapped, audit hooks")
from talentdesk.gui import app as gui_app
from talentdesk.gui.security import startup
from talentdesk.services.people import teachers
mark("the rest of our start-up modules")
app = gui_app.make_app()
mark("QApplication, fonts, translation")
ws = gui_app.open_at_start(sys.argv[1])
mark("open: seal check, lock, daily backup")
startup.sign_in(ws)
startup.after_sign_in(ws)
mark("sign-in")
rows = teachers.list_rows(ws.db)
mark("the teacher list query (%d rows)" % len(rows))
window = gui_app.MainWindow(ws.db, open_database=gui_app.open_database, workspace=ws)
keep = startup.install(window, ws)
mark("main window and its first page (the query again)")
window.show()
QApplication.processEvents()
mark("shown")
print("PHASES " + json.dumps(marks, ensure_ascii=False), flush=True)
keep[0].stop()
startup.close(window)
"""


def child(code: str, *args: str, env: dict) -> tuple[float, float, dict]:
    """Wall seconds from starting the process to its READY line, the process's CPU seconds (user + sys, all
    threads) then, and its PAGES figures (if any)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    ready, cpu, pages = None, 0.0, {}
    assert proc.stdout is not None
    # a child waiting on a question (a damaged file, a failed check) would wait for ever offscreen: stop it
    guard = threading.Timer(300, proc.kill)
    guard.start()
    for line in proc.stdout:
        if line.startswith("READY") and ready is None:
            ready = time.perf_counter() - t0
            cpu = float(line.split()[1])
        elif line.startswith("PAGES "):
            pages = json.loads(line[6:])
        elif line.startswith("PHASES "):
            ready, cpu = time.perf_counter() - t0, 0.0
            pages = {"phases": json.loads(line[7:])}
    proc.wait()
    guard.cancel()
    if ready is None:
        raise SystemExit(
            f"the child did not start (exit code {proc.returncode}); if it was stopped after 300 s it was waiting on "
            "a question: start the program on the same file to see it"
        )
    return ready, cpu, pages


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default="/tmp/talentdesk-bench")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    city = cache / "city.db"
    if not city.exists():
        from talentdesk.services import demo
        from talentdesk.store.database import open_database

        db = open_database(city)
        demo.generate(db, size="city")
        db.dispose()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TALENTDESK_HOME=str(cache / "home-startup"))
    # compiled bytecode as the installed program has it (a development shell may set PYTHONDONTWRITEBYTECODE,
    # which makes every start compile ~90 modules again), kept in the cache folder rather than the source tree
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache / "pycache")
    child(PROGRAM, str(city), env=env)  # once not timed: migrations, the disk cache, the daily backup
    bare, program, pages, bare_cpu, program_cpu = [], [], [], [], []
    for _ in range(args.runs):
        wall, cpu, _ = child(BARE, env=env)
        bare.append(wall)
        bare_cpu.append(cpu)
        wall, cpu, visited = child(PROGRAM, str(city), env=env)
        program.append(wall)
        program_cpu.append(cpu)
        pages.append(visited)
    b, p = statistics.median(bare), statistics.median(program)
    bc, pc = statistics.median(bare_cpu), statistics.median(program_cpu)
    print(
        f"load average {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores); median of {args.runs} runs, whole processes"
    )
    print(
        f"bare PySide6 QMainWindow + QTableView: {b:.2f} s wall, {bc:.2f} s CPU   "
        f"({', '.join(f'{x:.2f}' for x in bare)})"
    )
    print(
        f"TalentDesk on the city demo, first page usable: {p:.2f} s wall, {pc:.2f} s CPU   "
        f"({', '.join(f'{x:.2f}' for x in program)})"
    )
    print(f"ratio: {p / b:.1f} × wall, {pc / bc:.1f} × CPU (goal ≤ 4 ×; first page goal < 1 s)")
    print("page switch (median): shown / data followed")
    for title in pages[0]:
        shown = statistics.median(v[title][0] for v in pages)
        done = statistics.median(v[title][1] for v in pages)
        print(f"  {title:6s} {shown:6.3f} s {'ok' if shown < 0.3 else 'SLOW'}   {done:6.3f} s")
    phases = [child(PHASES, str(city), env=env)[2]["phases"] for _ in range(args.runs)]
    print("start-up phase by phase (CPU, median; the bare window is the first two phases)")
    for i, (name, _) in enumerate(phases[0]):
        if i:
            step = statistics.median(p[i][1] - p[i - 1][1] for p in phases)
            print(f"  {step:5.2f} s  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
