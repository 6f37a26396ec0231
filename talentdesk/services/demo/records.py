"""Dated records of a demo teacher: education, certificates, titles, teaching, designations,
honours and annual appraisals."""

from __future__ import annotations

import datetime as dt
import random

from talentdesk.domain.dates import PartialDate
from talentdesk.services.demo.context import Context, Person
from talentdesk.services.demo.schools import CITY, COUNTIES
from talentdesk.store.models import Appraisal, Certificate, Designation, Education, Honour, Teaching, TitleRecord

MAJOR = {
    "语文": "汉语言文学",
    "数学": "数学与应用数学",
    "英语": "英语",
    "物理": "物理学",
    "化学": "化学",
    "生物": "生物科学",
    "政治": "思想政治教育",
    "历史": "历史学",
    "地理": "地理科学",
    "科学": "科学教育",
    "体育": "体育教育",
    "音乐": "音乐学",
    "美术": "美术学",
    "信息技术": "计算机科学与技术",
    "心理健康": "应用心理学",
    "通用技术": "教育技术学",
}
INSTITUTIONS = {
    "中等专科": ("禾川师范学校", "东临师范学校", "省立第二师范学校"),
    "大学专科": ("禾川师范高等专科学校", "禾川教育学院", "东海师范专科学校"),
    "大学本科": ("禾川大学", "省师范大学", "东海师范大学", "北方师范学院", "滨海大学"),
    "硕士研究生": ("省师范大学", "华东师范大学", "北京师范大学"),
}
CORRESPONDENCE = {
    "大学专科": ("禾川教育学院", "省广播电视大学"),
    "大学本科": ("省师范大学", "禾川大学", "省广播电视大学"),
}
ORDER = ("中等专科", "大学专科", "大学本科", "硕士研究生")
GRAD_AGE = {"中等专科": 19, "大学专科": 21, "大学本科": 22, "硕士研究生": 25}
CERT_KIND = {"小学": "小学", "初中": "初级中学", "高中": "高级中学"}
TITLES = ("二级教师", "一级教师", "高级教师", "正高级教师")
DESIGNATIONS = (  # kind, probability, minimum title rank, minimum years, levels with weights
    ("特级教师", 0.003, 3, 20, (("省级", 1),)),
    ("名师", 0.012, 3, 15, (("市级", 3), ("省级", 1))),
    ("学科带头人", 0.03, 2, 10, (("县级", 3), ("市级", 2))),
    ("骨干教师", 0.09, 2, 6, (("县级", 3), ("市级", 1))),
    ("教坛新秀", 0.08, 1, 2, (("县级", 1),)),
)
HONOURS = {
    "县级": ("优秀教师", "优秀班主任", "师德标兵", "教学能手", "优秀教育工作者"),
    "市级": ("优秀教师", "教学能手", "师德标兵"),
    "省级": ("优秀教师",),
}


LOCAL_HONOURS = (("红烛教师", "本县自设的荣誉（演示）"),)  # added to the bureau's list of honour names


def spelled(rng, name: str, level: str, county: int) -> str:
    """An honour as schools write it: mostly the plain name, sometimes with the level or the place in front,
    a space or full-width characters, 称号 behind (domain.honours matches them all to the list)."""
    r = rng.random()
    if r < 0.65:
        return name
    if r < 0.75:
        return f"{level}{name}"
    if r < 0.83:
        return f"{COUNTIES[county][0] if level == '县级' else CITY if level == '市级' else '省'}{name}"
    if r < 0.9:
        return f"{name[:2]} {name[2:]}"
    if r < 0.96:
        return f"{name}称号"
    return f"{level[0]}{name}（{rng.choice(('２０２３', '2022'))}年度）"


def issuer(county: int, level: str) -> str:
    return {"县级": f"{COUNTIES[county][0]}教育和体育局", "市级": f"{CITY}教育局", "省级": "省教育厅"}.get(level, "")


def _first_degree(ctx: Context, birth_year: int, stage: str) -> str:
    r = ctx.rng.random()
    if stage == "高中":
        return (
            "硕士研究生"
            if birth_year >= 1985 and r < 0.15
            else "大学本科"
            if r < 0.85 or birth_year >= 1980
            else "大学专科"
        )
    if birth_year < 1972:
        return "中等专科" if r < 0.85 else "大学专科"
    if birth_year < 1983:
        return "中等专科" if r < 0.45 else "大学专科" if r < 0.85 else "大学本科"
    if birth_year < 1991:
        return "大学专科" if r < 0.4 else "大学本科"
    return "大学专科" if r < 0.12 else "硕士研究生" if r > 0.97 else "大学本科"


def education(ctx: Context, tid: int, birth: dt.date, stage: str, subject: str, area: str) -> PartialDate:
    """Add the education records; returns the graduation of the first degree."""
    rng, rows = ctx.rng, ctx.rows
    first = _first_degree(ctx, birth.year, stage)
    latest = ctx.school_year
    grad = PartialDate(min(birth.year + GRAD_AGE[first] + rng.choice((0, 0, 1)), latest), 7)
    major = "普师" if first == "中等专科" else MAJOR.get(subject, "小学教育" if stage == "小学" else "教育学")
    normal = rng.random() < (0.92 if first == "中等专科" else 0.85)
    if subject == "信息技术":
        normal = rng.random() < 0.4
    degrees = [
        dict(
            degree=first,
            academic_degree="学士" if first == "大学本科" else "硕士" if first == "硕士研究生" else None,
            institution=rng.choice(INSTITUTIONS[first]),
            major=major,
            normal=normal,
            full_time=True,
            graduated=grad,
        )
    ]
    # later degrees by correspondence (函授), up to 本科
    level, age_at = ORDER.index(first), GRAD_AGE[first]
    while level < 2:
        target = ORDER[level + 1]
        age_at += rng.randint(4, 10)
        year = birth.year + age_at
        if year > latest or rng.random() > (0.8 if target == "大学专科" else 0.6):
            break
        degrees.append(
            dict(
                degree=target,
                academic_degree="学士" if target == "大学本科" and rng.random() < 0.3 else None,
                institution=rng.choice(CORRESPONDENCE[target]),
                major=MAJOR.get(subject, "小学教育"),
                normal=True,
                full_time=False,
                graduated=PartialDate(year, rng.choice((1, 7))),
            )
        )
        level += 1
    for i, d in enumerate(degrees):
        rows.add(Education, teacher_id=tid, first=i == 0, highest=i == len(degrees) - 1, **d)
    return grad


def _title_history(ctx: Context, p: Person, end: PartialDate | None) -> int:
    rng = ctx.rng
    if p.form in ("合同", "代课") and rng.random() < 0.7:
        return 0
    limit = (end or ctx.now).year
    year, rank = p.work_start.year + 1, 0
    gaps = ((1, 1), (5, 8), (5, 12), (6, 12))
    chances = (1.0, 0.85, {"高中": 0.65, "初中": 0.5, "小学": 0.38}[p.stage], 0.02)
    for i, title in enumerate(TITLES):
        year = year + rng.randint(*gaps[i]) if i else year
        if year > limit - (0 if i == 0 else 1) or rng.random() > chances[i]:
            break
        if i == 3 and p.age < 45:
            break
        obtained = PartialDate(year, rng.choice((10, 11, 12)) if i else 9)
        if obtained > ctx.now:
            break
        appointed = PartialDate(year + 1, 1) if i and rng.random() < 0.6 else obtained
        ctx.rows.add(TitleRecord, teacher_id=p.id, title=title, obtained=obtained, appointed=min(appointed, ctx.now))
        rank = i + 1
    return rank


def _active_in(p: Person, year: int, end: PartialDate | None) -> bool:
    """Was the teacher working during school year `year` (named by its first year)?"""
    return p.work_start <= PartialDate(year, 10) and (end is None or end >= PartialDate(year + 1, 1))


def _cert_kind(p: Person) -> str:
    """The stage of the teacher's certificate: some primary and middle-school teachers are certified for the stage
    above (issue 22 §2, the 可向上调配 list). Chosen by id, not by the random stream: the rest of the county stays."""
    if p.stage == "小学" and p.id % 12 == 5:
        return CERT_KIND["初中"]
    if p.stage == "初中" and p.id % 15 == 7:
        return CERT_KIND["高中"]
    return CERT_KIND[p.stage]


def careers(ctx: Context, p: Person, end: PartialDate | None) -> int:
    """Certificates, titles, teaching, designations, honours, appraisals. Returns the title rank."""
    rng, rows, y0 = ctx.rng, ctx.rows, ctx.school_year
    if p.form not in ("代课",) or rng.random() < 0.5:
        issued = PartialDate(p.work_start.year - (0 if rng.random() < 0.7 else 1), rng.choice((6, 9, 12)))
        rows.add(
            Certificate,
            teacher_id=p.id,
            kind=_cert_kind(p),
            subject=p.subject,
            number=f"{issued.year}37{COUNTIES[p.school.county][1][2:]}{1 if p.gender == '男' else 2}"
            f"{rng.randrange(10**6):06d}",
            issued=issued,
        )
    rank = _title_history(ctx, p, end)
    head = rng.random() < (0.5 if p.subject in ("语文", "数学") else 0.15) and p.age < 50
    periods = {"小学": (14, 20), "初中": (12, 16), "高中": (10, 14)}[p.stage]
    for year in (y0 - 2, y0 - 1, y0):
        if _active_in(p, year, end) and (p.form != "银龄讲学" or year == y0):
            rows.add(
                Teaching,
                teacher_id=p.id,
                school_year=year,
                stage=p.stage,
                subject=p.subject,
                head_teacher=head,
                weekly_periods=rng.randint(*periods),
            )
    backbone = False
    if end is None and p.form in ("在编", "特岗"):
        for kind, chance, min_rank, min_years, levels in DESIGNATIONS:
            if rank >= min_rank and p.years >= min_years and rng.random() < chance:
                if kind == "教坛新秀" and p.age > 35:
                    continue
                level = rng.choices([lv for lv, _ in levels], [w for _, w in levels])[0]
                start = rng.choice((y0 - 2, y0 - 1, y0))
                if rng.random() < 0.3 and p.years > 8:  # an earlier, expired term
                    rows.add(
                        Designation,
                        teacher_id=p.id,
                        kind=kind,
                        level=level,
                        subject=p.subject,
                        start=PartialDate(start - 3, 9),
                        end=PartialDate(start, 8),
                        issuer=issuer(p.school.county, level),
                    )
                rows.add(
                    Designation,
                    teacher_id=p.id,
                    kind=kind,
                    level=level,
                    subject=p.subject,
                    start=PartialDate(start, 9),
                    end=PartialDate(start + 3, 8),
                    issuer=issuer(p.school.county, level),
                )
                backbone = True
                break
    if rng.random() < (0.3 if backbone else 0.1) and p.years >= 3:
        level = rng.choices(("县级", "市级", "省级"), (80, 18, 2))[0]
        name = rng.choice(HONOURS[level])
        if p.school.area == "乡村" and level == "县级" and rng.random() < 0.4:
            name = "乡村优秀教师"
        last = (end.year if end else ctx.school_year) - 1
        year = rng.randint(min(max(p.work_start.year + 2, last - 7), last), last)
        own = random.Random(p.id * 7919 + year)  # its own stream: the spelling changes no other demo figure
        if level == "县级" and name == "优秀教师" and own.random() < 0.3:
            name = LOCAL_HONOURS[0][0]
        name = spelled(own, name, level, p.school.county)
        rows.add(
            Honour,
            teacher_id=p.id,
            name=name,
            level=level,
            date=PartialDate(year, 9, 10),
            issuer=issuer(p.school.county, level),
        )
    for year in range(max(p.work_start.year, y0 - 5), y0 if p.form != "银龄讲学" else 0):
        if end is not None and end.year <= year:
            break
        if year == p.work_start.year and (p.work_start.month or 1) >= 7:
            result = "不定等次"
        else:
            r = rng.random()
            result = (
                "优秀"
                if r < (0.3 if backbone else 0.14)
                else "不合格"
                if r > 0.998
                else "基本合格"
                if r > 0.99
                else "合格"
            )
        rows.add(Appraisal, teacher_id=p.id, year=year, result=result)
    return rank
