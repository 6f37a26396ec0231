"""Dialogs of the 交流轮岗 page: a placement, a transfer (调动), ending a placement, a separation,
a situation, a certificate, a rule, the 优质学校 list. Each validates through its service and shows
the clerk's messages under the fields."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from talentdesk.domain import attrition as rules_domain
from talentdesk.domain import codes
from talentdesk.domain import postings as outside_rules
from talentdesk.errors import ReadOnlyError, UserError, ValidationError
from talentdesk.gui.deployment.common import TeacherPicker
from talentdesk.gui.edit_check import NOT_SAVED, save_checked
from talentdesk.gui.widgets import FormGrid, code_combo, school_combo, school_id_of, set_widget_text
from talentdesk.services.deployment import attrition, placements, responses, school_groups
from talentdesk.services.people import schools


class FormDialog(QDialog):
    """A FormGrid with OK/Cancel; subclasses implement save() → True when done."""

    def __init__(self, title: str, parent=None, columns: int = 2):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = FormGrid(columns=columns)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c0392b;")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        lay = QVBoxLayout(self)
        lay.addWidget(self.form)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(640, 300)

    def try_save(self) -> None:
        self.form.set_errors({})
        self.message.clear()
        try:
            done = self.save()
        except ValidationError as e:
            self.form.set_errors(e.problems)
            unknown = [m for k, m in e.problems.items() if k not in self.form.fields]
            self.message.setText("；".join(unknown))
            return
        except (UserError, ReadOnlyError) as e:
            self.message.setText(str(e))
            return
        if done:
            self.accept()

    def save(self) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError


def _school(form: FormGrid, name: str, problems: dict):
    sid, problem = school_id_of(form.fields[name])
    if problem:
        problems[name] = problem
    return sid


class PlacementDialog(FormDialog):
    """Add or change a placement (交流轮岗、支教、走教、挂职、跟岗学习、借调) to a county school, or a posting
    outside the county (援藏、援疆、援边、对口支援) to an outside unit: the kind decides which fields apply."""

    def __init__(self, db, placement_id: int | None = None, parent=None):
        super().__init__("新增交流记录" if placement_id is None else "修改交流记录", parent)
        self.db, self.placement_id = db, placement_id
        choices = schools.choices(db)
        f = self.form
        self.picker = TeacherPicker(db)
        f.add("teacher_id", "教师", self.picker, span=2, required=True)
        f.add("kind", "交流方式", code_combo([k for k in placements.KINDS if k != placements.TRANSFER]), required=True)
        f.add("status", "状态", code_combo(placements.STATUSES, blank=False))
        f.add("from_school_id", "原学校", school_combo(choices))
        f.add("to_school_id", "交流学校", school_combo(choices))
        unit, region = QLineEdit(), QLineEdit()
        self.outside_kind = code_combo(outside_rules.UNIT_KINDS)
        f.add("outside_unit", "县外单位", unit)
        f.add("outside_region", "省份/地区", region)
        f.add("outside_kind", "单位类别", self.outside_kind)
        unit.setPlaceholderText("援藏、援疆等派往的单位，如 日喀则市第一中学")
        region.setPlaceholderText("如 西藏自治区")
        f.add("start", "开始日期", QLineEdit(), required=True)
        f.add("planned_end", "计划结束", QLineEdit())
        f.add("actual_end", "实际结束", QLineEdit())
        f.add("batch", "年度/批次", QLineEdit())
        f.add("moves_relation", "人事关系转移", QCheckBox("是（人事关系随之转移）"))
        f.add("note", "备注", QLineEdit(), span=2)
        f.fields["start"].setPlaceholderText("如 2025-09")
        f.fields["from_school_id"].setToolTip("不填时取该教师开始日期所在的编制学校")
        set_widget_text(f.fields["status"], "在岗")
        kind = f.fields["kind"]
        assert isinstance(kind, QComboBox)
        kind.currentTextChanged.connect(self._kind_changed)
        self._kind_changed(kind.currentText())
        self.names = dict(choices)
        self.loaded: dict | None = None  # version and values as loaded: a change saved meanwhile is merged
        if placement_id is not None:
            self._load(placements.get(db, placement_id))

    def _kind_changed(self, kind: str) -> None:
        """A posting outside the county names its unit; any other placement a county school."""
        away = kind in placements.OUTSIDE_KINDS
        f = self.form
        f.fields["to_school_id"].setEnabled(not away)
        for k in ("outside_unit", "outside_region", "outside_kind"):
            f.fields[k].setEnabled(away)

    def _load(self, data: dict) -> None:
        self.loaded, f = data, self.form
        self.picker.set_teacher(data["teacher_id"], data["teacher_name"])
        self.picker.setEnabled(False)
        for k in ("kind", "status", "batch", "note", "outside_unit", "outside_region", "outside_kind"):
            set_widget_text(f.fields[k], data[k])
        for k in ("start", "planned_end", "actual_end"):
            set_widget_text(f.fields[k], data[k].iso() if data[k] else "")
        for k in ("from_school_id", "to_school_id"):
            set_widget_text(f.fields[k], self.names.get(data[k], ""))
        f.fields["moves_relation"].setChecked(bool(data["moves_relation"]))

    def values(self) -> dict:
        problems: dict[str, str] = {}
        f = self.form
        out = {
            k: f.fields[k].text()
            for k in ("start", "planned_end", "actual_end", "batch", "note", "outside_unit", "outside_region")
        }
        kind = f.fields["kind"]
        assert isinstance(kind, QComboBox)
        away = kind.currentText() in placements.OUTSIDE_KINDS
        out.update(
            outside_kind=self.outside_kind.currentText(),
            kind=f.fields["kind"].currentText(),
            status=f.fields["status"].currentText(),
            moves_relation=f.fields["moves_relation"].isChecked(),
            teacher_id=self.picker.teacher_id(),
            from_school_id=_school(f, "from_school_id", problems),
            to_school_id=None if away else _school(f, "to_school_id", problems),
        )
        if problems:  # show every problem at once: the service's checks too
            try:
                placements.clean(out)
            except ValidationError as e:
                problems = {**e.problems, **problems}
            raise ValidationError(problems)
        return out

    def save(self) -> bool:
        values = self.values()
        saved = save_checked(
            self,
            self.loaded,
            lambda **check: placements.save(self.db, self.placement_id, values, **check),
            lambda: self._load(placements.get(self.db, self.placement_id)),
        )
        if saved is NOT_SAVED:
            return False
        self.saved_id = saved
        return True


class TransferDialog(FormDialog):
    """调动: the post moves to another school."""

    def __init__(self, db, parent=None):
        super().__init__("办理调动（编制转入另一所学校）", parent, columns=1)
        self.db = db
        f = self.form
        self.picker = TeacherPicker(db)
        f.add("teacher_id", "教师", self.picker, required=True)
        f.add("to_school_id", "调入学校", school_combo(schools.choices(db)), required=True)
        f.add("start", "调动日期", QLineEdit(dt.date.today().isoformat()), required=True)
        f.add("note", "文号/备注", QLineEdit())
        hint = QLabel("调动会结束现编制学校的记录、新增调入学校的编制记录，并登记一条“调动”交流记录。")
        hint.setWordWrap(True)
        self.layout().insertWidget(1, hint)

    def save(self) -> bool:
        problems: dict[str, str] = {}
        to = _school(self.form, "to_school_id", problems)
        tid = self.picker.teacher_id()
        if not tid:
            problems["teacher_id"] = "请先查找并选择教师"
        if to is None and "to_school_id" not in problems:
            problems["to_school_id"] = "请选择调入学校"
        if problems:
            raise ValidationError(problems)
        placements.transfer(self.db, tid, to, self.form.fields["start"].text(), note=self.form.fields["note"].text())
        return True


class EndDialog(FormDialog):
    def __init__(self, db, placement_id: int, parent=None):
        super().__init__("登记交流结束", parent, columns=1)
        self.db, self.placement_id = db, placement_id
        self.loaded = data = placements.get(db, placement_id)  # version and values: a change meanwhile is merged
        default = data["planned_end"].iso() if data["planned_end"] else dt.date.today().isoformat()
        self.form.add("actual_end", "实际结束日期", QLineEdit(default), required=True)
        self.form.add("status", "结束方式", code_combo(("期满返回", "提前结束"), blank=False))

    def _reload(self) -> None:
        self.loaded = placements.get(self.db, self.placement_id)
        self.message.setText("已重新载入其他用户保存的内容，您的登记未保存。")

    def save(self) -> bool:
        on, status = self.form.fields["actual_end"].text(), self.form.fields["status"].currentText()
        return (
            save_checked(
                self,
                self.loaded,
                lambda **check: placements.end(self.db, self.placement_id, on, status, **check),
                self._reload,
            )
            is not NOT_SAVED
        )


class SeparationDialog(FormDialog):
    def __init__(self, db, parent=None):
        super().__init__("登记离岗（调出、辞职、退休、解聘、去世）", parent)
        self.db = db
        f = self.form
        self.picker = TeacherPicker(db)
        f.add("teacher_id", "教师", self.picker, span=2, required=True)
        f.add("kind", "离岗方式", code_combo(rules_domain.SEPARATION_KINDS), required=True)
        f.add("date", "离岗日期", QLineEdit(dt.date.today().isoformat()), required=True)
        f.add("reason", "原因（原文）", QLineEdit())
        f.add("destination", "去向（原文）", QLineEdit())
        self.codes = add_code_fields(f)
        f.add("note", "备注", QLineEdit(), span=2)

    def save(self) -> bool:
        tid = self.picker.teacher_id()
        if not tid:
            raise ValidationError({"teacher_id": "请先查找并选择教师"})
        f = self.form.fields
        attrition.record_separation(
            self.db,
            tid,
            f["kind"].currentText(),
            f["date"].text(),
            f["reason"].text(),
            f["destination"].text(),
            f["note"].text() or None,
            codes_=code_values(self.codes),
        )
        return True


def add_code_fields(f: FormGrid) -> dict[str, QComboBox | QLineEdit]:
    """离岗原因分类, 去向类别, 去向省份, 去向城市 on a form (the coded reason and destination of a separation)."""
    fields: dict[str, QComboBox | QLineEdit] = {
        "reason_code": code_combo(rules_domain.LEAVE_REASONS),
        "dest_kind": code_combo(rules_domain.DESTINATION_KINDS),
        "dest_province": QLineEdit(),
        "dest_city": QLineEdit(),
    }
    for name, label in (
        ("reason_code", "原因分类"),
        ("dest_kind", "去向类别"),
        ("dest_province", "去向省份"),
        ("dest_city", "去向城市"),
    ):
        f.add(name, label, fields[name])
    return fields


def code_values(fields: dict[str, QComboBox | QLineEdit]) -> dict[str, str]:
    return {k: w.currentText() if isinstance(w, QComboBox) else w.text() for k, w in fields.items()}


class SeparationCodesDialog(FormDialog):
    """Code a separation's reason and destination (the free text of the record shown above, kept)."""

    def __init__(self, db, row: dict, parent=None):
        super().__init__(f"{row['name']}的离岗原因和去向分类", parent)
        self.db, self.separation_id = db, row["id"]
        text = QLabel(f"原因（原文）：{row['reason'] or '未填'}；去向（原文）：{row['destination'] or '未填'}")
        text.setWordWrap(True)
        self.form.add("text", "登记内容", text, span=2)
        self.codes = add_code_fields(self.form)
        for k in ("reason_code", "dest_kind", "dest_province", "dest_city"):
            set_widget_text(self.codes[k], row.get(k) or "")

    def save(self) -> bool:
        attrition.set_codes(self.db, self.separation_id, code_values(self.codes))
        return True


class SituationDialog(FormDialog):
    def __init__(self, db, teacher_id: int, name: str, parent=None):
        super().__init__(f"登记{name}的情况", parent, columns=1)
        self.db, self.teacher_id = db, teacher_id
        self.form.add("kind", "情况", code_combo(rules_domain.SITUATIONS, editable=True), required=True)
        self.form.add("since", "开始时间", QLineEdit())
        self.form.add("note", "说明", QLineEdit())

    def save(self) -> bool:
        f = self.form.fields
        attrition.add_situation(
            self.db, self.teacher_id, f["kind"].currentText(), f["since"].text() or None, f["note"].text()
        )
        return True


class RuleDialog(FormDialog):
    """One watch rule: every filled condition must hold."""

    def __init__(self, db, rule: rules_domain.Rule | None, parent=None):
        super().__init__("预警规则" if rule else "新增预警规则", parent)
        self.db, self.rule = db, rule
        f = self.form
        f.add("name", "规则名称", QLineEdit(), required=True)
        f.add("enabled", "启用", QCheckBox("启用这条规则"))
        f.add("min_degree", "学历不低于", code_combo(codes.DEGREE))
        f.add("min_title", "职称不低于", code_combo(codes.TITLE))
        f.add("age_below", "年龄小于（岁）", QLineEdit())
        f.add("scope", "适用学校", code_combo(school_groups.choices(db), blank=False))
        f.fields["scope"].setToolTip("全部学校、按设置的乡村学校，或在“学校分组”中定义的分组")
        f.add("situation", "登记有情况", code_combo(rules_domain.SITUATIONS, editable=True))
        f.add("no_title_years", "职称未晋升满（年）", QLineEdit())
        f.add("note", "说明", QLineEdit(), span=2)
        r = rule or rules_domain.Rule("")
        for k in ("name", "min_degree", "min_title", "situation", "note"):
            set_widget_text(f.fields[k], getattr(r, k))
        for k in ("age_below", "no_title_years"):
            set_widget_text(f.fields[k], getattr(r, k) or "")
        f.fields["enabled"].setChecked(r.enabled)
        set_widget_text(f.fields["scope"], attrition.rule_scope(r) if rule else school_groups.ALL_SCHOOLS)

    def save(self) -> bool:
        f = self.form.fields
        values = {k: f[k].text() for k in ("name", "age_below", "no_title_years", "note")}
        values.update({k: f[k].currentText() for k in ("min_degree", "min_title", "situation", "scope")})
        values.update(enabled=f["enabled"].isChecked())
        if self.rule is None:
            attrition.save_rule(self.db, None, values)
        else:
            attrition.save_rule_by_name(self.db, self.rule.name, values)
        return True


class ResponseDialog(FormDialog):
    """One management response (管理响应) to a teacher on the watch list: a new one, or RECORD_ID to edit."""

    def __init__(self, db, teacher_id: int, name: str, record_id: int | None = None, parent=None):
        super().__init__(f"{'修改' if record_id else '记录'}{name}的管理响应", parent)
        self.db, self.teacher_id, self.record_id = db, teacher_id, record_id
        f = self.form
        self.talked_on = QLineEdit(dt.date.today().isoformat())
        self.talked_by = QLineEdit()
        self.more = QLineEdit()
        self.more.setPlaceholderText("列表中没有的条件，用顿号分隔；保存后加入列表")
        self.outcome = code_combo(rules_domain.OUTCOMES, blank=False)
        self.follow_up = QLineEdit()
        self.follow_up.setPlaceholderText("跟进中必填，如 2025-11-01")
        self.note = QLineEdit()
        f.add("talked_on", "谈话日期", self.talked_on, required=True)
        f.add("talked_by", "谈话人", self.talked_by, required=True)
        self.offer_boxes: list[QCheckBox] = []
        offers = QWidget()
        grid = QGridLayout(offers)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, name_ in enumerate(responses.offer_choices(db)):
            box = QCheckBox(name_)
            self.offer_boxes.append(box)
            grid.addWidget(box, i // 4, i % 4)
        f.add("offered", "提供的条件", offers, span=2)
        f.add("offered_more", "其他条件", self.more, span=2)
        f.add("outcome", "结果", self.outcome, required=True)
        f.add("follow_up", "跟进日期", self.follow_up)
        f.add("note", "备注", self.note, span=2)
        self.version = None
        if record_id is not None:
            data = responses.load(db, record_id)
            self.version = data["version"]
            chosen = [x for x in data["offered"].split("、") if x]
            for box in self.offer_boxes:
                box.setChecked(box.text() in chosen)
            known = {b.text() for b in self.offer_boxes}
            self.more.setText("、".join(x for x in chosen if x not in known))
            for k in ("talked_on", "talked_by", "outcome", "follow_up", "note"):
                set_widget_text(f.fields[k], data[k])

    def values(self) -> dict:
        offered = [b.text() for b in self.offer_boxes if b.isChecked()]
        offered += self.more.text().replace("，", "、").split("、")
        return dict(
            talked_on=self.talked_on.text(),
            talked_by=self.talked_by.text(),
            offered=offered,
            outcome=self.outcome.currentText(),
            follow_up=self.follow_up.text(),
            note=self.note.text(),
        )

    def save(self) -> bool:
        responses.save_response(self.db, self.teacher_id, self.record_id, self.values(), expected_version=self.version)
        return True


class CertificateDialog(FormDialog):
    def __init__(self, db, teacher_ids: list[int], level: str, parent=None):
        super().__init__(f"登记已发放{level}级乡村从教荣誉证书（{len(teacher_ids)} 人）", parent, columns=1)
        self.db, self.teacher_ids, self.level = db, teacher_ids, level
        self.form.add("year", "发证年份", QLineEdit(str(dt.date.today().year)), required=True)
        self.form.add("number", "证书编号", QLineEdit())

    def save(self) -> bool:
        from talentdesk.services.deployment import rural

        text = self.form.fields["year"].text().strip()
        if not text.isdigit():
            raise ValidationError({"year": "请填写四位年份"})
        self.added = rural.record(
            self.db, self.teacher_ids, self.level, int(text), self.form.fields["number"].text() or None
        )
        return True


class SchoolChecklist(QDialog):
    """Tick the 优质学校 that send teachers this year besides the 城区 schools."""

    def __init__(self, choices: list[tuple[int, str, str]], chosen: set[int], parent=None):
        super().__init__(parent)
        self.setWindowTitle("优质学校（除城区学校外也派出教师）")
        self.list = QListWidget()
        for sid, name, area in choices:
            item = QListWidgetItem(f"{name}（{area or '未填城乡类型'}）")
            item.setData(Qt.ItemDataRole.UserRole, sid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if sid in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("城区学校总是派出学校；勾选的学校也按优质学校派出教师。"))
        lay.addWidget(self.list)
        lay.addWidget(buttons)
        self.resize(420, 520)

    def chosen(self) -> list[int]:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
