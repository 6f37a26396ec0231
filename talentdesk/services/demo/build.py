"""Build the demo county (or city) into an empty database in one transaction."""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Callable

from sqlalchemy import func, insert, select

from talentdesk.domain.policy import Policy
from talentdesk.errors import UserError
from talentdesk.services.demo import activities as demo_activities
from talentdesk.services.demo import assign, deployment, people
from talentdesk.services.demo import competitions as demo_competitions
from talentdesk.services.demo import cultivation as demo_cultivation
from talentdesk.services.demo import growth as demo_growth
from talentdesk.services.demo import leaders as demo_leaders
from talentdesk.services.demo import named as demo_named
from talentdesk.services.demo import postings as demo_postings
from talentdesk.services.demo import programmes as demo_programmes
from talentdesk.services.demo import quota as demo_quota
from talentdesk.services.demo import recruitment as demo_recruitment
from talentdesk.services.demo import redeploy as demo_redeploy
from talentdesk.services.demo import research as demo_research
from talentdesk.services.demo import research_roles as demo_roles
from talentdesk.services.demo import school_pairings as demo_school_pairings
from talentdesk.services.demo import talents as demo_talents
from talentdesk.services.demo import titles as demo_titles
from talentdesk.services.demo.context import Context
from talentdesk.services.demo.records import LOCAL_HONOURS
from talentdesk.services.demo.schools import COUNTIES, NamePool, build_county
from talentdesk.store import current, planner, sequences
from talentdesk.store.audit import os_user
from talentdesk.store.models import (
    Appraisal,
    AuditLog,
    Base,
    Certificate,
    Designation,
    Education,
    Honour,
    ImportBatch,
    MentorProgramme,
    Pairing,
    Placement,
    PostRecord,
    School,
    SchoolYearStat,
    Teacher,
    Teaching,
    TitleRecord,
)
from talentdesk.store.models_honours import HonourName
from talentdesk.store.uow import UnitOfWork

Progress = Callable[[int, int, str], None]
SIZES = {"county": 1, "city": len(COUNTIES)}
TABLES: tuple[type[Base], ...] = (
    School,
    SchoolYearStat,
    Teacher,
    PostRecord,
    Placement,
    Education,
    Certificate,
    TitleRecord,
    Teaching,
    Designation,
    Honour,
    Appraisal,
    MentorProgramme,
    Pairing,
) + deployment.TABLES
TABLE_NAMES: dict[type[Base], str] = {
    School: "学校",
    SchoolYearStat: "学年统计",
    Teacher: "教师",
    PostRecord: "编制记录",
    Placement: "交流记录",
    Education: "学历",
    Certificate: "教师资格",
    TitleRecord: "职称",
    Teaching: "任教",
    Designation: "骨干",
    Honour: "荣誉",
    Appraisal: "年度考核",
    MentorProgramme: "结对项目",
    Pairing: "师徒结对",
} | deployment.TABLE_NAMES
_CHUNK = 20_000
NOTE = "演示数据"
TABLES += demo_cultivation.TABLES  # issue 4: activities, studios, training, reserve pool
TABLE_NAMES = {**TABLE_NAMES, **demo_cultivation.TABLE_NAMES}
TABLES += demo_recruitment.TABLES  # issue 6: batches, obligations, student pool, talent, services
TABLES += demo_leaders.TABLES  # issue 20 §1: school leaders' posts
TABLE_NAMES = {**TABLE_NAMES, **demo_leaders.TABLE_NAMES}
TABLE_NAMES = {**TABLE_NAMES, **demo_recruitment.TABLE_NAMES}
TABLES += demo_quota.TABLES  # issue 22 §1: the 编制台账 behind the schools' quotas
TABLE_NAMES = {**TABLE_NAMES, **demo_quota.TABLE_NAMES}
TABLES += demo_titles.TABLES  # issue 20 §2: post structures (title routes are set on the title rows)
TABLE_NAMES = {**TABLE_NAMES, **demo_titles.TABLE_NAMES}
TABLES += demo_activities.TABLES  # issue 21 §1: activities with teachers and their participants
TABLE_NAMES = {**TABLE_NAMES, **demo_activities.TABLE_NAMES}
TABLES += demo_talents.TABLES  # issue 20 §4: payments to imported talents (recognitions: demo_recruitment's table)
TABLE_NAMES = {**TABLE_NAMES, **demo_talents.TABLE_NAMES}
TABLES += demo_school_pairings.TABLES  # issue 21 §3: school pairings and their schools
TABLE_NAMES = {**TABLE_NAMES, **demo_school_pairings.TABLE_NAMES}
TABLES += demo_competitions.TABLES  # issue 21 §2: teaching competitions and their entrants (awards: honours)
TABLE_NAMES = {**TABLE_NAMES, **demo_competitions.TABLE_NAMES}
TABLES += demo_named.TABLES  # issue 20 §3: reviews of designations (名校长/名班主任 are designation rows)
TABLE_NAMES = {**TABLE_NAMES, **demo_named.TABLE_NAMES}
TABLES += demo_programmes.TABLES  # issues 20 §3, 21 §5: talent and cultivation programmes
TABLE_NAMES = {**TABLE_NAMES, **demo_programmes.TABLE_NAMES}
TABLES += demo_growth.TABLES  # issue 21 §5: growth plans of programme members, degree study
TABLE_NAMES = {**TABLE_NAMES, **demo_growth.TABLE_NAMES}
TABLES += demo_research.TABLES  # issue 21 §5: research projects (课题) and their groups
TABLE_NAMES = {**TABLE_NAMES, **demo_research.TABLE_NAMES}
TABLES += demo_postings.TABLES  # issue 22 §2: 援藏/援疆 calls, their candidates (the selected: placements)
TABLE_NAMES = {**TABLE_NAMES, **demo_postings.TABLE_NAMES}
TABLES += demo_roles.TABLES  # issue 21 §4: research roles (兼职教研员 …) and studio outputs (二级工作室: studios)
TABLE_NAMES = {**TABLE_NAMES, **demo_roles.TABLE_NAMES}


def _refuse_if_not_empty(session) -> None:
    n = session.scalar(select(func.count()).select_from(Teacher))
    if n:
        raise UserError(f"数据库中已有 {n} 名教师，不能再生成演示数据。请新建一个空数据库后再生成。")
    n = session.scalar(select(func.count()).select_from(School))
    if n:
        raise UserError(f"数据库中已有 {n} 所学校，不能再生成演示数据。请新建一个空数据库后再生成。")


def _generate_rows(ctx: Context, n_counties: int, report: Callable[[float, str], None]) -> dict:
    rng = ctx.rng
    places = NamePool(rng)
    next_id = ctx.rows.next_id(School)
    for c in range(n_counties):
        infos, school_rows, stat_rows = build_county(
            rng, c, next_id, ctx.school_year, places, ctx.codes_used, ctx.policy
        )
        next_id += len(infos)
        ctx.schools.extend(infos)
        for r in school_rows:  # a city database names each school's county (区县 scopes in every report)
            ctx.rows.add(School, **r, county=COUNTIES[c][0] if n_counties > 1 else None)
        for r in stat_rows:
            ctx.rows.add(SchoolYearStat, **r)
    ctx.rows.start_ids(School, next_id)
    ctx.index_schools()
    fates = {"active": 0, "retired": 0, "left": 0, "silver": 0}
    for i, school in enumerate(ctx.schools):
        for stage, quota in school.quota.items():
            plan = ["active"] * round(quota * rng.uniform(0.86, 1.0))
            plan += ["retired"] * sum(rng.random() < 0.065 for _ in range(quota))
            plan += ["left"] * sum(rng.random() < 0.015 for _ in range(quota))
            if school.area == "乡村" and rng.random() < 0.08:
                plan.append("silver")
            for fate in plan:
                people.make_teacher(ctx, school, stage, fate)
                fates[fate] += 1
        if i % 20 == 0:
            report(0.45 * (i + 1) / len(ctx.schools), f"正在生成教师（{ctx.schools[i].name}）")
    placed = assign.placements(ctx)
    pairings = assign.mentoring(ctx)
    demo_cultivation.build(ctx)  # its own random generator: the other passes are unchanged
    deployment.add_rows(ctx)
    demo_recruitment.build(ctx)
    demo_leaders.build(ctx)  # its own random generator too
    demo_quota.build(ctx)  # after deployment.add_rows, which sets the last quotas; its own generator
    demo_titles.build(ctx)  # its own generator too
    demo_activities.build(ctx)  # its own generator too
    demo_talents.build(ctx)  # its own generator too; after demo_recruitment (adds to its talent tables)
    demo_school_pairings.build(ctx)  # its own generator; after the placements, which pair its schools
    demo_competitions.build(ctx)  # its own generator too; adds the awards' honours
    demo_named.build(ctx)  # its own generator too; after the leaders and the records it reads
    demo_programmes.build(ctx)  # its own generator too
    demo_growth.build(ctx)  # its own generator too; after the programmes (goals of their members)
    demo_research.build(ctx)  # its own generator too
    demo_postings.build(ctx)  # its own generator too; after assign.placements (skips teachers placed there)
    demo_roles.build(ctx)  # its own generator too; after demo_cultivation (二级工作室 under its studios)
    report(0.5, "正在生成交流与结对")
    return dict(fates=fates, placements=placed, pairings=pairings)


def generate(
    db, size: str = "county", progress: Progress | None = None, seed: int = 2026, today: dt.date | None = None
) -> dict:
    """Fill an empty database with a fictional county (size "county") or city of 16 counties ("city").

    progress(done, total, text) may raise to cancel; nothing is committed then.
    The same seed gives the same data all through a school year (dates are generated relative
    to its first day); `today` only matters for which school year that is and for the cached
    current values.
    Returns summary counts (plain data).
    """
    from talentdesk.services.accounts import access

    access.require(db, "import")
    if size not in SIZES:
        raise UserError(f"演示数据规模只能是 county（一个县）或 city（一个市），不能是“{size}”")
    t0 = time.perf_counter()

    def report(share: float, text: str) -> None:
        if progress is not None:
            progress(min(100, int(share * 100)), 100, text)

    with UnitOfWork(db) as uow:
        session = uow.session
        _refuse_if_not_empty(session)
        ctx = Context(random.Random(seed), today or dt.date.today(), Policy())
        for model in TABLES:
            ctx.rows.start_ids(model, (session.scalar(select(func.max(model.__table__.c.id))) or 0) + 1)
        report(0.0, "正在生成学校")
        gen = _generate_rows(ctx, SIZES[size], report)
        total_rows = ctx.rows.count()
        done = 0
        conn = session.connection()
        for model in TABLES:
            data = ctx.rows.data.get(model, [])
            for i in range(0, len(data), _CHUNK):
                conn.execute(insert(model.__table__), data[i : i + _CHUNK])
                done += len(data[i : i + _CHUNK])
                report(0.5 + 0.35 * done / max(total_rows, 1), f"正在写入{TABLE_NAMES[model]}")
        sequences.sync_sequences(conn, TABLES)  # PostgreSQL: the rows above carry their own ids
        first = (session.scalar(select(func.max(HonourName.position))) or 0) + 1  # the bureau's own honour names
        conn.execute(
            insert(HonourName),
            [dict(name=name, position=first + i, note=note, version=1) for i, (name, note) in enumerate(LOCAL_HONOURS)],
        )
        counts = {model.__tablename__: len(ctx.rows.data.get(model, [])) for model in TABLES}
        counts[HonourName.__tablename__] = len(LOCAL_HONOURS)
        batch = ImportBatch(
            user=session.info.get("user") or os_user(),
            kind="demo",
            files="[]",
            summary=json.dumps(counts, ensure_ascii=False),
        )
        session.add(batch)
        session.flush()
        conn.execute(
            insert(AuditLog.__table__),
            [
                dict(
                    at=dt.datetime.now().replace(microsecond=0),
                    user=batch.user,
                    action="import",
                    table_name=t,
                    record_id=None,
                    teacher_id=None,
                    field=None,
                    old=None,
                    new=f"{NOTE}：{n} 行（种子 {seed}）",
                    batch_id=batch.id,
                )
                for t, n in counts.items()
                if n
            ],
        )
        ids = [r["id"] for r in ctx.rows.data[Teacher]]
        step = 5000
        for i in range(0, len(ids), step):
            current.refresh(session, ids[i : i + step], ctx.today)
            report(0.85 + 0.13 * min(i + step, len(ids)) / len(ids), "正在计算当前任职信息")
        report(0.985, "正在编制调配方案")  # issue 22 §2: reads the written rows (subject gaps), in this session
        redeployed = demo_redeploy.build(session, ctx, db, COUNTIES[0][0] if SIZES[size] > 1 else None)
        report(0.99, "正在保存")
        uow.commit()
    planner.analyze(db.engine)
    fates = gen["fates"]
    summary = dict(
        size=size,
        seed=seed,
        counties=SIZES[size],
        schools=len(ctx.schools),
        teachers=len(ids),
        active=fates["active"] + fates["silver"],
        retired=fates["retired"],
        left=fates["left"],
        placements=gen["placements"],
        pairings=gen["pairings"],
        designations=counts["designation"],
        rows=total_rows,
        batch_id=batch.id,
        redeployed=redeployed["redeploy_moves"],
        seconds=round(time.perf_counter() - t0, 2),
    )
    report(1.0, "完成")
    return summary


def describe(summary: dict) -> str:
    """The summary as the clerk reads it."""
    p = summary["placements"]
    where = "一个县" if summary["size"] == "county" else f"一个市，{summary['counties']}个县区"
    return (
        f"已生成演示数据（{where}，"
        f"随机种子 {summary['seed']}）：\n"
        f"  学校 {summary['schools']} 所，教师 {summary['teachers']} 人"
        f"（在岗 {summary['active']}，退休 {summary['retired']}，调出或辞职 {summary['left']}）\n"
        f"  本学年交流轮岗 {p.get('交流轮岗', 0)} 人，支教 {p.get('支教', 0)} 人，借调 {p.get('借调', 0)} 人，"
        f"借调超过一年 {p.get('长期借调', 0)} 人\n"
        f"  称号记录（骨干、名师、名校长、名班主任等） {summary['designations']} 条，"
        f"青蓝工程师徒结对 {summary['pairings']} 对\n"
        f"  共写入 {summary['rows']} 行，用时 {summary['seconds']} 秒"
    )
