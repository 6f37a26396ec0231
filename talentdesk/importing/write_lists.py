"""Write school, pairing and rotation rows through the ORM (small lists; audited automatically
with the session's batch id)."""

from __future__ import annotations

from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.importing.rows_schools import SCHOOL_FIELDS, STAT_FIELDS
from talentdesk.store.models import MentorProgramme, Pairing, Placement, School, SchoolYearStat
from talentdesk.store.models_titles import PostStructure


def write_school(session, row, school_ids: dict[str, int]) -> None:
    v = row.values
    if row.target_id:
        school = session.get(School, row.target_id)
        for f in SCHOOL_FIELDS:
            if f in v and getattr(school, f) != v[f]:
                setattr(school, f, v[f])
    else:
        school = School(**{f: v[f] for f in SCHOOL_FIELDS if f in v})
        session.add(school)
        session.flush()
    school_ids[codes.norm_text(v["name"])] = school.id
    if "post" in row.refs:
        _write_post_structure(session, school.id, row.refs["post"])
    year, stage = row.refs["stat_key"]
    figures = {f: v[f] for f in STAT_FIELDS if f in v}
    if not figures:
        return
    stat = session.scalars(
        select(SchoolYearStat).where(
            SchoolYearStat.school_id == school.id, SchoolYearStat.school_year == year, SchoolYearStat.stage == stage
        )
    ).first()
    if stat is None:
        session.add(SchoolYearStat(school_id=school.id, school_year=year, stage=stage, **figures))
    else:
        for f, val in figures.items():
            if getattr(stat, f) != val:
                setattr(stat, f, val)


def _write_post_structure(session, school_id: int, post: dict) -> None:
    """The school's approved post structure of the year (issue 20 §2): added, or the stored one changed."""
    stored = session.scalars(
        select(PostStructure).where(PostStructure.school_id == school_id, PostStructure.year == post["year"])
    ).first()
    values = {k: post[k] for k in ("senior", "middle", "junior", "grades")}
    if post.get("document"):
        values["document"] = post["document"]
    if stored is None:
        session.add(PostStructure(school_id=school_id, year=post["year"], **values))
        return
    for k, val in values.items():
        if getattr(stored, k) != val:
            setattr(stored, k, val)


def new_school(session, values: dict) -> int:
    """A school the clerk created while importing (name, township, area, kind, code…); its id."""
    school = School(**{f: values[f] for f in SCHOOL_FIELDS if values.get(f)})
    session.add(school)
    session.flush()
    return school.id


def programme_id(session, programme: tuple[str, int] | None, cache: dict) -> int | None:
    if not programme:
        return None
    if programme not in cache:
        name, year = programme
        p = session.scalars(
            select(MentorProgramme).where(MentorProgramme.name == name, MentorProgramme.year == year)
        ).first()
        if p is None:
            p = MentorProgramme(name=name, year=year)
            session.add(p)
            session.flush()
        cache[programme] = p.id
    return cache[programme]


def write_pairing(session, row, teacher_id, programmes: dict) -> tuple[int, int]:
    v, refs = row.values, row.refs
    mentor, mentee = teacher_id(refs["mentor"]), teacher_id(refs["mentee"])
    session.add(
        Pairing(
            programme_id=programme_id(session, refs.get("programme"), programmes),
            mentor_id=mentor,
            mentee_id=mentee,
            subject=codes.SUBJECT.canonical(v.get("subject")) and v.get("subject"),
            start=v.get("start"),
            planned_end=v.get("end"),
            status=v.get("status") or "进行中",
            note=v.get("note"),
        )
    )
    return mentor, mentee


def write_rotation(session, row, teacher_id, school_id) -> int:
    v, refs = row.values, row.refs
    tid = teacher_id(refs["teacher"])
    frm = school_id(refs["frm"]) if refs.get("frm") else None
    note = "骨干教师" if v.get("backbone") else None
    session.add(
        Placement(
            teacher_id=tid,
            from_school_id=frm,
            to_school_id=school_id(refs["to"]),
            kind=v["kind"],
            start=v.get("start"),
            planned_end=v.get("end"),
            moves_relation=bool(v.get("moves_relation")),
            batch=v.get("batch"),
            status="在岗",
            note=" ".join(x for x in (note, v.get("note")) if x) or None,
        )
    )
    return tid
