"""Official forms (登记表, 审批表, 协议书): A4 layouts drawn with the reportlab canvas and the embedded font chain.

A form is first a Drawing: its pages as one function over a canvas. save_pdf writes it to a PDF file; the
GUI draws the same function on a QPainter for the print preview (gui/reports/printing.QtCanvas implements
the canvas methods the layouts use), so a printed form and its PDF are the same pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from talentdesk.errors import UserError


@dataclass
class Drawing:
    """TITLE's pages: draw(c) draws every page on canvas C and calls c.showPage() after each.
    disclosure: the audit row's details (table, what, teacher_id) when the pages carry full ID numbers;
    count: how many forms (teachers, pairings, studios…) the pages hold."""

    title: str
    pagesize: tuple[float, float]
    draw: Callable
    disclosure: dict | None = None
    count: int = 1

    def record_output(self, db, path=None) -> None:
        """After printing or saving: the pages with full ID numbers leave an audit row."""
        if self.disclosure:
            from talentdesk.services.accounts import access

            access.record_disclosure(db, path=path, **self.disclosure)


def save_pdf(drawing: Drawing, path: Path | str, *, author: str = "", db=None) -> Path:
    """Write DRAWING to PATH (through PATH.part); with DB, a disclosure is recorded."""
    from reportlab.pdfgen.canvas import Canvas

    from talentdesk.files import part_path, publish
    from talentdesk.reports.pdf import fonts

    path = Path(path)
    if path.suffix.lower() != ".pdf":
        raise UserError(f"文件名应以 .pdf 结尾：{path}")
    try:
        body = fonts.body()
    except fonts.FontMissing as e:
        raise UserError(str(e)) from None
    tmp = part_path(path)
    c = Canvas(
        str(tmp), pagesize=drawing.pagesize, pageCompression=1, initialFontName=body.primary
    )  # no unembedded Helvetica in the file
    c.setTitle(drawing.title)
    c.setAuthor(author or "教育人才工作台")
    c.setCreator("教育人才工作台 TalentDesk")
    drawing.draw(c)
    out = publish(tmp, path, c.save)
    if db is not None:
        drawing.record_output(db, out)
    return out
