"""Printing a report through Qt's print dialog with a preview.

QtPdf is not in PySide6-Essentials and poppler may be missing on an office PC, so the PDF is not
rasterised: the same page layout the PDF uses (reports/render_pdf.py, reports/forms/…) is drawn
again on a QPainter by PainterSurface, which implements the drawing-surface methods of PdfSurface
in PDF points (origin bottom left), scaled to the printer's page. Qt's own font fallback prints
rare name characters. Offline, no temporary files, same layout as the saved PDF.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

from talentdesk.reports import render_pdf


class PainterSurface:
    """Draws layout operations (points, y up) on a QPainter page, fitted into the printable area."""

    def __init__(self, painter: QPainter, printer: QPrinter):
        self.p, self.printer = painter, printer
        self.first = True
        self.s = 1.0
        self.ox = self.oy = 0.0
        self.ph = 842.0
        self._fonts: dict[tuple, QFont] = {}

    def new_page(self, pagesize) -> None:
        if not self.first:
            self.printer.newPage()
        self.first = False
        rect = self.printer.pageLayout().paintRectPixels(self.printer.resolution())
        w, h = pagesize
        self.s = min(rect.width() / w, rect.height() / h)
        self.ox = (rect.width() - w * self.s) / 2
        self.oy = (rect.height() - h * self.s) / 2
        self.ph = h

    def end_page(self) -> None:
        pass

    def _pt(self, x: float, y: float) -> QPointF:
        return QPointF(self.ox + x * self.s, self.oy + (self.ph - y) * self.s)

    def _font(self, size: float, bold: bool) -> QFont:
        key = (round(size * self.s), bold)
        f = self._fonts.get(key)
        if f is None:
            f = QFont(self.p.font())
            f.setPixelSize(max(1, key[0]))
            f.setBold(bold)
            self._fonts[key] = f
        return f

    def text(self, x, y, text, size, bold=False, align="left") -> None:
        f = self._font(size, bold)
        self.p.setFont(f)
        pt = self._pt(x, y)
        if align != "left":
            w = QFontMetricsF(f).horizontalAdvance(text)
            pt.setX(pt.x() - (w / 2 if align == "center" else w))
        self.p.setPen(Qt.GlobalColor.black)
        self.p.drawText(pt, text)

    def lines(self, segments, width: float = 0.5) -> None:
        self.p.setPen(QPen(Qt.GlobalColor.black, max(1.0, width * self.s)))
        for x1, y1, x2, y2 in segments:
            self.p.drawLine(self._pt(x1, y1), self._pt(x2, y2))

    def rect(self, x, y, w, h, *, fill=None, stroke=True, width=0.5) -> None:
        r = QRectF(self._pt(x, y + h), self._pt(x + w, y))
        if fill is not None:
            g = int(255 * fill)
            self.p.fillRect(r, QColor(g, g, g))
        if stroke:
            self.p.setPen(QPen(Qt.GlobalColor.black, max(1.0, width * self.s)))
            self.p.drawRect(r)

    def image(self, data: bytes, x, y, w, h) -> bool:
        img = QImage.fromData(data)
        if img.isNull():
            return False
        box = QRectF(self._pt(x, y + h), self._pt(x + w, y))
        size = img.size().scaled(box.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRectF(box.center().x() - size.width() / 2, box.center().y() - size.height() / 2,
                        size.width(), size.height())
        self.p.drawImage(target, img)
        return True

    def watermark(self, pagesize, text: str, sub: str) -> None:
        w, h = pagesize
        self.p.save()
        c = self._pt(w / 2, h / 2)
        self.p.translate(c)
        self.p.rotate(-30)
        self.p.setPen(QColor(225, 225, 225))
        f = self._font(64, True)
        self.p.setFont(f)
        tw = QFontMetricsF(f).horizontalAdvance(text)
        self.p.drawText(QPointF(-tw / 2, 0), text)
        f2 = self._font(16, False)
        self.p.setFont(f2)
        self.p.drawText(QPointF(-QFontMetricsF(f2).horizontalAdvance(sub) / 2, 34 * self.s), sub)
        self.p.restore()


def page_count(report) -> int:
    if report.form is not None:
        return report.form.page_count()
    return len(render_pdf.pages(report))


def paint(report, printer: QPrinter, *, watermark: bool = True) -> None:
    """Draw every page of REPORT on PRINTER (used by the preview and by printing)."""
    painter = QPainter()
    if not painter.begin(printer):
        return
    try:
        surface = PainterSurface(painter, printer)
        if report.form is not None:
            report.form.draw(surface, report)
        else:
            render_pdf.draw_pages(surface, render_pdf.pages(report), report, watermark=watermark)
    finally:
        painter.end()


def make_printer(report) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setDocName(report.title)
    landscape = False
    if report.form is None:
        pages = render_pdf.pages(report)
        landscape = bool(pages) and pages[0][0][0] > pages[0][0][1]
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
    return printer


def preview(report, parent=None, *, watermark: bool = True) -> QPrintPreviewDialog:
    """Qt's print preview with the report; its print button opens the print dialog."""
    printer = make_printer(report)
    dlg = QPrintPreviewDialog(printer, parent)
    dlg.setWindowTitle(f"打印预览 — {report.title}")
    dlg.paintRequested.connect(lambda pr: paint(report, pr, watermark=watermark))
    dlg.resize(1000, 800)
    return dlg
