"""变更记录: the teacher's audit history (who changed what, old → new)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.services.people import history


class HistoryTab(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = RowsModel(list(history.COLUMNS), list(range(len(history.COLUMNS))), self)
        self.view = QTableView()
        self.view.setObjectName("history_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        h = self.view.horizontalHeader()
        h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        h.setStretchLastSection(True)
        self.empty = QLabel("暂无变更记录。")
        lay = QVBoxLayout(self)
        lay.addWidget(self.empty)
        lay.addWidget(self.view)

    def load(self, db, teacher_id: int | None) -> None:
        rows = history.teacher_history(db, teacher_id) if teacher_id else []
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        for c, w in enumerate((130, 80, 50, 80, 100, 260)):
            self.view.setColumnWidth(c, w)

    def rows(self) -> list[tuple]:
        return self.model.rows
