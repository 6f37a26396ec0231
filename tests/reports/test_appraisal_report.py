"""年度考核与师德考核统计 and the 党员 columns of 队伍结构 (issue 21 §6) on a small county of known results."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from talentdesk import cli
from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Period, Scope
from talentdesk.store.models import Appraisal, Teacher
from talentdesk.store.models_recruitment import EthicsRecord

TODAY = dt.date(2026, 3, 15)  # the hand-made county's today (conftest.TODAY)


def params(**kw):
    kw.setdefault("today", TODAY)
    return Params(**kw)


def _record(appraisals=(), ethics=(), political=None):
    def extra(s, tid):
        for year, result in appraisals:
            s.add(Appraisal(teacher_id=tid, year=year, result=result))
        for year, kind, result in ethics:
            s.add(EthicsRecord(teacher_id=tid, year=year, kind=kind, result=result))
        if political:
            s.get(Teacher, tid).political = political

    return extra


@pytest.fixture
def graded(county):
    c = county
    c.add("甲", "城关小学", extra=_record([(2024, "优秀"), (2023, "合格")], [(2024, "师德考核", "优秀")], "中共党员"))
    c.add("乙", "城关小学", extra=_record([(2024, "称职"), (2023, "优秀")], [(2024, "师德考核", "合格")], "预备党员"))
    c.add("丙", "河口小学", extra=_record([(2024, "未定等次")], [(2024, "表彰", None)]))
    c.add("丁", "河口学校", extra=_record([(2024, "基本合格"), (2025, "不合格")], [(2024, "师德考核", "不合格")]))
    c.add("戊", "河口小学", status="退休", status_date="2025-07", extra=_record([(2024, "优秀")]))
    return c


def _rows(part, key=1):
    return {tuple(r[:key]): r for r in part.rows}


def _cell(part, row, header):
    return row[part.headers.index(header)]


def test_appraisal_grades_and_excellent_rate_per_year_area_and_school(db, graded):
    r = catalogue.compute(db, "appraisal", params(year=2024))
    by_year, by_area, by_school = r.parts[0], r.parts[1], r.parts[2]
    assert by_year.title == "年度考核结果（按年度）"
    row, total = by_year.rows
    assert row == ("2024", 5, 2, 1, 1, 0, 1, "40.0%")  # 考核人数 优秀 合格 基本合格 不合格 不定等次 优秀率
    assert total == ("合计", *row[1:]) and by_year.emphasis == frozenset({1})  # its own 合计 keeps the rate
    assert by_year.headers == ("年度", "考核人数", "优秀", "合格", "基本合格", "不合格", "不定等次", "优秀率")
    area = _rows(by_area, 2)
    assert area[("2024", "城区")][2:] == (2, 1, 1, 0, 0, 0, "50.0%")
    assert area[("2024", "镇区")][2:] == (1, 0, 0, 1, 0, 0, "0.0%")
    assert area[("2024", "乡村")][2:] == (2, 1, 0, 0, 0, 1, "50.0%")  # the retired 戊 counts at 河口小学
    assert area[("2024", "合计")][2:] == (5, 2, 1, 1, 0, 1, "40.0%") and list(area)[-1] == ("2024", "合计")
    school = _rows(by_school)
    assert _cell(by_school, school[("城关小学",)], "考核人数") == 2
    assert _cell(by_school, school[("河口小学",)], "优秀") == 1
    assert _cell(by_school, school[("河口学校",)], "基本合格") == 1
    assert school[("全县合计",)][3:] == (5, 2, 1, 1, 0, 1, "40.0%")
    assert by_school.emphasis == frozenset({3})
    # the teachers behind a figure
    assert sorted(r.teacher_ids[(0, 0, 2)]) == sorted([graded.teacher["甲"], graded.teacher["戊"]])
    assert r.summary["appraisal"]["2024"]["excellent_rate"] == 0.4


def test_ethics_results_count_only_the_yearly_assessment(db, graded):
    r = catalogue.compute(db, "appraisal", params(year=2024))
    by_year, by_area = r.parts[3], r.parts[4]
    assert by_year.title == "师德考核结果（按年度）"
    assert by_year.headers == ("年度", "考核人数", "优秀", "合格", "基本合格", "不合格", "优秀率")
    assert by_year.rows[0] == ("2024", 3, 1, 1, 0, 1, "33.3%")  # 丙's 表彰 is no result
    area = _rows(by_area, 2)
    assert area[("2024", "城区")][2:] == (2, 1, 1, 0, 0, "50.0%")
    assert area[("2024", "乡村")][2:] == (0, 0, 0, 0, 0, "")


def test_a_period_lists_each_year_and_the_total(db, graded):
    r = catalogue.compute(db, "appraisal", params(period=Period((2023, 1), (2025, 12))))
    rows = _rows(r.parts[0])
    assert list(rows) == [("2023",), ("2024",), ("2025",), ("合计",)]
    assert rows[("2023",)][1:] == (2, 1, 1, 0, 0, 0, "50.0%")
    assert rows[("2025",)][1:] == (1, 0, 0, 0, 1, 0, "0.0%")
    assert rows[("合计",)][1:] == (8, 3, 2, 1, 1, 1, "37.5%")
    area = _rows(r.parts[1], 2)
    assert area[("合计", "城区")][2:] == (4, 2, 2, 0, 0, 0, "50.0%")  # 甲 and 乙 in 2023 and 2024
    assert area[("合计", "镇区")][2:] == (2, 0, 0, 1, 1, 0, "0.0%")
    assert area[("合计", "合计")][2:] == rows[("合计",)][1:]
    assert r.title == "2023—2025年年度考核与师德考核统计"
    # a period that holds part of a year only leaves that year out (an appraisal is dated by its year)
    part = catalogue.compute(db, "appraisal", params(period=Period((2023, 1), (2024, 6))))
    assert [row[0] for row in part.main.rows] == ["2023", "合计"]
    # no year nor period: every year on record
    every = catalogue.compute(db, "appraisal", params())
    assert [row[0] for row in every.main.rows] == ["2023", "2024", "2025", "合计"]


def test_a_scope_counts_its_schools_only(db, graded):
    r = catalogue.compute(db, "appraisal", params(year=2024, scope=Scope("township", "河口镇")))
    assert r.main.rows[0] == ("2024", 3, 1, 0, 1, 0, 1, "33.3%")
    assert {row[0] for row in r.parts[2].rows} == {"河口小学", "河口学校", "乡镇合计"}


def test_structure_counts_party_members_and_their_share(db, graded):
    r = catalogue.compute(db, "structure", params())
    part = r.parts[-1]
    assert part.title == "政治面貌" and part.headers == ("学校", "乡镇", "合计", "中共党员", "党员占比")
    rows = _rows(part)
    assert rows[("城关小学",)][2:] == (2, 2, "100.0%")  # 中共党员 and 预备党员
    assert rows[("河口小学",)][2:] == (1, 0, "0.0%")  # the retired 戊 is not serving
    assert rows[("全县合计",)][2:] == (4, 2, "50.0%")
    assert r.summary["party_members"] == 2


@pytest.mark.parametrize("suffix", [".json", ".xlsx", ".pdf"])
def test_command_line_writes_the_report(db, graded, tmp_path, suffix):
    out = tmp_path / f"a{suffix}"
    assert cli.main(["--db", str(db.path), "report", "appraisal", str(out), "--year", "2024"]) == 0
    if suffix == ".json":
        data = json.loads(out.read_text("utf-8"))
        assert data["rows"] == [["2024", 5, 2, 1, 1, 0, 1, "40.0%"], ["合计", 5, 2, 1, 1, 0, 1, "40.0%"]]
        assert any(n.startswith("依据：") for n in data["notes"])
    elif suffix == ".xlsx":
        wb = openpyxl.load_workbook(out)
        assert "年度考核结果（按年度）" in wb.sheetnames and "师德考核结果（按学校）" in wb.sheetnames
    else:
        assert out.read_bytes().startswith(b"%PDF")
