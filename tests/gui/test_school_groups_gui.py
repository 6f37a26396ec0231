"""流失预警 → 学校分组 (issue 22 §3): define a group through the real dialog (exec), choose it for a rule through
the real rule dialog, the watch list follows; a used group is not deleted; a screenshot to look at."""

import gc
import os

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from talentdesk.domain.attrition import RURAL_GROUP
from talentdesk.gui.bus import DataBus
from talentdesk.gui.deployment import attrition_tab
from talentdesk.services.deployment import school_groups
from tests.services.test_school_groups import _young_urban_master
from tests.watch_builder import build

pytestmark = pytest.mark.gui


def rows(list_detail):
    m = list_detail.model
    return [m.row_at(i) for i in range(m.rowCount())]


def test_a_group_through_the_dialog_then_a_rule_applies_to_it(db, qtbot, monkeypatch):
    ids = build(db)
    _young_urban_master(db, ids)
    warnings = []
    monkeypatch.setattr(attrition_tab, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(attrition_tab, "warn", lambda *a, **k: warnings.append(a[2]))
    bus = DataBus()
    t = attrition_tab.AttritionTab(db, bus)
    qtbot.addWidget(t)
    t.resize(1340, 640)
    t.show()
    t.tabs.setCurrentWidget(t.groups)
    assert rows(t.groups) == []
    seen = {}

    def fill():
        dlg = t._group_dlg
        QTimer.singleShot(3000, dlg.reject)  # never left open if saving failed
        dlg.try_save()  # empty: the messages under the fields
        seen["name"] = dlg.form.error_text("name")
        dlg.name.setText("城区直属学校")
        next(b for b in dlg.area_ticks if b.text() == "城区").setChecked(True)
        seen["count"] = dlg.count.text()
        dlg.try_save()

    gc.collect()
    QTimer.singleShot(0, fill)
    t.edit_group(new=True)
    assert t._group_dlg.result() == QDialog.DialogCode.Accepted
    assert seen == dict(name="请填写分组名称", count="1 所（城乡类型为城区的学校）")
    assert [(r[1], r[3]) for r in rows(t.groups)] == [("城区直属学校", 1)]

    # the rule 高学历青年乡村教师 now looks at the group: the urban teacher is flagged, the village one not
    t.tabs.setCurrentWidget(t.rules)
    i = next(i for i, r in enumerate(rows(t.rules)) if r[1] == "高学历青年乡村教师")
    assert rows(t.rules)[i][3] == RURAL_GROUP
    t.rules.view.selectRow(i)

    def choose():
        dlg = t._rule_dlg
        QTimer.singleShot(3000, dlg.reject)
        dlg.form.fields["scope"].setCurrentText("城区直属学校")
        dlg.try_save()

    gc.collect()
    QTimer.singleShot(0, choose)
    t.edit_rule()
    assert t._rule_dlg.result() == QDialog.DialogCode.Accepted
    assert [r[3] for r in rows(t.rules) if r[1] == "高学历青年乡村教师"] == ["城区直属学校"]
    flagged = {r[1] for r in rows(t.watch) if "高学历青年乡村教师" in r[8]}
    assert flagged == {"城硕二"}
    assert rows(t.groups)[0][4] == "高学历青年乡村教师"

    # the group's schools in the detail; deleting it is refused while the rule uses it
    t.tabs.setCurrentWidget(t.groups)
    t.groups.view.selectRow(0)
    assert "城关一中" in t.groups.detail.toPlainText()
    t.delete_group()
    assert warnings and "请先为这些规则改选分组" in warnings[-1]
    assert len(school_groups.groups(db)) == 1
    if os.environ.get("TALENTDESK_SCREENSHOT"):
        t.grab().save(os.environ["TALENTDESK_SCREENSHOT"])
    t.close()
    bus.deleteLater()
