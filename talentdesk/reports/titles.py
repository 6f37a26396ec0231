"""Titles as a career and the posts that limit them (issue 20 §2), pure data over the title records and the post
structures (store.models_titles): titles obtained over a period by route and title; each school's post usage at a
date (approved/used/vacant/over per 高级/中级/初级, and per 专技岗位等级 where the approval gives them); where the
posts block teachers; 评而未聘 teachers with their wait, and by school and 城乡. Registered in the report catalogue
as `titles` (PDF, Excel, JSON; `talentdesk report titles --from --to`). domain.titles has the rules."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.domain import titles as rules
from talentdesk.domain.collation import sort_key
from talentdesk.domain.dates import PartialDate, age_on
from talentdesk.domain.policy import Policy
from talentdesk.reports import ReportTable
from talentdesk.reports.frame import SchoolInfo, schools
from talentdesk.store.models import Teacher, TitleRecord
from talentdesk.store.models_titles import PostStructure, TitleRoute

YM = tuple[int, int]
TITLES = tuple(t for t in codes.TITLE.labels if rules.level_of(t))  # 正高级教师 … 三级教师
AREAS = ("城区", "镇区", "乡村")
USAGE_HEADERS = (
    "学校",
    "城乡",
    "方案年度",
    *(f"{lv}{w}" for lv in rules.LEVELS for w in ("核定", "已聘", "空缺", "超岗")),
    "评而未聘",
    "岗位受阻",
)
BLOCK_HEADERS = ("学校", "乡镇", "城乡", "岗位级别", "核定", "已聘", "空缺", "待聘人数", "其中久候", "最长等待")
GRADE_HEADERS = ("学校", "岗位等级", "核定", "已聘", "空缺", "超岗")
WAIT_HEADERS = (
    "学校",
    "乡镇",
    "城乡",
    "姓名",
    "性别",
    "年龄",
    "已取得职称",
    "取得时间",
    "评审方式",
    "现聘岗位",
    "已等待",
    "距上次聘任",
)
WAIT_SUMMARY_HEADERS = ("范围", "在岗教师", "评而未聘", "占比%", "其中久候", "平均等待（年）", "最长等待")


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    gender: str
    birth: dt.date | None
    school_id: int
    post_grade: str | None  # the teacher's 专技岗位等级 as recorded (today's; no history)
    career: rules.Career
    last_appointed: PartialDate | None


def serving(session, on: dt.date, today: dt.date) -> dict[int, int]:
    """teacher id → post school (编制学校) of the teachers in service on ON: today's cached values for today,
    the dated histories for a past date (reports.frame_asof)."""
    if on >= today:
        t = Teacher.__table__.c
        return {
            tid: sid
            for tid, sid in session.execute(select(t.id, t.cur_post_school_id).where(t.status == codes.ACTIVE_STATUS))
            if sid is not None
        }
    from talentdesk.reports.frame_asof import post_schools_on

    return post_schools_on(session, on)


def title_records(session, teacher_ids: set[int] | None = None) -> dict[int, list[rules.Title]]:
    out: dict[int, list[rules.Title]] = defaultdict(list)
    for tid, title, got, appointed, benefit, route in session.execute(
        select(
            TitleRecord.teacher_id,
            TitleRecord.title,
            TitleRecord.obtained,
            TitleRecord.appointed,
            TitleRecord.benefit_only,
            TitleRecord.route,
        ).order_by(TitleRecord.id)
    ):
        if teacher_ids is None or tid in teacher_ids:
            out[tid].append(rules.Title(title, got, appointed, bool(benefit), route))
    return out


def people(session, on: dt.date, today: dt.date, school_ids: set[int] | None = None) -> list[Person]:
    """The teachers in service on ON (at schools of SCHOOL_IDS, None: all) with their careers at ON."""
    where = {tid: sid for tid, sid in serving(session, on, today).items() if school_ids is None or sid in school_ids}
    recs = title_records(session, set(where))
    t = Teacher.__table__.c
    info = {
        tid: (name, gender, birth, grade)
        for tid, name, gender, birth, grade in session.execute(
            select(t.id, t.name, t.gender, t.birth_date, t.post_grade)
        )
        if tid in where
    }
    day = PartialDate.from_date(on)
    out = []
    for tid, sid in where.items():
        name, gender, birth, grade = info[tid]
        mine = recs.get(tid, [])
        appointed = [r.appointed for r in mine if r.appointed is not None and not day < r.appointed]
        out.append(
            Person(
                tid,
                name,
                gender or "",
                birth,
                sid,
                grade,
                rules.career(mine, on),
                max(appointed) if appointed else None,
            )
        )
    return out


def structures_on(session, year: int, school_ids: set[int] | None = None) -> dict[int, PostStructure]:
    """Each school's structure in force in YEAR: that year's approval, else the latest earlier one."""
    out: dict[int, PostStructure] = {}
    for ps in session.scalars(select(PostStructure).where(PostStructure.year <= year).order_by(PostStructure.year)):
        if school_ids is None or ps.school_id in school_ids:
            out[ps.school_id] = ps
    return out


@dataclass(frozen=True)
class SchoolUsage:
    school: SchoolInfo
    year: int | None  # the approval's year (None: no structure recorded)
    levels: list[rules.Usage]
    grades: list[rules.Usage]
    waiting: Counter  # level → teachers 评而未聘 for a post of that level
    long_waiting: Counter
    longest: dict[str, int]  # level → months


def usage(
    session, staff: list[Person], on: dt.date, long_months: int, school_ids: set[int] | None = None
) -> list[SchoolUsage]:
    """Post usage per school on ON (schools with teachers or a structure), by school name (pinyin)."""
    info = schools(session)
    plans = structures_on(session, on.year, school_ids)
    used: dict[int, Counter] = defaultdict(Counter)
    grade_used: dict[int, Counter] = defaultdict(Counter)
    waiting: dict[int, Counter] = defaultdict(Counter)
    long_waiting: dict[int, Counter] = defaultdict(Counter)
    longest: dict[int, dict[str, int]] = defaultdict(dict)
    for p in staff:
        if p.career.used:
            used[p.school_id][p.career.used] += 1
        g = rules.parse_grade(p.post_grade)
        if g:
            grade_used[p.school_id][g] += 1
        w = p.career.waiting
        lv = rules.level_of(w.title) if w else None
        if w is not None and lv is not None:
            months = rules.months_since(w.obtained, on) or 0
            waiting[p.school_id][lv] += 1
            long_waiting[p.school_id][lv] += months >= long_months
            longest[p.school_id][lv] = max(longest[p.school_id].get(lv, 0), months)
    out = []
    for sid in sorted(set(used) | set(plans) | set(waiting), key=lambda i: (sort_key(info[i].name), i)):
        ps = plans.get(sid)
        approved = {rules.SENIOR: ps.senior, rules.MIDDLE: ps.middle, rules.JUNIOR: ps.junior} if ps else None
        grades = rules.parse_grades(ps.grades) if ps and ps.grades else {}
        out.append(
            SchoolUsage(
                info[sid],
                ps.year if ps else None,
                rules.usage(approved, used[sid]),
                rules.usage(grades, grade_used[sid], [g for g in rules.GRADES if g in grades]) if grades else [],
                waiting[sid],
                long_waiting[sid],
                longest[sid],
            )
        )
    return out


def _blocked_text(u: SchoolUsage) -> str:
    return "、".join(f"{lv.level}{u.waiting[lv.level]}人" for lv in u.levels if rules.blocked(lv, u.waiting[lv.level]))


def usage_rows(found: list[SchoolUsage]) -> list[tuple]:
    rows = []
    for u in found:
        cells: list = []
        for lv in u.levels:
            if lv.approved is None:
                cells += ["", lv.used, "", ""]
            else:
                cells += [lv.approved, lv.used, lv.vacant, lv.over]
        rows.append(
            (u.school.name, u.school.area, u.year or "未设置", *cells, sum(u.waiting.values()), _blocked_text(u))
        )
    return rows


def usage_total(found: list[SchoolUsage]) -> tuple:
    cells: list = []
    for i, _lv in enumerate(rules.LEVELS):
        with_plan = [u.levels[i] for u in found if u.levels[i].approved is not None]
        cells += [
            sum(x.approved or 0 for x in with_plan),
            sum(x.used for x in with_plan),
            sum(x.vacant for x in with_plan),
            sum(x.over for x in with_plan),
        ]
    blocked = sum(1 for u in found if _blocked_text(u))
    return ("合计", "", "", *cells, sum(sum(u.waiting.values()) for u in found), f"{blocked}所" if blocked else "")


def block_rows(found: list[SchoolUsage]) -> list[tuple]:
    """Each school and level where teachers wait for a post and none is vacant, most waiting first."""
    out = []
    for u in found:
        for lv in u.levels:
            n = u.waiting[lv.level]
            if rules.blocked(lv, n):
                out.append(
                    (
                        u.school.name,
                        u.school.township,
                        u.school.area,
                        lv.level,
                        lv.approved,
                        lv.used,
                        lv.vacant,
                        n,
                        u.long_waiting[lv.level],
                        rules.years_text(u.longest.get(lv.level)),
                    )
                )
    out.sort(key=lambda r: (-r[7], sort_key(r[0]), rules.LEVELS.index(r[3])))
    return out


def grade_rows(found: list[SchoolUsage]) -> list[tuple]:
    return [(u.school.name, g.level, g.approved, g.used, g.vacant, g.over) for u in found for g in u.grades]


def waiting_people(staff: list[Person], on: dt.date) -> list[tuple[Person, int | None]]:
    """评而未聘 teachers with the months they have waited, longest first."""
    out = [(p, rules.months_since(p.career.waiting.obtained, on)) for p in staff if p.career.waiting is not None]
    out.sort(key=lambda x: (-(x[1] or 0), x[0].school_id, sort_key(x[0].name)))
    return out


def waiting_rows(waits: list[tuple[Person, int | None]], info: dict[int, SchoolInfo], on: dt.date) -> list[tuple]:
    rows = []
    for p, months in waits:
        w = p.career.waiting
        assert w is not None
        s = info[p.school_id]
        rows.append(
            (
                s.name,
                s.township,
                s.area,
                p.name,
                p.gender,
                age_on(p.birth, on) if p.birth else "",
                w.title,
                w.obtained.iso() if w.obtained else "",
                w.route or rules.UNRECORDED,
                p.career.used or "未聘",
                rules.years_text(months),
                rules.years_text(rules.months_since(p.last_appointed, on)) if p.last_appointed else "",
            )
        )
    return rows


def wait_summary(
    staff: list[Person], waits: list[tuple[Person, int | None]], info: dict[int, SchoolInfo], long_months: int
) -> list[tuple]:
    """评而未聘 by 城乡 and by school (schools with someone waiting), then 合计."""
    total = Counter(p.school_id for p in staff)
    groups: list[tuple[str, set[int]]] = [(a, {i for i, s in info.items() if s.area == a}) for a in AREAS]
    waiting_schools = sorted({p.school_id for p, _ in waits}, key=lambda i: sort_key(info[i].name))
    groups += [(info[i].name, {i}) for i in waiting_schools]
    groups.append(("合计", set(info)))
    rows = []
    for label, ids in groups:
        n = sum(total[i] for i in ids)
        mine = [m or 0 for p, m in waits if p.school_id in ids]
        if label in AREAS and not n:
            continue
        rows.append(
            (
                label,
                n,
                len(mine),
                round(100 * len(mine) / n, 1) if n else 0,
                sum(m >= long_months for m in mine),
                round(sum(mine) / len(mine) / 12, 1) if mine else 0,
                rules.years_text(max(mine)) if mine else "",
            )
        )
    return rows


def obtained(session, start: YM, end: YM, school_ids: set[int] | None = None) -> Counter:
    """(route, title) → title records obtained in the months START … END (a date known to the year counts when
    the span holds that whole year), of teachers whose post school (today) is in SCHOOL_IDS."""
    from talentdesk.reports.events import within

    t = Teacher.__table__.c
    school = dict(session.execute(select(t.id, t.cur_post_school_id)).all())
    out: Counter = Counter()
    for tid, title, got, route in session.execute(
        select(TitleRecord.teacher_id, TitleRecord.title, TitleRecord.obtained, TitleRecord.route)
    ):
        if got is None or title not in TITLES or not within((got.year, got.month or 0), start, end):
            continue
        if school_ids is not None and school.get(tid) not in school_ids:
            continue
        out[(route or rules.UNRECORDED, title)] += 1
    return out


def route_rows(session, counts: Counter) -> list[tuple]:
    """Routes of the bureau's list (then any other route used, then 未记录) × titles, with totals."""
    listed = list(session.scalars(select(TitleRoute.name).order_by(TitleRoute.position, TitleRoute.id)))
    used = {r for r, _ in counts}
    order = listed + sorted(used - set(listed) - {rules.UNRECORDED}) + [rules.UNRECORDED]
    rows = [(r, *(counts.get((r, t), 0) for t in TITLES), sum(counts.get((r, t), 0) for t in TITLES)) for r in order]
    rows.append(("合计", *(sum(counts.get((r, t), 0) for r in order) for t in TITLES), sum(counts.values())))
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
    long_months = policy.title_wait_long_years * 12
    if params.period is not None:
        start, end, span = params.period.start, params.period.end, params.period.label
    else:
        start, end, span = (on.year, 1), (on.year, 12), f"{on.year}年"
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        info = schools(s)
        staff = people(s, on, params.today, ids)
        found = usage(s, staff, on, long_months, ids)
        routes = route_rows(s, obtained(s, start, end, ids))
    waits = waiting_people(staff, on)
    blocks = block_rows(found)
    day = f"{on.year}年{on.month}月{on.day}日"
    usage_table = usage_rows(found)
    n_usage = len(usage_table)
    usage_table.append(usage_total(found))
    summary_rows = wait_summary(staff, waits, info if ids is None else {i: info[i] for i in ids}, long_months)
    parts = [
        ReportTable(
            f"职称取得情况（{span}，按评审方式）",
            ("评审方式", *TITLES, "合计"),
            routes,
            (18, *(8 for _ in TITLES), 8),
            emphasis=frozenset({len(routes) - 1}),
            note="按取得时间计入；评审方式“未记录”为 0017 版以前录入、未填写评审方式的职称",
        ),
        ReportTable(
            f"各校岗位设置使用情况（{day}）",
            USAGE_HEADERS,
            usage_table,
            (18, 5, 7, *(6 for _ in range(12)), 7, 14),
            emphasis=frozenset({n_usage}),
            note="已聘：按聘任的最高职称计入高级（含正高级）、中级（一级教师）、初级（二级、三级教师）岗位，"
            "只享受职称待遇的不占岗位；未设置岗位设置的学校只列已聘人数，不计入合计",
        ),
        ReportTable(
            f"岗位已满、教师待聘的学校（{day}）",
            BLOCK_HEADERS,
            blocks,
            (20, 8, 5, 6, 5, 5, 5, 6, 6, 10),
            note=f"共 {len({r[0] for r in blocks})} 所学校、{sum(r[7] for r in blocks)} 人；"
            f"久候：评而未聘满{policy.title_wait_long_years}年",
        ),
        ReportTable(
            f"评而未聘统计（{day}，按城乡和学校）",
            WAIT_SUMMARY_HEADERS,
            summary_rows,
            (20, 8, 8, 6, 8, 10, 10),
            emphasis=frozenset({len(summary_rows) - 1}),
        ),
        ReportTable(
            f"评而未聘名单（{day}）",
            WAIT_HEADERS,
            waiting_rows(waits, info, on),
            (18, 8, 5, 8, 4, 5, 10, 8, 12, 8, 9, 9),
            note=f"共 {len(waits)} 人，其中满{policy.title_wait_long_years}年 "
            f"{sum((m or 0) >= long_months for _, m in waits)} 人；距上次聘任：自最近一次聘任（现聘岗位）起",
        ),
    ]
    parts.insert(  # always there, empty when no approval gives grades: a scope's parts match the whole's
        2,
        ReportTable(
            f"专技岗位等级使用情况（{day}）",
            GRADE_HEADERS,
            grade_rows(found),
            (20, 8, 6, 6, 6, 6),
            note="只列岗位设置方案给出等级数的学校；已聘按教师基本信息中的岗位等级（现值）",
        ),
    )
    notes = [
        f"岗位使用、评而未聘为 {day}（所选月份或统计期间的末日，不晚于今天）的情况，学校按编制学校；"
        f"职称取得按取得时间计入 {span}。岗位设置用当年批复，当年没有的用此前最近一年的批复。",
        "评而未聘：已取得的最高职称高于已聘岗位级别（或尚未聘任），且不是只享受职称待遇。",
    ]
    n_wait = len(waits)
    return Report(
        title="职称与岗位设置",
        parts=parts,
        notes=notes,
        period_label=span,
        summary={
            "date": on.isoformat(),
            "obtained": {r[0]: r[-1] for r in routes[:-1] if r[-1]},
            "obtained_total": routes[-1][-1],
            "waiting": n_wait,
            "waiting_long": sum((m or 0) >= long_months for _, m in waits),
            "wait_long_years": policy.title_wait_long_years,
            "schools_blocked": len({r[0] for r in blocks}),
            "posts": {
                lv: {k: usage_table[-1][3 + i * 4 + j] for j, k in enumerate(("approved", "used", "vacant", "over"))}
                for i, lv in enumerate(rules.LEVELS)
            },
        },
    )
