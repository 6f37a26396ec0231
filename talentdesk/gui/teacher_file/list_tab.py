"""A read-only list in the teacher file of records kept on another page (活动, 竞赛, 培养项目, 课题, 教研任职, 学历提升,
成长清单): a summary line, the sortable list, and a grey hint saying where the records are entered. Each tab says
its headers, widths (widgets.DATE for a date column) and hint, and on load gives its rows and summary."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.widgets import set_column_widths, setup_list_view


class TeacherListTab(QWidget):
    def __init__(
        self,
        headers: Sequence[str],
        name: str,
        hint: str,
        widths: Sequence[int] = (),
        parent=None,
        *,
        columns: Sequence[int] | None = None,
    ):
        """COLUMNS: the row positions the headers show (default: the first len(HEADERS), in order)."""
        super().__init__(parent)
        self.widths = tuple(widths)
        shown = list(columns) if columns is not None else list(range(len(headers)))
        self.model = RowsModel(list(headers), shown, self)
        self.view = setup_list_view(QTableView(), self.model, wrap=False)
        self.view.setObjectName(name)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #566573;")
        lay = self.layout_ = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.hint)

    def show_rows(self, rows: list, summary: str) -> None:
        self.model.set_rows(rows)
        self.summary.setText(summary)
        set_column_widths(self.view, self.widths)

    def rows(self) -> list:
        """The rows in the order shown."""
        return [self.model.row_at(r) for r in range(self.model.rowCount())]
