"""Monitoring figures (issue 22 §3) on a small built county with known watched teachers, responses and separations:
管理响应 in the 人才数据月报, the responses export from the command line."""

import openpyxl

from talentdesk.cli import main
from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Scope
from tests.watch_builder import TODAY, build


def _rows(rep, title):
    part = next(p for p in rep.parts if p.title.startswith(title))
    return {(r[0], r[1]): r[2] for r in part.rows}


def test_the_monthly_report_counts_responses(db):
    build(db)
    rep = catalogue.compute(db, "monthly", Params(month=(2025, 10), today=TODAY))
    got = _rows(rep, "四、预警指标")
    assert got[("管理响应", "本月记录的响应（谈话）")] == 2
    assert got[("管理响应", "未结案件（跟进中，月末）")] == 2
    assert got[("管理响应", "其中逾期未跟进")] == 1  # 甲硕: follow-up 2025-09-30; 城一's is 2025-11-01
    sep = catalogue.compute(db, "monthly", Params(month=(2025, 9), today=TODAY))
    got = _rows(sep, "四、预警指标")
    # at the end of September 甲分's August talk (follow-up 08-20) was still open: the 留任 came on 10-02
    assert got[("管理响应", "本月记录的响应（谈话）")] == 1 and got[("管理响应", "未结案件（跟进中，月末）")] == 2
    assert got[("管理响应", "其中逾期未跟进")] == 1  # 甲分; 甲硕's follow-up is the month end itself, not yet overdue
    village = catalogue.compute(db, "monthly", Params(month=(2025, 10), today=TODAY, scope=Scope("school", "甲村小学")))
    assert _rows(village, "四、预警指标")[("管理响应", "未结案件（跟进中，月末）")] == 1


def test_export_responses_from_the_command_line(db, tmp_path, capsys):
    build(db)
    out = tmp_path / "逾期.xlsx"
    assert main(["--db", str(db.path), "export", "responses", str(out), "--which", "overdue"]) == 0
    assert "已导出" in capsys.readouterr().out
    ws = openpyxl.load_workbook(out).active
    names = {c for row in ws.iter_rows(values_only=True) for c in row if c in ("甲硕", "甲分", "城一")}
    assert names == {"甲硕", "城一"}  # real today: both open cases' follow-up dates have passed; 甲分 stayed
