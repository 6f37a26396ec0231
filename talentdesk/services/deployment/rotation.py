"""The rotation year (交流轮岗年度): set-up, eligibility, quotas, the proposed plan, edits and approval.

Sending schools are those whose 城乡类型 the policy marks as sending (城区 by default) plus the
schools the clerk marks as 优质学校 for the year; every other school receives. Approved proposals
become placements (status 已审批) in the year's batch.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import func, select

from talentdesk.domain import codes, idnumber, rotation
from talentdesk.domain.collation import sort_key
from talentdesk.domain.dates import PartialDate, age_on
from talentdesk.domain.deployment import Post, Stay, active_stay, period_start, post_school, same_school_since
from talentdesk.domain.policy import HIGH_SCHOOLS_IN, Policy
from talentdesk.errors import NotFound, UserError, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.platform.settings import load_policy
from talentdesk.store import current
from talentdesk.store.idlists import id_in
from talentdesk.store.models import Designation, Placement, PostRecord, School, SchoolYearStat, Teacher
from talentdesk.store.models_deployment import RotationExclusion, RotationProposal, RotationYear
from talentdesk.store.uow import UnitOfWork

KIND = "交流轮岗"
ROTATION_KINDS = ("交流轮岗", "支教", "走教", "挂职")  # placements that count towards the year's quota


# ---------------------------------------------------------------- years


def list_years(db) -> list[dict]:
    with db.sessions() as s:
        return [
            dict(id=y.id, year=y.year, name=y.name, status=y.status)
            for y in s.scalars(select(RotationYear).order_by(RotationYear.year.desc()))
        ]


def get_year(db, year_id: int) -> dict:
    with db.sessions() as s:
        y = s.get(RotationYear, year_id)
        if y is None:
            raise NotFound("找不到这个交流轮岗年度")
        return dict(
            id=y.id,
            year=y.year,
            name=y.name,
            start=y.start,
            planned_end=y.planned_end,
            status=y.status,
            quality_schools=json.loads(y.quality_schools or "[]"),
            note=y.note,
        )


def create_year(db, year: int, *, quality_schools: list[int] = (), policy: Policy | None = None) -> int:
    """A new rotation year named by the school year it starts in (2025 → 2025年秋季交流轮岗)."""
    access.require(db, "edit")
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": f"年度 {year} 不合理"})
    policy = policy or load_policy(db)
    with UnitOfWork(db) as uow:
        s = uow.session
        if s.scalar(select(RotationYear.id).where(RotationYear.year == year)) is not None:
            raise ValidationError({"year": f"{year} 年度的交流轮岗已经建立"})
        y = RotationYear(
            year=year,
            name=f"{year}年秋季交流轮岗",
            start=PartialDate(year, 9),
            planned_end=PartialDate(year + policy.rotation_term_years, 7),
            quality_schools=json.dumps(sorted(set(quality_schools))),
        )
        s.add(y)
        s.flush()
        uow.commit()
        return y.id


def set_quality_schools(db, year_id: int, school_ids: list[int]) -> None:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        y = uow.session.get(RotationYear, year_id)
        if y is None:
            raise NotFound("找不到这个交流轮岗年度")
        text = json.dumps(sorted(set(school_ids)))
        if y.quality_schools != text:
            y.quality_schools = text
        uow.commit()


def set_exclusion(db, year_id: int, teacher_id: int, reason: str | None, note: str | None = None) -> None:
    """Record (reason given) or remove (reason None) a teacher's exclusion from this year's rotation."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        row = s.scalar(
            select(RotationExclusion).where(
                RotationExclusion.year_id == year_id, RotationExclusion.teacher_id == teacher_id
            )
        )
        if reason:
            if row is None:
                s.add(RotationExclusion(year_id=year_id, teacher_id=teacher_id, reason=reason, note=note))
            else:
                row.reason, row.note = reason, note
        elif row is not None:
            s.delete(row)
        uow.commit()


# ---------------------------------------------------------------- facts


@dataclass
class Facts:
    """Everything the year's screens need, loaded once."""

    year: RotationYear
    ref: dt.date
    schools: dict[int, School]
    sending: set[int]
    candidates: list[rotation.Candidate]
    verdicts: dict[int, rotation.Verdict]
    proposals: list[RotationProposal]
    policy: Policy
    recorded: list[tuple[int, int]]  # (teacher, from school) of this year's placements not made by the plan
    recorded_ids: list[int] = ()  # their placement ids, in the same order


def _backbone_ids(session, on: dt.date) -> dict[int, str]:
    """teacher id → best active 县级及以上 backbone designation (骨干教师 and above) on a date."""
    out: dict[int, tuple] = {}
    today = PartialDate.from_date(on)
    for tid, kind, level, start, end in session.execute(
        select(Designation.teacher_id, Designation.kind, Designation.level, Designation.start, Designation.end)
    ):
        if codes.LEVEL.rank(level) < 1 or codes.DESIGNATION.rank(kind) < 2:
            continue
        if (start is not None and start > today) or (end is not None and end < today):
            continue
        key = (codes.LEVEL.rank(level), codes.DESIGNATION.rank(kind))
        if tid not in out or key > out[tid][0]:
            out[tid] = (key, f"{level}{kind}")
    return {tid: v[1] for tid, v in out.items()}


def sending_schools(schools: dict[int, School], year: RotationYear, policy: Policy) -> set[int]:
    """Schools of a sending 城乡类型 or named quality schools; a school that teaches no 义务教育 stage (普通高中)
    only when the bureau includes high schools (Policy.rotation_high_schools)."""
    quality = set(json.loads(year.quality_schools or "[]"))
    high_in = policy.rotation_high_schools == HIGH_SCHOOLS_IN
    return {
        sid
        for sid, s in schools.items()
        if (policy.rotation_sending_areas.get(s.area or "", 0) or sid in quality) and (high_in or _compulsory(s.kind))
    }


def _compulsory(kind: str | None) -> bool:
    stages = codes.KIND_STAGES.get(kind or "")
    return stages is None or bool({"小学", "初中"} & set(stages))


def load(db, year_id: int, policy: Policy | None = None, session=None) -> Facts:
    policy = policy or load_policy(db)
    s = session or db.sessions()
    try:
        y = s.get(RotationYear, year_id)
        if y is None:
            raise NotFound("找不到这个交流轮岗年度")
        ref = period_start(y.start) or dt.date(y.year, 9, 1)
        schools = {sc.id: sc for sc in s.scalars(select(School))}
        sending = sending_schools(schools, y, policy)
        proposals = list(
            s.scalars(select(RotationProposal).where(RotationProposal.year_id == y.id).order_by(RotationProposal.id))
        )
        own_placements = {p.placement_id for p in proposals if p.placement_id}
        first, last = PartialDate(y.year, 9), PartialDate(y.year + 1, 8, 31)
        this_year = [
            (pid, tid, frm)
            for pid, tid, frm in s.execute(
                select(Placement.id, Placement.teacher_id, Placement.from_school_id).where(
                    Placement.kind.in_(ROTATION_KINDS),
                    Placement.status != "拟交流",
                    Placement.start >= first,
                    Placement.start <= last,
                )
            )
            if pid not in own_placements
        ]
        recorded = [(tid, frm) for _, tid, frm in this_year]
        own_placements |= {pid for pid, _, _ in this_year}  # rotating this year is not "away" for the rules
        excluded = dict(
            s.execute(
                select(RotationExclusion.teacher_id, RotationExclusion.reason).where(RotationExclusion.year_id == y.id)
            ).all()
        )
        backbone = _backbone_ids(s, ref)
        teachers = list(
            s.execute(
                select(
                    Teacher.id,
                    Teacher.name,
                    Teacher.gender,
                    Teacher.birth_date,
                    Teacher.employment_form,
                    Teacher.status,
                    Teacher.cur_stage,
                    Teacher.cur_subject,
                    Teacher.cur_title,
                )
                .where(Teacher.cur_post_school_id.in_(sending) | Teacher.cur_work_school_id.in_(sending))
                .where(Teacher.status == codes.ACTIVE_STATUS)
            )
        )
        ids = [t[0] for t in teachers]
        posts, stays = defaultdict(list), defaultdict(list)
        for i in range(0, len(ids), 900):
            chunk = ids[i : i + 900]
            for tid, sid, a, b in s.execute(
                select(PostRecord.teacher_id, PostRecord.school_id, PostRecord.start, PostRecord.end).where(
                    id_in(s, PostRecord.teacher_id, chunk)
                )
            ):
                posts[tid].append(Post(sid, a, b))
            for pid, tid, to, kind, status, a, pe, ae in s.execute(
                select(
                    Placement.id,
                    Placement.teacher_id,
                    Placement.to_school_id,
                    Placement.kind,
                    Placement.status,
                    Placement.start,
                    Placement.planned_end,
                    Placement.actual_end,
                ).where(id_in(s, Placement.teacher_id, chunk))
            ):
                if pid not in own_placements:
                    stays[tid].append(Stay(to, kind, status, a, pe, ae))
        candidates, verdicts = [], {}
        for tid, name, gender, birth, form, status, stage, subject, title in teachers:
            sid = post_school(posts[tid], ref)
            if sid not in sending:
                continue
            away = active_stay(stays[tid], ref)
            c = rotation.Candidate(
                tid,
                name,
                gender,
                birth,
                form,
                status,
                sid,
                same_school_since(posts[tid], ref),
                stage,
                subject,
                title,
                backbone.get(tid),
                (
                    f"{away.kind}（{schools[away.to_school_id].name if away.to_school_id else '县外单位'}）"
                    if away
                    else None
                ),
                excluded.get(tid),
            )
            candidates.append(c)
            verdicts[tid] = rotation.check(c, policy, ref)
        return Facts(
            y,
            ref,
            schools,
            sending,
            candidates,
            verdicts,
            proposals,
            policy,
            recorded,
            [pid for pid, _, _ in this_year],
        )
    finally:
        if session is None:
            s.close()


# ---------------------------------------------------------------- eligibility and quotas


class EligibilityRow(NamedTuple):
    """A serving teacher of a sending school and whether the year's rules send them."""

    teacher_id: int
    name: str
    school: str
    gender: str
    age: int | str  # "" when the birth date is unknown
    years: int | str  # years at the school; "" when unknown
    title: str
    subject: str
    backbone: str
    verdict: str  # 符合 / 不符合
    reasons: str  # the rules' explanation, joined with ；
    exclusion: str  # the clerk's 不参加 reason


ELIGIBILITY_COLUMNS = EligibilityRow._fields


def eligibility(db, year_id: int, policy: Policy | None = None, *, facts: Facts | None = None) -> list[EligibilityRow]:
    """One row per serving teacher of a sending school (ELIGIBILITY_COLUMNS), eligible first."""
    f = facts or load(db, year_id, policy)
    rows = []
    done = {tid for tid, _ in f.recorded} | {p.teacher_id for p in f.proposals}
    for c in f.candidates:
        v = f.verdicts[c.id]
        text = v.text + ("；已在本年度交流名单中" if c.id in done else "")
        rows.append(
            EligibilityRow(
                c.id,
                c.name,
                f.schools[c.school_id].name,
                c.gender or "",
                "" if v.age is None else v.age,
                "" if v.years is None else v.years,
                c.title or "",
                c.subject or "",
                c.backbone or "",
                "符合" if v.eligible else "不符合",
                text,
                c.exclusion or "",
            )
        )
    rows.sort(key=lambda r: (r.verdict != "符合", sort_key(r.school), sort_key(r.name)))
    return rows


def _recorded_moves(f: Facts) -> list[tuple[int, int, int]]:
    """(placement id, teacher, from school) of this year's placements recorded outside the plan that count
    towards the quotas: e.g. an imported rotation list (a teacher also in the plan counts once, there)."""
    planned = {p.teacher_id for p in f.proposals}
    return [
        (pid, tid, frm)
        for pid, (tid, frm) in zip(f.recorded_ids, f.recorded)
        if tid not in planned and frm in f.sending
    ]


def _quotas(f: Facts) -> list[rotation.SchoolQuota]:
    eligible, bb = defaultdict(int), defaultdict(int)
    for c in f.candidates:
        if f.verdicts[c.id].eligible:
            eligible[c.school_id] += 1
            bb[c.school_id] += bool(c.backbone)
    backbone = {c.id for c in f.candidates if c.backbone}
    rotated, bb_rot = defaultdict(int), defaultdict(int)
    moves = [(p.teacher_id, p.from_school_id) for p in f.proposals]
    moves += [(tid, frm) for _, tid, frm in _recorded_moves(f)]
    for tid, frm in moves:
        if frm in f.sending:
            rotated[frm] += 1
            bb_rot[frm] += tid in backbone
    return [
        rotation.school_quota(sid, f.schools[sid].name, eligible[sid], bb[sid], rotated[sid], bb_rot[sid], f.policy)
        for sid in sorted(f.sending, key=lambda i: sort_key(f.schools[i].name))
    ]


def quotas(
    db, year_id: int, policy: Policy | None = None, *, facts: Facts | None = None
) -> tuple[list[rotation.SchoolQuota], dict]:
    """Each sending school's quota and how far it is from it; the county totals."""
    f = facts or load(db, year_id, policy)
    rows = _quotas(f)
    return rows, rotation.county_quota(rows, f.policy)


# ---------------------------------------------------------------- receivers and the plan


def _latest_students(session) -> dict[int, dict[str, int]]:
    st = SchoolYearStat
    latest = select(st.school_id.label("sid"), func.max(st.school_year).label("y")).group_by(st.school_id).subquery()
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for sid, stage, n in session.execute(
        select(st.school_id, st.stage, st.students).join(
            latest, (latest.c.sid == st.school_id) & (latest.c.y == st.school_year)
        )
    ):
        if n:
            out[sid][stage] = out[sid].get(stage, 0) + n
    return out


def receivers(session, f: Facts) -> list[rotation.Receiver]:
    students = _latest_students(session)
    backbone = _backbone_ids(session, f.ref)
    have: dict[int, dict[tuple, int]] = defaultdict(lambda: defaultdict(int))
    bb_at: dict[int, int] = defaultdict(int)
    county_subject: dict[tuple, int] = defaultdict(int)
    for tid, work, stage, subject in session.execute(
        select(Teacher.id, Teacher.cur_work_school_id, Teacher.cur_stage, Teacher.cur_subject).where(
            Teacher.status == codes.ACTIVE_STATUS
        )
    ):
        if work is None:
            continue
        have[work][(stage or "", subject or "")] += 1
        county_subject[(stage or "", subject or "")] += 1
        bb_at[work] += tid in backbone
    county_students: dict[str, int] = defaultdict(int)
    for by_stage in students.values():
        for stage, n in by_stage.items():
            county_students[stage] += n
    out = []
    for sid, sc in f.schools.items():
        if sid in f.sending:
            continue
        stages = codes.KIND_STAGES.get(sc.kind or "", tuple(students.get(sid, {})))
        n_students = sum(students.get(sid, {}).values()) or None
        expected = {}
        for (stage, subject), n in county_subject.items():
            if stage in stages and county_students.get(stage):
                expected[(stage, subject)] = n * students.get(sid, {}).get(stage, 0) / county_students[stage]
        out.append(rotation.Receiver(sid, sc.name, tuple(stages), n_students, bb_at[sid], dict(have[sid]), expected))
    return out


@dataclass
class PlanOutcome:
    """What 生成方案 did: places that were open, teachers placed, and per school why the rest stay open."""

    needed: int
    made: int
    shortfalls: list[rotation.Shortfall]

    def message(self) -> str:
        if not self.needed:
            return "各派出学校都已达到名额，无需新增"
        head = f"尚差 {self.needed} 个名额，本次安排了 {self.made} 人"
        if not self.shortfalls:
            return head + "，已全部补足。"
        lines = [f"{head}；以下学校还差 {self.needed - self.made} 人，原因："]
        for x in self.shortfalls:
            lines.append(f"· {x.name}（还差 {x.short} 人）：{'；'.join(x.reasons)}")
        return "\n".join(lines)


def propose(db, year_id: int, policy: Policy | None = None) -> PlanOutcome:
    """Replace the optimiser's unapproved proposals with a new optimal plan; returns how many places were open,
    how many were filled and, per school, why the rest could not be.

    The clerk's own rows and approved rows are kept and count towards the quotas.
    """
    access.require(db, "edit")
    policy = policy or load_policy(db)
    with UnitOfWork(db) as uow:
        s = uow.session
        f = load(db, year_id, policy, session=s)
        if f.year.status == "已审批" and all(p.status == "已审批" for p in f.proposals) and f.proposals:
            raise UserError("这个年度的方案已全部审批，不能重新生成")
        for p in f.proposals:
            if p.source == "方案" and p.status == "拟交流":
                s.delete(p)
        s.flush()
        f.proposals = [p for p in f.proposals if not (p.source == "方案" and p.status == "拟交流")]
        rows = _quotas(f)
        taken = {p.teacher_id for p in f.proposals} | {tid for tid, _ in f.recorded}
        need = {q.school_id: (q.short, q.backbone_short) for q in rows if q.short > 0}
        cands = [
            (c, f.verdicts[c.id].years or 0)
            for c in f.candidates
            if f.verdicts[c.id].eligible and c.id not in taken and c.school_id in need
        ]
        recv = receivers(s, f)
        names = {sid: sc.name for sid, sc in f.schools.items()}
        made = rotation.plan(cands, need, recv, school_names=names)
        outcome = PlanOutcome(
            sum(q for q, _ in need.values()), len(made), rotation.shortfalls(cands, need, recv, made, names)
        )
        end = PartialDate(f.year.year + policy.rotation_term_years, 7)
        for p in made:
            s.add(
                RotationProposal(
                    year_id=f.year.id,
                    teacher_id=p.teacher_id,
                    from_school_id=p.from_school_id,
                    to_school_id=p.to_school_id,
                    kind=KIND,
                    start=f.year.start,
                    planned_end=end,
                    reason=p.reason,
                    score=p.score,
                    source="方案",
                    status="拟交流",
                    moves_relation=False,
                )
            )
        uow.commit()
        return outcome


# ---------------------------------------------------------------- proposals: list, edit, approve


class ProposalRow(NamedTuple):
    """A line of the year's 交流方案: a proposal, or (plan_list, id < 0) a placement recorded outside the plan."""

    id: int
    teacher_id: int
    name: str
    from_school: str
    to_school: str
    kind: str
    start: str
    planned_end: str
    backbone: str
    subject: str
    title: str
    status: str
    source: str
    reason: str


PROPOSAL_COLUMNS = ProposalRow._fields


def proposals(db, year_id: int, school_ids: set[int] | None = None) -> list[ProposalRow]:
    """The year's proposals (PROPOSAL_COLUMNS); SCHOOL_IDS: only those sent from these schools (原学校)."""
    with db.sessions() as s:
        y = s.get(RotationYear, year_id)
        if y is None:
            raise NotFound("找不到这个交流轮岗年度")
        backbone = _backbone_ids(s, period_start(y.start) or dt.date(y.year, 9, 1))
        rows = []
        stmt = select(RotationProposal).where(RotationProposal.year_id == year_id)
        if school_ids is not None:
            stmt = stmt.where(id_in(s, RotationProposal.from_school_id, sorted(school_ids)))
        for p in s.scalars(stmt.order_by(RotationProposal.from_school_id, RotationProposal.id)):
            t = p.teacher
            rows.append(
                ProposalRow(
                    p.id,
                    t.id,
                    t.name,
                    p.from_school.name if p.from_school else "",
                    p.to_school.name if p.to_school else "",
                    p.kind,
                    p.start.iso() if p.start else "",
                    p.planned_end.iso() if p.planned_end else "",
                    backbone.get(t.id, ""),
                    t.cur_subject or "",
                    t.cur_title or "",
                    p.status,
                    p.source,
                    p.reason or "",
                )
            )
        return rows


RECORDED = "交流记录"  # source of a plan-list row that is a placement recorded outside the plan


def plan_list(db, year_id: int, *, facts: Facts | None = None, school_ids: set[int] | None = None) -> list[ProposalRow]:
    """What the 交流方案 list shows: the year's proposals, then the placements recorded outside the plan that
    count towards the quotas (source 交流记录, id = −placement id: edited in the placements list). Its rows
    whose original school sends are exactly the 已安排 of quotas(). SCHOOL_IDS: only those sent from these
    schools (a report's scope)."""
    rows = proposals(db, year_id, school_ids)
    f = facts or load(db, year_id)
    moves = [m for m in _recorded_moves(f) if school_ids is None or m[2] in school_ids]
    if not moves:
        return rows
    with db.sessions() as s:
        backbone = _backbone_ids(s, f.ref)
        wanted = [m[0] for m in moves]
        pls = {
            p.id: p
            for i in range(0, len(wanted), 900)
            for p in s.scalars(select(Placement).where(id_in(s, Placement.id, wanted[i : i + 900])))
        }
        for pid, _, _ in moves:
            p = pls[pid]
            t = p.teacher
            rows.append(
                ProposalRow(
                    -p.id,
                    t.id,
                    t.name,
                    p.from_school.name if p.from_school else "",
                    p.to_school.name if p.to_school else "",
                    p.kind,
                    p.start.iso() if p.start else "",
                    p.planned_end.iso() if p.planned_end else "",
                    backbone.get(t.id, ""),
                    t.cur_subject or "",
                    t.cur_title or "",
                    p.status,
                    RECORDED,
                    f"已在交流记录中登记{f'（{p.batch}）' if p.batch else ''}，计入本年度名额",
                )
            )
    return rows


def overview(db, year_id: int) -> dict:
    """What the year's tab shows, from one reading of the facts (a city's 18,000 teachers take seconds each):
    eligibility rows, per-school quotas, the county totals and the plan list."""
    f = load(db, year_id)
    rows, county = quotas(db, year_id, facts=f)
    return dict(
        eligibility=eligibility(db, year_id, facts=f), quotas=rows, county=county, plan=plan_list(db, year_id, facts=f)
    )


def add_proposal(
    db,
    year_id: int,
    teacher_id: int,
    to_school_id: int | None = None,
    reason: str | None = None,
    policy: Policy | None = None,
) -> int:
    """The clerk adds a teacher to the plan by hand (eligible or not: the reason says why)."""
    access.require(db, "edit")
    policy = policy or load_policy(db)
    with UnitOfWork(db) as uow:
        s = uow.session
        y = s.get(RotationYear, year_id)
        t = s.get(Teacher, teacher_id)
        if y is None or t is None:
            raise NotFound("找不到这个年度或这名教师")
        if s.scalar(
            select(RotationProposal.id).where(
                RotationProposal.year_id == year_id, RotationProposal.teacher_id == teacher_id
            )
        ):
            raise ValidationError({"teacher_id": f"{t.name}已在本年度方案中"})
        if to_school_id is not None and to_school_id == t.cur_post_school_id:
            raise ValidationError({"to_school_id": "交流学校不能是本人的编制学校"})
        p = RotationProposal(
            year_id=year_id,
            teacher_id=teacher_id,
            from_school_id=t.cur_post_school_id,
            to_school_id=to_school_id,
            kind=KIND,
            start=y.start,
            planned_end=PartialDate(y.year + policy.rotation_term_years, 7),
            reason=reason or "办事员手工加入",
            source="手工",
            status="拟交流",
            moves_relation=False,
        )
        s.add(p)
        s.flush()
        uow.commit()
        return p.id


def update_proposal(db, proposal_id: int, values: dict) -> None:
    """Change destination, kind, period or reason of a proposal not yet approved."""
    access.require(db, "edit")
    from talentdesk.services.deployment.placements import _date

    problems: dict[str, str] = {}
    with UnitOfWork(db) as uow:
        s = uow.session
        p = s.get(RotationProposal, proposal_id)
        if p is None:
            raise NotFound("找不到这条方案记录")
        if p.status == "已审批":
            raise UserError("已审批的记录不能修改；请先撤销审批")
        if "to_school_id" in values:
            sid = values["to_school_id"]
            if sid is not None and sid == p.from_school_id:
                problems["to_school_id"] = "交流学校不能与原学校相同"
            elif sid != p.to_school_id:
                p.to_school_id = sid
                p.source = "手工"
        if "kind" in values:
            kind = codes.PLACEMENT_KIND.canonical(values["kind"])
            if kind in (None, "本校", "调动"):
                problems["kind"] = "交流方式应为交流轮岗、支教、走教、挂职、跟岗学习或借调"
            elif kind != p.kind:
                p.kind = kind
        for f in ("start", "planned_end"):
            if f in values:
                d = _date(f, values[f], problems)
                if f not in problems and d != getattr(p, f):
                    setattr(p, f, d)
        if "reason" in values and values["reason"] != p.reason:
            p.reason = values["reason"]
        if "moves_relation" in values:
            p.moves_relation = bool(values["moves_relation"])
        if problems:
            raise ValidationError(problems)
        uow.commit()


def remove_proposal(db, proposal_id: int) -> None:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        p = uow.session.get(RotationProposal, proposal_id)
        if p is None:
            raise NotFound("找不到这条方案记录")
        if p.status == "已审批":
            raise UserError("已审批的记录不能删除；请先撤销审批")
        uow.session.delete(p)
        uow.commit()


def approve(db, year_id: int, proposal_ids: list[int] | None = None) -> int:
    """Approve proposals (all unapproved ones when ids is None): each becomes a placement (已审批)."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        y = s.get(RotationYear, year_id)
        if y is None:
            raise NotFound("找不到这个交流轮岗年度")
        stmt = select(RotationProposal).where(RotationProposal.year_id == year_id, RotationProposal.status == "拟交流")
        if proposal_ids is not None:
            stmt = stmt.where(RotationProposal.id.in_(proposal_ids))
        rows = list(s.scalars(stmt))
        missing = [p.teacher.name for p in rows if p.to_school_id is None]
        if missing:
            raise UserError(f"以下教师还没有确定交流学校，不能审批：{'、'.join(missing[:10])}")
        touched = []
        for p in rows:
            pl = Placement(
                teacher_id=p.teacher_id,
                from_school_id=p.from_school_id,
                to_school_id=p.to_school_id,
                kind=p.kind,
                start=p.start,
                planned_end=p.planned_end,
                moves_relation=p.moves_relation,
                batch=y.name,
                status="已审批",
                note=(p.reason or "")[:500] or None,
            )
            s.add(pl)
            s.flush()
            p.placement_id, p.status = pl.id, "已审批"
            touched.append(p.teacher_id)
        s.flush()
        left = s.scalar(
            select(func.count())
            .select_from(RotationProposal)
            .where(RotationProposal.year_id == year_id, RotationProposal.status == "拟交流")
        )
        if not left and y.status != "已审批":
            y.status = "已审批"
        current.refresh(s, touched)
        uow.commit()
        return len(rows)


def revoke(db, proposal_id: int) -> None:
    """Undo an approval while the placement has not started (its status is still 已审批)."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        p = s.get(RotationProposal, proposal_id)
        if p is None:
            raise NotFound("找不到这条方案记录")
        if p.status != "已审批":
            return
        pl = s.get(Placement, p.placement_id) if p.placement_id else None
        if pl is not None and pl.status != "已审批":
            raise UserError(f"{p.teacher.name}的交流已是“{pl.status}”，不能撤销审批；请在交流记录中结束它")
        if pl is not None:
            s.delete(pl)
        p.placement_id, p.status = None, "拟交流"
        y = s.get(RotationYear, p.year_id)
        if y.status == "已审批":
            y.status = "编制方案"
        s.flush()
        current.refresh(s, [p.teacher_id])
        uow.commit()


def form_data(db, proposal_ids: list[int], *, full: bool | None = None) -> list[dict]:
    """What the 审批表 and the 公示名单 print for these proposals. Full ID numbers only for roles that may
    reveal them (full=None: by role; full=False: masked); the 公示名单 masks them anyway."""
    reveal = access.may_reveal(db) and full is not False
    out = []
    with db.sessions() as s:
        for pid in proposal_ids:
            p = s.get(RotationProposal, pid)
            if p is None:
                continue
            t = p.teacher
            y = s.get(RotationYear, p.year_id)
            ref = period_start(y.start) or dt.date(y.year, 9, 1)
            backbone = _backbone_ids(s, ref).get(t.id, "")
            out.append(
                dict(
                    proposal_id=p.id,
                    year=y.name,
                    name=t.name,
                    gender=t.gender or "",
                    birth=t.birth_date,
                    id_number=t.id_number if reveal else idnumber.mask(t.id_number),
                    id_full=reveal,
                    political=t.political or "",
                    work_start=t.work_start,
                    degree=t.cur_degree or "",
                    title=t.cur_title or "",
                    subject=t.cur_subject or "",
                    stage=t.cur_stage or "",
                    backbone=backbone,
                    from_school=p.from_school.name if p.from_school else "",
                    to_school=p.to_school.name if p.to_school else "",
                    kind=p.kind,
                    start=p.start,
                    planned_end=p.planned_end,
                    moves_relation=p.moves_relation,
                    school_entry=t.school_entry,
                    age=age_on(t.birth_date, ref) if t.birth_date else None,
                    reason=p.reason or "",
                    status=p.status,
                )
            )
    return out
