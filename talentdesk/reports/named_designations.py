"""三名工程 (issue 20 §3): 名师, 名校长 and 名班主任 by level — held at a date and newly designated over a period —,
the reviews of designations during their term over the period (继续保留 / 撤销 / 降级 by kind and level, and the
list), and the designations due for review (期中/期满 within Policy.designation_review_months). Pure data over
services.people.designations; registered in the catalogue as `named` (PDF, Excel, JSON; `talentdesk report named
--from --to`). The same counts appear in `report annual` (三名工程, 称号考核)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.domain import designations as rules
from talentdesk.domain.collation import sort_key
from talentdesk.domain.policy import Policy
from talentdesk.reports import ReportTable
from talentdesk.services.people import designations as service
from talentdesk.store.models import Designation, School, Teacher

LEVELS = ("国家级", "省级", "市级", "县级", "校级")
KINDS = codes.SANMING_KINDS
LEVEL_HEADERS = ("称号", *LEVELS, "合计")
REVIEW_HEADERS = ("称号", "级别", "考核人次", "优秀", "合格", "基本合格", "不合格", *rules.DECISIONS)
REVIEW_LIST_HEADERS = ("考核日期", "姓名", "学校", "称号", "考核类型", "考核结果", "处理", "原因", "决定单位", "文号")
HOLDER_HEADERS = ("称号", "级别", "姓名", "学校", "认定时间", "结束时间")


def _on(params) -> dt.date:
    """The end of the month asked, or of the period, never after today; else today."""
    month = params.month or (params.period.end if params.period is not None else None)
    if month:
        y, m = month
        last = dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
        return min(last, params.today)
    return params.today


def _span(params, on: dt.date) -> tuple[dt.date, dt.date, str]:
    if params.period is not None:
        (y0, m0), (y1, m1) = params.period.start, params.period.end
        last = dt.date(y1 + (m1 == 12), m1 % 12 + 1, 1) - dt.timedelta(days=1)
        return dt.date(y0, m0, 1), last, params.period.label
    return dt.date(on.year, 1, 1), dt.date(on.year, 12, 31), f"{on.year}年"


def level_table(title: str, pairs: list[tuple[str, str]], note: str = "") -> ReportTable:
    """Rows of KINDS (and 合计) × LEVELS from (kind, level) pairs."""
    n = Counter((k, codes.LEVEL.canonical(lv) or lv) for k, lv in pairs)
    counts = [[n.get((k, lv), 0) for lv in LEVELS] for k in KINDS]
    rows: list[tuple] = [(k, *c, sum(c)) for k, c in zip(KINDS, counts, strict=True)]
    totals = [sum(c[i] for c in counts) for i in range(len(LEVELS))]
    rows.append(("合计", *totals, sum(totals)))
    return ReportTable(title, LEVEL_HEADERS, rows, (12, 8, 8, 8, 8, 8, 8), note=note, emphasis=frozenset({len(KINDS)}))


def review_counts(reviews: list[tuple]) -> list[tuple]:
    """Rows of REVIEW_HEADERS by kind and level (kinds of the code list's order, levels high to low) and 合计."""
    n: Counter = Counter()
    for _tid, kind, level, _d, _stage, result, decision, *_ in reviews:
        key = (kind, codes.LEVEL.canonical(level) or level)
        n[(*key, "")] += 1
        n[(*key, result or "")] += 1
        n[(*key, decision)] += 1
    keys = sorted(
        {(k, lv) for k, lv, _ in n}, key=lambda kl: (codes.DESIGNATION.labels.index(kl[0]), -codes.LEVEL.rank(kl[1]))
    )
    cols = ("", *rules.RESULTS, *rules.DECISIONS)
    rows = [(k, lv, *(n.get((k, lv, c), 0) for c in cols)) for k, lv in keys]
    rows.append(("合计", "", *(sum(r[i] for r in rows) for i in range(2, len(cols) + 2))))
    return rows


def compute(db, params):
    from talentdesk.reports.catalogue import Report

    on = _on(params)
    policy: Policy = params.rules
    first, last, span = _span(params, on)
    day = f"{on.year}年{on.month}月{on.day}日"
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
        held = service.held_on(s, on, KINDS, ids)
        new = service.designated_between(s, first, last, KINDS, ids)
        reviews = service.reviews_between(s, first, last, None, ids)
        people = {
            tid: (name, school or "")
            for tid, name, school in s.execute(
                select(Teacher.id, Teacher.name, School.name).outerjoin(School, School.id == Teacher.cur_post_school_id)
            )
        }
        terms = _terms(s, on)
    due = service.due_rows(db, policy, on, kind="三名工程", school_ids=ids)
    holders = sorted(
        held, key=lambda r: (KINDS.index(r[1]), -codes.LEVEL.rank(r[2]), sort_key(people.get(r[0], ("", ""))[1]))
    )
    holder_rows = [
        (k, lv, people.get(tid, ("", ""))[0], people.get(tid, ("", ""))[1], *terms.get((tid, k, lv), ("", "")))
        for tid, k, lv in holders
    ]
    reviews.sort(key=lambda r: (r[3], sort_key(people.get(r[0], ("", ""))[1])))
    review_rows = [
        (
            d.iso(),
            people.get(tid, ("", ""))[0],
            people.get(tid, ("", ""))[1],
            f"{lv}{k}",
            stage or "",
            result or "",
            decision,
            reason or "",
            by or "",
            doc or "",
        )
        for tid, k, lv, d, stage, result, decision, reason, by, doc in reviews
    ]
    withdrawn = sum(1 for r in reviews if r[6] == rules.WITHDRAW)
    parts = [
        level_table(
            f"三名工程在任人数（{day}）",
            [(k, lv) for _, k, lv in held],
            note=f"共 {len(held)} 人次，{len({r[0] for r in held})} 人；"
            "在岗教师在该日仍在任期内的称号（撤销、降级自考核日起不再计入）",
        ),
        level_table(
            f"三名工程新认定（{span}）",
            [(k, lv) for _, k, lv, _ in new],
            note=f"共 {len(new)} 人次；按认定时间计入，降级后的称号不计为新认定",
        ),
        ReportTable(
            f"称号考核结果（{span}，能上能下）",
            REVIEW_HEADERS,
            review_counts(reviews),
            (12, 8, 8, 6, 6, 8, 8, 8, 6, 6),
            note=f"共 {len(reviews)} 人次，其中撤销 {withdrawn} 人次；含骨干教师等其他称号的考核",
            emphasis=frozenset({len(review_counts(reviews)) - 1}),
        ),
        ReportTable(
            f"称号考核名单（{span}）",
            REVIEW_LIST_HEADERS,
            review_rows,
            (11, 8, 20, 12, 8, 8, 8, 20, 14, 16),
            row_teachers=tuple(r[0] for r in reviews),
        ),
        ReportTable(
            f"待考核的三名工程称号（{day}起 {policy.designation_review_months} 个月内及逾期）",
            service.DUE_HEADERS,
            [tuple(r)[2:] for r in due],
            (8, 20, 10, 8, 10, 18, 10, 11, 6, 11),
            note=f"共 {len(due)} 人次，逾期 {sum(r.overdue == '逾期' for r in due)} 人次；任期中点或届满在 "
            f"{policy.designation_review_months} 个月内、且此前未考核的；未填结束时间的按任期 "
            f"{policy.designation_term_years} 年计",
            row_teachers=tuple(r.teacher_id for r in due),
        ),
        ReportTable(
            f"三名工程名单（{day}）",
            HOLDER_HEADERS,
            holder_rows,
            (10, 8, 8, 24, 10, 10),
            row_teachers=tuple(r[0] for r in holders),
        ),
    ]
    notes = [
        f"在任人数、待考核名单和名单为 {day}（所选月份或统计期间的末日，不晚于今天）的情况；"
        f"新认定和考核按日期计入 {span}。",
        "名校长、名班主任是称号，但不计入骨干教师：优质均衡、队伍结构、名优教师等骨干口径只计骨干教师及以上的"
        "教师称号（同时持有骨干教师等称号的照常计入）。",
    ]
    return Report(
        title="三名工程与称号考核",
        parts=parts,
        notes=notes,
        period_label=span,
        summary={
            "date": on.isoformat(),
            "held": {k: dict(Counter(lv for _, kk, lv in held if kk == k)) for k in KINDS},
            "new": {k: dict(Counter(lv for _, kk, lv, _ in new if kk == k)) for k in KINDS},
            "reviews": dict(Counter(r[6] for r in reviews)),
            "due": len(due),
            "overdue": sum(r.overdue == "逾期" for r in due),
            "review_months": policy.designation_review_months,
        },
    )


def _terms(s, on: dt.date) -> dict[tuple[int, str, str], tuple[str, str]]:
    """(teacher, kind, level) → (start, end) of the 三名工程 designations in force on ON."""
    out = {}
    for tid, k, lv, a, b in s.execute(
        select(Designation.teacher_id, Designation.kind, Designation.level, Designation.start, Designation.end).where(
            Designation.kind.in_(KINDS)
        )
    ):
        if rules.in_force(a, b, on):
            out[(tid, k, lv)] = (a.iso() if a else "", b.iso() if b else "")
    return out
