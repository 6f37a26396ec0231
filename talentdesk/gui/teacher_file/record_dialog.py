"""One generic dialog to add or edit a history record, built from a Tab spec."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout

from talentdesk.errors import ValidationError
from talentdesk.gui import unsaved
from talentdesk.gui.teacher_file.specs import Tab
from talentdesk.gui.widgets import FormGrid, code_combo, school_combo, school_id_of, set_widget_text, widget_text
from talentdesk.services.people import teachers as svc

_BOOL = ("是", "否")


class RecordDialog(QDialog):
    def __init__(
        self, tab: Tab, values: dict | None, schools: list[tuple[int, str]], parent=None, options: dict | None = None
    ):
        super().__init__(parent)
        self.tab = tab
        self.options = {f.attr: (options or {}).get(f.attr, f.options) for f in tab.fields}  # the bureau's lists
        self.record_id = (values or {}).get("id")
        self.record_version = (values or {}).get("version")  # as loaded: checked when the file is saved
        self.result_values: dict | None = None
        self.setWindowTitle(("编辑" if values else "添加") + tab.title)
        self.form = FormGrid(columns=1)
        for f in tab.fields:
            self.form.add(f.attr, f.label, self._widget(f, schools, self.options[f.attr]), required=f.required)
        for f in tab.fields:
            self._load(f, (values or {}).get(f.attr))
        self._loaded = self.raw_values()[0]
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.form)
        lay.addStretch(1)
        lay.addWidget(buttons)
        self.setMinimumWidth(460)

    @staticmethod
    def _widget(f, schools, options):
        if f.kind == "school":
            return school_combo(schools)
        if f.kind in ("code", "code_free", "listed"):
            return code_combo(options, editable=f.kind != "code")
        if f.kind == "bool":
            return code_combo(_BOOL)
        edit = QLineEdit()
        if f.kind == "date":
            edit.setPlaceholderText("如 1985-03 或 1985-03-12")
        elif f.kind == "int":
            edit.setPlaceholderText("整数")
        return edit

    def _load(self, f, value):
        w = self.form.fields[f.attr]
        if f.kind == "school":
            i = w.findData(value)
            w.setCurrentIndex(max(i, 0))
        elif f.kind == "bool":
            set_widget_text(w, "" if value is None else ("是" if value else "否"))
        elif f.kind == "date":
            set_widget_text(w, value.iso() if value else "")
        else:
            set_widget_text(w, value)

    def raw_values(self) -> tuple[dict, dict]:
        """Values as typed, plus the problems the dialog can see itself (unknown school names)."""
        out, problems = {}, {}
        for f in self.tab.fields:
            w = self.form.fields[f.attr]
            if f.kind == "school":
                out[f.attr], problem = school_id_of(w)
                if problem:
                    problems[f.attr] = problem
            else:
                out[f.attr] = widget_text(w)
            if f.kind == "listed" and out[f.attr]:
                listed = self.options[f.attr]
                name = listed.canonical(out[f.attr])
                if name is None:
                    problems[f.attr] = f"“{out[f.attr]}”不在{listed.name}名录中（{'、'.join(listed.labels)}）"
                else:
                    out[f.attr] = name
        if self.record_id:
            out["id"] = self.record_id
            out["version"] = self.record_version
        return out, problems

    def is_dirty(self) -> bool:
        return self.result_values is None and self.raw_values()[0] != self._loaded

    def reject(self) -> None:
        """取消, Esc or the window's close button: changes typed here are not lost without asking."""
        if self.is_dirty():
            answer = unsaved.ask(self, f"这条{self.tab.title}记录")
            if answer == unsaved.SAVE:
                self.accept()  # stays open when a field is wrong
                return
            if answer == unsaved.CANCEL:
                return
        super().reject()

    def accept(self) -> None:
        raw, problems = self.raw_values()
        try:
            clean = svc.clean_record(self.tab.key, raw)
        except ValidationError as e:
            problems = {**e.problems, **problems}
        if problems:
            self.form.set_errors(problems)
            return
        self.form.set_errors({})
        self.result_values = clean
        super().accept()
