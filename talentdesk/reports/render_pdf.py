"""Draw a Report's tables on A4 with the reportlab canvas.

Portrait, or landscape when the table is too wide for portrait at a readable size. Each page has the
title, 填报单位, 统计范围 and 制表日期 at the top, the table header repeated, and at the bottom
"第 X 页 共 Y 页", the 内部资料 marking, exporter and time; an optional light diagonal 内部资料
watermark sits under the content. Pages are laid out first and drawn afterwards, so the total page
count is known on every page. Text goes through the embedded font chain (reports/pdf/fonts.py) so
rare name characters print; runs and widths are cached per distinct string (names, schools and
titles repeat a lot).
"""

from __future__ import annotations

from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas as rl_canvas

from talentdesk.reports.files import part_path, publish
from talentdesk.reports.pdf import fonts
from talentdesk.services.errors import UserError

# compressed page streams stay binary: ASCII85 on top costs ~12 % of the time of a batch of forms (pure
# Python without the optional rl_accel package) and makes the file 25 % larger
rl_config.useA85 = 0

MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 28.0, 30.0, 34.0
BODY_SIZE, MIN_SIZE, TITLE_SIZE = 9.0, 6.0, 15.0
PT_PER_WIDTH_UNIT = 4.9  # one Excel width unit ≈ one digit at 9 pt
ELLIPSIS = "…"


class TextCache:
    """(font chain, text) → [(font name, substring, width at 1 pt)], so each string is split once."""

    def __init__(self):
        self._runs: dict[tuple, list] = {}

    def runs(self, chain: fonts.FontChain, text: str) -> list:
        key = (chain.names, text)
        r = self._runs.get(key)
        if r is None:
            r = [(f, s, pdfmetrics.stringWidth(s, f, 1.0)) for f, s in chain.runs(text)]
            if len(self._runs) < 200_000:
                self._runs[key] = r
        return r

    def width(self, chain, text: str, size: float) -> float:
        return sum(w for _, _, w in self.runs(chain, text)) * size

    def draw(self, c, x: float, y: float, text: str, size: float, chain, align: str = "left") -> None:
        runs = self.runs(chain, text)
        if align != "left":
            total = sum(w for _, _, w in runs) * size
            x -= total / 2 if align == "center" else total
        for f, s, w in runs:
            if c._fontname != f or c._fontsize != size:  # a repeated setFont only adds to the page stream
                c.setFont(f, size)
            c.drawString(x, y, s)
            x += w * size

    def fit(self, chain, text: str, size: float, room: float) -> tuple[str, float]:
        """Shrink to MIN_SIZE, then cut with an ellipsis, so TEXT fits in ROOM points."""
        w1 = self.width(chain, text, 1.0)
        if w1 * size <= room or not text:
            return text, size
        if w1 * MIN_SIZE <= room:
            return text, max(MIN_SIZE, room / w1)
        cut = text
        while cut and self.width(chain, cut + ELLIPSIS, MIN_SIZE) > room:
            cut = cut[:-1]
        return cut + ELLIPSIS, MIN_SIZE


def cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.2f}" if abs(v - round(v, 2)) < 1e-9 else f"{v:.3f}" if abs(v - round(v, 3)) < 1e-9 else f"{v:.4f}"
    if hasattr(v, "iso"):
        return v.iso()
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def wrap(cache: TextCache, chain, text: str, size: float, room: float) -> list[str]:
    """Greedy character wrap (Chinese has no spaces to break at)."""
    lines, cur = [], ""
    for ch in text:
        if ch == "\n":
            lines.append(cur)
            cur = ""
            continue
        if cur and cache.width(chain, cur + ch, size) > room:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    lines.append(cur)
    return lines


class TableLayout:
    """Column widths, font size and header lines of one table on one page size."""

    def __init__(self, table, cache: TextCache, body, head):
        units = list(table.widths) or [max(6, 2 * len(h) + 2) for h in table.headers]
        units += [8] * (len(table.headers) - len(units))
        units = units[:len(table.headers)]
        natural = sum(units) * PT_PER_WIDTH_UNIT
        portrait_room = A4[0] - 2 * MARGIN_X
        self.pagesize = A4 if natural <= portrait_room * 1.08 else landscape(A4)
        room = self.pagesize[0] - 2 * MARGIN_X
        scale = room / natural
        self.size = max(MIN_SIZE + 0.5, min(BODY_SIZE + 1, BODY_SIZE * scale))
        self.widths = [u * scale * PT_PER_WIDTH_UNIT for u in units]
        self.row_h = self.size * 1.75
        self.header_lines = [wrap(cache, head, str(h), self.size, w - 4) for h, w in zip(table.headers, self.widths)]
        self.header_h = max(len(x) for x in self.header_lines) * self.size * 1.25 + self.size
        numeric = []
        for i in range(len(table.headers)):
            vals = [r[i] for r in table.rows[:300] if i < len(r) and r[i] not in (None, "", "—")]
            numeric.append(bool(vals) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals))
        self.numeric = numeric


class PdfSurface:
    """The drawing surface the layouts use (PDF points, origin bottom left), on a reportlab canvas.
    gui/print_surface.py implements the same methods on a QPainter for printing."""

    def __init__(self, c, cache: TextCache, body, head):
        self.c, self.cache, self.body, self.head = c, cache, body, head

    def new_page(self, pagesize) -> None:
        self.c.setPageSize(pagesize)

    def end_page(self) -> None:
        self.c.showPage()

    def text(self, x: float, y: float, text: str, size: float, bold: bool = False, align: str = "left") -> None:
        self.cache.draw(self.c, x, y, text, size, self.head if bold else self.body, align)

    def lines(self, segments, width: float = 0.5) -> None:
        self.c.setLineWidth(width)
        self.c.lines(segments)

    def rect(self, x: float, y: float, w: float, h: float, *, fill: float | None = None, stroke: bool = True,
             width: float = 0.5) -> None:
        if fill is not None:
            self.c.setFillGray(fill)
        self.c.setLineWidth(width)
        self.c.rect(x, y, w, h, stroke=1 if stroke else 0, fill=0 if fill is None else 1)
        if fill is not None:
            self.c.setFillGray(0)

    def image(self, data: bytes, x: float, y: float, w: float, h: float) -> bool:
        from io import BytesIO

        from reportlab.lib.utils import ImageReader

        try:
            self.c.drawImage(ImageReader(BytesIO(data)), x, y, w, h, preserveAspectRatio=True, anchor="c")
        except Exception:  # not an image reportlab can read: leave the box empty
            return False
        return True

    def watermark(self, pagesize, text: str, sub: str) -> None:
        c = self.c
        w, h = pagesize
        c.saveState()
        c.setFillGray(0.91)
        c.translate(w / 2, h / 2)
        c.rotate(30)
        self.cache.draw(c, 0, 0, text, 64, self.head, "center")
        self.cache.draw(c, 0, -34, sub, 16, self.body, "center")
        c.restoreState()


def open_pdf(path: Path, title: str, author: str):
    """A canvas on PATH.part and its surface; finish with close_pdf."""
    try:
        body, head = fonts.body(), fonts.heading()
    except fonts.FontMissing as e:
        raise UserError(str(e)) from None
    tmp = part_path(path)
    c = rl_canvas.Canvas(str(tmp), pagesize=A4, pageCompression=1, initialFontName=body.primary)
    c.setTitle(title)
    c.setAuthor(author or "教育人才工作台")
    c.setCreator("教育人才工作台 TalentDesk")
    return PdfSurface(c, TextCache(), body, head)


def close_pdf(surface: PdfSurface, path: Path) -> Path:
    tmp = part_path(path)
    return publish(tmp, path, surface.c.save)


def write_pdf(report, path: Path | str, *, watermark: bool = True) -> Path:
    path = Path(path)
    try:
        surface = open_pdf(path, report.title, report.exporter)
    except OSError as e:
        raise UserError(f"无法写入 {path}：{e.strerror or e}") from None
    draw_pages(surface, pages(report, surface.cache), report, watermark=watermark)
    return close_pdf(surface, path)


def pages(report, cache: TextCache | None = None) -> list[tuple]:
    """The report laid out as pages: [(pagesize, [op(surface)])]."""
    return _layout(report, cache or TextCache(), fonts.body(), fonts.heading())


def draw_pages(surface, laid_out: list[tuple], report, *, watermark: bool = True, only: range | None = None) -> None:
    total = len(laid_out)
    for n, (pagesize, ops) in enumerate(laid_out, start=1):
        if only is not None and n - 1 not in only:
            continue
        surface.new_page(pagesize)
        if watermark:
            sub = f"{report.exporter}　{report.made:%Y-%m-%d %H:%M}".strip()
            surface.watermark(pagesize, "内部资料", sub)
        _frame(surface, pagesize, report, n, total)
        for op in ops:
            op(surface)
        surface.end_page()


def _frame(s, pagesize, report, n: int, total: int) -> None:
    w, h = pagesize
    y = h - MARGIN_TOP - TITLE_SIZE
    s.text(w / 2, y, report.title, TITLE_SIZE, True, "center")
    y -= 16
    left = f"填报单位：{report.unit or '＿＿＿＿＿＿＿＿'}"
    mid = f"统计范围：{report.scope_label}" + (f"　{report.period_label}" if report.period_label else "")
    s.text(MARGIN_X, y, left, 8.5)
    s.text(w / 2, y, mid, 8.5, False, "center")
    s.text(w - MARGIN_X, y, f"制表日期：{report.made:%Y-%m-%d}", 8.5, False, "right")
    fy = MARGIN_BOTTOM - 16
    s.text(w / 2, fy, f"第 {n} 页 共 {total} 页", 8.5, False, "center")
    s.text(MARGIN_X, fy, "内部资料　注意保密", 8, True)
    who = f"导出：{report.exporter}　" if report.exporter else ""
    s.text(w - MARGIN_X, fy, f"{who}{report.made:%Y-%m-%d %H:%M}", 7.5, False, "right")


def _content_top(pagesize) -> float:
    return pagesize[1] - MARGIN_TOP - TITLE_SIZE - 28


def _layout(report, cache, body, head) -> list[tuple]:
    """Pages as (pagesize, [draw operations])."""
    pages: list[tuple] = []
    note_lines = list(report.notes)
    for p_index, table in enumerate(report.parts):
        lay = TableLayout(table, cache, body, head)
        ps = lay.pagesize
        bottom = MARGIN_BOTTOM + 6
        rows = list(table.rows)
        first = True
        i = 0
        while first or i < len(rows):
            ops: list = []
            y = _content_top(ps)
            if first and len(report.parts) > 1:
                sub = table.title
                ops.append(lambda s, y=y, sub=sub: s.text(MARGIN_X, y - 10, sub, 11, True))
                y -= 18
            elif not first:
                sub = f"{table.title}（续）" if len(report.parts) > 1 else "（续表）"
                ops.append(lambda s, y=y, sub=sub: s.text(MARGIN_X, y - 9, sub, 8.5))
                y -= 14
            first = False
            ops.append(_header_op(lay, cache, head, y))
            y -= lay.header_h
            fit = max(1, int((y - bottom) // lay.row_h))
            chunk = rows[i:i + fit]
            emph = {k - i for k in table.emphasis if i <= k < i + fit}
            ops.append(_rows_op(lay, cache, body, head, table, chunk, emph, y))
            y -= len(chunk) * lay.row_h
            i += len(chunk)
            if not chunk:
                ops.append(lambda s, y=y: s.text(MARGIN_X + 4, y - 14, "（无记录）", 9))
                y -= 20
            pages.append([ps, ops, y])
    # notes after the last table, continuing on new pages if needed
    if note_lines and pages:
        ps = pages[-1][0]
        room = ps[0] - 2 * MARGIN_X
        lines = []
        for note in note_lines:
            lines += wrap(cache, body, note, 8.5, room)
        y = pages[-1][2] - 8
        ops = pages[-1][1]
        for line in lines:
            if y - 12 < MARGIN_BOTTOM + 4:
                ops = []
                y = _content_top(ps)
                pages.append([ps, ops, y])
            ops.append(lambda s, y=y, line=line: s.text(MARGIN_X, y - 10, line, 8.5))
            y -= 12.5
    if getattr(report, "charts", None):
        for i in range(0, len(report.charts), 4):
            pages.append([A4, [_charts_op(report.charts[i:i + 4], cache, body)], 0])
    return [(ps, ops) for ps, ops, _ in pages]


def _charts_op(charts, cache, body):
    """Up to four bar charts on a portrait page (2 × 2), bars drawn with the surface's rectangles."""
    w, h = A4
    top = _content_top(A4)
    cell_w, cell_h = (w - 2 * MARGIN_X) / 2, (top - MARGIN_BOTTOM - 10) / 2

    def draw(s):
        for k, (title, bars, reference) in enumerate(charts):
            x0 = MARGIN_X + (k % 2) * cell_w
            y0 = top - (k // 2) * cell_h
            s.text(x0 + cell_w / 2, y0 - 14, title, 10.5, True, "center")
            if not bars:
                continue
            label_w = max(cache.width(body, str(b[0]), 8) for b in bars) + 8
            room = cell_w - label_w - 44
            vmax = max([b[1] for b in bars] + [reference or 0, 1e-9])
            step = min(20.0, (cell_h - 50) / len(bars))
            for i, (label, value) in enumerate(bars):
                y = y0 - 30 - (i + 1) * step
                s.text(x0 + label_w - 4, y + step * 0.3, str(label), 8, False, "right")
                bw = max(room * value / vmax, 0.5)
                low = reference is not None and value < reference - 1e-9
                s.rect(x0 + label_w, y + step * 0.15, bw, step * 0.7, fill=0.35 if low else 0.65, stroke=False)
                s.text(x0 + label_w + bw + 3, y + step * 0.3, cell_text(value), 8)
            if reference is not None:
                rx = x0 + label_w + room * reference / vmax
                s.lines([(rx, y0 - 28, rx, y0 - 32 - len(bars) * step)], 0.8)
                s.text(rx, y0 - 44 - len(bars) * step, f"标准 {cell_text(float(reference))}", 8, False, "center")
    return draw


def _header_op(lay: TableLayout, cache, head, top: float):
    def draw(s):
        x = MARGIN_X
        s.rect(MARGIN_X, top - lay.header_h, sum(lay.widths), lay.header_h, fill=0.92, stroke=False)
        for lines, w in zip(lay.header_lines, lay.widths):
            n = len(lines)
            y0 = top - lay.header_h / 2 + (n - 1) * lay.size * 1.25 / 2 - lay.size * 0.35
            for k, line in enumerate(lines):
                s.text(x + w / 2, y0 - k * lay.size * 1.25, line, lay.size, True, "center")
            x += w
        s.lines(_grid(lay, top, top - lay.header_h), 0.6)
    return draw


def _grid(lay: TableLayout, top: float, bottom: float, row_lines=()) -> list[tuple]:
    right = MARGIN_X + sum(lay.widths)
    seg = [(MARGIN_X, top, right, top), (MARGIN_X, bottom, right, bottom)]
    seg += [(MARGIN_X, y, right, y) for y in row_lines]
    x = MARGIN_X
    seg.append((x, top, x, bottom))
    for w in lay.widths:
        x += w
        seg.append((x, top, x, bottom))
    return seg


def _rows_op(lay: TableLayout, cache, body, head, table, chunk, emph, top: float):
    # fitting text is decided here, once, so every surface draws the same thing
    cells = []
    y = top
    row_lines = []
    for r_index, row in enumerate(chunk):
        bold = r_index in emph
        chain = head if bold else body
        base = y - lay.row_h / 2 - lay.size * 0.35
        x = MARGIN_X
        for i, w in enumerate(lay.widths):
            text = cell_text(row[i] if i < len(row) else None)
            if text:
                text, size = cache.fit(chain, text, lay.size, w - 4)
                if lay.numeric[i]:
                    cells.append((x + w - 2.5, base, text, size, bold, "right"))
                else:
                    cells.append((x + 2.5, base, text, size, bold, "left"))
            x += w
        y -= lay.row_h
        row_lines.append(y)
    grid = _grid(lay, top, y, row_lines[:-1]) if chunk else []

    def draw(s):
        for x, yy, text, size, bold, align in cells:
            s.text(x, yy, text, size, bold, align)
        if grid:
            s.lines(grid, 0.4)
    return draw
