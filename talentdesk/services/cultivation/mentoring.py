"""Mentoring use cases: programmes (青蓝工程…), pairings with their rules, activities, evaluations,
a teacher's pairings. Plain data in and out; problems raised as ValidationError / UserError."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from talentdesk.domain import codes
from talentdesk.domain.cultivation import ACTIVE, ACTIVITY_KINDS, EVALUATION, PAIRING_STATUS, Check, check_pairing
from talentdesk.domain.dates import PartialDate
from talentdesk.errors import NotFound, UserError, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.cultivation.persons import active_mentee_counts, choice, date, people, text
from talentdesk.services.platform import settings
from talentdesk.services.platform.child_rows import replace_rows
from talentdesk.services.platform.records import upsert
from talentdesk.store.models import MentorProgramme, Pairing, School, Teacher
from talentdesk.store.models_cultivation import PairingActivity
from talentdesk.store.uow import UnitOfWork

# ---------------------------------------------------------------- programmes

PROGRAMME_FIELDS = ("name", "year", "term_years", "max_mentees", "mentee_max_years", "note")


def list_programmes(db) -> list[dict]:
    with UnitOfWork(db) as uow:
        s = uow.session
        counts = dict(s.execute(select(Pairing.programme_id, func.count()).group_by(Pairing.programme_id)).all())
        active = dict(
            s.execute(
                select(Pairing.programme_id, func.count())
                .where(Pairing.status == ACTIVE)
                .group_by(Pairing.programme_id)
            ).all()
        )
        out = []
        for p in s.scalars(select(MentorProgramme).order_by(MentorProgramme.year.desc(), MentorProgramme.id.desc())):
            out.append(
                {
                    **{f: getattr(p, f) for f in PROGRAMME_FIELDS},
                    "id": p.id,
                    "pairs": counts.get(p.id, 0),
                    "active": active.get(p.id, 0),
                    "label": f"{p.name}（{p.year}年）" if str(p.year) not in p.name else p.name,
                }
            )
        return out


def get_programme(db, programme_id: int) -> dict:
    with UnitOfWork(db) as uow:
        p = uow.session.get(MentorProgramme, programme_id)
        if p is None:
            raise NotFound("找不到这个结对项目（可能已被删除）")
        return {"id": p.id, "version": p.version, **{f: getattr(p, f) for f in PROGRAMME_FIELDS}}


def save_programme(
    db,
    programme_id: int | None,
    values: dict,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> int:
    """VERSION and BASE: what the form loaded (get_programme); see services.platform.records.upsert."""
    access.require(db, "edit")
    pol = settings.load_policy(db)
    problems: dict[str, str] = {}
    clean = {"name": text(values.get("name")), "note": text(values.get("note"))}
    if not clean["name"]:
        problems["name"] = "项目名称不能为空"
    defaults = {
        "year": dt.date.today().year,
        "term_years": pol.mentoring_term_years,
        "max_mentees": pol.mentees_per_mentor,
        "mentee_max_years": pol.mentee_max_years,
    }
    for f, default in defaults.items():
        v = text(values.get(f))
        if v is None:
            clean[f] = default
            continue
        try:
            clean[f] = int(v)
        except ValueError:
            problems[f] = f"“{v}”不是整数"
            continue
        if clean[f] < (1900 if f == "year" else 1):
            problems[f] = "数值不合理"
    if problems:
        raise ValidationError(problems)
    with UnitOfWork(db) as uow:
        s = uow.session
        dup = s.scalar(
            select(MentorProgramme.id).where(
                MentorProgramme.name == clean["name"], MentorProgramme.year == clean["year"]
            )
        )
        if dup and dup != programme_id:
            raise ValidationError({"name": f"{clean['year']}年已有名为“{clean['name']}”的结对项目"})
        p = upsert(
            s,
            MentorProgramme,
            programme_id,
            clean,
            "找不到这个结对项目（可能已被删除）",
            expected_version=version,
            base=base,
            merge=merge,
            resolved=resolved,
        )
        s.flush()
        uow.commit()
        return p.id


def delete_programme(db, programme_id: int) -> None:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        n = s.scalar(select(func.count()).select_from(Pairing).where(Pairing.programme_id == programme_id))
        if n:
            raise UserError(f"这个项目下还有 {n} 对师徒结对，请先删除或移到其他项目")
        p = s.get(MentorProgramme, programme_id)
        if p is not None:
            s.delete(p)
        uow.commit()


# ---------------------------------------------------------------- pairings list

COLUMNS = (
    "id",
    "programme",
    "mentor",
    "mentor_school",
    "mentee",
    "mentee_school",
    "subject",
    "stage",
    "start",
    "planned_end",
    "status",
    "mentor_eval",
    "mentee_eval",
    "activities",
    "mentor_id",
    "mentee_id",
    "programme_id",
)
HEADERS = (
    "项目",
    "导师",
    "导师单位",
    "青年教师",
    "青年教师单位",
    "学科",
    "学段",
    "开始",
    "计划结束",
    "状态",
    "导师考核",
    "徒弟考核",
    "活动次数",
)


def _iso(d) -> str:
    return d.iso() if d else ""


def list_pairings(db, programme_id: int | None = None, teacher_id: int | None = None) -> list[tuple]:
    """One tuple per pairing (COLUMNS), newest programme first."""
    mentor, mentee = aliased(Teacher), aliased(Teacher)
    ms, es = aliased(School), aliased(School)
    acts = (
        select(PairingActivity.pairing_id.label("pid"), func.count().label("n"))
        .group_by(PairingActivity.pairing_id)
        .subquery()
    )
    stmt = (
        select(
            Pairing.id,
            MentorProgramme.name,
            mentor.name,
            ms.name,
            mentee.name,
            es.name,
            Pairing.subject,
            Pairing.stage,
            Pairing.start,
            Pairing.planned_end,
            Pairing.status,
            Pairing.mentor_eval,
            Pairing.mentee_eval,
            func.coalesce(acts.c.n, 0),
            Pairing.mentor_id,
            Pairing.mentee_id,
            Pairing.programme_id,
        )
        .join(mentor, mentor.id == Pairing.mentor_id)
        .join(mentee, mentee.id == Pairing.mentee_id)
        .outerjoin(ms, ms.id == func.coalesce(mentor.cur_work_school_id, mentor.cur_post_school_id))
        .outerjoin(es, es.id == func.coalesce(mentee.cur_work_school_id, mentee.cur_post_school_id))
        .outerjoin(MentorProgramme, MentorProgramme.id == Pairing.programme_id)
        .outerjoin(acts, acts.c.pid == Pairing.id)
        .order_by(MentorProgramme.year.desc(), es.name.nulls_first(), mentee.name)
    )
    if programme_id is not None:
        stmt = stmt.where(Pairing.programme_id == programme_id)
    if teacher_id is not None:
        stmt = stmt.where((Pairing.mentor_id == teacher_id) | (Pairing.mentee_id == teacher_id))
    with UnitOfWork(db) as uow:
        return [
            (
                r[0],
                r[1] or "（未归入项目）",
                r[2],
                r[3] or "",
                r[4],
                r[5] or "",
                r[6] or "",
                r[7] or "",
                _iso(r[8]),
                _iso(r[9]),
                r[10],
                r[11] or "",
                r[12] or "",
                r[13],
                r[14],
                r[15],
                r[16],
            )
            for r in uow.session.execute(stmt)
        ]


TEACHER_COLUMNS = (
    "id",
    "role",
    "other",
    "other_school",
    "programme",
    "subject",
    "start",
    "planned_end",
    "status",
    "evaluation",
)
TEACHER_HEADERS = ("身份", "对方", "对方单位", "项目", "学科", "开始", "计划结束", "状态", "本人考核")


def teacher_pairings(db, teacher_id: int) -> list[tuple]:
    """A teacher's pairings as mentor (导师) and as mentee (徒弟), for the teacher file."""
    out = []
    for r in list_pairings(db, teacher_id=teacher_id):
        c = dict(zip(COLUMNS, r))
        if c["mentor_id"] == teacher_id:
            out.append(
                (
                    c["id"],
                    "导师",
                    c["mentee"],
                    c["mentee_school"],
                    c["programme"],
                    c["subject"],
                    c["start"],
                    c["planned_end"],
                    c["status"],
                    c["mentor_eval"],
                )
            )
        else:
            out.append(
                (
                    c["id"],
                    "青年教师",
                    c["mentor"],
                    c["mentor_school"],
                    c["programme"],
                    c["subject"],
                    c["start"],
                    c["planned_end"],
                    c["status"],
                    c["mentee_eval"],
                )
            )
    return out


# ---------------------------------------------------------------- one pairing

FIELDS = (
    "programme_id",
    "mentor_id",
    "mentee_id",
    "subject",
    "stage",
    "start",
    "planned_end",
    "status",
    "end_reason",
    "goals",
    "mentor_eval",
    "mentee_eval",
    "note",
)


def get_pairing(db, pairing_id: int) -> dict:
    with UnitOfWork(db) as uow:
        s = uow.session
        p = s.get(Pairing, pairing_id)
        if p is None:
            raise NotFound("找不到这对师徒结对（可能已被删除）")
        out = {"id": p.id, "version": p.version, **{f: getattr(p, f) for f in FIELDS}}
        out["mentor_name"], out["mentee_name"] = p.mentor.name, p.mentee.name
        out["programme"] = p.programme.name if p.programme else ""
        out["activities"] = [
            {"id": a.id, "version": a.version, "kind": a.kind, "date": a.date, "place": a.place, "note": a.note}
            for a in s.scalars(
                select(PairingActivity)
                .where(PairingActivity.pairing_id == p.id)
                .order_by(PairingActivity.date, PairingActivity.id)
            )
        ]
        return out


def _add_years(d: PartialDate, n: int) -> PartialDate:
    if d.day:
        try:
            return PartialDate.from_date(dt.date(d.year + n, d.month, d.day))
        except ValueError:
            return PartialDate(d.year + n, d.month, 28)
    return PartialDate(d.year + n, d.month)


def clean(values: dict) -> dict:
    problems: dict[str, str] = {}
    out = {
        f: text(values.get(f)) if not isinstance(values.get(f), (int, PartialDate)) else values.get(f) for f in FIELDS
    }
    for f in ("programme_id", "mentor_id", "mentee_id"):
        if out[f] is not None:
            try:
                out[f] = int(out[f])
            except (TypeError, ValueError):
                problems[f] = "请从列表中选择"
    if not out["mentor_id"]:
        problems["mentor_id"] = "请选择导师"
    if not out["mentee_id"]:
        problems["mentee_id"] = "请选择青年教师"
    if out["subject"]:
        out["subject"] = codes.SUBJECT.canonical(out["subject"]) or out["subject"]
    if out["stage"]:
        stage = codes.STAGE.canonical(out["stage"])
        if stage is None:
            problems["stage"] = f"“{out['stage']}”不是有效的学段"
        out["stage"] = stage
    for f in ("start", "planned_end"):
        out[f] = date(f, out[f], problems)
    if out["start"] and out["planned_end"] and out["planned_end"] < out["start"]:
        problems["planned_end"] = "计划结束早于开始时间"
    out["status"] = choice("status", out["status"] or ACTIVE, PAIRING_STATUS, problems, label="状态")
    if out["status"] == "提前终止" and not out["end_reason"]:
        problems["end_reason"] = "提前终止须写明原因"
    for f in ("mentor_eval", "mentee_eval"):
        out[f] = choice(f, out[f], EVALUATION, problems, label="考核结果")
    if problems:
        raise ValidationError(problems)
    return out


def check(db, values: dict, pairing_id: int | None = None) -> Check:
    """The rule check of a pairing as typed (errors refuse saving, warnings are shown to the clerk)."""
    v = clean(values)
    with UnitOfWork(db) as uow:
        return _check(uow.session, v, pairing_id)


def _check(s, v: dict, pairing_id: int | None) -> Check:
    if v["status"] != ACTIVE:
        c = Check()
        if v["mentor_id"] == v["mentee_id"]:
            c.errors.append("导师和青年教师不能是同一人")
        return c
    prog = s.get(MentorProgramme, v["programme_id"]) if v["programme_id"] else None
    pol = _policy(s)
    max_mentees = prog.max_mentees if prog else pol.mentees_per_mentor
    max_years = prog.mentee_max_years if prog else pol.mentee_max_years
    ppl = people(s, [v["mentor_id"], v["mentee_id"]])
    if v["mentor_id"] not in ppl or v["mentee_id"] not in ppl:
        c = Check()
        c.errors.append("找不到所选的教师（可能已被删除）")
        return c
    load = active_mentee_counts(s, exclude_pairing=pairing_id)
    mentor = replace(ppl[v["mentor_id"]], active_mentees=load.get(v["mentor_id"], 0))
    stmt = select(Pairing.mentor_id, Pairing.mentee_id).where(Pairing.status == ACTIVE)
    if pairing_id:
        stmt = stmt.where(Pairing.id != pairing_id)
    pairs = {tuple(r) for r in s.execute(stmt)}
    return check_pairing(
        mentor,
        ppl[v["mentee_id"]],
        active_pairs=pairs,
        max_mentees=max_mentees,
        mentee_max_years=max_years,
        subject=v["subject"],
        stage=v["stage"],
    )


def _policy(session):
    """The bureau's Policy read inside an open session."""
    import json

    from talentdesk.domain.policy import Policy
    from talentdesk.store.models import Setting

    row = session.get(Setting, settings.POLICY_KEY)
    try:
        return Policy.from_dict(json.loads(row.value) if row else None)
    except ValueError:
        return Policy()


def save_pairing(
    db,
    pairing_id: int | None,
    values: dict,
    *,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> tuple[int, list[str]]:
    """Create or update a pairing; returns (id, warnings). Rule errors raise UserError.
    VERSION and BASE: what the form loaded (get_pairing); see services.platform.records.upsert."""
    access.require(db, "edit")
    v = clean(values)
    with UnitOfWork(db) as uow:
        s = uow.session
        c = _check(s, v, pairing_id)
        if c.errors:
            raise UserError("；".join(c.errors))
        mentee = s.get(Teacher, v["mentee_id"])
        v["subject"] = v["subject"] or mentee.cur_subject
        v["stage"] = v["stage"] or mentee.cur_stage
        if v["start"] is None:
            v["start"] = PartialDate.from_date(dt.date.today()).to_month()
        if v["planned_end"] is None:
            prog = s.get(MentorProgramme, v["programme_id"]) if v["programme_id"] else None
            v["planned_end"] = _add_years(v["start"], prog.term_years if prog else _policy(s).mentoring_term_years)
        if pairing_id is not None:  # editing: a field the caller left out stays as stored
            v = {f: x for f, x in v.items() if f in values}
        p = upsert(
            s,
            Pairing,
            pairing_id,
            v,
            "找不到这对师徒结对（可能已被删除）",
            expected_version=version,
            base=base,
            merge=merge,
            resolved=resolved,
        )
        s.flush()
        uow.commit()
        return p.id, c.warnings


def delete_pairings(db, pairing_ids: list[int]) -> int:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        n = 0
        for p in s.scalars(select(Pairing).where(Pairing.id.in_(pairing_ids))):
            for a in s.scalars(select(PairingActivity).where(PairingActivity.pairing_id == p.id)):
                s.delete(a)
            s.delete(p)
            n += 1
        uow.commit()
        return n


def close_expired(db, today: dt.date | None = None) -> int:
    """Active pairings whose planned end has passed become 期满; returns how many."""
    access.require(db, "edit")
    now = PartialDate.from_date(today or dt.date.today())
    with UnitOfWork(db) as uow:
        s = uow.session
        n = 0
        for p in s.scalars(select(Pairing).where(Pairing.status == ACTIVE, Pairing.planned_end.is_not(None))):
            if p.planned_end < now:
                p.status = "期满"
                n += 1
        uow.commit()
        return n


# ---------------------------------------------------------------- activities


def save_activities(
    db,
    pairing_id: int,
    activities: list[dict],
    *,
    base: list[dict] | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> None:
    """Replace the pairing's activities with this list (entries with an id are updated). BASE: the activities
    as loaded (get_pairing()["activities"]): others' changes meanwhile are kept or asked (platform.child_rows)."""
    access.require(db, "edit")
    problems: dict[str, str] = {}
    cleaned = []
    for i, a in enumerate(activities, 1):
        kind = text(a.get("kind"))
        if kind is None:
            problems[f"activity{i}"] = f"第{i}条活动：请选择活动类型"
        elif kind not in ACTIVITY_KINDS:
            problems[f"activity{i}"] = f"第{i}条活动：活动类型“{kind}”不在可选之列（{'、'.join(ACTIVITY_KINDS)}）"
        d = date(f"activity{i}", a.get("date"), problems)
        cleaned.append(
            {"id": a.get("id"), "kind": kind, "date": d, "place": text(a.get("place")), "note": text(a.get("note"))}
        )
    if problems:
        raise ValidationError(problems)
    with UnitOfWork(db) as uow:
        s = uow.session
        if s.get(Pairing, pairing_id) is None:
            raise NotFound("找不到这对师徒结对（可能已被删除）")
        replace_rows(
            s,
            PairingActivity,
            ("pairing_id", pairing_id),
            cleaned,
            base,
            merge=merge,
            resolved=resolved,
            missing="找不到这条结对活动（可能已被删除）",
        )
        uow.commit()
