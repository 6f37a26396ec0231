"""Main window: navigation list on the left, one page per area on the right, status bar, menus.

Pages are built when first shown (issue 16 §4): until then the stack holds a placeholder, and a page's module
(with the heavy libraries it pulls in) is imported only then, so start-up builds the one page the clerk sees.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QListWidget, QMainWindow, QMessageBox, QSplitter, QStackedWidget, QWidget

from talentdesk import __version__ as VERSION
from talentdesk import config
from talentdesk.gui import file_dialogs, fit
from talentdesk.gui.bus import DataBus, Topic
from talentdesk.services.accounts import access, user_names
from talentdesk.services.people import teachers as teacher_svc

PAGES = (
    "教师",
    "学校",
    "师徒结对",
    "交流轮岗",
    "招聘引才",
    "培训",
    "统计报表",
    "数据导入",
    "数据交换",
    "审计日志",
    "设置",
)
APP_TITLE = "教育人才工作台"
# title → (module, class) of each page but 设置 (built with its host): imported when the page is first shown
PAGE_CLASSES = {
    "教师": ("talentdesk.gui.pages.teachers", "TeachersPage"),
    "学校": ("talentdesk.gui.pages.schools", "SchoolsPage"),
    "师徒结对": ("talentdesk.gui.pages.mentoring", "MentoringPage"),  # issue 4
    "交流轮岗": ("talentdesk.gui.pages.deployment", "DeploymentPage"),  # issue 5
    "招聘引才": ("talentdesk.gui.pages.recruitment", "RecruitmentPage"),
    "培训": ("talentdesk.gui.pages.training", "TrainingPage"),  # issue 4
    "统计报表": ("talentdesk.gui.pages.reports", "ReportsPage"),  # issue 7
    "数据导入": ("talentdesk.gui.pages.imports", "ImportsPage"),
    "数据交换": ("talentdesk.gui.pages.exchange", "ExchangePage"),  # issue 10 §3
    "审计日志": ("talentdesk.gui.pages.audit", "AuditPage"),  # issue 8
}


def gui_settings() -> QSettings:
    """Window state lives next to the settings file (so TALENTDESK_HOME isolates it too)."""
    path = config.paths().config / "gui.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    def __init__(self, db, parent=None, *, open_database=None, workspace=None):
        """``open_database(path)`` opens another database file (menu 文件 → 打开数据库…)."""
        super().__init__(parent)
        self.db = db
        self._open_database = open_database
        self.workspace = workspace  # services.platform.workspace.Workspace (lock, backups, restore); None in tests
        self.bus: DataBus | None = None
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.addItems(PAGES)
        self.nav.setMinimumWidth(110)
        self.nav.setStyleSheet("QListWidget { font-size: 12pt; } QListWidget::item { padding: 8px 10px; }")
        self.stack = QStackedWidget()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([140, 1200])
        self.setCentralWidget(self.splitter)
        self.nav.currentRowChanged.connect(self._show_row)
        self._built: dict[str, QWidget] = {}
        self.settings_host = None
        self.path_label, self.count_label, self.user_label = QLabel(), QLabel(), QLabel()
        self.user_label.setObjectName("signed_in")
        self.ro_label = QLabel("只读：不能保存修改")
        self.ro_label.setStyleSheet("background: #c0392b; color: white; padding: 1px 8px;")
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.path_label)
        self.statusBar().addPermanentWidget(self.ro_label)
        self._menus()
        self._shortcuts()
        self._build_pages()
        self._restore()

    # -- pages
    def _build_pages(self) -> None:
        if self.bus is not None:  # pages of the previous database listen to the old bus: drop both
            self.bus.deleteLater()
        self.bus = DataBus(self)
        shown = self.nav.currentRow()
        self.stack.blockSignals(True)
        while self.stack.count():
            w = self.stack.widget(0)
            self.stack.removeWidget(w)
            w.deleteLater()
        self._built, self.settings_host = {}, None
        for title in PAGES:  # a placeholder per page until it is first shown
            placeholder = QLabel(f"正在打开“{title}”…")
            placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.stack.addWidget(placeholder)
        self.stack.blockSignals(False)
        self.bus.changed.connect(self._update_status)
        self._update_status()
        if shown >= 0:  # another database: the page the clerk was on is built again at once
            self._show_row(shown)

    def _build_page(self, title: str) -> QWidget:
        if title == "设置":
            from talentdesk.gui.pages.settings import SettingsPage
            from talentdesk.gui.security.settings_host import SettingsHost

            self.settings_host = SettingsHost(SettingsPage(self.db, self.bus), self.db, self.bus, self)
            return self.settings_host
        module, name = PAGE_CLASSES[title]
        return getattr(importlib.import_module(module), name)(self.db, self.bus)

    def page(self, title: str):
        """The page called TITLE, built now if it has not been shown yet."""
        if title not in self._built:
            index = PAGES.index(title)
            page = self._build_page(title)
            placeholder = self.stack.widget(index)
            assert placeholder is not None
            current = self.stack.currentIndex()
            self.stack.blockSignals(True)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            self.stack.setCurrentIndex(current)
            self.stack.blockSignals(False)
            placeholder.deleteLater()
            self._built[title] = page
        return self._built[title]

    def built_pages(self) -> list[str]:
        """Titles of the pages built so far (shown once, or asked for by page())."""
        return [t for t in PAGES if t in self._built]

    @property
    def teachers(self):
        return self.page("教师")

    @property
    def schools(self):
        return self.page("学校")

    @property
    def settings_page(self):
        return self.page("设置").policy_page

    def _open_files(self) -> list:
        """Teacher files open now (none when the 教师 page was never built)."""
        page: Any = self._built.get("教师")
        return list(page.open_files.values()) if page is not None else []

    def _show_row(self, index: int) -> None:
        if 0 <= index < len(PAGES):
            self.page(PAGES[index])
            self.stack.setCurrentIndex(index)

    def show_page(self, index: int) -> None:
        self.nav.setCurrentRow(index)

    def _update_status(self, *_):
        if self.db.path:
            where, short = str(self.db.path), Path(self.db.path).name
        else:  # a server database: host/dbname, never the password
            from talentdesk.services.platform.database import describe

            where = short = f"服务器 {describe(self.db.url)}"
        self.path_label.setText(f"数据库：{where}")
        total, active = teacher_svc.counts(self.db)
        self.count_label.setText(f"教师 {total:,} 人（在岗 {active:,} 人）")
        self.count_label.setToolTip("全部在册教师（含退休、调出等不在岗的）；在岗教师是统计报表和学时统计所计的人数")
        ident = access.current(self.db)
        self.user_label.setText(f"当前用户：{user_names.current(self.db)}（{ident.role}）" if ident.account_id else "")
        self.user_label.setVisible(ident.account_id is not None)
        self.ro_label.setVisible(self.db.read_only)
        if self.workspace is not None and self.workspace.banner():
            self.ro_label.setText(self.workspace.banner())
        # ends with the application's display name, so Qt does not add it a second time
        self.setWindowTitle(f"{short}" + ("（只读）" if self.db.read_only else "") + f" — {APP_TITLE}")

    # -- menus and keys
    def _menus(self) -> None:
        # kept by Python: PySide6 6.9 (the glibc-2.28 bundle) hands out a wrapper of QAction.menu() that is
        # already "deleted", so other code takes the menu from here, never from menuBar().actions()
        file_menu = self.file_menu = self.menuBar().addMenu("文件(&F)")
        new_action = QAction("新建数据库…", self)  # issue 14 §7: the county's own file (gui/first_start.py)
        new_action.triggered.connect(self.new_database)
        file_menu.addAction(new_action)
        open_action = QAction("打开数据库…", self)
        open_action.triggered.connect(self.choose_database)
        quit_action = QAction("退出", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(open_action)
        self.recent_menu = file_menu.addMenu("最近使用的数据库")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        demo_action = QAction("打开演示县", self)
        demo_action.triggered.connect(self.open_demo)
        file_menu.addAction(demo_action)
        copy_action = QAction("复制数据库（本机文件 ⇄ 服务器）…", self)
        copy_action.triggered.connect(self.copy_database)
        file_menu.addAction(copy_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        about = QAction("关于", self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    def _shortcuts(self) -> None:
        QShortcut(QKeySequence("Ctrl+F"), self, self.focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_teacher)
        QShortcut(QKeySequence("F5"), self, self.refresh_all)
        for i in range(len(PAGES)):
            if i < 10:  # Ctrl+1 … Ctrl+9, then Ctrl+0 for the tenth page
                QShortcut(QKeySequence(f"Ctrl+{(i + 1) % 10}"), self, lambda i=i: self.show_page(i))

    def refresh_all(self) -> None:
        self.bus.notify(Topic.ALL)

    def focus_search(self) -> None:
        self.show_page(0)
        self.teachers.focus_search()

    def new_teacher(self):
        if self.db.read_only:
            return None
        self.show_page(0)
        return self.teachers.open_teacher(None)

    def about(self) -> None:
        QMessageBox.about(
            self,
            "关于",
            f"<b>{APP_TITLE}</b>　版本 {VERSION}<br><br>"
            "县（市）教育局教师队伍管理：教师档案、学校、师徒结对、交流轮岗、培训与统计报表。<br>"
            "全部数据保存在本机，无需联网。",
        )

    def copy_database(self) -> None:
        from talentdesk.gui.copy_database_dialog import open_copy_dialog  # issue 10 §2

        open_copy_dialog(self.db, self)

    def new_database(self) -> None:
        from talentdesk.gui import first_start

        first_start.new_county(self)

    def open_demo(self) -> None:
        from talentdesk.gui import first_start

        first_start.open_demo(self)

    def _fill_recent(self) -> None:
        """文件 → 最近使用的数据库: the files opened lately on this PC (per user), the current one left out."""
        self.recent_menu.clear()
        current = str(Path(self.db.path).resolve()) if self.db.path else None
        paths = [p for p in config.recent_databases() if p != current]
        for p in paths:
            action = self.recent_menu.addAction(f"{Path(p).name}　（{Path(p).parent}）")
            action.triggered.connect(lambda _=False, p=p: self.switch_database(Path(p)))
        if not paths:
            self.recent_menu.addAction("（还没有其他数据库）").setEnabled(False)

    def choose_database(self) -> None:
        name = file_dialogs.open_path(
            self,
            "database",
            "打开数据库",
            "TalentDesk 数据库 (*.db);;所有文件 (*)",
            self.db.path.parent if self.db.path else None,
        )
        if name:
            self.switch_database(Path(name))

    def switch_database(self, target) -> bool:
        """Reopen the window on TARGET (a file Path or a server URL); False (and a message) when it fails."""
        if self._open_database is None:
            return False
        for dlg in self._open_files():  # each asks about unsaved changes
            if not dlg.close():
                return False
        try:
            db = self._open_database(target)
        except Exception as e:  # a broken or foreign file, an unreachable server: keep the current database
            from talentdesk.services.platform.database import describe_raw

            QMessageBox.warning(
                self, "打开数据库", f"无法打开“{describe_raw(target)}”：{getattr(e, 'message', None) or e}"
            )
            return False
        old, self.db = self.db, db
        if db.path:
            config.add_recent_database(db.path)
        self._build_pages()
        if old is not db:
            old.dispose()
        return True

    def restore_from(self, backup_file: Path, *, allow_other: bool = False, allow_unverified: bool = False) -> None:
        """Replace the database by a backup (issue 8): the workspace backs up the current file first. ALLOW_OTHER,
        ALLOW_UNVERIFIED: the clerk confirmed another database's backup, or an unverified one (issue 15)."""
        from talentdesk.gui.security.login import ensure_signed_in

        for dlg in self._open_files():
            dlg.close()
        self.workspace.restore(backup_file, allow_other=allow_other, allow_unverified=allow_unverified)
        self.db = self.workspace.db
        if access.current(self.db).role is None:  # the restored file has other accounts: sign in again
            ensure_signed_in(self.db, self)
        self._build_pages()
        self.statusBar().showMessage(f"已从备份 {Path(backup_file).name} 恢复；恢复前的数据库已自动备份。", 15_000)

    # -- remembered window state
    def _restore(self) -> None:
        s = gui_settings()
        geometry = s.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:  # first start: as big as the screen allows, maximised on a small laptop
            fit.resize_within_screen(self, 1280, 800)
            if self.size() != QSize(1280, 800):
                self.setWindowState(Qt.WindowState.WindowMaximized)
        splitter = s.value("main/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        page = int(s.value("main/page", 0) or 0)
        self.show_page(page if 0 <= page < len(PAGES) else 0)

    def closeEvent(self, event) -> None:
        for dlg in self._open_files():  # each asks about unsaved changes
            if not dlg.close():
                event.ignore()
                return
        s = gui_settings()
        s.setValue("main/geometry", self.saveGeometry())
        s.setValue("main/splitter", self.splitter.saveState())
        s.setValue("main/page", self.nav.currentRow())
        s.sync()
        super().closeEvent(event)
