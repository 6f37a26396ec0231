"""调配方案 (issue 22 §2): a school year's permanent redeployment plan: 生成方案 (optimal moves from the subject gaps,
on a worker with progress), each move explained, the clerk's edits (加入、修改、删除, 撤销 the last one), the moves
imported from the template (模板…, 导入…), 审批 with a 文号 (the posts move, reason 调配), 撤销方案 of an approved
plan by an administrator (the posts move back), and the plan's effect on each school's gap."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from talentdesk.errors import ReadOnlyError, UserError, ValidationError
from talentdesk.gui.bus import Topic
from talentdesk.gui.deployment.common import (
    ListDetail,
    TeacherPicker,
    ask_save_path,
    confirm,
    refresh_when_shown,
    status,
    warn,
)
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.tasks import Loader
from talentdesk.gui.widgets import FormGrid, code_combo, school_combo, school_id_of, set_widget_text
from talentdesk.services.accounts import access
from talentdesk.services.deployment import redeploy as svc

M = {n: i for i, n in enumerate(svc.MOVE_COLUMNS)}
MOVE_HEADERS = [
    ("姓名", "name"),
    ("原学校", "from_school"),
    ("调入学校", "to_school"),
    ("学段", "stage"),
    ("学科", "subject"),
    ("成本", "cost"),
    ("状态", "status"),
    ("来源", "source"),
    ("调配理由", "reason"),
]
E = {n: i for i, n in enumerate(svc.EffectRow._fields)}
EFFECT_HEADERS = [
    ("学校", "school"),
    ("乡镇", "township"),
    ("学段", "stage"),
    ("学科", "subject"),
    ("按课时应需", "need"),
    ("调配前", "before"),
    ("调配后", "after"),
    ("调配前余缺", "before_diff"),
    ("调配后余缺", "after_diff"),
]
STAGES = ("小学", "初中", "高中")


class MoveDialog(QDialog):
    """Add a move (ROW None: choose the teacher) or change one: the school, stage and subject taught there, why."""

    def __init__(self, db, plan_id: int, row: svc.MoveRow | None = None, parent=None):
        super().__init__(parent)
        self.db, self.plan_id, self.row = db, plan_id, row
        self.setWindowTitle(f"修改调配：{row.name}" if row else "加入调配")
        f = self.form = FormGrid(columns=1)
        self.picker = TeacherPicker(db)
        if row is not None:
            self.picker.set_teacher(row.teacher_id, row.name)
            self.picker.setEnabled(False)
        f.add("teacher_id", "教师", self.picker, required=True)
        self.school, self.stage = school_combo(svc.school_choices(db)), code_combo(STAGES)
        self.subject, self.reason = QLineEdit(row.subject if row else ""), QLineEdit(row.reason if row else "")
        f.add("to_school_id", "调入学校", self.school, required=True)
        f.add("stage", "任教学段", self.stage)
        f.add("subject", "任教学科", self.subject)
        f.add("reason", "调配理由", self.reason)
        if row is not None:
            set_widget_text(self.school, row.to_school)
            set_widget_text(self.stage, row.stage)
        self.subject.setPlaceholderText("默认现任教学科")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        apply_read_only([buttons.button(QDialogButtonBox.StandardButton.Ok)], db)
        lay = QVBoxLayout(self)
        lay.addWidget(f)
        lay.addWidget(buttons)
        self.resize(620, 320)

    def values(self) -> dict | None:
        sid, problem = school_id_of(self.school)
        if problem:
            self.form.set_errors({"to_school_id": problem})
            return None
        return dict(
            teacher_id=self.picker.teacher_id(),
            to_school_id=sid,
            stage=self.stage.currentText() or None,
            subject=self.subject.text().strip() or None,
            reason=self.reason.text().strip() or None,
        )

    def try_save(self) -> None:
        values = self.values()
        if values is None:
            return
        try:
            if self.row is None:
                svc.add_move(self.db, self.plan_id, values)
            else:
                values.pop("teacher_id")
                if not values["reason"]:
                    values.pop("reason")
                svc.update_move(self.db, self.row.id, values)
        except ValidationError as e:
            self.form.set_errors(e.problems)
            return
        except (UserError, ReadOnlyError) as e:
            warn(self, self.windowTitle(), str(e))
            return
        self.accept()


class ApproveDialog(QDialog):
    """审批: the 文号 and the date the posts move."""

    def __init__(self, db, plan: dict, pending: int, parent=None):
        super().__init__(parent)
        self.db, self.plan = db, plan
        self.setWindowTitle(f"审批{plan['name']}")
        f = self.form = FormGrid(columns=1)
        self.doc, self.day, self.note = (
            QLineEdit(),
            QLineEdit(dt.date(plan["school_year"], 8, 25).isoformat()),
            QLineEdit(),
        )
        f.add("doc_number", "审批文号", self.doc, required=True)
        f.add("approved_on", "调配生效日期", self.day, required=True)
        f.add("note", "备注", self.note)
        self.doc.setPlaceholderText("如 某教人〔2026〕8号")
        note = QLabel(
            f"审批后，方案中 {pending} 名教师的编制学校调整到调入学校（原因“调配”，记文号），"
            "写入编制学校变动记录；审批后方案不能再修改。"
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("审批")
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        apply_read_only([buttons.button(QDialogButtonBox.StandardButton.Ok)], db)
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addWidget(f)
        lay.addWidget(buttons)
        self.resize(560, 240)
        self.moved = 0

    def try_save(self) -> None:
        from talentdesk.domain.dates import DateError, parse_loose

        try:
            on = parse_loose(self.day.text())
        except DateError as e:
            self.form.set_errors({"approved_on": str(e)})
            return
        try:
            self.moved = svc.approve(
                self.db, self.plan["id"], self.doc.text(), on, note=self.note.text().strip() or None
            )
        except ValidationError as e:
            self.form.set_errors(e.problems)
            return
        except (UserError, ReadOnlyError) as e:
            warn(self, self.windowTitle(), str(e))
            return
        self.accept()


class RevokeDialog(QDialog):
    """撤销已批准方案: the 文号, the reason and the date the posts move back (an administrator's decision)."""

    def __init__(self, db, plan: dict, moved: int, parent=None):
        super().__init__(parent)
        self.db, self.plan = db, plan
        self.setWindowTitle(f"撤销{plan['name']}")
        f = self.form = FormGrid(columns=1)
        self.doc, self.reason, self.day = QLineEdit(), QLineEdit(), QLineEdit(dt.date.today().isoformat())
        f.add("revoke_doc", "撤销文号", self.doc, required=True)
        f.add("revoke_reason", "撤销理由", self.reason, required=True)
        f.add("revoked_on", "调回生效日期", self.day, required=True)
        self.doc.setPlaceholderText("如 某教人〔2026〕12号")
        note = QLabel(
            f"方案已审批（{plan['doc_number']}）。撤销后，{moved} 名教师的编制学校调回原学校"
            "（原因“撤销调配”，记文号），作为新的编制学校变动记录写入履历，原调配记录保留；如有教师调配后又调动或已离岗，不能撤销。"
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("撤销方案")
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        apply_read_only([buttons.button(QDialogButtonBox.StandardButton.Ok)], db)
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addWidget(f)
        lay.addWidget(buttons)
        self.resize(560, 260)
        self.moved = 0

    def try_save(self) -> None:
        from talentdesk.domain.dates import DateError, parse_loose

        try:
            on = parse_loose(self.day.text())
        except DateError as e:
            self.form.set_errors({"revoked_on": str(e)})
            return
        if not confirm(
            self,
            self.windowTitle(),
            f"确定撤销{self.plan['name']}吗？方案中的教师将调回原学校，撤销后不能恢复（需要时重新编制方案并审批）。",
        ):
            return
        try:
            self.moved = svc.revoke(self.db, self.plan["id"], self.doc.text(), self.reason.text(), on)
        except ValidationError as e:
            self.form.set_errors(e.problems)
            return
        except (UserError, ReadOnlyError) as e:
            warn(self, self.windowTitle(), str(e))
            return
        self.accept()


class RedeployTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.plan_box = QComboBox()
        self.plan_box.setObjectName("redeploy_plan")
        self.plan_box.setMinimumContentsLength(18)
        self.plan_box.currentIndexChanged.connect(lambda _i: self.refresh_plan())
        self.summary = QLabel()
        self.summary.setObjectName("redeploy_summary")
        self.summary.setWordWrap(True)
        new_plan = QPushButton("新建方案")
        new_plan.clicked.connect(self.new_plan)
        template = QPushButton("模板…")
        template.setToolTip("空白的调配名单表（姓名、身份证号、原学校、调入学校、学段、学科、理由、备注）")
        template.clicked.connect(self.save_template)
        self.import_button = QPushButton("导入…")
        self.import_button.setToolTip("把填好的调配名单导入所选的未审批方案（没有方案时新建）")
        self.import_button.clicked.connect(self.import_files)
        self.revoke_button = QPushButton("撤销方案…")
        self.revoke_button.setObjectName("redeploy_revoke")
        self.revoke_button.clicked.connect(self.revoke)
        apply_read_only([new_plan, self.import_button, self.revoke_button], db)
        if access.current(db).role != access.ADMIN:
            self.revoke_button.setEnabled(False)
            self.revoke_button.setToolTip("只有管理员可以撤销已审批的调配方案")
        else:
            self.revoke_button.setToolTip("撤销已审批的方案：教师调回原学校（需文号和理由）")
        top = QHBoxLayout()
        top.addWidget(QLabel("调配方案："))
        top.addWidget(self.plan_box)
        for b in (new_plan, template, self.import_button, self.revoke_button):
            top.addWidget(b)
        top.addStretch(1)

        ro = dict(writes=True, db=db)
        self.moves = ListDetail(
            [h for h, _ in MOVE_HEADERS],
            [M[k] for _, k in MOVE_HEADERS],
            (60, 130, 130, 40, 50, 40, 55, 40),
            filter_label="状态",
            filter_pos=M["status"],
            detail=self.move_html,
            unit="人",
        )
        self.moves.view.setObjectName("redeploy_moves")
        self.propose_button = self.moves.add_button(
            "生成方案", self.propose, tip="按各学校学科余缺求最优调配（保留手工调整的记录）", **ro
        )
        self.moves.add_button("加入…", self.add_move, **ro)
        self.moves.add_button("修改…", self.edit_move, **ro)
        self.moves.add_button("删除", self.remove_move, **ro)
        self.moves.add_button("撤销", self.undo, tip="撤销最近一次修改（审批前）", **ro)
        self.moves.add_button("审批…", self.approve, **ro)
        self.moves.view.doubleClicked.connect(lambda _i: self.edit_move())
        self.effect = ListDetail(
            [h for h, _ in EFFECT_HEADERS],
            [E[k] for _, k in EFFECT_HEADERS],
            (150, 70, 40, 50, 80, 55, 55, 75),
            mark=lambda r: r.after_diff <= -0.5,
        )
        self.effect.view.setObjectName("redeploy_effect")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.moves, "调配名单")
        self.tabs.addTab(self.effect, "学科余缺变化")
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.tabs, 1)
        self.loader = Loader(self)
        self._announcing = False
        refresh_when_shown(
            self,
            bus,
            ("placements", "teachers", "schools", "settings", "all"),
            lambda: None if self._announcing else self.refresh(background=True),
        )

    # -- data
    def plan_id(self) -> int | None:
        return self.plan_box.currentData()

    def refresh(self, background: bool = False) -> None:
        current = self.plan_id()
        self.plan_box.blockSignals(True)
        self.plan_box.clear()
        for p in svc.list_plans(self.db):
            self.plan_box.addItem(f"{p['label']}（{p['status']}）", p["id"])
        i = self.plan_box.findData(current)
        self.plan_box.setCurrentIndex(max(i, 0))
        self.plan_box.blockSignals(False)
        self.refresh_plan(background)

    def refresh_plan(self, background: bool = False) -> None:
        self.loader.cancel()
        pid = self.plan_id()
        if pid is None:
            self.moves.set_rows([])
            self.effect.set_rows([])
            self.summary.setText("还没有调配方案：点“新建方案”开始。")
            return
        db = self.db

        def read() -> dict:
            return dict(plan=svc.get_plan(db, pid), moves=svc.moves(db, pid), effect=svc.effect(db, pid))

        if background:
            self.summary.setText("正在读取调配方案和各学校学科余缺…")
            self.loader.load(read, lambda view: self._show(pid, view))
            return
        self._show(pid, read())

    def _show(self, pid: int, view: dict) -> None:
        if pid != self.plan_id():
            return
        plan, rows, effect = view["plan"], view["moves"], view["effect"]
        self.moves.set_rows(rows)
        self.effect.set_rows(effect)
        closed = sum(1 for r in effect if r.before_diff <= -0.5 < r.after_diff)
        doc = f"，文号 {plan['doc_number']}" if plan["doc_number"] else ""
        undo = f"；可撤销的修改 {plan['edits']} 次" if plan["status"] == svc.DRAFT and plan["edits"] else ""
        head = f"{plan['status']}{doc}"
        if plan["status"] == svc.REVOKED:
            at = f"{plan['revoked_at']:%Y-%m-%d}" if plan["revoked_at"] else ""
            head = (
                f"已撤销（撤销文号 {plan['revoke_doc']}，{plan['revoked_by']} {at} 撤销，"
                f"理由：{plan['revoke_reason']}；原审批文号 {plan['doc_number']}）"
            )
        self.summary.setToolTip(svc.status_text(plan))
        county = f"{plan['county']}报送（只读）；" if plan["county"] else ""
        what = (
            f"调配 {len(rows)} 人，已调回原学校"
            if plan["status"] == svc.REVOKED
            else f"调配 {len(rows)} 人，补足学科缺口 {closed} 项{undo}"
        )
        self.summary.setText(f"{county}{head}：{what}")

    def move_html(self, row) -> str:
        parts = "".join(f"<li>{escape(x)}</li>" for x in row.reason.split("；") if x)
        return (
            f"<h3>{escape(row.name)}</h3><p>{escape(row.from_school)} → <b>{escape(row.to_school)}</b><br>"
            f"任教{escape(row.stage)}{escape(row.subject)}<br>状态：{row.status}（{row.source}）</p>"
            f"<p><b>调配理由</b></p><ul>{parts}</ul>"
        )

    def _run(self, title: str, fn, done: str | None = None) -> bool:
        try:
            result = fn()
        except (UserError, ReadOnlyError) as e:
            warn(self, title, str(e))
            return False
        if done:
            status(self, done.format(result))
        self.refresh()
        self._announcing = True
        try:
            self.bus.notify(Topic.TEACHERS)
        finally:
            self._announcing = False
        return True

    # -- actions
    def new_plan(self) -> None:
        from talentdesk.domain.dates import school_year_of

        year, ok = QInputDialog.getInt(
            self, "新建调配方案", "学年（起始年份）：", school_year_of(dt.date.today()), 2000, 2100
        )
        if not ok:
            return
        try:
            pid = svc.create_plan(self.db, year)
        except (UserError, ReadOnlyError) as e:
            warn(self, "新建调配方案", str(e))
            return
        self.refresh()
        self.plan_box.setCurrentIndex(self.plan_box.findData(pid))

    def propose(self) -> None:
        pid = self.plan_id()
        if pid is None:
            return
        if any(r.source == "方案" for r in self.moves.model.rows) and not confirm(
            self, "生成方案", "重新生成会替换自动生成的调配（手工加入和修改的保留；可用“撤销”恢复）。继续吗？"
        ):
            return
        from talentdesk.gui.tasks import Cancelled, run_with_progress

        def work(progress):
            return svc.propose(self.db, pid, progress=progress)

        outcome = []
        try:
            self._run("生成方案", lambda: outcome.append(run_with_progress(self, "生成调配方案", work)))
        except Cancelled:
            status(self, "已取消")
            return
        if outcome:
            status(self, outcome[0].message())

    def add_move(self) -> None:
        pid = self.plan_id()
        if pid is not None and MoveDialog(self.db, pid, None, self).exec():
            self.refresh()

    def edit_move(self) -> None:
        row = self.moves.current_row()
        pid = self.plan_id()
        if row is None or pid is None:
            return
        if row.status == svc.DONE:
            warn(self, "修改调配", "方案已审批，不能再修改")
            return
        if MoveDialog(self.db, pid, row, self).exec():
            self.refresh()

    def remove_move(self) -> None:
        row = self.moves.current_row()
        if row is not None and confirm(self, "删除调配", f"把 {row.name} 从调配方案中删除吗？（可撤销）"):
            self._run("删除调配", lambda: svc.remove_move(self.db, row.id), f"已删除 {row.name} 的调配")

    def undo(self) -> None:
        pid = self.plan_id()
        if pid is not None:
            self._run("撤销", lambda: svc.undo(self.db, pid), "{}")

    def save_template(self) -> None:
        from talentdesk.importing import templates  # not at start-up: openpyxl

        path = ask_save_path(self, "保存调配名单模板", "教师调配方案（空白模板）.xlsx", "Excel 文件 (*.xlsx)")
        if not path:
            return
        templates.write("redeploy", path, school_names=[n for _i, n in svc.school_choices(self.db)])
        status(self, f"已保存模板：{path}")

    def import_files(self) -> None:
        """Read the chosen files into the selected draft plan (or a new one of the year asked for), show every
        problem, and import on the clerk's word; any error and nothing is imported."""
        from talentdesk.domain.dates import school_year_of
        from talentdesk.gui import file_dialogs
        from talentdesk.services.deployment import redeploy_import  # not at start-up: the importer

        pid = self.plan_id()
        year = None
        if pid is None or svc.get_plan(self.db, pid)["status"] != svc.DRAFT:
            year, ok = QInputDialog.getInt(
                self,
                "导入调配名单",
                "导入到哪一学年的调配方案（起始年份）：",
                school_year_of(dt.date.today()),
                2000,
                2100,
            )
            if not ok:
                return
            pid = None
        paths = file_dialogs.open_paths(self, "xlsx", "导入调配名单", "表格 (*.xlsx *.xls *.ods *.csv)")
        if not paths:
            return
        try:
            plan = redeploy_import.plan(self.db, paths, plan_id=pid, school_year=year)
        except UserError as e:
            warn(self, "不能导入", str(e))
            return
        lines = [f"[{p.severity}] {p.text()}" for p in plan.problems]
        shown = "\n".join(lines[:40]) + (f"\n……共 {len(lines)} 条" if len(lines) > 40 else "")
        text = plan.summary() + "。" + (f"\n\n{shown}" if lines else "")
        if not plan.ready:
            warn(self, "没有导入调配名单", text)
            return
        if not confirm(self, "导入调配名单", text + "\n\n现在导入吗？（导入后可用“撤销”撤回）"):
            return
        try:
            result = redeploy_import.apply(self.db, plan)
        except (UserError, ReadOnlyError) as e:
            warn(self, "不能导入", str(e))
            return
        self.refresh()
        self.plan_box.setCurrentIndex(max(self.plan_box.findData(result.plan_id), 0))
        status(self, f"已导入调配 {result.added} 人")

    def revoke(self) -> None:
        pid = self.plan_id()
        if pid is None:
            return
        plan = svc.get_plan(self.db, pid)
        if plan["status"] != svc.APPROVED:
            warn(self, "撤销方案", f"{plan['name']}的状态是“{plan['status']}”：只有已审批的方案可以撤销")
            return
        moved = sum(1 for r in self.moves.model.rows if r.status == svc.DONE)
        dlg = RevokeDialog(self.db, plan, moved, self)
        if dlg.exec():
            status(self, f"已撤销：{dlg.moved} 名教师已调回原学校")
            self.refresh()
            self._announcing = True
            try:
                self.bus.notify(Topic.TEACHERS)
            finally:
                self._announcing = False

    def approve(self) -> None:
        pid = self.plan_id()
        if pid is None:
            return
        plan = svc.get_plan(self.db, pid)
        if plan["status"] == svc.APPROVED:
            warn(self, "审批", f"{plan['name']}已审批（{plan['doc_number']}）")
            return
        pending = sum(1 for r in self.moves.model.rows if r.status == svc.PROPOSED)
        dlg = ApproveDialog(self.db, plan, pending, self)
        if dlg.exec():
            status(self, f"已审批：{dlg.moved} 名教师的编制学校已调整")
            self.refresh()
            self._announcing = True
            try:
                self.bus.notify(Topic.TEACHERS)
            finally:
                self._announcing = False
