"""The command line, run in-process through main([...]) as a clerk or a script would."""

import json
import shutil
import sqlite3
import subprocess
import sys
import types

import pytest
from openpyxl import load_workbook

from talentdesk.cli import main
from talentdesk.domain import idnumber
from talentdesk.reports.roster import HEADERS


@pytest.fixture(scope="module")
def demo_db(demo_templates, tmp_path_factory):
    """The demo county (seed 2026), a copy of the session's template shared by this module's read-only tests."""
    return demo_templates.copy(tmp_path_factory.mktemp("cli") / "demo.db")


def scalar(path, query):
    con = sqlite3.connect(path)
    try:
        return con.execute(query).fetchone()[0]
    finally:
        con.close()


def read_sheet(path):
    ws = load_workbook(path).active
    return ws, [[c for c in row] for row in ws.iter_rows()]


def test_demo_prints_a_chinese_summary_and_progress(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "d.db"), "demo"]) == 0
    out, err = capsys.readouterr()
    assert "已生成演示数据" in out and "教师" in out
    assert "100%" in err


def test_demo_into_a_database_with_teachers_is_refused(demo_db, capsys):
    assert main(["--db", str(demo_db), "demo"]) == 2
    out, err = capsys.readouterr()
    assert "已有" in err and "Traceback" not in err


def test_export_teachers_full_ids_as_text(demo_db, tmp_path, capsys):
    out = tmp_path / "花名册.xlsx"
    assert main(["--db", str(demo_db), "export", "teachers", str(out)]) == 0
    ws, rows = read_sheet(out)
    assert tuple(c.value for c in rows[0]) == HEADERS
    assert rows[0][0].font.b and ws.freeze_panes == "A2"
    active = scalar(demo_db, "SELECT count(*) FROM teacher WHERE status = '在岗'")
    assert len(rows) - 1 == active
    col = HEADERS.index("身份证号")
    for row in rows[1:]:
        cell = row[col]
        assert cell.data_type == "s" and cell.number_format == "@"
        assert idnumber.is_valid(cell.value) and len(cell.value) == 18
    birth, start = rows[1][HEADERS.index("出生日期")].value, rows[1][HEADERS.index("参加工作年月")].value
    assert len(birth) == 10 and birth[4] == "-" and len(start) == 7 and start[4] == "-"
    assert scalar(demo_db, "SELECT count(*) FROM audit_log WHERE action = 'export'") >= 1
    assert "完整身份证号" in capsys.readouterr().err


def test_export_masked_and_all(demo_db, tmp_path):
    out = tmp_path / "masked.xlsx"
    assert main(["--db", str(demo_db), "export", "teachers", str(out), "--mask", "--all"]) == 0
    _, rows = read_sheet(out)
    assert len(rows) - 1 == scalar(demo_db, "SELECT count(*) FROM teacher")
    ids = [r[HEADERS.index("身份证号")].value for r in rows[1:]]
    assert all(len(v) == 18 and v[6:14] == "********" for v in ids)


def test_export_to_a_wrong_file_type_is_a_clear_error(demo_db, tmp_path, capsys):
    assert main(["--db", str(demo_db), "export", "teachers", str(tmp_path / "x.csv")]) == 2
    assert ".xlsx" in capsys.readouterr().err


def test_check_on_fresh_demo_passes_with_warnings(demo_db, tmp_path, capsys):
    report = tmp_path / "check.json"
    assert main(["--db", str(demo_db), "check", "--json", str(report)]) == 0
    out = capsys.readouterr().out
    assert "错误 0 项" in out and "借调超期" in out
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["errors"] == 0 and set(data["counts"]) == {"staffing.long_loan"}


def test_check_fails_after_an_id_number_is_corrupted(demo_db, tmp_path, capsys):
    copy = tmp_path / "broken.db"
    shutil.copy(demo_db, copy)
    con = sqlite3.connect(copy)
    con.execute(
        "UPDATE teacher SET id_number = substr(id_number, 1, 17) || "
        "CASE substr(id_number, 18, 1) WHEN '0' THEN '1' ELSE '0' END WHERE id = 5"
    )
    con.commit()
    con.close()
    assert main(["--db", str(copy), "check"]) == 1
    out = capsys.readouterr().out
    assert "身份证号无效" in out and "校验位" in out


def test_missing_database_is_a_chinese_error(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "none.db"), "check"]) == 2
    err = capsys.readouterr().err
    assert "数据库文件不存在" in err and "Traceback" not in err


def test_no_sub_command_opens_the_gui(monkeypatch, tmp_path):
    calls = []
    fake = types.ModuleType("talentdesk.gui.app")
    fake.run = lambda db_path, demo_offer=True: calls.append(db_path) or 0
    monkeypatch.setitem(sys.modules, "talentdesk.gui.app", fake)
    (tmp_path / "x.db").touch()
    assert main(["--db", str(tmp_path / "x.db")]) == 0
    assert calls == [tmp_path / "x.db"]
    assert main(["--db", str(tmp_path / "mistyped.db")]) == 2  # a mistyped --db is not a new database
    assert calls == [tmp_path / "x.db"]


def test_version_in_process_and_as_module(capsys):
    assert main(["--version"]) == 0
    assert "TalentDesk" in capsys.readouterr().out
    done = subprocess.run([sys.executable, "-m", "talentdesk", "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("TalentDesk ")


def test_batch_commands_never_import_qt(demo_db):
    code = (
        "import sys; from talentdesk.cli import main; "
        f"rc = main(['--db', {str(demo_db)!r}, 'check']); print('QT', 'PySide6' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "QT False" in done.stdout
