"""Demo rows for deployment and retention: this year's rotation set-up (a 优质学校, a few exclusions),
separation records for the teachers who left or retired (coded reasons and destinations), situations that put
teachers at risk with the bureau's responses (some overdue),
and county rural-service certificates already given. Deterministic for a given county."""

from __future__ import annotations

import datetime as dt
import json
import random

from talentdesk.domain.dates import PartialDate
from talentdesk.services.demo.context import Context
from talentdesk.store.models import Designation, SchoolYearStat, Teacher, TitleRecord
from talentdesk.store.models_deployment import (
    RetentionResponse,
    RotationExclusion,
    RotationYear,
    RuralHonour,
    SchoolGroup,
    Separation,
    TeacherSituation,
)

TABLES = (RotationYear, RotationExclusion, Separation, RuralHonour, TeacherSituation, RetentionResponse, SchoolGroup)
TABLE_NAMES = {
    RotationYear: "交流轮岗年度",
    RotationExclusion: "不参加交流",
    Separation: "离岗记录",
    RuralHonour: "乡村从教证书",
    TeacherSituation: "流失风险情况",
    RetentionResponse: "管理响应",
    SchoolGroup: "学校分组",
}

# (free text, destination, reason code, destination kind, province, city)
TRANSFER_OUT = (
    ("夫妻团聚", "邻县教育系统", "两地分居", "外县（市）公办学校", None, None),
    ("照顾老人", "市直学校", "其他", "外县（市）公办学校", None, None),
    ("工作调动", "市教育局直属学校", "个人发展", "外县（市）公办学校", None, None),
    ("子女就学", "外省教育系统", "两地分居", "外县（市）公办学校", "浙江省", "宁波市"),
)
RESIGN = (
    ("考取公务员", "县人民政府机关", "考录公务员", "机关事业单位", None, None),
    ("到民办学校任教", "民办学校", "到民办/外地学校", "民办学校", "广东省", "深圳市"),
    ("继续深造", "高校读研", "考研", "高校（升学）", None, None),
    ("个人原因", None, "待遇", None, None, None),
)
# a talk with a teacher on the watch list: (talked by, offers, outcome, follow-up in days from the talk)
RESPONSES = (
    ("人事股王股长", "周转房", "跟进中", 21),
    ("校长", "交流回城", "跟进中", 14),
    ("人事股王股长", "子女入学、周转房", "留任", None),
    ("分管副局长", "职称", "跟进中", 60),
    ("校长", "交流回城、其他", "留任", None),
)
SITUATIONS = (("申请调动", "本人提出调往县城学校"), ("两地分居", "配偶在市区工作"))


def add_rows(ctx: Context) -> dict[str, int]:
    rng = random.Random(len(ctx.people) * 7919 + ctx.school_year)
    y0, rows, pol = ctx.school_year, ctx.rows, ctx.policy
    counts = dict(exclusions=0, separations=0, honours=0, situations=0, responses=0, leaver_titles=0)
    by_county: dict[int, list] = {}
    for s in ctx.schools:
        by_county.setdefault(s.county, []).append(s)
    quality = []
    for schools in by_county.values():
        towns = [s for s in schools if s.area == "镇区"]
        if towns:
            quality.append(rng.choice(towns).id)
    year_id = rows.add(
        RotationYear,
        year=y0,
        name=f"{y0}年秋季交流轮岗",
        start=PartialDate(y0, 9),
        planned_end=PartialDate(y0 + pol.rotation_term_years, 7),
        quality_schools=json.dumps(quality),
        status="编制方案",
        note="演示数据：镇区一所学校按优质学校派出",
        created_at=dt.datetime.combine(ctx.ref, dt.time(8, 0)),
    )
    # the largest town school keeps more staff than its quota (超编), as town schools often do
    town = [s for s in ctx.schools if s.area == "城区"]
    if town:
        big = max(town, key=lambda s: sum(s.quota.values()))
        for row in rows.data[SchoolYearStat]:
            if row["school_id"] == big.id and row["school_year"] == y0 and row.get("quota"):
                staff = sum(
                    1
                    for p in ctx.people
                    if p.school is big and p.stage == row["stage"] and p.status == "在岗" and p.form == "在编"
                )
                row["quota"] = max(1, min(row["quota"], staff - 3))
    sending = [
        p
        for p in ctx.people
        if p.status == "在岗"
        and p.form == "在编"
        and not p.placed
        and (p.school.area == "城区" or p.school.id in quality)
        and p.years >= pol.rotation_years_same_school
    ]
    for p, reason in zip(rng.sample(sending, min(len(sending), 4)), ("怀孕或哺乳期", "患重病", "怀孕或哺乳期", "其他")):
        rows.add(
            RotationExclusion,
            year_id=year_id,
            teacher_id=p.id,
            reason=reason,
            note="配偶已在乡村学校交流" if reason == "其他" else None,
        )
        counts["exclusions"] += 1
    status_dates = {r["id"]: r["status_date"] for r in ctx.rows.data[Teacher]}
    for p in ctx.people:
        if p.status == "在岗":
            continue
        date = status_dates.get(p.id)
        if p.status == "退休":
            reason, dest, code, dest_kind, prov, city = "到龄退休", None, None, None, None, None
        elif p.status == "调出":
            reason, dest, code, dest_kind, prov, city = rng.choice(TRANSFER_OUT)
        else:
            reason, dest, code, dest_kind, prov, city = rng.choice(RESIGN)
        if p.status != "退休" and date is not None:
            counts["leaver_titles"] += _leaver_titles(ctx, rng, p, date)
        rows.add(
            Separation,
            teacher_id=p.id,
            kind=p.status,
            date=date,
            reason=reason,
            destination=dest,
            reason_code=code,
            dest_kind=dest_kind,
            dest_province=prov,
            dest_city=city,
            school_id=p.school.id,
        )
        counts["separations"] += 1
    for p in ctx.people:
        if p.status != "在岗" or p.school.area == "城区":
            continue
        if p.age < 35 and rng.random() < 0.04:
            kind, note = rng.choice(SITUATIONS)
            rows.add(
                TeacherSituation,
                teacher_id=p.id,
                kind=kind,
                since=PartialDate(y0, rng.choice((3, 5, 6))),
                note=note,
                closed=False,
            )
            counts["situations"] += 1
            if rng.random() < 0.8:  # most teachers with a situation (so on the watch list) were talked to
                by, offered, outcome, days = RESPONSES[counts["responses"] % len(RESPONSES)]
                talked = ctx.today - dt.timedelta(days=rng.randint(10, 50))
                rows.add(
                    RetentionResponse,
                    teacher_id=p.id,
                    talked_on=PartialDate.from_date(talked),
                    talked_by=by,
                    offered=offered,
                    outcome=outcome,
                    follow_up=PartialDate.from_date(talked + dt.timedelta(days=days)) if days else None,
                    note="演示数据",
                )
                counts["responses"] += 1
        if p.years >= 14 and p.entry is not None and p.entry.year <= y0 - 12 and rng.random() < 0.3:
            rows.add(
                RuralHonour,
                teacher_id=p.id,
                level="县",
                year=y0 - rng.choice((1, 2, 3)),
                number=f"乡村从教-{y0 - 2}-{p.id:05d}",
                note="演示数据",
            )
            counts["honours"] += 1
    # a school group the bureau may give a watch rule (issue 22 §3); the rules keep their defaults
    rows.add(SchoolGroup, name="城区初中和高中", areas="城区", kinds="初中、高中", note="演示：城区直属中学")
    return counts


def _leaver_titles(ctx: Context, rng: random.Random, p, left: PartialDate) -> int:
    """The titles a teacher who left (调出/辞职) had reached: 二级 after a year, 一级 for most after five more,
    and a 县级骨干教师 designation for a few, so the key-talent losses (一级 and above, 骨干) show in the reports."""
    added = 0
    year = p.work_start.year + 1
    for title, gap, chance in (("二级教师", 0, 1.0), ("一级教师", 5, 0.6)):
        year += gap
        obtained = PartialDate(year, 9 if gap == 0 else 11)
        if obtained >= left or rng.random() > chance:
            break
        ctx.rows.add(TitleRecord, teacher_id=p.id, title=title, obtained=obtained, appointed=obtained)
        added += 1
    if added == 2 and rng.random() < 0.3:
        ctx.rows.add(
            Designation,
            teacher_id=p.id,
            kind="骨干教师",
            level="县级",
            subject=p.subject,
            start=PartialDate(year + 1, 9),
        )
    return added
