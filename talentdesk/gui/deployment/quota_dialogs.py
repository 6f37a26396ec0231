"""Dialogs of the 编制台账 tab: one quota decision (add or correct), voiding one, the county's 事业编制 of a year."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLineEdit

from talentdesk.domain import codes, quota
from talentdesk.errors import ValidationError
from talentdesk.gui.deployment.dialogs import FormDialog
from talentdesk.gui.widgets import code_combo, school_combo, school_id_of, set_widget_text
from talentdesk.services.deployment import quota_ledger as svc
from talentdesk.services.people import schools

KIND_TIPS = {
    quota.SET: "核定：该校该学段的编制数设为此数（年度核定）",
    quota.ADD: "核增：在现有核定数上增加",
    quota.CUT: "核减：在现有核定数上减少（不能减到零以下）",
    quota.MOVE: "调剂：从调出学校减去，调入学校加上",
    quota.SPECIAL: "专项编制：专门用途的增编（如高层次人才），计入该校核定数",
    quota.POOL_IN: "入池：县里把编制放入编制周转池（不属于任何学校）",
    quota.LEND: "借出：周转池借给学校（池中须有足够编制）",
    quota.RECALL: "收回：学校把周转池借给的编制还回池中",
}


class QuotaDialog(FormDialog):
    """Add (RECORD_ID None) or correct a decision. Fields follow the kind: 调剂 shows the receiving school,
    入池 needs no school, 专项编制 its purpose."""

    def __init__(self, db, record_id: int | None = None, parent=None):
        super().__init__("新增编制决定" if record_id is None else "修改编制决定", parent)
        self.db, self.record_id = db, record_id
        self.saved_id: int | None = None
        choices = schools.choices(db)
        f = self.form
        self.kind = code_combo(quota.KINDS, blank=False)
        self.kind.setObjectName("quota_kind")
        self.decided_on = QLineEdit(dt.date.today().isoformat())
        self.doc_no = QLineEdit()
        self.doc_no.setPlaceholderText("如 县编办〔2025〕12号")
        self.posts = QLineEdit()
        self.school = school_combo(choices)
        self.stage = code_combo([s for s in codes.STAGE.labels if s in ("小学", "初中", "高中")])
        self.stage.setToolTip("只有一个学段的学校可不填")
        self.to_school = school_combo(choices)
        self.school_year = QLineEdit()
        self.school_year.setPlaceholderText("不填按日期：9月起为新学年")
        self.category = code_combo(quota.POST_CATEGORIES)
        self.purpose = QLineEdit()
        self.purpose.setPlaceholderText("专项编制填写，如 高层次人才")
        self.reason = QLineEdit()
        f.add("kind", "类型", self.kind, required=True)
        f.add("decided_on", "日期", self.decided_on, required=True)
        f.add("doc_no", "文号", self.doc_no, required=True)
        f.add("count", "编制数", self.posts, required=True)
        f.add("school_id", "学校（调出）", self.school, required=True)
        f.add("stage", "学段", self.stage)
        f.add("to_school_id", "调入学校", self.to_school)
        f.add("school_year", "学年", self.school_year)
        f.add("post_category", "岗位类别", self.category)
        f.add("purpose", "专项用途", self.purpose)
        f.add("reason", "原因", self.reason, span=2)
        self.kind.currentTextChanged.connect(self._follow_kind)
        self.loaded: dict | None = None
        if record_id is not None:
            self._load(svc.load(db, record_id))
        self._follow_kind(self.kind.currentText())

    def _load(self, data: dict) -> None:
        self.loaded = data
        names = dict(schools.choices(self.db))
        for k in (
            "kind",
            "decided_on",
            "doc_no",
            "count",
            "stage",
            "school_year",
            "post_category",
            "purpose",
            "reason",
        ):
            set_widget_text(self.form.fields[k], data[k])
        for k in ("school_id", "to_school_id"):
            set_widget_text(self.form.fields[k], names.get(data[k], "") if data[k] else "")

    def _follow_kind(self, kind: str) -> None:
        self.to_school.setEnabled(kind == quota.MOVE)
        self.school.setEnabled(kind != quota.POOL_IN)
        self.stage.setEnabled(kind != quota.POOL_IN)
        self.purpose.setEnabled(kind == quota.SPECIAL)
        self.kind.setToolTip(KIND_TIPS.get(kind, ""))

    def values(self) -> dict:
        problems: dict[str, str] = {}
        out: dict = dict(
            kind=self.kind.currentText(),
            decided_on=self.decided_on.text(),
            doc_no=self.doc_no.text(),
            count=self.posts.text(),
            school_year=self.school_year.text(),
            stage=self.stage.currentText(),
            post_category=self.category.currentText(),
            purpose=self.purpose.text() if self.purpose.isEnabled() else "",
            reason=self.reason.text(),
        )
        for k, box in (("school_id", self.school), ("to_school_id", self.to_school)):
            sid, problem = school_id_of(box)
            if problem and box.isEnabled():
                problems[k] = problem
            out[k] = sid if box.isEnabled() else None
        if problems:
            raise ValidationError(problems)
        return out

    def save(self) -> bool:
        version = self.loaded["version"] if self.loaded else None
        self.saved_id = svc.save_decision(self.db, self.record_id, self.values(), expected_version=version)
        return True


class VoidDialog(FormDialog):
    """作废 a decision: the reason is required; the decision stays in the ledger, marked void."""

    def __init__(self, db, row: svc.DecisionRow, parent=None):
        super().__init__(f"作废编制决定：{row.kind} {row.doc_no}", parent, columns=1)
        self.db, self.row = db, row
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("如 文号录错、重复录入、决定已撤销")
        self.form.add("void_reason", "作废原因", self.reason, required=True)
        self.message.setText(f"{row.effect}（{row.decided_on}）。作废后该决定保留在台账中，不再计入编制数。")
        self.resize(520, 160)

    def save(self) -> bool:
        svc.void_decision(self.db, self.row.id, self.reason.text(), expected_version=self.row.version)
        return True


class CountyDialog(FormDialog):
    """The county's total 事业编制 and the education system's share for a school year."""

    def __init__(self, db, values: dict | None = None, parent=None):
        super().__init__("全县事业编制", parent)
        self.db = db
        today = dt.date.today()
        self.edits: dict[str, QLineEdit] = {}
        for k, label, span, required in (
            ("school_year", "学年", 1, True),
            ("total_posts", "全县事业编制", 1, True),
            ("education_posts", "其中教育系统", 1, True),
            ("doc_no", "文号", 1, False),
            ("note", "备注", 2, False),
        ):
            self.edits[k] = QLineEdit()
            self.form.add(k, label, self.edits[k], span=span, required=required)
        self.edits["school_year"].setText(str(today.year if today.month >= 9 else today.year - 1))
        for k, v in (values or {}).items():
            if k in self.edits:
                self.edits[k].setText("" if v is None else str(v))
        self.resize(560, 200)

    def save(self) -> bool:
        svc.save_county(self.db, {k: w.text() for k, w in self.edits.items()})
        return True
