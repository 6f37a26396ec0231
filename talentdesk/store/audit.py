"""Audit trail: every ORM insert, update and delete writes AuditLog rows in the same flush.

Bulk Core writes (the importer) bypass ORM events and call record() themselves.
The current user comes from the session's info['user'] (the OS user until accounts exist).
Before a session commits, the rows it wrote are chained (store/audit_chain.py); a Core writer outside a session
calls audit_chain.seal_pending on its connection before committing.
"""

from __future__ import annotations

import datetime as dt
import json
import weakref

from sqlalchemy import Engine, event, inspect
from sqlalchemy.orm import Session, UOWTransaction, sessionmaker

from talentdesk.domain.dates import PartialDate
from talentdesk.store import audit_chain
from talentdesk.store.models import AuditLog, Base, ImportBatch, Setting, Teacher

NOT_AUDITED = (AuditLog, ImportBatch)
SENSITIVE = {"photo", "password_hash"}  # never copied into the audit trail


def os_user() -> str:
    """The OS account running the program, from the real uid / process token (never LOGNAME or USER)."""
    from talentdesk.store import os_account

    return os_account.label()


def to_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return str(value)


def _values(obj: Base) -> dict[str, str | None]:
    state = inspect(obj)
    return {
        a.key: to_text(getattr(obj, a.key))
        for a in state.mapper.column_attrs
        if a.key not in SENSITIVE and a.key != "id" and not a.key.startswith("cur_")
    }


def _teacher_id(obj: Base) -> int | None:
    if isinstance(obj, Teacher):
        return obj.id
    teacher_id: int | None = getattr(obj, "teacher_id", None)
    return teacher_id


def _record_id(obj: Base) -> int | None:
    """The row's id; None for a setting (keyed by name) and a row without an integer id (exchange_row)."""
    if isinstance(obj, Setting):
        return None
    record_id: int | None = getattr(obj, "id", None)
    return record_id


def _order(obj: object) -> tuple[str, int]:
    """A stable order of the objects of one flush (session.dirty, .new and .deleted are unordered sets)."""
    if not isinstance(obj, Base):
        return ("", 0)
    return (obj.__tablename__, _record_id(obj) or 0)


def install(session_factory: sessionmaker[Session]) -> None:
    """Attach the audit listeners to a sessionmaker."""

    @event.listens_for(session_factory, "before_flush")
    def _before_flush(session: Session, ctx: UOWTransaction, instances: object) -> None:
        user = session.info.get("user") or os_user()
        batch = session.info.get("batch_id")
        pending = session.info.setdefault("audit_pending", [])
        for obj in sorted(session.dirty, key=_order):  # sets: sorted, so a build gives the same audit rows
            if isinstance(obj, NOT_AUDITED) or not isinstance(obj, Base) or not session.is_modified(obj):
                continue
            state = inspect(obj)
            for attr in state.mapper.column_attrs:
                if attr.key in SENSITIVE or attr.key.startswith("cur_"):
                    continue
                hist = state.attrs[attr.key].history
                if not hist.has_changes():
                    continue
                old = to_text(hist.deleted[0]) if hist.deleted else None
                new = to_text(hist.added[0]) if hist.added else None
                if old == new:
                    continue
                session.add(
                    AuditLog(
                        user=user,
                        action="update",
                        table_name=obj.__tablename__,
                        record_id=_record_id(obj),
                        teacher_id=_teacher_id(obj),
                        field=attr.key,
                        old=old,
                        new=new,
                        batch_id=batch,
                    )
                )
        for obj in sorted(session.deleted, key=_order):
            if isinstance(obj, NOT_AUDITED) or not isinstance(obj, Base):
                continue
            session.add(
                AuditLog(
                    user=user,
                    action="delete",
                    table_name=obj.__tablename__,
                    record_id=_record_id(obj),
                    teacher_id=_teacher_id(obj),
                    old=json.dumps(_values(obj), ensure_ascii=False),
                    batch_id=batch,
                )
            )
        for obj in session.new:
            if not isinstance(obj, NOT_AUDITED) and isinstance(obj, Base):
                pending.append(obj)  # ids are known only after the flush

    @event.listens_for(session_factory, "before_commit")
    def _before_commit(session: Session) -> None:
        if not _chained(session):
            return
        session.flush()  # the last changes and their audit rows first
        audit_chain.seal_pending(session.connection())

    @event.listens_for(session_factory, "after_flush")
    def _after_flush(session: Session, ctx: UOWTransaction) -> None:
        pending = session.info.pop("audit_pending", [])
        if not pending:
            return
        user = session.info.get("user") or os_user()
        batch = session.info.get("batch_id")
        rows = [
            dict(
                at=dt.datetime.now().replace(microsecond=0),
                user=user,
                action="insert",
                table_name=o.__tablename__,
                record_id=_record_id(o),
                teacher_id=_teacher_id(o),
                field=None,
                old=None,
                new=json.dumps(_values(o), ensure_ascii=False),
                batch_id=batch,
            )
            for o in sorted(pending, key=_order)
        ]
        session.connection().execute(AuditLog.__table__.insert(), rows)


_CHAINED: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def _chained(session: Session) -> bool:
    """Does the session's database have the chain columns (migration 0009)? An older file opened read-only has not."""
    engine = session.get_bind().engine  # a session bound to a Connection: that connection's engine
    known = _CHAINED.get(engine)
    if known is None:
        try:
            with engine.connect() as conn:
                known = any(c["name"] == "chain_seq" for c in inspect(conn).get_columns(AuditLog.__tablename__))
        except Exception:  # no audit_log yet (an empty file before its migrations)
            known = False
        if known:  # only a positive answer is kept: a database migrated later in the same process
            _CHAINED[engine] = True
    return known


def record(
    session: Session,
    *,
    action: str,
    table: str,
    record_id: int | None = None,
    teacher_id: int | None = None,
    field: str | None = None,
    old: object = None,
    new: object = None,
    batch_id: int | None = None,
) -> None:
    """Write one audit row by hand (bulk writes, exports, restores)."""
    session.add(
        AuditLog(
            user=session.info.get("user") or os_user(),
            action=action,
            table_name=table,
            record_id=record_id,
            teacher_id=teacher_id,
            field=field,
            old=to_text(old),
            new=to_text(new),
            batch_id=batch_id,
        )
    )
