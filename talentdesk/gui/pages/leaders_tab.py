"""领导班子 tab of the 学校 page (issue 20 §1): each school's leadership team at a date, the schools without a 校长
or 书记, the principals whose term in one school is up (for 校长交流), and the promotions of a period — the
`leaders` report (reports.leaders), shown list by list and exported to Excel or PDF; 职务名录 edits the list of post
names. A post itself is recorded in the teacher file (职务 tab)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from talentdesk.domain import leaders as rules
from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui import file_dialogs
from talentdesk.gui.bus import Topic
from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.widgets import plain_table, setup_list_view
from talentdesk.services.people import leaders as svc

LISTS = ("领导班子和中层", "缺少校长或书记的学校", "校长任期满名单", "提拔任用人数", "提拔任用名单")
ALL_SCHOOLS = "全部学校"


class LeadersTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.report = None
        self._loaded = False
        self.which = QComboBox()
        self.which.setObjectName("leaders_list")
        self.which.addItems(LISTS)
        self.which.currentIndexChanged.connect(lambda _i: self.show_part())
        today = dt.date.today()
        self.on = QDateEdit(QDate(today.year, today.month, today.day))
        self.on.setObjectName("leaders_date")
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.on.setCalendarPopup(True)
        self.first, self.last = QSpinBox(), QSpinBox()
        for box, year in ((self.first, today.year - 4), (self.last, today.year)):
            box.setRange(1950, 2100)
            box.setValue(year)
        self.on.dateChanged.connect(lambda _d: self.refresh() if self._loaded else None)
        self.first.valueChanged.connect(lambda _v: self.refresh() if self._loaded else None)
        self.last.valueChanged.connect(lambda _v: self.refresh() if self._loaded else None)
        self.first.setObjectName("leaders_from")
        self.last.setObjectName("leaders_to")
        self.school = QComboBox()
        self.school.setObjectName("leaders_school")
        self.school.setMinimumContentsLength(12)
        self.school.currentIndexChanged.connect(lambda _i: self.filter_rows())
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.refresh)
        self.excel_button, self.pdf_button = QPushButton("导出 Excel"), QPushButton("导出 PDF")
        self.excel_button.clicked.connect(lambda: self.export(".xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.names_button = QPushButton("职务名录…")
        self.names_button.clicked.connect(self.edit_names)
        top = QHBoxLayout()
        row = (QLabel("名单："), self.which, QLabel("截至："), self.on, QLabel("提拔任用："), self.first)
        for w in (*row, QLabel("至"), self.last, QLabel("年"), QLabel("学校："), self.school, refresh):
            top.addWidget(w)
        top.addStretch(1)
        buttons = QHBoxLayout()
        self.count = QLabel()
        self.count.setObjectName("leaders_count")
        buttons.addWidget(self.count, 1)
        for b in (self.names_button, self.excel_button, self.pdf_button):
            buttons.addWidget(b)
        self.model = RowsModel([], [], self)
        self.view = setup_list_view(QTableView(), self.model, single=True, wrap=False)
        self.view.setObjectName("leaders_view")
        self.view.doubleClicked.connect(lambda index: self.open_teacher(index.row()))
        self.note = QLabel()
        self.note.setObjectName("leaders_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #566573;")
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(buttons)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.note)
        # refreshed when first shown, and on a change: at once if shown, else when next shown
        bus.follow(self, self.refresh, Topic.LEADERS, Topic.TEACHERS, Topic.SCHOOLS, lazy=True, stale=True)

    def params(self):
        from talentdesk.reports.params import Params, Period

        d = self.on.date()
        on = dt.date(d.year(), d.month(), d.day())
        first, last = sorted((self.first.value(), self.last.value()))
        return Params(today=on, period=Period((first, 1), (last, 12)))

    def refresh(self) -> None:
        from talentdesk.reports import catalogue

        self._loaded = True
        try:
            self.report = catalogue.compute(self.db, "leaders", self.params())
        except UserError as e:
            self.report = None
            self.note.setText(str(e))
            self.model.set_rows([])
            return
        keep = self.school.currentText()
        names = sorted({r[0] for p in self.report.parts[:3] for r in p.rows})
        self.school.blockSignals(True)
        self.school.clear()
        self.school.addItem(ALL_SCHOOLS)
        self.school.addItems(names)
        self.school.setCurrentIndex(max(self.school.findText(keep), 0))
        self.school.blockSignals(False)
        self.show_part()

    def show_part(self) -> None:
        if self.report is None:
            return
        part = self.report.parts[self.which.currentIndex()]
        self.model = RowsModel(list(part.headers), list(range(len(part.headers))), self)
        self.view.setModel(self.model)
        # each row carries its teacher (last, not shown) when the list is one of people: a double-click opens the file
        teachers = part.row_teachers
        self.model.set_rows(
            [(*r, teachers[i]) for i, r in enumerate(part.rows)] if teachers else [(*r, None) for r in part.rows]
        )
        for c, w in enumerate(part.widths):
            self.view.setColumnWidth(c, max(40, int(w * 9)))
        self.note.setText(
            (part.note or self.report.notes[0]) + ("（双击一行打开教师档案）" if part.row_teachers else "")
        )
        self.filter_rows()

    def open_teacher(self, view_row: int):
        """The teacher file of the row's person, through the 教师 page (one file window per teacher)."""
        if not 0 <= view_row < self.model.rowCount():
            return None
        tid = self.model.row_at(view_row)[-1]
        opener = getattr(getattr(self.window(), "teachers", None), "open_teacher", None)
        if tid is None or opener is None:
            return None
        return opener(tid)

    def filter_rows(self) -> None:
        if self.report is None:
            return
        part = self.report.parts[self.which.currentIndex()]
        school = self.school.currentText()
        col = part.headers.index("学校") if "学校" in part.headers else None
        rows = self.model.rows
        self.model.set_visible(
            [i for i, r in enumerate(rows) if col is None or school in ("", ALL_SCHOOLS) or r[col] == school]
        )
        self.count.setText(f"{part.title}：{self.model.rowCount()} 行")

    def export(self, suffix: str) -> str:
        from talentdesk.reports import catalogue

        if self.report is None:
            return ""
        kind = suffix.lstrip(".")
        filters = "Excel 文件 (*.xlsx)" if suffix == ".xlsx" else "PDF 文件 (*.pdf)"
        name = f"学校领导班子与职务{suffix}"
        path = file_dialogs.save_path(self, kind, "导出学校领导班子与职务", name, filters, suffix=suffix)
        if not path:
            return ""
        try:
            catalogue.render(self.report, path)
            catalogue.record_output(self.db, self.report, path)
        except (UserError, OSError) as e:
            QMessageBox.warning(self, "导出", str(e))
            return ""
        self.count.setText(f"已导出：{path}")
        return path

    def edit_names(self) -> None:
        dlg = LeaderNamesDialog(self.db, self)
        try:
            dlg.exec()
        finally:
            dlg.deleteLater()
        if dlg.changed:
            self.bus.notify(Topic.LEADERS)


class LeaderNamesDialog(QDialog):
    """职务名录: the bureau's post names and the category each counts under (书记, 校长, 副校长, 中层 …)."""

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.changed = False
        self.setWindowTitle("职务名录")
        self.table = plain_table(("职务名称", "类别", "使用记录数", "备注"), "leader_names")
        self.new_name = QLineEdit()
        self.new_name.setObjectName("leader_new_name")
        self.new_name.setPlaceholderText("本地职务名称，例如 安全办主任")
        self.category = QComboBox()
        self.category.setObjectName("leader_new_category")
        self.category.addItems(rules.CATEGORIES)
        self.category.setCurrentText("中层")
        self.add_button = QPushButton("添加")
        self.add_button.clicked.connect(self.add_name)
        self.set_button = QPushButton("改为所选类别")
        self.set_button.clicked.connect(self.set_category)
        self.remove_button = QPushButton("从名录删除")
        self.remove_button.clicked.connect(self.remove_name)
        row = QHBoxLayout()
        row.addWidget(self.new_name, 2)
        row.addWidget(QLabel("类别"))
        row.addWidget(self.category)
        for b in (self.add_button, self.set_button, self.remove_button):
            row.addWidget(b)
        hint = QLabel(
            "统计按类别计数：书记和校长每校同一时间只能有一人；校长、副校长、中层等的提拔任用按类别统计。"
            "已有职务记录使用的名称不能删除。"
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(hint)
        lay.addWidget(buttons)
        apply_read_only([self.add_button, self.set_button, self.remove_button, self.new_name], db)
        self.resize(720, 520)
        self.refresh()

    def refresh(self) -> None:
        self.rows = svc.names(self.db)
        self.table.setRowCount(len(self.rows))
        for r, n in enumerate(self.rows):
            for c, v in enumerate((n["name"], n["category"], str(n["used"]), n["note"])):
                self.table.setItem(r, c, QTableWidgetItem(v))
        self.table.resizeColumnsToContents()

    def _selected(self) -> dict | None:
        r = self.table.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None

    def _run(self, action) -> bool:
        try:
            action()
        except (UserError, ReadOnlyError) as e:
            QMessageBox.warning(self, "职务名录", str(e))
            return False
        self.changed = True
        self.refresh()
        return True

    def add_name(self) -> None:
        text, cat = self.new_name.text(), self.category.currentText()
        if self._run(lambda: svc.add_name(self.db, text, cat)):
            self.new_name.clear()

    def set_category(self) -> None:
        n = self._selected()
        if n is not None:
            cat = self.category.currentText()
            self._run(lambda: svc.set_category(self.db, n["id"], cat))

    def remove_name(self) -> None:
        n = self._selected()
        if n is not None:
            self._run(lambda: svc.remove_name(self.db, n["id"]))
