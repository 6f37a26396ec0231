"""活动 tab of the teacher file (issue 21 §1): every activity the teacher took part in — the register's (送教下乡,
公开课, 师德巡讲 …), their pairings' and their studios' — read-only here (edited on the 培训 page, 活动登记 tab, and
in the pairing and studio dialogs)."""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.widgets import setup_list_view
from talentdesk.services.cultivation import activities

HEADERS = ("日期", "类别", "活动", "级别", "角色", "来源")


class ActivitiesTab(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = RowsModel(list(HEADERS), list(range(len(HEADERS))), self)
        self.view = setup_list_view(QTableView(), self.model, wrap=False)
        self.view.setObjectName("teacher_activities")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        hint = QLabel("活动在“培训”页面的“活动登记”中登记；结对和工作室的活动在各自的对话框中填写。")
        hint.setStyleSheet("color: #566573;")
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.view, 1)
        lay.addWidget(hint)

    def load(self, db, teacher_id: int | None) -> None:
        rows = activities.teacher_activities(db, teacher_id) if teacher_id else []
        self.model.set_rows(rows)
        by_kind = Counter(r[1] for r in rows)
        self.summary.setText(
            f"参加活动 {len(rows)} 次：" + "、".join(f"{k} {n}" for k, n in by_kind.most_common())
            if rows
            else "暂无活动记录。"
        )
        for c, w in enumerate((86, 130, 300, 60, 70)):
            self.view.setColumnWidth(c, w)
