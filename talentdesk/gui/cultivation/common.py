"""Widgets the cultivation pages share: a teacher picker (type a name or ID, choose from the matches),
a list tab (search + table + buttons over a RowsModel), an editable sub-list (activities, members,
attendance) and the save-file question (one static helper, so tests can answer it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from talentdesk.gui import widgets
from talentdesk.gui.bus import Topic
from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.record_files import ask_save_path as ask_save_path  # the tabs' save question, status line
from talentdesk.gui.record_files import confirm as confirm
from talentdesk.gui.record_files import status as status
from talentdesk.gui.record_files import warn as warn
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.widgets import select_row, setup_list_view
from talentdesk.services.cultivation import persons as cultivation_people


def _teacher_choices(db, text: str) -> list[tuple[int, str]]:
    out = []
    for tid, name, masked, school, stage, subject, title, backbone in cultivation_people.search_teachers(db, text):
        extra = " ".join(x for x in (stage + subject, title, backbone) if x)
        out.append((tid, f"{name}　{school}　{extra}　{masked}"))
    return out


class TeacherPicker(widgets.TeacherPicker):
    """Any teacher (in-service first), labelled with school, subject, title and backbone level."""

    def __init__(self, db, parent=None):
        super().__init__(db, _teacher_choices, label_of=cultivation_people.teacher_label, quiet_set=True, parent=parent)


class ListTab(QWidget):
    """Search box, buttons, and a sortable table over plain tuples (column 0 is the key)."""

    def __init__(self, headers, columns, widths=(), parent=None):
        super().__init__(parent)
        self.model = RowsModel(list(headers), list(columns), self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        self.count_label = QLabel()
        self.count_what, self.count_unit = "", "条"  # e.g. "在岗教师", "人": what the count counts
        self.count_note = ""  # said after the count (who is not in the list, and why)
        self.top = QHBoxLayout()
        self.top.addWidget(self.search, 2)
        self.top.addWidget(self.count_label)
        self.top.addStretch(1)
        self.view = setup_list_view(QTableView(), self.model, wrap=False)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.top)
        self.layout_.addWidget(self.view, 1)
        self._widths = widths

    def add_button(self, text: str, slot, *, writes: bool = False, db=None) -> QPushButton:
        b = QPushButton(text)
        b.clicked.connect(lambda _c=False: slot())
        if writes and db is not None:
            apply_read_only([b], db)  # read-only file or a role that may not edit (查阅员)
        self.top.addWidget(b)
        return b

    def set_rows(self, rows) -> None:
        self.model.set_rows(list(rows))
        self.apply_filter()
        widgets.set_column_widths(self.view, self._widths)

    def apply_filter(self, *_):
        text = self.search.text().strip().lower()
        rows = self.model.rows
        cols = self.model.columns
        self.model.set_visible(
            [i for i, r in enumerate(rows) if not text or any(text in str(r[c]).lower() for c in cols)]
        )
        n, total = self.model.rowCount(), len(rows)
        u, what = self.count_unit, self.count_what
        self.count_label.setText(
            (f"{what}共 {n:,} {u}" if n == total else f"{what}共 {n:,} {u}（全部 {total:,} {u}）") + self.count_note
        )

    def selected_keys(self, pos: int = 0) -> list:
        return [self.model.key_at(i.row(), pos) for i in self.view.selectionModel().selectedRows()]

    def current_key(self, pos: int = 0):
        keys = self.selected_keys(pos)
        if keys:
            return keys[0]
        idx = self.view.currentIndex()
        return self.model.key_at(idx.row(), pos) if idx.isValid() else None

    def select_key(self, key, pos: int = 0) -> None:
        r = self.model.view_row_of(key, pos)
        if r >= 0:
            select_row(self.view, r)

    def run_dialog(self, dlg, topic: Topic, key_attr: str, saved: str, after=None) -> None:
        """Show a record dialog; once saved: tell the other pages (bus topic), run AFTER, select the saved record
        (the dialog's KEY_ATTR) and say SAVED in the status bar."""
        try:
            if dlg.exec() == QDialog.DialogCode.Accepted:
                self.bus.notify(topic)
                if after is not None:
                    after()
                self.select_key(getattr(dlg, key_attr))
                status(self, saved)
        finally:
            dlg.deleteLater()


class SubTable(QWidget):
    """An editable list inside a dialog (activities, members, outcomes, attendance): each row is a dict;
    text columns are edited in place, coded columns with a combo, and a teacher column is chosen with
    the picker above the table."""

    def __init__(self, columns: list[tuple[str, str, object]], parent=None, *, db=None, teacher_key: str | None = None):
        """columns: (key, header, options) — options None (text) or a sequence (combo)."""
        super().__init__(parent)
        self.columns = columns
        self.teacher_key = teacher_key
        self.rows_: list[dict] = []
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels([h for _, h, _ in columns])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.picker = TeacherPicker(db) if teacher_key else None
        if self.picker:
            bar.addWidget(self.picker, 3)
        self.add_button = QPushButton("添加" if not teacher_key else "添加所选教师")
        self.add_button.clicked.connect(lambda _c=False: self.add_row())
        self.del_button = QPushButton("删除行")
        self.del_button.clicked.connect(lambda _c=False: self.delete_row())
        bar.addWidget(self.add_button)
        bar.addWidget(self.del_button)
        if not teacher_key:
            bar.addStretch(1)
        lay.addLayout(bar)
        lay.addWidget(self.table)

    def load(self, rows: list[dict]) -> None:
        self.rows_ = [dict(r) for r in rows]
        self.table.setRowCount(0)
        for r in self.rows_:
            self._append(r)

    def _append(self, r: dict) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for c, (key, _h, options) in enumerate(self.columns):
            v = r.get(key)
            v = v.iso() if hasattr(v, "iso") else ("" if v is None else (f"{v:g}" if isinstance(v, float) else str(v)))
            if key == self.teacher_key or key.startswith("_"):
                item = QTableWidgetItem(str(r.get("name") if key == self.teacher_key else v))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, c, item)
            elif options:
                box = QComboBox()
                box.addItems(["", *options])
                i = box.findText(v)
                if i < 0 and v:
                    box.addItem(v)
                    i = box.count() - 1
                box.setCurrentIndex(max(i, 0))
                self.table.setCellWidget(row, c, box)
            else:
                self.table.setItem(row, c, QTableWidgetItem(v))

    def add_row(self, values: dict | None = None) -> bool:
        values = dict(values or {})
        if self.picker is not None and self.teacher_key not in values:
            tid = self.picker.teacher_id()
            if not tid:
                return False
            if any(r.get(self.teacher_key) == tid for r in self.rows()):
                return False
            values[self.teacher_key] = tid
            values["name"] = self.picker.teacher_name()
        self.rows_.append(values)
        self._append(values)
        return True

    def delete_row(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        current = self.rows()
        for r in rows:
            self.table.removeRow(r)
            del current[r]
        self.rows_ = current

    def rows(self) -> list[dict]:
        """The rows as edited (original dicts updated with the cell texts)."""
        out = []
        for r in range(self.table.rowCount()):
            d = dict(self.rows_[r]) if r < len(self.rows_) else {}
            for c, (key, _h, _options) in enumerate(self.columns):
                if key == self.teacher_key or key.startswith("_"):
                    continue
                w = self.table.cellWidget(r, c)
                if w is not None:
                    d[key] = w.currentText()
                else:
                    item = self.table.item(r, c)
                    d[key] = item.text() if item else ""
            out.append(d)
        return out

    def set_read_only(self, ro: bool) -> None:
        self.add_button.setEnabled(not ro)
        self.del_button.setEnabled(not ro)
        if ro:
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)


def form_values(form) -> dict:
    """FormGrid.values() for forms that also hold teacher pickers (their ids are read separately)."""
    from talentdesk.gui.widgets import widget_text

    return {n: widget_text(w) for n, w in form.fields.items() if not isinstance(w, TeacherPicker)}
