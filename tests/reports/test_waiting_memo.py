"""评而未聘 at each year end (reports.annual.waiting) remembers a teacher's answer between two of the teacher's
取得/聘任 dates and skips teachers who can never wait: on random title histories it must give exactly what
domain.titles.career gives day by day."""

from __future__ import annotations

import datetime as dt
import random

from talentdesk.domain import titles
from talentdesk.domain.dates import PartialDate
from talentdesk.reports import annual
from talentdesk.reports import events as E

TITLE_NAMES = ("三级教师", "二级教师", "一级教师", "高级教师", "正高级教师", "未定职级")


def _date(rng: random.Random) -> PartialDate | None:
    if rng.random() < 0.08:
        return None
    year = rng.randint(2015, 2026)
    kind = rng.random()
    if kind < 0.2:
        return PartialDate(year)
    if kind < 0.6:
        return PartialDate(year, rng.randint(1, 12))
    return PartialDate(year, rng.randint(1, 12), rng.randint(1, 28))


def _records(rng: random.Random) -> list[titles.Title]:
    out = []
    for _ in range(rng.randint(1, 4)):
        got = _date(rng)
        r = rng.random()
        appointed = got if r < 0.5 else None if r < 0.7 else _date(rng)
        out.append(titles.Title(rng.choice(TITLE_NAMES), got, appointed, rng.random() < 0.1))
    return out


def test_remembered_answers_equal_the_day_by_day_rule():
    rng = random.Random(2026)
    ev = E.Events()
    ev.careers = {tid: _records(rng) for tid in range(3000)}
    stock = set(ev.careers) | {99999}  # a teacher without title records is never waiting
    for year in range(2016, 2027):
        for month in (6, 12):
            on = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
            expected = {tid for tid, recs in ev.careers.items() if titles.career(recs, on).waiting is not None}
            assert annual.waiting(ev, stock, (year, month)) == expected, (year, month)
    assert any(ev.career_changes[t] is None for t in ev.careers)  # the shortcut was taken, and still agreed
