"""Step 3: every row of the plan — problems highlighted per cell (red error, amber warning, blue
changed: old → new), filters with counts, correct a value in place (the row is re-checked by the
core), exclude rows, decide teachers found at another school. Leaving the page applies the plan."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui.import_wizard.plan_view import PlanView, cards_summary, kinds_in
from talentdesk.gui.import_wizard.preview_model import COL_INCLUDE, FILTERS, FIXED, PreviewModel
from talentdesk.gui.import_wizard.save_errors import save_error_workbooks
from talentdesk.importing import columns as cols
from talentdesk.importing import plan as P


def counts_text(c: dict) -> str:
    parts = [
        f"新增 {c.get(P.INSERT, 0)}",
        f"修改 {c.get(P.UPDATE, 0)}",
        f"未变 {c.get(P.UNCHANGED, 0)}",
        f"退回 {c.get(P.REJECTED, 0)}",
        f"待定 {c.get(P.HELD, 0)}",
        f"跳过 {c.get(P.SKIPPED, 0)}",
    ]
    return "，".join(parts)


class PreviewPage(QWizardPage):
    def __init__(self, wizard_state, parent=None):
        super().__init__(parent)
        self.state = wizard_state
        self.setTitle("第三步：逐行预览，更正或排除")
        self.setSubTitle(
            "红色为错误（该行不会导入），黄色为需要核实，蓝色为将要修改的值（原值 → 新值）。"
            "鼠标停在单元格上可看问题说明；双击单元格可直接更正，取消勾选则不导入该行。"
        )
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "开始导入")
        self.model: PreviewModel | None = None
        self.chooser = None  # the open 指定学校 dialog
        self._questions: list[dict] = []  # plan.school_questions() as of the last change of the plan

        self.kind_box = QComboBox()
        self.kind_box.setObjectName("preview_kind")
        self.kind_box.activated.connect(lambda _=0: self._load_kind(self.kind_box.currentData()))
        self.kind_label = QLabel("名单：")
        self.summary = QLabel()
        self.summary.setObjectName("preview_summary")
        top = QHBoxLayout()
        top.addWidget(self.kind_label)
        top.addWidget(self.kind_box)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)

        self.filter_group = QButtonGroup(self)
        self.filter_group.setExclusive(True)
        self.filter_buttons: dict[str, QPushButton] = {}
        frow = QHBoxLayout()
        frow.addWidget(QLabel("显示："))
        for f in FILTERS:
            b = QPushButton(f)
            b.setCheckable(True)
            b.setObjectName(f"filter_{f}")
            b.clicked.connect(lambda _=False, f=f: self.set_filter(f))
            self.filter_group.addButton(b)
            self.filter_buttons[f] = b
            frow.addWidget(b)
        frow.addStretch(1)
        self.filter_buttons["全部"].setChecked(True)

        self.view = QTableView()
        self.view.setObjectName("preview_table")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setAlternatingRowColors(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setStretchLastSection(True)

        self.detail = QLabel()
        self.detail.setObjectName("preview_detail")
        self.detail.setWordWrap(True)
        self.detail.setMinimumHeight(44)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setStyleSheet("background: #f7f7f7; border: 1px solid #ddd; padding: 4px;")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.exclude_button = QPushButton("排除所选行")
        self.exclude_button.clicked.connect(lambda: self._exclude_selected(True))
        self.include_button = QPushButton("恢复所选行")
        self.include_button.clicked.connect(lambda: self._exclude_selected(False))
        self.transfer_button = QPushButton("调入本校")
        self.transfer_button.setObjectName("decide_transfer")
        self.transfer_button.setToolTip("所选“待定”教师的编制学校改为本表的学校")
        self.transfer_button.clicked.connect(lambda: self._decide("transfer"))
        self.keep_button = QPushButton("保留原编制学校")
        self.keep_button.setObjectName("decide_keep")
        self.keep_button.setToolTip("所选“待定”教师保留原编制学校，只更新其他信息")
        self.keep_button.clicked.connect(lambda: self._decide("keep"))
        self.school_button = QPushButton("指定学校…")
        self.school_button.setObjectName("choose_school")
        self.school_button.setToolTip("所选行的学校不在学校名单中、不止一所或没有写明：选用名单中的学校，或新建学校")
        self.school_button.clicked.connect(self.choose_school)
        self.cards_hint = QLabel()
        self.cards_hint.setObjectName("cards_hint")
        self.cards_hint.setWordWrap(True)
        self.cards_hint.setStyleSheet("color: #1f5fa8;")
        self.cards_hint.hide()
        self.school_hint = QLabel()
        self.school_hint.setObjectName("school_hint")
        self.school_hint.setWordWrap(True)
        self.school_hint.setStyleSheet("color: #9a5b00;")
        self.school_hint.hide()
        self.save_button = QPushButton("保存问题清单…")
        self.save_button.setObjectName("save_errors")
        self.save_button.setToolTip("把有问题的行（学校原样的内容，加“问题说明”列）存成 Excel，发回学校修改")
        self.save_button.clicked.connect(lambda: save_error_workbooks(self, self.state.plan))
        arow = QHBoxLayout()
        for b in (self.exclude_button, self.include_button, self.transfer_button, self.keep_button, self.school_button):
            arow.addWidget(b)
        arow.addStretch(1)
        arow.addWidget(self.save_button)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(frow)
        lay.addWidget(self.cards_hint)
        lay.addWidget(self.school_hint)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.detail)
        lay.addLayout(arow)

    # -- entering
    def initializePage(self) -> None:
        plan = self.state.plan
        kinds = kinds_in(plan)
        self.kind_box.clear()
        for k in kinds:
            n = len(plan.rows(k))
            self.kind_box.addItem(f"{cols.KIND_LABELS[k]}（{n} 行）", k)
        hint = cards_summary(plan)
        self.cards_hint.setText(
            hint + ("。“位置”列是每张登记表的第一行，问题说明写明登记表上的项目和单元格。" if hint else "")
        )
        self.cards_hint.setVisible(bool(hint))
        several = len(kinds) > 1
        self.kind_box.setVisible(several)
        self.kind_label.setVisible(several)
        self._load_kind(kinds[0] if kinds else None)

    def _load_kind(self, kind) -> None:
        if kind is None:
            self.model = None
            self.view.setModel(None)
            self._update_counts()
            return
        self.model = PreviewModel(PlanView(self.state.plan, kind), self)
        self.model.counts_changed.connect(self._update_counts)
        self.view.setModel(self.model)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        # the explanation follows the row's state whatever changed it (an edit in the cell, a decision…)
        self.model.dataChanged.connect(lambda *_: self._show_detail())
        self.model.modelReset.connect(self._show_detail)
        hh = self.view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.setColumnWidth(COL_INCLUDE, 44)
        self.view.resizeColumnsToContents()
        self.view.setColumnWidth(COL_INCLUDE, 44)
        for c in range(len(FIXED), self.model.columnCount()):
            self.view.setColumnWidth(c, min(max(self.view.columnWidth(c), 60), 260))
        current = next((f for f, b in self.filter_buttons.items() if b.isChecked()), "全部")
        self.set_filter(current)

    # -- filters and counts
    def set_filter(self, flt: str) -> None:
        self.filter_buttons[flt].setChecked(True)
        if self.model is not None:
            self.model.set_filter(flt)
        self._update_counts()
        self._show_detail()

    def _update_counts(self) -> None:
        plan = self.state.plan
        self._update_school_hint()
        self.summary.setText(f"全部文件合计 {len(plan.rows())} 行：{counts_text(plan.counts())}")
        counts = self.model.counts() if self.model is not None else dict.fromkeys(FILTERS, 0)
        for f, b in self.filter_buttons.items():
            b.setText(f"{f} ({counts[f]})")
        self._update_buttons()

    def _update_buttons(self) -> None:
        rows = self.selected_rows()
        rvs = [self.model.row_view(self.model.plan_index(r)) for r in rows] if self.model else []
        self.exclude_button.setEnabled(any(not rv.excluded for rv in rvs))
        self.include_button.setEnabled(any(rv.excluded for rv in rvs))
        need = any(rv.decision_needed for rv in rvs)
        self.transfer_button.setEnabled(need)
        self.keep_button.setEnabled(need)
        self.school_button.setEnabled(self._question() is not None)

    def _update_school_hint(self) -> None:
        """The rows held for their school, said above the table (the plan changed)."""
        questions = self._questions = self.state.plan.school_questions() if self.state.plan is not None else []
        held = sum(len(q["rows"]) for q in questions)
        self.school_hint.setVisible(bool(held))
        if held:
            names = "；".join(
                f"{q['sheet'].name}：{q['message'].split('：')[0]}（{len(q['rows'])} 行）" for q in questions[:3]
            )
            self.school_hint.setText(
                f"有 {held} 行因学校待定——{names}{'……' if len(questions) > 3 else ''}。"
                f"选中其中一行，点“指定学校…”选用名单中的学校或新建学校。"
            )

    def selected_rows(self) -> list[int]:
        if self.model is None or self.view.selectionModel() is None:
            return []
        return sorted({i.row() for i in self.view.selectionModel().selectedRows()})

    def _show_detail(self) -> None:
        idx = self.view.currentIndex() if self.model is not None else None
        if idx is None or not idx.isValid() or idx.row() >= self.model.rowCount():
            self.detail.setText("选中一行可在这里看到它的全部问题说明。")
            return
        rv = self.model.row_view(self.model.plan_index(idx.row()))
        text = html.escape(rv.tooltip(None))
        row = self.model.view.rows[self.model.plan_index(idx.row())]
        school = any(x is row for q in self._questions for x in q["rows"])
        self.detail.setText(
            f"<b>{html.escape(rv.where)}</b>（{rv.status}）"
            + ("：" + text.replace("\n", "；") if text else "：没有问题")
            + (
                "。点“指定学校…”选择学校。"
                if school
                else "。双击单元格可更正。"
                if rv.has_error and rv.editable
                else ""
            )
        )

    # -- actions (each re-checks the plan in the core)
    def _busy(self, fn) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            fn()
        finally:
            QApplication.restoreOverrideCursor()
        self._show_detail()

    def _exclude_selected(self, excluded: bool) -> None:
        rows = self.selected_rows()
        if rows:
            self._busy(lambda: self.model.apply_to(rows, lambda ix: self.model.view.set_excluded_many(ix, excluded)))

    def _decide(self, decision: str) -> None:
        rows = [r for r in self.selected_rows() if self.model.row_view(self.model.plan_index(r)).decision_needed]
        if rows:
            self._busy(lambda: self.model.apply_to(rows, lambda ix: self.model.view.decide(ix, decision)))

    def _question(self) -> dict | None:
        """The school question of the current row (or the first selected row that has one)."""
        if self.model is None or self.state.plan is None:
            return None
        rows = self.selected_rows()
        cur = self.view.currentIndex()
        if cur.isValid() and cur.row() < self.model.rowCount():
            rows = [cur.row(), *rows]
        wanted = [self.model.view.rows[self.model.plan_index(r)] for r in rows if r < self.model.rowCount()]
        if not wanted:
            return None
        for row in wanted:
            for q in self._questions:
                if any(x is row for x in q["rows"]):
                    return q
        return None

    def choose_school(self) -> None:
        from talentdesk.gui.import_wizard.school_chooser import SchoolChooser

        q = self._question()
        if q is None:
            return
        dlg = self.chooser = SchoolChooser(q, self.state.plan, self)  # kept: a test closes it from a timer
        try:
            if dlg.exec() != SchoolChooser.DialogCode.Accepted:
                return
            how, value = dlg.result_value
        finally:
            self.chooser = None
            dlg.deleteLater()
        plan = self.state.plan

        def apply():
            ref = plan.add_school(value) if how == "new" else value
            plan.choose_school(q["sheet"], q["asked"], ref)
            self.model.reload()

        self._busy(apply)

    def edit_cell(self, view_row: int, header: str, text: str) -> None:
        """Correct one value as if typed into the cell (used by tests and the delegate path alike)."""
        idx = self.model.index(view_row, self.model.field_column(header))
        self._busy(lambda: self.model.setData(idx, text, Qt.ItemDataRole.EditRole))

    # -- applying
    def validatePage(self) -> bool:
        plan = self.state.plan
        c = plan.counts()
        todo = c[P.INSERT] + c[P.UPDATE]
        if todo == 0 and not any(s.mapping_changed for s in plan.sheets()):
            QMessageBox.information(
                self, "没有可导入的行", "没有需要新增或修改的行。可以“保存问题清单”发回学校，或返回修改。"
            )
            return False
        left = c[P.REJECTED] + c[P.HELD]
        question = f"将新增 {c[P.INSERT]} 行、修改 {c[P.UPDATE]} 行（作为一批导入，以后可以整批撤销）。"
        if left:
            question += f"\n另有 {left} 行有问题，不会导入（可保存问题清单发回学校）。"
        question += "\n\n确定导入吗？"
        if QMessageBox.question(self, "确认导入", question) != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.state.apply(self)
        except UserError as e:
            QMessageBox.warning(self, "导入失败", e.message + "\n\n数据库没有任何改动。")
            return False
        except ReadOnlyError:
            QMessageBox.warning(self, "只读", "数据库以只读方式打开，不能导入。数据库没有任何改动。")
            return False
        return self.state.result is not None
