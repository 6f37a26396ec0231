"""Talent and cultivation programmes (issue 20 §3, issue 21 §5): kinds, levels, member results, and whether a member
met the programme's target.

A target designation (e.g. 3 years → 市级骨干教师) is met by a designation of that kind or a higher one on the ladder
(codes.DESIGNATION: 教坛新秀 < 骨干教师 < 学科带头人 < 名师 < 特级教师) at that level or above, obtained from the
member's join date (else the programme's start) until the programme's end (open: no limit). Without a target
designation the clerk records whether the target was met.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from talentdesk.domain import codes
from talentdesk.domain.dates import PartialDate

# the list's default kinds; the bureau may type its own (人才工程: 万人计划, 齐鲁名师; 培养项目: 培养对象, 青年骨干)
KINDS = ("人才工程", "培养项目")
LEVELS = ("国家级", "省级", "市级", "县级")
IN_TRAINING, FINISHED, PASSED, FAILED, LEFT = "在培", "结业", "合格", "未合格", "退出"
RESULTS = (IN_TRAINING, FINISHED, PASSED, FAILED, LEFT)
NEEDS_REASON = (FAILED, LEFT)  # a result that says why
MET, NOT_MET, OPEN = "已达成", "未达成", "—"


def check_dates(start: PartialDate | None, end: PartialDate | None) -> dict[str, str]:
    if start is not None and end is not None and end < start:
        return {"end": f"结束日期 {end.iso()} 早于开始日期 {start.iso()}"}
    return {}


def check_result(result: str | None, reason: str | None) -> str | None:
    """A problem of a member's result (None: fine)."""
    if result not in RESULTS:
        return f"结果应为{'、'.join(RESULTS)}之一"
    if result in NEEDS_REASON and not (reason or "").strip():
        return f"结果为“{result}”时请写明原因"
    return None


@dataclass(frozen=True)
class Held:
    """A designation a teacher holds (kind, level, start)."""

    kind: str
    level: str
    start: PartialDate | None


def meets(
    target_kind: str,
    target_level: str | None,
    held: Iterable[Held],
    since: PartialDate | None,
    until: PartialDate | None,
) -> bool:
    """Whether one of HELD reaches the target: kind at or above TARGET_KIND, level at or above TARGET_LEVEL (any
    when None), started in SINCE … UNTIL (each bound open when None; a designation with no start date counts only
    when SINCE is open)."""
    want_kind = codes.DESIGNATION.rank(target_kind)
    want_level = codes.LEVEL.rank(target_level) if target_level else -1
    for h in held:
        if codes.DESIGNATION.rank(h.kind) < want_kind or codes.LEVEL.rank(h.level) < want_level:
            continue
        if h.start is None:
            if since is None:
                return True
            continue
        if since is not None and h.start < since:
            continue
        if until is not None and until < h.start and h.start.iso()[: len(until.iso())] != until.iso():
            continue
        return True
    return False


def target_label(kind: str | None, level: str | None, text: str | None) -> str:
    parts = []
    if kind:
        parts.append(f"{level or ''}{kind}")
    if text:
        parts.append(text)
    return "；".join(parts)
