"""Issue 21 §5 in the GUI: the 课题研究 tab of the 培训 page (the dialog with the group added in bulk, a host named,
rules said at their fields, run through exec after gc.collect()), the filters, the detail under the list, the step
set for several projects at once, the buttons a 查阅员 may not use, and the teacher file's tab."""

import gc

import pytest
from PySide6.QtCore import QItemSelectionModel, QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from talentdesk.gui.bus import DataBus
from talentdesk.gui.cultivation.bulk_attendees import BulkAttendeesDialog
from talentdesk.gui.cultivation.research_tab import ResearchDialog
from talentdesk.gui.pages.training import TrainingPage
from talentdesk.gui.teacher_file.dialog import TeacherFileDialog
from talentdesk.services.accounts import access
from talentdesk.services.accounts.access import CLERK, VIEWER, Identity
from talentdesk.services.cultivation import research
from tests.cultivation_builder import build

pytestmark = pytest.mark.gui


@pytest.fixture
def county(db):
    return db, build(db)


def rows(tab):
    return [tab.model.row_at(r) for r in range(tab.model.rowCount())]


def test_a_project_is_added_with_its_group_in_bulk(qtbot, county):
    db, c = county
    page = TrainingPage(db, DataBus())
    qtbot.addWidget(page)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles.index("课题研究") == titles.index("教学竞赛") + 1
    tab = page.research
    page.resize(1340, 640)
    page.show()
    page.tabs.setCurrentWidget(tab)
    assert rows(tab) == []
    seen = {}

    def bulk():
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, BulkAttendeesDialog)
        QTimer.singleShot(3000, dlg.reject)
        dlg.paste.setPlainText("张堃\n吉𠮷\n李䶮")
        dlg.from_paste()
        dlg.accept()

    def fill():
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, ResearchDialog)
        QTimer.singleShot(5000, dlg.reject)  # never left open if saving failed
        f = dlg.form.fields
        f["title"].setText("基于核心素养的初中数学单元整体教学研究")
        f["level"].setCurrentText("省级")
        f["kind"].setCurrentText("重点课题")
        f["issuer"].setText("省教育科学规划领导小组办公室")
        f["number"].setText("2024JK015")
        f["approved"].setText("2024-06")
        f["planned_end"].setText("2023-06")
        dlg.save()  # the planned end before the 立项: said at the field, nothing saved
        seen["end"] = dlg.form.error_text("planned_end")
        f["planned_end"].setText("2026-06")
        dlg.save()  # no group yet: no host
        seen["host"] = dlg.message.text()
        gc.collect()
        QTimer.singleShot(0, bulk)
        dlg.add_bulk()
        seen["count"] = dlg.count.text()  # the first added hosts
        table = dlg.members.table
        table.selectionModel().select(
            table.model().index(2, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        assert dlg.host_selected()  # 李䶮 hosts instead
        seen["after"] = dlg.count.text()
        dlg.save()

    gc.collect()
    QTimer.singleShot(0, fill)
    tab.add()
    assert seen["end"] == "计划结题日期 2023-06 早于立项日期 2024-06"
    assert "课题组成员中要有主持人" in seen["host"]
    assert seen["count"] == "课题组 3 人；主持人：张堃"
    assert seen["after"] == "课题组 3 人；主持人：李䶮"
    (row,) = rows(tab)
    assert row[1:10] == (
        "2024-06",
        "基于核心素养的初中数学单元整体教学研究",
        "省级",
        "重点课题",
        "2024JK015",
        "李䶮",
        "城关中学",
        3,
        "立项",
    )
    tab.select_key(row[0])
    assert "主持人：李䶮（城关中学）" in tab.detail.text() and "成员：张堃（青禾镇中学）、吉𠮷" in tab.detail.text()
    # a second project, then both concluded at once
    research.save(
        db,
        None,
        {"title": "乡村小学英语绘本阅读研究", "level": "县级", "kind": "一般课题", "approved": "2025-03"},
        [{"teacher_id": c["t"]["孙悦"], "role": "主持人"}],
    )
    tab.refresh()
    assert len(rows(tab)) == 2
    tab.view.selectAll()
    assert tab.set_step("获奖", "2026-05", "二等奖") == 2
    assert {r[9] for r in rows(tab)} == {"获奖（二等奖）"}
    tab.status_box.setCurrentText("立项")
    assert rows(tab) == []
    tab.status_box.setCurrentText("全部")
    tab.level.setCurrentText("县级")
    assert [r[2] for r in rows(tab)] == ["乡村小学英语绘本阅读研究"]
    tab.level.setCurrentText("全部")
    tab.year.setValue(2024)
    assert [r[2] for r in rows(tab)] == ["基于核心素养的初中数学单元整体教学研究"]

    file = TeacherFileDialog(db, DataBus(), c["t"]["李䶮"])
    qtbot.addWidget(file)
    i = [file.tabs.tabText(k) for k in range(file.tabs.count())].index("课题")
    model = file.tabs.widget(i).model
    assert model.row_at(0)[1] == "基于核心素养的初中数学单元整体教学研究" and model.row_at(0)[4] == "主持人"
    file.close()
    page.close()


@pytest.mark.parametrize("role", [VIEWER, CLERK])
def test_the_buttons_follow_the_role(qtbot, county, role):
    db, _c = county
    access.sign_in(db, Identity("小王", role))
    page = TrainingPage(db, DataBus())
    qtbot.addWidget(page)
    tab = page.research
    found = {b.text(): b for b in tab.findChildren(QPushButton)}
    may = role == CLERK
    for name in ("新增课题", "删除", "设定进展…", "导入…"):
        assert found[name].isEnabled() is may, name
    for name in ("编辑", "模板…", "导出 Excel…"):
        assert found[name].isEnabled(), name
    if not may:
        assert "查阅员只能查看和打印" in found["新增课题"].toolTip()
    dlg = ResearchDialog(db, None, page)
    assert dlg.save_button.isEnabled() is may and dlg.bulk.isEnabled() is may
    dlg.deleteLater()
    page.close()
