"""What the clerk is told when the database cannot be written or opened (issue 15 §5): busy, read-only,
write-protected medium, newer TalentDesk, empty file, mistyped --db, disk full, unique violations: a Chinese
sentence that says what is wrong, never a traceback and never blame on the spreadsheet's cells."""

import errno
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError, OperationalError

from talentdesk.cli import main
from talentdesk.errors import UserError
from talentdesk.importing.plan import build_plan
from talentdesk.services.people import schools
from talentdesk.services.platform import imports, workspace
from talentdesk.store import backup, db_errors, guard
from tests.reliability.conftest import SCHOOL, scalar_count, unique_ids_csv

CELLS = "数字过大或格式异常的单元格"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def county(tmp_path) -> Path:
    path = tmp_path / "county.db"
    ws = workspace.open_workspace(path)
    schools.save(ws.db, None, {"name": SCHOOL, "kind": "初中"})
    ws.close()
    assert main(["--db", str(path), "import", str(unique_ids_csv(tmp_path / "first.csv", 20))]) == 0
    assert scalar_count(path, "teacher") == 20
    return path


def _import(db, csv: Path):
    return imports.apply_plan(db, build_plan(db, [csv]))


def test_a_busy_database_is_not_blamed_on_the_cells(county, tmp_path):
    ws = workspace.open_workspace(county)
    other = sqlite3.connect(county, timeout=0)  # another program in the middle of writing
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(UserError) as e:
            _import(ws.db, unique_ids_csv(tmp_path / "more.csv", 30))
        assert CELLS not in e.value.message and "数据库正忙" in e.value.message
    finally:
        other.rollback()
        other.close()
        ws.close()
    assert scalar_count(county, "teacher") == 20


def test_a_read_only_database_is_not_blamed_on_the_cells(county, tmp_path):
    lock = guard.DbLock.acquire(county)  # a colleague's program holds it
    ws = workspace.open_workspace(county)
    try:
        assert ws.read_only_reason == workspace.LOCKED
        with pytest.raises(UserError) as e:
            _import(ws.db, unique_ids_csv(tmp_path / "more.csv", 30))
        assert CELLS not in e.value.message and "只读" in e.value.message
    finally:
        ws.close()
        lock.release()


def test_a_full_disk_gets_a_chinese_message(county, tmp_path):
    ws = workspace.open_workspace(county)
    try:
        ws.db.engine.dispose()
        pages = sqlite3.connect(county).execute("PRAGMA page_count").fetchone()[0]

        @event.listens_for(ws.db.engine, "connect")
        def _small_disk(dbapi_conn, _record):  # the disk fills up after a few more pages
            dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 2}")

        with pytest.raises(UserError) as e:
            _import(ws.db, unique_ids_csv(tmp_path / "more.csv", 400))
        assert CELLS not in e.value.message and "磁盘已满" in e.value.message
    finally:
        ws.close()
    assert scalar_count(county, "teacher") == 20


@pytest.fixture
def read_only_copy(county, tmp_path):
    """The county's database on a write-protected medium (a read-only bind mount; a folder without write
    permission when not running as root), copied there without its -wal/-shm files."""
    src = tmp_path / "usb"
    src.mkdir()
    (src / "county.db").write_bytes(county.read_bytes())
    if os.getuid() != 0:
        src.chmod(0o555)
        yield src / "county.db"
        src.chmod(0o755)
        return
    ro = tmp_path / "usb-ro"
    ro.mkdir()
    mounted = subprocess.run(["mount", "--bind", str(src), str(ro)], capture_output=True).returncode == 0
    if not mounted or subprocess.run(["mount", "-o", "remount,bind,ro", str(ro)], capture_output=True).returncode:
        if mounted:
            subprocess.run(["umount", str(ro)])
        pytest.skip("cannot make a read-only folder here (root without mount rights)")
    try:
        yield ro / "county.db"
    finally:
        subprocess.run(["umount", str(ro)], check=True)


def test_a_write_protected_medium_is_read_only_not_damaged(read_only_copy, capsys):
    ws = workspace.open_workspace(read_only_copy)
    try:
        assert not ws.problems and ws.read_only_reason == workspace.READ_ONLY_PLACE
        assert "不可写" in ws.banner() and "损坏" not in ws.banner()
        with ws.db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM teacher")).scalar() == 20
    finally:
        ws.close()
    capsys.readouterr()
    assert main(["--db", str(read_only_copy), "check"]) in (0, 1)
    err = capsys.readouterr().err
    assert "不可写" in err and "损坏" not in err


def test_a_database_from_a_newer_talentdesk_says_so_without_a_backup_each_try(county, capsys):
    con = sqlite3.connect(county)
    con.execute("UPDATE alembic_version SET version_num = '0099'")
    con.commit()
    con.close()
    guard.write_seal(county)
    for _ in range(3):
        with pytest.raises(Exception, match="较新版本的 TalentDesk"):
            workspace.open_workspace(county, daily_backup=False)
        assert main(["--db", str(county), "check"]) == 2
        assert "较新版本的 TalentDesk" in capsys.readouterr().err
    made = [b for b in backup.list_backups(county.parent / "backups") if b.reason == "pre-migration"]
    assert made == []  # no pre-migration backup (6 MB for a county) at every try
    assert guard.read_lock(county) is None  # and the lock was let go


def test_an_empty_file_is_not_silently_made_a_new_database(tmp_path, capsys):
    empty = tmp_path / "county.db"
    empty.touch()  # a copy that stopped short
    csv = unique_ids_csv(tmp_path / "t.csv", 5)
    assert main(["--db", str(empty), "import", str(csv)]) == 2
    assert "0 字节" in capsys.readouterr().err
    assert empty.stat().st_size == 0
    assert main(["--db", str(empty), "check"]) == 2
    assert "0 字节" in capsys.readouterr().err


def test_a_mistyped_db_is_refused_and_a_created_one_is_announced(tmp_path, capsys):
    missing = tmp_path / "conty.db"
    assert main(["--db", str(missing), "backups"]) == 2
    assert "数据库文件不存在" in capsys.readouterr().err
    assert main(["--db", str(missing), "restore", "--newest"]) == 2
    assert not missing.exists()
    assert main(["--db", str(missing), "import", str(unique_ids_csv(tmp_path / "t.csv", 3))]) == 0
    assert "原先不存在，已新建" in capsys.readouterr().err


# --- disk full and unique violations anywhere: a sentence, not a traceback ------------------------------


def test_unique_violations_are_explained_on_both_back_ends():
    import psycopg

    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE school (id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
    con.execute("INSERT INTO school (name) VALUES ('甲校')")
    with pytest.raises(sqlite3.IntegrityError) as lite:
        con.execute("INSERT INTO school (name) VALUES ('甲校')")
    said = db_errors.explain(IntegrityError("INSERT", {}, lite.value))
    assert "school" in said and "name" in said and "已有" in said
    pg = psycopg.errors.UniqueViolation(
        'duplicate key value violates unique constraint "uq_school_name"\nDETAIL:  Key (name)=(甲校) already exists.'
    )
    said = db_errors.explain(IntegrityError("INSERT", {}, pg))
    assert "name" in said and "甲校" in said and "已有" in said


@pytest.mark.parametrize(
    "error, words",
    [
        (OSError(errno.ENOSPC, "No space left on device"), "磁盘已满"),
        (OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full")), "磁盘已满"),
        (OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked")), "数据库正忙"),
        (IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed: school.name")), "已有"),
    ],
)
def test_the_command_line_prints_a_sentence_not_a_traceback(monkeypatch, tmp_path, capsys, error, words):
    from talentdesk import cli
    from talentdesk.cli import basic

    def fails(args):
        raise error

    path = tmp_path / "c.db"
    monkeypatch.setattr(basic, "run_check", fails)  # `check` lives in cli/basic.py
    assert cli.main(["--db", str(path), "check"]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_a_real_full_disk_in_a_child_process_is_a_sentence(county, tmp_path):
    """End to end: the program's own process, a disk that fills up mid-import."""
    db = county
    pages = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]
    probe = (
        "import sys, sqlalchemy\n"
        "from sqlalchemy import event\n"
        "from sqlalchemy.engine import Engine\n"
        f"event.listen(Engine, 'connect', lambda c, r: c.execute('PRAGMA max_page_count = {pages + 2}'))\n"
        "from talentdesk.cli import main\n"
        "raise SystemExit(main(sys.argv[1:]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "--db", str(db), "import", str(unique_ids_csv(tmp_path / "b.csv", 400))],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert done.returncode == 2, done.stderr
    assert "磁盘已满" in done.stderr and "Traceback" not in done.stderr and CELLS not in done.stderr


def test_the_gui_shows_a_database_error_that_escapes_a_slot_as_a_message(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from talentdesk.gui import error_hook

    shown, passed_on = [], []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", lambda *a: passed_on.append(a[1]))
    error_hook.install()
    full = OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))
    sys.excepthook(type(full), full, None)
    assert shown == ["没有完成：磁盘已满，请腾出磁盘空间后重试。"] and passed_on == []
    bug = ZeroDivisionError("a bug")
    sys.excepthook(type(bug), bug, None)  # anything else: the usual hook
    assert passed_on == [bug] and len(shown) == 1
