"""Benchmark (run by hand, not collected by pytest): teacher list load and search-as-you-type on a big database.

    .venv/bin/python tests/gui/bench_teacher_list.py [/tmp/talentdesk-city.db]

Creates the demo city (16 counties, ~45,000 teachers) when the file does not exist.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir()) / "talentdesk-city.db"
    from PySide6.QtWidgets import QApplication

    from talentdesk.gui.models.teacher_table import TeacherTableModel
    from talentdesk.services import demo
    from talentdesk.services.people import teachers as svc
    from talentdesk.store.database import open_database

    fresh = not path.exists()
    db = open_database(path)
    if fresh:
        t = time.perf_counter()
        demo.generate(db, size="city")
        print(f"demo city generated in {time.perf_counter() - t:.1f} s")
    app = QApplication.instance() or QApplication([])  # noqa: F841
    for _ in range(3):
        t0 = time.perf_counter()
        rows = svc.list_rows(db)
        t1 = time.perf_counter()
        model = TeacherTableModel()
        model.set_rows(rows)
        t2 = time.perf_counter()
        print(f"{len(rows)} teachers: list_rows {1000 * (t1 - t0):.0f} ms, model load {1000 * (t2 - t1):.0f} ms")
    name = rows[len(rows) // 2][1]
    for text in ("张", name[:2], "3715", "城关", "中学"):
        t = time.perf_counter()
        model.set_filter(text)
        dt = time.perf_counter() - t
        print(f"keystroke filter {text!r} (from all rows): {1000 * dt:.1f} ms → {model.rowCount()} rows")
        model.set_filter("")
    model.set_filter("")
    typed = ""
    for ch in name:
        typed += ch
        t = time.perf_counter()
        model.set_filter(typed)
        print(f"typing {typed!r}: {1000 * (time.perf_counter() - t):.1f} ms → {model.rowCount()} rows")
    model.set_filter("", {"stage": "小学", "title": "一级教师"})
    t = time.perf_counter()
    model.set_filter("", {"stage": "初中", "title": "高级教师"})
    print(f"two combo filters: {1000 * (time.perf_counter() - t):.1f} ms → {model.rowCount()} rows")
    model.set_filter("")
    for col in (0, 4, 3):
        t = time.perf_counter()
        model.sort(col)
        print(f"sort by column {model.headers[col]}: {1000 * (time.perf_counter() - t):.0f} ms")
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
