"""招聘计划表 as submitted for approval: A4 landscape, the plan lines with the header repeated on
every page, a total row, and on the last page the approval boxes (教育局 / 机构编制部门 /
人力资源社会保障部门 意见, each with 盖章 and date) and 制表人/审核人. Drawn with the reportlab
canvas through the embedded CJK font chain, so rare name characters print."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape

from talentdesk.errors import UserError
from talentdesk.reports.forms import Drawing, save_pdf
from talentdesk.reports.pdf import fonts

PAGE = landscape(A4)
MX, TOP, BOTTOM = 32.0, 36.0, 40.0
SIZE = 9.5
ROW_H = 19.0
# (header, width share) — the plan table's columns (reports.recruitment.PLAN_HEADERS minus 城乡类型)
COLUMNS = (
    ("序号", 3.2),
    ("乡镇", 7.5),
    ("学校", 15),
    ("学段", 4.2),
    ("学科", 6.5),
    ("测算值", 5.0),
    ("测算缺额", 5.2),
    ("计划招聘", 5.2),
    ("招聘渠道", 7.5),
    ("测算依据/备注", 40.7),
)
SOURCE_INDEX = (0, 1, 2, 4, 5, 6, 7, 8, 9, 10)  # positions in the ReportTable row
APPROVALS = ("教育局意见", "机构编制部门意见", "人力资源社会保障部门意见")
APPROVAL_H = 96.0
NOTE_SIZE = 7.5  # the 依据 line at the foot of the last page


_cache = None


def _cells(row: list[str], widths, chain) -> tuple[list[tuple[list[str], float]], float]:
    """Each cell of ROW as (lines, size): shrunk to 8 pt at most, else wrapped — never cut; and the row's height."""
    global _cache
    from talentdesk.reports import render_pdf

    if _cache is None:
        _cache = render_pdf.TextCache()
    out = []
    for k, (text, w) in enumerate(zip(row, widths)):
        size = SIZE - 1 if k == len(COLUMNS) - 1 else SIZE
        out.append(_cache.fit(chain, text, size, w - 6, render_pdf.BODY_FLOOR) if text else ([], size))
    most = max(len(lines) for lines, _ in out) if out else 1
    return out, max(ROW_H, most * 11.0 + 8)


class HiringPlanForm:
    """Report.form for the hiring plan: draw_pdf(path, report); drawing(report) for printing."""

    def draw_pdf(self, path: Path | str, report) -> Path:
        return save_pdf(self.drawing(report), path, author=report.unit)

    def drawing(self, report) -> Drawing:
        try:
            body, head = fonts.body(), fonts.heading()
        except fonts.FontMissing as e:
            raise UserError(str(e)) from None
        table = report.main
        rows = [
            list("" if r[i] is None else f"{r[i]:.2f}" if isinstance(r[i], float) else str(r[i]) for i in SOURCE_INDEX)
            for r in table.rows
        ]
        basis = [r[-1] for r in rows]
        for i in range(1, len(rows)):  # the basis repeats for every subject of a school stage
            if basis[i] and rows[i][2:4] == rows[i - 1][2:4] and basis[i] == basis[i - 1]:
                rows[i][-1] = "同上"
        width = PAGE[0] - 2 * MX
        total_share = sum(s for _, s in COLUMNS)
        widths = [width * s / total_share for _, s in COLUMNS]
        xs = [MX]
        for w in widths:
            xs.append(xs[-1] + w)
        # a row grows with its longest cell (the basis, a long school name): nothing is cut
        fitted = [_cells(r, widths, head if r[1] == "合计" else body) for r in rows]
        cells = [f[0] for f in fitted]
        heights = [f[1] for f in fitted]
        first_top = PAGE[1] - TOP - 58
        later_top = PAGE[1] - TOP - 20
        pages: list[list[int]] = [[]]
        y = first_top - ROW_H
        for i, h in enumerate(heights):
            if y - h < BOTTOM + 14:
                pages.append([])
                y = later_top - ROW_H
            pages[-1].append(i)
            y -= h
        # the 依据 line (issue 19 §3) in small type under 制表人/审核人, wrapped, never cut
        basis_note = next((t for t in reversed(report.notes or []) if t.startswith("依据")), "")
        if basis_note:
            from talentdesk.reports import render_pdf

            global _cache
            if _cache is None:
                _cache = render_pdf.TextCache()
            note_lines, note_size = _cache.fit(body, basis_note, NOTE_SIZE, width, NOTE_SIZE)
        else:
            note_lines, note_size = [], NOTE_SIZE
        block = 22 + APPROVAL_H + 30 + len(note_lines) * (NOTE_SIZE + 3)
        if y - block <= BOTTOM:
            # the approval block never stands alone: the last rows go over with it to the next page
            moved: list[int] = []
            room = later_top - ROW_H - BOTTOM - block
            while (
                pages[-1]
                and len(pages[-1]) > 1
                and sum(heights[i] for i in moved) + heights[pages[-1][-1]] <= room
                and len(moved) < 3
            ):
                moved.insert(0, pages[-1].pop())
            if not moved:
                moved.insert(0, pages[-1].pop())
            pages.append(moved)
        n_pages = len(pages)

        def draw(c) -> None:
            def footer(n: int) -> None:
                fonts.draw_string(c, PAGE[0] / 2, BOTTOM - 22, f"第 {n} 页 共 {n_pages} 页", 8.5, body, "center")

            def header_row(top: float) -> float:
                c.setFillGray(0.9)
                c.rect(MX, top - ROW_H, width, ROW_H, stroke=0, fill=1)
                c.setFillGray(0)
                for (h, _), x, w in zip(COLUMNS, xs, widths):
                    fonts.draw_string(c, x + w / 2, top - ROW_H + 6, h, SIZE, head, "center")
                c.setLineWidth(0.6)
                c.rect(MX, top - ROW_H, width, ROW_H)
                for x in xs[1:-1]:
                    c.line(x, top, x, top - ROW_H)
                return top - ROW_H

            for n, page in enumerate(pages, 1):
                if n == 1:
                    fonts.draw_string(c, PAGE[0] / 2, PAGE[1] - TOP - 14, report.title, 17, head, "center")
                    unit = report.unit or "_______________"
                    fonts.draw_string(c, MX, PAGE[1] - TOP - 40, f"填报单位（盖章）：{unit}", 10, body)
                    fonts.draw_string(
                        c,
                        PAGE[0] - MX,
                        PAGE[1] - TOP - 40,
                        f"{report.period_label}　　单位：人　　填报日期：{report.made:%Y年%m月%d日}",
                        10,
                        body,
                        "right",
                    )
                    top = header_row(first_top)
                else:
                    fonts.draw_string(c, MX, PAGE[1] - TOP - 8, f"{report.title}（续）", 10, body)
                    top = header_row(later_top)
                for i in page:
                    r, h = rows[i], heights[i]
                    bottom = top - h
                    is_total = r[1] == "合计"
                    chain = head if is_total else body
                    for k, (x, w) in enumerate(zip(xs, widths)):
                        lines, size = cells[i][k]
                        align = "center" if k in (0, 3, 5, 6, 7) and len(lines) == 1 else "left"
                        first = bottom + h / 2 + (len(lines) - 1) * 5.5 - 3.3
                        for j, line in enumerate(lines):
                            fonts.draw_string(
                                c, x + (w / 2 if align == "center" else 3), first - j * 11, line, size, chain, align
                            )
                    c.setLineWidth(0.5)
                    c.rect(MX, bottom, width, h)
                    for x in xs[1:-1]:
                        c.line(x, top, x, bottom)
                    top = bottom
                if n == len(pages):
                    y = self._approvals(c, body, head, top - 22)
                    for j, line in enumerate(note_lines):
                        fonts.draw_string(c, MX, y - 14 - j * (NOTE_SIZE + 3), line, note_size, body)
                footer(n)
                c.showPage()

        return Drawing(report.title, PAGE, draw, count=len(rows))

    def _approvals(self, c, body, head, top: float) -> float:
        """Draw the approval boxes and the 制表人 line from TOP; return that line's baseline."""
        width = PAGE[0] - 2 * MX
        w = width / len(APPROVALS)
        c.setLineWidth(0.6)
        for i, name in enumerate(APPROVALS):
            x = MX + i * w
            c.rect(x, top - APPROVAL_H, w, APPROVAL_H)
            fonts.draw_string(c, x + 8, top - 16, name + "：", 10.5, head)
            fonts.draw_string(c, x + w - 16, top - APPROVAL_H + 30, "（盖章）", 10, body, "right")
            fonts.draw_string(c, x + w - 16, top - APPROVAL_H + 12, "年　　月　　日", 10, body, "right")
        y = top - APPROVAL_H - 22
        fonts.draw_string(c, MX, y, "制表人：________________", 10, body)
        fonts.draw_string(c, MX + width / 3, y, "审核人：________________", 10, body)
        fonts.draw_string(c, MX + 2 * width / 3, y, "联系电话：________________", 10, body)
        return y
