"""设置 → 数据库: which database is open (a file on this PC or a server database), and switching to another.

ServerDialog asks for 主机/端口/数据库名/用户名/密码 and can test the connection (on a worker thread: an
unreachable host takes the whole connect timeout, and the dialog stays usable meanwhile); DatabaseBox shows what is
open and reopens the main window on the clerk's choice, remembered for the next start (the password only
when 记住密码 is ticked: it is then kept on this PC, in the settings file).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from talentdesk import config
from talentdesk.gui import file_dialogs
from talentdesk.gui.widgets import ERROR_STYLE
from talentdesk.services.platform import database, workspace

OK_STYLE = "color: #1e7e34;"
BUSY_STYLE = "color: #666;"


class _ConnectionTest(QThread):
    """workspace.test_server(url) on a worker thread; `tested(ok, text)` carries the Chinese result back. It never
    touches a widget. Kept alive in _RUNNING (not by the dialog) until the thread has ended, so closing the dialog
    while a test runs destroys no running thread; the dialog's slot is disconnected when the dialog goes."""

    tested = Signal(bool, str)

    def __init__(self, url: str):
        super().__init__()
        self.url = url

    def run(self) -> None:
        try:
            ok, text = True, workspace.test_server(self.url)
        except workspace.ServerError as e:
            ok, text = False, e.message
        except Exception as e:  # never let a worker's error escape the thread
            ok, text = False, f"测试连接时出错：{e}"
        self.tested.emit(ok, text)


_RUNNING: set[_ConnectionTest] = set()


def _start_test(url: str, on_result) -> None:
    worker = _ConnectionTest(url)
    worker.tested.connect(on_result)  # before start: a quick answer must not be missed
    _RUNNING.add(worker)
    worker.finished.connect(worker.deleteLater)  # deleted in the GUI thread once the thread has ended
    worker.destroyed.connect(lambda *_: _RUNNING.discard(worker))
    app = QApplication.instance()
    if app is not None and len(_RUNNING) == 1:
        app.aboutToQuit.connect(wait_for_tests, Qt.ConnectionType.UniqueConnection)
    worker.start()


def wait_for_tests() -> None:
    """Let connection tests still running end (at most the connect timeout) before the program quits."""
    for worker in list(_RUNNING):
        with contextlib.suppress(RuntimeError):  # already deleted
            worker.wait()


class ServerDialog(QDialog):
    """连接服务器数据库: the fields of a PostgreSQL connection, 测试连接, 记住密码."""

    def __init__(self, parent=None, *, target: str | None = None, remember: bool = False, problem: str = ""):
        super().__init__(parent)
        self.setWindowTitle("连接服务器数据库")
        self.setMinimumWidth(520)
        intro = QLabel(
            "几位同事同时使用同一份数据时，可以把数据放在单位的 PostgreSQL 数据库服务器上。"
            "请向服务器管理员要以下信息（数据库应是为本软件新建的空数据库，或已在使用的 TalentDesk 数据库）。"
        )
        intro.setWordWrap(True)
        self.host = QLineEdit()
        self.host.setObjectName("server_host")
        self.host.setPlaceholderText("例如 192.168.1.20 或 db.jyj.local")
        self.port = QSpinBox()
        self.port.setObjectName("server_port")
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit()
        self.database.setObjectName("server_database")
        self.database.setPlaceholderText("例如 talentdesk")
        self.user = QLineEdit()
        self.user.setObjectName("server_user")
        self.password = QLineEdit()
        self.password.setObjectName("server_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("记住密码")
        self.remember.setObjectName("server_remember")
        self.remember.setChecked(remember)
        where = config.paths().settings_file
        remember_note = QLabel(
            f"勾选后，密码保存在这台电脑上（{where}），下次启动自动连接；"
            "公用电脑上请不要勾选。不勾选时，每次启动都要输入密码。"
        )
        remember_note.setWordWrap(True)
        remember_note.setStyleSheet("color: #666;")
        form = QFormLayout()
        form.addRow("主机：", self.host)
        form.addRow("端口：", self.port)
        form.addRow("数据库名：", self.database)
        form.addRow("用户名：", self.user)
        form.addRow("密码：", self.password)
        form.addRow("", self.remember)
        form.addRow("", remember_note)
        self.test_button = QPushButton("测试连接")
        self.test_button.setObjectName("server_test")
        self.test_button.clicked.connect(self.test)
        self.result = QLabel(problem)
        self.result.setObjectName("server_result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setStyleSheet(ERROR_STYLE if problem else "")
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.result, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("连接并打开")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addLayout(test_row)
        lay.addWidget(self.buttons)
        if target:
            self.fill(target)

    def fill(self, target: str) -> None:
        f = database.server_fields(target)
        self.host.setText(f["host"])
        self.port.setValue(int(f["port"] or 5432))
        self.database.setText(f["database"])
        self.user.setText(f["user"])
        self.password.setText(f["password"])

    def missing(self) -> str:
        for label, edit in (("主机", self.host), ("数据库名", self.database), ("用户名", self.user)):
            if not edit.text().strip():
                return f"请填写{label}"
        return ""

    def target(self) -> str:
        """The URL these fields describe (with the password typed, if any)."""
        return database.build_server_url(
            self.host.text(), self.port.value(), self.database.text(), self.user.text(), self.password.text()
        )

    def _show(self, text: str, ok: bool) -> None:
        self.result.setText(text)
        self.result.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)

    def testing(self) -> bool:
        return not self.test_button.isEnabled()

    def test(self) -> bool:
        """测试连接: starts the test on a worker (False when a field is missing); _tested shows in Chinese what
        worked or what failed. The button is disabled meanwhile; the other fields and buttons stay usable."""
        problem = self.missing()
        if problem:
            self._show(problem, False)
            return False
        if self.testing():
            return False
        self.test_button.setEnabled(False)
        self.result.setText("正在连接…")
        self.result.setStyleSheet(BUSY_STYLE)
        _start_test(self.target(), self._tested)
        return True

    @Slot(bool, str)
    def _tested(self, ok: bool, text: str) -> None:
        self._show(text, ok)
        self.test_button.setEnabled(True)

    def submit(self) -> None:
        problem = self.missing()
        if problem:
            self._show(problem, False)
            return
        self.accept()


def ask_server(parent=None, *, target: str | None = None, problem: str = "") -> tuple[str, bool] | None:
    """Show ServerDialog; (url, remember_password) or None when cancelled."""
    choice = config.database_choice() or {}
    dlg = ServerDialog(parent, target=target, remember=bool(choice.get("password")), problem=problem)
    try:
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        return dlg.target(), dlg.remember.isChecked()
    finally:
        dlg.deleteLater()


class DatabaseBox(QWidget):
    """What database is open, and the two ways to switch (server, file on this PC)."""

    def __init__(self, db, bus, window=None, parent=None):
        super().__init__(parent)
        self.db, self.bus, self.window = db, bus, window
        group = QGroupBox("数据库")
        self.current = QLabel()
        self.current.setObjectName("database_current")
        self.current.setWordWrap(True)
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backup_note = QLabel()
        self.backup_note.setObjectName("database_backup_note")
        self.backup_note.setWordWrap(True)
        self.server_button = QPushButton("连接服务器数据库…")
        self.server_button.setObjectName("connect_server")
        self.server_button.clicked.connect(self.connect_server)
        self.file_button = QPushButton("使用本机数据库文件…")
        self.file_button.setObjectName("use_file")
        self.file_button.clicked.connect(self.use_file)
        hint = QLabel(
            "本机数据库文件：一个人使用，数据保存在这台电脑上。服务器数据库：几位同事同时使用同一份数据，"
            "每人用自己的账户登录；两人同时修改同一条记录时，后保存的人会看到提示，不会悄悄覆盖。"
            "选择后主窗口会重新打开所选数据库，下次启动也打开它。"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.server_button)
        buttons.addWidget(self.file_button)
        self.copy_button = QPushButton("复制数据库…")  # issue 10 §2: file ⇄ server, verified (copy_database_dialog)
        self.copy_button.setObjectName("copy_database")
        self.copy_button.setToolTip(
            "把本机数据库文件复制到空的服务器数据库，或把服务器数据库复制成本机新文件，并逐表核对"
        )
        self.copy_button.clicked.connect(self.copy_database)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        inner = QVBoxLayout(group)
        inner.addWidget(self.current)
        inner.addWidget(self.backup_note)
        inner.addLayout(buttons)
        inner.addWidget(hint)
        lay = QVBoxLayout(self)
        lay.addWidget(group)
        lay.addStretch(1)
        self.load()

    def workspace(self):
        return getattr(self.window, "workspace", None)

    def load(self) -> None:
        ws = self.workspace()
        if ws is not None:
            where = ws.location()
        elif self.db.path is not None:
            where = f"本机数据库文件 {self.db.path}"
        else:
            where = f"服务器数据库 {database.describe(self.db.url)}"
        self.current.setText(f"当前打开：{where}" + ("（只读）" if self.db.read_only else ""))
        if ws is not None and ws.is_server:
            if ws.backs_up():
                self.backup_note.setText(
                    f"备份：每天第一次打开时把服务器数据库复制一份到本机 {ws.backups_dir}；"
                    "服务器本身的备份仍由服务器管理员负责。"
                )
            else:
                self.backup_note.setText(
                    "备份：" + workspace.SERVER_BACKUP_NOTE + "（本软件不在本机备份服务器数据库）。"
                )
        else:
            self.backup_note.setText("备份：每天第一次打开时、升级前、导入前和退出时自动备份（见“备份与恢复”）。")
        can_switch = self.window is not None and hasattr(self.window, "switch_database")
        self.server_button.setEnabled(can_switch)
        self.file_button.setEnabled(can_switch)

    def copy_database(self) -> None:
        from talentdesk.gui.copy_database_dialog import open_copy_dialog

        open_copy_dialog(self.db, self)

    def connect_server(self) -> bool:
        ws = self.workspace()
        current = ws.server_url if ws is not None and ws.is_server else None
        if current is None:
            choice = config.database_choice() or {}
            if choice.get("kind") == "server" and choice.get("url"):
                current = choice["url"]
        answer = ask_server(self, target=current)
        if answer is None:
            return False
        url, remember = answer
        return self._switch(url, remember)

    def use_file(self) -> bool:
        ws = self.workspace()
        current = ws.path if ws is not None and ws.path is not None else config.paths().database
        name = file_dialogs.save_path(
            self,
            "database",
            "使用本机数据库文件（选择已有文件，或输入新文件名）",
            Path(current).name,
            "TalentDesk 数据库 (*.db);;所有文件 (*)",
            options=QFileDialog.Option.DontConfirmOverwrite,
            default=Path(current).parent,
        )
        if not name:
            return False
        return self._switch(Path(name), False)

    def _switch(self, target, remember_password: bool) -> bool:
        window = self.window
        if not window.switch_database(target):
            return False
        workspace.remember_choice(target, remember_password=remember_password)
        where = window.workspace.location() if getattr(window, "workspace", None) is not None else str(target)
        window.statusBar().showMessage(f"已打开{where}；下次启动也打开它", 15_000)
        return True
