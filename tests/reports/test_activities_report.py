"""Issue 21 §1: 教师活动统计 — counts by kind × level, by school and by source, 人次 and quantities summed, over any
period and scope; the same figures in `report annual --from/--to`; the register as an Excel list with borders."""

import json

import openpyxl
import pytest

from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Period, Scope
from talentdesk.services.cultivation import activities
from talentdesk.store.models import Pairing
from talentdesk.store.models_cultivation import PairingActivity
from talentdesk.store.uow import UnitOfWork
from tests.cultivation_builder import build


@pytest.fixture
def county(db):
    c = build(db)
    t, s = c["t"], c["schools"]
    save = activities.save
    save(
        db,
        None,
        dict(
            kind="送教下乡",
            title="送教到柳河",
            start="2025-10-14",
            level="县级",
            school_id=s["柳河乡中学"],
            lessons=3,
            hours=6,
        ),
        [{"teacher_id": t["李䶮"]}, {"teacher_id": t["王建国"]}, {"teacher_id": t["钱晓"]}],
    )
    save(
        db,
        None,
        dict(
            kind="教育大讲堂",
            title="大讲堂",
            start="2025-03-02",
            level="县级",
            place="县会堂",
            lectures=1,
            person_times=300,
        ),
        [{"teacher_id": t["张堃"], "role": "主讲"}],
    )
    save(
        db,
        None,
        dict(kind="公开课", title="公开课", start="2025-11", level="校级", school_id=s["城关中学"], lessons=1),
        [],
    )
    save(db, None, dict(kind="公开课", title="去年的课", start="2024-11-05", level="市级", lessons=2), [])
    with UnitOfWork(db) as uow:
        p = Pairing(mentor_id=t["李䶮"], mentee_id=t["孙悦"])
        uow.session.add(p)
        uow.session.flush()
        from talentdesk.domain.dates import PartialDate

        uow.session.add(PairingActivity(pairing_id=p.id, kind="公开课", date=PartialDate(2025, 12, 1)))
        uow.commit()
    return db, c


def part(report, start):
    return next(p for p in report.parts if p.title.startswith(start))


def test_counts_by_kind_level_school_and_source_with_quantities(county):
    db, _c = county
    report = catalogue.compute(db, "activities", Params(year=2025))
    grid = {r[0]: r[1:] for r in part(report, "活动次数").rows}
    headers = part(report, "活动次数").headers
    col = {h: i - 1 for i, h in enumerate(headers)}
    assert grid["送教下乡"][col["县级"]] == 1 and grid["教育大讲堂"][col["县级"]] == 1
    assert grid["公开课"][col["校级"]] == 2  # the register's and the pairing's: one count
    assert grid["合计"][col["合计"]] == 4 and "去年的课" not in json.dumps(report.summary, ensure_ascii=False)
    q = {r[0]: r[1:] for r in part(report, "人次与数量").rows}
    # 活动次数, 参加人次, 节, 堂, 次, 学时
    assert q["送教下乡"] == (1, 3, 3, 0, 0, 6)
    assert q["教育大讲堂"] == (1, 300, 0, 1, 0, 0)  # 人次 as given
    assert q["公开课"] == (2, 2, 1, 0, 1, 0)  # the pairing's: 2 人次 and 1 次
    assert q["合计"] == (4, 305, 4, 1, 1, 6)
    schools = {r[1]: r[2:] for r in part(report, "按学校").rows}
    # each activity under one school: where it was held, else its first listed teacher's (大讲堂: 张堃's)
    assert schools["柳河乡中学"] == (1, 3, 3, 0, 0, 6)
    assert schools["青禾镇中学"] == (1, 300, 0, 1, 0, 0)
    assert schools["城关中学"] == (2, 2, 1, 0, 1, 0)  # the 公开课 and the pairing (the mentor's school)
    assert schools[""] == (4, 305, 4, 1, 1, 6)  # 合计 (its 学校 cell is empty)
    sources = {r[0]: r[1:] for r in part(report, "按来源").rows}
    assert sources["活动登记"] == (3, 303) and sources["师徒结对"] == (1, 2)
    assert report.summary["activities"] == 4 and report.summary["person_times"] == 305


def test_a_school_scope_and_a_period_of_months(county):
    db, _c = county
    report = catalogue.compute(db, "activities", Params(year=2025, scope=Scope("school", "柳河乡中学")))
    assert report.summary["by_kind"] == {"送教下乡": 1}
    report = catalogue.compute(db, "activities", Params(period=Period((2025, 10), (2025, 11))))
    assert report.summary["by_kind"] == {"送教下乡": 1, "公开课": 1}  # 2025-11 (month only) lies in it
    report = catalogue.compute(db, "activities", Params(period=Period((2024, 1), (2025, 12))))
    assert report.summary["activities"] == 5


def test_a_county_wide_activity_counts_in_the_county_only(county):
    db, _c = county
    activities.save(
        db, None, dict(kind="师德承诺", title="全县师德承诺", start="2025-09", level="县级", place="各学校")
    )
    whole = catalogue.compute(db, "activities", Params(year=2025))
    assert whole.summary["activities"] == 5
    rows = {r[1]: r[2:] for r in part(whole, "按学校").rows}
    assert rows["全县性活动（不属于某一学校）"][0] == 1
    town = catalogue.compute(db, "activities", Params(year=2025, scope=Scope("township", "城关镇")))
    assert "师德承诺" not in town.summary["by_kind"]


def test_the_annual_statistics_show_the_same_figures_over_any_period(county):
    db, _c = county
    report = catalogue.compute(db, "annual", Params(period=Period((2024, 1), (2025, 12))))
    table = part(report, "教师活动")
    col = {h: i - 2 for i, h in enumerate(table.headers)}
    rows = {(r[0], r[1]): r[2:] for r in table.rows}
    assert rows[("教师活动", "合计")][col["2025"]] == 4 and rows[("教师活动", "合计")][col["2024"]] == 1
    assert rows[("教师活动", "合计")][col["合计"]] == 5
    assert rows[("教师活动", "参加人次")][col["2025"]] == 305
    assert rows[("教师活动", "节数")][col["2024"]] == 2 and rows[("教师活动", "学时")][col["2025"]] == 6
    assert rows[("教师活动", "市级活动")][col["2024"]] == 1
    assert rows[("教师活动（按类别）", "公开课")][col["合计"]] == 3
    for year in (2024, 2025):  # each year's column is that year's 教师活动统计
        alone = catalogue.compute(db, "activities", Params(year=year)).summary
        assert rows[("教师活动", "合计")][col[str(year)]] == alone["activities"]
        assert rows[("教师活动", "参加人次")][col[str(year)]] == alone["person_times"]
    assert report.summary["figures"]["教师活动"]["合计"] == {"years": {"2024": 1, "2025": 4}, "total": 5}
    one = catalogue.compute(db, "annual", Params(year=2025))
    rows = {(r[0], r[1]): r[2:] for r in part(one, "教师活动").rows}
    assert rows[("教师活动", "合计")] == (4, 1, 3)  # 2025, 2024, 增减
    assert one.summary["figures"]["教师活动"]["参加人次"] == {"this": 305, "last": 0}
    compared = catalogue.compute(db, "annual", Params(period=Period((2025, 1), (2025, 12), compare=True)))
    rows = {(r[0], r[1]): r[2:] for r in part(compared, "教师活动").rows}
    assert rows[("教师活动", "合计")] == (4, 4, 1, 3)  # 2025, 合计, 上期合计 (2024), 增减


def test_pdf_excel_json_and_the_command_line(county, tmp_path):
    db, _c = county
    from talentdesk.cli import main

    path = db.engine.url.database
    for ext in ("pdf", "xlsx", "json"):
        out = tmp_path / f"a.{ext}"
        assert main(["--db", path, "report", "activities", "--from", "2025", "--to", "2025", str(out)]) == 0
        assert out.stat().st_size > 0
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert data["summary"]["activities"] == 4
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    assert len(wb.sheetnames) == 4


def test_the_register_exports_with_borders_and_participants(county, tmp_path):
    db, _c = county
    from talentdesk.domain.dates import PartialDate
    from talentdesk.reports import activities as report

    out = tmp_path / "register.xlsx"
    assert report.export(db, out, first=PartialDate(2025, 1), last=PartialDate(2025, 12)) == 3
    ws = openpyxl.load_workbook(out).active
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value}
    assert "李䶮、王建国、钱晓" in cells and "送教到柳河" in cells
    c = cells["送教到柳河"]
    assert c.border.left.style == "thin" and c.border.bottom.style == "thin"
