"""What the bureau prints on its paper (issue 18 §3), kept in the Setting table: the issuer (填报单位, key
"report_unit"), the 监督电话 and 联系人 of every public notice, and whether PDFs carry the light diagonal
“内部资料” watermark (on unless the bureau turns it off). One place reads and writes them for the 设置 page,
the 统计报表 page and the command line."""

from __future__ import annotations

import json
from dataclasses import dataclass

from talentdesk.errors import ValidationError
from talentdesk.services.accounts import access
from talentdesk.store import setting_rows
from talentdesk.store.models import Setting
from talentdesk.store.uow import UnitOfWork

UNIT_KEY = "report_unit"  # 填报单位, printed on every report and as the issuer of every notice
PHONE_KEY, CONTACT_KEY = "notice_phone", "notice_contact"  # where to object to a 公示名单
WATERMARK_KEY = "paper_watermark"
LIMITS = {"unit": 60, "phone": 30, "contact": 30}  # what fits the notice's closing line


@dataclass(frozen=True)
class Paper:
    unit: str = ""
    phone: str = ""
    contact: str = ""
    watermark: bool = True


def unit_from_value(text: str | None) -> str:
    """A text setting's stored JSON value as text ("" when unset or not a string)."""
    if text is None:
        return ""
    try:
        value = json.loads(text)
    except ValueError:
        value = text
    return value if isinstance(value, str) else ""


def unit_name(db) -> str:
    """The bureau's name printed as 填报单位 (Setting "report_unit", a JSON string), or ""."""
    with db.sessions() as s:
        row = s.get(Setting, UNIT_KEY)
    return unit_from_value(None if row is None else row.value)


def set_unit_name(db, text: str) -> None:
    """The bureau's name printed as 填报单位 on every report (Setting "report_unit")."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        setting_rows.put(uow.session, UNIT_KEY, json.dumps(text.strip(), ensure_ascii=False))
        uow.commit()


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
        unit_from_value(value[UNIT_KEY]),
        unit_from_value(value[PHONE_KEY]),
        unit_from_value(value[CONTACT_KEY]),
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
