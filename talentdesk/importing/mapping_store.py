"""Column mappings the clerk confirmed, remembered per header signature in the Setting table."""

from __future__ import annotations

import json

from sqlalchemy import select

from talentdesk.store import setting_rows
from talentdesk.store.models import Setting

PREFIX = "import.mapping."


def load_all(db) -> dict[str, dict]:
    """signature → {"kind": …, "columns": {header: field | None}}."""
    with db.engine.connect() as conn:
        rows = conn.execute(select(Setting.key, Setting.value).where(Setting.key.startswith(PREFIX, autoescape=True))).all()
    out = {}
    for key, value in rows:
        try:
            out[key[len(PREFIX):]] = json.loads(value)
        except ValueError:
            continue
    return out


def remember(session, signature: str, kind: str, columns: dict[str, str | None]) -> None:
    """Store (or replace) the mapping for a header signature, inside the caller's transaction."""
    setting_rows.put(session, PREFIX + signature, json.dumps({"kind": kind, "columns": columns}, ensure_ascii=False))
