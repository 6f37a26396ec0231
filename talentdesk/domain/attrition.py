"""Attrition (流失): the bureau's transparent watch rules and the categories losses are counted by.

A rule is a set of conditions that must all hold; an empty condition is ignored. Every flag says
which rule fired and why, in the clerk's words — no opaque score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from talentdesk.domain import codes

if TYPE_CHECKING:
    from talentdesk.domain.policy import Policy

SEPARATION_KINDS = ("调出", "辞职", "退休", "解聘", "去世")
SITUATIONS = ("申请调动", "两地分居", "家庭困难", "其他")
AGE_BANDS = ((0, 30, "30岁以下"), (30, 40, "30-39岁"), (40, 50, "40-49岁"), (50, 200, "50岁及以上"))
LEVELS = ("国家", "省", "县")  # rural-service honours, highest first


def age_band(age: int | None) -> str:
    if age is None:
        return "年龄不详"
    for low, high, label in AGE_BANDS:
        if low <= age < high:
            return label
    return "年龄不详"


@dataclass
class Rule:
    name: str
    min_degree: str | None = None
    min_title: str | None = None
    age_below: int | None = None
    rural_only: bool = False
    situation: str | None = None
    no_title_years: int | None = None
    enabled: bool = True
    id: int | None = None
    note: str | None = None
    group_id: int | None = None  # the school group the rule looks at (replaces rural_only when set)
    group_name: str | None = None

    def describe(self) -> str:
        """The rule in words (shown next to it in the rule editor)."""
        parts = []
        if self.min_degree:
            parts.append(f"学历{self.min_degree}及以上")
        if self.min_title:
            parts.append(f"职称{self.min_title}及以上")
        if self.age_below:
            parts.append(f"未满 {self.age_below} 岁")
        if self.group_name:
            parts.append(f"在“{self.group_name}”任教")
        elif self.rural_only:
            parts.append("在乡村学校任教")
        if self.situation:
            parts.append(f"登记有“{self.situation}”情况")
        if self.no_title_years:
            parts.append(f"连续 {self.no_title_years} 年以上职称未晋升（正高级除外）")
        return "，".join(parts) if parts else "（未设条件，不会标记任何人）"


DEFAULT_RULES = (
    Rule("高学历青年乡村教师", min_degree="硕士研究生", age_below=35, rural_only=True),
    Rule("高职称青年乡村教师", min_title="一级教师", age_below=35, rural_only=True),
    Rule("本人申请调动", situation="申请调动"),
    Rule("两地分居", situation="两地分居"),
    Rule("乡村教师职称长期未晋升", no_title_years=8, age_below=45, rural_only=True),
)


@dataclass
class Facts:
    """One serving teacher as the watch rules see them."""

    id: int
    age: int | None
    degree: str | None
    title: str | None
    title_since: dt.date | None  # when the current title was obtained (or work start without a title)
    school: str | None
    area: str | None
    situations: dict[str, str] = field(default_factory=dict)  # kind → note/since as text
    school_id: int | None = None


def evaluate(
    rule: Rule, f: Facts, rural: set[str], today: dt.date, members: dict[int, set[int]] | None = None
) -> str | None:
    """The explanation when the rule fires for this teacher, else None. MEMBERS: school group id → school ids."""
    if not rule.enabled:
        return None
    why = []
    conditions = 0
    if rule.min_degree:
        conditions += 1
        if codes.DEGREE.rank(f.degree) < codes.DEGREE.rank(rule.min_degree):
            return None
        why.append(f"学历{f.degree}")
    if rule.min_title:
        conditions += 1
        if codes.TITLE.rank(f.title) < codes.TITLE.rank(rule.min_title):
            return None
        why.append(f"职称{f.title}")
    if rule.age_below:
        conditions += 1
        if f.age is None or f.age >= rule.age_below:
            return None
        why.append(f"{f.age} 岁（未满 {rule.age_below} 岁）")
    if rule.group_id is not None:
        conditions += 1
        if f.school_id not in (members or {}).get(rule.group_id, set()):
            return None
        why.append(f"任教于“{rule.group_name}”的{f.school or ''}")
    elif rule.rural_only:
        conditions += 1
        if f.area not in rural:
            return None
        why.append(f"任教于{f.area}学校{f.school or ''}")
    if rule.situation:
        conditions += 1
        if rule.situation not in f.situations:
            return None
        note = f.situations[rule.situation]
        why.append(f"登记有“{rule.situation}”" + (f"（{note}）" if note else ""))
    if rule.no_title_years:
        conditions += 1
        if f.title == "正高级教师" or f.title_since is None:
            return None
        years = today.year - f.title_since.year - ((today.month, today.day) < (f.title_since.month, f.title_since.day))
        if years < rule.no_title_years:
            return None
        why.append(f"{f.title or '未定职级'}已 {years} 年未晋升（自{f.title_since.year}年{f.title_since.month}月）")
    if conditions == 0:
        return None
    return "，".join(why)


def flags(
    rules: list[Rule], f: Facts, rural: set[str], today: dt.date, members: dict[int, set[int]] | None = None
) -> list[tuple[str, str]]:
    """(rule name, explanation) for every rule that fires."""
    out = []
    for r in rules:
        why = evaluate(r, f, rural, today, members)
        if why:
            out.append((r.name, why))
    return out


# ---------------------------------------------------------------- school groups (学校分组)

GROUP_ATTRIBUTES = (("areas", "城乡类型"), ("kinds", "办学类型"), ("townships", "乡镇（街道）"), ("counties", "区县"))
RURAL_GROUP = "乡村学校（按设置）"  # the built-in choice: the 城乡类型 the settings count as rural


@dataclass
class SchoolGroup:
    """Schools whose attributes are each in the group's lists (an empty list: any attribute value; every list
    empty: no school by attributes), plus the SCHOOL_IDS picked by hand."""

    name: str
    areas: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    townships: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    school_ids: frozenset[int] = frozenset()
    note: str | None = None
    id: int | None = None

    def by_attributes(self) -> bool:
        return any(getattr(self, a) for a, _ in GROUP_ATTRIBUTES)

    def holds(
        self, school_id: int, area: str | None, kind: str | None, township: str | None, county: str | None
    ) -> bool:
        if school_id in self.school_ids:
            return True
        if not self.by_attributes():
            return False
        values = dict(areas=area, kinds=kind, townships=township, counties=county)
        return all(not getattr(self, a) or values[a] in getattr(self, a) for a, _ in GROUP_ATTRIBUTES)

    def describe(self) -> str:
        parts = [f"{label}为{'或'.join(getattr(self, a))}" for a, label in GROUP_ATTRIBUTES if getattr(self, a)]
        text = "且".join(parts) + "的学校" if parts else ""
        if self.school_ids:
            text += ("，另加" if text else "") + f"指定的 {len(self.school_ids)} 所学校"
        return text or "（未设条件，也未指定学校）"


# ---------------------------------------------------------------- management responses (管理响应)

OFFERS = ("子女入学", "周转房", "职称", "交流回城", "其他")  # what the bureau may offer; the list is editable
OFFERS_KEY = "response_offers"  # the Setting holding the bureau's list of offers (JSON list of names)
OUTCOMES = tuple(codes.RESPONSE_OUTCOME.labels)  # 跟进中, 留任, 调出, 辞职
OPEN_OUTCOME = "跟进中"  # a case stays open until one of the final outcomes


def response_state(outcome: str | None, follow_up: dt.date | None, today: dt.date) -> str:
    """已结 (a final outcome), 逾期 (open, the follow-up date passed) or 跟进中."""
    if outcome != OPEN_OUTCOME:
        return "已结"
    if follow_up is not None and follow_up < today:
        return "逾期"
    return OPEN_OUTCOME


# ---------------------------------------------------------------- leaving reasons and destinations (codes)

LEAVE_REASONS = tuple(codes.LEAVE_REASON.labels)  # 待遇, 两地分居, 个人发展, 考录公务员, 到民办/外地学校, 考研, 其他
DESTINATION_KINDS = tuple(codes.LEAVE_DEST.labels)  # 县内其他单位, 外县（市）公办学校, 民办学校, 机关事业单位, …

NOT_LOSSES = ("退休", "去世")  # separations that are not 流失: key-talent losses leave them out


def is_key_talent(degree: str | None, title: str | None, designation_levels: list[str], policy: Policy) -> bool:
    """A key talent (关键人才) under the bureau's thresholds (Policy.key_talent_*): degree, title or a 骨干教师-or-above
    designation level at or above its threshold."""
    if degree and codes.DEGREE.rank(degree) >= codes.DEGREE.rank(policy.key_talent_min_degree):
        return True
    if title and codes.TITLE.rank(title) >= codes.TITLE.rank(policy.key_talent_min_title):
        return True
    floor = codes.LEVEL.rank(policy.key_talent_designation_level)
    return floor >= 0 and any(codes.LEVEL.rank(lv) >= floor for lv in designation_levels)
