"""Drive a real print preview as a clerk would (issue 14 §1): ACTION opens it modally through exec(); meanwhile
a timer collects Python's garbage (a printer only Qt referenced was freed here and the next paint closed the
program), repaints every page, shows all pages side by side, looks at them and closes the preview."""

from __future__ import annotations

import gc

from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication


def preview_pages(action) -> dict:
    """Run ACTION (which opens a print preview and waits for it); returns what was seen:
    pages (the preview's page count), title, inked (each page drew something), returned (ACTION's result)."""
    seen: dict = {"tries": 0}

    def poke():
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, QPrintPreviewDialog):
            seen["tries"] += 1
            if seen["tries"] < 200:
                QTimer.singleShot(20, poke)
            return
        gc.collect()
        widget = dlg.findChild(QPrintPreviewWidget)
        widget.updatePreview()  # paints every page again on the dialog's printer
        gc.collect()
        seen["pages"] = widget.pageCount()
        seen["title"] = dlg.windowTitle()
        widget.setViewMode(QPrintPreviewWidget.ViewMode.AllPagesView)
        widget.resize(1000, 700)
        image = widget.grab().toImage()
        seen["inked"] = _dark_pixels(image) > 200
        dlg.reject()

    QTimer.singleShot(0, poke)
    seen["returned"] = action()
    gc.collect()
    QApplication.processEvents()  # deleteLater of the closed dialog: the program must still be alive
    return seen


def _dark_pixels(image) -> int:
    n = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            c = image.pixelColor(x, y)
            if c.red() < 80 and c.green() < 80 and c.blue() < 80:
                n += 1
    return n
