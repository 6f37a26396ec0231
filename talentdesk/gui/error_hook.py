"""Database and disk errors that escape a slot (disk full, a busy or read-only database, a unique violation
when two clerks save the same record on a server) are shown to the clerk as a Chinese message box; PySide6
would only print a traceback on stderr, which nobody sees (issue 15 §5). Other errors keep the usual hook."""

from __future__ import annotations

import sys

from talentdesk.services.platform import database


def message_for(error: BaseException) -> str | None:
    if not isinstance(error, database.database_errors()):
        return None
    why = database.explain_write_error(error)
    return None if why is None else f"没有完成：{why}。"


def install() -> None:
    previous = sys.excepthook

    def hook(kind, value, tb):
        text = message_for(value)
        if text is None:
            previous(kind, value, tb)
            return
        from PySide6.QtWidgets import QApplication, QMessageBox

        QMessageBox.warning(QApplication.activeWindow(), "教育人才工作台", text)

    sys.excepthook = hook
