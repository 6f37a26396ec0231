"""培养项目 tab of the teacher file (issues 20 §3, 21 §5): the programmes the teacher is or was a member of, with the
result and whether the target was met — read-only here (edited on the 培训 page, 培养项目 tab)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.widgets import setup_list_view
from talentdesk.services.cultivation import programmes

HEADERS = ("项目", "批次", "级别", "入选日期", "结果", "培养目标", "达成目标")


class ProgrammesTab(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = RowsModel(list(HEADERS), list(range(len(HEADERS))), self)
        self.view = setup_list_view(QTableView(), self.model, wrap=False)
        self.view.setObjectName("teacher_programmes")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        hint = QLabel("培养项目在“培训”页面的“培养项目”中登记。")
        hint.setStyleSheet("color: #566573;")
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.view, 1)
        lay.addWidget(hint)

    def load(self, db, teacher_id: int | None) -> None:
        rows = programmes.teacher_programmes(db, teacher_id) if teacher_id else []
        self.model.set_rows(rows)
        self.summary.setText(
            f"参加培养项目 {len(rows)} 个"
            + (f"，达成目标 {sum(1 for r in rows if r[6] == '已达成')} 个。" if rows else "。")
            if rows
            else "暂无培养项目。"
        )
        for c, w in enumerate((200, 70, 60, 80, 110, 160)):
            self.view.setColumnWidth(c, w)
