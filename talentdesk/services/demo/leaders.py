"""Demo school leaders (issue 20 §1): every school but a 教学点 has a 校长, most a 党组织书记 (a few have none, a few
a 书记兼校长), 副校长 by size, 中层 (教务/德育/总务主任), 教研组长 and 年级主任 in large schools; some leaders came
up through earlier posts (副校长 before 校长, 教研组长 before 教务主任), some principals were principals of another
school before (校长交流), some have led their school beyond Policy.principal_term_years, a few teachers from town
schools are 挂职副校长 in village schools this year. Appointments carry their 任职程序. Its own random generator
(seeded from the build's), so adding it changes nothing the other generators make; the leaders' 行政职务 (a
national field) is set to their current post, everyone else's cleared."""

from __future__ import annotations

import random

from talentdesk.domain.dates import PartialDate
from talentdesk.services.demo.context import Context, Person
from talentdesk.services.demo.schools import COUNTIES
from talentdesk.store.models import Base, Teacher
from talentdesk.store.models_leaders import LeaderPost

TABLES: tuple[type[Base], ...] = (LeaderPost,)
TABLE_NAMES: dict[type[Base], str] = {LeaderPost: "职务"}
EVALUATIONS = ("优秀", "优秀", "称职", "同意率96%", "同意率92%", "同意率88%")


class _Book:
    def __init__(self, ctx: Context, rng: random.Random):
        self.ctx, self.rng = ctx, rng
        self.doc_no = 0
        self.current: dict[int, list[str]] = {}

    def add(self, p: Person, school_id: int, post: str, start: int, end: int | None, method: str = "任命") -> None:
        """A post from September of START to August of END (None: held now)."""
        rng, senior = self.rng, post in ("校长", "党组织书记", "副校长", "校长助理")
        s = PartialDate(start, 9)
        steps = {}
        if senior and method != "挂职":
            self.doc_no += 1
            county = COUNTIES[p.school.county][0].removesuffix("县").removesuffix("区")
            steps = dict(
                recommended=PartialDate(start, 5) if rng.random() < 0.8 else None,
                evaluation=rng.choice(EVALUATIONS),
                inspected=PartialDate(start, 6),
                publicised=PartialDate(start, 7, rng.randint(1, 20)),
                document=f"{county}教党〔{start}〕{self.doc_no}号",
            )
        self.ctx.rows.add(
            LeaderPost,
            teacher_id=p.id,
            school_id=school_id,
            post=post,
            method=method,
            start=s,
            end=PartialDate(end, 8) if end is not None else None,
            end_reason=("交流" if post == "校长" else "提拔") if end is not None else None,
            recommended=steps.get("recommended"),
            evaluation=steps.get("evaluation"),
            inspected=steps.get("inspected"),
            publicised=steps.get("publicised"),
            document=steps.get("document"),
            note=None,
        )
        if end is None and method != "挂职":
            self.current.setdefault(p.id, []).append(post)


def build(ctx: Context) -> dict[str, int]:
    rng = random.Random("leaders-" + repr(ctx.rng.getstate()[1]))
    y0 = ctx.school_year
    book = _Book(ctx, rng)
    staff: dict[int, list[Person]] = {}
    for p in ctx.people:
        if p.status == "在岗" and p.form != "合同":
            staff.setdefault(p.school.id, []).append(p)
    principal_start: dict[int, int] = {}
    schools = [s for s in ctx.schools if s.kind != "教学点" and staff.get(s.id)]
    for s in schools:
        people = sorted(staff[s.id], key=lambda p: (-p.title_rank, -p.years))
        senior = [p for p in people if 38 <= p.age <= 57 and p.years >= 12] or people
        head = senior[0] if rng.random() < 0.6 else rng.choice(senior[: max(1, len(senior) // 3)])
        years = rng.choices((0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11), (6, 8, 9, 9, 8, 8, 6, 5, 4, 3, 2))[0]
        start = y0 - years
        principal_start[s.id] = start
        if rng.random() < 0.45 and start - 4 >= head.work_start.year + 8:  # came up from 副校长 at this school
            book.add(head, s.id, "副校长", start - rng.randint(3, 5), start - 1)
        if years == 0 and rng.random() < 0.5:
            book.add(head, s.id, "校长", start, None, "试用期")
        else:
            book.add(head, s.id, "校长", start, None)
        taken = {head.id}
        others = [p for p in people if p.id not in taken]
        r = rng.random()
        if r < 0.12:  # 书记兼校长
            book.add(head, s.id, "党组织书记", start, None)
        elif r < 0.85 and others:
            sec = next((p for p in others if p.age >= 40), others[0])
            book.add(sec, s.id, "党组织书记", y0 - rng.randint(0, 8), None)
            taken.add(sec.id)
        # 15 %: no 书记 (a vacancy the bureau must fill)
        n = len(people)
        deputies = 2 if n >= 40 else 1 if n >= 8 else 0
        middle = ("教务主任", "德育主任", "总务主任") if n >= 20 else ("教务主任",) if n >= 10 else ()
        pool = [p for p in people if p.id not in taken and 30 <= p.age <= 55 and p.years >= 6]
        rng.shuffle(pool)
        for _ in range(deputies):
            if not pool:
                break
            d = pool.pop()
            begin = y0 - rng.randint(0, 7)
            if rng.random() < 0.6 and begin - 3 > d.work_start.year + 5:
                book.add(d, s.id, rng.choice(("教务主任", "德育主任")), begin - rng.randint(2, 4), begin - 1, "聘任")
            book.add(d, s.id, "副校长", begin, None)
        for post in middle:
            if not pool:
                break
            m = pool.pop()
            begin = y0 - rng.randint(0, 6)
            if rng.random() < 0.4 and begin - 2 > m.work_start.year + 3:
                book.add(m, s.id, "教研组长", begin - rng.randint(2, 4), begin - 1, "聘任")
            book.add(m, s.id, post, begin, None, "聘任")
        if n >= 40:
            for post in ("教研组长", "教研组长", "年级主任"):
                if pool:
                    book.add(pool.pop(), s.id, post, y0 - rng.randint(0, 4), None, "聘任")
    _exchanged_principals(ctx, rng, book, schools, principal_start)
    _secondments(ctx, rng, book, staff, schools, y0)
    for row in ctx.rows.data.get(Teacher, []):  # 行政职务 (national field): the current post, else none
        posts = book.current.get(row["id"])
        row["admin_post"] = "、".join(posts)[:50] if posts else None
    return {"posts": len(ctx.rows.data.get(LeaderPost, []))}


def _exchanged_principals(ctx: Context, rng, book: _Book, schools, principal_start: dict[int, int]) -> None:
    """A fifth of the principals led another school before (校长交流): ended there before that school's present
    principal came, so no school has two principals at once."""
    rows = ctx.rows.data.get(LeaderPost, [])
    heads = {r["school_id"]: r["teacher_id"] for r in rows if r["post"] == "校长"}
    came_up = {r["teacher_id"] for r in rows if r["post"] == "副校长"}
    people = {p.id: p for p in ctx.people}
    used: set[int] = set()
    for s in schools:
        if rng.random() >= 0.2 or s.id not in heads or heads[s.id] in came_up:
            continue
        mine = principal_start[s.id]
        earlier = [
            o
            for o in schools
            if o.id != s.id and o.id not in used and o.county == s.county and principal_start[o.id] <= mine
        ]
        if not earlier:
            continue
        other = rng.choice(earlier)
        end = principal_start[other.id]  # left in August before the present principal there came
        begin = end - rng.randint(3, 6)
        head = people[heads[s.id]]
        if begin < head.work_start.year + 10:
            continue
        used.add(other.id)
        book.add(head, other.id, "校长", begin, end - 1)


def _secondments(ctx: Context, rng, book: _Book, staff, schools, y0: int) -> None:
    """A few town teachers serve this school year as 挂职副校长 in a village school of their county."""
    villages = [s for s in schools if s.area == "乡村"]
    towns = [
        p
        for s in schools
        if s.area == "城区"
        for p in staff[s.id]
        if 32 <= p.age <= 45 and p.title_rank >= 3 and p.id not in book.current
    ]
    rng.shuffle(towns)
    for p in towns[: 3 * len({s.county for s in schools})]:
        near = [v for v in villages if v.county == p.school.county]
        if near:
            book.add(p, rng.choice(near).id, "副校长", y0, y0 + 1, "挂职")
