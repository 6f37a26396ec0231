"""生成推荐 runs on a worker thread with a progress dialog; suggestions come unticked; ticks survive a change
of mentor (issue 14 §8)."""

import threading

import pytest
from PySide6.QtCore import Qt

from talentdesk.gui.bus import DataBus
from talentdesk.gui.cultivation import suggest_tab
from talentdesk.gui.pages.mentoring import MentoringPage
from talentdesk.services.cultivation import pairing_suggest
from tests.cultivation_builder import build

pytestmark = pytest.mark.gui


def test_propose_off_the_gui_thread_with_progress_and_unticked(qtbot, db, monkeypatch):
    c = build(db)
    page = MentoringPage(db, DataBus())
    qtbot.addWidget(page)
    tab = page.suggest
    seen = {}
    real = pairing_suggest.propose

    def spy(*a, progress=None, **k):
        seen["thread"] = threading.current_thread() is threading.main_thread()
        steps = []
        res = real(*a, progress=lambda *p: (steps.append(p), progress(*p)), **k)
        seen["steps"] = steps
        return res

    monkeypatch.setattr(pairing_suggest, "propose", spy)
    tab.propose()
    assert seen["thread"] is False  # was computed on the GUI thread, the window frozen meanwhile
    assert seen["steps"][0][2].startswith("正在读取") and seen["steps"][-1][:2] == (3, 3)
    assert tab.table.rowCount() == 3 and tab.checked() == []  # were all ticked
    names = [tab.table.item(r, 1).text() for r in range(tab.table.rowCount())]
    tab.table.item(names.index("钱晓"), 0).setCheckState(Qt.CheckState.Checked)
    r = names.index("吉𠮷")
    tab.table.selectRow(r)
    tab.change_mentor(c["t"]["李䶮"], "李䶮")
    assert [tab.table.item(i, 1).text() for i in tab.checked()] == ["钱晓"]  # the tick was kept
    assert tab.run_button.isEnabled()
    assert suggest_tab  # module imported for monkeypatching symmetry with the other tests
