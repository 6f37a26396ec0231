"""`tiers` 人才梯队与名优教师: serving teachers by their highest current designation (教坛新秀 … 特级教师) and its
level, 正高级教师 (a title) apart; 名优教师 — 骨干教师 and above at Policy.famous_min_level or higher, or 正高级 —
as a share of the serving teachers, per school and for the scope. The 人才梯队 tab of the GUI shows this table."""

from __future__ import annotations

from collections import defaultdict

from talentdesk.domain import codes
from talentdesk.domain.cultivation import LADDER, TOP_TITLE
from talentdesk.domain.policy import Policy
from talentdesk.reports import ReportTable, frame
from talentdesk.reports.catalogue import Report
from talentdesk.reports.params import total_label
from talentdesk.services.cultivation.tiers import ladder

LEVELS = tuple(c.label for c in sorted(codes.LEVEL.entries, key=lambda c: -c.rank))  # 国家级 … 校级
TIERS = (*reversed(LADDER), TOP_TITLE)
TIER_HEADERS = ("层级", *LEVELS, "合计")
TOP_ROW = f"{TOP_TITLE}（职称）"


def famous(tiers: dict, top: set[int], policy: Policy) -> set[int]:
    """名优教师: 骨干教师 or above (codes.is_backbone_kind) at Policy.famous_min_level or higher, or 正高级教师."""
    floor = codes.LEVEL.rank(policy.famous_min_level)
    return {
        tid for tid, (kind, level) in tiers.items() if codes.is_backbone_kind(kind) and codes.LEVEL.rank(level) >= floor
    } | top


def tier_table(tiers: dict, top: set[int]) -> tuple[list[tuple], dict]:
    """Rows of the tier table (TIER_HEADERS) and {(row, column): teacher ids}."""
    cells: dict[tuple[str, str], list[int]] = defaultdict(list)
    for tid, (kind, level) in sorted(tiers.items()):
        cells[(kind, level)].append(tid)
    rows, ids = [], {}
    for r, tier in enumerate(TIERS):
        if tier == TOP_TITLE:
            rows.append((TOP_ROW, *([""] * len(LEVELS)), len(top)))
            if top:
                ids[(r, len(LEVELS) + 1)] = sorted(top)
            continue
        every = []
        for c, lv in enumerate(LEVELS, 1):
            if cells.get((tier, lv)):
                ids[(r, c)] = cells[(tier, lv)]
                every += cells[(tier, lv)]
        if every:
            ids[(r, len(LEVELS) + 1)] = sorted(every)
        rows.append((tier, *(len(cells.get((tier, lv), ())) for lv in LEVELS), len(every)))
    return rows, ids


def share(n: int, of: int) -> str:
    return f"{n / of:.1%}" if of else ""


def compute(db, params) -> Report:
    policy = params.rules
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        serving, tiers, top = ladder(s, params.today, ids)
        schools = frame.schools(s)
        total = total_label(s, params.scope)
    rows, cell_ids = tier_table(tiers, top)
    drill = {(0, r, c): v for (r, c), v in cell_ids.items()}
    best = famous(tiers, top, policy)
    by_school: dict[int | None, list[int]] = defaultdict(list)
    for tid, post in sorted(serving.items()):
        by_school[post].append(tid)
    order = sorted(
        by_school,
        key=lambda sid: (
            sid is None,
            *(
                (schools[sid].county or "", schools[sid].township, schools[sid].name)
                if sid in schools
                else ("", "", "")
            ),
        ),
    )
    lines = []
    for sid in order:
        people = by_school[sid]
        chosen = [t for t in people if t in best]
        r = len(lines)
        drill[(1, r, 2)] = people
        if chosen:
            drill[(1, r, 3)] = chosen
        info = schools.get(sid)
        lines.append(
            (
                info.name if info else "（未登记编制学校）",
                info.township if info else "",
                len(people),
                len(chosen),
                share(len(chosen), len(people)),
            )
        )
    all_best = sorted(best)
    if serving:
        drill[(1, len(lines), 2)] = sorted(serving)
    if all_best:
        drill[(1, len(lines), 3)] = all_best
    lines.append((total, "", len(serving), len(best), share(len(best), len(serving))))
    tier_part = ReportTable("人才梯队（层级×级别）", TIER_HEADERS, rows, (16, *([8] * len(LEVELS)), 8))
    share_part = ReportTable(
        "名优教师占比",
        ("学校", "乡镇", "在岗教师", "名优教师", "占比"),
        lines,
        (24, 10, 10, 10, 10),
        emphasis=frozenset({len(lines) - 1}),
    )
    notes = [
        f"在岗教师按编制学校统计，称号按 {params.today:%Y-%m-%d} 仍在有效期内的计；每人按最高称号计一次，"
        "正高级教师（职称）另计。",
        f"名优教师：{policy.famous_min_level}及以上的骨干教师、学科带头人、名师、特级教师，以及正高级教师，"
        f"每人计一次（级别下限可在“设置”中修改）。{total} 名优教师 {len(best)} 人，占在岗教师 "
        f"{share(len(best), len(serving)) or '—'}。",
    ]
    return Report(
        title="人才梯队与名优教师统计",
        parts=[tier_part, share_part],
        notes=notes,
        teacher_ids=drill,
        summary={
            "teachers": len(serving),
            "famous": len(best),
            "share": round(len(best) / len(serving), 4) if serving else None,
            "tiers": {r[0]: r[-1] for r in rows},
        },
    )
