"""交流轮岗审批表 and 公示名单: rendered, text extracted with pdftotext, fonts checked with pdffonts."""

import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from talentdesk.domain.policy import Policy
from talentdesk.reports import deployment_tables, staffing
from talentdesk.reports.forms import rotation_approval, rotation_notice
from talentdesk.services.deployment import rotation
from talentdesk.store.models import Teacher
from talentdesk.store.uow import UnitOfWork
from tests.deployment_builder import build

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pytest.fixture
def plan(db):
    ids = build(db)
    with UnitOfWork(db) as uow:
        uow.session.get(Teacher, ids["城1"]).name = "王䶮𠮷堃"
        uow.commit()
    yid = rotation.create_year(db, 2025, policy=Policy())
    rotation.propose(db, yid, Policy())
    rotation.add_proposal(db, yid, ids["城0"], ids["v2"], "音乐教师支援", policy=Policy())
    rows = rotation.proposals(db, yid)
    return yid, [r[0] for r in rows], ids


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_fonts(path):
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


@needs_poppler
def test_approval_form_one_page_per_teacher_with_signature_and_stamp_boxes(db, plan, tmp_path):
    yid, pids, ids = plan
    data = rotation.form_data(db, pids)
    out = rotation_approval.write(data, tmp_path / "审批表.pdf", unit="青禾县教育局")
    text = pdf_text(out)
    assert len(data) == 3 and text.count("\f") == 3  # one page each (11 eligible → 2 proposed, 1 by hand)
    assert "王䶮𠮷堃" in text and "甲村小学" in text and "乙村小学" in text
    for box in (
        "原学校意见",
        "接收学校意见",
        "教育局意见",
        "本人签字",
        "（盖章）",
        "交流理由",
        "2025年9月 至 2028年7月",
    ):
        assert box in text
    assert "骨干" in text  # the plan's reason is printed
    fonts = pdf_fonts(out).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # every font embedded
    assert "Helvetica" not in pdf_fonts(out)
    with pytest.raises(Exception, match="没有选中任何教师"):  # UserError
        rotation_approval.write([], tmp_path / "空.pdf")


@needs_poppler
def test_notice_list_masks_ids_in_pdf_and_excel(db, plan, tmp_path):
    yid, pids, ids = plan
    data = rotation.form_data(db, pids)
    full = data[0]["id_number"]
    pdf = rotation_notice.write_pdf(
        data, tmp_path / "公示.pdf", "青禾县2025年秋季交流轮岗人员名单", unit="青禾县教育局"
    )
    text = pdf_text(pdf)
    assert "公示" in text and "王䶮𠮷堃" in text and full not in text
    assert full[:6] + "********" + full[-4:] in text
    assert "第 1 页 共 1 页" in text
    xlsx = rotation_notice.write_xlsx(data, tmp_path / "公示.xlsx", "公示名单", unit="青禾县教育局")
    ws = load_workbook(xlsx).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0][0] == "公示名单" and "青禾县教育局" in values[1][0]  # title, then the issuer
    assert "公示期" in values[2][0]  # the notice's text, as on paper
    assert values[3][:4] == ["序号", "姓名", "性别", "身份证号"]
    assert all("********" in str(r[3]) for r in values[4:6])
    assert "内部资料" not in (load_workbook(xlsx).active.oddFooter.left.text or "")


def test_report_tables_have_totals(db, plan):
    yid, pids, ids = plan
    quota = deployment_tables.rotation_quota_table(db, 2025, Policy())
    assert quota.rows[-1][0] == "全县合计" and quota.rows[-1][4] == 3
    table = staffing.table(db, policy=Policy())
    assert table.rows[-1][0] == "全县合计" and table.rows[-1][2] == "全部学段"
