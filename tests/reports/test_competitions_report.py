"""Issue 21 §2: 教学竞赛统计 — entrants, those selected and awards by grade, by level, kind, subject, 城乡 and
school over any period and scope; the same figures in `report annual --from/--to` and its work summary; the award
counted once among the honours; PDF, Excel and JSON; the register as an Excel list."""

import json

import openpyxl
import pytest

from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Period, Scope
from talentdesk.services.cultivation import competitions
from tests.cultivation_builder import build


@pytest.fixture
def county(db):
    c = build(db)
    t = c["t"]
    city = competitions.save(
        db,
        None,
        dict(
            name="2025年市初中数学优质课", kind="优质课", level="市级", subject="数学", stage="初中", start="2025-12-02"
        ),
        [{"teacher_id": t["张堃"], "result": "二等奖"}],
    )
    competitions.save(
        db,
        None,
        dict(
            name="2025年全县初中数学优质课评比",
            kind="优质课",
            level="县级",
            subject="数学",
            stage="初中",
            start="2025-10-14",
            next_id=city,
        ),
        [
            {"teacher_id": t["张堃"], "result": "一等奖", "selected": True},
            {"teacher_id": t["吉𠮷"], "result": "二等奖"},
            {"teacher_id": t["赵小青"], "result": "未获奖"},
            {"teacher_id": t["李䶮"], "result": "特等奖", "selected": True},
        ],
    )
    competitions.save(
        db,
        None,
        dict(name="2024年全县班主任基本功大赛", kind="班主任能力", level="县级", start="2024-05"),
        [{"teacher_id": t["王建国"], "result": "三等奖"}, {"teacher_id": t["钱晓"], "result": "优秀奖"}],
    )
    return db, c


def part(report, start):
    return next(p for p in report.parts if p.title.startswith(start))


def test_entrants_selected_and_awards_by_level_kind_area_and_school(county):
    db, _c = county
    report = catalogue.compute(db, "competitions", Params(year=2025))
    t = part(report, "参赛与获奖")
    assert t.headers == (
        "级别",
        "参赛人次",
        "推荐上一级",
        "特等奖",
        "一等奖",
        "二等奖",
        "三等奖",
        "优秀奖",
        "获奖合计",
        "获奖率",
    )
    rows = {r[0]: r[1:] for r in t.rows}
    assert rows["县级"] == (4, 2, 1, 1, 1, 0, 0, 3, "75.0%")
    assert rows["市级"] == (1, 0, 0, 0, 1, 0, 0, 1, "100.0%")
    assert rows["合计"] == (5, 2, 1, 1, 2, 0, 0, 4, "80.0%")
    assert {r[0] for r in part(report, "按竞赛类别").rows} == {"优质课", "合计"}
    areas = {r[0]: r[1] for r in part(report, "按城乡").rows}
    assert areas == {"城区": 1, "镇区": 3, "乡村": 1, "合计": 5}
    schools = {r[1]: r[2:] for r in part(report, "按学校").rows}
    assert schools["青禾镇中学"][:2] == (3, 1) and schools[""][0] == 5
    assert report.summary["teachers"] == 4 and report.summary["competitions"] == 2
    assert report.summary["awards"]["一等奖"] == 1 and report.summary["awarded"] == 4


def test_a_scope_and_a_period(county):
    db, _c = county
    town = catalogue.compute(db, "competitions", Params(year=2025, scope=Scope("township", "柳河乡")))
    assert town.summary["entrants"] == 1 and town.summary["awarded"] == 0
    both = catalogue.compute(db, "competitions", Params(period=Period((2024, 1), (2025, 12))))
    assert both.summary["entrants"] == 7 and both.summary["awarded"] == 6
    assert "班主任能力" in {r[0] for r in part(both, "按竞赛类别").rows}


def test_the_annual_statistics_and_the_summary_say_the_same(county):
    db, _c = county
    report = catalogue.compute(db, "annual", Params(period=Period((2024, 1), (2025, 12))))
    table = part(report, "教学竞赛")
    col = {h: i - 2 for i, h in enumerate(table.headers)}
    rows = {r[1]: r[2:] for r in table.rows}
    assert rows["参赛人次"][col["2025"]] == 5 and rows["参赛人次"][col["2024"]] == 2
    assert rows["参赛人次"][col["合计"]] == 7
    assert rows["一等奖"][col["合计"]] == 1 and rows["获奖合计"][col["合计"]] == 6
    assert rows["市级获奖"][col["2025"]] == 1 and rows["推荐上一级"][col["2025"]] == 2
    for year in (2024, 2025):
        alone = catalogue.compute(db, "competitions", Params(year=year)).summary
        assert rows["参赛人次"][col[str(year)]] == alone["entrants"]
        assert rows["获奖合计"][col[str(year)]] == alone["awarded"]
    # each award is one honour: the honours table counts the six awards once
    honours = {(r[0], r[1]): r for r in report.main.rows}
    assert honours[("荣誉表彰", "合计")][-1] == 6
    one = catalogue.compute(db, "annual", Params(year=2025))
    rows = {r[1]: r[2:] for r in part(one, "教学竞赛").rows}
    assert rows["参赛人次"] == (5, 2, 3)  # 2025, 2024, 增减
    draft = catalogue.compute(db, "summary", Params(period=Period((2025, 1), (2025, 12))))
    text = "\n".join(p for ps in draft.summary["sections"].values() for p in ps)
    assert (
        "教学竞赛参赛 5 人次，推荐参加上一级竞赛 2 人次，获奖 4 人次（特等奖 1 人、一等奖 1 人、二等奖 2 人）" in text
    )


def test_pdf_excel_json_and_the_register_list(county, tmp_path):
    db, _c = county
    report = catalogue.compute(db, "competitions", Params(year=2025))
    for ext in ("pdf", "xlsx", "json"):
        out = catalogue.render(report, tmp_path / f"c.{ext}")
        assert out.stat().st_size > 0
    data = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert data["summary"]["entrants"] == 5
    assert len(openpyxl.load_workbook(tmp_path / "c.xlsx").sheetnames) == 5
    from talentdesk.reports import competitions as register

    out = tmp_path / "register.xlsx"
    assert register.export(db, out) == 7  # one row per entrant
    ws = openpyxl.load_workbook(out).active
    values = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert "2025年全县初中数学优质课评比" in values and "吉𠮷" in values and "特等奖" in values
