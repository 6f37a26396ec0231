import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from talentdesk.gui import unsaved
from talentdesk.gui.lazy_tabs import LazyTabs
from talentdesk.gui.main_window import PAGES, MainWindow
from talentdesk.gui.teacher_file.dialog import NO_POST_SCHOOL_QUESTION
from talentdesk.services.people import history, teachers

pytestmark = pytest.mark.gui


def activate(qtbot, widget):
    """Shortcuts (Ctrl+S, Ctrl+1…) only reach the active window."""
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


@pytest.fixture
def window(qtbot, filled_db, answers):
    w = MainWindow(filled_db)
    qtbot.addWidget(w)
    w.show()
    activate(qtbot, w)
    yield w
    for dlg in list(w.teachers.open_files.values()):
        dlg._force_close = True
        dlg.close()
    w.close()


def test_list_search_narrows_by_name_full_id_and_school(window, make_id):
    page = window.teachers
    assert page.count_label.text() == "共 4 人"
    page.search.setText("李")
    assert page.model.rowCount() == 1 and page.model.data(page.model.index(0, 0)) == "李䶮"
    assert page.count_label.text() == "共 1 人（全部 4 人）"
    page.search.setText(make_id(1990, 131))  # full digits find the teacher although the list shows them masked
    assert page.model.rowCount() == 1 and page.model.data(page.model.index(0, 0)) == "吉𠮷"
    assert "****" in page.model.data(page.model.index(0, 1))
    page.search.setText("青禾镇中学")
    assert page.model.rowCount() == 2
    page.search.clear()
    page.combos["school"].setCurrentText("城关第一小学")
    assert page.model.rowCount() == 2
    assert "状态" in [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]


def test_sort_by_header_click(window, qtbot):
    page = window.teachers
    header = page.view.horizontalHeader()
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(3) + 5, 5))
    births = [page.model.data(page.model.index(r, 3)) for r in range(page.model.rowCount())]
    assert births in (sorted(births), sorted(births, reverse=True))


def test_open_edit_validate_save_and_see_history(window, qtbot, answers, monkeypatch):
    page = window.teachers
    page.search.setText("张堃")
    page.view.setFocus()
    page.view.selectRow(0)
    QTest.keyClick(page.view, Qt.Key.Key_Return)
    assert len(page.open_files) == 1
    dlg = next(iter(page.open_files.values()))
    activate(qtbot, dlg)
    fields = dlg.basic.form.fields
    assert fields["name"].text() == "张堃"

    good = fields["id_number"].text()
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    fields["id_number"].setText(bad)
    err = dlg.basic.form.errors["id_number"]
    assert "校验位" in err.text() and err.isVisible()
    fields["id_number"].setText(good)
    assert not err.isVisible()

    fields["phone"].setText("13912345678")
    assert dlg.is_dirty() and "未保存" in dlg.state.text()
    QTest.keyClick(dlg, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dlg.state.text() == "已保存" and not dlg.is_dirty()
    tid = dlg.teacher_id
    assert teachers.get(window.db, tid)["basic"]["phone"] == "13912345678"
    changes = [r for r in dlg.history.rows() if r[4] == "联系电话"]
    assert changes and changes[0][5:] == ("13800000000", "13912345678")
    assert changes == [r for r in history.teacher_history(window.db, tid) if r[4] == "联系电话"]

    # Esc with unsaved changes asks first (保存/不保存/取消); 取消 keeps the file open, 不保存 closes it
    fields["name"].setText("张堃堃")
    asked, answer = [], [unsaved.CANCEL]
    monkeypatch.setattr(unsaved, "ask", lambda parent, what: asked.append(what) or answer[0])
    QTest.keyClick(dlg, Qt.Key.Key_Escape)
    assert asked == ["教师档案“张堃堃”"] and dlg.isVisible()
    answer[0] = unsaved.DISCARD
    QTest.keyClick(dlg, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not page.open_files)
    assert teachers.get(window.db, tid)["basic"]["name"] == "张堃"


def test_save_refuses_bad_id_with_message_next_to_field(window, qtbot, make_id):
    dlg = window.new_teacher()
    qtbot.waitExposed(dlg)
    f = dlg.basic.form
    f.fields["name"].setText("赵敏")
    f.fields["id_number"].setText("37152519900101123")  # 17 characters
    assert not dlg.save()
    assert "18位" in f.error_text("id_number")
    f.fields["id_number"].setText(make_id(1993, 151))
    assert f.fields["birth_date"].text() == "1993-05-20" and f.fields["gender"].currentText() == "男"
    assert dlg.save()
    assert window.teachers.count_label.text() == "共 5 人"
    assert window.count_label.text() == "教师 5 人（在岗 5 人）"


def test_new_teacher_without_post_school_is_warned_before_saving(window, qtbot, answers, make_id):
    """Issue 14 §2: a teacher saved without a post school counts in no school: the clerk is told first."""
    dlg = window.new_teacher()
    qtbot.waitExposed(dlg)
    f = dlg.basic.form
    f.fields["name"].setText("钱程")
    f.fields["id_number"].setText(make_id(1994, 171))
    answers.question = answers.question.__class__.No
    assert not dlg.save()
    assert answers.asked[-1] == NO_POST_SCHOOL_QUESTION
    assert dlg.tabs.currentWidget() is dlg.record_tabs["posts"] and "编制学校" in dlg.state.text()
    assert window.teachers.count_label.text() == "共 4 人"  # nothing saved
    answers.question = answers.question.__class__.Yes
    assert dlg.save()
    assert window.teachers.count_label.text() == "共 5 人"
    asked = len(answers.asked)
    f.fields["phone"].setText("13700000000")  # an existing file whose posts were not touched: no question again
    assert dlg.save() and len(answers.asked) == asked


def test_history_record_added_through_record_dialog(window, qtbot, monkeypatch):
    from talentdesk.gui.teacher_file import records_tab

    def fake_exec(self):
        self.form.fields["title"].setCurrentText("高级教师")
        self.form.fields["obtained"].setText("2019.12")
        self.accept()
        return records_tab.RecordDialog.DialogCode.Accepted

    monkeypatch.setattr(records_tab.RecordDialog, "exec", fake_exec)
    page = window.teachers
    dlg = page.open_teacher(page.model.teacher_id(0))
    tab = dlg.record_tabs["titles"]
    tab.add()
    assert tab.table.item(0, 0).text() == "高级教师" and tab.table.item(0, 1).text() == "2019-12"
    assert dlg.save()
    assert "高级教师" in [page.model.data(page.model.index(r, 9)) for r in range(page.model.rowCount())]


def test_delete_with_confirm_and_undo(window, qtbot, answers):
    page = window.teachers
    page.view.selectRow(0)
    page.delete_selected()
    assert "确定删除" in answers.asked[-1]
    assert page.count_label.text() == "共 3 人" and page.undo_button.isVisible()
    page.undo_delete()
    assert page.count_label.text() == "共 4 人"


def test_pages_switch_with_ctrl_number_and_none_is_a_placeholder(window, qtbot):
    for i, _title in enumerate(PAGES):
        if i > 9:
            break
        key = Qt.Key.Key_0 if i == 9 else Qt.Key(Qt.Key.Key_1 + i)  # Ctrl+0 opens the tenth page
        QTest.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentIndex() == i
    for title in PAGES:  # every area is built: no page says it comes in a later version
        page = window.page(title)
        for tabs in page.findChildren(LazyTabs):  # nor any of its tabs, built when first opened
            for i in range(tabs.count()):
                tabs.page(tabs.key_at(i) or "")
        labels = page.findChildren(type(window.count_label))
        assert not any("后续版本" in label.text() for label in labels), title
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentIndex() == 0


def test_settings_page_saves_policy(window):
    from talentdesk.services.platform import settings

    page = window.settings_page
    page.edits["training_hours_per_cycle"].setText("300")
    page.edits["staff_ratio"]["小学"].setText("abc")
    page.save()
    assert page.errors["staff_ratio"].text()
    page.edits["staff_ratio"]["小学"].setText("18")
    page.save()
    assert page.state.text() == "已保存"
    assert settings.load_policy(window.db).training_hours_per_cycle == 300


def test_settings_page_offers_the_age_reading_as_a_choice(window):
    from PySide6.QtWidgets import QComboBox

    from talentdesk.services.platform import settings

    box = window.settings_page.edits["rotation_age_reading"]
    assert isinstance(box, QComboBox) and box.currentText() == "含本数"
    box.setCurrentText("不含本数")
    window.settings_page.save()
    assert settings.load_policy(window.db).rotation_age_reading == "不含本数"


def test_school_form_edits_yearly_figures(window, qtbot):
    page = window.schools
    assert page.model.rowCount() == 2
    form = page.open_school(page.model.key_at(0))
    form.add_stat_row()
    for c, v in enumerate(("2025", "小学", "820", "18", "45")):
        form.table.item(form.table.rowCount() - 1, c).setText(v)
    assert form.save()
    assert "820" in [page.model.data(page.model.index(r, 6)) for r in range(page.model.rowCount())]


def test_window_remembers_last_page_and_asks_before_closing_unsaved_file(qtbot, filled_db, answers):
    w = MainWindow(filled_db)
    qtbot.addWidget(w)
    w.show()
    w.show_page(1)
    dlg = w.teachers.open_teacher(w.teachers.model.teacher_id(0))
    dlg.basic.form.fields["phone"].setText("13700000000")
    answers.question = answers.question.__class__.No
    assert not w.close() and dlg.isVisible()
    answers.question = answers.question.__class__.Yes
    assert w.close()
    w2 = MainWindow(filled_db)
    qtbot.addWidget(w2)
    assert w2.stack.currentIndex() == 1
    w2.close()


def test_open_database_from_file_menu(qtbot, filled_db, tmp_path, monkeypatch, answers):
    from PySide6.QtWidgets import QFileDialog

    from talentdesk.store.database import open_database

    other = tmp_path / "other.db"
    open_database(other).dispose()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(other), "")))
    w = MainWindow(filled_db, open_database=open_database)
    qtbot.addWidget(w)
    assert w.teachers.model.rowCount() == 4
    w.choose_database()
    assert w.db.path == other.resolve()
    assert w.teachers.model.rowCount() == 0 and w.count_label.text() == "教师 0 人（在岗 0 人）"
    assert "other.db" in w.path_label.text()
    w.close()
    w.db.dispose()


def test_recent_databases_in_the_file_menu(qtbot, filled_db, tmp_path, answers):
    """Issue 14 §7: 文件 → 最近使用的数据库 lists the files opened before and opens one again."""
    from talentdesk.store.database import open_database

    other = tmp_path / "other.db"
    open_database(other).dispose()
    w = MainWindow(filled_db, open_database=open_database)
    qtbot.addWidget(w)
    assert w.switch_database(other)
    w.recent_menu.aboutToShow.emit()
    actions = [a for a in w.recent_menu.actions() if a.isEnabled()]
    assert actions == []  # only the one open now was used so far
    assert w.switch_database(filled_db.path)
    w.recent_menu.aboutToShow.emit()
    actions = [a for a in w.recent_menu.actions() if a.isEnabled()]
    assert [a.text().split("　")[0] for a in actions] == ["other.db"]
    actions[0].trigger()
    assert w.db.path == other.resolve() and "other.db" in w.path_label.text()
    w.close()
    w.db.dispose()


def test_lists_open_in_their_natural_order_until_a_header_is_clicked(qtbot):
    from talentdesk.gui.models.rows_model import RowsModel

    model = RowsModel(["姓名", "骨干"], [0, 1])
    model.set_rows([("王芳", ""), ("李堃", "县级骨干教师"), ("张喆", "")])
    model.sort(-1)  # what Qt asks for when no sort indicator is set
    assert [model.row_at(r)[0] for r in range(3)] == ["王芳", "李堃", "张喆"]
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert model.row_at(0)[0] == "李堃"  # filled values first, empty ones last
    model.sort(-1)
    assert [model.row_at(r)[0] for r in range(3)] == ["王芳", "李堃", "张喆"]


def test_settings_yes_no_parameters_are_ticks(window):
    """Issue 14 §6: no “1=是，0=否” number boxes — the yes/no parameters are check boxes."""
    from PySide6.QtWidgets import QCheckBox, QLabel

    from talentdesk.services.platform import settings

    page = window.settings_page
    texts = " ".join(w.text() for w in page.findChildren(QLabel))
    assert "1=" not in texts and "0=" not in texts
    forms = page.edits["rotation_forms"]
    assert all(isinstance(w, QCheckBox) for w in forms.values())
    assert forms["在编"].isChecked() and not forms["特岗"].isChecked()
    forms["特岗"].setChecked(True)
    page.edits["rural_areas"]["镇区"].setChecked(False)
    page.save()
    assert page.state.text() == "已保存"
    policy = settings.load_policy(window.db)
    assert policy.rotation_forms == {"在编": 1, "特岗": 1, "合同": 0}
    assert policy.rural_areas == {"城区": 0, "镇区": 0, "乡村": 1}


def test_window_title_names_the_program_once(window):
    """Issue 14 §6: Qt adds the application's display name to a title unless the title ends with it; the
    title used to start with it too (教育人才工作台 — x.db — 教育人才工作台)."""
    from talentdesk.gui.main_window import APP_TITLE

    title = window.windowTitle()
    assert title.count(APP_TITLE) == 1 and title.endswith(f" — {APP_TITLE}")


def test_pages_are_built_when_first_shown_and_the_last_one_opens_next_time(qtbot, filled_db, answers):
    """Issue 16 §4: start-up builds only the page the clerk sees; another page is built (and filled) when the
    clerk goes there; the next start opens on that page and builds only it."""
    w = MainWindow(filled_db)
    qtbot.addWidget(w)
    w.show()
    assert w.built_pages() == ["教师"]
    assert "正在打开" in w.stack.widget(PAGES.index("培训")).text()  # a placeholder, not the page
    w.show_page(PAGES.index("培训"))
    assert w.built_pages() == ["教师", "培训"]
    page = w.stack.currentWidget()
    assert page is w.page("培训") and page.isVisible()
    qtbot.waitUntil(lambda: not page.hours.loader.loading)  # the hours follow from a worker
    assert page.hours.count_label.text() == "在岗教师共 4 人"
    w.close()
    w2 = MainWindow(filled_db)
    qtbot.addWidget(w2)
    w2.show()
    assert w2.stack.currentIndex() == PAGES.index("培训") and w2.built_pages() == ["培训"]
    w2.close()


def test_closing_while_a_page_is_still_reading_ends_the_program_cleanly(tmp_path):
    """The 学时统计 hours are read on a worker: a program closed before they arrive exits normally (a running
    QThread destroyed at exit aborts the process)."""
    import os
    import subprocess
    import sys
    import textwrap
    from pathlib import Path

    script = textwrap.dedent(f"""
        import time
        from PySide6.QtWidgets import QApplication
        from talentdesk.gui.main_window import PAGES, MainWindow
        from talentdesk.services.cultivation import training
        from talentdesk.store.database import open_database
        slow = training.hours_rows
        training.hours_rows = lambda *a, **k: time.sleep(1.5) or slow(*a, **k)
        app = QApplication([])
        db = open_database({str(tmp_path / "c.db")!r})
        w = MainWindow(db)
        w.show()
        w.show_page(PAGES.index("培训"))
        app.processEvents()
        w.close()
        print("closed", flush=True)
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TALENTDESK_HOME=str(tmp_path / "home"))
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "closed" in done.stdout and done.returncode == 0, done.stderr
