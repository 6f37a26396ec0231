"""援派选派 (issue 22 §2): calls for teachers to units outside the county (援藏、援疆、援边、对口支援) and each
candidate's steps (报名 → 推荐 → 考核 → 选派/未选派); a selected teacher is sent (a placement to the unit, shown in
交流记录). Filters by call, kind and step; template, import and export of the candidate list; the teachers away."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from talentdesk.domain import postings as rules
from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui import record_files
from talentdesk.gui.bus import Topic
from talentdesk.gui.deployment.common import (
    ALL,
    ListDetail,
    TeacherPicker,
    ask_save_path,
    confirm,
    inform,
    refresh_when_shown,
    status,
    warn,
)
from talentdesk.gui.deployment.dialogs import FormDialog
from talentdesk.gui.edit_check import NOT_SAVED, save_checked
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.widgets import code_combo, set_widget_text
from talentdesk.services.deployment import postings as svc

C = {n: i for i, n in enumerate(svc.CandidateRow._fields)}
HEADERS = [
    ("选派", "call"),
    ("姓名", "name"),
    ("身份证号", "id_masked"),
    ("编制学校", "school"),
    ("报名", "applied_on"),
    ("推荐", "recommended_on"),
    ("考核", "assessed_on"),
    ("结果", "decision"),
    ("决定日期", "decided_on"),
    ("所到步骤", "stage"),
]
WIDTHS = (170, 64, 130, 130, 80, 80, 80, 56, 80, 64)


def _iso(d) -> str:
    return d.iso() if d else ""


class CallDialog(FormDialog):
    """Add or change a call: title, kind, the outside unit, its province/region and kind, term, places, 文号."""

    def __init__(self, db, call_id: int | None = None, parent=None):
        super().__init__("新建选派" if call_id is None else "修改选派", parent)
        self.db, self.call_id = db, call_id
        f = self.form
        e = self.edits = {k: QLineEdit() for k in svc.CALL_FIELDS if k not in ("kind", "unit_kind")}
        c = self.combos = {
            "kind": code_combo(rules.KINDS, blank=False),
            "unit_kind": code_combo(rules.UNIT_KINDS, blank=False),
        }
        f.add("title", "选派名称", e["title"], span=2, required=True)
        f.add("kind", "类别", c["kind"], required=True)
        f.add("unit_kind", "单位类别", c["unit_kind"])
        f.add("unit", "派往单位", e["unit"], required=True)
        f.add("region", "省份/地区", e["region"], required=True)
        f.add("announced", "发布日期", e["announced"])
        f.add("places", "名额", e["places"])
        f.add("start", "派出日期", e["start"])
        f.add("planned_end", "计划结束", e["planned_end"])
        f.add("document", "文号", e["document"])
        f.add("note", "备注", e["note"])
        e["title"].setPlaceholderText("如 2026年援藏教师选派")
        e["unit"].setPlaceholderText("如 日喀则市第一中学")
        e["region"].setPlaceholderText("如 西藏自治区")
        for k in ("announced", "start", "planned_end"):
            e[k].setPlaceholderText("如 2026-08-20")
        self.loaded: dict | None = None
        if call_id is not None:
            self._load(svc.get_call(db, call_id))

    def _load(self, data: dict) -> None:
        self.loaded = data
        for k in svc.CALL_FIELDS:
            v = data[k]
            set_widget_text(self.form.fields[k], v.iso() if hasattr(v, "iso") else ("" if v is None else str(v)))

    def values(self) -> dict:
        return {
            **{k: w.text() for k, w in self.edits.items()},
            **{k: w.currentText() for k, w in self.combos.items()},
        }

    def save(self) -> bool:
        values = self.values()
        saved = save_checked(
            self,
            self.loaded,
            lambda **check: svc.save_call(self.db, self.call_id, values, **check),
            lambda: self._load(svc.get_call(self.db, self.call_id or 0)),
        )
        if saved is NOT_SAVED:
            return False
        self.saved_id = saved
        return True


class CandidateDialog(FormDialog):
    """A teacher's way through a call: 报名, 推荐, 考核 (each dated, with a note) and the decision."""

    def __init__(self, db, candidate_id: int | None = None, call_id: int | None = None, parent=None):
        super().__init__("报名登记" if candidate_id is None else "修改报名与选派", parent)
        self.db, self.candidate_id = db, candidate_id
        self.calls = svc.call_choices(db)
        f = self.form
        self.call = code_combo([t for _i, t in self.calls], blank=False)
        f.add("call_id", "选派", self.call, span=2, required=True)
        self.picker = TeacherPicker(db)
        f.add("teacher_id", "教师", self.picker, span=2, required=True)
        e = self.edits = {k: QLineEdit() for k in svc.CANDIDATE_FIELDS[2:] if k != "decision"}
        self.decision = code_combo(rules.DECISIONS)
        for field, note, label in rules.STEPS[:3]:
            f.add(field, f"{label}日期", e[field], required=field == "applied_on")
            f.add(note, {"报名": "报名说明", "推荐": "推荐意见", "考核": "考核结果"}[label], e[note])
        f.add("decision", "选派结果", self.decision)
        f.add("decided_on", "决定日期", e["decided_on"])
        f.add("decision_note", "决定说明", e["decision_note"], span=2)
        for k in ("applied_on", "recommended_on", "assessed_on", "decided_on"):
            e[k].setPlaceholderText("如 2026-03-10")
        self.decision.setToolTip("选派：登记派往县外单位（交流记录中可见）；未决定时不填")
        self.loaded: dict | None = None
        if call_id is not None:
            set_widget_text(self.call, dict(self.calls).get(call_id, ""))
        if candidate_id is not None:
            self._load(svc.get_candidate(db, candidate_id))

    def _load(self, data: dict) -> None:
        self.loaded, f = data, self.form
        set_widget_text(self.call, dict(self.calls).get(data["call_id"], ""))
        self.call.setEnabled(False)
        self.picker.set_teacher(data["teacher_id"], data["teacher_name"])
        self.picker.setEnabled(False)
        for k in svc.CANDIDATE_FIELDS[2:]:
            v = data[k]
            set_widget_text(f.fields[k], _iso(v) if hasattr(v, "iso") else (v or ""))

    def values(self) -> dict:
        by_title = {t: i for i, t in self.calls}
        out: dict = {k: w.text() for k, w in self.edits.items()}
        out.update(
            call_id=by_title.get(self.call.currentText()),
            teacher_id=self.picker.teacher_id(),
            decision=self.decision.currentText(),
        )
        return out

    def save(self) -> bool:
        values = self.values()
        saved = save_checked(
            self,
            self.loaded,
            lambda **check: svc.save_candidate(self.db, self.candidate_id, values, **check),
            lambda: self._load(svc.get_candidate(self.db, self.candidate_id or 0)),
        )
        if saved is NOT_SAVED:
            return False
        self.saved_id = saved
        return True


class PostingsTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.call_box = QComboBox()
        self.call_box.setObjectName("posting_call_filter")
        self.call_box.setMinimumContentsLength(16)
        self.kind_box = code_combo((ALL, *rules.KINDS), blank=False)
        self.kind_box.setObjectName("posting_kind_filter")
        self.call_info = QLabel()
        self.call_info.setObjectName("posting_call_info")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("选派："))
        bar.addWidget(self.call_box, 2)
        bar.addWidget(QLabel("类别："))
        bar.addWidget(self.kind_box)
        self._call_buttons = []
        for text, slot in (("新建选派", self.add_call), ("修改选派", self.edit_call), ("删除选派", self.delete_call)):
            b = QPushButton(text)
            b.clicked.connect(lambda _c=False, fn=slot: fn())
            bar.addWidget(b)
            self._call_buttons.append(b)
        apply_read_only(self._call_buttons, db)
        bar.addWidget(self.call_info, 3)
        self.list = ListDetail(
            [h for h, _ in HEADERS],
            [C[k] for _, k in HEADERS],
            WIDTHS,
            filter_label="步骤",
            filter_pos=C["stage"],
            detail=self.detail_html,
            unit="人",
        )
        self.list.view.setObjectName("posting_view")
        ro = dict(writes=True, db=db)
        self.list.add_button("报名登记", self.add, **ro)
        self.list.add_button("修改/选派", self.edit, tip="登记推荐、考核和选派结果", **ro)
        self.list.add_button("删除", self.delete, **ro)
        self.list.add_button("在外教师", self.show_away, tip="目前派往县外、尚未返回的教师")
        self.list.add_button("模板", self.save_template)
        self.list.add_button("导入…", self.import_files, **ro)
        self.list.add_button("导出…", self.export)
        self.list.view.doubleClicked.connect(lambda _i: self.edit())
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.list, 1)
        self.call_box.currentIndexChanged.connect(lambda _i: self.refresh_rows())
        self.kind_box.currentTextChanged.connect(lambda _t: self.refresh_rows())
        refresh_when_shown(self, bus, ("placements", "teachers", "all"), self.refresh)

    # ------------------------------------------------------------ lists

    def call_id(self) -> int | None:
        return self.call_box.currentData()

    def filters(self) -> dict:
        kind = self.kind_box.currentText()
        return dict(call_id=self.call_id(), kind=None if kind in ("", ALL) else kind)

    def refresh(self) -> None:
        chosen = self.call_id()
        self.call_box.blockSignals(True)
        self.call_box.clear()
        self.call_box.addItem("全部选派", None)
        for c in svc.list_calls(self.db):
            self.call_box.addItem(c.title, c.id)
        i = self.call_box.findData(chosen) if chosen is not None else 0
        self.call_box.setCurrentIndex(max(i, 0))
        self.call_box.blockSignals(False)
        self.refresh_rows()

    def refresh_rows(self) -> None:
        f = self.filters()
        self.list.set_rows(svc.list_candidates(self.db, **f))
        cid = f["call_id"]
        calls = [c for c in svc.list_calls(self.db, kind=f["kind"]) if cid is None or c.id == cid]
        if cid is not None and calls:
            c = calls[0]
            places = f"名额 {c.places}，" if c.places is not None else ""
            self.call_info.setText(
                f"{c.kind}｜{c.region}·{c.unit}｜{c.start or '—'} 至 {c.planned_end or '—'}｜"
                f"{places}报名 {c.applied} 人，选派 {c.selected} 人"
            )
        else:
            self.call_info.setText(
                f"{len(calls)} 次选派，报名 {sum(c.applied for c in calls)} 人，"
                f"选派 {sum(c.selected for c in calls)} 人"
            )

    def detail_html(self, row) -> str:
        c = svc.get_candidate(self.db, row.id)
        lines = [
            f"<h3>{escape(row.name)}　<small>{escape(row.id_masked)}</small></h3>",
            f"<p>{escape(row.call)}<br>{escape(row.kind)}：{escape(row.region)}<br>编制学校：{escape(row.school)}</p>",
            "<ol>",
        ]
        for field, note, label in rules.STEPS:
            when = _iso(c[field])
            if field == "decided_on":
                label = c["decision"] or "决定"
            if when or c[note]:
                lines.append(f"<li><b>{escape(label)}</b> {when}{'：' + escape(c[note]) if c[note] else ''}</li>")
        lines.append("</ol>")
        if c["placement_id"]:
            lines.append("<p style='color:#1e6b3a'>已登记派出（见“交流记录”）。</p>")
        return "".join(lines)

    # ------------------------------------------------------------ calls

    def _done(self, text: str) -> None:
        status(self, text)
        self.bus.notify(Topic.PLACEMENTS)
        self.bus.notify(Topic.TEACHERS)

    def add_call(self) -> None:
        dlg = CallDialog(self.db, None, self)
        if dlg.exec():
            self.refresh()
            self.call_box.setCurrentIndex(max(self.call_box.findData(dlg.saved_id), 0))
            status(self, "已新建选派")

    def edit_call(self) -> None:
        cid = self.call_id()
        if cid is None:
            warn(self, "修改选派", "请先在“选派”中选择一次选派")
            return
        dlg = CallDialog(self.db, cid, self)
        if dlg.exec():
            self._done("已保存选派（已选派教师的派出记录随之更新）")

    def delete_call(self) -> None:
        cid = self.call_id()
        if cid is None:
            warn(self, "删除选派", "请先在“选派”中选择一次选派")
            return
        title = self.call_box.currentText()
        if not confirm(self, "删除选派", f"确定删除“{title}”及其报名名单吗？"):
            return
        try:
            svc.delete_call(self.db, cid)
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除选派", str(e))
            return
        self.call_box.setCurrentIndex(0)
        self._done(f"已删除“{title}”")

    # ------------------------------------------------------------ candidates

    def add(self) -> None:
        if not svc.call_choices(self.db):
            warn(self, "报名登记", "还没有选派，请先点“新建选派”（如“2026年援藏教师选派”）")
            return
        dlg = CandidateDialog(self.db, None, self.call_id(), self)
        if dlg.exec():
            self._done("已登记报名")
            self.list.select_key(dlg.saved_id)

    def edit(self) -> None:
        cid = self.list.current_key()
        if cid is None:
            return
        dlg = CandidateDialog(self.db, cid, parent=self)
        apply_read_only([dlg.buttons], self.db)
        if dlg.exec():
            self._done("已保存报名与选派")

    def delete(self) -> None:
        row = self.list.current_row()
        if row is None:
            return
        if not confirm(self, "删除报名", f"确定把 {row.name} 从“{row.call}”的名单中删除吗？"):
            return
        try:
            svc.delete_candidate(self.db, row.id)
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除报名", str(e))
            return
        self._done(f"已删除 {row.name} 的报名")

    def show_away(self) -> None:
        away = svc.away(self.db)
        lines = [
            f"{a.name}（{a.post_school}）：{a.kind}，{a.region}·{a.unit}，{a.start} 至 {a.planned_end or '—'}"
            for a in away
        ]
        inform(
            self,
            "在外教师",
            f"目前派往县外、尚未返回的教师 {len(away)} 人" + ("：\n\n" + "\n".join(lines) if lines else "。"),
        )

    def save_template(self) -> None:
        from talentdesk.importing import templates  # not at start-up: openpyxl

        path = ask_save_path(self, "保存援派报名表模板", templates.default_filename("postings"), "Excel 文件 (*.xlsx)")
        if path:
            templates.write("postings", path)
            status(self, f"已保存模板：{path}")

    def import_files(self) -> None:
        """Read the chosen files, show what would be imported and every problem, then import on the clerk's word."""
        from talentdesk.services.deployment import posting_import  # not at start-up: the importer

        result = record_files.import_files(
            self,
            self.db,
            posting_import,
            title="导入援派报名表",
            nothing="没有可导入的报名教师",
            ask="导入援派报名",
            question="现在导入没有错误的行吗？",
        )
        if result is not None:
            self.refresh()
            self._done(f"已导入报名教师：新增 {result.added} 人、更新 {result.updated} 人（可在“数据导入”页撤销）")

    def export(self) -> None:
        from talentdesk.reports import postings as report  # not at start-up: openpyxl and the report

        record_files.export_list(
            self,
            lambda p: report.export(self.db, p, **self.filters()),
            title="导出援派报名与选派名单",
            filename="援派报名与选派名单.xlsx",
            done="已导出 {n} 人：{path}",
        )
