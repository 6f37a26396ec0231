"""Research roles and networks (issue 21 §4): the national default roles a teacher holds besides the post
(兼职教研员, 蒲公英导师, 评委库 …), their levels, the rules of a term, and the studio output kinds with their units.

The bureau edits its own lists (tables seeded from DEFAULT_ROLES and DEFAULT_OUTPUT_KINDS), so a county that calls
its mentors 青蓝导师 adds that name. A role counts in a period when its term overlaps it: a role with no end, or an
end after the day asked about, is current.
"""

from __future__ import annotations

from talentdesk.domain.dates import PartialDate

DEFAULT_ROLES: tuple[str, ...] = (
    "兼职教研员",
    "学科教研员",
    "蒲公英导师",
    "教研坊主",
    "研究会会员",
    "评委库",
)
LEVELS = ("国家级", "省级", "市级", "县级", "校级")
# output kinds of a studio with the unit each is counted in (研训课 x 节, 微讲座 x 堂 …)
DEFAULT_OUTPUT_KINDS: tuple[tuple[str, str], ...] = (
    ("研训课", "节"),
    ("微讲座", "堂"),
    ("送教", "次"),
    ("示范课", "节"),
    ("专题讲座", "场"),
    ("论文", "篇"),
    ("课题", "项"),
    ("培训人次", "人次"),
)
MAX_NAME = 20
MAX_UNIT = 10


def check_kind_name(name: str | None, what: str = "角色") -> str:
    text = (name or "").strip()
    if not text:
        raise ValueError(f"{what}不能为空")
    if len(text) > MAX_NAME:
        raise ValueError(f"{what}“{text[:MAX_NAME]}…”太长（最多 {MAX_NAME} 个字）")
    return text


def check_term(start: PartialDate | None, end: PartialDate | None) -> dict[str, str]:
    """Problems of a term (field → Chinese message): the start is needed, the end not before it."""
    if start is None:
        return {"start": "请填写任期开始日期（聘任时间）"}
    if end is not None and end < start:
        return {"end": f"任期结束 {end.iso()} 早于开始 {start.iso()}"}
    return {}


def is_current(end: PartialDate | None, today: PartialDate) -> bool:
    """A role with no end, or one ending on or after TODAY, is held now."""
    return end is None or not end < today


def level_rank(level: str | None) -> int:
    """0 for 国家级 … 4 for 校级; a level not listed ranks last."""
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def check_parent_level(child: str | None, parent: str | None) -> str | None:
    """Why a studio of level CHILD cannot be a 二级工作室 under one of level PARENT (None: it can): the parent is of
    a higher or the same level."""
    if level_rank(parent) > level_rank(child):
        return f"上级工作室（{parent or '未定级'}）的级别不能低于本工作室（{child or '未定级'}）"
    return None


def check_quantity(value: object) -> float:
    """A quantity as written (3, '3', '2.5') → a number ≥ 0; ValueError (Chinese) otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("请填写数量")
    try:
        n = float(str(value).strip())
    except ValueError:
        raise ValueError(f"数量“{value}”不是数字") from None
    if n < 0 or n != n:
        raise ValueError(f"数量“{value}”不能小于 0")
    return n
