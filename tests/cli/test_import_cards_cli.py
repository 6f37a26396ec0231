"""`talentdesk import` with registration cards (issue 23 §1): it says the file was read as cards, how many per
sheet, and each card's issues by label and cell; the JSON report carries the card and the cell."""

import json

from talentdesk.cli import main
from talentdesk.store.database import open_database
from talentdesk.store.models import School, Teacher
from tests.importing import card_files as F


def test_import_cards_from_the_command_line(tmp_path, capsys):
    db_path = tmp_path / "county.db"
    db = open_database(db_path)
    with db.sessions() as s:
        s.add_all([School(name=F.SCHOOL, kind="小学"), School(name=F.OTHER_SCHOOL, kind="初中")])
        s.commit()
    db.dispose()
    xlsx, docx = tmp_path / "育英登记表.xlsx", tmp_path / "九中登记表.docx"
    F.write_stacked_xlsx(xlsx, (F.ZHANG, F.LI))
    F.write_docx(docx, (F.WANG,))
    report = tmp_path / "r.json"
    assert main(["--db", str(db_path), "import", str(xlsx), str(docx), "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert "导入完成：新增 2，修改 0，未变 0，退回 1" in out
    assert "育英登记表.xlsx：按登记表读取（一张一位教师），工作表“登记表” 2 张" in out
    assert "九中登记表.docx：按登记表读取（一张一位教师），工作表“Word表格” 1 张" in out
    assert "  第2张登记表（登记表，第11行起，李晓梅）：退回\n    ✖ 身份证号（B14）：身份证号校验位错误" in out
    rows = json.loads(report.read_text(encoding="utf-8"))["files"][0]["rows"]
    assert rows[1]["card"] == {"sheet": "登记表", "first_row": 11, "number": 2}
    assert (rows[1]["issues"][0]["label"], rows[1]["issues"][0]["cell"]) == ("身份证号", "B14")
    db = open_database(db_path)
    with db.sessions() as s:
        assert sorted(t.name for t in s.query(Teacher)) == ["张明远", "王建国"]
    db.dispose()
