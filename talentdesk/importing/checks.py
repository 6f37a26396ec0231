"""Checks across cells and rows, with the clerk's wording."""

from __future__ import annotations

import datetime as _dt

from talentdesk.domain.dates import PartialDate


def gender_mismatch(given: str, from_id: str) -> str:
    return f"性别填写为“{given}”，但身份证号显示为“{from_id}”：已按身份证号记为“{from_id}”，请学校核对"


def birth_mismatch(given: PartialDate, from_id: _dt.date) -> str | None:
    """A message when the given birth date contradicts the ID number at the precision given."""
    if (
        given.year != from_id.year
        or (given.month and given.month != from_id.month)
        or (given.day and given.day != from_id.day)
    ):
        return (
            f"出生年月填写为 {given.dotted()}，但身份证号显示为 {from_id:%Y.%m.%d}：已按身份证号记录，"
            f"请学校核对出生年月或身份证号"
        )
    return None


def duplicates(rows, key=lambda r: r.key, same=None) -> None:
    """Mark later rows that repeat an earlier row's key: identical → skipped, different → held."""
    from talentdesk.importing.plan import HELD, REJECTED, SKIPPED

    first = {}
    for r in rows:
        k = key(r)
        if k is None or r.status in (REJECTED, SKIPPED):
            continue
        if k not in first:
            first[k] = r
            continue
        f = first[k]
        if (same or _same)(r, f):
            r.add(
                "id_number",
                "warning",
                "duplicate_in_file",
                f"与 {f.where} 重复（同一身份证号、内容相同），本行不再导入",
            )
            r.status = SKIPPED
        else:
            what = conflict_text(f, r)
            r.add(
                "id_number",
                "warning",
                "duplicate_in_file",
                f"与 {f.where} 是同一身份证号，但填写内容不同（{what}）："
                "请核对后保留正确的一行（排除另一行即以本行为准）",
            )
            r.conflict = {"with": [f], "was": r.status}
            r.status = HELD
            f.add(
                "id_number",
                "warning",
                "duplicate_in_file",
                f"与 {r.where} 是同一身份证号，但填写内容不同（{what}）："
                "请核对后保留正确的一行（排除另一行即以本行为准）",
            )
            if f.conflict is None:  # the first row is held too: neither sheet may silently win
                f.conflict = {"with": [], "was": f.status}
                f.status = HELD
            f.conflict["with"].append(r)


def _same(a, b) -> bool:
    return a.values == b.values


def conflict_text(a, b) -> str:
    """Which fields two rows of the same teacher fill differently, with both values, in the clerk's words."""
    from talentdesk.importing.columns import FIELD_LABELS

    parts = []
    for fld in sorted(set(a.values) | set(b.values)):
        va, vb = a.values.get(fld), b.values.get(fld)
        if va != vb:
            parts.append(
                f"{FIELD_LABELS.get(fld, fld)}：{_cell(a, fld)} 为“{_shown(va)}”，{_cell(b, fld)} 为“{_shown(vb)}”"
            )
    return "；".join(parts) or "内容不同"


def _shown(v) -> str:
    if v is None or v == "":
        return "（空）"
    return v.dotted() if isinstance(v, PartialDate) else str(v)


def _cell(row, fld) -> str:
    """Where a row's field is, as Excel names it (教师信息!D2), or the row when the field has no column."""
    from openpyxl.utils import get_column_letter

    idx = row.sheet.field_columns.get(fld)
    return row.where if idx is None else f"{row.sheet.name}!{get_column_letter(idx + 1)}{row.row}"
