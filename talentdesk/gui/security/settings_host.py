"""The 设置 page as tabs: 政策参数 (the foundation's SettingsPage), 报表与公示, 用户, 备份与恢复, 数据库."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget

from talentdesk.gui.security.backups_tab import BackupsTab
from talentdesk.gui.security.users_tab import UsersTab


class SettingsHost(QTabWidget):
    title = "设置"

    def __init__(self, policy_page, db, bus, window=None, parent=None):
        super().__init__(parent)
        self.setObjectName("settings_tabs")
        self.policy_page = policy_page
        self.users = UsersTab(db, bus)
        self.backups = BackupsTab(db, bus, window)
        self.addTab(policy_page, "政策参数")
        from talentdesk.gui.pages.paper_settings import PaperSettingsTab  # issue 18 §3: issuer, notice contact

        self.paper = PaperSettingsTab(db, bus)
        self.addTab(self.paper, "报表与公示")
        self.addTab(self.users, "用户")
        self.addTab(self.backups, "备份与恢复")
        from talentdesk.gui.pages.database_box import DatabaseBox  # issue 10: file on this PC or server

        self.database = DatabaseBox(db, bus, window)
        self.addTab(self.database, "数据库")
        self.currentChanged.connect(self._refresh)

    def _refresh(self, index: int) -> None:
        w = self.widget(index)
        if hasattr(w, "load"):
            w.load()
