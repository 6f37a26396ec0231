"""The foundation pages and 招聘引才 for a 查阅员 (issue 8 §4): every button that changes data is off with
the reason as tooltip, printing, exporting and the blank templates stay on; for a 录入员 the same
buttons are on. One test per page group: recruitment, teachers + teacher file, schools, imports."""

import pytest
from PySide6.QtWidgets import QPushButton

from talentdesk.gui.bus import DataBus
from talentdesk.gui.pages.imports import ImportsPage
from talentdesk.gui.pages.recruitment import RecruitmentPage
from talentdesk.gui.pages.schools import SchoolsPage
from talentdesk.gui.pages.teachers import TeachersPage
from talentdesk.gui.recruitment import common
from talentdesk.gui.recruitment.services_tab import TiersDialog
from talentdesk.gui.school_form import SchoolForm
from talentdesk.gui.teacher_file.dialog import TeacherFileDialog
from talentdesk.importing import templates
from talentdesk.services.accounts import access
from talentdesk.services.accounts.access import CLERK, VIEWER, Identity
from talentdesk.services.people import schools
from tests.recruitment_builder import County

pytestmark = pytest.mark.gui

REASON = "查阅员只能查看和打印"


@pytest.fixture
def bus(qtbot):
    b = DataBus()
    yield b
    b.deleteLater()


def buttons(widget) -> dict[str, QPushButton]:
    return {b.text(): b for b in widget.findChildren(QPushButton)}


def enabled(widget, names) -> dict[str, bool]:
    found = buttons(widget)
    missing = [n for n in names if n not in found]
    assert not missing, f"buttons not found: {missing}"
    return {n: found[n].isEnabled() for n in names}


def check(widget, writes, reads, may: bool) -> None:
    assert enabled(widget, writes) == dict.fromkeys(writes, may), type(widget).__name__
    assert all(enabled(widget, reads).values()), type(widget).__name__
    if not may:
        found = buttons(widget)
        assert all(REASON in found[n].toolTip() for n in writes), type(widget).__name__


RECRUITMENT = {
    "招聘计划": (("按缺编测算生成计划", "删除计划", "添加一行", "删除所选行", "保存修改 (Ctrl+S)"), ("导出计划表…",)),
    "招聘批次与录用": (("新增批次", "删除批次", "新增人员", "删除人员", "入职建档"), ("导出录用名单…",)),
    "服务期": (("新增", "按教师档案补建", "特岗转编", "登记期满", "登记违约", "撤销登记", "删除"), ("导出…",)),
    "本地生源": (("新增学生", "删除", "关联教师档案", "记录一次联系", "删除联系记录"), ("导出…",)),
    "人才认定与待遇": (("新增人才认定", "新增引才协议", "删除", "导入…"), ("导出…", "经费发放…", "下载模板…")),
    "人才服务": (("新增申请", "新增记录", "删除"), ("导出…", "计算", "学校补助档次…", "导出发放表…")),
}


@pytest.mark.parametrize("role", [VIEWER, CLERK])
def test_recruitment_page_by_role(qtbot, db, bus, role, monkeypatch):
    County(db)
    access.sign_in(db, Identity("小张", role))
    page = RecruitmentPage(db, bus)
    qtbot.addWidget(page)
    may = role == CLERK
    for label, (writes, reads) in RECRUITMENT.items():
        check(page.tab(label), writes, reads, may)
    opened = []
    monkeypatch.setattr(common.RecordDialog, "exec", lambda dlg: opened.append(dlg) or 0)
    page.tab("招聘批次与录用").edit_batch(new=True)  # a record dialog: 保存 off, the reason shown
    dlg = opened[0]
    assert dlg.save_button.isEnabled() is may
    if not may:
        assert REASON in dlg.message.text() and dlg.save() is False
    dlg.deleteLater()
    tiers = TiersDialog(db)
    qtbot.addWidget(tiers)
    assert enabled(tiers, ("保存",)) == {"保存": may}
    assert enabled(tiers, ("关闭",)) == {"关闭": True}
    page.close()


@pytest.mark.parametrize("role", [VIEWER, CLERK])
def test_teacher_list_and_file_by_role(qtbot, filled_db, bus, role):
    db = filled_db
    access.sign_in(db, Identity("小赵", role))
    page = TeachersPage(db, bus)
    qtbot.addWidget(page)
    may = role == CLERK
    assert [b.isEnabled() for b in (page.new_button, page.delete_button, page.undo_button)] == [may] * 3
    if not may:
        assert REASON in page.delete_button.toolTip() and REASON in page.undo_button.toolTip()
    tid = page.model.key_at(0)
    dlg = TeacherFileDialog(db, bus, tid)
    qtbot.addWidget(dlg)
    assert dlg.save_button.isEnabled() is may
    for tab in dlg.record_tabs.values():
        assert [b.isEnabled() for b in (tab.add_button, tab.edit_button, tab.delete_button)] == [may] * 3
    if not may:
        assert REASON in dlg.save_button.toolTip() and REASON in dlg.state.text()
        assert dlg.save() is False
    dlg._force_close = True
    dlg.close()
    page.close()


@pytest.mark.parametrize("role", [VIEWER, CLERK])
def test_schools_page_and_form_by_role(qtbot, filled_db, bus, role):
    db = filled_db
    access.sign_in(db, Identity("小钱", role))
    page = SchoolsPage(db, bus)
    qtbot.addWidget(page)
    may = role == CLERK
    check(page, ("新增学校", "删除"), (), may)
    sid = schools.choices(db)[0][0]
    form = SchoolForm(db, bus, sid)
    qtbot.addWidget(form)
    check(form, ("保存 (Ctrl+S)", "添加一行", "删除所选行"), ("关闭",), may)
    if not may:
        assert form.save() is False
    form.close()
    page.close()


@pytest.mark.parametrize("role", [VIEWER, CLERK])
def test_imports_page_by_role(qtbot, db, bus, role):
    access.sign_in(db, Identity("小孙", role))
    page = ImportsPage(db, bus)
    qtbot.addWidget(page)
    may = role == CLERK
    assert page.start_button.isEnabled() is may
    assert not page.undo_button.isEnabled()  # nothing selected (a 查阅员 never gets it)
    if not may:
        assert "查阅员只能查看和打印，不能导入和撤销导入" in page.start_button.toolTip()
        assert REASON in page.undo_button.toolTip()
    else:
        assert page.start_button.toolTip() == ""
    assert set(page.template_buttons) == set(templates.KINDS)
    assert all(b.isEnabled() for b in page.template_buttons.values())  # blank templates stay available
    page.close()
