"""Drawing helpers shared by the cultivation forms (协议书, 公示名单, 培训学时登记表, 工作室成员名单):
A4 reportlab canvas, every string through reports.pdf.fonts (embedded CJK fonts with per-character
fallback, so 䶮 𠮷 堃 print), wrapped cells, tables that continue on the next page with the header."""

from __future__ import annotations

import re

from reportlab.lib.pagesizes import A4

from talentdesk.reports.pdf import fonts

W, H = A4
MARGIN = 56.0


def text(c, x, y, s, size=11.0, *, bold=False, align="left") -> float:
    return fonts.draw_string(c, x, y, str(s or ""), size, fonts.heading() if bold else fonts.body(), align)


def width(s: str, size: float, bold=False) -> float:
    return (fonts.heading() if bold else fonts.body()).width(s, size)


def wrap(s: str, room: float, size: float) -> list[str]:
    """Break S into lines no wider than ROOM (character by character; CJK has no spaces)."""
    chain = fonts.body()
    out: list[str] = []
    for para in str(s or "").split("\n"):
        line = ""
        for tok in re.findall(r"[A-Za-z0-9.%:/*-]+|.", para):  # keep numbers and words whole
            if line and chain.width(line + tok, size) > room:
                out.append(line)
                line = tok.lstrip() if tok.isspace() else tok
            else:
                line += tok
        out.append(line)
    return out


def paragraph(c, x, y, s, room, size=11.0, leading=None, indent=True) -> float:
    """Draw wrapped text from the top line at Y; returns the y below the last line."""
    leading = leading or size * 1.7
    first = "\u3000\u3000" if indent else ""
    for line in wrap(first + s, room, size):
        text(c, x, y, line, size)
        y -= leading
    return y


FLOOR = 7.0  # the smallest text a form prints (table cells); reports.render_pdf has the same floors


def fit_size(s: str, room: float, size: float, minimum: float = FLOOR) -> float:
    while size > minimum and width(s, size) > room:
        size -= 0.5
    return max(size, minimum)


def cell(c, x, y, w, h, s, size=10.0, *, align="center", bold=False) -> None:
    """Text in a box (x, y = bottom-left): one line, else wrapped into as many lines as the box holds at the
    largest size from SIZE down to the floor; never cut (a text too long for the box at the floor is drawn
    in all its lines)."""
    s = str(s if s is not None else "")
    if not s:
        return
    pad = 3.0
    if width(s, size, bold) <= w - 2 * pad:
        tx = x + w / 2 if align == "center" else x + pad
        text(c, tx, y + h / 2 - size * 0.35, s, size, bold=bold, align=align)
        return
    sz = max(FLOOR, size * 0.85)
    while True:
        lines = wrap(s, w - 2 * pad, sz)
        if len(lines) * sz * 1.1 <= h - 2 or sz <= FLOOR:
            break
        sz = max(FLOOR, sz - 0.5)
    top = y + h / 2 + (len(lines) - 1) * sz * 0.55 - sz * 0.35
    for i, line in enumerate(lines):
        tx = x + w / 2 if align == "center" else x + pad
        text(c, tx, top - i * sz * 1.1, line, sz, bold=bold, align=align)


def title(c, s: str, y: float, size=18.0, page_w: float = W) -> None:
    text(c, page_w / 2, y, s, size, bold=True, align="center")


def footer(c, page: int, total: int | None, note: str = "", page_w: float = W) -> None:
    label = f"第 {page} 页" + (f" 共 {total} 页" if total else "")
    text(c, page_w / 2, 28, label, 8.5, align="center")
    if note:
        text(c, MARGIN, 28, note, 8.5)


def table(
    c,
    headers,
    rows,
    widths,
    *,
    top: float,
    row_h=22.0,
    head_h=26.0,
    size=10.0,
    page_w: float = W,
    page_h: float = H,
    on_new_page=None,
    bottom: float = 60.0,
) -> float:
    """Draw a grid table from TOP down, continuing on new pages (header repeated). Returns the y below it.

    on_new_page(c) draws what each continuation page needs above the table and returns its top."""
    total_w = sum(widths)
    x0 = (page_w - total_w) / 2
    y = top

    def header(y):
        c.setLineWidth(0.8)
        xs = x0
        for h_, w in zip(headers, widths):
            c.rect(xs, y - head_h, w, head_h)
            cell(c, xs, y - head_h, w, head_h, h_, size, bold=True)
            xs += w
        return y - head_h

    y = header(y)
    c.setLineWidth(0.5)
    for row in rows:
        if y - row_h < bottom:
            c.showPage()
            y = on_new_page(c) if on_new_page else page_h - MARGIN
            y = header(y)
            c.setLineWidth(0.5)
        xs = x0
        for v, w in zip(row, widths):
            c.rect(xs, y - row_h, w, row_h)
            cell(c, xs, y - row_h, w, row_h, "" if v is None else str(v), size)
            xs += w
        y -= row_h
    return y


def sign_block(c, x, y, lines: list[str], size=11.0, gap=26.0) -> float:
    for s in lines:
        text(c, x, y, s, size)
        y -= gap
    return y


def stamp_box(c, x, y, w=120.0, h=80.0, label="（盖章）") -> None:
    c.setDash(3, 3)
    c.setLineWidth(0.6)
    c.rect(x, y, w, h)
    c.setDash()
    text(c, x + w / 2, y + h / 2 - 4, label, 9, align="center")


class PageCounter:
    """A canvas that only counts pages (every other canvas method does nothing)."""

    def __init__(self):
        self.pages = 0

    def showPage(self) -> None:
        self.pages += 1

    def __getattr__(self, name):
        return lambda *a, **k: None


class _Numbered:
    """Canvas C with a 第 n 页 共 N 页 footer drawn before each page ends (N: the pages of one document)."""

    def __init__(self, c, total: int, note: str, page_w: float):
        self._c, self._total, self._note, self._w, self._n = c, total, note, page_w, 1

    def showPage(self) -> None:
        footer(self._c, self._n, self._total, self._note, self._w)
        self._c.showPage()
        self._n += 1

    def __getattr__(self, name):
        return getattr(self._c, name)


def numbered_documents(c, items, draw_one, note=lambda item: "", page_w: float = W) -> None:
    """Draw each of ITEMS as a document of its own (a teacher's form, a pairing's agreement, a studio's list):
    DRAW_ONE(canvas, item) draws its pages, calling showPage after each; every page is numbered within its
    document (第 1 页 共 1 页 for a one-page form), however many documents share the file."""
    for item in items:
        counter = PageCounter()
        draw_one(counter, item)
        draw_one(_Numbered(c, counter.pages, note(item), page_w), item)
