"""师徒结对 tab of the teacher file: the teacher's pairings as mentor (导师) and as mentee (青年教师), and
studio memberships; read-only here (pairings are edited on the 师徒结对 page)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.services.cultivation import mentoring, studios


class PairingsTab(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        n = len(mentoring.TEACHER_HEADERS)
        self.model = RowsModel(list(mentoring.TEACHER_HEADERS), list(range(1, n + 1)), self)
        self.view = QTableView()
        self.view.setObjectName("teacher_pairings")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.studios = QLabel()
        self.studios.setWordWrap(True)
        hint = QLabel("结对在“师徒结对”页面中新增和修改。")
        hint.setStyleSheet("color: #566573;")
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.studios)
        lay.addWidget(hint)

    def load(self, db, teacher_id: int | None) -> None:
        rows = mentoring.teacher_pairings(db, teacher_id) if teacher_id else []
        self.model.set_rows(rows)
        as_mentor = sum(1 for r in rows if r[1] == "导师")
        self.summary.setText(
            f"担任导师 {as_mentor} 次，作为青年教师结对 {len(rows) - as_mentor} 次。" if rows else "暂无师徒结对记录。"
        )
        st = studios.teacher_studios(db, teacher_id) if teacher_id else []
        self.studios.setText("工作室：" + "；".join(f"{n}（{r}）" for n, r in st) if st else "")
        for c, w in enumerate((70, 80, 150, 140, 60, 80, 80, 60, 70)):
            self.view.setColumnWidth(c, w)
