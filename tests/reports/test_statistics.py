import datetime as dt
import json
import math

import openpyxl
import pytest

from talentdesk import cli
from talentdesk.domain.policy import Policy
from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Scope

TODAY = dt.date(2026, 3, 15)


def params(**kw):
    kw.setdefault("today", TODAY)
    return Params(**kw)


@pytest.fixture
def balance_county(county):
    c = county
    # 城关小学 (100 students): 4 above 专科, 1 county backbone (exactly 1.0), 2 PE/arts
    c.add("甲", "城关小学", degree="大学本科", backbone=("骨干教师", "县级"))
    c.add("乙", "城关小学", degree="大学专科", subject="体育")
    c.add("丙", "城关小学", degree="中等专科", subject="数学")
    c.add("丁", "城关小学", degree="大学本科", subject="数学", backbone=("教坛新秀", "县级"))
    c.add("戊", "城关小学", degree="大学本科", subject="音乐")
    # 河口小学 (50): one of its own and one rotated in from 城关小学 (counts where she works)
    c.add("己", "河口小学", degree="大学本科")
    c.add("庚", "城关小学", work_school="河口小学", degree="大学本科", subject="美术", backbone=("学科带头人", "市级"))
    # 河口学校 (小学 50, 初中 100)
    c.add("辛", "河口学校", stage="小学", degree="大学专科")
    c.add("壬", "河口学校", stage="初中", degree="大学专科", subject="体育")
    c.add("癸", "河口学校", stage="初中", degree="硕士研究生", subject="数学", backbone=("名师", "县级"))
    c.add("无学段", "河口学校", stage=None, degree="大学本科")
    # 城关中学 (100)
    c.add("子", "城关中学", stage="初中", degree="大学本科")
    c.add("丑", "城关中学", stage="初中", degree="大学本科", subject="美术")
    c.add("寅", "城关中学", stage="初中", degree="大学本科", status="退休", status_date="2025-07")
    c.add("卯", "县一中", stage="高中", degree="大学本科")
    return c


ACTUAL = Policy(balance_small_school_students=0)  # count actual students (the small-school rule is tested below)


def test_balance_indicators_per_school_and_stage(db, balance_county):
    r = catalogue.compute(db, "balance", params(year=2025, policy=ACTUAL))
    rows = {(x[0], x[2]): x for x in r.main.rows}
    assert set(rows) == {
        ("城关小学", "小学"),
        ("河口小学", "小学"),
        ("河口学校", "小学"),
        ("城关中学", "初中"),
        ("河口学校", "初中"),
    }
    cg = rows[("城关小学", "小学")]
    assert cg[3:11] == (100, 5, 4, 4.0, 1, 1.0, 2, 2.0)
    assert cg[11] == "学历差0.20（缺1人）"  # backbone exactly at 1.0 is met
    hk = rows[("河口小学", "小学")]
    assert hk[3:11] == (50, 2, 2, 4.0, 1, 2.0, 1, 2.0)
    assert rows[("河口学校", "初中")][3:11] == (100, 2, 1, 1.0, 1, 1.0, 1, 1.0)
    assert rows[("城关中学", "初中")][4] == 2  # the retired teacher is not counted
    assert "1 名教师" in " ".join(r.notes)  # 无学段 at a two-stage school is not placed, and said so


def test_balance_cv_per_stage_and_indicator(db, balance_county):
    r = catalogue.compute(db, "balance", params(year=2025, policy=ACTUAL))
    cv = r.summary["cv"]
    # 小学 above degree: X = 4, 4, 2 with P = 100, 50, 50; X̄ = 7·100/200 = 3.5
    expect = math.sqrt(0.5 * 0.5**2 + 0.25 * 0.5**2 + 0.25 * 1.5**2) / 3.5
    assert cv["小学"]["above_degree"] == pytest.approx(expect)
    assert r.summary["county"]["小学"]["above_degree"] == pytest.approx(3.5)
    # 小学 backbone: X = 1, 2, 0, X̄ = 1 → CV = √0.5 > 0.50
    assert cv["小学"]["backbone"] == pytest.approx(math.sqrt(0.5))
    assert r.summary["cv_met"]["小学"]["backbone"] is False and r.summary["cv_met"]["小学"]["above_degree"] is True
    # 初中 PE/arts: 1 per 100 at both schools → CV 0, met
    assert cv["初中"]["pe_arts"] == pytest.approx(0.0) and r.summary["cv_met"]["初中"]["pe_arts"]
    assert r.summary["cv_limit"] == {"小学": 0.5, "初中": 0.45}
    shortfalls = {(x[0], x[2], x[3]): x for x in r.parts[2].rows}
    assert shortfalls[("河口小学", "小学", "高于规定学历教师")][4:8] == (4.0, 4.2, 0.2, 1)
    assert ("城关小学", "小学", "县级及以上骨干教师") not in shortfalls


def test_balance_cv_at_the_limit_is_met_and_policy_changes_the_answer(db, balance_county):
    limit = math.sqrt(0.5)
    r = catalogue.compute(
        db,
        "balance",
        params(year=2025, policy=Policy(cv_limit={"小学": limit, "初中": 0.45}, balance_small_school_students=0)),
    )
    assert r.summary["cv_met"]["小学"]["backbone"] is True
    r = catalogue.compute(
        db,
        "balance",
        params(
            year=2025, policy=Policy(above_degree_per100={"小学": 4.0, "初中": 5.3}, balance_small_school_students=0)
        ),
    )
    rows = {(x[0], x[2]): x for x in r.main.rows}
    assert rows[("城关小学", "小学")][11] == "达标"  # 4 per 100 exactly at a standard of 4.0


def test_small_village_schools_count_as_100_students_and_the_85_percent_floor(db, balance_county):
    """教督〔2017〕6号 第九条: a 村小学/教学点 under 100 students counts as 100; below-standard indicators must
    stay at or above 85 % of the standard."""
    r = catalogue.compute(db, "balance", params(year=2025))
    rows = {(x[0], x[2]): x for x in r.main.rows}
    hk = rows[("河口小学", "小学")]  # 乡村 小学, 50 students → computed as 100
    assert hk[3:11] == (50, 2, 2, 2.0, 1, 1.0, 1, 1.0)
    assert rows[("河口学校", "小学")][3:7] == (50, 1, 1, 2.0)  # 镇区 九年一贯制: actual students
    # 小学 above degree: X = 4, 2, 2 with P = 100, 100 (河口小学 as 100), 50
    n = 250
    mean = (4 + 2 + 1) * 100 / n
    expect = math.sqrt(100 / n * (4 - mean) ** 2 + 100 / n * (2 - mean) ** 2 + 50 / n * (2 - mean) ** 2) / mean
    assert r.summary["cv"]["小学"]["above_degree"] == pytest.approx(expect)
    assert any("河口小学（50人）" in n and "教督〔2017〕6号" in n for n in r.notes)
    short = {(x[0], x[3]): x for x in r.parts[2].rows}
    above = short[("河口小学", "高于规定学历教师")]  # 2.0 of 4.2: 48 %, below the 85 % floor
    assert above[8:] == ("48%", "否")
    city = short[("城关小学", "高于规定学历教师")]  # 4.0 of 4.2: 95 %
    assert city[8:] == ("95%", "是")


def test_balance_of_a_past_school_year_counts_the_teachers_of_that_year(db, balance_county):
    """2024—2025: teachers in service on 2024-09-01, where they worked then (not today's teachers)."""
    c = balance_county
    c.add("新人", "城关小学", post_start="2025-09", degree="硕士研究生")  # joined after 2024-09-01
    c.add("退休者", "河口小学", degree="大学本科", status="退休", status_date="2025-07")  # left after it
    now = catalogue.compute(db, "balance", params(year=2025))
    past = catalogue.compute(db, "balance", params(year=2024))
    rows_now = {(x[0], x[2]): x for x in now.main.rows}
    rows_past = {(x[0], x[2]): x for x in past.main.rows}
    # 城关小学: 新人 counts only now; 庚 (rotated to 河口小学 from 2025-09) still worked here in 2024
    assert rows_now[("城关小学", "小学")][4] == 6 and rows_past[("城关小学", "小学")][4] == 5 + 1
    ids_past = set(past.teacher_ids[(0, list(rows_past).index(("城关小学", "小学")), 4)])
    assert c.teacher["庚"] in ids_past and c.teacher["新人"] not in ids_past
    # 河口小学: 己 and 庚 now; 己 and 退休者 in 2024
    ids_hk = set(past.teacher_ids[(0, list(rows_past).index(("河口小学", "小学")), 4)])
    assert ids_hk == {c.teacher["己"], c.teacher["退休者"]}
    assert rows_past[("河口小学", "小学")][3] == 40  # the 2024 student figures
    assert "2024年09月01日" in past.notes[0]


def test_balance_scope_json_and_excel(db, balance_county, tmp_path):
    out = tmp_path / "b.json"
    assert (
        cli.main(["--db", str(db.path), "report", "balance", str(out), "--year", "2025", "--scope", "township:河口镇"])
        == 0
    )
    data = json.loads(out.read_text("utf-8"))
    assert [(x[0], x[2]) for x in data["rows"]] == [("河口小学", "小学"), ("河口学校", "小学"), ("河口学校", "初中")]
    assert set(data["summary"]["cv"]) == {"小学", "初中"}
    xlsx = tmp_path / "b.xlsx"
    assert cli.main(["--db", str(db.path), "report", "balance", str(xlsx), "--year", "2025"]) == 0
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["教师指标（按学校、学段）", "差异系数", "未达标学校"]
    ws = wb["教师指标（按学校、学段）"]
    first = [c.value for c in ws[4]]  # under the title, the 填报单位 line and the header
    assert first[:5] == ["城关小学", "城关镇", "小学", 100, 5] and first[6] == 4.0
    assert wb["差异系数"]["A4"].value == "小学"


def test_structure_by_school_with_township_and_county_totals(db, county):
    c = county
    c.add("男一", "城关小学", gender="男", birth=dt.date(1996, 3, 16), degree="硕士研究生", title="二级教师")  # 29
    c.add("女一", "城关小学", birth=dt.date(1996, 3, 15), title="高级教师", form="特岗")  # 30 today
    c.add(
        "女二", "河口小学", birth=dt.date(1970, 1, 1), degree="大学专科", subject="体育", backbone=("骨干教师", "市级")
    )  # 56
    c.add(
        "女三", "县一中", stage="高中", birth=dt.date(1971, 3, 15), title="正高级教师", backbone=("特级教师", "省级")
    )  # 55
    c.add("退休", "河口小学", status="退休", status_date="2025-07")
    r = catalogue.compute(db, "structure", params())
    sex_age = {row[0]: row for row in r.parts[0].rows}
    assert list(sex_age) == ["城关小学", "县一中", "城关镇小计", "河口小学", "河口镇小计", "全县合计"]
    h = r.parts[0].headers
    assert sex_age["城关小学"][h.index("合计")] == 2 and sex_age["城关小学"][h.index("男")] == 1
    assert sex_age["城关小学"][h.index("29岁及以下")] == 1 and sex_age["城关小学"][h.index("30—34岁")] == 1
    assert sex_age["全县合计"][h.index("55岁及以上")] == 2
    assert sex_age["城关镇小计"][h.index("合计")] == 3 and sex_age["全县合计"][h.index("合计")] == 4
    dt_ = {row[0]: row for row in r.parts[1].rows}
    h1 = r.parts[1].headers
    assert dt_["城关小学"][h1.index("研究生")] == 1 and dt_["河口小学"][h1.index("专科")] == 1
    assert dt_["全县合计"][h1.index("正高级")] == 1 and dt_["全县合计"][h1.index("高级")] == 1
    ss = {row[0]: row for row in r.parts[2].rows}
    h2 = r.parts[2].headers
    assert ss["全县合计"][h2.index("高中")] == 1 and ss["全县合计"][h2.index("体育艺术")] == 1
    fb = {row[0]: row for row in r.parts[3].rows}
    h3 = r.parts[3].headers
    assert fb["全县合计"][h3.index("特岗")] == 1 and fb["全县合计"][h3.index("在编")] == 3
    assert fb["全县合计"][h3.index("省级及以上骨干")] == 1 and fb["河口镇小计"][h3.index("市级骨干")] == 1
    assert r.parts[0].emphasis == frozenset({2, 4, 5})
    # the teachers behind a figure
    r = catalogue.compute(db, "structure", params(options={"drill": True}))
    assert sorted(r.teacher_ids[(0, 0, h.index("男"))]) == [c.teacher["男一"]]
    one_school = catalogue.compute(db, "structure", params(scope=Scope("school", "河口小学")))
    assert [row[0] for row in one_school.main.rows] == ["河口小学"]


def test_one_backbone_definition_in_structure_and_balance(db, balance_county):
    """教坛新秀 is not 骨干: 队伍结构's 骨干 columns and 优质均衡's 县级及以上骨干 count the same teachers."""
    structure = catalogue.compute(db, "structure", params())
    part = structure.parts[3]
    total = part.rows[-1]
    county_and_up = sum(total[part.headers.index(f"{g}骨干")] for g in ("省级及以上", "市级", "县级"))
    assert total[part.headers.index("县级骨干")] == 2  # 甲 and 癸 (名师); 丁 (县级教坛新秀) is not counted
    assert county_and_up == 3  # 甲, 癸 and 庚 (市级学科带头人): the balance report's 县级及以上骨干 (test above)


@pytest.fixture
def yearly_county(county):
    c = county
    c.add("老教师", "城关小学", post_start="2000-09", title="高级教师", title_obtained="2025-12")
    c.add("新招", "城关小学", post_start="2025-09", source="公开招聘", title=None)
    c.add("特岗", "河口小学", post_start="2025-09", source="特岗转入", form="特岗", title=None)
    c.add("去年", "河口小学", post_start="2024-08", source="公费师范生", title="二级教师", title_obtained="2025-09")
    c.add("退休", "河口小学", post_start="1990-09", status="退休", status_date="2025-07")
    c.add("调出", "城关中学", post_start="2010-09", status="调出", status_date="2024-03")
    c.add(
        "支教",
        "城关小学",
        work_school="河口小学",
        placement_kind="支教",
        placement_start="2025-09",
        honours=(("优秀教师", "县级", "2025-09"), ("师德标兵", "市级", "2024-09")),
        backbone=("骨干教师", "县级"),
    )
    return c


def _figures(report):
    return {(row[0], row[1]): row[2:] for row in report.main.rows}


def test_annual_figures_beside_the_previous_year(db, yearly_county):
    r = catalogue.compute(db, "annual", params(year=2025))
    f = _figures(r)
    assert f[("补充教师", "合计")][:2] == (2, 1)
    assert f[("补充教师", "公开招聘")][:2] == (1, 0) and f[("补充教师", "特岗计划")][:2] == (1, 0)
    assert f[("补充教师", "公费师范生")][:2] == (0, 1)
    assert f[("队伍总量", "年末在岗教师")][:3] == (5, 4, 1)  # end 2024: 老教师 去年 退休 支教 (调出 left 2024-03)
    assert f[("队伍总量", "其中高级教师")][:2] == (1, 0)
    assert f[("职称晋升", "高级教师")][:2] == (1, 0) and f[("职称晋升", "二级教师")][:2] == (1, 0)
    assert f[("交流轮岗", "支教")][:2] == (1, 0)
    assert f[("荣誉表彰", "县级")][:2] == (1, 0) and f[("荣誉表彰", "市级")][:2] == (0, 1)
    assert f[("骨干称号", "县级")][:2] == (0, 1)  # designated 2024-09 in the fixture
    assert f[("人员减少", "退休")][:2] == (1, 0) and f[("人员减少", "调出")][:2] == (0, 1)
    assert r.summary["figures"]["补充教师"]["合计"] == {"this": 2, "last": 1}


def test_monthly_stock_and_changes_against_last_month(db, yearly_county, tmp_path):
    r = catalogue.compute(db, "monthly", params(month=(2025, 9)))
    f = _figures(r)
    assert f[("月末总量", "在岗教师")] == (5, 3, 2)  # August: 老教师 去年 支教 (退休 left in July)
    assert f[("增加", "新进教师")] == (2, 0, 2)
    assert f[("职称", "取得职称")] == (1, 0, 1)
    assert f[("变动", "交流、支教等工作安排")][0] == 1
    out = tmp_path / "m.pdf"
    catalogue.render(r, out)
    assert out.stat().st_size > 1000
