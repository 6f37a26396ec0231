"""Screenshots of the 招聘引才 tabs at 1920×1080 (run by hand, not by pytest):

.venv/bin/python tests/gui/screenshot_recruitment.py --db /tmp/shots-r.db --out /tmp/shots
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import contextlib

from screenshot import _platform  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="/tmp/shots-r.db")
    ap.add_argument("--out", default="/tmp/shots")
    args = ap.parse_args(argv)
    _platform()
    from PySide6.QtWidgets import QApplication

    from talentdesk.gui.app import setup_fonts  # noqa: F401
    from talentdesk.gui.main_window import PAGES, MainWindow
    from talentdesk.services import demo
    from talentdesk.services.recruitment import plan as recruitment_plan
    from talentdesk.store.database import open_database

    app = QApplication.instance() or QApplication([])
    with contextlib.suppress(Exception):
        setup_fonts(app)
    path = Path(args.db)
    fresh = not path.exists()
    db = open_database(path)
    if fresh:
        demo.generate(db, size="county")
        from talentdesk.gui.recruitment.plan_tab import default_year

        recruitment_plan.propose_plan(db, default_year())
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    w = MainWindow(db)
    w.resize(1600, 960)
    w.show()
    w.show_page(PAGES.index("招聘引才"))
    page = w.page("招聘引才")
    for i in range(page.tabs.count()):
        page.tabs.setCurrentIndex(i)
        tab = page.tab(page.tabs.tabText(i))  # the tab itself, not the frame that holds it
        inner = getattr(tab, "inner", None)
        for j in range(inner.count() if inner is not None else 1):
            if inner is not None:
                inner.setCurrentIndex(j)
            for _ in range(5):
                app.processEvents()
            name = f"recruitment-{i}{'-' + str(j) if inner is not None else ''}.png"
            w.grab().save(str(out / name))
            print(out / name)
    w.close()
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
