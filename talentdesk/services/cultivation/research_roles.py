"""Research roles (issue 21 §4): the bureau's list of roles a teacher holds besides the post (兼职教研员, 蒲公英导师,
教研坊主, 研究会会员, 评委库 …), the appointments with subject, level, term and appointing body (one, or many
teachers appointed to one role at once), a teacher's roles, and the facts the statistics count; also the bureau's
list of studio output kinds (研训课 节, 微讲座 堂 …), which studios.save checks outputs against.

Rules on saving: the role is a name of the list, the level one of 国家级/省级/市级/县级/校级, the subject of the code
list, the term has a start and an end not before it, the teacher is known, and the same teacher does not hold the
same role at the same level twice in overlapping terms. Every change is audited (ORM session events; the row
carries the teacher's id, so it shows in the teacher's 变更记录) and needs the edit right.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import String, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from talentdesk.domain import codes, idnumber
from talentdesk.domain import research_roles as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import attendees
from talentdesk.services.cultivation.persons import date, text
from talentdesk.services.platform import name_lists
from talentdesk.services.platform.records import upsert
from talentdesk.store.idlists import id_in
from talentdesk.store.models import School, Teacher
from talentdesk.store.models_cultivation import Studio
from talentdesk.store.models_roles import ResearchRole, ResearchRoleKind, StudioOutput, StudioOutputKind
from talentdesk.store.uow import UnitOfWork

FIELDS = ("teacher_id", "role", "subject", "level", "start", "end", "appointer", "doc_no", "note")
TERM_FIELDS = tuple(f for f in FIELDS if f != "teacher_id")
LABELS = {
    "teacher_id": "教师",
    "role": "角色",
    "subject": "学科",
    "level": "级别",
    "start": "任期开始",
    "end": "任期结束",
    "appointer": "聘任单位",
    "doc_no": "文号",
    "note": "备注",
}
MAX_LENGTH = {"appointer": 100, "doc_no": 100}
MISSING = "找不到这条任职记录（可能已被删除）"
CURRENT, ENDED = "在任", "期满"
HEADERS = ("姓名", "学校", "学科（教师）", "角色", "级别", "学科", "任期开始", "任期结束", "状态", "聘任单位", "文号")


class RoleRow(NamedTuple):
    """One appointment as the 教研任职 list shows it."""

    id: int
    name: str
    school: str
    teacher_subject: str
    role: str
    level: str
    subject: str
    start: str
    end: str
    state: str  # 在任 / 期满
    appointer: str
    doc_no: str


class RoleFact(NamedTuple):
    """One appointment as the statistics count it."""

    id: int
    teacher_id: int
    school_id: int | None  # the teacher's current school
    role: str
    subject: str
    level: str
    start: PartialDate | None
    end: PartialDate | None


class OutputFact(NamedTuple):
    """One studio output as the statistics count it."""

    studio_id: int
    studio_kind: str
    studio_level: str
    school_id: int | None  # the studio's school, else its host's
    date: PartialDate | None
    kind: str
    quantity: float
    unit: str


def _raw(col):
    """The stored ISO text of a date column, to compare with a prefix such as '2025' or '2025-03'."""
    return type_coerce(col, String)


def _today() -> PartialDate:
    import datetime as dt

    d = dt.date.today()
    return PartialDate(d.year, d.month, d.day)


# ---------------------------------------------------------------- the lists of roles and of output kinds


def kinds(db) -> list[dict]:
    """The list of roles in its order: id, name, note and how many appointments use the name."""
    return name_lists.entries(db, ResearchRoleKind, ResearchRole.role)


def kind_names(session: Session) -> list[str]:
    return name_lists.names(session, ResearchRoleKind)


def _checked(what: str):
    return lambda name: rules.check_kind_name(name, what)


def _remove(db, model, kind_id: int, used_by, what: str, unit: str) -> None:
    name_lists.remove(
        db,
        model,
        kind_id,
        used_by,
        missing=f"{what}中没有这个名称（可能已被删除）",
        in_use=f"有 {{n}} {unit}使用“{{name}}”，不能从{what}中删除",
    )


def add_kind(db, name: str, note: str | None = None) -> int:
    """A role for the list (e.g. the county's own 青蓝导师); a name already there is refused."""
    return name_lists.add(db, ResearchRoleKind, name, check=_checked("教研角色"), listed="教研角色", note=text(note))


def remove_kind(db, kind_id: int) -> None:
    """Take a role off the list; refused while appointments use it."""
    _remove(db, ResearchRoleKind, kind_id, ResearchRole.role, "教研角色", "条任职记录")


def output_kinds(db) -> list[dict]:
    """The list of studio output kinds in its order: id, name, unit, note and how many outputs use the name."""
    return name_lists.entries(db, StudioOutputKind, StudioOutput.kind, extra=("unit",))


def output_units(session: Session) -> dict[str, str]:
    """Output kind → its unit, in the list's order."""
    return {
        n: u or ""
        for n, u in session.execute(
            select(StudioOutputKind.name, StudioOutputKind.unit).order_by(
                StudioOutputKind.position, StudioOutputKind.id
            )
        )
    }


def add_output_kind(db, name: str, unit: str | None = None, note: str | None = None) -> int:
    """An output kind for the list (e.g. 读书分享 次)."""
    u = text(unit)
    if u and len(u) > rules.MAX_UNIT:
        raise ValidationError({"unit": f"单位太长（最多 {rules.MAX_UNIT} 个字）"})
    return name_lists.add(
        db, StudioOutputKind, name, check=_checked("成果类别"), listed="成果类别", unit=u, note=text(note)
    )


def remove_output_kind(db, kind_id: int) -> None:
    _remove(db, StudioOutputKind, kind_id, StudioOutput.kind, "成果类别", "条成果记录")


# ---------------------------------------------------------------- appointments


def list_rows(
    db,
    *,
    role: str | None = None,
    level: str | None = None,
    subject: str | None = None,
    school_id: int | None = None,
    first: PartialDate | None = None,
    last: PartialDate | None = None,
    current: bool = False,
    search: str | None = None,
) -> list[RoleRow]:
    """Appointments by role, level and name. SCHOOL_ID: the teacher works there now. FIRST … LAST: the term overlaps
    the period. CURRENT: held today (no end, or an end not passed)."""
    t, sc = Teacher.__table__.c, School.__table__.c
    stmt = (
        select(
            ResearchRole.id,
            t.name,
            sc.name,
            t.cur_subject,
            ResearchRole.role,
            ResearchRole.level,
            ResearchRole.subject,
            ResearchRole.start,
            ResearchRole.end,
            ResearchRole.appointer,
            ResearchRole.doc_no,
        )
        .join(Teacher.__table__, t.id == ResearchRole.teacher_id)
        .outerjoin(School.__table__, sc.id == func.coalesce(t.cur_work_school_id, t.cur_post_school_id))
    )
    if role:
        stmt = stmt.where(ResearchRole.role == role)
    if level:
        stmt = stmt.where(ResearchRole.level == level)
    if subject:
        stmt = stmt.where(ResearchRole.subject == subject)
    if school_id:
        stmt = stmt.where(func.coalesce(t.cur_work_school_id, t.cur_post_school_id) == school_id)
    if last is not None:
        stmt = stmt.where(_raw(ResearchRole.start) <= last.iso() + "-99")
    if first is not None:
        stmt = stmt.where(or_(ResearchRole.end.is_(None), _raw(ResearchRole.end) >= first.iso()))
    if search:
        like = f"%{search.strip()}%"
        stmt = stmt.where(or_(t.name.like(like), ResearchRole.appointer.like(like), ResearchRole.doc_no.like(like)))
    today = _today()
    kinds_order: dict[str, int] = {}
    with db.sessions() as s:
        kinds_order = {n: i for i, n in enumerate(kind_names(s))}
        rows = s.execute(stmt).all()
    out = []
    for r in rows:
        held = rules.is_current(r[8], today)
        if current and not held:
            continue
        out.append(
            RoleRow(
                r[0],
                r[1],
                r[2] or "",
                r[3] or "",
                r[4],
                r[5],
                r[6] or "",
                r[7].iso() if r[7] else "",
                r[8].iso() if r[8] else "",
                CURRENT if held else ENDED,
                r[9] or "",
                r[10] or "",
            )
        )
    out.sort(key=lambda x: (kinds_order.get(x.role, 999), x.role, rules.level_rank(x.level), x.school, x.name, x.id))
    return out


def get(db, role_id: int) -> dict:
    with db.sessions() as s:
        r = s.get(ResearchRole, role_id)
        if r is None:
            raise NotFound(MISSING)
        out = {"id": r.id, "version": r.version, **{f: getattr(r, f) for f in FIELDS}}
        out["name"] = r.teacher.name
        out["id_number"] = r.teacher.id_number if access.may_reveal(db) else idnumber.mask(r.teacher.id_number)
        return out


def clean(values: dict, kind_list: list[str], *, teacher: bool = True) -> dict:
    """Checked values of FIELDS (TERM_FIELDS without TEACHER); ValidationError: field → Chinese message."""
    problems: dict[str, str] = {}
    out: dict = {}
    for f in ("role", "appointer", "doc_no", "note"):
        out[f] = text(values.get(f))
    for f, n in MAX_LENGTH.items():
        if out[f] and len(out[f]) > n:
            problems[f] = f"{LABELS[f]}太长（最多 {n} 个字）"
    if not out["role"]:
        problems["role"] = "请选择角色"
    elif out["role"] not in kind_list:
        problems["role"] = f"角色“{out['role']}”不在教研角色表中（可在“角色类别…”中添加）"
    for f in ("start", "end"):
        out[f] = date(f, values.get(f), problems)
    if "start" not in problems and "end" not in problems:
        problems.update(rules.check_term(out["start"], out["end"]))
    level = text(values.get("level"))
    level = (codes.LEVEL.canonical(level) or level) if level else None
    if not level:
        problems["level"] = "请选择级别"
    elif level not in rules.LEVELS:
        problems["level"] = f"级别应为{'、'.join(rules.LEVELS)}之一"
    out["level"] = level
    v = text(values.get("subject"))
    out["subject"] = codes.SUBJECT.canonical(v) if v else None
    if v and out["subject"] is None:
        problems["subject"] = f"学科“{v}”不在{codes.SUBJECT.name}代码表中"
    if teacher:
        tid = values.get("teacher_id")
        try:
            out["teacher_id"] = int(tid) if tid not in (None, "") else None
        except (TypeError, ValueError):
            out["teacher_id"] = None
        if out["teacher_id"] is None:
            problems["teacher_id"] = "请选择教师"
    if problems:
        raise ValidationError(problems)
    return out


def _overlap(s: Session, v: dict, teacher_ids: list[int], exclude: int | None = None) -> dict[int, str]:
    """teacher id → the term of an appointment to the same role and level that overlaps V's term."""
    stmt = select(ResearchRole.teacher_id, ResearchRole.start, ResearchRole.end).where(
        ResearchRole.role == v["role"], ResearchRole.level == v["level"], id_in(s, ResearchRole.teacher_id, teacher_ids)
    )
    if exclude is not None:
        stmt = stmt.where(ResearchRole.id != exclude)
    out: dict[int, str] = {}
    for tid, start, end in s.execute(stmt):
        if (end is None or not end < v["start"]) and (v["end"] is None or not v["end"] < start):
            out[tid] = f"{start.iso() if start else ''}—{end.iso() if end else '至今'}"
    return out


def save(
    db,
    role_id: int | None,
    values: dict,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> int:
    """Create or update one appointment. VERSION and BASE: what the form loaded (get): others' changes meanwhile are
    merged or asked."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        v = clean(values, kind_names(s))
        if s.get(Teacher, v["teacher_id"]) is None:
            raise ValidationError({"teacher_id": "档案中没有这名教师"})
        clash = _overlap(s, v, [v["teacher_id"]], exclude=role_id)
        if clash:
            raise ValidationError(
                {"start": f"这名教师已任{v['level']}{v['role']}（{clash[v['teacher_id']]}），任期不能重叠"}
            )
        r = upsert(
            s,
            ResearchRole,
            role_id,
            v,
            MISSING,
            expected_version=version,
            base={f: base.get(f) for f in FIELDS} if base is not None else None,
            merge=merge,
            resolved=resolved,
        )
        uow.commit()
        return r.id


def appoint(db, teacher_ids: list[int], values: dict) -> list[int]:
    """Appoint many teachers to one role at once (one row each, same term and appointing body): the new ids.
    Nothing is saved when a teacher is unknown or already holds the role at that level in an overlapping term."""
    access.require(db, "edit")
    ids = list(dict.fromkeys(int(t) for t in teacher_ids))
    if not ids:
        raise ValidationError({"teachers": "请添加要聘任的教师"})
    with UnitOfWork(db) as uow:
        s = uow.session
        v = clean(values, kind_names(s), teacher=False)
        t = Teacher.__table__.c
        names = dict(s.execute(select(t.id, t.name).where(id_in(s, t.id, ids))).tuples().all())
        problems = {
            f"teacher{i}": f"第{i}名教师：档案中没有这名教师" for i, tid in enumerate(ids, 1) if tid not in names
        }
        clash = _overlap(s, v, ids)
        for i, tid in enumerate(ids, 1):
            if tid in clash:
                problems[f"teacher{i}"] = f"{names[tid]}已任{v['level']}{v['role']}（{clash[tid]}），任期不能重叠"
        if problems:
            raise ValidationError(problems)
        rows = [ResearchRole(teacher_id=tid, **v) for tid in ids]
        s.add_all(rows)
        s.flush()
        uow.commit()
        return [r.id for r in rows]


def delete(db, role_ids: list[int]) -> int:
    """Delete appointments (audited row by row); the number deleted."""
    access.require(db, "edit")
    n = 0
    with UnitOfWork(db) as uow:
        s = uow.session
        for rid in role_ids:
            r = s.get(ResearchRole, rid)
            if r is not None:
                s.delete(r)
                n += 1
        uow.commit()
    return n


def match_pasted(db, pasted: str) -> list[attendees.Match]:
    """Pasted names / ID numbers matched to serving teachers (bulk appointment)."""
    return attendees.match_pasted(db, pasted)


# ---------------------------------------------------------------- a teacher's roles, the statistics


class TeacherRole(NamedTuple):
    """One of a teacher's appointments as the teacher file's 教研任职 tab shows it."""

    role: str
    subject: str
    level: str
    start: str
    end: str
    appointer: str
    doc_no: str
    state: str  # 在任 / 期满


def teacher_roles(db, teacher_id: int) -> list[TeacherRole]:
    """A teacher's appointments (role, subject, level, term, appointing body, document number, in office or not),
    latest first."""
    today = _today()
    stmt = (
        select(
            ResearchRole.role,
            ResearchRole.subject,
            ResearchRole.level,
            ResearchRole.start,
            ResearchRole.end,
            ResearchRole.appointer,
            ResearchRole.doc_no,
        )
        .where(ResearchRole.teacher_id == teacher_id)
        .order_by(ResearchRole.start.desc(), ResearchRole.id.desc())
    )
    with db.sessions() as s:
        return [
            TeacherRole(
                role,
                subject or "",
                level,
                start.iso() if start else "",
                end.iso() if end else "",
                appointer or "",
                doc_no or "",
                CURRENT if rules.is_current(end, today) else ENDED,
            )
            for role, subject, level, start, end, appointer, doc_no in s.execute(stmt)
        ]


def facts(session: Session) -> list[RoleFact]:
    """Every appointment as the statistics count it, under the teacher's current school."""
    t = Teacher.__table__.c
    stmt = select(
        ResearchRole.id,
        ResearchRole.teacher_id,
        func.coalesce(t.cur_work_school_id, t.cur_post_school_id),
        ResearchRole.role,
        ResearchRole.subject,
        ResearchRole.level,
        ResearchRole.start,
        ResearchRole.end,
    ).join(Teacher.__table__, t.id == ResearchRole.teacher_id)
    return [RoleFact(i, tid, sid, r, subj or "", lv, a, b) for i, tid, sid, r, subj, lv, a, b in session.execute(stmt)]


def output_facts(session: Session) -> list[OutputFact]:
    """Every studio output, under the studio's school (else its host's post school)."""
    t = Teacher.__table__.c
    stmt = (
        select(
            Studio.id,
            Studio.kind,
            Studio.level,
            func.coalesce(Studio.school_id, t.cur_post_school_id),
            StudioOutput.date,
            StudioOutput.kind,
            StudioOutput.quantity,
            StudioOutput.unit,
        )
        .join(StudioOutput, StudioOutput.studio_id == Studio.id)
        .outerjoin(Teacher.__table__, t.id == Studio.host_id)
    )
    return [
        OutputFact(sid, sk, sl, school, d, k, float(q or 0), u or "")
        for sid, sk, sl, school, d, k, q, u in session.execute(stmt)
    ]


class StudioFact(NamedTuple):
    """One studio as the statistics count it."""

    id: int
    kind: str
    level: str
    parent_id: int | None
    school_id: int | None  # the studio's school, else its host's post school
    start: PartialDate | None
    end: PartialDate | None


def studio_facts(session: Session) -> list[StudioFact]:
    """Every studio with its kind, level, parent, school and term."""
    t = Teacher.__table__.c
    stmt = select(
        Studio.id,
        Studio.kind,
        Studio.level,
        Studio.parent_id,
        func.coalesce(Studio.school_id, t.cur_post_school_id),
        Studio.start,
        Studio.end,
    ).outerjoin(Teacher.__table__, t.id == Studio.host_id)
    return [StudioFact(*r) for r in session.execute(stmt)]
