"""Teaching competitions and awards (issue 21 §2): the bureau's list of kinds, competitions with their entrants,
a teacher's competitions, the honour records of awards, and the facts the statistics count.

Rules on saving: the kind is a name of the list, a name and a start date are given, the end is not before the
start, the level is one of 国家级/省级/市级/县级/校级, the subject and stage are of the code lists, the competition
it selects for is another one of a higher level, every entrant is a known teacher listed once with a result of
特等奖/一等奖/二等奖/三等奖/优秀奖/未获奖 (or none yet). Every change is audited and needs the edit right.

An award is also one of the teacher's honours (荣誉): saving makes, updates or deletes the linked honour row
(competition_entrant.honour_id) with the result, and links an honour of the same name and date the teacher already
has instead of adding a second one, so the teacher file and the honours figures show the award once.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import String, case, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from talentdesk.domain import codes, idnumber
from talentdesk.domain import competitions as rules
from talentdesk.domain.dates import PartialDate
from talentdesk.errors import NotFound, UserError, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.cultivation import attendees
from talentdesk.services.cultivation.persons import date, text
from talentdesk.services.platform import name_lists
from talentdesk.services.platform.child_rows import replace_rows
from talentdesk.services.platform.records import upsert
from talentdesk.store.idlists import id_in
from talentdesk.store.models import Honour, School, Teacher
from talentdesk.store.models_competitions import Competition, CompetitionEntrant, CompetitionKind
from talentdesk.store.uow import UnitOfWork

FIELDS = ("name", "kind", "level", "subject", "stage", "organiser", "start", "end", "next_id", "note")
ENTRANT_FIELDS = ("teacher_id", "school_id", "selected", "result")
LABELS = {
    "name": "竞赛名称",
    "kind": "竞赛类别",
    "level": "级别",
    "subject": "学科",
    "stage": "学段",
    "organiser": "主办单位",
    "start": "开始日期",
    "end": "结束日期",
    "next_id": "选送的上一级竞赛",
    "note": "备注",
}
MAX_LENGTH = {"name": rules.MAX_NAME, "organiser": 100}
MISSING = "找不到这项竞赛记录（可能已被删除）"
HEADERS = (
    "开始",
    "结束",
    "类别",
    "竞赛名称",
    "级别",
    "学科",
    "学段",
    "主办单位",
    "参赛",
    "推荐",
    "获奖",
    "一等奖及以上",
)


class CompetitionRow(NamedTuple):
    """One competition as the 竞赛 list shows it."""

    id: int
    start: str
    end: str
    kind: str
    name: str
    level: str
    subject: str
    stage: str
    organiser: str
    entrants: int
    selected: int
    awards: int
    first_prizes: int  # 特等奖 and 一等奖


class TeacherCompetition(NamedTuple):
    """One competition a teacher entered, as the teacher file lists it."""

    date: str
    kind: str
    name: str
    level: str
    subject: str
    school: str
    result: str
    selected: str


class EntrantFact(NamedTuple):
    """One entrant as the statistics count it."""

    competition_id: int
    kind: str
    level: str
    subject: str
    stage: str
    start: PartialDate | None
    teacher_id: int
    school_id: int | None  # the school at the time (else the teacher's current one)
    selected: bool
    result: str | None


def _raw(col):
    """The stored ISO text of a date column, to compare with a prefix such as '2025' or '2025-03'."""
    return type_coerce(col, String)


# ---------------------------------------------------------------- the list of kinds


def kinds(db) -> list[dict]:
    """The list in its order: id, name, note and how many competitions use the name."""
    return name_lists.entries(db, CompetitionKind, Competition.kind)


def kind_names(session: Session) -> list[str]:
    return name_lists.names(session, CompetitionKind)


def add_kind(db, name: str, note: str | None = None) -> int:
    """A kind for the list (e.g. 实验操作); a name already there is refused."""
    return name_lists.add(db, CompetitionKind, name, check=rules.check_kind_name, listed="竞赛类别", note=text(note))


def remove_kind(db, kind_id: int) -> None:
    """Take a kind off the list; refused while competitions use it."""
    name_lists.remove(
        db,
        CompetitionKind,
        kind_id,
        Competition.kind,
        missing="竞赛类别中没有这个名称（可能已被删除）",
        in_use="有 {n} 项竞赛使用“{name}”，不能从类别中删除",
    )


# ---------------------------------------------------------------- competitions


def list_rows(
    db,
    *,
    kind: str | None = None,
    level: str | None = None,
    subject: str | None = None,
    school_id: int | None = None,
    first: PartialDate | None = None,
    last: PartialDate | None = None,
    search: str | None = None,
) -> list[CompetitionRow]:
    """Competitions, latest first, with their counts of entrants, selected and awards. SCHOOL_ID: an entrant
    entered from that school. FIRST … LAST: competitions that started in the period."""
    e = CompetitionEntrant.__table__.c
    award = e.result.in_(rules.AWARDS)
    first_prize = e.result.in_(rules.AWARDS[:2])
    counts = (
        select(
            e.competition_id.label("cid"),
            func.count().label("n"),
            func.sum(_flag(e.selected)).label("sel"),
            func.sum(_flag(award)).label("aw"),
            func.sum(_flag(first_prize)).label("first"),
        )
        .group_by(e.competition_id)
        .subquery()
    )
    stmt = (
        select(
            Competition.id,
            Competition.start,
            Competition.end,
            Competition.kind,
            Competition.name,
            Competition.level,
            Competition.subject,
            Competition.stage,
            Competition.organiser,
            func.coalesce(counts.c.n, 0),
            func.coalesce(counts.c.sel, 0),
            func.coalesce(counts.c.aw, 0),
            func.coalesce(counts.c.first, 0),
        )
        .outerjoin(counts, counts.c.cid == Competition.id)
        .order_by(Competition.start.desc(), Competition.id.desc())
    )
    if kind:
        stmt = stmt.where(Competition.kind == kind)
    if level:
        stmt = stmt.where(Competition.level == level)
    if subject:
        stmt = stmt.where(Competition.subject == subject)
    if first is not None:
        stmt = stmt.where(_raw(Competition.start) >= first.iso())
    if last is not None:
        stmt = stmt.where(_raw(Competition.start) <= last.iso() + "-99")
    if search:
        like = f"%{search.strip()}%"
        stmt = stmt.where(or_(Competition.name.like(like), Competition.organiser.like(like)))
    if school_id:
        stmt = stmt.where(Competition.id.in_(select(e.competition_id).where(e.school_id == school_id)))
    with db.sessions() as s:
        return [
            CompetitionRow(
                r[0],
                r[1].iso() if r[1] else "",
                r[2].iso() if r[2] else "",
                r[3],
                r[4],
                r[5],
                r[6] or "",
                r[7] or "",
                r[8] or "",
                int(r[9]),
                int(r[10]),
                int(r[11]),
                int(r[12]),
            )
            for r in s.execute(stmt)
        ]


def _flag(condition):
    """1 where CONDITION holds, else 0 (a sum counts the rows)."""
    return case((condition, 1), else_=0)


def entrants(s: Session, competition_id: int, *, reveal: bool = False) -> list[dict]:
    t, sc = Teacher.__table__.c, School.__table__.c
    stmt = (
        select(CompetitionEntrant, t.name, t.id_number, t.staff_no, sc.name, t.cur_subject)
        .join(Teacher.__table__, t.id == CompetitionEntrant.teacher_id)
        .outerjoin(School.__table__, sc.id == CompetitionEntrant.school_id)
        .where(CompetitionEntrant.competition_id == competition_id)
        .order_by(CompetitionEntrant.id)
    )
    return [
        {
            "id": p.id,
            "version": p.version,
            "teacher_id": p.teacher_id,
            "school_id": p.school_id,
            "selected": bool(p.selected),
            "result": p.result,
            "name": name,
            "id_number": number if reveal else idnumber.mask(number),
            "staff_no": staff_no or "",
            "school": school or "",
            "subject": subject or "",
        }
        for p, name, number, staff_no, school, subject in s.execute(stmt)
    ]


def get(db, competition_id: int) -> dict:
    with db.sessions() as s:
        c = s.get(Competition, competition_id)
        if c is None:
            raise NotFound(MISSING)
        out = {"id": c.id, "version": c.version, **{f: getattr(c, f) for f in FIELDS}}
        out["entrants"] = entrants(s, competition_id, reveal=access.may_reveal(db))
        return out


def next_choices(db, level: str | None = None, exclude: int | None = None) -> list[tuple[int, str]]:
    """(id, label) of the competitions a competition of LEVEL may select for (a higher level), latest first."""
    higher = rules.LEVELS[: rules.LEVELS.index(level)] if level in rules.LEVELS else rules.LEVELS
    with db.sessions() as s:
        stmt = (
            select(Competition.id, Competition.start, Competition.level, Competition.name)
            .where(Competition.level.in_(higher))
            .order_by(Competition.start.desc(), Competition.id.desc())
        )
        return [(i, f"{d.iso() if d else ''} {lv} {n}") for i, d, lv, n in s.execute(stmt) if i != exclude]


def clean(values: dict, kind_list: list[str]) -> dict:
    """Checked values of FIELDS (ValidationError: field → Chinese message)."""
    problems: dict[str, str] = {}
    out: dict = {}
    for f in ("name", "kind", "organiser", "note"):
        out[f] = text(values.get(f))
    for f, n in MAX_LENGTH.items():
        if out[f] and len(out[f]) > n:
            problems[f] = f"{LABELS[f]}太长（最多 {n} 个字）"
    if not out["name"]:
        problems["name"] = "竞赛名称不能为空"
    if not out["kind"]:
        problems["kind"] = "请选择竞赛类别"
    elif out["kind"] not in kind_list:
        problems["kind"] = f"竞赛类别“{out['kind']}”不在类别表中（可在“竞赛类别…”中添加）"
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
    for f, lst in (("subject", codes.SUBJECT), ("stage", codes.STAGE)):
        v = text(values.get(f))
        out[f] = lst.canonical(v) if v else None
        if v and out[f] is None:
            problems[f] = f"{LABELS[f]}“{v}”不在{lst.name}代码表中"
    nid = values.get("next_id")
    try:
        out["next_id"] = int(nid) if nid not in (None, "") else None
    except (TypeError, ValueError):
        problems["next_id"] = "请从列表中选择选送的上一级竞赛"
        out["next_id"] = None
    if problems:
        raise ValidationError(problems)
    return out


def _clean_entrants(s: Session, rows: list[dict]) -> list[dict]:
    problems: dict[str, str] = {}
    out: list[dict] = []
    seen: dict[int, int] = {}
    ids = [int(r["teacher_id"]) for r in rows if str(r.get("teacher_id") or "").isdigit()]
    t = Teacher.__table__.c
    known = (
        {
            tid: sid
            for tid, sid in s.execute(
                select(t.id, func.coalesce(t.cur_work_school_id, t.cur_post_school_id)).where(id_in(s, t.id, ids))
            )
        }
        if ids
        else {}
    )
    for i, r in enumerate(rows, 1):
        who = f"第{i}名参赛教师" + (f"（{r['name']}）" if r.get("name") else "")
        tid = r.get("teacher_id")
        if not tid or not str(tid).isdigit():
            problems[f"entrant{i}"] = f"{who}：请选择教师"
            continue
        tid = int(tid)
        if tid not in known:
            problems[f"entrant{i}"] = f"{who}：档案中没有这名教师"
            continue
        if tid in seen:
            problems[f"entrant{i}"] = f"{who}与第{seen[tid]}名重复"
            continue
        seen[tid] = i
        try:
            result = rules.result_of(r.get("result"))
        except ValueError as e:
            problems[f"entrant{i}"] = f"{who}：{e}"
            continue
        sid = r.get("school_id")
        school_id = int(sid) if sid not in (None, "") else (known[tid] if r.get("id") is None else None)
        out.append(
            {
                "id": r.get("id"),
                "teacher_id": tid,
                "school_id": school_id,
                "selected": bool(r.get("selected")),
                "result": result,
            }
        )
    if problems:
        raise ValidationError(problems)
    return out


def _check_next(s: Session, competition_id: int | None, v: dict) -> None:
    nid = v["next_id"]
    if nid is None:
        return
    if nid == competition_id:
        raise ValidationError({"next_id": "选送的上一级竞赛不能是本项竞赛"})
    nxt = s.get(Competition, nid)
    if nxt is None:
        raise ValidationError({"next_id": "找不到选送的上一级竞赛（可能已被删除）"})
    why = rules.check_next(v["level"], nxt.level)
    if why:
        raise ValidationError({"next_id": why})


def sync_honours(s: Session, c: Competition, gone: list[int]) -> None:
    """Make the honours of C's entrants follow their results: an award has one honour row (made, or an existing
    one of the same name and date linked, or updated), anything else none; the honours of entrants no longer
    listed (GONE: their honour ids) are deleted."""
    for hid in gone:
        h = s.get(Honour, hid)
        if h is not None:
            s.delete(h)
    when = c.end or c.start
    linked = set(s.scalars(select(CompetitionEntrant.honour_id).where(CompetitionEntrant.honour_id.is_not(None))))
    for e in s.scalars(select(CompetitionEntrant).where(CompetitionEntrant.competition_id == c.id)):
        h = s.get(Honour, e.honour_id) if e.honour_id else None
        if not rules.is_award(e.result):
            if h is not None:
                e.honour_id = None
                s.flush()
                s.delete(h)
            continue
        assert e.result is not None
        values = {
            "name": rules.honour_name(c.kind, e.result, c.name),
            "level": c.level,
            "date": when,
            "issuer": c.organiser,
        }
        if h is None:
            h = s.scalars(
                select(Honour).where(
                    Honour.teacher_id == e.teacher_id, Honour.name == values["name"], Honour.date == when
                )
            ).first()
            if h is not None and h.id in linked:
                h = None
        if h is None:
            h = Honour(teacher_id=e.teacher_id, **values)
            s.add(h)
            s.flush()
        else:
            for f, v in values.items():
                if getattr(h, f) != v:
                    setattr(h, f, v)
        if e.honour_id != h.id:
            e.honour_id = h.id
        linked.add(h.id)


def save(
    db,
    competition_id: int | None,
    values: dict,
    entrants_: list[dict] | None = None,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> int:
    """Create or update a competition and (when given) replace its entrants (dicts with teacher_id, school_id,
    selected, result; id for a stored row); the honours of awards follow. VERSION and BASE: what the form loaded
    (get): others' changes meanwhile are merged or asked."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        v = clean(values, kind_names(s))
        _check_next(s, competition_id, v)
        es = _clean_entrants(s, entrants_) if entrants_ is not None else None
        c = upsert(
            s,
            Competition,
            competition_id,
            v,
            MISSING,
            expected_version=version,
            base={f: base.get(f) for f in FIELDS} if base is not None else None,
            merge=merge,
            resolved=resolved,
        )
        gone: list[int] = []
        if es is not None:
            before: dict[int, int | None] = dict(
                s.execute(
                    select(CompetitionEntrant.id, CompetitionEntrant.honour_id).where(
                        CompetitionEntrant.competition_id == c.id
                    )
                )
                .tuples()
                .all()
            )
            loaded = base.get("entrants") if base is not None and version is not None else None
            replace_rows(
                s,
                CompetitionEntrant,
                ("competition_id", c.id),
                es,
                [{k: p.get(k) for k in ("id", "version", *ENTRANT_FIELDS)} for p in loaded] if loaded else None,
                merge=merge,
                resolved=resolved,
                missing="找不到这名参赛教师（可能已被删除）",
            )
            s.flush()
            now = set(s.scalars(select(CompetitionEntrant.id).where(CompetitionEntrant.competition_id == c.id)))
            gone = [hid for eid, hid in before.items() if eid not in now and hid is not None]
        s.flush()
        sync_honours(s, c, gone)
        uow.commit()
        return c.id


def send_selected(db, competition_id: int) -> tuple[int, int]:
    """Enter the teachers that COMPETITION selected for the next level in that competition (at the school they
    entered from, no result yet): returns (added, already entered). Audited like any entrant row; a form open on
    the next competition keeps these rows when it saves (child_rows keeps rows added meanwhile)."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        c = s.get(Competition, competition_id)
        if c is None:
            raise NotFound(MISSING)
        nxt = s.get(Competition, c.next_id) if c.next_id is not None else None
        if nxt is None:
            raise UserError(f"“{c.name}”没有设定选送的上一级竞赛：请先编辑本项竞赛，选择“选送上一级竞赛”")
        e = CompetitionEntrant
        picked = s.execute(
            select(e.teacher_id, e.school_id).where(e.competition_id == c.id, e.selected.is_(True)).order_by(e.id)
        ).all()
        if not picked:
            raise UserError(f"“{c.name}”没有勾选“选送”的参赛教师")
        there = set(s.scalars(select(e.teacher_id).where(e.competition_id == nxt.id)))
        fresh = [(tid, sid) for tid, sid in picked if tid not in there]
        for tid, sid in fresh:
            s.add(CompetitionEntrant(competition_id=nxt.id, teacher_id=tid, school_id=sid, selected=False))
        uow.commit()
        return len(fresh), len(picked) - len(fresh)


def delete(db, competition_ids: list[int]) -> int:
    """Delete competitions with their entrants and the honours of their awards (audited row by row); the number
    deleted. A competition that selected for one of them keeps its entrants and loses the link."""
    access.require(db, "edit")
    n = 0
    with UnitOfWork(db) as uow:
        s = uow.session
        for cid in competition_ids:
            c = s.get(Competition, cid)
            if c is None:
                continue
            for e in s.scalars(select(CompetitionEntrant).where(CompetitionEntrant.competition_id == cid)):
                h = s.get(Honour, e.honour_id) if e.honour_id else None
                s.delete(e)
                if h is not None:
                    s.delete(h)
            for lower in s.scalars(select(Competition).where(Competition.next_id == cid)):
                lower.next_id = None
            s.flush()  # the entrants first (audited one by one), before the database's cascade
            s.delete(c)
            n += 1
        uow.commit()
    return n


# ---------------------------------------------------------------- entrants in bulk


def match_pasted(db, pasted: str) -> list[attendees.Match]:
    """Pasted names / ID numbers (one a line, as copied from a spreadsheet) matched to serving teachers."""
    return attendees.match_pasted(db, pasted)


def teachers_at(db, school_ids: list[int]) -> list[tuple[int, str, str]]:
    """(id, name, school) of the serving teachers of SCHOOL_IDS, to enter a whole school at once."""
    return attendees.serving_at(db, school_ids)


def current_schools(db, teacher_ids: list[int]) -> dict[int, tuple[int | None, str]]:
    """teacher id → (school id, school name) where the teacher works now: an entrant's school by default."""
    t, sc = Teacher.__table__.c, School.__table__.c
    sid = func.coalesce(t.cur_work_school_id, t.cur_post_school_id)
    with db.sessions() as s:
        return {
            tid: (school_id, name or "")
            for tid, school_id, name in s.execute(
                select(t.id, sid, sc.name).outerjoin(School.__table__, sc.id == sid).where(id_in(s, t.id, teacher_ids))
            )
        }


# ---------------------------------------------------------------- a teacher's competitions, the statistics


def teacher_competitions(db, teacher_id: int) -> list[TeacherCompetition]:
    """Every competition the teacher entered, latest first."""
    with db.sessions() as s:
        stmt = (
            select(
                Competition.start,
                Competition.kind,
                Competition.name,
                Competition.level,
                Competition.subject,
                School.name,
                CompetitionEntrant.result,
                CompetitionEntrant.selected,
            )
            .join(CompetitionEntrant, CompetitionEntrant.competition_id == Competition.id)
            .outerjoin(School, School.id == CompetitionEntrant.school_id)
            .where(CompetitionEntrant.teacher_id == teacher_id)
            .order_by(Competition.start.desc(), Competition.id.desc())
        )
        return [
            TeacherCompetition(
                d.iso() if d else "", k, n, lv, subj or "", school or "", result or "", "是" if sel else ""
            )
            for d, k, n, lv, subj, school, result, sel in s.execute(stmt)
        ]


def facts(session: Session, since: str | None = None) -> list[EntrantFact]:
    """Every entrant of every competition that started on or after SINCE (ISO text), as the statistics count it;
    an entrant without a school recorded counts under the teacher's current school."""
    t = Teacher.__table__.c
    stmt = (
        select(
            Competition.id,
            Competition.kind,
            Competition.level,
            Competition.subject,
            Competition.stage,
            Competition.start,
            CompetitionEntrant.teacher_id,
            func.coalesce(CompetitionEntrant.school_id, t.cur_work_school_id, t.cur_post_school_id),
            CompetitionEntrant.selected,
            CompetitionEntrant.result,
        )
        .join(CompetitionEntrant, CompetitionEntrant.competition_id == Competition.id)
        .join(Teacher.__table__, t.id == CompetitionEntrant.teacher_id)
    )
    if since:
        stmt = stmt.where(_raw(Competition.start) >= since)
    return [
        EntrantFact(cid, k, lv, subj or "", stage or "", d, tid, sid, bool(sel), res)
        for cid, k, lv, subj, stage, d, tid, sid, sel, res in session.execute(stmt)
    ]
