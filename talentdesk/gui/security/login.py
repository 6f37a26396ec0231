"""Sign-in before the main window; the first start creates the administrator."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from talentdesk import config
from talentdesk.errors import UserError
from talentdesk.gui.widgets import ERROR_STYLE
from talentdesk.services.accounts import access, accounts


class _Form(QDialog):
    def __init__(self, title: str, intro: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(380)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        head = QLabel(intro)
        head.setWordWrap(True)
        lay.addWidget(head)
        lay.addLayout(self.form)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)

    def line(self, label: str, name: str, *, password: bool = False) -> QLineEdit:
        e = QLineEdit()
        e.setObjectName(name)
        if password:
            e.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(label, e)
        return e

    def fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def submit(self) -> None:  # overridden
        self.accept()


class CreateAdminDialog(_Form):
    """First start: the administrator account (users, settings, restore, full ID numbers)."""

    OPTIONAL_INTRO = (
        "建议设置登录账户：教师档案含身份证号等个人信息，设置后每次打开都要输入密码，谁改了什么都按姓名"
        "记在审计日志里。只有您一人使用这台电脑时也可以暂不设置，以后在“设置 → 用户”中添加。"
    )

    def __init__(self, db, parent=None, *, optional: bool = False):
        """OPTIONAL: offered on a clerk's own PC (取消 reads 暂不设置); else required (a shared database)."""
        super().__init__(
            "创建管理员",
            self.OPTIONAL_INTRO
            if optional
            else "第一次使用：请创建管理员账户。管理员可以管理用户、修改设置、从备份恢复、"
            "查看完整身份证号。以后每次打开都需要登录。",
            parent,
        )
        if optional:
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("暂不设置")
        self.db = db
        self.login = self.line("用户名：", "admin_login")
        self.full_name = self.line("姓名：", "admin_name")
        self.password = self.line("密码：", "admin_password", password=True)
        self.again = self.line("再输入一次：", "admin_again", password=True)
        self.login.setText("admin")

    def submit(self) -> None:
        if self.password.text() != self.again.text():
            self.fail("两次输入的密码不一致")
            return
        try:
            ident = accounts.create_admin(self.db, self.login.text(), self.password.text(), self.full_name.text())
        except UserError as e:
            self.fail(e.message)
            return
        config.remember_login(ident.user)
        self.accept()


class LoginDialog(_Form):
    def __init__(
        self,
        db,
        parent=None,
        *,
        user: str = "",
        title: str = "登录",
        intro: str = "请输入用户名和密码。",
        verify_only: bool = False,
    ):
        super().__init__(title, intro, parent)
        self.db, self.verify_only = db, verify_only
        self.login = self.line("用户名：", "login")
        self.password = self.line("密码：", "password", password=True)
        if user:
            self.login.setText(user)
            self.login.setReadOnly(verify_only)
            self.password.setFocus()
        elif config.last_login():  # the name used last on this PC (per user): only the password to type
            self.login.setText(config.last_login())
            self.password.setFocus()
        self.identity = None

    def submit(self) -> None:
        try:
            self.identity = accounts.authenticate(self.db, self.login.text(), self.password.text())
        except UserError as e:
            self.password.clear()
            self.fail(e.message)
            return
        if self.verify_only and self.identity.user != self.login.text().strip():
            self.fail("只能由当前用户解锁")
            return
        access.sign_in(self.db, self.identity)
        if not self.verify_only:
            config.remember_login(self.identity.user)
        self.accept()


def ensure_signed_in(db, parent=None) -> bool:
    """Before the main window: create the administrator on first start, else sign in. False: the clerk cancelled,
    or the accounts could not be read (told why: nobody works when it is unknown who may)."""
    try:
        return _ensure_signed_in(db, parent)
    except access.AccountsUnreadable as e:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(parent, "无法登录", e.message)
        return False


def _ensure_signed_in(db, parent=None) -> bool:
    if db.read_only and not access.has_accounts(db):
        return True  # a read-only copy without accounts: the OS user, nothing can be changed anyway
    if accounts.needs_admin(db):
        return CreateAdminDialog(db, parent).exec() == QDialog.DialogCode.Accepted
    return LoginDialog(db, parent).exec() == QDialog.DialogCode.Accepted
