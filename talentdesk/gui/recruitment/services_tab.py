"""人才服务 tab: service requests (子女入学、青年教师公寓/周转房、购房补贴), the monthly rural teacher living
subsidy list for the finance office (with the schools' subsidy tiers), and 师德 records."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from talentdesk.domain import recruitment as rules
from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui.bus import Topic
from talentdesk.gui.edit_check import NOT_SAVED, save_checked
from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.recruitment.common import (
    RecordDialog,
    TeacherPicker,
    button,
    combo,
    export_report,
    follow,
    selected_row,
    table_view,
    text,
    warn,
)
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.services.platform.settings import load_policy
from talentdesk.services.recruitment import retention as svc

REQ_COLS = (
    "姓名",
    "身份证号",
    "服务事项",
    "申请日期",
    "状态",
    "办结日期",
    "房间",
    "入住",
    "退房",
    "金额（元）",
    "说明",
)
SUB_COLS = ("姓名", "身份证号", "任教学校（档次，天数）", "档次", "在岗天数", "当月天数", "补助金额（元）")
ETH_COLS = ("年度", "姓名", "身份证号", "类别", "结果", "日期", "内容")


class SubsidyRow(NamedTuple):
    """A teacher's 乡村教师生活补助 for the month (SUB_COLS from name on)."""

    teacher_id: int
    name: str
    id_masked: str
    schools: str
    tier: str
    days: int
    month_days: int
    amount: str


class EthicsRow(NamedTuple):
    """A 师德 record (ETH_COLS from year on)."""

    id: int
    year: int
    name: str
    id_masked: str
    kind: str
    result: str
    date: str
    detail: str
    teacher_id: int


class TiersDialog(QDialog):
    """Each school's subsidy tier (blank: no subsidy); defaults by category on request."""

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("学校补助档次")
        self.tiers = [""] + list(load_policy(db).rural_subsidy_monthly)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("tier_table")
        self.table.setHorizontalHeaderLabels(("学校", "乡镇", "城乡类型", "办学类型", "补助档次"))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        fill, save, close = QPushButton("未设档次的按学校类别填入"), QPushButton("保存"), QPushButton("关闭")
        fill.clicked.connect(self.fill_defaults)
        save.clicked.connect(self.save)
        close.clicked.connect(self.reject)
        apply_read_only([save], db)
        bottom = QHBoxLayout()
        bottom.addWidget(fill)
        bottom.addStretch(1)
        bottom.addWidget(save)
        bottom.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("乡村教师生活补助按教师实际任教学校的档次发放；每档金额在“设置”中设定。"))
        lay.addWidget(self.table, 1)
        lay.addLayout(bottom)
        self.resize(720, 560)
        self.load()

    def load(self) -> None:
        self.rows = svc.list_tiers(self.db)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, key in enumerate(("name", "township", "area", "kind")):
                self.table.setItem(r, c, QTableWidgetItem(row[key] or ""))
            box = QComboBox()
            box.addItems(self.tiers)
            box.setCurrentText(row["tier"] or "")
            self.table.setCellWidget(r, 4, box)

    def fill_defaults(self) -> None:
        for r, row in enumerate(self.rows):
            box = self.table.cellWidget(r, 4)
            if not box.currentText():
                box.setCurrentText(svc.default_tier(row["area"], row["kind"]) or "")

    def save(self) -> bool:
        """The changed tiers in one transaction; a tier another clerk changed meanwhile is asked (merge dialog)."""
        chosen = ((row, self.table.cellWidget(r, 4).currentText() or None) for r, row in enumerate(self.rows))
        changes = {row["school_id"]: tier for row, tier in chosen if tier != row["tier"]}
        try:
            if (
                changes
                and save_checked(
                    self,
                    {"version": 0},
                    lambda **check: svc.save_tiers(self.db, changes, self.rows, resolved=check.get("resolved")),
                    self.load,
                )
                is NOT_SAVED
            ):
                return False
        except (UserError, ReadOnlyError) as e:
            warn(self, "补助档次", e)
            return False
        self.accept()
        return True


class ServicesTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.inner = QTabWidget()
        self.inner.addTab(self._requests_page(), "服务申请")
        self.inner.addTab(self._subsidy_page(), "乡村教师生活补助")
        self.inner.addTab(self._ethics_page(), "师德记录")
        self._subsidy_stale = True
        self.inner.currentChanged.connect(lambda i: self.refresh_subsidy() if i == 1 and self._subsidy_stale else None)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.inner)
        # loaded when first shown, redone on changes (at once if on screen)
        follow(self, bus, ("recruitment", "teachers", "schools", "settings"), self.refresh, stale=True)

    # -- pages
    def _requests_page(self) -> QWidget:
        self.req_model = RowsModel(list(REQ_COLS), list(range(1, 12)), self)
        self.req_view = table_view(self.req_model, "request_view")
        self.req_view.doubleClicked.connect(lambda *_: self.edit_request())
        self.req_count = QLabel()
        page = QWidget()
        top = QHBoxLayout()
        top.addWidget(self.req_count)
        top.addStretch(1)
        top.addWidget(
            button("新增申请", lambda: self.edit_request(new=True), writes=True, db=self.db, name="new_request")
        )
        top.addWidget(
            button("删除", lambda: self.delete("request", self.req_view, self.req_model), writes=True, db=self.db)
        )
        top.addWidget(button("导出…", lambda: export_report(self, self.db, "services", "人才服务与师德记录.xlsx")))
        lay = QVBoxLayout(page)
        lay.addLayout(top)
        lay.addWidget(self.req_view, 1)
        for c, w in enumerate((70, 150, 90, 80, 60, 80, 60, 80, 80, 80)):
            self.req_view.setColumnWidth(c, w)
        return page

    def _subsidy_page(self) -> QWidget:
        today = dt.date.today()
        self.sub_year, self.sub_month = QSpinBox(), QSpinBox()
        self.sub_year.setRange(2000, 2100)
        self.sub_year.setValue(today.year)
        self.sub_month.setRange(1, 12)
        self.sub_month.setValue(today.month)
        self.sub_month.setObjectName("subsidy_month")
        self.sub_model = RowsModel(list(SUB_COLS), list(range(1, 8)), self)
        self.sub_view = table_view(self.sub_model, "subsidy_view")
        self.sub_total = QLabel()
        self.sub_total.setObjectName("subsidy_total")
        self.sub_search = QLineEdit()
        self.sub_search.setPlaceholderText("搜索姓名或学校")
        self.sub_search.setClearButtonEnabled(True)
        self.sub_search.textChanged.connect(self._filter_subsidy)
        top = QHBoxLayout()
        top.addWidget(QLabel("发放月份："))
        top.addWidget(self.sub_year)
        top.addWidget(QLabel("年"))
        top.addWidget(self.sub_month)
        top.addWidget(QLabel("月"))
        top.addWidget(button("计算", self.refresh_subsidy, name="compute_subsidy"))
        top.addWidget(self.sub_search, 1)
        top.addWidget(button("学校补助档次…", self.edit_tiers, name="tiers"))
        top.addWidget(button("导出发放表…", self.export_subsidy, name="export_subsidy"))
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addLayout(top)
        lay.addWidget(self.sub_total)
        lay.addWidget(self.sub_view, 1)
        for c, w in enumerate((70, 150, 330, 60, 60, 60)):
            self.sub_view.setColumnWidth(c, w)
        return page

    def _ethics_page(self) -> QWidget:
        self.eth_model = RowsModel(list(ETH_COLS), list(range(1, 8)), self)
        self.eth_view = table_view(self.eth_model, "ethics_view")
        self.eth_view.doubleClicked.connect(lambda *_: self.edit_ethics())
        self.eth_search = QLineEdit()
        self.eth_search.setPlaceholderText("搜索姓名、类别、结果")
        self.eth_search.setClearButtonEnabled(True)
        self.eth_search.textChanged.connect(self._filter_ethics)
        self.eth_count = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.eth_search, 1)
        top.addWidget(self.eth_count)
        top.addStretch(1)
        top.addWidget(
            button("新增记录", lambda: self.edit_ethics(new=True), writes=True, db=self.db, name="new_ethics")
        )
        top.addWidget(
            button("删除", lambda: self.delete("ethics", self.eth_view, self.eth_model), writes=True, db=self.db)
        )
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addLayout(top)
        lay.addWidget(self.eth_view, 1)
        return page

    # -- data
    def refresh(self) -> None:
        reqs = svc.list_requests(self.db)
        self.req_model.set_rows(
            [
                (
                    r["id"],
                    r["name"],
                    r["id_masked"],
                    r["kind"],
                    text(r["applied"]),
                    r["status"],
                    text(r["handled"]),
                    r["room"] or "",
                    text(r["start"]),
                    text(r["end"]),
                    text(r["amount"]),
                    r["detail"] or "",
                    r["teacher_id"],
                )
                for r in reqs
            ]
        )
        pending = sum(1 for r in reqs if r["status"] in ("已申请", "办理中"))
        self.req_count.setText(f"共 {len(reqs)} 件，待办 {pending} 件")
        self.eth_model.set_rows(
            [
                EthicsRow(
                    r["id"],
                    r["year"],
                    r["name"],
                    r["id_masked"],
                    r["kind"],
                    r["result"] or "",
                    text(r["date"]),
                    r["detail"] or "",
                    r["teacher_id"],
                )
                for r in svc.list_ethics(self.db)
            ]
        )
        self._filter_ethics()
        self._subsidy_stale = True
        if self.inner.currentIndex() == 1:  # the subsidy reads every teacher's schools: only when shown
            self.refresh_subsidy()

    def refresh_subsidy(self) -> None:
        self._subsidy_stale = False
        y, m = self.sub_year.value(), self.sub_month.value()
        try:
            rows = svc.subsidy_rows(self.db, y, m)
        except UserError as e:
            warn(self, "生活补助", e)
            return
        self.sub_model.set_rows(
            [
                SubsidyRow(
                    r["teacher_id"],
                    r["name"],
                    r["id_masked"],
                    r["schools"],
                    r["tier"],
                    r["days"],
                    r["month_days"],
                    f"{r['amount']:,.2f}",
                )
                for r in rows
            ]
        )
        total = sum(r["amount"] for r in rows)
        note = "" if rows else "（还没有学校设定补助档次：点“学校补助档次…”设定）"
        self.sub_total.setText(f"{y}年{m}月：{len(rows)} 人，合计 {total:,.2f} 元{note}")
        self._filter_subsidy()

    def _filter_subsidy(self, *_):
        t = self.sub_search.text().strip()
        self.sub_model.set_visible(
            [i for i, r in enumerate(self.sub_model.rows) if not t or t in f"{r.name} {r.schools}"]
        )

    def _filter_ethics(self, *_):
        t = self.eth_search.text().strip()
        self.eth_model.set_visible(
            [i for i, r in enumerate(self.eth_model.rows) if not t or t in f"{r.name} {r.kind} {r.result} {r.year}"]
        )
        self.eth_count.setText(f"共 {self.eth_model.rowCount()} 条")

    # -- actions
    def edit_request(self, new: bool = False) -> int | None:
        row = None if new else selected_row(self.req_view, self.req_model)
        rid = row[0] if row else None
        values = next((dict(r, _teacher_label=r["name"]) for r in svc.list_requests(self.db) if r["id"] == rid), {})
        values.setdefault("applied", dt.date.today().isoformat())
        values.setdefault("status", "已申请")
        fields = [
            ("teacher_id", "教师", TeacherPicker(self.db)),
            ("kind", "服务事项", combo(rules.SERVICE_KINDS)),
            ("applied", "申请日期", QLineEdit()),
            ("status", "状态", combo(rules.SERVICE_STATUS, blank=False)),
            ("handled", "办结日期", QLineEdit()),
            ("room", "房间号", QLineEdit()),
            ("start", "入住时间", QLineEdit()),
            ("end", "退房时间", QLineEdit()),
            ("amount", "补贴金额（元）", QLineEdit()),
            ("detail", "说明（子女姓名、就读学校等）", QLineEdit()),
            ("note", "备注", QLineEdit()),
        ]
        for k in ("id", "name", "id_masked"):
            values.pop(k, None)
        dlg = RecordDialog(
            "人才服务",
            fields,
            lambda v, **check: svc.save_request(self.db, rid, v, **check),
            values,
            self,
            required=("teacher_id", "kind", "applied"),
            db=self.db,
            reload=lambda: next(
                dict(r, _teacher_label=r["name"]) for r in svc.list_requests(self.db) if r["id"] == rid
            ),
        )
        if dlg.exec():
            self.bus.notify(Topic.RECRUITMENT)
            return dlg.saved_id
        return None

    def edit_ethics(self, new: bool = False) -> int | None:
        row = None if new else selected_row(self.eth_view, self.eth_model)
        rid = row[0] if row else None
        values = next((dict(r, _teacher_label=r["name"]) for r in svc.list_ethics(self.db) if r["id"] == rid), {})
        values.setdefault("year", str(dt.date.today().year - 1))
        values.setdefault("kind", "师德考核")
        fields = [
            ("teacher_id", "教师", TeacherPicker(self.db)),
            ("year", "年度", QLineEdit()),
            ("kind", "类别", combo(rules.ETHICS_KINDS, blank=False)),
            ("result", "考核结果", combo(rules.ETHICS_RESULTS)),
            ("date", "日期", QLineEdit()),
            ("detail", "内容（表彰名称、处理决定）", QLineEdit()),
        ]
        for k in ("id", "name", "id_masked"):
            values.pop(k, None)
        dlg = RecordDialog(
            "师德记录",
            fields,
            lambda v, **check: svc.save_ethics(self.db, rid, v, **check),
            values,
            self,
            required=("teacher_id", "year", "kind"),
            db=self.db,
            reload=lambda: next(dict(r, _teacher_label=r["name"]) for r in svc.list_ethics(self.db) if r["id"] == rid),
        )
        if dlg.exec():
            self.bus.notify(Topic.RECRUITMENT)
            return dlg.saved_id
        return None

    def delete(self, table: str, view, model) -> bool:
        row = selected_row(view, model)
        if (
            row is None
            or QMessageBox.question(
                self,
                "删除",
                "确定删除选中的记录吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            != QMessageBox.StandardButton.Yes
        ):
            return False
        try:
            svc.delete_record(self.db, table, row[0])
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除", e)
            return False
        self.bus.notify(Topic.RECRUITMENT)
        return True

    def edit_tiers(self) -> bool:
        dlg = TiersDialog(self.db, self)
        if dlg.exec():
            self.bus.notify(Topic.RECRUITMENT)
            return True
        return False

    def export_subsidy(self) -> str | None:
        y, m = self.sub_year.value(), self.sub_month.value()
        return export_report(self, self.db, "subsidies", f"{y}年{m}月乡村教师生活补助发放表.xlsx", month=(y, m))
