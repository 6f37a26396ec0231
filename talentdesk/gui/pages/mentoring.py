"""师徒结对 page: 结对名单 (programmes, pairings, activities, printing) and 推荐结对 (optimal assignment).
推荐结对 is built (and reads the schools and programmes) only when its tab is first opened or page.suggest first
read (issue 16 §4)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from talentdesk.gui.lazy_tabs import LazyTabs, lazy_page, maker

AREA = "talentdesk.gui.cultivation"
# (attribute, tab title, module in gui.cultivation, class)
TABS = (
    ("pairings", "结对名单", "pairings_tab", "PairingsTab"),
    ("suggest", "推荐结对", "suggest_tab", "SuggestTab"),
)


class MentoringPage(QWidget):
    title = "师徒结对"

    pairings = lazy_page("pairings")
    suggest = lazy_page("suggest")

    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.tabs = LazyTabs()
        for key, title, module, name in TABS:
            self.tabs.add_lazy(key, title, maker(f"{AREA}.{module}", name, db, bus))
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
