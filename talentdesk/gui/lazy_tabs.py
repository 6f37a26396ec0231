"""A tab widget whose pages are built when first shown, or when code first asks for one (issue 16 §4: a page with
eleven record lists shows at once, and only the list the clerk opens reads the database).

Each page is given as a maker; its tab holds an empty frame until then, and the built widget fills that frame.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget


class LazyTabs(QTabWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._makers: dict[str, Callable[[], QWidget]] = {}
        self._frames: dict[str, QWidget] = {}
        self._built: dict[str, QWidget] = {}
        self.currentChanged.connect(self._build_current)

    def add_lazy(self, key: str, title: str, make: Callable[[], QWidget]) -> None:
        """A tab titled TITLE whose page MAKE() builds when the tab is first shown or page(KEY) first asked."""
        frame = QWidget()
        lay = QVBoxLayout(frame)
        lay.setContentsMargins(0, 0, 0, 0)
        self._makers[key], self._frames[key] = make, frame
        self.addTab(frame, title)  # the first tab added becomes current: built now, as the page shows it

    def page(self, key: str) -> QWidget:
        """The page KEY, built now if it was not yet."""
        built = self._built.get(key)
        if built is None:
            built = self._built[key] = self._makers[key]()
            layout = self._frames[key].layout()
            assert layout is not None
            layout.addWidget(built)
            if self._frames[key].isVisible():
                built.show()  # a child added to a shown frame would show only after the next events; a hidden frame
                # shows it with itself (never hide it here: an explicitly hidden child stays hidden)
        return built

    def is_built(self, key: str) -> bool:
        return key in self._built

    def key_at(self, index: int) -> str | None:
        frame = self.widget(index)
        return next((k for k, f in self._frames.items() if f is frame), None)

    def _frame_of(self, widget: QWidget) -> QWidget:
        """The frame holding WIDGET when it is a built page, else WIDGET itself."""
        return next((self._frames[k] for k, w in self._built.items() if w is widget), widget)

    def indexOf(self, widget: QWidget) -> int:  # a built page is found by itself too
        return super().indexOf(self._frame_of(widget))

    def setCurrentWidget(self, widget: QWidget) -> None:  # a built page too
        super().setCurrentWidget(self._frame_of(widget))

    def _build_current(self, index: int) -> None:
        key = self.key_at(index)
        if key is not None:
            self.page(key)


def lazy_page(key: str, tabs: str = "tabs") -> property:
    """A page attribute that builds its tab on first use (the page keeps that LazyTabs in self.<tabs>)."""
    return property(lambda self: getattr(self, tabs).page(key), doc=f"the {key} tab, built on first use")


def maker(module: str, name: str, *args: Any) -> Callable[[], QWidget]:
    """A maker of the widget class NAME of MODULE, given ARGS: the module is imported only when the tab is built,
    so a page's start costs the imports of the tab it shows, not of every tab."""
    return lambda: getattr(importlib.import_module(module), name)(*args)
