"""The 合计 row a table of figures ends with on paper (issue 18 §1): added when the table has none.

Which columns add up is read from the values and the header: whole numbers (人数, 学时…) and amounts of
money add up; 序号, years, ages, days, ratios, rates, averages and codes do not, nor do the rows of an
itemised table (类别 | 项目: different things side by side)."""

from __future__ import annotations

import re

from talentdesk.reports import ReportTable

TOTAL_LABELS = ("合计", "总计", "全县", "全市", "小计")
_NOT_ADDED = re.compile(
    r"序号|编号|代码|号码|年|龄|天|比|率|%|％|系数|均|标准|档|期|日|时间|排名|名次|差异|差距|得分|分数"
)
_MONEY = re.compile(r"金额|元|额|补助|奖励")


def is_total_row(row) -> bool:
    """A row labelled 合计/全县…, or a scope's total named after it (乡镇合计, 临河县合计: params.total_label)."""
    return any(
        isinstance(v, str) and (any(v.startswith(t) for t in TOTAL_LABELS) or v.endswith("合计")) for v in row[:3]
    )


def itemised(table: ReportTable) -> bool:
    """A list of different items (类别 | 项目 | figures…: 在岗教师, 新进教师, 正高级教师…): its rows do not add up."""
    return tuple(table.headers[:2]) == ("类别", "项目")


def summable_columns(table: ReportTable) -> list[int]:
    if itemised(table):
        return []
    out = []
    for i, h in enumerate(table.headers):
        vals = [r[i] for r in table.rows if i < len(r) and r[i] not in (None, "", "—") and not is_total_row(r)]
        if not vals or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
            continue
        money = bool(_MONEY.search(str(h)))
        if _NOT_ADDED.search(str(h)) and not money:
            continue
        if any(isinstance(v, float) for v in vals) and not money:
            continue
        out.append(i)
    return out


def total_row(table: ReportTable) -> tuple | None:
    """The 合计 row TABLE lacks, or None (it has one, has subtotals of its own, or has nothing to add up)."""
    if not table.rows or any(is_total_row(r) for r in table.rows):
        return None
    cols = summable_columns(table)
    if not cols:
        return None
    out: list = [""] * len(table.headers)
    label = next(i for i in range(len(table.headers)) if i not in cols or i == len(table.headers) - 1)
    out[label] = "合计"
    for i in cols:
        total = sum(
            r[i]
            for n, r in enumerate(table.rows)  # bold rows are subtotals already counted
            if n not in table.emphasis and i < len(r) and isinstance(r[i], (int, float))
        )
        out[i] = round(total, 2) if isinstance(total, float) else total
    return tuple(out)


def with_total(table: ReportTable) -> ReportTable:
    """TABLE with its 合计 row (bold) appended when it lacks one; its own total rows printed bold."""
    from dataclasses import replace

    row = total_row(table)
    if row is None:
        own = frozenset(n for n, r in enumerate(table.rows) if is_total_row(r))
        return table if own <= table.emphasis else replace(table, emphasis=table.emphasis | own)
    return replace(table, rows=[*table.rows, row], emphasis=table.emphasis | {len(table.rows)})
