"""交流轮岗 header figures are the counts of the lists they name; 生成方案 says why places stay open;
打印审批表 prints the selection or, after asking, the whole plan (issue 14 §4)."""

import pytest
from PySide6.QtWidgets import QInputDialog

from talentdesk.gui.bus import DataBus
from talentdesk.gui.deployment import common, rotation_tab
from talentdesk.gui.pages.deployment import DeploymentPage
from talentdesk.services.deployment import placements
from tests.deployment_builder import build

pytestmark = pytest.mark.gui


@pytest.fixture
def tab(db, qtbot, monkeypatch):
    ids = build(db)
    placements.save(
        db,
        None,
        dict(
            teacher_id=ids["城5"],
            to_school_id=ids["v2"],
            kind="交流轮岗",
            start="2025-09",
            planned_end="2026-07",
            status="在岗",
        ),
    )
    p = DeploymentPage(db, DataBus())
    qtbot.addWidget(p)
    p.show()
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (2025, True)))
    p.rotation.new_year()
    yield p.rotation
    p.close()


def test_header_figures_are_the_counts_of_their_lists(tab):
    text = tab.summary.text()
    assert "已安排 1 人" in text and "交流记录已登记 1 人" in text
    assert tab.plan.model.rowCount() == 1 and tab.plan.count_label.text() == "共 1 人"  # was: 已安排 1, list empty
    eligible = sum(1 for r in tab.eligible.model.rows if r[rotation_tab.E["verdict"]] == "符合")
    assert f"符合条件 {eligible} 人（派出学校在岗教师 {len(tab.eligible.model.rows)} 人中）" in text
    assert tab.eligible.model.rowCount() == eligible  # the tab opens on the 符合 rows the header counts
    assert tab.eligible.count_label.text() == f"共 {eligible} 人（全部 {len(tab.eligible.model.rows)} 人）"


def test_recorded_rows_are_changed_in_the_placements_list(tab, monkeypatch):
    said = []
    monkeypatch.setattr(rotation_tab, "warn", lambda _p, title, text: said.append(text))
    tab.plan.view.selectRow(0)
    tab.edit_proposal()
    tab.remove_proposal()
    assert len(said) == 2 and all("请在“交流记录”中修改" in t for t in said)
    assert "不用审批" in tab.plan.detail.toPlainText()


def test_propose_reports_unfilled_places_per_school(tab, monkeypatch):
    said = []
    monkeypatch.setattr(rotation_tab, "warn", lambda _p, title, text: said.append((title, text)))
    monkeypatch.setattr(rotation_tab, "confirm", lambda *a: True)
    from talentdesk.services.deployment import rotation as svc

    real = svc.propose
    monkeypatch.setattr(
        svc,
        "propose",
        lambda db, yid: svc.PlanOutcome(
            real(db, yid).needed + 2, 1, [svc.rotation.Shortfall(1, "城关小学", 2, ["2 名高中教师没有可去的接收学校"])]
        ),
    )
    tab.propose()
    assert said and said[0][0] == "生成方案：名额未全部补足"
    assert "城关小学（还差 2 人）：2 名高中教师没有可去的接收学校" in said[0][1]


def test_print_forms_asks_before_printing_the_whole_plan(tab, monkeypatch, tmp_path):
    monkeypatch.setattr(rotation_tab, "confirm", lambda *a: True)
    monkeypatch.setattr(common, "confirm", lambda *a: True)
    tab.propose()
    plan_rows = [r for r in tab.plan.model.rows if r[rotation_tab.P["source"]] != "交流记录"]
    assert plan_rows
    asked = []
    monkeypatch.setattr(rotation_tab, "confirm", lambda _p, title, text: asked.append(text) or False)
    out = tmp_path / "审批表.pdf"
    monkeypatch.setattr(rotation_tab, "ask_save_path", lambda *a: str(out))
    tab.plan.view.clearSelection()
    tab.print_forms()
    assert asked and f"打印方案中全部 {len(plan_rows)} 人的审批表吗" in asked[0] and not out.exists()
    written = []  # 打印审批表 opens the print preview (issue 14 §1): the forms it is given are recorded
    from talentdesk.reports.forms import rotation_approval

    monkeypatch.setattr(rotation_approval, "drawing_for", lambda db, ids, unit: written.append(ids))
    from talentdesk.gui.reports import printing  # imported by the tab only when it prints

    monkeypatch.setattr(printing, "print_drawing", lambda parent, db, make: make())
    monkeypatch.setattr(rotation_tab, "confirm", lambda *a: True)
    tab.print_forms()
    assert written[-1] == [r[0] for r in plan_rows]
    tab.plan.select_key(plan_rows[0][0])
    asked.clear()
    tab.print_forms()  # a selection prints only the selected, without asking
    assert written[-1] == [plan_rows[0][0]] and not asked
