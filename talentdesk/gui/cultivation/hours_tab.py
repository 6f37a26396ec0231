"""学时统计 tab: every serving teacher's hours in a 5-year cycle against the requirement, the teachers
behind by school; print 培训学时登记表 for the selected teachers; export Excel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QSplitter, QTableView

from talentdesk.errors import UserError
from talentdesk.gui.bus import Topic
from talentdesk.gui.cultivation.common import ListTab, ask_save_path, status, warn
from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.reports import printing
from talentdesk.gui.tasks import Loader
from talentdesk.services.cultivation import training
from talentdesk.services.people import teachers as teacher_svc
from talentdesk.services.platform import settings


class HoursTab(ListTab):
    def __init__(self, db, bus, parent=None):
        super().__init__(
            training.HOURS_HEADERS,
            list(range(1, len(training.HOURS_COLUMNS))),
            (70, 150, 150, 70, 50, 50, 80, 80, 70, 70, 60),
            parent,
        )
        self.db, self.bus = db, bus
        self.search.setPlaceholderText("搜索姓名、学校、乡镇")
        self.count_what, self.count_unit = "在岗教师", "人"  # one row per serving teacher (as the overview's 在岗)
        self.cycle = QComboBox()
        self.behind = QCheckBox("只看进度落后")
        self.cycle.currentIndexChanged.connect(lambda _i: self.refresh())
        self.behind.toggled.connect(lambda _on: self.refresh())
        self.top.insertWidget(0, QLabel("培训周期："))
        self.top.insertWidget(1, self.cycle)
        self.top.insertWidget(2, self.behind)
        self.add_button("打印登记表…", self.print_records)
        self.add_button("登记表 PDF…", self.save_records)
        self.add_button("导出 Excel…", self.export)
        self.schools = RowsModel(training.SCHOOL_HEADERS, list(range(len(training.SCHOOL_HEADERS))), self)
        self.school_view = QTableView()
        self.school_view.setModel(self.schools)
        self.school_view.setSortingEnabled(True)
        self.school_view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # keep 落后比例 order
        self.school_view.horizontalHeader().setStretchLastSection(True)
        self.school_view.verticalHeader().setDefaultSectionSize(24)
        self.layout_.removeWidget(self.view)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        box = QLabel("各校情况（按落后比例排序）：")
        split.addWidget(box)
        split.addWidget(self.school_view)
        split.setSizes([500, 20, 220])
        self.layout_.addWidget(split, 1)
        self.note = QLabel()
        self.note.setStyleSheet("color: #566573;")
        self.layout_.addWidget(self.note)
        bus.follow(self, self.refresh, Topic.TRAINING, Topic.TEACHERS, Topic.SETTINGS)
        self.view.doubleClicked.connect(lambda index: self.show_courses(index.row()))
        self.view.setToolTip("双击一行：查看构成本周期学时的各次培训")
        self.details: list = []  # open detail dialogs (kept referenced while shown)
        self.loader = Loader(self)
        self.fill_cycles()

    def show_courses(self, view_row: int):
        """The courses behind one teacher's hours in the chosen cycle (non-modal)."""
        from talentdesk.gui.teacher_file.training_tab import TeacherHoursDialog

        if not 0 <= view_row < self.model.rowCount():
            return None
        row = self.model.row_at(view_row)
        dlg = TeacherHoursDialog(self.db, row.id, row.name, self.cycle.currentData(), self)
        self.details = [d for d in self.details if d.isVisible()] + [dlg]
        dlg.show()
        return dlg

    def fill_cycles(self) -> None:
        pol = settings.load_policy(self.db)
        self.cycle.blockSignals(True)
        self.cycle.clear()
        for start in training.cycles_with_data(self.db):
            self.cycle.addItem(f"{start}—{start + pol.training_cycle_years - 1}", start)
        self.cycle.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        """Every serving teacher's hours take a second or more on a city: read on a worker (issue 16 §4)."""
        start, behind = self.cycle.currentData(), self.behind.isChecked()
        self.count_label.setText("正在计算各教师的学时…")
        self.loader.load(lambda: self._read(start, behind), self._show)

    def _read(self, start, behind: bool):  # on the worker: no widgets
        rows = training.hours_rows(self.db, start, only_behind=behind)
        left_out = 0 if behind else teacher_svc.counts(self.db)[1] - len(rows)
        return behind, rows, left_out, training.behind_by_school(self.db, start)

    def _show(self, data) -> None:
        behind, rows, left_out, schools = data
        self.count_what = "进度落后的在岗教师" if behind else "在岗教师"
        self.count_note = (
            f"（另有 {left_out:,} 名在岗教师在本周期后入职或按设置不计入本周期，未列出）" if left_out > 0 else ""
        )
        self.set_rows(rows)
        self.schools.set_rows(schools)
        for c, w in enumerate((200, 90, 80, 80, 70, 80)):
            self.school_view.setColumnWidth(c, w)
        pol = settings.load_policy(self.db)
        self.note.setText(
            f"每 {pol.training_cycle_years} 年一个培训周期，要求 {pol.training_hours_per_cycle} 学时；"
            "“按进度应达”按已进入的年数折算，低于它即为进度落后。"
        )

    def _chosen(self) -> list[int]:
        ids = self.selected_keys()
        if not ids:
            warn(self, "打印登记表", "请先在表中选中要打印的教师（可按住 Ctrl 多选）")
        return ids

    def print_records(self) -> None:
        """打印登记表: the print preview (then the printer dialog) of the selected teachers' records."""
        from talentdesk.reports.forms import training_record

        ids = self._chosen()
        if ids:
            cycle = self.cycle.currentData()
            printing.print_drawing(self, self.db, lambda: training_record.drawing(self.db, ids, cycle))

    def save_records(self) -> None:
        from talentdesk.reports.forms import training_record

        ids = self._chosen()
        if not ids:
            return
        path = ask_save_path(self, "保存培训学时登记表", "培训学时登记表.pdf", "PDF 文件 (*.pdf)")
        if not path:
            return
        try:
            training_record.write(self.db, ids, path, self.cycle.currentData())
        except UserError as e:
            warn(self, "不能生成文件", str(e))
            return
        status(self, f"已生成 {len(ids)} 名教师的培训学时登记表：{path}")

    def export(self) -> None:
        from talentdesk.reports import cultivation_tables

        path = ask_save_path(self, "导出培训学时", "培训学时统计.xlsx", "Excel 文件 (*.xlsx)")
        if not path:
            return
        try:
            cultivation_tables.export(self.db, "training", path, cycle=self.cycle.currentData())
        except UserError as e:
            warn(self, "不能导出", str(e))
            return
        status(self, f"已导出：{path}")
