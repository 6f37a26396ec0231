"""Printing a report through Qt's print dialog with a preview.

QtPdf is not in PySide6-Essentials and poppler may be missing on an office PC, so the PDF is not
rasterised: the same page layout the PDF uses (reports/render_pdf.py, reports/forms/…) is drawn
again on a QPainter by PainterSurface, which implements the drawing-surface methods of PdfSurface
in PDF points (origin bottom left), scaled to the printer's page. Forms drawn on a reportlab canvas
(reports.forms.Drawing: 协议书, 审批表, 公示名单, 登记表, 招聘计划表) are drawn by QtCanvas. Qt's own font
fallback prints rare name characters. Offline, no temporary files, same layout as the saved PDF.

Qt only borrows the QPrinter a preview dialog is given: PreviewDialog keeps it for the dialog's life.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog

from talentdesk.gui import fit
from talentdesk.reports import render_pdf
from talentdesk.reports.forms.cultivation_draw import PageCounter


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
        target = QRectF(
            box.center().x() - size.width() / 2, box.center().y() - size.height() / 2, size.width(), size.height()
        )
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


class QtCanvas:
    """The reportlab Canvas methods the form layouts use (reports/forms: text through reports.pdf.fonts,
    rectangles, lines, dashes, grey fills, pages), drawn on a QPainter. Text uses the very font files the
    PDF embeds (registered with Qt once), at the positions the layout computed with their metrics."""

    def __init__(self, painter: QPainter, printer: QPrinter, pagesize):
        self.p, self.printer, self.pagesize = painter, printer, pagesize
        self.pages = 0
        self._open = False
        self.s, self.ox, self.oy = 1.0, 0.0, 0.0
        self._fontname, self._fontsize = "", 10.0
        self._state = {"width": 1.0, "dash": None, "fill": 0.0, "stroke": 0.0}
        self._saved: list[dict] = []

    # pages
    def _page(self) -> None:
        if self._open:
            return
        if self.pages:
            self.printer.newPage()
        self.pages += 1
        self._open = True
        rect = self.printer.pageLayout().paintRectPixels(self.printer.resolution())
        w, h = self.pagesize
        self.s = min(rect.width() / w, rect.height() / h)
        self.ox = (rect.width() - w * self.s) / 2
        self.oy = (rect.height() - h * self.s) / 2

    def showPage(self) -> None:
        self._page()
        self._open = False

    def setPageSize(self, size) -> None:
        self.pagesize = size

    def setTitle(self, *_):
        pass

    setAuthor = setCreator = setTitle

    def _pt(self, x: float, y: float) -> QPointF:
        return QPointF(self.ox + x * self.s, self.oy + (self.pagesize[1] - y) * self.s)

    # state
    def saveState(self) -> None:
        self._saved.append(dict(self._state))

    def restoreState(self) -> None:
        if self._saved:
            self._state = self._saved.pop()

    def setLineWidth(self, width: float) -> None:
        self._state["width"] = float(width)

    def setDash(self, array=None, phase: float = 0) -> None:
        """setDash() solid; setDash(3, 3) or setDash([3, 2]) on/off lengths in points."""
        if array is None or array == []:
            self._state["dash"] = None
        elif isinstance(array, (int, float)):
            self._state["dash"] = (float(array), float(phase or array))
        else:
            self._state["dash"] = tuple(float(v) for v in array)

    def setFillGray(self, gray: float) -> None:
        self._state["fill"] = float(gray)

    def setStrokeGray(self, gray: float) -> None:
        self._state["stroke"] = float(gray)

    def _pen(self) -> QPen:
        g = int(255 * self._state["stroke"])
        width = max(1.0, self._state["width"] * self.s)
        pen = QPen(QColor(g, g, g), width)
        if self._state["dash"]:
            pen.setDashPattern([max(v * self.s / width, 0.1) for v in self._state["dash"]])
        return pen

    # drawing
    def line(self, x1, y1, x2, y2) -> None:
        self._page()
        self.p.setPen(self._pen())
        self.p.drawLine(self._pt(x1, y1), self._pt(x2, y2))

    def lines(self, segments) -> None:
        for seg in segments:
            self.line(*seg)

    def rect(self, x, y, w, h, stroke=1, fill=0) -> None:
        self._page()
        r = QRectF(self._pt(x, y + h), self._pt(x + w, y)).normalized()
        if fill:
            g = int(255 * self._state["fill"])
            self.p.fillRect(r, QColor(g, g, g))
        if stroke:
            self.p.setPen(self._pen())
            self.p.setBrush(Qt.BrushStyle.NoBrush)
            self.p.drawRect(r)

    def setFont(self, name: str, size: float, leading=None) -> None:
        self._fontname, self._fontsize = name, float(size)

    def drawString(self, x, y, text, *_, **__) -> None:
        self._page()
        self.p.setFont(_qt_font(self._fontname, max(1, round(self._fontsize * self.s))))
        g = int(255 * self._state["fill"])
        self.p.setPen(QColor(g, g, g))
        self.p.drawText(self._pt(x, y), text)

    def _shifted(self, x, text, part: float) -> float:
        from reportlab.pdfbase import pdfmetrics

        return x - pdfmetrics.stringWidth(text, self._fontname, self._fontsize) * part

    def drawCentredString(self, x, y, text, *_, **__) -> None:
        self.drawString(self._shifted(x, text, 0.5), y, text)

    def drawRightString(self, x, y, text, *_, **__) -> None:
        self.drawString(self._shifted(x, text, 1.0), y, text)


@cache
def _qt_family(name: str) -> tuple[str, bool] | None:
    """The Qt family of reportlab font NAME (its file registered with Qt once) and whether it is bold."""
    from reportlab.pdfbase import pdfmetrics

    try:
        face = pdfmetrics.getFont(name).face
    except (KeyError, AttributeError):
        return None
    families = _register_file(str(getattr(face, "filename", "") or ""))
    if not families:
        return None
    want = getattr(face, "familyName", b"")
    want = want.decode("utf-8", "replace") if isinstance(want, bytes) else str(want or "")
    style = getattr(face, "styleName", b"")
    style = style.decode("utf-8", "replace") if isinstance(style, bytes) else str(style or "")
    return (want if want in families else families[0]), "bold" in style.lower()


@cache
def _register_file(path: str) -> tuple[str, ...]:
    if not path:
        return ()
    font_id = QFontDatabase.addApplicationFont(path)
    return tuple(QFontDatabase.applicationFontFamilies(font_id)) if font_id >= 0 else ()


def _qt_font(name: str, pixels: int) -> QFont:
    found = _qt_family(name)
    f = QFont(QGuiApplication.font())
    if found is not None:
        f.setFamilies([found[0], *f.families()])  # the embedded font first, the screen fonts as fallback
        f.setBold(found[1])
    f.setPixelSize(pixels)
    return f


def drawing_pages(drawing) -> int:
    counter = PageCounter()
    drawing.draw(counter)
    return counter.pages


def page_count(report) -> int:
    drawing = getattr(report.form, "drawing", None)
    if drawing is not None:
        return drawing_pages(drawing(report))
    if report.form is not None:
        return report.form.page_count()
    return len(render_pdf.pages(report))


def paint(report, printer: QPrinter, *, watermark: bool = True) -> None:
    """Draw every page of REPORT on PRINTER (used by the preview and by printing)."""
    drawing = getattr(report.form, "drawing", None)  # a form laid out on a canvas (招聘计划表)
    if drawing is not None:
        paint_drawing(drawing(report), printer)
        return
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


def paint_drawing(drawing, printer: QPrinter) -> int:
    """Draw a reports.forms.Drawing on PRINTER; returns the number of pages drawn."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        canvas = QtCanvas(painter, printer, drawing.pagesize)
        drawing.draw(canvas)
    finally:
        painter.end()
    return canvas.pages


def _landscape(report) -> bool:
    drawing = getattr(report.form, "drawing", None)
    if drawing is not None:
        size = drawing(report).pagesize
        return size[0] > size[1]
    if report.form is None:
        pages = render_pdf.pages(report)
        return bool(pages) and pages[0][0][0] > pages[0][0][1]
    return False


def new_printer(title: str, landscape: bool) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setDocName(title)
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
    return printer


def make_printer(report) -> QPrinter:
    return new_printer(report.title, _landscape(report))


class PreviewDialog(QPrintPreviewDialog):
    """Qt's print preview; its print button opens the printer dialog. Qt only borrows the printer, so the
    dialog keeps it (self.printer_) for as long as the dialog lives: a printer freed by Python while the
    preview paints on it closed the whole program."""

    def __init__(self, printer: QPrinter, title: str, paint_fn, parent=None):
        super().__init__(printer, parent)
        self.printer_ = printer
        self._paint_fn = paint_fn
        self.setWindowTitle(f"打印预览 — {title}")
        self.paintRequested.connect(self._paint)
        fit.resize_within_screen(self, 1000, 800)

    def _paint(self, printer) -> None:
        self._paint_fn(printer)


def preview(report, parent=None, *, watermark: bool = True) -> PreviewDialog:
    """Qt's print preview with the report; its print button opens the print dialog."""
    return PreviewDialog(make_printer(report), report.title, lambda pr: paint(report, pr, watermark=watermark), parent)


def preview_drawing(drawing, parent=None) -> PreviewDialog:
    """The print preview of a form (reports.forms.Drawing)."""
    landscape = drawing.pagesize[0] > drawing.pagesize[1]
    return PreviewDialog(
        new_printer(drawing.title, landscape), drawing.title, lambda pr: paint_drawing(drawing, pr), parent
    )


def run_preview(dlg: PreviewDialog) -> bool:
    """Show the preview until it is closed; True when it was printed. The dialog is deleted afterwards."""
    try:
        return dlg.exec() == QDialog.DialogCode.Accepted
    finally:
        dlg.deleteLater()


def print_drawing(parent, db, make) -> bool:
    """打印: the print preview of the form MAKE() lays out (a reports.forms.Drawing); its print button opens
    the printer dialog. A clerk's error (nothing selected, no right to print, no CJK font) is shown instead.
    True when it was printed (then a form with full ID numbers leaves its audit row)."""
    from PySide6.QtWidgets import QMessageBox

    from talentdesk.errors import UserError
    from talentdesk.reports.pdf import fonts

    try:
        fonts.body()  # checked here: an error inside the preview's painting could not be shown
        drawing = make()
    except fonts.FontMissing as e:
        QMessageBox.warning(parent, "打印", str(e))
        return False
    except UserError as e:
        QMessageBox.warning(parent, "打印", e.message)
        return False
    printed = run_preview(preview_drawing(drawing, parent))
    if printed:
        drawing.record_output(db)
    return printed
