"""荣誉名称对照 from the 统计报表 page: a text not on the list is mapped once, remembered, and the annual honours
table counts it under the chosen name."""

import gc

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from talentdesk.gui.bus import DataBus
from talentdesk.gui.pages.reports import ReportsPage
from talentdesk.gui.reports.honour_names_dialog import HonourNamesDialog
from talentdesk.services.people import honour_names, teachers


@pytest.fixture
def honoured(filled_db):
    ids = {r[1]: r[0] for r in teachers.list_rows(filled_db)}
    for name, text in (("张堃", "县级乡村优秀教师"), ("王芳", "优秀 班主任")):
        _add(filled_db, ids[name], text)
    return filled_db


def _add(db, tid, text):
    from talentdesk.domain.dates import PartialDate
    from talentdesk.store.models import Honour
    from talentdesk.store.uow import UnitOfWork

    with UnitOfWork(db) as uow:
        uow.session.add(Honour(teacher_id=tid, name=text, level="县级", date=PartialDate(2025, 9)))
        uow.commit()


def test_mapping_dialog_remembers_and_the_annual_counts_it(qtbot, honoured):
    dlg = HonourNamesDialog(honoured)
    qtbot.addWidget(dlg)
    assert dlg.unmatched.rowCount() == 1 and dlg.unmatched.item(0, 0).text() == "县级乡村优秀教师"
    dlg.new_name.setText("乡村优秀教师")
    dlg.add_name()
    assert dlg.names.item(dlg.names.count() - 1).text() == "乡村优秀教师"
    assert dlg.unmatched.rowCount() == 0  # 县级 + a name of the list now
    dlg.new_name.setText("红烛教师")
    dlg.add_name()
    _add(honoured, teachers.list_rows(honoured)[0][0], "红蜡烛教师奖")
    dlg.refresh()
    assert dlg.unmatched.item(0, 0).text() == "红蜡烛教师奖"
    dlg.unmatched.selectRow(0)
    dlg.target.setCurrentIndex(dlg.target.findText("红烛教师"))
    dlg.level.setCurrentIndex(dlg.level.findData("县级"))
    dlg.map_selected()
    assert dlg.unmatched.rowCount() == 0 and dlg.changed
    assert honour_names.aliases(honoured)[0]["text"] == "红蜡烛教师"
    dlg.close()


def test_opened_from_the_reports_page(qtbot, honoured):
    page = ReportsPage(honoured, DataBus())
    qtbot.addWidget(page)
    tab = page.reports
    for i in range(tab.list.count()):
        if tab.list.item(i).data(Qt.ItemDataRole.UserRole).name == "annual":
            tab.list.setCurrentRow(i)
    tab.run()
    titles = [tab.parts.tabText(i) for i in range(tab.parts.count())]
    assert "荣誉表彰（按级别和名称）" in titles
    seen = []

    def close():
        d = QApplication.activeModalWidget()
        seen.append(d)
        d.reject()

    gc.collect()
    QTimer.singleShot(200, close)
    tab.edit_honour_names()
    assert isinstance(seen[0], HonourNamesDialog) and seen[0].unmatched.rowCount() == 1
    page.close()
