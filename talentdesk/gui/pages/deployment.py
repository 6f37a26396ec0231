"""交流轮岗 page (issue 5): 交流轮岗 (records, the rotation year, 援派选派), 编制, 编制台账, 调配方案 (issue 22 §2),
人编一致, 乡村从教, 流失预警."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from talentdesk.gui.deployment.attrition_tab import AttritionTab
from talentdesk.gui.deployment.consistency_tab import ConsistencyTab
from talentdesk.gui.deployment.placements_tab import PlacementsTab
from talentdesk.gui.deployment.postings_tab import PostingsTab
from talentdesk.gui.deployment.quota_tab import QuotaTab
from talentdesk.gui.deployment.redeploy_tab import RedeployTab
from talentdesk.gui.deployment.rotation_tab import RotationTab
from talentdesk.gui.deployment.rural_tab import RuralTab
from talentdesk.gui.deployment.school_pairings_tab import SchoolPairingsTab
from talentdesk.gui.deployment.staffing_tab import StaffingTab

TABS = ("交流轮岗", "编制", "编制台账", "调配方案", "人编一致", "乡村从教", "流失预警")


class DeploymentPage(QWidget):
    title = "交流轮岗"

    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.rotation = RotationTab(db, bus)
        self.placements = PlacementsTab(db, bus)
        inner = QTabWidget()
        inner.setDocumentMode(True)
        inner.addTab(self.rotation, "年度轮岗")
        inner.addTab(self.placements, "交流记录")
        self.school_pairings = SchoolPairingsTab(db, bus)  # issue 21 §3: 城乡一体化, 结对帮扶, 教共体 …
        inner.addTab(self.school_pairings, "学校结对")
        self.postings = PostingsTab(db, bus)  # issue 22 §2: 援藏、援疆 … calls and their candidates
        inner.addTab(self.postings, "援派选派")
        self.exchange = inner
        self.staffing = StaffingTab(db, bus)
        self.quota = QuotaTab(db, bus)
        self.redeploy = RedeployTab(db, bus)
        self.consistency = ConsistencyTab(db, bus)
        self.rural = RuralTab(db, bus)
        self.attrition = AttritionTab(db, bus)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("deployment_tabs")
        tabs = (inner, self.staffing, self.quota, self.redeploy, self.consistency, self.rural, self.attrition)
        for w, title in zip(tabs, TABS):
            self.tabs.addTab(w, title)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)

    def show_tab(self, title: str) -> None:
        self.tabs.setCurrentIndex(TABS.index(title))
