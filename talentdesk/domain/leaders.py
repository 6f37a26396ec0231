"""School leaders and their posts (职务, issue 20 §1): the code lists and the rules, pure Python.

A post record says who held which post (校长, 副校长, 教务主任 …) at which school from when to when, how they came
to it (任职方式) and the steps of the appointment (任职程序: 民主推荐, 民主测评, 组织考察, 公示, 任职文件). Post names
are the bureau's list (stored, editable) and each name belongs to a category (书记, 校长, 副校长, 中层 …) that the
rules and the statistics count by.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from talentdesk.domain.codes import Code, CodeList
from talentdesk.domain.dates import PartialDate

SECRETARY, PRINCIPAL, DEPUTY = "书记", "校长", "副校长"
# categories in rank order: a lower rank number is a higher post
CATEGORY_RANK: dict[str, int] = {
    SECRETARY: 1,
    PRINCIPAL: 1,
    "副书记": 2,
    DEPUTY: 2,
    "校长助理": 3,
    "中层": 4,
    "年级主任": 5,
    "教研组长": 5,
    "其他": 6,
}
CATEGORIES = tuple(CATEGORY_RANK)
OTHER = "其他"
SCHOOL_LEADERS = (SECRETARY, PRINCIPAL, "副书记", DEPUTY, "校长助理")  # 校级领导 (the 领导班子)
SINGLE = (SECRETARY, PRINCIPAL)  # one holder per school at a time (书记兼校长 is one person holding both)
# the categories the promotion figures count (提拔任用 by post)
PROMOTION_CATEGORIES = (SECRETARY, PRINCIPAL, "副书记", DEPUTY, "校长助理", "中层")

# the list a new database starts with (migration 0013 writes it; the bureau adds and removes names)
DEFAULT_NAMES: tuple[tuple[str, str], ...] = (
    ("党组织书记", SECRETARY),
    ("校长", PRINCIPAL),
    ("园长", PRINCIPAL),
    ("党组织副书记", "副书记"),
    ("副校长", DEPUTY),
    ("副园长", DEPUTY),
    ("校长助理", "校长助理"),
    ("办公室主任", "中层"),
    ("教务主任", "中层"),
    ("德育主任", "中层"),
    ("总务主任", "中层"),
    ("教科室主任", "中层"),
    ("工会主席", "中层"),
    ("年级主任", "年级主任"),
    ("教研组长", "教研组长"),
)
DEFAULT_CATEGORY = dict(DEFAULT_NAMES)

METHODS = ("任命", "聘任", "挂职", "试用期")  # 任职方式
METHOD_CODES = CodeList(
    "任职方式",
    [Code("任命", aliases=("委任",)), Code("聘任", aliases=("聘用",)), Code("挂职"), Code("试用期", aliases=("试用",))],
)
SECONDMENT = "挂职"  # a temporary placement carrying a post (挂职副校长): never a promotion
EVALUATIONS = ("优秀", "称职", "基本称职", "不称职")  # 民主测评 results (a rate such as 同意率92% is kept too)
END_REASONS = ("任期届满", "交流", "提拔", "免职", "辞职", "退休", "调离", "试用期满")

NAME_MAX = 30
SEPARATORS = "、,，/;；"


def split_posts(text: str | None) -> list[str]:
    """The post names of a cell such as “党组织书记、校长” (书记兼校长), spaces removed."""
    out = ["".join((text or "").split())]
    for sep in SEPARATORS:
        out = [p for part in out for p in part.split(sep)]
    return [p for p in out if p]


def check_name(text: str | None) -> str:
    """A post name for the list: spaces removed, not empty, not a category word alone that says nothing."""
    name = "".join((text or "").split())
    if not name:
        raise ValueError("职务名称不能为空")
    if len(name) > NAME_MAX:
        raise ValueError(f"职务名称最长 {NAME_MAX} 个字")
    return name


def rank(category: str | None) -> int:
    return CATEGORY_RANK.get(category or OTHER, CATEGORY_RANK[OTHER])


def first_month(d: PartialDate) -> tuple[int, int]:
    """A start known only to the year begins in September (a school year's appointments)."""
    return (d.year, d.month or 9)


def last_month(d: PartialDate) -> tuple[int, int]:
    """An end known only to the year ends in August."""
    return (d.year, d.month or 8)


def _month(on: dt.date) -> tuple[int, int]:
    return (on.year, on.month)


def holds(start: PartialDate | None, end: PartialDate | None, on: dt.date) -> bool:
    """Whether a post from START to END is held in the month of ON (an open end: still held)."""
    m = _month(on)
    return start is not None and first_month(start) <= m and (end is None or last_month(end) >= m)


def overlaps(
    a: tuple[PartialDate | None, PartialDate | None], b: tuple[PartialDate | None, PartialDate | None]
) -> bool:
    """Whether two spells share a month beyond a handover: one ending in the month the other begins does not
    overlap (the old principal leaves, the new one comes, in the same month)."""

    def span(s: PartialDate | None, e: PartialDate | None) -> tuple[tuple[int, int], tuple[int, int]]:
        lo = first_month(s) if s else (0, 0)
        hi = last_month(e) if e else (9999, 12)
        return lo, hi

    (a0, a1), (b0, b1) = span(*a), span(*b)
    return a0 < b1 and b0 < a1


def months_between(start: PartialDate, on: dt.date) -> int:
    y, m = first_month(start)
    return max(0, (on.year - y) * 12 + on.month - m)


def years_text(months: int) -> str:
    if months < 12:
        return f"{months}个月"
    return f"{months // 12}年{months % 12}个月" if months % 12 else f"{months // 12}年"


@dataclass(frozen=True)
class Spell:
    """One post record as the rules see it."""

    record_id: int
    teacher_id: int
    school_id: int
    category: str
    start: PartialDate | None
    end: PartialDate | None
    method: str | None = None


def tenure_start(spells: Iterable[Spell], current: Spell) -> PartialDate | None:
    """The start of the unbroken tenure CURRENT belongs to: the same teacher in the same category at the same
    school, records following each other without a gap of more than a month (试用期 then 任命 is one tenure)."""
    same = sorted(
        (
            s
            for s in spells
            if s.teacher_id == current.teacher_id
            and s.school_id == current.school_id
            and s.category == current.category
            and s.start is not None
        ),
        key=lambda s: first_month(s.start),  # type: ignore[arg-type]
        reverse=True,
    )
    begin = current.start
    for s in same:  # latest first: each earlier record that reaches the tenure's start extends it back
        if begin is None or s.start is None or not first_month(s.start) < first_month(begin):
            continue
        if s.end is None or _next(last_month(s.end)) >= first_month(begin):
            begin = s.start
    return begin


def _next(m: tuple[int, int]) -> tuple[int, int]:
    return (m[0] + 1, 1) if m[1] == 12 else (m[0], m[1] + 1)


def is_promotion(spells: Iterable[Spell], spell: Spell) -> bool:
    """Whether SPELL is a promotion (提任): no 挂职, and the teacher held no post of the same or a higher rank
    that began before it (a principal moved to another school, or 试用期 followed by 任命, is none)."""
    if spell.method == SECONDMENT or spell.start is None:
        return False
    r = rank(spell.category)
    begin = first_month(spell.start)
    for s in spells:
        if s.record_id == spell.record_id or s.teacher_id != spell.teacher_id or s.start is None:
            continue
        if s.method == SECONDMENT:
            continue
        if rank(s.category) <= r and first_month(s.start) < begin:
            return False
    return True
