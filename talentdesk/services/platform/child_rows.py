"""Saving the rows a form lists under one record (a school's yearly figures, a studio's members, a course's
attendance, a pairing's activities): the stored rows are made to match the form's list.

With the rows the form loaded (``base_rows``, each with its ``id`` and ``version``), only what this clerk changed is
written: rows another clerk added meanwhile stay, rows left untouched here keep the other clerk's edits, a row changed
on both sides goes through platform.records (merged, or EditConflict), and deleting a row the other clerk changed is
asked (records.delete). Without them the list simply replaces the stored rows (the last save wins).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentdesk.services.platform import records

MISSING = "找不到这条记录（可能已被删除）"


def replace_rows(
    s: Session,
    model,
    owner: tuple[str, int],
    rows: list[dict],
    base_rows: list[dict] | None = None,
    *,
    merge: bool = False,
    resolved: dict | None = None,
    missing: str = MISSING,
) -> None:
    """Make MODEL's rows with OWNER (column, id) match ROWS (dicts of column values; "id" for a stored row)."""
    column, owner_id = owner
    stored = {r.id: r for r in s.scalars(select(model).where(getattr(model, column) == owner_id))}
    base = None if base_rows is None else {r["id"]: r for r in base_rows if r.get("id")}
    keep = set()
    for row in rows:
        values = {f: v for f, v in row.items() if f not in ("id", "version")}
        rid = row.get("id")
        if rid is None or (base is None and rid not in stored):
            s.add(model(**{column: owner_id}, **values))
            continue
        keep.add(rid)
        if base is None:  # no loaded list: the row's own version (when it carries one) is still checked
            records.upsert(s, model, rid, values, missing, expected_version=row.get("version"))
            continue
        b = base.get(rid)
        if b is not None and all(b.get(f) == v for f, v in values.items()):  # not touched in this form
            continue
        records.upsert(
            s,
            model,
            rid,
            values,
            missing,
            expected_version=(b or row).get("version"),
            base=b,
            merge=merge,
            resolved=resolved,
        )
    for rid, obj in stored.items():
        if rid in keep or (base is not None and rid not in base):  # added by someone else meanwhile: stays
            continue
        b = (base or {}).get(rid)
        records.delete(s, obj, expected_version=b.get("version") if b else None, base=b, resolved=resolved)
    records.flush(s)
