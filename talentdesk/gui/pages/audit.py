"""审计日志 page: the audit trail, filtered by user, action, object, dates and text (administrator only).
Read-only by construction: the page offers no way to change it and the database refuses any change."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from talentdesk.services.accounts import access, user_names
from talentdesk.services.platform import audit_trail
from talentdesk.services.platform.audit_trail import AuditFilter

# on screen: who by name, and the change in words (字段：旧值 → 新值) in place of 项目/原值/新值
SHOWN = (
    ("时间", 0),
    ("操作人", 1),
    ("操作", 2),
    ("对象", 3),
    ("记录", 4),
    ("教师", 5),
    ("内容", audit_trail.CHANGE),
    ("批次", 9),
)


class AuditPage(QWidget):
    title = "审计日志"

    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        head = QLabel("审计日志")
        head.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.note = QLabel(
            "每一次新增、修改、删除、导入、撤销、导出（含完整身份证号）、恢复和登录都记录在这里；记录不能修改或删除。"
        )
        self.note.setWordWrap(True)
        self.user, self.action, self.table_box = QComboBox(), QComboBox(), QComboBox()
        for w, name in ((self.user, "audit_user"), (self.action, "audit_action"), (self.table_box, "audit_table")):
            w.setObjectName(name)
            w.setMinimumWidth(110)
        self.since, self.until = QDateEdit(), QDateEdit()
        for d in (self.since, self.until):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        self.since.setDate(QDate.currentDate().addMonths(-1))
        self.until.setDate(QDate.currentDate())
        self.text = QLineEdit()
        self.text.setObjectName("audit_text")
        self.text.setPlaceholderText("姓名、内容…")
        self.text.returnPressed.connect(self.load)
        go = QPushButton("查询")
        go.clicked.connect(self.load)
        filters = QHBoxLayout()
        for label, w in (
            ("操作人", self.user),
            ("操作", self.action),
            ("对象", self.table_box),
            ("从", self.since),
            ("到", self.until),
            ("包含", self.text),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(w)
        filters.addWidget(go)
        filters.addStretch(1)
        self.grid = QTableWidget(0, len(SHOWN))
        self.grid.setObjectName("audit_grid")
        self.grid.setHorizontalHeaderLabels([h for h, _ in SHOWN])
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.verticalHeader().hide()
        self.grid.setWordWrap(False)
        self.grid.verticalHeader().setDefaultSectionSize(24)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((150, 90, 70, 90, 60, 80, 520, 50)):
            self.grid.setColumnWidth(col, width)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel()
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(self.note)
        lay.addLayout(filters)
        lay.addWidget(self.grid, 1)
        lay.addWidget(self.count)
        self._loaded = False
        self.names: dict[str, str] = {}
        bus.changed.connect(lambda *_: self.load() if self.isVisible() else None)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.load()

    def _fill_choices(self) -> None:
        ch = audit_trail.choices(self.db)
        self.names = user_names.names(self.db)
        ch["users"] = [(login, user_names.shown(login, self.names)) for login, _ in ch["users"]]
        for box, key in ((self.user, "users"), (self.action, "actions"), (self.table_box, "tables")):
            keep = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem("全部", "")
            for code, label in ch[key]:
                box.addItem(label, code)
            i = box.findData(keep)
            box.setCurrentIndex(max(i, 0))
            box.blockSignals(False)

    def current_filter(self) -> AuditFilter:
        return AuditFilter(
            user=self.user.currentData() or "",
            action=self.action.currentData() or "",
            table=self.table_box.currentData() or "",
            text=self.text.text().strip(),
            since=self.since.date().toPython(),
            until=self.until.date().toPython(),
        )

    def load(self) -> None:
        if not access.can(self.db, "audit"):
            self.grid.setRowCount(0)
            self.count.setText("只有管理员可以查看审计日志。")
            return
        self._fill_choices()
        rows, total = audit_trail.entries(self.db, self.current_filter())
        self.grid.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, (_h, i) in enumerate(SHOWN):
                v = row[i]
                item = QTableWidgetItem(user_names.shown(v, self.names) if i == 1 else v)
                if i == 1 and v:
                    item.setToolTip(f"用户名：{v}")
                elif i == audit_trail.CHANGE and v:
                    item.setToolTip(v)
                self.grid.setItem(r, c, item)
        shown = f"，显示最新 {len(rows)} 条" if total > len(rows) else ""
        self.count.setText(f"共 {total} 条记录{shown}")
