"""基本信息: identity fields with live checks; a valid ID number fills in birth date and sex."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from talentdesk.domain import codes, idnumber, staff_record
from talentdesk.domain.dates import DateError, parse_loose
from talentdesk.gui.widgets import FormGrid, code_combo, connect_changed, set_widget_text
from talentdesk.services.people.teachers import RESIDENT_ID

DATE_HINT = "如 2008-09"


def _line(placeholder: str = "") -> QLineEdit:
    e = QLineEdit()
    e.setPlaceholderText(placeholder)
    return e


class BasicTab(QWidget):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        f = self.form = FormGrid(columns=2)
        f.add("id_type", "身份证件类型", code_combo(codes.ID_TYPE, blank=False))
        f.add("id_number", "身份证件号", _line("18位，末位可为X"), required=True)
        f.add("name", "姓名", _line(), required=True)
        f.add("former_name", "曾用名", _line())
        f.add("gender", "性别", code_combo(codes.GENDER))
        f.add("birth_date", "出生日期", _line("如 1985-03-12"))
        f.add("ethnicity", "民族", code_combo(codes.ETHNICITY, editable=True))
        f.add("political", "政治面貌", code_combo(codes.POLITICAL))
        f.add("native_place", "籍贯", _line())
        f.add("phone", "联系电话", _line())
        f.add("work_start", "参加工作年月", _line(DATE_HINT))
        f.add("school_entry", "进本校年月", _line(DATE_HINT))
        f.add("employment_form", "用工形式", code_combo(codes.EMPLOYMENT_FORM))
        f.add("source", "教职工来源", code_combo(codes.SOURCE, editable=True))
        f.add("status", "人员状态", code_combo(codes.STATUS, blank=False))
        f.add("status_date", "状态日期", _line(DATE_HINT))
        for field in staff_record.FIELDS:  # the national 教职工基础信息采集表 (issue 18 §4)
            w: QWidget
            if field.codes is not None:
                w = code_combo(field.codes, editable=field.free)
            else:
                w = _line(DATE_HINT if field.month else "")
            f.add(field.attr, field.label, w)
        note = QPlainTextEdit()
        note.setFixedHeight(70)
        f.add("note", "备注", note, span=2)
        self._loaded: dict = {}
        self._loading = False
        for w in f.fields.values():
            connect_changed(w, self._on_changed)
        f.fields["id_number"].textChanged.connect(self._check_id)
        f.fields["id_number"].editingFinished.connect(lambda: self._check_id(final=True))
        f.fields["id_type"].currentTextChanged.connect(lambda _t: self._check_id(final=True))
        for name in (
            "birth_date",
            "work_start",
            "school_entry",
            "status_date",
            *(x.attr for x in staff_record.FIELDS if x.month),
        ):
            f.fields[name].editingFinished.connect(lambda n=name: self._check_date(n))
        f.fields["name"].editingFinished.connect(
            lambda: f.set_error("name", None if f.fields["name"].text().strip() else "姓名不能为空")
        )
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(f)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(scroll)

    # -- values
    def load(self, basic: dict) -> None:
        self._loading = True
        try:
            for name, w in self.form.fields.items():
                v = basic.get(name)
                if isinstance(v, dt.date):
                    v = v.isoformat()
                elif hasattr(v, "iso"):
                    v = v.iso()
                set_widget_text(w, v if v is not None else ("" if name not in ("id_type", "status") else None))
            if not basic.get("id_type"):
                set_widget_text(self.form.fields["id_type"], RESIDENT_ID)
            if not basic.get("status"):
                set_widget_text(self.form.fields["status"], codes.ACTIVE_STATUS)
            self.form.set_errors({})
        finally:
            self._loading = False
        self._loaded = self.values()

    def values(self) -> dict:
        return {k: (v.strip() if isinstance(v, str) else v) for k, v in self.form.values().items()}

    def is_dirty(self) -> bool:
        return self.values() != self._loaded

    def set_read_only(self, ro: bool) -> None:
        for w in self.form.fields.values():
            if isinstance(w, (QLineEdit, QPlainTextEdit)):
                w.setReadOnly(ro)
            else:
                w.setEnabled(not ro)

    def _on_changed(self, *_):
        if not self._loading:
            self.changed.emit()

    # -- live checks
    def _check_id(self, _text=None, final: bool = False) -> None:
        f = self.form
        text = f.fields["id_number"].text().strip()
        if f.fields["id_type"].currentText() != RESIDENT_ID:
            f.set_error("id_number", None)
            return
        if not text:
            f.set_error("id_number", "身份证件号不能为空" if final else None)
            return
        if len(idnumber.normalize(text)) < 15 and not final:
            f.set_error("id_number", None)
            return
        try:
            info = idnumber.parse(text)
        except idnumber.IdNumberError as e:
            f.set_error("id_number", str(e))
            return
        f.set_error("id_number", None)
        if self._loading:
            return
        # a valid number decides birth date and sex
        set_widget_text(f.fields["birth_date"], info.birth.isoformat())
        set_widget_text(f.fields["gender"], info.gender)
        f.set_error("birth_date", None)
        f.set_error("gender", None)

    def _check_date(self, name: str) -> None:
        text = self.form.fields[name].text().strip()
        try:
            d = parse_loose(text)
        except DateError as e:
            self.form.set_error(name, str(e))
            return
        if name == "birth_date" and d is not None and d.day is None:
            self.form.set_error(name, "请写完整日期，如 1985-03-12")
            return
        self.form.set_error(name, None)

    def show_problems(self, problems: dict[str, str]) -> None:
        self.form.set_errors(problems)
