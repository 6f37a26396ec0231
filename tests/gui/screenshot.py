"""Screenshots of the main screens for docs/screenshots (run by hand, not by pytest):

    .venv/bin/python tests/gui/screenshot.py [--db /tmp/shots.db] [--out docs/screenshots] [--size 1366x728]

At 1920×1080 (default) the README's pictures; --size 1366x728 shows a 1366×768 laptop's available area
(tests/gui/screen_fit_probe.py --shots takes every page and dialog at any size).

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


def _screen(width: int, height: int) -> dict:
    return {
        "synchronousWindowSystemEvents": True,
        "windowFrameMargins": False,
        "screens": [
            {
                "name": "screen",
                "x": 0,
                "y": 0,
                "width": width,
                "height": height,
                "logicalDpi": 96,
                "logicalBaseDpi": 96,
                "dpr": 1,
            }
        ],
    }


PAGE_SHOTS = {
    "师徒结对": "mentoring.png",
    "交流轮岗": "deployment.png",
    "招聘引才": "recruitment.png",
    "培训": "training.png",
    "统计报表": "reports.png",
    "数据导入": "imports.png",
    "数据交换": "exchange.png",
    "审计日志": "audit.png",
    "设置": "settings.png",
}
SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
if not SAMPLES.is_dir():
    SAMPLES = Path("/work/shared/samples")
RARE = (("李䶮", 1986, 211), ("吉𠮷", 1991, 222), ("王堃", 1979, 233))


def _platform(width: int, height: int) -> None:
    cfg = Path(tempfile.gettempdir()) / "talentdesk-screen.json"
    cfg.write_text(json.dumps(_screen(width, height)), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={cfg}"


def _database(path: Path):
    from talentdesk.domain import idnumber
    from talentdesk.services import demo
    from talentdesk.services.people import schools, teachers
    from talentdesk.store.database import open_database

    fresh = not path.exists()
    db = open_database(path)
    if fresh:
        demo.generate(db, size="county")
        first = schools.list_rows(db)[0][0]
        for name, year, seq in RARE:
            teachers.save(
                db,
                None,
                {
                    "name": name,
                    "id_number": idnumber.make("371525", dt.date(year, 4, 8), seq),
                    "phone": "13605310000",
                    "ethnicity": "汉族",
                    "political": "中共党员",
                    "employment_form": "在编",
                    "work_start": "2010-09",
                },
                {
                    "posts": [{"school_id": first, "start": "2010-09"}],
                    "educations": [
                        {
                            "degree": "大学本科",
                            "academic_degree": "学士",
                            "institution": "曲阜师范大学",
                            "major": "汉语言文学",
                            "normal": "是",
                            "full_time": "是",
                            "highest": "是",
                            "graduated": "2010-07",
                        }
                    ],
                    "titles": [{"title": "一级教师", "obtained": "2017-12", "appointed": "2018-01"}],
                    "designations": [
                        {
                            "kind": "骨干教师",
                            "level": "县级",
                            "subject": "语文",
                            "start": "2022-09",
                            "end": "2025-08",
                            "issuer": "青禾县教育和体育局",
                        }
                    ],
                    "appraisals": [{"year": "2023", "result": "优秀"}, {"year": "2024", "result": "合格"}],
                },
            )
        tid = next(r[0] for r in teachers.list_rows(db) if r[1] == "吉𠮷")
        data = teachers.get(db, tid)
        teachers.save(
            db,
            tid,
            {**data["basic"], "phone": "13905317788", "political": "群众"},
            {"titles": [*data["titles"], {"title": "高级教师", "obtained": "2024-12"}]},
        )
    return db


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "talentdesk-shots.db")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[2] / "docs" / "screenshots")
    ap.add_argument("--size", default="1920x1080", help="screen WIDTHxHEIGHT")
    args = ap.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    _platform(width, height)
    os.environ.setdefault("TALENTDESK_HOME", tempfile.mkdtemp())

    from talentdesk.gui.app import make_app
    from talentdesk.gui.main_window import PAGES, MainWindow

    app = make_app([sys.argv[0]])
    db = _database(args.db)
    args.out.mkdir(parents=True, exist_ok=True)
    win = MainWindow(db)
    win.setGeometry(0, 0, width, height)
    win.show()
    app.processEvents()

    def shot(widget, name):
        app.processEvents()
        widget.grab().save(str(args.out / name))
        print("saved", args.out / name)

    win.show_page(0)
    shot(win, "teacher-list.png")
    page = win.teachers
    page.search.setText("李䶮")
    tid = page.model.teacher_id(0)
    page.search.setText("")
    dlg = page.open_teacher(tid)
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
    dlg.tabs.setCurrentWidget(dlg.history)
    shot(dlg, "teacher-file-history.png")
    dlg._force_close = True
    dlg.close()
    page.search.setText("")
    win.show_page(PAGES.index("学校"))
    shot(win, "school-list.png")
    form = win.schools.open_school(win.schools.model.key_at(0))
    shot(form, "school-form.png")
    form.close()
    for title, name in PAGE_SHOTS.items():
        win.show_page(PAGES.index(title))
        shot(win, name)
    from PySide6.QtWidgets import QMessageBox

    from talentdesk.gui.import_wizard import ImportWizard

    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    wiz = ImportWizard(db, win.bus, win)
    wiz.files_page.add_paths([str(SAMPLES / "青禾县第二中学教职工花名册.xlsx")])
    wiz.show()
    wiz.next()
    wiz.next()
    shot(wiz, "import-preview.png")
    wiz.close()
    win.close()
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
