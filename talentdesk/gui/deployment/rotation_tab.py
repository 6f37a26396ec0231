"""年度轮岗: the year's set-up (优质学校, exclusions), eligible teachers, quotas and how far each school
is from them, the proposed plan (optimal assignment, each row explained), edits, approval and forms."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from talentdesk.domain import rotation as rules
from talentdesk.errors import ReadOnlyError, UserError, ValidationError
from talentdesk.gui.bus import Topic
from talentdesk.gui.deployment import dialogs
from talentdesk.gui.deployment.common import ListDetail, ask_save_path, confirm, refresh_when_shown, status, warn
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.tasks import Loader
from talentdesk.gui.widgets import FormGrid, attach_menu, code_combo, school_combo, school_id_of, set_widget_text
from talentdesk.services.deployment import rotation as svc
from talentdesk.services.people import schools as school_svc

E = {n: i for i, n in enumerate(svc.ELIGIBILITY_COLUMNS)}
P = {n: i for i, n in enumerate(svc.PROPOSAL_COLUMNS)}
TOTAL_ROW = "合计"  # the quota table's last row (a county or a city database alike)
ELIG_HEADERS = [
    ("姓名", "name"),
    ("学校", "school"),
    ("性别", "gender"),
    ("年龄", "age"),
    ("本校年限", "years"),
    ("职称", "title"),
    ("学科", "subject"),
    ("骨干", "backbone"),
    ("结论", "verdict"),
    ("说明", "reasons"),
]
PLAN_HEADERS = [
    ("姓名", "name"),
    ("原学校", "from_school"),
    ("交流学校", "to_school"),
    ("方式", "kind"),
    ("骨干", "backbone"),
    ("学科", "subject"),
    ("职称", "title"),
    ("状态", "status"),
    ("来源", "source"),
    ("安排理由", "reason"),
]
QUOTA_HEADERS = (
    "学校",
    "符合条件",
    "其中骨干",
    "应交流",
    "已安排",
    "尚差",
    "骨干应交流",
    "骨干已安排",
    "骨干尚差",
    "本校骨干不足",
)


def ask_reason(parent, name: str) -> str | None:
    reason, ok = QInputDialog.getItem(
        parent, "登记不参加交流", f"{name}不参加本年度交流的原因：", list(rules.EXCLUSION_REASONS), 0, True
    )
    return reason if ok and reason else None


class ProposalDialog(QDialog):
    """Change where a proposed teacher goes, the kind and the period."""

    def __init__(self, db, row, parent=None):
        super().__init__(parent)
        from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

        self.db, self.row = db, row
        self.setWindowTitle(f"修改方案：{row.name}")
        f = self.form = FormGrid(columns=1)
        f.add("to_school_id", "交流学校", school_combo(school_svc.choices(db)))
        f.add("kind", "交流方式", code_combo(("交流轮岗", "支教", "走教", "挂职", "跟岗学习"), blank=False))
        f.add("start", "开始", QLineEdit(row.start))
        f.add("planned_end", "计划结束", QLineEdit(row.planned_end))
        f.add("reason", "安排理由", QLineEdit(row.reason))
        set_widget_text(f.fields["to_school_id"], row.to_school)
        set_widget_text(f.fields["kind"], row.kind)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        apply_read_only([buttons.button(QDialogButtonBox.StandardButton.Ok)], db)
        lay = QVBoxLayout(self)
        lay.addWidget(f)
        lay.addWidget(buttons)
        self.resize(560, 260)

    def try_save(self) -> None:
        f = self.form.fields
        sid, problem = school_id_of(f["to_school_id"])
        if problem:
            self.form.set_errors({"to_school_id": problem})
            return
        try:
            svc.update_proposal(
                self.db,
                self.row.id,
                dict(
                    to_school_id=sid,
                    kind=f["kind"].currentText(),
                    start=f["start"].text(),
                    planned_end=f["planned_end"].text(),
                    reason=f["reason"].text(),
                ),
            )
        except ValidationError as e:
            self.form.set_errors(e.problems)
            return
        except (UserError, ReadOnlyError) as e:
            warn(self, "修改方案", str(e))
            return
        self.accept()


def summary_text(county: dict, plan: list[svc.ProposalRow], eligibility_rows: int) -> str:
    """The header: each figure is the count of the list it names (符合条件 = the 符合 rows of 符合条件教师;
    已安排 = the rows of 交流方案 whose original school sends)."""
    recorded = sum(1 for r in plan if r.source == svc.RECORDED)
    planned = county["rotated"] - recorded
    short = county["short"]
    if short:
        gap = f"尚差 {short} 人" + (
            "（各校未达名额的人数之和；有的学校已超过名额）"
            if short != max(0, county["quota"] - county["rotated"])
            else ""
        )
    else:
        gap = "各校已达到名额"
    if county["backbone_short"]:
        gap += f"，骨干尚差 {county['backbone_short']} 人"
    others = sum(1 for r in plan if r.source != svc.RECORDED) - planned
    extra = f"；另有 {others} 人原学校不是派出学校，不计入" if others > 0 else ""
    return (
        f"符合条件 {county['eligible']:,} 人（派出学校在岗教师 {eligibility_rows:,} 人中），"
        f"应交流 {county['quota']:,} 人，已安排 {county['rotated']:,} 人"
        f"（见“交流方案”：方案 {planned:,} 人，交流记录已登记 {recorded:,} 人{extra}；"
        f"占符合条件的 {county['share']:.1%}），"
        f"其中骨干 {county['backbone_rotated']} 人（应不少于 {county['backbone_need']} 人）；{gap}"
    )


class RotationTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.last_outcome: svc.PlanOutcome | None = None
        self.year_box = QComboBox()
        self.year_box.setObjectName("rotation_year")
        self.year_box.setMinimumContentsLength(16)
        self.year_box.currentIndexChanged.connect(lambda _i: self.refresh_year())
        self.summary = QLabel()
        self.summary.setObjectName("rotation_summary")
        self.summary.setWordWrap(True)
        new_year, quality = QPushButton("新建年度"), QPushButton("优质学校…")
        new_year.clicked.connect(self.new_year)
        quality.clicked.connect(self.choose_quality)
        apply_read_only([new_year, quality], db)
        top = QHBoxLayout()
        top.addWidget(QLabel("交流轮岗年度："))
        top.addWidget(self.year_box)
        top.addWidget(new_year)
        top.addWidget(quality)
        top.addWidget(self.summary, 1)

        ro = dict(writes=True, db=db)
        self.eligible = ListDetail(
            [h for h, _ in ELIG_HEADERS],
            [E[k] for _, k in ELIG_HEADERS],
            (70, 150, 40, 40, 60, 70, 50, 110, 55),
            filter_label="结论",
            filter_pos=E["verdict"],
            detail=self.eligible_html,
            mark=lambda r: r.verdict != "符合",
            unit="人",
            default_filter="符合",
        )
        self.eligible.view.setObjectName("eligible_view")
        self.eligible.add_button("登记不参加", self.exclude, **ro)
        self.eligible.add_button("取消不参加", self.include, **ro)
        self.eligible.add_button("加入方案", self.add_to_plan, **ro)

        self.quota = ListDetail(
            list(QUOTA_HEADERS),
            list(range(1, 11)),
            (200, 70, 70, 70, 70, 60, 80, 80, 70, 90),
            mark=lambda r: r[6] > 0 or r[9] > 0,
            bold=lambda r: r[1] == TOTAL_ROW,
        )
        self.quota.view.setObjectName("quota_view")

        self.plan = ListDetail(
            [h for h, _ in PLAN_HEADERS],
            [P[k] for _, k in PLAN_HEADERS],
            (70, 150, 150, 70, 110, 50, 70, 60, 70),
            filter_label="状态",
            filter_pos=P["status"],
            detail=self.plan_html,
            unit="人",
        )
        self.plan.view.setObjectName("plan_view")
        self.plan.add_button("生成方案", self.propose, tip="按名额和骨干比例求最优安排（保留手工和已审批的行）", **ro)
        self.plan.add_button("修改去向", self.edit_proposal, **ro)
        self.plan.add_button("移出方案", self.remove_proposal, **ro)
        self.plan.add_button("审批所选", lambda: self.approve(selected=True), **ro)
        self.plan.add_button("全部审批", lambda: self.approve(selected=False), **ro)
        self.plan.add_button("撤销审批", self.revoke, **ro)
        self.plan.add_button("打印审批表…", self.print_forms)
        self.plan.add_button("打印公示名单…", self.print_notice)
        attach_menu(
            self.plan.add_button("导出", lambda: None),
            [
                ("审批表 PDF…", self.save_forms),
                ("公示名单 PDF…", lambda: self.save_notice(".pdf")),
                ("公示名单 Excel…", lambda: self.save_notice(".xlsx")),
            ],
        )
        self.plan.view.doubleClicked.connect(lambda _i: self.edit_proposal())

        self.tabs = QTabWidget()
        self.tabs.addTab(self.plan, "交流方案")
        self.tabs.addTab(self.quota, "完成情况")
        self.tabs.addTab(self.eligible, "符合条件教师")
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.tabs, 1)
        self.loader = Loader(self)  # the year's figures are read on a worker when the page shows (issue 16 §4)
        self._announcing = False  # this tab announces its own change: it has just refreshed itself
        refresh_when_shown(
            self,
            bus,
            ("placements", "teachers", "schools", "settings", "all"),
            lambda: None if self._announcing else self.refresh(background=True),
        )

    # -- data
    def year_id(self) -> int | None:
        return self.year_box.currentData()

    def refresh(self, background: bool = False) -> None:
        current = self.year_id()
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for y in svc.list_years(self.db):
            self.year_box.addItem(f"{y['name']}（{y['status']}）", y["id"])
        i = self.year_box.findData(current)
        self.year_box.setCurrentIndex(max(i, 0))
        self.year_box.blockSignals(False)
        self.refresh_year(background)

    def refresh_year(self, background: bool = False) -> None:
        """Fill the lists and figures of the chosen year. BACKGROUND: computed on a worker (several seconds on a
        city) while the page shows with a note; otherwise now (after the clerk's own action, which waits anyway)."""
        self.loader.cancel()  # an older read still running must not overwrite what is filled now
        yid = self.year_id()
        if yid is None:
            for part in (self.eligible, self.quota, self.plan):
                part.set_rows([])
            self.summary.setText("还没有交流轮岗年度：点“新建年度”开始。")
            return
        if background:
            self.summary.setText("正在计算本年度的符合条件教师、名额和交流方案…")
            db = self.db
            self.loader.load(lambda: svc.overview(db, yid), lambda view: self._show_year(yid, view))
            return
        self._show_year(yid, svc.overview(self.db, yid))

    def _show_year(self, yid: int, view: dict) -> None:
        if yid != self.year_id():  # the clerk chose another year meanwhile: its own read follows
            return
        self.eligible.set_rows(view["eligibility"])
        quotas, county = view["quotas"], view["county"]
        self.quota.set_rows(
            [
                (
                    q.school_id,
                    q.name,
                    q.eligible,
                    q.backbone_eligible,
                    q.quota,
                    q.rotated,
                    q.short,
                    q.backbone_need,
                    q.backbone_rotated,
                    q.backbone_short,
                    q.backbone_lacking,
                )
                for q in quotas
            ]
            + [
                (
                    0,
                    TOTAL_ROW,
                    county["eligible"],
                    sum(q.backbone_eligible for q in quotas),
                    county["quota"],
                    county["rotated"],
                    county["short"],
                    county["backbone_need"],
                    county["backbone_rotated"],
                    county["backbone_short"],
                    sum(q.backbone_lacking for q in quotas),
                )
            ]
        )
        plan = view["plan"]
        self.plan.set_rows(plan)
        self.summary.setText(summary_text(county, plan, len(self.eligible.model.rows)))

    def eligible_html(self, row) -> str:
        ok = row.verdict == "符合"
        colour = "#1e7b34" if ok else "#c0392b"
        items = "".join(f"<li>{escape(r)}</li>" for r in row.reasons.split("；"))
        return (
            f"<h3>{escape(row.name)}</h3><p>{escape(row.school)}　{escape(row.title)}　"
            f"{escape(row.subject)}　{escape(row.backbone)}</p>"
            f"<p style='color:{colour}'><b>{row.verdict}交流条件</b></p><ul>{items}</ul>"
        )

    def plan_html(self, row) -> str:
        if row.source == svc.RECORDED:
            return (
                f"<h3>{escape(row.name)}</h3><p>{escape(row.from_school)} → "
                f"<b>{escape(row.to_school)}</b><br>{escape(row.kind)}，"
                f"{row.start} 至 {row.planned_end}<br>状态：{row.status}</p>"
                f"<p>{escape(row.reason)}。这条交流在“交流记录”中修改；它不是方案行，不用审批。</p>"
            )
        parts = "".join(f"<li>{escape(x)}</li>" for x in row.reason.split("；") if x)
        return (
            f"<h3>{escape(row.name)}</h3><p>{escape(row.from_school)} → "
            f"<b>{escape(row.to_school or '（未定）')}</b><br>{escape(row.kind)}，"
            f"{row.start} 至 {row.planned_end}<br>状态：{row.status}（{row.source}）</p>"
            f"<p><b>安排理由</b></p><ul>{parts}</ul>"
        )

    def _run(self, title: str, fn, done: str | None = None) -> bool:
        try:
            result = fn()
        except (UserError, ReadOnlyError) as e:
            warn(self, title, str(e))
            return False
        if done:
            status(self, done.format(result))
        self.refresh_year()
        self._announcing = True
        try:
            self.bus.notify(Topic.TEACHERS)
        finally:
            self._announcing = False
        return True

    # -- year set-up
    def new_year(self) -> None:
        from talentdesk.domain.dates import school_year_of

        year, ok = QInputDialog.getInt(
            self, "新建交流轮岗年度", "年度（学年起始年份）：", school_year_of(dt.date.today()), 2000, 2100
        )
        if not ok:
            return
        try:
            yid = svc.create_year(self.db, year)
        except (UserError, ReadOnlyError) as e:
            warn(self, "新建交流轮岗年度", str(e))
            return
        self.refresh()
        self.year_box.setCurrentIndex(self.year_box.findData(yid))

    def choose_quality(self) -> None:
        yid = self.year_id()
        if yid is None:
            return
        rows = [(r[0], r[1], r[4]) for r in school_svc.list_rows(self.db) if r[4] != "城区"]
        dlg = dialogs.SchoolChecklist(rows, set(svc.get_year(self.db, yid)["quality_schools"]), self)
        if dlg.exec():
            self._run("优质学校", lambda: svc.set_quality_schools(self.db, yid, dlg.chosen()), "已保存优质学校")

    # -- eligibility
    def exclude(self) -> None:
        row = self.eligible.current_row()
        if row is None or self.year_id() is None:
            return
        reason = ask_reason(self, row.name)
        if reason:
            self._run(
                "登记不参加",
                lambda: svc.set_exclusion(self.db, self.year_id(), row.teacher_id, reason),
                f"已登记 {row.name} 不参加本年度交流：{reason}",
            )

    def include(self) -> None:
        row = self.eligible.current_row()
        if row is not None and self.year_id() is not None:
            self._run(
                "取消不参加",
                lambda: svc.set_exclusion(self.db, self.year_id(), row.teacher_id, None),
                f"已取消 {row.name} 的不参加登记",
            )

    def add_to_plan(self) -> None:
        row = self.eligible.current_row()
        if row is None or self.year_id() is None:
            return
        why = "办事员手工加入" + ("" if row.verdict == "符合" else f"（{row.reasons}）")
        if self._run(
            "加入方案",
            lambda: svc.add_proposal(self.db, self.year_id(), row.teacher_id, None, why),
            f"已把 {row.name} 加入方案，请在“交流方案”中确定交流学校",
        ):
            self.tabs.setCurrentWidget(self.plan)

    # -- plan
    def propose(self) -> None:
        yid = self.year_id()
        if yid is None:
            return
        if any(r.source == "方案" and r.status == "拟交流" for r in self.plan.model.rows) and not confirm(
            self, "生成方案", "重新生成会替换尚未审批的自动方案行（手工加入和已审批的保留）。继续吗？"
        ):
            return
        from talentdesk.gui.tasks import Cancelled, run_with_progress

        def work(progress):
            progress(0, 0, "正在计算符合条件的教师、名额和最优安排…")
            return svc.propose(self.db, yid)

        outcome = []
        try:
            self._run("生成方案", lambda: outcome.append(run_with_progress(self, "生成交流方案", work)))
        except Cancelled:
            status(self, "已取消")
            return
        if outcome:
            self.last_outcome = outcome[0]
            status(self, f"已生成方案：新增 {outcome[0].made} 人")
            if outcome[0].shortfalls:
                warn(self, "生成方案：名额未全部补足", outcome[0].message())

    def _recorded(self, row, title: str) -> bool:
        """A placement recorded outside the plan: say where it is changed."""
        if row is not None and row.source == svc.RECORDED:
            warn(
                self,
                title,
                f"{row.name}的交流是“交流记录”中已登记的（计入本年度名额），不是方案行；请在“交流记录”中修改或删除。",
            )
            return True
        return False

    def edit_proposal(self) -> None:
        row = self.plan.current_row()
        if row is None or self._recorded(row, "修改方案"):
            return
        if row.status == "已审批":
            warn(self, "修改方案", "已审批的记录不能修改；请先撤销审批")
            return
        if ProposalDialog(self.db, row, self).exec():
            self.refresh_year()

    def remove_proposal(self) -> None:
        row = self.plan.current_row()
        if row is None or self._recorded(row, "移出方案"):
            return
        if confirm(self, "移出方案", f"把 {row.name} 移出本年度方案吗？"):
            self._run("移出方案", lambda: svc.remove_proposal(self.db, row.id), f"已移出 {row.name}")

    def approve(self, selected: bool) -> None:
        yid = self.year_id()
        if yid is None:
            return
        ids = [r.id for r in self.plan.selected_rows() if r.source != svc.RECORDED] if selected else None
        if selected and not ids:
            warn(self, "审批", "请先选择要审批的行")
            return
        n = (
            len(ids)
            if ids
            else sum(1 for r in self.plan.model.rows if r.status == "拟交流" and r.source != svc.RECORDED)
        )
        if not confirm(self, "审批", f"审批 {n} 人的交流安排？审批后生成交流记录（状态“已审批”）。"):
            return
        self._run("审批", lambda: svc.approve(self.db, yid, ids), "已审批 {} 人，交流记录已生成")

    def revoke(self) -> None:
        row = self.plan.current_row()
        if (
            row is not None
            and not self._recorded(row, "撤销审批")
            and row.status == "已审批"
            and confirm(self, "撤销审批", f"撤销 {row.name} 的审批？对应的交流记录将删除。")
        ):
            self._run("撤销审批", lambda: svc.revoke(self.db, row.id), f"已撤销 {row.name} 的审批")

    def _form_rows(self) -> list[dict] | None:
        """The selected plan rows, or (nothing selected, after asking) every row of the plan; None: cancelled.
        Placements recorded outside the plan have no 审批表 (they were approved where they were recorded)."""
        rows = self.plan.selected_rows()
        if not rows:
            rows = [r for r in self.plan.model.rows if r.source != svc.RECORDED and r.to_school]
            if rows and not confirm(
                self,
                "打印审批表",
                f"没有选择教师。打印方案中全部 {len(rows)} 人的审批表吗？（只打印某几人：先在列表中选择他们）",
            ):
                return None
        rows = [r for r in rows if r.source != svc.RECORDED and r.to_school]
        return svc.form_data(self.db, [r.id for r in rows], full=False)

    def print_forms(self) -> None:
        """打印审批表: the print preview (then the printer dialog) of the forms."""
        from talentdesk.gui.reports import printing  # start-up: Qt printing and reportlab when printing
        from talentdesk.reports.catalogue import unit_name
        from talentdesk.reports.forms import rotation_approval

        data = self._form_rows()
        if data is None:
            return
        if not data:
            warn(self, "打印审批表", "所选的人中没有已确定交流学校的方案行（交流记录中已登记的交流没有审批表）")
            return
        ids = [d["proposal_id"] for d in data]
        printing.print_drawing(self, self.db, lambda: rotation_approval.drawing_for(self.db, ids, unit_name(self.db)))

    def save_forms(self) -> None:
        from talentdesk.reports.catalogue import unit_name
        from talentdesk.reports.forms import rotation_approval

        data = self._form_rows()
        if data is None:
            return
        if not data:
            warn(self, "审批表 PDF", "所选的人中没有已确定交流学校的方案行（交流记录中已登记的交流没有审批表）")
            return
        name = "交流轮岗审批表.pdf" if len(data) > 1 else f"交流轮岗审批表_{data[0]['name']}.pdf"
        path = ask_save_path(self, "保存审批表", name, "PDF 文件 (*.pdf)")
        if path:
            try:
                rotation_approval.write_for(self.db, [d["proposal_id"] for d in data], path, unit_name(self.db))
            except UserError as e:
                warn(self, "打印审批表", str(e))
                return
            status(self, f"已生成 {len(data)} 人的审批表：{path}")

    def _notice_data(self) -> tuple[list[dict], str, str]:
        """The approved teachers (or, before approval, everyone placed), the title and the bureau's name."""
        from talentdesk.gui.reports.unit_prompt import ensure_unit
        from talentdesk.reports.catalogue import unit_name

        if self.year_id() is None or not ensure_unit(self, self.db):
            return [], "", ""
        rows = [r for r in self.plan.model.rows if r.to_school and r.source != svc.RECORDED]
        approved = [r for r in rows if r.status == "已审批"]
        data = svc.form_data(self.db, [r.id for r in (approved or rows)])
        if not data:
            warn(self, "公示名单", "方案中没有已确定交流学校的教师")
            return [], "", ""
        unit = unit_name(self.db)
        return data, f"{unit}{data[0]['year']}人员名单", unit

    def print_notice(self) -> None:
        """打印公示名单: the print preview (then the printer dialog) of the public list."""
        from talentdesk.gui.reports import printing  # start-up: Qt printing and reportlab when printing
        from talentdesk.reports.forms import rotation_notice
        from talentdesk.reports.forms.notice import for_db

        data, title, unit = self._notice_data()
        if data:
            printing.print_drawing(self, self.db, lambda: rotation_notice.drawing(data, title, notice=for_db(self.db)))

    def save_notice(self, suffix: str = ".pdf") -> None:
        from talentdesk.reports.forms import rotation_notice
        from talentdesk.reports.forms.notice import for_db

        data, title, unit = self._notice_data()
        if not data:
            return
        kind = "PDF 文件 (*.pdf)" if suffix == ".pdf" else "Excel 文件 (*.xlsx)"
        path = ask_save_path(self, "保存公示名单", f"交流轮岗公示名单{suffix}", kind)
        if not path:
            return
        try:
            notice = for_db(self.db)  # the same issuer, period and contact on paper and in Excel
            if path.lower().endswith(".xlsx"):
                rotation_notice.write_xlsx(data, path, title, notice=notice)
            else:
                rotation_notice.write_pdf(data, path, title, notice=notice)
        except UserError as e:
            warn(self, "公示名单", str(e))
            return
        status(self, f"已生成公示名单（{len(data)} 人，身份证号已遮挡）：{path}")
