"""Attacks on sign-in (issue 15 §1): each test reproduces one and checks it is refused."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from talentdesk.services.accounts import accounts
from talentdesk.services.platform import workspace

ROOT = Path(__file__).resolve().parents[2]
ADMIN_PASSWORD = "qinghe-admin-1"


@pytest.fixture(autouse=True)
def fast_hash():
    accounts.use_hasher(PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    yield
    accounts.use_hasher(PasswordHasher())


@pytest.fixture
def secured(tmp_path) -> Path:
    """A database file whose administrator 'admin' was created by this OS account, cleanly closed."""
    path = tmp_path / "county.db"
    ws = workspace.open_workspace(path)
    accounts.create_admin(ws.db, "admin", ADMIN_PASSWORD, "张管理")
    ws.close()
    return path


def set_os_login(path: Path, os_login: str) -> None:
    """As if another OS account had created the administrator (the seal is renewed: only the account changes)."""
    from talentdesk.store import guard

    con = sqlite3.connect(path)
    con.execute("UPDATE account SET os_login = ?", (os_login,))
    con.commit()
    con.close()
    guard.write_seal(path)


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The program as a user runs it, in its own process (TALENTDESK_HOME and the rest of the environment kept)."""
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "talentdesk", *args], capture_output=True, text=True, env=full, cwd=ROOT, timeout=300
    )


def audit_rows(path: Path, action: str) -> list[tuple]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(
            "SELECT user, action, table_name, field, new FROM audit_log WHERE action = ? ORDER BY id", (action,)
        ).fetchall()
    finally:
        con.close()
