"""School leaders' lists and figures (issue 20 §1), pure data over the post records (store.models_leaders):
each school's leadership team at a date with age, title and years in post; schools without a 校长 or 书记; the
principals whose tenure in one school reached Policy.principal_term_years (for 校长交流); promotions by post over
a period. Registered in the report catalogue as `leaders` (PDF, Excel, JSON; `talentdesk report leaders`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.domain import leaders as rules
from talentdesk.domain.collation import sort_key
from talentdesk.domain.dates import PartialDate, age_on
from talentdesk.domain.policy import Policy
from talentdesk.reports import ReportTable
from talentdesk.store.models import School, Teacher, TitleRecord
from talentdesk.store.models_leaders import LeaderPost, LeaderPostName

YM = tuple[int, int]
NO_PRINCIPAL_KINDS = ("教学点",)  # a 教学点 is run by its 中心校: no principal of its own

TEAM_HEADERS = ("学校", "乡镇", "职务", "类别", "姓名", "性别", "年龄", "职称", "任职时间", "任现职年限", "任职方式")
MISSING_HEADERS = ("学校", "乡镇", "办学类型", "缺少", "现任校级领导")
TERM_HEADERS = ("学校", "乡镇", "姓名", "性别", "年龄", "职称", "职务", "本校任职起始", "连续任职年限", "任职方式")
PROMOTION_HEADERS = ("姓名", "学校", "新任职务", "类别", "任职时间", "任职方式", "此前最高职务")


@dataclass(frozen=True)
class Post:
    spell: rules.Spell
    post: str
    teacher: str
    gender: str
    birth: dt.date | None
    active_until: dt.date | None  # None: serving (or left on an unknown date, counted as serving)
    school: str
    township: str
    kind: str


def categories(session) -> dict[str, str]:
    """post name → category: the bureau's list over the national defaults."""
    listed = session.execute(select(LeaderPostName.name, LeaderPostName.category))
    return {**rules.DEFAULT_CATEGORY, **{n: c for n, c in listed}}


def load(session, school_ids: set[int] | None = None) -> list[Post]:
    """Every post record (of schools in SCHOOL_IDS, None: all) with its teacher and school."""
    cats = categories(session)
    lp, t, s = LeaderPost.__table__.c, Teacher.__table__.c, School.__table__.c
    stmt = (
        select(
            lp.id,
            lp.teacher_id,
            lp.school_id,
            lp.post,
            LeaderPost.start,
            LeaderPost.end,
            lp.method,
            t.name,
            t.gender,
            t.birth_date,
            t.status,
            Teacher.status_date,
            s.name,
            s.township,
            s.kind,
        )
        .join(Teacher.__table__, t.id == lp.teacher_id)
        .join(School.__table__, s.id == lp.school_id)
        .order_by(lp.id)
    )
    if school_ids is not None:
        stmt = stmt.where(lp.school_id.in_(school_ids))
    out = []
    for (
        rid,
        tid,
        sid,
        post,
        start,
        end,
        method,
        name,
        gender,
        birth,
        status,
        sdate,
        school,
        town,
        kind,
    ) in session.execute(stmt):
        left = sdate.first_day() if status != codes.ACTIVE_STATUS and isinstance(sdate, PartialDate) else None
        spell = rules.Spell(rid, tid, sid, cats.get(post, rules.OTHER), start, end, method)
        out.append(Post(spell, post, name, gender or "", birth, left, school, town or "", kind or ""))
    return out


def held(posts: list[Post], on: dt.date) -> list[Post]:
    """The posts held on ON by teachers still serving then, by school (pinyin) and rank."""
    out = [
        p
        for p in posts
        if rules.holds(p.spell.start, p.spell.end, on) and (p.active_until is None or p.active_until > on)
    ]
    out.sort(key=lambda p: (sort_key(p.school), p.spell.school_id, rules.rank(p.spell.category), p.post, p.teacher))
    return out


def titles_on(session, teacher_ids: set[int], on: dt.date) -> dict[int, str]:
    """Each teacher's highest title obtained by ON (a record without a date counts as held)."""
    best: dict[int, tuple[int, str]] = {}
    day = PartialDate.from_date(on)
    ids = sorted(teacher_ids)
    for i in range(0, len(ids), 900):
        for tid, title, obtained in session.execute(
            select(TitleRecord.teacher_id, TitleRecord.title, TitleRecord.obtained).where(
                TitleRecord.teacher_id.in_(ids[i : i + 900])
            )
        ):
            if obtained is not None and obtained > day:
                continue
            r = codes.TITLE.rank(title)
            if tid not in best or r > best[tid][0]:
                best[tid] = (r, title)
    return {tid: t for tid, (_, t) in best.items()}


def _age(p: Post, on: dt.date) -> int | str:
    return age_on(p.birth, on) if p.birth else ""


def team_rows(posts: list[Post], titles: dict[int, str], on: dt.date) -> list[tuple]:
    return [team_row(p, titles, on) for p in held(posts, on)]


def team_teachers(posts: list[Post], on: dt.date) -> tuple[int, ...]:
    """The teacher of each row of team_rows, in the same order."""
    return tuple(p.spell.teacher_id for p in held(posts, on))


def team_row(p: Post, titles: dict[int, str], on: dt.date) -> tuple:
    return (
        p.school,
        p.township,
        p.post,
        p.spell.category,
        p.teacher,
        p.gender,
        _age(p, on),
        titles.get(p.spell.teacher_id, ""),
        p.spell.start.iso() if p.spell.start else "",
        rules.years_text(rules.months_between(p.spell.start, on)) if p.spell.start else "",
        p.spell.method or "",
    )


def missing_rows(session, posts: list[Post], on: dt.date, school_ids: set[int] | None = None) -> list[tuple]:
    """Schools (not 教学点) with no 校长 or no 书记 on ON; 书记兼校长 counts for both."""
    now = held(posts, on)
    cats: dict[int, set[str]] = {}
    leaders: dict[int, list[str]] = {}
    for p in now:
        cats.setdefault(p.spell.school_id, set()).add(p.spell.category)
        if p.spell.category in rules.SCHOOL_LEADERS:
            leaders.setdefault(p.spell.school_id, []).append(f"{p.post}{p.teacher}")
    stmt = select(School.id, School.name, School.township, School.kind)
    if school_ids is not None:
        stmt = stmt.where(School.id.in_(school_ids))
    out = []
    for sid, name, town, kind in session.execute(stmt):
        if kind in NO_PRINCIPAL_KINDS:
            continue
        lack = [c for c in (rules.PRINCIPAL, rules.SECRETARY) if c not in cats.get(sid, set())]
        if lack:
            out.append((name, town or "", kind or "", "、".join(lack), "、".join(leaders.get(sid, []))))
    out.sort(key=lambda r: (-len(r[3]), sort_key(r[0])))
    return out


def term_rows(
    posts: list[Post], titles: dict[int, str], on: dt.date, years: int, categories=(rules.PRINCIPAL,)
) -> list[tuple[int, tuple]]:
    """(teacher id, row) of the holders of CATEGORIES on ON whose unbroken tenure at the same school is YEARS or
    more, longest first."""
    spells = by_teacher(posts)
    out = []
    for p in held(posts, on):
        if p.spell.category not in categories or p.spell.method == rules.SECONDMENT:
            continue
        begin = rules.tenure_start(spells[p.spell.teacher_id], p.spell)
        if begin is None:
            continue
        months = rules.months_between(begin, on)
        if months >= years * 12:
            out.append(
                (
                    months,
                    p.spell.teacher_id,
                    (
                        p.school,
                        p.township,
                        p.teacher,
                        p.gender,
                        _age(p, on),
                        titles.get(p.spell.teacher_id, ""),
                        p.post,
                        begin.iso(),
                        rules.years_text(months),
                        p.spell.method or "",
                    ),
                )
            )
    out.sort(key=lambda r: (-r[0], sort_key(r[2][0])))
    return [(tid, r) for _, tid, r in out]


def promotions(posts: list[Post], start: YM, end: YM) -> list[Post]:
    """Posts begun in the months START … END that were promotions (domain.leaders.is_promotion), in
    PROMOTION_CATEGORIES. A start known only to the year counts when the span holds that whole year."""
    from talentdesk.reports.events import within

    spells = by_teacher(posts)
    return [
        p
        for p in posts
        if p.spell.category in rules.PROMOTION_CATEGORIES
        and p.spell.start is not None
        and within((p.spell.start.year, p.spell.start.month or 0), start, end)
        and rules.is_promotion(spells[p.spell.teacher_id], p.spell)
    ]


def by_teacher(posts: list[Post]) -> dict[int, list[rules.Spell]]:
    out: dict[int, list[rules.Spell]] = {}
    for p in posts:
        out.setdefault(p.spell.teacher_id, []).append(p.spell)
    return out


def promotion_order(found: list[Post]) -> list[Post]:
    return sorted(found, key=lambda p: (rules.first_month(p.spell.start), sort_key(p.school)))  # type: ignore


def promotion_rows(posts: list[Post], found: list[Post]) -> list[tuple]:
    by_teacher: dict[int, list[Post]] = {}
    for p in posts:
        by_teacher.setdefault(p.spell.teacher_id, []).append(p)
    out = []
    for p in promotion_order(found):
        before = [
            q
            for q in by_teacher[p.spell.teacher_id]
            if q.spell.start is not None and rules.first_month(q.spell.start) < rules.first_month(p.spell.start)  # type: ignore
        ]
        prior = min(before, key=lambda q: rules.rank(q.spell.category)).post if before else ""
        out.append(
            (p.teacher, p.school, p.post, p.spell.category, p.spell.start.iso(), p.spell.method or "", prior)  # type: ignore
        )
    return out


def promotion_counts(found: list[Post]) -> Counter:
    return Counter(p.spell.category for p in found)


SPLIT = ("校级领导", "中层", "其他教师")


def training_split(session, trained: dict[int, tuple[int, float]], on: dt.date) -> list[tuple]:
    """People trained, person-times and hours of school leaders (校级: 书记 … 校长助理), 中层 and the other
    teachers, by the posts held on ON; TRAINED: teacher id → (person-times, hours). Rows of SPLIT and 合计."""
    group: dict[int, str] = {}
    for p in load(session):
        tid = p.spell.teacher_id
        if tid not in trained or not rules.holds(p.spell.start, p.spell.end, on):
            continue
        g = SPLIT[0] if p.spell.category in rules.SCHOOL_LEADERS else SPLIT[1] if p.spell.category == "中层" else None
        if g is not None and (group.get(tid) != SPLIT[0]):
            group[tid] = g
    people: Counter = Counter()
    times: Counter = Counter()
    hours: dict[str, float] = dict.fromkeys(SPLIT, 0.0)
    for tid, (n, h) in trained.items():
        g = group.get(tid, SPLIT[2])
        people[g] += 1
        times[g] += n
        hours[g] += h

    def row(label: str, a: int, b: int, c: float) -> tuple:
        return (label, a, b, round(c, 1), round(c / a, 1) if a else 0)

    rows = [row(g, people[g], times[g], hours[g]) for g in SPLIT]
    rows.append(row("合计", sum(people.values()), sum(times.values()), sum(hours.values())))
    return rows


def _on(params) -> dt.date:
    """The date the lists are for: the end of the month asked, or of the period, never after today; else today."""
    month = params.month or (params.period.end if params.period is not None else None)
    if month:
        y, m = month
        last = (dt.date(y + (m == 12), m % 12 + 1, 1)) - dt.timedelta(days=1)
        return min(last, params.today)
    return params.today


def compute(db, params):
    from talentdesk.reports.catalogue import Report

    on = _on(params)
    policy: Policy = params.rules
    if params.period is not None:
        start, end, span = params.period.start, params.period.end, params.period.label
    else:
        start, end, span = (on.year, 1), (on.year, 12), f"{on.year}年"
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        posts = load(s, ids)
        now = held(posts, on)
        titles = titles_on(s, {p.spell.teacher_id for p in now}, on)
        team = team_rows(posts, titles, on)
        team_ids = team_teachers(posts, on)
        missing = missing_rows(s, posts, on, ids)
    term_pairs = term_rows(posts, titles, on, policy.principal_term_years)
    term = [r for _, r in term_pairs]
    found = promotions(posts, start, end)
    counts = promotion_counts(found)
    day = f"{on.year}年{on.month}月{on.day}日"
    parts = [
        ReportTable(
            f"学校领导班子和中层（{day}）",
            TEAM_HEADERS,
            team,
            (22, 8, 12, 8, 8, 4, 5, 10, 10, 10, 8),
            note=f"共 {len(team)} 人次，{len({p.spell.teacher_id for p in now})} 人",
            row_teachers=team_ids,
        ),
        ReportTable(
            f"缺少校长或书记的学校（{day}）",
            MISSING_HEADERS,
            missing,
            (24, 10, 10, 10, 40),
            note=f"共 {len(missing)} 所；教学点不单设校长、书记，不列入",
        ),
        ReportTable(
            f"校长在同一所学校任职满{policy.principal_term_years}年名单（{day}，供校长交流）",
            TERM_HEADERS,
            term,
            (22, 8, 8, 4, 5, 10, 8, 12, 12, 8),
            note=f"共 {len(term)} 人；连续任职年限从本校任校长（含试用期）起算，挂职不计",
            row_teachers=tuple(tid for tid, _ in term_pairs),
        ),
        ReportTable(
            f"提拔任用（{span}）",
            ("类别", "人数"),
            [(c, counts.get(c, 0)) for c in rules.PROMOTION_CATEGORIES] + [("合计", sum(counts.values()))],
            (12, 8),
            emphasis=frozenset({len(rules.PROMOTION_CATEGORIES)}),
        ),
        ReportTable(
            f"提拔任用名单（{span}）",
            PROMOTION_HEADERS,
            promotion_rows(posts, found),
            (8, 22, 12, 8, 10, 8, 12),
            row_teachers=tuple(p.spell.teacher_id for p in promotion_order(found)),
        ),
    ]
    notes = [
        f"领导班子、缺少校长或书记的学校和任期满名单为 {day}（所选月份或统计期间的末日，不晚于今天）的情况；"
        f"提拔任用按任职时间计入 {span}。",
        "提拔任用：期间内开始担任、且此前未担任同级或更高职务的（校长到另一所学校任校长、试用期后正式任命、"
        "挂职均不计）；书记兼校长分别计入书记和校长。",
    ]
    return Report(
        title="学校领导班子与职务",
        parts=parts,
        notes=notes,
        period_label=span,
        summary={
            "date": on.isoformat(),
            "leaders": len(team),
            "missing": {"校长": sum("校长" in r[3] for r in missing), "书记": sum("书记" in r[3] for r in missing)},
            "term_years": policy.principal_term_years,
            "term_due": len(term),
            "promotions": {c: counts.get(c, 0) for c in rules.PROMOTION_CATEGORIES},
        },
    )
