"""Demo cultivation data (issue 4): activities of this year's pairings, a finished programme three years
back with evaluations, studios with members and outcomes, five years of training with hours, and a
reserve pool. Uses its own random generator (seeded from the build's), so adding it changes nothing
the other generators make."""

from __future__ import annotations

import random
from collections import defaultdict

from talentdesk.domain.cultivation import ACTIVITY_KINDS, cycle_of
from talentdesk.domain.dates import PartialDate
from talentdesk.services.demo.context import Context, Person
from talentdesk.store.models import MentorProgramme, Pairing, Teacher
from talentdesk.store.models_cultivation import (
    PairingActivity,
    ReserveEntry,
    Studio,
    StudioMember,
    StudioRecord,
    TrainingCourse,
    TrainingRecord,
)

TABLES = (PairingActivity, Studio, StudioMember, StudioRecord, TrainingCourse, TrainingRecord, ReserveEntry)
TABLE_NAMES = {
    PairingActivity: "结对活动",
    Studio: "工作室",
    StudioMember: "工作室成员",
    StudioRecord: "工作室活动与成果",
    TrainingCourse: "培训项目",
    TrainingRecord: "参训记录",
    ReserveEntry: "后备人才",
}
MIN_MEMBERS = 3  # a studio has at least this many 成员 (besides the host and 培养对象)
PLACES = ("本校录播教室", "学校会议室", "县教师发展中心", "乡镇中心校", "城关第一实验学校")
OUTCOMES = (
    ("课题", "基于核心素养的{s}大单元教学实践研究"),
    ("论文", "农村学校{s}分层作业设计的探索"),
    ("获奖", "全市{s}优质课评选一等奖"),
    ("公开课", "{s}送教下乡示范课"),
    ("研修活动", "{s}学科集体备课研讨"),
    ("讲座", "新课标背景下的{s}课堂评价"),
)


def _date(rng, year: int, months=(3, 4, 5, 6, 10, 11, 12)) -> PartialDate:
    return PartialDate(year, rng.choice(months), rng.randint(1, 28))


def build(ctx: Context) -> dict[str, int]:
    # seeded from the build generator's state without drawing from it; not hash(state): the state tuple ends
    # in None, whose hash is its address (differs from process to process before Python 3.12)
    rng = random.Random("cultivation-" + repr(ctx.rng.getstate()[1]))
    y0 = ctx.school_year
    serving = [p for p in ctx.people if p.status == "在岗"]
    counts = {"activities": _activities(ctx, rng), "finished": _old_programme(ctx, rng, serving, y0)}
    counts["studios"] = _studios(ctx, rng, serving, y0)
    counts["training"] = _training(ctx, rng, serving, y0)
    counts["reserve"] = _reserve(ctx, rng, serving, y0)
    return counts


def _activities(ctx: Context, rng) -> int:
    n = 0
    for p in ctx.rows.data.get(Pairing, []):
        start: PartialDate = p["start"]
        for _ in range(rng.randint(1, 4)):
            ctx.rows.add(
                PairingActivity,
                pairing_id=p["id"],
                kind=rng.choice(ACTIVITY_KINDS[:5]),
                date=PartialDate(start.year, start.month or 9, rng.randint(2, 28)),
                place=rng.choice(PLACES),
                note=None,
            )
            n += 1
    return n


def _old_programme(ctx: Context, rng, serving: list[Person], y0: int) -> int:
    """青蓝工程 of three years ago: now 期满 (a few ended early), both sides evaluated."""
    y = y0 - 3
    pol = ctx.policy
    pid = ctx.rows.add(
        MentorProgramme,
        name=f"{y}年青蓝工程",
        year=y,
        term_years=pol.mentoring_term_years,
        max_mentees=pol.mentees_per_mentor,
        mentee_max_years=pol.mentee_max_years,
        note="已期满",
    )
    mentors = defaultdict(list)
    for p in serving:
        if p.years >= 13 and p.title_rank >= 3:
            mentors[(p.school.id, p.stage, p.subject)].append(p)
    made = 0
    load: dict[int, int] = defaultdict(int)
    for e in serving:
        if not 3 <= e.years <= 5 or made >= 60 * (1 + len({s.county for s in ctx.schools}) // 4):
            continue
        pool = mentors.get((e.school.id, e.stage, e.subject))
        if not pool:
            continue
        pool = [m for m in pool if load[m.id] < pol.mentees_per_mentor]
        if not pool:
            continue
        m = rng.choice(pool)
        load[m.id] += 1
        early = rng.random() < 0.06
        pair = ctx.rows.add(
            Pairing,
            programme_id=pid,
            mentor_id=m.id,
            mentee_id=e.id,
            subject=e.subject,
            stage=e.stage,
            start=PartialDate(y, 9),
            planned_end=PartialDate(y + 3, 8),
            status="提前终止" if early else "期满",
            end_reason="工作调整，导师调离本校" if early else None,
            goals="一年入门、两年合格、三年成熟",
            mentor_eval=None if early else rng.choices(("优秀", "合格"), (3, 7))[0],
            mentee_eval=None if early else rng.choices(("优秀", "合格", "不合格"), (25, 72, 3))[0],
        )
        for k in range(rng.randint(3, 7)):
            ctx.rows.add(
                PairingActivity,
                pairing_id=pair,
                kind=rng.choice(ACTIVITY_KINDS[:5]),
                date=_date(rng, y + 1 + k % 2),
                place=rng.choice(PLACES),
                note=None,
            )
        made += 1
    return made


def _studios(ctx: Context, rng, serving: list[Person], y0: int) -> int:
    hosts = [p for p in serving if p.title_rank >= 3 and p.years >= 15 and p.subject]
    kinds = ("名师工作室", "名班主任工作室", "名师工作室", "名校长工作室", "名师工作室", "名师工作室")
    rng.shuffle(hosts)
    by_subject = defaultdict(list)
    for p in serving:
        by_subject[(p.school.county, p.stage, p.subject)].append(p)
    used: set[int] = set()
    names: dict = {}
    n = 0
    per_county = defaultdict(int)
    for h in hosts:
        if per_county[h.school.county] >= 6 or h.id in used:
            continue
        kind = kinds[per_county[h.school.county]]
        level = rng.choice(("县级", "县级", "市级", "省级"))
        host = names.setdefault("_", {r["id"]: r["name"] for r in ctx.rows.data[Teacher]})[h.id]
        name = f"{host}{h.subject}{kind}" if kind == "名师工作室" else f"{host}{kind}"
        if any(s["name"] == name for s in ctx.rows.data.get(Studio, [])):
            continue
        pool = [p for p in by_subject[(h.school.county, h.stage, h.subject)] if p.id not in used and p.id != h.id]
        rng.shuffle(pool)
        members = [p for p in pool if 5 <= p.years <= 20][: rng.randint(4, 7)]
        if len(members) < MIN_MEMBERS:  # too few teachers of this subject left in the county for a studio
            continue
        trainees = [p for p in pool if p.years < 5][: rng.randint(2, 4)]
        sid = ctx.rows.add(
            Studio,
            name=name,
            kind=kind,
            level=level,
            host_id=h.id,
            school_id=h.school.id,
            subject=h.subject,
            start=PartialDate(y0 - 1, 9),
            end=PartialDate(y0 + 2, 8),
            note=None,
        )
        used.add(h.id)
        for p, role in [(p, "成员") for p in members] + [(p, "培养对象") for p in trainees]:
            used.add(p.id)
            ctx.rows.add(
                StudioMember,
                studio_id=sid,
                teacher_id=p.id,
                role=role,
                joined=PartialDate(y0 - 1, 9),
                left=None,
                note=None,
            )
        for _ in range(rng.randint(3, 6)):
            k, title = rng.choice(OUTCOMES)
            ctx.rows.add(
                StudioRecord,
                studio_id=sid,
                kind=k,
                title=title.format(s=h.subject),
                date=_date(rng, rng.choice((y0 - 1, y0))),
                level=rng.choice(("县级", "市级", "省级")),
                people=None,
                note=None,
            )
        per_county[h.school.county] += 1
        n += 1
    return n


def _training(ctx: Context, rng, serving: list[Person], y0: int) -> int:
    """Courses of the last cycle and this one up to the summer; most teachers near the pro-rata hours."""
    first, _ = cycle_of(y0 - 5, ctx.policy)
    n = 0
    for y in range(first, y0 + 1):
        courses = [  # (name, level, organiser, month, hours, form, who)
            (f"{y}年暑期教师全员培训", "县培", "县教师发展中心", 8, 36.0, "集中", lambda p: True, 0.93),
            (f"{y}年中小学教师网络研修", "省培", "省教育厅", 3, 40.0, "网络", lambda p: True, 0.72),
            (f"{y}—{y + 1}学年校本研修", "校本", "各学校", 9 if y < y0 else 3, 24.0, "混合", lambda p: True, 0.85),
            (
                f"国培计划（{y}）——乡村教师能力提升",
                "国培",
                "师范大学",
                7,
                60.0,
                "集中",
                lambda p: p.school.area == "乡村",
                0.12,
            ),
            (
                f"{y}年市级学科骨干教师研修",
                "市培",
                "市教育科学研究院",
                7,
                36.0,
                "集中",
                lambda p: p.title_rank >= 3,
                0.10,
            ),
            (f"{y}年新教师入职培训", "县培", "县教师发展中心", 8, 60.0, "集中", lambda p, y=y: p.years == y0 - y, 0.95),
        ]
        for name, level, org, month, hours, form, who, share in courses:
            if y == y0 and month >= 9:
                continue
            start = PartialDate(y, month, 10)
            cid = ctx.rows.add(
                TrainingCourse,
                name=name,
                level=level,
                organiser=org,
                start=start,
                end=PartialDate(y, month, 20 if form == "集中" else 28),
                hours=hours,
                credits=None,
                form=form,
                note=None,
            )
            for p in serving:
                if p.years < y0 - y or not who(p) or rng.random() > share:
                    continue
                fail = rng.random() < 0.02
                ctx.rows.add(
                    TrainingRecord,
                    course_id=cid,
                    teacher_id=p.id,
                    hours=0.0 if fail else hours,
                    result="未完成" if fail else "合格",
                    note=None,
                )
                n += 1
    return n


def _reserve(ctx: Context, rng, serving: list[Person], y0: int) -> int:
    cands = [p for p in serving if p.years >= 8 and p.title_rank >= 3]
    rng.shuffle(cands)
    n = 0
    for pool, k in (("后备干部", 20), ("后备名师", 25)):
        for p in cands[:k]:
            exited = rng.random() < 0.15
            ctx.rows.add(
                ReserveEntry,
                teacher_id=p.id,
                pool=pool,
                entered=PartialDate(y0 - rng.randint(0, 2), 9),
                school_id=p.school.id,
                status="已任用" if exited else "在库",
                exited=PartialDate(y0, 7) if exited else None,
                exit_reason="任副校长" if exited and pool == "后备干部" else ("评为县级名师" if exited else None),
                note=None,
            )
            n += 1
        cands = cands[k:]
    return n
