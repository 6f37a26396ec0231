"""Demo research projects (课题, issue 21 §5): per county about thirty projects approved over the last five years —
mostly 县级 and 市级, a few 省级 (two of them 重点课题) and one 国家级 — each hosted by an experienced teacher with
a group from the host's school and colleagues of the same subject. The older ones are concluded (some with an
award, one 撤项, one 延期), the middle ones past their 中期, the latest just approved; nothing is dated after the
day the demo is built. Its own random generator (seeded from the build's), so adding it changes nothing the other
generators make."""

from __future__ import annotations

import random

from talentdesk.domain import research as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.services.demo.context import Context, Person
from talentdesk.services.demo.schools import COUNTIES
from talentdesk.store.models import Base
from talentdesk.store.models_research import ResearchMember, ResearchProject

TABLES: tuple[type[Base], ...] = (ResearchProject, ResearchMember)
TABLE_NAMES: dict[type[Base], str] = {ResearchProject: "课题", ResearchMember: "课题组成员"}

# (prefix, topic): a title is prefix + stage + subject + topic
TOPICS = (
    ("基于核心素养的", "单元整体教学研究"),
    ("“双减”背景下", "作业设计与实施研究"),
    ("农村", "分层教学实践研究"),
    ("乡村学校", "课堂教学提质增效研究"),
    ("大概念统领下的", "大单元教学设计研究"),
    ("信息技术支持下的", "精准教学实践研究"),
    ("", "学科实践活动设计与实施研究"),
    ("", "跨学科主题学习实践研究"),
    ("指向深度学习的", "问题链教学研究"),
    ("基于学习任务群的", "教学实践研究"),
    ("", "课堂评价改进行动研究"),
    ("县域", "教研共同体建设实践研究"),
    ("", "学困生转化策略研究"),
    ("新课标视域下", "情境教学研究"),
)
ISSUERS = {
    "国家级": "全国教育科学规划领导小组办公室",
    "省级": "省教育科学规划领导小组办公室",
    "市级": "市教育科学规划领导小组办公室",
}
# level, kind, how many per county
PLAN = (
    ("国家级", "一般课题", 1),
    ("省级", "重点课题", 2),
    ("省级", "一般课题", 2),
    ("市级", "重点课题", 2),
    ("市级", "一般课题", 6),
    ("市级", "青年课题", 2),
    ("县级", "重点课题", 3),
    ("县级", "一般课题", 9),
    ("县级", "专项课题", 3),
)
AWARDS = ("一等奖", "二等奖", "二等奖", "三等奖", "三等奖", "优秀奖")


def _day(rng: random.Random, year: int, months: tuple[int, ...]) -> PartialDate:
    return PartialDate(year, rng.choice(months), rng.randint(1, 28))


def _number(level: str, year: int, n: int) -> str:
    return {
        "国家级": f"EHA{year % 100:02d}0{n:03d}",
        "省级": f"{year}JK{n:03d}",
        "市级": f"SJ{year}-{n:03d}",
        "县级": f"XJ{year}{n:03d}",
    }[level]


def _steps(rng: random.Random, approved: PartialDate, years: int, today: PartialDate, level: str, withdrawn: bool):
    """(status, award, planned end, concluded) of a project approved on APPROVED, planned for YEARS years."""
    planned = PartialDate(approved.year + years, approved.month)
    age = (today.year - approved.year) * 12 + (today.month or 1) - (approved.month or 1)
    gone = PartialDate(approved.year + 1, 3, rng.randint(1, 28))
    if withdrawn and not today < gone:
        return rules.WITHDRAWN, None, planned, gone
    if today < planned:
        return (rules.MIDTERM if age >= 12 else rules.APPROVED), None, planned, None
    r = rng.random()
    if r < 0.12:
        return rules.EXTENDED, None, planned, None
    end = PartialDate(planned.year, planned.month, rng.randint(1, 28))
    if today < end:
        return rules.MIDTERM, None, planned, None
    if level != "县级" and r < 0.55 or level == "县级" and r < 0.25:
        return rules.AWARDED, rng.choice(AWARDS), planned, end
    return rules.CONCLUDED, None, planned, end


def _county(ctx: Context, rng: random.Random, county: str, staff: list[Person]) -> None:
    today = PartialDate.from_date(ctx.today)
    y0 = ctx.today.year
    seasoned = [p for p in staff if p.years >= 8 and p.form in ("在编", "特岗") and 30 <= p.age <= 56]
    young = [p for p in staff if p.years < 8 and p.age <= 35]
    by_school: dict[int, list[Person]] = {}
    for p in staff:
        by_school.setdefault(p.school.id, []).append(p)
    hosts_used: set[int] = set()
    titles: set[tuple[str, str, int]] = set()
    numbers: dict[tuple[str, int], int] = {}
    plan = [(lv, kind) for lv, kind, n in PLAN for _ in range(n)]
    withdrawn_at = rng.randrange(len(plan))
    for i, (level, kind) in enumerate(plan):
        pool = young if kind == "青年课题" else seasoned
        if level in ("国家级", "省级"):
            pool = sorted(pool, key=lambda p: (p.title_rank, p.years), reverse=True)[: max(10, len(pool) // 5)]
        pool = [p for p in pool if p.id not in hosts_used] or [p for p in staff if p.id not in hosts_used]
        if not pool:
            return
        host = rng.choice(pool)
        hosts_used.add(host.id)
        # approved: the national and provincial ones earlier, all in the last five years, none in the future
        year = y0 - rng.choice((1, 2, 3, 4) if level in ("国家级", "省级") else (0, 0, 1, 1, 1, 2, 2, 3, 4))
        approved = _day(rng, year, (3, 4, 5, 6) if level != "县级" else (3, 4, 9, 10, 11))
        if today < approved:
            approved = PartialDate(year - 1, approved.month, approved.day)
        for prefix, topic in rng.sample(TOPICS, 4):  # another topic when the title is taken that year
            title = f"{prefix}{host.stage}{host.subject}{topic}"
            if (title, level, approved.year) not in titles:
                break
        else:
            continue
        titles.add((title, level, approved.year))
        n = numbers[(level, approved.year)] = numbers.get((level, approved.year), rng.randint(3, 40)) + rng.randint(
            1, 9
        )
        years = 3 if level in ("国家级", "省级") else 2 if level == "市级" else rng.choice((1, 2, 2))
        status, award, planned, concluded = _steps(rng, approved, years, today, level, i == withdrawn_at)
        pid = ctx.rows.add(
            ResearchProject,
            title=title,
            level=level,
            kind=kind,
            issuer=ISSUERS.get(level, f"{county}教育和体育局"),
            number=_number(level, approved.year, n),
            school_id=host.school.id,
            approved=approved,
            planned_end=planned,
            status=status,
            award=award,
            concluded=concluded,
            note=None,
        )
        ctx.rows.add(ResearchMember, project_id=pid, teacher_id=host.id, role=rules.HOST)
        mates = [p for p in by_school.get(host.school.id, []) if p.id != host.id]
        same = [p for p in staff if p.subject == host.subject and p.stage == host.stage and p.id != host.id]
        rng.shuffle(mates)
        rng.shuffle(same)
        size = {"国家级": 7, "省级": 6, "市级": 5}.get(level, 4) + rng.randint(-1, 1)
        group: list[Person] = []
        for p in mates[: max(1, size // 2)] + same:
            if len(group) >= size:
                break
            if p not in group:
                group.append(p)
        for k, p in enumerate(group):
            role = rules.CORE if k < (2 if level in ("国家级", "省级") else 1) else rules.MEMBER
            ctx.rows.add(ResearchMember, project_id=pid, teacher_id=p.id, role=role)


def build(ctx: Context) -> dict[str, int]:
    rng = random.Random("research-" + repr(ctx.rng.getstate()[1]))
    serving = [p for p in ctx.people if p.status == "在岗"]
    for county in sorted({s.county for s in ctx.schools}):
        staff = [p for p in serving if p.school.county == county]
        if staff:
            _county(ctx, rng, COUNTIES[county][0], staff)
    return {"research_projects": len(ctx.rows.data.get(ResearchProject, []))}
