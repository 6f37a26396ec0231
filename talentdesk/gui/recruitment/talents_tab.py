"""人才认定与待遇 tab: talent recognitions from application to allowance (申报 → 初审 → 认定/未认定, issue 20 §4) of the
bureau's kinds (高层次人才认定 A–E, special allowances, 有突出贡献专家, 领军人才梯队), the terms agreed with imported
talent (全职引进, 银龄讲学, 柔性引进) with the payments made against them, the terms ending soon, and the benefits
each brings (amounts from the policy parameters in 设置)."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from talentdesk.domain import talents as rules
from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui.bus import Topic
from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.names_dialog import NamesDialog
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
from talentdesk.services.platform.settings import load_policy
from talentdesk.services.recruitment import recognition as svc

COLS = (
    "姓名",
    "身份证号",
    "学校",
    "类别",
    "人才层次",
    "状态",
    "认定/开始",
    "期满",
    "是否有效",
    "享受待遇",
    "月发放（元）",
    "一次性（元）",
    "已发/约定（元）",
)
ALL = "全部"


class TalentRow(NamedTuple):
    """A talent record as listed: a recognition, an allowance or an agreement (TABLE says which)."""

    table: str
    id: int
    name: str
    id_masked: str
    school: str
    kind: str
    category: str
    status: str  # 申报 … 认定 of a recognition; blank for an agreement
    start: str
    end: str
    active: str  # 有效 / 已期满
    benefits: str
    monthly: str
    once: str
    paid: str  # an agreement's paid / agreed


class TalentsTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.model = RowsModel(list(COLS), list(range(2, 15)), self)
        self.view = table_view(self.model, "talent_view")
        self.view.doubleClicked.connect(lambda *_: self.edit())
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索姓名、学校、类别、项目")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("status_filter")
        self.status_filter.addItems([f"{ALL}状态", *rules.STATUSES, "引才协议"])
        self.status_filter.currentIndexChanged.connect(self.apply_filter)
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("kind_filter")
        self.kind_filter.currentIndexChanged.connect(self.apply_filter)
        self.active_only = QCheckBox("只看有效期内")
        self.active_only.toggled.connect(self.apply_filter)
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.status_filter)
        top.addWidget(self.kind_filter)
        top.addWidget(self.active_only)
        top.addWidget(self.count)
        bar = QHBoxLayout()
        bar.addWidget(
            button("新增人才认定", lambda: self.edit(table="recognition"), writes=True, db=db, name="new_recognition")
        )
        bar.addWidget(
            button("新增引才协议", lambda: self.edit(table="agreement"), writes=True, db=db, name="new_agreement")
        )
        bar.addWidget(button("经费发放…", self.payments, name="payments"))
        bar.addWidget(button("删除", self.delete, writes=True, db=db))
        bar.addStretch(1)
        self.reminder_button = button("期满提醒", self.show_reminders, name="reminders")
        bar.addWidget(self.reminder_button)
        bar.addWidget(button("人才类别…", self.edit_kinds, name="kinds"))
        bar.addWidget(button("下载模板…", self.save_template, name="talent_template"))
        bar.addWidget(button("导入…", self.import_files, writes=True, db=db, name="talent_import"))
        bar.addWidget(button("导出…", self.export))
        hint = QLabel(
            "人才认定按“申报 → 初审 → 认定/未认定”逐步登记（认定须初审通过并填写文号）；"
            "待遇按“设置”中的人才津贴、安家补贴和特殊津贴标准计算，引才协议的经费在“经费发放…”中登记。"
        )
        hint.setStyleSheet("color: #555;")
        hint.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(bar)
        lay.addWidget(hint)
        lay.addWidget(self.view, 1)
        self.reminders: list[dict] = []
        # loaded when first shown, redone on changes (at once if on screen)
        follow(self, bus, ("recruitment", "teachers", "settings"), self.refresh, stale=True)
        for c, w in enumerate((70, 140, 140, 110, 60, 84, 80, 80, 60, 290, 80, 80, 130)):
            self.view.setColumnWidth(c, w)

    def refresh(self) -> None:
        rows = svc.list_rows(self.db)
        self.model.set_rows(
            [
                TalentRow(
                    r["table"],
                    r["id"],
                    r["name"],
                    r["id_masked"],
                    r["school"],
                    r["kind"],
                    r["category"] or r["project"],
                    r["status"],
                    text(r["start"]),
                    text(r["end"]),
                    "有效" if r["active"] else ("已期满" if r["table"] == "agreement" or r["status"] == "认定" else ""),
                    r["benefits"],
                    text(float(r["monthly"])) if r["monthly"] else "",
                    text(float(r["once"])) if r["once"] else "",
                    f"{r['paid']:,.0f} / {r['agreed']:,.0f}" if r["table"] == "agreement" and r["agreed"] else "",
                )
                for r in rows
            ]
        )
        kinds = [ALL + "类别", *svc.kind_choices(self.db), "引才协议"]
        current = self.kind_filter.currentText()
        self.kind_filter.blockSignals(True)
        self.kind_filter.clear()
        self.kind_filter.addItems(kinds)
        self.kind_filter.setCurrentIndex(max(0, kinds.index(current) if current in kinds else 0))
        self.kind_filter.blockSignals(False)
        self.reminders = svc.reminders(self.db)
        self.reminder_button.setText(f"期满提醒（{len(self.reminders)}）")
        self.apply_filter()

    def apply_filter(self, *_):
        t = self.search.text().strip()
        only = self.active_only.isChecked()
        status = self.status_filter.currentText()
        kind = self.kind_filter.currentText()

        def keep(r: TalentRow) -> bool:
            if only and r.active != "有效":
                return False
            if status == "引才协议" and r.table != "agreement":
                return False
            if status in rules.STATUSES and r.status != status:
                return False
            if kind == "引才协议" and r.table != "agreement":
                return False
            if kind and not kind.startswith(ALL) and kind != "引才协议" and r.kind != kind:
                return False
            return not t or t in f"{r.name} {r.school} {r.kind} {r.category}"

        self.model.set_visible([i for i, r in enumerate(self.model.rows) if keep(r)])
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
            kinds = svc.kind_choices(self.db)
            if values.get("kind") and values["kind"] not in kinds:  # a kind taken off the list keeps its records
                kinds.append(values["kind"])
            fields = [
                ("teacher_id", "教师", TeacherPicker(self.db)),
                ("kind", "类别", combo(kinds)),
                ("category", "人才层次", combo(rules.CATEGORIES)),
                ("project", "学科项目（梯队）", QLineEdit()),
                ("status", "状态", combo(rules.STATUSES, blank=False)),
                ("applied", "申报日期", QLineEdit()),
                ("reviewed", "初审日期", QLineEdit()),
                ("date", "认定日期", QLineEdit()),
                ("doc_number", "认定文号", QLineEdit()),
                ("term_years", "有效期（年）", QLineEdit()),
                ("issuer", "认定机关", QLineEdit()),
                ("note", "备注", QLineEdit()),
            ]
            values.setdefault("kind", rules.GRADED_KIND)
            values.setdefault("status", rules.APPLIED)
            save = lambda v, **check: svc.save_recognition(self.db, rid, v, **check)  # noqa: E731
            title = "人才认定（申报 → 初审 → 认定）"
        else:
            school = id_combo(school_svc.choices(self.db))
            set_id_combo(school, values.pop("school_id", None))
            fields = [
                ("teacher_id", "教师", TeacherPicker(self.db)),
                ("kind", "协议类别", combo(rules.AGREEMENT_KINDS)),
                ("school_id", "服务学校", school),
                ("start", "开始", QLineEdit()),
                ("end", "结束", QLineEdit()),
                ("annual_pay", "年薪（元）", QLineEdit()),
                ("monthly_pay", "报酬（元/月）", QLineEdit()),
                ("research_fund", "科研启动经费（元）", QLineEdit()),
                ("settling_grant", "安家费（元）", QLineEdit()),
                ("staffing", "编制", combo(rules.STAFFING_CHOICES, editable=True)),
                ("case_note", "一事一议", QLineEdit()),
                ("duties", "工作职责", QLineEdit()),
                ("note", "备注", QLineEdit()),
            ]
            save = lambda v, **check: svc.save_agreement(self.db, rid, v, **check)  # noqa: E731
            title = "引才协议（约定条件）"
        values.pop("id", None)
        dlg = RecordDialog(
            title,
            fields,
            save,
            values,
            self,
            required=("teacher_id", "kind", "status"),
            db=self.db,
            loaded=loaded,
            reload=lambda: dict(svc.get(self.db, table, rid), _teacher_label=row.name if row else None),
        )
        if dlg.exec():
            self.bus.notify(Topic.RECRUITMENT)
            return dlg.saved_id
        return None

    def payments(self) -> PaymentsDialog | None:
        row = selected_row(self.view, self.model)
        if row is None or row.table != "agreement":
            QMessageBox.information(self, "经费发放", "请先在列表中选择一份引才协议。")
            return None
        dlg = PaymentsDialog(self.db, row.id, f"{row.name}（{row.kind}）", self)
        dlg.exec()
        if dlg.changed:
            self.bus.notify(Topic.RECRUITMENT)
        return dlg

    def show_reminders(self) -> RemindersDialog:
        dlg = RemindersDialog(self.reminders, load_days(self.db), self)
        dlg.exec()
        return dlg

    def edit_kinds(self) -> NamesDialog:
        dlg = kinds_dialog(self.db, self)
        dlg.exec()
        if dlg.changed:
            self.bus.notify(Topic.RECRUITMENT)
        return dlg

    def delete(self) -> bool:
        row = selected_row(self.view, self.model)
        if (
            row is None
            or QMessageBox.question(
                self,
                "删除",
                f"确定删除{row.name}的“{row.kind}”记录吗？"
                + ("（协议的经费发放记录一并删除）" if row.table == "agreement" else ""),
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

    def save_template(self) -> str | None:
        """The blank 人才认定表 (the same as `talentdesk talents template`), to send to the schools."""
        from talentdesk.gui import file_dialogs
        from talentdesk.importing import templates  # not at start-up: openpyxl

        path = file_dialogs.save_path(
            self, "xlsx", "保存人才认定表模板", "人才认定（空白模板）.xlsx", "Excel 文件 (*.xlsx)", suffix=".xlsx"
        )
        if not path:
            return None
        templates.write_talents(
            path, svc.kind_choices(self.db), school_names=[n for _i, n in school_svc.choices(self.db)]
        )
        _status(self, f"已保存模板：{path}")
        return path

    def import_files(self) -> int | None:
        """Read the chosen files on a worker (the check of `talents import --check`), show what would be imported
        and every problem (file, sheet, row, column), then import the rows without errors on the clerk's word
        as one batch (undone on the 数据导入 page). Returns the batch id."""
        from talentdesk.gui import file_dialogs, tasks
        from talentdesk.services.recruitment import talent_import  # not at start-up: the importer

        paths = file_dialogs.open_paths(self, "xlsx", "导入人才认定表", "表格 (*.xlsx *.xls *.ods *.csv)")
        if not paths:
            return None

        def read(progress):
            return talent_import.plan(self.db, paths, wait=lambda: progress(0, 0, "正在读取和检查人才认定表…"))

        try:
            plan = tasks.run_with_progress(self, "正在读取人才认定表…", read)
        except tasks.Cancelled:
            return None
        except UserError as e:
            warn(self, "不能导入", e)
            return None
        lines = [p.text() for p in plan.problems]
        shown = "\n".join(lines[:40]) + (f"\n……共 {len(lines)} 条" if len(lines) > 40 else "")
        body = plan.summary() + "。" + (f"\n\n{shown}" if lines else "")
        if not plan.rows:
            QMessageBox.warning(self, "没有可导入的人才认定", body)
            return None
        answer = QMessageBox.question(
            self,
            "导入人才认定",
            body + "\n\n现在导入没有错误的行吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        try:
            result = talent_import.apply(self.db, plan)
        except (UserError, ReadOnlyError) as e:
            warn(self, "不能导入", e)
            return None
        self.bus.notify(Topic.RECRUITMENT)
        _status(self, f"已导入人才认定 {result.inserted} 条、更新 {result.updated} 条（可在“数据导入”页撤销）")
        return result.batch_id


def _status(widget, text: str) -> None:
    bar = getattr(widget.window(), "statusBar", None)
    if callable(bar):
        bar().showMessage(text, 15_000)


def load_days(db) -> int:
    return load_policy(db).talent_term_reminder_days


class PaymentRow(NamedTuple):
    id: int
    date: str
    kind: str
    amount: str
    voucher: str
    note: str


PAYMENT_COLS = ("发放日期", "款项", "金额（元）", "文号/凭证号", "备注")


class PaymentsDialog(QDialog):
    """The payments of one agreement against its terms: the list, agreed vs paid by kind, add and delete."""

    def __init__(self, db, agreement_id: int, label: str, parent=None):
        super().__init__(parent)
        self.db, self.agreement_id, self.changed = db, agreement_id, False
        self.setWindowTitle(f"经费发放：{label}")
        self.model = RowsModel(list(PAYMENT_COLS), list(range(1, 6)), self)
        self.view = table_view(self.model, "payment_view")
        self.balance = QLabel()
        self.balance.setWordWrap(True)
        add = button("登记发放…", self.add, writes=True, db=db, name="add_payment")
        remove = button("删除", self.remove, writes=True, db=db, name="remove_payment")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(add)
        bar.addWidget(remove)
        bar.addStretch(1)
        bar.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.balance)
        lay.addWidget(self.view, 1)
        lay.addLayout(bar)
        for c, w in enumerate((90, 100, 100, 160, 200)):
            self.view.setColumnWidth(c, w)
        self.resize(760, 480)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(
            [
                PaymentRow(p["id"], text(p["date"]), p["kind"], f"{p['amount']:,.2f}", p["voucher"], p["note"])
                for p in svc.payments(self.db, self.agreement_id)
            ]
        )
        parts = [
            f"{b['kind']}：约定 {b['agreed']:,.0f} 元，已发 {b['paid']:,.0f} 元，未发 {b['left']:,.0f} 元"
            for b in svc.balance(self.db, self.agreement_id)
        ]
        self.balance.setText("；".join(parts) or "协议未约定经费，也还没有发放记录。")

    def add(self) -> int | None:
        fields = [
            ("date", "发放日期", QLineEdit()),
            ("kind", "款项", combo(rules.PAYMENT_KINDS)),
            ("amount", "金额（元）", QLineEdit()),
            ("voucher", "文号/凭证号", QLineEdit()),
            ("note", "备注", QLineEdit()),
        ]
        dlg = RecordDialog(
            "登记经费发放",
            fields,
            lambda v, **_check: svc.save_payment(self.db, None, {**v, "agreement_id": self.agreement_id}),
            {},
            self,
            required=("date", "kind", "amount"),
            db=self.db,
        )
        if dlg.exec():
            self.changed = True
            self.refresh()
            return dlg.saved_id
        return None

    def remove(self) -> bool:
        row = selected_row(self.view, self.model)
        if row is None:
            return False
        try:
            svc.delete_payment(self.db, row.id)
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除", e)
            return False
        self.changed = True
        self.refresh()
        return True


class ReminderRow(NamedTuple):
    teacher_id: int
    name: str
    school: str
    what: str
    end: str
    days: str


class RemindersDialog(QDialog):
    """Terms ending within the policy's days (引进人才协议期满前多少天提醒), soonest first."""

    def __init__(self, items: list[dict], days: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"期满提醒（{days} 天内到期）")
        self.model = RowsModel(["姓名", "学校", "项目", "期满", "剩余天数"], list(range(1, 6)), self)
        self.model.set_rows(
            [
                ReminderRow(r["teacher_id"], r["name"], r["school"], r["what"], text(r["end"]), str(r["days"]))
                for r in items
            ]
        )
        self.view = table_view(self.model, "reminder_view")
        for c, w in enumerate((80, 160, 160, 90, 70)):
            self.view.setColumnWidth(c, w)
        note = QLabel(
            f"共 {len(items)} 项。提醒天数在“设置”的“引进人才协议期满前多少天提醒”中修改。"
            if items
            else f"{days} 天内没有到期的引才协议或人才认定。"
        )
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addWidget(self.view, 1)
        lay.addWidget(close)
        self.resize(640, 360)


def kinds_dialog(db, parent=None) -> NamesDialog:
    """人才类别: the bureau's list of recognition kinds — add one, remove one no recognition uses."""
    return NamesDialog(
        db,
        "人才类别",
        "人才认定可选的类别（按本地人才政策增加；已有认定记录使用的类别不能删除）：",
        lambda: svc.kinds(db),
        svc.add_kind,
        svc.remove_kind,
        used_word="条认定",
        name_label="类别名称：",
        height=420,
        wrap=False,
        parent=parent,
    )
