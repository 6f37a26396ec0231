"""Shared pieces of the 招聘引才 tabs: a list table over plain tuples, a record dialog built from a
field list (with each field's message in red under it), a teacher picker, and export through the
report catalogue (PDF/Excel, asked with a save dialog)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from talentdesk.errors import ReadOnlyError, UserError, ValidationError
from talentdesk.gui import file_dialogs
from talentdesk.gui.edit_check import NOT_SAVED, save_checked
from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.security.roles import apply_read_only, why_not
from talentdesk.gui.widgets import FormGrid, code_combo, set_widget_text, setup_list_view, widget_text
from talentdesk.services.platform.database import os_user
from talentdesk.services.recruitment import recognition as talent_svc


def follow(widget, bus, kinds, refresh, *, stale: bool = False):
    """Connect a tab to the data-changed bus; hidden tabs refresh lazily (the subsidy list and the
    plan analysis read every teacher: 0.5–2 s for a 45,000-teacher city, too slow to redo for each
    edit on another page or at start-up). ``stale``: load when first shown."""
    return bus.follow(widget, refresh, *kinds, lazy=True, stale=stale)


def text(v) -> str:
    """A cell value as the clerk reads it (dates as ISO, None as empty)."""
    if v is None:
        return ""
    if hasattr(v, "iso"):
        return v.iso()
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float):
        return f"{v:,.2f}".rstrip("0").rstrip(".") if v != int(v) else f"{int(v):,}"
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def table_view(model: RowsModel, name: str) -> QTableView:
    view = setup_list_view(QTableView(), model, single=True)
    view.setObjectName(name)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def selected_row(view: QTableView, model: RowsModel) -> Any:  # the row (a tuple, often a NamedTuple) or None
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return model.row_at(rows[0].row()) if rows else None


def button(label: str, slot, *, writes: bool = False, db=None, name: str | None = None) -> QPushButton:
    b = QPushButton(label)
    b.clicked.connect(slot)
    if name:
        b.setObjectName(name)
    if writes and db is not None:
        apply_read_only([b], db)  # read-only file or a role that may not edit (查阅员), reason as tooltip
    return b


def warn(parent, title: str, e: Exception) -> None:
    QMessageBox.warning(parent, title, str(e))


class TeacherPicker(QWidget):
    """Type part of a name or ID number, pick the teacher from the matches; value() is the id."""

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.search = QLineEdit()
        self.search.setPlaceholderText("输入姓名或身份证号查找")
        self.box = QComboBox()
        self.box.setMinimumWidth(260)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.search, 1)
        lay.addWidget(self.box, 2)
        self.search.textChanged.connect(self._find)

    def _find(self, t: str) -> None:
        self.box.clear()
        for tid, label in talent_svc.find_teachers(self.db, t):
            self.box.addItem(label, tid)

    def set_value(self, teacher_id: int | None, label: str | None = None) -> None:
        self.box.clear()
        if teacher_id is not None:
            self.box.addItem(label or str(teacher_id), teacher_id)

    def value(self) -> int | None:
        return self.box.currentData()


class RecordDialog(QDialog):
    """A small form: fields [(name, label, widget)], saved through save(values) → id.

    Combos built from lists; ValidationError messages go under their fields; Ctrl+S saves.
    When VALUES came from the service with a "version" (a stored record), they are also what the form loaded:
    save is called as save(values, version=, base=, merge=True, resolved=) and a change another clerk saved
    meanwhile is merged or shown in the merge dialog (gui/edit_check); RELOAD() → the record's values now.
    LOADED: the stored values when VALUES leave some out (default VALUES)."""

    def __init__(
        self,
        title: str,
        fields: list[tuple[str, str, QWidget]],
        save,
        values: dict | None = None,
        parent=None,
        *,
        columns: int = 2,
        required=(),
        db=None,
        loaded: dict | None = None,
        reload=None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._save = save
        self._reload = reload
        self.saved_id = None
        self.loaded = loaded if loaded is not None else values if values and values.get("version") is not None else None
        self.form = FormGrid(columns=columns)
        for name, label, widget in fields:
            span = (
                2
                if isinstance(widget, TeacherPicker) or name in ("note", "duties", "detail", "summary", "reason")
                else 1
            )
            self.form.add(name, label, widget, span=min(span, columns), required=name in required)
        self.load(values or {})
        self.message = QLabel()
        self.message.setStyleSheet("color: #c0392b;")
        self.message.setWordWrap(True)
        self.message.hide()
        ok, cancel = QPushButton("保存 (Ctrl+S)"), QPushButton("取消")
        ok.setObjectName("save")
        ok.clicked.connect(self.save)
        self.save_button = ok
        cancel.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(ok)
        bottom.addWidget(cancel)
        lay = QVBoxLayout(self)
        lay.addWidget(self.form, 1)
        lay.addLayout(bottom)
        if db is not None and not apply_read_only([ok], db):  # opened to read: 查阅员 or a read-only file
            self.message.setText(why_not(db) + "。")
            self.message.show()
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.resize(640, 120 + 52 * ((len(fields) + columns - 1) // columns))

    def load(self, values: dict) -> None:
        for name, v in values.items():
            w = self.form.fields.get(name)
            if isinstance(w, TeacherPicker):
                w.set_value(v, values.get("_teacher_label"))
            elif isinstance(w, QComboBox) and v is not None and w.findData(v) >= 0:  # id combos (schools)
                w.setCurrentIndex(w.findData(v))
            elif w is not None:
                set_widget_text(w, text(v) if not isinstance(v, str) else v)

    def reload(self) -> None:
        """放弃我的修改（重新载入）: the record as stored now."""
        if self._reload is None:
            return
        fresh = self._reload()
        self.loaded = fresh if fresh and fresh.get("version") is not None else None
        self.load(fresh or {})
        self.form.set_errors({})
        self.message.setText("已重新载入其他用户保存的内容，您的修改未保存。")
        self.message.show()

    def values(self) -> dict:
        out = {}
        for name, w in self.form.fields.items():
            if isinstance(w, TeacherPicker):
                out[name] = w.value()
            elif isinstance(w, QComboBox) and w.currentData() is not None:
                out[name] = w.currentData()
            else:
                out[name] = widget_text(w)
        return out

    def save(self) -> bool:
        if not self.save_button.isEnabled():  # Ctrl+S while saving is off
            return False
        values = self.values()
        try:
            saved = save_checked(self, self.loaded, lambda **check: self._save(values, **check), self.reload)
        except ValidationError as e:
            self.form.set_errors(e.problems)
            unknown = [m for k, m in e.problems.items() if k not in self.form.fields]
            self.message.setText("；".join(unknown) or "请改正标红的项目")
            self.message.show()
            return False
        except (UserError, ReadOnlyError) as e:
            self.message.setText(str(e))
            self.message.show()
            return False
        if saved is NOT_SAVED:
            return False
        self.saved_id = saved
        self.accept()
        return True


def combo(options, *, blank: bool = True, editable: bool = False) -> QComboBox:
    return code_combo(list(options), blank=blank, editable=editable)


def id_combo(choices: list[tuple[int, str]], *, blank: bool = True) -> QComboBox:
    """A combo of (id, label) with the id as item data (schools)."""
    box = QComboBox()
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    if blank:
        box.addItem("", None)
    for i, label in choices:
        box.addItem(label, i)
    box.completer().setFilterMode(Qt.MatchFlag.MatchContains)
    return box


def set_id_combo(box: QComboBox, value) -> None:
    i = box.findData(value)
    box.setCurrentIndex(max(i, 0))


def export_report(parent, db, name: str, default_name: str, **params) -> str | None:
    """Compute catalogue report NAME and save it where the clerk chooses (.pdf or .xlsx)."""
    from talentdesk.reports import catalogue
    from talentdesk.reports.params import Params

    suffix = ".xlsx" if default_name.lower().endswith(".xlsx") else ".pdf"
    path = file_dialogs.save_path(
        parent, suffix.lstrip("."), "导出", default_name, "PDF 文件 (*.pdf);;Excel 文件 (*.xlsx)", suffix=suffix
    )
    if not path:
        return None
    try:
        options = params.pop("options", {})
        report = catalogue.compute(db, name, Params(options=options, exporter=os_user(), **params))
        catalogue.render(report, path)
    except UserError as e:
        warn(parent, "导出", e)
        return None
    return path


def print_report(parent, db, name: str, **params) -> bool:
    """打印: catalogue report NAME in the print preview, whose print button opens the printer dialog."""
    from talentdesk.gui.reports import printing
    from talentdesk.reports import catalogue
    from talentdesk.reports.params import Params

    try:
        options = params.pop("options", {})
        report = catalogue.compute(db, name, Params(options=options, **params))
    except UserError as e:
        warn(parent, "打印", e)
        return False
    return printing.run_preview(printing.preview(report, parent))
