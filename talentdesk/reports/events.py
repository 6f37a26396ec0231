"""Dated events of the teachers in a scope, for the annual and monthly figures.

Dates are read as their stored text ('YYYY', 'YYYY-MM', 'YYYY-MM-DD') and kept as (year, month or 0):
an event known only to the year counts in its year but in no month. Teachers belong to the scope by
their current post school. Tables of other areas (training, separations, recruitment, reserve pool)
are read when the database has them, through reflection, so these figures never depend on another
area's module being importable.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import MetaData, String, Table, inspect, select, type_coerce

from talentdesk.domain import codes
from talentdesk.store.models import Designation, Honour, Pairing, Placement, PostRecord, Teacher, TitleRecord

YM = tuple[int, int]  # (year, month or 0)


def ym(text: str | None) -> YM | None:
    if not text or len(text) < 4 or not text[:4].isdigit():
        return None
    month = int(text[5:7]) if len(text) >= 7 and text[5:7].isdigit() else 0
    return int(text[:4]), month


def raw(col):
    return type_coerce(col, String)


@dataclass
class Events:
    teachers: dict[int, tuple] = field(default_factory=dict)  # id → (status, status ym, source, form)
    entry: dict[int, YM | None] = field(default_factory=dict)  # first post start (or work start)
    transfers: list[tuple[int, YM]] = field(default_factory=list)  # later post starts (校际调动)
    leaves: list[tuple[int, str, YM | None]] = field(default_factory=list)  # id, kind, date
    titles: list[tuple[int, str, YM]] = field(default_factory=list)
    placements: list[tuple[int, str, YM]] = field(default_factory=list)
    designations: list[tuple[int, str, str, YM]] = field(default_factory=list)  # id, level, kind, date
    honours: list[tuple[int, str, YM]] = field(default_factory=list)
    pairings: list[tuple[int, YM]] = field(default_factory=list)  # mentee id, start
    training: list[tuple[int, str, float, YM]] | None = None  # id, level, hours, date; None: no tables
    local_returns: dict[int, int] | None = None  # year → 本地生源回归 hires; None: no tables
    promotions: list[tuple[int, YM]] | None = None  # 后备干部 appointed; None: no tables
    missing: list[str] = field(default_factory=list)  # Chinese notes on data not kept


def _table(session, name: str, needed: set[str]):
    insp = inspect(session.connection())
    if not insp.has_table(name):
        return None
    t = Table(name, MetaData(), autoload_with=session.connection())
    return t if needed <= set(t.c.keys()) else None


def load(session, school_ids: set[int] | None) -> Events:
    ev = Events()
    t = Teacher.__table__.c
    stmt = select(t.id, t.status, raw(t.status_date), t.source, t.employment_form, raw(t.work_start))
    if school_ids is not None:
        stmt = stmt.where(t.cur_post_school_id.in_(school_ids))
    work_start = {}
    for tid, status, sdate, source, form, ws in session.execute(stmt):
        ev.teachers[tid] = (status, ym(sdate), source, form)
        work_start[tid] = ym(ws)
    mine = ev.teachers.keys()

    posts = defaultdict(list)
    for tid, start in session.execute(select(PostRecord.teacher_id, raw(PostRecord.start))):
        if tid in mine:
            posts[tid].append(ym(start))
    for tid in mine:
        starts = sorted(p for p in posts.get(tid, []) if p)
        ev.entry[tid] = starts[0] if starts else work_start.get(tid)
        ev.transfers += [(tid, s) for s in starts[1:]]
    sep = _table(session, "separation", {"teacher_id", "kind", "date"})
    sep_rows = list(session.execute(select(sep.c.teacher_id, sep.c.kind, raw(sep.c.date)))) if sep is not None else []
    if sep_rows:
        ev.leaves = [(tid, kind, ym(date)) for tid, kind, date in sep_rows if tid in mine]
    else:
        ev.leaves = [(tid, st, sd) for tid, (st, sd, _, _) in ev.teachers.items() if st != codes.ACTIVE_STATUS]
    for tid, title, obtained in session.execute(select(TitleRecord.teacher_id, TitleRecord.title,
                                                       raw(TitleRecord.obtained))):
        if tid in mine and (d := ym(obtained)):
            ev.titles.append((tid, title, d))
    for tid, kind, start in session.execute(select(Placement.teacher_id, Placement.kind, raw(Placement.start))):
        if tid in mine and (d := ym(start)):
            ev.placements.append((tid, kind, d))
    for tid, level, kind, start in session.execute(select(Designation.teacher_id, Designation.level,
                                                          Designation.kind, raw(Designation.start))):
        if tid in mine and (d := ym(start)):
            ev.designations.append((tid, level, kind, d))
    for tid, level, date in session.execute(select(Honour.teacher_id, Honour.level, raw(Honour.date))):
        if tid in mine and (d := ym(date)):
            ev.honours.append((tid, level or "", d))
    for mentee, start in session.execute(select(Pairing.mentee_id, raw(Pairing.start))):
        if mentee in mine and (d := ym(start)):
            ev.pairings.append((mentee, d))

    rec = _table(session, "training_record", {"teacher_id", "course_id", "hours"})
    course = _table(session, "training_course", {"id", "level", "start"})
    if rec is not None and course is not None:
        ev.training = []
        for tid, level, hours, start in session.execute(
                select(rec.c.teacher_id, course.c.level, rec.c.hours, raw(course.c.start))
                .join(course, course.c.id == rec.c.course_id)):
            if tid in mine and (d := ym(start)):
                ev.training.append((tid, level or "", float(hours or 0), d))
    else:
        ev.missing.append("培训：数据库中没有培训记录表，培训人次和学时未统计。")
    cand = _table(session, "candidate", {"batch_id", "teacher_id", "student_id"})
    batch = _table(session, "recruit_batch", {"id", "year"})
    if cand is not None and batch is not None:
        ev.local_returns = defaultdict(int)
        for tid, year in session.execute(select(cand.c.teacher_id, batch.c.year)
                                         .join(batch, batch.c.id == cand.c.batch_id)
                                         .where(cand.c.teacher_id.is_not(None), cand.c.student_id.is_not(None))):
            if tid in mine:
                ev.local_returns[year] += 1
    else:
        ev.missing.append("本地生源回归：数据库中没有招聘记录表，未统计。")
    res = _table(session, "reserve_entry", {"teacher_id", "pool", "status", "exited"})
    if res is not None:
        ev.promotions = []
        for tid, exited in session.execute(select(res.c.teacher_id, raw(res.c.exited))
                                           .where(res.c.pool == "后备干部", res.c.status == "已任用")):
            if tid in mine and (d := ym(exited)):
                ev.promotions.append((tid, d))
    else:
        ev.missing.append("提拔任用：数据库中没有后备干部记录表，未统计。")
    return ev


def in_stock(ev: Events, tid: int, end: YM) -> bool:
    """Serving at the end of period END (entered by then and not yet left)."""
    status, left, _, _ = ev.teachers[tid]
    entry = ev.entry.get(tid)
    if entry and entry > end:
        return False
    if status == codes.ACTIVE_STATUS:
        return True
    return left is not None and left > end
