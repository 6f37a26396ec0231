"""指定学校: the clerk says which school a held name means — one of the database's schools (the candidates
first), or a new school (name, township, 城乡类型, kind) created with the import. Plain data in and out: the
page applies the answer to the plan (plan.choose_school / plan.add_school)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import QButtonGroup, QDialog, QDialogButtonBox, QLabel, QLineEdit, QRadioButton, QVBoxLayout

from talentdesk.domain import codes
from talentdesk.gui.widgets import ERROR_STYLE, FormGrid, code_combo, school_combo, school_id_of, set_widget_text
from talentdesk.importing.school_match import norm


def _guess(asked: str) -> tuple[str, str]:
    """(城乡类型, 办学类型) a new school's name suggests (the clerk confirms)."""
    if asked.endswith("教学点"):
        return "乡村", "教学点"
    if asked.endswith("村小学"):
        return "乡村", "小学"
    if asked.endswith("中心小学"):
        return "镇区", "小学"
    return "", "小学" if asked.endswith("小学") else ""


class SchoolChooser(QDialog):
    def __init__(self, question: dict, plan, parent=None):
        super().__init__(parent)
        self.setWindowTitle("指定学校")
        self.setMinimumWidth(560)
        self.question, self.plan = question, plan
        sheet, asked = question["sheet"], question["asked"]
        ctx = plan.context
        index = ctx.school_index()
        head = QLabel(
            f"<b>{html.escape(Path(sheet.path).name)}</b>（工作表“{html.escape(sheet.name)}”）"
            f"的 {len(question['rows'])} 行待定：<br>{html.escape(question['message'])}"
        )
        head.setObjectName("chooser_question")
        head.setWordWrap(True)

        candidates = question.get("candidates") or []
        refs = {r.name: r for r in (*ctx.schools.values(), *ctx.planned_schools.values())}
        first = [(r.name, r.name) for r in sorted(candidates, key=lambda r: r.name)]
        rest = sorted(((r.township or "", n) for n, r in refs.items() if n not in dict(first)))
        self.refs = refs
        self.existing = QRadioButton("选用学校名单中的学校")
        self.existing.setObjectName("choose_existing")
        self.school = school_combo(first + [(n, n) for _, n in rest])
        self.school.setObjectName("chooser_school")
        self.school.setMinimumWidth(320)
        if first:
            self.school.setCurrentIndex(1)
        self.school.currentTextChanged.connect(lambda _t: self.existing.setChecked(True))

        self.create = QRadioButton("新建学校（随本次导入写入，撤销导入时一并撤销）")
        self.create.setObjectName("choose_create")
        town = index.township_in(asked) or ""
        area, kind = _guess(asked)
        f = self.form = FormGrid(columns=2)
        f.add("name", "学校名称", QLineEdit(), required=True)
        f.add(
            "township",
            "乡镇（街道）",
            code_combo(sorted({r.township for r in refs.values() if r.township}), editable=True),
            required=True,
        )
        f.add("area", "城乡类型", code_combo(codes.AREA), required=True)
        f.add("kind", "办学类型", code_combo(codes.SCHOOL_KIND), required=True)
        for name, value in (
            ("name", asked if question["code"] == "school.unknown" else ""),
            ("township", town),
            ("area", area),
            ("kind", kind),
        ):
            set_widget_text(f.fields[name], value)
        for w in f.fields.values():
            for sig in ("textEdited", "currentTextChanged"):
                if hasattr(w, sig):
                    getattr(w, sig).connect(lambda *_: self.create.setChecked(True))

        group = QButtonGroup(self)
        group.addButton(self.existing)
        group.addButton(self.create)
        (self.create if question["code"] == "school.unknown" and not first else self.existing).setChecked(True)

        self.problem = QLabel()
        self.problem.setObjectName("chooser_problem")
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        remember = QLabel("导入后记住这一选择：下次导入同一工作表时自动使用。")
        remember.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addSpacing(6)
        lay.addWidget(self.existing)
        lay.addWidget(self.school)
        lay.addSpacing(6)
        lay.addWidget(self.create)
        lay.addWidget(f)
        lay.addWidget(self.problem)
        lay.addWidget(remember)
        lay.addStretch(1)
        lay.addWidget(buttons)

    def answer(self) -> tuple[str, object] | tuple[str, None]:
        """("existing", SchoolRef) or ("new", values); raises ValueError with the clerk's message."""
        if self.existing.isChecked():
            _sid, problem = school_id_of(self.school)
            name = self.school.currentText().strip()
            if problem or not name:
                raise ValueError(problem or "请选择学校")
            return "existing", self.refs[name]
        values = {k: str(v).strip() for k, v in self.form.values().items()}
        missing = [
            label
            for k, label in (
                ("name", "学校名称"),
                ("township", "乡镇（街道）"),
                ("area", "城乡类型"),
                ("kind", "办学类型"),
            )
            if not values.get(k)
        ]
        if missing:
            raise ValueError("请填写" + "、".join(missing))
        if norm(values["name"]) in {norm(n) for n in self.refs}:
            raise ValueError(f"学校“{values['name']}”已经在学校名单中，请在上面选用")
        return "new", values

    def accept(self) -> None:
        try:
            self.result_value = self.answer()
        except ValueError as e:
            self.problem.setText(str(e))
            self.problem.show()
            return
        super().accept()
