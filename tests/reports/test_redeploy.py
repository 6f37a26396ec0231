"""调配参考名单 (issue 22 §2, the lists): surplus and shortage by subject and township on the small county of the
recruitment tests (known classes and teachers), and the teachers certified for a higher stage than they teach."""

import datetime as dt
import subprocess

import pytest

from talentdesk.cli import main
from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Scope
from talentdesk.store.models import Certificate
from talentdesk.store.uow import UnitOfWork
from tests.recruitment_builder import YEAR, County


@pytest.fixture
def county(db):
    c = County(db)
    with UnitOfWork(db) as uow:
        for name, kind, subject in (
            ("村小0", "初级中学", "语文"),  # a village primary teacher certified for 初中
            ("城小1", "高中", "语文"),  # an alias: 高级中学
            ("城中0", "初级中学", "语文"),  # the stage she teaches: not listed
        ):
            uow.session.add(Certificate(teacher_id=c.teacher_ids[name], kind=kind, subject=subject))
        uow.commit()
    return c


def _parts(rep):
    return {p.title.split("（")[0]: p for p in rep.parts}


def test_surplus_and_shortage_by_township_and_the_higher_certificates(db, county, tmp_path):
    rep = catalogue.compute(db, "redeploy", Params(year=YEAR, today=dt.date(2026, 9, 1)))
    parts = _parts(rep)
    town = {r[:3]: r[3:] for r in parts["一、学科余缺"].rows}
    # 城关小学: 10 classes; 语文 10×7÷14 = 5 needed, 5 teach it but one retires in 2026
    assert town[("城关镇", "小学", "语文")] == (5.0, 4, 0.0, 1.0)
    assert town[("城关镇", "小学", "数学")] == (3.21, 4, 0.79, 0.0)  # 10×4.5÷14
    assert town[("青山乡", "小学", "体育")] == (1.5, 0, 0.0, 1.5)  # 6 classes, nobody teaches 体育
    assert ("城关镇", "小学", "英语") not in town  # 1.07 needed, 1 there: under half a teacher
    total = parts["一、学科余缺"].rows[-1]
    assert total[0] == "全县合计" and total[5] == rep.summary["surplus"] and total[6] == rep.summary["shortage"]
    schools = {(r[0], r[3]): r[6] for r in parts["二、各学校学科余缺"].rows}
    assert schools[("城关小学", "信息技术")] == 0.5 and schools[("青山村小", "语文")] == -1.0
    certs = parts["三、持高学段教师资格的教师"].rows
    assert [(r[0], r[3], r[5]) for r in certs] == [("城小1", "小学", "高级中学"), ("村小0", "小学", "初级中学")]
    assert rep.summary["higher_certificates"] == 2

    village = catalogue.compute(db, "redeploy", Params(year=YEAR, scope=Scope("school", "青山村小")))
    assert [r[0] for r in _parts(village)["三、持高学段教师资格的教师"].rows] == ["村小0"]

    # PDF and Excel; the command line
    pdf = catalogue.render(rep, tmp_path / "调配.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "持高学段教师资格的教师" in text and "青山乡" in text
    assert main(["--db", str(db.path), "report", "redeploy", str(tmp_path / "调配.xlsx"), "--year", str(YEAR)]) == 0
    assert (tmp_path / "调配.xlsx").exists()
