"""The bureau's editable lists of names (活动类别, 竞赛类别, 课题类别, 结对类型, 教研角色, 成果类别, 人才类别,
评审方式名录): a name is added at the end of its list, and taken off only while no record uses it. Each list is a
table with name, position and note, audited like any table; the caller says how its names are checked, what the
list is called and how a refusal reads, so every message stays the list's own. A list is read in its order
(position, then id)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.store.uow import UnitOfWork


def entries(db, model, used_by, *, extra: tuple[str, ...] = ()) -> list[dict]:
    """The list MODEL in its order: id, name, the EXTRA columns (e.g. unit), note and how many records use the name
    in column USED_BY (0 for none); a missing note or extra value reads as ""."""
    columns = [getattr(model, c) for c in extra]
    with db.sessions() as s:
        used = dict(s.execute(select(used_by, func.count()).group_by(used_by)).tuples().all())
        rows = s.execute(select(model.id, model.name, *columns, model.note).order_by(model.position, model.id)).tuples()
        return [
            dict(
                id=i,
                name=n,
                **{c: v or "" for c, v in zip(extra, values, strict=True)},
                note=note or "",
                used=used.get(n, 0),
            )
            for i, n, *values, note in rows
        ]


def names(session: Session, model) -> list[str]:
    """The names of the list MODEL in its order."""
    return list(session.scalars(select(model.name).order_by(model.position, model.id)))


def add(db, model, name: str, *, check: Callable[[str], str], listed: str, **extra) -> int:
    """Add NAME (as CHECK cleans it; its ValueError is the message) at the end of the list MODEL; a name already
    there is refused as "LISTED中已有“name”". EXTRA: the row's other columns (note, unit). The new row's id."""
    access.require(db, "edit")
    try:
        name = check(name)
    except ValueError as e:
        raise ValidationError({"name": str(e)}) from None
    with UnitOfWork(db) as uow:
        s = uow.session
        if s.scalar(select(model.id).where(model.name == name)) is not None:
            raise ValidationError({"name": f"{listed}中已有“{name}”"})
        last = s.scalar(select(func.max(model.position))) or 0
        row = model(name=name, position=last + 1, **extra)
        s.add(row)
        s.flush()
        uow.commit()
        return row.id


def remove(db, model, kind_id: int, used_by, *, missing: str, in_use: str) -> None:
    """Take row KIND_ID off the list MODEL, refused while records use its name in column USED_BY.
    MISSING: the message when it is gone; IN_USE: the refusal, with {n} (how many records) and {name}."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        row = s.get(model, kind_id)
        if row is None:
            raise NotFound(missing)
        n = s.scalar(select(func.count()).select_from(used_by.class_).where(used_by == row.name)) or 0
        if n:
            raise ValidationError({"name": in_use.format(n=n, name=row.name)})
        s.delete(row)
        uow.commit()
