"""教师 page: the whole county's teachers, search-as-you-type, filter combos, open / add / delete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui.bus import Topic
from talentdesk.gui.models.teacher_table import BACKBONE_NO, BACKBONE_YES, FILTERS, TeacherTableModel
from talentdesk.gui.security.roles import apply_read_only, may_edit
from talentdesk.gui.widgets import setup_list_view
from talentdesk.services.people import teachers as svc

if TYPE_CHECKING:
    from talentdesk.gui.teacher_file.dialog import TeacherFileDialog

ALL = "全部"
COLUMN_WIDTHS = (80, 150, 40, 90, 150, 150, 80, 55, 70, 80, 80, 70, 50)


class TeacherListView(QTableView):
    """Enter opens the selected teacher (the default would start editing or do nothing)."""

    def __init__(self, on_open, parent=None):
        super().__init__(parent)
        self._on_open = on_open

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_open()
            return
        super().keyPressEvent(event)


class SearchEdit(QLineEdit):
    """The search box: Down or Enter moves into the results, Enter opens the only match (on_key decides)."""

    def __init__(self, on_key, parent=None):
        super().__init__(parent)
        self._on_key = on_key

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._on_key(event.key()):
            return
        super().keyPressEvent(event)


class TeachersPage(QWidget):
    title = "教师"

    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.open_files: dict[int, TeacherFileDialog] = {}
        self._undo: dict | None = None
        self.model = TeacherTableModel(self)

        self.search = SearchEdit(self._search_key)
        self.search.setObjectName("teacher_search")
        self.search.setPlaceholderText("搜索姓名、身份证号或学校（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        self.count_label = QLabel()
        self.count_label.setObjectName("teacher_count")
        self.new_button = QPushButton("新增教师")
        self.new_button.clicked.connect(lambda: self.open_teacher(None))
        self.delete_button = QPushButton("删除")
        self.delete_button.clicked.connect(self.delete_selected)
        self.undo_button = QPushButton("撤销删除 (Ctrl+Z)")
        self.undo_button.hide()
        self.undo_button.clicked.connect(self.undo_delete)
        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.count_label)
        top.addStretch(1)
        for b in (self.undo_button, self.new_button, self.delete_button):
            top.addWidget(b)

        self.combos: dict[str, QComboBox] = {}
        filters = QHBoxLayout()
        for name, (label, _) in FILTERS.items():
            box = QComboBox()
            box.setObjectName(f"filter_{name}")
            box.setMinimumContentsLength(4 if name != "school" else 10)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.currentTextChanged.connect(self.apply_filter)
            filters.addWidget(QLabel(label + "："))
            filters.addWidget(box, 2 if name == "school" else 1)
            self.combos[name] = box
        reset = QPushButton("清除条件")
        reset.clicked.connect(self.clear_filters)
        filters.addWidget(reset)

        self.view = TeacherListView(self.open_selected)
        self.view.setObjectName("teacher_view")
        setup_list_view(self.view, self.model, wrap=False)
        self.view.verticalHeader().setMinimumWidth(44)
        self.view.doubleClicked.connect(lambda _i: self.open_selected())

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(filters)
        lay.addWidget(self.view, 1)
        QShortcut(
            QKeySequence.StandardKey.Undo, self, self.undo_delete, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        QShortcut(
            QKeySequence.StandardKey.Delete, self.view, self.delete_selected, context=Qt.ShortcutContext.WidgetShortcut
        )
        # read-only file or a role that may not edit (查阅员): off, with the reason as tooltip
        apply_read_only([self.new_button, self.delete_button, self.undo_button], db)
        bus.follow(self, self.refresh, Topic.TEACHERS, Topic.SCHOOLS)
        self.refresh()
        for c, w in enumerate(COLUMN_WIDTHS):
            self.view.setColumnWidth(c, w)

    # -- data
    def refresh(self) -> None:
        self.model.set_rows(svc.list_rows(self.db), apply=False)
        self._fill_combos()
        self.apply_filter()

    def _fill_combos(self) -> None:
        for name, box in self.combos.items():
            current = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItem(ALL)
            if name == "backbone":
                box.addItems([BACKBONE_YES, BACKBONE_NO])
            box.addItems(self.model.distinct(name))
            i = box.findText(current)
            box.setCurrentIndex(max(i, 0))
            box.blockSignals(False)

    def filters(self) -> dict[str, str]:
        return {n: b.currentText() for n, b in self.combos.items() if b.currentText() not in ("", ALL)}

    def apply_filter(self, *_):
        self.model.set_filter(self.search.text(), self.filters())
        total = len(self.model.rows)
        shown = self.model.rowCount()
        self.count_label.setText(f"共 {shown} 人" if shown == total else f"共 {shown} 人（全部 {total} 人）")

    def clear_filters(self) -> None:
        for box in self.combos.values():
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.search.clear()
        self.apply_filter()

    def _search_key(self, key) -> bool:
        """Enter with exactly one teacher found opens the file; otherwise Enter or Down goes to the list."""
        if key != Qt.Key.Key_Down and self.model.rowCount() == 1:
            self.open_teacher(self.model.teacher_id(0))
            return True
        if self.model.rowCount() == 0:
            return key == Qt.Key.Key_Down
        current = self.view.currentIndex()
        self.view.setFocus(Qt.FocusReason.TabFocusReason)
        self.view.selectRow(current.row() if current.isValid() else 0)
        return True

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- opening
    def selected_ids(self) -> list[int]:
        return [self.model.teacher_id(i.row()) for i in self.view.selectionModel().selectedRows()]

    def open_selected(self) -> None:
        ids = self.selected_ids()
        if not ids and self.view.currentIndex().isValid():
            ids = [self.model.teacher_id(self.view.currentIndex().row())]
        if ids:
            self.open_teacher(ids[0])

    def open_teacher(self, teacher_id: int | None) -> TeacherFileDialog | None:
        if teacher_id in self.open_files:
            dlg = self.open_files[teacher_id]
            dlg.show()
            dlg.raise_()
            dlg.activateWindow()
            return dlg
        try:
            # imported when a file is first opened: its tabs import their services (issue 16 §4, start-up)
            from talentdesk.gui.teacher_file.dialog import TeacherFileDialog

            dlg = TeacherFileDialog(self.db, self.bus, teacher_id, self.window())
        except UserError as e:
            QMessageBox.warning(self, "打开档案", str(e))
            self.refresh()
            return None
        if teacher_id is not None:
            self.open_files[teacher_id] = dlg
        dlg.saved.connect(lambda tid, d=dlg: self.open_files.__setitem__(tid, d))
        dlg.destroyed.connect(lambda *_a, d=dlg: self._forget(d))
        dlg.show()
        return dlg

    def _forget(self, dlg) -> None:
        for k, v in list(self.open_files.items()):
            if v is dlg:
                del self.open_files[k]

    # -- delete and undo
    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or not may_edit(self.db):
            return
        names = "、".join(self.model.row_at(self.model.view_row_of(i))[1] for i in ids[:5])
        more = f"等 {len(ids)} 人" if len(ids) > 5 else ""
        answer = QMessageBox.question(
            self,
            "删除教师",
            f"确定删除 {names}{more} 的全部档案吗？\n删除后可立即撤销（Ctrl+Z）。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        for tid in ids:
            dlg = self.open_files.get(tid)
            if dlg is not None:
                dlg._force_close = True
                dlg.close()
        try:
            self._undo = svc.delete(self.db, ids)
        except (UserError, ReadOnlyError) as e:
            QMessageBox.warning(self, "删除教师", str(e))
            return
        self.undo_button.show()
        self._status(f"已删除 {names}{more}。按 Ctrl+Z 或点“撤销删除”可恢复。")
        QTimer.singleShot(120_000, self._expire_undo)
        self.bus.notify(Topic.TEACHERS)

    def _expire_undo(self) -> None:
        self._undo = None
        self.undo_button.hide()

    def undo_delete(self) -> None:
        if not self._undo:
            return
        snap, self._undo = self._undo, None
        svc.restore(self.db, snap)
        self.undo_button.hide()
        self._status(f"已恢复 {len(snap.rows.get('teacher', []))} 名教师。")
        self.bus.notify(Topic.TEACHERS)

    def _status(self, text: str) -> None:
        bar = getattr(self.window(), "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 15_000)
