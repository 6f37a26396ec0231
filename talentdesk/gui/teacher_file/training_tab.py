"""培训 tab of the teacher file (and the dialog behind a row of 学时统计): the courses and hours that make up
the teacher's credited hours in a training cycle, against the cycle's requirement. Read-only here (courses and
attendance are kept on the 培训 page)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from talentdesk.gui.models.rows_model import RowsModel
from talentdesk.gui.widgets import setup_list_view
from talentdesk.services.cultivation import training
from talentdesk.services.platform import settings

HEADERS = ("培训名称", "级别", "主办单位", "开始", "结束", "认定学时", "学分", "结果", "计入本周期")


def _num(x) -> str:
    return "" if x is None else f"{x:g}"


class _Rows(RowsModel):
    """Courses outside the chosen cycle are shown grey: they do not count towards its hours."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and self.row_at(index.row())[-1] == "否":
            return QColor("#8a8f98")
        return super().data(index, role)


class TrainingTab(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.db, self.teacher_id = None, None
        self.cycle = QComboBox()
        self.cycle.setObjectName("training_cycle")
        self.cycle.currentIndexChanged.connect(lambda _i: self._show())
        self.summary = QLabel()
        self.summary.setObjectName("training_summary")
        self.summary.setWordWrap(True)
        self.model = _Rows(list(HEADERS), list(range(len(HEADERS))), self)
        self.view = setup_list_view(QTableView(), self.model, wrap=False)
        self.view.setObjectName("teacher_training")
        top = QHBoxLayout()
        top.addWidget(QLabel("培训周期："))
        top.addWidget(self.cycle)
        top.addStretch(1)
        hint = QLabel("培训项目和参训名单在“培训”页面中登记；灰色的培训不在所选周期内，不计入本周期学时。")
        hint.setStyleSheet("color: #566573;")
        hint.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.view, 1)
        lay.addWidget(hint)

    def load(self, db, teacher_id: int | None, cycle_start: int | None = None) -> None:
        self.db, self.teacher_id = db, teacher_id
        pol = settings.load_policy(db)
        keep = cycle_start if cycle_start is not None else self.cycle.currentData()
        self.cycle.blockSignals(True)
        self.cycle.clear()
        for start in training.cycles_with_data(db):
            self.cycle.addItem(f"{start}—{start + pol.training_cycle_years - 1}", start)
        i = self.cycle.findData(keep) if keep is not None else -1
        self.cycle.setCurrentIndex(max(i, 0))
        self.cycle.blockSignals(False)
        self._show()

    def _show(self) -> None:
        if self.db is None or self.teacher_id is None:
            self.model.set_rows([])
            self.summary.setText("保存教师档案后可查看培训学时。")
            return
        rec = training.teacher_record(self.db, self.teacher_id, self.cycle.currentData(), full=False)
        rows = [
            (
                c["name"],
                c["level"] or "",
                c["organiser"],
                c["start"].iso() if c["start"] else "",
                c["end"].iso() if c["end"] else "",
                _num(c["hours"]),
                _num(c["credits"]),
                c["result"],
                "是" if c["in_cycle"] else "否",
            )
            for c in rec["courses"]
        ]
        rows.sort(key=lambda r: (r[-1] != "是", r[3]))  # this cycle's courses first, by date
        self.model.set_rows(rows)
        first, last = rec["cycle"]
        counted = sum(1 for r in rows if r[-1] == "是")
        self.summary.setText(
            f"{first}—{last} 年培训周期：{counted} 次培训，认定 <b>{_num(rec['hours'])}</b> 学时"
            f"（下表“计入本周期”为“是”的各行之和）；周期要求 {_num(rec['required'])} 学时，"
            f"按进度应达 {_num(rec['expected'])} 学时；状态：{rec['standing']}。"
            if rows or rec["hours"]
            else f"{first}—{last} 年培训周期：没有参训记录，认定 0 学时；周期要求 {_num(rec['required'])} 学时。"
        )
        for c, w in enumerate((220, 45, 110, 80, 80, 64, 40, 50)):
            self.view.setColumnWidth(c, w)


class TeacherHoursDialog(QDialog):
    """From 学时统计: one teacher's courses behind the hours shown (double-click on a row)."""

    def __init__(self, db, teacher_id: int, name: str, cycle_start: int | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"{name}的培训学时")
        self.tab = TrainingTab(self)
        self.tab.load(db, teacher_id, cycle_start)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tab, 1)
        lay.addWidget(buttons)
        self.resize(900, 480)
