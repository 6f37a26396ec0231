"""The activity register (issue 21 §1): the bureau's list of kinds, activities with their participants, a
teacher's activities, and the facts the statistics count.

Rules on saving: the kind is a name of the list, a title and a start date are given, the end is not before the
start, the level is one of 国家级/省级/市级/县级/校级, quantities are numbers ≥ 0, every participant is a known
teacher listed once. Every change is audited (ORM session events; a participant row carries the teacher's id, so it
shows in the teacher's 变更记录) and needs the edit right.

One count covers all activities: pairing activities (pairing_activity, 2 人次: mentor and mentee) and studio
activities (studio_record of an activity kind; its listed people, else the studio's host and members) are read
beside the register by facts(), each kept with its pairing or studio where the clerk records it.
"""

from __future__ import annotations

import re

from sqlalchemy import String, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from talentdesk.domain import activities as rules
from talentdesk.domain import codes, idnumber
from talentdesk.domain.dates import PartialDate
from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import attendees
from talentdesk.services.cultivation.persons import date, text
from talentdesk.services.platform import name_lists
from talentdesk.services.platform.child_rows import replace_rows
from talentdesk.services.platform.records import upsert
from talentdesk.store.idlists import id_in
from talentdesk.store.models import Pairing, School, Teacher
from talentdesk.store.models_activities import Activity, ActivityKind, ActivityParticipant
from talentdesk.store.models_cultivation import PairingActivity, Studio, StudioMember, StudioRecord
from talentdesk.store.uow import UnitOfWork

FIELDS = (
    "kind",
    "title",
    "start",
    "end",
    "organiser",
    "school_id",
    "place",
    "level",
    "lessons",
    "lectures",
    "sessions",
    "person_times",
    "hours",
    "note",
)
QUANTITY_FIELDS = tuple(f for f, _unit in rules.QUANTITIES)
LABELS = {
    "kind": "活动类别",
    "title": "活动主题",
    "start": "开始日期",
    "end": "结束日期",
    "organiser": "组织单位",
    "school_id": "活动学校",
    "place": "活动地点",
    "level": "级别",
    "lessons": "节数",
    "lectures": "堂数",
    "sessions": "次数",
    "person_times": "人次",
    "hours": "学时",
    "note": "备注",
}
MAX_LENGTH = {"title": 200, "organiser": 100, "place": 100}
MISSING = "找不到这条活动记录（可能已被删除）"
COLUMNS = (
    "id",
    "start",
    "end",
    "kind",
    "title",
    "level",
    "organiser",
    "place",
    "participants",
    "person_times",
    "lessons",
    "lectures",
    "sessions",
    "hours",
)
HEADERS = ("开始", "结束", "类别", "活动主题", "级别", "组织单位", "地点", "参加教师", "人次", "节", "堂", "次", "学时")


def _raw(col):
    """The stored ISO text of a date column, to compare with a prefix such as '2025' or '2025-03'."""
    return type_coerce(col, String)


_NAMES_SPLIT = re.compile(r"[、,，;；\s/]+")


# ---------------------------------------------------------------- the list of kinds


def kinds(db) -> list[dict]:
    """The list in its order: id, name, note and how many activities use the name."""
    return name_lists.entries(db, ActivityKind, Activity.kind)


def kind_names(session: Session) -> list[str]:
    return name_lists.names(session, ActivityKind)


def add_kind(db, name: str, note: str | None = None) -> int:
    """A kind for the list (e.g. 读书沙龙); a name already there is refused."""
    return name_lists.add(db, ActivityKind, name, check=rules.check_kind_name, listed="活动类别", note=text(note))


def remove_kind(db, kind_id: int) -> None:
    """Take a kind off the list; refused while activities use it."""
    name_lists.remove(
        db,
        ActivityKind,
        kind_id,
        Activity.kind,
        missing="活动类别中没有这个名称（可能已被删除）",
        in_use="有 {n} 条活动使用“{name}”，不能从类别中删除",
    )


# ---------------------------------------------------------------- activities


def _number(x: float | None) -> float | int | None:
    """A quantity as the list shows it: 3, not 3.0; 1.5 stays."""
    return int(x) if x is not None and float(x).is_integer() else x


def _place_label(school: str | None, place: str | None) -> str:
    return "，".join(p for p in (school, place) if p)


def list_rows(
    db,
    *,
    kind: str | None = None,
    level: str | None = None,
    school_id: int | None = None,
    first: PartialDate | None = None,
    last: PartialDate | None = None,
    search: str | None = None,
) -> list[tuple]:
    """Rows of COLUMNS, latest first. SCHOOL_ID: held at the school or with a participant working there. FIRST …
    LAST: activities that started in the period (dates compared as text, so 2025-03 lies in 2025)."""
    p = ActivityParticipant.__table__.c
    counts = select(p.activity_id.label("aid"), func.count().label("n")).group_by(p.activity_id).subquery()
    stmt = (
        select(
            Activity.id,
            Activity.start,
            Activity.end,
            Activity.kind,
            Activity.title,
            Activity.level,
            Activity.organiser,
            School.name,
            Activity.place,
            func.coalesce(counts.c.n, 0),
            Activity.person_times,
            Activity.lessons,
            Activity.lectures,
            Activity.sessions,
            Activity.hours,
        )
        .outerjoin(School, School.id == Activity.school_id)
        .outerjoin(counts, counts.c.aid == Activity.id)
        .order_by(Activity.start.desc(), Activity.id.desc())
    )
    if kind:
        stmt = stmt.where(Activity.kind == kind)
    if level:
        stmt = stmt.where(Activity.level == level)
    if first is not None:
        stmt = stmt.where(_raw(Activity.start) >= first.iso())
    if last is not None:
        stmt = stmt.where(_raw(Activity.start) <= last.iso() + "-99")
    if search:
        like = f"%{search.strip()}%"
        stmt = stmt.where(or_(Activity.title.like(like), Activity.organiser.like(like), Activity.place.like(like)))
    if school_id:
        t = Teacher.__table__.c
        there = (
            select(p.activity_id)
            .join(Teacher.__table__, t.id == p.teacher_id)
            .where(func.coalesce(t.cur_work_school_id, t.cur_post_school_id) == school_id)
        )
        stmt = stmt.where(or_(Activity.school_id == school_id, Activity.id.in_(there)))
    with db.sessions() as s:
        out = []
        for r in s.execute(stmt):
            n = int(r[9])
            out.append(
                (
                    r[0],
                    r[1].iso() if r[1] else "",
                    r[2].iso() if r[2] else "",
                    r[3],
                    r[4],
                    r[5],
                    r[6] or "",
                    _place_label(r[7], r[8]),
                    n,
                    _number(rules.person_times(r[10], n)),
                    *(_number(r[i]) for i in range(11, 15)),
                )
            )
        return out


def participants(s: Session, activity_id: int, *, reveal: bool = False) -> list[dict]:
    t, sc = Teacher.__table__.c, School.__table__.c
    stmt = (
        select(ActivityParticipant, t.name, t.id_number, sc.name, t.cur_subject)
        .join(Teacher.__table__, t.id == ActivityParticipant.teacher_id)
        .outerjoin(School.__table__, sc.id == func.coalesce(t.cur_work_school_id, t.cur_post_school_id))
        .where(ActivityParticipant.activity_id == activity_id)
        .order_by(ActivityParticipant.id)
    )
    return [
        {
            "id": p.id,
            "version": p.version,
            "teacher_id": p.teacher_id,
            "role": p.role,
            "name": name,
            "id_number": number if reveal else idnumber.mask(number),
            "school": school or "",
            "subject": subject or "",
        }
        for p, name, number, school, subject in s.execute(stmt)
    ]


def get(db, activity_id: int) -> dict:
    with db.sessions() as s:
        a = s.get(Activity, activity_id)
        if a is None:
            raise NotFound(MISSING)
        out = {"id": a.id, "version": a.version, **{f: getattr(a, f) for f in FIELDS}}
        out["school_name"] = a.school.name if a.school else ""
        out["participants"] = participants(s, activity_id, reveal=access.may_reveal(db))
        return out


def _quantity(field: str, v, problems: dict) -> float | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    try:
        x = float(str(v).strip())
    except ValueError:
        problems[field] = f"{LABELS[field]}“{v}”不是数字"
        return None
    why = rules.check_quantity(LABELS[field], x)
    if why:
        problems[field] = why
        return None
    return x


def clean(values: dict, kind_list: list[str]) -> dict:
    """Checked values of FIELDS (ValidationError: field → Chinese message)."""
    problems: dict[str, str] = {}
    out: dict = {}
    for f in ("kind", "title", "organiser", "place", "note"):
        out[f] = text(values.get(f))
    for f, n in MAX_LENGTH.items():
        if out[f] and len(out[f]) > n:
            problems[f] = f"{LABELS[f]}太长（最多 {n} 个字）"
    if not out["kind"]:
        problems["kind"] = "请选择活动类别"
    elif out["kind"] not in kind_list:
        problems["kind"] = f"活动类别“{out['kind']}”不在类别表中（可在“活动类别…”中添加）"
    if not out["title"]:
        problems["title"] = "活动主题不能为空"
    for f in ("start", "end"):
        out[f] = date(f, values.get(f), problems)
    if "start" not in problems and "end" not in problems:
        problems.update(rules.check_dates(out["start"], out["end"]))
    level = text(values.get("level"))
    level = (codes.LEVEL.canonical(level) or level) if level else None
    if not level:
        problems["level"] = "请选择级别"
    elif level not in rules.LEVELS:
        problems["level"] = f"级别应为{'、'.join(rules.LEVELS)}之一"
    out["level"] = level
    sid = values.get("school_id")
    try:
        out["school_id"] = int(sid) if sid not in (None, "") else None
    except (TypeError, ValueError):
        problems["school_id"] = "请从列表中选择学校"
        out["school_id"] = None
    for f in QUANTITY_FIELDS:
        out[f] = _quantity(f, values.get(f), problems)
    if problems:
        raise ValidationError(problems)
    return out


def _clean_participants(s: Session, rows: list[dict]) -> list[dict]:
    problems: dict[str, str] = {}
    out: list[dict] = []
    seen: dict[int, int] = {}
    ids = [int(r["teacher_id"]) for r in rows if str(r.get("teacher_id") or "").isdigit()]
    known = set(s.scalars(select(Teacher.id).where(id_in(s, Teacher.id, ids)))) if ids else set()
    for i, r in enumerate(rows, 1):
        who = r.get("name") or ""
        tid = r.get("teacher_id")
        if not tid or not str(tid).isdigit():
            problems[f"participant{i}"] = f"第{i}名参加教师{('（' + who + '）') if who else ''}：请选择教师"
            continue
        tid = int(tid)
        if tid not in known:
            problems[f"participant{i}"] = f"第{i}名参加教师{('（' + who + '）') if who else ''}：档案中没有这名教师"
            continue
        if tid in seen:
            problems[f"participant{i}"] = f"第{i}名参加教师{('（' + who + '）') if who else ''}与第{seen[tid]}名重复"
            continue
        seen[tid] = i
        role = text(r.get("role"))
        if role and role not in rules.ROLES:
            problems[f"participant{i}"] = f"第{i}名参加教师的角色应为{'、'.join(rules.ROLES)}之一"
            continue
        out.append({"id": r.get("id"), "teacher_id": tid, "role": role})
    if problems:
        raise ValidationError(problems)
    return out


def save(
    db,
    activity_id: int | None,
    values: dict,
    participants_: list[dict] | None = None,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> int:
    """Create or update an activity and (when given) replace its participants (dicts with teacher_id, role; id for
    a stored row). VERSION and BASE: what the form loaded (get): others' changes meanwhile are merged or asked."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        v = clean(values, kind_names(s))
        ps = _clean_participants(s, participants_) if participants_ is not None else None
        if v["school_id"] is not None and s.get(School, v["school_id"]) is None:
            raise ValidationError({"school_id": "找不到这所学校（可能已被删除）"})
        a = upsert(
            s,
            Activity,
            activity_id,
            v,
            MISSING,
            expected_version=version,
            base={f: base.get(f) for f in FIELDS} if base is not None else None,
            merge=merge,
            resolved=resolved,
        )
        if ps is not None:
            loaded = base.get("participants") if base is not None and version is not None else None
            replace_rows(
                s,
                ActivityParticipant,
                ("activity_id", a.id),
                ps,
                [{k: p.get(k) for k in ("id", "version", "teacher_id", "role")} for p in loaded] if loaded else None,
                merge=merge,
                resolved=resolved,
                missing="找不到这名参加教师（可能已被删除）",
            )
        uow.commit()
        return a.id


def delete(db, activity_ids: list[int]) -> int:
    """Delete activities with their participants (audited row by row); the number deleted."""
    access.require(db, "edit")
    n = 0
    with UnitOfWork(db) as uow:
        s = uow.session
        for aid in activity_ids:
            a = s.get(Activity, aid)
            if a is None:
                continue
            for p in s.scalars(select(ActivityParticipant).where(ActivityParticipant.activity_id == aid)):
                s.delete(p)
            s.flush()  # the participants first (audited one by one), before the database's cascade
            s.delete(a)
            n += 1
        uow.commit()
    return n


# ---------------------------------------------------------------- participants in bulk


def match_pasted(db, pasted: str) -> list[attendees.Match]:
    """Pasted names / ID numbers (one a line, as copied from a spreadsheet) matched to serving teachers."""
    return attendees.match_pasted(db, pasted)


def teachers_at(db, school_ids: list[int]) -> list[tuple[int, str, str]]:
    """(id, name, school) of the serving teachers of SCHOOL_IDS, to add a whole school at once."""
    return attendees.serving_at(db, school_ids)


# ---------------------------------------------------------------- a teacher's activities, the statistics


def teacher_activities(db, teacher_id: int) -> list[tuple[str, str, str, str, str, str]]:
    """(date, kind, title, level, role, source) of every activity the teacher took part in — the register's,
    their pairings' and their studios' — latest first."""
    out: list[tuple[str, str, str, str, str, str]] = []
    with db.sessions() as s:
        for d, kind, title, level, role in s.execute(
            select(Activity.start, Activity.kind, Activity.title, Activity.level, ActivityParticipant.role)
            .join(ActivityParticipant, ActivityParticipant.activity_id == Activity.id)
            .where(ActivityParticipant.teacher_id == teacher_id)
        ):
            out.append((d.iso() if d else "", kind, title, level, role or "参加", rules.REGISTER_SOURCE))
        for d, kind, place, mentor, _mentee in s.execute(
            select(
                PairingActivity.date, PairingActivity.kind, PairingActivity.place, Pairing.mentor_id, Pairing.mentee_id
            )
            .join(Pairing, Pairing.id == PairingActivity.pairing_id)
            .where(or_(Pairing.mentor_id == teacher_id, Pairing.mentee_id == teacher_id))
        ):
            role = "导师" if mentor == teacher_id else "青年教师"
            out.append((d.iso() if d else "", kind, place or "", "校级", role, rules.PAIRING_SOURCE))
        member = select(StudioMember.studio_id).where(StudioMember.teacher_id == teacher_id)
        for d, kind, title, level, slevel, name, host in s.execute(
            select(
                StudioRecord.date,
                StudioRecord.kind,
                StudioRecord.title,
                StudioRecord.level,
                Studio.level,
                Studio.name,
                Studio.host_id,
            )
            .join(Studio, Studio.id == StudioRecord.studio_id)
            .where(
                or_(Studio.host_id == teacher_id, Studio.id.in_(member)),
                StudioRecord.kind.not_in(rules.STUDIO_OUTCOMES),
            )
        ):
            role = "主持人" if host == teacher_id else "成员"
            out.append((d.iso() if d else "", kind, f"{name}：{title}", level or slevel, role, rules.STUDIO_SOURCE))
    out.sort(key=lambda r: r[0], reverse=True)
    return out


def _names(people: str | None) -> int:
    return len([p for p in _NAMES_SPLIT.split(people or "") if p])


def facts(session: Session, since: str | None = None) -> list[rules.Fact]:
    """Every activity of the three sources as the statistics count it, started on or after SINCE (ISO text).

    Register: 人次 as given, else its participants. Pairing activity: 校级, 1 次, 2 人次 (mentor and mentee), at the
    mentor's school. Studio activity (not an outcome such as 课题/论文/获奖): the record's level or the studio's, 1 次,
    人次 the people it lists, else the studio's host and members; at the studio's school."""
    out: list[rules.Fact] = []
    t = Teacher.__table__.c
    school_of = func.coalesce(t.cur_work_school_id, t.cur_post_school_id)
    people: dict[int, list[int]] = {}
    stmt = select(ActivityParticipant.activity_id, ActivityParticipant.teacher_id)
    acts = select(Activity)
    if since:
        acts = acts.where(_raw(Activity.start) >= since)
        stmt = stmt.join(Activity, Activity.id == ActivityParticipant.activity_id).where(_raw(Activity.start) >= since)
    for aid, tid in session.execute(stmt):
        people.setdefault(aid, []).append(tid)
    for a in session.scalars(acts):
        tids = tuple(people.get(a.id, ()))
        out.append(
            rules.Fact(
                rules.REGISTER_SOURCE,
                a.kind,
                a.level,
                a.start,
                a.school_id,
                rules.person_times(a.person_times, len(tids)),
                a.lessons or 0.0,
                a.lectures or 0.0,
                a.sessions or 0.0,
                a.hours or 0.0,
                tids,
                a.id,
            )
        )
    pa = (
        select(
            PairingActivity.kind,
            PairingActivity.date,
            school_of,
            Pairing.mentor_id,
            Pairing.mentee_id,
            PairingActivity.id,
        )
        .join(Pairing, Pairing.id == PairingActivity.pairing_id)
        .join(Teacher.__table__, t.id == Pairing.mentor_id)
    )
    if since:
        pa = pa.where(_raw(PairingActivity.date) >= since)
    for kind, d, sid, mentor, mentee, rid in session.execute(pa):
        k = rules.LINKED_KIND.get(kind, kind)
        out.append(rules.Fact(rules.PAIRING_SOURCE, k, "校级", d, sid, 2.0, 0.0, 0.0, 1.0, 0.0, (mentor, mentee), rid))
    members: dict[int, list[int]] = {}
    for sid, tid in session.execute(select(StudioMember.studio_id, StudioMember.teacher_id)):
        members.setdefault(sid, []).append(tid)
    sr = (
        select(
            StudioRecord.kind,
            StudioRecord.date,
            StudioRecord.level,
            StudioRecord.people,
            Studio.id,
            Studio.level,
            Studio.school_id,
            Studio.host_id,
            StudioRecord.id,
        )
        .join(Studio, Studio.id == StudioRecord.studio_id)
        .where(StudioRecord.kind.not_in(rules.STUDIO_OUTCOMES))
    )
    if since:
        sr = sr.where(_raw(StudioRecord.date) >= since)
    for kind, d, level, named, studio_id, slevel, sid, host, rid in session.execute(sr):
        team = tuple(x for x in (host, *members.get(studio_id, ())) if x)
        n = _names(named) or len(team)
        lv = codes.LEVEL.canonical(level) if level else None
        out.append(
            rules.Fact(
                rules.STUDIO_SOURCE,
                rules.LINKED_KIND.get(kind, kind),
                lv or slevel,
                d,
                sid,
                float(n),
                0.0,
                0.0,
                1.0,
                0.0,
                team,  # the studio's teachers, host first (a studio without a school counts under the host's)
                rid,
            )
        )
    return out
