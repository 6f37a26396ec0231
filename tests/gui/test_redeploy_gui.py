"""调配方案 tab (issue 22 §2) through the 交流轮岗 page: new plan, 生成方案 on a worker, change, delete, undo,
approve with a 文号 (every modal helper answered by the test)."""

import datetime as dt

import pytest
from PySide6.QtWidgets import QInputDialog

from talentdesk.gui.bus import DataBus
from talentdesk.gui.deployment import common, redeploy_tab
from talentdesk.gui.pages.deployment import DeploymentPage
from talentdesk.services.deployment import redeploy
from talentdesk.store.models import Teacher
from tests.redeploy_builder import YEAR, build

pytestmark = pytest.mark.gui


@pytest.fixture
def page(db, qtbot, monkeypatch):
    ids = build(db)
    bus = DataBus()
    monkeypatch.setattr(redeploy_tab, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(redeploy_tab, "warn", lambda *a, **k: pytest.fail(f"warning shown: {a[1:]}"))
    monkeypatch.setattr(common, "warn", lambda *a, **k: pytest.fail(f"warning shown: {a[1:]}"))
    p = DeploymentPage(db, bus)
    qtbot.addWidget(p)
    p.show()
    p.show_tab("调配方案")
    yield p, ids
    p.close()
    bus.deleteLater()


def rows(list_detail):
    m = list_detail.model
    return [m.row_at(i) for i in range(m.rowCount())]


def test_propose_edit_undo_and_approve_through_the_tab(page, db, monkeypatch, tmp_path):
    p, ids = page
    tab = p.redeploy
    tab.refresh()
    assert "新建方案" in tab.summary.text()
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (YEAR, True)))
    tab.new_plan()
    tab.propose()
    got = {r.name: r for r in rows(tab.moves)}
    assert set(got) == {"东一", "城甲", "城乙", "东三"}
    assert got["东一"].to_school == "东山中学" and got["东一"].stage == "初中"
    assert "调配 4 人" in tab.summary.text()
    tab.moves.select_key(got["东一"].id)
    assert "持初中教师资格" in tab.moves.detail.toPlainText()
    effect = {(r.school, r.subject): r for r in rows(tab.effect)}
    assert (effect[("西河小学", "语文")].before, effect[("西河小学", "语文")].after) == (2, 4)
    tab.grab().save(str(tmp_path / "redeploy_tab.png"))

    # change 城乙's school in the dialog, then delete 东三, then undo both
    dlg = redeploy_tab.MoveDialog(db, tab.plan_id(), got["城乙"], tab)
    dlg.form.fields["to_school_id"].setCurrentText("东山中学")
    dlg.form.fields["stage"].setCurrentText("初中")
    dlg.try_save()
    assert dlg.result() == 1
    dlg.close()
    tab.refresh()
    assert {r.name: r for r in rows(tab.moves)}["城乙"].source == "手工"
    tab.moves.select_key(got["东三"].id)
    tab.remove_move()
    assert "东三" not in {r.name for r in rows(tab.moves)}
    tab.undo()
    tab.undo()
    back = {r.name: r for r in rows(tab.moves)}
    assert set(back) == {"东一", "城甲", "城乙", "东三"} and back["城乙"].to_school == "西河小学"

    def answer(self):
        self.form.fields["doc_number"].setText("东教人〔2026〕8号")
        self.form.fields["approved_on"].setText("2026-08-25")
        self.try_save()
        self.close()
        return self.result()

    monkeypatch.setattr(redeploy_tab.ApproveDialog, "exec", answer)
    tab.approve()
    assert {r.status for r in rows(tab.moves)} == {"已调配"}
    assert "已审批，文号 东教人〔2026〕8号" in tab.summary.text()
    with db.sessions() as s:
        assert s.get(Teacher, ids["东一"]).cur_post_school_id == ids["school:东山中学"]
    assert redeploy.get_plan(db, tab.plan_id())["status"] == "已审批"


def test_template_import_and_revoke_through_the_tab(page, db, monkeypatch, tmp_path):
    """模板… saves the blank list, 导入… reads a filled one into a new plan of the year asked for, 撤销 takes the
    import back; an approved plan is revoked (撤销方案…) by the administrator, with a confirmation."""
    import openpyxl

    from talentdesk.gui import file_dialogs
    from talentdesk.importing import templates

    p, ids = page
    tab = p.redeploy
    tab.refresh()
    path = tmp_path / "调配名单.xlsx"
    monkeypatch.setattr(redeploy_tab, "ask_save_path", lambda *a, **k: str(path))
    tab.save_template()
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    assert [c.value for c in ws[templates.HEADER_ROW]][:4] == ["姓名", "身份证号", "原学校", "调入学校"]
    for j, v in enumerate(("东一", None, "东山小学", "东山中学", "初中", "语文", "学校撤并")):
        ws.cell(templates.FIRST_DATA_ROW, j + 1, v)
    for j, v in enumerate(("东三", None, "东山小学", "西河小学")):
        ws.cell(templates.FIRST_DATA_ROW + 1, j + 1, v)
    wb.save(path)
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (YEAR, True)))
    monkeypatch.setattr(file_dialogs, "open_paths", lambda *a, **k: [str(path)])
    tab.import_files()
    assert {r.name for r in rows(tab.moves)} == {"东一", "东三"}
    assert tab.plan_box.currentText() == "2026学年教师调配方案（编制方案）"
    tab.undo()
    assert rows(tab.moves) == []
    tab.import_files()  # into the selected draft: no question asked
    assert {r.name for r in rows(tab.moves)} == {"东一", "东三"}

    redeploy.approve(db, tab.plan_id(), "东教人〔2026〕8号", dt.date(2026, 8, 25))
    tab.refresh()
    assert tab.revoke_button.isEnabled()
    asked = []
    monkeypatch.setattr(redeploy_tab, "confirm", lambda *a, **k: asked.append(a[2]) or True)

    def answer(self):
        self.form.fields["revoke_doc"].setText("东教人〔2026〕12号")
        self.form.fields["revoke_reason"].setText("东山小学恢复招生")
        self.form.fields["revoked_on"].setText("2026-10-08")
        self.try_save()
        self.close()
        return self.result()

    monkeypatch.setattr(redeploy_tab.RevokeDialog, "exec", answer)
    tab.revoke()
    assert asked and "调回原学校" in asked[-1]
    assert {r.status for r in rows(tab.moves)} == {"已撤销"}
    text = tab.summary.text()
    assert text.startswith("已撤销（撤销文号 东教人〔2026〕12号，")
    assert "理由：东山小学恢复招生；原审批文号 东教人〔2026〕8号" in text
    assert "2026年10月8日生效" in tab.summary.toolTip()
    with db.sessions() as s:
        assert s.get(Teacher, ids["东一"]).cur_post_school_id == ids["school:东山小学"]
    p.resize(1300, 560)
    tab.grab().save(str(tmp_path / "redeploy_revoked.png"))


def test_only_an_administrator_may_revoke(db, qtbot):
    from talentdesk.services.accounts import access

    build(db)
    access.sign_in(db, access.Identity("小李", access.CLERK))
    bus = DataBus()
    tab = redeploy_tab.RedeployTab(db, bus)
    qtbot.addWidget(tab)
    assert not tab.revoke_button.isEnabled() and "只有管理员" in tab.revoke_button.toolTip()
    tab.close()
    bus.deleteLater()
