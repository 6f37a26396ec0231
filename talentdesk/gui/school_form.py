"""The school form: name, code, township, 城乡类型, kind, and the yearly figures table (editable)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from talentdesk.domain import codes
from talentdesk.domain.dates import school_year_label
from talentdesk.errors import EditConflict, ReadOnlyError, UserError, ValidationError
from talentdesk.gui import conflict_dialog
from talentdesk.gui.bus import Topic
from talentdesk.gui.security.roles import apply_read_only, may_edit
from talentdesk.gui.widgets import ERROR_STYLE, FormGrid, code_combo, set_widget_text
from talentdesk.services.people import schools as svc

STAT_HEADERS = ("学年（起始年）", "学段", "在校学生数", "班级数", "核定编制")


class _StageDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):
        box = QComboBox(parent)
        box.addItems(codes.STAGE.labels)
        return box

    def setEditorData(self, editor, index):
        i = editor.findText(index.data() or "")
        editor.setCurrentIndex(max(i, 0))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentText())


class SchoolForm(QDialog):
    def __init__(self, db, bus, school_id: int | None = None, parent=None):
        super().__init__(parent)
        self.db, self.bus, self.school_id = db, bus, school_id
        self.setWindowTitle("新增学校" if school_id is None else "学校信息")
        f = self.form = FormGrid(columns=2)
        f.add("name", "学校名称", QLineEdit(), required=True)
        f.add("code", "学校标识码", QLineEdit())
        f.add("township", "乡镇（街道）", code_combo(svc.townships(db), editable=True))
        f.add("area", "城乡类型", code_combo(codes.AREA))
        f.add("kind", "办学类型", code_combo(codes.SCHOOL_KIND))
        f.add("address", "地址", QLineEdit())
        f.add("note", "备注", QLineEdit(), span=2)
        self.table = QTableWidget(0, len(STAT_HEADERS))
        self.table.setObjectName("school_stats")
        self.table.setHorizontalHeaderLabels(STAT_HEADERS)
        self.table.setItemDelegateForColumn(1, _StageDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        add_row, del_row = QPushButton("添加一行"), QPushButton("删除所选行")
        add_row.clicked.connect(self.add_stat_row)
        del_row.clicked.connect(self.delete_stat_row)
        self.stats_error = QLabel()
        self.stats_error.setStyleSheet(ERROR_STYLE)
        self.stats_error.setWordWrap(True)
        self.stats_error.hide()
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(QLabel("各学年在校生、班级与核定编制："))
        row_buttons.addStretch(1)
        row_buttons.addWidget(add_row)
        row_buttons.addWidget(del_row)
        save, close = QPushButton("保存 (Ctrl+S)"), QPushButton("关闭")
        save.clicked.connect(self.save)
        close.clicked.connect(self.reject)
        self.save_button = save
        # read-only file or a role that may not edit (查阅员): open to read, reason as tooltip
        apply_read_only([save, add_row, del_row], db)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(save)
        bottom.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(f)
        lay.addLayout(row_buttons)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.stats_error)
        lay.addLayout(bottom)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.resize(760, 560)
        self._stat_ids: list[int | None] = []
        self.loaded: dict | None = None  # version and values as loaded: a change saved meanwhile is merged
        if school_id is not None:
            self._load(svc.get(db, school_id))

    def _load(self, data: dict) -> None:
        self.loaded = data
        for name, w in self.form.fields.items():
            set_widget_text(w, data.get(name))
        self.table.setRowCount(0)
        self._stat_ids = []
        for st in data["stats"]:
            self.add_stat_row(st)

    def add_stat_row(self, st: dict | None = None) -> None:
        st = st or {}
        r = self.table.rowCount()
        self.table.insertRow(r)
        self._stat_ids.append(st.get("id"))
        for c, key in enumerate(svc.STAT_FIELDS):
            v = st.get(key)
            item = QTableWidgetItem("" if v is None else str(v))
            if key == "school_year" and v is not None:
                item.setToolTip(school_year_label(v))
            self.table.setItem(r, c, item)
        if not st:
            self.table.setCurrentCell(r, 0)

    def delete_stat_row(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            self.table.removeRow(r)
            del self._stat_ids[r]

    def stats(self) -> list[dict]:
        out = []
        for r in range(self.table.rowCount()):
            row = {"id": self._stat_ids[r]}
            for c, key in enumerate(svc.STAT_FIELDS):
                item = self.table.item(r, c)
                row[key] = item.text() if item else ""
            if any(row[k] for k in svc.STAT_FIELDS):
                out.append(row)
        return out

    def save(self) -> bool:
        return self._save(None)

    def _save(self, resolved: dict | None) -> bool:
        if not may_edit(self.db):
            return False
        loaded = self.loaded if self.school_id is not None else None
        try:
            self.school_id = svc.save(
                self.db,
                self.school_id,
                self.form.values(),
                self.stats(),
                version=loaded["version"] if loaded else None,
                base=loaded,
                merge=True,
                resolved=resolved,
            )
        except EditConflict as e:  # another clerk saved this school meanwhile: choose per field
            action, choices = conflict_dialog.ask(self, e)
            if action == conflict_dialog.SAVE:
                return self._save({**(resolved or {}), **choices})
            if action == conflict_dialog.RELOAD:
                self._load(svc.get(self.db, self.school_id))
            return False
        except ValidationError as e:
            self.form.set_errors(e.problems)
            stat_msgs = [m for k, m in e.problems.items() if k.startswith("stats.")]
            self.stats_error.setText("；".join(stat_msgs))
            self.stats_error.setVisible(bool(stat_msgs))
            return False
        except (UserError, ReadOnlyError) as e:
            QMessageBox.warning(self, "不能保存", str(e))
            return False
        self.form.set_errors({})
        self.stats_error.hide()
        self.bus.notify(Topic.SCHOOLS)
        self.accept()
        return True

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return  # Enter edits table cells; saving is Ctrl+S or the button
        super().keyPressEvent(event)
