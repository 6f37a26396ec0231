"""Saving one record from a form: create it, or load it and change only the fields that differ."""

from __future__ import annotations

from sqlalchemy.orm import Session

from talentdesk.services.errors import NotFound


def assign(obj, values: dict) -> None:
    """Set the fields that differ (unchanged fields stay out of the audit trail)."""
    for field, value in values.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)


def upsert(session: Session, model, record_id: int | None, values: dict,
           missing: str = "找不到这条记录（可能已被删除）"):
    """A new MODEL row from VALUES when RECORD_ID is None, else the stored row updated; flushed (id known)."""
    if record_id is None:
        obj = model(**values)
        session.add(obj)
    else:
        obj = session.get(model, record_id)
        if obj is None:
            raise NotFound(missing)
        assign(obj, values)
    session.flush()
    return obj
