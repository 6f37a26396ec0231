"""招聘引才 page (引、留): hiring plan, recruitment batches, service obligations, the local-student pool,
recognised talent and benefits, and the services that keep teachers — one tab each."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from talentdesk.gui.recruitment.batches_tab import BatchesTab
from talentdesk.gui.recruitment.obligations_tab import ObligationsTab
from talentdesk.gui.recruitment.plan_tab import PlanTab
from talentdesk.gui.recruitment.services_tab import ServicesTab
from talentdesk.gui.recruitment.students_tab import StudentsTab
from talentdesk.gui.recruitment.talents_tab import TalentsTab

TABS = (
    ("招聘计划", PlanTab),
    ("招聘批次与录用", BatchesTab),
    ("服务期", ObligationsTab),
    ("本地生源", StudentsTab),
    ("人才认定与待遇", TalentsTab),
    ("人才服务", ServicesTab),
)


class RecruitmentPage(QWidget):
    title = "招聘引才"

    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.tabs = QTabWidget()
        self.tabs.setObjectName("recruitment_tabs")
        self.pages = {}
        for label, cls in TABS:
            page = cls(db, bus)
            self.pages[label] = page
            self.tabs.addTab(page, label)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)

    def tab(self, label: str):
        return self.pages[label]
