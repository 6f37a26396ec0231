"""One application-wide "data changed" signal: every open page listens and refreshes itself."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class DataBus(QObject):
    # what changed: "teachers", "schools", "settings" or "all" (after an import, an undo, F5)
    changed = Signal(str)

    def notify(self, what: str = "all") -> None:
        self.changed.emit(what)
