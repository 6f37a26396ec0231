"""Teachers as the cultivation rules see them (domain.cultivation.Person), teacher search for pickers,
and the small form-value helpers the cultivation services share."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, or_, select

from talentdesk.domain import codes, idnumber
from talentdesk.domain.collation import sort_key
from talentdesk.domain.cultivation import ACTIVE, Person, years_of_service
from talentdesk.domain.dates import DateError, PartialDate, parse_loose
from talentdesk.store.models import Designation, Pairing, School, Teacher
from talentdesk.store.textsearch import contains

_CHUNK = 900


def people(session, teacher_ids=None, *, where=None, today: dt.date | None = None) -> dict[int, Person]:
    """Person per teacher id (current subject, stage, title, best designation, years, school, load)."""
    today = today or dt.date.today()
    t, sc = Teacher.__table__.c, School.__table__.c
    stmt = (
        select(
            t.id,
            t.name,
            t.cur_subject,
            t.cur_stage,
            t.cur_title,
            t.work_start,
            t.status,
            sc.id,
            sc.name,
            sc.township,
            sc.area,
        )
        .select_from(Teacher.__table__)
        .outerjoin(School.__table__, sc.id == func.coalesce(t.cur_work_school_id, t.cur_post_school_id))
    )
    if where is not None:
        stmt = stmt.where(where)
    rows = []
    if teacher_ids is not None:
        ids = sorted(set(teacher_ids))
        for i in range(0, len(ids), _CHUNK):
            rows += session.execute(stmt.where(t.id.in_(ids[i : i + _CHUNK]))).all()
    else:
        rows = session.execute(stmt).all()
    ids = [r[0] for r in rows]
    load = active_mentee_counts(session)
    best = best_designations(session, ids, today)
    out = {}
    for tid, name, subject, stage, title, ws, status, sid, sname, town, area in rows:
        kind, level = best.get(tid, (None, None))
        out[tid] = Person(
            tid,
            name,
            subject,
            stage,
            title,
            kind,
            level,
            years_of_service(ws if isinstance(ws, PartialDate) or ws is None else PartialDate.from_iso(ws), today),
            sid,
            sname,
            town,
            area,
            load.get(tid, 0),
            status or "在岗",
        )
    return out


def active_mentee_counts(session, exclude_pairing: int | None = None) -> dict[int, int]:
    stmt = select(Pairing.mentor_id, func.count()).where(Pairing.status == ACTIVE).group_by(Pairing.mentor_id)
    if exclude_pairing:
        stmt = stmt.where(Pairing.id != exclude_pairing)
    return dict(session.execute(stmt).all())


def best_designations(session, teacher_ids: list[int], today: dt.date) -> dict[int, tuple[str, str]]:
    """The highest current designation (kind, level) of each teacher."""
    now = PartialDate.from_date(today)
    best: dict[int, tuple] = {}
    for i in range(0, len(teacher_ids), _CHUNK):
        chunk = teacher_ids[i : i + _CHUNK]
        for tid, kind, level, start, end in session.execute(
            select(
                Designation.teacher_id, Designation.kind, Designation.level, Designation.start, Designation.end
            ).where(Designation.teacher_id.in_(chunk))
        ):
            if (start and start > now) or (end and end < now) or not codes.is_ladder_kind(kind):
                continue  # 名校长/名班主任 are off the teaching ladder the pairing rules rank
            key = (codes.DESIGNATION.rank(kind), codes.LEVEL.rank(level))
            if tid not in best or key > best[tid][0]:
                best[tid] = (key, kind, level)
    return {tid: (v[1], v[2]) for tid, v in best.items()}


SEARCH_COLUMNS = ("id", "name", "id_masked", "school", "stage", "subject", "title", "backbone")


def search_teachers(db, text: str, limit: int = 50) -> list[tuple]:
    """Teachers whose name or ID number contains TEXT (in service first), for pickers."""
    text = (text or "").strip()
    if not text:
        return []
    t, sc = Teacher.__table__.c, School.__table__.c
    stmt = (
        select(t.id, t.name, t.id_number, sc.name, t.cur_stage, t.cur_subject, t.cur_title, t.cur_backbone, t.status)
        .select_from(Teacher.__table__)
        .outerjoin(School.__table__, sc.id == func.coalesce(t.cur_work_school_id, t.cur_post_school_id))
        .where(or_(contains(t.name, text), contains(t.id_number, text)))
        .order_by((t.status != "在岗"), t.name != text, t.name)
        .limit(limit)
    )
    with db.engine.connect() as conn:
        rows = conn.execute(stmt).all()
    # serving first, the exact name first, then pinyin order (the limit took them in that order from SQL)
    rows.sort(key=lambda r: (r[8] != "在岗", r[1] != text, sort_key(r[1]), r[0]))
    return [
        (i, n, idnumber.mask(num), s or "", st or "", sj or "", ti or "", bb or "")
        for i, n, num, s, st, sj, ti, bb, _status in rows
    ]


def teacher_label(db, teacher_id: int | None) -> str:
    if not teacher_id:
        return ""
    rows = people_rows(db, [teacher_id])
    return rows.get(teacher_id, "")


def people_rows(db, ids) -> dict[int, str]:
    """id → “姓名（学校）” for display."""
    t, sc = Teacher.__table__.c, School.__table__.c
    ids = [i for i in ids if i]
    if not ids:
        return {}
    with db.engine.connect() as conn:
        return {
            i: f"{n}（{s}）" if s else n
            for i, n, s in conn.execute(
                select(t.id, t.name, sc.name)
                .select_from(Teacher.__table__)
                .outerjoin(School.__table__, sc.id == func.coalesce(t.cur_work_school_id, t.cur_post_school_id))
                .where(t.id.in_(ids))
            )
        }


# ------------------------------------------------------------------ form values


def text(v) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def date(field: str, v, problems: dict):
    if v is None or isinstance(v, PartialDate):
        return v
    if isinstance(v, dt.date):
        return PartialDate.from_date(v)
    try:
        return parse_loose(v)
    except DateError as e:
        problems[field] = str(e)
        return None


def number(field: str, v, problems: dict, *, required: bool = False) -> float | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        if required:
            problems[field] = "此项必须填写"
        return None
    try:
        x = float(str(v).strip())
    except ValueError:
        problems[field] = f"“{v}”不是数字"
        return None
    if x < 0:
        problems[field] = "不能为负数"
        return None
    return x


def choice(field: str, v, options, problems: dict, *, required: bool = False, label: str = "") -> str | None:
    v = text(v)
    if v is None:
        if required:
            problems[field] = "此项必须填写"
        return None
    if v not in options:
        problems[field] = f"{label or ''}应为：{'、'.join(options)}"
        return None
    return v


def group_count(rows, key) -> dict:
    out = defaultdict(int)
    for r in rows:
        out[key(r)] += 1
    return out
