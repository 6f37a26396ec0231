"""职务 tab of the teacher file (issue 20 §1): the teacher's posts (校长, 副校长, 教务主任 …) as a dated history, with
添加/编辑/删除. A post record is saved when its dialog's 确定 is pressed (services.people.leaders checks the rules
against the other records: one 校长 per school at a time …), not with the file's 保存."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from talentdesk.domain import leaders as rules
from talentdesk.errors import EditConflict, ReadOnlyError, UserError, ValidationError
from talentdesk.gui import unsaved
from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.security.roles import apply_read_only, may_edit
from talentdesk.gui.widgets import FormGrid, code_combo, school_combo, school_id_of, set_widget_text, widget_text
from talentdesk.services.people import leaders as svc

HEADERS = ("职务", "类别", "任职学校", "任职方式", "任职时间", "离任时间", "离任原因", "民主测评", "任职文件号")
KEYS = ("post", "category", "school", "method", "start", "end", "end_reason", "evaluation", "document")
DATE_HINT = "如 2020-09 或 2020-09-01"


def _text(v) -> str:
    if v is None:
        return ""
    return v.iso() if hasattr(v, "iso") else str(v)


class LeaderPostDialog(QDialog):
    """Add or edit one post record; 确定 saves it (a wrong field turns red and the dialog stays open)."""

    # field → (label, kind, options)
    FIELDS = (
        ("school_id", "任职学校", "school", None),
        ("post", "职务", "post", None),
        ("method", "任职方式", "code", rules.METHODS),
        ("start", "任职时间", "date", None),
        ("end", "离任时间", "date", None),
        ("end_reason", "离任原因", "free", rules.END_REASONS),
        ("recommended", "民主推荐", "date", None),
        ("evaluation", "民主测评结果", "free", rules.EVALUATIONS),
        ("inspected", "组织考察", "date", None),
        ("publicised", "公示", "date", None),
        ("document", "任职文件号", "text", None),
        ("note", "备注", "text", None),
    )
    REQUIRED = ("school_id", "post", "start")

    def __init__(
        self, db, teacher_id: int, record: dict | None, schools: list[tuple[int, str]], default_school=None, parent=None
    ):
        super().__init__(parent)
        self.db, self.teacher_id = db, teacher_id
        self.record = dict(record) if record else None
        self.saved_id: int | None = None
        self.setWindowTitle(("编辑" if record else "添加") + "职务")
        self.form = FormGrid(columns=2)
        names = [n["name"] for n in svc.names(db)]
        for attr, label, kind, options in self.FIELDS:
            if kind == "school":
                w: QWidget = school_combo(schools)
            elif kind == "post":
                w = code_combo(names)
            elif kind in ("code", "free"):
                w = code_combo(options, editable=kind == "free")
            else:
                w = QLineEdit()
                if kind == "date":
                    w.setPlaceholderText(DATE_HINT)
            self.form.add(attr, label, w, span=2 if attr == "note" else 1, required=attr in self.REQUIRED)
        values = self.record or {"school_id": default_school, "method": "任命"}
        for attr, _label, kind, _o in self.FIELDS:
            w = self.form.fields[attr]
            if kind == "school":
                w.setCurrentIndex(max(w.findData(values.get(attr)), 0))  # type: ignore[attr-defined]
            else:
                set_widget_text(w, _text(values.get(attr)))
        self._loaded = self.raw_values()[0]
        hint = QLabel("任职程序：民主推荐、民主测评、组织考察、公示的时间和任职文件号，有则填写。按“确定”即保存。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #566573;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        apply_read_only([self.ok_button], db)
        lay = QVBoxLayout(self)
        lay.addWidget(self.form)
        lay.addWidget(hint)
        lay.addStretch(1)
        lay.addWidget(buttons)
        self.setMinimumWidth(640)

    def raw_values(self) -> tuple[dict, dict]:
        out, problems = {}, {}
        for attr, _label, kind, _o in self.FIELDS:
            w = self.form.fields[attr]
            if kind == "school":
                out[attr], problem = school_id_of(w)  # type: ignore[arg-type]
                if problem:
                    problems[attr] = problem
            else:
                out[attr] = widget_text(w)
        return out, problems

    def is_dirty(self) -> bool:
        return self.saved_id is None and self.raw_values()[0] != self._loaded

    def accept(self) -> None:
        values, problems = self.raw_values()
        if problems:
            self.form.set_errors(problems)
            return
        rec = self.record
        try:
            self.saved_id = svc.save_post(
                self.db,
                self.teacher_id,
                rec["id"] if rec else None,
                values,
                expected_version=rec["version"] if rec else None,
                base={k: rec.get(k) for k in svc.FIELDS} if rec else None,
            )
        except ValidationError as e:
            self.form.set_errors(e.problems)
            return
        except (EditConflict, UserError, ReadOnlyError) as e:
            QMessageBox.warning(self, "不能保存职务", str(e))
            return
        self.form.set_errors({})
        super().accept()

    def reject(self) -> None:
        if self.is_dirty() and may_edit(self.db):
            answer = unsaved.ask(self, "这条职务记录")
            if answer == unsaved.SAVE:
                self.accept()
                return
            if answer == unsaved.CANCEL:
                return
        super().reject()


class LeaderPostsTab(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.db = None
        self.on_saved = None  # called after a post is saved or deleted (the file's data bus)
        self.teacher_id: int | None = None
        self.schools: list[tuple[int, str]] = []
        self.default_school = None
        self.records: list[dict] = []
        self.model = RowsModel(list(HEADERS), list(range(1, len(HEADERS) + 1)), self)
        self.view = QTableView()
        self.view.setObjectName("teacher_leader_posts")
        from talentdesk.gui.widgets import setup_list_view

        setup_list_view(self.view, self.model, single=True, wrap=False)
        self.view.doubleClicked.connect(lambda _i: self.edit_selected())
        self.add_button, self.edit_button, self.delete_button = (
            QPushButton("添加"),
            QPushButton("编辑"),
            QPushButton("删除"),
        )
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        top = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button):
            top.addWidget(b)
        self.summary = QLabel()
        self.summary.setObjectName("leader_posts_summary")
        top.addWidget(self.summary, 1)
        hint = QLabel(
            "职务（党组织书记、校长、副校长、中层、年级主任、教研组长…）按任职时间记录，在对话框中按“确定”即保存；"
            "职务名称在“学校 → 领导班子 → 职务名录”中维护。"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #566573;")
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.view, 1)
        lay.addWidget(hint)

    def load(self, db, teacher_id: int | None, schools: list[tuple[int, str]], default_school=None) -> None:
        self.db, self.teacher_id, self.schools, self.default_school = db, teacher_id, schools, default_school
        self.records = svc.teacher_posts(db, teacher_id) if teacher_id else []
        self.model.set_rows([(i, *(_text(r.get(k)) for k in KEYS)) for i, r in enumerate(self.records)])
        for c, w in enumerate((90, 60, 150, 60, 80, 80, 70, 70)):
            self.view.setColumnWidth(c, w)
        editable = teacher_id is not None
        for b in (self.add_button, self.edit_button, self.delete_button):
            b.setEnabled(editable)
        apply_read_only([self.add_button, self.edit_button, self.delete_button], db)
        if teacher_id is None:
            self.summary.setText("保存教师档案后可登记职务。")
        else:
            now = svc.current_post(db, teacher_id)
            self.summary.setText(f"现任：{now}" if now else ("暂无现任职务。" if self.records else "暂无职务记录。"))

    def _selected(self) -> dict | None:
        rows = self.view.selectionModel().selectedRows()
        return self.records[self.model.row_at(rows[0].row())[0]] if rows else None

    def _open(self, record: dict | None) -> bool:
        if self.db is None or self.teacher_id is None:
            return False
        dlg = LeaderPostDialog(self.db, self.teacher_id, record, self.schools, self.default_school, self)
        try:
            ok = dlg.exec() == QDialog.DialogCode.Accepted
        finally:
            dlg.deleteLater()
        if ok:
            self.load(self.db, self.teacher_id, self.schools, self.default_school)
            if self.on_saved is not None:
                self.on_saved()
        return ok

    def add(self) -> bool:
        return self._open(None)

    def edit_selected(self) -> bool:
        rec = self._selected()
        if rec is None or not self.edit_button.isEnabled():
            return False
        return self._open(rec)

    def delete_selected(self) -> None:
        rec = self._selected()
        if rec is None or self.db is None:
            return
        answer = QMessageBox.question(
            self,
            "删除职务",
            f"确定删除“{rec['post']}（{_text(rec['start'])}起）”这条职务记录吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            svc.delete_post(self.db, rec["id"], expected_version=rec["version"])
        except (EditConflict, UserError, ReadOnlyError) as e:
            QMessageBox.warning(self, "删除职务", str(e))
        self.load(self.db, self.teacher_id, self.schools, self.default_school)
        if self.on_saved is not None:
            self.on_saved()
