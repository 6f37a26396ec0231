"""Undo an import batch from its audit rows: delete what it inserted, put back what it changed.

Refused (UserError) when a record the batch wrote was changed later outside the batch: undoing
would silently throw that later work away.
"""

from __future__ import annotations

import datetime as _dt
import json

from sqlalchemy import Boolean, Date, DateTime, Integer, delete, select, update

from talentdesk.errors import UserError
from talentdesk.importing import audit_rows
from talentdesk.store import audit, current
from talentdesk.store.all_models import Base  # every area's models, whatever was imported before this module
from talentdesk.store.models import AuditLog

_TABLES = {mp.class_.__tablename__: mp.class_ for mp in Base.registry.mappers}


def _from_text(column, text):
    if text is None:
        return None
    t = column.type
    if isinstance(t, Boolean):
        return text in ("是", "True", "1")
    if isinstance(t, DateTime):
        return _dt.datetime.fromisoformat(text)
    if isinstance(t, Date):
        return _dt.date.fromisoformat(text)
    if isinstance(t, Integer):
        return int(text)
    return text


def undo(session, batch_id: int) -> dict:
    rows = session.scalars(select(AuditLog).where(AuditLog.batch_id == batch_id).order_by(AuditLog.id.desc())).all()
    if not rows:
        return {"deleted": 0, "restored": 0}
    last = max(r.id for r in rows)
    written = {(r.table_name, r.record_id) for r in rows if r.record_id is not None}
    ranges: dict[str, list[tuple[int, int]]] = {}  # table → id ranges written in bulk
    for r in rows:
        if r.action == "import" and r.field == "ids":
            ranges.setdefault(r.table_name, []).append(audit_rows.id_range(r.new))
    later = session.execute(
        select(AuditLog.table_name, AuditLog.record_id).where(
            AuditLog.id > last,
            (AuditLog.batch_id.is_(None)) | (AuditLog.batch_id != batch_id),
            AuditLog.action.in_(("update", "delete")),
            AuditLog.record_id.is_not(None),
        )
    ).all()
    clash = [(t, r) for t, r in later if (t, r) in written or any(lo <= r <= hi for lo, hi in ranges.get(t, ()))]
    if clash:
        raise UserError(f"这批导入的 {len(clash)} 条记录在导入后又被修改过，不能整批撤销；请逐条核对修改")
    teachers: set[int] = set()
    deleted = restored = 0
    conn = session.connection()
    for r in rows:
        model = _TABLES.get(r.table_name)
        if model is None or r.table_name == "setting":
            continue
        table = model.__table__
        if r.teacher_id:
            teachers.add(r.teacher_id)
        if r.action == "insert" and r.record_id is not None:
            deleted += conn.execute(delete(table).where(table.c.id == r.record_id)).rowcount
        elif r.action == "import" and r.field == "ids":
            lo, hi = audit_rows.id_range(r.new)
            deleted += conn.execute(delete(table).where(table.c.id.between(lo, hi))).rowcount
        elif r.action == "update" and r.record_id is not None and r.field in table.c and r.field != "version":
            values = {r.field: _from_text(table.c[r.field], r.old)}
            if "version" in table.c:  # a change of user data: another clerk's open copy is now stale
                values["version"] = table.c.version + 1
            conn.execute(update(table).where(table.c.id == r.record_id).values(values))
            restored += 1
    audit.record(
        session,
        action="undo",
        table="import_batch",
        record_id=batch_id,
        new=json.dumps({"deleted": deleted, "restored": restored}),
    )
    from talentdesk.store.models import Teacher

    alive = session.scalars(select(Teacher.id).where(Teacher.id.in_(sorted(teachers)))).all() if teachers else []
    current.refresh(session, alive)
    return {"deleted": deleted, "restored": restored}
