"""Demo degree study and growth plans (issue 21 §5): per county about 30 teachers in study (专升本 from 大学专科, 在职
硕士 for 本科 teachers, the odd 博士), about 15 who graduated in the last five years (the new degree written into
their education history, as the service does) and a few who dropped out; the members of the running programmes
(中青年学科带头人培养对象, 领航工程) get 2–4 goals of their growth plan each, most of the past ones completed, some
overdue. Its own random generator (seeded from the build's), so adding it changes nothing the other generators make."""

from __future__ import annotations

import random

from talentdesk.domain import codes
from talentdesk.domain import growth as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.services.demo.context import Context, Person
from talentdesk.store.models import Base, Education
from talentdesk.store.models_growth import DegreeStudy, GrowthGoal
from talentdesk.store.models_programmes import ProgrammeMember, TalentProgramme

TABLES: tuple[type[Base], ...] = (GrowthGoal, DegreeStudy)
TABLE_NAMES: dict[type[Base], str] = {GrowthGoal: "成长清单目标", DegreeStudy: "学历提升"}
SCHOOLS = {
    "大学本科": ("省师范大学", "禾川大学", "东海师范大学"),
    "硕士研究生": ("省师范大学", "华东师范大学", "东北师范大学", "北京师范大学"),
    "博士研究生": ("北京师范大学", "华东师范大学"),
}
MAJOR = {"语文": "学科教学（语文）", "数学": "学科教学（数学）", "英语": "学科教学（英语）"}
GOALS = {
    "公开课": ("上一节县级公开课", "承担一次送教下乡示范课", "在联片教研中上研讨课"),
    "论文": ("在市级以上刊物发表论文一篇", "撰写教学反思 20 篇", "教学论文获县级以上奖励"),
    "课题": ("主持一项县级课题并结题", "参与一项市级课题研究"),
    "获评骨干": ("评为县级骨干教师", "评为市级骨干教师"),
    "读书": ("精读教育专著 6 本并写读书笔记", "完成读书分享一次"),
    "其他": ("指导一名青年教师", "参加市级优质课评选"),
}
EVIDENCE = ("听课记录", "获奖证书", "刊物目录页", "结题证书", "读书笔记", "活动通讯稿")


def _add_months(d: PartialDate, months: int) -> PartialDate:
    n = d.year * 12 + (d.month or 1) - 1 + months
    return PartialDate(n // 12, n % 12 + 1)


def _studies(ctx: Context, rng: random.Random, staff: list[Person], highest: dict[int, dict]) -> None:
    y0, now = ctx.school_year, ctx.now
    pool = [p for p in staff if 24 <= p.age <= 45 and p.form in ("在编", "特岗") and p.id in highest]
    rng.shuffle(pool)
    scale = min(1.0, len(staff) / 1500)
    plan = [rules.STUDYING] * max(3, round(30 * scale)) + [rules.GRADUATED] * max(2, round(15 * scale))
    plan += [rules.DROPPED] * max(1, round(3 * scale))
    for status, p in zip(plan, pool):
        have = highest[p.id]["degree"]
        target = {"大学专科": "大学本科", "中等专科": "大学本科", "大学本科": "硕士研究生"}.get(have)
        if have == "硕士研究生":
            target = "博士研究生"
        if target is None:
            continue
        years = {"大学本科": 2, "硕士研究生": 3, "博士研究生": 4}[target]
        if status == rules.STUDYING:
            start = PartialDate(y0 - rng.randint(0, years - 1), 9)
        elif status == rules.GRADUATED:
            start = PartialDate(y0 - years - rng.randint(0, 4), 9)
            if start.year + years > y0:
                start = PartialDate(y0 - years, 9)
        else:
            start = PartialDate(y0 - rng.randint(1, 3), 9)
        expected = PartialDate(start.year + years, 6)
        mode = "全日制" if target == "博士研究生" or rng.random() < 0.15 else "在职"
        graduated = None
        if status == rules.GRADUATED:
            graduated = min(PartialDate(expected.year + (rng.random() < 0.1), 6, rng.randint(20, 30)), now)
        elif status == rules.DROPPED:
            graduated = _add_months(start, rng.randint(6, 18))
            if graduated > now:
                graduated = PartialDate(now.year, now.month)
        institution = rng.choice(SCHOOLS[target])
        major = MAJOR.get(p.subject, "教育管理" if target != "大学本科" else "小学教育")
        education_id = None
        if status == rules.GRADUATED and graduated is not None:
            for row in [r for r in ctx.rows.data[Education] if r["teacher_id"] == p.id]:
                row["highest"] = False
            education_id = ctx.rows.add(
                Education,
                teacher_id=p.id,
                degree=target,
                academic_degree=rules.ACADEMIC_FOR[target],
                institution=institution,
                major=major,
                normal=True,
                full_time=mode == "全日制",
                highest=True,
                first=False,
                graduated=graduated,
                note="学历提升登记",
            )
        ctx.rows.add(
            DegreeStudy,
            teacher_id=p.id,
            degree=target,
            academic_degree=rules.ACADEMIC_FOR[target],
            institution=institution,
            major=major,
            mode=mode,
            start=start,
            expected_end=expected,
            leave_months=12 if mode == "全日制" else rng.choice((None, 0, 3, 6)),
            tuition_support=rng.choice((None, 5000, 8000, 10000, 15000)) if target != "大学本科" else 3000,
            status=status,
            graduated=graduated,
            education_id=education_id,
            note=None,
        )


def _goals(ctx: Context, rng: random.Random) -> None:
    today = ctx.today
    running = {
        r["id"]: r
        for r in ctx.rows.data.get(TalentProgramme, [])
        if r["name"] in ("中青年学科带头人培养对象", "领航工程", "青年骨干教师培养工程")
    }
    for m in ctx.rows.data.get(ProgrammeMember, []):
        prog = running.get(m["programme_id"])
        if prog is None or m["result"] == "退出":
            continue
        start, end = prog["start"], prog["end"] or _add_months(prog["start"], 36)
        span = max(6, (end.year - start.year) * 12 + (end.month or 12) - (start.month or 1))
        for kind in rng.sample(list(GOALS), rng.randint(2, 4)):
            due = _add_months(start, rng.randint(6, span))
            past = rules.last_day(due) < today
            done = None
            if (past and rng.random() < 0.72) or (not past and rng.random() < 0.15):
                done = _add_months(due, -rng.randint(0, 5))
                if done.first_day() > today:
                    done = PartialDate(today.year, today.month)
                done = PartialDate(done.year, done.month or 1, rng.randint(1, 28))
                if done.first_day() > today:
                    done = PartialDate.from_date(today)
            ctx.rows.add(
                GrowthGoal,
                member_id=m["id"],
                teacher_id=m["teacher_id"],
                kind=kind,
                description=rng.choice(GOALS[kind]),
                due=due,
                done=done,
                evidence=rng.choice(EVIDENCE) if done else None,
            )


def build(ctx: Context) -> dict[str, int]:
    rng = random.Random("growth-" + repr(ctx.rng.getstate()[1]))
    highest: dict[int, dict] = {}
    for r in ctx.rows.data.get(Education, []):
        best = highest.get(r["teacher_id"])
        if best is None or codes.DEGREE.rank(r["degree"]) > codes.DEGREE.rank(best["degree"]):
            highest[r["teacher_id"]] = r
    serving = [p for p in ctx.people if p.status == "在岗"]
    for county in sorted({s.county for s in ctx.schools}):
        _studies(ctx, rng, [p for p in serving if p.school.county == county], highest)
    _goals(ctx, rng)
    return {
        "degree_study": len(ctx.rows.data.get(DegreeStudy, [])),
        "growth_goal": len(ctx.rows.data.get(GrowthGoal, [])),
    }
