"""重点指标 of the 人才数据月报 (issue 22 §3): each indicator's thresholds are policy parameters the bureau sets
(Policy.kpi_*: {"关注": a, "预警": b}); a value above 关注 is marked 关注, above 预警 is marked 预警."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from talentdesk.domain.policy import Policy

NORMAL, ATTENTION, WARNING = "正常", "关注", "预警"


@dataclass(frozen=True)
class Indicator:
    key: str  # the Policy field holding its thresholds
    label: str
    unit: str  # 人, 件 or % (a share, shown as a percentage)


INDICATORS = (
    Indicator("kpi_key_losses", "关键人才流失（本月，不含退休、去世）", "人"),
    Indicator("kpi_rural_loss_rate", "乡村教师流失率（本月流失 ÷ 月初在岗）", "%"),
    Indicator("kpi_watch_share", "流失倾向教师占在岗比例（预警名单）", "%"),
    Indicator("kpi_overdue_responses", "逾期未跟进的管理响应（月末）", "件"),
)


def thresholds(policy: Policy, key: str) -> tuple[float, float]:
    values = getattr(policy, key)
    return float(values.get(ATTENTION, 0)), float(values.get(WARNING, 0))


def mark(value: float, attention: float, warning: float) -> str:
    """预警 above the warning line, 关注 above the attention line, else 正常 (a line is not itself crossed)."""
    if value > warning:
        return WARNING
    if value > attention:
        return ATTENTION
    return NORMAL


def shown(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value:.1%}"
    return f"{value:g}"
