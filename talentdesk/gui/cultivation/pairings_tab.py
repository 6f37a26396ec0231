"""结对名单 tab: programmes (青蓝工程…) and their pairings; add, edit, delete; print 协议书 and 公示名单; Excel."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout

from talentdesk.errors import ReadOnlyError, UserError, ValidationError
from talentdesk.gui.bus import Topic
from talentdesk.gui.cultivation.common import ListTab, ask_save_path, confirm, status, warn
from talentdesk.gui.cultivation.pairing_dialog import PairingDialog
from talentdesk.gui.edit_check import NOT_SAVED, save_checked
from talentdesk.gui.widgets import FormGrid, attach_menu
from talentdesk.services.cultivation import mentoring
from talentdesk.services.platform import settings

C = {n: i for i, n in enumerate(mentoring.COLUMNS)}
SHOWN = (
    "programme",
    "mentor",
    "mentor_school",
    "mentee",
    "mentee_school",
    "subject",
    "stage",
    "start",
    "planned_end",
    "status",
    "mentor_eval",
    "mentee_eval",
    "activities",
)


class ProgrammeDialog(QDialog):
    def __init__(self, db, programme_id: int | None = None, parent=None):
        super().__init__(parent)
        self.db, self.programme_id = db, programme_id
        self.setWindowTitle("结对项目")
        pol = settings.load_policy(db)
        self.form = FormGrid(2)
        for name, label, default in (
            ("name", "项目名称", ""),
            ("year", "年度", ""),
            ("term_years", "结对期限（年）", pol.mentoring_term_years),
            ("max_mentees", "每名导师带徒上限", pol.mentees_per_mentor),
            ("mentee_max_years", "青年教师教龄上限（年）", pol.mentee_max_years),
        ):
            w = QLineEdit(str(default))
            self.form.add(name, label, w, required=name == "name", span=2 if name == "name" else 1)
        import datetime as dt

        self.form.fields["year"].setText(str(dt.date.today().year))
        self.form.fields["name"].setPlaceholderText("如 2026年青蓝工程")
        note = QPlainTextEdit()
        note.setFixedHeight(60)
        self.form.add("note", "说明", note, span=2)
        self.loaded: dict | None = None  # version and values as loaded: a change saved meanwhile is merged
        if programme_id:
            self._load(mentoring.get_programme(db, programme_id))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.form)
        lay.addWidget(buttons)

    def _load(self, p: dict) -> None:
        self.loaded = p
        for k in ("name", "year", "term_years", "max_mentees", "mentee_max_years"):
            self.form.fields[k].setText(str(p[k]))
        self.form.fields["note"].setPlainText(p["note"] or "")

    def save(self) -> None:
        values = self.form.values()
        try:
            saved = save_checked(
                self,
                self.loaded,
                lambda **check: mentoring.save_programme(self.db, self.programme_id, values, **check),
                lambda: self._load(mentoring.get_programme(self.db, self.programme_id)),
            )
            if saved is NOT_SAVED:
                return
            self.programme_id = saved
        except ValidationError as e:
            self.form.set_errors(e.problems)
            return
        except (UserError, ReadOnlyError) as e:
            warn(self, "不能保存", str(e))
            return
        self.accept()


class PairingsTab(ListTab):
    def __init__(self, db, bus, parent=None):
        super().__init__(
            mentoring.HEADERS, [C[k] for k in SHOWN], (130, 70, 120, 80, 120, 50, 50, 70, 70, 60, 60, 60), parent
        )
        self.db, self.bus = db, bus
        self.search.setPlaceholderText("搜索导师、青年教师、学校")
        self.programme = QComboBox()
        self.programme.setMinimumContentsLength(14)
        self.programme.currentIndexChanged.connect(lambda _i: self.refresh())
        self.top.insertWidget(0, QLabel("项目："))
        self.top.insertWidget(1, self.programme, 1)
        self.add_button("新建项目…", self.new_programme, writes=True, db=db)
        self.add_button("新增结对", self.add, writes=True, db=db)
        self.add_button("编辑", self.edit)
        self.add_button("删除", self.delete, writes=True, db=db)
        self.add_button("打印协议书…", self.print_agreements)
        self.add_button("打印公示名单…", self.print_notice)
        self.add_button("公示名单 Excel…", self.save_notice_xlsx)
        attach_menu(
            self.add_button("导出 PDF", lambda: None),
            [("协议书 PDF…", self.save_agreements), ("公示名单 PDF…", self.save_notice)],
        )
        self.add_button("导出 Excel…", self.export)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        bus.follow(self, self.refresh, Topic.TEACHERS, Topic.PAIRINGS)
        self.fill_programmes()

    def fill_programmes(self) -> None:
        cur = self.programme.currentData()
        self.programme.blockSignals(True)
        self.programme.clear()
        self.programme.addItem("全部项目", None)
        for p in mentoring.list_programmes(self.db):
            self.programme.addItem(f"{p['label']}（{p['pairs']} 对）", p["id"])
        i = self.programme.findData(cur)
        self.programme.setCurrentIndex(max(i, 0) if cur is not None else (1 if self.programme.count() > 1 else 0))
        self.programme.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        self.set_rows(mentoring.list_pairings(self.db, self.programme.currentData()))

    def new_programme(self) -> None:
        dlg = ProgrammeDialog(self.db, None, self)
        try:
            if dlg.exec() == QDialog.DialogCode.Accepted:
                self.fill_programmes()
                self.programme.setCurrentIndex(max(self.programme.findData(dlg.programme_id), 0))
        finally:
            dlg.deleteLater()

    def open_dialog(self, pairing_id: int | None) -> PairingDialog:
        return PairingDialog(self.db, pairing_id, self.programme.currentData(), self)

    def add(self) -> None:
        self._run(self.open_dialog(None))

    def edit(self) -> None:
        pid = self.current_key()
        if pid is not None:
            self._run(self.open_dialog(pid))

    def _run(self, dlg) -> None:
        self.run_dialog(dlg, Topic.PAIRINGS, "pairing_id", "已保存师徒结对", after=self.fill_programmes)

    def delete(self) -> None:
        ids = self.selected_keys()
        if not ids or not confirm(self, "删除结对", f"确定删除选中的 {len(ids)} 对师徒结对（含结对活动）吗？"):
            return
        try:
            n = mentoring.delete_pairings(self.db, ids)
        except (UserError, ReadOnlyError) as e:
            warn(self, "删除结对", str(e))
            return
        self.bus.notify(Topic.PAIRINGS)
        self.fill_programmes()
        status(self, f"已删除 {n} 对师徒结对")

    def _agreement_ids(self) -> list[int]:
        """The selected pairings, or (nothing selected) every pairing in the list."""
        return self.selected_keys() or [self.model.key_at(r) for r in range(self.model.rowCount())]

    def print_agreements(self) -> None:
        """打印协议书: the print preview (then the printer dialog) of the agreements."""
        from talentdesk.gui.reports import printing  # start-up: Qt printing and reportlab when printing
        from talentdesk.reports.forms import pairing_agreement

        ids = self._agreement_ids()
        if ids:
            printing.print_drawing(self, self.db, lambda: pairing_agreement.drawing(self.db, ids))

    def save_agreements(self) -> None:
        from talentdesk.reports.forms import pairing_agreement

        ids = self._agreement_ids()
        if not ids:
            return
        path = ask_save_path(self, "保存师徒结对协议书", "师徒结对协议书.pdf", "PDF 文件 (*.pdf)")
        if path:
            self._write(lambda: pairing_agreement.write(self.db, ids, path), f"已生成 {len(ids)} 份协议书：{path}")

    def _programme_chosen(self) -> int | None:
        pid = self.programme.currentData()
        if pid is None:
            warn(self, "公示名单", "请先在“项目”中选择一个结对项目")
        return pid

    def print_notice(self) -> None:
        from talentdesk.gui.reports import printing  # start-up: Qt printing and reportlab when printing
        from talentdesk.gui.reports.unit_prompt import ensure_unit
        from talentdesk.reports.forms import notice_list

        pid = self._programme_chosen()
        if pid is not None and ensure_unit(self, self.db):
            printing.print_drawing(self, self.db, lambda: notice_list.drawing(self.db, pid))

    def save_notice(self) -> None:
        from talentdesk.gui.reports.unit_prompt import ensure_unit
        from talentdesk.reports.forms import notice_list

        pid = self._programme_chosen()
        if pid is None or not ensure_unit(self, self.db):
            return
        path = ask_save_path(
            self, "保存公示名单", f"{self.programme.currentText().split('（')[0]}公示名单.pdf", "PDF 文件 (*.pdf)"
        )
        if path:
            self._write(lambda: notice_list.write(self.db, pid, path), f"已生成公示名单（身份证号已隐去）：{path}")

    def save_notice_xlsx(self) -> None:
        """公示名单 as a print-ready Excel file: the same issuer, 公示期, contact and list as the printed one."""
        from talentdesk.gui.reports.unit_prompt import ensure_unit
        from talentdesk.reports.forms import notice_list

        pid = self._programme_chosen()
        if pid is None or not ensure_unit(self, self.db):
            return
        path = ask_save_path(
            self, "保存公示名单", f"{self.programme.currentText().split('（')[0]}公示名单.xlsx", "Excel 文件 (*.xlsx)"
        )
        if path:
            self._write(
                lambda: notice_list.write_xlsx(self.db, pid, path), f"已生成公示名单 Excel（身份证号已隐去）：{path}"
            )

    def export(self) -> None:
        from talentdesk.reports.exports import export

        path = ask_save_path(self, "导出师徒结对", "师徒结对名单.xlsx", "Excel 文件 (*.xlsx)")
        if path:
            self._write(lambda: export(self.db, "pairings", path), f"已导出：{path}")

    def _write(self, fn, done: str) -> None:
        try:
            fn()
        except UserError as e:
            warn(self, "不能生成文件", str(e))
            return
        status(self, done)
