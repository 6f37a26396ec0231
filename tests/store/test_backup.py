"""Backups: verified, described, rotated; restore brings a backup back after saving the current file."""

import datetime as dt
import json
import os
import sqlite3

import pytest

from talentdesk.store import backup
from talentdesk.store.database import open_database
from talentdesk.store.models import School
from talentdesk.store.uow import UnitOfWork


def add_school(db, name):
    with UnitOfWork(db) as uow:
        uow.session.add(School(name=name))
        uow.commit()


def test_backup_is_verified_and_described(sqlite_db, tmp_path):
    db = sqlite_db  # a backup is a copy of the file
    add_school(db, "青禾县实验小学")
    path = backup.make_backup(db.path, tmp_path / "b", "manual")
    info = backup.list_backups(tmp_path / "b")[0]
    assert info.path == path and info.reason == "manual" and info.verified
    assert info.size == path.stat().st_size and info.teachers == 0 and len(info.sha256) == 64
    assert info.sha256 == backup.sha256(path) and info.revision
    assert backup.verify(path) == []
    assert json.loads(backup.meta_path(path).read_text(encoding="utf-8"))["reason"] == "manual"


def test_a_changed_backup_fails_verification(sqlite_db, tmp_path):
    db = sqlite_db
    path = backup.make_backup(db.path, tmp_path / "b")
    with open(path, "r+b") as f:
        f.seek(path.stat().st_size - 10)
        f.write(b"\x01")
    assert any("校验和" in p for p in backup.verify(path))


def _fake(folder, when: dt.datetime, reason="daily", database_id="db-a"):
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / f"talentdesk-{when:%Y%m%d-%H%M%S}-{reason}.tdbak"
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE alembic_version (version_num TEXT)")
    con.commit()
    con.close()
    info = backup.describe(p, reason, when)
    info.database_id = database_id
    backup.meta_path(p).write_text(json.dumps(info.to_dict()), encoding="utf-8")
    return p


def test_rotation_keeps_recent_daily_and_weekly_never_manual(tmp_path):
    folder = tmp_path / "b"
    start = dt.datetime(2026, 1, 1, 9)
    for day in range(120):
        for hour in (9, 12, 17):
            _fake(folder, start + dt.timedelta(days=day, hours=hour - 9), "pre-import" if hour == 12 else "daily")
    manual = _fake(folder, start, "manual")
    other = [_fake(folder, start + dt.timedelta(days=day, minutes=1), "daily", "db-b") for day in range(120)]
    backup.rotate(folder, "db-a")
    assert all(p.exists() for p in other)  # another database's backups in the same folder are not its to rotate
    left = backup.of_database(folder, "db-a")
    autos = [b for b in left if b.reason != "manual"]
    days = {b.created.date() for b in autos}
    assert manual.exists()
    last = (start + dt.timedelta(days=119)).date()
    assert {last - dt.timedelta(days=i) for i in range(14)} <= days  # 14 daily
    weeks = {tuple(b.created.isocalendar())[:2] for b in autos}
    assert len(weeks) == 8  # the last 8 weeks, nothing older
    assert len(autos) <= backup.KEEP_RECENT + 14 + 8


def test_restore_backs_up_current_and_brings_the_backup_back(tmp_path):
    db = open_database(tmp_path / "t.db")
    add_school(db, "甲校")
    db.dispose()
    saved = backup.make_backup(tmp_path / "t.db", tmp_path / "b")
    db = open_database(tmp_path / "t.db")
    add_school(db, "乙校")
    db.dispose()
    preview = backup.preview(saved)
    assert preview["problems"] == [] and preview["counts"]["school"] == 1
    safety = backup.restore(saved, tmp_path / "t.db", tmp_path / "b")
    assert safety is not None and backup.table_counts(safety)["school"] == 2
    assert backup.table_counts(tmp_path / "t.db")["school"] == 1
    assert not os.path.exists(str(tmp_path / "t.db") + "-wal")


def test_a_damaged_backup_is_refused_for_restore(tmp_path, sqlite_db):
    db = sqlite_db
    saved = backup.make_backup(db.path, tmp_path / "b")
    saved.write_bytes(b"garbage" * 100)
    with pytest.raises(backup.BackupError):
        backup.restore(saved, db.path, tmp_path / "b")
