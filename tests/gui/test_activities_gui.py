"""Issue 21 §1 in the GUI: the 活动登记 tab of the 培训 page (filters, the add/edit dialog with bulk participants run
through exec after gc.collect(), the list of kinds, Excel), and the 活动 tab of the teacher file."""

import gc

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from talentdesk.gui import names_dialog, record_files
from talentdesk.gui.bus import DataBus
from talentdesk.gui.cultivation import activities_tab
from talentdesk.gui.cultivation.activities_tab import ActivitiesTab, ActivityDialog
from talentdesk.gui.cultivation.bulk_attendees import BulkAttendeesDialog
from talentdesk.gui.pages.training import TrainingPage
from talentdesk.gui.teacher_file.dialog import TeacherFileDialog
from talentdesk.services.cultivation import activities
from tests.cultivation_builder import build

pytestmark = pytest.mark.gui


@pytest.fixture
def county(db):
    return db, build(db)


def rows(tab):
    return [tab.model.row_at(r) for r in range(tab.model.rowCount())]


def test_an_activity_is_added_with_participants_in_bulk_through_the_dialog(qtbot, county):
    db, c = county
    page = TrainingPage(db, DataBus())
    qtbot.addWidget(page)
    assert "活动登记" in [page.tabs.tabText(i) for i in range(page.tabs.count())]
    tab = page.activities
    page.resize(1340, 640)
    page.show()
    page.tabs.setCurrentWidget(tab)
    assert rows(tab) == [] and "送教下乡" in [tab.kind.itemText(i) for i in range(tab.kind.count())]
    seen = {}

    def bulk():  # the nested 批量添加 dialog: a pasted column, matched, then 添加
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, BulkAttendeesDialog)
        QTimer.singleShot(3000, dlg.reject)
        dlg.paste.setPlainText("王建国\n钱晓\n查无此人")
        dlg.from_paste()
        seen["bulk"] = dlg.summary.text()
        dlg.accept()

    def fill():
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, ActivityDialog)
        QTimer.singleShot(5000, dlg.reject)  # never left open if saving failed
        f = dlg.form.fields
        f["kind"].setCurrentText("送教下乡")
        f["level"].setCurrentText("县级")
        f["title"].setText("初中数学送教到柳河")
        f["start"].setText("2025-10-14")
        f["end"].setText("2025-10-01")
        f["school_id"].setEditText("柳河乡中学")
        f["lessons"].setText("3")
        dlg.save()  # the end before the start: the field says so, nothing saved
        seen["end"] = dlg.form.error_text("end")
        f["end"].setText("")
        gc.collect()
        QTimer.singleShot(0, bulk)
        dlg.add_bulk()
        seen["count"] = dlg.count.text()
        dlg.save()

    gc.collect()
    QTimer.singleShot(0, fill)
    tab.add()
    assert seen["end"] == "结束日期 2025-10-01 早于开始日期 2025-10-14"
    assert seen["bulk"].startswith("将添加 2 人") and "未找到 1 行" in seen["bulk"]
    assert seen["count"] == "参加教师 2 人"
    (row,) = rows(tab)
    assert row[3:5] == ("送教下乡", "初中数学送教到柳河") and row[7] == "柳河乡中学" and row[8] == 2

    # filters: kind, level, school (of a participant), period
    tab.kind.setCurrentText("公开课")
    assert rows(tab) == []
    tab.kind.setCurrentText("全部")
    tab.level.setCurrentText("市级")
    assert rows(tab) == []
    tab.level.setCurrentText("全部")
    tab.first.setText("2025-11")
    tab.refresh()
    assert rows(tab) == []
    tab.first.setText("2025-13")
    tab.refresh()
    assert "月份" in tab.problem.text()
    tab.first.setText("2025")
    tab.refresh()
    assert len(rows(tab)) == 1

    # a duplicate participant added by hand is refused with the row named
    aid = row[0]

    def duplicate():
        dlg = QApplication.activeModalWidget()
        QTimer.singleShot(3000, dlg.reject)
        first = dlg.people.rows()[0]
        dlg.people.add_row({"teacher_id": first["teacher_id"], "name": first["name"], "role": "参加"})
        dlg.save()
        seen["dup"] = dlg.message.text()
        dlg.reject()

    tab.select_key(aid)
    gc.collect()
    QTimer.singleShot(0, duplicate)
    tab.edit()
    assert "第3名参加教师（王建国）与第1名重复" in seen["dup"]
    assert len(activities.get(db, aid)["participants"]) == 2
    page.close()


def test_the_list_of_kinds_takes_a_local_kind(qtbot, county, monkeypatch):
    db, _c = county
    tab = ActivitiesTab(db, DataBus())
    qtbot.addWidget(tab)
    asked: list[tuple] = []
    monkeypatch.setattr(
        names_dialog.QInputDialog, "getText", lambda *a, **k: asked.append(a[1:3]) or ("读书沙龙", True)
    )

    def add():
        dlg = QApplication.activeModalWidget()
        QTimer.singleShot(3000, dlg.reject)
        dlg.add()
        seen.append(dlg.list.item(dlg.list.count() - 1).text())
        dlg.reject()

    seen: list[str] = []
    gc.collect()
    QTimer.singleShot(0, add)
    tab.edit_kinds()
    assert seen == ["读书沙龙"] and asked == [("添加活动类别", "类别名称：")]
    assert tab.kind.itemText(tab.kind.count() - 1) == "读书沙龙"
    tab.close()


def test_the_teacher_file_lists_the_activities_of_every_source(qtbot, county):
    db, c = county
    t = c["t"]
    activities.save(
        db,
        None,
        {"kind": "师德巡讲", "title": "师德巡讲第一场", "start": "2025-09-10", "level": "县级"},
        [{"teacher_id": t["李䶮"], "role": "主讲"}],
    )
    dlg = TeacherFileDialog(db, DataBus(), t["李䶮"])
    qtbot.addWidget(dlg)
    assert "活动" in [dlg.tabs.tabText(i) for i in range(dlg.tabs.count())]
    tab = dlg.activities
    assert [tab.model.row_at(0)[i] for i in (1, 2, 4, 5)] == ["师德巡讲", "师德巡讲第一场", "主讲", "活动登记"]
    assert tab.summary.text() == "参加活动 1 次：师德巡讲 1"
    dlg.close()


def test_a_new_activity_dialog_fits_and_starts_empty(qtbot, county):
    db, _c = county
    dlg = ActivityDialog(db)
    qtbot.addWidget(dlg)
    assert dlg.size().width() <= 1366 and dlg.size().height() <= 728
    assert dlg.count.text() == "参加教师 0 人" and dlg.result() == QDialog.DialogCode.Rejected
    picker = dlg.people.picker
    tid, label = picker._search(db, "张堃")[0]
    picker.set_teacher(tid, label)
    dlg.people.add_button.click()  # one teacher from the picker: the school shows as with the bulk list
    assert dlg.count.text() == "参加教师 1 人"
    assert dlg.people.table.item(0, 0).text() == "张堃" and dlg.people.table.item(0, 1).text() == "青禾镇中学"
    dlg.close()


def test_the_template_is_saved_and_a_filled_one_imported_from_the_tab(qtbot, county, monkeypatch, tmp_path):
    import openpyxl

    from talentdesk.gui import file_dialogs

    db, _c = county
    tab = ActivitiesTab(db, DataBus())
    qtbot.addWidget(tab)
    path = tmp_path / "活动登记.xlsx"
    monkeypatch.setattr(activities_tab, "ask_save_path", lambda *a, **k: str(path))
    tab.save_template()
    wb = openpyxl.load_workbook(path)
    sheet = wb["活动（每行一项）"]
    filled = (
        ["联片教研", "柳河片数学联片教研", "2025-11-12", "", "柳河乡中心校", "柳河乡中学", "校级", 2]
        + ["", "", "", 3, "王建国、钱晓、查无此人"],
        ["红色教育", "红色教育基地参观", "2025-10-08", "", "县教育局", "县革命烈士纪念馆", "县级", ""]
        + ["", "", "", 8, "李䶮、张堃"],
    )
    for r, values in enumerate(filled, start=4):  # the clerk types under the header, as the instruction says
        for col, v in enumerate(values, 1):
            sheet.cell(r, col, v)
    wb.save(path)
    monkeypatch.setattr(file_dialogs, "open_paths", lambda *a, **k: [str(path)])
    asked: list[str] = []
    monkeypatch.setattr(record_files, "confirm", lambda _p, _t, text: asked.append(text) or True)
    tab.import_files()
    assert "可导入活动 1 项、参加教师 2 人次；1 项活动有错误" in asked[0]
    assert "第 4 行，M（参加教师）列：档案中没有名为“查无此人”的教师" in asked[0]
    assert [r[4] for r in rows(tab)] == ["红色教育基地参观"]
    tab.close()
