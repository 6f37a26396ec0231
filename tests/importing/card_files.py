"""Registration cards (教师基本情况登记表) as schools fill them in Excel and Word, for the import tests and the
wizard screenshot: a title row per card, label–value rows, merged value cells, a photo box, a free-text résumé
row and a footer; one card with a bad ID number and dates written 1985.03."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side

from talentdesk.domain import idnumber

SCHOOL = "青禾县育英小学"
OTHER_SCHOOL = "青禾县第九中学"


@dataclass
class Teacher:
    name: str
    gender: str
    birth: object  # as written: "1985.03", a date, a float
    ethnicity: str
    political: str
    native_place: str
    id_number: str
    work_start: object
    degree: str
    institution: str
    title: str
    subject: str
    school: str
    phone: str = ""


ZHANG = Teacher(
    "张明远",
    "男",
    "1985.03",
    "汉族",
    "中共党员",
    "山东临沂",
    idnumber.make("371521", dt.date(1985, 3, 12), 131),
    "2008.09",
    "本科",
    "曲阜师范大学",
    "一级教师",
    "语文",
    SCHOOL,
    "13805391234",
)
LI = Teacher(
    "李晓梅",
    "女",
    "1990.07",
    "回族",
    "共青团员",
    "山东济南",
    idnumber.make("371522", dt.date(1990, 7, 1), 242)[:-1] + "0",  # a wrong check digit
    "2013.08",
    "硕士研究生",
    "山东师范大学",
    "二级教师",
    "数学",
    SCHOOL,
)
LI_GOOD_ID = idnumber.make("371522", dt.date(1990, 7, 1), 242)
WANG = Teacher(
    "王建国",
    "男",
    1978.11,  # typed into Excel as a number
    "汉族",
    "群众",
    "河北邯郸",
    idnumber.make("371523", dt.date(1978, 11, 23), 355),
    "1999.09",
    "大学专科",
    "临沂师范学校",
    "高级教师",
    "物理",
    OTHER_SCHOOL,
)
if LI.id_number == LI_GOOD_ID:  # the check digit happened to be 0
    LI.id_number = LI_GOOD_ID[:-1] + "1"

_thin = Side(style="thin")
_BOX = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
CARD_ROWS = 9  # rows of one card, its title included (a blank row follows)


def card_grid(t: Teacher) -> list[list]:
    """The card as rows of 8 cells (A–H); None where a merged cell continues."""
    return [
        [f"{t.school}教师基本情况登记表", None, None, None, None, None, None, None],
        ["姓名", t.name, "性别", t.gender, "出生年月", t.birth, "照片", None],
        ["民族", t.ethnicity, "政治面貌", t.political, "籍贯", t.native_place, None, None],
        ["身份证号", t.id_number, None, None, "参加工作时间", t.work_start, None, None],
        ["学历", t.degree, "毕业院校", t.institution, None, None, None, None],
        ["职称", t.title, "任教学科", t.subject, "联系电话", t.phone, None, None],
        ["工作单位", t.school, None, None, None, "家庭住址", "青禾县城关街道" if t.name else "", None],
        [
            "学习及工作简历",
            f"{t.institution}毕业后任教至今" if t.institution else "",
            None,
            None,
            None,
            None,
            None,
            None,
        ],
        ["填表人：", None, None, "审核人：", None, None, None, None],
    ]


# merged ranges of a card, rows relative to its title row (0-based, inclusive): r0, c0, r1, c1
CARD_MERGES = [
    (0, 0, 0, 7),  # the title
    (1, 6, 3, 7),  # the photo box
    (3, 1, 3, 3),  # the ID number over B:D
    (4, 3, 4, 7),  # 毕业院校 over D:H
    (6, 1, 6, 4),  # 工作单位 over B:E
    (6, 6, 6, 7),
    (7, 1, 7, 7),  # 简历
]


def _put_card(ws, top: int, t: Teacher) -> None:
    """Card at 1-based row TOP."""
    for i, row in enumerate(card_grid(t)):
        for j, v in enumerate(row):
            c = ws.cell(top + i, j + 1)
            if v is not None:
                c.value = v
                if j == 1 and i == 3:
                    c.number_format = "@"
            if i:
                c.border = _BOX
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.cell(top, 1).font = Font(size=16, bold=True)
    for r0, c0, r1, c1 in CARD_MERGES:
        ws.merge_cells(start_row=top + r0, start_column=c0 + 1, end_row=top + r1, end_column=c1 + 1)


def write_stacked_xlsx(path, teachers=(ZHANG, LI, WANG), sheet="登记表") -> list[int]:
    """All cards in one sheet, a blank row between them; returns each card's first row (1-based)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    tops = []
    top = 1
    for t in teachers:
        _put_card(ws, top, t)
        tops.append(top)
        top += CARD_ROWS + 1
    for col in "ABCDEFGH":
        ws.column_dimensions[col].width = 13
    wb.save(path)
    return tops


def write_per_sheet_xlsx(path, teachers=(ZHANG, LI)) -> None:
    """One card per sheet, named after the teacher, two rows of notes above it."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for t in teachers:
        ws = wb.create_sheet(t.name)
        ws["A1"] = "填表说明：请如实填写，日期写成 1985.03 的形式"
        ws.append([])
        _put_card(ws, 3, t)
    wb.save(path)


def write_docx(path, teachers=(ZHANG, LI, WANG)) -> None:
    """One table per teacher (a heading paragraph above each), merged cells as Word merges them."""
    import docx

    doc = docx.Document()
    for k, t in enumerate(teachers):
        if k:
            doc.add_page_break()
        grid = card_grid(t)
        doc.add_paragraph(grid[0][0])
        body = grid[1:]
        table = doc.add_table(rows=len(body), cols=8)
        table.style = "Table Grid"
        for i, row in enumerate(body):
            for j, v in enumerate(row):
                if v is not None:
                    table.cell(i, j).text = str(v)
        for r0, c0, r1, c1 in CARD_MERGES[1:]:
            a = table.cell(r0 - 1, c0)
            a.merge(table.cell(r1 - 1, c1))
            text = body[r0 - 1][c0]
            a.text = "" if text is None else str(text)  # merge() joins the texts of the merged cells
    doc.save(path)


def _stacked_cells(teachers) -> tuple[list[tuple[int, int, object]], list[tuple[int, int, int, int]], int]:
    """(row, col, value) of every filled cell, merged ranges (r0, c0, r1, c1) and the number of rows."""
    cells, merges, top = [], [], 0
    for t in teachers:
        for i, row in enumerate(card_grid(t)):
            cells += [(top + i, j, v) for j, v in enumerate(row) if v not in (None, "")]
        merges += [(top + r0, c0, top + r1, c1) for r0, c0, r1, c1 in CARD_MERGES]
        top += CARD_ROWS + 1
    return cells, merges, top


def write_stacked_xls(path, teachers=(ZHANG, LI, WANG)):
    """The stacked cards as Excel 97-2003 (.xls, BIFF8 written by hand: openpyxl cannot write .xls)."""
    from tests.reliability import hostile_files as h

    cells, merges, nrows = _stacked_cells(teachers)
    data = b"".join(h._number(r, c, v) if isinstance(v, float) else h._label(r, c, str(v)) for r, c, v in cells)
    return h.xls(path, data, dimensions=(0, nrows, 0, 8), merges=tuple((r0, r1, c0, c1) for r0, c0, r1, c1 in merges))


def write_stacked_ods(path, teachers=(ZHANG, LI, WANG)):
    """The stacked cards as OpenDocument (.ods): merged cells as LibreOffice writes them (spanned + covered)."""
    from xml.sax.saxutils import escape

    from tests.reliability import hostile_files as h

    cells, merges, nrows = _stacked_cells(teachers)
    value = {(r, c): v for r, c, v in cells}
    span = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in merges}
    covered = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    covered -= set(span)
    body = []
    for r in range(nrows):
        out = []
        for c in range(8):
            if (r, c) in covered:
                out.append("<table:covered-table-cell/>")
                continue
            rows_sp, cols_sp = span.get((r, c), (1, 1))
            attrs = (
                f' table:number-columns-spanned="{cols_sp}" table:number-rows-spanned="{rows_sp}"'
                if (r, c) in span
                else ""
            )
            v = value.get((r, c))
            if v is None:
                out.append(f"<table:table-cell{attrs}/>")
            elif isinstance(v, float):
                out.append(
                    f'<table:table-cell office:value-type="float" office:value="{v}"{attrs}>'
                    f"<text:p>{v}</text:p></table:table-cell>"
                )
            else:
                out.append(
                    f'<table:table-cell office:value-type="string"{attrs}><text:p>{escape(str(v))}</text:p>'
                    "</table:table-cell>"
                )
        body.append("<table:table-row>" + "".join(out) + "</table:table-row>")
    return h.ods(path, "".join(body))
