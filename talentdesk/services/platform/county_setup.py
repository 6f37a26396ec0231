"""A county's own database set up (issue 14 §7): the county's name (the name its exchange packages carry) and
the 填报单位 printed on every report, asked together when the clerk starts a new database."""

from __future__ import annotations

from talentdesk.errors import UserError
from talentdesk.services.exchange import packages as exchange
from talentdesk.services.people import schools
from talentdesk.services.people import teachers as teacher_svc
from talentdesk.services.platform import paper_settings

UNIT_SUFFIX = "教育和体育局"


def suggested_unit(county: str) -> str:
    """The usual 填报单位 of COUNTY (the clerk may change it): 临河县 → 临河县教育和体育局."""
    county = county.strip()
    return f"{county}{UNIT_SUFFIX}" if county else ""


def is_empty(db) -> bool:
    """No teacher and no school yet: a database the clerk has not started on."""
    return teacher_svc.count(db) == 0 and not schools.choices(db)


def current(db) -> dict:
    return {"county": exchange.remembered(db).get("county", ""), "unit": paper_settings.unit_name(db)}


def set_up(db, county: str, unit: str | None = None) -> dict:
    """Name the county and its 填报单位 (UNIT None: the suggested one). Returns both as stored."""
    county = (county or "").strip()
    unit = (unit if unit is not None else suggested_unit(county)).strip()
    if not county:
        raise UserError("请填写县（市、区）名称")
    if not unit:
        raise UserError("请填写填报单位（打印在每张报表上）")
    exchange.remember(db, county=county)
    paper_settings.set_unit_name(db, unit)
    return current(db)
