"""填报单位 is asked for once, then printed on every report and notice (issue 18 §3)."""

from PySide6.QtWidgets import QWidget

from talentdesk.gui.reports import unit_prompt
from talentdesk.reports import statistics


def test_the_unit_is_asked_once_and_kept(qtbot, db, monkeypatch):
    asked = []
    monkeypatch.setattr(unit_prompt, "ask_unit", lambda parent: asked.append(1) or "禾川县教育和体育局")
    w = QWidget()
    qtbot.addWidget(w)
    assert statistics.unit_name(db) == ""
    assert unit_prompt.ensure_unit(w, db) and unit_prompt.ensure_unit(w, db)
    assert asked == [1] and statistics.unit_name(db) == "禾川县教育和体育局"


def test_cancelling_the_question_makes_nothing(qtbot, db, monkeypatch):
    monkeypatch.setattr(unit_prompt, "ask_unit", lambda parent: "")
    shown = []
    monkeypatch.setattr(unit_prompt.QMessageBox, "information", lambda *a: shown.append(a[2]))
    w = QWidget()
    qtbot.addWidget(w)
    assert not unit_prompt.ensure_unit(w, db)
    assert statistics.unit_name(db) == "" and "填报单位" in shown[0]
