"""The 培训 page shows at once (issue 16 §4): of its eleven record lists only the one the clerk opens is built and
reads the database; the others follow when their tab is chosen, with their data."""

import pytest

from talentdesk.gui.bus import DataBus
from talentdesk.gui.pages.training import TABS, TrainingPage
from talentdesk.services.cultivation import competitions
from tests.cultivation_builder import build

pytestmark = pytest.mark.gui


def test_only_the_tab_shown_is_built_and_the_others_come_with_their_data(qtbot, db):
    c = build(db)
    competitions.save(
        db,
        None,
        dict(name="2025年全县初中语文优质课评比", kind="优质课", level="县级", start="2025-10-14"),
        [{"teacher_id": c["t"]["张堃"], "result": "一等奖"}],
    )
    page = TrainingPage(db, DataBus())
    qtbot.addWidget(page)
    page.show()
    keys = [key for key, _title, _module, _cls in TABS]
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [title for _k, title, _m, _c in TABS]
    assert [k for k in keys if page.tabs.is_built(k)] == ["courses"]
    page.tabs.setCurrentIndex(keys.index("competitions"))  # the clerk clicks 教学竞赛
    assert [k for k in keys if page.tabs.is_built(k)] == ["courses", "competitions"]
    tab = page.competitions
    assert page.tabs.currentWidget().isAncestorOf(tab) and tab.isVisible()
    assert [r.name for r in (tab.model.row_at(i) for i in range(tab.model.rowCount()))] == [
        "2025年全县初中语文优质课评比"
    ]
    assert page.research is page.research  # asked for in code: built once, then the same list
    assert page.tabs.is_built("research") and not page.tabs.is_built("degrees")
    page.tabs.setCurrentIndex(keys.index("research"))  # built while its tab was hidden: shown with the tab
    assert page.research.isVisible()
    page.close()
