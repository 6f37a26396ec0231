"""Training hours a clerk can explain (issue 14 §5): the courses behind a teacher's hours in the teacher
file's 培训 tab and by double-click in 学时统计; attendees added in bulk with the matches shown first."""

import datetime as dt

import pytest
from PySide6.QtCore import QTimer

from talentdesk.gui.bus import DataBus
from talentdesk.gui.cultivation.bulk_attendees import ADD, BulkAttendeesDialog
from talentdesk.gui.cultivation.courses_tab import CourseDialog
from talentdesk.gui.pages.training import TrainingPage
from talentdesk.gui.teacher_file.dialog import TeacherFileDialog
from talentdesk.services.cultivation import training
from tests.cultivation_builder import build, make_id

pytestmark = pytest.mark.gui
YEAR = dt.date.today().year


@pytest.fixture
def county(db):
    c = build(db)
    t = c["t"]
    training.save_course(
        db,
        None,
        {"name": "国培计划——乡村教师访名校", "level": "国培", "start": f"{YEAR}-03", "hours": 72},
        [{"teacher_id": t["吉𠮷"]}, {"teacher_id": t["张堃"], "hours": 60}],
    )
    training.save_course(
        db,
        None,
        {"name": "县级数学教研", "level": "县培", "start": f"{YEAR}-05", "hours": 12},
        [{"teacher_id": t["吉𠮷"]}],
    )
    training.save_course(
        db,
        None,
        {"name": "很早的校本培训", "level": "校本", "start": "2001-03", "hours": 30},
        [{"teacher_id": t["吉𠮷"]}],
    )
    return db, c


def test_teacher_file_has_a_training_tab_whose_rows_add_up_to_the_hours(qtbot, county):
    db, c = county
    dlg = TeacherFileDialog(db, DataBus(), c["t"]["吉𠮷"])
    qtbot.addWidget(dlg)
    titles = [dlg.tabs.tabText(i) for i in range(dlg.tabs.count())]
    assert "培训" in titles
    tab = dlg.training
    rows = [tab.model.row_at(i) for i in range(tab.model.rowCount())]
    counted = [r for r in rows if r[-1] == "是"]
    assert {r[0] for r in counted} == {"国培计划——乡村教师访名校", "县级数学教研"}
    assert [r[0] for r in rows if r[-1] == "否"] == ["很早的校本培训"]  # another cycle: listed, not counted
    listed = {r[1]: r for r in training.hours_rows(db)}
    assert sum(float(r[5]) for r in counted) == float(listed["吉𠮷"][7]) == 84
    assert "认定 <b>84</b> 学时" in tab.summary.text() or "认定 84 学时" in tab.summary.text()
    dlg._force_close = True
    dlg.close()


def test_double_click_in_the_hours_list_shows_the_courses(qtbot, county):
    db, c = county
    page = TrainingPage(db, DataBus())
    qtbot.addWidget(page)
    hours = page.hours
    qtbot.waitUntil(lambda: not hours.loader.loading)  # the hours are read on a worker (issue 16 §4)
    hours.search.setText("张堃")
    assert hours.model.rowCount() == 1
    index = hours.model.index(0, 0)
    hours.view.doubleClicked.emit(index)  # was: nothing happened
    dlg = hours.details[-1]
    assert dlg.isVisible() and dlg.windowTitle() == "张堃的培训学时"
    shown = [dlg.tab.model.row_at(i)[:2] for i in range(dlg.tab.model.rowCount())]
    assert shown == [("国培计划——乡村教师访名校", "国培")]
    assert dlg.tab.model.row_at(0)[5] == "60"
    dlg.close()


def test_bulk_add_from_paste_shows_matches_before_adding(qtbot, county):
    db, c = county
    course = CourseDialog(db, None)
    qtbot.addWidget(course)
    bulk = BulkAttendeesDialog(db, {c["t"]["李䶮"]}, course)
    qtbot.addWidget(bulk)
    bulk.paste.setPlainText(f"李䶮\n张堃\t{make_id(1980, 12)}\n查无此人\n孙悦")
    bulk.from_paste()
    status = {bulk.model.row_at(i)[2]: bulk.model.row_at(i)[5] for i in range(bulk.model.rowCount())}
    assert status == {"李䶮": "已在名单中", f"张堃\t{make_id(1980, 12)}": ADD, "查无此人": "未找到", "孙悦": ADD}
    assert bulk.ok.text() == "添加 2 人" and "未找到 1 行" in bulk.summary.text()
    assert {name for _, name, _ in bulk.chosen} == {"张堃", "孙悦"}


def test_bulk_add_from_school_and_filter_then_saved_with_the_course(qtbot, county):
    db, c = county
    course = CourseDialog(db, None)
    qtbot.addWidget(course)
    f = course.form.fields
    f["name"].setText("青年教师基本功培训")
    f["level"].setCurrentText("县培")
    f["start"].setText(f"{YEAR}-09")
    f["hours"].setText("24")

    def choose_school():
        bulk = course.bulk
        bulk.school.setCurrentText("柳河乡中学")
        bulk.from_school()
        assert [bulk.model.row_at(i)[3] for i in range(bulk.model.rowCount())] == ["钱晓", "王建国", "赵小青"]  # pinyin
        bulk.accept()

    QTimer.singleShot(0, choose_school)
    course.add_in_bulk()
    assert [r["name"] for r in course.people.rows()] == ["钱晓", "王建国", "赵小青"]
    assert "已添加 3 人" in course.people_note.text()

    def choose_filter():
        bulk = course.bulk
        bulk.filters["subject"].setCurrentText("数学")
        bulk.filters["township"].setCurrentText("青禾镇")
        bulk.from_filter()
        rows = [bulk.model.row_at(i) for i in range(bulk.model.rowCount())]
        assert sorted(r[3] for r in rows) == ["吉𠮷", "张堃"] and all(r[5] == ADD for r in rows)
        bulk.accept()

    QTimer.singleShot(0, choose_filter)
    course.add_in_bulk()
    course.save()
    assert course.result() == course.DialogCode.Accepted
    saved = training.get_course(db, course.course_id)
    assert sorted(r["name"] for r in saved["records"]) == sorted(["钱晓", "王建国", "赵小青", "吉𠮷", "张堃"])
    assert {r["hours"] for r in saved["records"]} == {24.0}
