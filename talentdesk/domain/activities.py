"""Activities with teachers (issue 21 §1): the national default kinds, levels, quantities and the rules of one record.

The bureau edits its own list of kinds (a table seeded from DEFAULT_KINDS); pairing (师徒结对) and studio (名师工作室)
activities are counted with the register's in one figure (services.cultivation.activities.facts), their kinds
mapped here onto the register's where one means the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from talentdesk.domain.dates import PartialDate

# (kind, group) in the order the list offers them; the group only orders the report's rows
DEFAULT_KINDS: tuple[tuple[str, str], ...] = (
    ("送教下乡", "送教研修"),
    ("联片教研", "送教研修"),
    ("城乡片区联合教研", "送教研修"),
    ("教育大讲堂", "送教研修"),
    ("公开课", "课堂"),
    ("示范课", "课堂"),
    ("评优课", "课堂"),
    ("推门课", "课堂"),
    ("听课", "课堂"),
    ("师德承诺", "师德"),
    ("警示教育", "师德"),
    ("师德巡讲", "师德"),
    ("走访慰问", "关爱"),
    ("青年教师联谊", "关爱"),
    ("宣传报道", "宣传"),
    ("红色教育", "思政"),
    ("思政研学", "思政"),
)
LEVELS = ("国家级", "省级", "市级", "县级", "校级")
ROLES = ("参加", "主讲", "授课", "组织")
# quantity columns of an activity with their unit (节 lessons, 堂 lectures, 次 sessions, 人次, 学时)
QUANTITIES: tuple[tuple[str, str], ...] = (
    ("lessons", "节"),
    ("lectures", "堂"),
    ("sessions", "次"),
    ("person_times", "人次"),
    ("hours", "学时"),
)
MAX_QUANTITY = 1_000_000

# pairing (mentoring.ACTIVITY_KINDS) and studio activity kinds → the register's kind; a kind not listed keeps its name
LINKED_KIND = {"听课评课": "听课", "讲座": "教育大讲堂"}
# studio records that are outcomes, not activities: not counted as activities
STUDIO_OUTCOMES = ("课题", "论文", "获奖", "其他成果")
PAIRING_SOURCE, STUDIO_SOURCE, REGISTER_SOURCE = "师徒结对", "名师工作室", "活动登记"
SOURCE_TABLES = {REGISTER_SOURCE: "activity", PAIRING_SOURCE: "pairing_activity", STUDIO_SOURCE: "studio_record"}


def check_kind_name(name: str | None) -> str:
    text = (name or "").strip()
    if not text:
        raise ValueError("活动类别不能为空")
    if len(text) > 20:
        raise ValueError(f"活动类别“{text[:20]}…”太长（最多 20 个字）")
    return text


def check_dates(start: PartialDate | None, end: PartialDate | None) -> dict[str, str]:
    """Problems of the dates (field → Chinese message): the start is needed, the end not before it."""
    if start is None:
        return {"start": "请填写活动日期（开始日期）"}
    if end is not None and end < start:
        return {"end": f"结束日期 {end.iso()} 早于开始日期 {start.iso()}"}
    return {}


def check_quantity(label: str, value: float | None) -> str | None:
    """A problem of one quantity (None: fine)."""
    if value is None:
        return None
    if value < 0:
        return f"{label}不能为负数"
    if value > MAX_QUANTITY:
        return f"{label} {value:g} 太大，请核对"
    return None


def person_times(declared: float | None, participants: int) -> float:
    """人次 of one activity: the number the clerk gave (teachers who attended without being listed), else the
    number of listed participants."""
    return declared if declared is not None else float(participants)


@dataclass(frozen=True)
class Fact:
    """One activity as the statistics count it, from any source."""

    source: str  # REGISTER_SOURCE, PAIRING_SOURCE, STUDIO_SOURCE
    kind: str
    level: str
    start: PartialDate | None
    school_id: int | None
    person_times: float
    lessons: float
    lectures: float
    sessions: float
    hours: float
    teacher_ids: tuple[int, ...] = ()
    record_id: int | None = None  # the row of its source table (activity, pairing_activity, studio_record)
