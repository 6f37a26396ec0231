"""Issue 21 §3 in the GUI: the 学校结对 tab under 交流轮岗 — the add/edit dialog run through exec, the details of
what happened in a period beside the list, the list of kinds, delete."""

import gc

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from talentdesk.gui import names_dialog
from talentdesk.gui.bus import DataBus
from talentdesk.gui.deployment import school_pairings_tab
from talentdesk.gui.deployment.school_pairings_tab import SchoolPairingDialog, kinds_dialog
from talentdesk.gui.pages.deployment import DeploymentPage
from talentdesk.services.cultivation import activities
from talentdesk.services.deployment import school_pairings
from tests.cultivation_builder import build

pytestmark = pytest.mark.gui


@pytest.fixture
def county(db):
    return db, build(db)


def rows(tab):
    return [tab.model.row_at(r) for r in range(tab.model.rowCount())]


def test_a_pairing_is_added_through_the_dialog_and_its_figures_shown(qtbot, county, monkeypatch):
    db, c = county
    sid, t = c["schools"], c["t"]
    activities.save(
        db,
        None,
        {
            "kind": "送教下乡",
            "title": "城关中学数学送教",
            "start": "2025-10-14",
            "level": "校级",
            "school_id": sid["柳河乡中学"],
        },
        [{"teacher_id": t["李䶮"]}, {"teacher_id": t["钱晓"]}],
    )
    page = DeploymentPage(db, DataBus())
    qtbot.addWidget(page)
    page.resize(1340, 640)
    page.show()
    tab = page.school_pairings
    page.exchange.setCurrentWidget(tab)
    assert "学校结对" in [page.exchange.tabText(i) for i in range(page.exchange.count())]
    assert rows(tab) == []
    seen = {}

    def fill():
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, SchoolPairingDialog)
        QTimer.singleShot(5000, dlg.reject)  # never left open if saving failed
        f = dlg.form.fields
        f["name"].setText("城关中学—柳河乡中学城乡一体化")
        f["kind"].setCurrentText("城乡对口学校一体化")
        f["lead_school_id"].setCurrentText("城关中学")
        f["start"].setText("2025-09")
        f["end"].setText("2025-03")  # before the start: said under the field, not saved
        f["doc_number"].setText("青教体发〔2025〕12号")
        dlg.actions_edit.setPlainText("每学期送教不少于 2 次\n每年交流骨干教师 2 人")
        dlg.schools.school.setCurrentText("柳河乡中学")
        dlg.schools.add()
        dlg.schools.school.setCurrentText("柳河乡中学")
        dlg.schools.add()  # twice: refused with a message
        seen["twice"] = dlg.schools.problem.text()
        dlg.save()
        seen["error"] = dlg.form.error_text("end")
        f["end"].setText("")
        dlg.save()

    QTimer.singleShot(0, fill)
    gc.collect()
    tab.add()
    assert "已在结对学校中" in seen["twice"]
    assert "早于开始日期" in seen["error"]
    [row] = rows(tab)
    assert (row.name, row.lead, row.members, row.schools) == (
        "城关中学—柳河乡中学城乡一体化",
        "城关中学",
        "柳河乡中学",
        2,
    )
    tab.select_key(row.id)
    html = tab.detail.toHtml()
    assert "结对活动 1 次、2 人次" in html and "每年交流骨干教师 2 人" in html
    tab.first.setText("2026")
    tab._on_select()
    assert "结对活动 0 次" in tab.detail.toHtml()

    def edit():
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, SchoolPairingDialog)
        QTimer.singleShot(5000, dlg.reject)
        assert dlg.schools.table.rowCount() == 2 and dlg.edits["doc_number"].text() == "青教体发〔2025〕12号"
        dlg.edits["end"].setText("2028-08")
        dlg.save()

    QTimer.singleShot(0, edit)
    tab.edit()
    assert rows(tab)[0].end == "2028-08"
    monkeypatch.setattr(school_pairings_tab, "confirm", lambda *a: True)
    tab.delete()
    assert rows(tab) == [] and school_pairings.list_rows(db) == []
    page.close()


def test_the_kinds_dialog_adds_and_removes_a_local_kind(qtbot, db, monkeypatch):
    dlg = kinds_dialog(db)
    qtbot.addWidget(dlg)
    assert dlg.windowTitle() == "结对类型"
    assert [dlg.list.item(i).text() for i in range(dlg.list.count())][:2] == ["城乡对口学校一体化", "结对帮扶"]
    asked: list[tuple] = []
    monkeypatch.setattr(
        names_dialog.QInputDialog, "getText", lambda *a, **k: asked.append(a[1:3]) or ("城乡学校共同体", True)
    )
    dlg.add()
    assert asked == [("添加结对类型", "类型名称：")]
    assert dlg.list.item(dlg.list.count() - 1).text() == "城乡学校共同体"
    dlg.list.setCurrentRow(dlg.list.count() - 1)
    dlg.remove()
    assert "城乡学校共同体" not in [dlg.list.item(i).text() for i in range(dlg.list.count())]
    dlg.close()
