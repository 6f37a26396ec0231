"""Titles as a career and the posts that limit them (issue 20 §2): the code lists and the rules, pure Python.

A title record says which title (职称) a teacher obtained, when, by which route (评审方式: 正常评审, 破格 …, the
bureau's list), and whether and when the teacher was appointed (聘任) to a post of that level. A teacher who only
enjoys the title's pay (享受…职称待遇) holds no post of that level and waits for none. A school's approved post
structure (岗位设置) gives its 高级/中级/初级 posts for a year, and optionally posts by 专技岗位等级 (一级…十三级).

The rules, at a date ON:
- the title held is the highest obtained by ON (a record without a date counts as held);
- the post level used is the level of the highest title appointed by ON (not 享受待遇): a 一级教师 appointed to a
  中级 post uses one 中级 post; a 高级 title obtained but not appointed does not use a 高级 post;
- 评而未聘: the held title is above the level used and was not recorded as 享受待遇; the wait runs from its 取得.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from talentdesk.domain import codes
from talentdesk.domain.codes import Code, CodeList, norm_text
from talentdesk.domain.dates import PartialDate

NORMAL = "正常评审"
# the list a new database starts with (migration 0017 writes it; the bureau adds and removes routes)
DEFAULT_ROUTES: tuple[str, ...] = (
    NORMAL,
    "考核认定",
    "推荐评定",
    "破格",
    "单独评审",
    "乡村教师定向评价",
    "满30年不受指标限制",
)
ROUTE_ALIASES: dict[str, tuple[str, ...]] = {
    NORMAL: ("正常", "评审", "正常晋升", "常规评审", "正常申报"),
    "考核认定": ("认定", "直接认定", "考核确认"),
    "推荐评定": ("推荐",),
    "破格": ("破格晋升", "破格评审", "破格申报"),
    "单独评审": ("单评", "单列评审"),
    "乡村教师定向评价": ("定向评价", "乡村定向评价", "乡村教师定向评价定向使用", "定向评价定向使用"),
    "满30年不受指标限制": ("满30年", "乡村满30年", "任教满30年", "从教30年", "不受指标限制"),
}
UNRECORDED = "未记录"  # a title record without a route (all records before migration 0017)
ROUTE_MAX = 20

SENIOR, MIDDLE, JUNIOR = "高级", "中级", "初级"
LEVELS = (SENIOR, MIDDLE, JUNIOR)
# title rank (codes.TITLE) → post level
_LEVEL_BY_RANK = {5: SENIOR, 4: SENIOR, 3: MIDDLE, 2: JUNIOR, 1: JUNIOR}
LEVEL_RANK = {SENIOR: 3, MIDDLE: 2, JUNIOR: 1}

NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三")
GRADES = tuple(f"{n}级" for n in NUMERALS)  # 专业技术岗位等级 一级 … 十三级
# 一至四级 正高, 五至七级 副高 (both 高级 posts of a school), 八至十级 中级, 十一至十三级 初级
GRADE_LEVEL = {g: SENIOR if i < 7 else MIDDLE if i < 10 else JUNIOR for i, g in enumerate(GRADES)}

BENEFIT_WORDS = ("享受", "待遇")


@lru_cache(maxsize=256)
def title_rank(title: str | None) -> int:
    """codes.TITLE.rank, remembered: a period's figures ask it for every title record at every year end."""
    return codes.TITLE.rank(title)


@lru_cache(maxsize=256)
def level_of(title: str | None) -> str | None:
    """高级/中级/初级 of a title (正高级 counts under 高级 posts); None for 未定职级 or an unknown title."""
    return _LEVEL_BY_RANK.get(codes.TITLE.rank(title))


def route_codes(names: Iterable[str] = DEFAULT_ROUTES) -> CodeList:
    """The route list NAMES (the bureau's) with the usual other names of the national routes."""
    return CodeList("评审方式", [Code(n, aliases=ROUTE_ALIASES.get(n, ())) for n in names])


def check_route_name(text: str | None) -> str:
    name = "".join((text or "").split())
    if not name:
        raise ValueError("评审方式名称不能为空")
    if len(name) > ROUTE_MAX:
        raise ValueError(f"评审方式名称最长 {ROUTE_MAX} 个字")
    return name


def parse_grade(text: object) -> str | None:
    """一级 … 十三级 from what schools write (专技十级, 专业技术十级, 十级, 10级, 10); None when it is none."""
    if text is None:
        return None
    t = norm_text(str(text))
    for prefix in ("专业技术岗位", "专业技术", "专技岗位", "专技", "岗位"):
        if t.startswith(prefix):
            t = t[len(prefix) :]
            break
    m = re.fullmatch(r"(\d{1,2})(?:\.0)?级?", t)
    if m:
        n = int(m.group(1))
        return GRADES[n - 1] if 1 <= n <= len(GRADES) else None
    if not t.endswith("级"):
        t += "级"
    return t if t in GRADE_LEVEL else None


def parse_grades(text: str | None) -> dict[str, int]:
    """“五级=1;六级=2” (or 五级:1，六级:2) → {grade: count}; ValueError naming the part that is wrong."""
    out: dict[str, int] = {}
    for part in re.split(r"[;；,，、\s]+", (text or "").strip()):
        if not part:
            continue
        m = re.fullmatch(r"(.+?)[=:：](\d+)", part)
        grade = parse_grade(m.group(1)) if m else None
        if m is None or grade is None:
            raise ValueError(f"“{part}”应写作“五级=2”（一级至十三级）")
        if grade in out:
            raise ValueError(f"{grade}写了两次")
        out[grade] = int(m.group(2))
    return out


def format_grades(grades: dict[str, int]) -> str | None:
    parts = [f"{g}={grades[g]}" for g in GRADES if grades.get(g)]
    return ";".join(parts) or None


def _held(d: PartialDate | None, day: PartialDate) -> bool:
    return d is None or not day < d


@dataclass(frozen=True)
class Title:
    """One title record as the rules see it."""

    title: str
    obtained: PartialDate | None
    appointed: PartialDate | None
    benefit_only: bool = False
    route: str | None = None


@dataclass(frozen=True)
class Career:
    """A teacher's titles at a date: the title held, the post level used (None: none), and, when 评而未聘, the
    title waited on and since when."""

    held: Title | None
    used: str | None
    waiting: Title | None
    last_obtained: PartialDate | None  # the latest 取得 by the date (years since the last title)


def career(records: Iterable[Title], on: dt.date) -> Career:
    """See the module's text."""
    day = PartialDate.from_date(on)
    held: Title | None = None
    used: str | None = None
    last: PartialDate | None = None
    for r in records:
        if not _held(r.obtained, day):
            continue
        rank = title_rank(r.title)
        if held is None or (rank, r.obtained or PartialDate(1900)) > (
            title_rank(held.title),
            held.obtained or PartialDate(1900),
        ):
            held = r
        if r.obtained is not None and (last is None or last < r.obtained):
            last = r.obtained
        lv = level_of(r.title)
        appointed = lv is not None and r.appointed is not None and not r.benefit_only and not day < r.appointed
        if appointed and (used is None or LEVEL_RANK[lv] > LEVEL_RANK[used]):  # type: ignore[index]
            used = lv
    waiting = None
    if held is not None and not held.benefit_only:
        lv = level_of(held.title)
        if lv and (used is None or LEVEL_RANK[lv] > LEVEL_RANK[used]):
            waiting = held
    return Career(held, used, waiting, last)


def never_waits(records: Iterable[Title]) -> bool:
    """True when career() of RECORDS is 评而未聘 on no day: every title with a post level was 聘任 no later than it
    was obtained, or is held for its benefit only (most teachers; their careers need not be worked out)."""
    return all(
        r.benefit_only
        or level_of(r.title) is None
        or (r.obtained is not None and r.appointed is not None and not r.obtained < r.appointed)
        for r in records
    )


def changes(records: Iterable[Title]) -> list[tuple[int, int, int]]:
    """The sorted dates (as PartialDate keys) at which career() of RECORDS can change: every 取得 and 聘任. Between
    two of them, and before the first, career() gives the same answer on any day."""
    return sorted({d._key() for r in records for d in (r.obtained, r.appointed) if d is not None})


def months_since(d: PartialDate | None, on: dt.date) -> int | None:
    """Whole months from D (a year alone: its July; a month alone: its first) to ON; None without a date."""
    if d is None:
        return None
    return max(0, (on.year - d.year) * 12 + on.month - (d.month or 7))


def years_text(months: int | None) -> str:
    if months is None:
        return ""
    if months < 12:
        return f"{months}个月"
    return f"{months // 12}年{months % 12}个月" if months % 12 else f"{months // 12}年"


@dataclass(frozen=True)
class Usage:
    level: str
    approved: int | None  # None: no post structure recorded for the school and year
    used: int

    @property
    def vacant(self) -> int:
        return max(0, self.approved - self.used) if self.approved is not None else 0

    @property
    def over(self) -> int:
        return max(0, self.used - self.approved) if self.approved is not None else 0


def usage(approved: dict[str, int] | None, used: dict[str, int], levels: Iterable[str] = LEVELS) -> list[Usage]:
    """Approved, used, vacant and over per level (or grade); APPROVED None: the school has no structure."""
    return [Usage(lv, None if approved is None else approved.get(lv, 0), used.get(lv, 0)) for lv in levels]


def blocked(u: Usage, waiting: int) -> bool:
    """Whether the level's posts block teachers: some wait for a post of the level and none is vacant."""
    return waiting > 0 and u.approved is not None and u.vacant == 0
