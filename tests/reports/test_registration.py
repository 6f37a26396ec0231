import io
import shutil
import subprocess

import pytest

from talentdesk import cli
from talentdesk.domain.dates import PartialDate
from talentdesk.reports import catalogue
from talentdesk.reports.params import Params
from talentdesk.store.models import Placement, Teacher
from talentdesk.store.uow import UnitOfWork

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (50, 70), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def _many_moves(s, tid):
    for year in range(2012, 2019):
        s.add(
            Placement(
                teacher_id=tid,
                to_school_id=1,
                kind="支教",
                start=PartialDate(year, 9),
                actual_end=PartialDate(year + 1, 7),
                status="期满返回",
            )
        )


@pytest.fixture
def forms(county):
    c = county
    c.add(
        "王䶮",
        "城关小学",
        extra=c.full_record,
        honours=(("优秀教师", "县级", "2024-09"),),
        backbone=("骨干教师", "县级"),
    )
    c.add("吉𠮷", "城关小学", gender="男", extra=_many_moves)
    c.add("李堃", "河口小学")
    with UnitOfWork(c.db) as uow:
        uow.session.get(Teacher, c.teacher["王䶮"]).photo = _png()
        uow.commit()
    return c


def _text(path, *args) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", *args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_form_and_its_continuation_per_teacher_of_a_school_with_every_section(db, forms, tmp_path):
    out = tmp_path / "reg.pdf"
    assert cli.main(["--db", str(db.path), "report", "registration", str(out), "--scope", "school:城关小学"]) == 0
    pages = [p for p in _text(out).split("\f") if p.strip()]
    assert len(pages) == 4  # each teacher: the form and its 续页 (issue 18 §4)
    first = pages[0]
    # section labels are printed vertically, so look for each section's column headings
    for word in (
        "教师信息登记表",
        "王䶮",
        "毕业院校",
        "证书编号",
        "聘任时间",
        "起止时间",
        "称号或荣誉",
        "培训项目",
        "本人签字",
        "学校盖章",
        "单位盖章",
        "禾川师范高等专科学校",
        "优秀教师",
        "2024年度",
        "优秀",
        "第 1 页 共 2 页",
        "内部资料",
    ):  # numbered per teacher, however many share the file
        assert word in first.replace(" ", "") or word in first, word
    assert "无记录" in first  # no training kept for her
    id_number = db.sessions().get(Teacher, forms.teacher["王䶮"]).id_number
    assert id_number in first  # forms carry the full number unless --mask
    for word in (
        "教师信息登记表（续）",
        "王䶮",
        "国籍/地区",
        "婚姻状况",
        "普通话等级",
        "信息技术应用能力",
        "培训",
        "第 2 页 共 2 页",
    ):
        assert word in pages[1].replace(" ", "") or word in pages[1], word
    assert "吉𠮷" in pages[2] and "第 1 页 共 2 页" in pages[2]
    assert "另有较早的" in pages[2]  # 7 placements + 1 post in 5 lines
    listed = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert all(" yes yes " in line for line in listed.splitlines()[2:])
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True).stdout
    assert len(images.splitlines()) - 2 == 1  # her photo, on her page only


def test_teacher_list_masking_and_excel(db, forms, tmp_path):
    ids = [forms.teacher["李堃"], forms.teacher["王䶮"]]
    r = catalogue.compute(db, "registration", Params(teacher_ids=ids, options={"mask": True}))
    assert [f.basic["name"] for f in r.form.forms] == ["李堃", "王䶮"]
    assert all("********" in f.basic["id_shown"] for f in r.form.forms)
    out = tmp_path / "reg.xlsx"
    catalogue.render(r, out)
    import openpyxl

    ws = openpyxl.load_workbook(out).active
    sections = {row[2] for row in ws.iter_rows(min_row=2, values_only=True) if row[0]}
    assert {"基本情况", "学历", "职称", "工作经历", "培训"} <= sections
    js = tmp_path / "reg.json"
    assert cli.main(["--db", str(db.path), "report", "registration", str(js), "--teacher", str(ids[0])]) == 0


def test_training_section_lists_records_when_the_tables_exist(db, forms, tmp_path):
    from sqlalchemy import inspect

    with db.engine.connect() as conn:
        if not inspect(conn).has_table("training_record"):
            pytest.skip("training tables not in this schema yet")
    from sqlalchemy import MetaData, Table, insert

    md = MetaData()
    with db.engine.begin() as conn:
        course = Table("training_course", md, autoload_with=conn)
        rec = Table("training_record", md, autoload_with=conn)
        values = {"name": "国培计划乡村教师研修", "level": "国家级", "start": "2025-07", "hours": 60}
        cid = conn.execute(
            insert(course).values({k: v for k, v in values.items() if k in course.c})
        ).inserted_primary_key[0]
        conn.execute(insert(rec).values(course_id=cid, teacher_id=forms.teacher["李堃"], hours=60))
    out = tmp_path / "t.pdf"
    r = catalogue.compute(db, "registration", Params(teacher_ids=[forms.teacher["李堃"]]))
    catalogue.render(r, out)
    assert "国培计划乡村教师研修" in _text(out)
