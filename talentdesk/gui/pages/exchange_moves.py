"""跨区县调动 dialog of the 数据交换 page (issue 15 §4): the moves the counties' data packages listed (a teacher whose
ID number another county holds), for the city to confirm after checking with both counties. A confirmed move takes
effect at the receiving county's next data package."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QPushButton, QTableWidgetItem, QVBoxLayout

from talentdesk.errors import ReadOnlyError, UserError
from talentdesk.gui.security.roles import may, why_not
from talentdesk.gui.widgets import plain_table
from talentdesk.services.exchange import moves as exchange_moves

HEADERS = ("姓名", "身份证号", "调出区县（状态）", "调入区县（状态）")


class MovesDialog(QDialog):
    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("跨区县调动")
        note = QLabel(
            "以下教师的身份证号已在另一个区县，导入时未采用新区县的记录，两边的记录都没有改动。请与两个区县核实；"
            "确认调动后，下次导入调入区县的数据包时采用其记录，调出区县的记录从市局库移除（仍在该区县自己的数据库中）。"
        )
        note.setWordWrap(True)
        self.table = plain_table(HEADERS, "exchange_moves")
        self.confirm_button = QPushButton("确认所选调动…")
        self.confirm_button.setObjectName("exchange_move_confirm")
        self.confirm_button.clicked.connect(self.confirm_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._update)
        self.resize(760, 420)
        self.refresh()

    def refresh(self) -> None:
        self.moves = exchange_moves.pending(self.db)
        self.table.setRowCount(len(self.moves))
        for r, m in enumerate(self.moves):
            values = (
                m.get("name", ""),
                m["masked"],
                f"{m['from']}（{m.get('from_status') or ''}）",
                f"{m['to']}（{m.get('to_status') or ''}）",
            )
            for c, v in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(v))
        self._update()

    def _update(self) -> None:
        allowed = may(self.db, "import")
        self.confirm_button.setEnabled(allowed and bool(self.table.selectionModel().selectedRows()))
        self.confirm_button.setToolTip(why_not(self.db, "import") or "与两个区县核实后，确认这名教师的调动")

    def confirm_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        m = self.moves[rows[0].row()]
        answer = QMessageBox.question(
            self,
            "确认跨区县调动",
            f"{m.get('name', '')}（{m['masked']}）由{m['from']}调往{m['to']}：\n\n"
            f"已与两个区县核实？确认后，下次导入{m['to']}的数据包时采用{m['to']}的记录，"
            f"{m['from']}的这条记录（及其履历）从市局库移除。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            exchange_moves.confirm(self.db, m["id_number"], to=m["to"], id_type=m.get("id_type") or "居民身份证")
        except (UserError, ReadOnlyError) as e:
            QMessageBox.warning(self, "无法确认", getattr(e, "message", None) or str(e))
            return
        self.refresh()
