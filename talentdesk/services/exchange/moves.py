"""Cross-county moves the city confirms (issue 15 §4).

A county's data package never changes another county's rows: a teacher whose ID number another county already
holds in the city database is left out and listed as a move to confirm (exchange_import). When the city has checked
with both counties, it confirms the move (teacher, from, to): from then on the receiving county's data package
brings the teacher in and the record of the county the teacher left is removed from the city database (it stays in
that county's own database), and the leaving county's packages no longer bring the teacher back. Confirmations are
kept in the Setting "exchange_moves" (audited as any setting change) and take effect at the next import of the
receiving county's package.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from talentdesk.domain.idnumber import mask
from talentdesk.errors import UserError
from talentdesk.services.accounts import access
from talentdesk.store import setting_rows
from talentdesk.store.models import Setting
from talentdesk.store.uow import UnitOfWork

SETTING_KEY = "exchange_moves"


def _key(id_number: str, id_type: str) -> str:
    return f"{id_type}|{id_number}"


def confirmed(db=None, *, conn=None) -> dict[tuple[str, str], dict]:
    """(ID number, ID type) → {"from", "to", "name", "confirmed_by", "confirmed_at"}."""
    if conn is not None:
        text = conn.execute(select(Setting.value).where(Setting.key == SETTING_KEY)).scalar()
    else:
        with db.sessions() as s:
            row = s.get(Setting, SETTING_KEY)
            text = row.value if row else None
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        data = {}
    out = {}
    for k, v in data.items() if isinstance(data, dict) else ():
        id_type, _, number = k.partition("|")
        if isinstance(v, dict) and number:
            out[(number, id_type)] = v
    return out


def pending(db) -> list[dict]:
    """The moves listed by the latest data package of each county and not confirmed yet, as
    {id_number, id_type, name, masked, from, to, from_status, to_status, package_id}."""
    from talentdesk.services.exchange.packages import packages

    done = confirmed(db)
    latest: dict[str, dict] = {}
    for p in packages(db):  # newest first
        if p["kind"] == "data" and p["county"] not in latest:
            latest[p["county"]] = p
    out, seen = [], set()
    for county, p in sorted(latest.items()):
        for m in p["summary"].get("moves") or []:
            key = (m.get("id_number"), m.get("id_type"))
            if not key[0] or key in seen or done.get(key, {}).get("to") == county:
                continue
            seen.add(key)
            out.append({**m, "masked": mask(key[0]), "package_id": p["id"]})
    return out


def confirm(db, id_number: str, *, to: str, id_type: str = "居民身份证") -> dict:
    """The city confirms that the teacher moved to county TO (from the county holding the record now, as listed in
    the pending moves). Takes effect at TO's next data package import. Audited."""
    access.require(db, "import")
    id_number = (id_number or "").strip().upper()
    move = next(
        (m for m in pending(db) if m["id_number"] == id_number and m["id_type"] == id_type and m["to"] == to), None
    )
    if move is None:
        raise UserError(f"没有待确认的调往“{to}”的跨区县调动（身份证号 {mask(id_number) if id_number else '空'}）")
    data = {_key(n, t): v for (n, t), v in confirmed(db).items()}
    data[_key(id_number, id_type)] = {
        "from": move["from"],
        "to": to,
        "name": move.get("name", ""),
        "confirmed_by": access.current(db).user,
        "confirmed_at": dt.datetime.now().replace(microsecond=0).isoformat(),
    }
    with UnitOfWork(db) as uow:
        setting_rows.put(uow.session, SETTING_KEY, json.dumps(data, ensure_ascii=False, sort_keys=True))
        uow.commit()
    return data[_key(id_number, id_type)]
