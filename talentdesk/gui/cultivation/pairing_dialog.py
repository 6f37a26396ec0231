"""One pairing: both parties, programme, subject and stage, term, status, goals, evaluations, note, activities.
The rules run before saving: errors refuse, warnings are shown and the clerk decides."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
)

from talentdesk.domain import codes
from talentdesk.domain.cultivation import ACTIVITY_KINDS, EVALUATION, PAIRING_STATUS
from talentdesk.errors import ReadOnlyError, UserError, ValidationError
from talentdesk.gui.cultivation.common import SubTable, TeacherPicker, confirm, form_values, warn
from talentdesk.gui.edit_check import NOT_SAVED, save_checked
from talentdesk.gui.security.roles import apply_read_only, may_edit, why_not
from talentdesk.gui.widgets import FormGrid, code_combo, set_combo_text
from talentdesk.services.cultivation import mentoring


class PairingDialog(QDialog):
    def __init__(self, db, pairing_id: int | None = None, programme_id: int | None = None, parent=None):
        super().__init__(parent)
        self.db, self.pairing_id = db, pairing_id
        self.setWindowTitle("师徒结对" + ("（新增）" if pairing_id is None else ""))
        self.form = FormGrid(2)
        f = self.form
        programmes = mentoring.list_programmes(db)
        self.programme = QComboBox()
        self.programme.addItem("（不归入项目）", None)
        for p in programmes:
            self.programme.addItem(p["label"], p["id"])
        f.add("programme_id", "结对项目", self.programme, span=2)
        self.mentor = TeacherPicker(db)
        self.mentee = TeacherPicker(db)
        f.add("mentor_id", "导师", self.mentor, span=2, required=True)
        f.add("mentee_id", "青年教师", self.mentee, span=2, required=True)
        f.add("subject", "结对学科", code_combo(codes.SUBJECT, editable=True))
        f.add("stage", "学段", code_combo(codes.STAGE))
        f.add("start", "开始时间", QLineEdit())
        f.add("planned_end", "计划结束", QLineEdit())
        f.add("status", "状态", code_combo(PAIRING_STATUS, blank=False))
        f.add("end_reason", "终止原因", QLineEdit())
        f.add("mentor_eval", "导师考核", code_combo(EVALUATION))
        f.add("mentee_eval", "青年教师考核", code_combo(EVALUATION))
        goals = QPlainTextEdit()
        goals.setFixedHeight(60)
        f.add("goals", "培养目标", goals, span=2)
        f.add("note", "备注", QLineEdit(), span=2)
        f.fields["start"].setPlaceholderText("如 2026-09（空：本月）")
        f.fields["planned_end"].setPlaceholderText("空：按项目期限推算")
        self.activities = SubTable(
            [
                ("kind", "活动类型", ACTIVITY_KINDS),
                ("date", "日期", None),
                ("place", "地点", None),
                ("note", "内容与说明", None),
            ]
        )
        self.activities.table.setColumnWidth(0, 110)
        self.activities.table.setColumnWidth(1, 100)
        self.activities.table.setColumnWidth(2, 160)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.form, "结对信息")
        self.tabs.addTab(self.activities, "结对活动")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存 (Ctrl+S)")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.resize(860, 640)
        self.loaded: dict | None = None  # version and values as loaded: a change saved meanwhile is merged
        if pairing_id is not None:
            self._load(mentoring.get_pairing(db, pairing_id))
        elif programme_id is not None:
            self.programme.setCurrentIndex(max(self.programme.findData(programme_id), 0))
        if not apply_read_only([self.save_button], db):
            self.message.setText(why_not(db) + "。")

    def _load(self, p: dict) -> None:
        self.loaded = p
        self.programme.setCurrentIndex(max(self.programme.findData(p["programme_id"]), 0))
        self.mentor.set_teacher(p["mentor_id"])
        self.mentee.set_teacher(p["mentee_id"])
        for k in ("subject", "stage", "status", "mentor_eval", "mentee_eval"):
            set_combo_text(self.form.fields[k], p[k])
        for k in ("start", "planned_end"):
            self.form.fields[k].setText(p[k].iso() if p[k] else "")
        for k in ("end_reason", "note"):
            self.form.fields[k].setText(p[k] or "")
        self.form.fields["goals"].setPlainText(p["goals"] or "")
        self.activities.load(p["activities"])

    def values(self) -> dict:
        v = form_values(self.form)
        v["programme_id"] = self.programme.currentData()
        v["mentor_id"], v["mentee_id"] = self.mentor.teacher_id(), self.mentee.teacher_id()
        return v

    def save(self) -> bool:
        if not may_edit(self.db):
            return False
        v = self.values()
        try:
            check = mentoring.check(self.db, v, self.pairing_id)
            if check.errors:
                self.message.setText("；".join(check.errors))
                return False
            if check.warnings and not confirm(self, "请确认", "\n".join(check.warnings) + "\n\n仍然保存吗？"):
                return False
            if (
                save_checked(
                    self,
                    self.loaded,
                    lambda **check: self._submit(v, self.activities.rows(), **check),
                    lambda: self._load(mentoring.get_pairing(self.db, self.pairing_id)),
                )
                is NOT_SAVED
            ):
                return False
        except ValidationError as e:
            self.form.set_errors(e.problems)
            self.message.setText(
                "请改正标红的项目：" + "；".join(m for k, m in e.problems.items() if k not in self.form.fields)
            )
            return False
        except (UserError, ReadOnlyError) as e:
            warn(self, "不能保存", str(e))
            return False
        self.accept()
        return True

    def _submit(self, v: dict, activities: list[dict], **check) -> int:
        """The pairing, then its activities (each merged with changes saved meanwhile, or EditConflict)."""
        self.pairing_id, _ = mentoring.save_pairing(self.db, self.pairing_id, v, **check)
        base = self.loaded["activities"] if check and self.loaded else None
        mentoring.save_activities(
            self.db, self.pairing_id, activities, base=base, merge=True, resolved=check.get("resolved")
        )
        return self.pairing_id
