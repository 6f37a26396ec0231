"""设置 → 报表与公示 (issue 18 §3): the issuer, the notice's 监督电话/联系人 and the watermark default are set
once and show on every 公示名单 and report; the 师徒结对 公示名单 is also saved as a print-ready Excel file."""

import subprocess

import openpyxl
import pytest
from PySide6.QtWidgets import QPushButton

from talentdesk.gui.bus import DataBus
from talentdesk.gui.cultivation import pairings_tab
from talentdesk.gui.pages.mentoring import MentoringPage
from talentdesk.gui.pages.paper_settings import PaperSettingsTab
from talentdesk.gui.reports.report_tab import ReportTab
from talentdesk.services.cultivation import mentoring
from talentdesk.services.platform import paper_settings
from tests.cultivation_builder import build

pytestmark = pytest.mark.gui

UNIT = "禾川县教育和体育局"


@pytest.fixture
def bus(qtbot):
    b = DataBus()
    yield b
    b.deleteLater()


def test_settings_tab_saves_issuer_contact_and_watermark(qtbot, db, bus, answers):
    tab = PaperSettingsTab(db, bus)
    qtbot.addWidget(tab)
    assert tab.watermark.isChecked()  # on by default, as before
    report_tab = ReportTab(db)
    qtbot.addWidget(report_tab)
    assert report_tab.watermark.isChecked()
    bus.changed.connect(lambda what: report_tab.paper_changed() if what == "settings" else None)
    tab.unit.setText(UNIT)
    tab.phone.setText("0571-12345678")
    tab.contact.setText("人事股 堃老师")
    tab.watermark.setChecked(False)
    tab.save()
    assert tab.state.text() == "已保存"
    assert paper_settings.load(db) == paper_settings.Paper(UNIT, "0571-12345678", "人事股 堃老师", False)
    # the 统计报表 page follows: its watermark box starts unticked, its 填报单位 is the same
    assert not report_tab.watermark.isChecked() and report_tab.unit.text() == UNIT
    fresh = ReportTab(db)
    qtbot.addWidget(fresh)
    assert not fresh.watermark.isChecked()
    # too long: said under the field, nothing stored
    tab.phone.setText("1" * 31)
    tab.save()
    assert tab.errors["phone"].isVisibleTo(tab) and "30" in tab.errors["phone"].text()
    assert paper_settings.load(db).phone == "0571-12345678"
    # an issuer once set is not cleared by mistake
    tab.load()
    tab.unit.setText("")
    tab.save()
    assert "不能清空" in tab.errors["unit"].text() and paper_settings.load(db).unit == UNIT


def test_pairing_notice_excel_beside_print_is_ready_to_print(qtbot, db, bus, answers, tmp_path, monkeypatch):
    build(db)
    paper_settings.save(db, unit=UNIT, phone="0571-12345678", contact="人事股 堃老师")
    pid = mentoring.save_programme(db, None, {"name": "2026年青蓝工程", "year": "2026"})
    from tests.gui.test_cultivation_gui import pick

    page = MentoringPage(db, bus)
    qtbot.addWidget(page)
    tab = page.pairings
    dlg = tab.open_dialog(None)
    pick(dlg.mentor, "王建国")
    pick(dlg.mentee, "吉𠮷")
    dlg.form.fields["start"].setText("2026-09")
    assert dlg.save() is True
    dlg.deleteLater()
    tab.fill_programmes()
    tab.programme.setCurrentIndex(tab.programme.findData(pid))
    buttons = [b.text() for b in tab.findChildren(QPushButton)]
    assert buttons.index("公示名单 Excel…") == buttons.index("打印公示名单…") + 1
    out = tmp_path / "公示名单.xlsx"
    monkeypatch.setattr(pairings_tab, "ask_save_path", lambda *a: str(out))
    tab.save_notice_xlsx()
    ws = openpyxl.load_workbook(out).active
    flat = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
    assert ws["A1"].value == "2026年青蓝工程师徒结对名单（公示）"
    assert any("公示期" in v and "监督电话：0571-12345678" in v for v in flat)
    assert "监督电话：0571-12345678　联系人：人事股 堃老师" in flat and UNIT in flat
    assert "吉𠮷" in flat and not any("内部资料" in v for v in flat)  # a public notice is not classified
    head = next(r[0].row for r in ws.iter_rows() if r[0].value == "序号")
    assert ws.print_title_rows == f"${head}:${head}"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.paperSize == 9  # A4
    last_row = max(c.row for r in ws.iter_rows() for c in r if c.value not in (None, ""))
    assert ws.print_area == [f"'{ws.title}'!$A$1:$I${last_row}"] or ws.print_area == f"'{ws.title}'!$A$1:$I${last_row}"
    person = next(r for r in ws.iter_rows() if r[4].value == "吉𠮷")
    assert all(c.border.left.style == "thin" and c.border.bottom.style == "thin" for c in person)
    # the printed notice says the same
    pdf = tmp_path / "公示名单.pdf"
    monkeypatch.setattr(pairings_tab, "ask_save_path", lambda *a: str(pdf))
    tab.save_notice()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "0571-12345678" in text and "人事股 堃老师" in text and UNIT in text
