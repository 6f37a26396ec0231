"""Reviews of one designation during its term (issue 20 §3), opened from the teacher file's 骨干称号 tab and from the
bureau-wide 称号与考核 list: the designation with its status, its reviews (考核日期, 结果, 处理, 原因, 决定单位, 文号)
with 添加/编辑/删除. A review is saved when its dialog's 确定 is pressed (services.people.designations: a 撤销 ends
the designation on the review date, a 降级 starts the lower one; deleting the review puts it back)."""

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

from talentdesk.domain import designations as rules
from talentdesk.errors import EditConflict, NotFound, ReadOnlyError, UserError, ValidationError
from talentdesk.gui import unsaved
from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.security.roles import apply_read_only, may_edit
from talentdesk.gui.widgets import FormGrid, code_combo, set_widget_text, setup_list_view, widget_text
from talentdesk.services.people import designations as svc

HEADERS = ("考核日期", "考核类型", "考核结果", "处理", "原因", "决定单位", "文号")
KEYS = ("date", "stage", "result", "decision", "reason", "decided_by", "document")


def _text(v) -> str:
    if v is None:
        return ""
    return v.iso() if hasattr(v, "iso") else str(v)


def describe(d: dict) -> str:
    start = _text(d["start"]) or "未填"
    end = _text(d["end"]) or "未填"
    return f"{d['name']}（{d['school'] or '无学校'}）：{d['level']}{d['kind']}，认定 {start}，至 {end}，{d['status']}"


class ReviewDialog(QDialog):
    """Add or edit one review; 确定 saves it (a wrong field turns red and the dialog stays open)."""

    FIELDS = (
        ("date", "考核日期", "date", None),
        ("stage", "考核类型", "code", rules.STAGES),
        ("result", "考核结果", "code", rules.RESULTS),
        ("decision", "处理", "code", rules.DECISIONS),
        ("reason", "原因", "text", None),
        ("decided_by", "决定单位", "text", None),
        ("document", "文号", "text", None),
    )
    REQUIRED = ("date", "decision")

    def __init__(self, db, designation: dict, record: dict | None, parent=None):
        super().__init__(parent)
        self.db, self.designation = db, designation
        self.record = dict(record) if record else None
        self.saved_id: int | None = None
        self.setWindowTitle(("编辑" if record else "添加") + "称号考核")
        self.form = FormGrid(columns=2)
        for attr, label, kind, options in self.FIELDS:
            if kind == "code":
                w: QWidget = code_combo(options)
            else:
                w = QLineEdit()
                if kind == "date":
                    w.setPlaceholderText("如 2026-06-30")
            self.form.add(attr, label, w, span=2 if attr == "reason" else 1, required=attr in self.REQUIRED)
        values = self.record or {"decision": rules.KEEP}
        for attr, *_ in self.FIELDS:
            set_widget_text(self.form.fields[attr], _text(values.get(attr)))
        self._loaded = self.raw_values()
        head = QLabel(describe(designation))
        head.setObjectName("review_designation")
        head.setWordWrap(True)
        hint = QLabel(
            "撤销：称号自考核日期起结束，不再计入各项统计；降级：称号自考核日期起降为低一级。"
            "撤销、降级须写明原因；考核不合格的不能继续保留。按“确定”即保存。"
        )
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
        lay.addWidget(head)
        lay.addWidget(self.form)
        lay.addWidget(hint)
        lay.addStretch(1)
        lay.addWidget(buttons)
        self.setMinimumWidth(600)

    def raw_values(self) -> dict:
        return {attr: widget_text(self.form.fields[attr]) for attr, *_ in self.FIELDS}

    def is_dirty(self) -> bool:
        return self.saved_id is None and self.raw_values() != self._loaded

    def accept(self) -> None:
        rec = self.record
        try:
            self.saved_id = svc.save_review(
                self.db,
                self.designation["id"],
                rec["id"] if rec else None,
                self.raw_values(),
                expected_version=rec["version"] if rec else None,
                base={k: rec.get(k) for k in svc.FIELDS} if rec else None,
            )
        except ValidationError as e:
            self.form.set_errors(e.problems)
            return
        except (EditConflict, UserError, ReadOnlyError) as e:
            QMessageBox.warning(self, "不能保存考核记录", str(e))
            return
        self.form.set_errors({})
        super().accept()

    def reject(self) -> None:
        if self.is_dirty() and may_edit(self.db):
            answer = unsaved.ask(self, "这条考核记录")
            if answer == unsaved.SAVE:
                self.accept()
                return
            if answer == unsaved.CANCEL:
                return
        super().reject()


class ReviewsDialog(QDialog):
    """One designation and its reviews; changes are saved at once (changed: whether anything was saved)."""

    def __init__(self, db, designation_id: int, parent=None):
        super().__init__(parent)
        self.db, self.designation_id = db, designation_id
        self.changed = False
        self.setWindowTitle("称号任期考核")
        self.head = QLabel()
        self.head.setObjectName("reviews_designation")
        self.head.setWordWrap(True)
        self.model = RowsModel(list(HEADERS), list(range(1, len(HEADERS) + 1)), self)
        self.view = setup_list_view(QTableView(), self.model, single=True, wrap=False)
        self.view.setObjectName("designation_reviews")
        self.view.doubleClicked.connect(lambda _i: self.edit_selected())
        self.add_button, self.edit_button, self.delete_button = (
            QPushButton("添加考核"),
            QPushButton("编辑"),
            QPushButton("删除"),
        )
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        apply_read_only([self.add_button, self.edit_button, self.delete_button], db)
        top = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button):
            top.addWidget(b)
        top.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.head)
        lay.addLayout(top)
        lay.addWidget(self.view, 1)
        lay.addWidget(close)
        self.resize(900, 420)
        self.designation: dict = {}
        self.load()

    def load(self) -> None:
        self.designation = svc.get(self.db, self.designation_id)
        self.head.setText(describe(self.designation))
        self.model.set_rows([(i, *(_text(r.get(k)) for k in KEYS)) for i, r in enumerate(self.designation["reviews"])])
        for c, w in enumerate((90, 80, 70, 70, 200, 140)):
            self.view.setColumnWidth(c, w)

    def _selected(self) -> dict | None:
        rows = self.view.selectionModel().selectedRows()
        return self.designation["reviews"][self.model.row_at(rows[0].row())[0]] if rows else None

    def _open(self, record: dict | None) -> bool:
        dlg = ReviewDialog(self.db, self.designation, record, self)
        try:
            ok = dlg.exec() == QDialog.DialogCode.Accepted
        finally:
            dlg.deleteLater()
        if ok:
            self.changed = True
            self.load()
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
        if rec is None:
            return
        undo = "，称号将恢复为考核前的状态" if rec["decision"] in rules.ENDING else ""
        answer = QMessageBox.question(
            self,
            "删除考核记录",
            f"确定删除 {_text(rec['date'])} 的考核记录（{rec['decision']}）吗{undo}？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            svc.delete_review(self.db, rec["id"], expected_version=rec["version"])
            self.changed = True
        except (EditConflict, UserError, ReadOnlyError, NotFound) as e:
            QMessageBox.warning(self, "删除考核记录", str(e))
        self.load()
