"""Check one row of a 学校基本情况 list."""

from __future__ import annotations

import datetime as _dt
import re

from talentdesk.domain import codes
from talentdesk.domain import titles as title_rules
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
    "post_year": lambda v: _post_year(v),
    "post_senior": V.integer,
    "post_middle": V.integer,
    "post_junior": V.integer,
    "post_grades": lambda v: _grades(v),
    "post_document": V.text,
}
POST_COUNTS = {"post_senior": "senior", "post_middle": "middle", "post_junior": "junior"}


def _post_year(v) -> int | None:
    t = V.text(v)
    m = re.fullmatch(r"(\d{4})(?:\.0)?年?", t or "")
    if t and not m:
        raise V.CellError("post.year", f"岗位设置年度“{v}”应为四位年份，如 2025")
    return int(m.group(1)) if m else None


def _grades(v) -> str | None:
    t = V.text(v)
    if not t:
        return None
    try:
        return title_rules.format_grades(title_rules.parse_grades(t))
    except ValueError as e:
        raise V.CellError("post.grades", f"专技岗位等级：{e}") from None


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
    _post_structure(row, v)
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
    if "post" in row.refs:
        old_post = ctx.post_structures.get((existing.id, row.refs["post"]["year"]))
        if old_post != row.refs["post"]:
            row.changes.append(("post_structure", _post_text(old_post), _post_text(row.refs["post"])))
    row.status = UPDATE if row.changes else UNCHANGED


def _post_structure(row: PlanRow, v: dict) -> None:
    """The approved post structure a row gives (issue 20 §2), checked per cell: the grade counts within their
    level's count; a year is needed (the year of the school year when not given, with a warning)."""
    given = [f for f in (*POST_COUNTS, "post_grades", "post_document") if f in v]
    if not given:
        if "post_year" in v:
            row.add("post_senior", "warning", "post.no_counts", "填写了岗位设置年度，但没有岗位数，本行不导入岗位设置")
        return
    year = v.get("post_year")
    if year is None:
        year = _dt.date.today().year
        row.add("post_year", "warning", "post.year_assumed", f"未填岗位设置年度，按 {year} 年导入")
    counts = {col: v.get(f) or 0 for f, col in POST_COUNTS.items()}
    grades = title_rules.parse_grades(v.get("post_grades"))
    levels = {"senior": title_rules.SENIOR, "middle": title_rules.MIDDLE, "junior": title_rules.JUNIOR}
    for col, level in levels.items():
        n = sum(c for g, c in grades.items() if title_rules.GRADE_LEVEL[g] == level)
        if n > counts[col]:
            row.add(
                "post_grades",
                "error",
                "post.grades_over",
                f"{level}各等级岗位合计 {n} 个，超过{level}岗位数 {counts[col]} 个",
            )
            return
    row.refs["post"] = {
        "year": year,
        **counts,
        "grades": v.get("post_grades"),
        "document": v.get("post_document"),
    }


def _post_text(p: dict | None) -> str:
    if not p:
        return ""
    text = f"{p['year']}年 高级{p['senior']} 中级{p['middle']} 初级{p['junior']}"
    return text + (f"（{p['grades']}）" if p.get("grades") else "") + (f" {p['document']}" if p.get("document") else "")
