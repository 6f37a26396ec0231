"""交流轮岗 page (issue 5): 交流轮岗 (records, the rotation year, 援派选派), 编制, 编制台账, 调配方案 (issue 22 §2),
人编一致, 乡村从教, 流失预警.

Each list is built (its module imported, its data read) only when its tab is first opened or its attribute
(page.quota …) first read (issue 16 §4: the page shows at once)."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QVBoxLayout, QWidget

from talentdesk.gui.lazy_tabs import LazyTabs, lazy_page, maker

AREA = "talentdesk.gui.deployment"
# (attribute, tab title, module in gui.deployment, class) of the 交流轮岗 tab's own tabs
EXCHANGE_TABS = (
    ("rotation", "年度轮岗", "rotation_tab", "RotationTab"),
    ("placements", "交流记录", "placements_tab", "PlacementsTab"),
    ("school_pairings", "学校结对", "school_pairings_tab", "SchoolPairingsTab"),  # issue 21 §3: 城乡一体化, 教共体 …
    ("postings", "援派选派", "postings_tab", "PostingsTab"),  # issue 22 §2: 援藏、援疆 … calls and their candidates
)
# the page's other tabs, after 交流轮岗
OTHER_TABS = (
    ("staffing", "编制", "staffing_tab", "StaffingTab"),
    ("quota", "编制台账", "quota_tab", "QuotaTab"),
    ("redeploy", "调配方案", "redeploy_tab", "RedeployTab"),
    ("consistency", "人编一致", "consistency_tab", "ConsistencyTab"),
    ("rural", "乡村从教", "rural_tab", "RuralTab"),
    ("attrition", "流失预警", "attrition_tab", "AttritionTab"),
)
TABS = ("交流轮岗", *(title for _k, title, _m, _c in OTHER_TABS))


def _exchange_tabs(db, bus) -> LazyTabs:
    inner = LazyTabs()
    inner.setDocumentMode(True)
    for key, title, module, name in EXCHANGE_TABS:
        inner.add_lazy(key, title, maker(f"{AREA}.{module}", name, db, bus))
    return inner


class DeploymentPage(QWidget):
    title = "交流轮岗"

    exchange = lazy_page("exchange")  # the 交流轮岗 tab: a LazyTabs of its own
    rotation = lazy_page("rotation", tabs="exchange")
    placements = lazy_page("placements", tabs="exchange")
    school_pairings = lazy_page("school_pairings", tabs="exchange")
    postings = lazy_page("postings", tabs="exchange")
    staffing = lazy_page("staffing")
    quota = lazy_page("quota")
    redeploy = lazy_page("redeploy")
    consistency = lazy_page("consistency")
    rural = lazy_page("rural")
    attrition = lazy_page("attrition")

    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.tabs = LazyTabs()
        self.tabs.setObjectName("deployment_tabs")
        self.tabs.add_lazy("exchange", TABS[0], partial(_exchange_tabs, db, bus))
        for key, title, module, name in OTHER_TABS:
            self.tabs.add_lazy(key, title, maker(f"{AREA}.{module}", name, db, bus))
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)

    def show_tab(self, title: str) -> None:
        self.tabs.setCurrentIndex(TABS.index(title))
