"""`shortage` 学科缺口统计: per school, stage and subject the teachers the curriculum needs (班级数 × 周课时 ÷ 教师周
标准课时, Policy.subject_periods / teacher_weekly_periods) against the teachers there after the year's
retirements — the figures of the hiring plan (services.recruitment.plan) and of its 学科缺口 tab — and their
sum per stage and subject for the county."""

from __future__ import annotations

from collections import defaultdict

from talentdesk.domain import codes
from talentdesk.domain import recruitment as rules
from talentdesk.reports import ReportTable
from talentdesk.reports.catalogue import Report
from talentdesk.reports.params import total_label
from talentdesk.services.recruitment import plan as recruitment_plan

SHOWN = 0.5  # a shortage under half a teacher is rounding, not a gap (as the 学科缺口 tab)
SCHOOL_HEADERS = ("学校", "学段", "学科", "按课时应需", "现有（扣除本年退休）", "缺口（人）")
COUNTY_HEADERS = ("学段", "学科", "缺口合计（人）", "有缺口的学校")


def lines(db, year: int, policy, school_ids: set[int] | None = None) -> list[tuple]:
    """[(school, stage, subject, need, have, shortage)] with shortage ≥ SHOWN, largest first within a school."""
    out = []
    for fig in recruitment_plan.figures(db, year, policy):
        if school_ids is not None and fig.school_id not in school_ids:
            continue
        load = policy.teacher_weekly_periods.get(fig.stage)
        short = rules.subject_shortage(fig, policy)
        for subject, gap in sorted(short.items(), key=lambda x: -x[1]):
            if gap >= SHOWN:
                need = round(rules.subject_need(fig.classes, policy.subject_periods[fig.stage][subject], load), 2)
                out.append((fig.school, fig.stage, subject, need, round(need - gap, 2), gap))
    return out


def compute(db, params) -> Report:
    year = params.year_or(params.today.year)
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        total = total_label(s, params.scope)
    per_school = lines(db, year, params.rules, ids)
    sums: dict[tuple[str, str], float] = defaultdict(float)
    schools: dict[tuple[str, str], set[str]] = defaultdict(set)
    for school, stage, subject, _, _, gap in per_school:
        sums[(stage, subject)] += gap
        schools[(stage, subject)].add(school)
    county = [
        (stage, subject, round(sums[(stage, subject)], 2), len(schools[(stage, subject)]))
        for stage, subject in sorted(sums, key=lambda k: (codes.STAGE.rank(k[0]), -sums[k]))
    ]
    county.append((total, "", round(sum(sums.values()), 2), len({x[0] for x in per_school})))
    school_rows = [*per_school, (total, "", "", "", "", round(sum(x[5] for x in per_school), 2))]
    notes = [
        f"{year}年：各学校、学段按最近学年的班级数测算，按课时应需 = 班级数 × 该学科周课时 ÷ 教师周标准课时"
        "（“设置”中的课程周课时和教师周标准课时），现有为在编（含特岗）教师减去本年到龄退休的；"
        f"缺口不足 {SHOWN:g} 人的不列。与“招聘引才 → 招聘计划 → 学科缺口”相同。"
    ]
    return Report(
        title="学科缺口统计",
        notes=notes,
        period_label=f"{year}年",
        parts=[
            ReportTable(
                f"{year}年学科缺口（{total}）",
                COUNTY_HEADERS,
                county,
                (10, 12, 14, 14),
                emphasis=frozenset({len(county) - 1}),
            ),
            ReportTable(
                "各学校学科缺口",
                SCHOOL_HEADERS,
                school_rows,
                (26, 8, 10, 12, 18, 10),
                emphasis=frozenset({len(school_rows) - 1}),
            ),
        ],
        summary={"year": year, "total": county[-1][2], "by_subject": {f"{a}{b}": v for a, b, v, _ in county[:-1]}},
    )
