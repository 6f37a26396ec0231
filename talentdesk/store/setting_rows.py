"""Rows of the setting table (key → JSON text): written only when the text differs, so an unchanged setting
stays out of the audit trail; a change is audited as an update (old → new) by the session's audit listener."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from talentdesk.store.models import Setting


def put(session: Session, key: str, text: str) -> bool:
    """Store TEXT under KEY inside the caller's transaction; True when something was written."""
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text))
        return True
    if row.value != text:
        row.value = text
        return True
    return False


def get_dict(session: Session, key: str) -> dict[str, Any]:
    """The JSON object stored under KEY; {} when unset, unreadable or not an object."""
    row = session.get(Setting, key)
    try:
        value = json.loads(row.value) if row else {}
    except ValueError:
        value = {}
    return value if isinstance(value, dict) else {}
