"""名师工作室 tab: studios (名师/名校长/名班主任工作室, 教研工作坊, 工作站) with host, school, term, the studio above
(二级工作室), members and 培养对象, activities and outcomes, outputs with quantities (研训课 x 节, 微讲座 x 堂) from the
bureau's list of output kinds; member list as PDF (IDs masked) and all studios as Excel."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QTabWidget, QVBoxLayout

from talentdesk.domain import codes
from talentdesk.domain.cultivation import STUDIO_KINDS, STUDIO_LEVELS, STUDIO_RECORD_KINDS, STUDIO_ROLES
from talentdesk.errors import ReadOnlyError, UserError, ValidationError
from talentdesk.gui.bus import Topic
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
from talentdesk.gui.reports import printing
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.widgets import FormGrid, code_combo, school_combo, school_id_of, set_combo_text
from talentdesk.services.cultivation import research_roles, studios
from talentdesk.services.people import schools


class StudioDialog(QDialog):
    def __init__(self, db, studio_id: int | None = None, parent=None):
        super().__init__(parent)
        self.db, self.studio_id = db, studio_id
        self.setWindowTitle("名师工作室")
        f = self.form = FormGrid(2)
        f.add("name", "工作室名称", QLineEdit(), span=2, required=True)
        f.add("kind", "类别", code_combo(STUDIO_KINDS), required=True)
        self.level = code_combo(STUDIO_LEVELS)
        f.add("level", "级别", self.level, required=True)
        self.host = TeacherPicker(db)
        f.add("host_id", "主持人", self.host, span=2, required=True)
        f.add("school_id", "依托学校", school_combo(schools.choices(db)))
        f.add("subject", "学科", code_combo(codes.SUBJECT, editable=True))
        f.add("start", "开始", QLineEdit())
        f.add("end", "结束", QLineEdit())
        self.parent_box = QComboBox()
        self.parent_box.setToolTip("二级工作室所属的上级工作室（级别不低于本工作室）")
        f.add("parent_id", "上级工作室", self.parent_box, span=2)
        f.add("note", "备注", QLineEdit(), span=2)
        self.level.currentTextChanged.connect(lambda _t: self._fill_parents())
        self.members = SubTable(
            [
                ("teacher_id", "教师", None),
                ("role", "角色", STUDIO_ROLES[1:]),
                ("joined", "加入时间", None),
                ("left", "退出时间", None),
                ("note", "备注", None),
            ],
            db=db,
            teacher_key="teacher_id",
        )
        self.records = SubTable(
            [
                ("kind", "类别", STUDIO_RECORD_KINDS),
                ("title", "名称", None),
                ("date", "时间", None),
                ("level", "级别", tuple(c.label for c in codes.LEVEL.entries)),
                ("people", "参与人/作者", None),
                ("note", "备注", None),
            ]
        )
        self.records.table.setColumnWidth(1, 260)
        with db.sessions() as s:
            self.units = research_roles.output_units(s)
        self.outputs = SubTable(
            [
                ("date", "日期", None),
                ("kind", "成果类别", tuple(self.units)),
                ("quantity", "数量", None),
                ("unit", "单位", None),
                ("note", "备注", None),
            ]
        )
        self.outputs.table.setColumnWidth(1, 120)
        self.outputs.add_button.clicked.connect(lambda _c=False: self._output_defaults())
        self.tabs = QTabWidget()
        self.tabs.addTab(f, "基本情况")
        self.tabs.addTab(self.members, "成员与培养对象")
        self.tabs.addTab(self.records, "活动与成果")
        self.tabs.addTab(self.outputs, "成果数量")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        apply_read_only([buttons.button(QDialogButtonBox.StandardButton.Save)], db)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(860, 620)
        self.loaded: dict | None = None  # version and values as loaded: a change saved meanwhile is merged
        self._fill_parents()
        if studio_id:
            self._load(studios.get(db, studio_id))

    def _fill_parents(self, chosen: int | None = None) -> None:
        """The studios this one may sit under (a higher or the same level; keeps the choice when still offered)."""
        box = self.parent_box
        keep = chosen if chosen is not None else box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem("（无）", None)
        level = self.level.currentText() or None
        for sid, label in studios.parent_choices(self.db, level, exclude=self.studio_id):
            box.addItem(label, sid)
        i = box.findData(keep) if keep is not None else 0
        box.setCurrentIndex(max(i, 0))
        box.blockSignals(False)

    def _output_defaults(self) -> None:
        """A new output row: today's month is not guessed; the unit follows the kind chosen."""
        row = self.outputs.table.rowCount() - 1
        box = self.outputs.table.cellWidget(row, 1)
        if isinstance(box, QComboBox):
            box.currentTextChanged.connect(lambda t, r=row: self._unit_for(r, t))

    def _unit_for(self, row: int, kind: str) -> None:
        item = self.outputs.table.item(row, 3)
        if item is not None and not item.text():
            item.setText(self.units.get(kind, ""))

    def _load(self, st: dict) -> None:
        self.loaded, f = st, self.form
        f.fields["name"].setText(st["name"])
        f.fields["note"].setText(st["note"] or "")
        for k in ("kind", "level", "subject"):
            set_combo_text(f.fields[k], st[k])
        set_combo_text(f.fields["school_id"], st["school_name"])
        for k in ("start", "end"):
            f.fields[k].setText(st[k].iso() if st[k] else "")
        self.host.set_teacher(st["host_id"])
        self.members.load(st["members"])
        self.records.load(st["records"])
        self.outputs.load(st["outputs"])
        self._fill_parents(st["parent_id"])

    def save(self) -> None:
        v = form_values(self.form)
        v["host_id"] = self.host.teacher_id()
        v["parent_id"] = self.parent_box.currentData()
        v["school_id"], problem = school_id_of(self.form.fields["school_id"])
        if problem:
            self.form.set_error("school_id", problem)
            return
        try:
            members, records, outputs = self.members.rows(), self.records.rows(), self.outputs.rows()
            saved = save_checked(
                self,
                self.loaded,
                lambda **check: studios.save(self.db, self.studio_id, v, members, records, outputs, **check),
                lambda: self._load(studios.get(self.db, self.studio_id)),
            )
            if saved is NOT_SAVED:
                return
            self.studio_id = saved
        except ValidationError as e:
            self.form.set_errors(e.problems)
            self.message.setText("请改正：" + "；".join(m for k, m in e.problems.items() if k not in self.form.fields))
            return
        except (UserError, ReadOnlyError) as e:
            warn(self, "不能保存", str(e))
            return
        self.accept()


class StudiosTab(ListTab):
    def __init__(self, db, bus, parent=None):
        super().__init__(
            studios.HEADERS,
            list(range(1, len(studios.COLUMNS))),
            (240, 110, 60, 70, 150, 50, 70, 70, 50, 60, 70),
            parent,
        )
        self.db, self.bus = db, bus
        self.search.setPlaceholderText("搜索工作室、主持人、学校")
        self.add_button("新增工作室", self.add, writes=True, db=db)
        self.add_button("编辑", self.edit)
        self.add_button("删除", self.delete, writes=True, db=db)
        self.add_button("打印成员名单…", self.print_members)
        self.add_button("成员名单 PDF…", self.save_members)
        self.add_button("导出 Excel…", self.export)
        self.add_button("成果类别…", self.edit_output_kinds)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        bus.follow(self, self.refresh, Topic.STUDIOS, Topic.TEACHERS)
        self.refresh()

    def refresh(self) -> None:
        self.set_rows(studios.list_rows(self.db))

    def _run(self, dlg) -> None:
        self.run_dialog(dlg, Topic.STUDIOS, "studio_id", "已保存工作室")

    def add(self) -> None:
        self._run(StudioDialog(self.db, None, self))

    def edit(self) -> None:
        sid = self.current_key()
        if sid is not None:
            self._run(StudioDialog(self.db, sid, self))

    def delete(self) -> None:
        sid = self.current_key()
        if sid is None:
            return
        name = self.model.row_at(self.model.view_row_of(sid))[1]
        if not confirm(self, "删除工作室", f"确定删除“{name}”及其成员、活动与成果记录吗？"):
            return
        try:
            studios.delete(self.db, sid)
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除工作室", str(e))
            return
        self.bus.notify(Topic.STUDIOS)

    def edit_output_kinds(self) -> None:
        dlg = NamesDialog(
            self.db,
            "成果类别",
            "工作室成果数量可选的类别及计量单位（如 研训课 节、微讲座 堂；已有成果记录使用的类别不能删除）：",
            lambda: research_roles.output_kinds(self.db),
            research_roles.add_output_kind,
            research_roles.remove_output_kind,
            unit=True,
            used_word="条成果记录",
            parent=self,
        )
        try:
            dlg.exec()
        finally:
            dlg.deleteLater()

    def _studio_ids(self) -> list[int]:
        """The selected studios, or (nothing selected) every studio in the list."""
        return self.selected_keys() or [self.model.key_at(r) for r in range(self.model.rowCount())]

    def print_members(self) -> None:
        """打印成员名单: the print preview (then the printer dialog) of the studios' member lists."""
        from talentdesk.reports.forms import studio_members

        ids = self._studio_ids()
        if ids:
            printing.print_drawing(self, self.db, lambda: studio_members.drawing(self.db, ids))

    def save_members(self) -> None:
        from talentdesk.reports.forms import studio_members

        ids = self._studio_ids()
        if not ids:
            return
        path = ask_save_path(self, "保存工作室成员名单", "工作室成员名单.pdf", "PDF 文件 (*.pdf)")
        if path:
            try:
                studio_members.write(self.db, ids, path)
            except UserError as e:
                warn(self, "不能生成文件", str(e))
                return
            status(self, f"已生成 {len(ids)} 个工作室的成员名单：{path}")

    def export(self) -> None:
        from talentdesk.reports import cultivation_tables

        path = ask_save_path(self, "导出工作室", "名师工作室.xlsx", "Excel 文件 (*.xlsx)")
        if path:
            try:
                cultivation_tables.export(self.db, "studios", path)
            except UserError as e:
                warn(self, "不能导出", str(e))
                return
            status(self, f"已导出：{path}")
