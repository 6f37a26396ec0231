"""活动登记 tab (issue 21 §1): the register of activities with teachers — 送教下乡, 联片教研, 公开课, 师德巡讲,
走访慰问 … — filtered by kind, level, school and period, with an add/edit dialog whose participants are added one by
one or in bulk (a school's teachers, a filter of the teacher list, a pasted column of names / ID numbers), the
bureau's list of kinds, and the list as Excel."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
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

from talentdesk.domain import activities as rules
from talentdesk.domain.dates import DateError, PartialDate, parse_loose
from talentdesk.errors import ReadOnlyError, UserError, ValidationError
from talentdesk.gui import record_files
from talentdesk.gui.bus import Topic
from talentdesk.gui.cultivation.bulk_attendees import BulkAttendeesDialog
from talentdesk.gui.cultivation.common import ListTab, SubTable, ask_save_path, confirm, form_values, status, warn
from talentdesk.gui.edit_check import NOT_SAVED, save_checked
from talentdesk.gui.names_dialog import NamesDialog
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.widgets import FormGrid, code_combo, school_combo, school_id_of, set_combo_text
from talentdesk.services.cultivation import activities
from talentdesk.services.people import schools

ALL = "全部"
QUANTITY_LABELS = {
    f: activities.LABELS[f] if activities.LABELS[f] == unit else f"{activities.LABELS[f]}（{unit}）"
    for f, unit in rules.QUANTITIES
}


class ActivityDialog(QDialog):
    def __init__(self, db, activity_id: int | None = None, parent=None):
        super().__init__(parent)
        self.db, self.activity_id = db, activity_id
        self.setWindowTitle("活动登记")
        with db.sessions() as s:
            kinds = activities.kind_names(s)
        f = self.form = FormGrid(2)
        self.edits = {k: QLineEdit() for k in ("title", "start", "end", "organiser", "place", *QUANTITY_LABELS, "note")}
        self.combos = {
            "kind": code_combo(kinds),
            "level": code_combo(rules.LEVELS),
            "school_id": school_combo(schools.choices(db)),
        }
        e, c = self.edits, self.combos
        f.add("kind", "活动类别", c["kind"], required=True)
        f.add("level", "级别", c["level"], required=True)
        f.add("title", "活动主题", e["title"], span=2, required=True)
        f.add("start", "开始日期", e["start"], required=True)
        f.add("end", "结束日期", e["end"])
        f.add("organiser", "组织单位", e["organiser"])
        f.add("school_id", "活动学校", c["school_id"])
        f.add("place", "其他地点", e["place"], span=2)
        for name, label in QUANTITY_LABELS.items():
            f.add(name, label, e[name])
        f.add("note", "备注", e["note"], span=2)
        e["start"].setPlaceholderText("如 2025-10-14")
        e["end"].setPlaceholderText("一天的活动不填")
        e["place"].setPlaceholderText("不在本县学校时填写，如 县委党校、红色教育基地")
        e["person_times"].setPlaceholderText("不填时按参加教师人数")
        self.people = SubTable(
            [("teacher_id", "教师", None), ("_school", "学校", None), ("role", "角色", rules.ROLES)],
            db=db,
            teacher_key="teacher_id",
        )
        self.people.add_button.clicked.connect(lambda _c=False: self._picked_school())
        self.people.table.setColumnWidth(0, 120)
        self.people.table.setColumnWidth(1, 200)
        self.bulk = QPushButton("批量添加…")
        self.bulk.setToolTip("按学校、按条件筛选或粘贴姓名/身份证号一次添加多名教师")
        self.bulk.clicked.connect(lambda _c=False: self.add_bulk())
        self.count = QLabel()
        box = self.people.layout()
        item = box.itemAt(0) if box is not None else None
        bar = item.layout() if item is not None else None
        if box is not None and bar is not None:  # SubTable: its button bar, then the table
            bar.addWidget(self.bulk)
            box.addWidget(self.count)
        self.people.table.model().rowsInserted.connect(lambda *_: self._count())
        self.people.table.model().rowsRemoved.connect(lambda *_: self._count())
        self.tabs = QTabWidget()
        self.tabs.addTab(f, "活动情况")
        self.tabs.addTab(self.people, "参加教师")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        apply_read_only([buttons.button(QDialogButtonBox.StandardButton.Save), self.bulk], db)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(820, 600)
        self.loaded: dict | None = None  # version and values as loaded: a change saved meanwhile is merged
        if activity_id:
            self._load(activities.get(db, activity_id))
        self._count()

    def _picked_school(self) -> None:
        """The school of a teacher added with the picker (its label: 姓名　学校　…), as the bulk list shows it."""
        picker, rows = self.people.picker, self.people.rows_
        if picker is None or not rows or rows[-1].get("teacher_id") != picker.teacher_id():
            return
        parts = picker.matches.currentText().split("　")
        item = self.people.table.item(len(rows) - 1, 1)
        if len(parts) > 1 and item is not None and not item.text():
            item.setText(parts[1])
            rows[-1]["_school"] = parts[1]

    def _count(self) -> None:
        self.count.setText(f"参加教师 {self.people.table.rowCount()} 人")

    def _load(self, a: dict) -> None:
        self.loaded, e = a, self.edits
        for k in ("title", "organiser", "place", "note"):
            e[k].setText(a[k] or "")
        for k in ("kind", "level"):
            set_combo_text(self.combos[k], a[k])
        set_combo_text(self.combos["school_id"], a["school_name"])
        for k in ("start", "end"):
            e[k].setText(a[k].iso() if a[k] else "")
        for k in QUANTITY_LABELS:
            e[k].setText("" if a[k] is None else f"{a[k]:g}")
        self.people.load([{**p, "_school": p["school"]} for p in a["participants"]])
        self._count()

    def add_bulk(self) -> None:
        present = {r.get("teacher_id") for r in self.people.rows()}
        dlg = BulkAttendeesDialog(self.db, {p for p in present if p}, self)
        dlg.setWindowTitle("批量添加参加教师")
        try:
            if dlg.exec() == QDialog.DialogCode.Accepted:
                for tid, name, school in dlg.chosen:
                    self.people.add_row({"teacher_id": tid, "name": name, "_school": school, "role": "参加"})
                self.tabs.setCurrentWidget(self.people)
        finally:
            dlg.deleteLater()

    def save(self) -> None:
        v = form_values(self.form)
        v["school_id"], problem = school_id_of(self.combos["school_id"])
        if problem:
            self.form.set_error("school_id", problem)
            self.tabs.setCurrentWidget(self.form)
            return
        people = [{k: r.get(k) for k in ("id", "version", "teacher_id", "role", "name")} for r in self.people.rows()]
        try:
            saved = save_checked(
                self,
                self.loaded,
                lambda **check: activities.save(self.db, self.activity_id, v, people, **check),
                lambda: self._load(activities.get(self.db, self.activity_id or 0)),
            )
            if saved is NOT_SAVED:
                return
            self.activity_id = saved
        except ValidationError as e:
            self.form.set_errors(e.problems)
            self.message.setText("请改正：" + "；".join(e.problems.values()))
            if any(k in self.form.fields for k in e.problems):
                self.tabs.setCurrentWidget(self.form)
            else:
                self.tabs.setCurrentWidget(self.people)
            return
        except (UserError, ReadOnlyError) as e:
            warn(self, "不能保存", str(e))
            return
        self.accept()


def kinds_dialog(db, parent=None) -> NamesDialog:
    """活动类别: the bureau's list of kinds — add one, remove one no activity uses."""
    return NamesDialog(
        db,
        "活动类别",
        "活动登记可选的类别（按本地叫法增加；已有活动使用的类别不能删除）：",
        lambda: activities.kinds(db),
        activities.add_kind,
        activities.remove_kind,
        used_word="条活动",
        name_label="类别名称：",
        height=520,
        wrap=False,
        parent=parent,
    )


def _period_value(text: str, problems: list[str], label: str) -> PartialDate | None:
    text = text.strip()
    if not text:
        return None
    try:
        return parse_loose(text)
    except DateError as e:
        problems.append(f"{label}：{e}")
        return None


class ActivitiesTab(ListTab):
    def __init__(self, db, bus, parent=None):
        super().__init__(
            activities.HEADERS,
            list(range(1, len(activities.COLUMNS))),
            (82, 82, 100, 230, 56, 110, 130, 62, 52, 40, 40, 40, 48),
            parent,
        )
        self.db, self.bus = db, bus
        self.count_what = "活动"
        self.search.setPlaceholderText("搜索主题、组织单位、地点")
        self.kind, self.level = QComboBox(), code_combo(rules.LEVELS, blank=False)
        self.level.insertItem(0, ALL)
        self.level.setCurrentIndex(0)
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
        filters = QHBoxLayout()
        for label, box in (("类别", self.kind), ("级别", self.level), ("学校", self.school)):
            filters.addWidget(QLabel(label))
            filters.addWidget(box)
        filters.addWidget(QLabel("期间"))
        filters.addWidget(self.first)
        filters.addWidget(QLabel("—"))
        filters.addWidget(self.last)
        filters.addStretch(1)
        self.layout_.insertLayout(0, filters)
        self.school.setMinimumWidth(180)
        self.kind.currentTextChanged.connect(lambda _t: self.refresh())
        self.level.currentTextChanged.connect(lambda _t: self.refresh())
        self.school.activated.connect(lambda _i: self.refresh())
        self.add_button("新增活动", self.add, writes=True, db=db).setToolTip("新增一条活动（Insert）")
        self.add_button("编辑", self.edit).setToolTip("编辑所选活动（回车或双击）")
        self.add_button("删除", self.delete, writes=True, db=db).setToolTip("删除所选活动（Delete）")
        self.add_button("活动类别…", self.edit_kinds)
        self.add_button("模板…", self.save_template).setToolTip("空白的活动登记表，发给学校填写")
        self.add_button("导入…", self.import_files, writes=True, db=db).setToolTip("导入填好的活动登记表")
        self.add_button("导出 Excel…", self.export)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        for key, slot in (("Insert", self.add), ("Delete", self.delete), ("Return", self.edit), ("Enter", self.edit)):
            QShortcut(QKeySequence(key), self.view, slot)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #c0392b;")
        self.layout_.addWidget(self.problem)
        bus.follow(self, self.refresh, Topic.ACTIVITIES, Topic.TEACHERS, Topic.SCHOOLS)
        self._fill_kinds()
        self.refresh()

    def _fill_kinds(self) -> None:
        current = self.kind.currentText()
        self.kind.blockSignals(True)
        self.kind.clear()
        with self.db.sessions() as s:
            self.kind.addItems([ALL, *activities.kind_names(s)])
        set_combo_text(self.kind, current or ALL)
        self.kind.blockSignals(False)

    def filters(self) -> dict:
        """The list's filters as list_rows takes them; a wrong date or school is said under the list."""
        problems: list[str] = []
        sid, problem = school_id_of(self.school)
        if problem:
            problems.append(problem)
        out = {
            "kind": None if self.kind.currentText() in ("", ALL) else self.kind.currentText(),
            "level": None if self.level.currentText() in ("", ALL) else self.level.currentText(),
            "school_id": sid,
            "first": _period_value(self.first.text(), problems, "期间起"),
            "last": _period_value(self.last.text(), problems, "期间止"),
        }
        self.problem.setText("；".join(problems))
        return out

    def refresh(self) -> None:
        self.set_rows(activities.list_rows(self.db, **self.filters()))

    def _run(self, dlg) -> None:
        self.run_dialog(dlg, Topic.ACTIVITIES, "activity_id", "已保存活动")

    def add(self) -> None:
        self._run(ActivityDialog(self.db, None, self))

    def edit(self) -> None:
        aid = self.current_key()
        if aid is not None:
            self._run(ActivityDialog(self.db, aid, self))

    def delete(self) -> None:
        ids = self.selected_keys() or ([self.current_key()] if self.current_key() is not None else [])
        if not ids:
            return
        what = self.model.row_at(self.model.view_row_of(ids[0]))[4] if len(ids) == 1 else f"所选 {len(ids)} 条活动"
        if not confirm(self, "删除活动", f"确定删除“{what}”及其参加教师名单吗？"):
            return
        try:
            activities.delete(self.db, ids)
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除活动", str(e))
            return
        self.bus.notify(Topic.ACTIVITIES)

    def edit_kinds(self) -> None:
        dlg = kinds_dialog(self.db, self)
        try:
            dlg.exec()
            if dlg.changed:
                self._fill_kinds()
        finally:
            dlg.deleteLater()

    def save_template(self) -> None:
        from talentdesk.importing import templates  # not at start-up: openpyxl

        path = ask_save_path(self, "保存活动登记表模板", "活动登记（空白模板）.xlsx", "Excel 文件 (*.xlsx)")
        if not path:
            return
        with self.db.sessions() as s:
            kinds = activities.kind_names(s)
        templates.write_activities(path, kinds, school_names=[n for _i, n in schools.choices(self.db)])
        status(self, f"已保存模板：{path}")

    def import_files(self) -> None:
        """Read the chosen files, show what would be imported and every problem (file, sheet, row, column), then
        import the activities without errors on the clerk's word."""
        from talentdesk.services.cultivation import activity_import  # not at start-up: the importer

        result = record_files.import_files(
            self,
            self.db,
            activity_import,
            title="导入活动登记表",
            nothing="没有可导入的活动",
            ask="导入活动",
            question="现在导入没有错误的活动吗？",
        )
        if result is not None:
            self.bus.notify(Topic.ACTIVITIES)
            status(
                self, f"已导入活动 {result.activities} 项、参加教师 {result.participants} 人次（可在“数据导入”页撤销）"
            )

    def export(self) -> None:
        from talentdesk.reports import activities as report  # not at start-up: openpyxl and the report

        record_files.export_list(
            self,
            lambda p: report.export(self.db, p, **self.filters()),
            title="导出活动登记",
            filename="活动登记.xlsx",
            done="已导出 {n} 条活动：{path}",
        )
