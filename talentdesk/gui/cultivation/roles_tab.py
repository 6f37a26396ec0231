"""教研任职 tab (issue 21 §4): roles teachers hold besides the post — 兼职教研员, 学科教研员, 蒲公英导师, 教研坊主,
研究会会员, 评委库 — filtered by role, level, subject, school, period and 在任; a dialog that appoints many teachers to
one role at once (added one by one, or in bulk: a school's teachers, a filter, a pasted list), or edits one
appointment; the bureau's list of roles, the template and import, and the list as Excel."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
)

from talentdesk.domain import codes
from talentdesk.domain import research_roles as rules
from talentdesk.domain.dates import DateError, PartialDate, parse_loose
from talentdesk.errors import ReadOnlyError, UserError, ValidationError
from talentdesk.gui import record_files
from talentdesk.gui.bus import Topic
from talentdesk.gui.cultivation.bulk_attendees import BulkAttendeesDialog
from talentdesk.gui.cultivation.common import (
    ListTab,
    SubTable,
    TeacherPicker,
    ask_save_path,
    confirm,
    form_values,
    status,
    warn,
)
from talentdesk.gui.edit_check import NOT_SAVED, save_checked
from talentdesk.gui.names_dialog import NamesDialog
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.widgets import FormGrid, code_combo, school_combo, school_id_of, set_combo_text
from talentdesk.services.cultivation import research_roles
from talentdesk.services.people import schools

ALL = "全部"


class RoleDialog(QDialog):
    """New: one role, level and term for the teachers listed (批量任命). Existing (ROLE_ID): one appointment."""

    def __init__(self, db, role_id: int | None = None, parent=None):
        super().__init__(parent)
        self.db, self.role_id = db, role_id
        self.setWindowTitle("教研任职" if role_id else "教研任职（可一次聘任多名教师）")
        with db.sessions() as s:
            kinds = research_roles.kind_names(s)
        f = self.form = FormGrid(2)
        self.edits = {k: QLineEdit() for k in ("start", "end", "appointer", "doc_no", "note")}
        self.combos = {
            "role": code_combo(kinds),
            "level": code_combo(rules.LEVELS),
            "subject": code_combo(codes.SUBJECT.labels),
        }
        e, c = self.edits, self.combos
        self.teacher = TeacherPicker(db) if role_id else None
        if self.teacher is not None:
            f.add("teacher_id", "教师", self.teacher, span=2, required=True)
        f.add("role", "角色", c["role"], required=True)
        f.add("level", "级别", c["level"], required=True)
        f.add("subject", "学科", c["subject"])
        f.add("doc_no", "文号", e["doc_no"])
        f.add("start", "任期开始", e["start"], required=True)
        f.add("end", "任期结束", e["end"])
        f.add("appointer", "聘任单位", e["appointer"], span=2)
        f.add("note", "备注", e["note"], span=2)
        e["start"].setPlaceholderText("如 2024-09-01")
        e["end"].setPlaceholderText("长期或未定不填")
        e["doc_no"].setPlaceholderText("如 青教发〔2024〕12号")
        self.people: SubTable | None = None
        self.count = QLabel()
        self.tabs = QTabWidget()
        self.tabs.addTab(f, "任职情况")
        extra: list = []
        if role_id is None:
            self.people = SubTable(
                [("teacher_id", "教师", None), ("_school", "学校", None)], db=db, teacher_key="teacher_id"
            )
            self.people.table.setColumnWidth(0, 140)
            self.bulk = QPushButton("批量添加…")
            self.bulk.setToolTip("按学校、按条件筛选或粘贴姓名/身份证号一次添加多名教师")
            self.bulk.clicked.connect(lambda _c=False: self.add_bulk())
            extra.append(self.bulk)
            box = self.people.layout()
            item = box.itemAt(0) if box is not None else None
            bar = item.layout() if item is not None else None
            if isinstance(box, QVBoxLayout) and bar is not None:  # SubTable: its button bar, then the table
                bar.addWidget(self.bulk)
                box.addWidget(self.count)
            self.people.table.model().rowsInserted.connect(lambda *_: self._count())
            self.people.table.model().rowsRemoved.connect(lambda *_: self._count())
            self.tabs.addTab(self.people, "聘任教师")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        apply_read_only([buttons.button(QDialogButtonBox.StandardButton.Save), *extra], db)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(720, 520)
        self.loaded: dict | None = None  # version and values as loaded: a change saved meanwhile is merged
        if role_id:
            self._load(research_roles.get(db, role_id))
        self._count()

    def _count(self) -> None:
        if self.people is not None:
            self.count.setText(f"聘任教师 {len(self.people.rows())} 人")

    def _load(self, r: dict) -> None:
        self.loaded, e = r, self.edits
        for k in ("appointer", "doc_no", "note"):
            e[k].setText(r[k] or "")
        for k in ("role", "level", "subject"):
            set_combo_text(self.combos[k], r[k] or "")
        for k in ("start", "end"):
            e[k].setText(r[k].iso() if r[k] else "")
        if self.teacher is not None:
            self.teacher.set_teacher(r["teacher_id"])

    def add_bulk(self) -> None:
        if self.people is None:
            return
        present = {r.get("teacher_id") for r in self.people.rows()}
        dlg = BulkAttendeesDialog(self.db, {p for p in present if p}, self)
        dlg.setWindowTitle("批量添加聘任教师")
        try:
            if dlg.exec() == QDialog.DialogCode.Accepted:
                for tid, name, school in dlg.chosen:
                    self.people.add_row({"teacher_id": tid, "name": name, "_school": school})
                self.tabs.setCurrentWidget(self.people)
                self._count()
        finally:
            dlg.deleteLater()

    def add_teachers(self, rows: list[tuple[int, str, str]]) -> None:
        """(teacher id, name, school) into the list, as the bulk dialog adds them."""
        if self.people is not None:
            for tid, name, school in rows:
                self.people.add_row({"teacher_id": tid, "name": name, "_school": school})
            self._count()

    def save(self) -> None:
        v = form_values(self.form)
        try:
            if self.people is None:
                v["teacher_id"] = self.teacher.teacher_id() if self.teacher is not None else None
                saved = save_checked(
                    self,
                    self.loaded,
                    lambda **check: research_roles.save(self.db, self.role_id, v, **check),
                    lambda: self._load(research_roles.get(self.db, self.role_id or 0)),
                )
                if saved is NOT_SAVED:
                    return
                self.role_id = saved
            else:
                ids = [int(r["teacher_id"]) for r in self.people.rows() if r.get("teacher_id")]
                made = research_roles.appoint(self.db, ids, v)
                self.role_id = made[0] if made else None
        except ValidationError as e:
            self.form.set_errors(e.problems)
            self.message.setText("请改正：" + "；".join(e.problems.values()))
            if self.people is not None and not any(k in self.form.fields for k in e.problems):
                self.tabs.setCurrentWidget(self.people)
            else:
                self.tabs.setCurrentWidget(self.form)
            return
        except (UserError, ReadOnlyError) as e:
            warn(self, "不能保存", str(e))
            return
        self.accept()


def _period_value(text: str, problems: list[str], label: str) -> PartialDate | None:
    text = text.strip()
    if not text:
        return None
    try:
        return parse_loose(text)
    except DateError as e:
        problems.append(f"{label}：{e}")
        return None


class RolesTab(ListTab):
    def __init__(self, db, bus, parent=None):
        super().__init__(
            research_roles.HEADERS,
            list(range(1, len(research_roles.RoleRow._fields))),
            (70, 150, 70, 90, 50, 50, 82, 82, 44, 140, 150),
            parent,
        )
        self.db, self.bus = db, bus
        self.count_what, self.count_unit = "任职", "条"
        self.search.setPlaceholderText("搜索姓名、聘任单位、文号")
        self.role, self.level = QComboBox(), code_combo(rules.LEVELS, blank=False)
        self.level.insertItem(0, ALL)
        self.level.setCurrentIndex(0)
        self.subject = code_combo(codes.SUBJECT.labels, blank=False)
        self.subject.insertItem(0, ALL)
        self.subject.setCurrentIndex(0)
        self.school = school_combo(schools.choices(db))
        school_text = self.school.lineEdit()
        if school_text is not None:
            school_text.setPlaceholderText("全部学校")
            school_text.editingFinished.connect(self.refresh)
        self.first, self.last = QLineEdit(), QLineEdit()
        self.first.setPlaceholderText("从 如 2025-01")
        self.last.setPlaceholderText("到 如 2025-12")
        for w in (self.first, self.last):
            w.setMaximumWidth(110)
            w.editingFinished.connect(self.refresh)
        self.current = QCheckBox("只看在任")
        self.current.toggled.connect(lambda _b: self.refresh())
        filters = QHBoxLayout()
        for label, box in (("角色", self.role), ("级别", self.level), ("学科", self.subject), ("学校", self.school)):
            filters.addWidget(QLabel(label))
            filters.addWidget(box)
        filters.addWidget(QLabel("任期涉及"))
        filters.addWidget(self.first)
        filters.addWidget(QLabel("—"))
        filters.addWidget(self.last)
        filters.addWidget(self.current)
        filters.addStretch(1)
        self.layout_.insertLayout(0, filters)
        self.school.setMinimumWidth(160)
        for box in (self.role, self.level, self.subject):
            box.currentTextChanged.connect(lambda _t: self.refresh())
        self.school.activated.connect(lambda _i: self.refresh())
        self.add_button("批量聘任…", self.add, writes=True, db=db).setToolTip("把一名或多名教师聘为同一角色（Insert）")
        self.add_button("编辑", self.edit).setToolTip("编辑所选任职记录（回车或双击）")
        self.add_button("删除", self.delete, writes=True, db=db).setToolTip("删除所选任职记录（Delete）")
        self.add_button("角色类别…", self.edit_kinds)
        self.add_button("模板…", self.save_template).setToolTip("空白的教研任职表（每名教师一行）")
        self.add_button("导入…", self.import_files, writes=True, db=db).setToolTip("导入填好的教研任职表")
        self.add_button("导出 Excel…", self.export)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        for key, slot in (("Insert", self.add), ("Delete", self.delete), ("Return", self.edit), ("Enter", self.edit)):
            QShortcut(QKeySequence(key), self.view, slot)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #c0392b;")
        self.layout_.addWidget(self.problem)
        bus.follow(self, self.refresh, Topic.ROLES, Topic.TEACHERS, Topic.SCHOOLS)
        self._fill_kinds()
        self.refresh()

    def _fill_kinds(self) -> None:
        current = self.role.currentText()
        self.role.blockSignals(True)
        self.role.clear()
        with self.db.sessions() as s:
            self.role.addItems([ALL, *research_roles.kind_names(s)])
        set_combo_text(self.role, current or ALL)
        self.role.blockSignals(False)

    def filters(self) -> dict:
        """The list's filters as list_rows takes them; a wrong date or school is said under the list."""
        problems: list[str] = []
        sid, problem = school_id_of(self.school)
        if problem:
            problems.append(problem)

        def chosen(box: QComboBox) -> str | None:
            return None if box.currentText() in ("", ALL) else box.currentText()

        out = {
            "role": chosen(self.role),
            "level": chosen(self.level),
            "subject": chosen(self.subject),
            "school_id": sid,
            "first": _period_value(self.first.text(), problems, "期间起"),
            "last": _period_value(self.last.text(), problems, "期间止"),
            "current": self.current.isChecked(),
        }
        self.problem.setText("；".join(problems))
        return out

    def refresh(self) -> None:
        self.set_rows(research_roles.list_rows(self.db, **self.filters()))

    def _run(self, dlg) -> None:
        self.run_dialog(dlg, Topic.ROLES, "role_id", "已保存教研任职")

    def add(self) -> None:
        self._run(RoleDialog(self.db, None, self))

    def edit(self) -> None:
        rid = self.current_key()
        if rid is not None:
            self._run(RoleDialog(self.db, rid, self))

    def delete(self) -> None:
        ids = self.selected_keys() or ([self.current_key()] if self.current_key() is not None else [])
        if not ids:
            return
        one = self.model.row_at(self.model.view_row_of(ids[0])) if len(ids) == 1 else None
        what = f"{one.name}的“{one.level}{one.role}”任职" if one is not None else f"所选 {len(ids)} 条任职记录"
        if not confirm(self, "删除任职", f"确定删除{what}吗？"):
            return
        try:
            research_roles.delete(self.db, ids)
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除任职", str(e))
            return
        self.bus.notify(Topic.ROLES)

    def edit_kinds(self) -> None:
        dlg = NamesDialog(
            self.db,
            "教研角色",
            "教师在岗位之外的教研任职可选的角色（可按本地叫法增加，如“青蓝导师”；已有任职记录使用的角色不能删除）：",
            lambda: research_roles.kinds(self.db),
            research_roles.add_kind,
            research_roles.remove_kind,
            used_word="条任职记录",
            parent=self,
        )
        try:
            dlg.exec()
            if dlg.changed:
                self._fill_kinds()
        finally:
            dlg.deleteLater()

    def save_template(self) -> None:
        from talentdesk.importing import templates  # not at start-up: openpyxl

        path = ask_save_path(self, "保存教研任职表模板", "教研任职（空白模板）.xlsx", "Excel 文件 (*.xlsx)")
        if not path:
            return
        with self.db.sessions() as s:
            kinds = research_roles.kind_names(s)
        templates.write_research_roles(path, kinds)
        status(self, f"已保存模板：{path}")

    def import_files(self) -> None:
        """Read the chosen files, show what would be imported and every problem (file, sheet, row, column), then
        import the rows without errors on the clerk's word."""
        from talentdesk.services.cultivation import research_role_import  # not at start-up: the importer

        n = record_files.import_files(
            self,
            self.db,
            research_role_import,
            title="导入教研任职表",
            nothing="没有可导入的任职",
            ask="导入教研任职",
            question="现在导入没有错误的行吗？",
        )
        if n is not None:
            self.bus.notify(Topic.ROLES)
            status(self, f"已导入教研任职 {n} 条（可在“数据导入”页撤销）")

    def export(self) -> None:
        from talentdesk.reports import research_roles as report  # not at start-up: openpyxl and the report

        record_files.export_list(
            self,
            lambda p: report.export(self.db, p, **self.filters()),
            title="导出教研任职",
            filename="教研任职.xlsx",
            done="已导出 {n} 行：{path}",
        )
