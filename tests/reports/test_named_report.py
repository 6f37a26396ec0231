"""Issue 20 §3: 三名工程与称号考核 on the demo county — 名师/名校长/名班主任 held by level at a date and newly
designated over a period, the reviews of the period (mostly 继续保留, one 撤销), the designations due for review; the
same counts in `report annual --from/--to`; PDF, Excel and JSON through the command line. The backbone figures of the
existing kinds do not change: 名校长/名班主任 count in none of them."""

import datetime as dt
import json

import openpyxl
from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Period
from talentdesk.services.people import designations as svc
from talentdesk.store.models import Designation

TODAY = dt.date.today()  # the demo county is generated relative to the current school year
Y = TODAY.year


def _rows(table) -> dict:
    return {r[0]: r[1:] for r in table.rows}


def test_the_demo_county_shows_every_figure(demo_db):
    report = catalogue.compute(demo_db, "named", Params(today=TODAY, period=Period((Y - 4, 1), (Y, 12))))
    held, new, reviews, review_list, due, holders = report.parts
    h = _rows(held)
    assert h["名校长"][-1] >= 5 and h["名班主任"][-1] >= 5 and h["名师"][-1] >= 1
    assert h["合计"][-1] == len(holders.rows) == sum(h[k][-1] for k in codes.SANMING_KINDS)
    assert _rows(new)["合计"][-1] > 0
    totals = reviews.rows[-1]
    col = {name: i for i, name in enumerate(reviews.headers)}
    assert (
        totals[col["撤销"]] == 1 and totals[col["继续保留"]] >= 5 and totals[col["考核人次"]] == len(review_list.rows)
    )
    assert report.summary["reviews"]["撤销"] == 1
    assert due.rows and report.summary["due"] == len(due.rows)
    # the withdrawn designation stops counting from its review date: its holder is not listed
    (withdrawn,) = [r for r in review_list.rows if r[6] == "撤销"]
    assert withdrawn[4] == "期中考核" and withdrawn[5] == "不合格" and withdrawn[7]
    assert (withdrawn[1], withdrawn[2], withdrawn[3]) not in {(r[2], r[3], f"{r[1]}{r[0]}") for r in holders.rows}
    did = next(r.id for r in svc.list_rows(demo_db, status="已撤销"))
    assert svc.get(demo_db, did)["end"].iso() == withdrawn[0]


def test_annual_shows_the_same_figures_over_any_period(demo_db):
    period = Period((Y - 2, 1), (Y, 12))
    annual = catalogue.compute(demo_db, "annual", Params(today=TODAY, period=period))
    table = annual.parts[0]
    col = {h: i for i, h in enumerate(table.headers)}
    rows = {(r[0], r[1]): r for r in table.rows}
    for year in (Y - 2, Y - 1, Y):
        alone = catalogue.compute(demo_db, "named", Params(today=TODAY, period=Period((year, 1), (year, 12))))
        new = _rows(alone.parts[1])
        for kind in codes.SANMING_KINDS:
            assert rows[("三名工程（新认定）", kind)][col[str(year)]] == new[kind][-1], (year, kind)
        assert rows[("三名工程（新认定）", "其中县级")][col[str(year)]] == new["合计"][3]  # 国家级, 省级, 市级, 县级…
        counts = alone.summary["reviews"]
        for decision in ("继续保留", "撤销", "降级"):
            assert rows[("称号考核（能上能下）", decision)][col[str(year)]] == counts.get(decision, 0)
    assert rows[("称号考核（能上能下）", "撤销")][col["合计"]] == 1


def test_backbone_figures_leave_out_the_principals_and_class_teachers(demo_db):
    """骨干称号 in the annual statistics counts the teaching designations only, as before 名校长 existed."""
    annual = catalogue.compute(demo_db, "annual", Params(today=TODAY, period=Period((Y - 4, 1), (Y, 12))))
    table = annual.parts[0]
    col = {h: i for i, h in enumerate(table.headers)}
    total = {(r[0], r[1]): r[col["合计"]] for r in table.rows}
    with demo_db.sessions() as s:
        starts = [
            (k, d)
            for k, d in s.execute(select(Designation.kind, Designation.start))
            if d is not None and Y - 4 <= d.year <= Y and d.month
        ]
    assert total[("骨干称号", "合计")] == sum(1 for k, _ in starts if codes.is_ladder_kind(k))
    assert any(not codes.is_ladder_kind(k) for k, _ in starts)


def test_pdf_excel_json_and_the_command_line(demo_db, tmp_path):
    from talentdesk.cli import main

    path = demo_db.engine.url.database
    for ext in ("pdf", "xlsx", "json"):
        out = tmp_path / f"n.{ext}"
        assert main(["--db", path, "report", "named", "--from", str(Y - 2), "--to", str(Y), str(out)]) == 0
        assert out.stat().st_size > 0
    data = json.loads((tmp_path / "n.json").read_text(encoding="utf-8"))
    assert set(data["summary"]["held"]) == set(codes.SANMING_KINDS)
    wb = openpyxl.load_workbook(tmp_path / "n.xlsx")
    assert len(wb.sheetnames) == 6
