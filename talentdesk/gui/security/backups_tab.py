"""设置 → 备份与恢复: this database's backups (date, reason, size, teachers, 已校验 / 校验失败 with the
SHA-256 in the tooltip; another database's backups in the same folder are not listed), checking a backup
again on a worker, manual backup to a chosen folder (USB stick), restore with a preview (the current database
is backed up first). A backup of another database (chosen as a file) or one that cannot be verified is
restored only after the clerk confirms that plainly; every confirmation defaults to 否."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from talentdesk.errors import UserError
from talentdesk.gui import file_dialogs
from talentdesk.gui.tasks import Cancelled, run_with_progress
from talentdesk.services.accounts import access
from talentdesk.services.platform import database

HEADERS = ("备份时间", "原因", "大小", "教师人数", "校验", "文件")
CHECK = HEADERS.index("校验")


class BackupsTab(QWidget):
    def __init__(self, db, bus, window=None, parent=None):
        super().__init__(parent)
        self.db, self.bus, self.window = db, bus, window
        folder = self.folder()
        self.note = QLabel(
            f"自动备份：每天第一次打开、升级前、每次导入前、恢复前和退出时（有修改时），"
            f"保留最近 {database.KEEP_RECENT} 份、{database.KEEP_DAILY} 天每天一份、{database.KEEP_WEEKLY} 周每周一份；"
            f"每份备份都经过完整性校验。备份文件夹：{folder or '（服务器数据库）'}"
        )
        self.note.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("backups")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.backup_button = QPushButton("立即备份到…")
        self.backup_button.setObjectName("backup_now")
        self.backup_button.setToolTip("选择一个文件夹（例如 U 盘），备份并校验当前数据库")
        self.backup_button.clicked.connect(self.backup_to)
        self.restore_button = QPushButton("从选中的备份恢复…")
        self.restore_button.setObjectName("restore")
        self.restore_button.clicked.connect(lambda: self.restore(self.selected()))
        self.restore_file_button = QPushButton("从其他备份文件恢复…")
        self.restore_file_button.clicked.connect(self.restore_file)
        self.check_button = QPushButton("检查选中的备份")
        self.check_button.setToolTip("重新计算校验和并检查数据库完整性，确认这份备份可以用来恢复")
        self.check_button.clicked.connect(lambda: self.check(self.selected()))
        row = QHBoxLayout()
        for b in (self.backup_button, self.restore_button, self.restore_file_button, self.check_button):
            row.addWidget(b)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        self.items: list[database.BackupInfo] = []
        self.load()

    def folder(self) -> Path | None:
        ws = getattr(self.window, "workspace", None)
        if ws is not None and ws.backups_dir:
            return ws.backups_dir
        return self.db.path.parent / "backups" if self.db.path else None

    def load(self) -> None:
        folder = self.folder()
        ws = getattr(self.window, "workspace", None)
        if ws is not None:
            self.items = ws.own_backups()
        else:  # a database opened without a workspace (tests, tools): by the identity inside it
            self.items = database.backups_of(self.db, folder) if folder else []
        self.table.setRowCount(len(self.items))
        for r, b in enumerate(self.items):
            values = (
                f"{b.created:%Y-%m-%d %H:%M:%S}",
                b.reason_label,
                f"{b.size / 1024 / 1024:.1f} MB",
                "" if b.teachers is None else str(b.teachers),
                "",
                b.path.name,
            )
            for c, v in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(v))
            self._show_check(r, [] if b.verified else None)
        on_server = ws is not None and ws.is_server  # issue 10: a PostgreSQL server database
        if on_server:
            from talentdesk.services.platform.workspace import SERVER_BACKUP_NOTE

            self.note.setText(
                f"{ws.location()}：{SERVER_BACKUP_NOTE}。"
                + (
                    f"本软件另外在每天第一次打开时把它复制一份到本机：{folder}"
                    "（每份备份是普通的 TalentDesk 数据库文件："
                    "复制一份后可以用 设置 → 数据库 → 使用本机数据库文件 打开查看）。"
                    if ws.backs_up()
                    else "本软件不在本机备份服务器数据库。"
                )
            )
        can_backup = access.can(self.db, "backup") and (self.db.path is not None or on_server and ws.backs_up())
        self.backup_button.setEnabled(can_backup)
        can_restore = access.can(self.db, "restore") and ws is not None and not on_server
        self.restore_button.setEnabled(can_restore)
        self.restore_file_button.setEnabled(can_restore)
        if on_server:
            for b in (self.restore_button, self.restore_file_button):
                b.setToolTip("服务器数据库不能在本机从备份恢复；请联系服务器管理员")

    def _show_check(self, row: int, problems: list[str] | None) -> None:
        """已校验 (checked when made, or just now), 未校验 (no description to check against: problems None),
        校验失败 (the problems in the tooltip). The SHA-256 stays in the tooltip for whoever needs it."""
        b = self.items[row]
        if problems is None:
            text, tip = "未校验", "这份备份没有说明文件；点“检查选中的备份”检查它"
        elif problems:
            text, tip = "校验失败", "\n".join(problems)
        else:
            text, tip = "已校验", "备份时已核对与数据库一致并检查完整性"
        item = QTableWidgetItem(text)
        item.setToolTip(f"{tip}\nSHA-256：{b.sha256}")
        if problems:
            item.setForeground(QColor("#c0392b"))
        self.table.setItem(row, CHECK, item)

    def check(self, path: Path | None) -> list[str] | None:
        """Check a backup again (checksum and integrity, on a worker thread) and show 已校验 or 校验失败."""
        if path is None:
            QMessageBox.information(self, "检查备份", "请先在列表中选中一份备份")
            return None
        try:
            problems = run_with_progress(self, "正在检查备份…", lambda progress: database.verify_backup(path))
        except Cancelled:
            return None
        row = next(i for i, b in enumerate(self.items) if b.path == path)
        self._show_check(row, problems)
        if problems:
            QMessageBox.warning(self, "校验失败", f"备份“{path.name}”不能用来恢复：\n" + "\n".join(problems))
        else:
            QMessageBox.information(self, "已校验", f"备份“{path.name}”完好，可以用来恢复。")
        return problems

    def selected(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()].path if rows else None

    def backup_to(self, folder: str | None = None) -> Path | None:
        if not folder:
            folder = file_dialogs.folder_path(self, "backup", "备份到哪个文件夹（例如 U 盘）", self.folder())
        if not folder:
            return None
        try:
            access.require(self.db, "backup")
            ws = getattr(self.window, "workspace", None)
            if ws is not None and ws.is_server:
                from talentdesk.services.platform.workspace import backup_server

                made = backup_server(self.db, Path(folder), "manual")
            else:
                made = database.make_backup(self.db.path, Path(folder), "manual")
        except (UserError, database.BackupError) as e:
            QMessageBox.warning(self, "备份", getattr(e, "message", None) or str(e))
            return None
        info = database.read_backup_info(made)
        QMessageBox.information(
            self, "备份", f"已备份并校验：\n{made}\n教师 {info.teachers} 人，{info.size / 1024 / 1024:.1f} MB"
        )
        self.load()
        return made

    def restore_file(self) -> None:
        name = file_dialogs.open_path(
            self, "backup", "选择备份文件", "TalentDesk 备份 (*.tdbak *.db);;所有文件 (*)", self.folder()
        )
        if name:
            self.restore(Path(name))

    def restore(self, path: Path | None) -> bool:
        """Preview, confirm, then restore through the window's workspace (current database backed up first)."""
        if path is None:
            return False
        ws = getattr(self.window, "workspace", None)
        pv = ws.preview(path) if ws is not None else database.preview_backup(path, self.db.path)
        if pv["problems"]:
            QMessageBox.warning(self, "从备份恢复", "这个备份不能用于恢复：\n" + "\n".join(pv["problems"][:5]))
            return False
        if pv["other"] and not _ask(
            self, pv["other"] + "。\n\n恢复后，当前数据库的内容将被另一个数据库的内容替换。确定要用它替换当前数据库吗？"
        ):
            return False
        if pv["unverified"] and not _ask(
            self,
            "这个备份未通过校验：\n"
            + "\n".join(pv["unverified"])
            + "\n\n无法确认它在备份之后未被改动。仍要恢复这个未经校验的备份吗？",
        ):
            return False
        info = pv["info"]
        text = (
            f"用备份恢复数据库：\n\n备份时间：{info.created:%Y-%m-%d %H:%M:%S}（{info.reason_label}）\n"
            f"恢复后：{database.describe_changes(pv['changes'])}\n大小：{info.size / 1024 / 1024:.1f} MB\n\n"
            "当前数据库会先自动备份（原因“恢复前”），恢复后可以再恢复回来。确定恢复吗？"
        )
        if not _ask(self, text):
            return False
        try:
            self.window.restore_from(path, allow_other=bool(pv["other"]), allow_unverified=bool(pv["unverified"]))
        except (UserError, database.BackupError) as e:
            QMessageBox.warning(self, "从备份恢复", getattr(e, "message", None) or str(e))
            return False
        return True


def _ask(parent, text: str) -> bool:
    """A yes/no question whose default (Enter) is 否."""
    no, yes = QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes
    return QMessageBox.question(parent, "从备份恢复", text, yes | no, no) == yes
