"""School groups (学校分组, issue 22 §3): named sets of schools the bureau watches together — by 城乡类型, 办学类型,
乡镇, 区县 and/or picked by hand — and the group each watch rule applies to. Every change is audited (store.audit)."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.domain.attrition import GROUP_ATTRIBUTES, RURAL_GROUP, SchoolGroup
from talentdesk.errors import NotFound, UserError, ValidationError
from talentdesk.services.accounts import access
from talentdesk.store.models import School
from talentdesk.store.models_deployment import SchoolGroup as GroupRow
from talentdesk.store.models_deployment import SchoolGroupMember, WatchRule
from talentdesk.store.uow import UnitOfWork

SEP = "、"


class GroupListRow(NamedTuple):
    """One school group in the list of the 学校分组 tab."""

    id: int
    name: str
    describe: str  # the conditions in words
    schools: int  # how many schools it holds now
    rules: str  # the watch rules using it, joined by 、
    note: str


COLUMNS = GroupListRow._fields


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(x for x in (text or "").split(SEP) if x)


def _join(values) -> str | None:
    return SEP.join(values) or None


def groups(db) -> list[SchoolGroup]:
    """The bureau's groups, by name."""
    with db.sessions() as s:
        picked: dict[int, set[int]] = {}
        for gid, sid in s.execute(select(SchoolGroupMember.group_id, SchoolGroupMember.school_id)):
            picked.setdefault(gid, set()).add(sid)
        return [
            SchoolGroup(
                g.name,
                areas=_split(g.areas),
                kinds=_split(g.kinds),
                townships=_split(g.townships),
                counties=_split(g.counties),
                school_ids=frozenset(picked.get(g.id, ())),
                note=g.note,
                id=g.id,
            )
            for g in s.scalars(select(GroupRow).order_by(GroupRow.name))
        ]


def _schools(db) -> list[tuple]:
    with db.sessions() as s:
        return [
            (sid, name, area, codes.SCHOOL_KIND.canonical(kind) or kind, township, county)
            for sid, name, area, kind, township, county in s.execute(
                select(School.id, School.name, School.area, School.kind, School.township, School.county).order_by(
                    School.name
                )
            )
        ]


def members(db, only: list[SchoolGroup] | None = None) -> dict[int, set[int]]:
    """Group id → the ids of the schools it holds now (attributes as they are today, plus the picked ones)."""
    out: dict[int, set[int]] = {}
    schools = _schools(db)
    for g in only if only is not None else groups(db):
        assert g.id is not None
        out[g.id] = {sid for sid, _n, area, kind, town, county in schools if g.holds(sid, area, kind, town, county)}
    return out


def members_of(db, group: SchoolGroup) -> set[int]:
    """The ids of the schools GROUP (saved or not) holds now."""
    return {sid for sid, _n, area, kind, town, county in _schools(db) if group.holds(sid, area, kind, town, county)}


def group_schools(db, group_id: int) -> list[tuple[int, str, str, str, str]]:
    """(id, name, 城乡类型, 办学类型, 乡镇) of the schools the group holds."""
    g = get(db, group_id)
    return [
        (sid, name, area or "", kind or "", town or "")
        for sid, name, area, kind, town, county in _schools(db)
        if g.holds(sid, area, kind, town, county)
    ]


def get(db, group_id: int) -> SchoolGroup:
    for g in groups(db):
        if g.id == group_id:
            return g
    raise NotFound("找不到这个学校分组（可能已被删除）")


def by_name(db, name: str) -> SchoolGroup:
    for g in groups(db):
        if g.name == name.strip():
            return g
    known = "、".join(g.name for g in groups(db)) or "（尚未建立分组）"
    raise UserError(f"没有名为“{name}”的学校分组；已有：{known}")


def rows(db) -> list[GroupListRow]:
    """One row per group for the list: id, name, conditions in words, number of schools, rules using it, note."""
    gs = groups(db)
    held = members(db, gs)
    with db.sessions() as s:
        used: dict[int, list[str]] = {}
        for gid, rname in s.execute(select(WatchRule.group_id, WatchRule.name).where(WatchRule.group_id.is_not(None))):
            used.setdefault(gid, []).append(rname)
    return [
        GroupListRow(
            g.id or 0, g.name, g.describe(), len(held[g.id or 0]), "、".join(used.get(g.id or 0, [])), g.note or ""
        )
        for g in gs
    ]


def _clean(db, values: dict) -> dict:
    problems = {}
    name = str(values.get("name") or "").strip()
    if not name:
        problems["name"] = "请填写分组名称"
    elif len(name) > 50:
        problems["name"] = "分组名称最多 50 个字"
    out: dict = {"name": name, "note": str(values.get("note") or "").strip() or None}
    for attr, label in GROUP_ATTRIBUTES:
        raw = values.get(attr) or ()
        items = [
            x.strip() for x in (raw.replace("，", SEP).replace(",", SEP).split(SEP) if isinstance(raw, str) else raw)
        ]
        items = [x for x in dict.fromkeys(items) if x]
        cl = {"areas": codes.AREA, "kinds": codes.SCHOOL_KIND}.get(attr)
        if cl is not None:
            bad = [x for x in items if cl.canonical(x) is None]
            if bad:
                problems[attr] = f"“{'、'.join(bad)}”不是有效的{label}，应为：{'、'.join(cl.labels)}"
            items = [cl.canonical(x) or x for x in items]
        out[attr] = _join(items)
    ids = {int(x) for x in values.get("school_ids") or ()}
    known = {sid for sid, *_ in _schools(db)}
    if ids - known:
        problems["school_ids"] = f"有 {len(ids - known)} 所指定的学校已不存在，请重新选择"
    out["school_ids"] = ids
    if not problems and not ids and not any(out[a] for a, _ in GROUP_ATTRIBUTES):
        problems["areas"] = "请至少设一个条件（城乡类型、办学类型、乡镇、区县）或指定学校"
    if problems:
        raise ValidationError(problems)
    return out


def save_group(db, group_id: int | None, values: dict) -> int:
    """Create (GROUP_ID None) or change a group: name, attribute lists (text joined by 、 or a list) and the
    hand-picked school_ids."""
    access.require(db, "edit")
    data = _clean(db, values)
    ids = data.pop("school_ids")
    with UnitOfWork(db) as uow:
        s = uow.session
        clash = s.scalar(select(GroupRow.id).where(GroupRow.name == data["name"]))
        if clash is not None and clash != group_id:
            raise ValidationError({"name": f"已有名为“{data['name']}”的分组"})
        if group_id is None:
            g = GroupRow(**data)
            s.add(g)
            s.flush()
        else:
            found = s.get(GroupRow, group_id)
            if found is None:
                raise NotFound("找不到这个学校分组（可能已被删除）")
            g = found
            for f, v in data.items():
                if getattr(g, f) != v:
                    setattr(g, f, v)
        have = {m.school_id: m for m in s.scalars(select(SchoolGroupMember).where(SchoolGroupMember.group_id == g.id))}
        for sid, m in have.items():
            if sid not in ids:
                s.delete(m)
        for sid in sorted(ids - set(have)):
            s.add(SchoolGroupMember(group_id=g.id, school_id=sid))
        s.flush()
        uow.commit()
        return g.id


def delete_group(db, group_id: int) -> None:
    """Delete a group no watch rule uses (a rule must first be given another group)."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        g = s.get(GroupRow, group_id)
        if g is None:
            raise NotFound("找不到这个学校分组（可能已被删除）")
        used = list(s.scalars(select(WatchRule.name).where(WatchRule.group_id == group_id)))
        if used:
            raise UserError(f"预警规则“{'、'.join(used)}”使用分组“{g.name}”，请先为这些规则改选分组")
        for m in s.scalars(select(SchoolGroupMember).where(SchoolGroupMember.group_id == group_id)):
            s.delete(m)
        s.delete(g)
        uow.commit()


def choices(db) -> list[str]:
    """What a rule may apply to: all schools, the rural ones (settings), or a named group."""
    return [ALL_SCHOOLS, RURAL_GROUP, *(g.name for g in groups(db))]


ALL_SCHOOLS = "全部学校"
