"""Issue 21 §5: the 课题 register from the command line — the blank template filled and imported (checked first),
the list, one project shown, the Excel export and the report."""

import openpyxl
import pytest

from talentdesk.cli import main
from talentdesk.importing import templates
from talentdesk.services.cultivation import research
from tests.cultivation_builder import build

TITLE = "农村初中数学分层作业设计研究"


@pytest.fixture
def county(db):
    build(db)
    url = db.engine.url
    path = url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=False)
    return db, path


def test_template_import_list_show_export_and_report(county, tmp_path, capsys):
    db, path = county
    template = tmp_path / "课题模板.xlsx"
    assert main(["--db", path, "research", "template", str(template)]) == 0
    wb = openpyxl.load_workbook(template)
    ws = wb.active
    heads = [c.value for c in ws[templates.HEADER_ROW]]
    assert heads[:3] == ["课题名称", "级别", "类别"] and heads[-4:] == ["姓名", "身份证号/工号", "学校", "角色"]
    col = {h: i for i, h in enumerate(heads, 1)}
    rows = [
        {
            "课题名称": TITLE,
            "级别": "市级",
            "类别": "一般课题",
            "立项单位": "市教育科学研究院",
            "立项编号": "SJ2025-031",
            "立项日期": "2025-04",
            "计划结题": "2027-04",
            "姓名": "张堃",
            "学校": "青禾镇中学",
            "角色": "主持人",
        },
        {"课题名称": TITLE, "级别": "市级", "立项日期": "2025-04", "姓名": "吉𠮷", "角色": "核心成员"},
        {"课题名称": TITLE, "级别": "市级", "立项日期": "2025-04", "计划结题": "2025-01", "姓名": "赵小青"},
    ]
    for r, values in enumerate(rows, templates.FIRST_DATA_ROW):
        for h, v in values.items():
            ws.cell(r, col[h], v)
    wb.save(template)
    assert main(["--db", path, "research", "import", str(template), "--check"]) == 1
    out = capsys.readouterr().out
    assert "第 6 行，G（计划结题）列：同一项课题的计划结题前后不一致（“2027-04”与“2025-01”）" in out
    assert research.list_rows(db) == []  # --check writes nothing
    ws.cell(6, col["计划结题"]).value = None
    wb.save(template)
    assert main(["--db", path, "research", "import", str(template)]) == 0
    assert "已导入课题 1 项、课题组成员 3 人次" in capsys.readouterr().out
    assert main(["--db", path, "research", "list", "--level", "市级"]) == 0
    out = capsys.readouterr().out
    assert TITLE in out and "张堃" in out and "共 1 项课题，课题组成员 3 人次" in out
    pid = research.list_rows(db)[0].id
    assert main(["--db", path, "research", "show", str(pid)]) == 0
    out = capsys.readouterr().out
    assert f"{TITLE}（市级一般课题，立项）" in out and "立项编号：SJ2025-031" in out and "核心成员\t吉𠮷" in out
    exported = tmp_path / "课题.xlsx"
    assert main(["--db", path, "export", "research-projects", str(exported), "--year", "2025"]) == 0
    values = [c.value for r in openpyxl.load_workbook(exported).active.iter_rows() for c in r if c.value]
    assert TITLE in values and "张堃" in values and "吉𠮷" in values
    report = tmp_path / "课题统计.pdf"
    assert main(["--db", path, "report", "research-projects", "--year", "2025", str(report)]) == 0
    assert report.stat().st_size > 0
