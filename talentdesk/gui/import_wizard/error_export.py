"""Turn the plan's rows with problems into the error workbook (importing.error_workbook), one
workbook per source file, ready to send back to the school."""

from __future__ import annotations

from pathlib import Path

from talentdesk.importing import cards
from talentdesk.importing import columns as cols
from talentdesk.importing import error_workbook as ew


def source_sheets(file_plan) -> list[ew.SourceSheet]:
    out = []
    for sp in file_plan.sheets:
        raw_rows = sp.raw.rows
        header_rows = [list(raw_rows[h - 1]) for h in sp.header_rows if 0 < h <= len(raw_rows)]
        if sp.cards is not None:  # registration cards: one row per card, the cards' labels as the header
            header_rows = [[c.header for c in sp.columns]]
        width = max([len(h) for h in header_rows] + [len(r.cells) for r in sp.rows] + [0])
        fc = sp.field_columns
        header_of = {c.index: c.header.rsplit("/", 1)[-1] for c in sp.columns}
        rows = []
        for r in sp.rows:
            problems = []
            for x in r.issues:
                idx = fc.get(x.field) if x.field else None
                label = header_of.get(idx) if idx is not None else cols.FIELD_LABELS.get(x.field, "") if x.field else ""
                message = cards.issue_text(r, x) if sp.cards is not None else x.message  # label and cell
                problems.append(ew.CellProblem(message, idx, x.severity, label or ""))
            values = list(r.cells) + [None] * (width - len(r.cells))
            rows.append(ew.SourceRow(r.row, values, problems))
        title = sp.title_lines[0] if sp.title_lines else None
        out.append(ew.SourceSheet(sp.name, header_rows, rows, title=title))
    return out


def file_has_problems(file_plan) -> bool:
    return any(r.issues for sp in file_plan.sheets for r in sp.rows)


def default_name(file_plan) -> str:
    return f"{Path(file_plan.path).stem}_问题清单.xlsx"


def save_file(file_plan, path, *, only_problems: bool = True) -> Path:
    return ew.write(path, source_sheets(file_plan), only_problems=only_problems)


def save_all(plan, folder) -> list[Path]:
    """One workbook per file that has problems, in ``folder``; returns the paths written."""
    folder = Path(folder)
    out = []
    for fp in plan.files:
        if fp.sheets and file_has_problems(fp):
            out.append(save_file(fp, folder / default_name(fp)))
    return out
