"""Monitoring figures (issue 22 §3) on a small built county with known watched teachers, responses and separations:
管理响应 in the 人才数据月报, the responses export from the command line."""

import openpyxl
import pytest

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


def test_annual_statistics_count_reasons_destinations_and_key_talent_losses(db):
    build(db)
    rep = catalogue.compute(db, "annual", Params(year=2025, today=TODAY))
    got = {(r[0], r[1]): r[2] for r in rep.main.rows}
    # 城退 retired: not a loss by reason, destination or key talent
    assert got[("人员减少", "其中关键人才流失（不含退休、去世）")] == 3  # 城硕 硕士, 甲高 高级, 甲骨 县级骨干
    assert got[("流失原因", "考录公务员")] == 1 and got[("流失原因", "两地分居")] == 1
    assert got[("流失原因", "到民办/外地学校")] == 1 and got[("流失原因", "待遇")] == 1
    assert got[("流失原因", "原因未分类")] == 0
    assert got[("流失去向", "机关事业单位")] == 1 and got[("流失去向", "民办学校")] == 1
    assert got[("流失去向", "外县（市）公办学校")] == 1 and got[("流失去向", "去向未填")] == 1


def test_key_talent_losses_over_any_period_and_scope_follow_the_policy(db):
    from talentdesk.domain.policy import Policy
    from talentdesk.reports.params import parse_period

    build(db)
    half = parse_period("2025-01", "2025-06", None, TODAY)
    rep = catalogue.compute(db, "annual", Params(period=half, today=TODAY))
    key = next(r for r in rep.main.rows if r[1].startswith("其中关键人才流失"))
    assert key[-1] == 2  # 城硕 (03), 甲高 (06)
    village = catalogue.compute(db, "annual", Params(period=half, today=TODAY, scope=Scope("school", "甲村小学")))
    assert next(r for r in village.main.rows if r[1].startswith("其中关键人才流失"))[-1] == 1
    strict = Policy(
        key_talent_min_title="高级教师", key_talent_designation_level="不计", key_talent_min_degree="博士研究生"
    )
    rep = catalogue.compute(db, "annual", Params(year=2025, today=TODAY, policy=strict))
    assert next(r for r in rep.main.rows if r[1].startswith("其中关键人才流失"))[2] == 1  # 甲高 only


def test_the_monthly_report_and_the_attrition_report_show_key_talent_losses_and_codes(db):
    build(db)
    june = catalogue.compute(db, "monthly", Params(month=(2025, 6), today=TODAY))
    assert _rows(june, "三、高层次人才与骨干流失")[("本月流失", "关键人才流失（不含退休、去世）")] == 1  # 甲高
    july = catalogue.compute(db, "monthly", Params(month=(2025, 7), today=TODAY))
    assert (
        _rows(july, "三、高层次人才与骨干流失")[("本月流失", "关键人才流失（不含退休、去世）")] == 1
    )  # 甲骨; 城退 retired
    from talentdesk.reports.params import parse_period

    rep = catalogue.compute(db, "attrition", Params(period=parse_period("2025", "2025", None, TODAY), today=TODAY))
    tables = {p.title: {r[0]: r[-1] for r in p.rows} for p in rep.parts}
    assert tables["教师减少情况（按关键人才）"] == {
        "关键人才": 3,
        "其他教师": 1,
        "退休、去世（不计流失）": 1,
        "合计": 5,
    }
    assert tables["教师减少情况（按离岗原因）"]["考录公务员"] == 1 and tables["教师减少情况（按离岗原因）"]["退休"] == 1
    assert tables["教师减少情况（按去向类别）"]["去向未填"] == 1
    assert tables["教师减少情况（按去向省份）"]["山东省"] == 1 and tables["教师减少情况（按去向省份）"]["省份未填"] == 3


def test_the_monthly_report_over_a_period_has_key_talent_losses_each_month(db):
    from talentdesk.reports.params import parse_period

    build(db)
    rep = catalogue.compute(db, "monthly", Params(period=parse_period("2025-01", "2025-08", None, TODAY), today=TODAY))
    row = next(r for r in rep.main.rows if r[:2] == ("减少", "其中关键人才流失（不含退休、去世）"))
    assert row[2:] == (0, 0, 1, 0, 0, 1, 1, 0, 3)  # 城硕 03, 甲高 06, 甲骨 07; 合计 3
    one = catalogue.compute(db, "monthly", Params(month=(2025, 7), today=TODAY))
    assert next(r for r in one.main.rows if r[1] == "其中关键人才流失（不含退休、去世）")[2:] == (1, 1, 0)


def _kpi(rep):
    part = next(p for p in rep.parts if p.title == "五、重点指标监测预警")
    return {r[0].split("（")[0]: r[1:] for r in part.rows}


def test_the_monthly_report_marks_each_key_indicator_against_the_bureaus_thresholds(db, tmp_path):
    """五、重点指标: value, 关注 and 预警 lines from the settings, the mark; 六、预警明细: who is behind them."""
    import subprocess

    from talentdesk.errors import ValidationError
    from talentdesk.services.platform import settings

    build(db)
    july = catalogue.compute(db, "monthly", Params(month=(2025, 7), today=TODAY))
    got = _kpi(july)
    # 甲骨 (县级骨干) left the village school in July: 1 key-talent loss, 1 of the 4 rural teachers at July 1
    assert got["关键人才流失"] == ("1", "0", "2", "关注")
    assert got["乡村教师流失率"] == ("25.0%（1/4）", "0.5%", "1.0%", "预警")
    assert got["逾期未跟进的管理响应"] == ("0", "0", "5", "正常")
    assert got["流失倾向教师占在岗比例"][3] == "预警"
    detail = next(p for p in july.parts if p.title.startswith("六、预警明细"))
    assert ("关键人才流失", "甲骨", "甲村小学", "辞职") in detail.rows
    assert ("乡村教师流失率", "甲骨", "甲村小学", "辞职") in detail.rows
    october = catalogue.compute(db, "monthly", Params(month=(2025, 10), today=TODAY))
    got = _kpi(october)
    assert got["关键人才流失"][3] == "正常" and got["乡村教师流失率"] == ("0.0%（0/2）", "0.5%", "1.0%", "正常")
    assert got["逾期未跟进的管理响应"] == ("1", "0", "5", "关注")  # 甲硕, follow-up 2025-09-30
    detail = next(p for p in october.parts if p.title.startswith("六、预警明细"))
    assert ("逾期未跟进的管理响应", "甲硕", "甲村小学", "跟进日期 2025-09-30，谈话人 王股长") in detail.rows
    assert not any(r[0] == "关键人才流失" for r in detail.rows)  # 正常: nobody listed

    # the bureau raises the lines: July's key-talent loss is 正常, the rural rate only 关注
    policy = settings.load_policy(db)
    policy.kpi_key_losses = {"关注": 1, "预警": 3}
    policy.kpi_rural_loss_rate = {"关注": 0.2, "预警": 0.3}
    settings.save_policy(db, policy)
    july = catalogue.compute(db, "monthly", Params(month=(2025, 7), today=TODAY))
    got = _kpi(july)
    assert got["关键人才流失"] == ("1", "1", "3", "正常")
    assert got["乡村教师流失率"] == ("25.0%（1/4）", "20.0%", "30.0%", "关注")
    with pytest.raises(ValidationError) as e:
        policy.kpi_overdue_responses = {"关注": 6, "预警": 5}
        settings.save_policy(db, policy)
    assert e.value.problems == {"kpi_overdue_responses.关注": "关注线不能高于预警线"}

    # PDF and Excel carry both parts
    pdf = catalogue.render(july, tmp_path / "月报.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "五、重点指标监测预警" in text and "六、预警明细" in text and "25.0%（1/4）" in text
    wb = openpyxl.load_workbook(catalogue.render(july, tmp_path / "月报.xlsx"))
    ws = wb["五、重点指标监测预警"]
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "乡村教师流失率（本月流失 ÷ 月初在岗）" in cells and "关注" in cells
