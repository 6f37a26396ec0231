"""Issues 20 §3 and 21 §5 in the GUI: the 培养项目 tab of the 培训 page (the dialog with members added in bulk, a
result set for several at once, milestones, run through exec after gc.collect()), and the teacher file's tab."""

import gc

import pytest
from PySide6.QtCore import QItemSelectionModel, QTimer
from PySide6.QtWidgets import QApplication

from talentdesk.gui.bus import DataBus
from talentdesk.gui.cultivation.bulk_attendees import BulkAttendeesDialog
from talentdesk.gui.cultivation.programmes_tab import ProgrammeDialog
from talentdesk.gui.pages.training import TrainingPage
from talentdesk.gui.teacher_file.dialog import TeacherFileDialog
from talentdesk.services.cultivation import programmes
from tests.cultivation_builder import build

pytestmark = pytest.mark.gui


@pytest.fixture
def county(db):
    return db, build(db)


def rows(tab):
    return [tab.model.row_at(r) for r in range(tab.model.rowCount())]


def test_a_programme_is_added_with_members_in_bulk_and_results(qtbot, county):
    db, c = county
    page = TrainingPage(db, DataBus())
    qtbot.addWidget(page)
    assert "培养项目" in [page.tabs.tabText(i) for i in range(page.tabs.count())]
    tab = page.programmes
    page.resize(1340, 640)
    page.show()
    page.tabs.setCurrentWidget(tab)
    assert rows(tab) == []
    seen = {}

    def bulk():
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, BulkAttendeesDialog)
        QTimer.singleShot(3000, dlg.reject)
        dlg.paste.setPlainText("王建国\n钱晓\n张堃")
        dlg.from_paste()
        dlg.accept()

    def fill():
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, ProgrammeDialog)
        QTimer.singleShot(5000, dlg.reject)  # never left open if saving failed
        f = dlg.form.fields
        f["name"].setText("中青年学科带头人培养对象")
        f["kind"].setCurrentText("培养项目")
        f["level"].setCurrentText("县级")
        f["cohort"].setText("2023")
        f["start"].setText("2023-09")
        f["end"].setText("2023-01")
        f["target_kind"].setCurrentText("骨干教师")
        f["target_level"].setCurrentText("市级")
        dlg.save()  # the end before the start: the field says so, nothing saved
        seen["end"] = dlg.form.error_text("end")
        f["end"].setText("2026-08")
        gc.collect()
        QTimer.singleShot(0, bulk)
        dlg.add_bulk()
        table = dlg.members.table
        for r in (1, 2):  # 钱晓 and 张堃 finished; 王建国 stays 在培
            table.selectionModel().select(
                table.model().index(r, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
        seen["set"] = dlg.result_for_selected("结业")
        seen["count"] = dlg.count.text()
        dlg.steps.add_row({"title": "中期考核", "due": "2025-03"})
        dlg.save()

    gc.collect()
    QTimer.singleShot(0, fill)
    tab.add()
    assert seen["end"] == "结束日期 2023-01 早于开始日期 2023-09"
    assert seen["set"] == 2 and seen["count"].startswith("成员 3 人：在培 1，结业 2")
    (row,) = rows(tab)
    # 王建国 is 市级骨干教师 since 2024-09: he met the target, computed from his designations
    assert row[1:4] == ("中青年学科带头人培养对象", "2023", "培养项目") and row[8:] == ("市级骨干教师", 3, 1, 1)
    got = programmes.get(db, tab.model.row_at(0)[0])
    assert {m["name"]: m["result"] for m in got["members"]} == {"王建国": "在培", "钱晓": "结业", "张堃": "结业"}
    assert [m["title"] for m in got["milestones"]] == ["中期考核"]
    tab.level.setCurrentText("省级")
    assert rows(tab) == []

    file = TeacherFileDialog(db, DataBus(), c["t"]["王建国"])
    qtbot.addWidget(file)
    i = [file.tabs.tabText(k) for k in range(file.tabs.count())].index("培养项目")
    model = file.tabs.widget(i).model
    assert model.row_at(0)[0] == "中青年学科带头人培养对象" and model.row_at(0)[6] == "已达成"
    file.close()
    page.close()
