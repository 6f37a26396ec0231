"""Research projects (课题, issue 21 §5): levels, kinds, the steps of a project, member roles and the rules of one
project and its group.

A project is 立项 (approved), may pass 中期 (the mid-term check) and ends 结题 (concluded), possibly 获奖 (its result
won an award, with the grade), or is 撤项 (withdrawn) or 延期 (extended past the planned end). Bureaus count them by
level and kind (省级重点课题 xx 项) and by step over a period.
"""

from __future__ import annotations

from talentdesk.domain.dates import PartialDate

LEVELS = ("国家级", "省级", "市级", "县级")
KINDS = ("重点课题", "一般课题", "专项课题", "青年课题", "自筹课题")  # the list every new database starts with
DEFAULT_KINDS = KINDS
MAX_KIND = 10  # research_project.kind is String(10)
KIND_ALIASES = {"重点": "重点课题", "一般": "一般课题", "专项": "专项课题", "青年": "青年课题", "自筹": "自筹课题"}
APPROVED, MIDTERM, CONCLUDED, AWARDED, WITHDRAWN, EXTENDED = "立项", "中期", "结题", "获奖", "撤项", "延期"
STATUSES = (APPROVED, MIDTERM, CONCLUDED, AWARDED, WITHDRAWN, EXTENDED)
OPEN = (APPROVED, MIDTERM, EXTENDED)  # still under research (在研)
DONE = (CONCLUDED, AWARDED)  # concluded (结题), an award included
AWARDS = ("特等奖", "一等奖", "二等奖", "三等奖", "优秀奖")
AWARD_ALIASES = {"特等": "特等奖", "一等": "一等奖", "二等": "二等奖", "三等": "三等奖", "优秀": "优秀奖"}
HOST, CORE, MEMBER = "主持人", "核心成员", "成员"
ROLES = (HOST, CORE, MEMBER)
MAX_TITLE = 200


def kind_of(text: str | None, kinds: tuple[str, ...] | list[str] = KINDS) -> str | None:
    """A kind as written (重点, 重点课题 …) → one of KINDS (the bureau's list, in its order); None for blank;
    ValueError otherwise. A short form (重点 for 重点课题, 规划 for a listed 规划课题) is taken too."""
    t = (text or "").strip().replace(" ", "")
    if not t:
        return None
    if t in kinds:
        return t
    for full in (KIND_ALIASES.get(t), t + "课题"):
        if full in kinds:
            return full
    raise ValueError(f"课题类别“{text}”应为{'、'.join(kinds)}之一（类别可在“课题研究”页的“课题类别…”中增加）")


def check_kind_name(name: str | None) -> str:
    """A name for the list of kinds: not blank, at most MAX_KIND characters."""
    t = (name or "").strip()
    if not t:
        raise ValueError("课题类别不能为空")
    if len(t) > MAX_KIND:
        raise ValueError(f"课题类别“{t[:MAX_KIND]}…”太长（最多 {MAX_KIND} 个字）")
    return t


def award_of(text: str | None) -> str | None:
    t = (text or "").strip().replace(" ", "")
    if not t:
        return None
    t = AWARD_ALIASES.get(t, t)
    if t not in AWARDS:
        raise ValueError(f"获奖等次“{text}”应为{'、'.join(AWARDS)}之一")
    return t


def check(
    status: str | None,
    award: str | None,
    approved: PartialDate | None,
    planned_end: PartialDate | None,
    concluded: PartialDate | None,
) -> dict[str, str]:
    """Problems (field → Chinese message) of the step, the award grade and the dates of one project."""
    out: dict[str, str] = {}
    if status not in STATUSES:
        out["status"] = f"课题状态应为{'、'.join(STATUSES)}之一"
        return out
    if approved is None:
        out["approved"] = "请填写立项日期"
    if status == AWARDED and not award:
        out["award"] = "状态为“获奖”时请选择获奖等次"
    if award and status != AWARDED:
        out["award"] = "只有状态为“获奖”的课题才有获奖等次"
    if status in DONE and concluded is None:
        out["concluded"] = f"状态为“{status}”时请填写结题日期"
    if concluded is not None and status not in (*DONE, WITHDRAWN):
        out["concluded"] = f"状态为“{status}”的课题还没有结题，不应有结题日期"
    if approved is not None:
        if planned_end is not None and planned_end < approved:
            out["planned_end"] = f"计划结题日期 {planned_end.iso()} 早于立项日期 {approved.iso()}"
        if concluded is not None and concluded < approved:
            out["concluded"] = f"结题日期 {concluded.iso()} 早于立项日期 {approved.iso()}"
    return out


def check_roles(roles: list[str | None]) -> str | None:
    """A problem of the group's roles (None: fine): every role is one of ROLES and exactly one member hosts."""
    for r in roles:
        if r not in ROLES:
            return f"成员角色应为{'、'.join(ROLES)}之一"
    hosts = sum(1 for r in roles if r == HOST)
    if hosts == 0:
        return "课题组成员中要有主持人（主持人必须是课题组成员）"
    if hosts > 1:
        return "课题组只能有一名主持人"
    return None
