"""Issue 21 §4 in the GUI: the 教研任职 tab of the 培训 page (filters, 批量聘任 with teachers in bulk run through exec
after gc.collect(), editing one appointment, deleting), the list of roles, the template and import from the tab;
the studio dialog's parent and outputs; the list of output kinds."""

import gc

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from talentdesk.gui import names_dialog, record_files
from talentdesk.gui.bus import DataBus
from talentdesk.gui.cultivation import roles_tab, studios_tab
from talentdesk.gui.cultivation.bulk_attendees import BulkAttendeesDialog
from talentdesk.gui.cultivation.roles_tab import RoleDialog, RolesTab
from talentdesk.gui.cultivation.studios_tab import StudioDialog
from talentdesk.gui.pages.training import TrainingPage
from talentdesk.services.cultivation import research_roles, studios
from tests.cultivation_builder import build

pytestmark = pytest.mark.gui


@pytest.fixture
def county(db):
    return db, build(db)


def rows(tab):
    return [tab.model.row_at(r) for r in range(tab.model.rowCount())]


def test_teachers_are_appointed_in_bulk_edited_and_deleted(qtbot, county, monkeypatch):
    db, c = county
    page = TrainingPage(db, DataBus())
    qtbot.addWidget(page)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles.index("教研任职") == titles.index("名师工作室") + 1
    tab = page.roles
    page.resize(1340, 640)
    page.show()
    page.tabs.setCurrentWidget(tab)
    assert rows(tab) == [] and "蒲公英导师" in [tab.role.itemText(i) for i in range(tab.role.count())]
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
        assert isinstance(dlg, RoleDialog)
        QTimer.singleShot(5000, dlg.reject)  # never left open if saving failed
        f = dlg.form.fields
        f["role"].setCurrentText("兼职教研员")
        f["level"].setCurrentText("县级")
        f["subject"].setCurrentText("语文")
        f["start"].setText("2024-09-01")
        f["end"].setText("2024-01-01")
        f["doc_no"].setText("青教发〔2024〕12号")
        gc.collect()
        QTimer.singleShot(0, bulk)
        dlg.add_bulk()
        seen["count"] = dlg.count.text()
        dlg.save()  # the end before the start: the field says so, nothing saved
        seen["end"] = dlg.form.error_text("end")
        f["end"].setText("2027-08-31")
        dlg.save()

    gc.collect()
    QTimer.singleShot(0, fill)
    tab.add()
    assert seen["count"] == "聘任教师 2 人"
    assert "早于开始" in seen["end"]
    got = rows(tab)
    assert sorted(r.name for r in got) == ["王建国", "钱晓"]
    assert {(r.role, r.level, r.subject, r.state, r.doc_no) for r in got} == {
        ("兼职教研员", "县级", "语文", "在任", "青教发〔2024〕12号")
    }

    # filters: role, level, school, period, 在任
    tab.role.setCurrentText("评委库")
    assert rows(tab) == []
    tab.role.setCurrentText("全部")
    tab.first.setText("2028")
    tab.refresh()
    assert rows(tab) == []
    tab.first.setText("2025")
    tab.refresh()
    assert len(rows(tab)) == 2

    # edit one: the end moves into the past, it shows as 期满 and leaves the 在任 list
    one = next(r for r in rows(tab) if r.name == "钱晓")
    tab.select_key(one.id)

    def edit():
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, RoleDialog) and dlg.people is None
        QTimer.singleShot(5000, dlg.reject)
        dlg.form.fields["end"].setText("2025-08-31")
        dlg.save()

    gc.collect()
    QTimer.singleShot(0, edit)
    tab.edit()
    assert research_roles.get(db, one.id)["end"].iso() == "2025-08-31"
    tab.current.setChecked(True)
    assert [r.name for r in rows(tab)] == ["王建国"]
    tab.current.setChecked(False)

    monkeypatch.setattr(roles_tab, "confirm", lambda *a: True)
    tab.select_key(one.id)
    tab.delete()
    assert [r.name for r in rows(tab)] == ["王建国"]
    page.close()


def test_the_list_of_roles_takes_a_local_name(qtbot, county, monkeypatch):
    db, _c = county
    tab = RolesTab(db, DataBus())
    qtbot.addWidget(tab)
    monkeypatch.setattr(names_dialog.QInputDialog, "getText", lambda *a, **k: ("青蓝导师", True))
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
    assert seen == ["青蓝导师"]
    assert tab.role.itemText(tab.role.count() - 1) == "青蓝导师"
    tab.close()


def test_the_template_is_saved_and_a_filled_one_imported_from_the_tab(qtbot, county, monkeypatch, tmp_path):
    import openpyxl

    from talentdesk.gui import file_dialogs

    db, _c = county
    tab = RolesTab(db, DataBus())
    qtbot.addWidget(tab)
    path = tmp_path / "教研任职.xlsx"
    monkeypatch.setattr(roles_tab, "ask_save_path", lambda *a, **k: str(path))
    tab.save_template()
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    for r, values in enumerate(
        (
            ["孙悦", "", "", "蒲公英导师", "县级", "英语", "2025-09", "", "青禾县教育局", "青教发〔2025〕3号"],
            ["查无此人", "", "", "蒲公英导师", "县级", "英语", "2025-09", "", "", ""],
            ["李䶮", "", "", "评委库", "市级", "", "2025-03-01", "2026-02-28", "", ""],
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
    assert asked and asked[0].startswith("可导入教研任职 2 条；1 行有错误")
    assert "第 5 行，A（姓名）列：档案中没有名为“查无此人”的教师" in asked[0]
    assert sorted((r.name, r.role, r.state) for r in rows(tab)) == [
        ("孙悦", "蒲公英导师", "在任"),
        ("李䶮", "评委库", "期满"),
    ]
    tab.close()


def test_a_studio_gets_a_parent_and_outputs_in_its_dialog(qtbot, county, monkeypatch):
    db, c = county
    top = studios.save(
        db, None, {"name": "李䶮数学名师工作室", "kind": "名师工作室", "level": "县级", "host_id": c["t"]["李䶮"]}
    )
    dlg = StudioDialog(db, None)
    qtbot.addWidget(dlg)
    f = dlg.form.fields
    f["name"].setText("青禾镇中学数学教研工作坊")
    f["kind"].setCurrentText("教研工作坊")
    f["level"].setCurrentText("市级")
    assert [dlg.parent_box.itemText(i) for i in range(dlg.parent_box.count())] == ["（无）"]  # 县级 is lower
    f["level"].setCurrentText("校级")
    assert dlg.parent_box.itemText(1) == "县级 李䶮数学名师工作室"
    dlg.parent_box.setCurrentIndex(1)
    tid, label = dlg.host._search(db, "张堃")[0]
    dlg.host.set_teacher(tid, label)
    dlg.outputs.add_button.click()
    table = dlg.outputs.table
    table.item(0, 0).setText("2025-04-10")
    table.cellWidget(0, 1).setCurrentText("研训课")
    assert table.item(0, 3).text() == "节"  # the unit follows the kind
    table.item(0, 2).setText("3")
    dlg.save()
    assert dlg.result() == dlg.DialogCode.Accepted, dlg.message.text()
    st = studios.get(db, dlg.studio_id)
    assert st["parent_id"] == top and [(o["kind"], o["quantity"], o["unit"]) for o in st["outputs"]] == [
        ("研训课", 3.0, "节")
    ]
    dlg.close()
    tab = studios_tab.StudiosTab(db, DataBus())
    qtbot.addWidget(tab)
    assert {r[1]: r[-1] for r in rows(tab)}["青禾镇中学数学教研工作坊"] == "李䶮数学名师工作室"
    monkeypatch.setattr(names_dialog.QInputDialog, "getText", lambda *a, **k: ("读书分享", True))
    seen: list[str] = []

    def add():
        d = QApplication.activeModalWidget()
        QTimer.singleShot(3000, d.reject)
        d.add()
        seen.append(d.list.item(d.list.count() - 1).text())
        d.reject()

    gc.collect()
    QTimer.singleShot(0, add)
    tab.edit_output_kinds()
    assert seen == ["读书分享（读书分享）"]
    tab.close()
