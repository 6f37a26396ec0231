"""Titles as a career and the posts that limit them (issue 20 §2): the bureau's list of title routes (评审方式),
each school's approved post structure (岗位设置) by year, and the lists a clerk asks for (reports.titles computes
them: post usage per school, 评而未聘).

A title record's route, 享受待遇 and 聘任 are saved with the teacher's file (services.people.teachers; the route is
checked against the list there). Rules on saving a post structure: the school exists, the year is a year, counts
are whole numbers not below zero, the grade counts (一级…十三级) are grades and, per level, do not exceed the
level's count; one structure per school and year. Every change is audited and needs the edit right.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentdesk.domain import titles as rules
from talentdesk.domain.collation import sort_key
from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.platform import name_lists, records
from talentdesk.store.models import School, TitleRecord
from talentdesk.store.models_titles import PostStructure, TitleRoute
from talentdesk.store.uow import UnitOfWork

FIELDS = ("school_id", "year", "senior", "middle", "junior", "grades", "document", "note")
COUNTS = {"senior": rules.SENIOR, "middle": rules.MIDDLE, "junior": rules.JUNIOR}
LABELS = {
    "school_id": "学校",
    "year": "年度",
    "senior": "高级岗位",
    "middle": "中级岗位",
    "junior": "初级岗位",
    "grades": "专技岗位等级",
    "document": "批复文号",
    "note": "备注",
}
MISSING = "找不到这条岗位设置（可能已被删除）"
MAX_COUNT = 9999
YEARS = (1990, 2100)


# ---------------------------------------------------------------- the list of routes


def route_names(session: Session) -> list[str]:
    """The bureau's routes in their order (the defaults when the list is empty)."""
    return name_lists.names(session, TitleRoute) or list(rules.DEFAULT_ROUTES)


def routes(db) -> list[dict]:
    """The list: id, name, note and how many title records use the route."""
    return name_lists.entries(db, TitleRoute, TitleRecord.route)


def route_codes(session: Session):
    return rules.route_codes(route_names(session))


def add_route(db, name: str, note: str | None = None) -> int:
    """A route for the list (e.g. 援藏援疆专项评审); a name already there is refused."""
    return name_lists.add(
        db, TitleRoute, name, check=rules.check_route_name, listed="评审方式名录", note=(note or "").strip() or None
    )


def remove_route(db, route_id: int) -> None:
    """Take a route off the list; refused while title records use it."""
    name_lists.remove(
        db,
        TitleRoute,
        route_id,
        TitleRecord.route,
        missing="评审方式名录中没有这一项（可能已被删除）",
        in_use="有 {n} 条职称记录使用“{name}”，不能从名录中删除",
    )


def check_routes(session: Session, rows: list[dict], where: str = "") -> None:
    """Title records (as cleaned) whose route is not on the bureau's list: ValidationError; an alias of a listed
    route (破格晋升) is stored as the route (破格)."""
    cl = route_codes(session)
    for r in rows:
        text = r.get("route")
        if not text:
            continue
        name = cl.canonical(text)
        if name is None:
            raise ValidationError(
                {"titles": f"{where}评审方式“{text}”不在名录中（应为{'、'.join(cl.labels)}，或在评审方式名录中添加）"}
            )
        r["route"] = name


# ---------------------------------------------------------------- post structures


def _int(v, label: str, problems: dict, f: str) -> int | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    try:
        x = float(str(v).strip())
        if x != int(x):
            raise ValueError
    except (TypeError, ValueError, OverflowError):
        problems[f] = f"{label}“{v}”不是整数"
        return None
    n = int(x)
    if n < 0 or n > MAX_COUNT:
        problems[f] = f"{label}应在 0 到 {MAX_COUNT} 之间"
        return None
    return n


def clean(values: dict) -> dict:
    """Parse and check one post structure as typed; ValidationError naming each field that is wrong."""
    problems: dict[str, str] = {}
    out: dict = {}
    sid = values.get("school_id")
    try:
        out["school_id"] = int(sid) if sid not in (None, "") else None
    except (TypeError, ValueError):
        problems["school_id"] = f"“{sid}”不是学校"
        out["school_id"] = None
    if out["school_id"] is None and "school_id" not in problems:
        problems["school_id"] = "请选择学校"
    year = _int(values.get("year"), "年度", problems, "year")
    if year is None and "year" not in problems:
        problems["year"] = "年度必须填写"
    elif year is not None and not YEARS[0] <= year <= YEARS[1]:
        problems["year"] = f"年度应在 {YEARS[0]} 到 {YEARS[1]} 之间"
    out["year"] = year
    for f, label in COUNTS.items():
        out[f] = _int(values.get(f), f"{label}岗位数", problems, f) or 0
    grades = values.get("grades")
    if isinstance(grades, dict):
        grades = rules.format_grades({rules.parse_grade(k) or k: int(v or 0) for k, v in grades.items()})
    try:
        parsed = rules.parse_grades(grades)
    except ValueError as e:
        problems["grades"] = str(e)
        parsed = {}
    for f, level in COUNTS.items():
        n = sum(c for g, c in parsed.items() if rules.GRADE_LEVEL[g] == level)
        if n > out[f] and f not in problems:
            problems["grades"] = f"{level}各等级岗位合计 {n} 个，超过{level}岗位数 {out[f]} 个"
    out["grades"] = rules.format_grades(parsed)
    for f, n in (("document", 60),):
        text = str(values.get(f) or "").strip() or None
        if text and len(text) > n:
            problems[f] = f"{LABELS[f]}最长 {n} 个字"
        out[f] = text
    out["note"] = str(values.get("note") or "").strip() or None
    if problems:
        raise ValidationError(problems)
    return out


def structures(db, school_id: int | None = None) -> list[dict]:
    """Post structures (of SCHOOL_ID, None: all) by school (pinyin), latest year first: every field, the school's
    name, version."""
    with db.sessions() as s:
        stmt = select(PostStructure, School.name).join(School, School.id == PostStructure.school_id)
        if school_id is not None:
            stmt = stmt.where(PostStructure.school_id == school_id)
        out = []
        for r, name in s.execute(stmt):
            d = {f: getattr(r, f) for f in FIELDS}
            d.update(id=r.id, version=r.version, school=name)
            out.append(d)
    out.sort(key=lambda d: (sort_key(d["school"]), -d["year"]))
    return out


def structure_for(session: Session, school_id: int, year: int) -> PostStructure | None:
    """The structure in force in YEAR: that year's, else the latest earlier one (an approval holds until the next)."""
    return session.scalars(
        select(PostStructure)
        .where(PostStructure.school_id == school_id, PostStructure.year <= year)
        .order_by(PostStructure.year.desc())
        .limit(1)
    ).first()


def save_structure(
    db,
    record_id: int | None,
    values: dict,
    *,
    expected_version: int | None = None,
    base: dict | None = None,
) -> int:
    """Add (RECORD_ID None) or change a post structure; returns its id."""
    access.require(db, "edit")
    row = clean(values)
    with UnitOfWork(db) as uow:
        s = uow.session
        if s.get(School, row["school_id"]) is None:
            raise ValidationError({"school_id": "找不到这所学校（可能已被删除）"})
        dup = s.scalar(
            select(PostStructure.id).where(
                PostStructure.school_id == row["school_id"], PostStructure.year == row["year"]
            )
        )
        if dup is not None and dup != record_id:
            raise ValidationError({"year": f"该校 {row['year']} 年已有岗位设置，请修改那一条"})
        if record_id is not None and s.get(PostStructure, record_id) is None:
            raise NotFound(records.deleted_message(s, "post_structure", record_id, MISSING))
        obj = records.upsert(
            s, PostStructure, record_id, row, MISSING, expected_version=expected_version, base=base, merge=True
        )
        uow.commit()
        return obj.id


def delete_structure(db, record_id: int, *, expected_version: int | None = None) -> None:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        obj = s.get(PostStructure, record_id)
        if obj is None:
            raise NotFound(records.deleted_message(s, "post_structure", record_id, MISSING))
        records.delete(s, obj, expected_version=expected_version)
        uow.commit()


def this_year() -> int:
    return dt.date.today().year


def export_structures(db, path, school_id: int | None = None) -> int:
    """The post structures (of SCHOOL_ID, None: all) written in the layout of the blank template 学校岗位设置表
    (bordered cells, the same headers), so the workbook can be edited and imported back; returns the rows."""
    from openpyxl.styles import Border, Side

    from talentdesk.domain.cells import escape_cell
    from talentdesk.importing import templates

    rows = structures(db, school_id)
    with db.sessions() as s:
        names = list(s.scalars(select(School.name)))
    wb = templates.build("posts", school_names=sorted(names, key=sort_key), title="学校岗位设置表")
    ws = wb[templates.SPECS["posts"].sheet]
    thin = Side(style="thin", color="808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for i, d in enumerate(rows):
        values = (d["school"], d["year"], d["senior"], d["middle"], d["junior"], d["grades"], d["document"])
        for c, value in enumerate(values, 1):
            cell = ws.cell(templates.FIRST_DATA_ROW + i, c, value)
            cell.border = box
            escape_cell(cell)
    wb.save(path)
    return len(rows)
