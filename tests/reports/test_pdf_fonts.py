import shutil
import subprocess

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from talentdesk.reports.pdf import fonts

RARE = "王䶮 吉𠮷 李堃 张喆"


def test_rare_name_characters_all_have_a_font():
    chain = fonts.body()
    assert chain.missing(RARE + "教师信息登记表（盖章）") == set()
    assert len({name for name, _ in chain.runs(RARE)}) >= 1


def test_heading_chain_prints_chinese():
    assert fonts.heading().missing("交流轮岗审批表") == set()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_text_round_trips_rare_characters(tmp_path):
    out = tmp_path / "rare.pdf"
    c = canvas.Canvas(str(out), pagesize=A4)
    fonts.draw_string(c, 72, 700, RARE, 14)
    fonts.draw_string(c, A4[0] / 2, 650, "教师信息登记表", 18, fonts.heading(), align="center")
    c.save()
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    for name in RARE.split():
        assert name in text
    fonts_listed = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "yes" in fonts_listed  # embedded (subset) fonts
