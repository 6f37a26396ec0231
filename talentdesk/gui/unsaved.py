"""The question asked when a form with unsaved changes is closed: 保存 / 不保存 / 取消 (issue 14 §8)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask(parent, what: str) -> str:
    """Ask whether to save WHAT (“教师档案“王芳””) before closing; SAVE, DISCARD or CANCEL (also Esc)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "保存修改",
        f"{what}有未保存的修改。\n\n关闭前保存吗？",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("unsaved_question")
    save = box.addButton("保存", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("不保存", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    for button, name in ((save, "save"), (discard, "discard"), (cancel, "cancel")):
        button.setObjectName(name)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return SAVE if clicked is save else DISCARD if clicked is discard else CANCEL
