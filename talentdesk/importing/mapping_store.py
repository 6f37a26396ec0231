"""What the clerk confirmed while importing, remembered in the Setting table: column mappings per header
signature, and which school a name in a sheet means (per sheet name and name, see sheet_school)."""

from __future__ import annotations

import json

from sqlalchemy import select

from talentdesk.store import setting_rows
from talentdesk.store.models import Setting

PREFIX = "import.mapping."
SCHOOL_PREFIX = "import.school."


def load_all(db) -> dict[str, dict]:
    """signature → {"kind": …, "columns": {header: field | None}}."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(Setting.key, Setting.value).where(Setting.key.startswith(PREFIX, autoescape=True))
        ).all()
    out = {}
    for key, value in rows:
        try:
            out[key[len(PREFIX) :]] = json.loads(value)
        except ValueError:
            continue
    return out


def remember(session, signature: str, kind: str, columns: dict[str, str | None]) -> None:
    """Store (or replace) the mapping for a header signature, inside the caller's transaction."""
    setting_rows.put(session, PREFIX + signature, json.dumps({"kind": kind, "columns": columns}, ensure_ascii=False))


def load_school_choices(db) -> dict[str, str]:
    """choice key (sheet_school.remember_key) → school name."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(Setting.key, Setting.value).where(Setting.key.startswith(SCHOOL_PREFIX, autoescape=True))
        ).all()
    out = {}
    for key, value in rows:
        try:
            name = json.loads(value).get("school")
        except (ValueError, AttributeError):
            continue
        if name:
            out[key[len(SCHOOL_PREFIX) :]] = name
    return out


def remember_school(session, key: str, school_name: str) -> None:
    setting_rows.put(session, SCHOOL_PREFIX + key, json.dumps({"school": school_name}, ensure_ascii=False))
