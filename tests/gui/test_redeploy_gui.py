"""调配方案 tab (issue 22 §2) through the 交流轮岗 page: new plan, 生成方案 on a worker, change, delete, undo,
approve with a 文号 (every modal helper answered by the test)."""

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
