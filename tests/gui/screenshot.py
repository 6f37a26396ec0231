"""Screenshots of the main screens at 1920×1080 for docs/screenshots (run by hand, not by pytest):

    .venv/bin/python tests/gui/screenshot.py [--db /tmp/shots.db] [--out docs/screenshots]

Uses the demo county (talentdesk.services.demo) plus three teachers with rare name characters.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

SCREEN = {"synchronousWindowSystemEvents": True, "windowFrameMargins": False,
          "screens": [{"name": "screen", "x": 0, "y": 0, "width": 1920, "height": 1080,
                       "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}
RARE = (("李䶮", 1986, 211), ("吉𠮷", 1991, 222), ("王堃", 1979, 233))


def _platform() -> None:
    cfg = Path(tempfile.gettempdir()) / "talentdesk-screen.json"
    cfg.write_text(json.dumps(SCREEN), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={cfg}"


def _database(path: Path):
    from talentdesk.domain import idnumber
    from talentdesk.services import demo, schools, teachers
    from talentdesk.store.database import open_database

    fresh = not path.exists()
    db = open_database(path)
    if fresh:
        demo.generate(db, size="county")
        first = schools.list_rows(db)[0][0]
        for name, year, seq in RARE:
            teachers.save(db, None, {"name": name, "id_number": idnumber.make("371525", dt.date(year, 4, 8), seq),
                                     "phone": "13605310000", "ethnicity": "汉族", "political": "中共党员",
                                     "employment_form": "在编", "work_start": "2010-09"},
                          {"posts": [{"school_id": first, "start": "2010-09"}],
                           "educations": [{"degree": "大学本科", "academic_degree": "学士", "institution": "曲阜师范大学",
                                           "major": "汉语言文学", "normal": "是", "full_time": "是", "highest": "是",
                                           "graduated": "2010-07"}],
                           "titles": [{"title": "一级教师", "obtained": "2017-12", "appointed": "2018-01"}],
                           "designations": [{"kind": "骨干教师", "level": "县级", "subject": "语文",
                                             "start": "2022-09", "end": "2025-08", "issuer": "青禾县教育和体育局"}],
                           "appraisals": [{"year": "2023", "result": "优秀"}, {"year": "2024", "result": "合格"}]})
        tid = next(r[0] for r in teachers.list_rows(db) if r[1] == "吉𠮷")
        data = teachers.get(db, tid)
        teachers.save(db, tid, {**data["basic"], "phone": "13905317788", "political": "群众"},
                      {"titles": [*data["titles"], {"title": "高级教师", "obtained": "2024-12"}]})
    return db


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "talentdesk-shots.db")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[2] / "docs" / "screenshots")
    args = ap.parse_args(argv)
    _platform()
    os.environ.setdefault("TALENTDESK_HOME", tempfile.mkdtemp())

    from talentdesk.gui.app import make_app
    from talentdesk.gui.main_window import MainWindow

    app = make_app([sys.argv[0]])
    db = _database(args.db)
    args.out.mkdir(parents=True, exist_ok=True)
    win = MainWindow(db)
    win.setGeometry(0, 0, 1920, 1080)
    win.show()
    app.processEvents()

    def shot(widget, name):
        app.processEvents()
        widget.grab().save(str(args.out / name))
        print("saved", args.out / name)

    win.show_page(0)
    shot(win, "teacher-list.png")
    page = win.teachers
    page.search.setText("䶮")
    tid = page.model.teacher_id(0)
    page.search.setText("")
    dlg = page.open_teacher(tid)
    dlg.resize(1100, 760)
    shot(dlg, "teacher-file.png")
    dlg.tabs.setCurrentIndex(dlg.tabs.indexOf(dlg.record_tabs["educations"]))
    shot(dlg, "teacher-file-education.png")
    dlg.basic.form.fields["id_number"].setText(dlg.basic.form.fields["id_number"].text()[:-1] + "0")
    dlg.basic.form.fields["phone"].setText("13605319999")
    dlg.tabs.setCurrentIndex(0)
    shot(dlg, "teacher-file-validation.png")
    dlg._force_close = True
    dlg.close()
    page.search.setText("吉𠮷")
    dlg = page.open_teacher(page.model.teacher_id(0))
    dlg.resize(1100, 760)
    dlg.tabs.setCurrentWidget(dlg.history)
    shot(dlg, "teacher-file-history.png")
    dlg._force_close = True
    dlg.close()
    page.search.setText("")
    win.show_page(1)
    shot(win, "school-list.png")
    form = win.schools.open_school(win.schools.model.key_at(0))
    shot(form, "school-form.png")
    form.close()
    win.show_page(7)
    shot(win, "settings.png")
    win.show_page(2)
    shot(win, "coming-later.png")
    win.close()
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
