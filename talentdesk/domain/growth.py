"""Growth plans and degree study (issue 21 §5): goal kinds and statuses, degree study modes and statuses.

A goal is 已完成 when it has a completion date, 逾期 when its due date has passed without one (a goal due in a
month or a year is overdue from the month or year after), else 未完成.

A degree study aims at 大学本科 (专升本), 硕士研究生 or 博士研究生; it is 在读, 已毕业 (with the graduation date, when
the new degree goes into the teacher's education history) or 退学.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from talentdesk.domain.dates import PartialDate

GOAL_KINDS = ("公开课", "论文", "课题", "获评骨干", "读书", "其他")
OPEN, DONE, OVERDUE = "未完成", "已完成", "逾期"
GOAL_STATUSES = (OPEN, DONE, OVERDUE)

DEGREES = ("大学本科", "硕士研究生", "博士研究生")
DEGREE_NAMES = {"大学本科": "专升本", "硕士研究生": "攻读硕士", "博士研究生": "攻读博士"}
ACADEMIC_FOR = {"大学本科": "学士", "硕士研究生": "硕士", "博士研究生": "博士"}
MODES = ("全日制", "在职")
STUDYING, GRADUATED, DROPPED = "在读", "已毕业", "退学"
STUDY_STATUSES = (STUDYING, GRADUATED, DROPPED)


def last_day(d: PartialDate) -> dt.date:
    """The last day a partial date can mean (2025 → 2025-12-31, 2025-06 → 2025-06-30)."""
    if d.day:
        return dt.date(d.year, d.month or 1, d.day)
    if d.month:
        nxt = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(d.year, 12, 31)


def goal_status(due: PartialDate | None, done: PartialDate | None, today: dt.date) -> str:
    if done is not None:
        return DONE
    if due is not None and last_day(due) < today:
        return OVERDUE
    return OPEN


def check_goal(kind: str | None, description: str | None) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not kind:
        problems["kind"] = f"请选择目标类型（{'、'.join(GOAL_KINDS)}）"
    elif len(kind) > 20:
        problems["kind"] = "目标类型太长（最多 20 个字）"
    if not description:
        problems["description"] = "请填写目标内容（如 上一节县级公开课）"
    return problems


def check_study(values: dict[str, Any]) -> dict[str, str]:
    """Rules of a degree study (values cleaned: dates parsed, numbers as ints)."""
    problems: dict[str, str] = {}
    if values.get("degree") not in DEGREES:
        problems["degree"] = f"攻读学历应为{'、'.join(DEGREES)}之一"
    if values.get("mode") not in MODES:
        problems["mode"] = f"学习方式应为{'、'.join(MODES)}之一"
    status = values.get("status")
    if status not in STUDY_STATUSES:
        problems["status"] = f"状态应为{'、'.join(STUDY_STATUSES)}之一"
    start, end, grad = values.get("start"), values.get("expected_end"), values.get("graduated")
    if start is None:
        problems["start"] = "请填写入学时间"
    if start is not None and end is not None and end < start:
        problems["expected_end"] = f"预计毕业时间 {end.iso()} 早于入学时间 {start.iso()}"
    if status == GRADUATED and grad is None:
        problems["graduated"] = "已毕业时请填写毕业日期"
    if status == STUDYING and grad is not None:
        problems["graduated"] = "在读时不填毕业（退学）日期"
    if start is not None and grad is not None and grad < start:
        problems["graduated"] = f"毕业（退学）日期 {grad.iso()} 早于入学时间 {start.iso()}"
    if status == GRADUATED and not values.get("institution"):
        problems["institution"] = "已毕业时请填写院校（写入学历记录）"
    for f, label, top in (("leave_months", "脱产时间（月）", 120), ("tuition_support", "学费补助（元）", 1_000_000)):
        v = values.get(f)
        if v is not None and not 0 <= v <= top:
            problems[f] = f"{label}应在 0 到 {top} 之间"
    return problems
