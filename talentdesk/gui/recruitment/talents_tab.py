"""人才认定与待遇 tab: 高层次人才认定 (A–E), special allowances, 银龄讲学/柔性引进 agreements, and the
benefits each brings (amounts from the policy parameters in 设置)."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from talentdesk.domain import recruitment as rules
from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui.bus import Topic
from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.recruitment.common import (
    RecordDialog,
    TeacherPicker,
    button,
    combo,
    export_report,
    follow,
    id_combo,
    selected_row,
    set_id_combo,
    table_view,
    text,
    warn,
)
from talentdesk.services.people import schools as school_svc
from talentdesk.services.recruitment import recognition as svc

COLS = (
    "姓名",
    "身份证号",
    "学校",
    "类别",
    "人才层次",
    "认定/开始",
    "期满",
    "是否有效",
    "享受待遇",
    "月发放（元）",
    "一次性（元）",
)


class TalentRow(NamedTuple):
    """A talent record as listed: a recognition, an allowance or an agreement (TABLE says which)."""

    table: str
    id: int
    name: str
    id_masked: str
    school: str
    kind: str
    category: str
    start: str
    end: str
    active: str  # 有效 / 已期满
    benefits: str
    monthly: str
    once: str


class TalentsTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.model = RowsModel(list(COLS), list(range(2, 13)), self)
        self.view = table_view(self.model, "talent_view")
        self.view.doubleClicked.connect(lambda *_: self.edit())
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索姓名、学校、类别")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        self.active_only = QCheckBox("只看有效期内")
        self.active_only.toggled.connect(self.apply_filter)
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.active_only)
        top.addWidget(self.count)
        top.addStretch(1)
        top.addWidget(
            button("新增人才认定", lambda: self.edit(table="recognition"), writes=True, db=db, name="new_recognition")
        )
        top.addWidget(
            button(
                "新增银龄/柔性引进协议", lambda: self.edit(table="agreement"), writes=True, db=db, name="new_agreement"
            )
        )
        top.addWidget(button("删除", self.delete, writes=True, db=db))
        top.addWidget(button("导出…", self.export))
        hint = QLabel(
            "待遇按“设置”中的人才津贴、安家补贴和特殊津贴标准计算；"
            "A–C 类另享子女入学和人才公寓服务（类别可在设置中调整）。"
        )
        hint.setStyleSheet("color: #555;")
        hint.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(hint)
        lay.addWidget(self.view, 1)
        # loaded when first shown, redone on changes (at once if on screen)
        follow(self, bus, ("recruitment", "teachers", "settings"), self.refresh, stale=True)
        for c, w in enumerate((70, 150, 150, 120, 60, 80, 80, 60, 380, 80)):
            self.view.setColumnWidth(c, w)

    def refresh(self) -> None:
        self.model.set_rows(
            [
                TalentRow(
                    r["table"],
                    r["id"],
                    r["name"],
                    r["id_masked"],
                    r["school"],
                    r["kind"],
                    r["category"],
                    text(r["start"]),
                    text(r["end"]),
                    "有效" if r["active"] else "已期满",
                    r["benefits"],
                    text(float(r["monthly"])) if r["monthly"] else "",
                    text(float(r["once"])) if r["once"] else "",
                )
                for r in svc.list_rows(self.db)
            ]
        )
        self.apply_filter()

    def apply_filter(self, *_):
        t = self.search.text().strip()
        only = self.active_only.isChecked()
        self.model.set_visible(
            [
                i
                for i, r in enumerate(self.model.rows)
                if (not only or r.active == "有效") and (not t or t in f"{r.name} {r.school} {r.kind} {r.category}")
            ]
        )
        self.count.setText(f"共 {self.model.rowCount()} 条")

    def edit(self, table: str | None = None) -> int | None:
        row = selected_row(self.view, self.model) if table is None else None
        if table is None:
            if row is None:
                return None
            table = row.table
        rid = row.id if row else None
        values = svc.get(self.db, table, rid) if rid else {}
        loaded = dict(values) or None
        if row:
            values["_teacher_label"] = row.name
        if table == "recognition":
            fields = [
                ("teacher_id", "教师", TeacherPicker(self.db)),
                ("kind", "类别", combo(rules.TALENT_KINDS)),
                ("category", "人才层次", combo(rules.TALENT_CATEGORIES)),
                ("date", "认定时间", QLineEdit()),
                ("term_years", "有效期（年）", QLineEdit()),
                ("issuer", "认定机关", QLineEdit()),
                ("note", "备注", QLineEdit()),
            ]
            values.setdefault("kind", "高层次人才认定")
            save = lambda v, **check: svc.save_recognition(self.db, rid, v, **check)  # noqa: E731
            title = "人才认定"
        else:
            school = id_combo(school_svc.choices(self.db))
            set_id_combo(school, values.pop("school_id", None))
            fields = [
                ("teacher_id", "教师", TeacherPicker(self.db)),
                ("kind", "协议类别", combo(rules.AGREEMENT_KINDS)),
                ("school_id", "服务学校", school),
                ("start", "开始", QLineEdit()),
                ("end", "结束", QLineEdit()),
                ("monthly_pay", "报酬（元/月）", QLineEdit()),
                ("duties", "工作职责", QLineEdit()),
                ("note", "备注", QLineEdit()),
            ]
            save = lambda v, **check: svc.save_agreement(self.db, rid, v, **check)  # noqa: E731
            title = "银龄讲学/柔性引进协议"
        values.pop("id", None)
        dlg = RecordDialog(
            title,
            fields,
            save,
            values,
            self,
            required=("teacher_id", "kind"),
            db=self.db,
            loaded=loaded,
            reload=lambda: dict(svc.get(self.db, table, rid), _teacher_label=row.name if row else None),
        )
        if dlg.exec():
            self.bus.notify(Topic.RECRUITMENT)
            return dlg.saved_id
        return None

    def delete(self) -> bool:
        row = selected_row(self.view, self.model)
        if (
            row is None
            or QMessageBox.question(
                self,
                "删除",
                f"确定删除{row.name}的“{row.kind}”记录吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            != QMessageBox.StandardButton.Yes
        ):
            return False
        try:
            svc.delete(self.db, row.table, row.id)
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除", e)
            return False
        self.bus.notify(Topic.RECRUITMENT)
        return True

    def export(self) -> str | None:
        return export_report(self, self.db, "talents", "人才认定与待遇名单.xlsx")
