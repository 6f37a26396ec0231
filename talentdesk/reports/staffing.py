"""编制测算: per school and stage — students, staff entitled by the ratios (Policy.staff_ratio), the
quota (核定编制), staff in post (在编在岗, by post school), vacancies or excess; county totals per stage.

Pure data (a ReportTable); registered in the report catalogue as "staffing" and exported by
`talentdesk export staffing OUT.xlsx`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from talentdesk.domain import codes
from talentdesk.domain.dates import school_year_label
from talentdesk.domain.policy import Policy
from talentdesk.reports import ReportTable
from talentdesk.reports.params import Scope
from talentdesk.reports.params import total_label as scope_total
from talentdesk.store.models import School, SchoolYearStat, Teacher

HEADERS = (
    "学校",
    "城乡类型",
    "学段",
    "学生数",
    "师生比标准",
    "按标准应配",
    "核定编制",
    "在编在岗",
    "编制使用率",
    "空编(+)/超编(−)",
    "较标准缺(+)/超(−)",
    "情况",
)
WIDTHS = (28, 9, 8, 9, 11, 11, 10, 10, 11, 14, 16, 14)
UNKNOWN_STAGE = "学段不明"


@dataclass
class Line:
    school_id: int | None
    school: str
    area: str
    stage: str
    students: int | None
    ratio: float | None
    entitled: float | None
    quota: int | None
    in_post: int
    exact: float | None = None  # 按标准应配 before rounding (totals add these)
    class_ratio: float | None = None  # 班师比 applied (村小学、教学点) when it gave more than the student ratio

    @property
    def vacancy(self) -> int | None:
        """核定编制 − 在编在岗: positive = vacant posts, negative = over quota."""
        return None if self.quota is None else self.quota - self.in_post

    @property
    def vs_standard(self) -> float | None:
        return None if self.entitled is None else round(self.entitled - self.in_post, 1)

    @property
    def usage(self) -> str:
        """编制使用率: 在编在岗 ÷ 核定编制."""
        return f"{self.in_post / self.quota:.1%}" if self.quota else ""

    @property
    def over_quota(self) -> bool:
        return self.quota is not None and self.in_post > self.quota

    @property
    def remark(self) -> str:
        if self.quota is None:
            return "未填核定编制"
        if self.in_post > self.quota:
            return f"超编 {self.in_post - self.quota} 人"
        if self.in_post < self.quota:
            return f"空编 {self.quota - self.in_post} 人"
        return "满编"

    def row(self) -> tuple:
        ratio = f"1:{self.ratio:g}" if self.ratio else ""
        if self.class_ratio:
            ratio += f"，班师比1:{self.class_ratio:g}"
        return (
            self.school,
            self.area,
            self.stage,
            self.students,
            ratio,
            self.entitled,
            self.quota,
            self.in_post,
            self.usage,
            self.vacancy,
            self.vs_standard,
            self.remark,
        )


def class_entitled(school: School, stage: str, classes: int | None, policy: Policy) -> float | None:
    """Staff by classes at a 村小学 or 教学点 (乡村 小学/教学点): classes × Policy.class_staff_ratio[stage]."""
    ratio = policy.class_staff_ratio.get(stage)
    if not ratio or not classes or school.area != "乡村" or school.kind not in ("小学", "教学点"):
        return None
    return classes * ratio


def latest_year(db) -> int | None:
    with db.engine.connect() as conn:
        return conn.execute(select(func.max(SchoolYearStat.school_year))).scalar()


def lines(
    db,
    year: int | None = None,
    policy: Policy | None = None,
    school_ids: set[int] | None = None,
    session=None,
    total_label: str | None = None,
) -> tuple[int | None, list[Line], list[Line]]:
    """(school year, per-school lines, total lines per stage + all stages). The totals are named TOTAL_LABEL;
    by default 全县合计 / 全市合计 (a city database) for every school, 合计 for some."""
    policy = policy or Policy()
    own = session is None
    s = session or db.sessions()
    try:
        if total_label is None:
            total_label = scope_total(s, Scope()) if school_ids is None else "合计"
        if year is None:
            year = s.scalar(select(func.max(SchoolYearStat.school_year)))
        schools = {
            sc.id: sc
            for sc in s.scalars(select(School).order_by(School.township, School.name))
            if school_ids is None or sc.id in school_ids
        }
        stats: dict[tuple[int, str], SchoolYearStat] = {}
        if year is not None:
            for st in s.scalars(select(SchoolYearStat).where(SchoolYearStat.school_year == year)):
                stats[(st.school_id, st.stage)] = st
        staff: dict[tuple[int, str], int] = defaultdict(int)
        for sid, stage, n in s.execute(
            select(Teacher.cur_post_school_id, Teacher.cur_stage, func.count())
            .where(
                Teacher.status == codes.ACTIVE_STATUS,
                Teacher.employment_form == "在编",
                Teacher.cur_post_school_id.is_not(None),
            )
            .group_by(Teacher.cur_post_school_id, Teacher.cur_stage)
        ):
            staff[(sid, stage or "")] += n
    finally:
        if own:
            s.close()
    out: list[Line] = []
    for sid, sc in schools.items():
        stages = list(codes.KIND_STAGES.get(sc.kind or "", ()))
        stages += [st for (i, st) in stats if i == sid and st not in stages]
        stages += [st for (i, st) in staff if i == sid and st and st not in stages and st in policy.staff_ratio]
        unknown = sum(n for (i, st), n in staff.items() if i == sid and st not in stages)
        if len(stages) == 1:
            staff[(sid, stages[0])] += unknown
            unknown = 0
        for stage in stages:
            st = stats.get((sid, stage))
            students = st.students if st else None
            ratio = policy.staff_ratio.get(stage)
            exact = students / ratio if students is not None and ratio else None
            by_class = class_entitled(sc, stage, st.classes if st else None, policy)
            used = by_class if by_class is not None and exact is not None and by_class > exact else None
            if used is not None:
                exact = used
            out.append(
                Line(
                    sid,
                    sc.name,
                    sc.area or "",
                    stage,
                    students,
                    ratio,
                    round(exact, 1) if exact is not None else None,
                    st.quota if st else None,
                    staff.get((sid, stage), 0),
                    exact,
                    policy.class_staff_ratio.get(stage) if used is not None else None,
                )
            )
        if unknown:
            out.append(Line(sid, sc.name, sc.area or "", UNKNOWN_STAGE, None, None, None, None, unknown))
    totals: list[Line] = []
    by_stage: dict[str, list[Line]] = defaultdict(list)
    for line in out:
        by_stage[line.stage].append(line)
    order = [st for st in codes.STAGE.labels if st in by_stage] + [
        st for st in by_stage if st not in codes.STAGE.labels
    ]

    def total(label: str, group: list[Line], stage: str) -> Line:
        """A total line: 按标准应配 adds the schools' unrounded figures (students ÷ ratio, or classes × 班师比 at a
        村小学/教学点) and is rounded once, not the sum of the schools' rounded figures."""
        students = sum(x.students or 0 for x in group)
        exact = [x.exact for x in group if x.exact is not None]
        entitled = sum(exact) if exact else None
        quotas = [x.quota for x in group if x.quota is not None]
        return Line(
            None,
            label,
            "",
            stage,
            students or None,
            policy.staff_ratio.get(stage),
            round(entitled, 1) if entitled is not None else None,
            sum(quotas) if quotas else None,
            sum(x.in_post for x in group),
        )

    for stage in order:
        totals.append(total(total_label, by_stage[stage], stage))
    totals.append(total(total_label, out, "全部学段"))
    return year, out, totals


def table(
    db,
    year: int | None = None,
    policy: Policy | None = None,
    school_ids: set[int] | None = None,
    scope_label: str = "",
    total_label: str | None = None,
) -> ReportTable:
    year, per_school, totals = lines(db, year, policy, school_ids, total_label=total_label)
    rows = [x.row() for x in per_school] + [x.row() for x in totals]
    over = [x for x in per_school if x.over_quota]
    by_class = [x for x in per_school if x.class_ratio]
    note = (
        f"{school_year_label(year) if year else '无学年数据'}；在编在岗按编制学校统计；"
        f"超编学校 {len({x.school_id for x in over})} 所（{sum(x.in_post - x.quota for x in over)} 人）；"
        "按标准应配：按教职工与学生比，村小学、教学点按生师比与班师比相结合、取其多者（依据见下）"
        + (f"，本表按班师比计的有 {len(by_class)} 处" if by_class else "")
    )
    emphasis = frozenset(range(len(per_school), len(rows)))
    return ReportTable("编制测算表", HEADERS, rows, WIDTHS, note=note, emphasis=emphasis)


def compute(db, params) -> ReportTable:
    """Catalogue entry: year = school year (latest with figures when not given), scope."""
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        total = scope_total(s, params.scope)
    return table(db, params.year, params.rules, ids, total_label=total)
