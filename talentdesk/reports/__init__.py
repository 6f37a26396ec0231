"""Report tables computed as plain data (headers + rows), rendered to Excel, PDF or JSON."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ReportTable:
    """A report as plain data: what any renderer (Excel, PDF, JSON) needs."""

    title: str
    headers: tuple[str, ...]
    rows: list[tuple]
    widths: tuple[int, ...] = ()
    text_columns: frozenset[int] = field(default_factory=frozenset)  # keep as text (ID numbers)
    note: str = ""
    emphasis: frozenset[int] = field(default_factory=frozenset)  # row indexes printed bold (subtotals, totals)
    # columns summed in a 本页小计 row at the foot of every printed page (payment sheets); the table's own
    # last row is then its 合计
    page_sums: tuple[int, ...] = ()
    row_height: float = 0.0  # the least height of a row in points (a box tall enough to sign in)
    # the teacher each row is about (same order as rows; None for a row that is not one teacher), so a screen
    # can open the teacher's file on a double-click; never printed or exported
    row_teachers: tuple[int | None, ...] = ()
