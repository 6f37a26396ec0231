"""Statistics for the 统计报表 page: the dashboard's key figures and chart series (each figure with the
teacher ids behind it), the teachers behind a figure, and running/saving catalogue reports."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import aliased

from talentdesk.domain import balance as balance_rules
from talentdesk.domain import codes
from talentdesk.domain.collation import sort_key
from talentdesk.reports import catalogue, frame
from talentdesk.reports.params import Params, Scope
from talentdesk.reports.structure import AGE_BANDS, age_band, title_group
from talentdesk.services.accounts import access
from talentdesk.services.platform import paper_settings
from talentdesk.store.models import School, Teacher

TEACHER_LIST_COLUMNS = (
    "id",
    "姓名",
    "性别",
    "出生日期",
    "编制学校",
    "工作学校",
    "学段",
    "学科",
    "职称",
    "学历",
    "用工形式",
    "骨干称号",
)


@dataclass
class Figure:
    label: str
    value: int
    ids: list[int]
    hint: str = ""


@dataclass
class Bar:
    label: str
    value: float
    ids: list[int] = field(default_factory=list)
    extra: str = ""  # tooltip


@dataclass
class Dashboard:
    figures: list[Figure]
    pyramid: list[tuple[str, Bar, Bar]]  # age band, male, female (youngest first)
    titles: list[Bar]
    areas: list[Bar]
    balance: dict[tuple[str, str], tuple[float | None, list[Bar]]]  # (stage, indicator) → (standard, schools)
    school_year: int | None
    made: dt.date


def dashboard(db, scope: Scope | None = None, today: dt.date | None = None) -> Dashboard:
    today = today or dt.date.today()
    scope = scope or Scope()
    with db.sessions() as s:
        schools = frame.schools(s)
        ids = scope.school_ids(s)
        rows = frame.in_scope(frame.teachers(s), ids, by="post")
    ages = {r.id: frame.age(r.birth, today) for r in rows}

    def pick(pred) -> list[int]:
        return [r.id for r in rows if pred(r)]

    rural = pick(
        lambda r: (
            schools.get(r.work if r.work is not None else r.post, None) is not None
            and schools[r.work if r.work is not None else r.post].area == "乡村"
        )
    )
    figures = [
        Figure("在岗教师", len(rows), [r.id for r in rows]),
        Figure("女教师", 0, pick(lambda r: r.gender == "女")),
        Figure("35岁及以下", 0, pick(lambda r: ages[r.id] is not None and ages[r.id] <= 35)),
        Figure("正高级教师", 0, pick(lambda r: r.title == "正高级教师")),
        Figure("高级教师", 0, pick(lambda r: r.title == "高级教师")),
        Figure("研究生学历", 0, pick(lambda r: codes.DEGREE.rank(r.degree) >= codes.DEGREE.rank("硕士研究生"))),
        Figure(
            "县级及以上骨干",
            0,
            pick(
                lambda r: balance_rules.is_backbone(frame.backbone_level(r.backbone), frame.backbone_kind(r.backbone))
            ),
        ),
        Figure("乡村学校任教", 0, rural),
        Figure("交流、支教中", 0, pick(lambda r: r.work is not None and r.post is not None and r.work != r.post)),
        Figure("特岗教师", 0, pick(lambda r: r.form == "特岗")),
    ]
    for f in figures:
        f.value = len(f.ids)
    pyramid = []
    for _, _, band in AGE_BANDS:
        male = [r.id for r in rows if r.gender == "男" and age_band(ages[r.id]) == band]
        female = [r.id for r in rows if r.gender == "女" and age_band(ages[r.id]) == band]
        pyramid.append((band, Bar("男", len(male), male), Bar("女", len(female), female)))
    by_title = defaultdict(list)
    for r in rows:
        by_title[title_group(r.title)].append(r.id)
    titles = [Bar(t, len(by_title[t]), by_title[t]) for t in ("正高级", "高级", "一级", "二级", "三级", "未定级")]
    by_area = defaultdict(list)
    for r in rows:
        sid = r.work if r.work is not None else r.post
        by_area[schools[sid].area if sid in schools and schools[sid].area else "未填"].append(r.id)
    areas = [Bar(a, len(by_area[a]), by_area[a]) for a in ("城区", "镇区", "乡村", "未填") if by_area.get(a)]
    rep = catalogue.compute(db, "balance", Params(scope=scope, today=today))
    balance = {}
    from talentdesk.reports.balance import IND_COL

    for i, row in enumerate(rep.main.rows):
        stage = row[2]
        for ind, col in IND_COL.items():
            std = rep.summary["standard"].get(stage, {}).get(ind)
            bars = balance.setdefault((stage, ind), (std, []))[1]
            value = row[col + 1] or 0.0
            bars.append(
                Bar(
                    row[0],
                    value,
                    rep.teacher_ids.get((0, i, col), []),
                    f"{row[0]}：每百名学生 {value:.2f}（{row[col]} 人 / 学生 {row[3]}），标准 {std}",
                )
            )
    return Dashboard(figures, pyramid, titles, areas, balance, rep.summary.get("school_year"), today)


def teacher_rows(db, ids: list[int]) -> list[tuple]:
    """The teachers behind a figure, as TEACHER_LIST_COLUMNS tuples (ordered by school, name, in pinyin order)."""
    if not ids:
        return []
    post, work = aliased(School), aliased(School)
    t = Teacher
    out = []
    with db.sessions() as s:
        for i in range(0, len(ids), 900):
            chunk = ids[i : i + 900]
            stmt = (
                select(
                    t.id,
                    t.name,
                    t.gender,
                    t.birth_date,
                    post.name,
                    work.name,
                    t.cur_stage,
                    t.cur_subject,
                    t.cur_title,
                    t.cur_degree,
                    t.employment_form,
                    t.cur_backbone,
                )
                .outerjoin(post, post.id == t.cur_post_school_id)
                .outerjoin(work, work.id == t.cur_work_school_id)
                .where(t.id.in_(chunk))
            )
            out += [tuple(r) for r in s.execute(stmt)]
    out.sort(key=lambda r: (not r[4], sort_key(r[4]), sort_key(r[1])))
    return [(r[0], r[1], r[2], r[3].isoformat() if r[3] else "", *r[4:]) for r in out]


def export_teacher_list(db, title: str, rows: list[tuple], path) -> None:
    """Write the teachers behind a figure (TEACHER_LIST_COLUMNS tuples, in the order shown) to an Excel file."""
    from talentdesk.reports import ReportTable
    from talentdesk.reports.xlsx import write_table

    who = access.require(db, "print")
    table = ReportTable(
        title,
        TEACHER_LIST_COLUMNS[1:],
        [tuple("" if v is None else v for v in r[1:]) for r in rows],
        (10, 6, 12, 24, 24, 8, 10, 12, 10, 10, 16),
    )
    write_table(table, path, sheet_title="教师名单", exporter=access.person_name(db, who))


def run(db, name: str, params: Params):
    return catalogue.compute(db, name, params)


def save(report, path, *, watermark: bool = True):
    return catalogue.render(report, path, watermark=watermark)


def record_output(db, report, path=None, how: str = "导出") -> None:
    """A saved or printed report with full ID numbers is recorded in the audit trail."""
    catalogue.record_output(db, report, path, how)


def entries():
    """The catalogue entries that can be run (another area's report whose module is missing is left out)."""
    return [e for e in catalogue.CATALOGUE if e.available]


def scope_choices(db) -> list[tuple[str, str]]:
    """(label, scope text) for the scope chooser: the county, each township, each school. A city database
    (schools of several counties, from exchange packages): 全市, then each county (区县), and each township
    with its county (乡镇：青禾县 东古城镇 → township:青禾县/东古城镇), as counties share township names."""
    with db.sessions() as s:
        rows = s.execute(
            select(School.name, School.township, School.county).order_by(
                School.county.nulls_first(), School.township.nulls_first(), School.id
            )
        ).all()
    counties = sorted({c for _, _, c in rows if c})
    out = [("全市" if counties else "全县", "county")]
    out += [(f"区县：{c}", f"county:{c}") for c in counties]
    if not counties:
        out += [(f"乡镇：{t}", f"township:{t}") for t in dict.fromkeys(t for _, t, _ in rows if t)]
    else:
        for county, town in dict.fromkeys((c, t) for _, t, c in rows if t):
            text = f"township:{county or ''}/{town}"
            out.append((f"乡镇：{county} {town}" if county else f"乡镇：{town}（未填区县）", text))
    out += [(f"学校：{name}", f"school:{name}") for name, _, _ in rows]
    return out


unit_name = paper_settings.unit_name  # the 填报单位, asked for on this page
set_unit_name = paper_settings.set_unit_name
