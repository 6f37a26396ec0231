"""课题 tab of the teacher file (issue 21 §5): the research projects the teacher hosts or works in, with the role
and the step — read-only here (edited on the 培训 page, 课题研究 tab)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.widgets import setup_list_view
from talentdesk.services.cultivation import research

HEADERS = ("立项日期", "课题名称", "级别", "类别", "角色", "状态")


class ResearchTab(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = RowsModel(list(HEADERS), list(range(len(HEADERS))), self)
        self.view = setup_list_view(QTableView(), self.model, wrap=False)
        self.view.setObjectName("teacher_research")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        hint = QLabel("课题在“培训”页面的“课题研究”中登记。")
        hint.setStyleSheet("color: #566573;")
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.view, 1)
        lay.addWidget(hint)

    def load(self, db, teacher_id: int | None) -> None:
        rows = research.teacher_projects(db, teacher_id) if teacher_id else []
        self.model.set_rows(rows)
        hosted = sum(1 for r in rows if r[4] == "主持人")
        self.summary.setText(f"参与课题 {len(rows)} 项，其中主持 {hosted} 项。" if rows else "暂无课题。")
        for c, w in enumerate((80, 300, 60, 80, 80)):
            self.view.setColumnWidth(c, w)
