"""Dates as people write them, keeping the precision they gave (year, year-month or day)."""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass

from talentdesk.errors import UserError

_FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"．": ".", "／": "/", "－": "-", "　": " "})
EXCEL_EPOCH = _dt.date(1899, 12, 30)


class DateError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day. Stored as 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'.

    Ordering compares the first possible day, so 1985 < 1985-03 < 1985-03-12 and sorting never fails.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1900 <= self.year <= 2100:
            raise DateError("date.range", f"年份 {self.year} 不合理")
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateError("date.month", f"月份 {self.month} 不存在")
        if self.day is not None:
            if self.month is None:
                raise DateError("date.invalid", "有日无月的日期")
            try:
                _dt.date(self.year, self.month, self.day)
            except ValueError:
                raise DateError("date.invalid", f"{self.year}年{self.month}月{self.day}日 不存在") from None

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    __str__ = iso

    def chinese(self) -> str:
        if self.day:
            return f"{self.year}年{self.month}月{self.day}日"
        if self.month:
            return f"{self.year}年{self.month}月"
        return f"{self.year}年"

    def dotted(self) -> str:
        """1985.03 — the way forms print year-months."""
        if self.day:
            return f"{self.year}.{self.month:02d}.{self.day:02d}"
        if self.month:
            return f"{self.year}.{self.month:02d}"
        return f"{self.year}"

    def first_day(self) -> _dt.date:
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def to_month(self) -> PartialDate:
        return PartialDate(self.year, self.month or 1)

    @classmethod
    def from_iso(cls, text: str | None) -> PartialDate | None:
        if not text:
            return None
        return _from_iso(text) if cls is PartialDate else cls(*(int(p) for p in text.split("-")))

    @classmethod
    def from_date(cls, d: _dt.date) -> PartialDate:
        return cls(d.year, d.month, d.day)


@functools.lru_cache(maxsize=65536)
def _from_iso(text: str) -> PartialDate:
    """Stored dates repeat a lot (year-months); PartialDate is immutable, so parsed ones are shared."""
    return PartialDate(*(int(p) for p in text.split("-")))


def _year(y: int) -> int:
    if y >= 100:
        return y
    # two-digit years: 85 → 1985, 05 → 2005 (pivot on the current year)
    pivot = _dt.date.today().year % 100
    return 2000 + y if y <= pivot else 1900 + y


def from_excel_serial(value: float) -> PartialDate:
    if not 1 <= value < 80000:
        raise DateError("date.serial", f"数字 {value:g} 不是有效的日期")
    d = EXCEL_EPOCH + _dt.timedelta(days=int(value))
    return PartialDate.from_date(d)


_PATTERNS = [
    # 1985年3月12日 / 1985年03月 / 1985年
    (re.compile(r"^(\d{2,4})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日?)?)?$"), "ymd"),
    # 1985-03-12, 1985/3/12, 1985.03.12, 1985.3, 1985-03, 85.03
    (re.compile(r"^(\d{2,4})\s*[-/.]\s*(\d{1,2})(?:\s*[-/.]\s*(\d{1,2}))?\s*[.]?$"), "ymd"),
    # 19850312 / 198503
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), "ymd"),
    (re.compile(r"^(\d{4})(\d{2})$"), "ymd"),
    (re.compile(r"^(\d{4})$"), "ymd"),
]


def parse_loose(value: object) -> PartialDate | None:
    """Parse a date the way schools write it. None/empty → None; nonsense → DateError.

    Accepts date/datetime cells, Excel serial numbers, 1985.03, 1985.3, 1985年3月,
    1985-03, 198503, 85.03, 1985年3月12日, 1985/3/12, 1985-03-12 00:00:00.
    A number cell such as 1985.03 is read through its shortest text form.
    """
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return PartialDate.from_date(value.date())
    if isinstance(value, _dt.date):
        return PartialDate.from_date(value)
    if isinstance(value, bool):
        raise DateError("date.format", f"无法识别的日期：{value}")
    if isinstance(value, (int, float)):
        if float(value).is_integer():
            iv = int(value)
            if 1900 <= iv <= 2100 or 190001 <= iv <= 210012 or 19000101 <= iv <= 21001231:
                return parse_loose(str(iv))
            return from_excel_serial(float(value))
        return parse_loose(repr(float(value)))
    text = str(value).translate(_FULLWIDTH).strip()
    if not text:
        return None
    text = re.sub(r"\s+0{1,2}:0{1,2}(:0{1,2}(\.0+)?)?$", "", text)  # "1985-03-12 00:00:00"
    for pattern, _ in _PATTERNS:
        m = pattern.match(text)
        if m:
            y = _year(int(m.group(1)))
            mo = int(m.group(2)) if m.lastindex and m.lastindex >= 2 and m.group(2) else None
            d = int(m.group(3)) if m.lastindex and m.lastindex >= 3 and m.group(3) else None
            return PartialDate(y, mo, d)
    raise DateError("date.format", f"无法识别的日期“{text}”，请写成 1985-03 或 1985-03-12")


def age_on(birth: _dt.date, on: _dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def school_year_of(d: _dt.date) -> int:
    """The school year a date falls in, named by its starting year (2025 = 2025-2026 学年)."""
    return d.year if d.month >= 9 else d.year - 1


def school_year_label(start_year: int) -> str:
    return f"{start_year}-{start_year + 1}学年"


def parse_month(text: str | None) -> tuple[int, int] | None:
    """A month typed as YYYY-MM (also 2026年3月, 2026.3, 2026/03) → (year, month); None for no text."""
    if not text:
        return None
    m = re.fullmatch(r"\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*月?\s*", text)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise UserError(f"月份“{text}”不对：应写成 YYYY-MM，例如 2026-03")
    return int(m.group(1)), int(m.group(2))
