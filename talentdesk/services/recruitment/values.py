"""Form values (text as typed) → typed column values for the recruitment and talent-service records,
with Chinese messages per field; and ORM rows → plain dicts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Float, Integer

from talentdesk.domain import codes
from talentdesk.domain.dates import DateError, PartialDate, parse_loose
from talentdesk.errors import ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.platform.records import upsert
from talentdesk.store.models import Teacher
from talentdesk.store.types import PartialDateType
from talentdesk.store.uow import UnitOfWork


def _text(v):
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def clean_values(
    model, fields, values: dict, *, required=(), choices: dict | None = None, code_lists: dict | None = None
) -> dict:
    """Parse each field by its column type; raises ValidationError(field → message)."""
    cols = model.__table__.columns
    out, problems = {}, {}
    for f in fields:
        v = values.get(f)
        v = _text(v) if isinstance(v, str) else v
        col = cols[f]
        if v is None:
            out[f] = None
        elif col.foreign_keys:
            out[f] = int(v)
        elif isinstance(col.type, PartialDateType):
            if isinstance(v, PartialDate):
                out[f] = v
            elif isinstance(v, dt.date):
                out[f] = PartialDate.from_date(v)
            else:
                try:
                    out[f] = parse_loose(v)
                except DateError as e:
                    problems[f] = str(e)
        elif isinstance(col.type, Boolean):
            try:
                out[f] = codes.yes_no(v)
            except ValueError as e:
                problems[f] = str(e)
        elif isinstance(col.type, Integer):
            try:
                out[f] = int(str(v))
            except ValueError:
                problems[f] = f"“{v}”不是整数"
        elif isinstance(col.type, Float):
            try:
                out[f] = float(str(v).replace(",", "").replace("，", ""))
            except ValueError:
                problems[f] = f"“{v}”不是数字"
        else:
            out[f] = v
        cl = (code_lists or {}).get(f)
        if cl is not None and out.get(f) is not None:
            label = cl.canonical(out[f])
            if label is None and cl is not codes.SUBJECT:
                problems[f] = f"“{out[f]}”不是有效的{cl.name}"
            out[f] = label or out[f]
        allowed = (choices or {}).get(f)
        if allowed and out.get(f) is not None and out[f] not in allowed:
            problems[f] = f"应为{'、'.join(allowed)}之一"
        if (
            isinstance(out.get(f), (int, float))
            and not isinstance(out.get(f), bool)
            and out[f] < 0
            and not col.foreign_keys
        ):
            problems[f] = "不能为负数"
        if f in required and out.get(f) is None and f not in problems:
            problems[f] = "此项必须填写"
    for a, b in (("start", "end"), ("applied", "handled")):
        if out.get(a) and out.get(b) and out[b] < out[a] and b not in problems:
            problems[b] = "结束时间早于开始时间" if b == "end" else "办理日期早于申请日期"
    if problems:
        raise ValidationError(problems)
    return out


def to_plain(obj, fields) -> dict:
    return {f: getattr(obj, f) for f in fields}


def save_teacher_record(
    db,
    model,
    record_id: int | None,
    data: dict,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> int:
    """Insert or update one record that belongs to a teacher (recognitions, agreements, requests, 师德…).
    VERSION and BASE: what the form loaded; a change saved meanwhile is merged or raises EditConflict
    (services.platform.records.upsert)."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        if s.get(Teacher, data["teacher_id"]) is None:
            raise ValidationError({"teacher_id": "请选择教师"})
        r = upsert(
            s,
            model,
            record_id,
            data,
            "找不到这条记录（可能已被删除）",
            expected_version=version,
            base=base,
            merge=merge,
            resolved=resolved,
        )
        s.flush()
        uow.commit()
        return r.id
