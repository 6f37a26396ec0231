"""Application start: QApplication, CJK font, Chinese Qt translation, database, main window, first-start choice."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from talentdesk import config, resources
from talentdesk.gui import fit
from talentdesk.gui.main_window import APP_TITLE, MainWindow
from talentdesk.services.platform.database import configure_orm, open_database

# Screen font preference: Song/Hei first (Windows), then the free fonts the project installs.
# Every registered family also serves as a fallback for rare characters (𠮷 needs WenKai or SimSun-ExtB).
SCREEN_FONT_ORDER = ("simsun", "simhei", "wqy-zenhei", "uming", "wenkai", "simfang", "simsunb")
FONT_POINT_SIZE = 10


def setup_fonts(app: QApplication) -> list[str]:
    """Register the CJK fonts found on this PC and make them the application font; returns the families."""
    found = {key: path for key, path, _idx in resources.available_fonts()}
    families: list[str] = []
    for key in sorted(found, key=lambda k: SCREEN_FONT_ORDER.index(k) if k in SCREEN_FONT_ORDER else 99):
        font_id = QFontDatabase.addApplicationFont(str(found[key]))
        if font_id < 0:
            continue
        for fam in QFontDatabase.applicationFontFamilies(font_id):
            if fam not in families and not fam.endswith(("TW", "HK", "TW MBE")):
                families.append(fam)
    if families:  # the first family that has a glyph draws it: WenKai or SimSun-ExtB supply 𠮷
        font = QFont(app.font())
        font.setFamilies(families)
        font.setPointSize(FONT_POINT_SIZE)
        app.setFont(font)
    return families


# Labels of Qt's own dialogs that qtbase_zh_CN.qm (Qt 6.9–6.11) leaves in English (file and print dialogs)
QT_GAPS = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QPrintSettingsOutput", "Page &Set:"): "页面组(&S)：",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
}


class _QtGaps(QTranslator):
    """Answers only where Qt's own Chinese translation has nothing (it is asked after it)."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return QT_GAPS.get((context, source))  # None: not translated here (a null string), the source stays

    def isEmpty(self) -> bool:
        return False


def setup_translation(app: QApplication) -> QTranslator | None:
    """Chinese texts for Qt's own dialogs (确定/取消, file and print dialogs): Qt's translation, shipped in the
    PySide6 wheel and collected by the bundle spec, and the few labels it leaves in English (QT_GAPS)."""
    app.installTranslator(_QtGaps(app))  # installed first: asked only when Qt's translation has no answer
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        tr = QTranslator(app)
        if tr.load(name, folder):
            app.installTranslator(tr)
            return tr
    return None


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setOrganizationName("TalentDesk")
    app.setApplicationName("TalentDesk")
    app.setApplicationDisplayName(APP_TITLE)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    setup_fonts(app)
    fit.install(app)  # every window and dialog fits the screen (issue 14 §3)
    if not app.property("td_translator_installed"):
        setup_translation(app)
        app.setProperty("td_translator_installed", True)
    return app


def open_at_start(target):
    """The workspace to start on. A server that cannot be opened (no password remembered, wrong password,
    unreachable…) shows the connection dialog with the reason; cancelling it offers this PC's database file."""
    from talentdesk.gui.pages.database_box import ask_server
    from talentdesk.gui.security import startup
    from talentdesk.services.platform import workspace
    from talentdesk.services.platform.database import describe_raw

    remember = None  # set when the clerk (re)entered the connection at start: remembered once it opens
    while True:
        try:  # start-up checks, single-writer lock, daily backup, migrations (issue 8)
            ws = startup.open_for_gui(target)
        except workspace.ServerError as e:
            answer = ask_server(None, target=e.target, problem=e.message)
            if answer is None:
                local = config.paths().database
                if (
                    QMessageBox.question(
                        None,
                        APP_TITLE,
                        f"没有打开服务器数据库。\n\n改为打开本机数据库文件“{local}”吗？",
                        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                        QMessageBox.StandardButton.Yes,
                    )
                    != QMessageBox.StandardButton.Yes
                ):
                    return None
                target, remember = local, None
            else:
                target, remember = answer
            continue
        except Exception as e:  # cannot open or migrate: say so in Chinese and stop
            QMessageBox.critical(
                None, APP_TITLE, f"无法打开数据库“{describe_raw(target)}”：\n{getattr(e, 'message', None) or e}"
            )
            return None
        if ws is not None and remember is not None:
            workspace.remember_choice(target, remember_password=remember)
        return ws


def run(db_path: Path | str | None, demo_offer: bool = True, choose_start=None) -> int:
    """Open the GUI on db_path (a file or a server URL; None: the database chosen on the 设置 page, else the
    default file); returns the exit code. An empty database opened without one named on the command line leads
    to the first-start choice (DEMO_OFFER; CHOOSE_START(window) → first_start.DEMO/NEW/OPEN/None replaces the
    dialog, for tests and scripts)."""
    from talentdesk.gui.security import startup
    from talentdesk.services.platform.workspace import remembered_target

    app = make_app()
    from talentdesk.gui import error_hook

    error_hook.install()  # disk full, busy, unique violation: a Chinese message, not a traceback nobody sees
    ws = open_at_start(db_path if db_path is not None else remembered_target())
    if ws is None:
        return 1
    if not startup.sign_in(ws):  # accounts required on a shared database, offered on this PC (issue 14 §7)
        ws.close()
        return 0
    startup.after_sign_in(ws)
    window = MainWindow(ws.db, open_database=open_database, workspace=ws)
    keep = startup.install(window, ws)
    window.show()
    # the ORM is configured on a worker now the first page shows, not on the first page switch (issue 16 §4)
    threading.Thread(target=configure_orm, name="configure-orm").start()
    if ws.db.path:
        config.add_recent_database(ws.db.path)
    if demo_offer and db_path is None:  # 打开演示县 / 新建本县数据库 / 打开已有数据库 (issue 14 §7)
        from talentdesk.gui import first_start  # start-up: its county set-up pulls in exchange and reports

        first_start.offer(window, choose_start)
    code = app.exec()
    keep[0].stop()
    startup.close(window)
    return code
