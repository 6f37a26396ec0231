"""Any report as a Word document (.docx, python-docx) for the clerk to edit in Word or WPS: title, 填报单位 /
scope / period / date, the draft's sections (Report.sections: headings and paragraphs), the notes, then every
table with a grid. Chinese text is set in 仿宋 (body) and 黑体 (headings), as official documents are; Word and WPS
substitute what the PC has."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from talentdesk.files import part_path, publish

BODY_FONT, HEADING_FONT = "仿宋", "黑体"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(
    doc, text: str, *, font: str = BODY_FONT, size: float = 14, bold: bool = False, align=None, indent: bool = False
):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)  # 首行缩进两字
    p.paragraph_format.space_after = Pt(4)
    _font(p.add_run(text), font, size, bold)
    return p


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value.iso() if hasattr(value, "iso") else str(value)


def write_docx(report, path: Path | str) -> Path:
    path = Path(path)
    doc = Document()
    section = doc.sections[0]
    wide = max((len(t.headers) for t in report.parts), default=0) > 8
    if wide:  # wide tables read better across the page
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    _paragraph(doc, report.title, font=HEADING_FONT, size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    facts = [
        f"填报单位：{report.unit}" if report.unit else "",
        f"统计范围：{report.scope_label}",
        f"统计期间：{report.period_label}" if report.period_label else "",
        f"制表日期：{report.made:%Y年%m月%d日}",
    ]
    _paragraph(doc, "　".join(f for f in facts if f), size=11, align=WD_ALIGN_PARAGRAPH.CENTER)
    for heading, paragraphs in report.sections:
        _paragraph(doc, heading, font=HEADING_FONT, size=15, bold=True)
        for text in paragraphs:
            _paragraph(doc, text, indent=True)
    if report.notes:
        _paragraph(doc, "说明", font=HEADING_FONT, size=12, bold=True)
        for note in report.notes:
            _paragraph(doc, note, size=10.5)
    for table in report.parts:
        _paragraph(doc, table.title, font=HEADING_FONT, size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        grid = doc.add_table(rows=1, cols=len(table.headers))
        grid.style = "Table Grid"
        for cell, header in zip(grid.rows[0].cells, table.headers):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(str(header)), HEADING_FONT, 10.5, True)
        for row in table.rows:
            cells = grid.add_row().cells
            for cell, value in zip(cells, row):
                cell.text = ""
                _font(cell.paragraphs[0].add_run(_cell_text(value)), BODY_FONT, 10.5)
        if table.note:
            _paragraph(doc, table.note, size=10.5)
    tmp = part_path(path)
    return publish(tmp, path, lambda: doc.save(str(tmp)))
