"""The annual report shows its figures at once; the teachers behind them (the drill-down, 1.4 → 3.8 s on the city
demo when computed with the figures) are gathered on a worker thread afterwards (issue 14 §8). A figure clicked
before its list is ready opens it as soon as it is."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import Qt

from talentdesk.gui.bus import DataBus
from talentdesk.gui.pages.reports import ReportsPage
from talentdesk.gui.reports import report_tab

pytestmark = pytest.mark.gui


@pytest.fixture
def tab(qtbot, filled_db):
    page = ReportsPage(filled_db, DataBus())
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentIndex(1)
    t = page.reports
    t.list.setCurrentRow(
        next(i for i in range(t.list.count()) if t.list.item(i).data(Qt.ItemDataRole.UserRole).name == "annual")
    )
    t.year.setValue(dt.date.today().year)
    yield t
    t.lists_loader.wait()
    for d in page.lists:
        d.close()
    page.close()


@pytest.fixture
def calls(monkeypatch):
    """Every report computation: (drill asked, on the GUI thread); a gate holds the ones with lists back."""
    real = report_tab.svc.run
    seen: list[tuple[bool, bool]] = []
    gate = threading.Event()
    gate.set()

    def run(db, name, params):
        drill = bool(params.options.get("drill"))
        seen.append((drill, threading.current_thread() is threading.main_thread()))
        if drill:
            assert gate.wait(30)
        return real(db, name, params)

    monkeypatch.setattr(report_tab.svc, "run", run)
    return seen, gate


def _total_row(model) -> int:
    return next(i for i in range(model.rowCount()) if model.row_at(i)[1] == "年末在岗教师")


def test_figures_first_on_the_gui_thread_lists_on_a_worker(qtbot, tab, calls):
    seen, _gate = calls
    tab.run()
    model = tab.parts.widget(0).model()
    assert model.row_at(_total_row(model))[2] == 4  # the figures are on screen when run() returns
    assert seen[0] == (False, True)  # was: the lists computed with the figures, on the GUI thread
    qtbot.waitUntil(lambda: not tab.lists_loader.loading, timeout=20_000)
    assert seen[1:] == [(True, False)]
    assert report_tab.GATHERING not in tab.notes.text()
    with qtbot.waitSignal(tab.show_teachers) as sig:
        tab._cell_clicked(model, model.index(_total_row(model), 2))
    assert len(sig.args[1]) == 4


def test_a_figure_clicked_early_opens_when_its_list_is_ready(qtbot, tab, calls):
    _seen, gate = calls
    gate.clear()
    tab.run()
    assert report_tab.GATHERING in tab.notes.text()  # the clerk is told the lists are coming
    model = tab.parts.widget(0).model()
    opened = []
    tab.show_teachers.connect(lambda title, ids: opened.append(ids))
    tab._cell_clicked(model, model.index(_total_row(model), 2))
    assert opened == []
    gate.set()
    qtbot.waitUntil(lambda: bool(opened), timeout=20_000)
    assert len(opened[0]) == 4


def test_lists_of_a_replaced_report_are_dropped(qtbot, tab, calls):
    _seen, gate = calls
    gate.clear()
    tab.run()
    first = tab.report
    tab.report = None  # another report shown meanwhile
    gate.set()
    qtbot.waitUntil(lambda: not tab.lists_loader.loading, timeout=20_000)
    assert first.teacher_ids == {}  # nothing filled into a report no longer on screen
