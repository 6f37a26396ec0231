"""编制台账 (issue 22 §1): every quota decision with its 文号 (filters: school, school year, kind, period, voided
ones), add / correct / void; each school's quota against its staff at a date (空编/超编); the county's 事业编制
and the pool. Keys: Insert 新增, Enter 修改, Delete 作废, Ctrl+E 导出 Excel."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QTabWidget, QVBoxLayout, QWidget

from talentdesk.domain import quota
from talentdesk.domain.dates import DateError, parse_loose, school_year_label
from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui import file_dialogs
from talentdesk.gui.bus import Topic
from talentdesk.gui.deployment.common import (
    ALL,
    ListDetail,
    ask_save_path,
    inform,
    refresh_when_shown,
    status,
    warn,
)
from talentdesk.gui.deployment.quota_dialogs import CountyDialog, QuotaDialog, VoidDialog
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.importing import templates
from talentdesk.services.deployment import quota_ledger as svc
from talentdesk.services.people import schools

C = {n: i for i, n in enumerate(svc.COLUMNS)}
HEADERS = [
    ("学年", "school_year"),
    ("日期", "decided_on"),
    ("类型", "kind"),
    ("文号", "doc_no"),
    ("学校（调出）", "school"),
    ("学段", "stage"),
    ("调入学校", "to_school"),
    ("编制数", "posts"),
    ("变动", "effect"),
    ("原因", "reason"),
    ("状态", "state"),
]
WIDTHS = (100, 80, 60, 140, 120, 40, 100, 50, 180, 110, 55)
VIEW_WIDTHS = (150, 70, 45, 70, 65, 95, 70, 80, 105, 60)
COUNTY_HEADERS = ("学年", "全县事业编制", "其中教育系统", "教育占比", "学校核定编制", "周转池余额", "文号", "备注")


def _day(text: str) -> dt.date | None:
    try:
        p = parse_loose(text.strip()) if text.strip() else None
    except DateError:
        return None
    return p.first_day() if p is not None else None


def _last_day(text: str) -> dt.date | None:
    """The last day a typed end means: 2025 → 2025-12-31, 2025-06 → 2025-06-30."""
    try:
        p = parse_loose(text.strip()) if text.strip() else None
    except DateError:
        return None
    if p is None:
        return None
    if p.month is None:
        return dt.date(p.year, 12, 31)
    if p.day is None:
        nxt = dt.date(p.year + (p.month == 12), p.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return p.first_day()


class LedgerList(QWidget):
    """The decisions, with the filters above the list."""

    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.list = ListDetail(
            [h for h, _ in HEADERS],
            [C[k] for _, k in HEADERS],
            WIDTHS,
            filter_label="类型",
            filter_pos=C["kind"],
            detail=self.detail_html,
            mark=lambda r: "#e5e5e5" if r.state == svc.VOID else "",
        )
        self.list.view.setObjectName("quota_view")
        self.list.search.setPlaceholderText("搜索学校、文号…")
        self.list.search.setMinimumWidth(130)
        self.school_box = QComboBox()
        self.school_box.setObjectName("quota_school")
        self.school_box.setMinimumContentsLength(10)
        self.year_box = QComboBox()
        self.year_box.setObjectName("quota_year")
        self.start = QLineEdit()
        self.end = QLineEdit()
        for w, tip in ((self.start, "起 2025-01"), (self.end, "止 2025-12")):
            w.setPlaceholderText(tip)
            w.setMaximumWidth(80)
            w.editingFinished.connect(self.refresh)
        self.start.setObjectName("quota_start")
        self.end.setObjectName("quota_end")
        self.with_void = QCheckBox("含已作废")
        self.with_void.setChecked(True)
        self.with_void.toggled.connect(lambda _c: self.refresh())
        self.school_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.year_box.currentIndexChanged.connect(lambda _i: self.refresh())
        row = QHBoxLayout()  # the filters on a line of their own, under the search and the buttons
        for widget in (
            QLabel("学校："),
            self.school_box,
            QLabel("学年："),
            self.year_box,
            QLabel("期间："),
            self.start,
            QLabel("—"),
            self.end,
            self.with_void,
        ):
            row.addWidget(widget)
        row.addStretch(1)
        layout = self.list.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(1, row)
        ro = dict(writes=True, db=db)
        self.add_button = self.list.add_button("新增 (Ins)", self.add, **ro)
        self.edit_button = self.list.add_button("修改", self.edit, **ro)
        self.void_button = self.list.add_button("作废 (Del)", self.void, **ro)
        self.list.add_button("导出 Excel", self.export, tip="导出当前筛选的台账、编制使用情况和全县编制（Ctrl+E）")
        self.import_button = self.list.add_button("导入…", self.import_file, tip="导入填好的编制台账模板", **ro)
        self.list.add_button("空白模板", self.save_template, tip="下载编制台账空白模板（Excel）")
        self.list.view.doubleClicked.connect(lambda _i: self.edit())
        self._dlg: QuotaDialog | VoidDialog | None = None
        self.keys = {
            (Qt.Key.Key_Insert, False): self.add,
            (Qt.Key.Key_Return, False): self.edit,
            (Qt.Key.Key_Enter, False): self.edit,
            (Qt.Key.Key_Delete, False): self.void,
            (Qt.Key.Key_E, True): self.export,
        }
        self.list.view.installEventFilter(self)
        self.list.search.installEventFilter(self)
        self.total = QLabel()
        self.total.setObjectName("quota_total")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.total)

    def eventFilter(self, obj, event) -> bool:
        """The list's keys: Insert 新增, Enter 修改, Delete 作废, Ctrl+E 导出 (on the list and the search box)."""
        if event.type() == QEvent.Type.KeyPress:
            ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            slot = self.keys.get((Qt.Key(event.key()), ctrl))
            if slot is not None and (obj is self.list.view or ctrl or event.key() == Qt.Key.Key_Insert):
                slot()
                return True
        return super().eventFilter(obj, event)

    def _fill_choices(self) -> None:
        current_school, current_year = self.school_box.currentData(), self.year_box.currentData()
        for box in (self.school_box, self.year_box):
            box.blockSignals(True)
            box.clear()
            box.addItem(ALL, None)
        for sid, name in schools.choices(self.db):
            self.school_box.addItem(name, sid)
        years = sorted({int(r.school_year[:4]) for r in svc.decisions(self.db)}, reverse=True)
        for y in years:
            self.year_box.addItem(school_year_label(y), y)
        for box, value in ((self.school_box, current_school), (self.year_box, current_year)):
            box.setCurrentIndex(max(box.findData(value), 0))
            box.blockSignals(False)

    def refresh_all(self) -> None:
        self._fill_choices()
        self.refresh()

    def filters(self) -> dict:
        return dict(
            school_id=self.school_box.currentData(),
            school_year=self.year_box.currentData(),
            start=_day(self.start.text()),
            end=_last_day(self.end.text()),
            include_void=self.with_void.isChecked(),
        )

    def rows(self) -> list[svc.DecisionRow]:
        """The rows shown (the filters, the type and the search text)."""
        m = self.list.model
        return [m.rows[i] for i in m.visible]

    def refresh(self) -> None:
        self.list.set_rows(svc.decisions(self.db, **self.filters()))
        self.show_total()

    def show_total(self) -> None:
        led = svc.ledger_at(self.db)
        self.total.setText(
            f"今天全部学校核定编制 {sum(led.quota.values()):,} 个，其中专项 {sum(led.special.values()):,} 个、"
            f"周转池借入 {sum(led.lent.values()):,} 个；编制周转池余额 {led.pool:,} 个。灰色行为已作废的决定。"
        )

    def detail_html(self, row: svc.DecisionRow) -> str:
        lines = [
            f"<h3>{escape(row.kind)}　<small>{escape(row.doc_no)}</small></h3>",
            f"<p>{escape(row.school_year)}，{row.decided_on}<br><b>{escape(row.effect)}</b>",
        ]
        if row.stage:
            lines.append(f"<br>学段：{escape(row.stage)}")
        if row.post_category:
            lines.append(f"<br>岗位类别：{escape(row.post_category)}")
        if row.purpose:
            lines.append(f"<br>专项用途：{escape(row.purpose)}")
        if row.reason:
            lines.append(f"<br>原因：{escape(row.reason)}")
        lines.append("</p>")
        if row.state == svc.VOID:
            lines.append(f"<p style='color:#c0392b'>已作废：{escape(row.void_reason)}</p>")
        return "".join(lines)

    def _done(self, text: str, key=None) -> None:
        status(self, text)
        self.bus.notify(Topic.SCHOOLS)  # 核定编制 of the schools' yearly figures follows the ledger
        self.refresh_all()
        if key is not None:
            self.list.select_key(key)

    def add(self) -> None:
        if not self.add_button.isEnabled():
            return
        dlg = QuotaDialog(self.db, None, self)
        if self.school_box.currentData() is not None:
            dlg.school.setCurrentText(self.school_box.currentText())
        self._dlg = dlg  # kept for the tests (the real dialog through exec)
        if dlg.exec():
            self._done("已新增编制决定", dlg.saved_id)

    def edit(self) -> None:
        row = self.list.current_row()
        if row is None:
            return
        if row.state == svc.VOID:
            warn(self, "修改编制决定", "这条编制决定已作废，不能修改；请另录一条。")
            return
        dlg = QuotaDialog(self.db, row.id, self)
        apply_read_only([dlg.buttons], self.db)
        self._dlg = dlg
        if dlg.exec():
            self._done("已保存编制决定", row.id)

    def void(self) -> None:
        row = self.list.current_row()
        if row is None or not self.void_button.isEnabled():
            return
        if row.state == svc.VOID:
            warn(self, "作废编制决定", "这条编制决定已经作废。")
            return
        dlg = VoidDialog(self.db, row, self)
        self._dlg = dlg
        if dlg.exec():
            self._done(f"已作废：{row.kind} {row.doc_no}", row.id)

    def export(self) -> None:
        path = ask_save_path(self, "导出编制台账", "编制台账.xlsx", "Excel 文件 (*.xlsx)")
        if not path:
            return
        from talentdesk.reports import quota as quota_report  # openpyxl only when exporting

        try:
            quota_report.export(self.db, path, self.rows())
        except UserError as e:
            warn(self, "导出编制台账", str(e))
            return
        status(self, f"已导出编制台账：{path}")

    def save_template(self) -> None:
        path = ask_save_path(self, "保存编制台账空白模板", templates.default_filename("quota"), "Excel 文件 (*.xlsx)")
        if not path:
            return
        try:
            templates.write("quota", path, school_names=[name for _, name in schools.choices(self.db)])
        except OSError as e:
            warn(self, "保存空白模板", f"无法保存“{path}”：{e.strerror or e}。文件是否正在 Excel 中打开？")
            return
        status(self, f"已保存编制台账空白模板：{path}")

    def import_file(self) -> None:
        path = ask_open_path(self, "导入编制台账", "Excel 文件 (*.xlsx *.xls *.ods *.csv)")
        if not path:
            return
        try:
            got = svc.import_file(self.db, path)
        except (UserError, ReadOnlyError) as e:
            warn(self, "导入编制台账", str(e))
            return
        inform(
            self,
            "导入编制台账",
            f"已导入 {got['added']} 条编制决定，涉及 {got['schools']} 所学校、{got['posts']} 个编制"
            "（可在“数据导入”页按批次撤销）。",
        )
        self.bus.notify(Topic.IMPORTS)
        self._done(f"已导入编制台账：{got['added']} 条")


def ask_open_path(parent, title: str, filters: str) -> str:
    return file_dialogs.open_path(parent, "xlsx", title, filters)


class SchoolView(QWidget):
    """Each school's quota at a date against its staff in 编: 超编 red, 空编 yellow."""

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.list = ListDetail(
            list(svc.VIEW_HEADERS),
            list(range(len(svc.VIEW_HEADERS))),
            VIEW_WIDTHS,
            filter_label="情况",
            filter_pos=9,
            mark=lambda r: {"超编": "#fde2e2", "空编": "#fff4cc"}.get(r.remark, ""),
        )
        self.list.view.setObjectName("quota_school_view")
        self.date = QLineEdit(dt.date.today().isoformat())
        self.date.setObjectName("quota_as_of")
        self.date.setMaximumWidth(100)
        self.date.editingFinished.connect(self.refresh)
        self.list.top.insertWidget(1, QLabel("日期："))
        self.list.top.insertWidget(2, self.date)
        self.note = QLabel()
        self.note.setObjectName("quota_school_note")
        self.note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.note)

    def refresh(self) -> None:
        day = _day(self.date.text())
        if day is None:
            self.note.setText(f"日期“{self.date.text()}”无法识别，请写成 2025-09-01。")
            return
        rows = svc.school_view(self.db, day)
        self.list.set_rows(rows)
        over = [r for r in rows if r.remark == quota.gap_label(1, 0)]
        vacant = [r for r in rows if r.remark == "空编"]
        have = [r for r in rows if r.quota is not None]
        q, n = sum(r.quota or 0 for r in have), sum(r.in_post for r in have)
        rate = quota.usage(n, q)
        self.note.setText(
            f"{day.isoformat()}：核定编制 {q:,} 个，在编在岗 {n:,} 人"
            + (f"，编制使用率 {rate:.1%}" if rate is not None else "")
            + f"；空编 {len(vacant)} 处 {sum(r.vacancy or 0 for r in vacant)} 个（黄色），"
            f"超编 {len(over)} 处 {-sum(r.vacancy or 0 for r in over)} 人（红色）。"
            "在编在岗：今天为当前人数，过去的日期按当日的编制学校统计。"
        )


class CountyView(QWidget):
    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.list = ListDetail(list(COUNTY_HEADERS), list(range(1, 9)), (110, 100, 100, 80, 100, 90, 160, 200))
        self.list.view.setObjectName("quota_county_view")
        self.list.add_button("登记全县编制", self.edit, writes=True, db=db)
        self.list.view.doubleClicked.connect(lambda _i: self.edit())
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.list, 1)

    def refresh(self) -> None:
        self.list.set_rows(svc.county_rows(self.db))

    def edit(self) -> None:
        row = self.list.current_row()
        values = (
            dict(school_year=row[0], total_posts=row[2], education_posts=row[3], doc_no=row[7], note=row[8])
            if row is not None
            else None
        )
        dlg = CountyDialog(self.db, values, self)
        if dlg.exec():
            self.refresh()


class QuotaTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.ledger = LedgerList(db, bus)
        self.schools = SchoolView(db)
        self.county = CountyView(db)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("quota_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.ledger, "编制决定")
        self.tabs.addTab(self.schools, "空编与超编")
        self.tabs.addTab(self.county, "全县编制")
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        refresh_when_shown(self, bus, ("schools", "teachers", "placements", "all"), self.refresh)

    def refresh(self) -> None:
        self.ledger.refresh_all()
        self.schools.refresh()
        self.county.refresh()
