"""称号与考核 tab (issue 20 §3): every designation of the county (名师, 名校长, 名班主任 and the teaching ladder) with
filters (称号, 级别, 学校, 状态), or the designations due for 期中/期满考核 (within Policy.designation_review_months
or overdue); 任期考核… opens the designation's reviews (gui.designation_reviews), 导出 Excel/PDF the report `named`
(三名工程与称号考核), and a double-click the teacher file."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox, QSpinBox

from talentdesk.domain import codes
from talentdesk.errors import UserError
from talentdesk.gui import file_dialogs
from talentdesk.gui.bus import Topic
from talentdesk.gui.cultivation.common import ListTab
from talentdesk.services.people import designations as svc
from talentdesk.services.people import schools
from talentdesk.services.platform import settings

ALL = "全部"
SANMING = "三名工程"
VIEWS = ("称号名单", "待考核名单")
LIST_WIDTHS = (70, 200, 80, 60, 60, 80, 80, 70, 60, 80)
DUE_WIDTHS = (70, 200, 80, 60, 80, 150, 80, 90, 50, 80)


class DesignationsTab(ListTab):
    def __init__(self, db, bus, parent=None):
        super().__init__(svc.HEADERS, range(2, 2 + len(svc.HEADERS)), LIST_WIDTHS, parent)
        self.db, self.bus = db, bus
        self.view.setObjectName("designations_view")
        self.search.setPlaceholderText("搜索姓名或学校")
        self.count_unit = "条"
        self.which = QComboBox()
        self.which.setObjectName("designations_which")
        self.which.addItems(VIEWS)
        self.kind = QComboBox()
        self.kind.setObjectName("designations_kind")
        self.kind.addItems([ALL, SANMING, *codes.DESIGNATION.labels])
        self.kind.setCurrentText(SANMING)
        self.level = QComboBox()
        self.level.setObjectName("designations_level")
        self.level.addItems([ALL, *reversed(codes.LEVEL.labels)])
        self.school = QComboBox()
        self.school.setObjectName("designations_school")
        self.school.addItem(ALL, None)
        for sid, name in schools.choices(db):
            self.school.addItem(name, sid)
        self.school.setMaximumWidth(180)
        self.status = QComboBox()
        self.status.setObjectName("designations_status")
        self.status.addItems([ALL, *svc.STATUSES])
        self.status.setCurrentText("在任")
        self.months = QSpinBox()
        self.months.setObjectName("designations_months")
        self.months.setRange(1, 60)
        self.months.setSuffix(" 个月")
        self.months.setValue(settings.load_policy(db).designation_review_months)
        for label, w in (
            ("", self.which),
            ("称号", self.kind),
            ("级别", self.level),
            ("学校", self.school),
            ("状态", self.status),
            ("期限", self.months),
        ):
            if label:
                self.top.insertWidget(self.top.count() - 1, QLabel(label))
            self.top.insertWidget(self.top.count() - 1, w)
            signal = w.valueChanged if isinstance(w, QSpinBox) else w.currentIndexChanged
            signal.connect(lambda _v: self.refresh())
        self.review_button = self.add_button("任期考核…", self.open_reviews)
        self.add_button("导出 Excel", lambda: self.export(".xlsx"))
        self.add_button("导出 PDF", lambda: self.export(".pdf"))
        self.view.doubleClicked.connect(lambda _i: self.open_teacher())
        self.note = QLabel()
        self.note.setObjectName("designations_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #566573;")
        self.layout_.addWidget(self.note)
        bus.follow(self, self.refresh, Topic.TEACHERS, lazy=True, stale=True)  # filled when first shown

    def _filter(self, box: QComboBox) -> str | None:
        t = box.currentText()
        return None if t == ALL else t

    def refresh(self) -> None:
        due = self.which.currentIndex() == 1
        self.status.setEnabled(not due)
        self.months.setEnabled(due)
        self.level.setEnabled(True)
        rows: list
        if due:
            ids = None if self.school.currentData() is None else {self.school.currentData()}
            rows = svc.due_rows(
                self.db,
                settings.load_policy(self.db),
                kind=self._filter(self.kind),
                school_ids=ids,
                months=self.months.value(),
            )
            level = self._filter(self.level)
            rows = [r for r in rows if level is None or r.level == level]
            headers, widths = svc.DUE_HEADERS, DUE_WIDTHS
            self.note.setText(
                "任期中点或届满在所选月数内、此前未考核的称号，及已过中点或届满仍未考核的（逾期）；"
                "未填结束时间的按设置中的任期年限计。双击打开教师档案，“任期考核…”登记考核结果。"
            )
        else:
            rows = svc.list_rows(
                self.db,
                kind=self._filter(self.kind),
                level=self._filter(self.level),
                school_id=self.school.currentData(),
                status=self._filter(self.status),
            )
            headers, widths = svc.HEADERS, LIST_WIDTHS
            self.note.setText(
                "名校长、名班主任是称号，但不计入骨干教师统计。撤销、降级的称号自考核日期起不再在任。"
                "双击打开教师档案，“任期考核…”查看和登记任期考核（继续保留、撤销、降级）。"
            )
        if tuple(self.model.headers) != tuple(headers):
            self.model.beginResetModel()
            self.model.headers, self.model.columns = list(headers), list(range(2, 2 + len(headers)))
            self.model.endResetModel()
        self._widths = widths
        self.set_rows(rows)

    def _row(self):
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(rows[0].row())

    def open_reviews(self):
        from talentdesk.gui.designation_reviews import ReviewsDialog

        row = self._row()
        if row is None:
            QMessageBox.information(self, "任期考核", "请先在列表中选择一个称号。")
            return None
        dlg = ReviewsDialog(self.db, row[0], self)
        try:
            dlg.exec()
        finally:
            dlg.deleteLater()
        if dlg.changed:
            self.bus.notify(Topic.TEACHERS)
            self.refresh()
        return dlg

    def open_teacher(self):
        row = self._row()
        opener = getattr(getattr(self.window(), "teachers", None), "open_teacher", None)
        if row is None or opener is None:
            return None
        return opener(row[1])

    def export(self, suffix: str) -> str:
        from talentdesk.reports import catalogue
        from talentdesk.reports.params import Params

        kind = suffix.lstrip(".")
        filters = "Excel 文件 (*.xlsx)" if suffix == ".xlsx" else "PDF 文件 (*.pdf)"
        path = file_dialogs.save_path(
            self, kind, "导出三名工程与称号考核", f"三名工程与称号考核{suffix}", filters, suffix=suffix
        )
        if not path:
            return ""
        try:
            report = catalogue.compute(self.db, "named", Params())
            catalogue.render(report, path)
            catalogue.record_output(self.db, report, path)
        except (UserError, OSError) as e:
            QMessageBox.warning(self, "导出", str(e))
            return ""
        return str(path)
