"""Small bar charts drawn with QPainter (QtCharts is not part of PySide6-Essentials).

BarChart: horizontal bars, one per label, an optional reference line (a standard) with bars below it
in a warning colour. PyramidChart: an age pyramid, men to the left, women to the right. Clicking a
bar emits picked(title, teacher ids); hovering shows the figure as a tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QWidget

BLUE, RED, PINK, GREY = QColor("#3a7bd5"), QColor("#d9534f"), QColor("#e07aa5"), QColor("#888888")
ROW = 20


class _Chart(QWidget):
    picked = Signal(str, list)

    def __init__(self, title: str = "", parent=None):
        super().__init__(parent)
        self.title = title
        self._hits: list[tuple[QRectF, str, list, str]] = []  # rect, title, ids, tooltip
        self.setMouseTracking(True)

    def _hit(self, pos):
        for rect, title, ids, tip in self._hits:
            if rect.contains(QPointF(pos)):
                return title, ids, tip
        return None

    def mousePressEvent(self, event):
        hit = self._hit(event.position())
        if hit and event.button() == Qt.MouseButton.LeftButton:
            self.picked.emit(hit[0], list(hit[1]))

    def mouseMoveEvent(self, event):
        hit = self._hit(event.position())
        if hit:
            QToolTip.showText(event.globalPosition().toPoint(), hit[2], self)
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            QToolTip.hideText()
            self.unsetCursor()

    def _title(self, p: QPainter) -> int:
        if not self.title:
            return 4
        f = p.font()
        f.setBold(True)
        p.setFont(f)
        p.drawText(QRectF(0, 2, self.width(), 20), Qt.AlignmentFlag.AlignHCenter, self.title)
        f.setBold(False)
        p.setFont(f)
        return 26


class BarChart(_Chart):
    """bars: [(label, value, ids, tooltip)]; reference: a standard drawn as a line."""

    def __init__(self, title: str = "", parent=None):
        super().__init__(title, parent)
        self.bars: list[tuple[str, float, list, str]] = []
        self.reference: float | None = None
        self.reference_label = ""
        self.decimals = 0

    def set_data(self, bars, reference: float | None = None, reference_label: str = "", decimals: int = 0):
        self.bars, self.reference, self.reference_label, self.decimals = (
            list(bars),
            reference,
            reference_label,
            decimals,
        )
        self.updateGeometry()
        self.setMinimumHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 40 + ROW * max(len(self.bars), 1) + (18 if self.reference is not None else 0))

    def paintEvent(self, _):
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        top = self._title(p)
        self._hits = []
        fm = QFontMetrics(p.font())
        label_w = min(max([fm.horizontalAdvance(b[0]) for b in self.bars] + [40]) + 8, self.width() // 2)
        value_w = fm.horizontalAdvance("0000.00") + 6
        x0, x1 = label_w, self.width() - value_w
        vmax = max([b[1] for b in self.bars] + [self.reference or 0, 1e-9])
        scale = (x1 - x0) / vmax if vmax else 0
        for i, (label, value, ids, tip) in enumerate(self.bars):
            y = top + i * ROW
            p.setPen(Qt.GlobalColor.black)
            text = fm.elidedText(label, Qt.TextElideMode.ElideMiddle, label_w - 6)
            p.drawText(
                QRectF(0, y, label_w - 6, ROW), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text
            )
            below = self.reference is not None and value < self.reference - 1e-9
            rect = QRectF(x0, y + 3, max(value * scale, 1), ROW - 6)
            p.fillRect(rect, RED if below else BLUE)
            shown = f"{value:.{self.decimals}f}"
            p.drawText(QRectF(rect.right() + 4, y, value_w, ROW), Qt.AlignmentFlag.AlignVCenter, shown)
            self._hits.append((QRectF(0, y, self.width(), ROW), label, ids, tip or f"{label}：{shown}"))
        if self.reference is not None:
            x = x0 + self.reference * scale
            bottom = top + ROW * len(self.bars)
            p.setPen(QPen(GREY, 1.5, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x, top - 2), QPointF(x, bottom + 2))
            p.setPen(GREY)
            p.drawText(QPointF(max(2, x - 30), bottom + 15), f"{self.reference_label} {self.reference:g}")
        p.end()


class PyramidChart(_Chart):
    """rows: [(band, (male value, ids), (female value, ids))] youngest first; drawn oldest at the top."""

    def __init__(self, title: str = "", parent=None):
        super().__init__(title, parent)
        self.rows: list = []

    def set_data(self, rows):
        self.rows = list(rows)
        self.setMinimumHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 50 + ROW * max(len(self.rows), 1))

    def paintEvent(self, _):
        p = QPainter(self)
        top = self._title(p)
        self._hits = []
        fm = QFontMetrics(p.font())
        band_w = max([fm.horizontalAdvance(r[0]) for r in self.rows] + [40]) + 10
        mid = self.width() / 2
        half = (self.width() - band_w) / 2 - 40
        vmax = max([max(m[0], f[0]) for _, m, f in self.rows] + [1])
        for i, (band, (mv, mids), (fv, fids)) in enumerate(reversed(self.rows)):
            y = top + i * ROW
            p.setPen(Qt.GlobalColor.black)
            p.drawText(QRectF(mid - band_w / 2, y, band_w, ROW), Qt.AlignmentFlag.AlignCenter, band)
            mw, fw = half * mv / vmax, half * fv / vmax
            mrect = QRectF(mid - band_w / 2 - mw, y + 3, max(mw, 1), ROW - 6)
            frect = QRectF(mid + band_w / 2, y + 3, max(fw, 1), ROW - 6)
            p.fillRect(mrect, BLUE)
            p.fillRect(frect, PINK)
            p.drawText(
                QRectF(mrect.left() - 40, y, 36, ROW),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(int(mv)),
            )
            p.drawText(QRectF(frect.right() + 4, y, 40, ROW), Qt.AlignmentFlag.AlignVCenter, str(int(fv)))
            self._hits.append((QRectF(0, y, mid - band_w / 2, ROW), f"男 {band}", mids, f"男 {band}：{int(mv)} 人"))
            self._hits.append((QRectF(mid + band_w / 2, y, mid, ROW), f"女 {band}", fids, f"女 {band}：{int(fv)} 人"))
        y = top + ROW * len(self.rows) + 14
        p.setPen(BLUE)
        p.drawText(QPointF(mid - band_w / 2 - 40, y), "■ 男")
        p.setPen(PINK)
        p.drawText(QPointF(mid + band_w / 2 + 4, y), "■ 女")
        p.end()
