"""Issue 21 §2 in the GUI: the 教学竞赛 tab of the 培训 page (filters, the dialog with bulk entrants, results and
selection, run through exec after gc.collect(); the award shown among the teacher's honours), the list of kinds,
the template and import from the tab, and the 竞赛 tab of the teacher file."""

import gc

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from talentdesk.gui import names_dialog, record_files
from talentdesk.gui.bus import DataBus
from talentdesk.gui.cultivation import competitions_tab
from talentdesk.gui.cultivation.bulk_attendees import BulkAttendeesDialog
from talentdesk.gui.cultivation.competitions_tab import CompetitionDialog, CompetitionsTab
from talentdesk.gui.pages.training import TrainingPage
from talentdesk.gui.teacher_file.dialog import TeacherFileDialog
from talentdesk.services.cultivation import competitions
from tests.cultivation_builder import build

pytestmark = pytest.mark.gui


@pytest.fixture
def county(db):
    return db, build(db)


def rows(tab):
    return [tab.model.row_at(r) for r in range(tab.model.rowCount())]


def _combo(dlg, row: int, key: str):
    col = next(i for i, (k, _h, _o) in enumerate(dlg.people.columns) if k == key)
    return dlg.people.table.cellWidget(row, col)


def test_a_competition_is_added_with_entrants_in_bulk_and_their_results(qtbot, county):
    db, c = county
    city = competitions.save(
        db, None, dict(name="2025年市初中语文优质课", kind="优质课", level="市级", start="2025-12-01")
    )
    page = TrainingPage(db, DataBus())
    qtbot.addWidget(page)
    assert "教学竞赛" in [page.tabs.tabText(i) for i in range(page.tabs.count())]
    tab = page.competitions
    page.resize(1340, 640)
    page.show()
    page.tabs.setCurrentWidget(tab)
    assert len(rows(tab)) == 1 and "优质课" in [tab.kind.itemText(i) for i in range(tab.kind.count())]
    seen = {}

    def bulk():  # the nested 批量添加 dialog: a pasted column, matched, then 添加
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, BulkAttendeesDialog)
        QTimer.singleShot(3000, dlg.reject)
        dlg.paste.setPlainText("王建国\n钱晓\n查无此人")
        dlg.from_paste()
        dlg.accept()

    def fill():
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, CompetitionDialog)
        QTimer.singleShot(5000, dlg.reject)  # never left open if saving failed
        f = dlg.form.fields
        f["name"].setText("2025年全县初中语文优质课评比")
        f["kind"].setCurrentText("优质课")
        f["level"].setCurrentText("县级")
        f["subject"].setCurrentText("语文")
        f["start"].setText("2025-10-14")
        f["end"].setText("2025-10-01")
        seen["next"] = [f["next_id"].itemText(i) for i in range(f["next_id"].count())]
        f["next_id"].setCurrentIndex(1)
        dlg.save()  # the end before the start: the field says so, nothing saved
        seen["end"] = dlg.form.error_text("end")
        f["end"].setText("")
        gc.collect()
        QTimer.singleShot(0, bulk)
        dlg.add_bulk()
        dlg.set_result("二等奖")  # no row selected: every row
        _combo(dlg, 0, "result").setCurrentText("一等奖")
        _combo(dlg, 0, "selected_text").setCurrentText("是")
        dlg._count()
        seen["count"] = dlg.count.text()
        dlg.save()

    gc.collect()
    QTimer.singleShot(0, fill)
    tab.add()
    assert seen["end"] == "结束日期 2025-10-01 早于开始日期 2025-10-14"
    assert seen["next"] == ["（无）", "2025-12-01 市级 2025年市初中语文优质课"]
    assert seen["count"] == "参赛教师 2 人，获奖 2 人，推荐上一级 1 人"
    row = next(r for r in rows(tab) if r.level == "县级")
    assert (row.name, row.entrants, row.selected, row.awards, row.first_prizes) == (
        "2025年全县初中语文优质课评比",
        2,
        1,
        2,
        1,
    )
    assert competitions.get(db, row.id)["next_id"] == city

    # filters: kind, level, subject, school (of an entrant), period
    tab.kind.setCurrentText("说课")
    assert rows(tab) == []
    tab.kind.setCurrentText("全部")
    tab.level.setCurrentText("县级")
    tab.subject.setCurrentText("数学")
    assert rows(tab) == []
    tab.subject.setCurrentText("语文")
    assert [r.id for r in rows(tab)] == [row.id]
    tab.first.setText("2025-11")
    tab.refresh()
    assert rows(tab) == []
    tab.first.setText("2025")
    tab.refresh()
    assert len(rows(tab)) == 1

    # the award is among the teacher's honours, and the teacher file lists the competition
    dlg = TeacherFileDialog(db, DataBus(), c["t"]["王建国"])
    qtbot.addWidget(dlg)
    assert "竞赛" in [dlg.tabs.tabText(i) for i in range(dlg.tabs.count())]
    file_rows = [dlg.competitions.model.row_at(r) for r in range(dlg.competitions.model.rowCount())]
    assert [(r.name, r.school, r.result) for r in file_rows] in (
        [("2025年全县初中语文优质课评比", "柳河乡中学", "一等奖")],
        [("2025年全县初中语文优质课评比", "柳河乡中学", "二等奖")],
    )
    assert dlg.competitions.summary.text().startswith("参加竞赛 1 次，获奖 1 次")
    dlg.close()
    page.close()


def test_the_list_of_kinds_takes_a_local_kind(qtbot, county, monkeypatch):
    db, _c = county
    tab = CompetitionsTab(db, DataBus())
    qtbot.addWidget(tab)
    asked: list[tuple] = []
    monkeypatch.setattr(
        names_dialog.QInputDialog, "getText", lambda *a, **k: asked.append(a[1:3]) or ("实验操作", True)
    )
    seen: list[str] = []

    def add():
        dlg = QApplication.activeModalWidget()
        QTimer.singleShot(3000, dlg.reject)
        dlg.add()
        seen.append(dlg.list.item(dlg.list.count() - 1).text())
        dlg.reject()

    gc.collect()
    QTimer.singleShot(0, add)
    tab.edit_kinds()
    assert seen == ["实验操作"] and asked == [("添加竞赛类别", "类别名称：")]
    assert tab.kind.itemText(tab.kind.count() - 1) == "实验操作"
    tab.close()


def test_a_new_dialog_fits_and_starts_empty(qtbot, county):
    db, _c = county
    dlg = CompetitionDialog(db)
    qtbot.addWidget(dlg)
    assert dlg.size().width() <= 1366 and dlg.size().height() <= 728
    assert dlg.count.text() == "参赛教师 0 人，获奖 0 人，推荐上一级 0 人"
    assert dlg.result() == QDialog.DialogCode.Rejected
    picker = dlg.people.picker
    tid, label = picker._search(db, "张堃")[0]
    picker.set_teacher(tid, label)
    dlg.people.add_button.click()  # one teacher from the picker: the school shows as with the bulk list
    assert dlg.people.table.item(0, 0).text() == "张堃" and dlg.people.table.item(0, 1).text() == "青禾镇中学"
    dlg.close()


def test_the_template_is_saved_and_a_filled_one_imported_from_the_tab(qtbot, county, monkeypatch, tmp_path):
    import openpyxl

    from talentdesk.gui import file_dialogs

    db, _c = county
    tab = CompetitionsTab(db, DataBus())
    qtbot.addWidget(tab)
    path = tmp_path / "竞赛.xlsx"
    monkeypatch.setattr(competitions_tab, "ask_save_path", lambda *a, **k: str(path))
    tab.save_template()
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    name = "2025年全县小学英语说课比赛"
    for r, values in enumerate(
        (
            [name, "县级", "说课", "英语", "小学", "县教研室", "2025-11-12", "", "孙悦", "", "", "一等奖", "是"],
            [name, "县级", "说课", "英语", "小学", "县教研室", "2025-11-12", "", "查无此人", "", "", "二等奖", ""],
            ["2025年全县班主任能力大赛", "县级", "班主任能力", "", "", "", "2025-11", "", "李䶮", "", "", "三等奖", ""],
        ),
        start=4,
    ):
        for col, v in enumerate(values, 1):
            ws.cell(r, col, v)
    wb.save(path)
    monkeypatch.setattr(file_dialogs, "open_paths", lambda *a, **k: [str(path)])
    asked: list[str] = []
    monkeypatch.setattr(record_files, "confirm", lambda _w, _t, text: asked.append(text) or True)
    tab.import_files()
    assert asked and asked[0].startswith("可导入竞赛 1 项、参赛教师 1 人次；1 项竞赛有错误")
    assert "第 5 行，I（姓名）列：档案中没有名为“查无此人”的教师" in asked[0]
    assert [r.name for r in rows(tab)] == ["2025年全县班主任能力大赛"]
    tab.close()


def test_the_selected_teachers_go_to_the_next_level_from_the_list(qtbot, county, monkeypatch):
    db, c = county
    t = c["t"]
    city = competitions.save(
        db, None, dict(name="2025年市初中语文优质课", kind="优质课", level="市级", start="2025-12-01")
    )
    county_id = competitions.save(
        db,
        None,
        dict(name="2025年全县初中语文优质课评比", kind="优质课", level="县级", start="2025-10-14", next_id=city),
        [{"teacher_id": t["张堃"], "result": "一等奖", "selected": True}, {"teacher_id": t["吉𠮷"]}],
    )
    tab = CompetitionsTab(db, DataBus())
    qtbot.addWidget(tab)
    warned: list[str] = []
    monkeypatch.setattr(competitions_tab, "warn", lambda _p, _t, text: warned.append(text))
    button = next(b for b in tab.findChildren(QPushButton) if b.text() == "选送上一级")
    assert button.isEnabled()
    tab.select_key(city)
    button.click()  # the city contest selects for nothing
    assert warned and "没有设定选送的上一级竞赛" in warned[-1]
    tab.select_key(county_id)
    button.click()
    assert [e["name"] for e in competitions.get(db, city)["entrants"]] == ["张堃"]
    row = next(r for r in rows(tab) if r.id == city)
    assert row.entrants == 1  # the list follows
    tab.close()
