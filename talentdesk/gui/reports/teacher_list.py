"""The teachers behind a figure: a non-modal list; double-click opens the teacher file."""

from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableView,
                               QVBoxLayout)

from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.services import statistics as svc


class TeacherListDialog(QDialog):
    def __init__(self, db, title: str, ids: list[int], open_teacher=None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"{title}（{len(ids)} 人）")
        self.resize(980, 560)
        self.open_teacher = open_teacher
        cols = svc.TEACHER_LIST_COLUMNS
        self.model = RowsModel(list(cols[1:]), list(range(1, len(cols))), self)
        self.model.set_rows(svc.teacher_rows(db, ids))
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.doubleClicked.connect(self._open)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(f"{title}：共 {len(ids)} 人" + ("，双击打开教师档案" if open_teacher else "")))
        lay.addWidget(self.view, 1)
        lay.addWidget(buttons)

    def _open(self, index) -> None:
        if self.open_teacher is not None:
            row = self.model.rows[self.model.visible[index.row()]]
            self.open_teacher(row[0])
