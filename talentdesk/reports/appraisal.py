"""`appraisal` 年度考核与师德考核统计 (issue 21 §6): the stored yearly results counted per appraisal year and
grade, with the 优秀率, by 城乡类型 and by school; 年度考核 (table appraisal) and 师德考核 (ethics_record of kind
师德考核) alike.

A result counts at the teacher's post school (编制学校) as recorded now, whatever the teacher's status (a teacher
since retired keeps the results of the years served). Years: --year, the years of --from/--to (an appraisal is
dated by its year alone, so a year counts when the period holds all of it), else every year on record.
优秀率 = 优秀 / 考核人数 (every result of the year, 不定等次 included).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.domain.recruitment import ETHICS_RESULTS
from talentdesk.reports import ReportTable, frame, spans
from talentdesk.reports.catalogue import Report
from talentdesk.reports.params import total_label
from talentdesk.store.models import Appraisal, Teacher
from talentdesk.store.models_recruitment import EthicsRecord

APPRAISAL_GRADES = tuple(codes.APPRAISAL.labels)  # 优秀 合格 基本合格 不合格 不定等次
ETHICS_GRADES = tuple(ETHICS_RESULTS)
OTHER = "其他"
AREAS = ("城区", "镇区", "乡村")
NO_AREA = "未填城乡类型"
ETHICS_KIND = "师德考核"
TOTAL = "合计"
ALL = 0  # the year key of the period's totals by 城乡


def rate(excellent: int, of: int) -> str:
    return f"{excellent / of:.1%}" if of else ""


def _appraisals(s) -> list[tuple[int, int, int | None, str | None]]:
    """(teacher id, year, post school id, grade) of every 年度考核 result; the grade as codes.APPRAISAL names it."""
    stmt = select(Appraisal.teacher_id, Appraisal.year, Teacher.cur_post_school_id, Appraisal.result).join(
        Teacher, Teacher.id == Appraisal.teacher_id
    )
    return [(t, y, sid, codes.APPRAISAL.canonical(res) or res) for t, y, sid, res in s.execute(stmt)]


def _ethics(s) -> list[tuple[int, int, int | None, str | None]]:
    """(teacher id, year, post school id, grade) of every 师德考核 result (表彰 and 违规处理 are not results)."""
    stmt = (
        select(EthicsRecord.teacher_id, EthicsRecord.year, Teacher.cur_post_school_id, EthicsRecord.result)
        .join(Teacher, Teacher.id == EthicsRecord.teacher_id)
        .where(EthicsRecord.kind == ETHICS_KIND)
    )
    return [(t, y, sid, (res or "").strip() or "未填") for t, y, sid, res in s.execute(stmt)]


def _years(params, on_record: set[int]) -> list[int]:
    if params.period is not None:
        a, b = params.period.start, params.period.end
        return [y for y in params.period.years if spans.year_inside(y, a, b)]
    if params.year is not None:
        return [params.year]
    return sorted(on_record)


class _Tally:
    """Counts per grade of some results, and the teachers behind each."""

    def __init__(self, grades: tuple[str, ...]):
        self.grades = grades
        self.count: Counter = Counter()
        self.ids: dict[str, list[int]] = defaultdict(list)

    def add(self, tid: int, grade: str | None) -> None:
        g = grade if grade in self.grades else OTHER
        self.count[g] += 1
        self.ids[g].append(tid)
        self.ids[""].append(tid)

    @property
    def total(self) -> int:
        return sum(self.count.values())

    def cells(self, columns: tuple[str, ...]) -> tuple:
        return (self.total, *(self.count[g] for g in columns), rate(self.count["优秀"], self.total))


def _tables(kind: str, results, years, schools, total: str, with_other: bool):
    """Three tables of one kind of result: by year, by 城乡 per year, by school per year; and their drill cells."""
    grades = APPRAISAL_GRADES if kind == "年度考核" else ETHICS_GRADES
    columns = (*grades, OTHER) if with_other else grades
    by_year: dict[int, _Tally] = {y: _Tally(grades) for y in years}
    by_area: dict[tuple[int, str], _Tally] = defaultdict(lambda: _Tally(grades))
    by_school: dict[tuple[int, int | None], _Tally] = defaultdict(lambda: _Tally(grades))
    every = _Tally(grades)
    for tid, year, sid, grade in results:
        if year not in by_year:
            continue
        info = schools.get(sid)
        area = info.area if info and info.area in AREAS else NO_AREA
        for t in (by_year[year], by_area[(year, area)], by_area[(ALL, area)], by_school[(year, sid)], every):
            t.add(tid, grade)
    heads = ("考核人数", *columns, "优秀率")
    drill: list[dict] = [{}, {}, {}]

    def row(part: int, r: int, lead: tuple, tally: _Tally) -> tuple:
        first = len(lead)
        if tally.ids[""]:
            drill[part][(r, first)] = tally.ids[""]
        for k, g in enumerate(columns, 1):
            if tally.ids.get(g):
                drill[part][(r, first + k)] = tally.ids[g]
        return (*lead, *tally.cells(columns))

    # every table ends with its 合计 (on paper too: reports.totals adds none where one is, and it keeps the 优秀率)
    year_rows = [row(0, r, (str(y),), by_year[y]) for r, y in enumerate(years)]
    year_rows.append(row(0, len(year_rows), ("合计",), every))
    area_rows: list[tuple] = []
    area_bold = set()
    for y in (*years, ALL) if len(years) > 1 else years:
        label = TOTAL if y == ALL else str(y)
        for area in (*AREAS, NO_AREA):
            if (y, area) in by_area or area != NO_AREA:
                area_rows.append(row(1, len(area_rows), (label, area), by_area.get((y, area)) or _Tally(grades)))
        area_bold.add(len(area_rows))
        area_rows.append(row(1, len(area_rows), (label, TOTAL), every if y == ALL else by_year[y]))
    school_rows: list[tuple] = []
    emphasis = set()
    for y in years:
        sids = sorted(
            (sid for (yy, sid) in by_school if yy == y),
            key=lambda sid: (
                sid is None,
                *(
                    (schools[sid].county or "", schools[sid].township, schools[sid].name)
                    if sid in schools
                    else ("", "", "")
                ),
            ),
        )
        for sid in sids:
            info = schools.get(sid)
            lead = (info.name, info.township) if info else ("（未登记编制学校）", "")
            school_rows.append(row(2, len(school_rows), (*lead, str(y)), by_school[(y, sid)]))
        emphasis.add(len(school_rows))
        school_rows.append(row(2, len(school_rows), (total, "", str(y)), by_year[y]))
    widths = (9, *(max(7, 2 * len(g) + 1) for g in columns), 8)
    parts = [
        ReportTable(
            f"{kind}结果（按年度）",
            ("年度", *heads),
            year_rows,
            (8, *widths),
            emphasis=frozenset({len(years)}),
        ),
        ReportTable(
            f"{kind}结果（按城乡）",
            ("年度", "城乡类型", *heads),
            area_rows,
            (8, 12, *widths),
            emphasis=frozenset(area_bold),
        ),
        ReportTable(
            f"{kind}结果（按学校）",
            ("学校", "乡镇", "年度", *heads),
            school_rows,
            (22, 10, 8, *widths),
            emphasis=frozenset(emphasis),
        ),
    ]
    summary = {
        str(y): {
            "total": by_year[y].total,
            **{g: by_year[y].count[g] for g in columns},
            "excellent_rate": round(by_year[y].count["优秀"] / by_year[y].total, 4) if by_year[y].total else None,
        }
        for y in years
    }
    return parts, drill, summary


def compute(db, params) -> Report:
    with db.sessions() as s:
        schools = frame.schools(s)
        ids = params.scope.school_ids(s)
        total = total_label(s, params.scope)
        appraisals, ethics = _appraisals(s), _ethics(s)
    if ids is not None:
        appraisals = [a for a in appraisals if a[2] in ids]
        ethics = [e for e in ethics if e[2] in ids]
    parts: list[ReportTable] = []
    drill: dict = {}
    summary: dict = {}
    for kind, results, grades in (
        ("年度考核", appraisals, APPRAISAL_GRADES),
        ("师德考核", ethics, ETHICS_GRADES),
    ):
        years = _years(params, {r[1] for r in results})
        other = any(r[1] in years and r[3] not in grades for r in results)
        kind_parts, kind_drill, kind_summary = _tables(kind, results, years, schools, total, other)
        for offset, cells in enumerate(kind_drill):
            for (r, c), v in cells.items():
                drill[(len(parts) + offset, r, c)] = v
        parts += kind_parts
        summary["appraisal" if kind == "年度考核" else "ethics"] = kind_summary
    notes = [
        "年度考核和师德考核按考核年度统计数据库中登记的结果；每条结果计入教师现在的编制学校（已退休、调离的教师"
        "仍计入其原编制学校），城乡类型为该学校的城乡类型。",
        "优秀率 = 优秀人数 ÷ 考核人数（含不定等次）。师德考核只计类别为“师德考核”的记录，表彰和违规处理不计。",
    ]
    if spans.whole(params):
        notes.append("统计期间按考核年度：期间含该年度全年时计入。")
    return Report(
        title=spans.title("年度考核与师德考核统计", params),
        parts=parts,
        notes=notes,
        teacher_ids=drill,
        summary=summary,
        period_label=spans.label(params) if spans.whole(params) else "",
    )
