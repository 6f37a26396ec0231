"""The import report (CLI --report and the checking tools): plain JSON-ready data."""

from __future__ import annotations

from pathlib import Path
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


def card_lines(plan: ImportPlan, limit: int = 60) -> list[str]:
    """What the CLI says about files read as registration cards: how many cards per sheet, then each card with
    issues (sheet, first row, name, status; each issue by label and cell). At most LIMIT issue lines: the rest
    is counted (all of them are in the JSON report)."""
    from talentdesk.importing.plan import STATUS_LABELS

    out: list[str] = []
    left = limit
    hidden = 0
    for f in plan.files:
        sheets = [s for s in f.sheets if s.cards is not None]
        if not sheets:
            continue
        per = "、".join(f"工作表“{s.name}” {len(s.cards or ())} 张" for s in sheets)
        out.append(f"{Path(f.path).name}：按登记表读取（一张一位教师），{per}")
        for s in sheets:
            for r in s.rows:
                if not r.issues:
                    continue
                card = s.card(r.row)
                name = r.values.get("name") or r.raw("name") or "（无姓名）"
                place = card.place if card and card.place else f"第{r.row}行起"
                number = card.number if card else "?"
                head = f"  第{number}张登记表（{s.name}，{place}，{name}）：{STATUS_LABELS[r.status]}"
                for i in sorted(r.issues, key=lambda i: i.severity != "error"):
                    if left <= 0:
                        hidden += 1
                        continue
                    if head:
                        out.append(head)
                        head = ""
                    out.append(f"    {'✖' if i.severity == 'error' else '⚠'} {cards.issue_text(r, i)}")
                    left -= 1
    if hidden:
        out.append(f"  ……另有 {hidden} 条问题未列出（用 --report 输出全部）")
    return out
