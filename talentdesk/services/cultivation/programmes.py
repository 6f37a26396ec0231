"""The programme register (issue 20 §3, issue 21 §5): named talent projects (万人计划, 齐鲁名师建设工程, 春城计划 …) and
cultivation programmes (中青年学科带头人培养对象, 青年骨干 …) with their target, milestones and members.

Rules on saving: a name, a kind and a level (国家级/省级/市级/县级) are given, the end is not before the start, a target
designation is a kind of the designation ladder (骨干教师, 学科带头人 …) with a level; one programme per name and
cohort; every member is a known teacher listed once, with a result of 在培/结业/合格/未合格/退出 (未合格 and 退出 say
why); a milestone has a title and dates. Every change is audited (ORM session events; a member
row carries the teacher's id, so it shows in the teacher's 变更记录) and needs the edit right.

Whether a member met the target is computed from the teacher's designations when the programme names a target
designation (domain.programmes.meets), else it is what the clerk recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from talentdesk.domain import codes, idnumber
from talentdesk.domain import programmes as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.errors import NotFound, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import attendees
from talentdesk.services.cultivation.persons import date, text
from talentdesk.services.platform.child_rows import replace_rows
from talentdesk.services.platform.records import upsert
from talentdesk.store.idlists import CHUNK
from talentdesk.store.models import Designation, School, Teacher
from talentdesk.store.models_programmes import ProgrammeMember, ProgrammeMilestone, TalentProgramme
from talentdesk.store.uow import UnitOfWork

FIELDS = (
    "name",
    "kind",
    "level",
    "cohort",
    "organiser",
    "start",
    "end",
    "target_kind",
    "target_level",
    "target_text",
    "note",
)
LABELS = {
    "name": "项目名称",
    "kind": "项目类型",
    "level": "级别",
    "cohort": "批次",
    "organiser": "组织单位",
    "start": "开始日期",
    "end": "结束日期",
    "target_kind": "目标称号",
    "target_level": "目标级别",
    "target_text": "培养目标",
    "note": "备注",
}
MAX_LENGTH = {"name": 100, "kind": 20, "cohort": 30, "organiser": 100}
MISSING = "找不到这个培养项目（可能已被删除）"
COLUMNS = ("id", "name", "cohort", "kind", "level", "organiser", "start", "end", "target", "members", "training", "met")
HEADERS = ("项目名称", "批次", "类型", "级别", "组织单位", "开始", "结束", "培养目标", "人数", "在培", "达成目标")


# ---------------------------------------------------------------- kinds


def kind_names(session: Session) -> list[str]:
    """The default kinds, then every other kind a programme uses (the bureau types its own in the dialog)."""
    used = session.scalars(select(TalentProgramme.kind).distinct())
    return [*rules.KINDS, *sorted(k for k in set(used) if k not in rules.KINDS)]


# ---------------------------------------------------------------- whether members met the target


def _held(session: Session, teacher_ids: list[int]) -> dict[int, list[rules.Held]]:
    out: dict[int, list[rules.Held]] = {}
    ids = sorted(set(teacher_ids))
    for i in range(0, len(ids), CHUNK):
        for tid, kind, level, start in session.execute(
            select(Designation.teacher_id, Designation.kind, Designation.level, Designation.start).where(
                Designation.teacher_id.in_(ids[i : i + CHUNK])
            )
        ):
            out.setdefault(tid, []).append(rules.Held(kind, level, start))
    return out


def met_target(p: TalentProgramme, joined: PartialDate | None, recorded: bool | None, held: list[rules.Held]):
    """True/False, or None when nothing is known (no target designation and nothing recorded)."""
    if p.target_kind:
        return rules.meets(p.target_kind, p.target_level, held, joined or p.start, p.end)
    return recorded


def met_label(met: bool | None) -> str:
    return rules.OPEN if met is None else rules.MET if met else rules.NOT_MET


# ---------------------------------------------------------------- the list


def list_rows(
    db,
    *,
    kind: str | None = None,
    level: str | None = None,
    year: int | None = None,
    search: str | None = None,
) -> list[tuple]:
    """Rows of COLUMNS, latest start first. YEAR: programmes running in that year (started by its end, not ended
    before it)."""
    stmt = select(TalentProgramme).order_by(TalentProgramme.start.desc(), TalentProgramme.id.desc())
    if kind:
        stmt = stmt.where(TalentProgramme.kind == kind)
    if level:
        stmt = stmt.where(TalentProgramme.level == level)
    if search:
        like = f"%{search.strip()}%"
        stmt = stmt.where(
            or_(
                TalentProgramme.name.like(like), TalentProgramme.organiser.like(like), TalentProgramme.cohort.like(like)
            )
        )
    with db.sessions() as s:
        progs = list(s.scalars(stmt))
        if year is not None:
            progs = [
                p for p in progs if (p.start is None or p.start.year <= year) and (p.end is None or p.end.year >= year)
            ]
        members: dict[int, list[tuple]] = {}
        for pid, tid, joined, result, met in s.execute(
            select(
                ProgrammeMember.programme_id,
                ProgrammeMember.teacher_id,
                ProgrammeMember.joined,
                ProgrammeMember.result,
                ProgrammeMember.met,
            )
        ):
            members.setdefault(pid, []).append((tid, joined, result, met))
        held = _held(s, [m[0] for ms in members.values() for m in ms])
        out = []
        for p in progs:
            ms = members.get(p.id, [])
            met = sum(1 for tid, j, _r, rec in ms if met_target(p, j, rec, held.get(tid, [])))
            out.append(
                (
                    p.id,
                    p.name,
                    p.cohort or "",
                    p.kind,
                    p.level,
                    p.organiser or "",
                    p.start.iso() if p.start else "",
                    p.end.iso() if p.end else "",
                    rules.target_label(p.target_kind, p.target_level, p.target_text),
                    len(ms),
                    sum(1 for m in ms if m[2] == rules.IN_TRAINING),
                    met,
                )
            )
        return out


def members(s: Session, programme: TalentProgramme, *, reveal: bool = False) -> list[dict]:
    t, sc = Teacher.__table__.c, School.__table__.c
    stmt = (
        select(ProgrammeMember, t.name, t.id_number, sc.name, t.cur_subject)
        .join(Teacher.__table__, t.id == ProgrammeMember.teacher_id)
        .outerjoin(School.__table__, sc.id == func.coalesce(t.cur_work_school_id, t.cur_post_school_id))
        .where(ProgrammeMember.programme_id == programme.id)
        .order_by(ProgrammeMember.id)
    )
    rows = s.execute(stmt).all()
    held = _held(s, [m.teacher_id for m, *_ in rows])
    return [
        {
            "id": m.id,
            "version": m.version,
            "teacher_id": m.teacher_id,
            "joined": m.joined,
            "result": m.result,
            "reason": m.reason,
            "met": m.met,
            "met_now": met_target(programme, m.joined, m.met, held.get(m.teacher_id, [])),
            "name": name,
            "id_number": number if reveal else idnumber.mask(number),
            "school": school or "",
            "subject": subject or "",
        }
        for m, name, number, school, subject in rows
    ]


def milestones(s: Session, programme_id: int) -> list[dict]:
    return [
        {"id": m.id, "version": m.version, "title": m.title, "due": m.due, "done": m.done, "note": m.note}
        for m in s.scalars(
            select(ProgrammeMilestone)
            .where(ProgrammeMilestone.programme_id == programme_id)
            .order_by(ProgrammeMilestone.due, ProgrammeMilestone.id)
        )
    ]


def get(db, programme_id: int) -> dict:
    with db.sessions() as s:
        p = s.get(TalentProgramme, programme_id)
        if p is None:
            raise NotFound(MISSING)
        out = {"id": p.id, "version": p.version, **{f: getattr(p, f) for f in FIELDS}}
        out["members"] = members(s, p, reveal=access.may_reveal(db))
        out["milestones"] = milestones(s, p.id)
        return out


# ---------------------------------------------------------------- saving


def clean(values: dict) -> dict:
    """Checked values of FIELDS (ValidationError: field → Chinese message)."""
    problems: dict[str, str] = {}
    out: dict = {}
    for f in ("name", "kind", "cohort", "organiser", "target_text", "note"):
        out[f] = text(values.get(f))
    for f, n in MAX_LENGTH.items():
        if out[f] and len(out[f]) > n:
            problems[f] = f"{LABELS[f]}太长（最多 {n} 个字）"
    if not out["name"]:
        problems["name"] = "项目名称不能为空"
    if not out["kind"]:
        problems["kind"] = "请选择或填写项目类型（人才工程、培养项目…）"
    for f in ("start", "end"):
        out[f] = date(f, values.get(f), problems)
    if "start" not in problems and "end" not in problems:
        problems.update(rules.check_dates(out["start"], out["end"]))
    for f in ("level", "target_level"):
        raw = text(values.get(f))
        out[f] = (codes.LEVEL.canonical(raw) or raw) if raw else None
    if not out["level"]:
        problems["level"] = "请选择级别"
    elif out["level"] not in rules.LEVELS:
        problems["level"] = f"级别应为{'、'.join(rules.LEVELS)}之一"
    raw = text(values.get("target_kind"))
    out["target_kind"] = (codes.DESIGNATION.canonical(raw) or raw) if raw else None
    if out["target_kind"] and out["target_kind"] not in codes.DESIGNATION.labels:
        problems["target_kind"] = f"目标称号应为{'、'.join(codes.DESIGNATION.labels)}之一（其他目标写在“培养目标”中）"
    if out["target_kind"] and not out["target_level"]:
        problems["target_level"] = "有目标称号时请选择目标级别"
    elif out["target_level"] and out["target_level"] not in rules.LEVELS:
        problems["target_level"] = f"目标级别应为{'、'.join(rules.LEVELS)}之一"
    elif out["target_level"] and not out["target_kind"]:
        problems["target_kind"] = "有目标级别时请选择目标称号"
    if problems:
        raise ValidationError(problems)
    return out


def _who(i: int, r: dict) -> str:
    who = r.get("name") or ""
    return f"第{i}名成员{('（' + who + '）') if who else ''}"


def _clean_members(s: Session, rows: list[dict]) -> list[dict]:
    problems: dict[str, str] = {}
    out: list[dict] = []
    seen: dict[int, int] = {}
    ids = [int(r["teacher_id"]) for r in rows if str(r.get("teacher_id") or "").isdigit()]
    known: set[int] = set()
    for i in range(0, len(ids), CHUNK):
        known |= set(s.scalars(select(Teacher.id).where(Teacher.id.in_(ids[i : i + CHUNK]))))
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
        local: dict[str, str] = {}
        joined = date("joined", r.get("joined"), local)
        if local:
            problems[f"member{i}"] = f"{_who(i, r)}的入选日期：{local['joined']}"
            continue
        result = text(r.get("result")) or rules.IN_TRAINING
        reason = text(r.get("reason"))
        why = rules.check_result(result, reason)
        if why:
            problems[f"member{i}"] = f"{_who(i, r)}：{why}"
            continue
        met = r.get("met")
        if isinstance(met, str):
            met = {"是": True, "已达成": True, "否": False, "未达成": False}.get(met.strip())
        out.append(
            {"id": r.get("id"), "teacher_id": tid, "joined": joined, "result": result, "reason": reason, "met": met}
        )
    if problems:
        raise ValidationError(problems)
    return out


def _clean_milestones(rows: list[dict]) -> list[dict]:
    problems: dict[str, str] = {}
    out: list[dict] = []
    for i, r in enumerate(rows, 1):
        title = text(r.get("title"))
        local: dict[str, str] = {}
        due = date("due", r.get("due"), local)
        done = date("done", r.get("done"), local)
        if not title:
            problems[f"milestone{i}"] = f"第{i}个节点：请填写节点名称（如 中期考核）"
        elif len(title) > 200:
            problems[f"milestone{i}"] = f"第{i}个节点名称太长（最多 200 个字）"
        elif local:
            problems[f"milestone{i}"] = f"第{i}个节点“{title}”的日期：{'；'.join(local.values())}"
        else:
            out.append({"id": r.get("id"), "title": title, "due": due, "done": done, "note": text(r.get("note"))})
    if problems:
        raise ValidationError(problems)
    return out


def _check_unique(s: Session, programme_id: int | None, name: str, cohort: str | None) -> None:
    stmt = select(TalentProgramme.id).where(TalentProgramme.name == name)
    stmt = stmt.where(TalentProgramme.cohort.is_(None) if cohort is None else TalentProgramme.cohort == cohort)
    if programme_id is not None:
        stmt = stmt.where(TalentProgramme.id != programme_id)
    if s.scalar(stmt) is not None:
        which = f"“{name}”{('（' + cohort + '）') if cohort else ''}"
        raise ValidationError({"cohort": f"已登记过培养项目{which}；同一项目的另一批请填写不同的批次"})


def save(
    db,
    programme_id: int | None,
    values: dict,
    members_: list[dict] | None = None,
    milestones_: list[dict] | None = None,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> int:
    """Create or update a programme and (when given) replace its members (dicts with teacher_id, joined, result,
    reason, met; id for a stored row) and milestones (title, due, done, note). VERSION and BASE: what the form loaded
    (get): others' changes meanwhile are merged or asked."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        v = clean(values)
        ms = _clean_members(s, members_) if members_ is not None else None
        ss = _clean_milestones(milestones_) if milestones_ is not None else None
        _check_unique(s, programme_id, v["name"], v["cohort"])
        p = upsert(
            s,
            TalentProgramme,
            programme_id,
            v,
            MISSING,
            expected_version=version,
            base={f: base.get(f) for f in FIELDS} if base is not None else None,
            merge=merge,
            resolved=resolved,
        )
        loaded = base is not None and version is not None
        if ms is not None:
            rows = base.get("members") if loaded and base is not None else None
            _drop_goals(s, p.id, {m["id"] for m in ms if m.get("id")}, rows)
            replace_rows(
                s,
                ProgrammeMember,
                ("programme_id", p.id),
                ms,
                [{k: m.get(k) for k in ("id", "version", *MEMBER_FIELDS)} for m in rows] if rows else None,
                merge=merge,
                resolved=resolved,
                missing="找不到这名成员（可能已被删除）",
            )
        if ss is not None:
            rows = base.get("milestones") if loaded and base is not None else None
            replace_rows(
                s,
                ProgrammeMilestone,
                ("programme_id", p.id),
                ss,
                [{k: m.get(k) for k in ("id", "version", "title", "due", "done", "note")} for m in rows]
                if rows
                else None,
                merge=merge,
                resolved=resolved,
                missing="找不到这个培养节点（可能已被删除）",
            )
        uow.commit()
        return p.id


MEMBER_FIELDS = ("teacher_id", "joined", "result", "reason", "met")


def _drop_goals(s: Session, programme_id: int, kept: set, loaded: list[dict] | None) -> None:
    """Delete (audited, row by row) the growth goals of the members about to leave the programme: those not KEPT of
    the members LOADED into the form (None: of the stored members), before the database's cascade would."""
    from talentdesk.store.models_growth import GrowthGoal  # issue 21 §5: members' growth plans

    if loaded is not None:
        leaving = {m["id"] for m in loaded if m.get("id")} - kept
    else:
        stored = s.scalars(select(ProgrammeMember.id).where(ProgrammeMember.programme_id == programme_id))
        leaving = set(stored) - kept
    if leaving:
        for g in s.scalars(select(GrowthGoal).where(GrowthGoal.member_id.in_(sorted(leaving)))):
            s.delete(g)
        s.flush()


def set_results(db, programme_id: int, member_ids: list[int], result: str, reason: str | None = None) -> int:
    """The same result for several members at once (结业 of a whole cohort); the number changed."""
    access.require(db, "edit")
    why = rules.check_result(result, reason)
    if why:
        raise ValidationError({"result": why})
    n = 0
    with UnitOfWork(db) as uow:
        s = uow.session
        for m in s.scalars(
            select(ProgrammeMember).where(
                ProgrammeMember.programme_id == programme_id, ProgrammeMember.id.in_(member_ids)
            )
        ):
            if m.result != result or m.reason != text(reason):
                m.result, m.reason = result, text(reason)
                n += 1
        uow.commit()
    return n


def delete(db, programme_ids: list[int]) -> int:
    """Delete programmes with their members and milestones (audited row by row); the number deleted."""
    access.require(db, "edit")
    n = 0
    with UnitOfWork(db) as uow:
        s = uow.session
        for pid in programme_ids:
            p = s.get(TalentProgramme, pid)
            if p is None:
                continue
            _drop_goals(s, pid, set(), None)
            for model in (ProgrammeMember, ProgrammeMilestone):
                for row in s.scalars(select(model).where(model.programme_id == pid)):
                    s.delete(row)
            s.flush()  # the children first (audited one by one), before the database's cascade
            s.delete(p)
            n += 1
        uow.commit()
    return n


def match_pasted(db, pasted: str) -> list[attendees.Match]:
    return attendees.match_pasted(db, pasted)


# ---------------------------------------------------------------- a teacher's programmes, the statistics


def teacher_programmes(db, teacher_id: int) -> list[tuple[str, str, str, str, str, str, str]]:
    """(programme, cohort, level, joined, result, target, met) of the teacher's programmes, latest first."""
    with db.sessions() as s:
        rows = s.execute(
            select(TalentProgramme, ProgrammeMember)
            .join(ProgrammeMember, ProgrammeMember.programme_id == TalentProgramme.id)
            .where(ProgrammeMember.teacher_id == teacher_id)
        ).all()
        held = _held(s, [teacher_id]).get(teacher_id, [])
        out = [
            (
                p.name,
                p.cohort or "",
                p.level,
                m.joined.iso() if m.joined else "",
                m.result + (f"（{m.reason}）" if m.reason else ""),
                rules.target_label(p.target_kind, p.target_level, p.target_text),
                met_label(met_target(p, m.joined, m.met, held)),
            )
            for p, m in rows
        ]
    out.sort(key=lambda r: r[3], reverse=True)
    return out


@dataclass(frozen=True)
class MemberFact:
    """One membership as the statistics count it."""

    programme_id: int
    programme: str  # name（cohort）
    kind: str
    level: str
    teacher_id: int
    school_id: int | None
    joined: PartialDate | None
    result: str
    met: bool | None
    has_target: bool


def programme_label(name: str, cohort: str | None) -> str:
    return f"{name}（{cohort}）" if cohort else name


def facts(session: Session) -> list[MemberFact]:
    """Every membership, with the teacher's current school and whether the target was met."""
    t = Teacher.__table__.c
    rows = session.execute(
        select(TalentProgramme, ProgrammeMember, func.coalesce(t.cur_work_school_id, t.cur_post_school_id))
        .join(ProgrammeMember, ProgrammeMember.programme_id == TalentProgramme.id)
        .join(Teacher.__table__, t.id == ProgrammeMember.teacher_id)
    ).all()
    held = _held(session, [m.teacher_id for _p, m, _s in rows])
    return [
        MemberFact(
            p.id,
            programme_label(p.name, p.cohort),
            p.kind,
            p.level,
            m.teacher_id,
            sid,
            m.joined or p.start,
            m.result,
            met_target(p, m.joined, m.met, held.get(m.teacher_id, [])),
            bool(p.target_kind or p.target_text or m.met is not None),
        )
        for p, m, sid in rows
    ]
