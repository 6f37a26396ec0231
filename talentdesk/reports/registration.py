"""`registration` 教师信息登记表: the data of each teacher's one-page form, fetched in batches
(one query per history table per 900 teachers), plus the same content as a long table for Excel/JSON.
The PDF layout is reports/forms/registration.py.

Which teachers: the --teacher list, else the serving teachers of the scope (by post school).
Training comes from the cultivation area's tables (training_record/training_course) when the
database has them; otherwise the form says 无记录.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import MetaData, Table, inspect, select

from talentdesk.domain import idnumber, staff_record
from talentdesk.domain import leaders as leader_rules
from talentdesk.domain.codes import ACTIVE_STATUS
from talentdesk.reports import ReportTable
from talentdesk.reports.catalogue import Report
from talentdesk.reports.leaders import categories as leader_categories
from talentdesk.reports.roster import mask_phone
from talentdesk.store.models import (
    Appraisal,
    Certificate,
    Designation,
    Education,
    Honour,
    Placement,
    PostRecord,
    School,
    Teacher,
    TitleRecord,
)
from talentdesk.store.models_leaders import LeaderPost

CHUNK = 900
HEADERS = ("姓名", "身份证号", "栏目", "时间", "内容")


def d(v) -> str:
    """A date (PartialDate, date or None) as text."""
    if v is None:
        return ""
    return v.iso() if hasattr(v, "iso") else v.isoformat()


def span(a, b) -> str:
    if not a and not b:
        return ""
    return f"{d(a)}—{d(b) if b else '至今'}"


@dataclass
class Form:
    id: int
    basic: dict
    photo: bytes | None = None
    educations: list[tuple] = field(
        default_factory=list
    )  # degree, academic degree, institution, major, graduated, mode
    certificates: list[tuple] = field(default_factory=list)  # kind, subject, number, issued
    titles: list[tuple] = field(default_factory=list)  # title, obtained, appointed
    work: list[tuple] = field(default_factory=list)  # period, school, how
    honours: list[tuple] = field(default_factory=list)  # date/period, name, level, issuer
    appraisals: list[tuple] = field(default_factory=list)  # year, result
    training: list[tuple] | None = None  # date, course, level, hours; None: no training data kept


def _teacher_ids(session, params) -> list[int]:
    if params.teacher_ids:
        return list(dict.fromkeys(params.teacher_ids))
    stmt = select(Teacher.id).where(Teacher.status == ACTIVE_STATUS)
    ids = params.scope.school_ids(session)
    if ids is not None:
        stmt = stmt.where(Teacher.cur_post_school_id.in_(ids))
    return list(session.scalars(stmt.order_by(Teacher.cur_post_school_id, Teacher.id)))


def _training_tables(session):
    """(training_record, training_course) Core tables when the cultivation area's tables exist, else None."""
    insp = inspect(session.connection())
    if not (insp.has_table("training_record") and insp.has_table("training_course")):
        return None
    md = MetaData()
    rec = Table("training_record", md, autoload_with=session.connection())
    course = Table("training_course", md, autoload_with=session.connection())
    if not {"teacher_id", "course_id", "hours"} <= set(rec.c.keys()) or not {"id", "name"} <= set(course.c.keys()):
        return None
    return rec, course


def load_forms(session, ids: list[int], *, mask: bool = False) -> list[Form]:
    school_name = dict(session.execute(select(School.id, School.name)).all())
    forms: dict[int, Form] = {}
    t = Teacher
    training = _training_tables(session)
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        for r in session.execute(
            select(
                t.id,
                t.name,
                t.former_name,
                t.gender,
                t.birth_date,
                t.ethnicity,
                t.political,
                t.native_place,
                t.id_type,
                t.id_number,
                t.phone,
                t.work_start,
                t.school_entry,
                t.employment_form,
                t.source,
                t.status,
                t.cur_post_school_id,
                t.cur_work_school_id,
                t.cur_title,
                t.cur_degree,
                t.cur_stage,
                t.cur_subject,
                t.cur_backbone,
                *(getattr(t, a) for a in staff_record.ATTRS),
            ).where(t.id.in_(chunk))
        ):
            b = r._asdict()
            b["id_shown"] = idnumber.mask(b["id_number"]) if mask else b["id_number"]
            if mask and b["phone"]:  # phones are masked wherever ID numbers are
                b["phone"] = mask_phone(b["phone"])
            b["post"] = school_name.get(b.pop("cur_post_school_id"), "")
            b["work"] = school_name.get(b.pop("cur_work_school_id"), "")
            forms[r.id] = Form(r.id, b, training=[] if training else None)
        for tid, photo in session.execute(select(t.id, t.photo).where(t.id.in_(chunk), t.photo.is_not(None))):
            forms[tid].photo = photo
        for e in session.execute(
            select(
                Education.teacher_id,
                Education.degree,
                Education.academic_degree,
                Education.institution,
                Education.major,
                Education.graduated,
                Education.full_time,
                Education.normal,
            )
            .where(Education.teacher_id.in_(chunk))
            .order_by(Education.graduated.nulls_first())
        ):
            mode = "、".join(
                x
                for x in (
                    "全日制" if e.full_time else "在职" if e.full_time is False else "",
                    "师范类" if e.normal else "",
                )
                if x
            )
            forms[e.teacher_id].educations.append(
                (e.degree, e.academic_degree or "", e.institution or "", e.major or "", d(e.graduated), mode)
            )
        for c in session.execute(
            select(
                Certificate.teacher_id, Certificate.kind, Certificate.subject, Certificate.number, Certificate.issued
            )
            .where(Certificate.teacher_id.in_(chunk))
            .order_by(Certificate.issued.nulls_first())
        ):
            forms[c.teacher_id].certificates.append((f"{c.kind}教师资格", c.subject or "", c.number or "", d(c.issued)))
        for x in session.execute(
            select(
                TitleRecord.teacher_id,
                TitleRecord.title,
                TitleRecord.obtained,
                TitleRecord.appointed,
                TitleRecord.benefit_only,
            )
            .where(TitleRecord.teacher_id.in_(chunk))
            .order_by(TitleRecord.obtained.nulls_first())
        ):  # a title enjoyed without the post (issue 20 §2) says so where the 聘任时间 would be
            appointed = d(x.appointed) or ("享受待遇" if x.benefit_only else "")
            forms[x.teacher_id].titles.append((x.title, d(x.obtained), appointed))
        work = defaultdict(list)
        for p in session.execute(
            select(PostRecord.teacher_id, PostRecord.school_id, PostRecord.start, PostRecord.end).where(
                PostRecord.teacher_id.in_(chunk)
            )
        ):
            work[p.teacher_id].append((p.start, span(p.start, p.end), school_name.get(p.school_id, ""), "编制所在"))
        for p in session.execute(
            select(
                Placement.teacher_id,
                Placement.to_school_id,
                Placement.kind,
                Placement.start,
                Placement.planned_end,
                Placement.actual_end,
            ).where(Placement.teacher_id.in_(chunk))
        ):
            work[p.teacher_id].append(
                (p.start, span(p.start, p.actual_end or p.planned_end), school_name.get(p.to_school_id, ""), p.kind)
            )
        _leader_posts(session, chunk, forms, work, school_name)
        for tid, items in work.items():
            items.sort(key=lambda w: (w[0] is None, w[0].iso() if w[0] else ""))
            forms[tid].work = [w[1:] for w in items]
        hon = defaultdict(list)
        for g in session.execute(
            select(
                Designation.teacher_id,
                Designation.kind,
                Designation.level,
                Designation.subject,
                Designation.start,
                Designation.end,
                Designation.issuer,
            ).where(Designation.teacher_id.in_(chunk))
        ):
            hon[g.teacher_id].append(
                (
                    d(g.start),
                    span(g.start, g.end),
                    f"{g.kind}" + (f"（{g.subject}）" if g.subject else ""),
                    g.level,
                    g.issuer or "",
                )
            )
        for h in session.execute(
            select(Honour.teacher_id, Honour.name, Honour.level, Honour.date, Honour.issuer).where(
                Honour.teacher_id.in_(chunk)
            )
        ):
            hon[h.teacher_id].append((d(h.date), d(h.date), h.name, h.level or "", h.issuer or ""))
        for tid, items in hon.items():
            items.sort()
            forms[tid].honours = [x[1:] for x in items]
        for a in session.execute(
            select(Appraisal.teacher_id, Appraisal.year, Appraisal.result)
            .where(Appraisal.teacher_id.in_(chunk))
            .order_by(Appraisal.year)
        ):
            forms[a.teacher_id].appraisals.append((a.year, a.result))
        if training:
            rec, course = training
            cols = [rec.c.teacher_id, course.c.name, rec.c.hours]
            cols += [course.c[k] for k in ("level", "start") if k in course.c]
            for row in session.execute(
                select(*cols).join(course, course.c.id == rec.c.course_id).where(rec.c.teacher_id.in_(chunk))
            ):
                m = row._mapping
                start = m.get("start")
                forms[m["teacher_id"]].training.append(
                    (str(start or ""), m["name"], m.get("level") or "", m["hours"] or 0)
                )
            for f in forms.values():
                if f.training:
                    f.training.sort()
    return [forms[i] for i in ids if i in forms]


def _appointed_text(appointed: str) -> str:
    if not appointed:
        return ""
    return f"（{appointed}）" if appointed == "享受待遇" else f"（聘任 {appointed}）"


def _leader_posts(session, chunk: list[int], forms: dict, work: dict, school_name: dict) -> None:
    """职务 (issue 20 §1): each post in the work history, and the posts held today as 行政职务 (highest first)."""
    today = dt.date.today()
    cats = leader_categories(session)
    held: dict[int, list[tuple[int, str]]] = defaultdict(list)
    lp = LeaderPost
    for p in session.execute(
        select(lp.teacher_id, lp.school_id, lp.post, lp.start, lp.end).where(lp.teacher_id.in_(chunk))
    ):
        work[p.teacher_id].append((p.start, span(p.start, p.end), school_name.get(p.school_id, ""), p.post))
        if leader_rules.holds(p.start, p.end, today):
            held[p.teacher_id].append((leader_rules.rank(cats.get(p.post)), p.post))
    for tid, posts in held.items():
        forms[tid].basic["admin_post"] = "、".join(dict.fromkeys(n for _, n in sorted(posts)))


def as_table(forms: list[Form]) -> ReportTable:
    rows = []
    for f in forms:
        b = f.basic
        who = (b["name"], b["id_shown"])
        rows.append(
            (
                *who,
                "基本情况",
                d(b["birth_date"]),
                f"{b['gender'] or ''} {b['ethnicity'] or ''} {b['political'] or ''}；编制学校 {b['post']}；"
                f"职称 {b['cur_title'] or ''}；学历 {b['cur_degree'] or ''}",
            )
        )
        national = "；".join(
            f"{x.label}：{d(b.get(x.attr)) if x.month else b.get(x.attr)}" for x in staff_record.FIELDS if b.get(x.attr)
        )
        if national:  # the national 教职工基础信息采集表 fields (issue 18 §4), as on the form's 续页
            rows.append((*who, "采集表信息", "", national))
        rows += [(*who, "学历", e[4], "；".join(x for x in (e[0], e[1], e[2], e[3], e[5]) if x)) for e in f.educations]
        rows += [(*who, "教师资格", c[3], "；".join(x for x in c[:3] if x)) for c in f.certificates]
        rows += [(*who, "职称", x[1], x[0] + _appointed_text(x[2])) for x in f.titles]
        rows += [(*who, "工作经历", w[0], f"{w[1]}（{w[2]}）") for w in f.work]
        rows += [(*who, "骨干与荣誉", h[0], "；".join(x for x in h[1:] if x)) for h in f.honours]
        rows += [(*who, "年度考核", str(a[0]), a[1]) for a in f.appraisals]
        if f.training is None or not f.training:
            rows.append((*who, "培训", "", "无记录"))
        else:
            rows += [(*who, "培训", t[0], f"{t[1]}；{t[2]}；{t[3]}学时") for t in f.training]
    return ReportTable("教师信息登记表", HEADERS, rows, (10, 20, 10, 22, 70), frozenset({1}))


def compute(db, params) -> Report:
    from talentdesk.reports.forms import registration as layout

    mask = bool(params.options.get("mask", False))  # forms carry the full number unless asked otherwise
    with db.sessions() as s:
        ids = _teacher_ids(s, params)
        forms = load_forms(s, ids, mask=mask)
    report = Report(
        title="教师信息登记表",
        parts=[as_table(forms)],
        form=layout.RegistrationForm(forms),
        notes=[f"共 {len(forms)} 名教师"],
        summary={"teachers": len(forms)},
    )
    return report
