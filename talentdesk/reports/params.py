"""Report parameters: school year / month, scope (county, township, school), teachers, options.

A scope is written `county`, `county:NAME`, `township:NAME` or `school:NAME` (the command line and the GUI
use the same text). `county` alone is every school in the database (全县; 全市 in a city database);
`county:NAME` (区县) the schools whose school.county is NAME — a city database holds several counties'
schools (exchange packages). There townships are per county: `township:区县/乡镇` (two counties may both have
a 东古城镇); a plain `township:NAME` is enough when only one county (or a county database) has that name.
Teachers belong to a scope through their post school (编制学校) unless a report says otherwise (优质均衡
counts teachers where they work).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import select

from talentdesk.domain.dates import parse_month as parse_month  # --month YYYY-MM (domain: exchange uses it too)
from talentdesk.domain.policy import Policy
from talentdesk.errors import UserError
from talentdesk.store.models import School

SCOPE_KINDS = {"county": "全县", "township": "乡镇", "school": "学校"}  # county with a name: 区县


@dataclass(frozen=True)
class Scope:
    kind: str = "county"
    name: str | None = None

    @classmethod
    def parse(cls, text: str | None) -> Scope:
        t = (text or "county").strip()
        if t in ("county", "全县", "全市", ""):
            return cls()
        kind, sep, name = t.partition(":")
        if not sep:
            kind, sep, name = t.partition("：")
        kind = {"乡镇": "township", "学校": "school", "区县": "county"}.get(kind.strip(), kind.strip())
        if kind not in ("county", "township", "school") or not name.strip():
            raise UserError(
                f"统计范围“{text}”不对：应写 county、county:区县名称、township:乡镇名称"
                f"（市级数据库写 township:区县名称/乡镇名称）或 school:学校名称"
            )
        name = name.strip()
        if kind == "township" and "/" in name:
            county, _, town = (x.strip() for x in name.partition("/"))
            if not town:
                raise UserError(
                    f"统计范围“{text}”不对：乡镇应写成 township:区县名称/乡镇名称，例如 township:青禾县/东古城镇"
                )
            name = f"{county}/{town}"
        return cls(kind, name)

    @property
    def text(self) -> str:
        return "county" if self.kind == "county" and not self.name else f"{self.kind}:{self.name}"

    @property
    def label(self) -> str:
        if self.kind == "county" and not self.name:
            return "全县（全部学校）"
        if self.kind == "township" and self.county is not None:
            return f"{self.county}{self.township}"
        return self.name or ""

    @property
    def county(self) -> str | None:
        """A township scope's county (区县): the part before "/"; "" for schools without a county; None when
        the township was named alone."""
        if self.kind != "township" or not self.name or "/" not in self.name:
            return None
        return self.name.partition("/")[0]

    @property
    def township(self) -> str | None:
        if self.kind != "township":
            return None
        return self.name.partition("/")[2] if self.county is not None else self.name

    def school_ids(self, session) -> set[int] | None:
        """The schools in scope; None means every school (no filter). Unknown names are a UserError, and so is
        a township name that several counties of a city database have (township:区县/乡镇 says which)."""
        if self.kind == "county" and not self.name:
            return None
        if self.kind == "township":
            return self._township_ids(session)
        col = {"county": School.county}.get(self.kind, School.name)
        ids = set(session.scalars(select(School.id).where(col == self.name)))
        if not ids:
            what = {"county": "区县"}.get(self.kind, "学校")
            raise UserError(f"数据库中没有{what}“{self.name}”（统计范围）")
        return ids

    def _township_ids(self, session) -> set[int]:
        town, county = self.township, self.county
        stmt = select(School.id, School.county).where(School.township == town)
        if county is not None:
            stmt = stmt.where(School.county == county if county else School.county.is_(None))
        rows = session.execute(stmt).all()
        if not rows:
            where = f"区县“{county}”的" if county else "未填区县的学校中的" if county == "" else ""
            raise UserError(f"数据库中没有{where}乡镇“{town}”（统计范围）")
        counties = sorted({c for _, c in rows}, key=lambda c: (c is None, c or ""))
        if county is None and len(counties) > 1:
            names = "、".join(c or "（未填区县）" for c in counties)
            example = next(c for c in counties if c)
            raise UserError(
                f"乡镇“{town}”在多个区县都有（{names}），请指明区县：统计范围写成 "
                f"township:{example}/{town}（界面上选“乡镇：{example} {town}”）"
            )
        return {sid for sid, _ in rows}


def total_label(session, scope: Scope) -> str:
    """The name of a report's last line (the scope's total): 全市合计 for a whole city database (schools of
    several counties), 全县合计 for a county database, 区县名合计 for one county of a city, 乡镇合计, 合计."""
    if scope.kind == "county":
        if scope.name:
            return f"{scope.name}合计"
        return "全市合计" if session.scalar(select(is_city())) else "全县合计"
    return "乡镇合计" if scope.kind == "township" else "合计"


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
    period: Period | None = None  # --from/--to/--since: a span of years or months (event statistics)
    teacher_ids: list[int] | None = None
    options: dict = field(default_factory=dict)  # report-specific: mask, status, stage, title…
    policy: Policy | None = None  # None: the catalogue loads the bureau's saved policy
    today: dt.date = field(default_factory=dt.date.today)
    exporter: str = ""
    # an open connection the catalogue lends a report that asks for it (Entry.connection): on a server each
    # connection costs round trips, so a small report reads through this one instead of opening its own
    connection: object | None = field(default=None, repr=False, compare=False)

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


YM = tuple[int, int]  # (year, month)


@dataclass(frozen=True)
class Period:
    """A span of whole months, first and last included: 2021-01 … 2025-12 for --from 2021 --to 2025.
    compare: show the previous period of the same length beside it."""

    start: YM
    end: YM
    compare: bool = False

    @property
    def years(self) -> list[int]:
        return list(range(self.start[0], self.end[0] + 1))

    @property
    def months(self) -> int:
        return (self.end[0] - self.start[0]) * 12 + self.end[1] - self.start[1] + 1

    def year_span(self, year: int) -> tuple[YM, YM]:
        """The part of YEAR inside the period."""
        return max(self.start, (year, 1)), min(self.end, (year, 12))

    def previous(self) -> Period:
        """The period of the same length just before this one."""

        def shift(d: YM, months: int) -> YM:
            n = d[0] * 12 + d[1] - 1 - months
            return n // 12, n % 12 + 1

        return Period(shift(self.start, self.months), shift(self.end, self.months))

    @staticmethod
    def span_label(start: YM, end: YM) -> str:
        if start[1] == 1 and end[1] == 12:
            return f"{start[0]}年" if start[0] == end[0] else f"{start[0]}—{end[0]}年"
        if start[0] == end[0]:
            return f"{start[0]}年{start[1]}—{end[1]}月" if start[1] != end[1] else f"{start[0]}年{start[1]}月"
        return f"{start[0]}年{start[1]}月—{end[0]}年{end[1]}月"

    @property
    def label(self) -> str:
        return self.span_label(self.start, self.end)


def _period_point(text: str, *, last: bool, option: str) -> YM:
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-年./]\s*(\d{1,2})\s*月?)?\s*年?\s*", text)
    if not m or (m.group(2) and not 1 <= int(m.group(2)) <= 12) or not 1900 <= int(m.group(1)) <= 2100:
        raise UserError(f"{option} “{text}”不对：应写成年份 YYYY 或年月 YYYY-MM，例如 2021 或 2021-09")
    return int(m.group(1)), int(m.group(2)) if m.group(2) else (12 if last else 1)


def parse_period(
    start: str | None, end: str | None, since: str | None, today: dt.date, compare: bool = False
) -> Period | None:
    """--from YYYY[-MM] --to YYYY[-MM], or --since YYYY[-MM] (to this month); None when none is given."""
    if since and (start or end):
        raise UserError("--since 与 --from/--to 只能用一种：--since 2021 即从 2021 年到本月")
    if not (start or end or since):
        if compare:
            raise UserError("--compare 需要同时给出统计期间（--from/--to 或 --since）")
        return None
    if since:
        first, last = _period_point(since, last=False, option="--since"), (today.year, today.month)
    else:
        if not start:
            raise UserError("给了 --to 也要给 --from，例如 --from 2021 --to 2025")
        first = _period_point(start, last=False, option="--from")
        last = _period_point(end, last=True, option="--to") if end else (today.year, today.month)
    if last < first:
        raise UserError(f"统计期间的结束（{last[0]}年{last[1]}月）早于开始（{first[0]}年{first[1]}月）")
    return Period(first, last, compare)


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
