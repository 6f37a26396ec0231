"""Demo data for recruitment and talent services: service obligations of 特岗 and 公费师范生 teachers,
this year's recruitment batches (admitted teachers linked, a few candidates still to be hired),
the local-student pool with contacts, recognised talent and agreements, service requests, subsidy
tiers and last year's 师德考核. Uses its own random generator so the other passes are unchanged."""

from __future__ import annotations

import datetime as dt
import random

from talentdesk.domain import idnumber
from talentdesk.domain import recruitment as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.services.demo import names
from talentdesk.services.demo.context import Context
from talentdesk.services.demo.schools import COUNTIES
from talentdesk.store.models import Teacher
from talentdesk.store.models_recruitment import (
    Candidate,
    EthicsRecord,
    LocalStudent,
    RecruitBatch,
    ServiceObligation,
    ServiceRequest,
    StudentContact,
    SubsidyTier,
    TalentAgreement,
    TalentRecognition,
)

TABLES = (
    RecruitBatch,
    LocalStudent,
    StudentContact,
    Candidate,
    ServiceObligation,
    TalentRecognition,
    TalentAgreement,
    ServiceRequest,
    SubsidyTier,
    EthicsRecord,
)
TABLE_NAMES = {
    RecruitBatch: "招聘批次",
    LocalStudent: "本地生源大学生",
    StudentContact: "联系记录",
    Candidate: "考生",
    ServiceObligation: "服务期",
    TalentRecognition: "人才认定",
    TalentAgreement: "引才协议",
    ServiceRequest: "人才服务",
    SubsidyTier: "补助档次",
    EthicsRecord: "师德记录",
}
UNIVERSITIES = (
    "山东师范大学",
    "曲阜师范大学",
    "聊城大学",
    "临沂大学",
    "齐鲁师范学院",
    "济南大学",
    "青岛大学",
    "鲁东大学",
    "德州学院",
    "菏泽学院",
    "北京师范大学",
    "华东师范大学",
    "山东大学",
    "山东体育学院",
    "山东艺术学院",
)
MAJORS = (
    ("汉语言文学", True),
    ("数学与应用数学", True),
    ("英语", True),
    ("物理学", True),
    ("化学", True),
    ("生物科学", True),
    ("思想政治教育", True),
    ("历史学", True),
    ("地理科学", True),
    ("体育教育", True),
    ("音乐学", True),
    ("美术学", True),
    ("小学教育", True),
    ("学前教育", True),
    ("计算机科学与技术", False),
    ("土木工程", False),
    ("会计学", False),
    ("临床医学", False),
    ("心理学", True),
    ("科学教育", True),
)


def _rng(ctx: Context) -> random.Random:
    return random.Random(f"recruitment-{ctx.school_year}-{len(ctx.people)}-{len(ctx.schools)}")


def _new_id(ctx: Context, rng: random.Random, county: int, birth: dt.date, gender: str) -> str:
    area = COUNTIES[county][1]
    while True:
        seq = rng.randrange(0, 1000)
        if (seq % 2 == 1) != (gender == "男"):
            seq = (seq + 1) % 1000
        number = idnumber.make(area, birth, seq)
        if number not in ctx.ids_used:
            ctx.ids_used.add(number)
            return number


def build(ctx: Context) -> dict[str, int]:
    """Add the area's rows to ctx.rows; returns counts for the summary."""
    rng, rows, y0, pol = _rng(ctx), ctx.rows, ctx.school_year, ctx.policy
    today = ctx.today
    teacher_rows = {r["id"]: r for r in ctx.rows.data[Teacher]}
    serving = [p for p in ctx.people if p.status == "在岗"]
    counts = dict(obligations=0, candidates=0, students=0, talents=0, requests=0)

    # service obligations
    for p in ctx.people:
        row = teacher_rows[p.id]
        kind = "特岗计划" if p.form == "特岗" or row["source"] == "特岗转入" else row["source"]
        if kind not in rules.OBLIGATION_KINDS:
            continue
        years = pol.obligation_years[kind]
        end = rules.obligation_end(p.work_start, years)
        closed = closed_on = note = None
        if row["source"] == "特岗转入":
            if p.work_start.year < y0 - 12:
                continue
            closed, closed_on = rules.OB_CONVERTED, PartialDate(end.year, 9)
        elif p.status != "在岗" and rules.last_day(end) > today:
            closed, closed_on, note = rules.OB_BREACH, row["status_date"], f"服务期未满{p.status}"
        rows.add(
            ServiceObligation,
            teacher_id=p.id,
            kind=kind,
            start=p.work_start,
            years=years,
            end=end,
            closed=closed,
            closed_on=closed_on,
            note=note,
        )
        counts["obligations"] += 1

    # this year's recruitment: the teachers who started this year, and a few still to be hired
    new = [p for p in serving if p.work_start.year == y0 and p.form in ("在编", "特岗")]
    for county in sorted({s.county for s in ctx.schools}):
        batches, batch_rows = {}, {}
        for channel, label in (
            ("特岗计划", "特岗教师招聘"),
            ("公开招聘", "公开招聘中小学教师"),
            ("公费师范生", "公费师范毕业生就业安置"),
        ):
            batches[channel] = rows.add(
                RecruitBatch,
                year=y0,
                channel=channel,
                name=f"{y0}年{COUNTIES[county][0]}{label}",
                positions=0,
                announced=PartialDate(y0, 4),
                report_date=PartialDate(y0, 9, 1),
            )
            batch_rows[channel] = rows.data[RecruitBatch][-1]
        positions = dict.fromkeys(batches, 0)
        mine = [p for p in new if p.school.county == county]
        for k, p in enumerate(mine):
            row = teacher_rows[p.id]
            student = None
            if k % 12 == 3:  # came home from the local-student pool
                student = rows.add(
                    LocalStudent,
                    name=row["name"],
                    gender=p.gender,
                    id_number=row["id_number"],
                    from_school=None,
                    university=rng.choice(UNIVERSITIES),
                    major=None,
                    subject=p.subject,
                    normal=True,
                    graduation=PartialDate(y0, 6),
                    phone=row["phone"],
                    family_contact=None,
                    intention="有意向",
                    teacher_id=p.id,
                    note="已入职",
                )
            channel = "特岗计划" if p.form == "特岗" else "公费师范生" if row["source"] == "公费师范生" else "公开招聘"
            positions[channel] += 1
            rows.add(
                Candidate,
                batch_id=batches[channel],
                name=row["name"],
                id_number=row["id_number"],
                gender=p.gender,
                phone=row["phone"],
                university=rng.choice(UNIVERSITIES),
                major=None,
                degree="大学本科",
                stage=p.stage,
                subject=p.subject,
                school_id=p.school.id,
                score=round(rng.uniform(68, 88), 1),
                status="已录用",
                teacher_id=p.id,
                student_id=student,
            )
            counts["candidates"] += 1
        villages = [s for s in ctx.schools if s.county == county and s.area == "乡村" and "小学" in s.stages]
        for _ in range(4 if villages else 0):  # admitted, report at the school, not yet on file
            gender = "女" if rng.random() < 0.7 else "男"
            birth = dt.date(y0 - 23, rng.randint(1, 12), rng.randint(1, 28))
            school = rng.choice(villages)
            major, _ = rng.choice(MAJORS[:14])
            rows.add(
                Candidate,
                batch_id=batches["特岗计划"],
                name=names.full_name(rng, gender),
                id_number=_new_id(ctx, rng, county, birth, gender),
                gender=gender,
                phone=names.phone(rng),
                university=rng.choice(UNIVERSITIES),
                major=major,
                degree="大学本科",
                stage="小学",
                subject=rules.subject_of_major(major),
                school_id=school.id,
                score=round(rng.uniform(65, 80), 1),
                status="拟录用",
                note="待报到",
            )
            positions["特岗计划"] += 1
            counts["candidates"] += 1
        for channel, row in batch_rows.items():
            row["positions"] = positions[channel] + (2 if channel == "特岗计划" else 0)  # two posts left unfilled

    # local-student pool
    highs = [s for s in ctx.schools if "高中" in s.stages]
    for county in sorted({s.county for s in ctx.schools}):
        county_highs = [s for s in highs if s.county == county] or highs
        for _ in range(45):
            gender = "女" if rng.random() < 0.62 else "男"
            grad = today.year + rng.choice((0, 0, 1, 1, 2, 3))
            birth = dt.date(grad - 22, rng.randint(1, 12), rng.randint(1, 28))
            major, normal = rng.choice(MAJORS)
            sid = rows.add(
                LocalStudent,
                name=names.full_name(rng, gender),
                gender=gender,
                id_number=_new_id(ctx, rng, county, birth, gender) if rng.random() < 0.6 else None,
                from_school=rng.choice(county_highs).name if county_highs else None,
                university=rng.choice(UNIVERSITIES),
                major=major,
                subject=rules.subject_of_major(major),
                normal=normal,
                graduation=PartialDate(grad, 6),
                phone=names.phone(rng),
                family_contact=f"{'父亲' if rng.random() < 0.5 else '母亲'} {names.phone(rng)}",
                intention=rng.choice(rules.INTENTIONS[:2] * 2 + rules.INTENTIONS[2:]),
            )
            counts["students"] += 1
            for k in range(rng.choice((0, 1, 1, 2, 3))):
                kind = rng.choice(rules.CONTACT_KINDS[:3])
                when = PartialDate(
                    today.year - 1 + k // 2, 2 if kind == "座谈会" else rng.choice((1, 7, 8)), rng.randint(1, 28)
                )
                rows.add(
                    StudentContact,
                    student_id=sid,
                    date=when,
                    kind=kind,
                    by="人事股",
                    summary={
                        "座谈会": "寒假返乡大学生座谈会，介绍本县招聘政策",
                        "电话": "电话了解就业意向",
                        "走访": "走访家庭，介绍公费师范、特岗招聘",
                    }[kind],
                )

    # recognised talent and agreements
    senior = [p for p in serving if p.title_rank >= 4 and p.age >= 40]
    for p in rng.sample(senior, min(len(senior), max(3, len(senior) // 25))):
        cat = rng.choice("BCCDDDEE")
        when = PartialDate(y0 - rng.randint(0, 3), rng.choice((5, 6, 11)))
        rows.add(
            TalentRecognition,
            teacher_id=p.id,
            kind="高层次人才认定",
            category=cat,
            status="认定",
            applied=PartialDate(when.year, (when.month or 5) - 3),
            reviewed=PartialDate(when.year, (when.month or 5) - 1),
            date=when,
            doc_number=f"人才字〔{when.year}〕{(when.month or 1) + p.id % 20}号",
            term_years=3,
            issuer="县人才工作领导小组",
        )
        counts["talents"] += 1
    for p in rng.sample(senior, min(len(senior), 2)):
        when = PartialDate(y0 - rng.randint(1, 6), 12)
        rows.add(
            TalentRecognition,
            teacher_id=p.id,
            kind="省政府特殊津贴",
            category=None,
            status="认定",
            applied=PartialDate(when.year, 6),
            reviewed=PartialDate(when.year, 9),
            date=when,
            doc_number=f"政字〔{when.year}〕{100 + p.id % 50}号",
            term_years=None,
            issuer="省人民政府",
        )
        counts["talents"] += 1
    for p in [p for p in ctx.people if p.form == "银龄讲学"]:
        rows.add(
            TalentAgreement,
            teacher_id=p.id,
            kind="银龄讲学",
            school_id=p.school.id,
            start=PartialDate(y0, 9),
            end=PartialDate(y0 + 1, 7),
            monthly_pay=3500.0,
            duties=f"{p.stage}{p.subject}教学，每周不少于 12 课时",
        )
        counts["talents"] += 1
    for p in rng.sample(senior, min(len(senior), 2)):
        rows.add(
            TalentAgreement,
            teacher_id=p.id,
            kind="柔性引进",
            school_id=p.school.id,
            start=PartialDate(y0 - 1, 9),
            end=PartialDate(y0 + 1, 8),
            monthly_pay=2000.0,
            duties="指导青年教师、开设示范课，每学期不少于 8 次",
        )
        counts["talents"] += 1

    # services that keep teachers
    young = [p for p in serving if p.years <= 2]
    for p in rng.sample(young, min(len(young), max(4, len(young) // 6))):
        done = rng.random() < 0.7
        start = PartialDate(max(p.work_start.year, y0 - 1), 9, 1)
        rows.add(
            ServiceRequest,
            teacher_id=p.id,
            kind=rng.choice(("青年教师公寓", "周转房")),
            applied=PartialDate(start.year, 8, rng.randint(1, 25)),
            status="已办结" if done else "办理中",
            handled=start if done else None,
            room=f"{rng.randint(1, 4)}-{rng.randint(1, 6)}0{rng.randint(1, 4)}" if done else None,
            start=start if done else None,
            end=PartialDate(start.year + 3, 8, 31) if done else None,
            detail=f"{p.school.name}新入职教师",
        )
        counts["requests"] += 1
    for p in rng.sample(senior, min(len(senior), 3)):
        rows.add(
            ServiceRequest,
            teacher_id=p.id,
            kind="人才子女入学",
            applied=PartialDate(y0, 7, rng.randint(1, 28)),
            status="已办结",
            handled=PartialDate(y0, 8, 20),
            detail="子女入读县实验小学一年级",
        )
        counts["requests"] += 1
    for p in rng.sample(serving, min(len(serving), 3)):
        rows.add(
            ServiceRequest,
            teacher_id=p.id,
            kind="购房补贴",
            applied=PartialDate(y0, 10, rng.randint(1, 28)),
            status="已申请",
            detail="县城购房，申请人才购房补贴",
        )
        counts["requests"] += 1

    # rural living subsidy tiers by school category
    for s in ctx.schools:
        tier = "三档" if s.kind == "教学点" else {"乡村": "二档", "镇区": "一档"}.get(s.area)
        if tier:
            rows.add(SubsidyTier, school_id=s.id, tier=tier)

    # last year's 师德考核, a few commendations and one finding
    year = today.year - 1
    for p in serving:
        if p.work_start.year > year:
            continue
        r = rng.random()
        result = "优秀" if r < 0.15 else "不合格" if r > 0.9985 else "合格"
        rows.add(
            EthicsRecord,
            teacher_id=p.id,
            year=year,
            kind="师德考核",
            result=result,
            date=PartialDate(year, 12),
            detail=None,
        )
    for p in rng.sample(serving, min(len(serving), 3)):
        rows.add(
            EthicsRecord,
            teacher_id=p.id,
            year=year,
            kind="表彰",
            result=None,
            date=PartialDate(year, 9, 10),
            detail="县级师德标兵",
        )
    return counts
