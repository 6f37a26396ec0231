"""编制台账 (issue 22 §1): the rules of the quota ledger, without the database.

A school's approved quota (核定编制) per stage is the result of dated decisions, each with a 文号:
核定 sets it (the yearly approval), 核增 / 专项编制 add, 核减 takes away, 调剂 moves posts from one school to
another; the county's 编制周转池 (县管校聘) receives posts (入池), lends them to a school (借出) and takes
them back (收回). A voided decision counts for nothing and stays in the ledger.

Decisions are applied in the order (school year, date, kind order, id): a decision takes effect in its school
year, so a 核定 for the 2025学年 dated in July 2025 is not counted in the 2024学年. A balance at a date folds the
decisions dated on or before it, in the same order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

SET = "核定"
ADD = "核增"
CUT = "核减"
MOVE = "调剂"
SPECIAL = "专项编制"
POOL_IN = "入池"
LEND = "借出"
RECALL = "收回"
KINDS: tuple[str, ...] = (SET, ADD, CUT, MOVE, SPECIAL, POOL_IN, LEND, RECALL)
POOL_KINDS: tuple[str, ...] = (POOL_IN, LEND, RECALL)
KIND_ALIASES = {
    "核定编制": SET,
    "增编": ADD,
    "核增编制": ADD,
    "减编": CUT,
    "核减编制": CUT,
    "调剂编制": MOVE,
    "专项": SPECIAL,
    "专项核增": SPECIAL,
    "周转池入池": POOL_IN,
    "入周转池": POOL_IN,
    "周转池借出": LEND,
    "借用": LEND,
    "周转池收回": RECALL,
    "归还": RECALL,
}
POST_CATEGORIES: tuple[str, ...] = ("专任教师", "管理人员", "教辅人员", "工勤人员")
_ORDER = {k: i for i, k in enumerate(KINDS)}
POOL = "编制周转池"  # how the pool shows where a school would


def canonical_kind(text: str | None) -> str | None:
    t = (text or "").strip()
    if t in KINDS:
        return t
    return KIND_ALIASES.get(t)


def year_end(school_year: int) -> dt.date:
    """The last day of a school year (named by its first year)."""
    return dt.date(school_year + 1, 8, 31)


@dataclass(frozen=True)
class Entry:
    """One decision as the rules see it. SCHOOL/STAGE: the school concerned (调剂: the giving one); TO_SCHOOL/
    TO_STAGE: the receiving school of a 调剂. Pool decisions: 入池 has no school; 借出/收回 name the school."""

    id: int
    kind: str
    school_year: int
    day: dt.date
    count: int
    school: int | None = None
    stage: str | None = None
    to_school: int | None = None
    to_stage: str | None = None

    def key(self) -> tuple[int, dt.date, int, int]:
        return (self.school_year, self.day, _ORDER.get(self.kind, 99), self.id)

    def effects(self) -> list[tuple[tuple[int, str] | None, int | None, int]]:
        """[(slot, absolute or None, delta)]: SLOT (school, stage) or None for the pool; a 核定 sets the slot."""
        here = (self.school, self.stage or "") if self.school is not None else None
        n = self.count
        if self.kind == SET:
            return [(here, n, 0)]
        if self.kind in (ADD, SPECIAL):
            return [(here, None, n)]
        if self.kind == CUT:
            return [(here, None, -n)]
        if self.kind == MOVE:
            there = (self.to_school, self.to_stage or self.stage or "") if self.to_school is not None else None
            return [(here, None, -n), (there, None, n)]
        if self.kind == POOL_IN:
            return [(None, None, n)]
        if self.kind == LEND:
            return [(None, None, -n), (here, None, n)]
        if self.kind == RECALL:
            return [(here, None, -n), (None, None, n)]
        return []


@dataclass
class Ledger:
    """Balances after folding entries: quota per (school, stage), special posts per slot, the pool."""

    quota: dict[tuple[int, str], int]
    special: dict[tuple[int, str], int]
    lent: dict[tuple[int, str], int]
    pool: int


def fold(entries: Iterable[Entry], *, as_of: dt.date | None = None, school_year: int | None = None) -> Ledger:
    """The balances after the entries dated up to AS_OF (or of school years up to SCHOOL_YEAR; None: all)."""
    quota: dict[tuple[int, str], int] = {}
    special: dict[tuple[int, str], int] = {}
    lent: dict[tuple[int, str], int] = {}
    pool = 0
    for e in sorted(entries, key=Entry.key):
        if as_of is not None and e.day > as_of:
            continue
        if school_year is not None and e.school_year > school_year:
            continue
        for slot, absolute, delta in e.effects():
            if slot is None:
                pool += delta
                continue
            quota[slot] = absolute if absolute is not None else quota.get(slot, 0) + delta
            if e.kind == SPECIAL:
                special[slot] = special.get(slot, 0) + delta
            if e.kind in (LEND, RECALL):
                lent[slot] = lent.get(slot, 0) + delta
    return Ledger(quota, special, lent, pool)


@dataclass(frozen=True)
class Breach:
    """The first point where the ledger goes wrong: a slot (None: the pool) below zero after entry ENTRY."""

    entry: Entry
    slot: tuple[int, str] | None
    balance: int


def first_breach(entries: Iterable[Entry]) -> Breach | None:
    """Folding all entries in order, the first that takes a school's quota or the pool below zero (a 收回 of
    more than the school was lent counts too)."""
    quota: dict[tuple[int, str], int] = {}
    lent: dict[tuple[int, str], int] = {}
    pool = 0
    for e in sorted(entries, key=Entry.key):
        for slot, absolute, delta in e.effects():
            if slot is None:
                pool += delta
                if pool < 0:
                    return Breach(e, None, pool)
                continue
            quota[slot] = absolute if absolute is not None else quota.get(slot, 0) + delta
            if quota[slot] < 0:
                return Breach(e, slot, quota[slot])
            if e.kind == RECALL:
                lent[slot] = lent.get(slot, 0) + delta
                if lent[slot] < 0:
                    return Breach(e, slot, lent[slot])
            elif e.kind == LEND:
                lent[slot] = lent.get(slot, 0) + delta
    return None


def usage(in_post: int, quota: int | None) -> float | None:
    """编制使用率: staff in 编 ÷ quota (None without a quota)."""
    return in_post / quota if quota else None


def gap_label(in_post: int, quota: int | None) -> str:
    if quota is None:
        return "未核定"
    if in_post > quota:
        return "超编"
    if in_post < quota:
        return "空编"
    return "满编"
