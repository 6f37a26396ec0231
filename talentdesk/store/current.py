"""Recompute the cached current values on teacher rows (cur_*) from the history tables.

The teacher list and the roster need post school, working school, title, degree,
stage, subject and backbone for tens of thousands of teachers at once; computing them
from the histories per row is too slow, so they are cached. Every service that changes
a history table calls refresh() for the teachers it touched; `talentdesk check` verifies.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from talentdesk.domain import codes
from talentdesk.domain.dates import PartialDate
from talentdesk.store.idlists import id_in
from talentdesk.store.models import Designation, Education, Placement, PostRecord, Teacher, Teaching, TitleRecord

ACTIVE_PLACEMENT = ("在岗", "已审批")
TRANSFER = "调动"  # the post itself moved: the post history says where (issue 5)
_CHUNK = 900

Value = int | str | None  # a cur_* column's value: a school id or a label


def _active(start: PartialDate | None, end: PartialDate | None, today: PartialDate) -> bool:
    return (start is None or start <= today) and (end is None or end >= today)


def _ym(d: PartialDate | None) -> tuple[int, int, int]:
    return (d.year, d.month or 0, d.day or 0) if d else (0, 0, 0)


def compute(session: Session, teacher_ids: list[int], today: dt.date | None = None) -> dict[int, dict[str, Value]]:
    """Current values for each teacher id (no writes). Rows are read in id order so that ties
    (two records equally current) resolve the same way on every back end."""
    today_p = PartialDate.from_date(today or dt.date.today())
    out: dict[int, dict[str, Value]] = {
        tid: dict(
            cur_post_school_id=None,
            cur_work_school_id=None,
            cur_title=None,
            cur_degree=None,
            cur_stage=None,
            cur_subject=None,
            cur_backbone=None,
        )
        for tid in teacher_ids
    }
    away: set[int] = set()
    for i in range(0, len(teacher_ids), _CHUNK):
        chunk = teacher_ids[i : i + _CHUNK]
        posts: defaultdict[int, list[tuple[PartialDate | None, PartialDate | None, int]]] = defaultdict(list)
        for tid, sid, start, end in session.execute(
            select(PostRecord.teacher_id, PostRecord.school_id, PostRecord.start, PostRecord.end)
            .where(id_in(session, PostRecord.teacher_id, chunk))
            .order_by(PostRecord.id)
        ):
            posts[tid].append((start, end, sid))
        for tid, rows in posts.items():
            current = [
                r for r in rows if (r[0] is None or r[0] <= today_p) and (r[1] is None or r[1] >= today_p)
            ] or rows
            out[tid]["cur_post_school_id"] = max(current, key=lambda r: _ym(r[0]))[2]
        for tid, to_sid, start, _pend, aend, status in session.execute(
            select(
                Placement.teacher_id,
                Placement.to_school_id,
                Placement.start,
                Placement.planned_end,
                Placement.actual_end,
                Placement.status,
            )
            .where(id_in(session, Placement.teacher_id, chunk), Placement.kind != TRANSFER)
            .order_by(Placement.start, Placement.id)
        ):
            if status in ACTIVE_PLACEMENT and aend is None and (start is None or start <= today_p):
                out[tid]["cur_work_school_id"] = to_sid
                if to_sid is None:  # posted outside the county (援藏/援疆…): works at no county school
                    away.add(tid)
                else:
                    away.discard(tid)
        best_title: dict[int, tuple[int, tuple[int, int, int]]] = {}
        for tid, title, obtained in session.execute(
            select(TitleRecord.teacher_id, TitleRecord.title, TitleRecord.obtained)
            .where(id_in(session, TitleRecord.teacher_id, chunk))
            .order_by(TitleRecord.id)
        ):
            title_key = (codes.TITLE.rank(title), _ym(obtained))
            if tid not in best_title or title_key > best_title[tid]:
                best_title[tid] = title_key
                out[tid]["cur_title"] = title
        best_deg: dict[int, tuple[bool, int]] = {}
        for tid, degree, highest in session.execute(
            select(Education.teacher_id, Education.degree, Education.highest)
            .where(id_in(session, Education.teacher_id, chunk))
            .order_by(Education.id)
        ):
            deg_key = (bool(highest), codes.DEGREE.rank(degree))
            if tid not in best_deg or deg_key > best_deg[tid]:
                best_deg[tid] = deg_key
                out[tid]["cur_degree"] = degree
        latest_year: dict[int, int] = {}
        for tid, year, stage, subject in session.execute(
            select(Teaching.teacher_id, Teaching.school_year, Teaching.stage, Teaching.subject)
            .where(id_in(session, Teaching.teacher_id, chunk))
            .order_by(Teaching.id)
        ):
            if year >= latest_year.get(tid, -1):
                latest_year[tid] = year
                out[tid]["cur_stage"], out[tid]["cur_subject"] = stage, subject
        best_bb: dict[int, tuple[int, int]] = {}
        for tid, kind, level, start, end in session.execute(
            select(Designation.teacher_id, Designation.kind, Designation.level, Designation.start, Designation.end)
            .where(id_in(session, Designation.teacher_id, chunk))
            .order_by(Designation.id)
        ):
            if not _active(start, end, today_p) or not codes.is_ladder_kind(kind):
                continue  # 名校长/名班主任 are designations off the teaching ladder: not the 骨干 value
            bb_key = (codes.LEVEL.rank(level), codes.DESIGNATION.rank(kind))
            if tid not in best_bb or bb_key > best_bb[tid]:
                best_bb[tid] = bb_key
                out[tid]["cur_backbone"] = f"{level}{kind}"
    for tid, vals in out.items():
        if vals["cur_work_school_id"] is None and tid not in away:
            vals["cur_work_school_id"] = vals["cur_post_school_id"]
    return out


def refresh(session: Session, teacher_ids: Iterable[int], today: dt.date | None = None) -> None:
    """Write the current values for these teachers (Core update, not audited: derived data)."""
    ids = sorted(set(teacher_ids))
    if not ids:
        return
    values = compute(session, ids, today)
    rows = [{"tid": tid, **vals} for tid, vals in values.items()]
    stmt = (
        update(Teacher.__table__)
        .where(Teacher.__table__.c.id == bindparam("tid"))
        .values({k: bindparam(k) for k in rows[0] if k != "tid"})
    )
    session.connection().execute(stmt, rows)


def refresh_all(session: Session, today: dt.date | None = None) -> None:
    refresh(session, session.scalars(select(Teacher.id)).all(), today)
