"""竞赛 tab of the teacher file (issue 21 §2): every teaching competition the teacher entered, with the school they
entered from, the result and whether they were selected for the next level — read-only here (edited on the 培训
page, 教学竞赛 tab). Awards also appear among the honours."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from talentdesk.domain import competitions as rules
from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.widgets import setup_list_view
from talentdesk.services.cultivation import competitions

HEADERS = ("日期", "类别", "竞赛", "级别", "学科", "参赛学校", "结果", "推荐上一级")


class CompetitionsTab(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = RowsModel(list(HEADERS), list(range(len(HEADERS))), self)
        self.view = setup_list_view(QTableView(), self.model, wrap=False)
        self.view.setObjectName("teacher_competitions")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        hint = QLabel("竞赛在“培训”页面的“教学竞赛”中登记；获奖同时列在“荣誉”中。")
        hint.setStyleSheet("color: #566573;")
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.view, 1)
        lay.addWidget(hint)

    def load(self, db, teacher_id: int | None) -> None:
        rows = competitions.teacher_competitions(db, teacher_id) if teacher_id else []
        self.model.set_rows(rows)
        awards = [r for r in rows if r.result in rules.AWARDS]
        grades = "、".join(f"{g} {n}" for g in rules.AWARDS if (n := sum(1 for r in awards if r.result == g)))
        self.summary.setText(
            f"参加竞赛 {len(rows)} 次，获奖 {len(awards)} 次" + (f"（{grades}）" if grades else "") + "。"
            if rows
            else "暂无竞赛记录。"
        )
        for c, w in enumerate((86, 80, 280, 56, 56, 150, 64)):
            self.view.setColumnWidth(c, w)
