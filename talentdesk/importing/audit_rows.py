"""The audit record of a bulk import: one 'import' audit row per table (field 'ids') holding the range of ids
the batch wrote, and for the teachers where each one comes from.

    encode(lo, hi)                  → '[lo, hi]'  (history tables; the format undo has always read)
    encode(lo, hi, wheres)          → '{"ids": [lo, hi], "rows": [[file, sheet, first_row, count], …]}'
    id_range(text)                  → (lo, hi) of either format
    locate(text, record_id)         → (file index, sheet, row) of one id of the range, or None

wheres lists, in id order, (index of the file in the batch's files, sheet name, 1-based row) of each id;
runs of consecutive rows of one sheet are stored as one [file, sheet, first_row, count] (a whole roster
without gaps is one run).
"""

from __future__ import annotations

import json


def encode(lo: int, hi: int, wheres: list[tuple[int, str, int]] | None = None) -> str:
    if wheres is None:
        return json.dumps([lo, hi])
    runs: list[list] = []
    for f, sheet, row in wheres:
        last = runs[-1] if runs else None
        if last is not None and last[0] == f and last[1] == sheet and last[2] + last[3] == row:
            last[3] += 1
        else:
            runs.append([f, sheet, row, 1])
    return json.dumps({"ids": [lo, hi], "rows": runs}, ensure_ascii=False)


def _decoded(text: str):
    value = json.loads(text)
    return (value["ids"], value.get("rows") or []) if isinstance(value, dict) else (value, [])


def id_range(text: str) -> tuple[int, int]:
    (lo, hi), _ = _decoded(text)
    return int(lo), int(hi)


def locate(text: str, record_id: int) -> tuple[int, str, int] | None:
    """Where the record with this id came from, when the range holds it and says so."""
    try:
        (lo, hi), runs = _decoded(text)
    except (ValueError, KeyError, TypeError):
        return None
    if not lo <= record_id <= hi:
        return None
    k = record_id - lo
    for f, sheet, row, count in runs:
        if k < count:
            return f, sheet, row + k
        k -= count
    return None
