"""Resident ID numbers (公民身份号码, GB 11643-1999).

18 characters: 6-digit area code, 8-digit birth date, 3-digit sequence (odd = male),
check character (ISO 7064 MOD 11-2). 15-digit numbers (pre-1999) are upgraded by
inserting "19" before the 2-digit year and appending the check character.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"

_FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"ｘ": "X", "Ｘ": "X", "x": "X"})
_STRIP = re.compile(r"[\s\u00a0\u3000\u200b\u200c\u200d\ufeff'’`\"]")
# spaces and dashes between the digits (371521 19850312 1234, 371521-19850312-1234): removed, and said
_INNER_SEP = re.compile(
    r"(?<=[0-9\uff10-\uff19])[\s\u00a0\u3000\-\uff0d\u2010-\u2015\u2212_]+"
    r"(?=[0-9\uff10-\uff19XxＸｘ])"
)


class IdNumberError(ValueError):
    """A wrong ID number. ``code`` is stable for machines; ``str()`` is for the clerk."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class IdInfo:
    number: str  # always the 18-character form
    birth: _dt.date
    gender: str  # "男" / "女"
    area: str
    upgraded: bool  # True when given as 15 digits
    separated: bool = False  # True when given with spaces or dashes between the digits


def check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, WEIGHTS))
    return CHECK_CHARS[total % 11]


def normalize(raw: str) -> str:
    """Strip spaces/quotes and separators between the digits, full-width digits → ASCII, lower-case x → X."""
    return _STRIP.sub("", _INNER_SEP.sub("", str(raw))).translate(_FULLWIDTH).upper()


def has_separators(raw: str) -> bool:
    """Spaces or dashes between the digits of a number as typed (normalize() removes them)."""
    return bool(_INNER_SEP.search(str(raw)))


def upgrade15(number15: str) -> str:
    body = number15[:6] + "19" + number15[6:15]
    return body + check_char(body)


def parse(raw: str) -> IdInfo:
    """Validate an ID number; raises IdNumberError with a Chinese message."""
    s = normalize(raw)
    if not s:
        raise IdNumberError("id.empty", "身份证号为空")
    upgraded = False
    if len(s) == 15 and s.isdigit():
        s = upgrade15(s)
        upgraded = True
    elif len(s) != 18:
        raise IdNumberError("id.length", f"身份证号应为18位，实际为{len(s)}位")
    if not s[:17].isdigit() or not (s[17].isdigit() or s[17] == "X"):
        raise IdNumberError("id.chars", "身份证号只能由数字和末位X组成")
    try:
        birth = _dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        raise IdNumberError("id.birth", f"身份证号中的出生日期 {s[6:14]} 不是有效日期") from None
    if birth.year < 1900 or birth > _dt.date.today():
        raise IdNumberError("id.birth", f"身份证号中的出生日期 {s[6:14]} 不合理")
    expected = check_char(s[:17])
    if s[17] != expected:
        raise IdNumberError("id.check", f"身份证号校验位错误：末位应为 {expected}，实际为 {s[17]}，请核对号码")
    gender = "男" if int(s[16]) % 2 == 1 else "女"
    return IdInfo(number=s, birth=birth, gender=gender, area=s[:6], upgraded=upgraded, separated=has_separators(raw))


def is_valid(raw: str) -> bool:
    try:
        parse(raw)
    except IdNumberError:
        return False
    return True


def mask(number: str | None) -> str:
    """371525********1234 — keep the area code and the last four characters."""
    if not number:
        return ""
    n = str(number)
    if len(n) <= 10:
        return n[:2] + "*" * max(len(n) - 4, 0) + n[-2:]
    return n[:6] + "*" * (len(n) - 10) + n[-4:]


def make(area: str, birth: _dt.date, sequence: int) -> str:
    """Build a valid 18-character number (used by the demo county and tests)."""
    body = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return body + check_char(body)
