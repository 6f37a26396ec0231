"""Issue 21 §5 in the GUI: the 课题类别… button of the 课题研究 tab — the bureau's list of kinds, a local kind added
(then offered by the filter and the project dialog), a kind in use not removed (the message says how many
projects use it), the list's buttons off for a 查阅员."""

import gc

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from talentdesk.gui import names_dialog
from talentdesk.gui.bus import DataBus
from talentdesk.gui.cultivation.research_tab import ResearchDialog, ResearchTab
from talentdesk.services.accounts import access
from talentdesk.services.accounts.access import VIEWER, Identity
from talentdesk.services.cultivation import research
from tests.cultivation_builder import build

pytestmark = pytest.mark.gui


@pytest.fixture
def county(db):
    return db, build(db)


def test_the_list_of_kinds_takes_a_local_kind_and_keeps_one_in_use(qtbot, county, monkeypatch):
    db, c = county
    research.save(
        db,
        None,
        {"title": "农村初中数学分层作业设计研究", "level": "市级", "kind": "一般课题", "approved": "2024-06"},
        [{"teacher_id": c["t"]["张堃"], "role": "主持人"}],
    )
    tab = ResearchTab(db, DataBus())
    qtbot.addWidget(tab)
    assert [tab.kind.itemText(i) for i in range(tab.kind.count())] == [
        "全部",
        "重点课题",
        "一般课题",
        "专项课题",
        "青年课题",
        "自筹课题",
    ]
    monkeypatch.setattr(names_dialog.QInputDialog, "getText", lambda *a, **k: ("规划课题", True))
    warned: list[str] = []
    monkeypatch.setattr(names_dialog, "warn", lambda _w, _t, text: warned.append(text))
    seen: list[str] = []

    def edit():
        dlg = QApplication.activeModalWidget()
        QTimer.singleShot(3000, dlg.reject)
        assert dlg.windowTitle() == "课题类别"
        seen.append(dlg.list.item(1).text())
        dlg.add()
        seen.append(dlg.list.item(dlg.list.count() - 1).text())
        dlg.list.setCurrentRow(1)  # 一般课题: used by one project
        dlg.remove()
        dlg.reject()

    gc.collect()
    QTimer.singleShot(0, edit)
    tab.edit_kinds()
    assert seen == ["一般课题　（1 项课题）", "规划课题"]
    assert warned == ["有 1 项课题使用“一般课题”，不能从课题类别中删除"]
    assert tab.kind.itemText(tab.kind.count() - 1) == "规划课题"
    tab.kind.setCurrentText("一般课题")
    assert tab.model.rowCount() == 1
    tab.kind.setCurrentText("规划课题")
    assert tab.model.rowCount() == 0
    dlg = ResearchDialog(db, None, tab)
    box = dlg.combos["kind"]
    assert box.itemText(box.count() - 1) == "规划课题"
    dlg.deleteLater()
    tab.close()


def test_a_viewer_sees_the_list_but_cannot_change_it(qtbot, county):
    db, _c = county
    access.sign_in(db, Identity("小王", VIEWER))
    tab = ResearchTab(db, DataBus())
    qtbot.addWidget(tab)
    seen: dict = {}

    def look():
        dlg = QApplication.activeModalWidget()
        QTimer.singleShot(3000, dlg.reject)
        from PySide6.QtWidgets import QPushButton

        seen.update({b.text(): b.isEnabled() for b in dlg.findChildren(QPushButton)})
        seen["rows"] = dlg.list.count()
        dlg.reject()

    gc.collect()
    QTimer.singleShot(0, look)
    tab.edit_kinds()
    assert seen["rows"] == 5 and seen["添加…"] is False and seen["删除"] is False
    tab.close()
