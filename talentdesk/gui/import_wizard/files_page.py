"""Step 1: choose the school files — several files, a whole folder, or dropped from the file manager."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWizardPage,
)

from talentdesk.gui import file_dialogs
from talentdesk.importing.read import SPREADSHEET_SUFFIXES, expand_paths

FILE_FILTER = "表格文件 (*.xlsx *.xlsm *.xls *.ods *.csv *.docx);;所有文件 (*)"


class DropList(QListWidget):
    """A list of files that accepts files and folders dropped from the file manager."""

    dropped = Signal(list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)

    def dragEnterEvent(self, event):
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event):
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event):
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        paths = [u.toLocalFile() for u in urls if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.dropped.emit(paths)
        else:
            super().dropEvent(event)


class FilesPage(QWizardPage):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTitle("第一步：选择学校报来的文件")
        self.setSubTitle(
            "可一次选择多个文件或整个文件夹，也可以把文件直接拖到下面的列表中。"
            "支持 .xlsx、.xls、.ods 和 .csv；每个文件的所有工作表都会读取。"
            "教师登记表（一人一张）也可以导入，包括 Word 文档（.docx）中的登记表。"
        )
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.list = DropList()
        self.list.setObjectName("import_files")
        self.list.dropped.connect(self.add_paths)
        self.list.setStyleSheet("QListWidget::item { padding: 4px; }")
        self.hint = QLabel("把文件或文件夹拖到这里，或点击右边的按钮添加。")
        self.hint.setStyleSheet("color: #666;")
        add_files = QPushButton("添加文件…")
        add_files.setObjectName("add_files")
        add_files.clicked.connect(self.choose_files)
        add_folder = QPushButton("添加文件夹…")
        add_folder.setObjectName("add_folder")
        add_folder.clicked.connect(self.choose_folder)
        remove = QPushButton("移除所选")
        remove.clicked.connect(self.remove_selected)
        clear = QPushButton("清空")
        clear.clicked.connect(self.clear)
        buttons = QVBoxLayout()
        for b in (add_files, add_folder, remove, clear):
            buttons.addWidget(b)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        lay = QVBoxLayout(self)
        lay.addWidget(self.hint)
        lay.addLayout(row, 1)
        self.count_label = QLabel()
        lay.addWidget(self.count_label)
        self._update()

    # -- choosing
    def choose_files(self) -> None:
        paths = file_dialogs.open_paths(self, "import", "选择学校报来的文件", FILE_FILTER)
        if paths:
            self.add_paths(paths)

    def choose_folder(self) -> None:
        folder = file_dialogs.folder_path(self, "import", "选择文件夹")
        if folder:
            self.add_paths([folder])

    def add_paths(self, paths) -> None:
        have = set(self.paths())
        for p in expand_paths(paths):
            p = Path(p)
            if p.suffix.lower() not in SPREADSHEET_SUFFIXES:
                continue
            key = str(p)
            if key in have:
                continue
            have.add(key)
            item = QListWidgetItem(f"{p.name}　　（{p.parent}）")
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(key)
            self.list.addItem(item)
        self._update()

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self._update()

    def clear(self) -> None:
        self.list.clear()
        self._update()

    def paths(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def _update(self) -> None:
        n = self.list.count()
        self.count_label.setText(f"已选择 {n} 个文件" if n else "尚未选择文件")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.list.count() > 0
