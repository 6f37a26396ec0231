"""The county's honour-name list (荣誉名录) travels with its data package, so that the city counts the county's
honours as the county does (issue 17 §2: a local name such as 红烛教师, and the texts mapped to a name).

The city keeps the county's list as it came (a setting per county, replaced by each newer package): a scope
inside that county counts with it (people.honour_names.matcher). For the whole city the city's own list counts: it
gains the names it does not have yet (at the end) and the mappings of texts it has not mapped yet; a text the
city already maps to another name keeps the city's mapping, and the result says so. Nothing of the city's list
is changed or removed. The package's one audit row covers the additions (listed in its message).
"""

from __future__ import annotations

import json

from sqlalchemy import delete, func, insert, select

from talentdesk.domain import honours as rules
from talentdesk.services.exchange.package_file import PackageRefused
from talentdesk.services.exchange.package_file import jsonl as _jsonl
from talentdesk.services.people.honour_names import county_list_key
from talentdesk.store.models import Setting
from talentdesk.store.models_honours import HonourAlias, HonourName

FILE = "honour_list.jsonl"


def payload(conn) -> bytes:
    """One line per name of the list, in its order: name, note and the texts mapped to it (with their level)."""
    mapped: dict[int, list[dict]] = {}
    for name_id, text, level in conn.execute(
        select(HonourAlias.name_id, HonourAlias.text, HonourAlias.level).order_by(HonourAlias.text)
    ):
        mapped.setdefault(name_id, []).append(dict(text=text, level=level))
    rows = [
        dict(name=name, note=note, aliases=mapped.get(i, []))
        for i, name, note in conn.execute(
            select(HonourName.id, HonourName.name, HonourName.note).order_by(HonourName.position, HonourName.id)
        )
    ]
    return _jsonl(rows)


def _checked(pkg, number: int, obj) -> tuple[str, str | None, list[tuple[str, str | None]]]:
    where = f"数据包“{pkg.path.name}”的 {FILE} 第 {number} 行"
    if not isinstance(obj, dict) or not isinstance(obj.get("aliases", []), list):
        raise PackageRefused(f"{where}不是荣誉名录的一行，未写入任何数据")
    try:
        name = rules.check_name(obj.get("name") if isinstance(obj.get("name"), str) else None)
    except ValueError as e:
        raise PackageRefused(f"{where}：{e}，未写入任何数据") from None
    note = obj.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > 2000):
        raise PackageRefused(f"{where}：备注不对，未写入任何数据")
    aliases = []
    for a in obj.get("aliases", []):
        text = rules.normalise(a.get("text")) if isinstance(a, dict) and isinstance(a.get("text"), str) else ""
        level = a.get("level") if isinstance(a, dict) else None
        if not text or len(text) > 200 or (level is not None and level not in rules.LEVELS):
            raise PackageRefused(f"{where}：对应的荣誉文字或级别不对，未写入任何数据")
        aliases.append((text, level))
    return name, note, aliases


def merge(session, pkg, county: str) -> list[str]:
    """Keep the county's list for its scopes; add the package's names and mappings the city's list lacks; the lines
    to report (added, kept the city's)."""
    if FILE not in pkg.files:
        return []  # a package from a program before the list travelled
    conn = session.connection()
    own: dict = dict(names=[], aliases={})
    by_name = {rules.normalise(n): i for i, n in conn.execute(select(HonourName.id, HonourName.name))}
    names = {i: n for n, i in by_name.items()}
    aliases = {t: i for t, i in conn.execute(select(HonourAlias.text, HonourAlias.name_id))}
    position = conn.execute(select(func.max(HonourName.position))).scalar() or 0
    added, mapped, kept = [], 0, []
    for number, obj in pkg.lines(FILE):
        name, note, texts = _checked(pkg, number, obj)
        own["names"].append(name)
        own["aliases"].update({text: [name, level] for text, level in texts})
        name_id = by_name.get(name)
        if name_id is None:
            position += 1
            name_id = conn.execute(
                insert(HonourName).returning(HonourName.id), dict(name=name, note=note, position=position, version=1)
            ).scalar_one()
            by_name[name], names[name_id] = name_id, name
            added.append(name)
        for text, level in texts:
            there = aliases.get(text)
            if there is None:
                conn.execute(insert(HonourAlias), dict(text=text, name_id=name_id, level=level, version=1))
                aliases[text] = name_id
                mapped += 1
            elif there != name_id:
                kept.append(f"“{text}”本库计为{names.get(there, '?')}，数据包计为{name}，保留本库的对应")
    key = county_list_key(county)  # Core, like the package's rows: the package's one audit row covers it
    conn.execute(delete(Setting).where(Setting.key == key))
    conn.execute(insert(Setting), dict(key=key, value=json.dumps(own, ensure_ascii=False, sort_keys=True)))
    out = []
    if added:
        out.append(f"荣誉名录新增 {len(added)} 个名称：{'、'.join(added)}")
    if mapped:
        out.append(f"荣誉名录新增 {mapped} 条荣誉文字的对应")
    return out + kept
