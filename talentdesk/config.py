"""Where things live (platformdirs) and the small per-user settings file. No mutable module globals."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP = "TalentDesk"


@dataclass(frozen=True)
class Paths:
    data: Path
    config: Path

    @property
    def database(self) -> Path:
        return self.data / "talentdesk.db"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"


def paths() -> Paths:
    """TALENTDESK_HOME overrides both folders (tests, portable installs)."""
    home = os.environ.get("TALENTDESK_HOME")
    if home:
        return Paths(Path(home) / "data", Path(home) / "config")
    return Paths(
        Path(platformdirs.user_data_dir(APP, appauthor=False)), Path(platformdirs.user_config_dir(APP, appauthor=False))
    )


def load_settings(p: Paths | None = None) -> dict:
    f = (p or paths()).settings_file
    try:
        return json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_settings(values: dict, p: Paths | None = None) -> None:
    f = (p or paths()).settings_file
    f.parent.mkdir(parents=True, exist_ok=True)
    tmp = f.with_suffix(".tmp")
    tmp.write_text(json.dumps(values, ensure_ascii=False, indent=1), encoding="utf-8")
    with contextlib.suppress(OSError):
        os.chmod(tmp, 0o600)  # may hold a remembered server password: this user only
    os.replace(tmp, f)


def database_choice(p: Paths | None = None) -> dict | None:
    """The database chosen on the 设置 page: {"kind": "file", "path": …} or
    {"kind": "server", "url": <without password>, "password": <only when the clerk asked to remember it>}."""
    choice = load_settings(p).get("database")
    return choice if isinstance(choice, dict) else None


def remember_database(choice: dict | None, p: Paths | None = None) -> None:
    """Open CHOICE on the next start (None: back to the default database file)."""
    values = load_settings(p)
    if choice:
        values["database"] = choice
    else:
        values.pop("database", None)
    save_settings(values, p)


# --- remembered for the next start (per user) ---------------------------------------------------

RECENT_LIMIT = 8


def recent_databases(p: Paths | None = None) -> list[str]:
    """Database files opened lately, newest first (文件 → 最近使用的数据库)."""
    items = load_settings(p).get("recent_databases")
    return [str(x) for x in items if isinstance(x, str)] if isinstance(items, list) else []


def add_recent_database(path, p: Paths | None = None) -> None:
    path = str(Path(path).expanduser().resolve())
    values = load_settings(p)
    values["recent_databases"] = [path, *[x for x in recent_databases(p) if x != path]][:RECENT_LIMIT]
    save_settings(values, p)


def last_login(p: Paths | None = None) -> str:
    """The user name last signed in with on this PC (offered by the login dialog)."""
    value = load_settings(p).get("last_login")
    return value if isinstance(value, str) else ""


def remember_login(login: str, p: Paths | None = None) -> None:
    values = load_settings(p)
    values["last_login"] = login
    save_settings(values, p)
