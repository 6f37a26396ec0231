"""Another clerk saved the same record meanwhile: show both sides per field and let the clerk choose.

Columns 字段 | 您打开时 | 您的修改 | 对方已保存 | 修改人 | 处理. Fields changed on one side only are merged without
asking (shown, greyed green/blue); for each field changed on both sides the clerk picks 保留我的 or 采用对方的.
按选择保存 re-submits the form with the choices (EditConflict.resolutions: the new version they were made
against); 放弃我的修改（重新载入） reloads the record as stored now; 取消 goes back to the form.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from talentdesk.errors import EditConflict

HEADERS = ("字段", "您打开时", "您的修改", "对方已保存", "修改人", "处理")
STATE_TEXT = {"mine": "采用您的修改", "theirs": "已采用对方的修改", "same": "双方相同"}
STATE_COLOUR = {"mine": "#eaf7ee", "theirs": "#eaf1fb", "same": "#f4f4f4", "conflict": "#fdecea"}
ORDER = ("conflict", "mine", "theirs", "same")  # the choices first
SAVE, RELOAD = "save", "reload"


def text_of(value) -> str:
    """A stored value as the clerk reads it."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "iso"):
        return value.iso()
    return str(value)


class ConflictDialog(QDialog):
    def __init__(self, conflict: EditConflict, parent=None, display=None):
        """DISPLAY(field, value) → text, for values that need a lookup (school ids); default text_of."""
        super().__init__(parent)
        self.conflict = conflict
        self.action: str | None = None
        self._display = display or (lambda _f, v: text_of(v))
        self._groups: dict[tuple, QButtonGroup] = {}
        self.setWindowTitle("其他用户已修改这条记录")
        intro = QLabel(conflict.message)
        intro.setWordWrap(True)
        intro.setObjectName("conflict_message")
        intro.setStyleSheet("font-weight: bold;")
        hint = QLabel(
            "只有一方改动的项目已自动合并；双方都改了的项目请逐项选择，然后点“按选择保存”。"
            if conflict.conflicts
            else "双方改的是不同的项目，已自动合并，点“按选择保存”即可保存。"
        )
        hint.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("conflict_table")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self._fill()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.save_button = QPushButton("按选择保存")
        self.save_button.setObjectName("conflict_save")
        self.reload_button = QPushButton("放弃我的修改（重新载入）")
        self.reload_button.setObjectName("conflict_reload")
        cancel = QPushButton("取消")
        self.save_button.clicked.connect(lambda: self._finish(SAVE))
        self.reload_button.clicked.connect(lambda: self._finish(RELOAD))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.save_button, self.reload_button, cancel):
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(hint)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        self.resize(860, 420)

    def _fill(self) -> None:
        several = len(self.conflict.records) > 1
        for rec in self.conflict.records:
            if several:  # a heading row per record
                r = self.table.rowCount()
                self.table.insertRow(r)
                item = QTableWidgetItem(f"{rec.table_label}（第 {rec.record_id} 条）")
                f = item.font()
                f.setBold(True)
                item.setFont(f)
                self.table.setItem(r, 0, item)
                self.table.setSpan(r, 0, 1, len(HEADERS))
            for ch in sorted(rec.fields, key=lambda x: ORDER.index(x.state)):
                r = self.table.rowCount()
                self.table.insertRow(r)
                who = " ".join(x for x in (ch.user, f"{ch.at:%m-%d %H:%M}" if ch.at else None) if x)
                base = "（未知）" if ch.base is None and ch.state == "conflict" and ch.field != "_record" else None
                cells = (
                    ch.label,
                    base or self._display(ch.field, ch.base),
                    self._display(ch.field, ch.mine),
                    self._display(ch.field, ch.theirs),
                    who if ch.state != "mine" else "",
                )
                colour = QBrush(QColor(STATE_COLOUR[ch.state]))
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setBackground(colour)
                    self.table.setItem(r, c, item)
                if ch.state == "conflict":
                    self.table.setCellWidget(r, len(HEADERS) - 1, self._choice((rec.table, rec.record_id, ch.field)))
                else:
                    item = QTableWidgetItem(STATE_TEXT[ch.state])
                    item.setBackground(colour)
                    self.table.setItem(r, len(HEADERS) - 1, item)

    def _choice(self, key: tuple) -> QWidget:
        box = QWidget()
        lay = QHBoxLayout(box)
        lay.setContentsMargins(4, 0, 4, 0)
        group = QButtonGroup(box)
        for i, (text, value) in enumerate((("保留我的", "mine"), ("采用对方的", "theirs"))):
            b = QRadioButton(text)
            b.setProperty("choice", value)
            b.setObjectName(f"choice_{key[2]}_{value}")
            group.addButton(b, i)
            lay.addWidget(b)
        lay.addStretch(1)
        box.setAutoFillBackground(True)
        box.setStyleSheet(f"background: {STATE_COLOUR['conflict']};")
        group.button(0).setChecked(True)
        self._groups[key] = group
        return box

    def choose(self, table: str, record_id: int, field: str, value: str) -> None:
        """Pick "mine" or "theirs" for one conflicting field (what the radio buttons do)."""
        self._groups[(table, record_id, field)].button(0 if value == "mine" else 1).setChecked(True)

    def choices(self) -> dict:
        return {key: g.checkedButton().property("choice") for key, g in self._groups.items()}

    def resolutions(self) -> dict:
        return self.conflict.resolutions(self.choices())

    def _finish(self, action: str) -> None:
        self.action = action
        self.accept()


def ask(parent, conflict: EditConflict, display=None) -> tuple[str | None, dict | None]:
    """Show the dialog: (SAVE, resolutions to re-submit with), (RELOAD, None) or (None, None) when cancelled."""
    dlg = ConflictDialog(conflict, parent, display)
    try:
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None, None
        return dlg.action, dlg.resolutions() if dlg.action == SAVE else None
    finally:
        dlg.deleteLater()
