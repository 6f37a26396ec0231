"""Issues 20 §3 and 21 §5: 培养项目统计 over a period (members by programme and level, new members, results and
who met the target), a school's scope, the figures in report annual over a period and a year, and the PDF, Excel
and JSON through the command line."""

import json

import openpyxl
import pytest

from talentdesk.domain.dates import PartialDate
from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Period, Scope
from talentdesk.services.cultivation import programmes
from talentdesk.store.models import Designation
from talentdesk.store.uow import UnitOfWork
from tests.cultivation_builder import build


@pytest.fixture
def county(db):
    c = build(db)
    t = c["t"]
    # an ended provincial project (target recorded) and a county cohort running (target computed)
    programmes.save(
        db,
        None,
        {
            "name": "齐鲁名师建设工程",
            "kind": "人才工程",
            "level": "省级",
            "cohort": "第三批",
            "start": "2022-09",
            "end": "2025-08",
            "target_text": "成为省内有影响的名师",
        },
        [
            {"teacher_id": t["李䶮"], "joined": "2022-09", "result": "合格", "met": True},
            {"teacher_id": t["王建国"], "joined": "2022-09", "result": "结业", "met": False},
        ],
    )
    programmes.save(
        db,
        None,
        {
            "name": "中青年学科带头人培养对象",
            "kind": "培养项目",
            "level": "县级",
            "cohort": "2024",
            "start": "2024-09",
            "end": "2027-08",
            "target_kind": "骨干教师",
            "target_level": "县级",
        },
        [
            {"teacher_id": t["张堃"], "joined": "2024-09"},
            {"teacher_id": t["钱晓"], "joined": "2025-03"},
            {"teacher_id": t["孙悦"], "joined": "2024-09", "result": "退出", "reason": "调离本县"},
        ],
    )
    with UnitOfWork(db) as uow:  # 张堃 becomes 县级骨干教师 during the programme
        uow.session.add(Designation(teacher_id=t["张堃"], kind="骨干教师", level="县级", start=PartialDate(2025, 9)))
        uow.commit()
    return db, c


def _table(report, title):
    part = next(p for p in report.parts if p.title.startswith(title))
    return part


def test_a_period_counts_members_new_members_results_and_who_met_the_target(county):
    db, _c = county
    report = catalogue.compute(db, "programmes", Params(period=Period((2025, 1), (2025, 12))))
    by_prog = {r[0]: r[3:] for r in _table(report, "按项目").rows}
    # members, new in the period, 在培 结业 合格 未合格 退出, met
    assert by_prog["齐鲁名师建设工程（第三批）"] == (2, 0, 0, 1, 1, 0, 0, 1)
    assert by_prog["中青年学科带头人培养对象（2024）"] == (3, 1, 2, 0, 0, 0, 1, 1)
    assert by_prog["合计"] == (5, 1, 2, 1, 1, 0, 1, 2)
    levels = {r[0]: r[1:] for r in _table(report, "按级别").rows}
    assert levels["省级"][:2] == (1, 2) and levels["县级"][:2] == (1, 3) and levels["国家级"][:2] == (0, 0)
    met = _table(report, "达成培养目标").rows  # the programmes that ended in 2025: the provincial one
    assert met == [("齐鲁名师建设工程（第三批）", "省级", "李䶮", "城关中学", "合格")]
    assert report.summary["figures"]["新入选合计"] == 1 and report.summary["met"] == ["李䶮"]
    # 2024: the county cohort starts (3 new), the provincial one runs
    figures = catalogue.compute(db, "programmes", Params(year=2024)).summary["figures"]
    assert figures["新入选合计"] == 2 and figures["实施项目"] == 2 and figures["结束项目成员"] == 0
    # a school's scope: its teachers only
    school = catalogue.compute(db, "programmes", Params(year=2025, scope=Scope("school", "柳河乡中学")))
    assert {r[0]: r[3] for r in _table(school, "按项目").rows}["合计"] == 2  # 王建国, 钱晓


def test_report_annual_shows_the_programme_figures(county):
    db, _c = county
    report = catalogue.compute(db, "annual", Params(period=Period((2023, 1), (2025, 12))))
    table = _table(report, "培养项目")
    rows = {r[1]: r[2:] for r in table.rows}
    assert table.headers[2:] == ("2023", "2024", "2025", "合计")
    assert rows["新入选合计"] == (0, 2, 1, 3)
    assert rows["新入选县级"] == (0, 2, 1, 3)
    assert rows["实施项目"] == (1, 2, 2, 2)  # 合计: each programme once over the period
    assert rows["合格"] == (0, 0, 1, 1) and rows["达成目标"] == (0, 0, 1, 1)
    one = catalogue.compute(db, "annual", Params(year=2025))
    rows = {r[1]: r[2:] for r in _table(one, "培养项目").rows}
    assert rows["新入选合计"] == (1, 2, -1)  # 2025, 2024, 增减
    assert one.summary["figures"]["培养项目"]["达成目标"] == {"this": 1, "last": 0}


def test_pdf_excel_json_and_the_command_line(county, tmp_path):
    db, _c = county
    from talentdesk.cli import main

    url = db.engine.url
    path = url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=False)
    for ext in ("pdf", "xlsx", "json"):
        out = tmp_path / f"p.{ext}"
        assert main(["--db", path, "report", "programmes", "--from", "2025", "--to", "2025", str(out)]) == 0
        assert out.stat().st_size > 0
    data = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert data["summary"]["met"] == ["李䶮"]
    assert len(openpyxl.load_workbook(tmp_path / "p.xlsx").sheetnames) == 4  # and the growth plans (issue 21 §5)
