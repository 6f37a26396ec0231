"""本地生源 tab: the county's students at universities (list + contacts of the selected one); who
graduates this year in a subject the county lacks; the link to the teacher record once hired."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QSplitter, QVBoxLayout, QWidget

from talentdesk.domain import codes
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
    selected_row,
    table_view,
    text,
    warn,
)
from talentdesk.services.recruitment import student_pool as svc

COLS = (
    "姓名",
    "性别",
    "生源学校",
    "就读高校",
    "专业",
    "对应学科",
    "师范类",
    "预计毕业",
    "联系电话",
    "回乡意向",
    "联系次数",
    "最近联系",
    "已入职",
    "本年毕业紧缺",
)
CONTACT_COLS = ("日期", "方式", "联系人", "内容")


class StudentRow(NamedTuple):
    """A student in the pool as listed (COLS from name on)."""

    id: int
    name: str
    gender: str
    from_school: str
    university: str
    major: str
    subject: str
    normal: str
    graduation: str
    phone: str
    intention: str
    contacts: int
    last_contact: str
    hired: str
    shortage: str  # the short subject of a graduate this year, else ""


class StudentsTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.model = RowsModel(list(COLS), list(range(1, 15)), self)
        self.view = table_view(self.model, "student_view")
        self.view.selectionModel().selectionChanged.connect(self.show_contacts)
        self.view.doubleClicked.connect(lambda *_: self.edit())
        self.contact_model = RowsModel(list(CONTACT_COLS), [1, 2, 3, 4], self)
        self.contact_view = table_view(self.contact_model, "contact_view")
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索姓名、高校、专业、生源学校")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        self.short_only = QCheckBox(f"只看 {dt.date.today().year} 年毕业且所学学科本县紧缺")
        self.short_only.setObjectName("short_only")
        self.short_only.toggled.connect(self.apply_filter)
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.short_only)
        top.addWidget(self.count)
        top.addStretch(1)
        top.addWidget(button("新增学生", lambda: self.edit(new=True), writes=True, db=db, name="new_student"))
        top.addWidget(button("删除", self.delete, writes=True, db=db))
        top.addWidget(button("关联教师档案", self.link, writes=True, db=db))
        top.addWidget(button("导出…", self.export))
        lower = QWidget()
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.contact_title = QLabel("联系记录")
        bar.addWidget(self.contact_title)
        bar.addStretch(1)
        bar.addWidget(button("记录一次联系", self.add_contact, writes=True, db=db, name="add_contact"))
        bar.addWidget(button("删除联系记录", self.delete_contact, writes=True, db=db))
        ll.addLayout(bar)
        ll.addWidget(self.contact_view, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(lower)
        split.setSizes([520, 200])
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        # loaded when first shown, redone on changes (at once if on screen)
        follow(self, bus, ("recruitment", "teachers", "schools"), self.refresh, stale=True)
        for c, w in enumerate((70, 40, 130, 110, 120, 70, 50, 70, 100, 70, 60, 80, 70)):
            self.view.setColumnWidth(c, w)
        for c, w in enumerate((90, 70, 80)):
            self.contact_view.setColumnWidth(c, w)

    def refresh(self) -> None:
        short = {d["id"]: d["shortage"] for d in svc.short_subject_graduates(self.db)}
        self.model.set_rows(
            [
                StudentRow(
                    d["id"],
                    d["name"],
                    d["gender"] or "",
                    d["from_school"] or "",
                    d["university"] or "",
                    d["major"] or "",
                    d["subject"] or "",
                    text(d["normal"]),
                    text(d["graduation"]),
                    d["phone"] or "",
                    d["intention"] or "",
                    d["contacts"],
                    text(d["last_contact"]),
                    d["hired"],
                    short.get(d["id"], ""),
                )
                for d in svc.list_rows(self.db)
            ]
        )
        self.apply_filter()

    def apply_filter(self, *_):
        t = self.search.text().strip()
        only = self.short_only.isChecked()
        self.model.set_visible(
            [
                i
                for i, r in enumerate(self.model.rows)
                if (not only or r.shortage) and (not t or t in f"{r.name} {r.from_school} {r.university} {r.major}")
            ]
        )
        n_short = sum(1 for r in self.model.rows if r.shortage)
        self.count.setText(f"共 {self.model.rowCount()} 人（本年毕业紧缺学科 {n_short} 人）")
        self.show_contacts()

    def current(self):
        return selected_row(self.view, self.model)

    def show_contacts(self, *_):
        row = self.current()
        rows = []
        if row is not None:
            rows = [
                (c["id"], text(c["date"]), c["kind"], c["by"] or "", c["summary"] or "")
                for c in svc.get(self.db, row.id)["contacts"]
            ]
            self.contact_title.setText(f"{row.name}的联系记录（{len(rows)} 次）")
        else:
            self.contact_title.setText("联系记录")
        self.contact_model.set_rows(rows)

    def edit(self, new: bool = False) -> int | None:
        row = None if new else self.current()
        sid = row.id if row else None
        values = svc.get(self.db, sid) if sid else {}
        values.pop("contacts", None)
        fields = [
            ("name", "姓名", QLineEdit()),
            ("gender", "性别", combo(codes.GENDER.labels)),
            ("id_number", "身份证号", QLineEdit()),
            ("from_school", "生源学校（本县）", QLineEdit()),
            ("university", "就读高校", QLineEdit()),
            ("major", "专业", QLineEdit()),
            ("subject", "对应学科", combo(codes.SUBJECT.labels)),
            ("normal", "师范类", combo(("是", "否"))),
            ("graduation", "预计毕业", QLineEdit()),
            ("phone", "联系电话", QLineEdit()),
            ("family_contact", "家庭联系人", QLineEdit()),
            ("intention", "回乡意向", combo(rules.INTENTIONS)),
            ("note", "备注", QLineEdit()),
        ]
        values.pop("teacher_id", None)
        values.pop("id", None)
        dlg = RecordDialog(
            "本地生源大学生",
            fields,
            lambda v, **check: svc.save(self.db, sid, v, **check),
            values,
            self,
            required=("name",),
            db=self.db,
            reload=lambda: svc.get(self.db, sid),
        )
        if dlg.exec():
            self.bus.notify(Topic.RECRUITMENT)
            return dlg.saved_id
        return None

    def _run(self, title, fn) -> bool:
        try:
            fn()
        except (UserError, ReadOnlyError) as e:
            warn(self, title, e)
            return False
        self.bus.notify(Topic.RECRUITMENT)
        return True

    def delete(self) -> bool:
        row = self.current()
        if (
            row is None
            or QMessageBox.question(
                self,
                "删除",
                f"确定删除“{row.name}”及其联系记录吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            != QMessageBox.StandardButton.Yes
        ):
            return False
        return self._run("删除", lambda: svc.delete(self.db, row.id))

    def add_contact(self) -> int | None:
        row = self.current()
        if row is None:
            return None
        fields = [
            ("date", "日期", QLineEdit()),
            ("kind", "方式", combo(rules.CONTACT_KINDS, blank=False)),
            ("by", "联系人", QLineEdit()),
            ("summary", "内容", QLineEdit()),
        ]
        dlg = RecordDialog(
            f"联系{row.name}",
            fields,
            lambda v: svc.add_contact(self.db, row.id, v),
            {"date": dt.date.today().isoformat()},
            self,
            required=("date", "kind"),
            db=self.db,
        )
        if dlg.exec():
            self.bus.notify(Topic.RECRUITMENT)
            return dlg.saved_id
        return None

    def delete_contact(self) -> bool:
        c = selected_row(self.contact_view, self.contact_model)
        return c is not None and self._run("删除联系记录", lambda: svc.delete_contact(self.db, c[0]))

    def link(self) -> bool:
        row = self.current()
        if row is None:
            return False
        picker = TeacherPicker(self.db)
        picker.search.setText(row.name)
        dlg = RecordDialog(
            f"{row.name}已入职：关联教师档案",
            [("teacher_id", "教师", picker)],
            lambda v: svc.link_teacher(self.db, row.id, v["teacher_id"]) or row.id,
            parent=self,
            columns=1,
            db=self.db,
        )
        if dlg.exec():
            self.bus.notify(Topic.RECRUITMENT)
            return True
        return False

    def export(self) -> str | None:
        return export_report(self, self.db, "student-pool", "本地生源在读大学生名单.xlsx")
