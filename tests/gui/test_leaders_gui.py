"""Issue 20 §1 in the GUI: the 职务 tab of the teacher file with its add/edit dialog, and the 领导班子 tab of the
学校 page (lists at a date, export, 职务名录), on the small county of tests/leaders_builder.py."""

import datetime as dt

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog

from talentdesk.gui.bus import DataBus
from talentdesk.gui.pages.leaders_tab import LISTS, LeaderNamesDialog, LeadersTab
from talentdesk.gui.pages.schools import SchoolsPage
from talentdesk.gui.teacher_file.dialog import TeacherFileDialog
from talentdesk.gui.teacher_file.leader_posts_tab import LeaderPostDialog
from talentdesk.services.people import leaders, schools
from tests.leaders_builder import build

pytestmark = pytest.mark.gui


@pytest.fixture
def county(db):
    return db, build(db)


def test_the_teacher_file_lists_the_posts_and_the_dialog_saves_one(qtbot, county, monkeypatch):
    db, b = county
    tid = b["t"]["赵老师"]
    dlg = TeacherFileDialog(db, DataBus(), tid)
    qtbot.addWidget(dlg)
    tab = dlg.leader_posts
    titles = [dlg.tabs.tabText(i) for i in range(dlg.tabs.count())]
    assert "职务" in titles
    dlg.tabs.setCurrentWidget(tab)
    assert tab.model.rowCount() == 2
    assert [tab.model.row_at(r)[1] for r in range(2)] == ["副校长", "教务主任"]  # current first
    assert "现任：副校长" in tab.summary.text()

    form = LeaderPostDialog(db, tid, None, schools.choices(db), b["schools"]["城关中学"], dlg)
    qtbot.addWidget(form)
    f = form.form.fields
    assert f["school_id"].currentText() == "城关中学" and f["method"].currentText() == "任命"
    f["post"].setCurrentText("教研组长")
    form.accept()  # no 任职时间: stays open, the field says why
    assert form.saved_id is None and "必须填写" in form.form.error_text("start")
    f["start"].setText("2015-09")
    f["end"].setText("2018-08")
    f["evaluation"].setEditText("称职")
    f["document"].setText("城中〔2015〕3号")
    form.accept()
    assert form.saved_id is not None and form.result() == QDialog.DialogCode.Accepted
    tab.load(db, tid, schools.choices(db))
    assert tab.model.rowCount() == 3

    # editing opens with the stored values; a second principal at a school with one is refused, in the dialog
    rec = next(r for r in tab.records if r["post"] == "教研组长")
    edit = LeaderPostDialog(db, tid, rec, schools.choices(db), None, dlg)
    qtbot.addWidget(edit)
    assert edit.form.fields["document"].text() == "城中〔2015〕3号" and edit.form.fields["start"].text() == "2015-09"
    edit.form.fields["post"].setCurrentText("校长")
    edit.form.fields["end"].setText("")
    edit.accept()
    assert "王校长" in edit.form.error_text("start")
    edit.close()
    form.close()
    dlg.close()


def test_a_new_teacher_file_asks_to_save_before_posts(qtbot, db):
    dlg = TeacherFileDialog(db, DataBus(), None)
    qtbot.addWidget(dlg)
    assert not dlg.leader_posts.add_button.isEnabled()
    assert "保存教师档案后" in dlg.leader_posts.summary.text()
    dlg.close()


def test_the_schools_page_shows_the_lists_and_exports_them(qtbot, county, monkeypatch, tmp_path):
    db, _ = county
    page = SchoolsPage(db, DataBus())
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    page.tabs.setCurrentWidget(page.leaders)
    tab: LeadersTab = page.leaders
    tab.on.setDate(QDate(2025, 6, 30))
    tab.first.setValue(2018)
    tab.last.setValue(2025)
    tab.refresh()
    assert tab.model.rowCount() == 6
    tab.school.setCurrentText("城关第一小学")
    assert tab.model.rowCount() == 3
    tab.which.setCurrentIndex(LISTS.index("缺少校长或书记的学校"))
    tab.school.setCurrentIndex(0)
    assert sorted(tab.model.row_at(r)[0] for r in range(tab.model.rowCount())) == ["乡中心小学", "城关中学"]
    tab.which.setCurrentIndex(LISTS.index("校长任期满名单"))
    assert [tab.model.row_at(r)[2] for r in range(tab.model.rowCount())] == ["张校长"]
    tab.which.setCurrentIndex(LISTS.index("提拔任用人数"))
    assert {r[0]: r[1] for r in tab.model.rows}["合计"] == 5
    out = tmp_path / "领导.xlsx"
    monkeypatch.setattr("talentdesk.gui.file_dialogs.save_path", lambda *a, **k: str(out))
    assert tab.export(".xlsx") == str(out) and out.stat().st_size > 0
    page.grab().save(str(tmp_path / "leaders.png"))
    page.close()


def test_the_names_dialog_adds_and_recategorises(qtbot, db):
    dlg = LeaderNamesDialog(db)
    qtbot.addWidget(dlg)
    n = dlg.table.rowCount()
    dlg.new_name.setText("安全办主任")
    dlg.category.setCurrentText("中层")
    dlg.add_name()
    assert dlg.table.rowCount() == n + 1 and dlg.changed
    dlg.table.setCurrentCell(n, 0)
    dlg.category.setCurrentText("其他")
    dlg.set_category()
    assert {x["name"]: x["category"] for x in leaders.names(db)}["安全办主任"] == "其他"
    dlg.close()


def test_dates_today_by_default(qtbot, db):
    tab = LeadersTab(db, DataBus())
    qtbot.addWidget(tab)
    d = tab.on.date()
    assert dt.date(d.year(), d.month(), d.day()) == dt.date.today()
    tab.close()


def test_a_post_saved_in_a_file_shows_on_the_schools_page_when_next_shown(qtbot, county, monkeypatch, answers):
    db, b = county
    bus = DataBus()
    page = SchoolsPage(db, bus)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentWidget(page.leaders)
    n = page.leaders.model.rowCount()
    page.tabs.setCurrentIndex(0)  # the list of schools: 领导班子 hidden
    dlg = TeacherFileDialog(db, bus, b["t"]["孙老师"])
    qtbot.addWidget(dlg)

    def fill_and_accept(self):  # the clerk types a post and presses 确定 (no modal loop in a test)
        self.form.fields["post"].setCurrentText("教研组长")
        self.form.fields["start"].setText("2024-09")
        self.accept()
        return self.result()

    monkeypatch.setattr(LeaderPostDialog, "exec", fill_and_accept)
    assert dlg.leader_posts.add()
    page.tabs.setCurrentWidget(page.leaders)
    assert page.leaders.model.rowCount() == n + 1
    dlg.close()
    page.close()


def test_a_double_click_on_a_person_opens_the_teacher_file(qtbot, county):
    from PySide6.QtWidgets import QMainWindow

    db, b = county
    opened = []

    class Window(QMainWindow):
        class teachers:  # the 教师 page's opener, as the main window has it
            @staticmethod
            def open_teacher(tid):
                opened.append(tid)
                return tid

    window = Window()
    qtbot.addWidget(window)
    tab = LeadersTab(db, DataBus())
    window.setCentralWidget(tab)
    tab.on.setDate(QDate(2025, 6, 30))
    tab.first.setValue(2018)
    tab.last.setValue(2025)
    tab.refresh()
    assert "双击" in tab.note.text()
    names = {tab.model.row_at(r)[4]: r for r in range(tab.model.rowCount())}  # 姓名 column of the team list
    assert tab.open_teacher(names["赵老师"]) == b["t"]["赵老师"]
    tab.which.setCurrentIndex(LISTS.index("校长任期满名单"))
    assert tab.open_teacher(0) == b["t"]["张校长"]
    tab.which.setCurrentIndex(LISTS.index("提拔任用名单"))
    assert all(tab.open_teacher(r) is not None for r in range(tab.model.rowCount()))
    tab.which.setCurrentIndex(LISTS.index("缺少校长或书记的学校"))  # schools, not people: nothing to open
    assert "双击" not in tab.note.text() and tab.open_teacher(0) is None
    assert opened[:2] == [b["t"]["赵老师"], b["t"]["张校长"]]
