"""Demo teaching competitions (issue 21 §2): three school years of each county's 优质课评比 per stage and subject in
the autumn and 青年教师基本功大赛 in the spring, with a 班主任能力大赛 every year; their 一等奖 winners selected for
the city's contest of the same kind a few weeks later. Every award is also one of the teacher's honours, linked as
the service links it. Its own random generator (seeded from the build's), so adding it changes nothing the other
generators make; nothing is dated after the day the demo is built."""

from __future__ import annotations

import random

from talentdesk.domain import competitions as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.services.demo.context import Context, Person
from talentdesk.services.demo.schools import CITY, COUNTIES
from talentdesk.store.models import Base, Honour
from talentdesk.store.models_competitions import Competition, CompetitionEntrant

TABLES: tuple[type[Base], ...] = (Competition, CompetitionEntrant)
TABLE_NAMES: dict[type[Base], str] = {Competition: "教学竞赛", CompetitionEntrant: "竞赛参赛教师"}
# (stage, subject) of the autumn 优质课 contests, a few each year
CONTESTS = (
    ("小学", "语文"),
    ("小学", "数学"),
    ("小学", "英语"),
    ("初中", "语文"),
    ("初中", "数学"),
    ("初中", "英语"),
    ("初中", "物理"),
    ("小学", "科学"),
    ("初中", "道德与法治"),
    ("小学", "音乐"),
    ("小学", "美术"),
)
# results of a county contest: shares of 一等奖, 二等奖, 三等奖, 优秀奖 (the rest 未获奖)
COUNTY_SHARES = (0.15, 0.25, 0.3, 0.15)
CITY_SHARES = (0.25, 0.35, 0.3, 0.0)


class _Book:
    def __init__(self, ctx: Context, rng: random.Random):
        self.ctx, self.rng = ctx, rng
        self.today = PartialDate.from_date(ctx.today)

    def contest(
        self,
        name: str,
        kind: str,
        level: str,
        organiser: str,
        start: PartialDate,
        entrants: list[Person],
        shares: tuple[float, ...],
        *,
        subject: str | None = None,
        stage: str | None = None,
        end: PartialDate | None = None,
        select: int = 0,
    ) -> tuple[int, list[Person]] | None:
        """A competition with its entrants and results (awards as honours); the ids of those selected for the next
        level (the best SELECT of the 一等奖 winners). None when it would lie after the demo's today."""
        if self.today < (end or start):
            return None
        cid = self.ctx.rows.add(
            Competition,
            name=name,
            kind=kind,
            level=level,
            subject=subject,
            stage=stage,
            organiser=organiser,
            start=start,
            end=end,
            next_id=None,
            note=None,
        )
        people = list({p.id: p for p in entrants}.values())
        self.rng.shuffle(people)
        cuts, at = [], 0.0
        for share in shares:
            at += share
            cuts.append(round(at * len(people)))
        picked: list[Person] = []
        for i, p in enumerate(people):
            grade = next(
                (g for g, cut in zip(("一等奖", "二等奖", "三等奖", "优秀奖"), cuts) if i < cut), rules.NO_AWARD
            )
            selected = grade == "一等奖" and len(picked) < select
            if selected:
                picked.append(p)
            honour = None
            if rules.is_award(grade):
                honour = self.ctx.rows.add(
                    Honour,
                    teacher_id=p.id,
                    name=rules.honour_name(kind, grade, name),
                    level=level,
                    date=end or start,
                    issuer=organiser,
                )
            self.ctx.rows.add(
                CompetitionEntrant,
                competition_id=cid,
                teacher_id=p.id,
                school_id=p.school.id,
                selected=selected,
                result=grade,
                honour_id=honour,
            )
        return cid, picked

    def link(self, cid: int, upper: int) -> None:
        """Competition CID selects for UPPER (县赛 → 市赛); UPPER's row moves before CID's, so that the rows are
        inserted in an order the foreign key accepts."""
        rows = self.ctx.rows.data[Competition]
        at = next(i for i in range(len(rows) - 1, -1, -1) if rows[i]["id"] == cid)
        up = next(i for i in range(len(rows) - 1, -1, -1) if rows[i]["id"] == upper)
        rows[at]["next_id"] = upper
        rows.insert(at, rows.pop(up))


def _day(rng: random.Random, year: int, month: int) -> PartialDate:
    return PartialDate(year, month, rng.randint(5, 25))


def build(ctx: Context) -> dict[str, int]:
    rng = random.Random("competitions-" + repr(ctx.rng.getstate()[1]))
    book = _Book(ctx, rng)
    y0 = ctx.school_year
    serving = [p for p in ctx.people if p.status == "在岗"]
    for county in sorted({s.county for s in ctx.schools}):
        staff = [p for p in serving if p.school.county == county]
        if staff:
            for year in range(y0 - 2, y0 + 1):
                _county_year(book, rng, COUNTIES[county][0], staff, year)
    return {"competitions": len(ctx.rows.data.get(Competition, []))}


def _county_year(book: _Book, rng: random.Random, county: str, staff: list[Person], year: int) -> None:
    bureau, research = f"{county}教育和体育局", f"{county}教学研究室"
    city = f"{CITY}教育局"
    # autumn: 优质课评比 per stage and subject, the 一等奖 winners on to the city's contest in December
    for stage, subject in rng.sample(CONTESTS, 4):
        pool = [p for p in staff if p.stage == stage and p.subject == subject and p.years >= 3]
        if len(pool) < 4:
            continue
        entrants = rng.sample(pool, min(len(pool), rng.randint(6, 14)))
        start = _day(rng, year, rng.choice((10, 11)))
        up_start = _day(rng, year, 12)
        title = f"{year}年{stage}{subject}优质课评比"
        done = book.contest(
            f"{county}{title}",
            "优质课",
            "县级",
            research,
            start,
            entrants,
            COUNTY_SHARES,
            subject=subject,
            stage=stage,
            end=PartialDate(start.year, start.month, min((start.day or 1) + 2, 28)),
            select=2,
        )
        if done and done[1]:
            upper = book.contest(
                f"{CITY}{title}", "优质课", "市级", city, up_start, [], CITY_SHARES, subject=subject, stage=stage
            )
            if upper:
                book.link(done[0], upper[0])
                _entrants(book, rng, upper[0], f"{CITY}{title}", "优质课", "市级", city, up_start, done[1])
    # spring: 青年教师教学基本功大赛 per stage (teachers within their first five years)
    for stage in ("小学", "初中"):
        young = [p for p in staff if p.stage == stage and p.years <= 5]
        if len(young) < 4:
            continue
        start = _day(rng, year + 1, 4)
        title = f"{year + 1}年{stage}青年教师教学基本功大赛"
        up_start = _day(rng, year + 1, 5)
        done = book.contest(
            f"{county}{title}",
            "基本功",
            "县级",
            bureau,
            start,
            rng.sample(young, min(len(young), rng.randint(10, 20))),
            COUNTY_SHARES,
            stage=stage,
            select=2,
        )
        if done and done[1]:
            upper = book.contest(f"{CITY}{title}", "基本功", "市级", city, up_start, [], CITY_SHARES, stage=stage)
            if upper:
                book.link(done[0], upper[0])
                _entrants(book, rng, upper[0], f"{CITY}{title}", "基本功", "市级", city, up_start, done[1])
    # 班主任能力大赛 in November
    older = [p for p in staff if p.years >= 5 and p.stage in ("小学", "初中")]
    if len(older) >= 6:
        book.contest(
            f"{year}年{county}中小学班主任基本功（能力）大赛",
            "班主任能力",
            "县级",
            bureau,
            _day(rng, year, 11),
            rng.sample(older, rng.randint(8, 14)),
            COUNTY_SHARES,
        )


def _entrants(
    book: _Book,
    rng: random.Random,
    cid: int,
    name: str,
    kind: str,
    level: str,
    organiser: str,
    when: PartialDate,
    people: list[Person],
) -> None:
    """The county's selected teachers entered in the city's contest CID (made without entrants), with results."""
    for p in people:
        grade = rng.choices(("一等奖", "二等奖", "三等奖", rules.NO_AWARD), (25, 35, 30, 10))[0]
        honour = None
        if rules.is_award(grade):
            honour = book.ctx.rows.add(
                Honour,
                teacher_id=p.id,
                name=rules.honour_name(kind, grade, name),
                level=level,
                date=when,
                issuer=organiser,
            )
        book.ctx.rows.add(
            CompetitionEntrant,
            competition_id=cid,
            teacher_id=p.id,
            school_id=p.school.id,
            selected=False,
            result=grade,
            honour_id=honour,
        )
