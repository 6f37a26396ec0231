"""服务期 tab: 公费师范生/优师计划 and 特岗 obligations with start, end and state; who is due this year;
conversion of 特岗 to 在编, breach, served in full; obligations created from teacher files."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QInputDialog, QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from talentdesk.domain import recruitment as rules
from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui.bus import Topic
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
from talentdesk.services.recruitment import obligations as svc

COLS = (
    "姓名",
    "身份证号",
    "工作学校",
    "类别",
    "服务开始",
    "年限",
    "服务期满",
    "状态",
    "办结日期",
    "本年到期",
    "用工形式",
    "备注",
)
FILTERS = ("全部", "本年到期或待转编", *rules.OB_STATES)


class ObligationRow(NamedTuple):
    """A service obligation as listed (COLS from name to note)."""

    id: int
    name: str
    id_masked: str
    school: str
    kind: str
    start: str
    years: int | None
    end: str
    state: str
    closed_on: str
    due: str  # 是 when due this year or waiting to convert
    employment_form: str
    note: str
    teacher_id: int


class ObligationsTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.model = RowsModel(list(COLS), list(range(1, 13)), self)
        self.view = table_view(self.model, "obligation_view")
        self.filter = QComboBox()
        self.filter.setObjectName("obligation_filter")
        self.filter.addItems(FILTERS)
        self.filter.currentIndexChanged.connect(self.apply_filter)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索姓名或学校")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(QLabel("显示："))
        top.addWidget(self.filter)
        top.addWidget(self.count)
        top.addStretch(1)
        top.addWidget(button("新增", lambda: self.edit(new=True), writes=True, db=db))
        top.addWidget(button("按教师档案补建", self.fill_missing, writes=True, db=db, name="fill_missing"))
        top.addWidget(button("导出…", self.export))
        acts = QHBoxLayout()
        acts.addWidget(QLabel("选中一人后："))
        acts.addWidget(button("特岗转编", self.convert, writes=True, db=db, name="convert"))
        acts.addWidget(button("登记期满", lambda: self.close_as(rules.OB_DONE), writes=True, db=db))
        acts.addWidget(button("登记违约", lambda: self.close_as(rules.OB_BREACH), writes=True, db=db, name="breach"))
        acts.addWidget(button("撤销登记", self.reopen, writes=True, db=db))
        acts.addWidget(button("删除", self.delete, writes=True, db=db))
        acts.addStretch(1)
        hint = QLabel(
            "服务年限在“设置”中设定（公费师范生、优师计划默认 6 年，特岗 3 年）；"
            "服务期满为开始时间加年限的前一天（按月记录的为前一个月）。"
        )
        hint.setStyleSheet("color: #555;")
        hint.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(acts)
        lay.addWidget(hint)
        lay.addWidget(self.view, 1)
        self.view.doubleClicked.connect(lambda *_: self.edit())
        # loaded when first shown, redone on changes (at once if on screen)
        follow(self, bus, ("recruitment", "teachers", "settings"), self.refresh, stale=True)
        for c, w in enumerate((70, 150, 170, 80, 80, 40, 80, 80, 80, 60, 70)):
            self.view.setColumnWidth(c, w)

    def refresh(self) -> None:
        self.model.set_rows(
            [
                ObligationRow(
                    o["id"],
                    o["name"],
                    o["id_masked"],
                    o["school"],
                    o["kind"],
                    text(o["start"]),
                    o["years"],
                    text(o["end"]),
                    o["state"],
                    text(o["closed_on"]),
                    "是" if o["due"] else "",
                    o["employment_form"] or "",
                    o["note"] or "",
                    o["teacher_id"],
                )
                for o in svc.list_rows(self.db)
            ]
        )
        self.apply_filter()

    def apply_filter(self, *_):
        f = self.filter.currentText()
        t = self.search.text().strip()
        rows = self.model.rows
        keep = []
        for i, r in enumerate(rows):
            if f == FILTERS[1] and r.due != "是" or f not in FILTERS[:2] and r.state != f:
                continue
            if t and t not in f"{r.name} {r.school}":
                continue
            keep.append(i)
        self.model.set_visible(keep)
        due = sum(1 for r in rows if r.due == "是")
        self.count.setText(f"共 {self.model.rowCount()} 人（{dt.date.today().year} 年到期或待转编 {due} 人）")

    def current(self):
        return selected_row(self.view, self.model)

    def edit(self, new: bool = False) -> int | None:
        row = None if new else self.current()
        values = {}
        if row is not None:
            values = svc.get(self.db, row.id)  # typed, with the version: what this form loaded
        fields = [
            ("teacher_id", "教师", TeacherPicker(self.db)),
            ("kind", "类别", combo(rules.OBLIGATION_KINDS)),
            ("start", "服务开始", QLineEdit()),
            ("years", "服务年限", QLineEdit()),
            ("note", "备注", QLineEdit()),
        ]
        oid = row.id if row else None
        dlg = RecordDialog(
            "服务期",
            fields,
            lambda v, **check: svc.save(self.db, oid, v, **check),
            values,
            self,
            required=("teacher_id", "kind", "start"),
            db=self.db,
            reload=lambda: svc.get(self.db, oid),
        )
        if dlg.exec():
            self.bus.notify(Topic.RECRUITMENT)
            return dlg.saved_id
        return None

    def _ask_date(self, title: str, label: str) -> str | None:
        value, ok = QInputDialog.getText(self, title, label, text=dt.date.today().strftime("%Y-%m"))
        return value if ok else None

    def _run(self, title: str, fn) -> bool:
        try:
            fn()
        except (UserError, ReadOnlyError) as e:
            warn(self, title, e)
            return False
        self.bus.notify(Topic.RECRUITMENT)
        self.bus.notify(Topic.TEACHERS)
        return True

    def convert(self) -> bool:
        row = self.current()
        if row is None:
            return False
        on = self._ask_date("特岗转编", f"{row.name}：转为在编的时间（如 2026-09）")
        return on is not None and self._run("特岗转编", lambda: svc.convert(self.db, row.id, on))

    def close_as(self, outcome: str) -> bool:
        row = self.current()
        if row is None:
            return False
        on = self._ask_date(f"登记{outcome}", f"{row.name}：{outcome}的时间（如 2026-07）")
        if on is None:
            return False
        note = None
        if outcome == rules.OB_BREACH:
            note, ok = QInputDialog.getText(self, "登记违约", "原因（如 考取研究生离岗、辞职）：")
            if not ok:
                return False
        return self._run(f"登记{outcome}", lambda: svc.close(self.db, row.id, outcome, on, note or None))

    def reopen(self) -> bool:
        row = self.current()
        return row is not None and self._run("撤销登记", lambda: svc.reopen(self.db, row.id))

    def delete(self) -> bool:
        row = self.current()
        if (
            row is None
            or QMessageBox.question(
                self,
                "删除",
                f"确定删除{row.name}的服务期记录吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            != QMessageBox.StandardButton.Yes
        ):
            return False
        return self._run("删除", lambda: svc.delete(self.db, row.id))

    def fill_missing(self) -> int:
        try:
            n = svc.fill_missing(self.db)
        except (UserError, ReadOnlyError) as e:
            warn(self, "按教师档案补建", e)
            return 0
        QMessageBox.information(
            self, "按教师档案补建", f"按教师档案（用工形式“特岗”、来源“公费师范生/优师计划”）补建了 {n} 条服务期记录。"
        )
        self.bus.notify(Topic.RECRUITMENT)
        return n

    def export(self) -> str | None:
        due = self.filter.currentText() == FILTERS[1]
        return export_report(
            self, self.db, "obligations", "服务期到期名单.xlsx" if due else "服务期履约情况.xlsx", options={"due": due}
        )
