"""School-to-school pairing (issue 21 §3): the default kinds, the rules of one pairing, and what counts as having
happened in it.

Nothing links an activity or a placement to a pairing by hand; it is derived (documented in the 学校结对 report):
- a placement (支教/交流/…) between two of the pairing's schools (from one to another) that starts within the
  pairing's term is a teacher exchanged in the pairing;
- an activity held at one of its schools within the term, with at least one listed teacher working at another of
  its schools, is an activity of the pairing (送教下乡 from the lead school to a village school, 联片教研 …).
A teacher or an activity may so count in two pairings that share schools; each pairing's own figures are right, and
the totals over pairings say they count such a thing once per pairing.
"""

from __future__ import annotations

from dataclasses import dataclass

from talentdesk.domain.dates import PartialDate

DEFAULT_KINDS: tuple[str, ...] = ("城乡对口学校一体化", "结对帮扶", "联校办学", "集团化办学", "教共体")
ROLES = ("牵头校", "成员校", "帮扶校", "受援校")
LEAD_ROLE = "牵头校"
MAX_SCHOOLS = 60
ACTION_SEP = "\n"


def check_kind_name(name: str | None) -> str:
    text = (name or "").strip()
    if not text:
        raise ValueError("结对类型不能为空")
    if len(text) > 20:
        raise ValueError(f"结对类型“{text[:20]}…”太长（最多 20 个字）")
    return text


def check_dates(start: PartialDate | None, end: PartialDate | None) -> dict[str, str]:
    """Problems of the term (field → Chinese message): a start is needed, the end not before it."""
    if start is None:
        return {"start": "请填写结对开始日期"}
    if end is not None and end < start:
        return {"end": f"结束日期 {end.iso()} 早于开始日期 {start.iso()}"}
    return {}


def check_schools(lead: int | None, schools: list[int]) -> str | None:
    """A problem of the schools (None: fine): two or more different schools, the lead school among them."""
    if lead is None:
        return "请选择牵头学校"
    distinct = set(schools) | {lead}
    if len(distinct) < 2:
        return "结对至少要有两所学校（牵头学校和一所成员学校）"
    if len(distinct) > MAX_SCHOOLS:
        return f"一个结对最多 {MAX_SCHOOLS} 所学校"
    if len(schools) != len(set(schools)):
        return "成员学校有重复"
    return None


def split_actions(text: str | None) -> list[str]:
    """Agreed actions, one a line (a pasted list with ；or numbering such as ①/1. works too)."""
    out: list[str] = []
    for line in (text or "").replace("；", "\n").replace(";", "\n").splitlines():
        item = line.strip().lstrip("①②③④⑤⑥⑦⑧⑨⑩").strip()
        if item:
            out.append(item)
    return out


def join_actions(items: list[str]) -> str | None:
    cleaned = [i.strip() for i in items if i and i.strip()]
    return ACTION_SEP.join(cleaned) if cleaned else None


def _key(d: PartialDate | None, *, end: bool) -> str:
    """A date as text comparable with ISO prefixes: a year or month as its first (or, for an end, last) day."""
    if d is None:
        return "9999-99-99" if end else "0000"
    iso = d.iso()
    return iso + ("-99" * (2 - iso.count("-")) if end else "")


def within_term(when: PartialDate | None, start: PartialDate, end: PartialDate | None) -> bool:
    """Whether WHEN (a start date) lies in the term START … END; an unknown date does not."""
    if when is None:
        return False
    w = when.iso()
    return _key(start, end=False) <= w and (end is None or w <= _key(end, end=True))


def active_at(start: PartialDate, end: PartialDate | None, at: PartialDate) -> bool:
    """Whether the term has begun by AT and not ended before it."""
    return start.iso() <= _key(at, end=True) and (end is None or _key(end, end=True) >= at.iso())


@dataclass(frozen=True)
class Exchange:
    """A placement between two schools of a pairing."""

    placement_id: int
    teacher_id: int
    from_school_id: int
    to_school_id: int
    kind: str
    start: PartialDate | None


@dataclass(frozen=True)
class Held:
    """An activity of the register held in a pairing."""

    activity_id: int
    kind: str
    start: PartialDate | None
    school_id: int
    person_times: float


def is_exchange(
    schools: set[int],
    start: PartialDate,
    end: PartialDate | None,
    from_school: int | None,
    to_school: int,
    when: PartialDate | None,
) -> bool:
    """A placement FROM_SCHOOL → TO_SCHOOL starting WHEN counts in the pairing (see the module's rule)."""
    return (
        from_school is not None
        and from_school != to_school
        and from_school in schools
        and to_school in schools
        and within_term(when, start, end)
    )


def is_held(
    schools: set[int],
    start: PartialDate,
    end: PartialDate | None,
    held_at: int | None,
    teacher_schools: set[int],
    when: PartialDate | None,
) -> bool:
    """An activity held at HELD_AT on WHEN with teachers working at TEACHER_SCHOOLS counts in the pairing."""
    return (
        held_at is not None
        and held_at in schools
        and bool((teacher_schools & schools) - {held_at})
        and within_term(when, start, end)
    )
