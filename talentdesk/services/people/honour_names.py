"""The bureau's list of honour names (荣誉名录) and the mapping of free-text honours to it (issue 17 §2).

The list starts with the usual names (migration 0010) and the bureau adds its own (红烛教师 …). Honour records
keep the text as entered; reports match it to the list (domain.honours). A text that matches nothing is shown
(`unmatched`) for the clerk to map once (`map_text`): the mapping is remembered and every later record with the
same text counts under that name. Every change is audited (ORM session events) and needs the edit right.
"""

from __future__ import annotations

from sqlalchemy import func, select

from talentdesk.domain import honours as rules
from talentdesk.domain.honours import LEVELS, Matcher, normalise
from talentdesk.domain.policy import Policy
from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.platform.settings import load_policy
from talentdesk.store import setting_rows
from talentdesk.store.models import Honour
from talentdesk.store.models_honours import HonourAlias, HonourName
from talentdesk.store.uow import UnitOfWork


def names(db) -> list[dict]:
    """The list in its order: id, name, note and how many texts were mapped to it."""
    with db.sessions() as s:
        mapped = dict(s.execute(select(HonourAlias.name_id, func.count()).group_by(HonourAlias.name_id)).all())
        return [
            dict(id=i, name=n, note=note or "", aliases=mapped.get(i, 0))
            for i, n, note in s.execute(
                select(HonourName.id, HonourName.name, HonourName.note).order_by(HonourName.position, HonourName.id)
            )
        ]


def add_name(db, name: str, note: str | None = None) -> int:
    """A name for the list (normalised: 红烛 教师 → 红烛教师); a name already there is refused."""
    access.require(db, "edit")
    try:
        text = rules.check_name(name)
    except ValueError as e:
        raise ValidationError({"name": str(e)}) from None
    with UnitOfWork(db) as uow:
        s = uow.session
        if text in {normalise(n) for n in s.scalars(select(HonourName.name))}:
            raise ValidationError({"name": f"名录中已有“{text}”"})
        last = s.scalar(select(func.max(HonourName.position))) or 0
        row = HonourName(name=text, position=last + 1, note=(note or "").strip() or None)
        s.add(row)
        s.flush()
        uow.commit()
        return row.id


def remove_name(db, name_id: int) -> None:
    """Take a name off the list; the texts mapped to it are forgotten with it (they show as unmatched again)."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        row = uow.session.get(HonourName, name_id)
        if row is None:
            raise NotFound("名录中没有这个荣誉名称（可能已被删除）")
        for alias in uow.session.scalars(select(HonourAlias).where(HonourAlias.name_id == name_id)):
            uow.session.delete(alias)
        uow.session.delete(row)
        uow.commit()


def county_list_key(county: str) -> str:
    """The setting under which a city keeps a county's own list, as its last data package brought it."""
    return f"honour_list:{county}"


def matcher(session, policy: Policy | None = None, county: str | None = None) -> Matcher:
    """The bureau's list and the texts mapped to it, read from the database; with COUNTY (a city database), that
    county's own list when its data package brought one, so the county's honours count as in its own figures."""
    district = (policy or Policy()).district_level
    stored = setting_rows.get_dict(session, county_list_key(county)) if county else {}
    if stored.get("names"):
        return Matcher(list(stored["names"]), {t: (n, lv) for t, (n, lv) in stored["aliases"].items()}, district)
    names = dict(
        session.execute(select(HonourName.id, HonourName.name).order_by(HonourName.position, HonourName.id)).all()
    )
    aliases = {
        text: (names[nid], level)
        for text, nid, level in session.execute(select(HonourAlias.text, HonourAlias.name_id, HonourAlias.level))
        if nid in names
    }
    return Matcher(list(names.values()), aliases, district)


def unmatched(db) -> list[dict]:
    """The honour texts of the records that match no name of the list: text as entered (the commonest spelling),
    its normalised form, the levels recorded with it and the number of records, most records first."""
    policy = load_policy(db)
    with db.sessions() as s:
        m = matcher(s, policy)
        groups: dict[str, dict] = {}
        for text, level, n in s.execute(
            select(Honour.name, Honour.level, func.count()).group_by(Honour.name, Honour.level)
        ):
            if m.match(text) is not None:
                continue
            key = normalise(text)
            if not key:
                continue
            g = groups.setdefault(key, dict(text=text, key=key, levels=set(), count=0, best=0))
            g["count"] += n
            if level:
                g["levels"].add(level)
            if n > g["best"]:
                g["text"], g["best"] = text, n
    out = sorted(groups.values(), key=lambda g: (-g["count"], g["key"]))
    for g in out:
        g["levels"] = "、".join(sorted(g["levels"]))
        del g["best"]
    return out


def map_text(db, text: str, name_id: int, level: str | None = None) -> None:
    """Remember that honour text TEXT means NAME_ID of the list (and LEVEL when the text states one, e.g.
    县优秀教育者 → 优秀教育工作者 县级); a text mapped before is mapped anew."""
    access.require(db, "edit")
    key = normalise(text)
    if not key:
        raise ValidationError({"text": "荣誉名称是空的"})
    if len(key) > 200:
        raise ValidationError({"text": "荣誉名称最长 200 个字"})
    if level is not None and level not in LEVELS:
        raise ValidationError({"level": f"级别应为{'、'.join(LEVELS)}之一"})
    with UnitOfWork(db) as uow:
        s = uow.session
        if s.get(HonourName, name_id) is None:
            raise NotFound("名录中没有这个荣誉名称（可能已被删除）")
        row = s.scalar(select(HonourAlias).where(HonourAlias.text == key))
        if row is None:
            s.add(HonourAlias(text=key, name_id=name_id, level=level))
        else:
            row.name_id, row.level = name_id, level
        uow.commit()


def aliases(db) -> list[dict]:
    """The texts mapped so far: text, name, level."""
    with db.sessions() as s:
        return [
            dict(id=i, text=t, name=n, level=lv or "")
            for i, t, n, lv in s.execute(
                select(HonourAlias.id, HonourAlias.text, HonourName.name, HonourAlias.level)
                .join(HonourName, HonourName.id == HonourAlias.name_id)
                .order_by(HonourName.position, HonourAlias.text)
            )
        ]
