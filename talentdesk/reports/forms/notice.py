"""What every 公示名单 says besides its list (issue 18 §3): the issuing unit, the 公示期 with its first and last
day, where to object (监督电话, 联系人) and the date, the same on paper and in Excel, and the same issuer
(the bureau's 填报单位) on every notice."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from talentdesk.errors import UserError
from talentdesk.services.platform.paper_settings import CONTACT_KEY, PHONE_KEY, unit_from_value, unit_name


def working_days_end(start: dt.date, days: int) -> dt.date:
    """The last day of a period of DAYS working days (Monday to Friday) beginning on START."""
    d, left = start, days
    while True:
        if d.weekday() < 5:
            left -= 1
            if left <= 0:
                return d
        d += dt.timedelta(days=1)


def _cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True)
class Notice:
    unit: str  # the issuer (填报单位)
    start: dt.date
    days: int = 5
    phone: str = ""
    contact: str = ""

    @property
    def end(self) -> dt.date:
        return working_days_end(self.start, self.days)

    @property
    def period(self) -> str:
        return f"{_cn(self.start)}至{_cn(self.end)}（{self.days} 个工作日）"

    def objection(self) -> str:
        where = "，".join(
            x
            for x in (
                f"监督电话：{self.phone}" if self.phone else "",
                f"联系人：{self.contact}" if self.contact else "",
            )
            if x
        )
        return f"公示期：{self.period}。如有异议，请在公示期内以书面形式或电话向{self.unit}反映" + (
            f"（{where}）。" if where else "。"
        )

    def closing(self) -> list[str]:
        """The lines under the list, right-aligned: issuer, date, where to call."""
        lines = [self.unit, _cn(self.start)]
        if self.phone or self.contact:
            lines.append(
                "　".join(
                    x
                    for x in (
                        f"监督电话：{self.phone}" if self.phone else "",
                        f"联系人：{self.contact}" if self.contact else "",
                    )
                    if x
                )
            )
        return lines


def for_db(db, *, days: int = 5, start: dt.date | None = None, unit: str | None = None) -> Notice:
    """The notice facts from the bureau's settings; a notice is never issued by a placeholder."""
    from talentdesk.store.models import Setting

    unit = (unit if unit is not None else unit_name(db)).strip()
    if not unit:
        raise UserError("还没有填写填报单位（发布公示的单位名称）：请先在“统计报表”页填写填报单位，再生成公示名单")
    with db.sessions() as s:
        phone, contact = (
            unit_from_value(None if (r := s.get(Setting, k)) is None else r.value) for k in (PHONE_KEY, CONTACT_KEY)
        )
    return Notice(unit, start or dt.date.today(), days, phone, contact)
