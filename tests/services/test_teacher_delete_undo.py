"""Deleting teachers takes every record of theirs in every area with it, and undo puts all of it back."""

import hashlib

from sqlalchemy import select

from talentdesk.services.people import teachers
from talentdesk.store.all_models import Base
from talentdesk.store.models import AuditLog
from talentdesk.store.uow import UnitOfWork


def _digest(db) -> dict[str, str]:
    """Content hash of every table except the audit trail (which grows by design)."""
    out = {}
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name == "audit_log":
                continue
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
    return out


def _teachers_touching_most_tables(db, limit=12) -> list[int]:
    """Teachers referenced from as many different tables as possible (mentors, studio hosts, recruits…)."""
    picked: set[int] = set()
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for fk in table.foreign_keys:
                if fk.column.table.name == "teacher" and len(picked) < limit:
                    row = conn.execute(
                        select(fk.parent).where(fk.parent.is_not(None)).order_by(*table.primary_key.columns).limit(1)
                    ).first()
                    if row:
                        picked.add(row[0])
    return sorted(picked)


def test_delete_and_undo_restores_every_area_exactly(demo_db):
    db = demo_db
    before = _digest(db)
    ids = _teachers_touching_most_tables(db)
    assert len(ids) >= 5

    snap = teachers.delete(db, ids)
    after_delete = _digest(db)
    assert after_delete["teacher"] != before["teacher"]
    with UnitOfWork(db) as uow:
        logged = set(uow.session.scalars(select(AuditLog.table_name).where(AuditLog.action == "delete")))
    assert {"teacher", *snap.rows} <= logged  # every removed kind of record is in the audit trail

    teachers.restore(db, snap)
    assert _digest(db) == before
