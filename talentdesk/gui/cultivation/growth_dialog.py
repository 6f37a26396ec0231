"""成长清单 dialog (issue 21 §5): the programme's members on the left (goals set, done, overdue each), the chosen
member's 个性化成长清单 on the right — goals (公开课, 论文, 课题, 获评骨干, 读书 …) with due date, completion and
evidence, their status derived (未完成/已完成/逾期). Add, edit, complete or delete goals; give the same goal to all
selected members at once; save the goal list template (the members filled in) and import filled lists."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from talentdesk.domain import growth as rules
from talentdesk.errors import ReadOnlyError, UserError, ValidationError
from talentdesk.gui import record_files
from talentdesk.gui.cultivation.common import ask_save_path, confirm, warn
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.widgets import FormGrid, code_combo, set_combo_text
from talentdesk.services.cultivation import growth

STATUS_COLOUR = {rules.DONE: "#1e8449", rules.OVERDUE: "#c0392b", rules.OPEN: "#2c3e50"}


class GoalDialog(QDialog):
    """One goal: kind, description, due date, completion and evidence. WHO: whom it is for (shown)."""

    def __init__(self, db, who: str, goal: dict | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("成长目标")
        with db.sessions() as s:
            kinds = growth.kind_names(s)
        self.form = FormGrid(1)
        self.kind = code_combo(kinds, editable=True)
        self.edits = {k: QLineEdit() for k in ("description", "due", "done", "evidence")}
        self.form.add("kind", "目标类型", self.kind, required=True)
        self.form.add("description", "目标内容", self.edits["description"], required=True)
        self.form.add("due", "计划完成", self.edits["due"])
        self.form.add("done", "完成日期", self.edits["done"])
        self.form.add("evidence", "佐证", self.edits["evidence"])
        self.edits["description"].setPlaceholderText("如 上一节县级公开课、在市级以上刊物发表论文一篇")
        self.edits["due"].setPlaceholderText("如 2026-06")
        self.edits["done"].setPlaceholderText("完成后填写，如 2026-05-12")
        self.edits["evidence"].setPlaceholderText("如 获奖证书、听课记录、刊物目录页")
        if goal:
            set_combo_text(self.kind, goal["kind"])
            for k in ("description", "evidence"):
                self.edits[k].setText(goal.get(k) or "")
            for k in ("due", "done"):
                self.edits[k].setText(goal[k].iso() if goal.get(k) else "")
        who_label = QLabel(who)
        who_label.setWordWrap(True)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c0392b;")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(who_label)
        lay.addWidget(self.form)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(520, 280)

    def values(self) -> dict:
        return {"kind": self.kind.currentText(), **{k: e.text() for k, e in self.edits.items()}}

    def _check(self) -> None:
        try:
            growth.clean(self.values())
        except ValidationError as e:
            self.form.set_errors(e.problems)
            self.message.setText("请改正：" + "；".join(e.problems.values()))
            return
        self.accept()


class GrowthDialog(QDialog):
    """The growth plans of one programme's members."""

    def __init__(self, db, programme_id: int, title: str = "", member_id: int | None = None, parent=None):
        super().__init__(parent)
        self.db, self.programme_id = db, programme_id
        self.setWindowTitle(f"个性化成长清单 — {title}" if title else "个性化成长清单")
        self.people = QTableWidget(0, 5)
        self.people.setHorizontalHeaderLabels(["姓名", "学校", "目标", "完成", "逾期"])
        self.people.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.people.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.people.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.people.verticalHeader().setVisible(False)
        for c, w in enumerate((70, 150, 40, 40, 40)):
            self.people.setColumnWidth(c, w)
        self.people.itemSelectionChanged.connect(self._show_goals)
        self.goals = QTableWidget(0, len(growth.GOAL_HEADERS))
        self.goals.setHorizontalHeaderLabels(list(growth.GOAL_HEADERS))
        self.goals.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.goals.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.goals.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.goals.verticalHeader().setVisible(False)
        for c, w in enumerate((62, 200, 72, 82, 52)):
            self.goals.setColumnWidth(c, w)
        self.goals.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.goals.doubleClicked.connect(lambda _i: self.edit_goal())
        self.who = QLabel()
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, text, slot, tip in (
            ("add", "新增目标…", self.add_goal, "为当前成员新增一个目标"),
            ("edit", "编辑…", self.edit_goal, "编辑所选目标（双击）"),
            ("done", "标记完成…", self.complete_goals, "所选目标（可多选）填写完成日期和佐证"),
            ("delete", "删除", self.delete_goals, "删除所选目标"),
        ):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.clicked.connect(lambda _c=False, f=slot: f())
            bar.addWidget(b)
            self.buttons[key] = b
        bar.addStretch(1)
        self.bulk = QPushButton("为所选成员添加同一目标…")
        self.bulk.setToolTip("在左侧选择多名成员（Ctrl 或 Shift 多选），为每人添加同一个目标")
        self.bulk.clicked.connect(lambda _c=False: self.add_to_selected())
        apply_read_only([*self.buttons.values(), self.bulk], db)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel("培养对象（可多选）"))
        ll.addWidget(self.people, 1)
        ll.addWidget(self.bulk)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.who)
        rl.addLayout(bar)
        rl.addWidget(self.goals, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([360, 620])
        self.summary = QLabel()
        self.template = QPushButton("成长清单模板…")
        self.template.setToolTip("空白的成长清单表（每个目标一行），已填入本项目的成员，发给学校或成员填写")
        self.template.clicked.connect(lambda _c=False: self.save_template())
        self.importer = QPushButton("导入成长清单…")
        self.importer.setToolTip("导入填好的成长清单（可含多个项目）；有错误时整表不导入，可在“数据导入”页撤销")
        self.importer.clicked.connect(lambda _c=False: self.import_files())
        apply_read_only([self.importer], db)
        self.exporter = QPushButton("导出 Excel…")
        self.exporter.setToolTip("本项目全部成员的目标（含状态），列与模板相同，改后可再导入")
        self.exporter.clicked.connect(lambda _c=False: self.export())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.template)
        bottom.addWidget(self.importer)
        bottom.addWidget(self.exporter)
        bottom.addStretch(1)
        bottom.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(split, 1)
        lay.addWidget(self.summary)
        lay.addLayout(bottom)
        self.resize(1000, 600)
        self.changed = False
        self.rows: list[dict] = []
        self.goal_rows: list[dict] = []
        self.refresh(member_id)

    # ------------------------------------------------------------ members and goals

    def refresh(self, member_id: int | None = None) -> None:
        keep = member_id if member_id is not None else self.current_member()
        self.rows = growth.members(self.db, self.programme_id)
        self.people.blockSignals(True)
        self.people.setRowCount(len(self.rows))
        for r, m in enumerate(self.rows):
            for c, v in enumerate((m["name"], m["school"], m["goals"], m["done"], m["overdue"])):
                item = QTableWidgetItem(str(v))
                if c == 4 and m["overdue"]:
                    item.setForeground(QColor(STATUS_COLOUR[rules.OVERDUE]))
                self.people.setItem(r, c, item)
        self.people.blockSignals(False)
        index = next((i for i, m in enumerate(self.rows) if m["id"] == keep), 0 if self.rows else -1)
        if index >= 0:
            self.people.selectRow(index)
        self._show_goals()
        total = sum(m["goals"] for m in self.rows)
        done = sum(m["done"] for m in self.rows)
        late = sum(m["overdue"] for m in self.rows)
        self.summary.setText(
            f"成员 {len(self.rows)} 人，有目标 {sum(1 for m in self.rows if m['goals'])} 人；"
            f"目标 {total} 个：已完成 {done}，逾期 {late}，未到期 {total - done - late}"
        )

    def selected_members(self) -> list[int]:
        rows = sorted({i.row() for i in self.people.selectionModel().selectedRows()})
        return [self.rows[r]["id"] for r in rows if r < len(self.rows)]

    def current_member(self) -> int | None:
        r = self.people.currentRow()
        chosen = self.selected_members()
        if chosen:
            return chosen[0] if r < 0 or r >= len(self.rows) or self.rows[r]["id"] not in chosen else self.rows[r]["id"]
        return None

    def _member(self, member_id: int | None) -> dict | None:
        return next((m for m in self.rows if m["id"] == member_id), None)

    def _show_goals(self) -> None:
        m = self._member(self.current_member())
        self.goal_rows = growth.goals(self.db, m["id"]) if m else []
        self.who.setText(f"{m['name']}（{m['school']}）的成长清单" if m else "请在左侧选择成员")
        self.goals.setRowCount(len(self.goal_rows))
        for r, g in enumerate(self.goal_rows):
            values = (
                g["kind"],
                g["description"],
                g["due"].iso() if g["due"] else "",
                g["done"].iso() if g["done"] else "",
                g["status"],
                g["evidence"] or "",
            )
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                if c == 4:
                    item.setForeground(QColor(STATUS_COLOUR[g["status"]]))
                self.goals.setItem(r, c, item)

    def selected_goals(self) -> list[dict]:
        rows = sorted({i.row() for i in self.goals.selectionModel().selectedRows()})
        return [self.goal_rows[r] for r in rows if r < len(self.goal_rows)]

    # ------------------------------------------------------------ actions

    def _done(self) -> None:
        self.changed = True
        self.refresh()

    def add_goal(self, values: dict | None = None) -> int | None:
        m = self._member(self.current_member())
        if m is None:
            warn(self, "新增目标", "请先在左侧选择成员。")
            return None
        if values is None:
            dlg = GoalDialog(self.db, f"为 {m['name']} 新增目标", None, self)
            try:
                if dlg.exec() != QDialog.DialogCode.Accepted:
                    return None
                values = dlg.values()
            finally:
                dlg.deleteLater()
        try:
            gid = growth.save(self.db, None, m["id"], values)
        except (UserError, ReadOnlyError) as e:
            warn(self, "不能保存", str(e))
            return None
        self._done()
        return gid

    def edit_goal(self) -> None:
        chosen = self.selected_goals()
        m = self._member(self.current_member())
        if not chosen or m is None:
            return
        g = chosen[0]
        dlg = GoalDialog(self.db, f"{m['name']} 的目标", g, self)
        try:
            if dlg.exec() != QDialog.DialogCode.Accepted:
                return
            values = dlg.values()
        finally:
            dlg.deleteLater()
        try:
            growth.save(self.db, g["id"], m["id"], values, version=g["version"])
        except (UserError, ReadOnlyError) as e:
            warn(self, "不能保存", str(e))
            return
        self._done()

    def complete_goals(self, done: str | None = None, evidence: str | None = None) -> int:
        chosen = self.selected_goals()
        if not chosen:
            warn(self, "标记完成", "请先选择要标记完成的目标（可多选）。")
            return 0
        if done is None:
            done, ok = QInputDialog.getText(self, "标记完成", f"所选 {len(chosen)} 个目标的完成日期（如 2026-05-12）：")
            if not ok:
                return 0
            evidence, ok = QInputDialog.getText(self, "标记完成", "佐证（可不填）：")
            if not ok:
                return 0
        try:
            n = growth.complete(self.db, [g["id"] for g in chosen], done, evidence)
        except (UserError, ReadOnlyError) as e:
            warn(self, "标记完成", str(e))
            return 0
        self._done()
        return n

    def delete_goals(self, ask: bool = True) -> int:
        chosen = self.selected_goals()
        if not chosen:
            return 0
        if ask and not confirm(self, "删除目标", f"确定删除所选 {len(chosen)} 个目标吗？"):
            return 0
        try:
            n = growth.delete(self.db, [g["id"] for g in chosen])
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除目标", str(e))
            return 0
        self._done()
        return n

    def save_template(self) -> str:
        """The goal list template with this programme's members filled in; the path saved ("" when cancelled)."""
        from talentdesk.services.cultivation import growth_import  # not at start-up: the importer

        name = self.windowTitle().removeprefix("个性化成长清单 — ") or "成长清单"
        path = ask_save_path(self, "保存成长清单模板", f"成长清单（{name}）.xlsx", "Excel 文件 (*.xlsx)")
        if not path:
            return ""
        try:
            n = growth_import.write_template(self.db, path, [self.programme_id])
        except (UserError, OSError) as e:
            warn(self, "不能保存模板", str(e))
            return ""
        self.summary.setText(f"已保存模板（已填入成员 {n} 人）：{path}")
        return path

    def import_files(self) -> int:
        """Read the chosen goal lists, show every problem (file, sheet, row, column); without errors, import them on
        the clerk's word as one batch. The number of goals added and updated."""
        from talentdesk.services.cultivation import growth_import  # not at start-up: the importer

        result = record_files.import_files(
            self,
            self.db,
            growth_import,
            title="导入成长清单",
            nothing="没有导入成长清单",
            ask="导入成长清单",
            question="现在导入吗？（可在“数据导入”页撤销）",
        )
        if result is None:
            return 0
        self._done()
        self.summary.setText(
            f"已导入新目标 {result.added} 个、更新 {result.updated} 个（可在“数据导入”页撤销）。" + self.summary.text()
        )
        return result.added + result.updated

    def export(self) -> str:
        """This programme's goals as a workbook; the path written ("" when cancelled or refused)."""
        from talentdesk.reports import growth_goals as report  # not at start-up: openpyxl and the report

        name = self.windowTitle().removeprefix("个性化成长清单 — ") or "全部项目"
        path = record_files.export_list(
            self,
            lambda p: report.export(self.db, p, self.programme_id),
            title="导出成长清单",
            filename=f"个性化成长清单（{name}）.xlsx",
            done="已导出目标 {n} 个：{path}",
        )
        if path:
            self.summary.setText(f"已导出本项目的目标：{path}")
        return path

    def add_to_selected(self, values: dict | None = None) -> int:
        ids = self.selected_members()
        if not ids:
            warn(self, "添加同一目标", "请先在左侧选择成员（可按住 Ctrl 或 Shift 多选）。")
            return 0
        if values is None:
            dlg = GoalDialog(self.db, f"为所选 {len(ids)} 名成员各添加一个相同的目标", None, self)
            try:
                if dlg.exec() != QDialog.DialogCode.Accepted:
                    return 0
                values = dlg.values()
            finally:
                dlg.deleteLater()
        try:
            n = growth.add_to_members(self.db, ids, values)
        except (UserError, ReadOnlyError) as e:
            warn(self, "不能保存", str(e))
            return 0
        self._done()
        return n
