"""Report parameters: school year / month, scope (county, township, school), teachers, options.

A scope is written `county`, `county:NAME`, `township:NAME` or `school:NAME` (the command line and the GUI
use the same text). `county` alone is every school in the database (全县; 全市 in a city database);
`county:NAME` (区县) the schools whose school.county is NAME — a city database holds several counties'
schools (exchange packages). Teachers belong to a scope through their post school (编制学校) unless a report
says otherwise (优质均衡 counts teachers where they work).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import select

from talentdesk.domain.policy import Policy
from talentdesk.services.errors import UserError
from talentdesk.store.models import School

SCOPE_KINDS = {"county": "全县", "township": "乡镇", "school": "学校"}  # county with a name: 区县


@dataclass(frozen=True)
class Scope:
    kind: str = "county"
    name: str | None = None

    @classmethod
    def parse(cls, text: str | None) -> "Scope":
        t = (text or "county").strip()
        if t in ("county", "全县", "全市", ""):
            return cls()
        kind, sep, name = t.partition(":")
        if not sep:
            kind, sep, name = t.partition("：")
        kind = {"乡镇": "township", "学校": "school", "区县": "county"}.get(kind.strip(), kind.strip())
        if kind not in ("county", "township", "school") or not name.strip():
            raise UserError(f"统计范围“{text}”不对：应写 county、county:区县名称、township:乡镇名称 或 school:学校名称")
        return cls(kind, name.strip())

    @property
    def text(self) -> str:
        return "county" if self.kind == "county" and not self.name else f"{self.kind}:{self.name}"

    @property
    def label(self) -> str:
        return "全县（全部学校）" if self.kind == "county" and not self.name else self.name or ""

    def school_ids(self, session) -> set[int] | None:
        """The schools in scope; None means every school (no filter). Unknown names are a UserError."""
        if self.kind == "county" and not self.name:
            return None
        col = {"county": School.county, "township": School.township}.get(self.kind, School.name)
        ids = set(session.scalars(select(School.id).where(col == self.name)))
        if not ids:
            what = {"county": "区县", "township": "乡镇"}.get(self.kind, "学校")
            raise UserError(f"数据库中没有{what}“{self.name}”（统计范围）")
        return ids


def whole_label(session) -> str:
    """The label of the whole database: 全市 when its schools belong to counties (a city database), else 全县."""
    return whole_label_of(session.scalar(select(is_city())))


def is_city():
    """Whether the schools belong to counties (a city database), as an SQL expression to select with others."""
    return select(School.id).where(School.county.is_not(None)).exists()


def whole_label_of(city: bool) -> str:
    return "全市（全部学校）" if city else "全县（全部学校）"


@dataclass
class Params:
    """What a report is computed for. year: a school year named by its first year (2025 = 2025—2026学年)
    or a calendar year for annual figures; month: (year, month)."""

    year: int | None = None
    month: tuple[int, int] | None = None
    scope: Scope = field(default_factory=Scope)
    teacher_ids: list[int] | None = None
    options: dict = field(default_factory=dict)  # report-specific: mask, status, stage, title…
    policy: Policy | None = None  # None: the catalogue loads the bureau's saved policy
    today: dt.date = field(default_factory=dt.date.today)
    exporter: str = ""

    @property
    def rules(self) -> Policy:
        return self.policy or Policy()

    @property
    def mask(self) -> bool:
        return bool(self.options.get("mask", True))

    def year_or(self, default: int) -> int:
        return self.year if self.year is not None else default

    def month_or_current(self) -> tuple[int, int]:
        return self.month or (self.today.year, self.today.month)


def parse_month(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    m = re.fullmatch(r"\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*月?\s*", text)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise UserError(f"月份“{text}”不对：应写成 YYYY-MM，例如 2026-03")
    return int(m.group(1)), int(m.group(2))


def parse_teacher_ids(session, values) -> list[int] | None:
    """--teacher takes database ids or ID numbers (身份证号); unknown ones are a UserError."""
    from talentdesk.store.models import Teacher

    if not values:
        return None
    out: list[int] = []
    for v in values:
        for part in re.split(r"[,，\s]+", str(v).strip()):
            if not part:
                continue
            if part.isdigit() and len(part) < 10:
                tid = session.get(Teacher, int(part)) and int(part)
            else:
                tid = session.scalar(select(Teacher.id).where(Teacher.id_number == part.upper()))
            if not tid:
                raise UserError(f"找不到教师“{part}”（--teacher 应写教师编号或身份证号）")
            out.append(tid)
    return out
