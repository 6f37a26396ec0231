"""Shared state of one demo build: the random generator, the date it is built on, the rows to insert."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from talentdesk.domain.dates import PartialDate, school_year_of
from talentdesk.domain.policy import Policy
from talentdesk.services.demo.schools import SchoolInfo

AREA_RANK = {"城区": 0, "镇区": 1, "乡村": 2}


class Rows:
    """Rows per model, every dict with the same keys (one executemany per table), ids assigned here."""

    def __init__(self):
        self.data: dict[type, list[dict]] = defaultdict(list)
        self._next: dict[type, int] = defaultdict(lambda: 1)
        self._defaults: dict[type, dict] = {}

    def _template(self, model) -> dict:
        tpl = self._defaults.get(model)
        if tpl is None:
            tpl = {}
            for col in model.__table__.columns:
                default = col.default.arg if col.default is not None and col.default.is_scalar else None
                tpl[col.key] = default
            self._defaults[model] = tpl
        return tpl

    def add(self, model, **values) -> int:
        row = dict(self._template(model))
        row.update(values)
        if row.get("id") is None:
            row["id"] = self._next[model]
        self._next[model] = max(self._next[model], row["id"] + 1)
        self.data[model].append(row)
        return row["id"]

    def next_id(self, model) -> int:
        return self._next[model]

    def start_ids(self, model, first: int) -> None:
        self._next[model] = first

    def count(self) -> int:
        return sum(len(v) for v in self.data.values())


@dataclass
class Person:
    """What later passes (placements, pairings) need to know about a generated teacher."""

    id: int
    gender: str
    birth: dt.date
    age: int
    school: SchoolInfo
    stage: str
    subject: str
    work_start: PartialDate
    form: str
    status: str
    years: int  # years of service, counted in school years up to the current one
    entry: PartialDate | None = None  # start of the current post
    title_rank: int = 0
    placed: bool = False


@dataclass
class Context:
    rng: random.Random
    today: dt.date
    policy: Policy
    rows: Rows = field(default_factory=Rows)
    schools: list[SchoolInfo] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    ids_used: set[str] = field(default_factory=set)
    codes_used: set[str] = field(default_factory=set)
    by_stage: dict[tuple[int, str], list[SchoolInfo]] = field(default_factory=lambda: defaultdict(list))

    @property
    def school_year(self) -> int:
        return school_year_of(self.today)

    @property
    def ref(self) -> dt.date:
        """The generator's "now": the first day of the current school year, so that a seed gives
        the same county all through a school year (only the cached current values use today)."""
        return dt.date(self.school_year, 9, 1)

    @property
    def now(self) -> PartialDate:
        return PartialDate(self.school_year, 9)

    def index_schools(self) -> None:
        self.by_stage.clear()
        for s in self.schools:
            for stage in s.stages:
                self.by_stage[(s.county, stage)].append(s)
