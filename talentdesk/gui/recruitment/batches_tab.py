"""招聘批次 tab: batches by year and channel (left), their candidates (right); an admitted candidate
becomes a teacher — post, source, first placement, teaching, service obligation — in one step."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QMessageBox, QSplitter, QVBoxLayout, QWidget

from talentdesk.domain import codes
from talentdesk.domain import recruitment as rules
from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui.bus import Topic
from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.recruitment.common import (
    RecordDialog,
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
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.widgets import select_row
from talentdesk.services.people import schools as school_svc
from talentdesk.services.recruitment import batches as svc

BATCH_COLS = ("年度", "招聘渠道", "批次名称", "岗位数", "录用", "已建档", "报到时间")
CAND_COLS = ("姓名", "身份证号", "性别", "毕业院校", "专业", "学历", "学段", "学科", "拟聘学校", "成绩", "状态", "建档")


class BatchRow(NamedTuple):
    """A 招聘批次 as listed (BATCH_COLS from year on)."""

    id: int
    year: int
    channel: str
    name: str
    positions: int
    candidates: int
    hired: int
    report_date: str


class CandidateRow(NamedTuple):
    """A 录用人员 as listed (CAND_COLS from name to filed)."""

    id: int
    name: str
    id_masked: str
    gender: str
    university: str
    major: str
    degree: str
    stage: str
    subject: str
    school: str
    score: str
    status: str
    filed: str  # 已建档 or ""
    teacher_id: int | None


class BatchesTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.batch_model = RowsModel(list(BATCH_COLS), list(range(1, 8)), self)
        self.batch_view = table_view(self.batch_model, "batch_view")
        self.batch_view.selectionModel().selectionChanged.connect(self.show_candidates)
        self.batch_view.doubleClicked.connect(lambda *_: self.edit_batch())
        self.cand_model = RowsModel(list(CAND_COLS), list(range(1, 13)), self)
        self.cand_view = table_view(self.cand_model, "candidate_view")
        self.cand_view.doubleClicked.connect(lambda *_: self.edit_candidate())
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("招聘批次"))
        bar.addStretch(1)
        bar.addWidget(button("新增批次", lambda: self.edit_batch(new=True), writes=True, db=db, name="new_batch"))
        bar.addWidget(button("删除批次", self.delete_batch, writes=True, db=db))
        ll.addLayout(bar)
        ll.addWidget(self.batch_view, 1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.cand_title = QLabel("录用人员")
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索姓名、学校、学科")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        bar2 = QHBoxLayout()
        bar2.addWidget(self.cand_title)
        bar2.addWidget(self.search, 1)
        bar2.addWidget(
            button("新增人员", lambda: self.edit_candidate(new=True), writes=True, db=db, name="new_candidate")
        )
        bar2.addWidget(button("删除人员", self.delete_candidate, writes=True, db=db))
        self.admit_button = button("入职建档", self.admit, writes=True, db=db, name="admit")
        self.admit_button.setToolTip(
            "为选中的录用人员建立教师档案：编制学校、首次分配、教职工来源、任教学科和服务期一次办好"
        )
        apply_read_only([self.admit_button], db)  # the reason after the explanation
        bar2.addWidget(self.admit_button)
        bar2.addWidget(button("导出录用名单…", self.export))
        rl.addLayout(bar2)
        rl.addWidget(self.cand_view, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([600, 900])
        lay = QVBoxLayout(self)
        lay.addWidget(split)
        # loaded when first shown, redone on changes (at once if on screen)
        follow(self, bus, ("recruitment", "teachers"), self.refresh, stale=True)
        for c, w in enumerate((45, 75, 230, 50, 40, 50)):
            self.batch_view.setColumnWidth(c, w)
        for c, w in enumerate((64, 140, 36, 100, 90, 64, 40, 60, 140, 44, 52, 48)):
            self.cand_view.setColumnWidth(c, w)

    def batch_id(self) -> int | None:
        row = selected_row(self.batch_view, self.batch_model)
        return row.id if row else None

    def refresh(self) -> None:
        keep = self.batch_id()
        rows = [
            BatchRow(
                b["id"],
                b["year"],
                b["channel"],
                b["name"],
                b["positions"],
                b["candidates"],
                b["hired"],
                text(b["report_date"]),
            )
            for b in svc.list_batches(self.db)
        ]
        self.batch_model.set_rows(rows)
        r = self.batch_model.view_row_of(keep) if keep else (0 if rows else -1)
        if r >= 0:
            select_row(self.batch_view, r)
        self.show_candidates()

    def show_candidates(self, *_):
        bid = self.batch_id()
        rows = []
        if bid is not None:
            rows = [
                CandidateRow(
                    c["id"],
                    c["name"],
                    c["id_masked"],
                    c["gender"] or "",
                    c["university"] or "",
                    c["major"] or "",
                    c["degree"] or "",
                    c["stage"] or "",
                    c["subject"] or "",
                    c["school"],
                    text(c["score"]),
                    c["status"],
                    "已建档" if c["teacher_id"] else "",
                    c["teacher_id"],
                )
                for c in svc.list_candidates(self.db, bid)
            ]
        self.cand_model.set_rows(rows)
        self._filter()
        row = selected_row(self.batch_view, self.batch_model)
        self.cand_title.setText(f"{row.name}：{len(rows)} 人" if row else "录用人员")

    def _filter(self, *_):
        t = self.search.text().strip()
        rows = self.cand_model.rows
        self.cand_model.set_visible(
            [i for i, r in enumerate(rows) if not t or t in f"{r.name} {r.subject} {r.school} {r.university}"]
        )

    # -- batches
    def edit_batch(self, new: bool = False) -> int | None:
        bid = None if new else self.batch_id()
        values = {}
        if bid is not None:
            values = next(b for b in svc.list_batches(self.db) if b["id"] == bid)
        fields = [
            ("year", "年度", QLineEdit()),
            ("channel", "招聘渠道", combo(rules.CHANNELS)),
            ("name", "批次名称", QLineEdit()),
            ("positions", "岗位数", QLineEdit()),
            ("announced", "公告时间", QLineEdit()),
            ("report_date", "报到时间", QLineEdit()),
            ("note", "备注", QLineEdit()),
        ]
        if not values:
            values = {"year": str(dt.date.today().year), "report_date": f"{dt.date.today().year}-09-01"}
        dlg = RecordDialog(
            "招聘批次",
            fields,
            lambda v, **check: svc.save_batch(self.db, bid, v, **check),
            values,
            self,
            required=("year", "channel", "name"),
            db=self.db,
            reload=lambda: next(b for b in svc.list_batches(self.db) if b["id"] == bid),
        )
        if dlg.exec():
            self.bus.notify(Topic.RECRUITMENT)
            r = self.batch_model.view_row_of(dlg.saved_id)
            if r >= 0:
                select_row(self.batch_view, r)
            return dlg.saved_id
        return None

    def delete_batch(self) -> None:
        row = selected_row(self.batch_view, self.batch_model)
        if row is None:
            return
        if (
            QMessageBox.question(
                self,
                "删除批次",
                f"确定删除“{row.name}”及其录用人员名单吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        try:
            svc.delete_batch(self.db, row.id)
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除批次", e)
            return
        self.bus.notify(Topic.RECRUITMENT)

    # -- candidates
    def candidate_row(self):
        return selected_row(self.cand_view, self.cand_model)

    def edit_candidate(self, new: bool = False) -> int | None:
        bid = self.batch_id()
        if bid is None:
            return None
        row = None if new else self.candidate_row()
        cid = row.id if row else None
        values = {}
        if cid is not None:
            values = next(c for c in svc.list_candidates(self.db, bid) if c["id"] == cid)
        school = id_combo(school_svc.choices(self.db))
        fields = [
            ("name", "姓名", QLineEdit()),
            ("id_number", "身份证号", QLineEdit()),
            ("gender", "性别", combo(codes.GENDER.labels)),
            ("phone", "联系电话", QLineEdit()),
            ("university", "毕业院校", QLineEdit()),
            ("major", "专业", QLineEdit()),
            ("degree", "学历", combo(codes.DEGREE.labels)),
            ("stage", "学段", combo(codes.STAGE.labels)),
            ("subject", "学科", combo(codes.SUBJECT.labels)),
            ("school_id", "拟聘学校", school),
            ("score", "成绩", QLineEdit()),
            ("status", "状态", combo(rules.CANDIDATE_STATUS, blank=False)),
            ("note", "备注", QLineEdit()),
        ]
        set_id_combo(school, values.get("school_id"))
        loaded = values or None
        values = {k: v for k, v in values.items() if k != "school_id"}
        values.setdefault("status", "拟录用")
        dlg = RecordDialog(
            "录用人员",
            fields,
            lambda v, **check: svc.save_candidate(self.db, bid, cid, v, **check),
            values,
            self,
            required=("name",),
            db=self.db,
            loaded=loaded,
            reload=lambda: next(c for c in svc.list_candidates(self.db, bid) if c["id"] == cid),
        )
        if dlg.exec():
            self.bus.notify(Topic.RECRUITMENT)
            return dlg.saved_id
        return None

    def delete_candidate(self) -> None:
        row = self.candidate_row()
        if row is None:
            return
        if (
            QMessageBox.question(
                self,
                "删除人员",
                f"确定从名单中删除“{row.name}”吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        try:
            svc.delete_candidate(self.db, row.id)
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除人员", e)
            return
        self.bus.notify(Topic.RECRUITMENT)

    def admit(self) -> int | None:
        row = self.candidate_row()
        if row is None:
            return None
        if row.teacher_id:
            QMessageBox.information(self, "入职建档", f"{row.name}已经建立教师档案。")
            return None
        answer = QMessageBox.question(
            self,
            "入职建档",
            f"为“{row.name}”建立教师档案？\n\n编制学校和首次分配：{row.school or '（未选择）'}\n"
            f"任教：{row.stage}{row.subject}\n教职工来源、用工形式和服务期按本批次的招聘渠道登记。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        try:
            tid = svc.admit(self.db, row.id)
        except (UserError, ReadOnlyError) as e:
            warn(self, "入职建档", e)
            return None
        self.bus.notify(Topic.TEACHERS)
        self.bus.notify(Topic.RECRUITMENT)
        return tid

    def export(self) -> str | None:
        row = selected_row(self.batch_view, self.batch_model)
        year = row.year if row else None
        return export_report(self, self.db, "recruits", f"招聘录用名单{year or ''}.xlsx", year=year)
