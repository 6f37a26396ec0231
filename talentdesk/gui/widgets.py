"""Small form helpers: code-list combos, school pickers, and a form grid that shows each field's
validation message in red right under the field."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from talentdesk.domain.codes import CodeList

ERROR_STYLE = "color: #c0392b;"


def code_combo(options, *, editable: bool = False, blank: bool = True) -> QComboBox:
    """A combo with the labels of a CodeList (or any sequence of strings); editable where free text is allowed."""
    labels = options.labels if isinstance(options, CodeList) else list(options)
    box = QComboBox()
    box.setEditable(editable)
    if blank:
        box.addItem("")
    box.addItems(labels)
    box.setMaxVisibleItems(20)
    if editable:
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        box.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        box.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return box


def school_combo(choices: list[tuple[int, str]]) -> QComboBox:
    """Editable combo of schools (type part of a name to find it); the id is the item data."""
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.addItem("", None)
    for sid, name in choices:
        box.addItem(name, sid)
    box.completer().setFilterMode(Qt.MatchFlag.MatchContains)
    box.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    box.setMaxVisibleItems(20)
    return box


def school_id_of(box: QComboBox):
    """(id, problem): the chosen school's id, or a message when the typed name is not a school."""
    text = box.currentText().strip()
    if not text:
        return None, None
    i = box.findText(text, Qt.MatchFlag.MatchExactly)
    if i < 0:
        return None, f"找不到学校“{text}”，请从列表中选择"
    return box.itemData(i), None


def set_combo_text(box: QComboBox, text: str | None) -> None:
    text = text or ""
    i = box.findText(text, Qt.MatchFlag.MatchExactly)
    if i >= 0:
        box.setCurrentIndex(i)
    elif box.isEditable():
        box.setEditText(text)
    else:
        box.addItem(text)  # a stored value not in the list: show it rather than lose it
        box.setCurrentIndex(box.count() - 1)


def widget_text(w: QWidget):
    if isinstance(w, QLineEdit):
        return w.text()
    if isinstance(w, QComboBox):
        return w.currentText()
    if isinstance(w, QPlainTextEdit):
        return w.toPlainText()
    if isinstance(w, QCheckBox):
        return w.isChecked()
    raise TypeError(type(w).__name__)


def set_widget_text(w: QWidget, value) -> None:
    if isinstance(w, QLineEdit):
        w.setText("" if value is None else str(value))
    elif isinstance(w, QComboBox):
        set_combo_text(w, None if value is None else str(value))
    elif isinstance(w, QPlainTextEdit):
        w.setPlainText("" if value is None else str(value))
    elif isinstance(w, QCheckBox):
        w.setChecked(bool(value))


def connect_changed(w: QWidget, slot) -> None:
    if isinstance(w, QLineEdit):
        w.textChanged.connect(slot)
    elif isinstance(w, QComboBox):
        w.currentTextChanged.connect(slot)
    elif isinstance(w, QPlainTextEdit):
        w.textChanged.connect(slot)
    elif isinstance(w, QCheckBox):
        w.toggled.connect(slot)


class FormGrid(QWidget):
    """Labelled fields in columns; each field has a red message label right under it."""

    def __init__(self, columns: int = 2, parent=None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        self.grid = QGridLayout()
        outer.addLayout(self.grid)
        outer.addStretch(1)  # keep the fields together at the top when the window is taller
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(2)
        self.columns = columns
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._pos = 0

    def add(self, name: str, label: str, widget: QWidget, *, span: int = 1, required: bool = False) -> QWidget:
        if self._pos % self.columns + span > self.columns:
            self._pos += self.columns - self._pos % self.columns
        row, col = divmod(self._pos, self.columns)
        lab = QLabel(("<span style='color:#c0392b'>*</span> " if required else "") + label + "：")
        lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        lab.setBuddy(widget)
        err = QLabel("")
        err.setStyleSheet(ERROR_STYLE)
        err.setWordWrap(True)
        err.setObjectName(f"error_{name}")
        err.hide()
        self.grid.addWidget(lab, row * 2, col * 2)
        self.grid.addWidget(widget, row * 2, col * 2 + 1, 1, span * 2 - 1)
        self.grid.addWidget(err, row * 2 + 1, col * 2 + 1, 1, span * 2 - 1)
        for c in range(self.columns):
            self.grid.setColumnStretch(c * 2 + 1, 1)
        widget.setObjectName(name)
        self.fields[name] = widget
        self.errors[name] = err
        self._pos += span
        return widget

    def set_error(self, name: str, message: str | None) -> None:
        err = self.errors.get(name)
        if err is None:
            return
        err.setText(message or "")
        err.setVisible(bool(message))

    def set_errors(self, problems: dict[str, str]) -> None:
        for name in self.errors:
            self.set_error(name, problems.get(name))

    def error_text(self, name: str) -> str:
        return self.errors[name].text()

    def values(self) -> dict:
        return {n: widget_text(w) for n, w in self.fields.items()}


def setup_list_view(view, model, *, single: bool = False, wrap: bool | None = None, stretch_last: bool = True):
    """A record list as every page shows one: sortable by clicking a header (opening in the model's own order:
    Qt reads sort column −1 as "none"), whole rows selected, read-only, striped, 26-pixel rows."""
    view.setModel(model)
    view.setSortingEnabled(True)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    if wrap is not None:
        view.setWordWrap(wrap)
    view.verticalHeader().setDefaultSectionSize(26)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    return view


DATE = -1  # in a list's column widths: as wide as a full date needs (date_width)


def date_width(view) -> int:
    """Pixels a column needs to show a full date ("2026-10-31") in VIEW's font without eliding it: the text, the
    cell's margins and room for the header's sort arrow — so it holds at any font size, not only the default."""
    return view.fontMetrics().horizontalAdvance("2026-10-31") + 18


def set_column_widths(view, widths) -> None:
    """Column widths of a list in pixels, left to right; DATE for a date column (date_width)."""
    for c, w in enumerate(widths):
        view.setColumnWidth(c, date_width(view) if w == DATE else w)


def plain_table(headers, name: str, *, stretch: bool = True):
    """A small read-only QTableWidget (no row numbers, one whole row selected), columns stretched to the width."""
    from PySide6.QtWidgets import QHeaderView, QTableWidget

    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    if stretch:
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def attach_menu(button, items) -> None:
    """Give BUTTON a drop-down menu of (text, slot) items (e.g. 导出 PDF → 协议书… / 公示名单…)."""
    from PySide6.QtWidgets import QMenu

    menu = QMenu(button)  # owned by the button
    for text, slot in items:
        menu.addAction(text, slot)
    button.setMenu(menu)


def select_row(view, row: int) -> None:
    """Select exactly this row of a table view from code and make it current.

    QTableView.selectRow() honours the keyboard modifiers held at that moment (with Ctrl it
    toggles the row off); a programmatic selection must not depend on the keyboard."""
    index = view.model().index(row, 0)
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().setCurrentIndex(index, flags)
    view.scrollTo(index)


class TeacherPicker(QWidget):
    """Type part of a name or ID number; the matching teachers fill the list next to it.

    ``search(db, text) -> [(teacher_id, label)]`` comes from the area's service; ``label_of(db, id)``
    names a teacher set from code when no label is given."""

    changed = Signal()

    def __init__(
        self, db, search, *, label_of=None, not_found: str = "（没有找到）", quiet_set: bool = False, parent=None
    ):
        super().__init__(parent)
        self.db, self._search, self._label_of = db, search, label_of
        self._not_found, self._quiet_set = not_found, quiet_set
        self.query = QLineEdit()
        self.query.setObjectName("teacher_query")
        self.query.setPlaceholderText("输入姓名或身份证号查找")
        self.query.setClearButtonEnabled(True)
        self.matches = QComboBox()
        self.matches.setObjectName("teacher_matches")
        self.matches.setMinimumContentsLength(24)
        self.matches.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)  # search once typing pauses
        self._timer.timeout.connect(self.search)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.query.returnPressed.connect(self.search)
        self.matches.currentIndexChanged.connect(lambda _i: self.changed.emit())
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.query, 1)
        lay.addWidget(self.matches, 2)

    def search(self) -> None:
        rows = self._search(self.db, self.query.text())
        self.matches.blockSignals(True)
        self.matches.clear()
        for tid, label in rows:
            self.matches.addItem(label, tid)
        if not rows and self.query.text().strip():
            self.matches.addItem(self._not_found, None)
        self.matches.blockSignals(False)
        self.changed.emit()

    def set_teacher(self, teacher_id: int | None, label: str = "") -> None:
        self.matches.blockSignals(self._quiet_set)
        self.matches.clear()
        if teacher_id:
            self.matches.addItem(label or (self._label_of(self.db, teacher_id) if self._label_of else ""), teacher_id)
        self.matches.blockSignals(False)

    def teacher_id(self) -> int | None:
        return self.matches.currentData()

    def teacher_name(self) -> str:
        return self.matches.currentText().split("　")[0] if self.teacher_id() else ""

    def set_read_only(self, ro: bool) -> None:
        self.query.setEnabled(not ro)
        self.matches.setEnabled(not ro)
