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

import os
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas as rl_canvas

from talentdesk.reports.pdf import fonts
from talentdesk.services.errors import UserError

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
        return f"{v:.2f}".rstrip("0").rstrip(".") if abs(v - round(v)) > 1e-9 else str(int(round(v)))
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
            vals = [r[i] for r in table.rows[:200] if i < len(r) and r[i] not in (None, "")]
            numeric.append(bool(vals) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals))
        self.numeric = numeric


def write_pdf(report, path: Path | str, *, watermark: bool = True) -> Path:
    path = Path(path)
    try:
        body, head = fonts.body(), fonts.heading()
    except fonts.FontMissing as e:
        raise UserError(str(e)) from None
    cache = TextCache()
    pages = _layout(report, cache, body, head)
    tmp = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        c = rl_canvas.Canvas(str(tmp), pagesize=A4, pageCompression=1, initialFontName=body.primary)
        c.setTitle(report.title)
        c.setAuthor(report.exporter or "教育人才工作台")
        c.setCreator("教育人才工作台 TalentDesk")
        for n, (pagesize, ops) in enumerate(pages, start=1):
            c.setPageSize(pagesize)
            if watermark:
                _watermark(c, cache, head, body, pagesize, report)
            _frame(c, cache, body, head, pagesize, report, n, len(pages))
            for op in ops:
                op(c)
            c.showPage()
        c.save()
        os.replace(tmp, path)
    except PermissionError:
        tmp.unlink(missing_ok=True)
        raise UserError(f"无法写入 {path}：文件可能正在被其他程序打开，请关闭后重试") from None
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise UserError(f"无法写入 {path}：{e.strerror or e}") from None
    return path


def _frame(c, cache, body, head, pagesize, report, n: int, total: int) -> None:
    w, h = pagesize
    y = h - MARGIN_TOP - TITLE_SIZE
    cache.draw(c, w / 2, y, report.title, TITLE_SIZE, head, "center")
    y -= 16
    left = f"填报单位：{report.unit or '＿＿＿＿＿＿＿＿'}"
    mid = f"统计范围：{report.scope_label}" + (f"　{report.period_label}" if report.period_label else "")
    cache.draw(c, MARGIN_X, y, left, 8.5, body)
    cache.draw(c, w / 2, y, mid, 8.5, body, "center")
    cache.draw(c, w - MARGIN_X, y, f"制表日期：{report.made:%Y-%m-%d}", 8.5, body, "right")
    fy = MARGIN_BOTTOM - 16
    cache.draw(c, w / 2, fy, f"第 {n} 页 共 {total} 页", 8.5, body, "center")
    cache.draw(c, MARGIN_X, fy, "内部资料　注意保密", 8, head)
    who = f"导出：{report.exporter}　" if report.exporter else ""
    cache.draw(c, w - MARGIN_X, fy, f"{who}{report.made:%Y-%m-%d %H:%M}", 7.5, body, "right")


def _watermark(c, cache, head, body, pagesize, report) -> None:
    w, h = pagesize
    c.saveState()
    c.setFillColorRGB(0.88, 0.88, 0.88)
    c.translate(w / 2, h / 2)
    c.rotate(30)
    cache.draw(c, 0, 0, "内部资料", 64, head, "center")
    sub = f"{report.exporter}　{report.made:%Y-%m-%d %H:%M}".strip()
    cache.draw(c, 0, -34, sub, 16, body, "center")
    c.restoreState()


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
                ops.append(lambda c, y=y, sub=sub: cache.draw(c, MARGIN_X, y - 10, sub, 11, head))
                y -= 18
            elif not first:
                sub = f"{table.title}（续）" if len(report.parts) > 1 else "（续表）"
                ops.append(lambda c, y=y, sub=sub: cache.draw(c, MARGIN_X, y - 9, sub, 8.5, body))
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
                ops.append(lambda c, y=y: cache.draw(c, MARGIN_X + 4, y - 14, "（无记录）", 9, body))
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
            ops.append(lambda c, y=y, line=line: cache.draw(c, MARGIN_X, y - 10, line, 8.5, body))
            y -= 12.5
    return [(ps, ops) for ps, ops, _ in pages]


def _header_op(lay: TableLayout, cache, head, top: float):
    def draw(c):
        x = MARGIN_X
        c.setFillColorRGB(0.92, 0.92, 0.92)
        c.rect(MARGIN_X, top - lay.header_h, sum(lay.widths), lay.header_h, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        c.setLineWidth(0.6)
        for lines, w in zip(lay.header_lines, lay.widths):
            n = len(lines)
            y0 = top - lay.header_h / 2 + (n - 1) * lay.size * 1.25 / 2 - lay.size * 0.35
            for k, line in enumerate(lines):
                cache.draw(c, x + w / 2, y0 - k * lay.size * 1.25, line, lay.size, head, "center")
            x += w
        _grid(c, lay, top, top - lay.header_h)
    return draw


def _grid(c, lay: TableLayout, top: float, bottom: float, row_lines: list[float] = ()) -> None:
    right = MARGIN_X + sum(lay.widths)
    c.line(MARGIN_X, top, right, top)
    c.line(MARGIN_X, bottom, right, bottom)
    for y in row_lines:
        c.line(MARGIN_X, y, right, y)
    x = MARGIN_X
    c.line(x, top, x, bottom)
    for w in lay.widths:
        x += w
        c.line(x, top, x, bottom)


def _rows_op(lay: TableLayout, cache, body, head, table, chunk, emph, top: float):
    def draw(c):
        c.setLineWidth(0.4)
        y = top
        lines = []
        for r_index, row in enumerate(chunk):
            chain = head if r_index in emph else body
            base = y - lay.row_h / 2 - lay.size * 0.35
            x = MARGIN_X
            for i, w in enumerate(lay.widths):
                v = row[i] if i < len(row) else None
                text = cell_text(v)
                if text:
                    text, size = cache.fit(chain, text, lay.size, w - 4)
                    if lay.numeric[i]:
                        cache.draw(c, x + w - 2.5, base, text, size, chain, "right")
                    else:
                        cache.draw(c, x + 2.5, base, text, size, chain)
                x += w
            y -= lay.row_h
            lines.append(y)
        if chunk:
            _grid(c, lay, top, y, lines[:-1])
    return draw
