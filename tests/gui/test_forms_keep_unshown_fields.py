"""Record dialogs saved untouched change nothing (no audit rows) and never clear a field they do not show
(a service obligation's 服务期满/结果/办结日期, a pairing's 备注 — now shown); the hiring-plan table cannot be typed
into by a 查阅员 or on a read-only file; the tiers dialog and the plan tab pass back what they loaded."""

import datetime as dt

import pytest
from PySide6.QtWidgets import QAbstractItemView, QTableWidgetItem

from talentdesk.gui import conflict_dialog
from talentdesk.gui.bus import DataBus
from talentdesk.gui.cultivation.pairing_dialog import PairingDialog
from talentdesk.gui.recruitment import common
from talentdesk.gui.recruitment.obligations_tab import ObligationsTab
from talentdesk.gui.recruitment.plan_tab import PlanTab
from talentdesk.gui.recruitment.services_tab import TiersDialog
from talentdesk.services.accounts import access
from talentdesk.services.accounts.access import CLERK, VIEWER, Identity
from talentdesk.services.cultivation import mentoring
from talentdesk.services.recruitment import obligations, retention
from talentdesk.services.recruitment import plan as recruitment_plan
from talentdesk.store.database import open_database
from tests import cultivation_builder
from tests.recruitment_builder import YEAR, County
from tests.shared.test_unchanged_saves import audit_rows

pytestmark = pytest.mark.gui


@pytest.fixture
def bus(qtbot):
    b = DataBus()
    yield b
    b.deleteLater()


def test_obligation_dialog_saved_untouched_keeps_end_and_outcome(qtbot, db, bus, monkeypatch):
    county = County(db)
    tid = county.teacher(
        "公费甲", county.village, "小学", "数学", dt.date(1998, 3, 3), "女", source="公费师范生", start="2019-09"
    )
    oid = obligations.save(
        db,
        None,
        {
            "teacher_id": tid,
            "kind": "公费师范生",
            "start": "2019-09",
            "years": "6",
            "end": "2026-08",
            "note": "延期一年",
        },
    )
    obligations.close(db, oid, "违约", "2024-07", "考取研究生离岗")
    monkeypatch.setattr(common.RecordDialog, "exec", lambda dlg: 1 if dlg.save() else 0)
    tab = ObligationsTab(db, bus)
    qtbot.addWidget(tab)
    tab.refresh()
    tab.view.selectRow(0)
    before = audit_rows(db)
    assert tab.edit() == oid
    assert audit_rows(db) == before
    now = obligations.get(db, oid)
    assert (now["end"].iso(), now["closed"], now["closed_on"].iso()) == ("2026-08", "违约", "2024-07")


def test_pairing_dialog_shows_and_keeps_the_note(qtbot, db):
    c = cultivation_builder.build(db)
    pid, _ = mentoring.save_pairing(
        db, None, {"mentor_id": c["t"]["李䶮"], "mentee_id": c["t"]["吉𠮷"], "start": "2026-09", "note": "跨校结对"}
    )
    dlg = PairingDialog(db, pid)
    qtbot.addWidget(dlg)
    assert dlg.form.fields["note"].text() == "跨校结对"
    before = audit_rows(db)
    assert dlg.save()
    assert audit_rows(db) == before
    dlg = PairingDialog(db, pid)
    qtbot.addWidget(dlg)
    dlg.form.fields["note"].setText("同校结对")
    assert dlg.save()
    assert mentoring.get_pairing(db, pid)["note"] == "同校结对"


@pytest.fixture
def plan_db(db):
    County(db)
    recruitment_plan.propose_plan(db, YEAR)
    return db


@pytest.mark.parametrize("role", [VIEWER, CLERK])
def test_plan_table_read_only_for_a_viewer(qtbot, plan_db, bus, role):
    access.sign_in(plan_db, Identity("小王", role))
    tab = PlanTab(plan_db, bus)
    qtbot.addWidget(tab)
    tab.reload()
    assert tab.table.rowCount() > 0
    may = role == CLERK
    no_edit = tab.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert no_edit is not may
    assert tab.status.isEnabled() is may and tab.save_button.isEnabled() is may
    if not may:
        assert "查阅员" in tab.table.toolTip()


def test_plan_table_read_only_on_a_read_only_file(qtbot, plan_db, bus):
    ro = open_database(plan_db.path, read_only=True)
    try:
        tab = PlanTab(ro, bus)
        qtbot.addWidget(tab)
        tab.reload()
        assert tab.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
        assert not tab.status.isEnabled()
        tab.close()
    finally:
        ro.dispose()


def test_plan_tab_merges_another_clerks_line_change(qtbot, plan_db, bus):
    tab = PlanTab(plan_db, bus)
    qtbot.addWidget(tab)
    tab.reload()
    li = open_database(plan_db.path, user="李四")
    try:
        theirs = recruitment_plan.get_plan(li, tab.plan["id"])
        lines = [dict(x) for x in theirs["lines"]]
        lines[0]["note"] = "李四的备注"
        recruitment_plan.save_plan(li, theirs["id"], lines, version=theirs["version"], base=theirs, merge=True)
    finally:
        li.dispose()
    tab.table.setItem(1, 5, QTableWidgetItem("0"))  # another line, here
    assert tab.save()
    now = {x["id"]: x for x in recruitment_plan.get_plan(plan_db, tab.plan["id"])["lines"]}
    assert now[lines[0]["id"]]["note"] == "李四的备注"
    assert now[theirs["lines"][1]["id"]]["planned"] == 0


def test_tiers_dialog_asks_when_another_clerk_set_the_same_school(qtbot, db, monkeypatch):
    County(db)
    dlg = TiersDialog(db)
    qtbot.addWidget(dlg)
    school = dlg.rows[0]["school_id"]
    retention.set_tier(db, school, "一档")  # another clerk, meanwhile
    dlg.table.cellWidget(0, 4).setCurrentText("三档")
    asked = []

    def ask(parent, conflict, display=None):
        asked.append(conflict)
        return conflict_dialog.SAVE, conflict.resolutions(default="mine")

    monkeypatch.setattr(conflict_dialog, "ask", ask)
    assert dlg.save()
    assert len(asked) == 1 and asked[0].conflicts[0].theirs == "一档"
    assert {r["school_id"]: r["tier"] for r in retention.list_tiers(db)}[school] == "三档"
