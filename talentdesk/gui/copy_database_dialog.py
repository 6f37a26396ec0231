"""复制数据库 (issue 10 §2): copy a file on this PC into an empty server database, or a server database into a
new file, on a worker with a progress bar and 取消, then show the per-table verification."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from talentdesk.errors import UserError
from talentdesk.gui import file_dialogs
from talentdesk.gui.tasks import Cancelled, run_with_progress
from talentdesk.gui.widgets import ERROR_STYLE
from talentdesk.services.platform import transfer as svc

TO_SERVER, TO_FILE = 0, 1
OK_STYLE = "color: #1e7e34; font-weight: bold;"


def _server_name(url: str) -> str:
    from talentdesk.services.platform.database import describe

    return describe(url)


class CopyDatabaseDialog(QDialog):
    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.server_url = db.url if db.path is None else ""
        self.report = None
        self.setWindowTitle("复制数据库")
        self.setMinimumWidth(640)
        intro = QLabel(
            "把本机数据库文件整个复制到单位的 PostgreSQL 服务器（新建的空数据库），"
            "或把服务器数据库复制成本机的一个新文件。"
            "复制在一个事务中完成：中途出错或取消，目标数据库保持为空。复制后逐表核对行数和校验和。"
        )
        intro.setWordWrap(True)
        self.to_server = QRadioButton("本机文件 → 服务器")
        self.to_server.setObjectName("direction_to_server")
        self.to_file = QRadioButton("服务器 → 本机文件")
        self.to_file.setObjectName("direction_to_file")
        self.direction = QButtonGroup(self)
        self.direction.addButton(self.to_server, TO_SERVER)
        self.direction.addButton(self.to_file, TO_FILE)
        (self.to_server if db.path is not None else self.to_file).setChecked(True)
        self.direction.idClicked.connect(lambda _id: self._update())
        dirs = QHBoxLayout()
        dirs.addWidget(self.to_server)
        dirs.addWidget(self.to_file)
        dirs.addStretch(1)

        self.file_edit = QLineEdit(str(db.path) if db.path is not None else "")
        self.file_edit.setObjectName("copy_file")
        self.file_button = QPushButton("选择…")
        self.file_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.file_button)
        self.server_label = QLabel()
        self.server_label.setObjectName("copy_server")
        self.server_button = QPushButton("设置服务器…")
        self.server_button.setObjectName("copy_server_button")
        self.server_button.clicked.connect(self.choose_server)
        server_row = QHBoxLayout()
        server_row.addWidget(self.server_label, 1)
        server_row.addWidget(self.server_button)
        form = QFormLayout()
        self.file_caption, self.server_caption = QLabel(), QLabel()
        form.addRow(self.file_caption, file_row)
        form.addRow(self.server_caption, server_row)

        self.start_button = QPushButton("开始复制")
        self.start_button.setObjectName("copy_start")
        self.start_button.clicked.connect(self.start)
        why = svc.why_not_copy(db)
        self.start_button.setEnabled(not why)
        self.start_button.setToolTip(why)
        self.message = QLabel(why)
        self.message.setObjectName("copy_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setStyleSheet(ERROR_STYLE if why else "")
        self.message.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)  # Qt under-sizes wrapped labels
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        start_row = QHBoxLayout()
        start_row.addWidget(self.start_button)
        start_row.addStretch(1)

        self.table = QTableWidget(0, 5)
        self.table.setObjectName("copy_result")
        self.table.setHorizontalHeaderLabels(["表", "源行数", "目标行数", "校验和（前12位）", "核对"])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, 5):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(dirs)
        lay.addLayout(form)
        lay.addLayout(start_row)
        lay.addWidget(self.message)
        lay.addWidget(self.table, 1)
        lay.addWidget(close)
        self._update()

    # -- choosing the two sides
    def _update(self) -> None:
        to_server = self.direction.checkedId() == TO_SERVER
        self.file_caption.setText("源文件：" if to_server else "新文件：")
        self.server_caption.setText("目标服务器：" if to_server else "源服务器：")
        self.server_label.setText(_server_name(self.server_url) if self.server_url else "（尚未设置）")
        if not to_server and self.db.path is not None and self.file_edit.text() == str(self.db.path):
            self.file_edit.clear()  # never offer to overwrite the open file

    def _default_dir(self):
        return self.db.path.parent if self.db.path is not None else None

    def choose_file(self) -> None:
        if self.direction.checkedId() == TO_SERVER:
            name = file_dialogs.open_path(
                self,
                "database",
                "选择要复制的数据库文件",
                "TalentDesk 数据库 (*.db);;所有文件 (*)",
                self._default_dir(),
            )
        else:
            name = file_dialogs.save_path(
                self,
                "database",
                "复制成新的数据库文件",
                Path(self.file_edit.text()).name,
                "TalentDesk 数据库 (*.db)",
                default=self._default_dir(),
            )
        if name:
            self.file_edit.setText(name)

    def choose_server(self) -> None:
        from talentdesk.gui.pages.database_box import ServerDialog

        dlg = ServerDialog(self, target=self.server_url or None)
        dlg.setWindowTitle("复制用的服务器数据库")
        dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        dlg.remember.hide()
        try:
            if dlg.exec() == QDialog.DialogCode.Accepted:
                self.server_url = dlg.target()
        finally:
            dlg.deleteLater()
        self._update()

    def sides(self) -> tuple[str, str]:
        """(source, destination) as the clerk chose them; UserError when one is missing."""
        path = self.file_edit.text().strip()
        if not path:
            raise UserError("请选择本机数据库文件")
        if not self.server_url:
            raise UserError("请先设置服务器数据库（设置服务器…）")
        if self.direction.checkedId() == TO_SERVER:
            if not Path(path).exists():
                raise UserError(f"文件不存在：{path}")
            return path, self.server_url
        if Path(path).exists():
            raise UserError(f"文件 {path} 已存在：请输入一个新文件名（复制不会覆盖已有文件）")
        return self.server_url, path

    # -- running
    def _say(self, text: str, ok: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)

    def start(self) -> None:
        try:
            source, dest = self.sides()
        except UserError as e:
            self._say(e.message, False)
            return
        db = self.db
        self.table.setRowCount(0)
        self.report = None
        self._say("", True)
        try:
            report = run_with_progress(
                self, "复制数据库", lambda progress: svc.copy_targets(db, source, dest, progress=progress)
            )
        except Cancelled:
            self._say("已取消复制，目标数据库保持为空。", False)
            return
        except UserError as e:
            self._say(e.message, False)
            return
        self.show_report(report)

    def show_report(self, report) -> None:
        self.report = report
        self.table.setRowCount(len(report.tables))
        bad = QColor("#b00020")
        for r, t in enumerate(report.tables):
            name = svc.label(t.table)
            cells = [
                f"{name}（{t.table}）" if name else t.table,
                f"{t.rows:,}",
                f"{t.dest_rows:,}",
                t.source_checksum[:12] if t.ok else f"{t.source_checksum[:12]} ≠ {t.dest_checksum[:12]}",
                "一致" if t.ok else "不一致",
            ]
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if c in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if not t.ok:
                    item.setForeground(bad)
                self.table.setItem(r, c, item)
        self._say(svc.summary(report), report.ok)


def open_copy_dialog(db, parent=None) -> None:
    dlg = CopyDatabaseDialog(db, parent)
    try:
        dlg.exec()
    finally:
        dlg.deleteLater()


__all__ = ["CopyDatabaseDialog", "open_copy_dialog"]
