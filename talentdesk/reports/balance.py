"""`balance` 义务教育优质均衡发展 教师指标: per primary and junior secondary school and stage, the three
indicators per 100 students against the Policy standards; per stage and indicator the student-weighted
差异系数 against its limit; the schools that fall short and by how much. Rules: domain/balance.py.

Teachers count where they work (cur_work_school_id: a rotated teacher counts at the receiving school),
in their current stage (cur_stage); at a school with one compulsory stage a teacher with no stage on
record counts in that stage. Students: SchoolYearStat of the chosen school year (default the latest).
"""

from __future__ import annotations

from collections import defaultdict

from talentdesk.domain import balance as rules
from talentdesk.domain.dates import school_year_of
from talentdesk.reports import ReportTable, frame, frame_asof
from talentdesk.reports.catalogue import Report

STAGES = ("小学", "初中")
MAIN_HEADERS = (
    "学校",
    "乡镇",
    "学段",
    "学生数",
    "教师数",
    "高于规定学历教师",
    "每百名学生",
    "县级及以上骨干教师",
    "每百名学生",
    "体育艺术专任教师",
    "每百名学生",
    "未达标指标",
)
MAIN_WIDTHS = (22, 10, 6, 8, 7, 9, 8, 9, 8, 9, 8, 40)
SHORT = {"above_degree": "学历", "backbone": "骨干", "pe_arts": "体艺"}
IND_COL = {"above_degree": 5, "backbone": 7, "pe_arts": 9}
CV_HEADERS = ("学段", "指标", "学校数", "学生数", "全县值（每百名学生）", "标准", "差异系数", "差异系数上限", "结论")
SHORT_HEADERS = (
    "学校",
    "乡镇",
    "学段",
    "指标",
    "每百名学生",
    "标准",
    "差额（每百名学生）",
    "至少需增加教师（人）",
    "达到标准的",
    "不低于标准85%",
)


def _r(v: float | None, n: int = 2) -> float | None:
    return None if v is None else round(v, n)


def compute(db, params) -> Report:
    policy = params.rules
    with db.sessions() as s:
        schools = frame.schools(s)
        year, students = frame.students(s, params.year)
        in_scope = params.scope.school_ids(s)
        past = year is not None and year < school_year_of(params.today)
        rows = frame_asof.teachers_on(s, frame_asof.reference_date(year), year) if past else frame.teachers(s)
    # X̄ is named for the scope: 全县值 for a county (a county database, or one county of a city), 全市值 for a
    # whole city database (schools of several counties), 本范围值 for a township or a school
    city = params.scope.text == "county" and any(sc.county for sc in schools.values())
    mean = "全市值" if city else "全县值" if params.scope.kind == "county" else "本范围值"
    # (school, stage) → counts and teacher ids
    stages_of: dict[int, list[str]] = defaultdict(list)
    for sid, stage in students:
        if stage in STAGES and (in_scope is None or sid in in_scope):
            stages_of[sid].append(stage)
    teachers = defaultdict(list)
    unplaced = 0
    for r in rows:
        sid = r.work if r.work is not None else r.post
        st = stages_of.get(sid)
        if not st:
            continue
        stage = r.stage if r.stage in st else (st[0] if r.stage is None and len(st) == 1 else None)
        if stage is None:
            unplaced += r.stage is None
            continue
        teachers[(sid, stage)].append(r)

    main_rows, drill, points = [], {}, defaultdict(list)
    floor_pct = f"{policy.balance_floor_share:.0%}"
    short_rows = []
    order = sorted(
        ((sid, stage) for sid, st in stages_of.items() for stage in st),
        key=lambda k: (STAGES.index(k[1]), schools[k[0]].township, k[0]),
    )
    small = []  # (school, actual students) counted as Policy.balance_small_school_students
    for sid, stage in order:
        info, actual = schools[sid], students[(sid, stage)]
        n = rules.counted_students(actual, info.area, info.kind, policy)
        if n != actual:
            small.append(f"{info.name}（{actual}人）")
        group = teachers.get((sid, stage), [])
        hit = {
            "above_degree": [r.id for r in group if rules.above_degree(policy, stage, r.degree)],
            "backbone": [
                r.id
                for r in group
                if rules.is_backbone(frame.backbone_level(r.backbone), frame.backbone_kind(r.backbone))
            ],
            "pe_arts": [r.id for r in group if rules.is_pe_arts(r.subject)],
        }
        short = []
        for ind in rules.INDICATORS:
            count = len(hit[ind])
            points[(stage, ind)].append((n, count))
            std = rules.standard(policy, ind, stage)
            if std is not None and not rules.meets(count, n, std):
                value = rules.per100(count, n)
                need = rules.shortfall_teachers(count, n, std)
                floor = rules.above_floor(count, n, std, policy)
                short.append(
                    f"{SHORT[ind]}差{std - value:.2f}（缺{need}人"
                    + ("" if floor else f"，低于标准的{floor_pct}")
                    + "）"
                )
                short_rows.append(
                    (
                        info.name,
                        info.township,
                        stage,
                        rules.LABELS[ind],
                        _r(value),
                        std,
                        _r(std - value),
                        need,
                        f"{value / std:.0%}" if std else "",
                        "是" if floor else "否",
                    )
                )
        row_index = len(main_rows)
        main_rows.append(
            (
                info.name,
                info.township,
                stage,
                actual,
                len(group),
                len(hit["above_degree"]),
                _r(rules.per100(len(hit["above_degree"]), n)),
                len(hit["backbone"]),
                _r(rules.per100(len(hit["backbone"]), n)),
                len(hit["pe_arts"]),
                _r(rules.per100(len(hit["pe_arts"]), n)),
                "；".join(short) or "达标",
            )
        )
        drill[(0, row_index, 4)] = [r.id for r in group]
        for ind, col in IND_COL.items():
            drill[(0, row_index, col)] = hit[ind]

    cv_rows, summary = (
        [],
        {
            "school_year": year,
            "cv": {},
            "cv_limit": {},
            "cv_met": {},
            "county": {},
            "standard": {},
            "schools_short": len({(r[0], r[2]) for r in short_rows}),
        },
    )
    for stage in STAGES:
        limit = policy.cv_limit.get(stage)
        for ind in rules.INDICATORS:
            pts = points.get((stage, ind))
            if not pts:
                continue
            cv = rules.weighted_cv(pts)
            std = rules.standard(policy, ind, stage)
            met = cv.value is not None and limit is not None and cv.value <= limit + rules.EPS
            summary["cv"].setdefault(stage, {})[ind] = cv.value
            summary["county"].setdefault(stage, {})[ind] = cv.county
            summary["cv_met"].setdefault(stage, {})[ind] = met
            summary["standard"].setdefault(stage, {})[ind] = std
            summary["cv_limit"][stage] = limit
            verdict = (
                f"无法计算（{mean}为0）"
                if cv.value is None
                else "达标"
                if met
                else f"未达标（超出{cv.value - limit:.3f}）"
            )
            cv_rows.append(
                (
                    stage,
                    rules.LABELS[ind],
                    cv.schools,
                    sum(p for p, _ in pts),
                    _r(cv.county),
                    std,
                    _r(cv.value, 3),
                    limit,
                    verdict,
                )
            )

    label = frame.school_year_label(year)
    when = (
        f"按 {frame_asof.reference_date(year):%Y年%m月%d日}（学年初统计时点）在岗的教师及其当时的工作学校、任教学段、"
        "学历、骨干称号统计"
        if past
        else "按当前在岗教师的实际工作学校和当前任教学段统计"
    )
    notes = [
        f"学生数取 {label} 的学校学年统计；教师{when}（交流轮岗教师计入接收学校）。",
        "高于规定学历："
        + "，".join(f"{st}{policy.required_degree.get(st, '')}及以上" for st in STAGES)
        + "；骨干教师指县级及以上骨干教师、学科带头人、名师、特级教师（不含教坛新秀）；体育艺术指体育、音乐、美术。",
        "差异系数 CV = √(Σ Pᵢ/N·(Xᵢ − X̄)²) / X̄，Pᵢ 为各校学生数，N 为学生总数，Xᵢ 为各校每百名学生教师数，"
        f"X̄ 为{mean}；标准值相等视为达标。",
    ]
    notes.append(
        f"依据《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号）第九条：每所学校至少6项资源配置指标达到要求，"
        f"余项不能低于要求的{floor_pct}（本表只含其中3项教师指标，列出未达标指标是否不低于{floor_pct}）；"
        f"差异系数小学≤{policy.cv_limit.get('小学')}、初中≤{policy.cv_limit.get('初中')}；"
        + (
            f"规模不足{policy.balance_small_school_students}名学生的村小学和教学点按"
            f"{policy.balance_small_school_students}名学生计算"
            if policy.balance_small_school_students
            else "按实际学生数计算（设置中已关闭“不足100人按100人计”）"
        )
        + (f"，本表按此计算的有：{'、'.join(small)}" if small else "")
        + "。"
    )
    if unplaced:
        notes.append(f"另有 {unplaced} 名教师所在学校含多个学段而未登记任教学段，未计入。")
    if not students:
        notes.append("没有学校学年学生数，无法计算；请先在“学校”中填写各学年学生数。")
    main = ReportTable("教师指标（按学校、学段）", MAIN_HEADERS, main_rows, MAIN_WIDTHS)
    cv_headers = tuple(h.replace("全县值", mean) for h in CV_HEADERS)
    cv_table = ReportTable("差异系数", cv_headers, cv_rows, (6, 18, 7, 9, 10, 6, 9, 10, 20))
    short_table = ReportTable("未达标学校", SHORT_HEADERS, short_rows, (22, 10, 6, 18, 10, 6, 12, 12, 10, 12))
    return Report(
        title="义务教育优质均衡发展教师指标",
        parts=[main, cv_table, short_table],
        notes=notes,
        summary=summary,
        period_label=label,
        teacher_ids=drill,
    )
