"""School-to-school pairings (issue 21 §3): 城乡对口学校一体化, 结对帮扶, 联校/集团化办学, 教共体 — the bureau's list of
kinds, pairings with their schools, and what happened in each over a period.

Rules on saving: the kind is a name of the list, a unique name, a lead school and at least one other school, each
school listed once, a start date and an end not before it, 文号 at most 60 characters. Every change is audited (ORM
session events) and needs the edit right.

What happened in a pairing is derived, not linked by hand (domain.school_pairing): placements (交流/支教 …) from one
of its schools to another that start in the term, and activities of the register held at one of its schools in the
term with a listed teacher working (now) at another of its schools.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import String, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from talentdesk.domain import school_pairing as rules
from talentdesk.domain.collation import sort_key
from talentdesk.domain.dates import DateError, PartialDate, parse_loose
from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.platform import name_lists
from talentdesk.services.platform.child_rows import replace_rows
from talentdesk.services.platform.records import upsert
from talentdesk.store.models import Placement, School, Teacher
from talentdesk.store.models_activities import Activity, ActivityParticipant
from talentdesk.store.models_networks import SchoolPairing, SchoolPairingKind, SchoolPairingSchool
from talentdesk.store.uow import UnitOfWork

FIELDS = ("name", "kind", "lead_school_id", "start", "end", "actions", "doc_number", "note")
LABELS = {
    "name": "结对名称",
    "kind": "结对类型",
    "lead_school_id": "牵头学校",
    "start": "开始日期",
    "end": "结束日期",
    "actions": "协议措施",
    "doc_number": "文号",
    "note": "备注",
}
MAX_LENGTH = {"name": 100, "doc_number": 60}
MISSING = "找不到这个学校结对（可能已被删除）"


class PairingRow(NamedTuple):
    """One pairing in the list of the 学校结对 tab."""

    id: int
    name: str
    kind: str
    lead: str
    schools: int
    members: str  # the other schools, joined by 、
    start: str
    end: str
    status: str  # 进行中/已结束/未开始
    doc_number: str


COLUMNS = PairingRow._fields
HEADERS = ("结对名称", "类型", "牵头学校", "学校数", "成员学校", "开始", "结束", "状态", "文号")


def _raw(col):
    return type_coerce(col, String)


def _text(v) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def _date(f: str, v, problems: dict) -> PartialDate | None:
    if v is None or isinstance(v, PartialDate):
        return v
    if isinstance(v, dt.date):
        return PartialDate.from_date(v)
    if isinstance(v, str) and not v.strip():
        return None
    try:
        return parse_loose(v)
    except DateError as e:
        problems[f] = f"{LABELS[f]}：{e}"
        return None


def status(start: PartialDate, end: PartialDate | None, today: dt.date) -> str:
    at = PartialDate.from_date(today)
    if rules.active_at(start, end, at):
        return "进行中"
    return "未开始" if start.iso() > at.iso() else "已结束"


# ---------------------------------------------------------------- the list of kinds


def kinds(db) -> list[dict]:
    """The list in its order: id, name, note and how many pairings use the name."""
    return name_lists.entries(db, SchoolPairingKind, SchoolPairing.kind)


def kind_names(session: Session) -> list[str]:
    return name_lists.names(session, SchoolPairingKind)


def add_kind(db, name: str, note: str | None = None) -> int:
    """A kind for the list (e.g. 城乡学校共同体); a name already there is refused."""
    return name_lists.add(db, SchoolPairingKind, name, check=rules.check_kind_name, listed="结对类型", note=_text(note))


def remove_kind(db, kind_id: int) -> None:
    """Take a kind off the list; refused while pairings use it."""
    name_lists.remove(
        db,
        SchoolPairingKind,
        kind_id,
        SchoolPairing.kind,
        missing="结对类型中没有这个名称（可能已被删除）",
        in_use="有 {n} 个学校结对使用“{name}”，不能从类型中删除",
    )


# ---------------------------------------------------------------- pairings


def _schools_of(s: Session, pairing_ids: list[int] | None = None) -> dict[int, list[tuple[int, str, str | None]]]:
    """pairing id → [(school id, name, role)] in the order entered."""
    stmt = (
        select(SchoolPairingSchool.pairing_id, School.id, School.name, SchoolPairingSchool.role)
        .join(School, School.id == SchoolPairingSchool.school_id)
        .order_by(SchoolPairingSchool.id)
    )
    if pairing_ids is not None:
        stmt = stmt.where(SchoolPairingSchool.pairing_id.in_(pairing_ids))
    out: dict[int, list[tuple[int, str, str | None]]] = defaultdict(list)
    for pid, sid, name, role in s.execute(stmt):
        out[pid].append((sid, name, role))
    return out


def list_rows(
    db,
    *,
    kind: str | None = None,
    school_id: int | None = None,
    search: str | None = None,
    today: dt.date | None = None,
) -> list[PairingRow]:
    """The pairings, latest start first; SCHOOL_ID: those the school belongs to."""
    today = today or dt.date.today()
    stmt = (
        select(
            SchoolPairing.id,
            SchoolPairing.name,
            SchoolPairing.kind,
            School.name,
            SchoolPairing.start,
            SchoolPairing.end,
            SchoolPairing.doc_number,
            SchoolPairing.lead_school_id,
        )
        .join(School, School.id == SchoolPairing.lead_school_id)
        .order_by(SchoolPairing.start.desc(), SchoolPairing.id.desc())
    )
    if kind:
        stmt = stmt.where(SchoolPairing.kind == kind)
    if school_id:
        stmt = stmt.where(
            or_(
                SchoolPairing.lead_school_id == school_id,
                SchoolPairing.id.in_(
                    select(SchoolPairingSchool.pairing_id).where(SchoolPairingSchool.school_id == school_id)
                ),
            )
        )
    if search:
        like = f"%{search.strip()}%"
        stmt = stmt.where(or_(SchoolPairing.name.like(like), SchoolPairing.doc_number.like(like)))
    with db.sessions() as s:
        rows = s.execute(stmt).all()
        members = _schools_of(s, [r[0] for r in rows]) if rows else {}
    out = []
    for pid, name, kind_, lead, start, end, doc, lead_id in rows:
        schools = members.get(pid, [])
        others = [n for sid, n, _role in schools if sid != lead_id]
        out.append(
            PairingRow(
                pid,
                name,
                kind_,
                lead,
                len({sid for sid, _n, _r in schools} | {lead_id}),
                "、".join(others),
                start.iso(),
                end.iso() if end else "",
                status(start, end, today),
                doc or "",
            )
        )
    return out


def get(db, pairing_id: int) -> dict:
    with db.sessions() as s:
        p = s.get(SchoolPairing, pairing_id)
        if p is None:
            raise NotFound(MISSING)
        out = {"id": p.id, "version": p.version, **{f: getattr(p, f) for f in FIELDS}}
        out["lead_school_name"] = p.lead_school.name
        out["schools"] = [
            {"id": m.id, "version": m.version, "school_id": m.school_id, "role": m.role, "name": name}
            for m, name in s.execute(
                select(SchoolPairingSchool, School.name)
                .join(School, School.id == SchoolPairingSchool.school_id)
                .where(SchoolPairingSchool.pairing_id == pairing_id)
                .order_by(SchoolPairingSchool.id)
            )
        ]
        return out


def clean(values: dict, kind_list: list[str]) -> dict:
    """Checked values of FIELDS (ValidationError: field → Chinese message)."""
    problems: dict[str, str] = {}
    out: dict = {}
    for f in ("name", "kind", "doc_number", "note"):
        out[f] = _text(values.get(f))
    for f, n in MAX_LENGTH.items():
        if out[f] and len(out[f]) > n:
            problems[f] = f"{LABELS[f]}太长（最多 {n} 个字）"
    if not out["name"]:
        problems["name"] = "结对名称不能为空"
    if not out["kind"]:
        problems["kind"] = "请选择结对类型"
    elif out["kind"] not in kind_list:
        problems["kind"] = f"结对类型“{out['kind']}”不在类型表中（可在“结对类型…”中添加）"
    for f in ("start", "end"):
        out[f] = _date(f, values.get(f), problems)
    if "start" not in problems and "end" not in problems:
        problems.update(rules.check_dates(out["start"], out["end"]))
    actions = values.get("actions")
    out["actions"] = rules.join_actions(actions if isinstance(actions, list) else rules.split_actions(actions))
    lead = values.get("lead_school_id")
    try:
        out["lead_school_id"] = int(lead) if lead not in (None, "") else None
    except (TypeError, ValueError):
        out["lead_school_id"] = None
    if out["lead_school_id"] is None:
        problems["lead_school_id"] = "请选择牵头学校"
    if problems:
        raise ValidationError(problems)
    return out


def _clean_schools(s: Session, lead: int, rows: list[dict]) -> list[dict]:
    """The schools of the pairing, the lead school first with role 牵头校 (added when the list lacks it)."""
    problems: dict[str, str] = {}
    out: list[dict] = []
    seen: dict[int, int] = {}
    for i, r in enumerate(rows, 1):
        sid = r.get("school_id")
        if not sid or not str(sid).isdigit():
            problems[f"school{i}"] = f"第{i}所学校：请从列表中选择学校"
            continue
        sid = int(sid)
        if sid in seen:
            problems[f"school{i}"] = f"第{i}所学校与第{seen[sid]}所重复"
            continue
        seen[sid] = i
        role = _text(r.get("role"))
        if role and role not in rules.ROLES:
            problems[f"school{i}"] = f"第{i}所学校的角色应为{'、'.join(rules.ROLES)}之一"
            continue
        if sid == lead:
            role = rules.LEAD_ROLE
        elif role == rules.LEAD_ROLE:
            role = "成员校"
        out.append({"id": r.get("id"), "school_id": sid, "role": role or "成员校"})
    if problems:
        raise ValidationError(problems)
    if lead not in seen:
        out.insert(0, {"id": None, "school_id": lead, "role": rules.LEAD_ROLE})
    why = rules.check_schools(lead, [r["school_id"] for r in out])
    if why:
        raise ValidationError({"schools": why})
    known = set(s.scalars(select(School.id).where(School.id.in_([r["school_id"] for r in out]))))
    gone = [r for r in out if r["school_id"] not in known]
    if gone:
        raise ValidationError({"schools": "找不到所选学校（可能已被删除）"})
    return out


def save(
    db,
    pairing_id: int | None,
    values: dict,
    schools: list[dict] | None = None,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> int:
    """Create or update a pairing and (when given) replace its schools (dicts with school_id, role; id for a stored
    row). VERSION and BASE: what the form loaded (get): others' changes meanwhile are merged or asked."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        v = clean(values, kind_names(s))
        if pairing_id is None and schools is None:
            raise ValidationError({"schools": "请添加成员学校"})
        clash = s.scalar(
            select(SchoolPairing.id).where(SchoolPairing.name == v["name"], SchoolPairing.id != (pairing_id or 0))
        )
        if clash is not None:
            raise ValidationError({"name": f"已有名为“{v['name']}”的学校结对"})
        rows = _clean_schools(s, v["lead_school_id"], schools) if schools is not None else None
        if rows is None:
            stored = [
                sid
                for sid in s.scalars(
                    select(SchoolPairingSchool.school_id).where(SchoolPairingSchool.pairing_id == pairing_id)
                )
            ]
            if v["lead_school_id"] not in stored:
                raise ValidationError({"lead_school_id": "牵头学校应是结对学校之一"})
        p = upsert(
            s,
            SchoolPairing,
            pairing_id,
            v,
            MISSING,
            expected_version=version,
            base={f: base.get(f) for f in FIELDS} if base is not None else None,
            merge=merge,
            resolved=resolved,
        )
        if rows is not None:
            loaded = base.get("schools") if base is not None and version is not None else None
            replace_rows(
                s,
                SchoolPairingSchool,
                ("pairing_id", p.id),
                rows,
                [{k: r.get(k) for k in ("id", "version", "school_id", "role")} for r in loaded] if loaded else None,
                merge=merge,
                resolved=resolved,
                missing="找不到这所结对学校（可能已被删除）",
            )
        uow.commit()
        return p.id


def delete(db, pairing_ids: list[int]) -> int:
    """Delete pairings with their school rows (audited row by row); the number deleted."""
    access.require(db, "edit")
    n = 0
    with UnitOfWork(db) as uow:
        s = uow.session
        for pid in pairing_ids:
            p = s.get(SchoolPairing, pid)
            if p is None:
                continue
            for m in s.scalars(select(SchoolPairingSchool).where(SchoolPairingSchool.pairing_id == pid)):
                s.delete(m)
            s.flush()
            s.delete(p)
            n += 1
        uow.commit()
    return n


# ---------------------------------------------------------------- what happened in a pairing


@dataclass
class Happened:
    """One pairing with what happened in it in a period."""

    id: int
    name: str
    kind: str
    lead_school_id: int
    lead: str
    start: PartialDate
    end: PartialDate | None
    schools: dict[int, str]  # school id → name
    exchanges: list[rules.Exchange] = field(default_factory=list)
    held: list[rules.Held] = field(default_factory=list)

    @property
    def teachers_exchanged(self) -> int:
        return len({e.teacher_id for e in self.exchanges})

    @property
    def person_times(self) -> float:
        return sum(h.person_times for h in self.held)


def _in_period(when: PartialDate | None, first: str | None, last: str | None) -> bool:
    if when is None:
        return first is None and last is None
    w = when.iso()
    return (first is None or w >= first) and (last is None or w <= last + "-99")


def happenings(
    session: Session,
    first: str | None = None,
    last: str | None = None,
    *,
    pairing_ids: list[int] | None = None,
    school_ids: set[int] | None = None,
) -> list[Happened]:
    """Each pairing (PAIRING_IDS: those; SCHOOL_IDS: those with a school in the scope) with the placements and
    activities that count in it and started in FIRST … LAST (ISO prefixes such as '2025' or '2025-09'; None: open)."""
    stmt = select(SchoolPairing, School.name).join(School, School.id == SchoolPairing.lead_school_id)
    if pairing_ids is not None:
        stmt = stmt.where(SchoolPairing.id.in_(pairing_ids))
    pairs = session.execute(stmt.order_by(SchoolPairing.start, SchoolPairing.id)).all()
    members = _schools_of(session, [p.id for p, _ in pairs]) if pairs else {}
    out: list[Happened] = []
    for p, lead in pairs:
        schools = {sid: name for sid, name, _r in members.get(p.id, [])}
        schools.setdefault(p.lead_school_id, lead)
        if school_ids is not None and not (set(schools) & school_ids):
            continue
        out.append(Happened(p.id, p.name, p.kind, p.lead_school_id, lead, p.start, p.end, schools))
    if not out:
        return out
    involved = set().union(*(set(h.schools) for h in out))
    pl = select(
        Placement.id,
        Placement.teacher_id,
        Placement.from_school_id,
        Placement.to_school_id,
        Placement.kind,
        Placement.start,
    ).where(Placement.to_school_id.in_(involved), Placement.from_school_id.in_(involved))
    if first:
        pl = pl.where(_raw(Placement.start) >= first)
    placements = [r for r in session.execute(pl) if _in_period(r[5], first, last)]
    acts = select(Activity.id, Activity.kind, Activity.start, Activity.school_id, Activity.person_times).where(
        Activity.school_id.in_(involved)
    )
    if first:
        acts = acts.where(_raw(Activity.start) >= first)
    activities = [r for r in session.execute(acts) if _in_period(r[2], first, last)]
    t = Teacher.__table__.c
    where: dict[int, set[int]] = defaultdict(set)
    listed: dict[int, int] = defaultdict(int)
    ids = [a[0] for a in activities]
    for i in range(0, len(ids), 900):
        for aid, sid in session.execute(
            select(ActivityParticipant.activity_id, func.coalesce(t.cur_work_school_id, t.cur_post_school_id))
            .join(Teacher.__table__, t.id == ActivityParticipant.teacher_id)
            .where(ActivityParticipant.activity_id.in_(ids[i : i + 900]))
        ):
            listed[aid] += 1
            if sid is not None:
                where[aid].add(sid)
    for h in out:
        members_ = set(h.schools)
        for pid, tid, frm, to, kind_, start in placements:
            if rules.is_exchange(members_, h.start, h.end, frm, to, start):
                h.exchanges.append(rules.Exchange(pid, tid, frm, to, kind_, start))
        for aid, kind_, start, sid, declared in activities:
            if rules.is_held(members_, h.start, h.end, sid, where.get(aid, set()), start):
                h.held.append(rules.Held(aid, kind_, start, sid, declared if declared is not None else listed[aid]))
    out.sort(key=lambda h: (sort_key(h.kind), sort_key(h.name)))
    return out


def detail(db, pairing_id: int, first: str | None = None, last: str | None = None) -> dict:
    """What happened in one pairing in FIRST … LAST, for its dialog: exchanged teachers and activities as rows."""
    with db.sessions() as s:
        found = happenings(s, first, last, pairing_ids=[pairing_id])
        if not found:
            raise NotFound(MISSING)
        h = found[0]
        names = (
            dict(
                s.execute(
                    select(Teacher.id, Teacher.name).where(Teacher.id.in_([e.teacher_id for e in h.exchanges]))
                ).all()
            )
            if h.exchanges
            else {}
        )
        titles = (
            dict(
                s.execute(
                    select(Activity.id, Activity.title).where(Activity.id.in_([a.activity_id for a in h.held]))
                ).all()
            )
            if h.held
            else {}
        )
    exchanges = sorted(
        (
            (
                e.start.iso() if e.start else "",
                names.get(e.teacher_id, ""),
                e.kind,
                h.schools[e.from_school_id],
                h.schools[e.to_school_id],
            )
            for e in h.exchanges
        ),
        reverse=True,
    )
    held = sorted(
        (
            (
                a.start.iso() if a.start else "",
                a.kind,
                titles.get(a.activity_id, ""),
                h.schools[a.school_id],
                _n(a.person_times),
            )
            for a in h.held
        ),
        reverse=True,
    )
    return {
        "teachers_exchanged": h.teachers_exchanged,
        "placements": len(h.exchanges),
        "activities": len(h.held),
        "person_times": _n(h.person_times),
        "exchanges": exchanges,
        "held": held,
    }


def _n(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 1)
