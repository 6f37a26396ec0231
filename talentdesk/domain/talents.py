"""Talent recognition from application to allowance (issue 20 §4): the bureau's list of recognition kinds with its
national defaults, the steps a recognition goes through (申报 → 初审 → 认定/未认定, each dated, 文号 for 认定), the
terms agreed with an imported talent and the payments made against them, and the term-end reminder.

The kinds are a table the bureau edits (seeded from DEFAULT_KINDS by migration 0022); 高层次人才认定 carries a
category A–E (its allowance in Policy.talent_monthly_allowance), 领军人才梯队 names its subject project.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from talentdesk.domain.dates import PartialDate

GRADED_KIND = "高层次人才认定"  # the kind that needs a category A–E
PROJECT_KIND = "领军人才梯队"  # members are recorded per subject project
DEFAULT_KINDS: tuple[str, ...] = (
    GRADED_KIND,
    "国务院特殊津贴",
    "省政府特殊津贴",
    "省有突出贡献专家",
    "市有突出贡献专家",
    PROJECT_KIND,
)
CATEGORIES = ("A", "B", "C", "D", "E")

# the steps: 申报 (applied), 初审 (reviewed: 通过/不通过), 认定/未认定 (decided, with 文号 for 认定)
APPLIED, PASSED, FAILED, RECOGNISED, REFUSED = "申报", "初审通过", "初审不通过", "认定", "未认定"
STATUSES = (APPLIED, PASSED, FAILED, RECOGNISED, REFUSED)
DECIDED = (RECOGNISED, REFUSED)

# the terms agreed with an imported talent and what is paid against them
AGREEMENT_KINDS = ("全职引进", "银龄讲学", "柔性引进")
STAFFING_CHOICES = ("事业编制", "人才编制专户", "编制周转池", "员额制（备案制）", "不占编制")
PAYMENT_KINDS = ("年薪", "协议报酬", "科研启动经费", "安家费", "其他")
MAX_AMOUNT = 100_000_000  # yuan: anything larger is a typing error


def check_kind_name(name: str | None) -> str:
    text = (name or "").strip()
    if not text:
        raise ValueError("人才类别名称不能为空")
    if len(text) > 20:
        raise ValueError(f"人才类别“{text[:20]}…”太长（最多 20 个字）")
    return text


def check_steps(
    status: str,
    applied: PartialDate | None,
    reviewed: PartialDate | None,
    decided: PartialDate | None,
    doc_number: str | None,
    before: str | None,
) -> dict[str, str]:
    """Problems of a recognition's steps (field → Chinese message). BEFORE: the status stored until now (None for a
    new record). A status reached now needs its step's date, and 认定/未认定 need 初审通过 recorded first; a record
    kept at its status (one recognised before the steps were recorded) is only held to the order of its dates."""
    out: dict[str, str] = {}
    if status not in STATUSES:
        return {"status": f"状态“{status}”不对，应为{'、'.join(STATUSES)}"}
    if status != before:
        if status == APPLIED and applied is None:
            out["applied"] = "请填写申报日期"
        if status in (PASSED, FAILED) and reviewed is None:
            out["reviewed"] = "请填写初审日期"
        if status in DECIDED:
            if before == FAILED or reviewed is None:
                out["status"] = (
                    f"未经初审通过，不能{'认定' if status == RECOGNISED else '作出未认定结论'}（请先填写初审日期）"
                )
            if decided is None:
                out["date"] = f"请填写{status}日期"
            if status == RECOGNISED and not (doc_number or "").strip():
                out["doc_number"] = "认定须填写认定文号"
    if status == APPLIED and (reviewed is not None or decided is not None):
        out.setdefault("status", "已填写初审或认定日期，状态不能是“申报”")
    if status in (PASSED, FAILED) and decided is not None:
        out.setdefault("status", f"已填写认定日期，状态不能是“{status}”")
    if applied and reviewed and reviewed < applied:
        out.setdefault("reviewed", f"初审日期 {reviewed.iso()} 早于申报日期 {applied.iso()}")
    if decided and reviewed and decided < reviewed:
        out.setdefault("date", f"认定日期 {decided.iso()} 早于初审日期 {reviewed.iso()}")
    elif decided and applied and decided < applied:
        out.setdefault("date", f"认定日期 {decided.iso()} 早于申报日期 {applied.iso()}")
    return out


def step_status(applied: PartialDate | None, reviewed: PartialDate | None, decided: PartialDate | None) -> str:
    """The status the dates given reach when no status is written (an import row): 认定 with its date, 初审通过
    with the 初审 date, else 申报."""
    if decided is not None:
        return RECOGNISED
    if reviewed is not None:
        return PASSED
    return APPLIED


def step_date(
    status: str, applied: PartialDate | None, reviewed: PartialDate | None, decided: PartialDate | None
) -> PartialDate | None:
    """The date a record reached its status (None when not recorded)."""
    if status in DECIDED:
        return decided
    if status in (PASSED, FAILED):
        return reviewed
    return applied


def months_between(start: PartialDate, end: PartialDate) -> int:
    """Whole months of a term START … END, both included (2025-09 … 2027-08 → 24)."""
    return max(0, (end.year - start.year) * 12 + (end.month or 12) - (start.month or 1) + 1)


@dataclass(frozen=True)
class Terms:
    """What an agreement promises: annual pay (全职引进), monthly pay (银龄/柔性), 科研启动经费, 安家费."""

    start: PartialDate | None
    end: PartialDate | None
    annual_pay: float | None = None
    monthly_pay: float | None = None
    research_fund: float | None = None
    settling_grant: float | None = None

    def agreed(self) -> dict[str, float]:
        """Agreed amount by payment kind over the whole term (pay counted over its months)."""
        months = months_between(self.start, self.end) if self.start and self.end else 0
        out: dict[str, float] = {}
        if self.annual_pay:
            out["年薪"] = round(self.annual_pay * months / 12, 2)
        if self.monthly_pay:
            out["协议报酬"] = round(self.monthly_pay * months, 2)
        if self.research_fund:
            out["科研启动经费"] = float(self.research_fund)
        if self.settling_grant:
            out["安家费"] = float(self.settling_grant)
        return out


def check_amount(label: str, value: float | None, required: bool = False) -> str | None:
    if value is None:
        return f"请填写{label}" if required else None
    if value < 0:
        return f"{label}不能为负数"
    if value > MAX_AMOUNT:
        return f"{label} {value:,.0f} 元太大，请核对"
    return None


def days_to_end(end: PartialDate | None, today: dt.date) -> int | None:
    """Days from TODAY to the last day of a term (negative once ended; None without an end)."""
    if end is None:
        return None
    if end.day:
        last = end.first_day()
    elif end.month:
        nxt = dt.date(end.year + (end.month == 12), end.month % 12 + 1, 1)
        last = nxt - dt.timedelta(days=1)
    else:
        last = dt.date(end.year, 12, 31)
    return (last - today).days


def due_soon(end: PartialDate | None, today: dt.date, within_days: int) -> bool:
    """A term ends within WITHIN_DAYS from TODAY (not already over)."""
    left = days_to_end(end, today)
    return left is not None and 0 <= left <= within_days
