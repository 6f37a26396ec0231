"""Issue 21 §5 on the command line: `growth template OUT.xlsx [项目]`, `growth import FILE… [--check]` (problems by
file, sheet, row and column; any error imports nothing; a re-import adds nothing), and `growth list [项目]` beside
the bare `growth [项目]` of before."""

import openpyxl
import pytest

from talentdesk.services.cultivation import growth, programmes
from tests.cultivation_builder import build

SHEET = "成长目标（每个目标一行）"


@pytest.fixture
def county(db):
    c = build(db)
    t = c["t"]
    pid = programmes.save(
        db,
        None,
        {"name": "青年骨干", "kind": "培养项目", "level": "县级", "cohort": "2025", "start": "2025-09"},
        [{"teacher_id": t["张堃"]}, {"teacher_id": t["钱晓"]}],
    )
    return db, pid


def _cli_path(db) -> str:
    url = db.engine.url
    return url.database if url.get_backend_name() == "sqlite" else url.render_as_string(hide_password=False)


def test_growth_template_import_check_and_list(county, tmp_path, capsys):
    db, pid = county
    from talentdesk.cli import main

    path = _cli_path(db)
    out = tmp_path / "成长清单.xlsx"
    assert main(["--db", path, "growth", "template", str(out), "青年骨干（2025）"]) == 0
    assert "已保存成长清单模板" in capsys.readouterr().out
    assert main(["--db", path, "growth", "template", str(out), "没有的项目"]) == 2
    assert main(["--db", path, "growth", "template"]) == 2
    capsys.readouterr()
    wb = openpyxl.load_workbook(out)
    ws = wb[SHEET]
    assert [ws.cell(3, i).value for i in (1, 3, 6, 7, 8, 9)] == [
        "培养项目",
        "姓名",
        "目标类型",
        "目标内容",
        "计划完成",
        "完成日期",
    ]
    assert [ws.cell(r, 3).value for r in (4, 5)] == ["张堃", "钱晓"]
    for r, (kind, text, due) in enumerate((("读书", "精读专著 6 本", "2026-06"), ("论文", "", "2026-06")), 4):
        for col, v in ((6, kind), (7, text), (8, due)):
            ws.cell(r, col, v)
    wb.save(out)
    assert main(["--db", path, "growth", "import", str(out), "--check"]) == 1
    printed = capsys.readouterr().out
    assert f"[错误] 成长清单.xlsx，工作表“{SHEET}”第 5 行，G（目标内容）列：请填写目标内容" in printed
    assert main(["--db", path, "growth", "import", str(out)]) == 1  # an error: nothing imported
    assert "全部不导入" in capsys.readouterr().out
    assert sum(m["goals"] for m in growth.members(db, pid)) == 0
    ws.cell(5, 7, "发表一篇论文")
    wb.save(out)
    assert main(["--db", path, "growth", "import", str(out), "--check"]) == 0
    assert "可导入新目标 2 个" in capsys.readouterr().out
    assert sum(m["goals"] for m in growth.members(db, pid)) == 0  # --check writes nothing
    assert main(["--db", path, "growth", "import", str(out)]) == 0
    assert "已导入新目标 2 个、更新 0 个（导入批次" in capsys.readouterr().out
    assert main(["--db", path, "growth", "import", str(out)]) == 0
    assert "2 个目标已登记且无变化" in capsys.readouterr().out
    assert sum(m["goals"] for m in growth.members(db, pid)) == 2
    for words in (["growth"], ["growth", "list"]):
        assert main(["--db", path, *words]) == 0
        assert "青年骨干（2025）\t2\t2\t2\t0\t" in capsys.readouterr().out
    for words in (["growth", "青年骨干（2025）"], ["growth", "list", "青年骨干"]):
        assert main(["--db", path, *words]) == 0
        assert "张堃\t青禾镇中学\t1\t0\t" in capsys.readouterr().out
