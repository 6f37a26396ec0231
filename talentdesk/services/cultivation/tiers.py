"""Talent tiers (the growth ladder 教坛新秀 → 骨干教师 → 学科带头人 → 名师 → 特级教师, 正高级 title) and the
reserve pool (后备人才库: 后备干部 / 后备名师)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select

from talentdesk.domain import codes, idnumber
from talentdesk.domain.cultivation import LADDER, RESERVE_POOLS, RESERVE_STATUS, TOP_TITLE, tier_of
from talentdesk.domain.dates import PartialDate
from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.cultivation.persons import choice, date, text
from talentdesk.services.platform.records import upsert
from talentdesk.store.models import Designation, School, Teacher, TitleRecord
from talentdesk.store.models_cultivation import ReserveEntry
from talentdesk.store.uow import UnitOfWork

LEVELS = tuple(c.label for c in sorted(codes.LEVEL.entries, key=lambda c: -c.rank))  # 国家级 … 校级
TIERS = (*reversed(LADDER), TOP_TITLE)


def ladder(s, on: dt.date, school_ids: set[int] | None = None) -> tuple[dict[int, int | None], dict, set[int]]:
    """({serving teacher: post school}, {teacher: (tier, level)} by the highest designation current on ON,
    {teachers holding 正高级}) for the serving teachers whose post school is in scope."""
    now = PartialDate.from_date(on)
    serving = {
        tid: post
        for tid, post in s.execute(
            select(Teacher.id, Teacher.cur_post_school_id).where(Teacher.status == codes.ACTIVE_STATUS)
        )
        if school_ids is None or post in school_ids
    }
    current: dict[int, list] = defaultdict(list)
    for tid, kind, level, start, end in s.execute(
        select(Designation.teacher_id, Designation.kind, Designation.level, Designation.start, Designation.end)
    ):
        if tid in serving and (start is None or start <= now) and (end is None or end >= now):
            current[tid].append((kind, level))
    tiers = {}
    for tid, ds in current.items():
        kind, level = tier_of(ds, None)
        if kind:
            tiers[tid] = (kind, level)
    top = {
        tid for tid in s.scalars(select(TitleRecord.teacher_id).where(TitleRecord.title == TOP_TITLE)) if tid in serving
    }
    return serving, tiers, top


def tier_counts(db, today: dt.date | None = None, school_ids: set[int] | None = None) -> tuple[dict, set[int]]:
    """(tiers, 正高级 holders) of the serving teachers: tiers() and the report “tiers” read the same figures."""
    with db.sessions() as s:
        _, tiers, top = ladder(s, today or dt.date.today(), school_ids)
    return tiers, top


def tiers(db, today: dt.date | None = None, *, counts: bool = True) -> dict:
    """Counts per tier and level of serving teachers, and who moved up this year.

    Returns {"counts": {tier: {level: n}}, "totals": {tier: n}, "moved_up": [(name, school, from, to, date)]}.
    A teacher is counted once, at the highest current designation; 正高级教师 are counted apart too
    (the title is a rank of its own, held alongside a designation). The counts are the report's (ladder(),
    which reports.talent_tiers reads too); counts=False leaves them out (the 人才梯队 tab shows the report itself).
    """
    today = today or dt.date.today()
    with UnitOfWork(db) as uow:
        s = uow.session
        serving = select(Teacher.id).where(Teacher.status == "在岗")
        history = defaultdict(list)
        for tid, kind, level, start in s.execute(
            select(Designation.teacher_id, Designation.kind, Designation.level, Designation.start).where(
                Designation.teacher_id.in_(serving)
            )
        ):
            if codes.is_ladder_kind(kind):  # 名校长/名班主任 are no step of the ladder
                history[tid].append((start, kind, level))
        names = {
            i: (n, sn or "")
            for i, n, sn in s.execute(
                select(Teacher.id, Teacher.name, School.name)
                .outerjoin(School, School.id == func.coalesce(Teacher.cur_work_school_id, Teacher.cur_post_school_id))
                .where(Teacher.id.in_(serving))
            )
        }
    by_tier: dict[str, dict[str, int]] = {t: defaultdict(int) for t in TIERS}
    if counts:
        tiers_now, top = tier_counts(db, today)  # the figures of the report “tiers” (reports.talent_tiers)
        for kind, level in tiers_now.values():
            by_tier[kind][level] += 1
        if top:
            by_tier[TOP_TITLE]["—"] = len(top)
    moved = []
    for tid, recs in history.items():
        recs.sort(key=lambda r: r[0] or PartialDate(1900))
        this_year = [r for r in recs if r[0] and r[0].year == today.year]
        for start, kind, level in this_year:
            before = [r for r in recs if r[0] is None or r[0] < start]
            prev = max(before, key=lambda r: (codes.DESIGNATION.rank(r[1]), codes.LEVEL.rank(r[2])), default=None)
            new_key = (codes.DESIGNATION.rank(kind), codes.LEVEL.rank(level))
            if prev is None or new_key > (codes.DESIGNATION.rank(prev[1]), codes.LEVEL.rank(prev[2])):
                name, school = names.get(tid, ("", ""))
                moved.append(
                    (tid, name, school, f"{prev[2]}{prev[1]}" if prev else "（无）", f"{level}{kind}", start.iso())
                )
    moved.sort(key=lambda r: (r[5], r[2], r[1]))
    return {
        "counts": {t: dict(v) for t, v in by_tier.items()},
        "totals": {t: sum(v.values()) for t, v in by_tier.items()},
        "moved_up": moved,
        "year": today.year,
    }


TIER_HEADERS = ("层级", *LEVELS, "合计")


def tier_table_rows(data: dict) -> list[tuple]:
    out = []
    for t in TIERS:
        c = data["counts"].get(t, {})
        if t == TOP_TITLE:
            out.append((f"{t}（职称）", *([""] * len(LEVELS)), c.get("—", 0)))
        else:
            out.append((t, *(c.get(lv, 0) for lv in LEVELS), sum(c.values())))
    return out


# ---------------------------------------------------------------- reserve pool

RESERVE_COLUMNS = (
    "id",
    "name",
    "id_masked",
    "school",
    "pool",
    "entered",
    "recommender",
    "status",
    "exited",
    "exit_reason",
    "teacher_id",
    "backbone",
    "title",
)
RESERVE_HEADERS = (
    "姓名",
    "身份证号",
    "所在学校",
    "类别",
    "入库时间",
    "推荐学校",
    "状态",
    "出库时间",
    "出库原因",
    "骨干称号",
    "职称",
)
RESERVE_FIELDS = ("teacher_id", "pool", "entered", "school_id", "status", "exited", "exit_reason", "note")


def reserve_rows(db, pool: str | None = None, status: str | None = None) -> list[tuple]:
    from sqlalchemy.orm import aliased

    cur, rec = aliased(School), aliased(School)
    stmt = (
        select(
            ReserveEntry.id,
            Teacher.name,
            Teacher.id_number,
            cur.name,
            ReserveEntry.pool,
            ReserveEntry.entered,
            rec.name,
            ReserveEntry.status,
            ReserveEntry.exited,
            ReserveEntry.exit_reason,
            Teacher.id,
            Teacher.cur_backbone,
            Teacher.cur_title,
        )
        .join(Teacher, Teacher.id == ReserveEntry.teacher_id)
        .outerjoin(cur, cur.id == func.coalesce(Teacher.cur_work_school_id, Teacher.cur_post_school_id))
        .outerjoin(rec, rec.id == ReserveEntry.school_id)
        .order_by(ReserveEntry.pool, ReserveEntry.status, cur.name.nulls_first(), Teacher.name)
    )
    if pool:
        stmt = stmt.where(ReserveEntry.pool == pool)
    if status:
        stmt = stmt.where(ReserveEntry.status == status)
    with UnitOfWork(db) as uow:
        return [
            (
                i,
                n,
                idnumber.mask(num),
                sc or "",
                p,
                e.iso() if e else "",
                r or "",
                st,
                x.iso() if x else "",
                why or "",
                tid,
                bb or "",
                ti or "",
            )
            for i, n, num, sc, p, e, r, st, x, why, tid, bb, ti in uow.session.execute(stmt)
        ]


def get_reserve(db, entry_id: int) -> dict:
    with UnitOfWork(db) as uow:
        e = uow.session.get(ReserveEntry, entry_id)
        if e is None:
            raise NotFound("找不到这条后备人才记录（可能已被删除）")
        return {"id": e.id, "version": e.version, **{f: getattr(e, f) for f in RESERVE_FIELDS}}


def save_reserve(
    db,
    entry_id: int | None,
    values: dict,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> int:
    """VERSION and BASE: what the form loaded (get_reserve); see services.platform.records.upsert."""
    access.require(db, "edit")
    problems: dict[str, str] = {}
    v = {
        "teacher_id": values.get("teacher_id"),
        "school_id": values.get("school_id") or None,
        "exit_reason": text(values.get("exit_reason")),
        "note": text(values.get("note")),
    }
    if not v["teacher_id"]:
        problems["teacher_id"] = "请选择教师"
    v["pool"] = choice("pool", values.get("pool"), RESERVE_POOLS, problems, required=True, label="类别")
    v["status"] = choice("status", values.get("status") or "在库", RESERVE_STATUS, problems, label="状态")
    v["entered"] = date("entered", values.get("entered"), problems)
    v["exited"] = date("exited", values.get("exited"), problems)
    if v["status"] in ("已任用", "已退出") and v["exited"] is None and "exited" not in problems:
        problems["exited"] = f"状态为“{v['status']}”时请填写出库时间"
    if v["status"] == "已退出" and not v["exit_reason"]:
        problems["exit_reason"] = "请写明退出原因"
    if v["status"] == "在库" and v["exited"] is not None:
        problems["exited"] = "仍在库的人员不应有出库时间"
    if v["entered"] and v["exited"] and v["exited"] < v["entered"]:
        problems["exited"] = "出库时间早于入库时间"
    if problems:
        raise ValidationError(problems)
    with UnitOfWork(db) as uow:
        s = uow.session
        dup = s.scalar(
            select(ReserveEntry.id).where(
                ReserveEntry.teacher_id == v["teacher_id"],
                ReserveEntry.pool == v["pool"],
                ReserveEntry.status == "在库",
            )
        )
        if v["status"] == "在库" and dup and dup != entry_id:
            raise ValidationError({"teacher_id": f"这名教师已在{v['pool']}库中"})
        e = upsert(
            s,
            ReserveEntry,
            entry_id,
            v,
            "找不到这条后备人才记录（可能已被删除）",
            expected_version=version,
            base=base,
            merge=merge,
            resolved=resolved,
        )
        s.flush()
        uow.commit()
        return e.id


def delete_reserve(db, entry_id: int) -> None:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        e = uow.session.get(ReserveEntry, entry_id)
        if e is not None:
            uow.session.delete(e)
        uow.commit()
