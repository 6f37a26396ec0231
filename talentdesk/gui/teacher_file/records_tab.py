"""A history tab: a table of records with 添加/编辑/删除. Changes stay in memory until the file is saved."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from talentdesk.gui.teacher_file.record_dialog import RecordDialog
from talentdesk.gui.teacher_file.specs import Tab, display


class RecordsTab(QWidget):
    changed = Signal()

    def __init__(self, tab: Tab, schools: list[tuple[int, str]], parent=None):
        super().__init__(parent)
        self.tab = tab
        self.schools = schools
        self.school_names = dict(schools)
        self.fields = [f for f in tab.fields if f.in_table]
        self.records: list[dict] = []
        self._loaded: list[dict] = []
        self.options: dict = {}  # field → the bureau's list, for the fields of kind "listed"
        self.table = QTableWidget(0, len(self.fields))
        self.table.setObjectName(f"table_{tab.key}")
        self.table.setHorizontalHeaderLabels([f.label for f in self.fields])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.add_button = QPushButton("添加")
        self.edit_button = QPushButton("编辑")
        self.delete_button = QPushButton("删除")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self._buttons = buttons
        lay = QVBoxLayout(self)
        lay.addLayout(buttons)
        lay.addWidget(self.table)

    def add_action(self, text: str, callback) -> QPushButton:
        """A further button beside 添加/编辑/删除 (e.g. the designations' 任期考核…), before the stretch."""
        b = QPushButton(text)
        b.clicked.connect(callback)
        self._buttons.insertWidget(self._buttons.count() - 1, b)
        return b

    def selected_record(self) -> dict | None:
        row = self._selected()
        return self.records[row] if row >= 0 else None

    def load(self, records: list[dict]) -> None:
        self.records = [dict(r) for r in records]
        self._loaded = [dict(r) for r in records]
        self._fill()

    def is_dirty(self) -> bool:
        return self.records != self._loaded

    def set_read_only(self, ro: bool) -> None:
        for b in (self.add_button, self.edit_button, self.delete_button):
            b.setEnabled(not ro)

    def _fill(self) -> None:
        self.table.setRowCount(len(self.records))
        for r, rec in enumerate(self.records):
            for c, f in enumerate(self.fields):
                item = QTableWidgetItem(display(f, rec.get(f.attr), self.school_names))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for c in range(len(self.fields) - 1):
            self.table.setColumnWidth(c, max(self.table.columnWidth(c) + 24, 90))

    def _selected(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _dialog(self, values: dict | None) -> dict | None:
        dlg = RecordDialog(self.tab, values, self.schools, self, self.options)
        try:
            if dlg.exec() == RecordDialog.DialogCode.Accepted:
                return dlg.result_values
            return None
        finally:
            dlg.deleteLater()

    def add(self) -> None:
        values = self._dialog(None)
        if values is not None:
            self.records.append(values)
            self._fill()
            self.table.selectRow(len(self.records) - 1)
            self.changed.emit()

    def edit_selected(self) -> None:
        row = self._selected()
        if row < 0 or not self.add_button.isEnabled():
            return
        values = self._dialog(self.records[row])
        if values is not None:
            if self.records[row].get("id"):
                values["id"] = self.records[row]["id"]
            self.records[row] = values
            self._fill()
            self.table.selectRow(row)
            self.changed.emit()

    def delete_selected(self) -> None:
        row = self._selected()
        if row < 0:
            return
        del self.records[row]
        self._fill()
        self.changed.emit()
