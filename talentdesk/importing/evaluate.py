"""Check every row of a plan (in the order apply will write: schools, teachers, then pairings and rotations)."""

from __future__ import annotations

from talentdesk.importing import (
    checks,
    rows_links,
    rows_monitoring,
    rows_schools,
    rows_teachers,
    rows_training,
    sheet_school,
)
from talentdesk.importing import values as V
from talentdesk.importing.plan import REJECTED, SKIPPED, ImportPlan, SheetPlan, gc_paused

ORDER = {"schools": 0, "teachers": 1, "pairings": 2, "rotations": 2, "training": 3, "separations": 4, "responses": 4}
MONITORING = ("separations", "responses")  # issue 22 §3: rows_monitoring


def evaluate_plan(plan: ImportPlan, progress=None) -> None:
    with gc_paused():  # a re-check after each edit of the clerk goes over every row again
        _evaluate_plan(plan, progress)


def _evaluate_plan(plan: ImportPlan, progress) -> None:
    ctx = plan.context
    ctx.reset_planned()
    plan.register_new_schools()
    sheets = sorted(plan.sheets(), key=lambda s: ORDER[s.kind])
    ids, names = [], []
    converted: dict[int, list] = {}  # id(sheet) → convert_rows() of a teacher sheet (typed values and ID numbers)
    for s in sheets:
        fc = s.field_columns
        if s.kind == "teachers":
            conv = converted[id(s)] = rows_teachers.convert_rows(
                s.rows, rows_teachers.compile_converters(s, plan._memo), plan._memo
            )
            for r, typed in zip(s.rows, conv):
                if typed is None:  # edited by the clerk: converted again in evaluate()
                    ids.append(_quick_id(r.raw("id_number")))
                elif typed[2] is not None and type(typed[2]) is not rows_teachers.Err:
                    ids.append(typed[2].number)
        for f in ("id_number", "mentor_id", "mentee_id"):
            if f in fc and s.kind != "teachers":
                ids += [_quick_id(r.raw(f)) for r in s.rows]
        for f in ("mentor_name", "mentee_name"):
            if f in fc:
                names += [_name_or_none(r.raw(f)) for r in s.rows]
        if s.kind in ("pairings", "training", *MONITORING) and "name" in fc:
            names += [r.raw("name") for r in s.rows]
    ctx.load_teachers([i for i in ids if i])
    safe_names = []
    for n in names:
        safe_names.append(n)
    ctx.load_names([n for n in safe_names if n])
    total = sum(len(s.rows) for s in sheets) or 1
    done = 0
    links = any(s.kind in ("pairings", "rotations", "training", *MONITORING) for s in sheets)
    found = None  # the teacher sheets' schools: resolved once the school lists of the plan are registered
    for s in sheets:
        if s.kind == "teachers" and found is None:
            found = sheet_school.resolve([x for x in sheets if x.kind == "teachers"], ctx)
        finder = None
        if s.kind == "teachers":
            finder = sheet_school.Finder(s, ctx, found[id(s)])
            s.school_found = finder("")
        notes = s.card_notes if s.cards is not None else s.raw.cell_notes
        for r, typed in zip(s.rows, converted.get(id(s)) or [None] * len(s.rows)):
            # teacher rows keep the shared empty issues/changes until they have some (most never do)
            r.conflict = None
            r.issues, r.changes, r.values, r.refs, r.key, r.target_id = (
                ((), (), {}, {}, None, None) if s.kind == "teachers" else ([], [], {}, {}, None, None)
            )
            if s.kind == "teachers":
                rows_teachers.evaluate(r, ctx, finder, typed)
            elif s.kind == "schools":
                rows_schools.evaluate(r, ctx)
            elif s.kind == "training":
                rows_training.evaluate(r, ctx)
            elif s.kind in MONITORING:
                rows_monitoring.evaluate(r, ctx)
            else:
                rows_links.evaluate(r, ctx)
            if notes and r.row - 1 in notes:
                _cell_notes(r, notes[r.row - 1])
            if r.excluded:
                r.status = SKIPPED
            done += 1
            if progress and done % 500 == 0:
                progress(done, total, f"检查 {s.name} 第{r.row}行")
        if s.kind == "teachers" and links:  # only pairing and rotation lists look teachers up here
            _register_teachers(s, ctx)
    by_file: dict[str, list] = {}
    for s in sheets:
        if s.kind == "teachers":
            by_file.setdefault(s.path, []).extend(s.rows)
    teacher_rows = [r for rows in by_file.values() for r in rows]
    checks.duplicates(teacher_rows)
    rows_training.duplicates(plan.rows("training"))


def _cell_notes(r, notes) -> None:
    """What reading found in the row's cells (importing.read.clean_cells), for the columns that are imported and
    the clerk has not corrected; an error rejects the row."""
    by_col = {c: f for f, c in r.sheet.field_columns.items()}
    for col, severity, code, message in notes:
        fld = by_col.get(col)
        if fld is None or fld in r.edited:
            continue
        r.add(fld, severity, code, message)
        if severity == "error" and r.status != SKIPPED:
            r.status = REJECTED


def _name_or_none(raw):
    """A name to look up, or None when there is none or it is not a valid name (the row check says so)."""
    if not raw:
        return None
    try:
        return V.name(raw)
    except V.CellError:
        return None


def _quick_id(raw):
    if raw is None or isinstance(raw, (int, float)):
        return None
    if type(raw) is str and len(raw) == 18 and raw.isascii() and raw.isalnum():
        return raw if raw.isdigit() or raw.isupper() else raw.upper()  # what normalize() gives for a clean number
    from talentdesk.domain import idnumber

    n = idnumber.normalize(str(raw))
    if len(n) == 15 and n.isdigit():
        return idnumber.upgrade15(n)
    return n if len(n) == 18 else None


def _register_teachers(s: SheetPlan, ctx) -> None:
    for r in s.rows:
        if r.key and r.status not in ("rejected", "skipped") and r.refs.get("school"):
            ctx.planned_teachers.setdefault(r.key, {"name": r.values.get("name"), "school": r.refs["school"]})
