"""The import report (CLI --report and the checking tools): plain JSON-ready data."""

from __future__ import annotations

from typing import Any

from talentdesk.importing import cards
from talentdesk.importing.plan import REPORT_STATUS, ImportPlan


def to_json(plan: ImportPlan, *, applied: bool = True, batch_id: int | None = None) -> dict:
    """{"files": [{"path", "kind", "rows": [{"where", "status", "id_number", "issues"}]}], "summary": {…},
    "school_questions": [{"path", "sheet", "asked", "code", "message", "rows", "candidates"}]} (the rows held until
    the clerk says their school: --school).

    Statuses are the past tense (inserted/updated) whether or not the plan was applied; the summary says
    which ("dry_run").

    A row read from a registration card (importing.cards) also has "card": {"sheet", "first_row", "number"}, and
    its issues "label" (as the card writes it) and "cell" (of the value, e.g. "B14"); the file has "cards":
    {sheet: number of cards}.
    """
    files = []
    for f in plan.files:
        rows = []
        for s in f.sheets:
            for r in s.rows:
                row: dict[str, Any] = {
                    "where": r.where,
                    "status": REPORT_STATUS[r.status],
                    "id_number": r.key if s.kind in ("teachers", "rotations") else r.key,
                    "issues": [i.as_dict() for i in r.issues],
                }
                card = s.card(r.row)
                if card is not None:
                    row["card"] = {"sheet": s.name, "first_row": r.row, "number": card.number}
                    for d, i in zip(row["issues"], r.issues):
                        d["label"], d["cell"] = cards.locate(r, i.field)
                rows.append(row)
        entry: dict[str, Any] = {"path": f.path, "kind": f.kind, "rows": rows}
        if any(s.cards is not None for s in f.sheets):
            entry["cards"] = {s.name: len(s.cards) for s in f.sheets if s.cards is not None}
        if f.error:
            entry["error"] = f.error
        notes = [f"{s.name}：{n}" for s in f.sheets for n in s.notes]
        unmapped = [f"{s.name}：{c.header}" for s in f.sheets for c in s.columns if not c.field]
        if notes:
            entry["notes"] = notes
        if unmapped:
            entry["unmapped_columns"] = unmapped
        files.append(entry)
    counts = plan.counts()
    summary = {REPORT_STATUS[k]: counts[k] for k in REPORT_STATUS}
    summary.update(
        rows=sum(len(f["rows"]) for f in files),
        files=len(files),
        refused_files=counts["refused_files"],
        errors=counts["errors"],
        warnings=counts["warnings"],
        dry_run=not applied,
        batch_id=batch_id,
    )
    questions = [
        {
            "path": q["sheet"].path,
            "sheet": q["sheet"].name,
            "asked": q["asked"],
            "code": q["code"],
            "message": q["message"],
            "rows": len(q["rows"]),
            "candidates": sorted(c.name for c in q["candidates"]),
        }
        for q in plan.school_questions()
    ]
    return {"files": files, "summary": summary, "school_questions": questions}
