"""Opening a database for work: lock, read-only second instance, damaged file, daily/exit backups, network."""

import sqlite3

import pytest

from talentdesk.services.people import schools
from talentdesk.services.platform import workspace
from talentdesk.store import backup, guard


def test_first_open_creates_and_second_instance_is_read_only(tmp_path):
    path = tmp_path / "w.db"
    first = workspace.open_workspace(path)
    assert first.writable and first.lock is not None
    schools.save(first.db, None, {"name": "甲校"})
    second = workspace.open_workspace(path)
    assert second.read_only_reason == workspace.LOCKED and second.db.read_only
    assert "只读" in second.banner() and "进程" in second.banner()
    second.close()
    made = first.close()
    assert made is not None and made.name.endswith("-exit.tdbak")  # something changed: backup on exit
    assert guard.seal_path(path).exists()
    again = workspace.open_workspace(path)
    assert again.writable and not guard.seal_path(path).exists()
    assert again.close() is None  # nothing changed: no exit backup


def test_daily_backup_once_a_day(tmp_path):
    path = tmp_path / "w.db"
    workspace.open_workspace(path).close()
    ws = workspace.open_workspace(path)
    assert "今天的自动备份" in "".join(ws.notes)
    ws.close()
    ws = workspace.open_workspace(path)
    assert not ws.notes
    ws.close()
    assert [b.reason for b in backup.list_backups(tmp_path / "backups")] == ["daily"]


def test_damaged_file_opens_read_only_and_restore_brings_back_the_newest_backup(tmp_path):
    path = tmp_path / "w.db"
    ws = workspace.open_workspace(path)
    schools.save(ws.db, None, {"name": "甲校"})
    ws.close()
    ws = workspace.open_workspace(path)  # daily backup taken here
    ws.close()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x55
    path.write_bytes(bytes(data))
    ws = workspace.open_workspace(path)
    assert ws.read_only_reason == workspace.DAMAGED and ws.problems
    assert "禁止写入" in ws.banner()
    safety = workspace.restore_newest(ws)
    assert safety is not None and ws.writable
    ws.close()
    assert backup.table_counts(path)["school"] == 1
    assert guard.startup_problems(path) == []


def test_network_database_never_uses_wal(tmp_path, monkeypatch):
    from talentdesk.store import database

    monkeypatch.setattr(database, "is_network_path", lambda p: True)
    monkeypatch.setattr(workspace, "is_network_path", lambda p: True)
    path = tmp_path / "net.db"
    ws = workspace.open_workspace(path)
    assert ws.network
    schools.save(ws.db, None, {"name": "甲校"})
    ws.close()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()


def test_local_copy_and_publish_back(tmp_path):
    remote = tmp_path / "share" / "county.db"
    ws = workspace.open_workspace(remote)
    schools.save(ws.db, None, {"name": "甲校"})
    ws.close()
    local = workspace.make_local_copy(remote, tmp_path / "data")
    lw = workspace.open_workspace(local)
    schools.save(lw.db, None, {"name": "乙校"})
    lw.close()
    workspace.publish(local, remote)
    assert backup.table_counts(remote)["school"] == 2
    assert any(b.reason == "pre-publish" for b in backup.list_backups(remote.parent / "backups"))


def test_publish_refused_when_the_share_changed_meanwhile(tmp_path):
    remote = tmp_path / "share" / "county.db"
    workspace.open_workspace(remote).close()
    local = workspace.make_local_copy(remote, tmp_path / "data")
    ws = workspace.open_workspace(remote)
    schools.save(ws.db, None, {"name": "别人加的学校"})
    ws.close()
    from talentdesk.errors import UserError

    with pytest.raises(UserError, match="已被其他人修改"):
        workspace.publish(local, remote)
