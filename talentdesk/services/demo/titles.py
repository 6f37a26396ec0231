"""Demo titles as a career (issue 20 §2): every title record gets a route — 二级/三级 mostly 考核认定 (初次认定), 高级
and 一级 mostly 正常评审, a few 破格, 推荐评定 and 单独评审, 乡村教师定向评价 in village and town schools since 2021,
满30年不受指标限制 for village teachers near retirement (half of them only 享受待遇) — with a share of old records
left without one (entered before routes were kept). Town (城区) schools are short of posts: a third of their teachers
with a recent 高级 or 一级 title wait for the post (评而未聘), few elsewhere. Each school gets an approved post
structure (岗位设置): full 高级 posts in town schools, some vacancies in village schools, a few schools with counts
by 专技岗位等级, some approved in an earlier year. Its own random generator (seeded from the build's), so adding it
changes nothing the other generators make."""

from __future__ import annotations

import random
from collections import Counter, defaultdict

from talentdesk.domain import titles as rules
from talentdesk.services.demo.context import Context, Person
from talentdesk.services.demo.schools import COUNTIES
from talentdesk.store.models import Base, TitleRecord
from talentdesk.store.models_titles import PostStructure

TABLES: tuple[type[Base], ...] = (PostStructure,)
TABLE_NAMES: dict[type[Base], str] = {PostStructure: "岗位设置"}
WAIT_SHARE = {"城区": 0.35, "镇区": 0.12, "乡村": 0.04}
RECENT_YEARS = 6


def _route(rng: random.Random, p: Person, title: str, year: int) -> tuple[str | None, bool]:
    """(route, 享受待遇 only) of one title record."""
    if year < 2016 and rng.random() < 0.3:
        return None, False
    if rules.level_of(title) == rules.JUNIOR:
        return ("考核认定" if rng.random() < 0.6 else rules.NORMAL), False
    r = rng.random()
    if p.school.area in ("乡村", "镇区") and year >= 2021 and r < 0.12:
        return "乡村教师定向评价", False
    if p.school.area == "乡村" and p.age >= 50 and year >= 2016 and 0.12 <= r < 0.2:
        return "满30年不受指标限制", rng.random() < 0.5
    for route, upto in (("破格", 0.22), ("推荐评定", 0.24), ("单独评审", 0.27)):
        if 0.2 <= r < upto:
            return route, False
    return rules.NORMAL, False


def build(ctx: Context) -> dict[str, int]:
    rng = random.Random("titles-" + repr(ctx.rng.getstate()[1]))
    people = {p.id: p for p in ctx.people}
    by_teacher: dict[int, list[dict]] = defaultdict(list)
    for row in ctx.rows.data.get(TitleRecord, []):
        by_teacher[row["teacher_id"]].append(row)
    y0 = ctx.school_year
    waiting = 0
    for tid, rows in by_teacher.items():
        p = people.get(tid)
        if p is None:
            continue
        for row in rows:
            route, benefit = _route(rng, p, row["title"], row["obtained"].year if row["obtained"] else y0)
            row["route"], row["benefit_only"] = route, benefit
            if benefit:
                row["appointed"] = None
        top = max(rows, key=lambda r: rules.LEVEL_RANK.get(rules.level_of(r["title"]) or "", 0))
        lv = rules.level_of(top["title"])
        recent = top["obtained"] is not None and top["obtained"].year >= y0 - RECENT_YEARS
        if (
            p.status == "在岗"
            and lv in (rules.SENIOR, rules.MIDDLE)
            and recent
            and not top["benefit_only"]
            and len(rows) > 1
            and rng.random() < WAIT_SHARE.get(p.school.area, 0.1)
        ):
            top["appointed"] = None
            waiting += 1
    structures = _structures(ctx, rng, people, by_teacher)
    return {"waiting": waiting, "structures": structures}


def _used(rows: list[dict], on) -> str | None:
    recs = [rules.Title(r["title"], r["obtained"], r["appointed"], r["benefit_only"]) for r in rows]
    return rules.career(recs, on).used


def _structures(ctx: Context, rng: random.Random, people: dict[int, Person], by_teacher) -> int:
    """One approved structure per school (not 教学点): the posts used now, less or more by the school's area."""
    used: dict[int, Counter] = defaultdict(Counter)
    for tid, rows in by_teacher.items():
        p = people.get(tid)
        if p is None or p.status != "在岗":
            continue
        lv = _used(rows, ctx.ref)
        if lv:
            used[p.school.id][lv] += 1
    n = 0
    for s in ctx.schools:
        if s.kind == "教学点":
            continue
        u = used[s.id]
        if s.area == "城区":  # full, a post or two over where a title was appointed before the last approval
            counts = {lv: max(0, u[lv] - rng.choice((0, 0, 0, 1))) for lv in rules.LEVELS}
        elif s.area == "镇区":
            counts = {lv: u[lv] + rng.choice((0, 0, 1)) for lv in rules.LEVELS}
        else:
            counts = {lv: u[lv] + rng.choice((0, 1, 1, 2)) for lv in rules.LEVELS}
        counts[rules.JUNIOR] += rng.randint(0, 2)
        year = ctx.today.year - rng.choices((0, 1, 2), (5, 3, 2))[0]
        county = COUNTIES[s.county][0].removesuffix("县").removesuffix("区")
        grades = None
        if rng.random() < 0.3 and counts[rules.SENIOR] >= 2:
            hi = counts[rules.SENIOR]
            five = hi // 4
            six = (hi - five) // 2
            mid = counts[rules.MIDDLE]
            grades = rules.format_grades(
                {"五级": five, "六级": six, "七级": hi - five - six, "八级": mid // 3, "九级": mid // 3}
            )
        if rng.random() < 0.4:  # the approval before this one: fewer posts
            ctx.rows.add(
                PostStructure,
                school_id=s.id,
                year=year - 3,
                senior=max(0, counts[rules.SENIOR] - rng.randint(0, 2)),
                middle=max(0, counts[rules.MIDDLE] - rng.randint(0, 3)),
                junior=counts[rules.JUNIOR],
                grades=None,
                document=f"{county}人社〔{year - 3}〕{20 + n % 60}号",
                note=None,
            )
        ctx.rows.add(
            PostStructure,
            school_id=s.id,
            year=year,
            senior=counts[rules.SENIOR],
            middle=counts[rules.MIDDLE],
            junior=counts[rules.JUNIOR],
            grades=grades,
            document=f"{county}人社〔{year}〕{20 + n % 60}号",
            note=None,
        )
        n += 1
    return n
