"""Issue 21 §5: 课题研究统计 over a period (new projects by level × kind, in research, concluded, awarded and
withdrawn by level and school, the list), a township's and a school's scope, the figures in report annual over a
period and a year, the work summary's sentence, and the PDF, Excel and JSON through the command line."""

import json

import openpyxl
import pytest

from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Period, Scope
from talentdesk.services.cultivation import research
from tests.cultivation_builder import build


def _save(db, t, host, title, level, kind, approved, status="立项", **more):
    return research.save(
        db,
        None,
        {"title": title, "level": level, "kind": kind, "approved": approved, "status": status, **more},
        [{"teacher_id": t[host], "role": "主持人"}, {"teacher_id": t["吉𠮷"], "role": "成员"}]
        if host != "吉𠮷"
        else [{"teacher_id": t[host], "role": "主持人"}],
    )


@pytest.fixture
def county(db):
    c = build(db)
    t = c["t"]
    # 城关中学 (城关镇): a provincial key project approved 2024, concluded with an award in 2025
    _save(
        db,
        t,
        "李䶮",
        "初中数学单元整体教学研究",
        "省级",
        "重点课题",
        "2024-06",
        "获奖",
        concluded="2025-11",
        award="一等奖",
        number="2024JK015",
    )
    # 青禾镇中学 (青禾镇): a county project of 2025 in research, a city one of 2023 concluded in 2025
    _save(db, t, "张堃", "乡镇初中作业设计实践研究", "县级", "一般课题", "2025-03", number="X2025-07")
    _save(db, t, "吉𠮷", "农村初中数学分层教学研究", "市级", "一般课题", "2023-05", "结题", concluded="2025-06")
    # 柳河乡中学 (柳河乡): a county project of 2025 withdrawn in 2025, a city one of 2025 extended
    _save(db, t, "王建国", "乡村学校语文阅读推广研究", "县级", "专项课题", "2025-04", "撤项", concluded="2025-10")
    _save(db, t, "钱晓", "乡村青年教师成长路径研究", "市级", "青年课题", "2025-09", "延期")
    return db, c


def _table(report, title):
    return next(p for p in report.parts if p.title.startswith(title))


def test_a_year_counts_by_level_kind_and_step(county):
    db, _c = county
    report = catalogue.compute(db, "research-projects", Params(year=2025))
    kinds = {r[0]: r[1:] for r in _table(report, "期间内立项").rows}
    # 重点 一般 专项 青年 自筹 合计
    assert kinds["县级"] == (0, 1, 1, 0, 0, 2)
    assert kinds["市级"] == (0, 0, 0, 1, 0, 1)
    assert kinds["省级"] == (0, 0, 0, 0, 0, 0)
    assert kinds["合计"] == (0, 1, 1, 1, 0, 3)
    steps = {r[0]: r[1:] for r in _table(report, "按级别和进展").rows}
    # 新立项 在研 结题 其中获奖 撤项 延期
    assert steps["省级"] == (0, 1, 1, 1, 0, 0)
    assert steps["市级"] == (1, 2, 1, 0, 0, 1)
    assert steps["县级"] == (2, 2, 0, 0, 1, 0)
    assert steps["合计"] == (3, 5, 2, 1, 1, 1)
    schools = {r[0]: r[1:] for r in _table(report, "按学校").rows}
    assert schools["柳河乡中学"] == (2, 2, 0, 0, 1, 1)
    assert sum(r[0] for k, r in schools.items() if k != "合计") == schools["合计"][0]
    names = _table(report, "课题名单")
    assert names.rows[0][:6] == ("2024JK015", "初中数学单元整体教学研究", "省级", "重点课题", "李䶮", "城关中学")
    assert names.rows[0][8] == "获奖（一等奖）"
    assert report.summary["figures"]["新立项合计"] == 3
    # 2024: only the provincial project is new; 2023's city project runs too
    figs = catalogue.compute(db, "research-projects", Params(year=2024)).summary["figures"]
    assert (figs["新立项合计"], figs["新立项省级"], figs["其中重点课题"], figs["在研课题"], figs["结题"]) == (
        1,
        1,
        1,
        2,
        0,
    )


def test_a_scope_counts_its_schools_and_the_townships_add_up(county):
    db, _c = county
    whole = catalogue.compute(db, "research-projects", Params(year=2025)).summary["figures"]
    parts = [
        catalogue.compute(db, "research-projects", Params(year=2025, scope=Scope("township", town))).summary["figures"]
        for town in ("城关镇", "青禾镇", "柳河乡")
    ]
    for item, v in whole.items():
        assert sum(p[item] for p in parts) == v, item
    school = catalogue.compute(db, "research-projects", Params(year=2025, scope=Scope("school", "青禾镇中学")))
    assert {r[1] for r in _table(school, "课题名单").rows} == {"乡镇初中作业设计实践研究", "农村初中数学分层教学研究"}


def test_report_annual_and_the_summary_show_the_projects(county):
    db, _c = county
    report = catalogue.compute(db, "annual", Params(period=Period((2023, 1), (2025, 12))))
    table = _table(report, "课题研究")
    rows = {r[1]: r[2:] for r in table.rows}
    assert table.headers[2:] == ("2023", "2024", "2025", "合计")
    assert rows["新立项合计"] == (1, 1, 3, 5)
    assert rows["新立项市级"] == (1, 0, 1, 2)
    assert rows["在研课题"] == (1, 2, 5, 5)  # 合计: each project once over the period
    assert rows["结题"] == (0, 0, 2, 2) and rows["获奖"] == (0, 0, 1, 1) and rows["撤项"] == (0, 0, 1, 1)
    one = catalogue.compute(db, "annual", Params(year=2025))
    rows = {r[1]: r[2:] for r in _table(one, "课题研究").rows}
    assert rows["新立项合计"] == (3, 1, 2)  # 2025, 2024, 增减
    assert one.summary["figures"]["课题研究"]["结题"] == {"this": 2, "last": 0}
    from talentdesk.reports import research as report_module

    said = report_module.sentence(report.summary["figures"]["课题研究"])
    assert said == "新立项课题 5 项（省级 1 项、市级 2 项、县级 2 项），结题 2 项，其中获奖 1 项。"


def test_pdf_excel_json_export_and_the_command_line(county, tmp_path):
    db, _c = county
    from talentdesk.cli import main

    url = db.engine.url
    path = url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=False)
    for ext in ("pdf", "xlsx", "json"):
        out = tmp_path / f"r.{ext}"
        assert main(["--db", path, "report", "research-projects", "--from", "2025", "--to", "2025", str(out)]) == 0
        assert out.stat().st_size > 0
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["summary"]["figures"]["结题"] == 2
    assert len(openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames) == 4
    from talentdesk.reports import research as report_module

    n = report_module.export(db, tmp_path / "list.xlsx", level="市级")
    sheet = openpyxl.load_workbook(tmp_path / "list.xlsx").active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert n == 2
    header = next(i for i, r in enumerate(cells) if r[0] == "立项日期")
    assert cells[header + 1][1] == "乡村青年教师成长路径研究" and cells[header + 1][7] == "钱晓"
