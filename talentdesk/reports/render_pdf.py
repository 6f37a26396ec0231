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

import re
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas as rl_canvas

from talentdesk.errors import UserError
from talentdesk.files import part_path, publish
from talentdesk.reports.pdf import fonts

# compressed page streams stay binary: ASCII85 on top costs ~12 % of the time of a batch of forms (pure
# Python without the optional rl_accel package) and makes the file 25 % larger
rl_config.useA85 = 0

MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 28.0, 30.0, 34.0
BODY_SIZE, TITLE_SIZE = 9.0, 15.0
# the smallest text on paper (issue 18): 8 pt, 7 pt in dense tables (DENSE_COLUMNS columns or more)
BODY_FLOOR, DENSE_FLOOR, DENSE_COLUMNS = 8.0, 7.0, 10
MIN_SIZE = DENSE_FLOOR
PT_PER_WIDTH_UNIT = 4.9  # one Excel width unit ≈ one digit at 9 pt
LEADING = 1.2


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

    def fit(self, chain, text: str, size: float, room: float, floor: float = BODY_FLOOR) -> tuple[list[str], float]:
        """TEXT as lines that fit in ROOM points: one line at SIZE, else one line shrunk (not below FLOOR
        and not below 80 % of SIZE), else wrapped at that size. Never shortened: every character is drawn."""
        if not text or self.width(chain, text, size) <= room:
            return [text], size
        small = max(floor, min(size, size * 0.8))
        w1 = self.width(chain, text, 1.0)
        if w1 * small <= room:
            return [text], max(small, room / w1)
        return wrap(self, chain, text, small, room), small


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


_TOKEN = re.compile(r"[A-Za-z0-9.,%:/*×+\-]+|.", re.S)  # numbers, ID numbers and words stay whole


def wrap(cache: TextCache, chain, text: str, size: float, room: float) -> list[str]:
    """Wrap TEXT into lines no wider than ROOM: any CJK character may start a line, a number or word moves
    whole to the next line (and is broken only when it is wider than a line by itself)."""
    lines, cur = [], ""
    for para_i, para in enumerate(str(text).split("\n")):
        if para_i:
            lines.append(cur)
            cur = ""
        for tok in _TOKEN.findall(para):
            if not cur or cache.width(chain, cur + tok, size) <= room:
                cur += tok
                continue
            if cache.width(chain, tok, size) <= room:
                lines.append(cur)
                cur = tok
                continue
            for ch in tok:  # a token wider than the line: character by character
                if cur and cache.width(chain, cur + ch, size) > room:
                    lines.append(cur)
                    cur = ch
                else:
                    cur += ch
    lines.append(cur)
    return lines


class TableLayout:
    """Column widths, font size and header lines of one table on one page size.

    Portrait when the table's natural width fits; else landscape. The font follows the page width but never
    goes below the floor (8 pt, 7 pt for dense tables): what is then too wide for its column wraps onto more
    lines and the row grows. Number columns are kept wide enough for their widest number."""

    def __init__(self, table, cache: TextCache, body, head):
        units = list(table.widths) or [max(6, 2 * len(h) + 2) for h in table.headers]
        units += [8] * (len(table.headers) - len(units))
        units = units[: len(table.headers)]
        natural = sum(units) * PT_PER_WIDTH_UNIT
        portrait_room = A4[0] - 2 * MARGIN_X
        self.pagesize = A4 if natural <= portrait_room * 1.08 else landscape(A4)
        room = self.pagesize[0] - 2 * MARGIN_X
        scale = room / natural
        self.dense = len(table.headers) >= DENSE_COLUMNS
        self.floor = DENSE_FLOOR if self.dense else BODY_FLOOR
        self.size = max(self.floor, min(BODY_SIZE + 1, BODY_SIZE * scale))
        widths = [u * scale * PT_PER_WIDTH_UNIT for u in units]
        numeric = []
        for i in range(len(table.headers)):
            vals = [r[i] for r in table.rows[:300] if i < len(r) and r[i] not in (None, "", "—")]
            numeric.append(bool(vals) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals))
        self.numeric = numeric
        # a number never breaks: its column gets the room of its widest value, taken from the text columns
        need = [0.0] * len(widths)
        for i, is_num in enumerate(numeric):
            if is_num:
                need[i] = (
                    max(
                        cache.width(head, cell_text(r[i]), self.size)
                        for r in table.rows
                        if i < len(r) and r[i] not in (None, "")
                    )
                    + 6
                )
        deficit = sum(max(0.0, need[i] - widths[i]) for i in range(len(widths)))
        donors = [i for i in range(len(widths)) if not numeric[i]]
        spare = sum(widths[i] for i in donors)
        if deficit and spare > deficit * 2:
            for i in range(len(widths)):
                if need[i] > widths[i]:
                    widths[i] = need[i]
                elif i in donors:
                    widths[i] -= deficit * widths[i] / spare
        self.widths = widths
        self.row_h = self.size * 1.75
        self.least = getattr(table, "row_height", 0.0) or 0.0
        self.header_lines = [wrap(cache, head, str(h), self.size, w - 4) for h, w in zip(table.headers, self.widths)]
        self.header_h = max(len(x) for x in self.header_lines) * self.size * LEADING + self.size

    def row(self, cache, chain, row) -> tuple[float, list]:
        """(height, [(lines, size) per column]) of one row: every cell fitted, none cut."""
        cells, most = [], 1
        for i, w in enumerate(self.widths):
            text = cell_text(row[i] if i < len(row) else None)
            lines, size = cache.fit(chain, text, self.size, w - 5, self.floor) if text else ([], self.size)
            cells.append((lines, size))
            most = max(most, len(lines))
        height = self.row_h if most == 1 else most * self.size * LEADING + self.size * 0.8
        return max(height, self.least), cells


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

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: float | None = None,
        stroke: bool = True,
        width: float = 0.5,
    ) -> None:
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
    from talentdesk.reports.totals import with_total

    for _p_index, table in enumerate(report.parts):
        if not table.page_sums:
            table = with_total(table)
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
            chunk, heights = [], []
            sums = tuple(getattr(table, "page_sums", ()) or ())
            reserve = lay.row_h if sums else 0.0  # the 本页小计 row
            while i + len(chunk) < len(rows):
                row = rows[i + len(chunk)]
                chain = head if (i + len(chunk)) in table.emphasis else body
                h, cells = lay.row(cache, chain, row)
                if chunk and y - sum(heights) - h - reserve < bottom:
                    break
                chunk.append(cells)
                heights.append(h)
            emph = {k - i for k in table.emphasis if i <= k < i + len(chunk)}
            if sums and chunk:
                h, cells = lay.row(cache, head, page_sum_row(table, rows[i : i + len(chunk)], i))
                at = len(chunk) - 1 if i + len(chunk) == len(rows) else len(chunk)  # above the 合计 row
                emph = {k + 1 if k >= at else k for k in emph} | {at}
                chunk.insert(at, cells)
                heights.insert(at, lay.row_h)
            ops.append(_rows_op(lay, chunk, heights, emph, y))
            y -= sum(heights)
            i += len(chunk)
            if sums and chunk:
                i -= 1  # the 本页小计 row is no row of the table
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
        pages[-1][2] = y
    if getattr(report, "signatures", ()) and pages:
        _signatures(pages, report)
    if getattr(report, "charts", None):
        for i in range(0, len(report.charts), 4):
            pages.append([A4, [_charts_op(report.charts[i : i + 4], cache, body)], 0])
    return [(ps, ops) for ps, ops, _ in pages]


def page_sum_row(table, rows, first: int) -> list:
    """本页小计 of ROWS (the rows of one page, starting at table row FIRST; the table's total row left out)."""
    out: list = [""] * len(table.headers)
    label = next((k for k in range(len(table.headers)) if k not in table.page_sums and k > 0), 0)
    out[label] = "本页小计"
    for k in table.page_sums:
        out[k] = round(
            sum(r[k] for n, r in enumerate(rows, first) if n not in table.emphasis and isinstance(r[k], (int, float))),
            2,
        )
    return out


SIGN_BLOCK_H = 70.0


def _signatures(pages: list, report) -> None:
    """制表人/审核人/单位负责人 lines and the stamp area under the last table, kept together on one page."""
    ps, ops, y = pages[-1]
    if y - SIGN_BLOCK_H < MARGIN_BOTTOM + 4:
        ops = []
        y = _content_top(ps)
        pages.append([ps, ops, y])
    names, stamp = list(report.signatures), report.stamp
    room = ps[0] - 2 * MARGIN_X - (150 if stamp else 0)
    step = room / max(len(names), 1)
    base = y - 28

    def draw(s):
        for k, who in enumerate(names):
            x = MARGIN_X + k * step
            s.text(x, base, f"{who}：", 10)
            s.lines([(x + 11 * (len(who) + 1), base - 2, x + step - 14, base - 2)], 0.5)
        if stamp:
            x = ps[0] - MARGIN_X - 140
            s.rect(x, base - 36, 140, 56, stroke=True, width=0.5)
            s.text(x + 70, base - 6, stamp, 9, False, "center")
            s.text(x + 70, base - 26, "年　　月　　日", 9, False, "center")

    ops.append(draw)
    pages[-1][2] = y - SIGN_BLOCK_H


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


def _rows_op(lay: TableLayout, chunk, heights, emph, top: float):
    # fitting text is decided in the layout, once, so every surface draws the same thing
    cells = []
    y = top
    row_lines = []
    for r_index, (row, h) in enumerate(zip(chunk, heights)):
        bold = r_index in emph
        x = MARGIN_X
        for i, (lines, size) in enumerate(row):
            lead = size * LEADING
            first = y - h / 2 + (len(lines) - 1) * lead / 2 - size * 0.35
            for k, line in enumerate(lines):
                if lay.numeric[i]:
                    cells.append((x + lay.widths[i] - 2.5, first - k * lead, line, size, bold, "right"))
                else:
                    cells.append((x + 2.5, first - k * lead, line, size, bold, "left"))
            x += lay.widths[i]
        y -= h
        row_lines.append(y)
    grid = _grid(lay, top, y, row_lines[:-1]) if chunk else []

    def draw(s):
        for x, yy, text, size, bold, align in cells:
            s.text(x, yy, text, size, bold, align)
        if grid:
            s.lines(grid, 0.4)

    return draw
