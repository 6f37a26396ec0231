"""课题研究 tab (issue 21 §5): the register of research projects (课题) filtered by level, step and year of 立项, with
the selected project's group shown beside the list; a dialog for the project (title, level, kind, 立项单位, 立项编号,
school, dates, step and award) and its group — teachers added one by one or in bulk (a school's teachers, a filter
of the teacher list, a pasted column of names / ID numbers), each with a role, one of them the 主持人; the step of
several projects set at once; the bureau's list of kinds (课题类别…); template, import and the register as Excel.
Writing buttons follow the user's role."""

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
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from talentdesk.domain import research as rules
from talentdesk.domain.dates import DateError, parse_loose
from talentdesk.errors import ReadOnlyError, UserError, ValidationError
from talentdesk.gui import record_files
from talentdesk.gui.bus import Topic
from talentdesk.gui.cultivation.bulk_attendees import BulkAttendeesDialog
from talentdesk.gui.cultivation.common import ListTab, SubTable, ask_save_path, confirm, form_values, status, warn
from talentdesk.gui.edit_check import NOT_SAVED, save_checked
from talentdesk.gui.names_dialog import NamesDialog
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.widgets import DATE, FormGrid, code_combo, school_combo, school_id_of, set_combo_text
from talentdesk.services.cultivation import research
from talentdesk.services.people import schools

ALL = "全部"


class ResearchDialog(QDialog):
    def __init__(self, db, project_id: int | None = None, parent=None):
        super().__init__(parent)
        self.db, self.project_id = db, project_id
        self.setWindowTitle("课题")
        with db.sessions() as s:
            kinds = research.kind_names(s)
        f = self.form = FormGrid(2)
        self.edits = {
            k: QLineEdit() for k in ("title", "issuer", "number", "approved", "planned_end", "concluded", "note")
        }
        self.combos = {
            "level": code_combo(rules.LEVELS),
            "kind": code_combo(kinds),
            "status": code_combo(rules.STATUSES, blank=False),
            "award": code_combo(rules.AWARDS),
            "school_id": school_combo(schools.choices(db)),
        }
        e, c = self.edits, self.combos
        f.add("title", "课题名称", e["title"], span=2, required=True)
        f.add("level", "级别", c["level"], required=True)
        f.add("kind", "课题类别", c["kind"], required=True)
        f.add("issuer", "立项单位", e["issuer"])
        f.add("number", "立项编号", e["number"])
        f.add("school_id", "所在学校", c["school_id"])
        f.add("approved", "立项日期", e["approved"], required=True)
        f.add("planned_end", "计划结题", e["planned_end"])
        f.add("status", "状态", c["status"], required=True)
        f.add("concluded", "结题日期", e["concluded"])
        f.add("award", "获奖等次", c["award"])
        f.add("note", "备注", e["note"], span=2)
        e["title"].setPlaceholderText("如 基于核心素养的初中数学单元整体教学研究")
        e["issuer"].setPlaceholderText("如 省教育科学规划领导小组办公室")
        e["number"].setPlaceholderText("立项编号或文号")
        for k in ("approved", "planned_end", "concluded"):
            e[k].setPlaceholderText("如 2024-06")
        c["school_id"].setToolTip("不填时为主持人所在学校")
        hint = QLabel(
            "进展：立项 → 中期 → 结题（成果获奖的选“获奖”并选获奖等次），或撤项、延期。结题、获奖的须填结题日期。"
            "主持人在“课题组成员”中指定，且必须是课题组成员。"
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
                ("_subject", "学科", None),
                ("role", "角色", rules.ROLES),
            ],
            db=db,
            teacher_key="teacher_id",
        )
        for col, w in enumerate((90, 200, 80)):
            self.members.table.setColumnWidth(col, w)
        self.bulk = QPushButton("批量添加…")
        self.bulk.setToolTip("按学校、按条件筛选或粘贴姓名/身份证号一次添加多名成员")
        self.bulk.clicked.connect(lambda _c=False: self.add_bulk())
        self.make_host = QPushButton("设为主持人")
        self.make_host.setToolTip("所选成员为主持人（原主持人改为成员）")
        self.make_host.clicked.connect(lambda _c=False: self.host_selected())
        self.count = QLabel()
        box = self.members.layout()
        item = box.itemAt(0) if box is not None else None
        bar = item.layout() if item is not None else None
        if box is not None and bar is not None:  # SubTable: its button bar, then the table
            bar.addWidget(self.bulk)
            bar.addWidget(self.make_host)
            box.addWidget(self.count)
        self.members.table.model().rowsInserted.connect(lambda *_: self._count())
        self.members.table.model().rowsRemoved.connect(lambda *_: self._count())
        self.tabs = QTabWidget()
        self.tabs.addTab(self.page, "课题情况")
        self.tabs.addTab(self.members, "课题组成员")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        apply_read_only([self.save_button, self.bulk, self.make_host], db)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(860, 560)
        self.loaded: dict | None = None  # version and values as loaded: a change saved meanwhile is merged
        if project_id:
            self._load(research.get(db, project_id))
        self._count()

    def _count(self) -> None:
        rows = self.members.rows()
        host = next((r.get("name") or "" for r in rows if r.get("role") == rules.HOST), "")
        self.count.setText(f"课题组 {len(rows)} 人；主持人：{host or '（未指定）'}")

    def _load(self, p: dict) -> None:
        self.loaded, e = p, self.edits
        for k in ("title", "issuer", "number", "note"):
            e[k].setText(p[k] or "")
        for k in ("approved", "planned_end", "concluded"):
            e[k].setText(p[k].iso() if p[k] else "")
        for k in ("level", "kind", "status", "award"):
            set_combo_text(self.combos[k], p[k] or "")
        set_combo_text(self.combos["school_id"], p["school"])
        self.members.load([{**m, "_school": m["school"], "_subject": m["subject"]} for m in p["members"]])
        self._count()

    def add_bulk(self) -> None:
        present = {r.get("teacher_id") for r in self.members.rows()}
        dlg = BulkAttendeesDialog(self.db, {p for p in present if p}, self)
        dlg.setWindowTitle("批量添加课题组成员")
        try:
            if dlg.exec() == QDialog.DialogCode.Accepted:
                self.add_teachers(dlg.chosen)
                self.tabs.setCurrentWidget(self.members)
        finally:
            dlg.deleteLater()

    def add_teachers(self, chosen: list[tuple[int, str, str]]) -> int:
        """Add (teacher id, name, school) rows not yet in the group; the first of an empty group hosts."""
        present = {r.get("teacher_id") for r in self.members.rows()}
        n = 0
        for tid, name, school in chosen:
            if tid in present:
                continue
            role = rules.HOST if not present and n == 0 else rules.MEMBER
            self.members.add_row({"teacher_id": tid, "name": name, "_school": school, "role": role})
            present.add(tid)
            n += 1
        self._count()
        return n

    def host_selected(self) -> bool:
        table = self.members.table
        rows = sorted({i.row() for i in table.selectionModel().selectedRows()}) or (
            [table.currentRow()] if table.currentRow() >= 0 else []
        )
        if len(rows) != 1:
            warn(self, "设为主持人", "请在课题组成员中选择一名成员。")
            return False
        col = [k for k, _h, _o in self.members.columns].index("role")
        for r in range(table.rowCount()):
            box = table.cellWidget(r, col)
            if isinstance(box, QComboBox):
                if r == rows[0]:
                    set_combo_text(box, rules.HOST)
                elif box.currentText() == rules.HOST:
                    set_combo_text(box, rules.MEMBER)
        self._count()
        return True

    def save(self) -> None:
        v = form_values(self.form)
        v["school_id"], problem = school_id_of(self.combos["school_id"])
        if problem:
            self.form.set_error("school_id", problem)
            self.tabs.setCurrentWidget(self.page)
            return
        people = [{k: r.get(k) for k in ("id", "version", "teacher_id", "role", "name")} for r in self.members.rows()]
        try:
            saved = save_checked(
                self,
                self.loaded,
                lambda **check: research.save(self.db, self.project_id, v, people, **check),
                lambda: self._load(research.get(self.db, self.project_id or 0)),
            )
            if saved is NOT_SAVED:
                return
            self.project_id = saved
        except ValidationError as e:
            self.form.set_errors(e.problems)
            self.message.setText("请改正：" + "；".join(e.problems.values()))
            if any(k in self.form.fields for k in e.problems):
                self.tabs.setCurrentWidget(self.page)
            else:
                self.tabs.setCurrentWidget(self.members)
            return
        except (UserError, ReadOnlyError) as e:
            warn(self, "不能保存", str(e))
            return
        self.accept()


class ResearchTab(ListTab):
    def __init__(self, db, bus, parent=None):
        super().__init__(
            research.HEADERS,
            list(range(1, len(research.HEADERS) + 1)),
            (DATE, 290, 56, 76, 100, 64, 150, 44, 110, DATE, DATE),
            parent,
        )
        self.db, self.bus = db, bus
        self.count_what, self.count_unit = "课题", "项"
        self.search.setPlaceholderText("搜索课题名称、立项编号、主持人、学校")
        self.level = code_combo(rules.LEVELS, blank=False)
        self.kind = code_combo([], blank=False)
        self.status_box = code_combo(rules.STATUSES, blank=False)
        for box in (self.level, self.status_box):
            box.insertItem(0, ALL)
            box.setCurrentIndex(0)
        self.year = QSpinBox()
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText("全部年份")
        self.year.setToolTip("只列这一年立项的课题")
        filters = QHBoxLayout()
        for label, w in (("级别", self.level), ("类别", self.kind), ("状态", self.status_box), ("立项年份", self.year)):
            filters.addWidget(QLabel(label))
            filters.addWidget(w)
        filters.addStretch(1)
        self.layout_.insertLayout(0, filters)
        self.level.currentTextChanged.connect(lambda _t: self.refresh())
        self.kind.currentTextChanged.connect(lambda _t: self.refresh())
        self.status_box.currentTextChanged.connect(lambda _t: self.refresh())
        self.year.valueChanged.connect(lambda _v: self.refresh())
        for text, slot, tip, writes in (
            ("新增课题", self.add, "登记一项课题（Insert）", True),
            ("编辑", self.edit, "编辑所选课题及课题组（回车或双击）", False),
            ("删除", self.delete, "删除所选课题（Delete）", True),
            ("设定进展…", self.set_step, "为所选课题（可多选）一次设定进展，如一批课题结题", True),
            ("课题类别…", self.edit_kinds, "课题类别名录：增加本地的类别，删除没有课题使用的类别", False),
            ("模板…", self.save_template, "空白的课题登记表，发给学校填写", False),
            ("导入…", self.import_files, "导入填好的课题登记表", True),
            ("导出 Excel…", self.export, "按当前筛选导出课题登记（每项课题一行）", False),
        ):
            b = self.add_button(text, slot)
            b.setToolTip(tip)
            if writes:  # after the tooltip: a 查阅员 or a read-only file is told why it is off
                apply_read_only([b], db)
        # the selected project: its details and group, under the list
        self.detail = QLabel("选择一项课题，这里显示立项信息和课题组成员。")
        self.detail.setObjectName("research_detail")
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("padding: 6px; background: #f4f6f7;")
        self.detail.setMinimumHeight(84)
        self.layout_.removeWidget(self.view)
        split = QSplitter()
        split.setOrientation(split.orientation().Vertical)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        self.layout_.addWidget(split, 1)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.show_detail())
        for key, slot in (("Insert", self.add), ("Delete", self.delete), ("Return", self.edit), ("Enter", self.edit)):
            QShortcut(QKeySequence(key), self.view, slot)
        bus.follow(self, self.refresh, Topic.RESEARCH, Topic.TEACHERS, Topic.SCHOOLS)
        self._fill_kinds()
        self.refresh()

    def _fill_kinds(self) -> None:
        current = self.kind.currentText()
        self.kind.blockSignals(True)
        self.kind.clear()
        with self.db.sessions() as s:
            self.kind.addItems([ALL, *research.kind_order(s)])
        set_combo_text(self.kind, current or ALL)
        self.kind.blockSignals(False)

    def edit_kinds(self) -> None:
        dlg = NamesDialog(
            self.db,
            "课题类别",
            "登记课题时可选的课题类别（可按本地叫法增加，如“规划课题”；已有课题使用的类别不能删除）。"
            "导入时写简称也可以，如“重点”即“重点课题”。",
            lambda: research.kinds(self.db),
            research.add_kind,
            research.remove_kind,
            used_word="项课题",
            parent=self,
        )
        self._kinds_dialog: NamesDialog | None = dlg  # kept referenced while it is open
        try:
            dlg.exec()
            if dlg.changed:
                self._fill_kinds()
        finally:
            self._kinds_dialog = None
            dlg.deleteLater()

    def filters(self) -> dict:
        return {
            "level": None if self.level.currentText() in ("", ALL) else self.level.currentText(),
            "kind": None if self.kind.currentText() in ("", ALL) else self.kind.currentText(),
            "status": None if self.status_box.currentText() in ("", ALL) else self.status_box.currentText(),
            "year": self.year.value() or None,
        }

    def refresh(self) -> None:
        self.set_rows(research.list_rows(self.db, **self.filters()))
        self.show_detail()

    def show_detail(self) -> None:
        pid = self.current_key()
        if pid is None:
            self.detail.setText("选择一项课题，这里显示立项信息和课题组成员。")
            return
        try:
            p = research.get(self.db, pid)
        except UserError as e:
            self.detail.setText(str(e))
            return
        dates = "，".join(
            f"{label} {p[k].iso()}"
            for label, k in (("立项", "approved"), ("计划结题", "planned_end"), ("结题", "concluded"))
            if p[k]
        )
        group = "；".join(
            f"{role}：" + "、".join(f"{m['name']}（{m['school']}）" for m in p["members"] if m["role"] == role)
            for role in rules.ROLES
            if any(m["role"] == role for m in p["members"])
        )
        head = f"{p['level']}{p['kind']}“{p['title']}”，{research.status_label(p['status'], p['award'])}"
        issued = "，".join(x for x in (p["issuer"] or "", p["number"] or "") if x)
        self.detail.setText(
            f"<b>{head}</b><br>{p['school']}"
            + (f"；{issued}" if issued else "")
            + (f"；{dates}" if dates else "")
            + f"<br>{group or '（课题组还没有成员）'}"
            + (f"<br>备注：{p['note']}" if p["note"] else "")
        )

    def _run(self, dlg) -> None:
        self.run_dialog(dlg, Topic.RESEARCH, "project_id", "已保存课题")

    def add(self) -> None:
        self._run(ResearchDialog(self.db, None, self))

    def edit(self) -> None:
        pid = self.current_key()
        if pid is not None:
            self._run(ResearchDialog(self.db, pid, self))

    def _chosen(self) -> list[int]:
        return self.selected_keys() or ([self.current_key()] if self.current_key() is not None else [])

    def delete(self) -> None:
        ids = self._chosen()
        if not ids:
            return
        what = self.model.row_at(self.model.view_row_of(ids[0]))[2] if len(ids) == 1 else f"所选 {len(ids)} 项课题"
        if not confirm(self, "删除课题", f"确定删除“{what}”及其课题组成员名单吗？"):
            return
        try:
            research.delete(self.db, ids)
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除课题", str(e))
            return
        self.bus.notify(Topic.RESEARCH)

    def set_step(self, step: str | None = None, when: str | None = None, award: str | None = None) -> int:
        """Set STEP (asked when None) on the selected projects, with the 结题日期 WHEN and the AWARD grade a 结题 or
        获奖 needs; the number changed (0 when refused)."""
        ids = self._chosen()
        if not ids:
            warn(self, "设定进展", "请先选择课题（可按住 Ctrl 或 Shift 多选）。")
            return 0
        if step is None:
            step, ok = QInputDialog.getItem(
                self, "设定进展", f"所选 {len(ids)} 项课题的进展：", list(rules.STATUSES), 2, False
            )
            if not ok:
                return 0
            if step in (*rules.DONE, rules.WITHDRAWN):
                when, ok = QInputDialog.getText(self, "设定进展", "结题（撤项）日期，如 2025-12：")
                if not ok:
                    return 0
            if step == rules.AWARDED:
                award, ok = QInputDialog.getItem(self, "设定进展", "获奖等次：", list(rules.AWARDS), 1, False)
                if not ok:
                    return 0
        try:
            day = parse_loose(when) if when and when.strip() else None
            n = research.set_status(self.db, ids, step, concluded=day, award=award)
        except DateError as e:
            warn(self, "设定进展", f"日期“{when}”不对：{e}")
            return 0
        except (UserError, ReadOnlyError) as e:
            warn(self, "设定进展", str(e))
            return 0
        except ValidationError as e:
            warn(self, "设定进展", "；".join(e.problems.values()))
            return 0
        self.bus.notify(Topic.RESEARCH)
        status(self, f"已设定 {n} 项课题的进展为“{step}”")
        return n

    def save_template(self) -> None:
        from talentdesk.importing import templates  # not at start-up: openpyxl

        path = ask_save_path(self, "保存课题登记表模板", "课题登记（空白模板）.xlsx", "Excel 文件 (*.xlsx)")
        if not path:
            return
        with self.db.sessions() as s:
            kinds = research.kind_names(s)
        templates.write_research_projects(path, kinds, school_names=[n for _i, n in schools.choices(self.db)])
        status(self, f"已保存模板：{path}")

    def import_files(self) -> None:
        """Read the chosen files, show what would be imported and every problem (file, sheet, row, column), then
        import the projects without errors on the clerk's word."""
        from talentdesk.services.cultivation import research_import  # not at start-up: the importer

        result = record_files.import_files(
            self,
            self.db,
            research_import,
            title="导入课题登记表",
            nothing="没有可导入的课题",
            ask="导入课题",
            question="现在导入没有错误的课题吗？",
        )
        if result is not None:
            self.bus.notify(Topic.RESEARCH)
            updated = f"、更新已登记课题 {result.updated} 项" if result.updated else ""
            status(
                self,
                f"已导入课题 {result.projects} 项、课题组成员 {result.members} 人次{updated}（可在“数据导入”页撤销）",
            )

    def export(self) -> None:
        from talentdesk.reports import research as report  # not at start-up: openpyxl and the report

        record_files.export_list(
            self,
            lambda p: report.export(self.db, p, **self.filters()),
            title="导出课题",
            filename="课题登记.xlsx",
            done="已导出课题 {n} 项：{path}",
        )
