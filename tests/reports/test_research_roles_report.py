"""Issue 21 §4: 教研任职统计 — holders by role × level, by subject and by school over any period and scope (a term
that overlaps the period counts, a teacher once per role); 二级工作室 and studio outputs in 名师工作室统计; the same
figures in `report annual` and its work summary; PDF, Excel and JSON; the register as an Excel list."""

import json

import openpyxl
import pytest

from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Period, Scope
from talentdesk.services.cultivation import research_roles, studios
from tests.cultivation_builder import build


@pytest.fixture
def county(db):
    c = build(db)
    t = c["t"]
    term = dict(role="兼职教研员", level="县级", start="2024-09-01", end="2027-08-31", appointer="青禾县教育局")
    research_roles.appoint(db, [t["张堃"], t["李䶮"], t["王建国"]], {**term, "subject": "数学"})
    research_roles.appoint(db, [t["张堃"]], {**term, "start": "2021-09-01", "end": "2024-08-31"})  # the term before
    research_roles.appoint(db, [t["李䶮"]], dict(role="蒲公英导师", level="县级", start="2025-03-01"))
    research_roles.appoint(db, [t["钱晓"]], dict(role="评委库", level="市级", start="2023-01", end="2024-12"))
    top = studios.save(
        db,
        None,
        {"name": "李䶮初中数学名师工作室", "kind": "名师工作室", "level": "县级", "host_id": t["李䶮"]},
        outputs=[
            {"date": "2025-03-12", "kind": "研训课", "quantity": 3},
            {"date": "2025-05-20", "kind": "研训课", "quantity": 2},
            {"date": "2024-11-02", "kind": "微讲座", "quantity": 1},
        ],
    )
    studios.save(
        db,
        None,
        {
            "name": "青禾镇中学数学教研工作坊",
            "kind": "教研工作坊",
            "level": "校级",
            "host_id": t["张堃"],
            "school_id": c["schools"]["青禾镇中学"],
            "parent_id": top,
        },
        outputs=[{"date": "2025-04", "kind": "微讲座", "quantity": 2}],
    )
    return db, c


def part(report, start):
    return next(p for p in report.parts if p.title.startswith(start))


def test_holders_by_role_level_subject_and_school(county):
    db, _c = county
    report = catalogue.compute(db, "research-roles", Params(year=2025))
    t = part(report, "教研任职人数")
    assert t.headers == ("角色", "国家级", "省级", "市级", "县级", "校级", "合计（人）")
    rows = {r[0]: r[1:] for r in t.rows}
    assert rows["兼职教研员"] == (0, 0, 0, 3, 0, 3)  # 张堃's two terms: once
    assert rows["蒲公英导师"] == (0, 0, 0, 1, 0, 1)
    assert rows["评委库"] == (0, 0, 0, 0, 0, 0)  # ended 2024-12
    assert rows["合计"] == (0, 0, 0, 3, 0, 3)  # 李䶮 holds two roles: one person
    subjects = {r[0]: r[-1] for r in part(report, "按任职学科").rows}
    assert subjects["数学"] == 3
    schools = {r[1]: r[2:] for r in part(report, "按学校").rows}
    assert schools["青禾镇中学"][0] == 1 and schools["城关中学"][:3] == (1, 0, 1)
    assert report.summary["teachers"] == 3 and report.summary["by_role"]["兼职教研员"] == 3
    names = part(report, "任职名单").rows
    assert len(names) == 4 and {r[2] for r in names} == {"张堃", "李䶮", "王建国"}


def test_a_scope_and_a_period(county):
    db, _c = county
    town = catalogue.compute(db, "research-roles", Params(year=2025, scope=Scope("township", "柳河乡")))
    assert town.summary["teachers"] == 1 and town.summary["by_role"] == {
        r: int(r == "兼职教研员") for r in town.summary["by_role"]
    }
    early = catalogue.compute(db, "research-roles", Params(period=Period((2022, 1), (2024, 6))))
    assert early.summary["by_role"]["兼职教研员"] == 1 and early.summary["by_role"]["评委库"] == 1


def test_studio_stats_show_second_level_studios_and_outputs(county):
    db, _c = county
    report = catalogue.compute(db, "studio-stats", Params(year=2025))
    levels = {r[0]: r[1:] for r in part(report, "工作室层级").rows}
    assert levels["教研工作坊"] == (1, 0, 1) and levels["合计"] == (2, 1, 1)
    made = {r[1]: r[2:] for r in part(report, "工作室成果数量").rows}
    assert made["研训课（节）"] == (5, 0, 5)  # 名师工作室, 教研工作坊, 合计
    assert made["微讲座（堂）"] == (0, 2, 2)  # 2024-11's is outside 2025
    assert report.summary["second_level"] == 1 and report.summary["outputs"]["研训课（节）"] == 5


def test_the_annual_statistics_and_the_summary_say_the_same(county):
    db, _c = county
    report = catalogue.compute(db, "annual", Params(period=Period((2024, 1), (2025, 12))))
    table = part(report, "教研网络")
    col = {h: i - 2 for i, h in enumerate(table.headers)}
    rows = {(r[0], r[1]): r[2:] for r in table.rows}
    assert rows[("教研任职", "兼职教研员")][col["2024"]] == 3 and rows[("教研任职", "兼职教研员")][col["合计"]] == 3
    assert rows[("教研任职", "评委库")][col["2024"]] == 1 and rows[("教研任职", "评委库")][col["2025"]] == 0
    assert rows[("教研任职", "蒲公英导师")][col["2025"]] == 1
    assert rows[("工作室成果", "研训课（节）")][col["2025"]] == 5
    assert rows[("工作室成果", "微讲座（堂）")][col["合计"]] == 3  # outputs add up over the years
    for year in (2024, 2025):
        alone = catalogue.compute(db, "research-roles", Params(year=year)).summary
        assert rows[("教研任职", "兼职教研员")][col[str(year)]] == alone["by_role"]["兼职教研员"]
    one = catalogue.compute(db, "annual", Params(year=2025))
    rows = {(r[0], r[1]): r[2:] for r in part(one, "教研网络").rows}
    assert rows[("工作室成果", "研训课（节）")] == (5, 0, 5)  # 2025, 2024, 增减
    draft = catalogue.compute(db, "summary", Params(period=Period((2025, 1), (2025, 12))))
    text = "\n".join(p for ps in draft.summary["sections"].values() for p in ps)
    assert "教研任职：兼职教研员 3 名、蒲公英导师 1 名" in text and "研训课 5 节" in text


def test_pdf_excel_json_and_the_register_list(county, tmp_path):
    db, _c = county
    report = catalogue.compute(db, "research-roles", Params(year=2025))
    for ext in ("pdf", "xlsx", "json"):
        out = catalogue.render(report, tmp_path / f"r.{ext}")
        assert out.stat().st_size > 0
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["summary"]["teachers"] == 3
    from talentdesk.reports import research_roles as register

    out = tmp_path / "register.xlsx"
    assert register.export(db, out) == 6
    ws = openpyxl.load_workbook(out).active
    values = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert "兼职教研员" in values and "张堃" in values and "青禾县教育局" in values
