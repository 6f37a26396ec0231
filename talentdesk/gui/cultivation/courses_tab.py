"""培训项目 tab: courses (国培/省培/市培/县培/校本) with their attendance; a platform's export is imported
through 数据导入 (list kind 培训学时名单)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPushButton, QTabWidget, QVBoxLayout

from talentdesk.domain.cultivation import COURSE_FORMS, COURSE_LEVELS, TRAINING_RESULTS
from talentdesk.errors import ReadOnlyError, UserError, ValidationError
from talentdesk.gui.bus import Topic
from talentdesk.gui.cultivation.common import ListTab, SubTable, confirm, warn
from talentdesk.gui.edit_check import NOT_SAVED, save_checked
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.tasks import Loader
from talentdesk.gui.widgets import FormGrid, code_combo, set_combo_text
from talentdesk.services.cultivation import training


class CourseDialog(QDialog):
    def __init__(self, db, course_id: int | None = None, parent=None):
        super().__init__(parent)
        self.db, self.course_id = db, course_id
        self.setWindowTitle("培训项目")
        f = self.form = FormGrid(2)
        f.add("name", "培训名称", QLineEdit(), span=2, required=True)
        f.add("level", "级别", code_combo(COURSE_LEVELS), required=True)
        f.add("form", "形式", code_combo(COURSE_FORMS))
        f.add("organiser", "主办单位", QLineEdit(), span=2)
        f.add("start", "开始时间", QLineEdit(), required=True)
        f.add("end", "结束时间", QLineEdit())
        f.add("hours", "学时", QLineEdit())
        f.add("credits", "学分", QLineEdit())
        f.add("note", "备注", QLineEdit(), span=2)
        self.people = SubTable(
            [
                ("teacher_id", "教师", None),
                ("_school", "学校", None),
                ("hours", "认定学时", None),
                ("result", "结果", TRAINING_RESULTS),
                ("note", "备注", None),
            ],
            db=db,
            teacher_key="teacher_id",
        )
        self.bulk_button = QPushButton("批量添加…")
        self.bulk_button.setToolTip("按学校、按条件筛选或粘贴姓名/身份证号名单，一次添加多名参训教师")
        self.bulk_button.clicked.connect(lambda _c=False: self.add_in_bulk())
        self.people.layout().itemAt(0).layout().insertWidget(1, self.bulk_button)
        apply_read_only([self.bulk_button], db)
        self.tabs = QTabWidget()
        self.tabs.addTab(f, "项目信息")
        self.tabs.addTab(self.people, "参训教师")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        apply_read_only([buttons.button(QDialogButtonBox.StandardButton.Save)], db)
        lay = QVBoxLayout(self)
        self.people_note = QLabel()
        self.people_note.setStyleSheet("color: #1e7b34;")
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.people_note)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(820, 600)
        self.loaded: dict | None = None  # version and values as loaded: a change saved meanwhile is merged
        if course_id:
            self._load(training.get_course(db, course_id))

    def _load(self, c: dict) -> None:
        self.loaded, f = c, self.form
        for k in ("name", "organiser", "note"):
            f.fields[k].setText(c[k] or "")
        for k in ("start", "end"):
            f.fields[k].setText(c[k].iso() if c[k] else "")
        for k in ("hours", "credits"):
            f.fields[k].setText(f"{c[k]:g}" if c[k] is not None else "")
        set_combo_text(f.fields["level"], c["level"])
        set_combo_text(f.fields["form"], c["form"])
        self.people.load([{**r, "_school": r["school"]} for r in c["records"]])

    def add_in_bulk(self):
        """Choose many attendees at once; returns the dialog (kept referenced while open)."""
        from talentdesk.gui.cultivation.bulk_attendees import BulkAttendeesDialog

        present = {r.get("teacher_id") for r in self.people.rows()}
        self.bulk = dlg = BulkAttendeesDialog(self.db, present, self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            for tid, name, school in dlg.chosen:
                self.people.add_row({"teacher_id": tid, "name": name, "_school": school})
            self.tabs.setCurrentWidget(self.people)
            self.message.setText("")
            self.people_note.setText(
                f"已添加 {len(dlg.chosen)} 人（保存培训项目后生效），参训名单共 {len(self.people.rows())} 人"
            )
        return dlg

    def save(self) -> None:
        try:
            values, rows = self.form.values(), self.people.rows()
            saved = save_checked(
                self,
                self.loaded,
                lambda **check: training.save_course(self.db, self.course_id, values, rows, **check),
                lambda: self._load(training.get_course(self.db, self.course_id)),
            )
            if saved is NOT_SAVED:
                return
            self.course_id = saved
        except ValidationError as e:
            self.form.set_errors(e.problems)
            self.message.setText("请改正：" + "；".join(m for k, m in e.problems.items() if k not in self.form.fields))
            return
        except (UserError, ReadOnlyError) as e:
            warn(self, "不能保存", str(e))
            return
        self.accept()


class CoursesTab(ListTab):
    def __init__(self, db, bus, parent=None):
        super().__init__(
            training.COURSE_HEADERS,
            list(range(1, len(training.COURSE_COLUMNS))),
            (300, 50, 150, 90, 90, 50, 50, 50, 70),
            parent,
        )
        self.db, self.bus = db, bus
        self.search.setPlaceholderText("搜索培训名称、级别、主办单位")
        self.add_button("新增培训", self.add, writes=True, db=db)
        self.add_button("编辑", self.edit)
        self.add_button("删除", self.delete, writes=True, db=db)
        hint = QLabel("培训平台导出的学时表：在“数据导入”中导入（自动识别为培训学时名单）")
        hint.setStyleSheet("color: #566573;")
        self.layout_.addWidget(hint)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        bus.follow(self, self.refresh, Topic.TRAINING, Topic.TEACHERS)
        self.loader = Loader(self)  # the first list is read on a worker: the page shows at once (issue 16 §4)
        self.refresh(background=True)

    def refresh(self, background: bool = False) -> None:
        """The courses with their attendance counts (0.2 s of SQL on a city): BACKGROUND on a worker (the page
        being built), otherwise now (after a change, which the clerk waits for anyway)."""
        self.loader.cancel()  # an older read still running must not overwrite what is filled now
        if background:
            db = self.db
            self.loader.load(lambda: training.list_courses(db), self.set_rows)
            return
        self.set_rows(training.list_courses(self.db))

    def _run(self, dlg) -> None:
        self.run_dialog(dlg, Topic.TRAINING, "course_id", "已保存培训项目")

    def add(self) -> None:
        self._run(CourseDialog(self.db, None, self))

    def edit(self) -> None:
        cid = self.current_key()
        if cid is not None:
            self._run(CourseDialog(self.db, cid, self))

    def delete(self) -> None:
        cid = self.current_key()
        if cid is None:
            return
        row = self.model.row_at(self.model.view_row_of(cid))
        if not confirm(
            self, "删除培训", f"确定删除“{row.name}”及其 {row.people} 条参训记录吗？这些教师的学时将相应减少。"
        ):
            return
        try:
            training.delete_course(self.db, cid)
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除培训", str(e))
            return
        self.bus.notify(Topic.TRAINING)
