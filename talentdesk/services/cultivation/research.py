"""The 课题 register (issue 21 §5): research projects with their level, kind, issuing body, number, school, dates and
step (立项 → 中期 → 结题 / 获奖, or 撤项 / 延期), and their groups of teachers (主持人, 核心成员, 成员).

Rules on saving: a title, a level (国家级/省级/市级/县级), a kind of the bureau's list (重点课题/一般课题/
专项课题/青年课题/自筹课题 to start with, editable: add one, remove one no project uses), a school and the
立项日期 are given; the planned end and the 结题日期 are not before the 立项日期; a 结题 or 获奖 project has a
结题日期, a 获奖 one an award grade, an open one (立项/中期/延期) no 结题日期; one project per title, level and
year of 立项; every member is a known teacher listed once, and exactly one member is the host (主持人) — the host
must be a member. Every change is audited (ORM session events; a member row carries the teacher's id, so it shows
in the teacher's 变更记录) and needs the edit right.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import String, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from talentdesk.domain import codes, idnumber
from talentdesk.domain import research as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import attendees
from talentdesk.services.cultivation.persons import date, text
from talentdesk.services.platform import name_lists
from talentdesk.services.platform.child_rows import replace_rows
from talentdesk.services.platform.records import upsert
from talentdesk.store.idlists import id_in
from talentdesk.store.models import School, Teacher
from talentdesk.store.models_research import ResearchMember, ResearchProject, ResearchProjectKind
from talentdesk.store.uow import UnitOfWork

FIELDS = (
    "title",
    "level",
    "kind",
    "issuer",
    "number",
    "school_id",
    "approved",
    "planned_end",
    "status",
    "award",
    "concluded",
    "note",
)
MEMBER_FIELDS = ("teacher_id", "role")
LABELS = {
    "title": "课题名称",
    "level": "级别",
    "kind": "课题类别",
    "issuer": "立项单位",
    "number": "立项编号",
    "school_id": "学校",
    "approved": "立项日期",
    "planned_end": "计划结题",
    "status": "状态",
    "award": "获奖等次",
    "concluded": "结题日期",
    "note": "备注",
    "host_id": "主持人",
}
MAX_LENGTH = {"title": rules.MAX_TITLE, "issuer": 100, "number": 50}
MISSING = "找不到这项课题（可能已被删除）"
HEADERS = (
    "立项日期",
    "课题名称",
    "级别",
    "类别",
    "立项编号",
    "主持人",
    "学校",
    "成员",
    "状态",
    "计划结题",
    "结题日期",
)


class ProjectRow(NamedTuple):
    """One project as the 课题研究 list shows it."""

    id: int
    approved: str
    title: str
    level: str
    kind: str
    number: str
    host: str
    school: str
    members: int
    status: str  # with the award grade of a 获奖 (获奖（一等奖）)
    planned_end: str
    concluded: str


def status_label(status: str, award: str | None) -> str:
    return f"{status}（{award}）" if status == rules.AWARDED and award else status


def _raw(col):
    """The stored ISO text of a date column, to compare with a prefix such as '2025'."""
    return type_coerce(col, String)


# ---------------------------------------------------------------- the list of kinds


def kinds(db) -> list[dict]:
    """The list of kinds in its order: id, name, note and how many projects use the name."""
    return name_lists.entries(db, ResearchProjectKind, ResearchProject.kind)


def kind_names(session: Session) -> list[str]:
    """The kinds of the list in its order."""
    return name_lists.names(session, ResearchProjectKind)


def kind_order(session: Session) -> list[str]:
    """The kinds as the statistics show them: the list's order, then any kind projects still carry that the list
    has not (a county's own kind received in a data package) in the order of their names."""
    listed = kind_names(session)
    stored = set(session.scalars(select(ResearchProject.kind).distinct()))
    return listed + sorted(k for k in stored if k and k not in listed)


def add_kind(db, name: str, note: str | None = None) -> int:
    """A kind for the list (e.g. 规划课题); a name already there is refused."""
    return name_lists.add(
        db, ResearchProjectKind, name, check=rules.check_kind_name, listed="课题类别", note=text(note)
    )


def remove_kind(db, kind_id: int) -> None:
    """Take a kind off the list; refused while projects use it."""
    name_lists.remove(
        db,
        ResearchProjectKind,
        kind_id,
        ResearchProject.kind,
        missing="课题类别中没有这个名称（可能已被删除）",
        in_use="有 {n} 项课题使用“{name}”，不能从课题类别中删除",
    )


def kind_id(db, name: str) -> int:
    """The id of a kind of the list by its name (NotFound otherwise)."""
    with db.sessions() as s:
        found = s.scalar(select(ResearchProjectKind.id).where(ResearchProjectKind.name == name.strip()))
    if found is None:
        raise NotFound(f"课题类别中没有“{name.strip()}”")
    return found


# ---------------------------------------------------------------- the list


def _hosts(s: Session, project_ids: list[int] | None = None) -> dict[int, tuple[int, str]]:
    """project id → (teacher id, name) of its host."""
    t = Teacher.__table__.c
    stmt = (
        select(ResearchMember.project_id, t.id, t.name)
        .join(Teacher.__table__, t.id == ResearchMember.teacher_id)
        .where(ResearchMember.role == rules.HOST)
    )
    if project_ids is not None:
        stmt = stmt.where(id_in(s, ResearchMember.project_id, project_ids))
    return {pid: (tid, name) for pid, tid, name in s.execute(stmt)}


def list_rows(
    db,
    *,
    level: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    year: int | None = None,
    school_id: int | None = None,
    search: str | None = None,
) -> list[ProjectRow]:
    """Projects, latest 立项 first. YEAR: approved in that year. SEARCH: title, number, issuer or the host's name."""
    counts = (
        select(ResearchMember.project_id.label("pid"), func.count().label("n"))
        .group_by(ResearchMember.project_id)
        .subquery()
    )
    stmt = (
        select(ResearchProject, School.name, func.coalesce(counts.c.n, 0))
        .join(School, School.id == ResearchProject.school_id)
        .outerjoin(counts, counts.c.pid == ResearchProject.id)
        .order_by(ResearchProject.approved.desc(), ResearchProject.id.desc())
    )
    if level:
        stmt = stmt.where(ResearchProject.level == level)
    if kind:
        stmt = stmt.where(ResearchProject.kind == kind)
    if status:
        stmt = stmt.where(ResearchProject.status == status)
    if year:
        stmt = stmt.where(_raw(ResearchProject.approved).like(f"{int(year):04d}%"))
    if school_id:
        stmt = stmt.where(ResearchProject.school_id == school_id)
    if search:
        like = f"%{search.strip()}%"
        t = Teacher.__table__.c
        hosted = (
            select(ResearchMember.project_id)
            .join(Teacher.__table__, t.id == ResearchMember.teacher_id)
            .where(ResearchMember.role == rules.HOST, t.name.like(like))
        )
        stmt = stmt.where(
            or_(
                ResearchProject.title.like(like),
                ResearchProject.number.like(like),
                ResearchProject.issuer.like(like),
                ResearchProject.id.in_(hosted),
            )
        )
    with db.sessions() as s:
        rows = s.execute(stmt).all()
        hosts = _hosts(s)
        return [
            ProjectRow(
                p.id,
                p.approved.iso() if p.approved else "",
                p.title,
                p.level,
                p.kind,
                p.number or "",
                hosts.get(p.id, (0, ""))[1],
                school or "",
                int(n),
                status_label(p.status, p.award),
                p.planned_end.iso() if p.planned_end else "",
                p.concluded.iso() if p.concluded else "",
            )
            for p, school, n in rows
        ]


def members(s: Session, project_id: int, *, reveal: bool = False) -> list[dict]:
    t, sc = Teacher.__table__.c, School.__table__.c
    role_rank = {r: i for i, r in enumerate(rules.ROLES)}
    stmt = (
        select(ResearchMember, t.name, t.id_number, sc.name, t.cur_subject)
        .join(Teacher.__table__, t.id == ResearchMember.teacher_id)
        .outerjoin(School.__table__, sc.id == func.coalesce(t.cur_work_school_id, t.cur_post_school_id))
        .where(ResearchMember.project_id == project_id)
        .order_by(ResearchMember.id)
    )
    out = [
        {
            "id": m.id,
            "version": m.version,
            "teacher_id": m.teacher_id,
            "role": m.role,
            "name": name,
            "id_number": number if reveal else idnumber.mask(number),
            "school": school or "",
            "subject": subject or "",
        }
        for m, name, number, school, subject in s.execute(stmt)
    ]
    out.sort(key=lambda m: role_rank.get(m["role"], 9))
    return out


def get(db, project_id: int) -> dict:
    with db.sessions() as s:
        p = s.get(ResearchProject, project_id)
        if p is None:
            raise NotFound(MISSING)
        out = {"id": p.id, "version": p.version, **{f: getattr(p, f) for f in FIELDS}}
        out["school"] = p.school.name if p.school else ""
        out["members"] = members(s, project_id, reveal=access.may_reveal(db))
        host = next((m for m in out["members"] if m["role"] == rules.HOST), None)
        out["host_id"] = host["teacher_id"] if host else None
        out["host"] = host["name"] if host else ""
        return out


# ---------------------------------------------------------------- saving


def clean(values: dict, kinds_: list[str] | tuple[str, ...] = rules.KINDS) -> dict:
    """Checked values of FIELDS (ValidationError: field → Chinese message); the kind one of KINDS_ (the list)."""
    problems: dict[str, str] = {}
    out: dict = {}
    for f in ("title", "issuer", "number", "note"):
        out[f] = text(values.get(f))
    for f, n in MAX_LENGTH.items():
        if out[f] and len(out[f]) > n:
            problems[f] = f"{LABELS[f]}太长（最多 {n} 个字）"
    if not out["title"]:
        problems["title"] = "课题名称不能为空"
    level = text(values.get("level"))
    level = (codes.LEVEL.canonical(level) or level) if level else None
    if not level:
        problems["level"] = "请选择级别"
    elif level not in rules.LEVELS:
        problems["level"] = f"级别应为{'、'.join(rules.LEVELS)}之一"
    out["level"] = level
    try:
        out["kind"] = rules.kind_of(text(values.get("kind")), kinds_)
        if out["kind"] is None:
            problems["kind"] = "请选择课题类别"
    except ValueError as e:
        out["kind"] = None
        problems["kind"] = str(e)
    try:
        out["award"] = rules.award_of(text(values.get("award")))
    except ValueError as e:
        out["award"] = None
        problems["award"] = str(e)
    out["status"] = text(values.get("status")) or rules.APPROVED
    for f in ("approved", "planned_end", "concluded"):
        out[f] = date(f, values.get(f), problems)
    if not any(f in problems for f in ("approved", "planned_end", "concluded", "award")):
        problems.update(rules.check(out["status"], out["award"], out["approved"], out["planned_end"], out["concluded"]))
    sid = values.get("school_id")
    try:
        out["school_id"] = int(sid) if sid not in (None, "") else None
    except (TypeError, ValueError):
        problems["school_id"] = "请从列表中选择学校"
        out["school_id"] = None
    if problems:
        raise ValidationError(problems)
    return out


def _who(i: int, r: dict) -> str:
    who = r.get("name") or ""
    return f"第{i}名成员{('（' + who + '）') if who else ''}"


def _clean_members(s: Session, rows: list[dict], host_id: int | None) -> list[dict]:
    """Checked member rows; HOST_ID (when given) is made the 主持人 and must be one of them."""
    problems: dict[str, str] = {}
    out: list[dict] = []
    seen: dict[int, int] = {}
    ids = [int(r["teacher_id"]) for r in rows if str(r.get("teacher_id") or "").isdigit()]
    known = set(s.scalars(select(Teacher.id).where(id_in(s, Teacher.id, ids)))) if ids else set()
    for i, r in enumerate(rows, 1):
        tid = r.get("teacher_id")
        if not tid or not str(tid).isdigit():
            problems[f"member{i}"] = f"{_who(i, r)}：请选择教师"
            continue
        tid = int(tid)
        if tid not in known:
            problems[f"member{i}"] = f"{_who(i, r)}：档案中没有这名教师"
            continue
        if tid in seen:
            problems[f"member{i}"] = f"{_who(i, r)}与第{seen[tid]}名重复"
            continue
        seen[tid] = i
        role = text(r.get("role")) or rules.MEMBER
        if host_id is not None:
            role = rules.HOST if tid == host_id else (rules.MEMBER if role == rules.HOST else role)
        if role not in rules.ROLES:
            problems[f"member{i}"] = f"{_who(i, r)}：角色应为{'、'.join(rules.ROLES)}之一"
            continue
        out.append({"id": r.get("id"), "teacher_id": tid, "role": role})
    if problems:
        raise ValidationError(problems)
    if host_id is not None and host_id not in seen:
        raise ValidationError({"host_id": "主持人必须是课题组成员，请先把主持人加入课题组"})
    why = rules.check_roles([m["role"] for m in out])
    if why:
        raise ValidationError({"host_id": why})
    return out


def _check_unique(s: Session, project_id: int | None, v: dict) -> None:
    year = v["approved"].year
    stmt = select(ResearchProject.id).where(
        ResearchProject.title == v["title"],
        ResearchProject.level == v["level"],
        _raw(ResearchProject.approved).like(f"{year:04d}%"),
    )
    if project_id is not None:
        stmt = stmt.where(ResearchProject.id != project_id)
    if s.scalar(stmt) is not None:
        raise ValidationError({"title": f"{year}年已登记过{v['level']}课题“{v['title']}”，不能重复登记"})


def save(
    db,
    project_id: int | None,
    values: dict,
    members_: list[dict] | None = None,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> int:
    """Create or update a project and (when given) replace its group (dicts with teacher_id, role; id for a stored
    row). VALUES may name host_id, the member made 主持人; a new project needs its group. A project without a school
    takes the host's current school. VERSION and BASE: what the form loaded (get): others' changes meanwhile are
    merged or asked."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        listed = kind_names(s)
        stored = s.scalar(select(ResearchProject.kind).where(ResearchProject.id == project_id)) if project_id else None
        v = clean(values, listed + [stored] if stored and stored not in listed else listed)
        raw_host = str(values.get("host_id") or "")
        host_id = int(raw_host) if raw_host.isdigit() else None
        if members_ is None and project_id is None:
            members_ = [{"teacher_id": host_id, "role": rules.HOST}] if host_id else []
        ms = _clean_members(s, members_, host_id) if members_ is not None else None
        if v["school_id"] is None and ms:
            host = next(m["teacher_id"] for m in ms if m["role"] == rules.HOST)
            t = s.get(Teacher, host)
            v["school_id"] = (t.cur_work_school_id or t.cur_post_school_id) if t is not None else None
        if v["school_id"] is None:
            raise ValidationError({"school_id": "请选择学校（课题所在学校）"})
        if s.get(School, v["school_id"]) is None:
            raise ValidationError({"school_id": "找不到所选学校（可能已被删除）"})
        _check_unique(s, project_id, v)
        p = upsert(
            s,
            ResearchProject,
            project_id,
            v,
            MISSING,
            expected_version=version,
            base={f: base.get(f) for f in FIELDS} if base is not None else None,
            merge=merge,
            resolved=resolved,
        )
        if ms is not None:
            rows = base.get("members") if base is not None and version is not None else None
            replace_rows(
                s,
                ResearchMember,
                ("project_id", p.id),
                ms,
                [{k: m.get(k) for k in ("id", "version", *MEMBER_FIELDS)} for m in rows] if rows else None,
                merge=merge,
                resolved=resolved,
                missing="找不到这名课题组成员（可能已被删除）",
            )
        uow.commit()
        return p.id


def set_status(
    db, project_ids: list[int], status: str, *, concluded: PartialDate | None = None, award: str | None = None
) -> int:
    """The same step for several projects at once (a batch of 结题); the number changed. Each must still pass the
    rules of one project."""
    access.require(db, "edit")
    n = 0
    with UnitOfWork(db) as uow:
        s = uow.session
        for p in s.scalars(select(ResearchProject).where(ResearchProject.id.in_(project_ids))):
            end = concluded if status in (*rules.DONE, rules.WITHDRAWN) else None
            grade = award if status == rules.AWARDED else None
            if status in rules.DONE and end is None:
                end = p.concluded
            problems = rules.check(status, grade, p.approved, p.planned_end, end)
            if problems:
                raise ValidationError({k: f"“{p.title}”：{m}" for k, m in problems.items()})
            if (p.status, p.award, p.concluded) != (status, grade, end):
                p.status, p.award, p.concluded = status, grade, end
                n += 1
        uow.commit()
    return n


def delete(db, project_ids: list[int]) -> int:
    """Delete projects with their groups (audited row by row); the number deleted."""
    access.require(db, "edit")
    n = 0
    with UnitOfWork(db) as uow:
        s = uow.session
        for pid in project_ids:
            p = s.get(ResearchProject, pid)
            if p is None:
                continue
            for m in s.scalars(select(ResearchMember).where(ResearchMember.project_id == pid)):
                s.delete(m)
            s.flush()  # the members first (audited one by one), before the database's cascade
            s.delete(p)
            n += 1
        uow.commit()
    return n


def match_pasted(db, pasted: str) -> list[attendees.Match]:
    """Pasted names / ID numbers (one a line) matched to serving teachers, to add a group at once."""
    return attendees.match_pasted(db, pasted)


def current_schools(db, teacher_ids: list[int]) -> dict[int, tuple[int | None, str]]:
    """teacher id → (school id, school name) where the teacher works now: a project's school by default."""
    t, sc = Teacher.__table__.c, School.__table__.c
    sid = func.coalesce(t.cur_work_school_id, t.cur_post_school_id)
    with db.sessions() as s:
        return {
            tid: (school_id, name or "")
            for tid, school_id, name in s.execute(
                select(t.id, sid, sc.name).outerjoin(School.__table__, sc.id == sid).where(id_in(s, t.id, teacher_ids))
            )
        }


# ---------------------------------------------------------------- a teacher's projects, the statistics


def teacher_projects(db, teacher_id: int) -> list[tuple[str, str, str, str, str, str]]:
    """(立项日期, title, level, kind, role, status) of the teacher's projects, latest first."""
    with db.sessions() as s:
        stmt = (
            select(ResearchProject, ResearchMember.role)
            .join(ResearchMember, ResearchMember.project_id == ResearchProject.id)
            .where(ResearchMember.teacher_id == teacher_id)
            .order_by(ResearchProject.approved.desc(), ResearchProject.id.desc())
        )
        return [
            (p.approved.iso() if p.approved else "", p.title, p.level, p.kind, role, status_label(p.status, p.award))
            for p, role in s.execute(stmt)
        ]


@dataclass(frozen=True)
class ProjectFact:
    """One project as the statistics count it."""

    id: int
    title: str
    level: str
    kind: str
    number: str
    school_id: int
    school: str
    host: str
    host_id: int | None
    members: int
    approved: PartialDate
    planned_end: PartialDate | None
    status: str
    award: str | None
    concluded: PartialDate | None


def facts(session: Session, school_ids: set[int] | None = None) -> list[ProjectFact]:
    """Every project (of SCHOOL_IDS when given) with its host and the size of its group."""
    counts: dict[int, int] = dict(
        session.execute(select(ResearchMember.project_id, func.count()).group_by(ResearchMember.project_id))
        .tuples()
        .all()
    )
    hosts = _hosts(session)
    stmt = select(ResearchProject, School.name).join(School, School.id == ResearchProject.school_id)
    out = []
    for p, school in session.execute(stmt):
        if school_ids is not None and p.school_id not in school_ids:
            continue
        hid, hname = hosts.get(p.id, (None, ""))
        out.append(
            ProjectFact(
                p.id,
                p.title,
                p.level,
                p.kind,
                p.number or "",
                p.school_id,
                school or "",
                hname,
                hid,
                int(counts.get(p.id, 0)),
                p.approved,
                p.planned_end,
                p.status,
                p.award,
                p.concluded,
            )
        )
    return out
