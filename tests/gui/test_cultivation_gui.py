"""师徒结对 and 培训 pages (issue 4): flows as a clerk runs them, with the modal helpers answered."""

import subprocess

import pytest
from PySide6.QtCore import Qt

from talentdesk.gui.bus import DataBus
from talentdesk.gui.cultivation import courses_tab, hours_tab, pairings_tab, studios_tab
from talentdesk.gui.cultivation.courses_tab import CourseDialog
from talentdesk.gui.cultivation.studios_tab import StudioDialog
from talentdesk.gui.cultivation.talent_tab import ReserveDialog
from talentdesk.gui.main_window import MainWindow
from talentdesk.gui.pages.mentoring import MentoringPage
from talentdesk.gui.pages.training import TrainingPage
from talentdesk.gui.teacher_file.dialog import TeacherFileDialog
from talentdesk.services.cultivation import mentoring, studios, training
from talentdesk.services.cultivation import tiers as talent
from tests.cultivation_builder import build
from tests.gui.preview_check import preview_pages

pytestmark = pytest.mark.gui


@pytest.fixture
def county(db):
    return db, build(db)


@pytest.fixture
def bus(qtbot):
    b = DataBus()
    yield b
    b.deleteLater()


def pick(picker, text):
    picker.query.setText(text)
    picker.search()
    assert picker.teacher_id(), f"{text} not found"


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_main_window_has_the_two_pages(qtbot, county, answers):
    db, _ = county
    w = MainWindow(db)
    qtbot.addWidget(w)
    assert isinstance(w.page("师徒结对"), MentoringPage) and isinstance(w.page("培训"), TrainingPage)
    w.close()


def test_add_a_pairing_with_warnings_then_print_agreement(qtbot, county, answers, bus, tmp_path, monkeypatch):
    db, c = county
    pid = mentoring.save_programme(db, None, {"name": "2026年青蓝工程", "year": "2026"})
    page = MentoringPage(db, bus)
    qtbot.addWidget(page)
    tab = page.pairings
    assert tab.programme.currentData() == pid
    dlg = tab.open_dialog(None)
    pick(dlg.mentor, "王建国")  # a language teacher for a maths mentee: a warning to confirm
    pick(dlg.mentee, "赵小青")
    dlg.form.fields["start"].setText("2026-09")
    dlg.activities.add_row({"kind": "公开课", "date": "2026-10-15", "place": "柳河乡中学"})
    answers.question = answers.question.__class__.No
    assert dlg.save() is False and "学科不同" in answers.asked[-1]
    answers.question = answers.question.__class__.Yes
    assert dlg.save() is True
    dlg.deleteLater()
    tab.fill_programmes()
    assert tab.model.rowCount() == 1
    row = tab.model.row_at(0)
    assert row[2] == "王建国" and row[4] == "赵小青" and row[13] == 1
    # the same pair again is refused with the rule's message in the dialog
    again = tab.open_dialog(None)
    pick(again.mentor, "王建国")
    pick(again.mentee, "赵小青")
    assert again.save() is False and "重复结对" in again.message.text()
    again.deleteLater()
    out = tmp_path / "协议书.pdf"
    monkeypatch.setattr(pairings_tab, "ask_save_path", lambda *a: str(out))
    tab.view.selectRow(0)
    tab.save_agreements()
    assert "师徒结对协议书" in pdf_text(out) and "赵小青" in pdf_text(out)
    notice = tmp_path / "公示.pdf"
    monkeypatch.setattr(pairings_tab, "ask_save_path", lambda *a: str(notice))
    tab.save_notice()
    text = pdf_text(notice)
    assert "公示" in text and "********" in text
    # 打印协议书 / 打印公示名单 open the print preview (issue 14 §1), every page painted after gc.collect()
    seen = preview_pages(tab.print_agreements)
    assert seen["pages"] == 1 and seen["inked"] and "师徒结对协议书" in seen["title"]
    tab.view.clearSelection()
    seen = preview_pages(tab.print_notice)
    assert seen["pages"] == 1 and seen["inked"] and "公示" in seen["title"]


def test_suggested_pairings_accept_some_and_see_them_in_the_teacher_file(qtbot, county, answers, bus):
    db, c = county
    page = MentoringPage(db, bus)
    qtbot.addWidget(page)
    tab = page.suggest
    tab.propose()
    names = [tab.table.item(r, 1).text() for r in range(tab.table.rowCount())]
    assert sorted(names) == ["吉𠮷", "赵小青", "钱晓"]
    assert "孙悦" in tab.unmatched.text()
    assert "同校（青禾镇中学）" in tab.table.item(names.index("吉𠮷"), 9).text()
    assert tab.checked() == []  # suggestions come unticked (issue 14): the clerk ticks those to accept
    for name in ("吉𠮷", "赵小青"):
        tab.table.item(names.index(name), 0).setCheckState(Qt.CheckState.Checked)
    tab.accept()
    assert tab.table.rowCount() == 1 and len(mentoring.list_pairings(db)) == 2
    dlg = TeacherFileDialog(db, bus, c["t"]["李䶮"])
    qtbot.addWidget(dlg)
    rows = dlg.pairings.model.rows
    assert [(r[1], r[2]) for r in rows] == [("导师", "赵小青")]
    assert dlg.tabs.tabText(dlg.tabs.indexOf(dlg.pairings)) == "师徒结对"
    dlg._force_close = True
    dlg.close()
    mentee = TeacherFileDialog(db, bus, c["t"]["吉𠮷"])
    qtbot.addWidget(mentee)
    assert [(r[1], r[2]) for r in mentee.pairings.model.rows] == [("青年教师", "张堃")]
    mentee._force_close = True
    mentee.close()


def test_change_a_proposed_mentor_before_accepting(qtbot, county, answers, bus):
    db, c = county
    page = MentoringPage(db, bus)
    qtbot.addWidget(page)
    tab = page.suggest
    tab.propose()
    names = [tab.table.item(r, 1).text() for r in range(tab.table.rowCount())]
    r = names.index("吉𠮷")
    tab.table.selectRow(r)
    tab.change_mentor(c["t"]["李䶮"], "李䶮")
    assert tab.table.item(r, 5).text() == "李䶮" and "人工调整" in tab.table.item(r, 9).text()
    tab.check_all(False)
    tab.table.item(r, 0).setCheckState(Qt.CheckState.Checked)
    tab.accept()
    row = dict(zip(mentoring.COLUMNS, mentoring.list_pairings(db)[0]))
    assert (row["mentor"], row["mentee"]) == ("李䶮", "吉𠮷")


def test_course_with_attendance_hours_and_record_form(qtbot, county, answers, bus, tmp_path, monkeypatch):
    db, c = county
    page = TrainingPage(db, bus)
    qtbot.addWidget(page)
    dlg = CourseDialog(db, None, page)
    f = dlg.form.fields
    f["name"].setText("国培计划——乡村教师访名校")
    f["level"].setCurrentText("国培")
    f["start"].setText("2026-07-10")
    f["hours"].setText("72")
    pick(dlg.people.picker, "吉𠮷")
    assert dlg.people.add_row()
    dlg.save()
    assert dlg.result() == dlg.DialogCode.Accepted
    dlg.deleteLater()
    bus.notify("training")
    assert page.courses.model.rowCount() == 1 and page.courses.model.row_at(0)[9] == 1
    hours = page.hours
    qtbot.waitUntil(lambda: not hours.loader.loading)  # the hours are read on a worker (issue 16 §4)
    hours.search.setText("吉𠮷")
    assert hours.model.rowCount() == 1 and hours.model.row_at(0)[7] == "72"
    hours.view.selectRow(0)
    out = tmp_path / "登记表.pdf"
    monkeypatch.setattr(hours_tab, "ask_save_path", lambda *a: str(out))
    hours.save_records()
    text = pdf_text(out)
    assert "教师培训学时登记表" in text and "吉𠮷" in text and "国培计划" in text
    seen = preview_pages(hours.print_records)
    assert seen["pages"] == 1 and seen["inked"] and "登记表" in seen["title"]
    hours.behind.setChecked(True)
    qtbot.waitUntil(lambda: not hours.loader.loading)  # the hours are read on a worker (issue 16 §4)
    hours.search.setText("")
    assert hours.model.rowCount() == 6  # everyone else has no hours yet
    assert courses_tab  # module kept for monkeypatching symmetry


def test_studio_and_reserve_pool(qtbot, county, answers, bus, tmp_path, monkeypatch):
    db, c = county
    page = TrainingPage(db, bus)
    qtbot.addWidget(page)
    dlg = StudioDialog(db, None, page)
    f = dlg.form.fields
    f["name"].setText("李䶮初中数学名师工作室")
    f["kind"].setCurrentText("名师工作室")
    f["level"].setCurrentText("县级")
    pick(dlg.host, "李䶮")
    pick(dlg.members.picker, "吉𠮷")
    dlg.members.add_row()
    dlg.save()
    assert dlg.result() == dlg.DialogCode.Accepted
    dlg.deleteLater()
    bus.notify("studios")
    assert page.studios.model.row_at(0)[4] == "李䶮"
    out = tmp_path / "成员.pdf"
    monkeypatch.setattr(studios_tab, "ask_save_path", lambda *a: str(out))
    page.studios.save_members()
    assert "吉𠮷" in pdf_text(out) and "成员名单" in pdf_text(out)
    seen = preview_pages(page.studios.print_members)
    assert seen["pages"] == 1 and seen["inked"] and "成员名单" in seen["title"]
    assert studios.teacher_studios(db, c["t"]["吉𠮷"]) == [("李䶮初中数学名师工作室", "成员")]
    rd = ReserveDialog(db, None, page)
    pick(rd.teacher, "张堃")
    rd.form.fields["pool"].setCurrentText("后备名师")
    rd.form.fields["entered"].setText("2026-03")
    rd.save()
    assert rd.result() == rd.DialogCode.Accepted
    rd.deleteLater()
    page.talent.refresh()
    qtbot.waitUntil(lambda: not page.talent.loader.loading)  # the ladder is read on a worker (issue 16 §4)
    assert page.talent.reserve.model.rowCount() == 1
    assert talent.reserve_rows(db)[0][1] == "张堃"
    assert training.list_courses(db) == []


def test_talent_tab_shows_the_tier_report(qtbot, county, bus):
    """The 人才梯队 tab shows the report's tier table and its 名优教师 share (issue 17 §3: one computation)."""
    from talentdesk.reports import catalogue
    from talentdesk.reports.params import Params

    db, _ = county
    page = TrainingPage(db, bus)
    qtbot.addWidget(page)
    page.talent.refresh()
    qtbot.waitUntil(lambda: not page.talent.loader.loading)  # the ladder is read on a worker (issue 16 §4)
    report = catalogue.compute(db, "tiers", Params())
    shown = [page.talent.tiers.row_at(r) for r in range(page.talent.tiers.rowCount())]
    assert [tuple(r) for r in shown] == [tuple(r) for r in report.main.rows]
    famous, teachers = report.summary["famous"], report.summary["teachers"]
    assert famous > 0
    assert f"名优教师 {famous} 人，占在岗教师 {teachers} 人" in page.talent.share_label.text()


def test_the_course_list_is_read_on_a_worker_when_the_page_is_built(qtbot, county, bus):
    """Issue 16 §4: the 培训 page is built without waiting for the course list; the list follows."""
    db, _ = county
    training.save_course(db, None, {"name": "县培——班主任工作", "level": "县培", "start": "2026-03-02", "hours": "12"})
    page = TrainingPage(db, bus)
    qtbot.addWidget(page)
    assert page.courses.loader.loading
    page.courses.loader.wait()
    assert page.courses.model.rowCount() == 1 and not page.courses.loader.loading
