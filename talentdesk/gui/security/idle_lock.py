"""Lock the screen after Policy.idle_lock_minutes without keyboard or mouse input (0 = never)."""

from __future__ import annotations

import contextlib
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from talentdesk.domain.policy import Policy
from talentdesk.services.accounts import access, user_names
from talentdesk.services.platform.settings import load_policy

_INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}


class IdleLock(QObject):
    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        self.window = window
        self.last = time.monotonic()
        self.locked = False
        self._minutes = Policy().idle_lock_minutes
        self.timer = QTimer(self)
        self.timer.setInterval(15_000)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() in _INPUT:
            self.last = time.monotonic()
        return False

    def minutes(self) -> int:
        """The policy's minutes; when the policy cannot be read, the last minutes read (else the default):
        an error never switches the lock off."""
        with contextlib.suppress(Exception):
            self._minutes = int(load_policy(self.window.db).idle_lock_minutes)
        return self._minutes

    def check(self) -> None:
        limit = self.minutes()
        if limit > 0 and not self.locked and time.monotonic() - self.last >= limit * 60:
            self.lock()

    def lock(self) -> bool:
        """Show the lock screen until the signed-in user's password is given. (No accounts: nothing to do.)"""
        from talentdesk.gui.security.login import LoginDialog

        ident = access.current(self.window.db)
        if ident.account_id is None:
            return True
        self.locked = True
        self.window.centralWidget().setVisible(False)  # nothing readable behind the lock
        try:
            while True:
                dlg = LoginDialog(
                    self.window.db,
                    self.window,
                    user=ident.user,
                    title="已锁定",
                    intro=f"屏幕已锁定（{user_names.current(self.window.db)}）。请输入密码解锁。",
                    verify_only=True,
                )
                if dlg.exec() == QDialog.DialogCode.Accepted:
                    return True
        finally:
            self.locked = False
            self.last = time.monotonic()
            self.window.centralWidget().setVisible(True)

    def stop(self) -> None:
        self.timer.stop()
        QApplication.instance().removeEventFilter(self)
