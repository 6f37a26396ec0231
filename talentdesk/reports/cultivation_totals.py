"""Cultivation totals a clerk used to count by hand (issue 17 §3): studios by kind × level with their hosts and
培养对象, 二级工作室 and outputs with quantities (研训课 x 节, issue 21 §4) (`studio-stats`), mentors chosen and
pairings by the direction 城区→乡村 per year (`mentor-stats`).

Each figure that counts teachers keeps them in Report.teacher_ids (the 报表 page opens them)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from talentdesk.domain.cultivation import STUDIO_KINDS, STUDIO_LEVELS
from talentdesk.domain.dates import PartialDate
from talentdesk.reports import ReportTable, spans
from talentdesk.reports.catalogue import Report
from talentdesk.services.cultivation import research_roles
from talentdesk.store.models import MentorProgramme, Pairing, School, Teacher
from talentdesk.store.models_cultivation import Studio, StudioMember

HOST, TRAINEE = "主持人", "培养对象"
STUDIO_HEADERS = ("类别", "级别", "工作室", "主持人", "培养对象", "其他成员")


def _studio_span(params):
    """The period or --year; without them, the report date (studios and members active that month)."""
    span = spans.whole(params)
    if span is None:
        now = (params.today.year, params.today.month)
        span = (now, now)
    return span


def studio_stats(db, params) -> Report:
    start, end = _studio_span(params)
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        host = aliased(Teacher)
        studios = [
            r
            for r in s.execute(
                select(
                    Studio.id,
                    Studio.name,
                    Studio.kind,
                    Studio.level,
                    Studio.host_id,
                    host.name,
                    School.name,
                    Studio.start,
                    Studio.end,
                    func.coalesce(Studio.school_id, host.cur_post_school_id),
                    Studio.parent_id,
                )
                .outerjoin(host, host.id == Studio.host_id)
                .outerjoin(School, School.id == func.coalesce(Studio.school_id, host.cur_post_school_id))
                .order_by(Studio.name)
            )
            if spans.overlaps(r[7], r[8], start, end) and (ids is None or r[9] in ids)
        ]
        members: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        for sid, tid, role, joined, left in s.execute(
            select(
                StudioMember.studio_id,
                StudioMember.teacher_id,
                StudioMember.role,
                StudioMember.joined,
                StudioMember.left,
            )
        ):
            if spans.overlaps(joined, left, start, end):
                members[sid][role].add(tid)
        listed_ids = {r[0] for r in studios}
        outputs = [o for o in research_roles.output_facts(s) if o.studio_id in listed_ids]
        units = research_roles.output_units(s)
    hosts = {r[0]: ({r[4]} if r[4] else set()) | members[r[0]].get(HOST, set()) for r in studios}
    trainees = {r[0]: members[r[0]].get(TRAINEE, set()) for r in studios}
    others = {
        r[0]: set().union(*(v for k, v in members[r[0]].items() if k not in (HOST, TRAINEE))) - hosts[r[0]]
        for r in studios
    }
    kinds = list(STUDIO_KINDS) + sorted({r[2] for r in studios} - set(STUDIO_KINDS))
    levels = list(STUDIO_LEVELS) + sorted({r[3] for r in studios} - set(STUDIO_LEVELS))
    rows, drill, emphasis = [], {}, set()

    def line(kind: str, level: str, group: list) -> None:
        sets = [set().union(*(d[r[0]] for r in group)) for d in (hosts, trainees, others)]
        for col, ids_ in zip((3, 4, 5), sets):
            if ids_:
                drill[(0, len(rows), col)] = sorted(ids_)
        rows.append((kind, level, len(group), *(len(x) for x in sets)))

    for kind in kinds:
        of_kind = [r for r in studios if r[2] == kind]
        for level in levels:
            line(kind, level, [r for r in of_kind if r[3] == level])
        emphasis.add(len(rows))
        line(kind, "小计", of_kind)
    emphasis.add(len(rows))
    line("合计", "", studios)
    table = ReportTable(
        "名师工作室统计（类别×级别）", STUDIO_HEADERS, rows, (16, 8, 8, 8, 10, 10), emphasis=frozenset(emphasis)
    )
    listed = []
    for r in studios:
        n = len(listed)
        if hosts[r[0]]:
            drill[(1, n, 3)] = sorted(hosts[r[0]])
        if trainees[r[0]]:
            drill[(1, n, 6)] = sorted(trainees[r[0]])
        if others[r[0]]:
            drill[(1, n, 7)] = sorted(others[r[0]])
        listed.append(
            (
                r[1],
                r[2],
                r[3],
                r[5] or "",
                r[6] or "",
                r[7].iso() if r[7] else "",
                r[8].iso() if r[8] else "",
                len(trainees[r[0]]),
                len(others[r[0]]),
            )
        )
    listed.append(
        (f"合计 {len(studios)} 个", "", "", "", "", "", "", sum(x[7] for x in listed), sum(x[8] for x in listed))
    )
    names = ReportTable(
        "工作室名单",
        ("工作室", "类别", "级别", "主持人", "所在学校", "设立", "结束", "培养对象", "其他成员"),
        listed,
        (28, 14, 8, 10, 22, 10, 10, 10, 10),
        emphasis=frozenset({len(listed) - 1}),
    )
    when = (spans.label(params) if spans.whole(params) else f"{params.today:%Y年%m月}") + "期间在设的工作室"
    notes = [
        f"{when}；成员按加入、退出时间计入。一人在几个工作室只计一次（合计、小计行）；"
        "主持人含工作室登记的主持人和角色为主持人的成员；其他成员为成员和助理。"
    ]
    out_span = _output_span(params)
    networks, made = _networks(studios, kinds, outputs, units, out_span)
    notes.append(
        "二级工作室为登记了上级工作室的工作室（教研工作坊、工作站等）；成果数量按登记日期计入"
        + ("统计期间" if spans.whole(params) else f"{params.today.year}年（1月至今）")
        + "，同类成果的数量相加。"
    )
    summary = {
        "studios": len(studios),
        "hosts": rows[-1][3],
        "trainees": rows[-1][4],
        "second_level": sum(1 for r in studios if r[10] is not None),
        "outputs": made,
    }
    return Report(
        title="名师工作室统计",
        parts=[table, names, *networks],
        notes=notes,
        teacher_ids=drill,
        summary=summary,
        period_label=spans.label(params) if spans.whole(params) else "",
    )


def _output_span(params):
    """The period or --year; without them, the report date's year up to its month."""
    span = spans.whole(params)
    return span if span is not None else ((params.today.year, 1), (params.today.year, params.today.month))


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 1)


def _networks(studios, kinds: list[str], outputs, units: dict[str, str], span) -> tuple[list[ReportTable], dict]:
    """二级工作室 by kind, and the outputs (研训课 x 节 …) summed by output kind × studio kind over SPAN."""
    start, end = span
    rows = []
    for kind in kinds:
        mine = [r for r in studios if r[2] == kind]
        rows.append((kind, len(mine), sum(1 for r in mine if r[10] is None), sum(1 for r in mine if r[10] is not None)))
    rows.append(("合计", len(studios), sum(1 for r in studios if r[10] is None), sum(1 for r in studios if r[10])))
    levels = ReportTable(
        "工作室层级（按类别）",
        ("类别", "工作室", "一级工作室", "其中二级工作室"),
        rows,
        (16, 10, 10, 12),
        emphasis=frozenset({len(rows) - 1}),
    )
    kind_of = {r[0]: r[2] for r in studios}
    sums: dict[tuple[str, str], float] = defaultdict(float)
    for o in outputs:
        if o.date is not None and start <= (o.date.year, o.date.month or 1) <= end:
            sums[(o.kind, kind_of[o.studio_id])] += o.quantity
    names = list(units) + sorted({k for k, _ in sums} - set(units))
    used = [k for k in kinds if any(sums.get((n, k)) for n in names)]
    out_rows, made = [], {}
    for n in names:
        values = [_number(sums.get((n, k), 0.0)) for k in used]
        total = _number(sum(sums.get((n, k), 0.0) for k in used))
        label = f"{n}（{units[n]}）" if units.get(n) else n
        out_rows.append(("成果数量", label, *values, total))
        made[label] = total
    quantities = ReportTable(  # 类别 | 项目: different units side by side, no 合计 row added on paper
        "工作室成果数量（按成果类别×工作室类别）",
        ("类别", "项目", *used, "合计"),
        out_rows,
        (10, 16, *(12,) * len(used), 10),
    )
    return [levels, quantities], made


# ---------------------------------------------------------------- mentors and pairings per year

DIRECTIONS = ("城区→乡村", "城区→镇区", "镇区→乡村")
SAME, OTHER = "同类学校之间", "其他方向或不明"
MENTOR_HEADERS = ("年度", "新结对", "导师", "青年教师", *DIRECTIONS, SAME, OTHER)


def direction(mentor_area: str | None, mentee_area: str | None) -> str:
    """城区→乡村 … of a pairing, by the 城乡类型 of the mentor's and the mentee's school."""
    if mentor_area and mentee_area:
        d = f"{mentor_area}→{mentee_area}"
        if d in DIRECTIONS:
            return d
        if mentor_area == mentee_area:
            return SAME
    return OTHER


def _pairings(s, school_ids):
    """[(date, mentor, mentee, direction)] of the pairings whose mentee's post school is in scope; the date is the
    pairing's start, else its programme's year."""
    mentor, mentee = aliased(Teacher), aliased(Teacher)
    ms, es = aliased(School), aliased(School)
    stmt = (
        select(
            Pairing.start,
            MentorProgramme.year,
            Pairing.mentor_id,
            Pairing.mentee_id,
            ms.area,
            es.area,
            mentee.cur_post_school_id,
        )
        .join(mentor, mentor.id == Pairing.mentor_id)
        .join(mentee, mentee.id == Pairing.mentee_id)
        .outerjoin(ms, ms.id == func.coalesce(mentor.cur_work_school_id, mentor.cur_post_school_id))
        .outerjoin(es, es.id == func.coalesce(mentee.cur_work_school_id, mentee.cur_post_school_id))
        .outerjoin(MentorProgramme, MentorProgramme.id == Pairing.programme_id)
    )
    out = []
    for start, year, a, b, area_a, area_b, post in s.execute(stmt):
        if school_ids is not None and post not in school_ids:
            continue
        when = start or (PartialDate(year) if year else None)
        out.append((when, a, b, direction(area_a, area_b)))
    return out


def mentor_stats(db, params) -> Report:
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        pairs = _pairings(s, ids)
    cols = spans.columns(params)
    if params.period is None and params.year is None:  # every year on record, then 合计
        years = sorted({p[0].year for p in pairs if p[0]})
        cols = [(f"{y}年", (y, 1), (y, 12)) for y in years] + [(spans.TOTAL, *spans.EVER)]
    rows, drill = [], {}
    for name, start, end in cols:
        got = [p for p in pairs if spans.inside(p[0], start, end)]
        r = len(rows)
        mentors, mentees = {p[1] for p in got}, {p[2] for p in got}
        by_dir = defaultdict(set)
        count = defaultdict(int)
        for p in got:
            by_dir[p[3]].add(p[2])
            count[p[3]] += 1
        figures = [len(got), len(mentors), len(mentees), *(count[d] for d in (*DIRECTIONS, SAME, OTHER))]
        for col, group in zip(
            range(1, 9), (mentees, mentors, mentees, *(by_dir[d] for d in (*DIRECTIONS, SAME, OTHER)))
        ):
            if group:
                drill[(0, r, col)] = sorted(group)
        rows.append((name, *figures))
    undated = sum(1 for p in pairs if p[0] is None)
    notes = [
        "按结对开始时间（未填时按结对项目年度）统计；教师按青年教师的编制学校归入统计范围。"
        "方向按导师和青年教师所在学校（任教学校，未填按编制学校）的城乡类型；新结对和各方向为结对数，"
        "点击数字列出其中的青年教师；导师、青年教师为人数（一人结对几次计一次）。",
        *([f"有 {undated} 对结对没有开始时间也不属于任何项目，未计入。"] if undated else []),
    ]
    emphasis = frozenset({len(rows) - 1}) if cols and cols[-1][0] == spans.TOTAL else frozenset()
    table = ReportTable(
        "导师与师徒结对（按年度）", MENTOR_HEADERS, rows, (12, 8, 8, 10, 12, 12, 12, 14, 16), emphasis=emphasis
    )
    total = rows[-1] if rows else ("", 0, 0, 0, 0, 0, 0, 0, 0)
    summary = {
        "pairings": total[1],
        "mentors": total[2],
        "mentees": total[3],
        "directions": dict(zip((*DIRECTIONS, SAME, OTHER), total[4:])),
    }
    return Report(
        title="导师与师徒结对统计",
        parts=[table],
        notes=notes,
        teacher_ids=drill,
        summary=summary,
        period_label=spans.label(params),
    )
