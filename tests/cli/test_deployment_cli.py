"""`talentdesk export placements|staffing|rotation-plan|rural-honour` and the unchanged `export rotations`."""

from openpyxl import load_workbook

from talentdesk.cli import main
from talentdesk.reports.exports import ROTATION_HEADERS
from talentdesk.services.deployment import placements
from talentdesk.store.database import open_database
from tests.deployment_builder import build


def header(path, sheet=0):
    """The header row: the first row after the printed title lines (rows with only their first cell set)."""
    wb = load_workbook(path)
    ws = wb.worksheets[sheet]
    row = next(r for r in ws.iter_rows() if sum(c.value is not None for c in r) > 1 or len(r) == 1)
    return [c.value for c in row], ws.max_row


def test_exports(tmp_path, capsys):
    path = tmp_path / "c.db"
    db = open_database(path)
    ids = build(db)
    placements.save(
        db,
        None,
        dict(teacher_id=ids["城2"], to_school_id=ids["v1"], kind="支教", start="2025-09", planned_end="2026-07"),
    )
    db.dispose()
    assert main(["--db", str(path), "export", "rotations", str(tmp_path / "r.xlsx")]) == 0
    assert header(tmp_path / "r.xlsx")[0] == list(ROTATION_HEADERS)  # the importer's fixed columns, unchanged
    assert main(["--db", str(path), "export", "placements", str(tmp_path / "p.xlsx")]) == 0
    cols, n = header(tmp_path / "p.xlsx")
    assert cols[:5] == ["姓名", "身份证号", "原学校", "交流学校", "交流方式"] and "状态" in cols
    assert main(["--db", str(path), "export", "staffing", str(tmp_path / "s.xlsx")]) == 0
    cols, n = header(tmp_path / "s.xlsx")
    assert cols[:4] == ["学校", "城乡类型", "学段", "学生数"] and "核定编制" in cols
    out = capsys.readouterr().out
    assert "编制测算表" in out
    assert main(["--db", str(path), "export", "rotation-plan", str(tmp_path / "y.xlsx")]) == 2  # no year yet
    assert "还没有建立交流轮岗年度" in capsys.readouterr().err
    assert main(["--db", str(path), "export", "rural-honour", str(tmp_path / "h.xlsx")]) == 0
    assert len(load_workbook(tmp_path / "h.xlsx").worksheets) == 3
