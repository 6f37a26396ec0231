"""Issue 21 §5: the 个性化成长清单 as a workbook — every member's goals with their status, from the growth dialog's
导出 Excel… and `talentdesk growth export`; a copy of it imports again without changing anything."""

import openpyxl

from talentdesk.cli import main
from talentdesk.reports import growth_goals
from talentdesk.services.cultivation import growth_import
from tests.services.test_growth_import import GOOD, TODAY, _fill, county  # noqa: F401 (the fixture)


def _imported(db, tmp_path):
    path = _fill(tmp_path / "成长清单.xlsx", GOOD)
    growth_import.apply(db, growth_import.plan(db, [path], today=TODAY))


def test_the_register_lists_every_goal_with_its_status(county, tmp_path):  # noqa: F811
    db, c = county
    _imported(db, tmp_path)
    table = growth_goals.register_table(db, c["p"], today=TODAY)
    assert table.headers[:4] == ("培养项目", "批次", "姓名", "学校")
    assert [(r[2], r[4], r[6], r[7], r[8]) for r in table.rows] == [
        ("张堃", "公开课", "2026-06", "2026-05-12", "已完成"),
        ("张堃", "论文", "2027-06", "", "未完成"),
        ("钱晓", "读书", "2026-12", "", "未完成"),
        ("吉𠮷", "课题", "2027", "", "未完成"),
    ]
    later = growth_goals.register_table(db, c["p"], today=TODAY.replace(year=2027, month=1))  # 2026-12 has passed
    assert [r[8] for r in later.rows] == ["已完成", "未完成", "逾期", "未完成"]


def test_the_exported_workbook_imports_again_unchanged(county, tmp_path):  # noqa: F811
    db, c = county
    _imported(db, tmp_path)
    out = tmp_path / "导出.xlsx"
    assert growth_goals.export(db, out, c["p"]) == 4
    values = [
        [v for v in row if v is not None] for row in openpyxl.load_workbook(out).active.iter_rows(values_only=True)
    ]
    assert [
        "青年骨干教师培养工程",
        "2025",
        "吉𠮷",
        "青禾镇中学",
        "课题",
        "参与一项市级课题",
        "2027",
        "未完成",
    ] in values
    again = growth_import.plan(db, [out], today=TODAY)
    assert [p.text() for p in again.problems if p.severity == growth_import.ERROR] == []
    assert again.ready == [] and again.unchanged == 4


def test_growth_export_on_the_command_line(county, tmp_path, capsys):  # noqa: F811
    db, _c = county
    _imported(db, tmp_path)
    out = tmp_path / "全部.xlsx"
    assert main(["--db", str(db.path), "growth", "export", str(out)]) == 0
    assert "已导出目标 4 个" in capsys.readouterr().out
    assert main(["--db", str(db.path), "growth", "export", str(out), "没有这个项目"]) == 2
    assert "没有培养项目“没有这个项目”" in capsys.readouterr().out
