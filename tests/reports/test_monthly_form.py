"""人才数据月报 as the form sent upward (issue 18 §5): the month's totals and changes, the month-end stock by
学段/学历/职称/年龄段/用人形式, 高层次人才 and key losses, the 预警 indicators, and 单位负责人/填表人/联系电话/
报出日期 with a stamp area, in PDF and Excel alike; from the command line and from the 统计报表 page."""

import datetime as dt
import subprocess

import openpyxl
import pytest

from talentdesk.cli import main
from talentdesk.reports import catalogue
from talentdesk.reports.params import Params
from talentdesk.services.platform import paper_settings
from talentdesk.store.database import open_database
from tests.cultivation_builder import build

TODAY = dt.date.today()
MONTH = (TODAY.year, TODAY.month)
SECTIONS = (
    "一、总量与本月变动",
    "二、月末队伍构成",
    "三、高层次人才与骨干流失",
    "四、预警指标",
    "五、重点指标监测预警",  # issue 22 §3: thresholds and marks
    "六、预警明细",
)


@pytest.fixture
def county(db):
    build(db)
    paper_settings.save(db, unit="禾川县教育和体育局")
    return db


def _monthly(db):
    return catalogue.compute(db, "monthly", Params(month=MONTH, today=TODAY))


def test_the_form_has_every_section_and_its_figures_agree(county):
    rep = _monthly(county)
    assert [p.title.split("（")[0] for p in rep.parts] == list(SECTIONS)
    stock = next(r[2] for r in rep.main.rows if r[:2] == ("月末总量", "在岗教师"))
    comp = rep.parts[1]
    assert comp.rows[0][:3] == ("在岗教师", "合计", stock) and stock > 0
    for group in ("学段", "学历", "职称", "年龄段", "用人形式"):  # each breakdown adds up to the stock
        assert sum(r[2] for r in comp.rows if r[0] == group) == stock, group
    talent = {r[1]: r[2] for r in rep.parts[2].rows}
    assert {"名优教师（骨干及以上、正高级）", "正高级教师", "高级教师", "骨干教师及以上、高级及以上职称教师"} <= set(
        talent
    )
    assert rep.parts[3].rows[0][1].startswith("预警名单人数")
    assert rep.signatures == ("单位负责人", "填表人", "联系电话", "报出日期") and rep.stamp == "（单位盖章）"
    assert rep.summary["parts"]["四、预警指标"]


def test_a_key_talent_leaving_this_month_is_counted_by_reason(county):
    from sqlalchemy import select

    from talentdesk.services.deployment import attrition
    from talentdesk.store.models import Teacher, TitleRecord
    from talentdesk.store.uow import UnitOfWork

    with UnitOfWork(county) as uow:
        tid = uow.session.scalar(select(Teacher.id).where(Teacher.name == "张堃"))
        uow.session.add(TitleRecord(teacher_id=tid, title="高级教师"))
        uow.commit()
    before = {r[1]: r[2] for r in _monthly(county).parts[2].rows}
    attrition.record_separation(county, tid, "辞职", f"{TODAY:%Y-%m}")
    after = {r[1]: r[2] for r in _monthly(county).parts[2].rows}
    key = "骨干教师及以上、高级及以上职称教师"
    assert after[key] == before[key] + 1 and after["其中辞职"] == 1
    assert after["高级教师"] == before["高级教师"] - 1  # no longer in the month-end stock


def test_talent_terms_ending_soon_are_a_warning_line(county):
    from sqlalchemy import select

    from talentdesk.services.recruitment import recognition
    from talentdesk.store.models import Teacher

    line = "引进人才协议、认定期满提醒（90天内）"
    before = {r[1]: r[2] for r in _monthly(county).parts[3].rows}
    assert before[line] == 0
    with county.sessions() as s:
        tid = s.scalar(select(Teacher.id).where(Teacher.name == "张堃"))
    end = TODAY + dt.timedelta(days=40)
    recognition.save_agreement(
        county,
        None,
        {"teacher_id": tid, "kind": "柔性引进", "start": "2024-09-01", "end": f"{end:%Y-%m-%d}", "monthly_pay": "2000"},
    )
    rep = _monthly(county)
    after = {r[1]: r[2] for r in rep.parts[3].rows}
    assert after[line] == 1
    assert "期满提醒" in rep.parts[3].note


def test_pdf_and_excel_carry_the_same_sections_and_signature_block(county, tmp_path):
    rep = _monthly(county)
    pdf = catalogue.render(rep, tmp_path / "m.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for word in (*SECTIONS, "单位负责人", "填表人", "联系电话", "报出日期", "（单位盖章）", "禾川县教育和体育局"):
        assert word in text, word
    wb = openpyxl.load_workbook(catalogue.render(rep, tmp_path / "m.xlsx"))
    assert [ws["A1"].value.split("（")[0] for ws in wb.worksheets] == list(SECTIONS)
    last = [c.value for r in wb.worksheets[-1].iter_rows() for c in r if isinstance(c.value, str)]
    for word in ("单位负责人", "填表人", "联系电话", "报出日期"):
        assert any(v.startswith(word) for v in last), word
    assert any("（单位盖章）" in v for v in last)
    # the composition says on paper that 学段/学历/职称 are today's values, not the month's
    assert "按教师档案中的现值统计" in text.replace("\n", "")
    cells = [c.value for ws in wb.worksheets for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
    assert any("按教师档案中的现值统计" in v for v in cells)


def test_from_the_command_line(tmp_path, capsys):
    path = tmp_path / "c.db"
    db = open_database(path)
    build(db)
    db.dispose()
    month = f"{TODAY:%Y-%m}"
    assert main(["--db", str(path), "settings", "--unit", "禾川县教育和体育局"]) == 0
    for ext in ("pdf", "xlsx"):
        out = tmp_path / f"月报.{ext}"
        assert main(["--db", str(path), "report", "monthly", "--month", month, str(out)]) == 0
        assert out.stat().st_size > 0
    text = subprocess.run(["pdftotext", str(tmp_path / "月报.pdf"), "-"], capture_output=True, text=True).stdout
    assert "二、月末队伍构成" in text and "报出日期" in text
