"""`structure` 教师队伍结构统计表: serving teachers by post school (编制学校) — sex and age bands,
degree and title, stage and subject group, employment form and backbone level — with a subtotal per
township and the total of the scope. Ages are full years on the report date (params.today).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from talentdesk.domain import codes
from talentdesk.reports import ReportTable, frame
from talentdesk.reports.catalogue import Report
from talentdesk.reports.params import total_label as scope_total

AGE_BANDS = (
    (None, 29, "29岁及以下"),
    (30, 34, "30—34岁"),
    (35, 39, "35—39岁"),
    (40, 44, "40—44岁"),
    (45, 49, "45—49岁"),
    (50, 54, "50—54岁"),
    (55, None, "55岁及以上"),
)


def age_band(age: int | None) -> str:
    if age is None:
        return "未知"
    for lo, hi, label in AGE_BANDS:
        if (lo is None or age >= lo) and (hi is None or age <= hi):
            return label
    return "未知"


def degree_group(degree: str | None) -> str:
    rank = codes.DEGREE.rank(degree)
    if rank >= codes.DEGREE.rank("硕士研究生"):
        return "研究生"
    if rank == codes.DEGREE.rank("大学本科"):
        return "本科"
    if rank == codes.DEGREE.rank("大学专科"):
        return "专科"
    return "专科以下" if rank >= 0 else "未填"


def title_group(title: str | None) -> str:
    return {"正高级教师": "正高级", "高级教师": "高级", "一级教师": "一级", "二级教师": "二级", "三级教师": "三级"}.get(
        title or "", "未定级"
    )


def stage_group(stage: str | None) -> str:
    return stage if stage in ("幼儿园", "小学", "初中", "高中", "中职") else "其他"


def subject_group(subject: str | None) -> str:
    return codes.SUBJECT_GROUP.get(subject or "", "其他")


def form_group(form: str | None) -> str:
    return form if form in ("在编", "特岗", "合同", "代课") else "其他"


def backbone_group(backbone: str | None) -> str:
    """The 骨干 column of a teacher's designation by level; 教坛新秀 is not 骨干 (codes.is_backbone_kind)."""
    if not codes.is_backbone_kind(frame.backbone_kind(backbone)):
        return ""
    level = frame.backbone_level(backbone)
    return {"国家级": "省级及以上", "省级": "省级及以上", "市级": "市级", "县级": "县级", "校级": "校级"}.get(
        level or "", ""
    )


# (part title, [(key function, [(column label, value)])]) — a teacher counts in a column when key(row) == value
AGE = [a[2] for a in AGE_BANDS]


def _same(values):
    return [(v, v) for v in values]


PARTS: list[tuple[str, list[tuple[Callable, list[tuple[str, str]]]]]] = [
    (
        "性别与年龄",
        [(lambda r, on: r.gender, _same(("男", "女"))), (lambda r, on: age_band(frame.age(r.birth, on)), _same(AGE))],
    ),
    (
        "学历与职称",
        [
            (lambda r, on: degree_group(r.degree), _same(("研究生", "本科", "专科", "专科以下"))),
            (lambda r, on: title_group(r.title), _same(("正高级", "高级", "一级", "二级", "三级", "未定级"))),
        ],
    ),
    (
        "学段与学科",
        [
            (lambda r, on: stage_group(r.stage), _same(("幼儿园", "小学", "初中", "高中", "中职", "其他"))),
            (
                lambda r, on: subject_group(r.subject),
                [("语言", "语言"), ("数理", "数理"), ("人文", "人文"), ("体育艺术", "体育艺术"), ("其他学科", "其他")],
            ),
        ],
    ),
    (
        "用工形式与骨干",
        [
            (lambda r, on: form_group(r.form), _same(("在编", "特岗", "合同", "代课", "其他"))),
            (
                lambda r, on: backbone_group(r.backbone),
                [(f"{g}骨干", g) for g in ("省级及以上", "市级", "县级", "校级")],
            ),
        ],
    ),
]
GROUPS = [fn for _, groups in PARTS for fn, _ in groups]


def _columns():
    """Global column index of each (group index, value), and each part's (first index, labels)."""
    index, parts, n = {}, [], 0
    g = 0
    for title, groups in PARTS:
        first, labels = n, []
        for _, cols in groups:
            for label, value in cols:
                index[(g, value)] = n
                labels.append(label)
                n += 1
            g += 1
        parts.append((title, first, labels))
    return index, parts, n


PARTY = frozenset(("中共党员", "中共预备党员"))


def _party_members(s) -> set[int]:
    """Ids of the teachers whose 政治面貌 is 中共党员 or 中共预备党员 (any spelling codes.POLITICAL knows)."""
    from sqlalchemy import select

    from talentdesk.store.models import Teacher

    return {
        tid
        for tid, political in s.execute(select(Teacher.id, Teacher.political).where(Teacher.political.is_not(None)))
        if codes.POLITICAL.canonical(political) in PARTY
    }


def _share(n: int, of: int) -> str:
    return f"{n / of:.1%}" if of else ""


def compute(db, params) -> Report:
    on = params.today
    drill_wanted = bool(params.options.get("drill"))
    with db.sessions() as s:
        schools = frame.schools(s)
        ids = params.scope.school_ids(s)
        rows = frame.in_scope(frame.teachers(s, ids=params.teacher_ids), ids, by="post")
        total_label = scope_total(s, params.scope)
        party = _party_members(s)
    index, part_cols, ncol = _columns()
    counts: dict[int | None, list[int]] = defaultdict(lambda: [0] * ncol)
    hits: dict[int | None, list[list[int]]] = defaultdict(lambda: [[] for _ in range(ncol)])
    members: dict[int | None, list[int]] = defaultdict(list)
    for r in rows:
        c = counts[r.post]
        h = hits[r.post] if drill_wanted else None
        members[r.post].append(r.id)
        for g, fn in enumerate(GROUPS):
            j = index.get((g, fn(r, on)))
            if j is not None:
                c[j] += 1
                if h is not None:
                    h[j].append(r.id)
    # lines of the table: schools grouped by township (per county: counties share township names), a subtotal
    # after each township, the total last
    order = sorted(
        (sid for sid in counts if sid is not None),
        key=lambda sid: (schools[sid].county or "", schools[sid].township, sid),
    )
    several = len({schools[sid].county for sid in order}) > 1
    lines: list[tuple[str, str, list[int], bool]] = []  # name, township, school ids, bold
    for county, town in dict.fromkeys((schools[sid].county, schools[sid].township) for sid in order):
        group = [sid for sid in order if (schools[sid].county, schools[sid].township) == (county, town)]
        shown = f"{county or ''}{town}" if several else town
        lines += [(schools[sid].name, shown, [sid], False) for sid in group]
        if params.scope.kind != "school":
            lines.append((f"{shown}小计", shown, group, True))
    if None in counts:
        lines.append(("（未登记编制学校）", "", [None], False))
    if params.scope.kind != "school" or not lines:
        lines.append((total_label, "", list(counts), True))

    line_counts = []
    drill: dict = {}
    for li, (_, _, sids, _) in enumerate(lines):
        total = [sum(counts[sid][j] for sid in sids) for j in range(ncol)]
        line_counts.append((sum(len(members[sid]) for sid in sids), total))
        if drill_wanted:
            for p_index, (_, first, labels) in enumerate(part_cols):
                drill[(p_index, li, 2)] = [t for sid in sids for t in members[sid]]
                for k in range(len(labels)):
                    drill[(p_index, li, 3 + k)] = [t for sid in sids for t in hits[sid][first + k]]
    parts = []
    emphasis = frozenset(i for i, line in enumerate(lines) if line[3])
    for title, first, labels in part_cols:
        trows = [
            (name, town, n, *tot[first : first + len(labels)])
            for (name, town, _, _), (n, tot) in zip(lines, line_counts)
        ]
        widths = (22, 10, 7, *(max(6, 2 * len(lb) + 1) for lb in labels))
        parts.append(ReportTable(title, ("学校", "乡镇", "合计", *labels), trows, widths, emphasis=emphasis))
    party_rows = []
    for li, (name, town, sids, _) in enumerate(lines):
        people = [t for sid in sids for t in members[sid]]
        chosen = [t for t in people if t in party]
        party_rows.append((name, town, len(people), len(chosen), _share(len(chosen), len(people))))
        if drill_wanted and chosen:
            drill[(len(part_cols), li, 3)] = chosen
        if drill_wanted:
            drill[(len(part_cols), li, 2)] = people
    parts.append(
        ReportTable(
            "政治面貌",
            ("学校", "乡镇", "合计", "中共党员", "党员占比"),
            party_rows,
            (22, 10, 7, 9, 9),
            emphasis=emphasis,
        )
    )
    notes = [
        f"在岗教师 {len(rows)} 人，按编制所在学校统计；年龄按制表日期 {on:%Y-%m-%d} 计算周岁。",
        "学科分组：语言（语文、英语），数理（数学、物理、化学、生物、科学），人文（政治、历史、地理），"
        "体育艺术（体育、音乐、美术），其他学科。骨干按当前最高级别称号计。",
        "中共党员含预备党员，按教师信息中的政治面貌计；党员占比 = 中共党员 ÷ 在岗教师。",
    ]
    total = line_counts[-1][1] if line_counts else [0] * ncol
    charts = [
        (f"{title}（{lines[-1][0] if lines else ''}）", list(zip(labels, total[first : first + len(labels)])), None)
        for title, first, labels in part_cols
    ]
    return Report(
        title="教师队伍结构统计表",
        parts=parts,
        notes=notes,
        teacher_ids=drill,
        charts=charts,
        summary={
            "teachers": len(rows),
            "party_members": party_rows[-1][3] if party_rows else 0,
        },
    )
