"""Widgets the 交流轮岗 tabs share: a list/detail pane (search, filter, sortable table, detail text,
buttons), a teacher picker, and the small dialogs helpers (static, so tests can answer them)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from talentdesk.gui import widgets
from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.record_files import ask_save_path as ask_save_path  # the tabs' save question, status line
from talentdesk.gui.record_files import confirm as confirm
from talentdesk.gui.record_files import status as status
from talentdesk.gui.record_files import warn as warn
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.widgets import select_row, setup_list_view
from talentdesk.services.deployment import placements as placement_svc

ALL = "全部"


def inform(parent, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def refresh_when_shown(widget, bus, kinds: tuple[str, ...], fn) -> None:
    """Load when first shown; on a data change of these kinds reload now if visible, else when next shown
    (the page costs nothing at start-up and hidden tabs do no work)."""
    bus.follow(widget, fn, *kinds, lazy=True, stale=True)


class MarkedRows(RowsModel):
    """RowsModel that paints rows for which ``mark(row)`` is true (over quota, overdue…)."""

    def __init__(self, headers, columns, parent=None, mark=None, colour="#fde2e2", bold=None):
        super().__init__(headers, columns, parent)
        self.mark, self.bold = mark, bold
        self.colour = QColor(colour)
        self.font = QFont()
        self.font.setBold(True)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.TextAlignmentRole:
            v = self.rows[self.visible[index.row()]][self.columns[index.column()]]
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and self.mark is not None:
            marked = self.mark(self.rows[self.visible[index.row()]])
            if isinstance(marked, str):  # a colour of its own (overdue red, open yellow…)
                return QColor(marked) if marked else None
            return self.colour if marked else None
        if role == Qt.ItemDataRole.FontRole and self.bold is not None:
            return self.font if self.bold(self.rows[self.visible[index.row()]]) else None
        return super().data(index, role)


class ListDetail(QWidget):
    """Search + filter + buttons above a sortable table; the selected row's details on the right."""

    selected = Signal(object)  # the selected row tuple (or None)

    def __init__(
        self,
        headers,
        columns,
        widths=(),
        *,
        filter_label: str | None = None,
        filter_pos: int | None = None,
        detail=None,
        mark=None,
        bold=None,
        unit: str = "条",
        default_filter: str | None = None,
        parent=None,
    ):
        """UNIT: what a row is, for the count (人 when each row is one person, else 条);
        DEFAULT_FILTER: the filter value chosen when the list is first filled (e.g. 符合)."""
        super().__init__(parent)
        self.unit, self.default_filter = unit, default_filter
        self.model = MarkedRows(list(headers), list(columns), self, mark, bold=bold)
        self.detail_fn = detail
        self.filter_pos = filter_pos
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索姓名、学校…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        self.filter = QComboBox()
        self.filter.setMinimumContentsLength(8)
        self.filter.currentTextChanged.connect(self.apply_filter)
        self.count_label = QLabel()
        self.top = QHBoxLayout()
        self.top.addWidget(self.search, 2)
        if filter_label:
            self.top.addWidget(QLabel(filter_label + "："))
            self.top.addWidget(self.filter)
        else:
            self.filter.hide()
        self.top.addWidget(self.count_label)
        self.top.addStretch(1)
        self.view = setup_list_view(QTableView(), self.model, wrap=False)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._on_select())
        self.detail = QTextBrowser()
        self.detail.setOpenExternalLinks(False)
        self.detail.setMinimumWidth(260)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        if detail is None:
            self.detail.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(self.top)
        lay.addWidget(self.splitter, 1)
        self._widths = widths

    def add_button(self, text: str, slot, *, writes: bool = False, db=None, tip: str = "") -> QPushButton:
        b = QPushButton(text)
        b.clicked.connect(lambda _c=False: slot())
        if tip:
            b.setToolTip(tip)
        if writes and db is not None:
            apply_read_only([b], db)  # read-only file or a role that may not edit (查阅员)
        self.top.addWidget(b)
        return b

    def set_rows(self, rows) -> None:
        key = self.current_key()
        self.model.set_rows(list(rows))
        if self.filter_pos is not None:
            current = self.filter.currentText()
            if self.filter.count() <= 1 and self.default_filter:  # first rows (no values to choose from before)
                current = self.default_filter
            self.filter.blockSignals(True)
            self.filter.clear()
            self.filter.addItem(ALL)
            self.filter.addItems(sorted({str(r[self.filter_pos]) for r in self.model.rows if r[self.filter_pos]}))
            i = self.filter.findText(current)
            self.filter.setCurrentIndex(max(i, 0))
            self.filter.blockSignals(False)
        self.apply_filter()
        for c, w in enumerate(self._widths):
            self.view.setColumnWidth(c, w)
        if key is not None:
            self.select_key(key)

    def apply_filter(self, *_):
        text = self.search.text().strip().lower()
        chosen = self.filter.currentText()
        rows, cols, pos = self.model.rows, self.model.columns, self.filter_pos
        self.model.set_visible(
            [
                i
                for i, r in enumerate(rows)
                if (not text or any(text in str(r[c]).lower() for c in cols))
                and (pos is None or chosen in ("", ALL) or str(r[pos]) == chosen)
            ]
        )
        n, total = self.model.rowCount(), len(rows)
        u = self.unit
        self.count_label.setText(f"共 {n:,} {u}" if n == total else f"共 {n:,} {u}（全部 {total:,} {u}）")
        self._on_select()

    def _on_select(self) -> None:
        row = self.current_row()
        if self.detail_fn is not None:
            self.detail.setHtml(
                self.detail_fn(row) if row is not None else "<p style='color:#777'>选择一行查看详情</p>"
            )
        self.selected.emit(row)

    def current_row(self):
        rows = self.view.selectionModel().selectedRows()
        if rows:
            return self.model.row_at(rows[0].row())
        return None

    def selected_rows(self) -> list:
        return [self.model.row_at(i.row()) for i in self.view.selectionModel().selectedRows()]

    def current_key(self, pos: int = 0):
        row = self.current_row()
        return row[pos] if row is not None else None

    def select_key(self, key, pos: int = 0) -> None:
        r = self.model.view_row_of(key, pos)
        if r >= 0:
            select_row(self.view, r)


class TeacherPicker(widgets.TeacherPicker):
    """Serving teachers only (placements and transfers concern teachers in post)."""

    def __init__(self, db, parent=None):
        super().__init__(db, placement_svc.teacher_choices, not_found="（没有找到在岗教师）", parent=parent)
