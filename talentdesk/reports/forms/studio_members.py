"""工作室成员名单: the studio (kind, level, host, school, term) and its members and 培养对象 in a table."""

from __future__ import annotations

from pathlib import Path

from talentdesk.reports import ReportTable
from talentdesk.reports.forms import Drawing, save_pdf
from talentdesk.reports.forms import cultivation_draw as D
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import studios

HEADERS = ("序号", "姓名", "性别", "身份证号", "工作单位", "任教学科", "职称", "骨干称号", "角色", "加入时间")


def table(db, studio_id: int, *, mask: bool = True) -> tuple[dict, ReportTable]:
    st = studios.get(db, studio_id)
    rows = [
        (
            i,
            m["name"],
            m["gender"],
            m["id_masked"] if mask else m["id_number"],
            m["school"],
            m["subject"],
            m["title"],
            m["backbone"],
            m["role"],
            m["joined"].dotted() if m["joined"] else "",
        )
        for i, m in enumerate(st["members"], 1)
    ]
    return st, ReportTable(
        f"{st['name']}成员名单", HEADERS, rows, (6, 10, 6, 20, 22, 10, 12, 16, 10, 10), frozenset({3})
    )


def drawing(db, studio_ids: list[int]) -> Drawing:
    """Each studio a document of its own (its pages numbered 第 n 页 共 N 页 within it); ID numbers masked."""
    access.require(db, "print")
    studios_ = [table(db, sid) for sid in studio_ids]

    def one(c, item) -> None:
        st, t = item
        D.title(c, t.title, D.H - 64, 17)
        term = "—".join(x.dotted() for x in (st["start"], st["end"]) if x)
        D.text(
            c,
            D.MARGIN,
            D.H - 96,
            f"类别：{st['level']}{st['kind']}　　主持人：{st['host_name']}　　依托学校：{st['school_name']}",
            11,
        )
        D.text(
            c,
            D.MARGIN,
            D.H - 116,
            f"学科：{st['subject'] or '—'}　　周期：{term or '—'}　　"
            f"成员 {sum(1 for m in st['members'] if m['role'] != '培养对象')} 人，"
            f"培养对象 {sum(1 for m in st['members'] if m['role'] == '培养对象')} 人",
            11,
        )
        y = D.table(
            c,
            HEADERS,
            t.rows,
            (28, 48, 28, 100, 90, 44, 50, 66, 42, 46),
            top=D.H - 130,
            row_h=22,
            size=8.5,
            on_new_page=lambda c: D.H - 60,
            bottom=90,
        )
        D.text(c, D.W - D.MARGIN, max(y - 40, 60), "依托学校（盖章）：　　　　　　　　", 11, align="right")
        c.showPage()

    def draw(c) -> None:
        D.numbered_documents(c, studios_, one, lambda item: item[0]["name"])

    return Drawing("工作室成员名单", (D.W, D.H), draw, count=len(studios_))


def write(db, studio_ids: list[int], path: Path | str) -> Path:
    return save_pdf(drawing(db, studio_ids), path)
