"""Command line: sign-in once accounts exist, backups, restore with preview."""

import pytest
from argon2 import PasswordHasher

from talentdesk.cli import main
from talentdesk.services.accounts import accounts
from talentdesk.store import backup


@pytest.fixture(autouse=True)
def fast_hash():
    accounts.use_hasher(PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    yield
    accounts.use_hasher(PasswordHasher())


@pytest.fixture
def secured(demo_templates, tmp_path, monkeypatch):
    path = demo_templates.copy(tmp_path / "c.db")
    monkeypatch.setenv("TALENTDESK_NEW_PASSWORD", "admin-pass-1")
    assert main(["--db", str(path), "user", "add", "admin", "--name", "张管理"]) == 0
    monkeypatch.delenv("TALENTDESK_NEW_PASSWORD")
    return path


def test_without_credentials_a_secured_database_is_refused(secured, capsys):
    capsys.readouterr()
    assert main(["--db", str(secured), "check"]) == 2
    assert "--user" in capsys.readouterr().err


def test_credentials_from_the_environment_and_wrong_password(secured, monkeypatch, capsys):
    monkeypatch.setenv("TALENTDESK_USER", "admin")
    monkeypatch.setenv("TALENTDESK_PASSWORD", "wrong-pass-x")
    assert main(["--db", str(secured), "check"]) == 2
    assert "不正确" in capsys.readouterr().err
    monkeypatch.setenv("TALENTDESK_PASSWORD", "admin-pass-1")
    assert main(["--db", str(secured), "check"]) == 0


def test_administrator_may_run_as_own_os_user_with_explicit_option(secured):
    assert main(["--db", str(secured), "--trust-os-user", "check"]) == 0


def test_viewer_cannot_export_full_ids_but_can_export_masked(secured, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TALENTDESK_NEW_PASSWORD", "viewer-pass-1")
    assert main(["--db", str(secured), "--trust-os-user", "user", "add", "viewer", "--role", "查阅员"]) == 0
    args = ["--db", str(secured), "--user", "viewer", "--password", "viewer-pass-1", "export", "teachers"]
    assert main(args + [str(tmp_path / "full.xlsx")]) == 2
    assert "权限" in capsys.readouterr().err
    assert main(args + [str(tmp_path / "masked.xlsx"), "--mask"]) == 0


def test_backup_list_and_restore_with_preview(demo_templates, tmp_path, capsys):
    path = demo_templates.copy(tmp_path / "r.db")
    assert main(["--db", str(path), "backup", "--to", str(tmp_path / "usb")]) == 0
    made = backup.list_backups(tmp_path / "usb")[0]
    assert made.teachers > 1000 and made.reason == "manual"
    assert main(["--db", str(path), "backups", "--folder", str(tmp_path / "usb")]) == 0
    assert "教师" in capsys.readouterr().out
    assert main(["--db", str(path), "restore", str(made.path)]) == 0
    assert "预览" in capsys.readouterr().out
    assert main(["--db", str(path), "restore", str(made.path), "--yes"]) == 0
    assert "恢复前的数据库已保存" in capsys.readouterr().out
    assert any(b.reason == "pre-restore" for b in backup.list_backups(tmp_path / "backups"))
