"""流失预警 → 响应记录 (issue 22 §3): the list with open and overdue cases highlighted, the add/edit dialog (the
real one, through exec), export to Excel; and a screenshot of the tab to look at."""

import gc
import os

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog

from talentdesk.gui.bus import DataBus
from talentdesk.gui.deployment import attrition_tab, dialogs
from talentdesk.services.deployment import responses
from tests.watch_builder import build

pytestmark = pytest.mark.gui


@pytest.fixture
def tab(db, qtbot, monkeypatch):
    ids = build(db)
    monkeypatch.setattr(attrition_tab, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(attrition_tab, "warn", lambda *a, **k: pytest.fail(f"warning shown: {a[1:]}"))
    bus = DataBus()
    t = attrition_tab.AttritionTab(db, bus)
    qtbot.addWidget(t)
    t.resize(1340, 640)
    t.show()
    t.tabs.setCurrentWidget(t.responses)
    yield t, ids
    t.close()
    bus.deleteLater()


def rows(list_detail):
    m = list_detail.model
    return [m.row_at(i) for i in range(m.rowCount())]


def test_the_list_shows_each_response_with_open_and_overdue_highlighted(tab, tmp_path):
    t, ids = tab
    got = rows(t.responses)
    assert len(got) == 4
    m = t.responses.model
    colours = {}
    for i in range(m.rowCount()):
        r = m.row_at(i)
        bg = m.data(m.index(i, 0), Qt.ItemDataRole.BackgroundRole)
        colours.setdefault(r[attrition_tab.R["state"]], set()).add(bg.name() if bg is not None else None)
    today_states = {r[attrition_tab.R["state"]] for r in got}
    assert "逾期" in today_states and colours["逾期"] == {attrition_tab.STATE_COLOURS["逾期"]}
    assert colours["已结"] == {None}
    assert "逾期" in t.response_counts.text()
    if os.environ.get("TALENTDESK_SCREENSHOT"):
        t.responses.view.selectRow(0)
        t.grab().save(os.environ["TALENTDESK_SCREENSHOT"])


def test_record_a_response_from_the_watch_list_through_the_real_dialog(tab, db, monkeypatch, qtbot):
    t, ids = tab
    t.tabs.setCurrentWidget(t.watch)
    watched = rows(t.watch)
    i = next(i for i, r in enumerate(watched) if r[1] == "甲硕")
    t.watch.view.selectRow(i)
    assert t.watch.current_row()[1] == "甲硕"

    def fill():
        dlg = t._response_dlg
        QTimer.singleShot(3000, dlg.reject)  # never left open if saving failed
        f = dlg.form.fields
        f["talked_on"].setText("2025-10-08")
        f["talked_by"].setText("局长")
        next(b for b in dlg.offer_boxes if b.text() == "子女入学").setChecked(True)
        f["offered_more"].setText("人才公寓")
        f["outcome"].setCurrentText("留任")
        dlg.try_save()

    gc.collect()
    QTimer.singleShot(0, fill)
    t.add_response_for_watched()
    assert t._response_dlg.result() == QDialog.DialogCode.Accepted
    mine = [r for r in responses.responses(db, teacher_id=ids["甲硕"]) if r[6] == "局长"]
    assert [(r[7], r[8]) for r in mine] == [("子女入学、人才公寓", "留任")]
    assert "人才公寓" in responses.offer_choices(db)
    assert len(rows(t.responses)) == 5

    # edit it: the dialog loads the record; a bad follow-up keeps it open with the message under the field
    t.tabs.setCurrentWidget(t.responses)
    j = next(i for i, r in enumerate(rows(t.responses)) if r[6] == "局长")
    t.responses.view.selectRow(j)

    seen = {}

    def bad_then_cancel():
        dlg = t._response_dlg
        try:
            f = dlg.form.fields
            checked = [b.text() for b in dlg.offer_boxes if b.isChecked()]
            seen.update(by=f["talked_by"].text(), more=f["offered_more"].text(), checked=checked)
            f["outcome"].setCurrentText("跟进中")
            dlg.try_save()
            seen["error"] = dlg.form.error_text("follow_up")
        finally:
            dlg.reject()  # never left open, whatever happened above

    gc.collect()
    QTimer.singleShot(0, bad_then_cancel)
    t.edit_response()
    assert t._response_dlg.result() == QDialog.DialogCode.Rejected
    # 人才公寓 joined the list when saved: a box of its own now, ticked
    assert seen == dict(by="局长", more="", checked=["子女入学", "人才公寓"], error="结果为“跟进中”时请填写跟进日期")


def test_export_and_delete(tab, db, tmp_path, monkeypatch):
    t, ids = tab
    out = tmp_path / "响应.xlsx"
    monkeypatch.setattr(attrition_tab, "ask_save_path", lambda *a: str(out))
    t.export_responses()
    ws = openpyxl.load_workbook(out).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "甲硕" in values and "逾期" in values
    t.responses.view.selectRow(0)
    t.delete_response()
    assert len(rows(t.responses)) == 3


def test_the_dialog_fits_a_laptop_screen(db, qtbot):
    ids = build(db)
    dlg = dialogs.ResponseDialog(db, ids["甲硕"], "甲硕")
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.width() <= 1366 and dlg.height() <= 700
    dlg.close()


def test_code_a_separation_through_the_real_dialog(tab, db):
    from talentdesk.services.deployment import attrition as svc

    t, ids = tab
    t.tabs.setCurrentWidget(t.seps)
    i = next(i for i, r in enumerate(rows(t.seps)) if r[2] == "城退")
    t.seps.view.selectRow(i)

    def fill():
        dlg = t._codes_dlg
        QTimer.singleShot(3000, dlg.reject)  # never left open if saving failed
        dlg.codes["reason_code"].setCurrentText("其他")
        dlg.codes["dest_province"].setText("山东省")
        dlg.try_save()

    gc.collect()
    QTimer.singleShot(0, fill)
    t.code_separation()
    assert t._codes_dlg.result() == QDialog.DialogCode.Accepted
    sep = next(r for r in svc.separations(db) if r[2] == "城退")
    assert svc.separation_codes(db, sep[0]) == dict(
        reason_code="其他", dest_kind="", dest_province="山东省", dest_city=""
    )
    assert next(r for r in rows(t.seps) if r[2] == "城退")[attrition_tab.S["dest_place"]] == "山东省"
    if os.environ.get("TALENTDESK_SCREENSHOT"):
        t.seps.view.selectRow(0)
        t.grab().save(os.environ["TALENTDESK_SCREENSHOT"].replace(".png", "_seps.png"))


def test_the_list_of_offers_is_edited_one_per_line(tab, db, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    t, _ids = tab
    shown = []

    def answer(parent, title, label, text):
        shown.append(text)
        return "子女入学\n周转房\n\n绩效倾斜\n周转房", True

    monkeypatch.setattr(QInputDialog, "getMultiLineText", answer)
    t.edit_offers()
    assert shown == ["子女入学\n周转房\n职称\n交流回城\n其他"]
    assert responses.offer_choices(db) == ["子女入学", "周转房", "绩效倾斜"]
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a: ("\n", True))
    monkeypatch.setattr(attrition_tab, "warn", lambda _p, _t, text: shown.append(text))
    t.edit_offers()
    assert shown[-1] == "条件列表至少要有一项" and responses.offer_choices(db) == ["子女入学", "周转房", "绩效倾斜"]
