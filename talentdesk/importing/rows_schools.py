"""Check one row of a 学校基本情况 list."""

from __future__ import annotations

import re

from talentdesk.domain import codes
from talentdesk.importing import values as V
from talentdesk.importing.context import SchoolRef
from talentdesk.importing.plan import HELD, INSERT, REJECTED, UNCHANGED, UPDATE, PlanRow
from talentdesk.importing.rows_teachers import convert

SCHOOL_FIELDS = ("name", "code", "township", "area", "kind", "address")
STAT_FIELDS = ("students", "classes", "quota")
CONVERTERS = {
    "name": lambda v: _school_name(v),
    "code": lambda v: _code(v),
    "township": V.text,
    "area": lambda v: V.coded(codes.AREA, v, severity="error"),
    "kind": lambda v: V.coded(codes.SCHOOL_KIND, v, severity="error"),
    "students": V.integer,
    "classes": V.integer,
    "quota": V.integer,
    "address": V.text,
    "school_year": lambda v: _school_year_cell(v),
    "note": V.text,
}


def _school_name(v) -> str | None:
    t = V.text(v)
    return re.sub(r"\s+", "", t) if t else None


def _code(v) -> str | None:
    t = V.text(v)
    if t is None:
        return None
    t = re.sub(r"\s+", "", t)
    if not t.isdigit() or len(t) != 10:
        raise V.CellError("school.code", f"学校标识码“{t}”应为10位数字，请核对", "warning")
    return t


def _school_year_cell(v) -> int | None:
    t = V.text(v)
    m = re.search(r"(\d{4})", t or "")
    if not m:
        raise V.CellError("school.year", f"无法识别学年“{v}”，请写成 2026-2027学年", "warning")
    return int(m.group(1))


def school_year_from_titles(lines: list[str], default: int) -> int:
    """'2026年秋季学期' → 2026; '2026年春季学期' → 2025; '2025-2026学年' → 2025."""
    text = " ".join(lines)
    m = re.search(r"(\d{4})\s*[-—~至]\s*(\d{4})\s*学年", text)
    if m:
        return int(m.group(1))
    m = re.search(r"(\d{4})\s*年?\s*(秋|春)", text)
    if m:
        return int(m.group(1)) - (1 if m.group(2) == "春" else 0)
    return default


def stage_of(kind: str | None) -> str:
    stages = codes.KIND_STAGES.get(kind or "", ())
    return stages[0] if len(stages) == 1 else "全校"


def evaluate(row: PlanRow, ctx) -> None:
    v = convert(row, CONVERTERS)
    row.values = v
    if "name" not in v:
        row.add("name", "error", "school.name_missing", "缺少学校名称")
        row.status = REJECTED
        return
    row.key = v["name"]
    v.setdefault("school_year", school_year_from_titles(row.sheet.title_lines, ctx.school_year))
    if row.has_error:
        row.status = HELD
        return
    key = codes.norm_text(v["name"])
    existing = (ctx.school_codes.get(v["code"]) if v.get("code") else None) or ctx.schools.get(key)
    if key in ctx.planned_schools:
        row.add("name", "warning", "duplicate_in_file", "学校名称在导入文件中重复出现，本行不再导入")
        row.status = HELD
        return
    stat_key = (v["school_year"], stage_of(v.get("kind") or (existing.kind if existing else None)))
    row.refs["stat_key"] = stat_key
    if existing is None:
        ctx.planned_schools[key] = SchoolRef(None, v["name"], v.get("kind"), v.get("code"), v.get("township"))
        row.status = INSERT
        return
    row.target_id = existing.id
    ctx.planned_schools[key] = existing
    old = ctx.school_rows.get(existing.id, {})
    for f in SCHOOL_FIELDS:
        if f in v and v[f] != old.get(f):
            row.changes.append((f, old.get(f), v[f]))
    old_stat = ctx.stats.get((existing.id, *stat_key), {})
    for f in STAT_FIELDS:
        if f in v and v[f] != old_stat.get(f):
            row.changes.append((f, old_stat.get(f), v[f]))
    row.status = UPDATE if row.changes else UNCHANGED
