"""Write the teacher rows of a plan: new teachers in bulk (Core executemany with ids allocated
inside the write transaction), changes to existing teachers through the ORM (audited per field).

Audit for bulk inserts: one 'insert' row per new teacher (its values as JSON, with batch_id) and
one 'import' row per history table listing the ids written (field='ids'), so undo can remove them.
"""

from __future__ import annotations

import datetime as _dt
import json

from sqlalchemy import func, insert, select

from talentdesk.domain import codes
from talentdesk.store.audit import to_text
from talentdesk.store.models import (AuditLog, Certificate, Designation, Education, PostRecord, Teacher, Teaching,
                                     TitleRecord)

_TEACHER_COLS = ("name", "gender", "birth_date", "ethnicity", "political", "native_place", "phone", "work_start",
                 "school_entry", "employment_form", "source", "status", "note")


class Ids:
    """Allocates primary keys for bulk inserts (call after the transaction holds the write lock)."""

    def __init__(self, session):
        self.session = session
        self.next: dict = {}

    def take(self, model, n: int) -> int:
        if model not in self.next:
            self.next[model] = (self.session.execute(select(func.max(model.id))).scalar() or 0) + 1
        first = self.next[model]
        self.next[model] += n
        return first


def stage_for(values: dict, school) -> str | None:
    if values.get("stage"):
        return values["stage"]
    stages = codes.KIND_STAGES.get(getattr(school, "kind", None) or "", ())
    return stages[0] if len(stages) == 1 else None


def insert_teachers(session, items: list[tuple[dict, int]], batch_id: int, user: str, school_year: int,
                    ids: Ids) -> dict[str, int]:
    """items: (typed values, school id). Returns id_number → new teacher id."""
    if not items:
        return {}
    now = _dt.datetime.now().replace(microsecond=0)
    first = ids.take(Teacher, len(items))
    teachers, posts, titles, edus, teach, desig, certs, audits = [], [], [], [], [], [], [], []
    out = {}
    for i, (v, school_id) in enumerate(items):
        tid = first + i
        out[v["id_number"]] = tid
        school = v.get("_school")
        stage = stage_for(v, school)
        bb = v.get("backbone")
        row = {c: v.get(c) for c in _TEACHER_COLS}
        row.update(id=tid, id_type=v.get("id_type") or "居民身份证", id_number=v["id_number"],
                   status=v.get("status") or codes.ACTIVE_STATUS, cur_post_school_id=school_id,
                   cur_work_school_id=school_id, cur_title=v.get("title"),
                   cur_degree=v.get("degree") or v.get("first_degree"), cur_stage=stage, cur_subject=v.get("subject"),
                   cur_backbone=f"{bb[0]}{bb[1]}" if bb else None)
        if not (v.get("subject") or v.get("stage")):
            row["cur_stage"] = None
        teachers.append(row)
        posts.append({"teacher_id": tid, "school_id": school_id, "start": v.get("school_entry"), "end": None})
        if v.get("title"):
            titles.append({"teacher_id": tid, "title": v["title"], "obtained": v.get("title_date"),
                           "appointed": v.get("title_appointed")})
        deg, fdeg = v.get("degree"), v.get("first_degree")
        extra = {"institution": v.get("institution"), "major": v.get("major"), "graduated": v.get("graduated"),
                 "academic_degree": v.get("academic_degree")}
        blank = dict.fromkeys(extra)
        if deg and fdeg and deg != fdeg:
            edus.append({"teacher_id": tid, "degree": deg, "highest": True, "first": False, **extra})
            edus.append({"teacher_id": tid, "degree": fdeg, "highest": False, "first": True, **blank})
        elif deg or fdeg:
            edus.append({"teacher_id": tid, "degree": deg or fdeg, "highest": bool(deg), "first": bool(fdeg),
                         **extra})
        if v.get("subject") or v.get("stage"):
            teach.append({"teacher_id": tid, "school_year": school_year, "stage": stage, "subject": v.get("subject"),
                          "head_teacher": bool(v.get("head_teacher")), "weekly_periods": None})
        if bb:
            desig.append({"teacher_id": tid, "kind": bb[1], "level": bb[0], "subject": v.get("subject"),
                          "start": None, "end": None, "issuer": None})
        if v.get("cert_kind"):
            certs.append({"teacher_id": tid, "kind": v["cert_kind"], "subject": None, "number": v.get("cert_number"),
                          "issued": None})
        audits.append({"at": now, "user": user, "action": "insert", "table_name": "teacher", "record_id": tid,
                       "teacher_id": tid, "field": None, "old": None, "batch_id": batch_id,
                       "new": json.dumps({k: to_text(row.get(k)) for k in ("id_number", "name", "gender", "birth_date",
                                                                            "cur_title", "cur_degree", "cur_subject")}
                                         | {"school_id": school_id}, ensure_ascii=False)})
    conn = session.connection()
    conn.execute(insert(Teacher), teachers)
    for model, rows in ((PostRecord, posts), (TitleRecord, titles), (Education, edus), (Teaching, teach),
                        (Designation, desig), (Certificate, certs)):
        if not rows:
            continue
        start = ids.take(model, len(rows))
        for k, r in enumerate(rows):
            r["id"] = start + k
            r.setdefault("note", None)
        conn.execute(insert(model), rows)
        audits.append({"at": now, "user": user, "action": "import", "table_name": model.__tablename__,
                       "record_id": None, "teacher_id": None, "field": "ids", "old": None, "batch_id": batch_id,
                       "new": json.dumps([start, start + len(rows) - 1])})
    conn.execute(insert(AuditLog), audits)
    return out


def update_teacher(session, teacher_id: int, v: dict, changes: list, school, school_year: int) -> None:
    """Apply the changes of one existing teacher through the ORM (audited per field with the batch id)."""
    t = session.get(Teacher, teacher_id)
    fields = {c[0] for c in changes}
    for f in fields & set(_TEACHER_COLS):
        setattr(t, f, v[f])
    if "title" in fields:
        session.add(TitleRecord(teacher_id=teacher_id, title=v["title"], obtained=v.get("title_date"),
                                appointed=v.get("title_appointed")))
    if "degree" in fields:
        for e in session.scalars(select(Education).where(Education.teacher_id == teacher_id, Education.highest)):
            e.highest = False
        session.add(Education(teacher_id=teacher_id, degree=v["degree"], highest=True, institution=v.get("institution"),
                              major=v.get("major"), graduated=v.get("graduated")))
    if fields & {"subject", "stage"}:
        cur = session.scalars(select(Teaching).where(Teaching.teacher_id == teacher_id,
                                                     Teaching.school_year == school_year)).first()
        if cur is None:
            session.add(Teaching(teacher_id=teacher_id, school_year=school_year, stage=stage_for(v, school),
                                 subject=v.get("subject")))
        else:
            if "subject" in fields:
                cur.subject = v["subject"]
            if "stage" in fields:
                cur.stage = v["stage"]
    if "backbone" in fields:
        bb = v["backbone"]
        session.add(Designation(teacher_id=teacher_id, kind=bb[1], level=bb[0], subject=v.get("subject")))
    if "school" in fields:
        month = _dt.date.today()
        from talentdesk.domain.dates import PartialDate

        for p in session.scalars(select(PostRecord).where(PostRecord.teacher_id == teacher_id,
                                                          PostRecord.end.is_(None))):
            p.end = PartialDate(month.year, month.month)
        session.add(PostRecord(teacher_id=teacher_id, school_id=school.id, start=PartialDate(month.year, month.month)))
