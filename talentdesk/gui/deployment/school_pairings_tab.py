"""学校结对 tab (issue 21 §3): pairings and groups of schools — 城乡对口学校一体化, 结对帮扶, 联校/集团化办学, 教共体 —
with their lead school, other schools, term, 文号 and agreed actions; beside the list, what happened in the selected
pairing in a period (teachers exchanged between its schools, activities held, 人次); the bureau's list of kinds,
template, import and the list as Excel."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from talentdesk.domain import school_pairing as rules
from talentdesk.domain.dates import DateError, parse_loose
from talentdesk.errors import ReadOnlyError, UserError, ValidationError
from talentdesk.gui import record_files
from talentdesk.gui.bus import Topic
from talentdesk.gui.deployment.common import ListDetail, ask_save_path, confirm, refresh_when_shown, status, warn
from talentdesk.gui.edit_check import NOT_SAVED, save_checked
from talentdesk.gui.names_dialog import NamesDialog
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.widgets import FormGrid, code_combo, school_combo, school_id_of, set_combo_text, widget_text
from talentdesk.services.deployment import school_pairings
from talentdesk.services.people import schools

WIDTHS = (210, 110, 130, 50, 200, 82, 82, 52, 150)


class SchoolsBox(QWidget):
    """The pairing's schools with their part: pick a school and a role, 添加; 删除 the selected row."""

    def __init__(self, choices: list[tuple[int, str]], parent=None):
        super().__init__(parent)
        self.names = dict(choices)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["学校", "角色"])
        self.table.setColumnWidth(0, 300)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.school = school_combo(choices)
        self.school.setMinimumWidth(240)
        self.role = code_combo(rules.ROLES[1:], blank=False)
        self.add_button, self.remove_button = QPushButton("添加学校"), QPushButton("删除所选")
        self.add_button.clicked.connect(lambda _c=False: self.add())
        self.remove_button.clicked.connect(lambda _c=False: self.remove())
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #c0392b;")
        bar = QHBoxLayout()
        bar.addWidget(self.school, 2)
        bar.addWidget(self.role)
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.problem)
        self.rows_: list[dict] = []

    def load(self, rows: list[dict]) -> None:
        self.rows_ = [dict(r) for r in rows]
        self._show()

    def _show(self) -> None:
        self.table.setRowCount(len(self.rows_))
        for i, r in enumerate(self.rows_):
            self.table.setItem(i, 0, QTableWidgetItem(self.names.get(r["school_id"], "")))
            self.table.setItem(i, 1, QTableWidgetItem(r.get("role") or ""))

    def add(self, school_id: int | None = None, role: str | None = None) -> None:
        if school_id is None:
            school_id, problem = school_id_of(self.school)
            if problem or school_id is None:
                self.problem.setText(problem or "请先选择学校")
                return
        if any(r["school_id"] == school_id for r in self.rows_):
            self.problem.setText(f"“{self.names.get(school_id, '')}”已在结对学校中")
            return
        self.problem.setText("")
        self.rows_.append({"id": None, "school_id": school_id, "role": role or self.role.currentText()})
        self._show()
        self.school.setCurrentIndex(0)

    def remove(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            del self.rows_[r]
        self._show()

    def rows(self) -> list[dict]:
        return [{k: r.get(k) for k in ("id", "version", "school_id", "role")} for r in self.rows_]


class SchoolPairingDialog(QDialog):
    def __init__(self, db, pairing_id: int | None = None, parent=None):
        super().__init__(parent)
        self.db, self.pairing_id = db, pairing_id
        self.setWindowTitle("学校结对")
        with db.sessions() as s:
            kinds = school_pairings.kind_names(s)
        choices = schools.choices(db)
        f = self.form = FormGrid(2)
        self.edits = {k: QLineEdit() for k in ("name", "start", "end", "doc_number", "note")}
        self.kind = code_combo(kinds)
        self.lead = school_combo(choices)
        self.actions_edit = QPlainTextEdit()
        self.actions_edit.setPlaceholderText("每行一条，如：每学期送教不少于 2 次")
        self.actions_edit.setFixedHeight(96)
        e = self.edits
        f.add("name", "结对名称", e["name"], span=2, required=True)
        f.add("kind", "结对类型", self.kind, required=True)
        f.add("lead_school_id", "牵头学校", self.lead, required=True)
        f.add("start", "开始日期", e["start"], required=True)
        f.add("end", "结束日期", e["end"])
        f.add("doc_number", "文号", e["doc_number"], span=2)
        f.add("actions", "协议措施", self.actions_edit, span=2)
        f.add("note", "备注", e["note"], span=2)
        e["name"].setPlaceholderText("如 第一小学—韩楼村小学城乡一体化")
        e["start"].setPlaceholderText("如 2024-09")
        e["end"].setPlaceholderText("长期有效的不填")
        e["doc_number"].setPlaceholderText("如 青教体发〔2024〕12号")
        self.schools = SchoolsBox(choices)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        apply_read_only([buttons.button(QDialogButtonBox.StandardButton.Save)], db)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        lay = QVBoxLayout(self)
        lay.addWidget(f)
        lay.addWidget(QLabel("结对学校（牵头学校保存时自动列入）："))
        lay.addWidget(self.schools, 1)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(760, 640)
        self.loaded: dict | None = None
        if pairing_id:
            self._load(school_pairings.get(db, pairing_id))

    def _load(self, p: dict) -> None:
        self.loaded, e = p, self.edits
        for k in ("name", "doc_number", "note"):
            e[k].setText(p[k] or "")
        for k in ("start", "end"):
            e[k].setText(p[k].iso() if p[k] else "")
        set_combo_text(self.kind, p["kind"])
        set_combo_text(self.lead, p["lead_school_name"])
        self.actions_edit.setPlainText(p["actions"] or "")
        self.schools.load(p["schools"])

    def save(self) -> None:
        v = {n: widget_text(w) for n, w in self.form.fields.items() if n not in ("lead_school_id", "actions")}
        v["actions"] = self.actions_edit.toPlainText()
        v["lead_school_id"], problem = school_id_of(self.lead)
        if problem:
            self.form.set_error("lead_school_id", problem)
            return
        rows = self.schools.rows()
        try:
            saved = save_checked(
                self,
                self.loaded,
                lambda **check: school_pairings.save(self.db, self.pairing_id, v, rows, **check),
                lambda: self._load(school_pairings.get(self.db, self.pairing_id or 0)),
            )
            if saved is NOT_SAVED:
                return
            self.pairing_id = saved
        except ValidationError as e:
            self.form.set_errors(e.problems)
            self.message.setText("请改正：" + "；".join(e.problems.values()))
            return
        except (UserError, ReadOnlyError) as e:
            warn(self, "不能保存", str(e))
            return
        self.accept()


def kinds_dialog(db, parent=None) -> NamesDialog:
    """结对类型: the bureau's list of kinds — add one, remove one no pairing uses."""
    return NamesDialog(
        db,
        "结对类型",
        "学校结对可选的类型（按本地叫法增加；已有结对使用的类型不能删除）：",
        lambda: school_pairings.kinds(db),
        school_pairings.add_kind,
        school_pairings.remove_kind,
        used_word="个结对",
        name_label="类型名称：",
        height=420,
        wrap=False,
        parent=parent,
    )


class SchoolPairingsTab(ListDetail):
    def __init__(self, db, bus, parent=None):
        super().__init__(
            school_pairings.HEADERS,
            list(range(1, len(school_pairings.COLUMNS))),
            WIDTHS,
            filter_label="类型",
            filter_pos=2,
            detail=self._detail,
            unit="个",
            parent=parent,
        )
        self.db, self.bus = db, bus
        self.search.setPlaceholderText("搜索结对名称、学校、文号")
        self.first, self.last = QLineEdit(), QLineEdit()
        self.first.setPlaceholderText("从 如 2025-09")
        self.last.setPlaceholderText("到 如 2026-07")
        for w in (self.first, self.last):
            w.setMaximumWidth(100)
            w.setToolTip("右侧的结对情况统计这段期间内开始的交流和活动；不填为结对以来全部")
            w.editingFinished.connect(self._on_select)
        side = QWidget()  # the period above the details: what happened in the selected pairing then
        row = QHBoxLayout()
        row.addWidget(QLabel("结对情况期间"))
        row.addWidget(self.first)
        row.addWidget(QLabel("—"))
        row.addWidget(self.last)
        row.addStretch(1)
        box = QVBoxLayout(side)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(row)
        box.addWidget(self.detail, 1)
        self.splitter.insertWidget(1, side)
        self.add_button("新增", self.add, writes=True, db=db, tip="新增学校结对（Insert）")
        self.add_button("编辑", self.edit, tip="编辑所选结对（回车或双击）")
        self.add_button("删除", self.delete, writes=True, db=db, tip="删除所选结对（Delete）")
        self.add_button("结对类型…", self.edit_kinds)
        self.add_button("模板…", self.save_template, tip="空白的学校结对表")
        self.add_button("导入…", self.import_files, writes=True, db=db, tip="导入填好的学校结对表")
        self.add_button("导出 Excel…", self.export)
        self.splitter.setSizes([860, 380])
        self.view.doubleClicked.connect(lambda _i: self.edit())
        for key, slot in (("Insert", self.add), ("Delete", self.delete), ("Return", self.edit), ("Enter", self.edit)):
            QShortcut(QKeySequence(key), self.view, slot)
        refresh_when_shown(
            self, bus, (Topic.SCHOOL_PAIRINGS, Topic.SCHOOLS, Topic.PLACEMENTS, Topic.ACTIVITIES), self.refresh
        )

    def refresh(self) -> None:
        self.set_rows(school_pairings.list_rows(self.db))

    def _period(self) -> tuple[str | None, str | None, str]:
        out: list[str | None] = []
        problems = []
        for w, label in ((self.first, "期间起"), (self.last, "期间止")):
            text = w.text().strip()
            try:
                d = parse_loose(text) if text else None
                out.append(d.iso() if d is not None else None)
            except DateError as e:
                problems.append(f"{label}：{e}")
                out.append(None)
        return out[0], out[1], "；".join(problems)

    def _detail(self, row) -> str:
        first, last, problem = self._period()
        try:
            d = school_pairings.detail(self.db, row[0], first, last)
            p = school_pairings.get(self.db, row[0])
        except UserError as e:
            return f"<p style='color:#c0392b'>{escape(str(e))}</p>"
        span = f"{first or '结对以来'}—{last or '至今'}" if first or last else "结对以来"
        parts = [f"<h3>{escape(row[1])}</h3>"]
        if problem:
            parts.append(f"<p style='color:#c0392b'>{escape(problem)}</p>")
        schools_ = "、".join(f"{escape(s['name'])}（{escape(s['role'] or '')}）" for s in p["schools"])
        parts.append(f"<p><b>学校</b>：{schools_}</p>")
        if p["doc_number"]:
            parts.append(f"<p><b>文号</b>：{escape(p['doc_number'])}</p>")
        actions = rules.split_actions(p["actions"])
        if actions:
            parts.append("<p><b>协议措施</b></p><ol>" + "".join(f"<li>{escape(a)}</li>" for a in actions) + "</ol>")
        parts.append(
            f"<p><b>{escape(span)}</b>：交流教师 {d['teachers_exchanged']} 人（{d['placements']} 人次），"
            f"结对活动 {d['activities']} 次、{d['person_times']} 人次</p>"
        )
        if d["exchanges"]:
            parts.append(
                "<ul>"
                + "".join(
                    f"<li>{escape(w)} {escape(n)} {escape(k)}：{escape(a)} → {escape(b)}</li>"
                    for w, n, k, a, b in d["exchanges"][:15]
                )
                + "</ul>"
            )
        if d["held"]:
            parts.append(
                "<ul>"
                + "".join(
                    f"<li>{escape(w)} {escape(k)}：{escape(t)}（{n} 人次）</li>" for w, k, t, _s, n in d["held"][:15]
                )
                + "</ul>"
            )
        parts.append(
            "<p style='color:#777'>交流和活动按结对学校和期限认定：结对学校之间的交流轮岗、支教；在结对学校举办、"
            "有另一所结对学校教师参加的活动。</p>"
        )
        return "".join(parts)

    def _run(self, dlg: SchoolPairingDialog) -> None:
        try:
            if dlg.exec() == QDialog.DialogCode.Accepted:
                self.bus.notify(Topic.SCHOOL_PAIRINGS)
                if dlg.pairing_id is not None:
                    self.select_key(dlg.pairing_id)
                status(self, "已保存学校结对")
        finally:
            dlg.deleteLater()

    def add(self) -> None:
        self._run(SchoolPairingDialog(self.db, None, self))

    def edit(self) -> None:
        pid = self.current_key()
        if pid is not None:
            self._run(SchoolPairingDialog(self.db, pid, self))

    def delete(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        what = rows[0][1] if len(rows) == 1 else f"所选 {len(rows)} 个结对"
        if not confirm(self, "删除学校结对", f"确定删除“{what}”吗？（交流和活动记录不受影响）"):
            return
        try:
            school_pairings.delete(self.db, [r[0] for r in rows])
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除学校结对", str(e))
            return
        self.bus.notify(Topic.SCHOOL_PAIRINGS)

    def edit_kinds(self) -> None:
        dlg = kinds_dialog(self.db, self)
        try:
            dlg.exec()
        finally:
            dlg.deleteLater()

    def save_template(self) -> None:
        from talentdesk.importing import templates  # not at start-up: openpyxl

        path = ask_save_path(self, "保存学校结对表模板", "学校结对（空白模板）.xlsx", "Excel 文件 (*.xlsx)")
        if not path:
            return
        with self.db.sessions() as s:
            kinds = school_pairings.kind_names(s)
        templates.write_school_pairings(path, kinds, school_names=[n for _i, n in schools.choices(self.db)])
        status(self, f"已保存模板：{path}")

    def import_files(self) -> None:
        """Read the chosen files, show what would be imported and every problem, then import on the clerk's word."""
        from talentdesk.services.deployment import school_pairing_import  # not at start-up: the importer

        result = record_files.import_files(
            self,
            self.db,
            school_pairing_import,
            title="导入学校结对表",
            nothing="没有可导入的学校结对",
            ask="导入学校结对",
            question="现在导入没有错误的结对吗？",
        )
        if result is not None:
            self.bus.notify(Topic.SCHOOL_PAIRINGS)
            status(self, f"已导入学校结对 {result.pairings} 个（可在“数据导入”页撤销）")

    def export(self) -> None:
        from talentdesk.reports import school_pairings as report  # not at start-up: openpyxl and the report

        record_files.export_list(
            self,
            lambda p: report.export(self.db, p),
            title="导出学校结对",
            filename="学校结对.xlsx",
            done="已导出 {n} 个学校结对：{path}",
        )
