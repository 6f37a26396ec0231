"""Teaching competitions and awards (issue 21 §2): the national default kinds, levels, results and the rules of one
competition and its entrants.

The bureau edits its own list of kinds (a table seeded from DEFAULT_KINDS). An entrant's award is also one of the
teacher's honours (荣誉): `honour_name` says what the honour record is called, so the teacher file and the honours
figures show it once.
"""

from __future__ import annotations

from talentdesk.domain.dates import PartialDate

DEFAULT_KINDS: tuple[str, ...] = (
    "优质课",
    "基本功",
    "班主任能力",
    "说课",
    "微课",
    "课件",
    "论文",
    "教学设计",
    "录像课",
)
LEVELS = ("国家级", "省级", "市级", "县级", "校级")
# results in rank order; 未获奖 (and no result yet) is not an award
AWARDS = ("特等奖", "一等奖", "二等奖", "三等奖", "优秀奖")
NO_AWARD = "未获奖"
RESULTS = (*AWARDS, NO_AWARD)
RESULT_ALIASES = {
    "一等": "一等奖",
    "二等": "二等奖",
    "三等": "三等奖",
    "特等": "特等奖",
    "优秀": "优秀奖",
    "无": NO_AWARD,
}
MAX_NAME = 200


def check_kind_name(name: str | None) -> str:
    text = (name or "").strip()
    if not text:
        raise ValueError("竞赛类别不能为空")
    if len(text) > 20:
        raise ValueError(f"竞赛类别“{text[:20]}…”太长（最多 20 个字）")
    return text


def check_dates(start: PartialDate | None, end: PartialDate | None) -> dict[str, str]:
    """Problems of the dates (field → Chinese message): the start is needed, the end not before it."""
    if start is None:
        return {"start": "请填写竞赛日期（开始日期）"}
    if end is not None and end < start:
        return {"end": f"结束日期 {end.iso()} 早于开始日期 {start.iso()}"}
    return {}


def result_of(text: str | None) -> str | None:
    """A result as written (一等奖, 一等, 优秀, 未获奖 …) → one of RESULTS; None for blank; ValueError otherwise."""
    t = (text or "").strip().replace(" ", "")
    if not t:
        return None
    t = RESULT_ALIASES.get(t, t)
    if t not in RESULTS:
        raise ValueError(f"结果“{text}”应为{'、'.join(RESULTS)}之一")
    return t


def is_award(result: str | None) -> bool:
    return result in AWARDS


def check_next(level: str, next_level: str | None) -> str | None:
    """A problem of the competition a competition selects for (None: fine): it is of a higher level."""
    if next_level is None:
        return None
    if LEVELS.index(next_level) >= LEVELS.index(level):
        return f"选送的上一级竞赛应高于本级（本级{level}，所选为{next_level}）"
    return None


def honour_name(kind: str, result: str, name: str | None = None) -> str:
    """The honour record of an award: the competition's name and the result (2024年全县初中数学优质课评比一等奖),
    or, without a name, the kind (优质课一等奖); at most 100 characters, as the honour table holds."""
    base = (name or "").strip() or f"{kind}竞赛"
    text = base if base.endswith(result) else f"{base}{result}"
    return text if len(text) <= 100 else f"{base[: 100 - len(result) - 1]}…{result}"
