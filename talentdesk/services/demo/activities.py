"""Demo activities with teachers (issue 21 §1): three school years of what a county bureau and its schools do —
送教下乡 from town schools to village schools, 联片教研 per township, 教育大讲堂, open and model lessons, 师德承诺 /
警示教育 / 师德巡讲, 走访慰问 at the Spring Festival and 教师节, 青年教师联谊, 宣传报道 of good teachers, 红色教育 and
思政研学 visits — with their participants and quantities. Its own random generator (seeded from the build's), so
adding it changes nothing the other generators make."""

from __future__ import annotations

import random

from talentdesk.domain.dates import PartialDate
from talentdesk.services.demo.context import Context, Person
from talentdesk.services.demo.schools import COUNTIES, SchoolInfo
from talentdesk.store.models import Base
from talentdesk.store.models_activities import Activity, ActivityParticipant

TABLES: tuple[type[Base], ...] = (Activity, ActivityParticipant)
TABLE_NAMES: dict[type[Base], str] = {Activity: "活动登记", ActivityParticipant: "活动参加教师"}
SUBJECTS = ("语文", "数学", "英语", "物理", "道德与法治", "科学", "音乐", "美术")
RED_PLACES = ("县革命烈士纪念馆", "孟良崮战役纪念馆", "沂蒙红嫂纪念馆", "县党史教育基地")
LECTURES = (
    "新课标背景下的大单元教学",
    "双减背景下的作业设计",
    "教师的专业成长之路",
    "课堂评价的再认识",
    "班主任的沟通艺术",
)


class _Book:
    def __init__(self, ctx: Context, rng: random.Random):
        self.ctx, self.rng = ctx, rng

    def add(
        self,
        kind: str,
        title: str,
        start: PartialDate,
        level: str,
        organiser: str,
        people: list[Person],
        *,
        school: SchoolInfo | None = None,
        place: str | None = None,
        end: PartialDate | None = None,
        roles: dict[int, str] | None = None,
        **quantities: float | None,
    ) -> None:
        today = PartialDate.from_date(self.ctx.today)
        if today < start:  # the current school year: nothing after the day the demo is built
            start = PartialDate(today.year, today.month, min(start.day or 1, today.day or 1))
        if end is not None and today < end:
            end = None
        aid = self.ctx.rows.add(
            Activity,
            kind=kind,
            title=title,
            start=start,
            end=end,
            organiser=organiser,
            school_id=school.id if school else None,
            place=place,
            level=level,
            lessons=quantities.get("lessons"),
            lectures=quantities.get("lectures"),
            sessions=quantities.get("sessions"),
            person_times=quantities.get("person_times"),
            hours=quantities.get("hours"),
            note=None,
        )
        for p in {p.id: p for p in people}.values():
            self.ctx.rows.add(
                ActivityParticipant, activity_id=aid, teacher_id=p.id, role=(roles or {}).get(p.id, "参加")
            )


def _day(rng: random.Random, year: int, month: int) -> PartialDate:
    return PartialDate(year, month, rng.randint(3, 26))


def build(ctx: Context) -> dict[str, int]:
    rng = random.Random("activities-" + repr(ctx.rng.getstate()[1]))
    book = _Book(ctx, rng)
    y0 = ctx.school_year
    serving = [p for p in ctx.people if p.status == "在岗"]
    for county in sorted({s.county for s in ctx.schools}):
        staff = [p for p in serving if p.school.county == county]
        if not staff:
            continue
        name = COUNTIES[county][0]
        for year in range(y0 - 2, y0 + 1):  # school years y0-2 … y0 (the current one up to December)
            _county_year(book, rng, name, staff, year, last=year == y0)
    return {"activities": len(ctx.rows.data.get(Activity, []))}


def _months(last: bool) -> tuple[int, ...]:
    """Months of a school year that lie before the demo's now (September of the current year) … (year, month)."""
    return (9, 10, 11) if last else (9, 10, 11, 12, 13, 14, 15, 16, 17, 18)


def _when(rng: random.Random, year: int, last: bool) -> PartialDate:
    m = rng.choice(_months(last))
    return _day(rng, year + (m > 12), m - 12 if m > 12 else m)


def _county_year(book: _Book, rng: random.Random, county: str, staff: list[Person], year: int, last: bool) -> None:
    bureau, research = f"{county}教育和体育局", f"{county}教学研究室"
    town = [p for p in staff if p.school.area != "乡村" and p.years >= 8]
    village_schools = sorted(
        {p.school.id: p.school for p in staff if p.school.area == "乡村"}.values(), key=lambda s: s.id
    )
    by_town: dict[str, list[Person]] = {}
    for p in staff:
        by_town.setdefault(p.school.township, []).append(p)
    young = [p for p in staff if p.years <= 3]
    scale = 0.4 if last else 1.0
    # 送教下乡: town teachers teach in village schools
    for _ in range(round(8 * scale)):
        if not village_schools or len(town) < 4:
            break
        school = rng.choice(village_schools)
        subject = rng.choice(SUBJECTS)
        team = rng.sample(town, rng.randint(3, 5))
        local = [p for p in staff if p.school.id == school.id]
        listeners = rng.sample(local, min(len(local), rng.randint(4, 10)))
        book.add(
            "送教下乡",
            f"{subject}学科送教下乡（{school.name}）",
            _when(rng, year, last),
            "县级",
            research,
            team + listeners,
            school=school,
            roles={p.id: "授课" for p in team},
            lessons=len(team),
            lectures=1,
            person_times=len(team) + len(listeners) + rng.randint(10, 30),
            hours=6,
        )
    # 联片教研 / 城乡片区联合教研 per township
    for township, people in sorted(by_town.items()):
        for _ in range(round(rng.randint(1, 3) * scale)):
            hosts = sorted({p.school.id: p.school for p in people}.values(), key=lambda s: s.id)
            school = rng.choice(hosts)
            kind = rng.choice(("联片教研", "联片教研", "城乡片区联合教研"))
            group = rng.sample(people, min(len(people), rng.randint(6, 15)))
            book.add(
                kind,
                f"{township}{rng.choice(SUBJECTS)}{kind}",
                _when(rng, year, last),
                rng.choice(("县级", "校级")),
                f"{township}中心校" if kind == "联片教研" else research,
                group,
                school=school,
                lessons=rng.randint(1, 3),
                sessions=1,
                hours=3,
            )
    # 教育大讲堂: one speaker, the audience counted, not listed
    for _ in range(round(3 * scale)):
        speaker = rng.choice(town or staff)
        book.add(
            "教育大讲堂",
            f"教育大讲堂：{rng.choice(LECTURES)}",
            _when(rng, year, last),
            "县级",
            bureau,
            [speaker],
            place=f"{county}教师发展中心报告厅",
            roles={speaker.id: "主讲"},
            lectures=1,
            person_times=rng.randint(180, 420),
            hours=3,
        )
    # open, model, award and drop-in lessons at schools
    schools = sorted({p.school.id: p.school for p in staff}.values(), key=lambda s: s.id)
    for school in rng.sample(schools, min(len(schools), round(12 * scale))):
        local = [p for p in staff if p.school.id == school.id]
        if len(local) < 3:
            continue
        kind = rng.choice(("公开课", "公开课", "示范课", "评优课", "推门课", "听课"))
        teachers = rng.sample(local, min(len(local), rng.randint(1, 3)))
        level = "县级" if kind in ("示范课", "评优课") else "校级"
        book.add(
            kind,
            f"{school.name}{kind}",
            _when(rng, year, last),
            level,
            school.name if level == "校级" else research,
            teachers,
            school=school,
            roles={p.id: "授课" for p in teachers},
            lessons=len(teachers),
            person_times=len(teachers) + rng.randint(8, 30),
        )
    # 师德: a pledge at the start of the year, a warning lesson, talks touring the schools
    book.add(
        "师德承诺",
        f"{year}年秋季师德师风承诺签名",
        _day(rng, year, 9),
        "县级",
        bureau,
        [],
        place="各学校",
        sessions=1,
        person_times=len(staff),
    )
    if not last:
        book.add(
            "警示教育",
            "师德师风警示教育大会",
            _day(rng, year + 1, 3),
            "县级",
            bureau,
            [],
            place=f"{county}会议中心",
            sessions=1,
            person_times=rng.randint(300, 600),
            hours=2,
        )
    speakers = rng.sample(town or staff, min(len(town or staff), 3))
    start = _day(rng, year, 10)
    book.add(
        "师德巡讲",
        "“四有”好老师师德巡讲",
        start,
        "县级",
        bureau,
        speakers,
        end=PartialDate(year, 11, 30),
        place="全县中小学",
        roles={p.id: "主讲" for p in speakers},
        lectures=rng.randint(8, 15),
        person_times=rng.randint(800, 1500),
    )
    # 走访慰问: 教师节 and (before the demo's now) the Spring Festival
    older = [p for p in staff if p.school.area == "乡村" and p.years >= 25]
    visits = [(_day(rng, year, 9), "教师节走访慰问乡村教师")]
    if not last:
        visits.append((_day(rng, year + 1, 1), "春节走访慰问困难教师"))
    for when, title in visits:
        visited = rng.sample(older, min(len(older), rng.randint(6, 12)))
        book.add("走访慰问", title, when, "县级", bureau, visited, place="乡村学校", sessions=1)
    # 青年教师联谊
    if young:
        group = rng.sample(young, min(len(young), rng.randint(15, 30)))
        book.add(
            "青年教师联谊",
            "青年教师联谊活动",
            _when(rng, year, last),
            "县级",
            f"{county}教育工会",
            group,
            place="县青少年活动中心",
            sessions=1,
            hours=4,
        )
    # 宣传报道: good teachers' stories
    for _ in range(round(4 * scale)):
        star = rng.choice(older or staff)
        book.add(
            "宣传报道",
            "“身边的好老师”系列报道",
            _when(rng, year, last),
            rng.choice(("县级", "县级", "市级", "省级")),
            rng.choice(("县融媒体中心", "市教育局", "省教育厅公众号")),
            [star],
            sessions=1,
        )
    # 红色教育 and 思政研学 visits
    for kind in ("红色教育", "思政研学") if not last else ("红色教育",):
        group = rng.sample(staff, min(len(staff), rng.randint(20, 35)))
        book.add(
            kind,
            f"{kind}：{rng.choice(RED_PLACES)}",
            _when(rng, year, last),
            "县级",
            bureau,
            group,
            place=rng.choice(RED_PLACES),
            sessions=1,
            hours=8,
        )
