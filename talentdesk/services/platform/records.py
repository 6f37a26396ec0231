"""Saving one record from a form: create it, or load it and change only the fields that differ.

Two clerks editing at once (issue 10): a form passes back the version it loaded (``expected_version``) and the
values it showed (``base``). When the stored version moved on meanwhile, the save compares field by field —
changed only by me → mine, only by them → theirs (kept), by both to different values → a conflict — and raises
EditConflict (with who changed what and when, from the audit trail) unless nothing really conflicts and the caller
allows merging, or the clerk has already chosen per field (``resolved``, from EditConflict.resolutions()).
A race inside the save itself (the ORM's ``… WHERE version = :seen`` matching no row) ends the same way.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from talentdesk.errors import EditConflict, FieldChange, NotFound, RecordConflict, UserError
from talentdesk.store.models import AuditLog

RACE_MESSAGE = "这条记录在您保存的同时已被其他人修改，请重新载入后再保存。"


def assign(obj, values: dict) -> None:
    """Set the fields that differ (unchanged fields stay out of the audit trail)."""
    for field, value in values.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)


def upsert(
    session: Session,
    model,
    record_id: int | None,
    values: dict,
    missing: str = "找不到这条记录（可能已被删除）",
    *,
    expected_version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
):
    """A new MODEL row from VALUES when RECORD_ID is None, else the stored row updated; flushed (id known).

    EXPECTED_VERSION: the version the form loaded (None: no check, the last save wins). BASE: the values the
    form loaded (without it every field that differs from the stored one counts as a conflict). MERGE: changes
    on both sides to different fields are combined without asking. RESOLVED: the clerk's choices for a
    conflict, as returned by EditConflict.resolutions()."""
    if record_id is None:
        obj = model(**values)
        session.add(obj)
        flush(session)
        return obj
    obj = session.get(model, record_id)
    if obj is None:
        raise NotFound(deleted_message(session, model.__tablename__, record_id, missing))
    seen = {f: getattr(obj, f) for f in values}
    if expected_version is None or obj.version == expected_version:
        assign(obj, values)
    else:
        assign(obj, merged(session, obj, values, base, merge=merge, resolved=resolved))
    flush(session, obj, values, base if base is not None else seen, missing)
    return obj


def merged(
    session: Session, obj, values: dict, base: dict | None, *, merge: bool = False, resolved: dict | None = None
) -> dict:
    """The values to write over OBJ (stored, changed since BASE was loaded); raises EditConflict when the
    clerk must decide first."""
    rc = compare(session, obj, values, base)
    version, choices = (resolved or {}).get((rc.table, rc.record_id), (None, None))
    if version != obj.version:
        choices = None  # chosen against an older state: decide again
    undecided = [f for f in rc.conflicts if choices is None or f.field not in choices]
    if undecided or (choices is None and not merge):
        raise EditConflict([rc])
    return {
        f.field: f.mine
        for f in rc.fields
        if f.state == "mine" or (f.state == "conflict" and choices[f.field] == "mine")
    }


def compare(session: Session, obj, values: dict, base: dict | None) -> RecordConflict:
    """Field-level comparison of VALUES (mine) and OBJ (stored now) against BASE (what I loaded)."""
    from talentdesk.services.platform.area_labels import AREA_FIELDS
    from talentdesk.services.platform.audit_trail import EXTRA_FIELDS, field_label, table_label

    table = obj.__tablename__
    changes = []
    for f, mine in values.items():
        theirs = getattr(obj, f)
        if base is None or f not in base:
            if mine == theirs:
                continue
            b, state = None, "conflict"
        else:
            b = base[f]
            mine_changed, theirs_changed = mine != b, theirs != b
            if not (mine_changed or theirs_changed):
                continue
            state = (
                "mine"
                if not theirs_changed
                else "theirs"
                if not mine_changed
                else "same"
                if mine == theirs
                else "conflict"
            )
        label = EXTRA_FIELDS.get((table, f)) or AREA_FIELDS.get((table, f)) or field_label(table, f)
        changes.append(FieldChange(f, label, b, mine, theirs, state))
    who = last_changes(session, table, obj.id, [c.field for c in changes if c.state != "mine"])
    for c in changes:
        c.user, c.at = who.get(c.field, (None, None))
    return RecordConflict(table, table_label(table), obj.id, obj.version, changes)


def _display_names(session: Session, logins) -> dict:
    from talentdesk.services.accounts import user_names

    try:
        return user_names.names_in(session, logins)
    except SQLAlchemyError:  # an old schema without accounts
        return {}


def last_changes(session: Session, table: str, record_id: int, fields: list[str]) -> dict[str, tuple[str, dt.datetime]]:
    """field → (who, when) of the latest audited update of each field of the record."""
    if not fields:
        return {}
    a = AuditLog.__table__.c
    rows = session.execute(
        select(a.field, a.user, a.at)
        .where(a.table_name == table, a.record_id == record_id, a.action == "update", a.field.in_(fields))
        .order_by(a.id.desc())
    ).all()
    names = _display_names(session, [r.user for r in rows])
    out: dict[str, tuple[str, dt.datetime]] = {}
    for field, user, at in rows:
        out.setdefault(field, (names.get(user, user), at))
    return out


def deleted_message(session: Session, table: str, record_id: int, fallback: str) -> str:
    """Who deleted the record and when (from the audit trail), or FALLBACK."""
    from talentdesk.services.platform.audit_trail import table_label

    a = AuditLog.__table__.c
    row = session.execute(
        select(a.user, a.at)
        .where(a.table_name == table, a.record_id == record_id, a.action == "delete")
        .order_by(a.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return fallback
    who = _display_names(session, [row.user]).get(row.user, row.user)
    when = f" 于 {row.at:%Y-%m-%d %H:%M}" if row.at else ""
    return f"{table_label(table)}：这条记录在您打开后已被 {who}{when} 删除，您的修改无法保存。"


def flush(
    session: Session,
    obj=None,
    values: dict | None = None,
    base: dict | None = None,
    missing: str = "找不到这条记录（可能已被删除）",
) -> None:
    """session.flush(), turning a lost race (StaleDataError: the row changed or vanished between reading and
    writing) into EditConflict / NotFound for OBJ (compared on VALUES against BASE). The session is rolled back."""
    ident = inspect(obj).identity if obj is not None else None
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        if obj is None or ident is None:
            raise UserError(RACE_MESSAGE, code="edit_conflict") from None
        model, record_id = type(obj), ident[0]
        fresh = session.get(model, record_id, populate_existing=True)
        if fresh is None:
            raise NotFound(deleted_message(session, model.__tablename__, record_id, missing)) from None
        raise EditConflict([compare(session, fresh, values or {}, base)]) from None


WHOLE_RECORD = "_record"  # pseudo-field of a conflict: I deleted the record, they changed it


def delete(
    session: Session,
    obj,
    *,
    expected_version: int | None = None,
    base: dict | None = None,
    resolved: dict | None = None,
) -> bool:
    """Delete OBJ unless it changed since the clerk loaded it at EXPECTED_VERSION: then EditConflict with
    their changes and a WHOLE_RECORD choice (mine = delete anyway, theirs = keep it). True when deleted."""
    if expected_version is not None and obj.version != expected_version:
        mine = {f: v for f, v in (base or {}).items() if f not in ("id", "version") and hasattr(obj, f)}
        rc = compare(session, obj, mine, base or None)
        rc.fields.insert(
            0,
            FieldChange(
                WHOLE_RECORD,
                "整条记录",
                "（原记录）",
                "删除",
                "保留（对方已修改）",
                "conflict",
                *next(((c.user, c.at) for c in rc.fields if c.user), (None, None)),
            ),
        )
        version, choices = (resolved or {}).get((rc.table, rc.record_id), (None, None))
        if version != obj.version or not choices or WHOLE_RECORD not in choices:
            raise EditConflict([rc])
        if choices[WHOLE_RECORD] == "theirs":
            return False
    session.delete(obj)
    return True
