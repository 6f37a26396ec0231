"""A tab widget whose pages are built when first shown, or when code first asks for one (issue 16 §4: a page with
eleven record lists shows at once, and only the list the clerk opens reads the database).

Each page is given as a maker; its tab holds an empty frame until then, and the built widget fills that frame.
"""

from __future__ import annotations

from collections.abc import Callable

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

    def _build_current(self, index: int) -> None:
        key = self.key_at(index)
        if key is not None:
            self.page(key)


def lazy_page(key: str) -> property:
    """A page attribute that builds its tab on first use (the page class keeps its LazyTabs in self.tabs)."""
    return property(lambda self: self.tabs.page(key), doc=f"the {key} tab, built on first use")
