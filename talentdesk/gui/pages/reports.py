"""统计报表 page: 概览 (key figures and charts, each figure opening the teachers behind it) and 报表
(the report catalogue with parameters, preview, printing and saving)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from talentdesk.gui.bus import Topic
from talentdesk.gui.reports.dashboard import DashboardTab
from talentdesk.gui.reports.report_tab import ReportTab
from talentdesk.gui.reports.teacher_list import TeacherListDialog


class ReportsPage(QWidget):
    title = "统计报表"

    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.stale = True
        self.lists: list[TeacherListDialog] = []
        self.tabs = QTabWidget()
        self.dashboard = DashboardTab(db)
        self.reports = ReportTab(db)
        self.tabs.addTab(self.dashboard, "概览")
        self.tabs.addTab(self.reports, "报表")
        self.dashboard.show_teachers.connect(self.show_teachers)
        self.reports.show_teachers.connect(self.show_teachers)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        bus.follow(self, self.reports.paper_changed, Topic.SETTINGS)
        bus.follow(self, self._data_changed, Topic.TEACHERS, Topic.SCHOOLS, Topic.SETTINGS)

    def _data_changed(self) -> None:
        self.stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def refresh(self) -> None:
        """Figures are computed when the page is shown (not at start-up) and again after data changes."""
        self.stale = False
        self.dashboard.load_scopes()
        self.reports.load_scopes()
        self.dashboard.refresh(background=True)

    def show_teachers(self, title: str, ids: list) -> TeacherListDialog:
        window = self.window()
        opener = getattr(getattr(window, "teachers", None), "open_teacher", None)
        dlg = TeacherListDialog(self.db, title, ids, opener, self)
        self.lists = [d for d in self.lists if d.isVisible()] + [dlg]
        dlg.show()
        return dlg
