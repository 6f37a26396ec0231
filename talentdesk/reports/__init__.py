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
