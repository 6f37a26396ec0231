"""援派选派 tab (issue 22 §2): a clerk makes a call, registers candidates, selects one (who then shows as posted to
the outside unit in 交流记录), filters by step, and a placement dialog for 援疆 asks for the unit, not a school."""

import openpyxl
import pytest
from PySide6.QtWidgets import QDialog

from talentdesk.gui import record_files
from talentdesk.gui.bus import DataBus
from talentdesk.gui.deployment import common, dialogs, postings_tab
from talentdesk.gui.pages.deployment import DeploymentPage
from talentdesk.services.deployment import postings
from talentdesk.store.models import Teacher
from tests.deployment_builder import build

pytestmark = pytest.mark.gui


@pytest.fixture
def bus(qtbot):
    b = DataBus()
    yield b
    b.deleteLater()


@pytest.fixture
def page(db, bus, qtbot, monkeypatch):
    ids = build(db)
    monkeypatch.setattr(postings_tab, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(postings_tab, "warn", lambda *a, **k: pytest.fail(f"warning shown: {a[1:]}"))
    monkeypatch.setattr(common, "warn", lambda *a, **k: pytest.fail(f"warning shown: {a[1:]}"))
    monkeypatch.setattr(record_files, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(record_files, "warn", lambda *a, **k: pytest.fail(f"warning shown: {a[1:]}"))
    p = DeploymentPage(db, bus)
    qtbot.addWidget(p)
    p.show()
    p.exchange.setCurrentWidget(p.postings)
    yield p, ids
    p.close()


def pick(picker, text):
    picker.query.setText(text)
    picker.search()
    assert picker.teacher_id(), f"{text} not found"


def rows(list_detail):
    m = list_detail.model
    return [m.row_at(i) for i in range(m.rowCount())]


def _new_call(p):
    dlg = postings_tab.CallDialog(p.postings.db, None, p)
    f = dlg.form.fields
    f["title"].setText("2026年援藏教师选派")
    f["kind"].setCurrentText("援藏")
    f["unit"].setText("日喀则市第一中学")
    f["region"].setText("西藏自治区")
    f["start"].setText("2026-08-20")
    f["planned_end"].setText("2027-07")
    f["places"].setText("1")
    dlg.try_save()
    assert dlg.result() == QDialog.DialogCode.Accepted
    dlg.close()
    return dlg.saved_id


def test_call_candidates_selection_and_the_posting_in_the_exchange_list(page, db, tmp_path, monkeypatch):
    p, ids = page
    tab = p.postings
    assert [p.exchange.tabText(i) for i in range(p.exchange.count())] == [
        "年度轮岗",
        "交流记录",
        "学校结对",
        "援派选派",
    ]
    call = _new_call(p)
    tab.refresh()
    tab.call_box.setCurrentIndex(tab.call_box.findData(call))
    # one who stops at 推荐, one selected
    for name, extra in (("城2", {"recommended_on": "2026-03-20"}), ("城1", {})):
        dlg = postings_tab.CandidateDialog(db, None, call, p)
        pick(dlg.picker, name)
        dlg.form.fields["applied_on"].setText("2026-03-10")
        for k, v in extra.items():
            dlg.form.fields[k].setText(v)
        dlg.try_save()
        assert dlg.result() == QDialog.DialogCode.Accepted, dlg.form.error_text("recommended_on")
        dlg.close()
    tab.refresh_rows()
    got = {r.name: r for r in rows(tab.list)}
    cid = got["城1"].id
    # 选派 without 推荐/考核 is refused, with the reason under the fields
    dlg = postings_tab.CandidateDialog(db, cid, parent=p)
    dlg.form.fields["decision"].setCurrentText("选派")
    dlg.form.fields["decided_on"].setText("2026-05-10")
    dlg.try_save()
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert "选派前应经过推荐" in dlg.form.error_text("recommended_on")
    dlg.form.fields["recommended_on"].setText("2026-03-20")
    dlg.form.fields["assessed_on"].setText("2026-04-15")
    dlg.form.fields["assessed_note"].setText("考核合格")
    dlg.try_save()
    assert dlg.result() == QDialog.DialogCode.Accepted
    dlg.close()
    tab.refresh_rows()
    assert "报名 2 人，选派 1 人" in tab.call_info.text()
    tab.list.filter.setCurrentText("选派")
    assert [r.name for r in rows(tab.list)] == ["城1"]
    tab.list.select_key(cid)
    assert "考核合格" in tab.list.detail.toPlainText() and "已登记派出" in tab.list.detail.toPlainText()
    tab.list.filter.setCurrentText("推荐")
    assert [r.name for r in rows(tab.list)] == ["城2"]
    with db.sessions() as s:
        assert s.get(Teacher, ids["城1"]).cur_work_school_id is None
    p.placements.refresh()
    placed = [r for r in rows(p.placements.list) if r.name == "城1"]
    assert [(r.kind, r.to_school) for r in placed] == [("援藏", "西藏自治区·日喀则市第一中学")]
    # export of the list as the filters show it
    out = tmp_path / "援派.xlsx"
    monkeypatch.setattr(record_files, "ask_save_path", lambda *a: str(out))
    tab.export()
    ws = openpyxl.load_workbook(out).active
    assert any("城2" in [c for c in r if c] for r in ws.iter_rows(values_only=True))
    shown = []
    monkeypatch.setattr(postings_tab, "inform", lambda _p, _t, text: shown.append(text))
    tab.show_away()
    assert "尚未返回的教师 1 人" in shown[0] and "日喀则市第一中学" in shown[0]
    tab.grab().save(str(tmp_path / "postings_tab.png"))


def test_a_placement_to_xinjiang_asks_for_the_unit_not_a_school(page, db):
    p, ids = page
    dlg = dialogs.PlacementDialog(db, None, p)
    pick(dlg.picker, "城3")
    f = dlg.form.fields
    f["kind"].setCurrentText("援疆")
    assert not f["to_school_id"].isEnabled() and f["outside_unit"].isEnabled()
    f["start"].setText("2026-02")
    dlg.try_save()
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.form.error_text("outside_unit") == "援疆请填写派往的县外单位名称"
    f["outside_unit"].setText("喀什第六中学")
    f["outside_region"].setText("新疆维吾尔自治区")
    dlg.try_save()
    assert dlg.result() == QDialog.DialogCode.Accepted
    dlg.close()
    again = dialogs.PlacementDialog(db, dlg.saved_id, p)
    assert (
        again.form.fields["outside_unit"].text() == "喀什第六中学" and not again.form.fields["to_school_id"].isEnabled()
    )
    again.close()
    f_kind = dialogs.PlacementDialog(db, None, p)
    f_kind.form.fields["kind"].setCurrentText("支教")
    assert f_kind.form.fields["to_school_id"].isEnabled() and not f_kind.form.fields["outside_unit"].isEnabled()
    f_kind.close()
    assert postings.away(db) != []
