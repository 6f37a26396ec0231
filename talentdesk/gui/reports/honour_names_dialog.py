"""荣誉名称对照: the bureau's list of honour names, and the honour texts of teacher records that match none of
them, each mapped once to a name (and level) of the list — remembered, so the statistics count them from then on
(services.people.honour_names)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from talentdesk.domain.honours import LEVELS
from talentdesk.errors import UserError
from talentdesk.gui.security.roles import apply_read_only
from talentdesk.gui.widgets import plain_table
from talentdesk.services.people import honour_names as svc

SAME_LEVEL = "按记录"


class HonourNamesDialog(QDialog):
    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.changed = False
        self.setWindowTitle("荣誉名称对照")
        self.names = QListWidget()
        self.names.setObjectName("honour_names")
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText("本地荣誉名称，例如 红烛教师")
        self.add_button = QPushButton("添加到名录")
        self.remove_button = QPushButton("从名录删除")
        self.add_button.clicked.connect(self.add_name)
        self.new_name.returnPressed.connect(self.add_name)
        self.remove_button.clicked.connect(self.remove_name)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel("荣誉名录（统计按这些名称和级别计数）"))
        ll.addWidget(self.names, 1)
        ll.addWidget(self.new_name)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        ll.addLayout(row)

        self.unmatched = plain_table(("记录中的写法", "记录的级别", "记录数"), "honour_unmatched")
        self.target = QComboBox()
        self.level = QComboBox()
        self.level.addItem(SAME_LEVEL, None)
        for lv in LEVELS:
            self.level.addItem(lv, lv)
        self.map_button = QPushButton("归入所选名称")
        self.map_button.clicked.connect(self.map_selected)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.unmatched_label = QLabel()
        rl.addWidget(self.unmatched_label)
        rl.addWidget(self.unmatched, 1)
        pick = QHBoxLayout()
        pick.addWidget(QLabel("归入"))
        pick.addWidget(self.target, 1)
        pick.addWidget(QLabel("级别"))
        pick.addWidget(self.level)
        pick.addWidget(self.map_button)
        rl.addLayout(pick)
        rl.addWidget(QLabel("归入一次即记住：以后同样写法的荣誉自动按所选名称统计。"))

        body = QHBoxLayout()
        body.addWidget(left, 2)
        body.addWidget(right, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(body, 1)
        lay.addWidget(buttons)
        apply_read_only([self.add_button, self.remove_button, self.map_button, self.new_name], db)
        self.resize(900, 540)
        self.refresh()

    def refresh(self) -> None:
        current = self.target.currentData()
        self.names.clear()
        self.target.clear()
        for n in svc.names(self.db):
            item = QListWidgetItem(n["name"] + (f"（{n['note']}）" if n["note"] else ""))
            item.setData(Qt.ItemDataRole.UserRole, n["id"])
            self.names.addItem(item)
            self.target.addItem(n["name"], n["id"])
        if current is not None and self.target.findData(current) >= 0:
            self.target.setCurrentIndex(self.target.findData(current))
        self.rows = svc.unmatched(self.db)
        self.unmatched.setRowCount(len(self.rows))
        for r, g in enumerate(self.rows):
            for c, v in enumerate((g["text"], g["levels"], str(g["count"]))):
                self.unmatched.setItem(r, c, QTableWidgetItem(v))
        total = sum(g["count"] for g in self.rows)
        self.unmatched_label.setText(
            f"不在名录中的荣誉写法：{len(self.rows)} 种，{total} 条记录"
            if self.rows
            else "所有荣誉记录都已对应到名录中的名称"
        )

    def _run(self, action) -> bool:
        try:
            action()
        except UserError as e:
            QMessageBox.warning(self, "荣誉名称对照", e.message)
            return False
        self.changed = True
        self.refresh()
        return True

    def add_name(self) -> None:
        text = self.new_name.text()
        if self._run(lambda: svc.add_name(self.db, text)):
            self.new_name.clear()

    def remove_name(self) -> None:
        item = self.names.currentItem()
        if item is not None:
            self._run(lambda: svc.remove_name(self.db, item.data(Qt.ItemDataRole.UserRole)))

    def map_selected(self) -> None:
        row = self.unmatched.currentRow()
        if row < 0 or row >= len(self.rows) or self.target.currentData() is None:
            QMessageBox.information(self, "荣誉名称对照", "请先在右边选一种写法，再选要归入的名称")
            return
        g = self.rows[row]
        self._run(lambda: svc.map_text(self.db, g["text"], self.target.currentData(), self.level.currentData()))
