"""培养项目 tab (issues 20 §3, 21 §5): the register of named talent projects (万人计划, 齐鲁名师建设工程, 领航工程 …)
and cultivation programmes (学科带头人培养对象, 青年骨干 …) filtered by kind, level and year, with a dialog for the
programme, its target and milestones, and its members — added one by one or in bulk (a school's teachers, a filter
of the teacher list, a pasted column of names / ID numbers), each with a join date and a result, set for several at
once; whether a member met the target is computed from the designations when the target is one. Template, import
of member lists and the register as Excel."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from talentdesk.domain import codes
from talentdesk.domain import programmes as rules
from talentdesk.errors import ReadOnlyError, UserError, ValidationError
from talentdesk.gui import record_files
from talentdesk.gui.bus import Topic
from talentdesk.gui.cultivation.bulk_attendees import BulkAttendeesDialog
from talentdesk.gui.cultivation.common import ListTab, SubTable, ask_save_path, confirm, form_values, status, warn
from talentdesk.gui.edit_check import NOT_SAVED, save_checked
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.widgets import FormGrid, code_combo, set_combo_text
from talentdesk.services.cultivation import programmes
from talentdesk.services.people import schools

ALL = "全部"
YES_NO = ("是", "否")


def _yes_no(v: bool | None) -> str | None:
    return None if v is None else "是" if v else "否"


class ProgrammeDialog(QDialog):
    def __init__(self, db, programme_id: int | None = None, parent=None):
        super().__init__(parent)
        self.db, self.programme_id = db, programme_id
        self.setWindowTitle("培养项目")
        with db.sessions() as s:
            kinds = programmes.kind_names(s)
        f = self.form = FormGrid(2)
        self.edits = {k: QLineEdit() for k in ("name", "cohort", "organiser", "start", "end", "target_text", "note")}
        self.combos = {
            "kind": code_combo(kinds),
            "level": code_combo(rules.LEVELS),
            "target_kind": code_combo(codes.DESIGNATION.labels),
            "target_level": code_combo(rules.LEVELS),
        }
        self.combos["kind"].setEditable(True)  # the bureau's own kinds besides 人才工程/培养项目
        e, c = self.edits, self.combos
        f.add("name", "项目名称", e["name"], span=2, required=True)
        f.add("kind", "项目类型", c["kind"], required=True)
        f.add("level", "级别", c["level"], required=True)
        f.add("cohort", "批次", e["cohort"])
        f.add("organiser", "组织单位", e["organiser"])
        f.add("start", "开始日期", e["start"])
        f.add("end", "结束日期", e["end"])
        f.add("target_kind", "目标称号", c["target_kind"])
        f.add("target_level", "目标级别", c["target_level"])
        f.add("target_text", "培养目标", e["target_text"], span=2)
        f.add("note", "备注", e["note"], span=2)
        e["name"].setPlaceholderText("如 中青年学科带头人培养对象、齐鲁名师建设工程")
        e["cohort"].setPlaceholderText("如 2024 或 第三批")
        e["start"].setPlaceholderText("如 2024-09")
        e["target_text"].setPlaceholderText("没有目标称号时写明目标，如 三年内主持一项市级课题")
        hint = QLabel(
            "有目标称号时（如 市级 骨干教师），按成员在项目期间取得的骨干称号（同级或更高）自动计算是否达成目标；"
            "没有时在“成员”中逐人填写。"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #566573;")
        self.page = QWidget()
        page = QVBoxLayout(self.page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(f)
        page.addWidget(hint)
        page.addStretch(1)
        self.members = SubTable(
            [
                ("teacher_id", "教师", None),
                ("_school", "学校", None),
                ("joined", "入选日期", None),
                ("result", "结果", rules.RESULTS),
                ("reason", "原因", None),
                ("met", "达成目标（填写）", YES_NO),
                ("_met_now", "达成目标", None),
            ],
            db=db,
            teacher_key="teacher_id",
        )
        for col, w in enumerate((80, 170, 80, 70, 120, 110)):
            self.members.table.setColumnWidth(col, w)
        self.bulk = QPushButton("批量添加…")
        self.bulk.setToolTip("按学校、按条件筛选或粘贴姓名/身份证号一次添加多名成员")
        self.bulk.clicked.connect(lambda _c=False: self.add_bulk())
        self.set_result = QPushButton("设定所选结果…")
        self.set_result.setToolTip("为所选成员（可多选）一次设定结果，如全部结业")
        self.set_result.clicked.connect(lambda _c=False: self.result_for_selected())
        self.growth = QPushButton("成长清单…")  # issue 21 §5: the member's 个性化成长清单
        self.growth.setToolTip("所选成员的个性化成长清单（目标、完成情况）；新加入的成员请先保存项目")
        self.growth.clicked.connect(lambda _c=False: self.open_growth())
        self.count = QLabel()
        box = self.members.layout()
        item = box.itemAt(0) if box is not None else None
        bar = item.layout() if item is not None else None
        if box is not None and bar is not None:  # SubTable: its button bar, then the table
            bar.addWidget(self.bulk)
            bar.addWidget(self.set_result)
            bar.addWidget(self.growth)
            box.addWidget(self.count)
        self.members.table.model().rowsInserted.connect(lambda *_: self._count())
        self.members.table.model().rowsRemoved.connect(lambda *_: self._count())
        self.steps = SubTable(
            [("title", "节点", None), ("due", "计划日期", None), ("done", "完成日期", None), ("note", "说明", None)]
        )
        self.steps.table.setColumnWidth(0, 220)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.page, "项目情况")
        self.tabs.addTab(self.members, "成员")
        self.tabs.addTab(self.steps, "培养节点")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        apply_read_only([buttons.button(QDialogButtonBox.StandardButton.Save), self.bulk, self.set_result], db)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(900, 620)
        self.loaded: dict | None = None  # version and values as loaded: a change saved meanwhile is merged
        if programme_id:
            self._load(programmes.get(db, programme_id))
        self._count()

    def _count(self) -> None:
        rows = self.members.rows()
        results = {r: sum(1 for m in rows if (m.get("result") or rules.IN_TRAINING) == r) for r in rules.RESULTS}
        met = sum(1 for m in rows if m.get("_met_now") == rules.MET)
        self.count.setText(
            f"成员 {len(rows)} 人：" + "，".join(f"{r} {n}" for r, n in results.items() if n) + f"；达成目标 {met} 人"
        )

    def _load(self, p: dict) -> None:
        self.loaded, e = p, self.edits
        for k in ("name", "cohort", "organiser", "target_text", "note"):
            e[k].setText(p[k] or "")
        for k in ("kind", "level", "target_kind", "target_level"):
            set_combo_text(self.combos[k], p[k] or "")
        for k in ("start", "end"):
            e[k].setText(p[k].iso() if p[k] else "")
        self.members.load(
            [
                {
                    **m,
                    "_school": m["school"],
                    "met": _yes_no(m["met"]),
                    "_met_now": programmes.met_label(m["met_now"]),
                }
                for m in p["members"]
            ]
        )
        self.steps.load(p["milestones"])
        self._count()

    def add_bulk(self) -> None:
        present = {r.get("teacher_id") for r in self.members.rows()}
        dlg = BulkAttendeesDialog(self.db, {p for p in present if p}, self)
        dlg.setWindowTitle("批量添加成员")
        joined = self.edits["start"].text().strip()
        try:
            if dlg.exec() == QDialog.DialogCode.Accepted:
                for tid, name, school in dlg.chosen:
                    self.members.add_row(
                        {"teacher_id": tid, "name": name, "_school": school, "joined": joined, "result": "在培"}
                    )
                self.tabs.setCurrentWidget(self.members)
        finally:
            dlg.deleteLater()

    def open_growth(self) -> None:
        from talentdesk.gui.cultivation.growth_dialog import GrowthDialog

        table = self.members.table
        rows = sorted({i.row() for i in table.selectionModel().selectedRows()}) or [table.currentRow()]
        people = self.members.rows()
        member = people[rows[0]].get("id") if 0 <= rows[0] < len(people) else None
        if not self.programme_id or (rows[0] >= 0 and not member):
            warn(self, "成长清单", "请先保存项目（新加入的成员保存后才能填写成长清单）。")
            return
        dlg = GrowthDialog(self.db, self.programme_id, self.edits["name"].text(), member, self)
        try:
            dlg.exec()
        finally:
            dlg.deleteLater()

    def result_for_selected(self, result: str | None = None, reason: str | None = None) -> int:
        """Set RESULT (asked when None) on the selected member rows; the number of rows set."""
        table = self.members.table
        rows = sorted({i.row() for i in table.selectionModel().selectedRows()})
        if not rows:
            warn(self, "设定结果", "请先在成员表中选择要设定结果的成员（可按住 Ctrl 或 Shift 多选）。")
            return 0
        if result is None:
            result, ok = QInputDialog.getItem(
                self, "设定结果", f"所选 {len(rows)} 名成员的结果：", list(rules.RESULTS), 1, False
            )
            if not ok:
                return 0
            if result in rules.NEEDS_REASON:
                reason, ok = QInputDialog.getText(self, "设定结果", f"“{result}”的原因：")
                if not ok:
                    return 0
        col = [k for k, _h, _o in self.members.columns].index("result")
        why = [k for k, _h, _o in self.members.columns].index("reason")
        for r in rows:
            box = table.cellWidget(r, col)
            if isinstance(box, QComboBox):
                set_combo_text(box, result)
            if reason is not None:
                item = table.item(r, why)
                if item is not None:
                    item.setText(reason)
        self._count()
        return len(rows)

    def save(self) -> None:
        v = form_values(self.form)
        people = [
            {k: r.get(k) for k in ("id", "version", "teacher_id", "joined", "result", "reason", "met", "name")}
            for r in self.members.rows()
        ]
        steps = [{k: r.get(k) for k in ("id", "version", "title", "due", "done", "note")} for r in self.steps.rows()]
        try:
            saved = save_checked(
                self,
                self.loaded,
                lambda **check: programmes.save(self.db, self.programme_id, v, people, steps, **check),
                lambda: self._load(programmes.get(self.db, self.programme_id or 0)),
            )
            if saved is NOT_SAVED:
                return
            self.programme_id = saved
        except ValidationError as e:
            self.form.set_errors(e.problems)
            self.message.setText("请改正：" + "；".join(e.problems.values()))
            if any(k in self.form.fields for k in e.problems):
                self.tabs.setCurrentWidget(self.page)
            elif any(k.startswith("milestone") for k in e.problems):
                self.tabs.setCurrentWidget(self.steps)
            else:
                self.tabs.setCurrentWidget(self.members)
            return
        except (UserError, ReadOnlyError) as e:
            warn(self, "不能保存", str(e))
            return
        self.accept()


class ProgrammesTab(ListTab):
    def __init__(self, db, bus, parent=None):
        super().__init__(
            programmes.HEADERS,
            list(range(1, len(programmes.COLUMNS))),
            (220, 70, 80, 56, 140, 70, 70, 200, 50, 50, 70),
            parent,
        )
        self.db, self.bus = db, bus
        self.count_what = "项目"
        self.search.setPlaceholderText("搜索项目名称、批次、组织单位")
        self.kind, self.level = QComboBox(), code_combo(rules.LEVELS, blank=False)
        self.level.insertItem(0, ALL)
        self.level.setCurrentIndex(0)
        self.year = QSpinBox()
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText("全部年份")
        self.year.setToolTip("只列这一年在实施的项目")
        filters = QHBoxLayout()
        for label, box in (("类型", self.kind), ("级别", self.level), ("实施年份", self.year)):
            filters.addWidget(QLabel(label))
            filters.addWidget(box)
        filters.addStretch(1)
        self.layout_.insertLayout(0, filters)
        self.kind.currentTextChanged.connect(lambda _t: self.refresh())
        self.level.currentTextChanged.connect(lambda _t: self.refresh())
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.add_button("新增项目", self.add, writes=True, db=db).setToolTip("新增一个培养项目（Insert）")
        self.add_button("编辑", self.edit).setToolTip("编辑所选项目及其成员（回车或双击）")
        self.add_button("删除", self.delete, writes=True, db=db).setToolTip("删除所选项目（Delete）")
        self.add_button("成长清单…", self.growth).setToolTip("所选项目成员的个性化成长清单：目标、完成和逾期")
        self.add_button("成员表模板…", self.save_template).setToolTip("空白的培养项目成员表，发给学校或按名单填写")
        self.add_button("导入成员…", self.import_files, writes=True, db=db).setToolTip("导入填好的成员表")
        self.add_button("导出 Excel…", self.export)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        for key, slot in (("Insert", self.add), ("Delete", self.delete), ("Return", self.edit), ("Enter", self.edit)):
            QShortcut(QKeySequence(key), self.view, slot)
        bus.follow(self, self.refresh, Topic.PROGRAMMES, Topic.TEACHERS, Topic.SCHOOLS)
        self._fill_kinds()
        self.refresh()

    def _fill_kinds(self) -> None:
        current = self.kind.currentText()
        self.kind.blockSignals(True)
        self.kind.clear()
        with self.db.sessions() as s:
            self.kind.addItems([ALL, *programmes.kind_names(s)])
        set_combo_text(self.kind, current or ALL)
        self.kind.blockSignals(False)

    def filters(self) -> dict:
        return {
            "kind": None if self.kind.currentText() in ("", ALL) else self.kind.currentText(),
            "level": None if self.level.currentText() in ("", ALL) else self.level.currentText(),
            "year": self.year.value() or None,
        }

    def refresh(self) -> None:
        self.set_rows(programmes.list_rows(self.db, **self.filters()))

    def _run(self, dlg) -> None:
        self.run_dialog(dlg, Topic.PROGRAMMES, "programme_id", "已保存培养项目")
        self._fill_kinds()

    def add(self) -> None:
        self._run(ProgrammeDialog(self.db, None, self))

    def edit(self) -> None:
        pid = self.current_key()
        if pid is not None:
            self._run(ProgrammeDialog(self.db, pid, self))

    def growth(self, member_id: int | None = None) -> None:
        from talentdesk.gui.cultivation.growth_dialog import GrowthDialog  # issue 21 §5

        pid = self.current_key()
        if pid is None:
            warn(self, "成长清单", "请先选择一个培养项目。")
            return
        title = self.model.row_at(self.model.view_row_of(pid))[1]
        dlg = GrowthDialog(self.db, pid, title, member_id, self)
        try:
            dlg.exec()
        finally:
            dlg.deleteLater()
            self.bus.notify(Topic.PROGRAMMES)

    def delete(self) -> None:
        ids = self.selected_keys() or ([self.current_key()] if self.current_key() is not None else [])
        if not ids:
            return
        what = self.model.row_at(self.model.view_row_of(ids[0]))[1] if len(ids) == 1 else f"所选 {len(ids)} 个项目"
        if not confirm(self, "删除培养项目", f"确定删除“{what}”及其成员名单和培养节点吗？"):
            return
        try:
            programmes.delete(self.db, ids)
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除培养项目", str(e))
            return
        self.bus.notify(Topic.PROGRAMMES)

    def save_template(self) -> None:
        from talentdesk.importing import templates  # not at start-up: openpyxl

        path = ask_save_path(self, "保存培养项目成员表模板", "培养项目成员（空白模板）.xlsx", "Excel 文件 (*.xlsx)")
        if not path:
            return
        names = sorted({r[1] for r in programmes.list_rows(self.db)})
        templates.write_programme_members(path, names, school_names=[n for _i, n in schools.choices(self.db)])
        status(self, f"已保存模板：{path}")

    def import_files(self) -> None:
        """Read the chosen files, show what would be imported and every problem (file, sheet, row, column), then
        import the rows without errors on the clerk's word."""
        from talentdesk.services.cultivation import programme_import  # not at start-up: the importer

        result = record_files.import_files(
            self,
            self.db,
            programme_import,
            title="导入培养项目成员表",
            nothing="没有可导入的成员",
            ask="导入成员",
            question="现在导入没有错误的行吗？",
        )
        if result is not None:
            self.bus.notify(Topic.PROGRAMMES)
            status(self, f"已导入新成员 {result.added} 人、更新 {result.updated} 人（可在“数据导入”页撤销）")

    def export(self) -> None:
        from talentdesk.reports import programmes as report  # not at start-up: openpyxl and the report

        record_files.export_list(
            self,
            lambda p: report.export(self.db, p, **self.filters()),
            title="导出培养项目",
            filename="培养项目成员.xlsx",
            done="已导出 {n} 行：{path}",
        )
