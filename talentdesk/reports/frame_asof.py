"""Teachers as they were on a past date, as frame.Row tuples, for reports of a past school year.

frame.teachers() reads the cached current values (cur_*): right for today, wrong for 2024 when a teacher has
since moved, been promoted or retired. Here every value comes from the dated histories:

- in service: a post record (编制学校) covers the date, the teacher had started work (参加工作) and had not left;
- post school and working school: domain.deployment (a placement away counts where the teacher worked);
- stage and subject: the Teaching record of that school year, else the latest earlier one;
- title: the best obtained on or before the date; degree: the best graduated on or before it;
- backbone: the best designation active on the date, backbone kinds (骨干教师 and above) before 教坛新秀.

Employment form has no history and is today's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.domain.dates import PartialDate
from talentdesk.domain.deployment import Post, Stay, period_end, period_start, post_school, working_school
from talentdesk.reports.frame import Row
from talentdesk.store.models import Designation, Education, Placement, PostRecord, Teacher, Teaching, TitleRecord


def reference_date(school_year: int) -> dt.date:
    """The census date of a school year: 学年初 9月1日 (基础教育统计报表填报说明：统计时点为本学年初9月1日)."""
    return dt.date(school_year, 9, 1)


def _started(d: PartialDate | None, on: dt.date) -> bool:
    return d is None or period_start(d) <= on


def _post_schools(session, on: dt.date) -> tuple[dict[int, list[Post]], dict[int, int]]:
    """Every teacher's post records, and the post school (编制学校) of those who had one on ON."""
    posts: dict[int, list[Post]] = defaultdict(list)
    for tid, sid, a, b in session.execute(
        select(PostRecord.teacher_id, PostRecord.school_id, PostRecord.start, PostRecord.end).order_by(PostRecord.id)
    ):
        posts[tid].append(Post(sid, a, b))
    post_of = {tid: post_school(ps, on) for tid, ps in posts.items()}
    return posts, {tid: sid for tid, sid in post_of.items() if sid is not None}


def _in_service(session, on: dt.date, post_of: dict[int, int]):
    """(teacher columns…) of the teachers in service on ON: a post on the date, started work, not left before."""
    for row in session.execute(
        select(
            Teacher.id,
            Teacher.name,
            Teacher.gender,
            Teacher.birth_date,
            Teacher.employment_form,
            Teacher.status,
            Teacher.status_date,
            Teacher.work_start,
        ).order_by(Teacher.id)
    ):
        tid, _name, _gender, _birth, _form, status, status_date, work_start = row
        if post_of.get(tid) is None or not _started(work_start, on):
            continue
        if status != codes.ACTIVE_STATUS and status_date is not None and period_end(status_date) < on:
            continue  # left before the date although a post record was left open
        yield row


def post_schools_on(session, on: dt.date) -> dict[int, int]:
    """teacher id → post school (编制学校) of every teacher in service on ON, as teachers_on counts them, without
    working out their other values (a report that needs only who served where)."""
    _, post_of = _post_schools(session, on)
    return {row[0]: post_of[row[0]] for row in _in_service(session, on, post_of)}


def teachers_on(session, on: dt.date, school_year: int | None = None) -> list[Row]:
    """Every teacher in service on ON, with the values of that date (status 在岗 in the rows)."""
    school_year = school_year if school_year is not None else (on.year if on.month >= 9 else on.year - 1)
    posts, post_of = _post_schools(session, on)
    stays: dict[int, list[Stay]] = defaultdict(list)
    for tid, to, kind, status, a, pe, ae in session.execute(
        select(
            Placement.teacher_id,
            Placement.to_school_id,
            Placement.kind,
            Placement.status,
            Placement.start,
            Placement.planned_end,
            Placement.actual_end,
        ).order_by(Placement.id)
    ):
        if tid in post_of:
            stays[tid].append(Stay(to, kind, status, a, pe, ae))
    teaching: dict[int, tuple[int, str | None, str | None]] = {}
    for tid, year, stage, subject in session.execute(
        select(Teaching.teacher_id, Teaching.school_year, Teaching.stage, Teaching.subject).order_by(Teaching.id)
    ):
        if tid in post_of and year <= school_year and (tid not in teaching or year >= teaching[tid][0]):
            teaching[tid] = (year, stage, subject)
    title: dict[int, tuple[tuple, str]] = {}
    for tid, name, obtained in session.execute(
        select(TitleRecord.teacher_id, TitleRecord.title, TitleRecord.obtained).order_by(TitleRecord.id)
    ):
        if tid in post_of and _started(obtained, on):
            key = (codes.TITLE.rank(name), obtained.iso() if obtained else "")
            if tid not in title or key > title[tid][0]:
                title[tid] = (key, name)
    degree: dict[int, tuple[int, str]] = {}
    for tid, name, graduated in session.execute(
        select(Education.teacher_id, Education.degree, Education.graduated).order_by(Education.id)
    ):
        if tid in post_of and _started(graduated, on):
            rank = codes.DEGREE.rank(name)
            if tid not in degree or rank > degree[tid][0]:
                degree[tid] = (rank, name)
    backbone: dict[int, tuple[tuple, str]] = {}
    for tid, kind, level, a, b in session.execute(
        select(
            Designation.teacher_id, Designation.kind, Designation.level, Designation.start, Designation.end
        ).order_by(Designation.id)
    ):
        if tid in post_of and _started(a, on) and (b is None or period_end(b) >= on):
            if not codes.is_ladder_kind(kind):
                continue  # 名校长/名班主任: not the 骨干 value (codes.is_backbone_kind)
            key = (codes.is_backbone_kind(kind), codes.LEVEL.rank(level), codes.DESIGNATION.rank(kind))
            if tid not in backbone or key > backbone[tid][0]:
                backbone[tid] = (key, f"{level}{kind}")
    out = []
    for tid, name, gender, birth, form, _status, _status_date, _work_start in _in_service(session, on, post_of):
        sid = post_of[tid]
        _, stage, subject = teaching.get(tid, (None, None, None))
        out.append(
            Row(
                tid,
                name,
                gender,
                birth,
                sid,
                working_school(posts[tid], stays[tid], on),
                stage,
                subject,
                title.get(tid, (None, None))[1],
                degree.get(tid, (None, None))[1],
                form,
                backbone.get(tid, (None, None))[1],
                codes.ACTIVE_STATUS,
            )
        )
    return out
