"""设置 → 用户: accounts and roles (administrator only)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from talentdesk.errors import UserError
from talentdesk.gui.widgets import ERROR_STYLE, plain_table
from talentdesk.services.accounts import access, accounts, user_names

HEADERS = ("用户名", "姓名", "角色", "状态", "最近登录")


class UserDialog(QDialog):
    def __init__(self, db, user: dict | None, parent=None):
        super().__init__(parent)
        self.db, self.user = db, user
        self.setWindowTitle("修改用户" if user else "新建用户")
        form = QFormLayout()
        self.login, self.full_name, self.password = QLineEdit(), QLineEdit(), QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.role = QComboBox()
        for r in access.ROLES:
            self.role.addItem(f"{r}（{access.ROLE_HINTS[r]}）", r)
        form.addRow("用户名：", self.login)
        form.addRow("姓名：", self.full_name)
        form.addRow("角色：", self.role)
        form.addRow("新密码：" if user else "密码：", self.password)
        if user:
            self.login.setText(user["login"])
            self.full_name.setText(user["full_name"])
            self.role.setCurrentIndex(access.ROLES.index(user["role"]))
            self.password.setPlaceholderText("不修改请留空")
        else:
            self.role.setCurrentIndex(access.ROLES.index(access.CLERK))
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)

    def submit(self) -> None:
        try:
            accounts.save_user(
                self.db,
                self.user["id"] if self.user else None,
                self.login.text(),
                self.role.currentData(),
                self.full_name.text(),
                self.password.text() or None,
            )
        except UserError as e:
            self.error.setText(e.message)
            self.error.show()
            return
        self.accept()


class UsersTab(QWidget):
    def __init__(self, db, bus, parent=None):
        super().__init__(parent)
        self.db, self.bus = db, bus
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table = plain_table(HEADERS, "users")
        self.table.doubleClicked.connect(lambda *_: self.edit())
        self.buttons = {}
        row = QHBoxLayout()
        for key, label, slot in (
            ("add", "新建用户…", self.add),
            ("edit", "修改…", self.edit),
            ("disable", "停用", self.disable),
            ("unlock", "解除锁定", self.unlock),
        ):
            b = QPushButton(label)
            b.setObjectName(f"user_{key}")
            b.clicked.connect(slot)
            row.addWidget(b)
            self.buttons[key] = b
        row.addStretch(1)
        roles = QLabel("；".join(f"{r}：{h}" for r, h in access.ROLE_HINTS.items()))
        roles.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(roles)
        self.users: list[dict] = []
        self.load()

    def load(self) -> None:
        allowed = access.can(self.db, "users") and not self.db.read_only
        for b in self.buttons.values():
            b.setEnabled(allowed)
        ident = access.current(self.db)
        if ident.bootstrap:
            self.note.setText(
                "尚未创建账户：现在任何人都能以系统用户身份使用全部功能。点“新建用户…”创建的第一个账户将是管理员，"
                "此后每次打开都需要登录。"
            )
        else:
            self.note.setText(
                f"当前用户：{user_names.current(self.db)}（{ident.role}）"
                + ("" if allowed else "。只有管理员可以管理用户。")
            )
        try:
            self.users = accounts.list_users(self.db) if access.can(self.db, "users") else []
        except UserError:
            self.users = []
        self.table.setRowCount(len(self.users))
        for r, u in enumerate(self.users):
            state = "停用" if not u["active"] else "已锁定" if u["locked"] else "正常"
            for c, v in enumerate((u["login"], u["full_name"], u["role"], state, u["last_login"])):
                self.table.setItem(r, c, QTableWidgetItem(v))

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.users[rows[0].row()] if rows else None

    def add(self) -> None:
        if accounts.needs_admin(self.db):
            from talentdesk.gui.security.login import CreateAdminDialog

            CreateAdminDialog(self.db, self).exec()
        else:
            UserDialog(self.db, None, self).exec()
        self.load()

    def edit(self) -> None:
        u = self.selected()
        if u and UserDialog(self.db, u, self).exec():
            self.load()

    def disable(self) -> None:
        u = self.selected()
        if not u:
            return
        if (
            QMessageBox.question(self, "停用用户", f"停用“{u['login']}”？停用后不能再登录（记录保留）。")
            != QMessageBox.StandardButton.Yes
        ):
            return
        try:
            accounts.set_active(self.db, u["id"], False)
        except UserError as e:
            QMessageBox.warning(self, "停用用户", e.message)
        self.load()

    def unlock(self) -> None:
        u = self.selected()
        if u:
            accounts.unlock(self.db, u["id"])
            self.load()
