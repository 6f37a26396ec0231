"""Issue 20 §2 in the GUI: route, 聘任 and 享受待遇 in the teacher file's title dialog; the 岗位与职称 tab of the 学校
page (post usage, blocked schools, 评而未聘 with filters, export); 岗位设置 and the route list opened the way a clerk
opens them (exec, with a gc.collect() while they are open), on the small county of tests/titles_builder.py."""

import gc

import pytest
from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from talentdesk.gui.bus import DataBus
from talentdesk.gui.pages.schools import SchoolsPage
from talentdesk.gui.pages.titles_tab import LISTS, PostStructuresDialog, RouteNamesDialog, StructureDialog
from talentdesk.gui.teacher_file.dialog import TeacherFileDialog
from talentdesk.gui.teacher_file.record_dialog import RecordDialog
from talentdesk.services.people import teachers, titles
from tests.titles_builder import build

pytestmark = pytest.mark.gui


@pytest.fixture
def county(db):
    return db, build(db)


def _names(tab):
    return [n for n, _ in LISTS].index


def test_the_title_dialog_keeps_route_appointment_and_benefit(qtbot, county):
    db, b = county
    titles.add_route(db, "援藏专项评审")
    dlg = TeacherFileDialog(db, DataBus(), b["t"]["辛"])
    qtbot.addWidget(dlg)
    tab = dlg.record_tabs["titles"]
    headers = [tab.table.horizontalHeaderItem(c).text() for c in range(tab.table.columnCount())]
    assert "评审方式" in headers and "聘任年月" in headers and "只享受职称待遇" in headers
    assert tab.table.item(0, headers.index("评审方式")).text() == "考核认定"
    form = RecordDialog(tab.tab, tab.records[0], tab.schools, dlg, tab.options)
    qtbot.addWidget(form)
    route = form.form.fields["route"]
    assert route.findText("援藏专项评审") > 0  # the bureau's list, not only the national one
    route.setEditText("走后门")
    form.accept()
    assert form.result_values is None and "不在评审方式名录" in form.form.error_text("route")
    route.setEditText("破格晋升")
    form.form.fields["appointed"].setText("2021-09")
    form.accept()
    assert form.result_values is None and "早于取得" in form.form.error_text("appointed")
    form.form.fields["appointed"].setText("2023-09")
    form.accept()
    assert form.result_values["route"] == "破格" and form.result_values["appointed"].iso() == "2023-09"
    tab.records[0] = {**form.result_values, "id": tab.records[0]["id"]}
    dlg.save()
    rec = teachers.get(db, b["t"]["辛"])["titles"][0]
    assert rec["route"] == "破格" and rec["appointed"].iso() == "2023-09"
    form.close()
    dlg.close()


def test_the_schools_page_lists_usage_blocks_and_the_waiting(qtbot, county, monkeypatch, tmp_path):
    db, _ = county
    page = SchoolsPage(db, DataBus())
    qtbot.addWidget(page)
    page.resize(1340, 700)
    page.show()
    page.tabs.setCurrentWidget(page.titles)
    tab = page.titles
    tab.on.setDate(QDate(2025, 6, 30))
    tab.first.setValue(2021)
    tab.last.setValue(2025)
    tab.refresh()  # on a worker
    tab.loader.wait()
    index = _names(tab)
    assert tab.model.rowCount() == 3  # two schools and 合计
    rows = {tab.model.row_at(r)[0]: tab.model.row_at(r) for r in range(3)}
    assert rows["城关第一小学"][-1] == "高级1人"
    tab.which.setCurrentIndex(index("岗位已满、教师待聘"))
    assert [tab.model.row_at(r)[3] for r in range(tab.model.rowCount())] == ["高级"]
    tab.which.setCurrentIndex(index("评而未聘名单"))
    assert tab.model.rowCount() == 3
    tab.area.setCurrentText("乡村")
    assert [tab.model.row_at(r)[3] for r in range(tab.model.rowCount())] == ["辛老师"]
    tab.area.setCurrentIndex(0)
    tab.long_only.setChecked(True)
    assert [tab.model.row_at(r)[3] for r in range(tab.model.rowCount())] == ["丙老师"]
    tab.long_only.setChecked(False)
    tab.school.setCurrentText("城关第一小学")
    assert tab.model.rowCount() == 2
    out = tmp_path / "职称.xlsx"
    monkeypatch.setattr("talentdesk.gui.file_dialogs.save_path", lambda *a, **k: str(out))
    assert tab.export(".xlsx") == str(out) and out.stat().st_size > 0
    page.grab().save(str(tmp_path / "titles.png"))
    page.close()


def _later(step):
    def run():
        gc.collect()
        step(QApplication.activeModalWidget())

    QTimer.singleShot(50, run)


def test_post_structures_through_exec_after_gc(qtbot, county, answers):
    db, b = county
    page = SchoolsPage(db, DataBus())
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentWidget(page.titles)
    seen = {}

    def fill(form):
        assert isinstance(form, StructureDialog)
        form.school.setCurrentIndex(form.school.findData(b["schools"]["乡中心小学"]))
        form.year.setValue(2026)
        form.counts["senior"].setValue(2)
        form.grades.setText("五级=3")
        form.accept()  # more 高级 grades than 高级 posts: stays open, says why
        seen["error"] = form.form.error_text("grades")
        form.grades.setText("五级=1;七级=1")
        form.accept()

    def outer(dlg):
        assert isinstance(dlg, PostStructuresDialog)
        seen["before"] = dlg.table.rowCount()
        _later(fill)
        dlg.add()
        seen["after"] = dlg.table.rowCount()
        dlg.reject()

    _later(outer)
    page.titles.edit_structures()
    assert seen == {"before": 2, "after": 3, "error": "高级各等级岗位合计 3 个，超过高级岗位数 2 个"}
    rec = titles.structures(db, b["schools"]["乡中心小学"])[0]
    assert (rec["year"], rec["senior"], rec["grades"]) == (2026, 2, "五级=1;七级=1")

    def routes(dlg):
        assert isinstance(dlg, RouteNamesDialog)
        dlg.new_name.setText("援疆专项评审")
        dlg.add_route()
        seen["routes"] = dlg.table.rowCount()
        dlg.reject()

    _later(routes)
    page.titles.edit_routes()
    assert seen["routes"] == 8
    page.close()


def test_the_structure_dialog_edits_a_stored_one(qtbot, county):
    db, b = county
    rec = titles.structures(db, b["schools"]["城关第一小学"])[0]
    form = StructureDialog(db, [(b["schools"]["城关第一小学"], "城关第一小学")], rec)
    qtbot.addWidget(form)
    assert form.counts["middle"].value() == 3 and form.grades.text() == "五级=1;六级=1;八级=2"
    form.counts["middle"].setValue(4)
    form.accept()
    assert form.result() == QDialog.DialogCode.Accepted
    assert titles.structures(db, b["schools"]["城关第一小学"])[0]["middle"] == 4
    form.close()


def test_the_reports_page_shows_and_prints_the_titles_report(qtbot, county, answers):
    from PySide6.QtCore import Qt

    from talentdesk.gui.pages.reports import ReportsPage
    from talentdesk.gui.reports import printing
    from tests.gui.preview_check import preview_pages

    db, _ = county
    page = ReportsPage(db, DataBus())
    qtbot.addWidget(page)
    page.resize(1340, 700)
    page.show()
    page.dashboard.loader.wait()
    tab = page.reports
    row = next(i for i in range(tab.list.count()) if tab.list.item(i).data(Qt.ItemDataRole.UserRole).name == "titles")
    tab.list.setCurrentRow(row)
    tab.period_from.setText("2021")
    tab.period_to.setText("2025-12")
    tab.run()
    assert tab.report is not None and tab.report.title == "职称与岗位设置"
    assert tab.report.summary["obtained_total"] == 4
    seen = preview_pages(tab.print_report)  # painted after gc.collect()
    assert seen.get("pages") == printing.page_count(tab.report) >= 1 and seen["inked"]
    page.close()


def test_the_structures_dialog_exports_the_template_layout(qtbot, county, monkeypatch, tmp_path):
    db, _ = county
    out = tmp_path / "岗位设置.xlsx"
    monkeypatch.setattr("talentdesk.gui.file_dialogs.save_path", lambda *a, **k: str(out))
    dlg = PostStructuresDialog(db)
    qtbot.addWidget(dlg)
    assert dlg.export() == str(out) and out.stat().st_size > 0 and "已导出 2 条" in dlg.windowTitle()
    dlg.close()


def test_a_title_added_through_exec_after_gc(qtbot, county):
    db, b = county
    dlg = TeacherFileDialog(db, DataBus(), b["t"]["丁"])
    qtbot.addWidget(dlg)
    tab = dlg.record_tabs["titles"]

    def fill(form):
        assert isinstance(form, RecordDialog)
        f = form.form.fields
        f["title"].setCurrentText("高级教师")
        f["obtained"].setText("2024-10")
        f["route"].setEditText("乡村教师定向评价")
        f["benefit_only"].setCurrentText("否")
        form.accept()

    _later(fill)
    tab.add()  # exec
    assert tab.records[-1]["route"] == "乡村教师定向评价" and tab.records[-1]["appointed"] is None
    dlg.save()
    recs = teachers.get(db, b["t"]["丁"])["titles"]
    assert any(r["title"] == "高级教师" and r["route"] == "乡村教师定向评价" for r in recs)
