"""填报单位 asked for once: a report or a public notice is never printed with a placeholder for its issuer.

The first report or notice made while the bureau's name (Setting "report_unit") is empty asks for it; once
saved it is printed on every report and both notices, and never asked again (the 统计报表 page edits it)."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from talentdesk.reports import statistics as svc
from talentdesk.services.accounts import access

TITLE = "填报单位"
PROMPT = "还没有填写填报单位。请输入打印在报表和公示名单上的单位名称\n（例如 青禾县教育和体育局），只需填写一次："


def ask_unit(parent) -> str:
    """The name the clerk types ("" when cancelled). Tests replace this function."""
    text, ok = QInputDialog.getText(parent, TITLE, PROMPT, QLineEdit.EchoMode.Normal, "")
    return text.strip() if ok else ""


def ensure_unit(parent, db) -> bool:
    """True when 填报单位 is set (asking for it, and saving it, if it was not). A user who may not change
    settings is not asked (their reports print the blank line for the bureau to fill in by hand)."""
    if svc.unit_name(db):
        return True
    if not access.can(db, "edit"):
        return True
    name = ask_unit(parent)
    if not name:
        QMessageBox.information(parent, TITLE, "没有填写填报单位，未生成。可在“统计报表”页的“填报单位”中填写。")
        return False
    svc.set_unit_name(db, name)
    return True
