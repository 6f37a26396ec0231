"""招聘计划 tab: propose the year's plan from staffing gaps, retirements and subject shortages; edit
the planned numbers, subjects, channels and notes; print the plan table (PDF with approval boxes,
or Excel). Beside it: the subject shortages per school and the retirements due."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from talentdesk.domain import codes
from talentdesk.domain import recruitment as rules
from talentdesk.errors import ReadOnlyError, UserError, ValidationError
from talentdesk.gui.bus import Topic
from talentdesk.gui.edit_check import NOT_SAVED, save_checked
from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.recruitment.common import (
    RecordDialog,
    button,
    combo,
    export_report,
    follow,
    id_combo,
    print_report,
    table_view,
    text,
    warn,
)
from talentdesk.gui.security.roles import apply_read_only, may_edit, why_not
from talentdesk.gui.tasks import Loader
from talentdesk.services.people import schools as school_svc
from talentdesk.services.recruitment import plan as svc

COLS = ("乡镇", "学校", "学段", "学科", "测算缺额", "计划招聘", "招聘渠道", "备注", "测算依据")
EDITABLE = {3, 5, 6, 7}
SUBJECTS = [svc.ANY_SUBJECT, *codes.SUBJECT.labels]


def default_year(today: dt.date | None = None) -> int:
    """Plans are made in the autumn for next year's recruitment."""
    today = today or dt.date.today()
    return today.year + 1 if today.month >= 9 else today.year


class ListDelegate(QStyledItemDelegate):
    def __init__(self, options, parent=None):
        super().__init__(parent)
        self.options = list(options)

    def createEditor(self, parent, option, index):
        box = QComboBox(parent)
        box.addItems(self.options)
        return box

    def setEditorData(self, editor, index):
        editor.setCurrentIndex(max(editor.findText(index.data() or ""), 0))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentText())


class PlanTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.plan: dict | None = None
        self.dirty = False
        self.year = QSpinBox()
        self.year.setObjectName("plan_year")
        self.year.setRange(2000, 2100)
        self.year.setValue(default_year())
        self.year.valueChanged.connect(self.refresh_analysis)
        self.plans = QComboBox()
        self.plans.setObjectName("plans")
        self.plans.setMinimumWidth(320)
        self.plans.currentIndexChanged.connect(self._plan_chosen)
        self.status = combo(rules.PLAN_STATUS, blank=False)
        self.status.setObjectName("plan_status")
        self.status.currentTextChanged.connect(self._mark_dirty)
        w = db
        top = QHBoxLayout()
        top.addWidget(QLabel("计划年度："))
        top.addWidget(self.year)
        top.addWidget(button("按缺编测算生成计划", self.propose, writes=True, db=w, name="propose"))
        top.addSpacing(16)
        top.addWidget(QLabel("招聘计划："))
        top.addWidget(self.plans, 1)
        top.addWidget(QLabel("状态："))
        top.addWidget(self.status)
        top.addWidget(button("删除计划", self.delete_plan, writes=True, db=w))
        self.table = QTableWidget(0, len(COLS))
        self.table.setObjectName("plan_lines")
        self.table.setHorizontalHeaderLabels(COLS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setItemDelegateForColumn(3, ListDelegate(SUBJECTS, self.table))
        self.table.setItemDelegateForColumn(6, ListDelegate(rules.CHANNELS, self.table))
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setStretchLastSection(True)
        for c, width in enumerate((90, 190, 50, 80, 70, 70, 90, 140, 400)):
            self.table.setColumnWidth(c, width)
        self.table.itemChanged.connect(self._item_changed)
        if not apply_read_only([self.status], db):  # 查阅员 or a read-only file: the plan can be read, not typed into
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            self.table.setToolTip(why_not(db))
        self.summary = QLabel()
        self.summary.setObjectName("plan_summary")
        edit_bar = QHBoxLayout()
        edit_bar.addWidget(self.summary, 1)
        edit_bar.addWidget(button("添加一行", self.add_line, writes=True, db=w))
        edit_bar.addWidget(button("删除所选行", self.delete_lines, writes=True, db=w))
        self.save_button = button("保存修改 (Ctrl+S)", self.save, writes=True, db=w, name="save_plan")
        edit_bar.addWidget(self.save_button)
        edit_bar.addWidget(button("打印计划表…", self.print_plan, name="print_plan"))
        edit_bar.addWidget(button("导出计划表…", self.export, name="export_plan"))
        plan_page = QWidget()
        pl = QVBoxLayout(plan_page)
        pl.setContentsMargins(0, 4, 0, 0)
        pl.addLayout(edit_bar)
        pl.addWidget(self.table, 1)
        self.short_model = RowsModel(["学校", "学段", "学科", "缺口（人）"], [0, 1, 2, 3], self)
        self.retire_model = RowsModel(
            ["姓名", "性别", "学校", "学段", "学科", "职称", "到龄日期", "备注"], list(range(8)), self
        )
        self.inner = QTabWidget()
        self.inner.addTab(plan_page, "计划明细")
        self.short_view = table_view(self.short_model, "shortage_view")
        self.inner.addTab(self.short_view, "学科缺口")
        self.retire_view = table_view(self.retire_model, "retire_view")
        self.inner.addTab(self.retire_view, "到龄退休")
        hint = QLabel(
            "测算：按“设置”中的教职工与学生比核定所需人数，减去现有在编（含特岗）教师并加上当年到龄退休人数得出缺额；"
            "缺额按学科缺口（班级数×课程周课时÷教师周标准课时−现有教师）从大到小分配到学科。可直接修改计划招聘人数、学科、渠道和备注。"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(hint)
        lay.addWidget(self.inner, 1)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        # loaded when first shown, redone on changes (at once if on screen)
        self.loader = Loader(self)  # the analysis reads every teacher: on a worker when the tab shows (issue 16 §4)
        follow(
            self,
            bus,
            ("recruitment", "schools", "teachers", "settings"),
            lambda: self.reload(background=True),
            stale=True,
        )

    # -- loading
    def reload(self, background: bool = False) -> None:
        self._load_plans()
        self.refresh_analysis(background=background)

    def _load_plans(self, select_id: int | None = None) -> None:
        current = select_id or (self.plan or {}).get("id")
        self.plans.blockSignals(True)
        self.plans.clear()
        for p in svc.list_plans(self.db):
            self.plans.addItem(f"{p['title']}（{p['status']}，计划 {p['planned']} 人）", p["id"])
        i = self.plans.findData(current) if current else 0
        self.plans.setCurrentIndex(max(i, 0) if self.plans.count() else -1)
        self.plans.blockSignals(False)
        self._plan_chosen()

    def refresh_analysis(self, *_, background: bool = False):
        """学科缺口 and 到龄退休 of the chosen year (about a second on a city): BACKGROUND reads them on a worker
        while the tab already shows; otherwise now (the clerk changed the year or acted, and waits for it)."""
        self.loader.cancel()  # an older read still running must not overwrite what is filled now
        year, db = self.year.value(), self.db
        if background:
            self.inner.setTabText(1, f"学科缺口（{year}，正在计算…）")
            self.loader.load(
                lambda: (svc.shortage_rows(db, year), svc.retirements(db, year)),
                lambda result: self._show_analysis(year, *result),
            )
            return
        self._show_analysis(year, svc.shortage_rows(db, year), svc.retirements(db, year))

    def _show_analysis(self, year: int, shortage: list, retirements: list) -> None:
        if year != self.year.value():  # the clerk chose another year meanwhile: its own read follows
            return
        self.short_model.set_rows(shortage)
        self.retire_model.set_rows(
            [
                (
                    r["name"],
                    r["gender"] or "",
                    r["school"],
                    r["stage"] or "",
                    r["subject"] or "",
                    r["title"] or "",
                    text(r["retire"]),
                    "已到龄仍在岗" if r["overdue"] else "",
                )
                for r in retirements
            ]
        )
        self.inner.setTabText(1, f"学科缺口（{year}）")
        self.inner.setTabText(2, f"到龄退休（{self.retire_model.rowCount()} 人）")

    def discard_ok(self) -> bool:
        """Ask before unsaved edits of the shown plan are thrown away."""
        if not self.dirty or self.plan is None:
            return True
        return (
            QMessageBox.question(
                self,
                "招聘计划",
                f"“{self.plan['title']}”有未保存的修改，放弃这些修改吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            == QMessageBox.StandardButton.Yes
        )

    def _plan_chosen(self, *_):
        pid = self.plans.currentData()
        if self.plan is not None and pid == self.plan["id"] and self.dirty:
            return  # the same plan reloaded after a change elsewhere: keep the clerk's unsaved edits
        if self.plan is not None and pid != self.plan["id"] and not self.discard_ok():
            self.plans.blockSignals(True)
            self.plans.setCurrentIndex(max(self.plans.findData(self.plan["id"]), 0))
            self.plans.blockSignals(False)
            return
        self.plan = svc.get_plan(self.db, pid) if pid else None
        self._fill()

    def _fill(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        lines = (self.plan or {}).get("lines", [])
        for x in lines:
            self._append(x)
        self.table.blockSignals(False)
        self.status.blockSignals(True)
        self.status.setCurrentText((self.plan or {}).get("status") or rules.PLAN_STATUS[0])
        self.status.blockSignals(False)
        self.dirty = False
        self._update_summary()

    def _append(self, x: dict) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        values = (
            x.get("township") or "",
            x.get("school") or "",
            x["stage"],
            x["subject"],
            str(x.get("proposed") or 0),
            str(x.get("planned") or 0),
            x.get("channel") or "",
            x.get("note") or "",
            x.get("reason") or "",
        )
        for c, v in enumerate(values):
            item = QTableWidgetItem(v)
            if c not in EDITABLE:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            if c in (4, 5):
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if c == 8:
                item.setToolTip(v)
            if c == 4 and x.get("estimate") is not None:  # whole teachers; the fraction behind them (issue 18 §3)
                item.setToolTip(f"测算值 {x['estimate']:.2f}（按课时测算的需要减现有），计划按整人计")
            self.table.setItem(r, c, item)
        self.table.item(r, 0).setData(Qt.ItemDataRole.UserRole, (x.get("id"), x["school_id"]))

    def _update_summary(self) -> None:
        if self.plan is None:
            self.summary.setText("还没有招聘计划：选择计划年度后点“按缺编测算生成计划”。")
            return
        planned = proposed = 0
        schools = set()
        for r in range(self.table.rowCount()):
            try:
                n = int(self.table.item(r, 5).text() or 0)
            except ValueError:
                n = 0
            planned += n
            proposed += int(self.table.item(r, 4).text() or 0)
            if n:
                schools.add(self.table.item(r, 1).text())
        mark = "　（有未保存的修改）" if self.dirty else ""
        self.summary.setText(f"计划招聘 {planned} 人（测算缺额 {proposed} 人），涉及 {len(schools)} 所学校{mark}")

    def _mark_dirty(self, *_):
        self.dirty = True
        self._update_summary()

    def _item_changed(self, item) -> None:
        self._mark_dirty()

    # -- actions
    def propose(self) -> None:
        if not self.discard_ok():
            return
        self.dirty = False
        try:
            pid = svc.propose_plan(self.db, self.year.value())
        except (UserError, ReadOnlyError) as e:
            warn(self, "生成招聘计划", e)
            return
        self._load_plans(pid)
        self.bus.notify(Topic.RECRUITMENT)

    def lines(self) -> list[dict]:
        out = []
        for r in range(self.table.rowCount()):
            line_id, school_id = self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)
            out.append(
                dict(
                    id=line_id,
                    school_id=school_id,
                    stage=self.table.item(r, 2).text(),
                    subject=self.table.item(r, 3).text(),
                    proposed=self.table.item(r, 4).text(),
                    planned=self.table.item(r, 5).text(),
                    channel=self.table.item(r, 6).text(),
                    note=self.table.item(r, 7).text(),
                    reason=self.table.item(r, 8).text() or None,
                )
            )
        return out

    def save(self) -> bool:
        if self.plan is None or not may_edit(self.db):
            return False
        lines, status = self.lines(), self.status.currentText()
        try:  # what this tab loaded goes back with it: another clerk's changes meanwhile are merged or asked
            if (
                save_checked(
                    self,
                    self.plan,
                    lambda **check: svc.save_plan(self.db, self.plan["id"], lines, status=status, **check),
                    self._reload_plan,
                )
                is NOT_SAVED
            ):
                return False
        except ValidationError as e:
            QMessageBox.warning(self, "不能保存", "\n".join(e.problems.values()))
            return False
        except (UserError, ReadOnlyError) as e:
            warn(self, "不能保存", e)
            return False
        self.dirty = False
        self._load_plans(self.plan["id"])
        self.bus.notify(Topic.RECRUITMENT)
        return True

    def _reload_plan(self) -> None:
        """放弃我的修改（重新载入）: the plan as stored now."""
        self.dirty = False
        self.plan = svc.get_plan(self.db, self.plan["id"])
        self._fill()

    def add_line(self) -> None:
        if self.plan is None:
            return
        school = id_combo(school_svc.choices(self.db))
        planned = combo([str(n) for n in range(1, 11)], blank=False, editable=True)
        fields = [
            ("school_id", "学校", school),
            ("stage", "学段", combo(("小学", "初中", "高中"), blank=False)),
            ("subject", "学科", combo(SUBJECTS, blank=False)),
            ("planned", "计划招聘", planned),
            ("channel", "招聘渠道", combo(rules.CHANNELS, blank=False)),
            ("note", "备注", QLineEdit()),
        ]
        names = dict(school_svc.choices(self.db))

        def accept(v):
            if not v.get("school_id"):
                raise ValidationError({"school_id": "请选择学校"})
            try:
                if int(v["planned"]) < 0:
                    raise ValueError
            except ValueError:
                raise ValidationError({"planned": "请填写人数"}) from None
            return v

        dlg = RecordDialog("添加计划行", fields, accept, parent=self, required=("school_id",))
        if dlg.exec():
            v = dlg.saved_id
            self.table.blockSignals(True)
            self._append(
                dict(
                    id=None,
                    school_id=v["school_id"],
                    school=names.get(v["school_id"], ""),
                    stage=v["stage"],
                    subject=v["subject"],
                    proposed=0,
                    planned=int(v["planned"]),
                    channel=v["channel"],
                    note=v.get("note") or "",
                    reason="人工添加",
                )
            )
            self.table.blockSignals(False)
            self._mark_dirty()

    def delete_lines(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            self.table.removeRow(r)
        if rows:
            self._mark_dirty()

    def delete_plan(self) -> None:
        if self.plan is None:
            return
        answer = QMessageBox.question(
            self,
            "删除计划",
            f"确定删除“{self.plan['title']}”吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            svc.delete_plan(self.db, self.plan["id"])
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除计划", e)
            return
        self.plan = None
        self._load_plans()
        self.bus.notify(Topic.RECRUITMENT)

    def print_plan(self) -> bool:
        """打印计划表: the plan with its approval boxes in the print preview (then the printer dialog)."""
        if self.plan is None or (self.dirty and not self.save()):
            return False
        return print_report(self, self.db, "hiring-plan", year=self.plan["year"], options={"plan_id": self.plan["id"]})

    def export(self) -> str | None:
        if self.plan is None:
            return None
        if self.dirty and not self.save():
            return None
        return export_report(
            self,
            self.db,
            "hiring-plan",
            f"{self.plan['title']}.pdf",
            year=self.plan["year"],
            options={"plan_id": self.plan["id"]},
        )
