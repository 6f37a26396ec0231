"""学历提升 (issue 21 §5): teachers studying for a higher degree (专升本, 攻读硕士/博士) with the bureau's support
(脱产时间, 学费补助) and the outcome (在读/已毕业/退学).

Rules on saving (domain.growth.check_study): a known teacher, a target degree, a mode (全日制/在职), the start, the
expected end not before it, a graduation date exactly when 已毕业 (and the institution). When a study is saved as
已毕业, the new degree is written into the teacher's education history: one record, linked from the study
(education_id), updated on a re-save and never added twice (a record of the same degree and graduation date already
there is linked instead); it becomes the highest degree when it ranks highest, and the teacher's current degree is
refreshed. A study set back from 已毕业 removes the record it wrote. Every change is audited (ORM session events; the
rows carry the teacher's id) and needs the edit right.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from talentdesk.domain import codes, idnumber
from talentdesk.domain import growth as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.cultivation.persons import date, text
from talentdesk.services.platform.records import upsert
from talentdesk.store import current
from talentdesk.store.models import Education, School, Teacher
from talentdesk.store.models_growth import DegreeStudy
from talentdesk.store.uow import UnitOfWork

FIELDS = (
    "teacher_id",
    "degree",
    "academic_degree",
    "institution",
    "major",
    "mode",
    "start",
    "expected_end",
    "leave_months",
    "tuition_support",
    "status",
    "graduated",
    "note",
)
LABELS = {
    "teacher_id": "教师",
    "degree": "攻读学历",
    "academic_degree": "学位",
    "institution": "院校",
    "major": "专业",
    "mode": "学习方式",
    "start": "入学时间",
    "expected_end": "预计毕业",
    "leave_months": "脱产时间（月）",
    "tuition_support": "学费补助（元）",
    "status": "状态",
    "graduated": "毕业（退学）日期",
    "note": "备注",
}
MAX_LENGTH = {"institution": 100, "major": 100}
MISSING = "找不到这条学历提升记录（可能已被删除）"
COLUMNS = (
    "id",
    "name",
    "school",
    "degree",
    "institution",
    "major",
    "mode",
    "start",
    "expected_end",
    "leave_months",
    "tuition_support",
    "status",
    "graduated",
)
HEADERS = (
    "姓名",
    "学校",
    "攻读学历",
    "院校",
    "专业",
    "方式",
    "入学",
    "预计毕业",
    "脱产(月)",
    "学费补助(元)",
    "状态",
    "毕业/退学",
)


def _iso(d: PartialDate | None) -> str:
    return d.iso() if d else ""


def list_rows(
    db,
    *,
    status: str | None = None,
    degree: str | None = None,
    year: int | None = None,
    search: str | None = None,
    school_ids: set[int] | None = None,
) -> list[tuple]:
    """Rows of COLUMNS, latest start first. YEAR: studies under way in that year (started by its end, not finished
    before it)."""
    t, sc = Teacher.__table__.c, School.__table__.c
    school = func.coalesce(t.cur_work_school_id, t.cur_post_school_id)
    stmt = (
        select(DegreeStudy, t.name, sc.name, school)
        .join(Teacher.__table__, t.id == DegreeStudy.teacher_id)
        .outerjoin(School.__table__, sc.id == school)
        .order_by(DegreeStudy.start.desc(), DegreeStudy.id.desc())
    )
    if status:
        stmt = stmt.where(DegreeStudy.status == status)
    if degree:
        stmt = stmt.where(DegreeStudy.degree == degree)
    if search:
        like = f"%{search.strip()}%"
        stmt = stmt.where(or_(t.name.like(like), DegreeStudy.institution.like(like), DegreeStudy.major.like(like)))
    out = []
    with db.sessions() as s:
        for d, name, school_name, sid in s.execute(stmt):
            if school_ids is not None and sid not in school_ids:
                continue
            if year is not None and not (
                (d.start is None or d.start.year <= year) and (d.graduated is None or d.graduated.year >= year)
            ):
                continue
            out.append(
                (
                    d.id,
                    name,
                    school_name or "",
                    d.degree,
                    d.institution or "",
                    d.major or "",
                    d.mode,
                    _iso(d.start),
                    _iso(d.expected_end),
                    d.leave_months if d.leave_months is not None else "",
                    d.tuition_support if d.tuition_support is not None else "",
                    d.status,
                    _iso(d.graduated),
                )
            )
    return out


def get(db, study_id: int) -> dict:
    with db.sessions() as s:
        d = s.get(DegreeStudy, study_id)
        if d is None:
            raise NotFound(MISSING)
        t = d.teacher
        number = t.id_number or ""
        return {
            "id": d.id,
            "version": d.version,
            **{f: getattr(d, f) for f in FIELDS},
            "education_id": d.education_id,
            "name": t.name,
            "id_number": number if access.may_reveal(db) else idnumber.mask(number),
        }


def clean(values: dict) -> dict:
    problems: dict[str, str] = {}
    out: dict = {}
    tid = values.get("teacher_id")
    out["teacher_id"] = int(tid) if tid is not None and str(tid).isdigit() else None
    if out["teacher_id"] is None:
        problems["teacher_id"] = "请选择教师"
    for f in ("institution", "major", "note", "mode", "status"):
        out[f] = text(values.get(f))
    for f, n in MAX_LENGTH.items():
        if out[f] and len(out[f]) > n:
            problems[f] = f"{LABELS[f]}太长（最多 {n} 个字）"
    out["status"] = out["status"] or rules.STUDYING
    raw = text(values.get("degree"))
    out["degree"] = (codes.DEGREE.canonical(raw) or raw) if raw else None
    raw = text(values.get("academic_degree"))
    out["academic_degree"] = (codes.ACADEMIC_DEGREE.canonical(raw) or raw) if raw else None
    if out["academic_degree"] and out["academic_degree"] not in codes.ACADEMIC_DEGREE.labels:
        problems["academic_degree"] = f"学位应为{'、'.join(codes.ACADEMIC_DEGREE.labels)}之一"
    for f in ("start", "expected_end", "graduated"):
        out[f] = date(f, values.get(f), problems)
    for f in ("leave_months", "tuition_support"):
        raw = values.get(f)
        if raw is None or str(raw).strip() == "":
            out[f] = None
            continue
        try:
            num = float(str(raw).replace(",", "").replace("，", "").strip())
        except ValueError:
            problems[f] = f"{LABELS[f]}应为数字"
            out[f] = None
            continue
        if num != int(num):
            problems[f] = f"{LABELS[f]}应为整数"
        out[f] = int(num)
    for k, v in rules.check_study(out).items():
        problems.setdefault(k, v)
    if problems:
        raise ValidationError(problems)
    return out


def _set_highest(s: Session, teacher_id: int) -> None:
    """The highest-ranking education record is the one marked 最高学历."""
    eds = list(s.scalars(select(Education).where(Education.teacher_id == teacher_id).order_by(Education.id)))
    if not eds:
        return
    best = max(eds, key=lambda e: (codes.DEGREE.rank(e.degree), e.graduated or PartialDate(1900), e.id))
    for e in eds:
        want = e is best
        if e.highest != want:
            e.highest = want


def write_education(s: Session, d: DegreeStudy) -> None:
    """The study's outcome in the education history (see the module's rules)."""
    ed = s.get(Education, d.education_id) if d.education_id else None
    if d.status != rules.GRADUATED:
        if ed is not None:
            d.education_id = None
            s.flush()
            s.delete(ed)
            s.flush()
            _set_highest(s, d.teacher_id)
        return
    values = {
        "degree": d.degree,
        "academic_degree": d.academic_degree or rules.ACADEMIC_FOR.get(d.degree),
        "institution": d.institution,
        "major": d.major,
        "full_time": d.mode == "全日制",
        "graduated": d.graduated,
    }
    if ed is None or ed.teacher_id != d.teacher_id:
        ed = s.scalar(
            select(Education).where(
                Education.teacher_id == d.teacher_id,
                Education.degree == d.degree,
                Education.graduated == d.graduated,
            )
        )
    if ed is None:
        ed = Education(teacher_id=d.teacher_id, note="学历提升登记", first=False, highest=False, **values)
        s.add(ed)
    else:
        for k, v in values.items():
            if getattr(ed, k) != v:
                setattr(ed, k, v)
    s.flush()
    if d.education_id != ed.id:
        d.education_id = ed.id
    _set_highest(s, d.teacher_id)


def save(
    db,
    study_id: int | None,
    values: dict,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> int:
    access.require(db, "edit")
    v = clean(values)
    with UnitOfWork(db) as uow:
        s = uow.session
        if s.get(Teacher, v["teacher_id"]) is None:
            raise ValidationError({"teacher_id": "档案中没有这名教师"})
        before = s.get(DegreeStudy, study_id) if study_id is not None else None
        old_teacher = before.teacher_id if before is not None else None
        d = upsert(
            s,
            DegreeStudy,
            study_id,
            v,
            MISSING,
            expected_version=version,
            base={f: base.get(f) for f in FIELDS} if base is not None else None,
            merge=merge,
            resolved=resolved,
        )
        write_education(s, d)
        s.flush()
        current.refresh(s, {d.teacher_id, *([old_teacher] if old_teacher else [])})
        uow.commit()
        return d.id


def delete(db, study_ids: list[int]) -> int:
    """Delete studies (the education record of a graduation stays: the degree was obtained); the number deleted."""
    access.require(db, "edit")
    n = 0
    with UnitOfWork(db) as uow:
        s = uow.session
        for d in s.scalars(select(DegreeStudy).where(DegreeStudy.id.in_(study_ids))):
            s.delete(d)
            n += 1
        uow.commit()
    return n


class TeacherStudy(NamedTuple):
    """One of a teacher's degree studies as the teacher file's 学历提升 tab shows it."""

    degree: str
    institution: str
    major: str
    mode: str
    start: str
    expected_end: str
    leave_months: int | None  # 脱产时间（月）
    tuition_support: int | None  # 学费补助（元）
    status: str  # 在读 / 已毕业 / 退学
    graduated: str  # 毕业（退学）日期


def teacher_studies(db, teacher_id: int) -> list[TeacherStudy]:
    """A teacher's degree studies with the bureau's support, latest first."""
    with db.sessions() as s:
        return [
            TeacherStudy(
                d.degree,
                d.institution or "",
                d.major or "",
                d.mode,
                _iso(d.start),
                _iso(d.expected_end),
                d.leave_months,
                d.tuition_support,
                d.status,
                _iso(d.graduated),
            )
            for d in s.scalars(
                select(DegreeStudy)
                .where(DegreeStudy.teacher_id == teacher_id)
                .order_by(DegreeStudy.start.desc(), DegreeStudy.id.desc())
            )
        ]


# ---------------------------------------------------------------- the statistics


@dataclass(frozen=True)
class StudyFact:
    teacher_id: int
    school_id: int | None
    degree: str
    mode: str
    start: PartialDate | None
    status: str
    graduated: PartialDate | None
    leave_months: int | None
    tuition_support: int | None


def facts(session: Session, school_ids: set[int] | None = None) -> list[StudyFact]:
    t = Teacher.__table__.c
    rows = session.execute(
        select(
            DegreeStudy.teacher_id,
            func.coalesce(t.cur_work_school_id, t.cur_post_school_id),
            DegreeStudy.degree,
            DegreeStudy.mode,
            DegreeStudy.start,
            DegreeStudy.status,
            DegreeStudy.graduated,
            DegreeStudy.leave_months,
            DegreeStudy.tuition_support,
        ).join(Teacher.__table__, t.id == DegreeStudy.teacher_id)
    ).all()
    return [StudyFact(*r) for r in rows if school_ids is None or r[1] in school_ids]


def list_rows_for(session: Session, school_ids: set[int] | None, *, reveal: bool = False) -> list[dict]:
    """Every study as a dict (teacher's name, ID number masked unless REVEAL, school) in a scope, latest first."""
    t, sc = Teacher.__table__.c, School.__table__.c
    school = func.coalesce(t.cur_work_school_id, t.cur_post_school_id)
    out = []
    for d, name, number, school_name, sid in session.execute(
        select(DegreeStudy, t.name, t.id_number, sc.name, school)
        .join(Teacher.__table__, t.id == DegreeStudy.teacher_id)
        .outerjoin(School.__table__, sc.id == school)
        .order_by(DegreeStudy.start.desc(), DegreeStudy.id.desc())
    ):
        if school_ids is not None and sid not in school_ids:
            continue
        out.append(
            {
                "id": d.id,
                **{f: getattr(d, f) for f in FIELDS},
                "name": name,
                "id_number": (number or "") if reveal else idnumber.mask(number or ""),
                "school": school_name or "",
                "institution": d.institution or "",
                "major": d.major or "",
            }
        )
    return out
