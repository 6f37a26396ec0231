"""Issue 21 §5: 学历提升统计 over a period and a school's scope (in study, started, graduated, dropped, support),
the growth-plan goals per programme in 培养项目统计, both in report annual (a period and a year), the register as
Excel, and the PDF, Excel and JSON through the command line."""

import datetime as dt
import json

import openpyxl
import pytest

from talentdesk.reports import catalogue
from talentdesk.reports import degree_study as report
from talentdesk.reports.params import Params, Period, Scope
from talentdesk.services.cultivation import degree_study, growth, programmes
from tests.cultivation_builder import build

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def county(db):
    c = build(db)
    t = c["t"]

    def study(name, degree, start, status="在读", graduated=None, mode="在职", money=None):
        degree_study.save(
            db,
            None,
            {
                "teacher_id": t[name],
                "degree": degree,
                "institution": "省师范大学",
                "mode": mode,
                "start": start,
                "status": status,
                "graduated": graduated,
                "tuition_support": money,
                "leave_months": 12 if mode == "全日制" else None,
            },
        )

    study("张堃", "硕士研究生", "2023-09", "已毕业", "2025-06", money=10000)
    study("钱晓", "硕士研究生", "2024-09", money=8000)
    study("赵小青", "大学本科", "2025-03", "退学", "2025-10")
    study("王建国", "博士研究生", "2025-09", mode="全日制", money=20000)
    pid = programmes.save(
        db,
        None,
        {"name": "青年骨干教师培养工程", "kind": "培养项目", "level": "县级", "cohort": "2024", "start": "2024-09"},
        [{"teacher_id": t["张堃"]}, {"teacher_id": t["钱晓"]}, {"teacher_id": t["吉𠮷"]}],
    )
    mids = [m["id"] for m in programmes.get(db, pid)["members"]]
    growth.add_to_members(db, mids, {"kind": "公开课", "description": "上一节县级公开课", "due": "2025-06"})
    growth.add_to_members(db, mids[:1], {"kind": "论文", "description": "发表论文", "due": "2026-06"})
    first = [g["id"] for g in growth.goals(db, mids[0])]
    growth.complete(db, first, "2025-05-20")
    return db, c


def _part(r, title):
    return next(p for p in r.parts if p.title.startswith(title))


def test_by_degree_over_a_period_and_a_scope(county):
    db, _c = county
    r = catalogue.compute(db, "degree-study", Params(period=Period((2025, 1), (2025, 12)), today=TODAY))
    rows = {row[0]: row[1:] for row in _part(r, "按攻读学历").rows}
    # 在读, 新入学, 毕业, 退学, 全日制, 在职, 脱产, 学费补助
    assert rows["硕士研究生（攻读硕士）"] == (2, 0, 1, 0, 0, 2, 0, 0)
    assert rows["博士研究生（攻读博士）"] == (1, 1, 0, 0, 1, 0, 12, 20000)
    assert rows["大学本科（专升本）"] == (1, 1, 0, 1, 0, 1, 0, 0)
    assert rows["合计"] == (4, 2, 1, 1, 1, 3, 12, 20000)
    assert r.summary["graduates"] == ["张堃"]
    assert r.summary["figures"]["毕业"] == 1
    before = catalogue.compute(db, "degree-study", Params(year=2023, today=TODAY))
    assert before.summary["figures"]["在读"] == 1 and before.summary["figures"]["新入学学费补助（元）"] == 10000
    school = catalogue.compute(db, "degree-study", Params(year=2025, scope=Scope("school", "柳河乡中学"), today=TODAY))
    assert _part(school, "按攻读学历").rows[-1][1:5] == (3, 2, 0, 1)  # 钱晓, 赵小青, 王建国


def test_growth_goals_per_programme_in_the_programmes_report(county):
    db, _c = county
    r = catalogue.compute(db, "programmes", Params(year=2025, today=TODAY))
    table = _part(r, "个性化成长清单")
    assert table.rows[0][:6] == ("青年骨干教师培养工程（2024）", "县级", 3, 3, 1, 2)
    assert table.rows[-1][0] == "合计"
    assert r.summary["growth"] == {"设定目标（期间内到期）": 3, "已完成": 1, "逾期未完成": 2}
    later = catalogue.compute(db, "programmes", Params(year=2026, today=TODAY))
    assert later.summary["growth"] == {"设定目标（期间内到期）": 1, "已完成": 1, "逾期未完成": 0}


def test_report_annual_over_a_period_and_a_year(county):
    db, _c = county
    r = catalogue.compute(db, "annual", Params(period=Period((2024, 1), (2025, 12)), today=TODAY))
    table = _part(r, report.ANNUAL)
    rows = {row[1]: row[2:] for row in table.rows}
    assert table.headers[2:] == ("2024", "2025", "合计")
    assert rows["在读"] == (2, 4, 4)  # 合计: each study once
    assert rows["新入学"] == (1, 2, 3)
    assert rows["毕业"] == (0, 1, 1) and rows["毕业（硕士研究生）"] == (0, 1, 1)
    assert rows["退学"] == (0, 1, 1)
    assert rows["设定目标（期间内到期）"] == (0, 3, 3) and rows["逾期未完成"] == (0, 2, 2)
    one = catalogue.compute(db, "annual", Params(year=2025, today=TODAY))
    assert one.summary["figures"]["学历提升"]["毕业"] == {"this": 1, "last": 0}
    assert one.summary["figures"]["成长清单"]["已完成"] == {"this": 1, "last": 0}


def test_register_export_and_the_command_line(county, tmp_path):
    db, _c = county
    from talentdesk.cli import main

    assert report.export(db, tmp_path / "list.xlsx", status="在读") == 2
    ws = openpyxl.load_workbook(tmp_path / "list.xlsx").active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "钱晓" in values and "张堃" not in values
    url = db.engine.url
    path = url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=False)
    for ext in ("pdf", "xlsx", "json"):
        out = tmp_path / f"d.{ext}"
        assert main(["--db", path, "report", "degree-study", "--from", "2025", "--to", "2025", str(out)]) == 0
        assert out.stat().st_size > 0
    data = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert data["summary"]["graduates"] == ["张堃"]
