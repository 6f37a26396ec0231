"""交流轮岗审批表: one A4 page per teacher — identity, title, subject, from/to schools, kind, period,
reasons — with opinion, signature and stamp boxes for 本人, 原学校, 接收学校 and 教育局.

Drawn with the reportlab canvas and the embedded CJK font chain (reports/pdf/fonts.py), so rare name
characters print on any PC. Input is services.deployment.rotation.form_data() (plain dicts).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.pagesizes import A4

from talentdesk.errors import UserError
from talentdesk.reports.forms import Drawing, save_pdf
from talentdesk.reports.pdf import fonts

LEFT, RIGHT, TOP = 50.0, A4[0] - 50.0, A4[1] - 48.0
COLS = (78, 100, 62, 90, 62, 103)  # six columns, 495 pt
LINE = 0.8


def wrap(text: str, size: float, width: float, chain=None) -> list[str]:
    """Break TEXT into lines no wider than WIDTH (CJK: any character may start a line)."""
    chain = chain or fonts.body()
    lines: list[str] = []
    for para in (text or "").split("\n"):
        cur = ""
        for ch in para:
            if chain.width(cur + ch, size) > width and cur:
                lines.append(cur)
                cur = ch
            else:
                cur += ch
        lines.append(cur)
    return lines


def cell(
    c,
    x: float,
    y: float,
    w: float,
    h: float,
    text: str = "",
    *,
    size: float = 10.5,
    label: bool = False,
    align: str | None = None,
) -> None:
    """A ruled cell with text centred vertically (labels centred, values left unless align says)."""
    c.setLineWidth(LINE)
    c.rect(x, y - h, w, h)
    if not text:
        return
    chain = fonts.body()
    lines = wrap(text, size, w - 8)
    lead = size * 1.3
    top = y - (h - lead * len(lines)) / 2 - size
    for i, ln in enumerate(lines):
        how = align or ("center" if label else "left")
        tx = x + w / 2 if how == "center" else x + 4
        fonts.draw_string(c, tx, top - i * lead, ln, size, chain, align=how)


def _xs() -> list[float]:
    xs = [LEFT]
    for w in COLS:
        xs.append(xs[-1] + w)
    return xs


def _span(a: int, b: int) -> float:
    return sum(COLS[a:b])


def _date(d) -> str:
    if d is None:
        return ""
    if isinstance(d, dt.date):
        return f"{d.year}年{d.month}月"
    return d.chinese() if hasattr(d, "chinese") else str(d)


def _opinion(c, y: float, h: float, label: str, signer: str, stamp: bool) -> float:
    xs = _xs()
    cell(c, xs[0], y, COLS[0], h, label, label=True)
    w = _span(1, 6)
    c.rect(xs[1], y - h, w, h)
    chain = fonts.body()
    base = y - h + 14
    fonts.draw_string(c, xs[6] - 12, base, "年　　月　　日", 10.5, chain, align="right")
    fonts.draw_string(c, xs[1] + 8, base + 22, f"{signer}：", 10.5, chain)
    if stamp:  # a dashed square where the seal goes
        s = min(h - 16, 66)
        sx, sy = xs[6] - 12 - s - 110, y - h + 8
        c.saveState()
        c.setDash(3, 2)
        c.setLineWidth(0.5)
        c.rect(sx, sy, s, s)
        c.restoreState()
        fonts.draw_string(c, sx + s / 2, sy + s / 2 - 4, "（盖章）", 9, chain, align="center")
    return y - h


def draw_page(c, d: dict, unit: str = "") -> None:
    head = fonts.heading()
    chain = fonts.body()
    xs = _xs()
    fonts.draw_string(c, A4[0] / 2, TOP - 6, "交流轮岗审批表", 20, head, align="center")
    fonts.draw_string(c, LEFT, TOP - 34, f"年度：{d.get('year', '')}", 10.5, chain)
    fonts.draw_string(c, RIGHT, TOP - 34, "填表日期：　　年　　月　　日", 10.5, chain, align="right")
    y = TOP - 42
    h = 30
    birth = d.get("birth")
    rows = [
        [
            ("姓　　名", 1),
            (d["name"], 1),
            ("性　别", 1),
            (d.get("gender", ""), 1),
            ("出生年月", 1),
            (f"{birth.year}年{birth.month}月" if birth else "", 1),
        ],
        [("身份证号", 1), (d.get("id_number", ""), 3), ("政治面貌", 1), (d.get("political", ""), 1)],
        [
            ("参加工作时间", 1),
            (_date(d.get("work_start")), 1),
            ("学　历", 1),
            (d.get("degree", ""), 1),
            ("职　称", 1),
            (d.get("title", ""), 1),
        ],
        [
            ("任教学段学科", 1),
            (f"{d.get('stage', '')}{d.get('subject', '')}", 1),
            ("骨干称号", 1),
            (d.get("backbone") or "无", 3),
        ],
        [("原学校\n（编制学校）", 1), (d.get("from_school", ""), 5)],
        [
            ("进本校时间", 1),
            (_date(d.get("school_entry")), 1),
            ("交流方式", 1),
            (d.get("kind", ""), 1),
            ("人事关系", 1),
            ("转移" if d.get("moves_relation") else "不转移", 1),
        ],
        [("接收学校", 1), (d.get("to_school", ""), 5)],
        [("交流期限", 1), (f"{_date(d.get('start'))} 至 {_date(d.get('planned_end'))}", 5)],
    ]
    for row in rows:
        rh = h + (8 if any("\n" in t for t, _ in row) else 0)
        col = 0
        for i, (text, span) in enumerate(row):
            cell(c, xs[col], y, _span(col, col + span), rh, text, label=i % 2 == 0)
            col += span
        y -= rh
    reason = d.get("reason") or ""
    lines = wrap(reason, 10.5, _span(1, 6) - 8)
    rh = max(70, 14 * len(lines) + 16)
    cell(c, xs[0], y, COLS[0], rh, "交流理由", label=True)
    c.rect(xs[1], y - rh, _span(1, 6), rh)
    for i, ln in enumerate(lines):
        fonts.draw_string(c, xs[1] + 4, y - 16 - i * 14, ln, 10.5, chain)
    y -= rh
    y = _opinion(c, y, 62, "本人意见", "本人签字", False)
    for label in ("原学校意见", "接收学校意见", "教育局意见"):
        y = _opinion(c, y, 96, label, "负责人签字", True)
    note = "注：本表一式三份，原学校、接收学校、教育局人事股各存一份。"
    fonts.draw_string(c, LEFT, y - 18, note, 9.5, chain)
    if unit:
        fonts.draw_string(c, RIGHT, y - 18, unit, 9.5, chain, align="right")


def drawing_for(db, proposal_ids: list[int], unit: str = "", *, full: bool | None = None) -> Drawing:
    """The 审批表 of these proposals, as the signed-in user may print it: full ID numbers for the roles
    allowed to reveal them (full=None: by role), masked for everyone else; a form with full ID numbers
    is recorded in the audit trail when it is printed or saved (Drawing.disclosure)."""
    from talentdesk.services.accounts import access
    from talentdesk.services.deployment import rotation

    _, full = access.output_rights(db, full)
    rows = rotation.form_data(db, proposal_ids, full=full)
    out = drawing(rows, unit)
    if full:
        out.disclosure = {"table": "rotation_proposal", "what": f"打印交流轮岗审批表 {len(rows)} 人"}
    return out


def write_for(
    db, proposal_ids: list[int], path: Path | str, unit: str = "", *, full: bool | None = None
) -> tuple[Path, int]:
    """drawing_for saved as PATH. Returns (file, number of teachers)."""
    d = drawing_for(db, proposal_ids, unit, full=full)
    return save_pdf(d, path, db=db), d.count


def drawing(rows: list[dict], unit: str = "") -> Drawing:
    """One page per teacher; raises UserError when there is nothing to print."""
    if not rows:
        raise UserError("没有选中任何教师，无法生成审批表")
    title = "交流轮岗审批表" if len(rows) > 1 else f"交流轮岗审批表（{rows[0]['name']}）"

    from talentdesk.reports.forms import cultivation_draw as D

    def one(c, d) -> None:
        draw_page(c, d, unit)
        c.showPage()

    def draw(c) -> None:  # each teacher's form is numbered on its own: 第 1 页 共 1 页
        D.numbered_documents(c, rows, one, lambda d: d["name"])

    return Drawing(title, A4, draw, count=len(rows))


def write(rows: list[dict], path: Path | str, unit: str = "") -> Path:
    return save_pdf(drawing(rows, unit), path)
