"""招聘引才 page (引、留): hiring plan, recruitment batches, service obligations, the local-student pool,
recognised talent and benefits, and the services that keep teachers — one tab each, built (its module imported,
its data read) only when first opened or asked for by page.tab(label) (issue 16 §4)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from talentdesk.gui.lazy_tabs import LazyTabs, maker

AREA = "talentdesk.gui.recruitment"
# (tab title, module in gui.recruitment, class)
TABS = (
    ("招聘计划", "plan_tab", "PlanTab"),
    ("招聘批次与录用", "batches_tab", "BatchesTab"),
    ("服务期", "obligations_tab", "ObligationsTab"),
    ("本地生源", "students_tab", "StudentsTab"),
    ("人才认定与待遇", "talents_tab", "TalentsTab"),
    ("人才服务", "services_tab", "ServicesTab"),
)


class RecruitmentPage(QWidget):
    title = "招聘引才"

    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.tabs = LazyTabs()
        self.tabs.setObjectName("recruitment_tabs")
        for label, module, name in TABS:
            self.tabs.add_lazy(label, label, maker(f"{AREA}.{module}", name, db, bus))
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)

    def tab(self, label: str):
        """The tab titled LABEL, built now if it was not yet."""
        return self.tabs.page(label)
