"""What the bureau prints on its paper (issue 18 §3), kept in the Setting table: the issuer (填报单位, key
"report_unit"), the 监督电话 and 联系人 of every public notice, and whether PDFs carry the light diagonal
“内部资料” watermark (on unless the bureau turns it off). One place reads and writes them for the 设置 page,
the 统计报表 page and the command line."""

from __future__ import annotations

import json
from dataclasses import dataclass

from talentdesk.errors import ValidationError
from talentdesk.reports.catalogue import UNIT_KEY, _unit_from_value
from talentdesk.reports.forms.notice import CONTACT_KEY, PHONE_KEY
from talentdesk.services.accounts import access
from talentdesk.store import setting_rows
from talentdesk.store.models import Setting
from talentdesk.store.uow import UnitOfWork

WATERMARK_KEY = "paper_watermark"
LIMITS = {"unit": 60, "phone": 30, "contact": 30}  # what fits the notice's closing line


@dataclass(frozen=True)
class Paper:
    unit: str = ""
    phone: str = ""
    contact: str = ""
    watermark: bool = True


def _flag(text: str | None) -> bool:
    try:
        value = json.loads(text) if text is not None else True
    except ValueError:
        return True
    return value is not False  # only an explicit "off" turns it off


def load(db) -> Paper:
    with db.sessions() as s:
        value = {
            k: (None if (r := s.get(Setting, k)) is None else r.value)
            for k in (UNIT_KEY, PHONE_KEY, CONTACT_KEY, WATERMARK_KEY)
        }
    return Paper(
        _unit_from_value(value[UNIT_KEY]),
        _unit_from_value(value[PHONE_KEY]),
        _unit_from_value(value[CONTACT_KEY]),
        _flag(value[WATERMARK_KEY]),
    )


def watermark_on(db) -> bool:
    """Whether reports carry the “内部资料” watermark by default (the bureau's setting; on unless turned off)."""
    return load(db).watermark


def save(
    db, *, unit: str | None = None, phone: str | None = None, contact: str | None = None, watermark: bool | None = None
) -> Paper:
    """Store the given fields (None: unchanged); audited as a settings change. Returns what is stored."""
    access.require(db, "settings")
    given = {"unit": unit, "phone": phone, "contact": contact}
    clean = {k: v.strip() for k, v in given.items() if v is not None}
    problems = {k: f"不能超过 {LIMITS[k]} 个字" for k, v in clean.items() if len(v) > LIMITS[k]}
    if "unit" in clean and not clean["unit"]:
        if load(db).unit:
            problems["unit"] = "不能清空：报表和公示名单都以它为发布单位"
        else:
            del clean["unit"]  # still unset: asked for when the first report is made
    if problems:
        raise ValidationError(problems)
    keys = {"unit": UNIT_KEY, "phone": PHONE_KEY, "contact": CONTACT_KEY}
    with UnitOfWork(db) as uow:
        for k, v in clean.items():
            setting_rows.put(uow.session, keys[k], json.dumps(v, ensure_ascii=False))
        if watermark is not None:
            setting_rows.put(uow.session, WATERMARK_KEY, json.dumps(bool(watermark)))
        uow.commit()
    return load(db)
