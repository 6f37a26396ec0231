"""Demo 编制台账 (issue 22 §1): the decisions that give each school's 核定编制 of the demo's three school years.

The first year is one yearly 核定 per county; each later year's change of a school's quota becomes 调剂 from
schools that lose posts to schools of the same stage that gain them, then 核增 (one town school's gain partly as
专项编制 for high-level talent), 周转池借出 to village schools while the county pool holds posts, and 核减 for
what is left. One wrong entry is voided and entered again. The county's 事业编制 and the education share per year
(a county build only: a city database has no single county total). Decisions reproduce the yearly figures
exactly, so the ledger and the 编制测算表 agree. Its own random generator, seeded from the build's.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from talentdesk.services.demo.context import Context
from talentdesk.services.demo.schools import COUNTIES
from talentdesk.store.models import Base, SchoolYearStat
from talentdesk.store.models_staffing import CountyQuota, QuotaDecision

TABLES: tuple[type[Base], ...] = (QuotaDecision, CountyQuota)
TABLE_NAMES: dict[type[Base], str] = {QuotaDecision: "编制决定", CountyQuota: "全县事业编制"}
POOL_START = 24  # posts the county puts into its 编制周转池 in the first year
OTHER_EDUCATION = 35  # education posts outside the schools (教研室, 电教馆 …)


class _Ledger:
    def __init__(self, ctx: Context, rng: random.Random):
        self.ctx, self.rng = ctx, rng
        self.when = dt.datetime.combine(ctx.ref, dt.time(8, 0))
        self.docs: dict[tuple[int, int, str], str] = {}
        self.serial: dict[tuple[int, int], int] = defaultdict(int)

    def doc(self, county: int, year: int, office: str, key: str) -> str:
        """One 文号 per county, year, office and kind of decision (one notice lists many schools)."""
        k = (county, year, office + key)
        if k not in self.docs:
            self.serial[(county, year)] += 1
            short = COUNTIES[county][0].removesuffix("县").removesuffix("市").removesuffix("区")
            self.docs[k] = f"{short}{office}〔{year}〕{self.serial[(county, year)] + 2}号"
        return self.docs[k]

    def add(self, kind: str, year: int, day: dt.date, doc: str, count: int, **more) -> int:
        values = dict(
            kind=kind,
            school_year=year,
            decided_on=day,
            doc_no=doc,
            count=count,
            school_id=None,
            stage=None,
            to_school_id=None,
            to_stage=None,
            post_category=None,
            purpose=None,
            reason=None,
            void=False,
            void_reason=None,
            voided_on=None,
            created_at=self.when,
            version=1,
        )
        values.update(more)
        return self.ctx.rows.add(QuotaDecision, **values)


def build(ctx: Context) -> dict[str, int]:
    rng = random.Random("quota-" + repr(ctx.rng.getstate()[1]))
    book = _Ledger(ctx, rng)
    schools = {s.id: s for s in ctx.schools}
    quota: dict[tuple[int, str], dict[int, int]] = defaultdict(dict)
    for row in ctx.rows.data[SchoolYearStat]:
        if row.get("quota") is not None:
            quota[(row["school_id"], row["stage"])][row["school_year"]] = row["quota"]
    years = sorted({y for v in quota.values() for y in v})
    if not years:
        return {}
    first = years[0]
    counties = sorted({s.county for s in ctx.schools})
    single = len(counties) == 1
    pool = {c: 0 for c in counties}
    for c in counties:
        doc = book.doc(c, first, "编办", "核定")
        for (sid, stage), by_year in sorted(quota.items()):
            if schools[sid].county == c and first in by_year:
                book.add(
                    "核定",
                    first,
                    dt.date(first, 8, 25),
                    doc,
                    by_year[first],
                    school_id=sid,
                    stage=stage,
                    reason=f"{first}学年中小学教职工编制核定",
                )
        if single:
            book.add(
                "入池",
                first,
                dt.date(first, 9, 5),
                book.doc(c, first, "编办", "周转池"),
                POOL_START,
                reason="设立中小学教职工编制周转池（县管校聘）",
            )
            pool[c] = POOL_START
    for year in years[1:]:
        for c in counties:
            _year_changes(book, c, year, quota, schools, pool, single)
    _voided_entry(book, years[-1], quota, schools)
    if single:
        for year in years:
            in_schools = sum(v.get(year, 0) for v in quota.values())
            education = in_schools + POOL_START + OTHER_EDUCATION
            share = 0.58 + 0.02 * rng.random()
            ctx.rows.add(
                CountyQuota,
                school_year=year,
                total_posts=round(education / share / 10) * 10,
                education_posts=education,
                doc_no=book.doc(counties[0], year, "编委", "总量"),
                note="全县事业编制总量及教育系统所占编制",
                version=1,
            )
    return {"quota_decisions": len(ctx.rows.data[QuotaDecision])}


def _year_changes(book: _Ledger, county: int, year: int, quota, schools, pool: dict, single: bool) -> None:
    """The decisions that move each school of COUNTY from last year's quota to this year's."""
    gains: dict[str, list[list]] = defaultdict(list)  # stage → [[sid, posts still to give]]
    losses: dict[str, list[list]] = defaultdict(list)
    for (sid, stage), by_year in sorted(quota.items()):
        if schools[sid].county != county or year not in by_year or year - 1 not in by_year:
            continue
        diff = by_year[year] - by_year[year - 1]
        if diff > 0:
            gains[stage].append([sid, diff])
        elif diff < 0:
            losses[stage].append([sid, -diff])
    day = dt.date(year, 9, 10)
    for stage in sorted(set(gains) | set(losses)):
        takers = sorted(gains[stage], key=lambda x: -x[1])
        givers = sorted(losses[stage], key=lambda x: -x[1])
        for giver in givers:  # 调剂: from schools that lose posts to those that gain them
            for taker in takers:
                n = min(giver[1], taker[1])
                if n <= 0:
                    continue
                book.add(
                    "调剂",
                    year,
                    day,
                    book.doc(county, year, "编办", "调剂"),
                    n,
                    school_id=giver[0],
                    stage=stage,
                    to_school_id=taker[0],
                    to_stage=stage,
                    post_category="专任教师",
                    reason="学生减少的学校向学生增加的学校调剂",
                )
                giver[1] -= n
                taker[1] -= n
        special_done = False
        for sid, n in takers:
            if n <= 0:
                continue
            school = schools[sid]
            if single and school.area == "乡村" and pool[county] >= n and book.rng.random() < 0.6:
                book.add(
                    "借出",
                    year,
                    dt.date(year, 9, 15),
                    book.doc(county, year, "教体局", "借出"),
                    n,
                    school_id=sid,
                    stage=stage,
                    post_category="专任教师",
                    reason="县管校聘：周转池编制借给乡村学校补足缺编",
                )
                pool[county] -= n
                continue
            if not special_done and school.area == "城区" and n >= 2:
                book.add(
                    "专项编制",
                    year,
                    dt.date(year, 10, 8),
                    book.doc(county, year, "编办", "专项"),
                    1,
                    school_id=sid,
                    stage=stage,
                    post_category="专任教师",
                    purpose="高层次人才",
                    reason="引进高层次人才专项编制",
                )
                special_done = True
                n -= 1
            book.add(
                "核增",
                year,
                dt.date(year, 9, 1),
                book.doc(county, year, "编办", "核增"),
                n,
                school_id=sid,
                stage=stage,
                post_category="专任教师",
                reason="在校生增加，按编制标准核增",
            )
        for sid, n in givers:
            if n > 0:
                book.add(
                    "核减",
                    year,
                    dt.date(year, 9, 1),
                    book.doc(county, year, "编办", "核减"),
                    n,
                    school_id=sid,
                    stage=stage,
                    reason="在校生减少，按编制标准核减",
                )


def _voided_entry(book: _Ledger, year: int, quota, schools) -> None:
    """A 核增 keyed in against the wrong school and voided the next day (it counts for nothing)."""
    town = sorted((sid, stage) for (sid, stage) in quota if schools[sid].area == "城区")
    if not town:
        return
    sid, stage = town[0]
    county = schools[sid].county
    book.add(
        "核增",
        year,
        dt.date(year, 9, 1),
        book.doc(county, year, "编办", "核增"),
        2,
        school_id=sid,
        stage=stage,
        reason="录入错误",
        void=True,
        void_reason="学校选错，已作废",
        voided_on=dt.date(year, 9, 2),
    )
