"""竞赛 tab (issue 21 §2): teaching competitions — 优质课, 基本功, 班主任能力, 说课 … — filtered by kind, level,
subject, school and period, with an add/edit dialog whose entrants are added one by one or in bulk (a school's
teachers, a filter of the teacher list, a pasted column of names / ID numbers), each with their result and whether
they were selected for the next level; the bureau's list of kinds, the template and import, and the list as Excel.
An award is also the teacher's honour (the service keeps the two together)."""

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

from talentdesk.domain import codes
from talentdesk.domain import competitions as rules
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
from talentdesk.services.cultivation import competitions
from talentdesk.services.people import schools

ALL = "全部"
YES, NO = "是", "否"


class CompetitionDialog(QDialog):
    def __init__(self, db, competition_id: int | None = None, parent=None):
        super().__init__(parent)
        self.db, self.competition_id = db, competition_id
        self.setWindowTitle("教学竞赛")
        with db.sessions() as s:
            kinds = competitions.kind_names(s)
        f = self.form = FormGrid(2)
        self.edits = {k: QLineEdit() for k in ("name", "organiser", "start", "end", "note")}
        self.combos = {
            "kind": code_combo(kinds),
            "level": code_combo(rules.LEVELS),
            "subject": code_combo(codes.SUBJECT.labels),
            "stage": code_combo(codes.STAGE.labels),
            "next_id": QComboBox(),
        }
        e, c = self.edits, self.combos
        f.add("name", "竞赛名称", e["name"], span=2, required=True)
        f.add("kind", "竞赛类别", c["kind"], required=True)
        f.add("level", "级别", c["level"], required=True)
        f.add("subject", "学科", c["subject"])
        f.add("stage", "学段", c["stage"])
        f.add("start", "开始日期", e["start"], required=True)
        f.add("end", "结束日期", e["end"])
        f.add("organiser", "主办单位", e["organiser"], span=2)
        f.add("next_id", "选送上一级竞赛", c["next_id"], span=2)
        f.add("note", "备注", e["note"], span=2)
        e["name"].setPlaceholderText("如 2025年全县初中数学优质课评比")
        e["start"].setPlaceholderText("如 2025-10-14")
        e["end"].setPlaceholderText("一天的竞赛不填")
        c["level"].currentTextChanged.connect(lambda _t: self._fill_next())
        self.people = SubTable(
            [
                ("teacher_id", "教师", None),
                ("_school", "参赛学校", None),
                ("result", "结果", rules.RESULTS),
                ("selected_text", "推荐上一级", (YES, NO)),
            ],
            db=db,
            teacher_key="teacher_id",
        )
        self.people.add_button.clicked.connect(lambda _c=False: self._picked_school())
        for col, w in enumerate((110, 210, 90)):
            self.people.table.setColumnWidth(col, w)
        self.bulk = QPushButton("批量添加…")
        self.bulk.setToolTip("按学校、按条件筛选或粘贴姓名/身份证号一次添加多名参赛教师")
        self.bulk.clicked.connect(lambda _c=False: self.add_bulk())
        self.all_result = code_combo(rules.RESULTS)
        self.all_result.setToolTip("把所选各行（未选时为全部行）的结果设为此项")
        set_all = QPushButton("设为所选行结果")
        set_all.clicked.connect(lambda _c=False: self.set_result(self.all_result.currentText()))
        self.count = QLabel()
        box = self.people.layout()
        item = box.itemAt(0) if box is not None else None
        bar = item.layout() if item is not None else None
        if isinstance(box, QVBoxLayout) and bar is not None:  # SubTable: its button bar, then the table
            bar.addWidget(self.bulk)
            tools = QHBoxLayout()
            tools.addWidget(self.count)
            tools.addStretch(1)
            tools.addWidget(QLabel("结果"))
            tools.addWidget(self.all_result)
            tools.addWidget(set_all)
            box.addLayout(tools)
        self.people.table.model().rowsInserted.connect(lambda *_: self._count())
        self.people.table.model().rowsRemoved.connect(lambda *_: self._count())
        self.tabs = QTabWidget()
        self.tabs.addTab(f, "竞赛情况")
        self.tabs.addTab(self.people, "参赛教师与结果")
        hint = QLabel("获奖（特等奖至优秀奖）同时记入教师的荣誉；改为未获奖或删除参赛教师时，该荣誉一并删除。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #566573;")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        apply_read_only([buttons.button(QDialogButtonBox.StandardButton.Save), self.bulk, set_all], db)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(hint)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(820, 600)
        self.loaded: dict | None = None  # version and values as loaded: a change saved meanwhile is merged
        self._fill_next()
        if competition_id:
            self._load(competitions.get(db, competition_id))
        self._count()

    def _fill_next(self, chosen: int | None = None) -> None:
        """The competitions of a higher level this one may select for (keeps the choice when still offered)."""
        box = self.combos["next_id"]
        keep = chosen if chosen is not None else box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem("（无）", None)
        level = self.combos["level"].currentText() or None
        for cid, label in competitions.next_choices(self.db, level, exclude=self.competition_id):
            box.addItem(label, cid)
        i = box.findData(keep) if keep is not None else 0
        box.setCurrentIndex(max(i, 0))
        box.blockSignals(False)

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
        rows = self.people.rows()
        awards = sum(1 for r in rows if r.get("result") in rules.AWARDS)
        chosen = sum(1 for r in rows if r.get("selected_text") == YES)
        self.count.setText(f"参赛教师 {len(rows)} 人，获奖 {awards} 人，推荐上一级 {chosen} 人")

    def _load(self, c: dict) -> None:
        self.loaded, e = c, self.edits
        for k in ("name", "organiser", "note"):
            e[k].setText(c[k] or "")
        for k in ("kind", "level", "subject", "stage"):
            set_combo_text(self.combos[k], c[k] or "")
        for k in ("start", "end"):
            e[k].setText(c[k].iso() if c[k] else "")
        self._fill_next(c["next_id"])
        self.people.load(
            [{**p, "_school": p["school"], "selected_text": YES if p["selected"] else NO} for p in c["entrants"]]
        )
        self._count()

    def add_bulk(self) -> None:
        present = {r.get("teacher_id") for r in self.people.rows()}
        dlg = BulkAttendeesDialog(self.db, {p for p in present if p}, self)
        dlg.setWindowTitle("批量添加参赛教师")
        try:
            if dlg.exec() == QDialog.DialogCode.Accepted:
                for tid, name, school in dlg.chosen:
                    self.people.add_row({"teacher_id": tid, "name": name, "_school": school, "selected_text": NO})
                self.tabs.setCurrentWidget(self.people)
                self._count()
        finally:
            dlg.deleteLater()

    def set_result(self, result: str) -> None:
        """The result of the selected rows (all rows when none is selected)."""
        table = self.people.table
        rows = sorted({i.row() for i in table.selectionModel().selectedRows()}) or list(range(table.rowCount()))
        col = next(i for i, (k, _h, _o) in enumerate(self.people.columns) if k == "result")
        for r in rows:
            box = table.cellWidget(r, col)
            if isinstance(box, QComboBox):
                box.setCurrentIndex(max(box.findText(result), 0))
        self._count()

    def values(self) -> dict:
        v = form_values(self.form)
        v["next_id"] = self.combos["next_id"].currentData()
        return v

    def entrants(self) -> list[dict]:
        return [
            {
                **{k: r.get(k) for k in ("id", "version", "teacher_id", "school_id", "result", "name")},
                "selected": r.get("selected_text") == YES,
            }
            for r in self.people.rows()
        ]

    def save(self) -> None:
        v, people = self.values(), self.entrants()
        try:
            saved = save_checked(
                self,
                self.loaded,
                lambda **check: competitions.save(self.db, self.competition_id, v, people, **check),
                lambda: self._load(competitions.get(self.db, self.competition_id or 0)),
            )
            if saved is NOT_SAVED:
                return
            self.competition_id = saved
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
    """竞赛类别: the bureau's list of kinds — add one, remove one no competition uses."""
    return NamesDialog(
        db,
        "竞赛类别",
        "教学竞赛可选的类别（按本地叫法增加；已有竞赛使用的类别不能删除）：",
        lambda: competitions.kinds(db),
        competitions.add_kind,
        competitions.remove_kind,
        used_word="项竞赛",
        name_label="类别名称：",
        height=480,
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


class CompetitionsTab(ListTab):
    def __init__(self, db, bus, parent=None):
        super().__init__(
            competitions.HEADERS,
            list(range(1, len(competitions.CompetitionRow._fields))),
            (82, 82, 80, 300, 50, 60, 50, 130, 44, 44, 44, 90),
            parent,
        )
        self.db, self.bus = db, bus
        self.count_what, self.count_unit = "竞赛", "项"
        self.search.setPlaceholderText("搜索竞赛名称、主办单位")
        self.kind, self.level = QComboBox(), code_combo(rules.LEVELS, blank=False)
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
        filters = QHBoxLayout()
        for label, box in (("类别", self.kind), ("级别", self.level), ("学科", self.subject), ("学校", self.school)):
            filters.addWidget(QLabel(label))
            filters.addWidget(box)
        filters.addWidget(QLabel("期间"))
        filters.addWidget(self.first)
        filters.addWidget(QLabel("—"))
        filters.addWidget(self.last)
        filters.addStretch(1)
        self.layout_.insertLayout(0, filters)
        self.school.setMinimumWidth(180)
        for box in (self.kind, self.level, self.subject):
            box.currentTextChanged.connect(lambda _t: self.refresh())
        self.school.activated.connect(lambda _i: self.refresh())
        self.add_button("新增竞赛", self.add, writes=True, db=db).setToolTip("新增一项竞赛（Insert）")
        self.add_button("编辑", self.edit).setToolTip("编辑所选竞赛及参赛教师、结果（回车或双击）")
        self.add_button("删除", self.delete, writes=True, db=db).setToolTip("删除所选竞赛（Delete）")
        self.add_button("选送上一级", self.send_selected, writes=True, db=db).setToolTip(
            "把所选竞赛中勾选“选送”的教师加入其选送的上一级竞赛名单"
        )
        self.add_button("竞赛类别…", self.edit_kinds)
        self.add_button("模板…", self.save_template).setToolTip("空白的参赛获奖表（每名参赛教师一行）")
        self.add_button("导入…", self.import_files, writes=True, db=db).setToolTip("导入填好的参赛获奖表")
        self.add_button("导出 Excel…", self.export)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        for key, slot in (("Insert", self.add), ("Delete", self.delete), ("Return", self.edit), ("Enter", self.edit)):
            QShortcut(QKeySequence(key), self.view, slot)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #c0392b;")
        self.layout_.addWidget(self.problem)
        bus.follow(self, self.refresh, Topic.COMPETITIONS, Topic.TEACHERS, Topic.SCHOOLS)
        self._fill_kinds()
        self.refresh()

    def _fill_kinds(self) -> None:
        current = self.kind.currentText()
        self.kind.blockSignals(True)
        self.kind.clear()
        with self.db.sessions() as s:
            self.kind.addItems([ALL, *competitions.kind_names(s)])
        set_combo_text(self.kind, current or ALL)
        self.kind.blockSignals(False)

    def filters(self) -> dict:
        """The list's filters as list_rows takes them; a wrong date or school is said under the list."""
        problems: list[str] = []
        sid, problem = school_id_of(self.school)
        if problem:
            problems.append(problem)

        def chosen(box: QComboBox) -> str | None:
            return None if box.currentText() in ("", ALL) else box.currentText()

        out = {
            "kind": chosen(self.kind),
            "level": chosen(self.level),
            "subject": chosen(self.subject),
            "school_id": sid,
            "first": _period_value(self.first.text(), problems, "期间起"),
            "last": _period_value(self.last.text(), problems, "期间止"),
        }
        self.problem.setText("；".join(problems))
        return out

    def refresh(self) -> None:
        self.set_rows(competitions.list_rows(self.db, **self.filters()))

    def _run(self, dlg) -> None:
        self.run_dialog(dlg, Topic.COMPETITIONS, "competition_id", "已保存竞赛（获奖已记入教师荣誉）")

    def add(self) -> None:
        self._run(CompetitionDialog(self.db, None, self))

    def edit(self) -> None:
        cid = self.current_key()
        if cid is not None:
            self._run(CompetitionDialog(self.db, cid, self))

    def delete(self) -> None:
        ids = self.selected_keys() or ([self.current_key()] if self.current_key() is not None else [])
        if not ids:
            return
        one = self.model.row_at(self.model.view_row_of(ids[0])) if len(ids) == 1 else None
        what = f"“{one.name}”" if one is not None else f"所选 {len(ids)} 项竞赛"
        if not confirm(self, "删除竞赛", f"确定删除{what}及其参赛教师名单吗？获奖记入的教师荣誉也将一并删除。"):
            return
        try:
            competitions.delete(self.db, ids)
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除竞赛", str(e))
            return
        self.bus.notify(Topic.COMPETITIONS)

    def send_selected(self) -> None:
        cid = self.current_key()
        if cid is None:
            warn(self, "选送上一级", "请先选择一项竞赛")
            return
        try:
            added, there = competitions.send_selected(self.db, cid)
        except (UserError, ReadOnlyError) as e:
            warn(self, "选送上一级", str(e))
            return
        self.bus.notify(Topic.COMPETITIONS)
        status(self, f"已把 {added} 名选送教师加入上一级竞赛" + (f"（{there} 名已在名单中）" if there else ""))

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

        path = ask_save_path(self, "保存参赛获奖表模板", "教学竞赛参赛获奖（空白模板）.xlsx", "Excel 文件 (*.xlsx)")
        if not path:
            return
        with self.db.sessions() as s:
            kinds = competitions.kind_names(s)
        templates.write_competitions(path, kinds, school_names=[n for _i, n in schools.choices(self.db)])
        status(self, f"已保存模板：{path}")

    def import_files(self) -> None:
        """Read the chosen files, show what would be imported and every problem (file, sheet, row, column), then
        import the competitions without errors on the clerk's word."""
        from talentdesk.services.cultivation import competition_import  # not at start-up: the importer

        result = record_files.import_files(
            self,
            self.db,
            competition_import,
            title="导入参赛获奖表",
            nothing="没有可导入的竞赛",
            ask="导入竞赛",
            question="现在导入没有错误的竞赛吗？",
        )
        if result is not None:
            self.bus.notify(Topic.COMPETITIONS)
            status(
                self, f"已导入竞赛 {result.competitions} 项、参赛教师 {result.entrants} 人次（可在“数据导入”页撤销）"
            )

    def export(self) -> None:
        from talentdesk.reports import competitions as report  # not at start-up: openpyxl and the report

        record_files.export_list(
            self,
            lambda p: report.export(self.db, p, **self.filters()),
            title="导出教学竞赛",
            filename="教学竞赛.xlsx",
            done="已导出 {n} 行：{path}",
        )
