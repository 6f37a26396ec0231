"""A plain note for areas whose function is not built yet (no fake content)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class ComingLaterPage(QWidget):
    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.title = title
        head = QLabel(title)
        head.setStyleSheet("font-size: 16pt; font-weight: bold;")
        note = QLabel(f"“{title}”功能将在后续版本中提供。")
        note.setObjectName("coming_later_note")
        note.setStyleSheet("color: #555;")
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(note)
        lay.addStretch(1)
        lay.setAlignment(Qt.AlignmentFlag.AlignTop)
