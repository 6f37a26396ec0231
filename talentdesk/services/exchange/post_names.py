"""The county's list of post names (职务名录, issue 20 §1) travels with its data package, so that the city counts
a post the county named itself (安全办主任 → 中层) under the county's category, not under 其他.

The city's list gains the names it lacks, at its end, with the county's category. A name the city already has
under another category keeps the city's category, and the package's result says so. Nothing of the city's list
is changed or removed; the package's one audit row covers the additions (listed in its message).
"""

from __future__ import annotations

from sqlalchemy import func, insert, select

from talentdesk.domain import leaders as rules
from talentdesk.services.exchange.package_file import PackageRefused
from talentdesk.services.exchange.package_file import jsonl as _jsonl
from talentdesk.store.models_leaders import LeaderPostName

FILE = "leader_post_names.jsonl"


def payload(conn) -> bytes:
    """One line per name of the list, in its order: name, category, note."""
    rows = [
        dict(name=n, category=c, note=note)
        for n, c, note in conn.execute(
            select(LeaderPostName.name, LeaderPostName.category, LeaderPostName.note).order_by(
                LeaderPostName.position, LeaderPostName.id
            )
        )
    ]
    return _jsonl(rows)


def _checked(pkg, number: int, obj) -> tuple[str, str, str | None]:
    where = f"数据包“{pkg.path.name}”的 {FILE} 第 {number} 行"
    if not isinstance(obj, dict):
        raise PackageRefused(f"{where}不是职务名录的一行，未写入任何数据")
    try:
        name = rules.check_name(obj.get("name") if isinstance(obj.get("name"), str) else None)
    except ValueError as e:
        raise PackageRefused(f"{where}：{e}，未写入任何数据") from None
    category, note = obj.get("category"), obj.get("note")
    if category not in rules.CATEGORIES:
        raise PackageRefused(f"{where}：类别“{str(category)[:20]}”不对，未写入任何数据")
    if note is not None and (not isinstance(note, str) or len(note) > 2000):
        raise PackageRefused(f"{where}：备注不对，未写入任何数据")
    return name, category, note


def merge(session, pkg) -> list[str]:
    """Add the package's post names the city lacks; the lines to report (added, kept the city's category)."""
    if FILE not in pkg.files:
        return []  # a package from a program before the list travelled
    conn = session.connection()
    have = dict(conn.execute(select(LeaderPostName.name, LeaderPostName.category)).all())
    position = conn.execute(select(func.max(LeaderPostName.position))).scalar() or 0
    added, kept = [], []
    for number, obj in pkg.lines(FILE):
        name, category, note = _checked(pkg, number, obj)
        if name not in have:
            position += 1
            conn.execute(
                insert(LeaderPostName), dict(name=name, category=category, note=note, position=position, version=1)
            )
            have[name] = category
            added.append(f"{name}（{category}）")
        elif have[name] != category:
            kept.append(f"职务“{name}”本库计为{have[name]}，数据包计为{category}，保留本库的类别")
    return ([f"职务名录新增 {len(added)} 个名称：{'、'.join(added)}"] if added else []) + kept
