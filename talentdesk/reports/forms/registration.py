"""教师信息登记表: one A4 portrait page per teacher, drawn on a surface (render_pdf.PdfSurface for PDF,
the GUI's QPainter surface for printing).

Identity block with a photo box (the photo when one is stored), then sections with a fixed number of
lines each — 学历, 教师资格, 职称, 工作经历, 骨干与荣誉, 年度考核, 培训 — so every form has the same
shape; a section with more records than lines shows the latest ones and says how many earlier ones
are in the teacher file. Signature and stamp boxes at the bottom.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4

from talentdesk.domain import staff_record
from talentdesk.reports import render_pdf
from talentdesk.reports.pdf import fonts
from talentdesk.reports.registration import Form, d

PAGE = A4
LEFT, WIDTH = 42.0, 511.0
TOP = 764.0
ROW_H, HEAD_H, LINE_H = 21.0, 14.0, 15.0
LABEL_W = 24.0  # vertical section label column
SIZE, SMALL = 9.0, 8.0
PHOTO_W = 88.0

# (section label, column headers, column widths, lines)
SECTIONS = [
    ("学历", ("学历", "学位", "毕业院校", "专业", "毕业时间", "学习方式"), (70, 40, 140, 110, 55, 72), 4),
    ("教师资格", ("资格种类", "任教学科", "证书编号", "取得时间"), (130, 80, 187, 90), 2),
    ("职称", ("职称", "取得时间", "聘任时间"), (200, 143, 144), 3),
    ("工作经历", ("起止时间", "学校", "方式"), (150, 237, 100), 5),
    ("骨干与荣誉", ("时间", "称号或荣誉", "级别", "授予单位"), (150, 177, 60, 100), 5),
    ("年度考核", (), (), 1),
    ("培训", ("时间", "培训项目", "级别", "学时"), (90, 247, 70, 80), 3),
]
APPRAISAL_YEARS = 6


class RegistrationForm:
    """The form layout for a batch of teachers (Report.form)."""

    def __init__(self, forms: list[Form]):
        self.forms = forms

    def page_count(self) -> int:
        return sum(pages_of(f) for f in self.forms)

    def draw_pdf(self, path: Path | str, report) -> Path:
        path = Path(path)
        surface = render_pdf.open_pdf(path, report.title, report.exporter)
        self.draw(surface, report)
        return render_pdf.close_pdf(surface, path)

    def draw(self, surface, report, only: range | None = None) -> None:
        cache = render_pdf.TextCache() if not hasattr(surface, "cache") else surface.cache
        total = len(self.forms)
        index = 0
        for n, form in enumerate(self.forms, start=1):
            count = pages_of(form)
            for k in range(1, count + 1):  # the form, then its 续页 (national fields, every training record)
                index += 1
                if only is not None and index - 1 not in only:
                    continue
                surface.new_page(PAGE)
                if k == 1:
                    draw_form(surface, cache, form, report, n, total, count)
                else:
                    draw_continuation(surface, cache, form, report, n, total, k, count)
                surface.end_page()


class _Page:
    """Collects text and rules of one page, then hands them to the surface in two calls per kind."""

    def __init__(self, surface, cache):
        self.s, self.cache = surface, cache
        self.body, self.head = fonts.body(), fonts.heading()
        self.segments: list[tuple] = []

    def text(self, x, y, text, size=SIZE, bold=False, align="left", room=None):
        """TEXT from baseline Y; with ROOM it is shrunk (not below 8 pt) or wrapped downwards, never cut."""
        if not text:
            return
        if room is None:
            self.s.text(x, y, text, size, bold, align)
            return
        lines, size = self.cache.fit(self.head if bold else self.body, text, size, room, render_pdf.BODY_FLOOR)
        for k, line in enumerate(lines):
            self.s.text(x, y - k * size * 1.1, line, size, bold, align)

    def hline(self, x1, x2, y):
        self.segments.append((x1, y, x2, y))

    def vline(self, x, y1, y2):
        self.segments.append((x, y1, x, y2))

    def box(self, x, y, w, h):
        self.segments += [(x, y, x + w, y), (x, y + h, x + w, y + h), (x, y, x, y + h), (x + w, y, x + w, y + h)]

    def cell(self, x, top, w, h, text, bold=False, align="center", size=SIZE):
        """TEXT in the box below TOP: one line, or shrunk to 8 pt, or wrapped into lines centred in the box."""
        if not text:
            return
        room = w - 4 if align == "center" else w - 6
        lines, size = self.cache.fit(self.head if bold else self.body, text, size, room, render_pdf.BODY_FLOOR)
        lead = size * 1.1
        base = top - h / 2 + (len(lines) - 1) * lead / 2 - size * 0.35
        for k, line in enumerate(lines):
            if align == "center":
                self.s.text(x + w / 2, base - k * lead, line, size, bold, "center")
            else:
                self.s.text(x + 3, base - k * lead, line, size, bold, "left")


def _basic_rows(b: dict) -> tuple[list, list]:
    """(rows beside the photo, full-width rows) as lists of (label, value, value width)."""
    id_label = "身份证号" if (b.get("id_type") or "居民身份证") == "居民身份证" else b["id_type"][:4]
    beside = [
        [("姓名", b["name"], 87), ("性别", b["gender"], 87), ("出生日期", d(b["birth_date"]), 81)],
        [("民族", b["ethnicity"], 87), ("政治面貌", b["political"], 87), ("籍贯", b["native_place"], 81)],
        [(id_label, b["id_shown"], 230), ("联系电话", b["phone"], 81)],
        [
            ("参加工作", d(b["work_start"]), 87),
            ("进本校", d(b["school_entry"]), 87),
            ("用工形式", b["employment_form"], 81),
        ],
        [("曾用名", b["former_name"], 87), ("教职工来源", b["source"], 87), ("人员状态", b["status"], 81)],
    ]
    teaching = " ".join(x for x in (b["cur_stage"], b["cur_subject"]) if x)
    full = [
        [("编制学校", b["post"], 171), ("现任职称", b["cur_title"], 85), ("最高学历", b["cur_degree"], 87)],
        [("工作学校", b["work"], 171), ("任教学段学科", teaching, 85), ("骨干称号", b["cur_backbone"], 87)],
    ]
    return beside, full


LABEL_COL = 56.0


def draw_form(surface, cache, form: Form, report, n: int, total: int, count: int = 1) -> None:
    p = _Page(surface, cache)
    b = form.basic
    w, h = PAGE
    p.text(w / 2, 795, "教师信息登记表", 20, True, "center")
    p.text(LEFT, 772, f"学校：{b['post'] or ''}", 10, room=300)
    p.text(LEFT + WIDTH, 772, f"填表日期：{report.made:%Y年%m月%d日}", 10, align="right")
    y = TOP
    beside, full = _basic_rows(b)
    for row in beside + full:
        x = LEFT
        for label, value, vw in row:
            p.cell(x, y, LABEL_COL, ROW_H, label, bold=True)
            p.vline(x + LABEL_COL, y, y - ROW_H)
            p.cell(x + LABEL_COL, y, vw, ROW_H, value or "", align="left")
            x += LABEL_COL + vw
            p.vline(x, y, y - ROW_H)
        p.hline(LEFT, x, y - ROW_H)
        y -= ROW_H
    # photo box beside the first five rows
    photo_x, photo_top = LEFT + WIDTH - PHOTO_W, TOP
    photo_h = ROW_H * len(beside)
    if not (form.photo and surface.image(form.photo, photo_x + 4, photo_top - photo_h + 4, PHOTO_W - 8, photo_h - 8)):
        p.text(photo_x + PHOTO_W / 2, photo_top - photo_h / 2 + 2, "照片", 10, False, "center")
        p.text(photo_x + PHOTO_W / 2, photo_top - photo_h / 2 - 12, "（近期一寸免冠）", 8, False, "center")
    p.hline(photo_x, LEFT + WIDTH, photo_top - photo_h)
    p.box(LEFT, y, WIDTH, TOP - y)
    for label, headers, widths, lines in SECTIONS:
        y = _section(p, y, label, headers, widths, lines, form)
    _signatures(p, y)
    # numbered per person: each teacher's form is a document of its own, however many are printed together
    _footer(p, form, n, total, 1, count)
    surface.lines(p.segments, 0.6)


def _footer(p: _Page, form: Form, n: int, total: int, k: int, count: int) -> None:
    w = PAGE[0]
    p.text(w / 2, 24, f"第 {k} 页 共 {count} 页", 8, False, "center")
    p.text(LEFT, 24, "内部资料　注意保密", 8, True)
    p.text(
        LEFT + WIDTH,
        24,
        f"编号 {form.id}" + (f"（本批第 {n} 份，共 {total} 份）" if total > 1 else ""),
        8,
        False,
        "right",
    )


# 续页: the national 教职工基础信息采集表 fields (domain.staff_record), three to a row, then every training record
NATIONAL_ROWS = 5
TRAINING_HEADERS, TRAINING_WIDTHS = ("时间", "培训项目", "级别", "学时"), (90, 247, 70, 80)
FIRST_CONT_LINES = int((TOP - 40 - NATIONAL_ROWS * ROW_H - HEAD_H - 60) // LINE_H)
LATER_CONT_LINES = int((TOP - 40 - HEAD_H - 60) // LINE_H)


def _training_items(form: Form) -> list[tuple]:
    return [(t[0], t[1], t[2], f"{t[3]:g}") for t in (form.training or [])]


def pages_of(form: Form) -> int:
    """The form's pages: the form itself, the 续页, and more 续页 while training records remain."""
    left = len(_training_items(form)) - FIRST_CONT_LINES
    return 2 + (max(0, -(-left // LATER_CONT_LINES)) if left > 0 else 0)


def _national_rows(b: dict) -> list[list[tuple]]:
    cells = [(f.label, d(b.get(f.attr)) if f.month else b.get(f.attr)) for f in staff_record.FIELDS]
    return [cells[i : i + 3] for i in range(0, len(cells), 3)]


def draw_continuation(surface, cache, form: Form, report, n: int, total: int, k: int, count: int) -> None:
    p = _Page(surface, cache)
    b = form.basic
    w = PAGE[0]
    p.text(w / 2, 795, "教师信息登记表（续）", 16, True, "center")
    p.text(LEFT, 772, f"姓名：{b['name']}", 10, room=300)
    p.text(LEFT + WIDTH, 772, f"学校：{b['post'] or ''}", 10, align="right", room=200)
    y = TOP
    items = _training_items(form)
    if k == 2:
        label_w, value_w = 92.0, WIDTH / 3 - 92.0
        for row in _national_rows(b):
            x = LEFT
            for label, value in row:
                p.cell(x, y, label_w, ROW_H, label, bold=True, size=SMALL)
                p.vline(x + label_w, y, y - ROW_H)
                p.cell(x + label_w, y, value_w, ROW_H, value or "", align="left")
                x += label_w + value_w
                if x < LEFT + WIDTH - 1:
                    p.vline(x, y, y - ROW_H)
            p.hline(LEFT, LEFT + WIDTH, y - ROW_H)
            y -= ROW_H
        p.box(LEFT, y, WIDTH, TOP - y)
        start, chunk = 0, items[:FIRST_CONT_LINES]
    else:
        start = FIRST_CONT_LINES + (k - 3) * LATER_CONT_LINES
        chunk = items[start : start + LATER_CONT_LINES]
    title = f"培训（全部 {len(items)} 条" + (
        f"，第 {start + 1}—{start + len(chunk)} 条）" if len(items) > len(chunk) else "）"
    )
    p.text(LEFT, y - 16, title if form.training is not None else "培训（未建立培训档案）", SIZE, True)
    y -= 22
    shown = max(len(chunk), 1)
    x0 = LEFT
    x = x0
    widths = [WIDTH * wd / sum(TRAINING_WIDTHS) for wd in TRAINING_WIDTHS]
    for head, wd in zip(TRAINING_HEADERS, widths):
        p.cell(x, y, wd, HEAD_H, head, bold=True, size=SMALL)
        x += wd
        if x < LEFT + WIDTH - 1:
            p.vline(x, y, y - HEAD_H - shown * LINE_H)
    p.hline(LEFT, LEFT + WIDTH, y - HEAD_H)
    if not chunk:
        p.cell(x0, y - HEAD_H, WIDTH, LINE_H, "无记录", align="left")
    for i, record in enumerate(chunk):
        ry = y - HEAD_H - i * LINE_H
        x = x0
        for value, wd in zip(record, widths):
            p.cell(x, ry, wd, LINE_H, str(value) if value is not None else "", align="left")
            x += wd
        p.hline(LEFT, LEFT + WIDTH, ry - LINE_H)
    p.box(LEFT, y - HEAD_H - shown * LINE_H, WIDTH, HEAD_H + shown * LINE_H)
    _footer(p, form, n, total, k, count)
    surface.lines(p.segments, 0.6)


def _rows_for(label: str, form: Form, lines: int) -> tuple[list[tuple], str]:
    items = {
        "学历": form.educations,
        "教师资格": form.certificates,
        "职称": form.titles,
        "工作经历": form.work,
        "骨干与荣誉": form.honours,
        "培训": form.training,
    }[label]
    if items is None:
        return [], "无记录（未建立培训档案）"
    if not items:
        return [], "无记录"
    if label == "培训":
        items = [(t[0], t[1], t[2], f"{t[3]:g}") for t in items]
    if len(items) > lines:
        room = lines - 1
        # keep what is still current (…—至今) and the latest of the rest, in their order
        current = [i for i, x in enumerate(items) if str(x[0]).endswith("至今")][-room:]
        rest = (
            [i for i in range(len(items)) if i not in current][-(room - len(current)) :] if room > len(current) else []
        )
        keep = sorted(current + rest)
        where = "见续页" if label == "培训" else "见教师档案"
        return [items[i] for i in keep], f"另有较早的 {len(items) - len(keep)} 条记录，{where}"
    return list(items), ""


def _vertical_label(p: _Page, x: float, top: float, height: float, label: str) -> None:
    step = min(12.0, (height - 4) / max(len(label), 1))
    size = min(SIZE, step * 0.85)
    y0 = top - height / 2 + (len(label) - 1) * step / 2 - size * 0.35
    for i, ch in enumerate(label):
        p.text(x + LABEL_W / 2, y0 - i * step, ch, size, True, "center")


def _section(p: _Page, top: float, label: str, headers, widths, lines: int, form: Form) -> float:
    x0 = LEFT + LABEL_W
    if label == "年度考核":
        return _appraisals(p, top, form)
    height = HEAD_H + lines * LINE_H
    _vertical_label(p, LEFT, top, height, label)
    p.vline(x0, top, top - height)
    rows, message = _rows_for(label, form, lines)
    gap = LINE_H if message and rows else 0.0  # the note row spans the columns
    x = x0
    for head, w in zip(headers, widths):
        p.cell(x, top, w, HEAD_H, head, bold=True, size=SMALL)
        x += w
        if x < LEFT + WIDTH - 1:
            p.vline(x, top, top - HEAD_H)
            p.vline(x, top - HEAD_H - gap, top - height)
    y = top - HEAD_H
    p.hline(x0, LEFT + WIDTH, y)
    if message and not rows:
        p.cell(x0, y, WIDTH - LABEL_W, LINE_H, message, align="left")
    elif message:
        p.cell(x0, y, WIDTH - LABEL_W, LINE_H, message, align="left", size=SMALL)
    first = 1 if message else 0
    for i, row in enumerate(rows):
        ry = y - (first + i) * LINE_H
        x = x0
        for value, w in zip(row, widths):
            p.cell(x, ry, w, LINE_H, str(value) if value is not None else "", align="left")
            x += w
    for k in range(1, lines):
        p.hline(x0, LEFT + WIDTH, y - k * LINE_H)
    bottom = top - height
    p.hline(LEFT, LEFT + WIDTH, bottom)
    p.vline(LEFT, top, bottom)
    p.vline(LEFT + WIDTH, top, bottom)
    return bottom


def _appraisals(p: _Page, top: float, form: Form) -> float:
    height = HEAD_H + LINE_H
    _vertical_label(p, LEFT, top, height, "考核")
    x0 = LEFT + LABEL_W
    p.vline(x0, top, top - height)
    latest = form.appraisals[-APPRAISAL_YEARS:]
    w = (WIDTH - LABEL_W) / APPRAISAL_YEARS
    if not latest:
        p.cell(x0, top - HEAD_H, WIDTH - LABEL_W, LINE_H, "无记录", align="left")
    for i in range(APPRAISAL_YEARS):
        x = x0 + i * w
        if i < len(latest):
            p.cell(x, top, w, HEAD_H, f"{latest[i][0]}年度", bold=True, size=SMALL)
            p.cell(x, top - HEAD_H, w, LINE_H, latest[i][1])
        if i:
            p.vline(x, top, top - (height if latest else HEAD_H))
    p.hline(x0, LEFT + WIDTH, top - HEAD_H)
    bottom = top - height
    p.hline(LEFT, LEFT + WIDTH, bottom)
    p.vline(LEFT, top, bottom)
    p.vline(LEFT + WIDTH, top, bottom)
    return bottom


def _signatures(p: _Page, top: float) -> None:
    """本人签字 | 学校审核意见（盖章） | 教育局审核意见（盖章） — boxes down to 40 pt above the footer."""
    bottom = 40.0
    height = top - bottom
    third = WIDTH / 3
    titles = ("本人确认以上信息属实", "学校审核意见", "教育行政部门审核意见")
    lines = (("本人签字：", ""), ("负责人签字：", "（学校盖章）"), ("经办人签字：", "（单位盖章）"))
    for i, (title, (who, stamp)) in enumerate(zip(titles, lines)):
        x = LEFT + i * third
        p.text(x + 6, top - 14, title, SIZE, True)
        p.text(x + 6, bottom + 34, who, SIZE)
        p.hline(x + 6 + 9 * len(who), x + third - 10, bottom + 32)
        if stamp:
            p.text(x + third - 10, bottom + 52, stamp, SMALL, False, "right")
        p.text(x + third - 10, bottom + 10, "年　　月　　日", SIZE, False, "right")
        if i:
            p.vline(x, top, bottom)
    p.box(LEFT, bottom, WIDTH, height)
