"""岗位与职称 tab of the 学校 page (issue 20 §2): each school's post usage (岗位设置: approved, used, vacant, over), the
schools where full posts block teachers, 评而未聘 by 城乡 and school and as a list with filters, titles obtained over
a period by route — the `titles` report (reports.titles), list by list, exported to Excel or PDF. 岗位设置… keeps the
schools' approved post structures; 评审方式名录 the bureau's list of routes. A title itself (route, 聘任, 享受待遇)
is recorded in the teacher file (职称 tab)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
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

from talentdesk.domain import titles as rules
from talentdesk.errors import EditConflict, NotFound, ReadOnlyError, UserError, ValidationError
from talentdesk.gui import file_dialogs
from talentdesk.gui.bus import Topic
from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.tasks import Loader
from talentdesk.gui.widgets import FormGrid, plain_table, school_combo, school_id_of, setup_list_view
from talentdesk.services.people import schools as school_svc
from talentdesk.services.people import titles as svc

# the report's parts by title prefix, in the order the list offers them
LISTS = (
    ("各校岗位使用", "各校岗位设置使用情况"),
    ("岗位已满、教师待聘", "岗位已满"),
    ("专技岗位等级", "专技岗位等级"),
    ("评而未聘统计", "评而未聘统计"),
    ("评而未聘名单", "评而未聘名单"),
    ("职称取得（按评审方式）", "职称取得情况"),
)
ALL = "全部"
AREAS = ("城区", "镇区", "乡村")


class TitlesTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.report = None
        self._loaded = False
        self.which = QComboBox()
        self.which.setObjectName("titles_list")
        self.which.addItems([n for n, _ in LISTS])
        self.which.currentIndexChanged.connect(lambda _i: self.show_part())
        today = dt.date.today()
        self.on = QDateEdit(QDate(today.year, today.month, today.day))
        self.on.setObjectName("titles_date")
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.on.setCalendarPopup(True)
        self.first, self.last = QSpinBox(), QSpinBox()
        for box, year, name in ((self.first, today.year - 4, "titles_from"), (self.last, today.year, "titles_to")):
            box.setRange(1950, 2100)
            box.setValue(year)
            box.setObjectName(name)
            box.valueChanged.connect(lambda _v: self.refresh() if self._loaded else None)
        self.on.dateChanged.connect(lambda _d: self.refresh() if self._loaded else None)
        self.school = QComboBox()
        self.school.setObjectName("titles_school")
        self.school.setMinimumContentsLength(12)
        self.school.currentIndexChanged.connect(lambda _i: self.filter_rows())
        self.area = QComboBox()
        self.area.setObjectName("titles_area")
        self.area.addItems((ALL, *AREAS))
        self.area.currentIndexChanged.connect(lambda _i: self.filter_rows())
        self.long_only = QCheckBox("只看久候")
        self.long_only.setObjectName("titles_long")
        self.long_only.toggled.connect(lambda _b: self.filter_rows())
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.refresh)
        top = QHBoxLayout()
        row: tuple[QWidget, ...] = (QLabel("名单："), self.which, QLabel("截至："), self.on, QLabel("职称取得："))
        for w in (*row, self.first, QLabel("至"), self.last, QLabel("年"), refresh):
            top.addWidget(w)
        top.addStretch(1)
        filters = QHBoxLayout()
        for f in (QLabel("学校："), self.school, QLabel("城乡："), self.area, self.long_only):
            filters.addWidget(f)
        self.count = QLabel()
        self.count.setObjectName("titles_count")
        filters.addWidget(self.count, 1)
        self.structures_button = QPushButton("岗位设置…")
        self.structures_button.setObjectName("titles_structures")
        self.structures_button.clicked.connect(self.edit_structures)
        self.routes_button = QPushButton("评审方式名录…")
        self.routes_button.clicked.connect(self.edit_routes)
        self.excel_button, self.pdf_button = QPushButton("导出 Excel"), QPushButton("导出 PDF")
        self.excel_button.clicked.connect(lambda: self.export(".xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        for b in (self.structures_button, self.routes_button, self.excel_button, self.pdf_button):
            filters.addWidget(b)
        from talentdesk.reports.titles import USAGE_HEADERS

        # the first list's columns until the report arrives from the worker
        self.model = RowsModel(list(USAGE_HEADERS), list(range(len(USAGE_HEADERS))), self)
        self.view = setup_list_view(QTableView(), self.model, single=True, wrap=False)
        self.view.setObjectName("titles_view")
        self.note = QLabel()
        self.note.setObjectName("titles_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #566573;")
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(filters)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.note)
        self.loader = Loader(self)
        # refreshed when first shown, and on a change: at once if shown, else when next shown
        bus.follow(self, self.refresh, Topic.TEACHERS, Topic.SCHOOLS, Topic.SETTINGS, lazy=True, stale=True)

    def params(self):
        from talentdesk.reports.params import Params, Period

        d = self.on.date()
        on = dt.date(d.year(), d.month(), d.day())
        first, last = sorted((self.first.value(), self.last.value()))
        return Params(today=on, period=Period((first, 1), (last, 12)))

    def refresh(self) -> None:
        """Compute the report on a worker (a city's 45,000 teachers: a few seconds); the lists follow."""
        from talentdesk.reports import catalogue

        self._loaded = True
        params, db = self.params(), self.db

        def compute():
            try:
                return catalogue.compute(db, "titles", params)
            except UserError as e:
                return e

        self.count.setText("正在计算…")
        self.loader.load(compute, self._show_report)

    def _show_report(self, result) -> None:
        if isinstance(result, UserError):
            self.report = None
            self.note.setText(str(result))
            self.model.set_rows([])
            self.count.setText("")
            return
        self.report = result
        keep = self.school.currentText()
        names = sorted({r[0] for p in result.parts for r in p.rows if "学校" in p.headers[:1]} - {"合计"})
        self.school.blockSignals(True)
        self.school.clear()
        self.school.addItem(ALL)
        self.school.addItems(names)
        self.school.setCurrentIndex(max(self.school.findText(keep), 0))
        self.school.blockSignals(False)
        self.show_part()

    def part(self):
        if self.report is None:
            return None
        prefix = LISTS[self.which.currentIndex()][1]
        return next((p for p in self.report.parts if p.title.startswith(prefix)), None)

    def show_part(self) -> None:
        part = self.part()
        if part is None:
            self.model.set_rows([])
            self.count.setText("没有这一项（没有学校的岗位设置给出等级数）" if self.report is not None else "")
            return
        self.model = RowsModel(list(part.headers), list(range(len(part.headers))), self)
        self.view.setModel(self.model)
        self.model.set_rows(list(part.rows))
        for c, w in enumerate(part.widths):
            self.view.setColumnWidth(c, max(40, int(w * 9)))
        self.note.setText(part.note or (self.report.notes[0] if self.report else ""))
        self.filter_rows()

    def filter_rows(self) -> None:
        part = self.part()
        if part is None:
            return
        school, area = self.school.currentText(), self.area.currentText()
        heads = part.headers
        sc = heads.index("学校") if "学校" in heads else None
        ac = heads.index("城乡") if "城乡" in heads else None
        wait = heads.index("已等待") if "已等待" in heads else None
        long_years = self.report.summary.get("wait_long_years", 3) if self.report else 3

        def keep(r) -> bool:
            if r[0] == "合计":
                return school in ("", ALL) and area in ("", ALL)
            if sc is not None and school not in ("", ALL) and r[sc] != school:
                return False
            if ac is not None and area not in ("", ALL) and r[ac] != area:
                return False
            return not (self.long_only.isChecked() and wait is not None and _years(r[wait]) < long_years)

        self.model.set_visible([i for i, r in enumerate(self.model.rows) if keep(r)])
        self.count.setText(f"{self.model.rowCount()} 行")

    def export(self, suffix: str) -> str:
        from talentdesk.reports import catalogue

        if self.report is None:
            return ""
        kind = suffix.lstrip(".")
        filters = "Excel 文件 (*.xlsx)" if suffix == ".xlsx" else "PDF 文件 (*.pdf)"
        path = file_dialogs.save_path(
            self, kind, "导出职称与岗位设置", f"职称与岗位设置{suffix}", filters, suffix=suffix
        )
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

    def edit_structures(self) -> None:
        dlg = PostStructuresDialog(self.db, self)
        try:
            dlg.exec()
        finally:
            dlg.deleteLater()
        if dlg.changed:
            self.bus.notify(Topic.SCHOOLS)

    def edit_routes(self) -> None:
        dlg = RouteNamesDialog(self.db, self)
        try:
            dlg.exec()
        finally:
            dlg.deleteLater()
        if dlg.changed:
            self.bus.notify(Topic.TEACHERS)


def _years(text) -> float:
    """“4年2个月” → 4.17; “9个月” → 0.75."""
    s = str(text or "")
    years, _, rest = s.partition("年") if "年" in s else ("0", "", s)
    months = rest.removesuffix("个月") or "0"
    try:
        return int(years) + int(months) / 12
    except ValueError:
        return 0.0


STRUCTURE_HEADERS = ("学校", "年度", "高级", "中级", "初级", "专技岗位等级", "批复文号", "备注")


class PostStructuresDialog(QDialog):
    """岗位设置: the schools' approved post structures by year, with 添加/编辑/删除 (and a school filter)."""

    def __init__(self, db, parent=None, school_id: int | None = None):
        super().__init__(parent)
        self.db = db
        self.changed = False
        self.setWindowTitle("岗位设置")
        self.choices = school_svc.choices(db)
        self.school = QComboBox()
        self.school.setObjectName("structure_school_filter")
        self.school.addItem(ALL, None)
        for sid, name in self.choices:
            self.school.addItem(name, sid)
        if school_id is not None:
            self.school.setCurrentIndex(max(self.school.findData(school_id), 0))
        self.school.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table = plain_table(STRUCTURE_HEADERS, "structure_table", stretch=False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.add_button, self.edit_button, self.delete_button = (
            QPushButton("添加"),
            QPushButton("编辑"),
            QPushButton("删除"),
        )
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.export_button = QPushButton("导出 Excel")
        self.export_button.setToolTip("按“学校岗位设置表”模板的格式导出，修改后可在“数据导入”中导入")
        self.export_button.clicked.connect(self.export)
        row = QHBoxLayout()
        row.addWidget(QLabel("学校："))
        row.addWidget(self.school, 1)
        for b in (self.add_button, self.edit_button, self.delete_button, self.export_button):
            row.addWidget(b)
        hint = QLabel(
            "高级岗位含正高级；当年没有批复的，统计用此前最近一年的批复。专技岗位等级可不填，填写格式如“五级=1;六级=2”，"
            "各等级合计不超过所属级别的岗位数（一至七级为高级，八至十级为中级，十一至十三级为初级）。"
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.table, 1)
        lay.addWidget(hint)
        lay.addWidget(buttons)
        apply_read_only([self.add_button, self.edit_button, self.delete_button], db)
        self.resize(900, 560)
        self.refresh()

    def refresh(self) -> None:
        self.rows = svc.structures(self.db, self.school.currentData())
        self.table.setRowCount(len(self.rows))
        for r, d in enumerate(self.rows):
            values = (d["school"], d["year"], d["senior"], d["middle"], d["junior"], d["grades"], d["document"])
            for c, v in enumerate((*values, d["note"])):
                self.table.setItem(r, c, QTableWidgetItem("" if v is None else str(v)))
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()

    def _selected(self) -> dict | None:
        r = self.table.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None

    def export(self) -> str:
        name = "学校岗位设置表.xlsx"
        path = file_dialogs.save_path(self, "xlsx", "导出岗位设置", name, "Excel 文件 (*.xlsx)", suffix=".xlsx")
        if not path:
            return ""
        try:
            n = svc.export_structures(self.db, path, self.school.currentData())
        except OSError as e:
            QMessageBox.warning(self, "导出岗位设置", f"无法保存“{path}”：{e}")
            return ""
        self.setWindowTitle(f"岗位设置 — 已导出 {n} 条：{path}")
        return path

    def _open(self, values: dict | None) -> None:
        dlg = StructureDialog(self.db, self.choices, values, self, school_id=self.school.currentData())
        try:
            if dlg.exec() == QDialog.DialogCode.Accepted:
                self.changed = True
                self.refresh()
        finally:
            dlg.deleteLater()

    def add(self) -> None:
        self._open(None)

    def edit(self) -> None:
        d = self._selected()
        if d is not None and self.edit_button.isEnabled():
            self._open(d)

    def delete(self) -> None:
        d = self._selected()
        if d is None:
            return
        answer = QMessageBox.question(self, "岗位设置", f"删除{d['school']} {d['year']} 年的岗位设置？")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            svc.delete_structure(self.db, d["id"], expected_version=d["version"])
        except (UserError, ReadOnlyError, NotFound, EditConflict) as e:
            QMessageBox.warning(self, "岗位设置", str(e))
            return
        self.changed = True
        self.refresh()


class StructureDialog(QDialog):
    """One school's approved posts for a year."""

    def __init__(self, db, choices, values: dict | None, parent=None, school_id: int | None = None):
        super().__init__(parent)
        self.db, self.values = db, values
        self.saved_id: int | None = None
        self.setWindowTitle("编辑岗位设置" if values else "添加岗位设置")
        self.form = FormGrid(columns=1)
        self.school = school_combo(choices)
        self.year = QSpinBox()
        self.year.setRange(svc.YEARS[0], svc.YEARS[1])
        self.year.setValue(dt.date.today().year)
        self.counts = {}
        for f in svc.COUNTS:
            box = QSpinBox()
            box.setRange(0, svc.MAX_COUNT)
            box.setObjectName(f"structure_{f}")
            self.counts[f] = box
        self.grades = QLineEdit()
        self.grades.setPlaceholderText("可不填，如 五级=1;六级=2;八级=3")
        self.document, self.note = QLineEdit(), QLineEdit()
        self.form.add("school_id", "学校", self.school, required=True)
        self.form.add("year", "年度", self.year, required=True)
        for f, level in svc.COUNTS.items():
            self.form.add(f, f"{level}岗位数", self.counts[f])
        self.form.add("grades", "专技岗位等级", self.grades)
        self.form.add("document", "批复文号", self.document)
        self.form.add("note", "备注", self.note)
        d = values or {}
        sid = d.get("school_id", school_id)
        if sid is not None:
            self.school.setCurrentIndex(max(self.school.findData(sid), 0))
        if d:
            self.year.setValue(d["year"])
            for f in svc.COUNTS:
                self.counts[f].setValue(d.get(f) or 0)
            self.grades.setText(d.get("grades") or "")
            self.document.setText(d.get("document") or "")
            self.note.setText(d.get("note") or "")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.form)
        lay.addStretch(1)
        lay.addWidget(buttons)
        self.setMinimumWidth(460)

    def typed(self) -> tuple[dict, dict]:
        sid, problem = school_id_of(self.school)
        out = {
            "school_id": sid,
            "year": self.year.value(),
            **{f: box.value() for f, box in self.counts.items()},
            "grades": self.grades.text(),
            "document": self.document.text(),
            "note": self.note.text(),
        }
        return out, ({"school_id": problem} if problem else {})

    def accept(self) -> None:
        values, problems = self.typed()
        if problems:
            self.form.set_errors(problems)
            return
        d = self.values or {}
        try:
            self.saved_id = svc.save_structure(
                self.db, d.get("id"), values, expected_version=d.get("version"), base=d or None
            )
        except ValidationError as e:
            self.form.set_errors(e.problems)
            return
        except (UserError, ReadOnlyError, NotFound, EditConflict) as e:
            QMessageBox.warning(self, "岗位设置", str(e))
            return
        super().accept()


class RouteNamesDialog(QDialog):
    """评审方式名录: the bureau's list of title routes (正常评审, 破格 …) and local ones it adds."""

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.changed = False
        self.setWindowTitle("职称评审方式名录")
        self.table = plain_table(("评审方式", "使用记录数", "备注"), "route_names")
        self.new_name = QLineEdit()
        self.new_name.setObjectName("route_new_name")
        self.new_name.setPlaceholderText("本地评审方式，例如 援藏援疆专项评审")
        self.add_button = QPushButton("添加")
        self.add_button.clicked.connect(self.add_route)
        self.remove_button = QPushButton("从名录删除")
        self.remove_button.clicked.connect(self.remove_route)
        row = QHBoxLayout()
        row.addWidget(self.new_name, 2)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        hint = QLabel(
            f"职称取得情况按评审方式统计；未填写评审方式的记为“{rules.UNRECORDED}”。已有职称记录使用的不能删除。"
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(hint)
        lay.addWidget(buttons)
        apply_read_only([self.add_button, self.remove_button, self.new_name], db)
        self.resize(600, 440)
        self.refresh()

    def refresh(self) -> None:
        self.rows = svc.routes(self.db)
        self.table.setRowCount(len(self.rows))
        for r, n in enumerate(self.rows):
            for c, v in enumerate((n["name"], str(n["used"]), n["note"])):
                self.table.setItem(r, c, QTableWidgetItem(v))

    def _run(self, action) -> bool:
        try:
            action()
        except (UserError, ReadOnlyError) as e:
            QMessageBox.warning(self, "职称评审方式名录", str(e))
            return False
        self.changed = True
        self.refresh()
        return True

    def add_route(self) -> None:
        text = self.new_name.text()
        if self._run(lambda: svc.add_route(self.db, text)):
            self.new_name.clear()

    def remove_route(self) -> None:
        r = self.table.currentRow()
        if 0 <= r < len(self.rows):
            rid = self.rows[r]["id"]
            self._run(lambda: svc.remove_route(self.db, rid))
