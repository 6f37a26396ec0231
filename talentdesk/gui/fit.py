"""Every window fits the screen it opens on (issue 14 §3).

Many bureau PCs are 1366×768 laptops with a 40-pixel taskbar: a dialog that opens taller than the available
area hides its 确定/取消 below the screen. ScreenFit, installed on the QApplication by gui.app.make_app, sizes
every top-level window when it is shown to min(its size, the available area of its screen) and moves it inside
that area, so no dialog has to remember to do it. Dialogs whose content can be taller than a small screen put
that content in a scroll area (widgets.scrolling) so their buttons stay on the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# The window frame and title bar are unknown until the window is on the screen: room kept for them.
FRAME_ALLOWANCE = QSize(16, 40)
_SIZED_TYPES = (Qt.WindowType.Window, Qt.WindowType.Dialog, Qt.WindowType.Sheet, Qt.WindowType.Tool)


def available_area(widget: QWidget | None = None) -> QRect:
    """The part of the widget's screen (else the primary screen) that windows may use (without the taskbar)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def _frame(widget: QWidget) -> QSize:
    frame = widget.frameGeometry().size() - widget.geometry().size()
    if widget.isVisible() and (frame.width() > 0 or frame.height() > 0):
        return frame
    return FRAME_ALLOWANCE


def largest_size(widget: QWidget) -> QSize:
    """The biggest client size WIDGET may have on its screen (frame and title bar left out)."""
    area = available_area(widget)
    frame = _frame(widget)
    return QSize(max(200, area.width() - frame.width()), max(150, area.height() - frame.height()))


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize WIDGET to the size it would like (WIDTH×HEIGHT), but never beyond its screen's available area."""
    most = largest_size(widget)
    widget.resize(min(width, most.width()), min(height, most.height()))


def fit_window(widget: QWidget) -> None:
    """Shrink a top-level WIDGET to its screen's available area and move it fully inside that area."""
    most = largest_size(widget)
    if widget.isMaximized() or widget.isFullScreen():
        return
    mini = widget.minimumSize()
    if mini.width() > most.width() or mini.height() > most.height():
        # a layout asking for more than the screen: the content is squeezed rather than the buttons pushed off
        widget.setMinimumSize(min(mini.width(), most.width()), min(mini.height(), most.height()))
    size = widget.size()
    if size.width() > most.width() or size.height() > most.height():
        widget.resize(min(size.width(), most.width()), min(size.height(), most.height()))
    area, frame = available_area(widget), _frame(widget)
    outer = QRect(widget.pos(), widget.size() + frame)
    x = min(max(outer.left(), area.left()), area.right() + 1 - outer.width())
    y = min(max(outer.top(), area.top()), area.bottom() + 1 - outer.height())
    if QPoint(x, y) != outer.topLeft():
        widget.move(max(x, area.left()), max(y, area.top()))


class ScreenFit(QObject):
    """Application-wide event filter: every top-level window is fitted to its screen when it is shown."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt's name)
        if (
            event.type() == QEvent.Type.Show
            and isinstance(obj, QWidget)
            and obj.isWindow()
            and obj.windowType() in _SIZED_TYPES
        ):
            fit_window(obj)
        return False


def install(app) -> ScreenFit:
    """Install the filter on APP once; returns it (kept referenced as a child of the application)."""
    existing = app.findChild(ScreenFit, "td_screen_fit")
    if existing is not None:
        return existing
    fit = ScreenFit(app)
    fit.setObjectName("td_screen_fit")
    app.installEventFilter(fit)
    return fit
