"""报表: the catalogue with its parameters, a preview of the tables (a figure with teachers behind it
opens their list), printing through Qt's print dialog with a preview, saving as PDF or Excel."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from talentdesk.errors import UserError
from talentdesk.gui import file_dialogs
from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.reports import printing
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.tasks import Cancelled, Loader, run_with_progress
from talentdesk.reports import statistics as svc
from talentdesk.reports.params import Params, Scope, parse_month, parse_period
from talentdesk.services.accounts import access
from talentdesk.services.platform import paper_settings
from talentdesk.services.platform.database import os_user

KIND_LABEL = {"statistics": "统计表", "form": "登记表", "list": "名单"}
PERIOD_TIP = "统计期间：如 2021 至 2025（或 2025-01 至 2025-06），每年（月报每月）一列并合计；留空则按上面的年度统计"
SNAPSHOT_TIP = "这张报表是某一时点的情况，不按统计期间统计"
GATHERING = "正在准备各数字背后的教师名单，稍后即可点击查看…"


class ReportModel(RowsModel):
    """Rows of one report table; totals in bold, numbers right-aligned; knows the teachers behind cells."""

    def __init__(self, table, part: int, drill: dict, parent=None):
        super().__init__(list(table.headers), list(range(len(table.headers))), parent)
        self.emphasis, self.part, self.drill = table.emphasis, part, drill
        self.set_rows([tuple(r) for r in table.rows])

    def ids_at(self, row: int, column: int) -> list[int] | None:
        return self.drill.get((self.part, self.visible[row], column))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.FontRole and self.visible[index.row()] in self.emphasis:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.TextAlignmentRole:
            v = self.rows[self.visible[index.row()]][index.column()]
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self.ids_at(index.row(), index.column()):
            from PySide6.QtGui import QColor

            return QColor("#1a5fb4")
        if role == Qt.ItemDataRole.DisplayRole:
            v = self.rows[self.visible[index.row()]][index.column()]
            if isinstance(v, float):
                return f"{v:.3f}".rstrip("0").rstrip(".") if v != int(v) else f"{v:.0f}"
        return super().data(index, role)


class ReportTab(QWidget):
    show_teachers = Signal(str, list)

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.report = None
        self.lists_loader = Loader(self)  # the teachers behind the figures, gathered after showing them
        self._lists_for = None  # the report whose lists are being gathered
        self._pending_click: tuple | None = None  # a figure clicked before its list was ready
        self.list = QListWidget()
        self.list.setObjectName("report_list")
        for e in svc.entries():
            item = QListWidgetItem(f"{e.title}\n{KIND_LABEL.get(e.kind, '')}")
            item.setData(Qt.ItemDataRole.UserRole, e)
            item.setToolTip(e.description or e.title)
            self.list.addItem(item)
        self.list.currentItemChanged.connect(self._entry_changed)
        self.list.itemDoubleClicked.connect(lambda _: self.run())
        # parameters
        today = dt.date.today()
        self.year = QSpinBox()
        self.year.setRange(1999, 2100)
        self.year.setSpecialValueText("默认")
        self.year.setMinimum(1999)
        self.year.setValue(1999)
        self.year.setToolTip("学年写起始年份（2025 即 2025—2026 学年）；年度统计写年份；“默认”为最新学年或本年")
        self.month = QLineEdit(f"{today.year}-{today.month:02d}")
        self.month.setPlaceholderText("YYYY-MM")
        self.period_from, self.period_to = QLineEdit(), QLineEdit()
        self.period_from.setPlaceholderText("起：YYYY 或 YYYY-MM")
        self.period_to.setPlaceholderText("止：空白＝本月")
        self.period_compare = QCheckBox("与上一同长期间比较")
        self.period = QWidget()
        period_row = QHBoxLayout(self.period)
        period_row.setContentsMargins(0, 0, 0, 0)
        for w in (self.period_from, QLabel("至"), self.period_to, self.period_compare):
            period_row.addWidget(w)
        self.period.setToolTip(PERIOD_TIP)
        self.scope = QComboBox()
        self.scope.setEditable(False)
        self.teacher = QLineEdit()
        self.teacher.setPlaceholderText("教师编号或身份证号，用逗号分隔（空白＝范围内全部在岗教师）")
        self.mask = QCheckBox("遮挡身份证号中间部分")
        self.unit = QLineEdit(svc.unit_name(db))
        self.unit.setPlaceholderText("例如 青禾县教育和体育局（打印在每张报表上）")
        apply_read_only([self.unit], db)  # read-only file or 查阅员
        self.unit.editingFinished.connect(self._save_unit)
        self.watermark = QCheckBox("PDF 加“内部资料”水印")
        self.watermark.setChecked(paper_settings.watermark_on(db))  # the bureau's default (设置 → 报表与公示)
        form = QFormLayout()
        self.rows_widgets = {
            "year": self.year,
            "month": self.month,
            "scope": self.scope,
            "teacher": self.teacher,
            "period": self.period,
        }
        form.addRow("学年/年度", self.year)
        form.addRow("统计期间", self.period)
        form.addRow("月份", self.month)
        form.addRow("统计范围", self.scope)
        form.addRow("教师", self.teacher)
        form.addRow("填报单位", self.unit)
        form.addRow("", self.mask)
        form.addRow("", self.watermark)
        self.honours_button = QPushButton("荣誉名称对照…")
        self.honours_button.setToolTip(
            "荣誉名录，以及教师记录中不在名录里的荣誉写法：归入名录中的名称一次，统计即按名称和级别计数"
        )
        self.honours_button.clicked.connect(self.edit_honour_names)
        form.addRow("", self.honours_button)
        self.run_button = QPushButton("生成预览 (F9)")
        self.print_button = QPushButton("打印…")
        self.print_button.setToolTip("打开打印预览，再选择打印机打印（Ctrl+P）")
        self.pdf_button = QPushButton("导出 PDF…")
        self.xlsx_button = QPushButton("导出 Excel…")
        self.docx_button = QPushButton("导出 Word…")
        self.docx_button.setToolTip("保存为 Word 文档（.docx），可在 Word 或 WPS 中修改；工作总结数据稿用它")
        self.run_button.clicked.connect(self.run)
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button.clicked.connect(lambda: self.save(".pdf"))
        self.xlsx_button.clicked.connect(lambda: self.save(".xlsx"))
        self.docx_button.clicked.connect(lambda: self.save(".docx"))
        QShortcut(QKeySequence("F9"), self, self.run)
        QShortcut(QKeySequence("Ctrl+P"), self, self.print_report)
        buttons = QHBoxLayout()
        for b in (self.run_button, self.print_button, self.pdf_button, self.xlsx_button, self.docx_button):
            buttons.addWidget(b)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addWidget(QLabel("报表"))
        ll.addWidget(self.list, 1)
        ll.addLayout(form)
        ll.addLayout(buttons)
        self.title = QLabel("选择左侧的报表，设置参数后按“生成预览”")
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.parts = QTabWidget()
        self.parts.setObjectName("report_parts")
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.addWidget(self.title)
        rl.addWidget(self.parts, 1)
        rl.addWidget(self.notes)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([360, 900])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)
        self.load_scopes()
        self._set_actions(False)
        if self.list.count():
            self.list.setCurrentRow(0)

    # -- parameters
    def load_scopes(self) -> None:
        current = self.scope.currentData()
        self.scope.clear()
        for label, text in svc.scope_choices(self.db):
            self.scope.addItem(label, text)
        self.scope.setCurrentIndex(max(self.scope.findData(current), 0) if current else 0)

    def entry(self):
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _entry_changed(self, *_):
        e = self.entry()
        if e is None:
            return
        for key, w in self.rows_widgets.items():
            w.setEnabled(key in e.parameters)
        self.period_compare.setEnabled("compare" in e.parameters)  # only the annual figures set a period beside
        self.period.setToolTip(PERIOD_TIP if "period" in e.parameters else SNAPSHOT_TIP)
        reveal = access.can(self.db, "reveal_id")  # 录入员/查阅员: ID numbers always masked
        self.mask.setEnabled(reveal and e.name in ("roster", "registration"))
        self.mask.setChecked(e.name == "roster" or not reveal)

    def params(self) -> Params:
        e = self.entry()
        year = self.year.value() if self.year.value() != self.year.minimum() and "year" in e.parameters else None
        month = parse_month(self.month.text()) if "month" in e.parameters else None
        scope = Scope.parse(self.scope.currentData()) if "scope" in e.parameters else Scope()
        period = None
        if "period" in e.parameters:
            period = parse_period(
                self.period_from.text().strip() or None,
                self.period_to.text().strip() or None,
                None,
                dt.date.today(),
                self.period_compare.isChecked() and "compare" in e.parameters and bool(self.period_from.text().strip()),
            )
        if period is not None:
            year = None  # a period given replaces the single year
        p = Params(
            year=year,
            month=month,
            scope=scope,
            period=period,
            exporter=os_user(),
            options={"mask": self.mask.isChecked(), "drill": True},
        )
        if "teacher" in e.parameters and self.teacher.text().strip():
            from talentdesk.reports.params import parse_teacher_ids

            with self.db.sessions() as s:
                p.teacher_ids = parse_teacher_ids(s, [self.teacher.text()])
        return p

    def paper_changed(self) -> None:
        """设置 → 报表与公示 saved: show its 填报单位 and watermark default here."""
        paper = paper_settings.load(self.db)
        self.unit.setText(paper.unit)
        self.watermark.setChecked(paper.watermark)

    def _save_unit(self) -> None:
        if self.unit.text().strip() != svc.unit_name(self.db):
            svc.set_unit_name(self.db, self.unit.text())
            if self.report is not None:
                self.report.unit = self.unit.text().strip()

    # -- actions
    def edit_honour_names(self) -> None:
        from talentdesk.gui.reports.honour_names_dialog import HonourNamesDialog

        self._honours_dialog = HonourNamesDialog(self.db, self)  # kept referenced while it is open
        self._honours_dialog.exec()
        if (
            self._honours_dialog.changed
            and self.report is not None
            and self.entry() is not None
            and self.entry().name in ("annual", "summary")
        ):
            self.run()  # the honours table counts the names just mapped

    def _set_actions(self, on: bool) -> None:
        for b in (self.print_button, self.pdf_button, self.xlsx_button, self.docx_button):
            b.setEnabled(on)

    def run(self) -> None:
        from talentdesk.gui.reports.unit_prompt import ensure_unit

        e = self.entry()
        if e is None:
            return
        if not ensure_unit(self, self.db):
            return
        if self.unit.text().strip() != svc.unit_name(self.db):
            self.unit.setText(svc.unit_name(self.db))
        self._pending_click = self._lists_for = None  # lists still coming for an earlier report are dropped
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            params = self.params()
            full = dataclasses.replace(params, options=dict(params.options))
            if e.drill_costs:  # the figures at once; their lists (drill) gathered on a worker thread afterwards
                params = dataclasses.replace(params, options={**params.options, "drill": False})
            self.report = svc.run(self.db, e.name, params)
        except UserError as err:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.warning(self, e.title, err.message)
            return
        finally:
            if QGuiApplication.overrideCursor() is not None:
                QGuiApplication.restoreOverrideCursor()
        self.show_report(self.report)
        if e.drill_costs:
            self._gather_lists(e.name, full)

    def _gather_lists(self, name: str, params: Params) -> None:
        """Compute the report again with its lists (options drill) off the GUI thread; _lists_ready fills them
        into the report on screen (if it is still the one shown)."""
        db, shown = self.db, self.report
        if shown is None:
            return
        self._lists_for = shown
        self.lists_loader.load(lambda: (shown, svc.run(db, name, params)), self._lists_ready)
        self.notes.setText("\n".join([*shown.notes, GATHERING]))

    def _lists_ready(self, result) -> None:
        shown, full = result
        report = self.report
        if report is None or shown is not report:  # another report was made meanwhile
            return
        self._lists_for = None
        report.teacher_ids = full.teacher_ids
        for i in range(self.parts.count()):
            view = self.parts.widget(i)
            model = view.model() if isinstance(view, QTableView) else None
            if not isinstance(model, ReportModel):
                continue
            model.drill = full.teacher_ids
            if model.rowCount():  # the figures with lists turn blue
                model.dataChanged.emit(model.index(0, 0), model.index(model.rowCount() - 1, model.columnCount() - 1))
        self.notes.setText("\n".join(report.notes))
        pending, self._pending_click = self._pending_click, None
        if pending is not None and pending[0].drill is full.teacher_ids:
            model, row, column = pending
            self._cell_clicked(model, model.index(row, column))

    def show_report(self, report) -> None:
        self.parts.clear()
        for i, table in enumerate(report.parts):
            view = QTableView()
            model = ReportModel(table, i, report.teacher_ids, view)
            view.setModel(model)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setAlternatingRowColors(True)
            view.verticalHeader().setDefaultSectionSize(24)
            view.horizontalHeader().setDefaultSectionSize(80)
            for c, w in enumerate(table.widths):
                view.setColumnWidth(c, max(40, int(w * 7.5)))
            view.clicked.connect(lambda idx, m=model: self._cell_clicked(m, idx))
            self.parts.addTab(view, table.title)
        period = f"　{report.period_label}" if report.period_label else ""
        self.title.setText(f"{report.title}　（{report.scope_label}{period}）")
        self.notes.setText("\n".join(report.notes))
        self._set_actions(True)

    def _cell_clicked(self, model: ReportModel, index) -> None:
        ids = model.ids_at(index.row(), index.column())
        if not ids and self._lists_for is not None and self._lists_for is self.report:
            self._pending_click = (model, index.row(), index.column())  # opened as soon as the lists are ready
            return
        if ids:
            row = model.rows[model.visible[index.row()]]
            self.show_teachers.emit(f"{row[0]} {model.headers[index.column()]}", ids)

    def print_report(self) -> None:
        if self.report is None:
            return
        if printing.run_preview(printing.preview(self.report, self, watermark=self.watermark.isChecked())):
            svc.record_output(self.db, self.report, how="打印")

    def save(self, suffix: str) -> None:
        if self.report is None:
            return
        default = f"{self.report.title}_{self.report.scope_label}_{dt.date.today():%Y%m%d}{suffix}"
        kind = {".pdf": "PDF 文件 (*.pdf)", ".docx": "Word 文档 (*.docx)"}.get(suffix, "Excel 工作簿 (*.xlsx)")
        name = file_dialogs.save_path(self, suffix.lstrip("."), "导出报表", default, kind, suffix=suffix)
        if not name:
            return
        path = Path(name)
        report, wm = self.report, self.watermark.isChecked()
        try:
            run_with_progress(self, "正在生成文件…", lambda progress: svc.save(report, path, watermark=wm))
        except Cancelled:
            return
        except UserError as err:
            QMessageBox.warning(self, "保存报表", err.message)
            return
        svc.record_output(self.db, report, path)  # full ID numbers: an audit row (on the GUI thread)
        self.window().statusBar().showMessage(f"已保存 {path}", 8000) if hasattr(self.window(), "statusBar") else None
