"""`talentdesk roles list|appoint|kinds|template|import` and `talentdesk export research-roles` (issue 21 §4): a bulk
appointment by names, the list with filters, the template filled and imported (checked first, a problem naming row
and column; an appointment already registered is not imported twice), the register exported."""

import openpyxl

from talentdesk.cli import main
from talentdesk.store.database import open_database
from tests.cultivation_builder import build


def test_appoint_list_template_import_and_export(tmp_path, capsys):
    path = tmp_path / "c.db"
    db = open_database(path)
    build(db)
    db.dispose()
    db_ = ["--db", str(path)]
    args = ["--role", "兼职教研员", "--level", "县级", "--subject", "数学", "--start", "2024-09-01"]
    assert (
        main([*db_, "roles", "appoint", "张堃", "李䶮", *args, "--end", "2027-08-31", "--doc-no", "青教发〔2024〕1号"])
        == 0
    )
    assert "已聘任 2 名教师为县级兼职教研员" in capsys.readouterr().out
    assert main([*db_, "roles", "appoint", "张堃", *args]) == 2  # an overlapping term of the same role and level
    assert "任期不能重叠" in capsys.readouterr().err
    assert main([*db_, "roles", "appoint", "查无此人", *args]) == 1
    assert "没有名为“查无此人”的教师" in capsys.readouterr().out
    assert main([*db_, "roles", "list", "--current"]) == 0
    out = capsys.readouterr().out
    assert "共 2 条任职、2 名教师" in out and "青教发〔2024〕1号" in out
    assert main([*db_, "roles", "kinds"]) == 0
    assert "兼职教研员\t2 条任职记录" in capsys.readouterr().out

    template = tmp_path / "t.xlsx"
    assert main([*db_, "roles", "template", str(template)]) == 0
    wb = openpyxl.load_workbook(template)
    ws = wb.active
    assert [c.value for c in ws[3]][:7] == ["姓名", "身份证号/工号", "学校", "角色", "级别", "学科", "任期开始"]
    for r, values in enumerate(
        (
            ["张堃", "", "", "兼职教研员", "县级", "数学", "2024-09-01"],  # already registered: a note
            ["王建国", "", "", "评委库", "县级", "", "2025-03"],
            ["钱晓", "", "", "评委库", "乡级", "", "2025-03"],
        ),
        start=4,
    ):
        for col, v in enumerate(values, 1):
            ws.cell(r, col, v)
    wb.save(template)
    assert main([*db_, "roles", "import", str(template), "--check"]) == 1
    out = capsys.readouterr().out
    assert "第 6 行，E（级别）列：级别“乡级”不对" in out and "已登记，不重复导入" in out
    assert "可导入教研任职 1 条" in out
    assert main([*db_, "roles", "import", str(template)]) == 1  # imported, with the error row left out
    assert "已导入教研任职 1 条" in capsys.readouterr().out
    assert main([*db_, "roles", "list", "--role", "评委库"]) == 0
    assert "王建国" in capsys.readouterr().out
    exported = tmp_path / "e.xlsx"
    assert main([*db_, "export", "research-roles", str(exported), "--from", "2025"]) == 0
    assert "已导出教研任职 3 行" in capsys.readouterr().out
    values = [c.value for row in openpyxl.load_workbook(exported).active.iter_rows() for c in row if c.value]
    assert "王建国" in values and "评委库" in values
