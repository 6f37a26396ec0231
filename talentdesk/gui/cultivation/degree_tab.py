"""学历提升 tab (issue 21 §5): teachers studying for a higher degree (专升本, 攻读硕士/博士) filtered by status,
target degree and year, with a dialog for the study, the bureau's support (脱产时间, 学费补助) and the outcome; saved as
已毕业 with a date, the new degree goes into the teacher's education history (once). Template, import and the
register as Excel."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
)

from talentdesk.domain import codes
from talentdesk.domain import growth as rules
from talentdesk.errors import ReadOnlyError, UserError, ValidationError
from talentdesk.gui import record_files
from talentdesk.gui.bus import Topic
from talentdesk.gui.cultivation.common import (
    ListTab,
    TeacherPicker,
    ask_save_path,
    confirm,
    form_values,
    status,
    warn,
)
from talentdesk.gui.edit_check import NOT_SAVED, save_checked
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.widgets import FormGrid, code_combo, set_combo_text
from talentdesk.services.cultivation import degree_study

ALL = "全部"


class DegreeStudyDialog(QDialog):
    def __init__(self, db, study_id: int | None = None, parent=None):
        super().__init__(parent)
        self.db, self.study_id = db, study_id
        self.setWindowTitle("学历提升")
        f = self.form = FormGrid(2)
        self.teacher = TeacherPicker(db)
        self.edits = {
            k: QLineEdit()
            for k in ("institution", "major", "start", "expected_end", "leave_months", "tuition_support", "graduated")
        }
        self.edits["note"] = QLineEdit()
        self.combos = {
            "degree": code_combo(rules.DEGREES),
            "academic_degree": code_combo(codes.ACADEMIC_DEGREE),
            "mode": code_combo(rules.MODES),
            "status": code_combo(rules.STUDY_STATUSES, blank=False),
        }
        e, c = self.edits, self.combos
        f.add("teacher_id", "教师", self.teacher, span=2, required=True)
        f.add("degree", "攻读学历", c["degree"], required=True)
        f.add("academic_degree", "学位", c["academic_degree"])
        f.add("institution", "院校", e["institution"])
        f.add("major", "专业", e["major"])
        f.add("mode", "学习方式", c["mode"], required=True)
        f.add("start", "入学时间", e["start"], required=True)
        f.add("expected_end", "预计毕业", e["expected_end"])
        f.add("leave_months", "脱产时间（月）", e["leave_months"])
        f.add("tuition_support", "学费补助（元）", e["tuition_support"])
        f.add("status", "状态", c["status"], required=True)
        f.add("graduated", "毕业（退学）日期", e["graduated"])
        f.add("note", "备注", e["note"], span=2)
        e["start"].setPlaceholderText("如 2024-09")
        e["expected_end"].setPlaceholderText("如 2027-06")
        e["graduated"].setPlaceholderText("已毕业或退学时填写")
        e["leave_months"].setPlaceholderText("局里批准的脱产学习月数")
        e["tuition_support"].setPlaceholderText("局里补助的学费，元")
        c["degree"].setToolTip("大学本科：专升本；硕士研究生、博士研究生：攻读硕士、博士")
        hint = QLabel(
            "状态为“已毕业”并填写毕业日期时，保存后新学历自动记入该教师的学历信息（只记一条，再次保存时更新）。"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #566573;")
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
        lay.addWidget(hint)
        lay.addStretch(1)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(760, 420)
        self.loaded: dict | None = None
        if study_id:
            self._load(degree_study.get(db, study_id))

    def _load(self, d: dict) -> None:
        self.loaded = d
        self.teacher.set_teacher(d["teacher_id"])
        for k in ("institution", "major", "note"):
            self.edits[k].setText(d[k] or "")
        for k in ("start", "expected_end", "graduated"):
            self.edits[k].setText(d[k].iso() if d[k] else "")
        for k in ("leave_months", "tuition_support"):
            self.edits[k].setText("" if d[k] is None else str(d[k]))
        for k in ("degree", "academic_degree", "mode", "status"):
            set_combo_text(self.combos[k], d[k] or "")

    def values(self) -> dict:
        return {**form_values(self.form), "teacher_id": self.teacher.teacher_id()}

    def save(self) -> None:
        v = self.values()
        try:
            saved = save_checked(
                self,
                self.loaded,
                lambda **check: degree_study.save(self.db, self.study_id, v, **check),
                lambda: self._load(degree_study.get(self.db, self.study_id or 0)),
            )
            if saved is NOT_SAVED:
                return
            self.study_id = saved
        except ValidationError as e:
            self.form.set_errors(e.problems)
            self.message.setText("请改正：" + "；".join(e.problems.values()))
            return
        except (UserError, ReadOnlyError) as e:
            warn(self, "不能保存", str(e))
            return
        self.accept()


class DegreeStudyTab(ListTab):
    def __init__(self, db, bus, parent=None):
        super().__init__(
            degree_study.HEADERS,
            list(range(1, len(degree_study.COLUMNS))),
            (70, 170, 80, 130, 130, 56, 66, 66, 56, 80, 56, 76),
            parent,
        )
        self.db, self.bus = db, bus
        self.count_what, self.count_unit = "学历提升", "人次"
        self.search.setPlaceholderText("搜索姓名、院校、专业")
        self.state = QComboBox()
        self.state.addItems([ALL, *rules.STUDY_STATUSES])
        self.degree = QComboBox()
        self.degree.addItems([ALL, *rules.DEGREES])
        self.year = QSpinBox()
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText("全部年份")
        self.year.setToolTip("只列这一年在读过的（含当年毕业、退学的）")
        filters = QHBoxLayout()
        for label, box in (("状态", self.state), ("攻读学历", self.degree), ("年份", self.year)):
            filters.addWidget(QLabel(label))
            filters.addWidget(box)
        filters.addStretch(1)
        self.layout_.insertLayout(0, filters)
        self.state.currentTextChanged.connect(lambda _t: self.refresh())
        self.degree.currentTextChanged.connect(lambda _t: self.refresh())
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.add_button("新增", self.add, writes=True, db=db).setToolTip("登记一名教师的学历提升（Insert）")
        self.add_button("编辑", self.edit).setToolTip("编辑所选记录（回车或双击）；毕业时把状态改为“已毕业”")
        self.add_button("删除", self.delete, writes=True, db=db).setToolTip("删除所选记录（Delete）")
        self.add_button("模板…", self.save_template).setToolTip("空白的学历提升登记表，发给学校填写")
        self.add_button("导入…", self.import_files, writes=True, db=db).setToolTip("导入填好的学历提升登记表")
        self.add_button("导出 Excel…", self.export)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        for key, slot in (("Insert", self.add), ("Delete", self.delete), ("Return", self.edit), ("Enter", self.edit)):
            QShortcut(QKeySequence(key), self.view, slot)
        bus.follow(self, self.refresh, Topic.DEGREE_STUDY, Topic.TEACHERS, Topic.SCHOOLS)
        self.refresh()

    def filters(self) -> dict:
        return {
            "status": None if self.state.currentText() == ALL else self.state.currentText(),
            "degree": None if self.degree.currentText() == ALL else self.degree.currentText(),
            "year": self.year.value() or None,
        }

    def refresh(self) -> None:
        self.set_rows(degree_study.list_rows(self.db, **self.filters()))

    def _run(self, dlg) -> None:
        self.run_dialog(
            dlg, Topic.DEGREE_STUDY, "study_id", "已保存学历提升", after=lambda: self.bus.notify(Topic.TEACHERS)
        )

    def add(self) -> None:
        self._run(DegreeStudyDialog(self.db, None, self))

    def edit(self) -> None:
        sid = self.current_key()
        if sid is not None:
            self._run(DegreeStudyDialog(self.db, sid, self))

    def delete(self) -> None:
        ids = self.selected_keys() or ([self.current_key()] if self.current_key() is not None else [])
        if not ids:
            return
        what = self.model.row_at(self.model.view_row_of(ids[0]))[1] if len(ids) == 1 else f"所选 {len(ids)} 条"
        if not confirm(self, "删除学历提升", f"确定删除“{what}”的学历提升记录吗？（已记入学历信息的学历保留）"):
            return
        try:
            degree_study.delete(self.db, ids)
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除学历提升", str(e))
            return
        self.bus.notify(Topic.DEGREE_STUDY)

    def save_template(self) -> None:
        from talentdesk.importing import templates  # not at start-up: openpyxl
        from talentdesk.services.people import schools

        path = ask_save_path(self, "保存学历提升登记表模板", "学历提升（空白模板）.xlsx", "Excel 文件 (*.xlsx)")
        if not path:
            return
        templates.write_degree_study(path, school_names=[n for _i, n in schools.choices(self.db)])
        status(self, f"已保存模板：{path}")

    def import_files(self) -> None:
        from talentdesk.services.cultivation import degree_import  # not at start-up: the importer

        result = record_files.import_files(
            self,
            self.db,
            degree_import,
            title="导入学历提升登记表",
            nothing="没有可导入的记录",
            ask="导入学历提升",
            question="现在导入没有错误的行吗？",
        )
        if result is not None:
            self.bus.notify(Topic.DEGREE_STUDY)
            self.bus.notify(Topic.TEACHERS)
            status(self, f"已导入 {result.added} 条、更新 {result.updated} 条")

    def export(self) -> None:
        from talentdesk.reports import degree_study as report  # not at start-up: openpyxl and the report

        record_files.export_list(
            self,
            lambda p: report.export(self.db, p, **self.filters()),
            title="导出学历提升",
            filename="学历提升.xlsx",
            done="已导出 {n} 行：{path}",
        )
