"""Issue 15 §2: databases in one folder share backups/, yet each database's backups are its own.

The attacks: `restore --newest --yes` on b.db restored a.db's backup (its teachers replaced by a.db's); the
daily backup of the second database opened that day was skipped because the first one had today's; a backup
without its checksum file (or with a wrong checksum) was restored without a word.
"""

import datetime as dt
import json

import pytest

from talentdesk import cli
from talentdesk.domain import idnumber
from talentdesk.services.people import schools, teachers
from talentdesk.services.platform import workspace
from talentdesk.store import backup, guard, identity
from talentdesk.store.database import open_database

from .conftest import scalar_count


def _fill(path, n: int, school: str):
    db = open_database(path)
    sid = schools.save(db, None, {"name": school, "kind": "小学"})
    for i in range(n):
        number = idnumber.make("371525", dt.date(1980, 1, 1 + i), 101)
        teachers.save(
            db, None, {"name": f"教师{i}", "id_number": number}, {"posts": [{"school_id": sid, "start": "2010-09"}]}
        )
    db.dispose()


@pytest.fixture
def pair(tmp_path):
    """a.db (3 teachers) and b.db (1 teacher) side by side, sharing tmp_path/backups."""
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    _fill(a, 3, "甲校")
    _fill(b, 1, "乙校")
    return a, b, tmp_path / "backups"


def _backup(path, folder, reason, minutes_ahead=0):
    made = backup.make_backup(path, folder, reason)
    if minutes_ahead:  # make it unmistakably the newest in the folder
        info = backup.read_info(made)
        info.created += dt.timedelta(minutes=minutes_ahead)
        backup.write_info(info)
    return made


def test_each_database_has_its_own_identity_and_a_copy_gets_a_new_one(pair, tmp_path):
    a, b, _ = pair
    assert identity.of_file(a) and identity.of_file(b) and identity.of_file(a) != identity.of_file(b)
    assert cli.main(["copy-db", str(a), str(tmp_path / "c.db")]) == 0
    assert identity.of_file(tmp_path / "c.db") not in (None, identity.of_file(a))
    made = backup.make_backup(a, tmp_path / "usb", "manual")
    assert backup.read_info(made).database_id == identity.of_file(a) == identity.of_file(made)


def test_restore_newest_takes_this_databases_backup_not_the_neighbours(pair, capsys):
    a, b, folder = pair
    _backup(b, folder, "manual")
    _backup(a, folder, "manual", minutes_ahead=5)  # a.db's is the newest file in the shared folder
    assert cli.main(["--db", str(b), "restore", "--newest", "--yes"]) == 0
    assert scalar_count(b, "teacher") == 1  # b.db's own backup: not replaced by a.db's 3 teachers
    out = capsys.readouterr().out
    assert "教师 1 → 1" in out


def test_backups_lists_only_this_databases_backups(pair, capsys):
    a, b, folder = pair
    mine = _backup(b, folder, "manual")
    theirs = _backup(a, folder, "manual", minutes_ahead=5)
    assert cli.main(["--db", str(b), "backups"]) == 0
    out = capsys.readouterr().out
    assert mine.name in out and theirs.name not in out and "另有 1 份其他数据库的备份" in out
    assert cli.main(["--db", str(b), "backups", "--all"]) == 0
    out = capsys.readouterr().out
    assert theirs.name in out and "另一个数据库：a.db，教师 3 人" in out


def test_another_databases_backup_only_on_explicit_request_and_said_plainly(pair, capsys):
    a, b, folder = pair
    theirs = _backup(a, folder, "manual")
    before = identity.of_file(b)
    assert cli.main(["--db", str(b), "restore", str(theirs), "--yes"]) == 2
    captured = capsys.readouterr()
    assert "这是另一个数据库（a.db，教师 3 人）的备份" in captured.out + captured.err
    assert "--other-database" in captured.err
    assert scalar_count(b, "teacher") == 1
    assert cli.main(["--db", str(b), "restore", str(theirs), "--yes", "--other-database"]) == 0
    assert "教师 1 → 3" in capsys.readouterr().out
    assert scalar_count(b, "teacher") == 3
    assert identity.of_file(b) == before  # still b.db: its own backups stay its own


def test_daily_backup_of_the_second_database_opened_the_same_day(pair):
    a, b, folder = pair
    for path in (a, b):
        ws = workspace.open_workspace(path)
        ws.close(backup_on_exit=False)
    daily = [x for x in backup.list_backups(folder) if x.reason == "daily"]
    assert sorted(x.database_id for x in daily) == sorted([identity.of_file(a), identity.of_file(b)])
    ws = workspace.open_workspace(b)  # again the same day: no second daily backup
    ws.close(backup_on_exit=False)
    assert len([x for x in backup.list_backups(folder) if x.reason == "daily"]) == 2


def test_rotation_of_one_database_leaves_the_others_backups(pair):
    a, b, folder = pair
    theirs = [_backup(a, folder, "pre-import") for _ in range(backup.KEEP_RECENT + 2)]
    for _ in range(backup.KEEP_RECENT + 2):
        backup.auto_backup(b, folder, "pre-import")
    assert all(p.exists() for p in theirs)


def test_an_unverified_backup_only_on_explicit_request(pair, capsys):
    a, b, folder = pair
    made = _backup(b, folder, "manual")
    backup.meta_path(made).unlink()  # the checksum file is gone
    assert cli.main(["--db", str(b), "restore", str(made), "--yes"]) == 2
    assert "没有校验文件" in capsys.readouterr().err
    assert cli.main(["--db", str(b), "restore", "--newest", "--yes"]) == 2  # never chosen as 'verified'
    capsys.readouterr()
    assert cli.main(["--db", str(b), "restore", str(made), "--yes", "--unverified"]) == 0

    made = _backup(b, folder, "manual")
    meta = json.loads(backup.meta_path(made).read_text("utf-8"))
    meta["sha256"] = "0" * 64
    backup.meta_path(made).write_text(json.dumps(meta), encoding="utf-8")
    ws = workspace.open_workspace(b, daily_backup=False)
    try:
        with pytest.raises(backup.BackupError, match="校验和不符"):
            ws.restore(made)
        assert ws.restore(made, allow_unverified=True) is not None
    finally:
        ws.close(backup_on_exit=False)


def test_without_yes_the_answer_defaults_to_no(pair, monkeypatch, capsys):
    a, b, folder = pair
    made = _backup(b, folder, "manual")
    _fill(b, 0, "丙校")
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt="": "")  # the clerk just presses Enter
    assert cli.main(["--db", str(b), "restore", str(made)]) == 0
    assert "学校 2 → 1" in capsys.readouterr().out
    assert scalar_count(b, "school") == 2  # nothing restored


def test_copy_db_leaves_the_source_exactly_as_it_was(pair, tmp_path):
    """Issue 15 §5: copy-db wrote an audit row into the source, which then failed its seal and opened read-only."""
    a, _, _ = pair
    ws = workspace.open_workspace(a, daily_backup=False)
    ws.close(backup_on_exit=False)  # a clean close: sealed
    before = backup.sha256(a)
    assert guard.startup_problems(a) == []
    assert cli.main(["copy-db", str(a), str(tmp_path / "copy.db")]) == 0
    assert backup.sha256(a) == before
    assert guard.startup_problems(a) == []
    ws = workspace.open_workspace(a, daily_backup=False)
    try:
        assert ws.writable and not ws.problems
    finally:
        ws.close(backup_on_exit=False)
