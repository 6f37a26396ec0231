import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from talentdesk.gui import app as gui_app
from talentdesk.gui.main_window import MainWindow
from talentdesk.gui.tasks import Cancelled, run_with_progress
from talentdesk.store.database import open_database

pytestmark = pytest.mark.gui


def test_fonts_registered_for_chinese_and_rare_names(qapp):
    families = gui_app.setup_fonts(qapp)
    assert families, "no CJK font found: every label would be boxes"
    assert qapp.font().families()[: len(families)] == families


def test_progress_dialog_cancel_stops_the_worker(qtbot):
    calls = []

    def work(progress):
        for i in range(500):
            progress(i, 500, f"第 {i} 步")
            calls.append(i)
            time.sleep(0.01)
        return "done"

    def press_cancel():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QProgressDialog) and w.isVisible():
                button = next(b for b in w.findChildren(QPushButton) if b.text() == "取消")
                button.click()

    QTimer.singleShot(150, press_cancel)
    with pytest.raises(Cancelled):
        run_with_progress(None, "测试", work)
    assert 0 < len(calls) < 500


def test_worker_result_is_returned(qtbot):
    assert run_with_progress(None, "测试", lambda progress: (progress(1, 1, "完成"), 42)[1]) == 42


def test_read_only_database_shows_banner_and_blocks_editing(qtbot, tmp_path, answers):
    path = tmp_path / "ro.db"
    open_database(path).dispose()
    db = open_database(path, read_only=True)
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    assert w.ro_label.isVisible() and "只读" in w.ro_label.text()
    assert not w.teachers.new_button.isEnabled()
    assert w.new_teacher() is None
    w.close()
    db.dispose()


def test_run_opens_the_default_database_and_returns_exit_code(qtbot, answers, monkeypatch):
    from talentdesk import config
    from talentdesk.gui.security import startup

    monkeypatch.setattr(startup, "ensure_signed_in", lambda db, parent=None: True)  # no login dialog in this test

    def close_all():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow):
                assert "教师" in w.count_label.text()
                w.close()

    offered = []
    QTimer.singleShot(300, close_all)
    assert gui_app.run(None, choose_start=lambda w: offered.append(w.db.path)) == 0  # the choice injected
    assert config.paths().database.exists()
    assert offered == [config.paths().database.resolve()]  # the empty default database led to the first start


def test_run_configures_the_orm_on_a_worker_once_the_window_shows(qtbot, answers, monkeypatch, tmp_path):
    """Issue 16 §4: the first page to read through the ORM does not wait for SQLAlchemy to configure the mappers."""
    from talentdesk.gui.security import startup

    monkeypatch.setattr(startup, "ensure_signed_in", lambda db, parent=None: True)  # no login dialog in this test
    calls = []
    real = gui_app.configure_orm

    def spy():
        calls.append(threading.current_thread() is threading.main_thread())
        real()

    monkeypatch.setattr(gui_app, "configure_orm", spy)

    def close_all():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow):
                w.close()

    QTimer.singleShot(300, close_all)
    assert gui_app.run(tmp_path / "county.db", demo_offer=False) == 0
    for t in threading.enumerate():
        if t.name == "configure-orm":
            t.join()
    assert calls == [False]  # once, and not on the GUI thread


def test_qt_file_and_print_dialogs_speak_chinese(qapp):
    """Issue 14 §6: no English in the file dialogs (Qt's own, as on a PC without a native one) nor in the
    print dialogs: Qt's Chinese translation is loaded and its gaps are filled."""
    import re

    from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
    from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel

    from talentdesk.gui.app import make_app

    app = make_app([])
    printer = QPrinter()
    dialogs = [QFileDialog(None, "保存", "", "PDF 文件 (*.pdf)"), QPrintDialog(printer), QPrintPreviewDialog(printer)]
    dialogs[0].setOption(QFileDialog.Option.DontUseNativeDialog)
    english = []
    for d in dialogs:
        d.show()
        app.processEvents()
        for w in d.findChildren(QLabel) + d.findChildren(QAbstractButton):
            for text in (w.text(), w.toolTip()):
                if w.isVisible() and re.search(r"[A-Za-z]{3,}", re.sub(r"\(\*\.\w+\)|PDF|/\S*", "", text)):
                    english.append(text)
        d.close()
        d.deleteLater()
    assert not english
