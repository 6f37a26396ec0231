"""Issue 14 §8: the teacher search box leads into the results, and closing a form with unsaved changes offers
保存 / 不保存 / 取消 (the real question box, answered by clicking its buttons)."""

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from talentdesk.gui import unsaved
from talentdesk.gui.main_window import MainWindow
from talentdesk.gui.teacher_file.record_dialog import RecordDialog
from talentdesk.gui.teacher_file.specs import TABS
from talentdesk.services.people import schools, teachers

pytestmark = pytest.mark.gui


REAL_QUESTION = unsaved.ask


@pytest.fixture
def window(qtbot, filled_db, answers, monkeypatch):
    monkeypatch.setattr(unsaved, "ask", REAL_QUESTION)  # the real question box, clicked by answer_with
    w = MainWindow(filled_db)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    for dlg in list(w.teachers.open_files.values()):
        dlg._force_close = True
        dlg.close()
    w.close()


def answer_with(button: str, seen: list):
    """Click BUTTON (save / discard / cancel) of the unsaved-changes question as soon as it shows."""

    tries = [100]

    def click():
        box = next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.objectName() == "unsaved_question" and w.isVisible()
            ),
            None,
        )
        if box is None:
            tries[0] -= 1
            if tries[0] > 0:
                QTimer.singleShot(20, click)
            return
        seen.append((box.text(), sorted(b.text() for b in box.buttons())))
        box.findChild(type(box.buttons()[0]), button).click()

    QTimer.singleShot(0, click)


def test_enter_in_the_search_box_opens_the_only_match(window, qtbot):
    page = window.teachers
    page.search.setFocus()
    page.search.setText("吉𠮷")
    assert page.model.rowCount() == 1
    QTest.keyClick(page.search, Qt.Key.Key_Return)
    assert len(page.open_files) == 1
    dlg = next(iter(page.open_files.values()))
    assert dlg.basic.form.fields["name"].text() == "吉𠮷"


def test_enter_or_down_with_several_matches_moves_into_the_list(window, qtbot):
    page = window.teachers
    page.search.setText("城关第一小学")
    assert page.model.rowCount() == 2
    page.search.setFocus()
    QTest.keyClick(page.search, Qt.Key.Key_Down)
    assert page.view.hasFocus() and page.selected_ids() == [page.model.teacher_id(0)]
    QTest.keyClick(page.view, Qt.Key.Key_Down)
    assert page.selected_ids() == [page.model.teacher_id(1)]
    QTest.keyClick(page.view, Qt.Key.Key_Return)  # the list's own Enter opens the selected teacher
    assert list(page.open_files) == [page.model.teacher_id(1)]
    page.search.setFocus()
    QTest.keyClick(page.search, Qt.Key.Key_Enter)
    assert page.view.hasFocus() and len(page.open_files) == 1  # several matches: Enter goes to the list


def _open_changed_file(window, qtbot):
    page = window.teachers
    page.search.setText("王芳")
    dlg = page.open_teacher(page.model.teacher_id(0))
    qtbot.waitExposed(dlg)
    dlg.basic.form.fields["phone"].setText("13912345678")
    assert dlg.is_dirty()
    return page, dlg


def test_closing_a_changed_teacher_file_offers_save_dont_save_cancel(window, qtbot):
    page, dlg = _open_changed_file(window, qtbot)
    tid = dlg.teacher_id
    seen = []
    answer_with("cancel", seen)
    dlg.close()
    assert seen[-1][1] == sorted(["保存", "不保存", "取消"]) and "王芳" in seen[-1][0]
    assert dlg.isVisible() and dlg.is_dirty()  # 取消: back to the file, nothing lost

    answer_with("save", seen)
    dlg.close()
    qtbot.waitUntil(lambda: tid not in page.open_files)
    assert teachers.get(window.db, tid)["basic"]["phone"] == "13912345678"


def test_dont_save_closes_without_saving(window, qtbot):
    page, dlg = _open_changed_file(window, qtbot)
    tid = dlg.teacher_id
    seen = []
    answer_with("discard", seen)
    QTest.keyClick(dlg, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tid not in page.open_files)
    assert len(seen) == 1 and teachers.get(window.db, tid)["basic"]["phone"] == "13800000000"


def test_save_that_is_refused_keeps_the_file_open(window, qtbot):
    page, dlg = _open_changed_file(window, qtbot)
    dlg.basic.form.fields["id_number"].setText("123")  # not an ID number: the save is refused
    seen = []
    answer_with("save", seen)
    dlg.close()
    assert dlg.isVisible() and "18位" in dlg.basic.form.error_text("id_number")
    dlg._force_close = True
    dlg.close()


def test_record_dialog_asks_before_dropping_what_was_typed(qtbot, filled_db):
    spec = next(t for t in TABS if t.key == "titles")
    dlg = RecordDialog(spec, None, schools.choices(filled_db))
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.reject()  # nothing typed: closes without a question
    assert not dlg.isVisible()

    dlg = RecordDialog(spec, None, schools.choices(filled_db))
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.form.fields["title"].setCurrentText("高级教师")
    dlg.form.fields["obtained"].setText("2019.12")
    seen = []
    answer_with("cancel", seen)
    QTest.keyClick(dlg, Qt.Key.Key_Escape)
    assert dlg.isVisible() and seen[-1][1] == sorted(["保存", "不保存", "取消"])
    answer_with("save", seen)
    dlg.reject()
    assert dlg.result() == RecordDialog.DialogCode.Accepted and dlg.result_values["title"] == "高级教师"
