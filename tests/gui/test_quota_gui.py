"""编制台账 tab (issue 22 §1): the list and its filters, add / correct / void through the real dialogs (exec, after
gc.collect), the per-school view (空编/超编) at a date, export to Excel, keys; a screenshot to look at."""

import gc
import os

import openpyxl
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from talentdesk.gui.bus import DataBus
from talentdesk.gui.deployment import quota_dialogs, quota_tab
from talentdesk.services.deployment import quota_ledger
from tests.quota_builder import build

pytestmark = pytest.mark.gui


@pytest.fixture
def tab(db, qtbot, monkeypatch):
    ids = build(db)
    monkeypatch.setattr(quota_tab, "warn", lambda *a, **k: pytest.fail(f"warning shown: {a[1:]}"))
    bus = DataBus()
    t = quota_tab.QuotaTab(db, bus)
    qtbot.addWidget(t)
    t.resize(1340, 640)
    t.show()
    yield t, ids
    t.close()
    bus.deleteLater()


def rows(list_detail):
    m = list_detail.model
    return [m.row_at(i) for i in range(m.rowCount())]


def test_the_list_and_its_filters(tab):
    t, ids = tab
    led = t.ledger
    assert len(rows(led.list)) == 11
    assert "核定编制 32 个" in led.total.text() and "周转池余额 4 个" in led.total.text()
    led.school_box.setCurrentIndex(led.school_box.findData(ids["河村学校"]))
    assert {r.kind for r in rows(led.list)} == {"核定", "调剂", "核减"}
    led.school_box.setCurrentIndex(0)
    led.year_box.setCurrentIndex(led.year_box.findData(2025))
    assert [r.kind for r in rows(led.list)] == ["收回", "核减"]
    led.year_box.setCurrentIndex(0)
    led.start.setText("2025-03")
    led.end.setText("2025-06")
    led.refresh()
    assert len(rows(led.list)) == 4
    led.start.setText("")
    led.end.setText("")
    led.refresh()
    led.list.filter.setCurrentText("调剂")
    (move,) = rows(led.list)
    assert move.effect == "城关中学 −1 → 河村学校 +1"
    if os.environ.get("TALENTDESK_SCREENSHOT"):
        led.list.filter.setCurrentText("全部")
        led.list.view.selectRow(3)
        t.grab().save(os.environ["TALENTDESK_SCREENSHOT"])


def test_add_correct_and_void_through_the_real_dialogs(tab, db):
    t, ids = tab
    led = t.ledger
    seen = {}

    def bad_then_good():
        dlg = led._dlg
        QTimer.singleShot(3000, dlg.reject)  # never left open if saving failed
        f = dlg.form.fields
        f["kind"].setCurrentText("调剂")
        assert f["to_school_id"].isEnabled()
        f["school_id"].setCurrentText("城关小学")
        f["to_school_id"].setCurrentText("城关小学")
        f["count"].setText("1")
        f["decided_on"].setText("2025-12-01")
        dlg.try_save()
        seen["doc"] = dlg.form.error_text("doc_no")
        seen["to"] = dlg.form.error_text("to_school_id")
        f["kind"].setCurrentText("核增")
        assert not f["to_school_id"].isEnabled()
        f["doc_no"].setText("县编办〔2025〕20号")
        f["count"].setText("3")
        dlg.try_save()

    gc.collect()
    QTimer.singleShot(0, bad_then_good)
    led.add()
    assert led._dlg.result() == QDialog.DialogCode.Accepted
    assert seen == dict(doc="请填写文号（编制决定都要有文号）", to="调剂需要两所不同的学校（调出学校与调入学校相同）")
    assert quota_ledger.ledger_at(db).quota[(ids["城关小学"], "小学")] == 17
    assert led.list.current_row().doc_no == "县编办〔2025〕20号"

    def correct():
        dlg = led._dlg
        QTimer.singleShot(3000, dlg.reject)
        assert dlg.form.fields["doc_no"].text() == "县编办〔2025〕20号"
        dlg.form.fields["count"].setText("2")
        dlg.try_save()

    gc.collect()
    QTimer.singleShot(0, correct)
    led.edit()
    assert led._dlg.result() == QDialog.DialogCode.Accepted
    assert quota_ledger.ledger_at(db).quota[(ids["城关小学"], "小学")] == 16

    def void():
        dlg = led._dlg
        QTimer.singleShot(3000, dlg.reject)
        dlg.try_save()
        seen["void"] = dlg.form.error_text("void_reason")
        dlg.reason.setText("重复录入")
        dlg.try_save()

    gc.collect()
    QTimer.singleShot(0, void)
    QTest.keyClick(led.list.view, Qt.Key.Key_Delete)  # Del: 作废
    assert led._dlg.result() == QDialog.DialogCode.Accepted
    assert seen["void"] == "请填写作废原因"
    assert quota_ledger.ledger_at(db).quota[(ids["城关小学"], "小学")] == 14
    row = led.list.current_row()
    assert row.state == "已作废" and row.void_reason == "重复录入"


def test_schools_at_a_date_and_county(tab):
    t, ids = tab
    t.tabs.setCurrentWidget(t.schools)
    t.schools.date.setText("2025-12-01")
    t.schools.refresh()
    got = {(r.school, r.stage): (r.quota, r.in_post, r.remark) for r in rows(t.schools.list)}
    assert got[("城关小学", "小学")] == (14, 12, "空编") and got[("城关中学", "初中")] == (9, 10, "超编")
    m = t.schools.list.model
    i = next(i for i in range(m.rowCount()) if m.row_at(i).remark == "超编")
    assert m.data(m.index(i, 0), Qt.ItemDataRole.BackgroundRole).name() == "#fde2e2"
    assert "编制使用率 96.9%" in t.schools.note.text()  # 31 in 编 of 32
    t.schools.date.setText("2025-03-31")
    t.schools.refresh()
    got = {(r.school, r.stage): r.quota for r in rows(t.schools.list)}
    assert got[("城关小学", "小学")] == 12
    (county,) = rows(t.county.list)
    assert county[2:5] == (5000, 3100, "62.0%")


def test_export_to_excel_prints_with_borders(tab, tmp_path, monkeypatch):
    t, ids = tab
    out = tmp_path / "编制台账.xlsx"
    monkeypatch.setattr(quota_tab, "ask_save_path", lambda *a: str(out))
    t.ledger.list.filter.setCurrentText("调剂")
    QTest.keyClick(t.ledger.list.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["编制台账", "编制使用率（" + __import__("datetime").date.today().isoformat() + "）"]
    ws = wb["编制台账"]
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "县编办〔2025〕4号" in values and "县编办〔2024〕1号" not in values  # the filtered rows only
    header = next(r for r in ws.iter_rows() if any(c.value == "文号" for c in r))
    assert all(c.border.left.style for c in header if c.value)
    assert ws.page_setup.paperSize in ("9", 9) and ws.print_title_rows


def test_the_dialogs_fit_a_laptop_screen(db, qtbot):
    build(db)
    for dlg in (
        quota_dialogs.QuotaDialog(db, None),
        quota_dialogs.VoidDialog(db, quota_ledger.decisions(db)[0]),
        quota_dialogs.CountyDialog(db, None),
    ):
        qtbot.addWidget(dlg)
        dlg.show()
        assert dlg.width() <= 1366 and dlg.height() <= 700
        dlg.close()


def test_template_and_import_from_the_tab(tab, db, tmp_path, monkeypatch):
    t, ids = tab
    path = tmp_path / "编制台账.xlsx"
    monkeypatch.setattr(quota_tab, "ask_save_path", lambda *a: str(path))
    t.ledger.save_template()
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    ws.cell(4, 1, "城关小学")
    ws.cell(4, 3, "核增")
    ws.cell(4, 4, 1)
    ws.cell(4, 7, "县编办〔2025〕30号")
    ws.cell(4, 8, "2025-12-08")
    wb.save(path)
    told = []
    monkeypatch.setattr(quota_tab, "ask_open_path", lambda *a: str(path))
    monkeypatch.setattr(quota_tab, "inform", lambda _p, _t, text: told.append(text))
    t.ledger.import_file()
    assert told and told[0].startswith("已导入 1 条编制决定")
    assert len(rows(t.ledger.list)) == 12
    assert quota_ledger.ledger_at(db).quota[(ids["城关小学"], "小学")] == 15


def test_the_reports_page_runs_the_ledger_statistics_over_a_period(db, qtbot):
    from talentdesk.gui.pages.reports import ReportsPage
    from tests.gui.preview_check import preview_pages

    build(db)
    bus = DataBus()
    page = ReportsPage(db, bus)
    qtbot.addWidget(page)
    page.resize(1300, 720)
    page.show()
    page.dashboard.loader.wait()
    tab = page.reports
    page.tabs.setCurrentWidget(tab)
    i = next(i for i in range(tab.list.count()) if tab.list.item(i).data(Qt.ItemDataRole.UserRole).name == "quota")
    tab.list.setCurrentRow(i)
    assert tab.period.isEnabled()
    tab.period_from.setText("2024")
    tab.period_to.setText("2024")
    tab.run()
    assert "2024年编制台账统计" in tab.title.text()
    model = tab.parts.widget(0).model()
    first = model.rows[model.visible[0]]
    assert first[:4] == ("核定", 4, 3, 27)
    if os.environ.get("TALENTDESK_SCREENSHOT_REPORT"):
        page.grab().save(os.environ["TALENTDESK_SCREENSHOT_REPORT"])
    gc.collect()
    seen = preview_pages(tab.print_report)
    assert seen.get("pages", 0) >= 1 and seen["inked"]
    for d in page.lists:
        d.close()
    page.close()
    bus.deleteLater()
