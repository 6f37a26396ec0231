"""培训学时登记表: one A4 page per teacher — identity, every course with level, organiser, dates, form,
hours and result; the cycle's total against the requirement; signature and stamp lines."""

from __future__ import annotations

from pathlib import Path

from talentdesk.reports.forms import Drawing, save_pdf
from talentdesk.reports.forms import cultivation_draw as D
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import training


def draw_page(c, rec: dict) -> None:
    first, last = rec["cycle"]
    D.title(c, "教师培训学时登记表", D.H - 64, 19)
    D.text(c, D.W / 2, D.H - 86, f"（{first}—{last} 年培训周期）", 11, align="center")
    birth = rec["birth"].strftime("%Y.%m") if rec["birth"] else ""
    ident = [
        ("姓名", rec["name"], "性别", rec["gender"], "出生年月", birth),
        ("工作单位", rec["school"], "任教学科", f"{rec['stage']}{rec['subject']}", "职称", rec["title"]),
        (
            "身份证号",
            rec["id_number"],
            "参加工作",
            rec["work_start"].dotted() if rec["work_start"] else "",
            "周期要求",
            f"{rec['required']:g} 学时",
        ),
    ]
    widths = (58, 120, 58, 95, 58, 94)
    x0 = (D.W - sum(widths)) / 2
    y = D.H - 100
    for row in ident:
        xs = x0
        for i, (v, w) in enumerate(zip(row, widths)):
            c.rect(xs, y - 24, w, 24)
            D.cell(c, xs, y - 24, w, 24, v, 10, bold=i % 2 == 0)
            xs += w
        y -= 24
    rows = []
    for i, x in enumerate(rec["courses"], 1):
        dates = x["start"].dotted() if x["start"] else ""
        if x["end"] and x["end"] != x["start"]:
            dates += f"—{x['end'].dotted()}"
        rows.append(
            (
                i,
                x["name"],
                x["level"],
                x["organiser"],
                dates,
                x["form"],
                f"{x['hours']:g}" if x["hours"] is not None else "",
                x["result"],
                "" if x["in_cycle"] else "不在本周期",
            )
        )
    rows += [("", "", "", "", "", "", "", "", "")] * max(0, 12 - len(rows))
    y = D.table(
        c,
        ("序号", "培训项目", "级别", "主办单位", "起止时间", "形式", "学时", "结果", "备注"),
        rows,
        (30, 150, 36, 82, 80, 32, 34, 34, 45),
        top=y - 14,
        row_h=22,
        head_h=22,
        size=9,
        on_new_page=lambda c: D.H - 60,
        bottom=150,
    )  # the caller numbers the pages
    y -= 24
    D.text(
        c,
        x0,
        y,
        f"本周期已认定学时：{rec['hours']:g}　　按进度应达：{rec['expected']:g}　　"
        f"周期要求：{rec['required']:g}　　状态：{rec['standing']}",
        11,
    )
    y -= 40
    D.text(c, x0, y, "本人签名：", 11)
    D.text(c, D.W / 2 + 10, y, "学校审核（盖章）：", 11)
    D.stamp_box(c, D.W / 2 + 30, y - 84, 130, 70)
    D.text(c, x0, y - 30, "日期：　　　年　　月　　日", 11)
    D.text(c, D.W / 2 + 30, y - 102, "　　　年　　月　　日", 10)


def drawing(db, teacher_ids: list[int], cycle_start: int | None = None, *, full: bool | None = None) -> Drawing:
    """One page per teacher. Full ID numbers only for roles allowed to reveal them (full=None: by role),
    and then the output is recorded in the audit trail (Drawing.disclosure)."""
    _, full = access.output_rights(db, full)
    records = [training.teacher_record(db, tid, cycle_start, full=full) for tid in teacher_ids]
    if not records:
        from talentdesk.errors import UserError

        raise UserError("没有选中要打印登记表的教师")

    def one(c, rec) -> None:
        draw_page(c, rec)
        c.showPage()

    def draw(c) -> None:
        D.numbered_documents(c, records, one, lambda rec: f"登记日期：{rec['today']:%Y-%m-%d}")

    disclosure = None
    if full:
        disclosure = {
            "table": "training_record",
            "what": f"打印教师培训学时登记表 {len(records)} 份",
            "teacher_id": records[0]["teacher_id"] if len(records) == 1 else None,
        }
    return Drawing("教师培训学时登记表", (D.W, D.H), draw, disclosure, count=len(records))


def write(
    db, teacher_ids: list[int], path: Path | str, cycle_start: int | None = None, *, full: bool | None = None
) -> Path:
    return save_pdf(drawing(db, teacher_ids, cycle_start, full=full), path, db=db)
