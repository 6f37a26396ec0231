"""Demo research roles and studio networks (issue 21 §4): in each county about 150 兼职教研员 across the subjects
(this term, and some whose last term ended), a dozen 学科教研员, about 20 蒲公英导师, a few 教研坊主, 研究会会员 of
the city's society and a 评委库 of the county and the city; several 二级工作室 (教研工作坊, 工作站) under the
county's studios, hosted by their members; and every studio's outputs with quantities (研训课 x 节, 微讲座 x 堂,
送教 x 次, 论文 x 篇 …) over three school years. Its own random generator (seeded from the build's), so adding it
changes nothing the other generators make; nothing is dated after the day the demo is built."""

from __future__ import annotations

import random
from collections import defaultdict

from talentdesk.domain.dates import PartialDate
from talentdesk.services.demo.context import Context, Person
from talentdesk.services.demo.schools import CITY, COUNTIES
from talentdesk.store.models import Base, Teacher
from talentdesk.store.models_cultivation import Studio, StudioMember
from talentdesk.store.models_roles import ResearchRole, StudioOutput

TABLES: tuple[type[Base], ...] = (ResearchRole, StudioOutput)
TABLE_NAMES: dict[type[Base], str] = {ResearchRole: "教研任职", StudioOutput: "工作室成果数量"}
# (output kind, unit, entries a school year, quantity range of one entry)
OUTPUTS = (
    ("研训课", "节", (3, 6), (1, 4)),
    ("微讲座", "堂", (2, 5), (1, 3)),
    ("送教", "次", (1, 3), (1, 2)),
    ("示范课", "节", (1, 3), (1, 2)),
    ("专题讲座", "场", (0, 2), (1, 2)),
    ("论文", "篇", (1, 2), (1, 4)),
    ("课题", "项", (0, 1), (1, 1)),
)
SECOND_LEVEL = (("教研工作坊", "校级"), ("工作站", "县级"), ("教研工作坊", "校级"))


def build(ctx: Context) -> dict[str, int]:
    rng = random.Random("research-roles-" + repr(ctx.rng.getstate()[1]))
    today = PartialDate.from_date(ctx.today)
    y0 = ctx.school_year
    serving = [p for p in ctx.people if p.status == "在岗"]
    names = {r["id"]: r["name"] for r in ctx.rows.data[Teacher]}
    for county in sorted({s.county for s in ctx.schools}):
        staff = [p for p in serving if p.school.county == county]
        if staff:
            _roles(ctx, rng, COUNTIES[county][0], staff, y0, today)
    _second_level(ctx, rng, names, y0)
    _outputs(ctx, rng, y0, today)
    return {
        "roles": len(ctx.rows.data.get(ResearchRole, [])),
        "outputs": len(ctx.rows.data.get(StudioOutput, [])),
    }


def _roles(ctx: Context, rng: random.Random, county: str, staff: list[Person], y0: int, today: PartialDate) -> None:
    bureau, short = f"{county}教育和体育局", county[:2]
    term = (PartialDate(y0 - 2, 9, 1), PartialDate(y0 + 1, 8, 31))  # this three-year term
    last = (PartialDate(y0 - 5, 9, 1), PartialDate(y0 - 2, 8, 31))  # the term before
    seasoned = [p for p in staff if p.title_rank >= 2 and p.years >= 8 and p.subject]
    rng.shuffle(seasoned)
    by_subject: dict[str, list[Person]] = defaultdict(list)
    for p in seasoned:
        by_subject[p.subject].append(p)
    # 兼职教研员: a few per subject in proportion to the teachers of it, about 150 in a county
    share = min(1.0, 150 / max(len(seasoned), 1))
    part_time: list[Person] = []
    for _subject, people in sorted(by_subject.items()):
        part_time += people[: max(1, round(len(people) * share))]
    part_time = part_time[:180]
    doc = f"{short}教发〔{term[0].year}〕{rng.randint(20, 60)}号"
    for p in part_time:
        _add(ctx, p, "兼职教研员", "县级", term, bureau, doc)
    old = f"{short}教发〔{last[0].year}〕{rng.randint(20, 60)}号"
    for p in part_time[: len(part_time) // 3] + seasoned[len(part_time) : len(part_time) + 25]:
        _add(ctx, p, "兼职教研员", "县级", last, bureau, old)  # the term before: some served again, some not
    used = {p.id for p in part_time}
    rest = [p for p in seasoned if p.id not in used]
    senior = [p for p in rest if p.title_rank >= 3]
    picks = {
        "学科教研员": (senior[:12], "县级", term, f"{county}教学研究室", None),
        "蒲公英导师": (
            senior[12:32],
            "县级",
            (PartialDate(y0 - 1, 9, 1), None),
            bureau,
            f"{short}教发〔{y0 - 1}〕{rng.randint(61, 90)}号",
        ),
        "教研坊主": (senior[32:40], "县级", (PartialDate(y0 - 1, 3, 1), None), f"{county}教师发展中心", None),
        "研究会会员": (
            rest[60:90],
            "市级",
            (PartialDate(y0 - 3, 11, 1), PartialDate(y0 + 2, 10, 31)),
            f"{CITY}教育学会",
            None,
        ),
    }
    for role, (people, level, span, body, number) in picks.items():
        for p in people:
            _add(ctx, p, role, level, span, body, number)
    judges = rng.sample(senior + part_time[:40], min(len(senior) + 40, 45))
    for i, p in enumerate(judges):
        if i < 10:
            _add(
                ctx, p, "评委库", "市级", (PartialDate(y0 - 1, 4, 1), PartialDate(y0 + 2, 3, 31)), f"{CITY}教育局", None
            )
        else:
            _add(ctx, p, "评委库", "县级", (PartialDate(y0 - 1, 9, 1), None), bureau, None)
    for row in ctx.rows.data[ResearchRole]:
        assert not today < row["start"], row  # nothing dated after the demo's today


def _add(ctx: Context, p: Person, role: str, level: str, span, body: str, number: str | None) -> None:
    ctx.rows.add(
        ResearchRole,
        teacher_id=p.id,
        role=role,
        subject=p.subject,
        level=level,
        start=span[0],
        end=span[1],
        appointer=body,
        doc_no=number,
        note=None,
    )


def _second_level(ctx: Context, rng: random.Random, names: dict[int, str], y0: int) -> None:
    """Two or three 二级工作室 under each of a few of the county's 名师工作室, each hosted by a member of it, with
    others of its members, at the parent's school (so each teacher's studios lie in one township, as the demo's
    studio figures are counted: a person once per township)."""
    studios = [s for s in ctx.rows.data.get(Studio, []) if s["kind"] == "名师工作室"]
    members: dict[int, list[int]] = defaultdict(list)
    for m in ctx.rows.data.get(StudioMember, []):
        if m["role"] == "成员":
            members[m["studio_id"]].append(m["teacher_id"])
    taken = {s["name"] for s in studios}
    per_county: dict[int | None, int] = defaultdict(int)
    for parent in list(studios):
        county = next((p.school.county for p in ctx.people if p.id == parent["host_id"]), None)
        if per_county[county] >= 3:
            continue
        hosts = list(members[parent["id"]])
        rng.shuffle(hosts)
        for (kind, level), host in zip(SECOND_LEVEL[: rng.randint(2, 3)], hosts):
            name = f"{names[host]}{parent['subject'] or ''}{kind}"
            if name in taken:
                continue
            taken.add(name)
            sid = ctx.rows.add(
                Studio,
                name=name,
                kind=kind,
                level=level,
                host_id=host,
                school_id=parent["school_id"],  # kept at the parent's school: its people are counted there
                subject=parent["subject"],
                start=PartialDate(y0, 3),
                end=parent["end"],
                parent_id=parent["id"],
                note=f"{parent['name']}二级工作室",
            )
            for tid in [t for t in hosts if t != host][: rng.randint(3, 5)]:  # its members: the parent's too
                ctx.rows.add(
                    StudioMember,
                    studio_id=sid,
                    teacher_id=tid,
                    role="成员",
                    joined=PartialDate(y0, 3),
                    left=None,
                    note=None,
                )
        per_county[county] += 1


def _outputs(ctx: Context, rng: random.Random, y0: int, today: PartialDate) -> None:
    for s in ctx.rows.data.get(Studio, []):
        start = s["start"] or PartialDate(y0 - 1, 9)
        for year in range(y0 - 2, y0 + 1):  # school years y … y+1
            for kind, unit, (lo, hi), (qlo, qhi) in OUTPUTS:
                for _ in range(rng.randint(lo, hi)):
                    month = rng.choice((9, 10, 11, 12, 3, 4, 5, 6))
                    d = PartialDate(year + (month < 9), month, rng.randint(3, 26))
                    if d < start or today < d:
                        continue
                    ctx.rows.add(
                        StudioOutput,
                        studio_id=s["id"],
                        date=d,
                        kind=kind,
                        quantity=float(rng.randint(qlo, qhi)),
                        unit=unit,
                        note=None,
                    )
