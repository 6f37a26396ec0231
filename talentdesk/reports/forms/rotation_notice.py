"""交流轮岗公示名单: the approved (or proposed) teachers of a rotation year for public notice, ID numbers
masked (domain.idnumber.mask). A4 landscape PDF with the header repeated on every page, and Excel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape

from talentdesk.domain import idnumber
from talentdesk.errors import UserError
from talentdesk.reports import ReportTable
from talentdesk.reports.forms import Drawing, save_pdf
from talentdesk.reports.forms.notice import Notice
from talentdesk.reports.forms.rotation_approval import wrap
from talentdesk.reports.pdf import fonts

HEADERS = (
    "序号",
    "姓名",
    "性别",
    "身份证号",
    "原学校",
    "交流学校",
    "学段学科",
    "职称",
    "骨干称号",
    "交流方式",
    "交流期限",
)
XLSX_WIDTHS = (6, 10, 6, 20, 24, 24, 12, 12, 16, 10, 20)
PAGE = landscape(A4)
MARGIN = 50.0


def _period(d: dict) -> str:
    a, b = d.get("start"), d.get("planned_end")
    return f"{a.dotted() if a else ''}—{b.dotted() if b else ''}"


def table(rows: list[dict], title: str) -> ReportTable:
    out = [
        (
            i,
            d["name"],
            d.get("gender", ""),
            idnumber.mask(d.get("id_number")),
            d.get("from_school", ""),
            d.get("to_school", ""),
            f"{d.get('stage', '')}{d.get('subject', '')}",
            d.get("title", ""),
            d.get("backbone", ""),
            d.get("kind", ""),
            _period(d),
        )
        for i, d in enumerate(rows, 1)
    ]
    return ReportTable(
        title, HEADERS, out, XLSX_WIDTHS, frozenset({3}), note=f"共 {len(out)} 人；身份证号已隐去中间部分"
    )


def _notice(unit: str, days: int, today: dt.date | None, notice: Notice | None) -> Notice:
    if notice is not None:
        return notice
    if not unit.strip():
        raise UserError("还没有填写填报单位（发布公示的单位名称）：请先在“统计报表”页填写填报单位，再生成公示名单")
    return Notice(unit.strip(), today or dt.date.today(), days)


def _intro(rows: list[dict], notice: Notice) -> str:
    return (
        f"经学校推荐、{notice.unit}审核，拟安排以下 {len(rows)} 名教师参加{rows[0].get('year', '本年度')}，"
        f"现予公示。{notice.objection()}"
    )


def write_xlsx(
    rows: list[dict],
    path: Path | str,
    title: str,
    *,
    unit: str = "",
    days: int = 5,
    today: dt.date | None = None,
    notice: Notice | None = None,
) -> Path:
    """The notice as Excel, with the same text as the PDF: a public notice is not 内部资料 (no classification)."""
    from talentdesk.reports.xlsx import write_tables

    if not rows:
        raise UserError("名单为空，无法生成公示名单")
    notice = _notice(unit, days, today, notice)
    t = table(rows, title)
    return write_tables(
        [t],
        path,
        notes=[t.note],
        unit=notice.unit,
        before=[_intro(rows, notice)],
        after=notice.closing(),
        classification="",
    )


def _widths() -> list[float]:
    room = PAGE[0] - 2 * MARGIN
    base = [26, 48, 28, 104, 98, 104, 56, 54, 76, 50]
    return base + [room - sum(base)]


def drawing(
    rows: list[dict],
    title: str,
    *,
    unit: str = "",
    days: int = 5,
    today: dt.date | None = None,
    notice: Notice | None = None,
) -> Drawing:
    if not rows:
        raise UserError("名单为空，无法生成公示名单")
    notice = _notice(unit, days, today, notice)
    t = table(rows, title)
    head, body = fonts.heading(), fonts.body()
    widths = _widths()
    size, lead = 9.5, 12.0
    intro = _intro(rows, notice)
    closing = notice.closing()
    pages: list[list[tuple]] = []
    cur: list[tuple] = []
    y0 = PAGE[1] - MARGIN - 70
    y = y0 - 26
    heights = []
    for r in t.rows:
        cells = [wrap(str(v), size, w - 6, body) for v, w in zip(r, widths)]
        h = max(len(x) for x in cells) * lead + 10
        if y - h < MARGIN + 60 and cur:
            pages.append(cur)
            cur, y = [], PAGE[1] - MARGIN - 40 - 26
        cur.append((cells, h))
        heights.append(h)
        y -= h
    pages.append(cur)
    total = len(pages)

    def draw(c) -> None:
        for n, chunk in enumerate(pages, 1):
            top = PAGE[1] - MARGIN
            if n == 1:
                fonts.draw_string(c, PAGE[0] / 2, top - 14, title, 17, head, align="center")
                lines = wrap(intro, 10.5, PAGE[0] - 2 * MARGIN - 24, body)
                for i, ln in enumerate(lines):
                    fonts.draw_string(c, MARGIN + (21 if i == 0 else 0), top - 40 - i * 15, ln, 10.5, body)
                top = top - 40 - len(lines) * 15 + 4
            else:
                fonts.draw_string(c, PAGE[0] / 2, top - 10, f"{title}（续）", 12, head, align="center")
                top -= 24
            y = top
            x = MARGIN
            c.setLineWidth(0.7)
            c.setFillGray(0.92)
            c.rect(MARGIN, y - 24, sum(widths), 24, fill=1, stroke=0)
            c.setFillGray(0)
            for hname, w in zip(HEADERS, widths):
                c.rect(x, y - 24, w, 24)
                fonts.draw_string(c, x + w / 2, y - 16, hname, 10, head, align="center")
                x += w
            y -= 24
            for cells, h in chunk:
                x = MARGIN
                for lines, w in zip(cells, widths):
                    c.rect(x, y - h, w, h)
                    for i, ln in enumerate(lines):
                        centred = len(lines) == 1 and w < 70
                        fonts.draw_string(
                            c,
                            x + w / 2 if centred else x + 3,
                            y - 14 - i * lead,
                            ln,
                            size,
                            body,
                            align="center" if centred else "left",
                        )
                    x += w
                y -= h
            if n == total:
                for k, line in enumerate(closing):
                    fonts.draw_string(c, PAGE[0] - MARGIN, y - 30 - 18 * k, line, 11, body, align="right")
            fonts.draw_string(c, PAGE[0] / 2, MARGIN - 22, f"第 {n} 页 共 {total} 页", 9, body, align="center")
            c.showPage()

    return Drawing(f"{title}（公示）", PAGE, draw, count=len(rows))


def write_pdf(
    rows: list[dict],
    path: Path | str,
    title: str,
    *,
    unit: str = "",
    days: int = 5,
    today: dt.date | None = None,
    notice: Notice | None = None,
) -> Path:
    return save_pdf(drawing(rows, title, unit=unit, days=days, today=today, notice=notice), path)
