"""Dated events of the teachers in a scope, for the annual and monthly figures.

Dates are stored as text ('YYYY', 'YYYY-MM', 'YYYY-MM-DD'); events are counted in SQL, grouped by
their first seven characters, and kept as Counters keyed by (…, (year, month or 0)): an event known
only to the year counts in its year but in no month. Only the teachers themselves (status, first
post, source) and the top titles are read row by row. Teachers belong to the scope by their current
post school. Tables of other areas (training, separations, recruitment, reserve pool) are read when
the database has them, through reflection, so these figures never depend on another area's module.
"""

from __future__ import annotations

import weakref
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import MetaData, String, Table, case, func, inspect, select, type_coerce
from sqlalchemy.engine import Engine

from talentdesk.domain import codes
from talentdesk.store.models import Designation, Honour, Pairing, Placement, PostRecord, Teacher, TitleRecord
from talentdesk.store.models_designations import DesignationReview

YM = tuple[int, int]  # (year, month or 0)
TOP_TITLES = ("正高级教师", "高级教师")


@lru_cache(maxsize=65536)
def ym(text: str | None) -> YM | None:
    if not text or len(text) < 4 or not text[:4].isdigit():
        return None
    month = int(text[5:7]) if len(text) >= 7 and text[5:7].isdigit() else 0
    return int(text[:4]), month


def within(d: YM | None, start: YM, end: YM) -> bool:
    """Whether an event dated D lies in the months START … END (both included). An event known only to its
    year (month 0) lies in a span that holds that whole year, and in no shorter one."""
    if not d:
        return False
    if d[1] == 0:
        return start <= (d[0], 1) and (d[0], 12) <= end
    return start <= d <= end


def raw(col):
    return type_coerce(col, String)


@dataclass
class Events:
    teachers: dict[int, tuple] = field(default_factory=dict)  # id → (status, status ym, source, form)
    entry: dict[int, YM | None] = field(default_factory=dict)  # first post start (or work start)
    entries: list[tuple[int, YM]] = field(default_factory=list)  # (teacher, month) of every entry: the first
    # post, and a post begun after a gap (a retiree re-engaged for 银龄讲学 returns as a new entrant)
    spells: dict[int, list[tuple[YM, YM | None]]] = field(default_factory=dict)  # post records (start, end)
    top_titles: list[tuple[int, str, YM]] = field(default_factory=list)  # 正高级/高级 records (stock at a date)
    moves: Counter = field(default_factory=Counter)  # ym → post moves to another school (校际调动/调配)
    leaves: Counter = field(default_factory=Counter)  # (kind, ym)
    titles: Counter = field(default_factory=Counter)  # (title, ym)
    title_routes: Counter = field(default_factory=Counter)  # (route or 未记录, ym) of titles (not 未定职级)
    route_names: list[str] = field(default_factory=list)  # the bureau's routes, then others used, then 未记录
    careers: dict[int, list] = field(default_factory=dict)  # teacher → domain.titles.Title records (评而未聘)
    # (teacher, how many of the teacher's career changes had happened by the day) → 评而未聘 then; see annual.waiting
    waiting_memo: dict[tuple[int, int], bool] = field(default_factory=dict)
    career_changes: dict[int, list[tuple[int, int, int]] | None] = field(default_factory=dict)  # None: never waits
    placements: Counter = field(default_factory=Counter)  # (kind, ym)
    designations: Counter = field(default_factory=Counter)  # (level, ym) of 骨干 and the other teaching titles
    sanming: Counter = field(default_factory=Counter)  # (kind, ym): 名师/名校长/名班主任 designated (三名工程)
    sanming_levels: Counter = field(default_factory=Counter)  # (level, ym) of the same
    designation_reviews: Counter = field(default_factory=Counter)  # (decision, ym): 继续保留/撤销/降级
    honours: Counter = field(default_factory=Counter)  # (level, ym)
    pairings: Counter = field(default_factory=Counter)  # ym → new mentees
    training: Counter | None = None  # (level, ym) → person-times; None: no tables
    training_hours: Counter | None = None  # (level, ym) → hours
    local_returns: Counter | None = None  # year → 本地生源回归 hires; None: no tables
    promotions: Counter | None = None  # ym → 后备干部 appointed; None: no tables
    leader_promotions: Counter = field(default_factory=Counter)  # (post category, ym) → promotions (提任)
    agreements: Counter | None = None  # (kind, ym) → 银龄讲学/柔性引进 agreements begun; None: no table
    # valid 编制台账 decisions (issue 22 §1) touching a school in scope, or the county pool: (kind, ym, school id,
    # receiving school id, posts, school in scope, receiving school in scope); None: no ledger table
    quota: list[tuple[str, YM, int | None, int | None, int, bool, bool]] | None = None
    # every leaver (issue 22 §3): (teacher, kind, ym, reason code, destination kind, province, degree, title,
    # 骨干-or-above designation levels); reason/destination None where the separation was not coded
    leavers: list[tuple] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # Chinese notes on data not kept
    who: dict | None = None  # load(who=True): counter name → {key: [teacher ids]}, the teachers behind each count

    def ids_in_span(self, name: str, start: YM, end: YM, key=None, canon=None) -> set[int]:
        """The teachers behind in_span(getattr(self, NAME), START, END, KEY); CANON maps a stored key (a level
        as written) to the one KEY names."""
        out: set[int] = set()
        for k, tids in ((self.who or {}).get(name) or {}).items():
            d = k[-1] if isinstance(k, tuple) and isinstance(k[-1], tuple) else k
            first = k[0] if isinstance(k, tuple) and isinstance(k[-1], tuple) else None
            if canon is not None and first is not None:
                first = canon(first)
            if within(d, start, end) and (key is None or first == key):
                out.update(tids)
        return out

    def in_year(self, counter: Counter, year: int, key=None) -> float:
        """Sum of COUNTER over events in YEAR (and with first key KEY when the keys are tuples)."""
        return self.in_span(counter, (year, 1), (year, 12), key)

    def in_span(self, counter: Counter, start: YM, end: YM, key=None) -> float:
        """Sum of COUNTER over events from month START to month END (see within)."""
        total = 0
        for k, v in counter.items():
            d = k[-1] if isinstance(k[-1], tuple) else k
            if within(d, start, end) and (key is None or k[0] == key):
                total += v
        return total

    def in_month(self, counter: Counter, month: YM, key=None) -> float:
        total = 0
        for k, v in counter.items():
            d = k[-1] if isinstance(k[-1], tuple) else k
            if d == month and (key is None or k[0] == key):
                total += v
        return total

    def transfers(self, month: YM) -> int:
        """Post moves to another school in MONTH (校际调动): a later post record at the same school is none."""
        return self.moves.get(month, 0)


# reflected tables per engine (the schema is fixed once a database is open and migrated): reflecting costs a
# dozen catalogue queries per table on PostgreSQL, which every annual or monthly report would otherwise pay
_REFLECTED: weakref.WeakKeyDictionary[Engine, dict[str, Table | None]] = weakref.WeakKeyDictionary()


def _table(session, name: str, needed: set[str]):
    conn = session.connection()
    known = _REFLECTED.setdefault(conn.engine, {})
    if name not in known:
        known[name] = Table(name, MetaData(), autoload_with=conn) if inspect(conn).has_table(name) else None
    t = known[name]
    return t if t is not None and needed <= set(t.c.keys()) else None


def _count(session, school_ids, since, teacher_col, date_col, *keys, who: dict | None = None, where=None) -> Counter:
    """Counter {(*keys, ym): count} over rows of teachers in scope dated from SINCE on, grouped in SQL. WHO (a
    dict): also filled with {(*keys, ym): [teacher ids]} (grouped by teacher too). WHERE: a further condition."""
    d = func.substr(raw(date_col), 1, 7).label("d")
    by = (teacher_col,) if who is not None else ()
    stmt = select(*keys, d, func.count(), *by).where(date_col.is_not(None)).group_by(*keys, d, *by)
    if where is not None:
        stmt = stmt.where(where)
    if since:
        stmt = stmt.where(raw(date_col) >= since)
    if school_ids is not None:
        stmt = stmt.join(Teacher.__table__, Teacher.__table__.c.id == teacher_col).where(
            Teacher.__table__.c.cur_post_school_id.in_(school_ids)
        )
    out: Counter = Counter()
    for row in session.execute(stmt):
        *k, date, n = row[:-1] if by else row
        when = ym(date)
        if when:
            key = (*k, when) if k else when
            out[key] += n
            if who is not None:
                who.setdefault(key, []).append(row[-1])
    return out


def _start_ym(text: str | None) -> YM | None:
    """A post's first month; a start known only to the year begins in September (the school year)."""
    d = ym(text)
    return (d[0], 9) if d and d[1] == 0 else d


def _end_ym(text: str | None) -> YM | None:
    d = ym(text)
    return (d[0], 8) if d and d[1] == 0 else d


def _posts(session, ev: Events, since: str | None) -> None:
    """From the post records of the teachers in scope: each teacher's spells, the post moves to another school
    (校际调动; a later record at the same school is none) and the entries (the first post, and a post begun after
    a gap of more than a month). Entries and moves are dated as recorded (a year alone counts in no month)."""
    rows = (
        session.connection()
        .execute(
            select(PostRecord.teacher_id, PostRecord.school_id, raw(PostRecord.start), raw(PostRecord.end)).order_by(
                PostRecord.teacher_id, raw(PostRecord.start), PostRecord.id
            )
        )
        .cursor.fetchall()
    )
    open_end = (9999, 12)
    prev_tid = prev_school = covered = None
    for tid, school, start, end in rows:
        if tid not in ev.teachers:
            continue
        first, last = _start_ym(start), _end_ym(end)
        if first is None:
            continue
        ev.spells.setdefault(tid, []).append((first, last))
        same = tid == prev_tid
        counted = not since or start >= since
        if counted and same and school != prev_school:
            ev.moves[ym(start)] += 1
            if ev.who is not None:
                ev.who.setdefault("moves", {}).setdefault(ym(start), []).append(tid)
        if counted and (not same or _next(covered) < first):
            ev.entries.append((tid, ym(start)))
        covered = max(covered, last or open_end) if same else (last or open_end)
        prev_tid, prev_school = tid, school


def _next(d: YM) -> YM:
    return (d[0] + 1, 1) if d[1] == 12 else (d[0], d[1] + 1)


def _leavers(session, ev: Events, since: str | None) -> None:
    """Events.leavers: from the separation records (coded reasons and destinations where the table has them),
    else from the teachers' status; degree and title as on file (a leaver's file stops when leaving)."""
    mine = ev.teachers
    t = Teacher.__table__.c
    facts = {
        tid: (degree, title)
        for tid, degree, title in session.execute(
            select(t.id, t.cur_degree, t.cur_title).where(t.status != codes.ACTIVE_STATUS)
        )
        if tid in mine
    }
    levels: dict[int, list[str]] = {}
    for tid, kind, level in session.execute(select(Designation.teacher_id, Designation.kind, Designation.level)):
        if tid in facts and codes.is_backbone_kind(kind) and level:
            levels.setdefault(tid, []).append(level)
    sep = _table(session, "separation", {"teacher_id", "kind", "date"})
    coded = _table(session, "separation", {"teacher_id", "kind", "date", "reason_code", "dest_kind", "dest_province"})
    rows: list[tuple] = []
    if sep is not None and session.scalar(select(func.count()).select_from(sep)):
        extra = (coded.c.reason_code, coded.c.dest_kind, coded.c.dest_province) if coded is not None else ()
        base = coded if coded is not None else sep
        for tid, kind, date, *more in session.execute(select(base.c.teacher_id, base.c.kind, raw(base.c.date), *extra)):
            rows.append((tid, kind, ym(date), *(more or (None, None, None))))
    else:
        rows = [(tid, status, left, None, None, None) for tid, (status, left, _, _) in mine.items()]
    low = ym(since) if since else None
    for tid, kind, when, reason, dest, province in rows:
        if tid not in facts or not when or kind == codes.ACTIVE_STATUS or (low and when < low):
            continue
        degree, title = facts[tid]
        ev.leavers.append((tid, kind, when, reason, dest, province, degree, title, levels.get(tid, [])))


def load(session, school_ids: set[int] | None, since: str | None = None, who: bool = False) -> Events:
    """SINCE ('YYYY' or 'YYYY-MM'): count only events dated from then on (the periods a report shows).
    WHO: also keep the teachers behind each count (Events.who, Events.ids_in_span), for figures a clerk clicks."""
    ev = Events(who={} if who else None)
    w = (lambda name: ev.who.setdefault(name, {})) if who else (lambda name: None)
    t = Teacher.__table__.c
    first = (
        select(PostRecord.teacher_id.label("tid"), func.min(raw(PostRecord.start)).label("s"))
        .group_by(PostRecord.teacher_id)
        .subquery()
    )
    stmt = select(
        t.id, t.status, raw(t.status_date), t.source, t.employment_form, raw(t.work_start), first.c.s
    ).outerjoin(first, first.c.tid == t.id)
    if school_ids is not None:
        stmt = stmt.where(t.cur_post_school_id.in_(school_ids))
    rows = session.connection().execute(stmt).cursor.fetchall()  # plain DBAPI tuples: no per-row processing
    for tid, status, sdate, source, form, ws, start in rows:
        ev.teachers[tid] = (status, ym(sdate), source, form)
        ev.entry[tid] = ym(start) or ym(ws)
    mine = ev.teachers
    tops = (
        session.connection()
        .execute(
            select(TitleRecord.teacher_id, TitleRecord.title, raw(TitleRecord.obtained)).where(
                TitleRecord.title.in_(TOP_TITLES)
            )
        )
        .cursor.fetchall()
    )
    for tid, title, obtained in tops:
        if tid in mine and (d := ym(obtained)):
            ev.top_titles.append((tid, title, d))
    _posts(session, ev, since)
    have = {tid for tid, _ in ev.entries} | set(ev.spells)
    for tid, d in ev.entry.items():  # no dated post record: the work start is the entry
        if tid not in have and d is not None and (not since or d >= ym(since)):
            ev.entries.append((tid, d))
    ev.titles = _count(
        session, school_ids, since, TitleRecord.teacher_id, TitleRecord.obtained, TitleRecord.title, who=w("titles")
    )
    _titles(session, ev, school_ids, since, w("title_routes"))
    ev.placements = _count(
        session, school_ids, since, Placement.teacher_id, Placement.start, Placement.kind, who=w("placements")
    )
    # 骨干称号: the teaching designations; 名校长/名班主任 are counted apart (三名工程, issue 20 §3), not as 骨干
    ev.designations = _count(
        session,
        school_ids,
        since,
        Designation.teacher_id,
        Designation.start,
        Designation.level,
        who=w("designations"),
        where=Designation.kind.not_in(codes.ROLE_KINDS),
    )
    lowered = select(DesignationReview.successor_id).where(DesignationReview.successor_id.is_not(None))
    named = Designation.kind.in_(codes.SANMING_KINDS) & Designation.id.not_in(lowered)  # a 降级 is no new title
    ev.sanming = _count(
        session,
        school_ids,
        since,
        Designation.teacher_id,
        Designation.start,
        Designation.kind,
        who=w("sanming"),
        where=named,
    )
    ev.sanming_levels = _count(
        session,
        school_ids,
        since,
        Designation.teacher_id,
        Designation.start,
        Designation.level,
        who=w("sanming_levels"),
        where=named,
    )
    ev.designation_reviews = _count(
        session,
        school_ids,
        since,
        DesignationReview.teacher_id,
        DesignationReview.date,
        DesignationReview.decision,
        who=w("designation_reviews"),
    )
    ev.honours = _count(session, school_ids, since, Honour.teacher_id, Honour.date, Honour.level, who=w("honours"))
    ev.pairings = _count(session, school_ids, since, Pairing.mentee_id, Pairing.start, who=w("pairings"))

    sep = _table(session, "separation", {"teacher_id", "kind", "date"})
    if sep is not None and session.scalar(select(func.count()).select_from(sep)):
        ev.leaves = _count(session, school_ids, since, sep.c.teacher_id, sep.c.date, sep.c.kind, who=w("leaves"))
    else:
        for tid, (status, left, _, _) in mine.items():
            if status != codes.ACTIVE_STATUS and left:
                ev.leaves[(status, left)] += 1
                if who:
                    w("leaves").setdefault((status, left), []).append(tid)

    _leavers(session, ev, since)

    rec = _table(session, "training_record", {"teacher_id", "course_id", "hours"})
    course = _table(session, "training_course", {"id", "level", "start"})
    if rec is not None and course is not None:
        d = func.substr(raw(course.c.start), 1, 7).label("d")
        by = (rec.c.teacher_id,) if who else ()
        stmt = (
            select(course.c.level, d, func.count(), func.coalesce(func.sum(rec.c.hours), 0), *by)
            .join(course, course.c.id == rec.c.course_id)
            .where(course.c.start.is_not(None))
            .group_by(course.c.level, d, *by)
        )
        if since:
            stmt = stmt.where(raw(course.c.start) >= since)
        if school_ids is not None:
            stmt = stmt.join(Teacher.__table__, t.id == rec.c.teacher_id).where(t.cur_post_school_id.in_(school_ids))
        ev.training, ev.training_hours = Counter(), Counter()
        for level, date, n, hours, *tid in session.execute(stmt):
            if when := ym(date):
                ev.training[(level or "", when)] += n
                ev.training_hours[(level or "", when)] += float(hours or 0)
                if tid:
                    w("training").setdefault((level or "", when), []).append(tid[0])
    else:
        ev.missing.append("培训：数据库中没有培训记录表，培训人次和学时未统计。")
    cand = _table(session, "candidate", {"batch_id", "teacher_id", "student_id"})
    batch = _table(session, "recruit_batch", {"id", "year"})
    if cand is not None and batch is not None:
        ev.local_returns = Counter()
        for tid, year in session.execute(
            select(cand.c.teacher_id, batch.c.year)
            .join(batch, batch.c.id == cand.c.batch_id)
            .where(cand.c.teacher_id.is_not(None), cand.c.student_id.is_not(None))
        ):
            if tid in mine:
                ev.local_returns[year] += 1
                if who:
                    w("local_returns").setdefault((year, 0), []).append(tid)
    else:
        ev.missing.append("本地生源回归：数据库中没有招聘记录表，未统计。")
    agr = _table(session, "talent_agreement", {"teacher_id", "kind", "start"})
    if agr is not None:
        ev.agreements = _count(
            session, school_ids, since, agr.c.teacher_id, agr.c.start, agr.c.kind, who=w("agreements")
        )
    _leader_promotions(session, ev, since, w("leader_promotions"))
    res = _table(session, "reserve_entry", {"teacher_id", "pool", "status", "exited"})
    if res is not None:
        ev.promotions = Counter()
        for tid, exited in session.execute(
            select(res.c.teacher_id, raw(res.c.exited)).where(res.c.pool == "后备干部", res.c.status == "已任用")
        ):
            if tid in mine and (d := ym(exited)):
                ev.promotions[d] += 1
                if who:
                    w("promotions").setdefault(d, []).append(tid)
    else:
        ev.missing.append("提拔任用：数据库中没有后备干部记录表，未统计。")
    _quota(session, ev, school_ids, since)
    return ev


def _quota(session, ev: Events, school_ids: set[int] | None, since: str | None) -> None:
    """The ledger's valid decisions from SINCE on that name a school in scope (either side of a 调剂); the pool's own
    入池 only for the whole county (SCHOOL_IDS None)."""
    q = _table(session, "quota_decision", {"kind", "decided_on", "school_id", "to_school_id", "count", "void"})
    if q is None:
        return
    stmt = select(q.c.kind, q.c.decided_on, q.c.school_id, q.c.to_school_id, q.c["count"]).where(q.c.void.is_(False))
    ev.quota = []
    first = ym(since) if since else None
    for kind, day, sid, to, n in session.execute(stmt):
        d = ym(day.isoformat() if hasattr(day, "isoformat") else day)
        if d is None or (first is not None and d < first):
            continue
        here = school_ids is None or sid in school_ids
        there = to is not None and (school_ids is None or to in school_ids)
        if school_ids is not None and not here and not there:
            continue
        ev.quota.append((kind, d, sid, to, n, here, there))


def _titles(session, ev: Events, school_ids, since: str | None, who: dict | None) -> None:
    """Titles obtained by route (issue 20 §2) and every title record of the teachers in scope, for 评而未聘."""
    from talentdesk.domain import titles as rules
    from talentdesk.store.models_titles import TitleRoute

    levelled = [t for t in codes.TITLE.labels if rules.level_of(t)]
    route = case(
        (TitleRecord.title.in_(levelled), func.coalesce(TitleRecord.route, rules.UNRECORDED)), else_=None
    ).label("route")
    ev.title_routes = _count(session, school_ids, since, TitleRecord.teacher_id, TitleRecord.obtained, route, who=who)
    listed = list(session.scalars(select(TitleRoute.name).order_by(TitleRoute.position, TitleRoute.id)))
    used = {k[0] for k in ev.title_routes if k[0]} - set(listed) - {rules.UNRECORDED}
    ev.route_names = listed + sorted(used) + [rules.UNRECORDED]
    mine = ev.teachers
    for tid, title, got, appointed, benefit in session.execute(
        select(
            TitleRecord.teacher_id,
            TitleRecord.title,
            TitleRecord.obtained,
            TitleRecord.appointed,
            TitleRecord.benefit_only,
        )
    ):
        if tid in mine:
            ev.careers.setdefault(tid, []).append(rules.Title(title, got, appointed, bool(benefit)))


def _leader_promotions(session, ev: Events, since: str | None, who: dict | None) -> None:
    """Promotions to a school leader's or middle post (reports.leaders.promotions: begun, and no post of that rank
    or higher held before; 挂职 none), by category and month, for the teachers in scope."""
    from talentdesk.reports import leaders

    first = ym(since) if since else None
    for p in leaders.promotions(leaders.load(session), first or (0, 0), (9999, 12)):
        tid, start = p.spell.teacher_id, p.spell.start
        if tid in ev.teachers and start is not None:
            key = (p.spell.category, (start.year, start.month or 0))
            ev.leader_promotions[key] += 1
            if who is not None:
                who.setdefault(key, []).append(tid)


def in_stock(ev: Events, tid: int, end: YM) -> bool:
    """Serving at the end of period END: not yet left, and a post record covers END (a re-engaged retiree is not
    in service through the gap); a teacher without dated post records counts from the entry."""
    status, left, _, _ = ev.teachers[tid]
    if status != codes.ACTIVE_STATUS and (left is None or left <= end):
        return False
    spells = ev.spells.get(tid)
    if spells:
        return any(a <= end and (b is None or b >= end) for a, b in spells)
    entry = ev.entry.get(tid)
    return not (entry and entry > end)
