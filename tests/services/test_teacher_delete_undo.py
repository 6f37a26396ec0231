"""Deleting teachers takes every record of theirs in every area with it, and undo puts all of it back."""

import hashlib
import sqlite3

from sqlalchemy import select

from talentdesk.services import demo, teachers
from talentdesk.store.all_models import Base
from talentdesk.store.models import AuditLog
from talentdesk.store.uow import UnitOfWork


def _digest(path) -> dict[str, str]:
    """Content hash of every table except the audit trail (which grows by design)."""
    con = sqlite3.connect(path)
    out = {}
    for table in Base.metadata.sorted_tables:
        if table.name == "audit_log":
            continue
        rows = con.execute(f'SELECT * FROM "{table.name}" ORDER BY 1').fetchall()
        out[table.name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    con.close()
    return out


def _teachers_touching_most_tables(path, limit=12) -> list[int]:
    """Teachers referenced from as many different tables as possible (mentors, studio hosts, recruits…)."""
    con = sqlite3.connect(path)
    picked: set[int] = set()
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "teacher" and len(picked) < limit:
                row = con.execute(f'SELECT "{fk.parent.name}" FROM "{table.name}" '
                                  f'WHERE "{fk.parent.name}" IS NOT NULL LIMIT 1').fetchone()
                if row:
                    picked.add(row[0])
    con.close()
    return sorted(picked)


def test_delete_and_undo_restores_every_area_exactly(db):
    demo.generate(db, size="county")
    before = _digest(db.path)
    ids = _teachers_touching_most_tables(db.path)
    assert len(ids) >= 5

    snap = teachers.delete(db, ids)
    after_delete = _digest(db.path)
    assert after_delete["teacher"] != before["teacher"]
    with UnitOfWork(db) as uow:
        logged = set(uow.session.scalars(select(AuditLog.table_name).where(AuditLog.action == "delete")))
    assert {"teacher", *snap.rows} <= logged  # every removed kind of record is in the audit trail

    teachers.restore(db, snap)
    assert _digest(db.path) == before
