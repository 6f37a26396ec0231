"""Write leaving rows and management responses (issue 22 §3) through the ORM, so they are audited with the import
batch and undone with it. A leaving row writes what the 离岗登记 dialog writes (store.separations.leave)."""

from __future__ import annotations

import json

from talentdesk.domain import attrition
from talentdesk.store import setting_rows
from talentdesk.store.models import Setting, Teacher
from talentdesk.store.models_deployment import RetentionResponse
from talentdesk.store.separations import leave

SEPARATION_FIELDS = ("reason", "destination", "note", "reason_code", "dest_kind", "dest_province", "dest_city")


def write_separation(session, row, teacher_id) -> int:
    v = row.values
    t = session.get(Teacher, teacher_id(row.refs["teacher"]))
    leave(session, t, v["leave_kind"], v["leave_date"], **{f: v.get(f) or None for f in SEPARATION_FIELDS})
    return t.id


def write_response(session, row, teacher_id) -> int:
    v = row.values
    tid = teacher_id(row.refs["teacher"])
    session.add(
        RetentionResponse(
            teacher_id=tid,
            talked_on=v["talked_on"],
            talked_by=v["talked_by"],
            offered=v.get("offered"),
            outcome=v["outcome"],
            follow_up=v.get("follow_up") if v["outcome"] == attrition.OPEN_OUTCOME else None,
            note=v.get("note"),
        )
    )
    return tid


def add_offers(session, offered: list[str]) -> None:
    """New offers named by the imported responses join the bureau's list (as the response dialog does)."""
    row = session.get(Setting, attrition.OFFERS_KEY)
    try:
        current = json.loads(row.value) if row else None
    except ValueError:
        current = None
    if not (isinstance(current, list) and current):
        current = list(attrition.OFFERS)
    new = [x for x in dict.fromkeys(offered) if x and x not in current and len(x) <= 20]
    if new:
        setting_rows.put(session, attrition.OFFERS_KEY, json.dumps([*current, *new], ensure_ascii=False))
