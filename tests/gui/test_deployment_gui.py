"""交流轮岗 page (issue 5): the clerk's flows with every modal helper answered by the test."""

import pytest
from PySide6.QtWidgets import QDialog, QInputDialog

from talentdesk.gui.bus import DataBus
from talentdesk.gui.deployment import common, dialogs, placements_tab, rotation_tab
from talentdesk.gui.main_window import MainWindow
from talentdesk.gui.pages.deployment import DeploymentPage
from talentdesk.services.deployment import attrition, placements
from talentdesk.store.models import Placement, Teacher
from tests.deployment_builder import build
from tests.gui.preview_check import preview_pages

pytestmark = pytest.mark.gui


@pytest.fixture
def bus(qtbot):
    b = DataBus()
    yield b
    b.deleteLater()


@pytest.fixture
def page(db, bus, qtbot, monkeypatch):
    ids = build(db)
    for mod in (common, placements_tab, rotation_tab):
        monkeypatch.setattr(mod, "confirm", lambda *a, **k: True, raising=False)
    monkeypatch.setattr(common, "warn", lambda *a, **k: pytest.fail(f"warning shown: {a[1:]}"))
    p = DeploymentPage(db, bus)
    qtbot.addWidget(p)
    p.show()
    yield p, ids
    p.close()


def pick(picker, text):
    picker.query.setText(text)
    picker.search()
    assert picker.teacher_id(), f"{text} not found"


def rows(list_detail):
    m = list_detail.model
    return [m.row_at(i) for i in range(m.rowCount())]


def test_main_window_has_the_page_with_seven_tabs(db, qtbot):
    build(db)
    w = MainWindow(db)
    qtbot.addWidget(w)
    p = w.page("交流轮岗")
    assert isinstance(p, DeploymentPage)
    assert [p.tabs.tabText(i) for i in range(p.tabs.count())] == [
        "交流轮岗",
        "编制",
        "编制台账",
        "调配方案",
        "人编一致",
        "乡村从教",
        "流失预警",
    ]
    w.close()


def test_rotation_year_plan_approve_and_print(page, db, tmp_path, monkeypatch):
    p, ids = page
    tab = p.rotation
    assert "新建年度" in tab.summary.text()
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (2025, True)))
    tab.new_year()
    assert tab.year_id() is not None
    tab.eligible.filter.setCurrentText("全部")  # the tab opens on the 符合 rows (issue 14): show every teacher
    elig = {r[1]: r for r in rows(tab.eligible)}
    assert elig["刚满六年"][9] == "符合" and elig["差一天"][9] == "不符合"
    # the clerk leaves one teacher out
    tab.tabs.setCurrentWidget(tab.eligible)
    tab.eligible.select_key(ids["城9"])
    monkeypatch.setattr(rotation_tab, "ask_reason", lambda *a: "患重病")
    tab.exclude()
    assert {r[1]: r for r in rows(tab.eligible)}["城9"][9] == "不符合"
    tab.tabs.setCurrentWidget(tab.plan)
    tab.propose()
    plan = rows(tab.plan)
    assert len(plan) == 1 and plan[0][2] == "城1"
    tab.plan.view.selectRow(0)
    assert "骨干" in tab.plan.detail.toPlainText()  # the explanation is shown
    assert "已达到名额" in tab.summary.text()
    tab.plan.select_key(plan[0][0])
    tab.approve(selected=True)
    assert rows(tab.plan)[0][11] == "已审批"
    with db.sessions() as s:
        assert s.query(Placement).filter_by(teacher_id=ids["城1"], status="已审批").count() == 1
    # the records tab shows it after the change is announced
    p.exchange.setCurrentWidget(p.placements)
    assert any(r[2] == "城1" and r[12] == "已审批" for r in rows(p.placements.list))
    # forms: one approval form and the public list, with the file dialog answered
    p.exchange.setCurrentWidget(tab)
    out = tmp_path / "审批表.pdf"
    monkeypatch.setattr(rotation_tab, "ask_save_path", lambda *a: str(out))
    tab.save_forms()
    assert out.exists() and out.stat().st_size > 5000
    out = tmp_path / "公示.xlsx"
    tab.save_notice(".xlsx")
    assert out.exists()
    # 打印审批表 / 打印公示名单 open the print preview (issue 14 §1), every page painted after gc.collect()
    seen = preview_pages(tab.print_forms)
    assert seen["pages"] == 1 and seen["inked"] and "审批表" in seen["title"]
    seen = preview_pages(tab.print_notice)
    assert seen["pages"] == 1 and seen["inked"] and "公示" in seen["title"]


def test_add_placement_then_resolve_long_loan(page, db, monkeypatch):
    p, ids = page
    dlg = dialogs.PlacementDialog(db, None, p)
    pick(dlg.picker, "甲1")
    f = dlg.form.fields
    f["kind"].setCurrentText("借调")
    f["to_school_id"].setCurrentText("城关小学")
    f["start"].setText("2024-03")
    dlg.try_save()
    assert dlg.result() == QDialog.DialogCode.Accepted
    dlg.close()
    bad = dialogs.PlacementDialog(db, None, p)
    pick(bad.picker, "甲2")
    bad.form.fields["kind"].setCurrentText("支教")
    bad.form.fields["to_school_id"].setCurrentText("不存在的学校")
    bad.try_save()
    assert bad.result() != QDialog.DialogCode.Accepted
    assert "找不到学校" in bad.form.error_text("to_school_id") and "请填写开始日期" in bad.form.error_text("start")
    bad.close()
    p.bus_ = None
    tab = p.consistency
    p.tabs.setCurrentWidget(tab)
    tab.refresh()
    found = rows(tab.list)
    assert [(r[1], r[7]) for r in found] == [("甲1", "long_loan")]
    tab.list.view.selectRow(0)
    buttons = [tab.actions_lay.itemAt(i).widget() for i in range(tab.actions_lay.count())]
    transfer = next(b for b in buttons if b.text().startswith("办理调动"))
    monkeypatch.setattr("talentdesk.gui.deployment.consistency_tab.confirm", lambda *a: True)
    transfer.click()
    tab.refresh()
    assert rows(tab.list) == []
    assert "人编一致" in tab.summary.text()
    with db.sessions() as s:
        assert s.get(Teacher, ids["甲1"]).cur_post_school_id == ids["town"]


def test_end_delete_and_undo_a_placement(page, db, monkeypatch):
    p, ids = page
    pid = placements.save(
        db,
        None,
        dict(teacher_id=ids["城2"], to_school_id=ids["v1"], kind="支教", start="2024-09", planned_end="2025-07"),
    )
    tab = p.placements
    p.tabs.setCurrentIndex(0)
    p.exchange.setCurrentWidget(tab)
    tab.refresh()
    tab.list.select_key(pid)
    assert "计划结束日期已过" in tab.list.detail.toPlainText()  # overdue: marked for the clerk
    end = dialogs.EndDialog(db, pid, tab)
    end.try_save()
    assert end.result() == QDialog.DialogCode.Accepted
    tab.refresh()
    tab.list.select_key(pid)
    assert tab.list.current_row()[12] == "期满返回"
    monkeypatch.setattr(placements_tab, "confirm", lambda *a: True)
    tab.delete()
    assert all(r[0] != pid for r in rows(tab.list)) and tab.undo_button.isVisibleTo(tab)
    tab.undo_delete()
    assert any(r[2] == "城2" for r in rows(tab.list))


def test_staffing_rural_and_attrition_tabs(page, db, monkeypatch):
    p, ids = page
    p.tabs.setCurrentWidget(p.staffing)
    names = [r[1] for r in rows(p.staffing.list)]
    assert "城关小学" in names and names[-1] == "全县合计"
    assert "超编 0 所" in p.staffing.note.text()
    p.tabs.setCurrentWidget(p.rural)
    assert "乡村学校按城乡类型" in p.rural.note.text()
    p.rural.level_box.setCurrentIndex(p.rural.level_box.count() - 1)  # everyone with rural service
    assert {r[1] for r in rows(p.rural.list)} >= {"甲0", "甲1", "甲2"}
    # a separation through the dialog, then the register and the loss table show it
    p.tabs.setCurrentWidget(p.attrition)
    dlg = dialogs.SeparationDialog(db, p)
    pick(dlg.picker, "甲0")
    dlg.form.fields["kind"].setCurrentText("辞职")
    dlg.form.fields["reason"].setText("考取公务员")
    dlg.try_save()
    assert dlg.result() == QDialog.DialogCode.Accepted
    p.attrition.refresh()
    assert [r[2] for r in rows(p.attrition.seps)] == ["甲0"]
    assert rows(p.attrition.losses)[-1][1] == "合计"
    # rules: turning one off removes its flags from the watch list
    attrition.add_situation(db, ids["甲1"], "两地分居")
    p.attrition.refresh()
    assert any("两地分居" in r[8] for r in rows(p.attrition.watch) if r[1] == "甲1")
    rule = next(r for r in p.attrition.rule_objs if r.name == "两地分居")
    dlg = dialogs.RuleDialog(db, rule, p)
    dlg.form.fields["enabled"].setChecked(False)
    dlg.try_save()
    assert dlg.result() == QDialog.DialogCode.Accepted
    p.attrition.refresh()
    assert not any("两地分居" in r[8] for r in rows(p.attrition.watch))
    assert [r[2] for r in rows(p.attrition.rules) if r[1] == "两地分居"] == ["否"]


def test_the_rotation_year_is_read_on_a_worker_when_the_page_shows(db, bus, qtbot):
    """Issue 16 §4: the page shows at once with a note; the year's lists and figures follow from a worker."""
    from talentdesk.services.deployment import rotation

    build(db)
    rotation.create_year(db, 2025)
    p = DeploymentPage(db, bus)
    qtbot.addWidget(p)
    p.show()
    tab = p.rotation
    assert tab.year_id() is not None and "正在计算" in tab.summary.text()
    tab.loader.wait()
    assert "正在计算" not in tab.summary.text() and "符合条件" in tab.summary.text()
    assert tab.eligible.model.rows  # the deployment builder's county has eligible teachers
    p.close()
