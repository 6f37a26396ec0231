"""师徒结对 page: 结对名单 (programmes, pairings, activities, printing) and 推荐结对 (optimal assignment)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from talentdesk.gui.cultivation.pairings_tab import PairingsTab
from talentdesk.gui.cultivation.suggest_tab import SuggestTab


class MentoringPage(QWidget):
    title = "师徒结对"

    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.pairings = PairingsTab(db, bus)
        self.suggest = SuggestTab(db, bus)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.pairings, "结对名单")
        self.tabs.addTab(self.suggest, "推荐结对")
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
