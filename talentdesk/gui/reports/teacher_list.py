"""The teachers behind a figure: a non-modal list (school, then name, in pinyin order); double-click
opens the teacher file; 导出… writes the list as shown (sorted and filtered as on screen) to Excel."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QMessageBox, QTableView, QVBoxLayout

from talentdesk.errors import UserError
from talentdesk.gui import file_dialogs
from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.widgets import setup_list_view
from talentdesk.reports import statistics as svc


class TeacherListDialog(QDialog):
    def __init__(self, db, title: str, ids: list[int], open_teacher=None, parent=None):
        super().__init__(parent)
        self.db, self.title = db, title
        self.setWindowTitle(f"{title}（{len(ids)} 人）")
        self.resize(980, 560)
        self.open_teacher = open_teacher
        cols = svc.TEACHER_LIST_COLUMNS
        self.model = RowsModel(list(cols[1:]), list(range(1, len(cols))), self)
        self.model.set_rows(svc.teacher_rows(db, ids))
        self.view = setup_list_view(QTableView(), self.model, stretch_last=False)  # school, name until a click
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.doubleClicked.connect(self._open)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = buttons.addButton("导出 Excel…", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setToolTip("把这份名单（按当前排序）保存为 Excel 文件")
        self.export_button.clicked.connect(lambda _c=False: self.export())
        buttons.rejected.connect(self.close)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(f"{title}：共 {len(ids)} 人" + ("，双击打开教师档案" if open_teacher else "")))
        lay.addWidget(self.view, 1)
        lay.addWidget(buttons)

    def _open(self, index) -> None:
        if self.open_teacher is not None:
            row = self.model.rows[self.model.visible[index.row()]]
            self.open_teacher(row[0])

    def default_name(self) -> str:
        safe = re.sub(r'[\\/:*?"<>|\s]+', "_", self.title).strip("_") or "教师名单"
        return f"{safe}_{dt.date.today():%Y%m%d}.xlsx"

    def export(self) -> Path | None:
        name = file_dialogs.save_path(
            self, "xlsx", "导出名单", self.default_name(), "Excel 工作簿 (*.xlsx)", suffix=".xlsx"
        )
        if not name:
            return None
        path = Path(name)
        rows = [self.model.row_at(r) for r in range(self.model.rowCount())]
        try:
            svc.export_teacher_list(self.db, self.title, rows, path)
        except (UserError, OSError) as e:
            QMessageBox.warning(self, "导出名单", f"没有导出：{e}")
            return None
        bar = getattr(self.parent().window(), "statusBar", None) if self.parent() is not None else None
        if callable(bar):
            bar().showMessage(f"已导出 {len(rows)} 人：{path}", 10_000)
        return path
