"""Write training rows (courses found or registered, attendance inserted or corrected) through the ORM,
so they are audited with the import batch and undone with it."""

from __future__ import annotations

from talentdesk.store.models_cultivation import TrainingCourse, TrainingRecord


def write_training(session, row, teacher_id, courses: dict) -> None:
    v, refs = row.values, row.refs
    if row.target_id:
        rec = session.get(TrainingRecord, row.target_id)
        for f, val in (("hours", v["hours_credited"]), ("result", v["result"])):
            if getattr(rec, f) != val:
                setattr(rec, f, val)
        return
    cid = refs.get("course_id")
    if cid is None:
        key = refs["course_key"]
        cid = courses.get(key)
        if cid is None:
            course = TrainingCourse(
                name=v["course"],
                level=v["level"],
                organiser=v.get("organiser"),
                start=v["start"],
                end=v.get("end"),
                hours=v.get("hours") or v["hours_credited"],
                credits=v.get("credits"),
                form=v.get("form"),
            )
            session.add(course)
            session.flush()
            cid = courses[key] = course.id
    session.add(
        TrainingRecord(
            course_id=cid,
            teacher_id=teacher_id(refs["teacher"]),
            hours=v["hours_credited"] or 0.0,
            result=v["result"],
            note=v.get("note"),
        )
    )
