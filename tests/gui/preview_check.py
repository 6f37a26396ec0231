"""Drive a real print preview as a clerk would (issue 14 §1): ACTION opens it modally through exec(); meanwhile
a timer collects Python's garbage (a printer only Qt referenced was freed here and the next paint closed the
program), repaints every page, shows all pages side by side, looks at them and closes the preview."""

from __future__ import annotations

import gc

from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication

# dark pixels that prove a page was painted: a blank page has none; a sparse page (a title, a header row and
# "共 0 人") drawn at the preview's scale after earlier tests resized things had 14, so the bar is low
INK = 5


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
        widget.setViewMode(QPrintPreviewWidget.ViewMode.SinglePageView)
        widget.fitInView()
        widget.resize(900, 900)
        inked = []
        for page in range(1, seen["pages"] + 1):  # look at every page: something is printed on its paper
            widget.setCurrentPage(page)
            QApplication.processEvents()
            ink = _ink_on_paper(widget.grab().toImage())
            if ink < INK:  # not painted yet under load? look once more after the events are through
                QApplication.processEvents()
                widget.repaint()
                ink = _ink_on_paper(widget.grab().toImage())
            inked.append(ink)
        seen["ink"] = inked
        seen["inked"] = bool(inked) and all(n >= INK for n in inked)
        dlg.reject()

    QTimer.singleShot(0, poke)
    seen["returned"] = action()
    gc.collect()
    QApplication.processEvents()  # deleteLater of the closed dialog: the program must still be alive
    return seen


def _ink_on_paper(image) -> int:
    """Dark pixels inside the white sheet of paper the preview shows (its border and shadow left out)."""
    step = 3
    white = [
        (x, y)
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
        if image.pixelColor(x, y).lightness() >= 254
    ]
    if not white:
        return 0
    x0, x1 = min(x for x, _ in white) + 4, max(x for x, _ in white) - 4
    y0, y1 = min(y for _, y in white) + 4, max(y for _, y in white) - 4
    n = 0
    for y in range(y0, y1, step):
        for x in range(x0, x1, step):
            if image.pixelColor(x, y).lightness() < 150:
                n += 1
    return n
