"""Permanent redeployment plans (调配方案, issue 22 §2): one per school year, from the subject gaps of the schools.

生成方案 proposes the optimal moves (domain.redeploy); the clerk adds, removes or changes moves (each edit can be
undone, 撤销, until the plan is approved) and approves the plan with a 文号: every move then becomes a post move
(调动, people.posts.move_post) with the 文号 and the reason 调配, audited like every change (ORM session events).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.domain import redeploy as rules
from talentdesk.domain.collation import sort_key
from talentdesk.domain.dates import PartialDate
from talentdesk.domain.deployment import period_start
from talentdesk.domain.policy import Policy
from talentdesk.errors import NotFound, UserError, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.deployment.placements import TRANSFER
from talentdesk.services.people import subject_gaps
from talentdesk.services.people.posts import move_post, teach_from
from talentdesk.services.people.redeploy_facts import certificates, lines, teachers
from talentdesk.services.platform.settings import load_policy
from talentdesk.store import current
from talentdesk.store.models import Placement, PostRecord, School, Teacher
from talentdesk.store.models_deployment import RedeployEdit, RedeployMove, RedeployPlan
from talentdesk.store.uow import UnitOfWork

REASON = "调配"  # the reason a post move of an approved plan carries (PostRecord.note, the 调动's note)
DRAFT, APPROVED, REVOKED = "编制方案", "已审批", "已撤销"
PROPOSED, DONE = "拟调配", "已调配"  # a move of a revoked plan: REVOKED
REVERT_REASON = "撤销调配"  # the note of the post move back when an approved plan is revoked
MOVE_FIELDS = (
    *("id", "plan_id", "teacher_id", "from_school_id", "to_school_id"),
    *("stage", "subject", "reason", "cost", "source", "status"),
)


# ---------------------------------------------------------------- plans


def list_plans(db) -> list[dict]:
    """Every plan, newest school year first (a city database: each county's, COUNTY named; the city's own first)."""
    with db.sessions() as s:
        out = []
        plans = sorted(s.scalars(select(RedeployPlan)), key=lambda p: (-p.school_year, sort_key(p.county or "")))
        for p in plans:
            n = len(s.scalars(select(RedeployMove.id).where(RedeployMove.plan_id == p.id)).all())
            out.append(
                dict(
                    id=p.id,
                    school_year=p.school_year,
                    name=p.name,
                    status=p.status,
                    moves=n,
                    county=p.county or "",
                    label=(f"{p.county}：" if p.county else "") + p.name,
                )
            )
        return out


def get_plan(db, plan_id: int) -> dict:
    with db.sessions() as s:
        p = s.get(RedeployPlan, plan_id)
        if p is None:
            raise NotFound("找不到这份调配方案（可能已被删除）")
        return dict(
            id=p.id,
            school_year=p.school_year,
            name=p.name,
            status=p.status,
            doc_number=p.doc_number,
            approved_on=p.approved_on,
            note=p.note,
            edits=len(s.scalars(select(RedeployEdit.id).where(RedeployEdit.plan_id == p.id)).all()),
            county=p.county or "",
            revoked_on=p.revoked_on,
            revoke_doc=p.revoke_doc,
            revoke_reason=p.revoke_reason,
            revoked_by=p.revoked_by,
            revoked_at=p.revoked_at,
        )


def status_text(plan: dict) -> str:
    """The plan's status for a clerk: 已审批（文号）, 已撤销（文号，who, when: why）."""
    text = plan["status"]
    if plan["status"] == APPROVED and plan.get("doc_number"):
        text += f"（{plan['doc_number']}）"
    elif plan["status"] == REVOKED:
        on = plan["revoked_on"].chinese() if plan.get("revoked_on") else ""
        at = f"{plan['revoked_at']:%Y-%m-%d %H:%M}" if plan.get("revoked_at") else ""
        text += (
            f"（原审批文号 {plan.get('doc_number') or '无'}；撤销文号 {plan.get('revoke_doc') or ''}，{on}生效；"
            f"{plan.get('revoked_by') or ''}于 {at} 撤销，理由：{plan.get('revoke_reason') or ''}）"
        )
    return text


def plan_of_year(db, school_year: int) -> int | None:
    """The plan of the school year in this database (a city database: the city's own, else none)."""
    with db.sessions() as s:
        return s.scalar(
            select(RedeployPlan.id).where(RedeployPlan.school_year == school_year, RedeployPlan.county.is_(None))
        )


def plans_of_year(db, school_year: int) -> list[int]:
    """Every plan of the school year: the county's own, and in a city database each county's."""
    with db.sessions() as s:
        return list(
            s.scalars(select(RedeployPlan.id).where(RedeployPlan.school_year == school_year).order_by(RedeployPlan.id))
        )


def create_plan(db, school_year: int) -> int:
    """A new plan named by its school year (2025 → 2025学年教师调配方案)."""
    access.require(db, "edit")
    if not 2000 <= int(school_year) <= 2100:
        raise ValidationError({"school_year": f"学年 {school_year} 不合理"})
    with UnitOfWork(db) as uow:
        s = uow.session
        if (
            s.scalar(
                select(RedeployPlan.id).where(RedeployPlan.school_year == school_year, RedeployPlan.county.is_(None))
            )
            is not None
        ):
            raise ValidationError({"school_year": f"{school_year}学年的调配方案已经建立"})
        p = RedeployPlan(school_year=school_year, name=f"{school_year}学年教师调配方案", status=DRAFT)
        s.add(p)
        s.flush()
        uow.commit()
        return p.id


def _plan(s, plan_id: int, *, draft: bool = False) -> RedeployPlan:
    p = s.get(RedeployPlan, plan_id)
    if p is None:
        raise NotFound("找不到这份调配方案（可能已被删除）")
    if draft and p.county:
        raise UserError(f"{p.county}的{p.name}来自该县报送的数据包，只能由{p.county}在本县修改")
    if draft and p.status == APPROVED:
        raise UserError(f"{p.name}已审批（{p.doc_number}），不能再修改")
    if draft and p.status == REVOKED:
        raise UserError(f"{p.name}已撤销（{p.revoke_doc}），不能再修改")
    return p


# ---------------------------------------------------------------- facts: gaps and teachers


def _apply(gap_lines: list[rules.Line], moves: list[tuple[rules.Key, rules.Key]]) -> list[rules.Line]:
    """The lines after MOVES (from key, to key): what is still open once the plan's moves are made."""
    delta: dict[rules.Key, int] = defaultdict(int)
    for frm, to in moves:
        delta[frm] -= 1
        delta[to] += 1
    return [
        rules.Line(ln.school_id, ln.school, ln.township, ln.stage, ln.subject, ln.need, ln.have + delta[ln.key])
        for ln in gap_lines
    ]


def _move_keys(ms: list[RedeployMove], movers: dict[int, rules.Mover]) -> list[tuple[rules.Key, rules.Key]]:
    out = []
    for m in ms:
        t = movers.get(m.teacher_id)
        frm = (m.from_school_id or 0, t.stage if t else "", t.subject if t else "")
        out.append((frm, (m.to_school_id, m.stage or "", m.subject or "")))
    return out


# ---------------------------------------------------------------- the plan


@dataclass
class Outcome:
    """What 生成方案 did: the gaps open, the moves made, the gaps left."""

    places: int
    made: int
    surplus: int

    def message(self) -> str:
        if not self.places:
            return "各学校没有需要调配补充的学科缺口"
        left = self.places - self.made
        text = f"学科缺口 {self.places} 个，可调出的富余教师 {self.surplus} 人，本次安排调配 {self.made} 人"
        if left:
            text += f"；还有 {left} 个缺口没有合适的富余教师（学科、学段资格或调配成本不符），可由招聘补充"
        return text + "。"


def _snapshot(m: RedeployMove) -> dict:
    return {f: getattr(m, f) for f in MOVE_FIELDS}


def _log(s, plan_id: int, action: str, before: list[dict], after: list[int]) -> None:
    s.add(
        RedeployEdit(
            plan_id=plan_id, action=action, before=json.dumps(before, ensure_ascii=False), after=json.dumps(after)
        )
    )


def propose(db, plan_id: int, policy: Policy | None = None, progress=None) -> Outcome:
    """Replace the optimiser's moves by a new optimal plan; the clerk's own moves are kept and count.
    PROGRESS(done, total, text), when given, hears each step (the GUI's worker)."""
    access.require(db, "edit")
    policy = policy or load_policy(db)
    say = progress or (lambda *_: None)
    with UnitOfWork(db) as uow:
        s = uow.session
        p = _plan(s, plan_id, draft=True)
        say(0, 3, "测算各学校学科余缺")
        gap_lines = lines(db, p.school_year, policy)
        say(1, 3, "读取教师资格和家庭情况")
        staff = teachers(s, p.school_year, gap_lines, policy)
        existing = list(s.scalars(select(RedeployMove).where(RedeployMove.plan_id == plan_id)))
        dropped = [m for m in existing if m.source == "方案" and m.status == PROPOSED]
        kept = [m for m in existing if m not in dropped]
        before = [_snapshot(m) for m in dropped]
        for m in dropped:
            s.delete(m)
        s.flush()
        open_lines = _apply(gap_lines, _move_keys(kept, staff.movers))
        taken = {m.teacher_id for m in kept}
        say(2, 3, "求最优调配方案")
        w = rules.Weights.of(policy)
        made = rules.plan(open_lines, [m for tid, m in staff.movers.items() if tid not in taken], w)
        ids = []
        for mv in made:
            row = RedeployMove(
                plan_id=plan_id,
                teacher_id=mv.teacher_id,
                from_school_id=mv.from_school_id,
                to_school_id=mv.to_school_id,
                stage=mv.stage,
                subject=mv.subject,
                reason=mv.reason,
                cost=mv.cost,
                source="方案",
                status=PROPOSED,
            )
            s.add(row)
            s.flush()
            ids.append(row.id)
        _log(s, plan_id, "生成", before, ids)
        uow.commit()
        say(3, 3, "完成")
        return Outcome(
            sum(rules.places(ln) for ln in open_lines),
            len(made),
            sum(rules.movable(ln, w.keep_min) for ln in open_lines),
        )


class MoveRow(NamedTuple):
    """A line of the 调配方案 list."""

    id: int
    teacher_id: int
    name: str
    from_school: str
    to_school: str
    stage: str
    subject: str
    cost: float | str
    status: str
    source: str
    reason: str


MOVE_COLUMNS = MoveRow._fields


def moves(db, plan_id: int, school_ids: set[int] | None = None) -> list[MoveRow]:
    """The plan's moves (MOVE_COLUMNS); SCHOOL_IDS: only those from or to these schools."""
    with db.sessions() as s:
        _plan(s, plan_id)
        rows = []
        for m in s.scalars(select(RedeployMove).where(RedeployMove.plan_id == plan_id)):
            if school_ids is not None and m.from_school_id not in school_ids and m.to_school_id not in school_ids:
                continue
            rows.append(
                MoveRow(
                    m.id,
                    m.teacher_id,
                    m.teacher.name,
                    m.from_school.name if m.from_school else "",
                    m.to_school.name,
                    m.stage or "",
                    m.subject or "",
                    "" if m.cost is None else m.cost,
                    m.status,
                    m.source,
                    m.reason or "",
                )
            )
    rows.sort(key=lambda r: (sort_key(r.from_school), sort_key(r.to_school), sort_key(r.name)))
    return rows


def _check_minimum(s, db, p: RedeployPlan, t: Teacher, policy: Policy, exclude: int | None = None) -> str:
    """Refuse a move that takes a school's last teachers of a subject it teaches (开齐开足); returns the line's
    description for the reason."""
    gap_lines = lines(db, p.school_year, policy, {t.cur_post_school_id or 0})
    staff = teachers(s, p.school_year, gap_lines, policy)
    me = staff.movers.get(t.id)
    if me is None:
        return ""
    key = (me.school_id, me.stage, me.subject)
    line = next((ln for ln in gap_lines if ln.key == key), None)
    if line is None:
        return ""
    others = [
        m
        for m in s.scalars(select(RedeployMove).where(RedeployMove.plan_id == p.id))
        if m.id != exclude and m.teacher_id in staff.movers
    ]
    leaving = 1 + sum(1 for frm, _ in _move_keys(others, staff.movers) if frm == key)
    if rules.below_minimum(line, leaving, policy.redeploy_keep_min):
        raise UserError(
            f"不能调走{line.school}{line.stage}{line.subject}教师{t.name}：该校{line.subject}现有 {line.have} 人，"
            f"方案中已调出 {leaving - 1} 人，开齐开足至少应保留 {policy.redeploy_keep_min} 人"
        )
    return f"{line.school}{line.stage}{line.subject}教师 {line.have} 人，按课时应需 {line.need:.1f} 人"


def _target(s, values: dict, t: Teacher, problems: dict) -> tuple[int | None, str | None, str | None]:
    sid = values.get("to_school_id")
    if not sid or s.get(School, sid) is None:
        problems["to_school_id"] = "请选择调入学校"
    elif sid == t.cur_post_school_id:
        problems["to_school_id"] = f"调入学校不能是{t.name}现在的编制学校"
    stage = codes.STAGE.canonical(values.get("stage") or t.cur_stage)
    subject = codes.SUBJECT.canonical(values.get("subject") or t.cur_subject)
    if values.get("subject") and subject is None:
        problems["subject"] = f"“{values.get('subject')}”不是学科"
    return sid, stage, subject


def fit_warnings(s, t: Teacher, stage: str | None, subject: str | None) -> list[str]:
    """What the plan's rules would say against a hand-made move (domain.redeploy.fit): another subject without its
    teacher certificate, a higher stage without a certificate for it. Warnings: the clerk may still decide."""
    cert_stage, cert_subjects = certificates(s, t.id)
    out = []
    if subject and t.cur_subject and subject != t.cur_subject and subject not in cert_subjects:
        out.append(f"{t.name}现任教{t.cur_subject}，没有{subject}教师资格，改教{subject}不合学科要求")
    up = bool(stage) and rules.stage_rank(stage) > rules.stage_rank(t.cur_stage) >= 0
    if up and rules.stage_rank(cert_stage) < rules.stage_rank(stage):
        held = f"只持{cert_stage}教师资格" if cert_stage else "没有登记教师资格"
        out.append(f"{t.name}{held}，由{t.cur_stage}向上调配任教{stage}不合资格要求")
    return out


def _add(s, db, p: RedeployPlan, values: dict, policy: Policy) -> RedeployMove:
    """A clerk's move (add_move, the import) inside the caller's session; the caller logs the edit."""
    t = s.get(Teacher, values.get("teacher_id") or 0)
    if t is None:
        raise ValidationError({"teacher_id": "请选择教师"})
    if t.status != codes.ACTIVE_STATUS or t.cur_post_school_id is None:
        raise UserError(f"{t.name}不是在岗的编制内教师，不能调配")
    if s.scalar(select(RedeployMove.id).where(RedeployMove.plan_id == p.id, RedeployMove.teacher_id == t.id)):
        raise ValidationError({"teacher_id": f"{t.name}已在本方案中"})
    problems: dict[str, str] = {}
    sid, stage, subject = _target(s, values, t, problems)
    if problems:
        raise ValidationError(problems)
    why = _check_minimum(s, db, p, t, policy)
    m = RedeployMove(
        plan_id=p.id,
        teacher_id=t.id,
        from_school_id=t.cur_post_school_id,
        to_school_id=sid,
        stage=stage,
        subject=subject,
        reason=(values.get("reason") or "").strip() or ("办事员手工加入" + (f"；{why}" if why else "")),
        source="手工",
        status=PROPOSED,
    )
    s.add(m)
    s.flush()
    return m


def add_move(db, plan_id: int, values: dict, policy: Policy | None = None) -> int:
    """The clerk adds a move: VALUES teacher_id, to_school_id, and optionally stage, subject, reason."""
    access.require(db, "edit")
    policy = policy or load_policy(db)
    with UnitOfWork(db) as uow:
        s = uow.session
        p = _plan(s, plan_id, draft=True)
        m = _add(s, db, p, values, policy)
        _log(s, plan_id, "加入", [], [m.id])
        uow.commit()
        return m.id


def update_move(db, move_id: int, values: dict, policy: Policy | None = None) -> None:
    """Change a move's school, stage, subject or reason (the move becomes the clerk's: 手工)."""
    access.require(db, "edit")
    policy = policy or load_policy(db)
    with UnitOfWork(db) as uow:
        s = uow.session
        m = s.get(RedeployMove, move_id)
        if m is None:
            raise NotFound("找不到这条调配记录（可能已被删除）")
        p = _plan(s, m.plan_id, draft=True)
        before = _snapshot(m)
        problems: dict[str, str] = {}
        merged = {"to_school_id": m.to_school_id, "stage": m.stage, "subject": m.subject, **values}
        sid, stage, subject = _target(s, merged, m.teacher, problems)
        if problems or sid is None:
            raise ValidationError(problems or {"to_school_id": "请选择调入学校"})
        changed = (sid, stage, subject) != (m.to_school_id, m.stage, m.subject)
        if changed:
            m.to_school_id, m.stage, m.subject, m.source, m.cost = sid, stage, subject, "手工", None
        if "reason" in values and (values["reason"] or "") != (m.reason or ""):
            m.reason = values["reason"]
        elif changed:
            m.reason = "办事员修改：" + (m.reason or "")
        if _snapshot(m) != before:
            _check_minimum(s, db, p, m.teacher, policy, exclude=m.id)
            _log(s, p.id, "修改", [before], [m.id])
        uow.commit()


def remove_move(db, move_id: int) -> None:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        m = s.get(RedeployMove, move_id)
        if m is None:
            raise NotFound("找不到这条调配记录（可能已被删除）")
        _plan(s, m.plan_id, draft=True)
        _log(s, m.plan_id, "删除", [_snapshot(m)], [])
        s.delete(m)
        uow.commit()


def undo(db, plan_id: int) -> str:
    """撤销 the plan's last edit (生成、加入、删除、修改) while the plan is not approved; returns what was undone."""
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        s = uow.session
        _plan(s, plan_id, draft=True)
        e = s.scalars(
            select(RedeployEdit).where(RedeployEdit.plan_id == plan_id).order_by(RedeployEdit.id.desc())
        ).first()
        if e is None:
            raise UserError("没有可以撤销的修改")
        for mid in json.loads(e.after):
            m = s.get(RedeployMove, mid)
            if m is not None:
                s.delete(m)
        s.flush()
        for values in json.loads(e.before):
            s.add(RedeployMove(**values))
        s.delete(e)
        uow.commit()
        return f"已撤销：{e.action}"


def approve(db, plan_id: int, doc_number: str, on, *, note: str | None = None) -> int:
    """Approve the plan with its 文号: each proposed move becomes the teacher's post move (调动) on ON, noted
    调配 with the 文号. Returns the number of teachers moved."""
    access.require(db, "edit")
    doc = (doc_number or "").strip()
    problems: dict[str, str] = {}
    if not doc:
        problems["doc_number"] = "请填写审批文号"
    elif len(doc) > 30:
        problems["doc_number"] = "文号不能超过 30 个字"
    when = on if isinstance(on, PartialDate) else PartialDate.from_date(on) if isinstance(on, dt.date) else None
    if when is None:
        problems["approved_on"] = "请填写调配生效日期"
    if problems or when is None:
        raise ValidationError(problems)
    with UnitOfWork(db) as uow:
        s = uow.session
        p = _plan(s, plan_id, draft=True)
        rows = list(
            s.scalars(select(RedeployMove).where(RedeployMove.plan_id == plan_id, RedeployMove.status == PROPOSED))
        )
        if not rows:
            raise UserError(f"{p.name}中没有待审批的调配")
        for m in rows:
            t = m.teacher
            if t.cur_post_school_id != m.from_school_id:
                raise UserError(
                    f"{t.name}的编制学校已不是{m.from_school.name if m.from_school else '原学校'}，请先修改方案"
                )
            placement = move_post(s, t, m.to_school_id, when, note=f"{REASON}（{doc}）", batch=doc)
            teach_from(s, t, p.school_year, m.stage, m.subject)
            m.placement_id, m.status = placement.id, DONE
        p.status, p.doc_number, p.approved_on = APPROVED, doc, when
        if note:
            p.note = note
        for e in s.scalars(select(RedeployEdit).where(RedeployEdit.plan_id == plan_id)):
            s.delete(e)  # an approved plan is no longer edited: nothing to undo
        s.flush()
        current.refresh(s, [m.teacher_id for m in rows])
        uow.commit()
        return len(rows)


def revoke(db, plan_id: int, doc_number: str, reason: str, on=None) -> int:
    """撤销已批准方案: an administrator revokes an approved plan with a 文号 and a reason. Each moved teacher's post
    goes back to the former school as a new dated post move on ON (today when not given), noted 撤销调配 with the
    文号; the history of the plan's move stays. Refused, naming the teachers, when a moved teacher has moved again
    or left since. Audited (session events); returns the number of teachers moved back."""
    who = access.require(db, "edit")
    if who.role != access.ADMIN:
        raise access.PermissionDenied(f"{who.role}“{who.user}”不能撤销已批准的调配方案：只有管理员可以撤销")
    doc, why = (doc_number or "").strip(), (reason or "").strip()
    problems: dict[str, str] = {}
    if not doc:
        problems["revoke_doc"] = "请填写撤销的文号"
    elif len(doc) > 30:
        problems["revoke_doc"] = "文号不能超过 30 个字"
    if not why:
        problems["revoke_reason"] = "请填写撤销理由"
    on = on if on is not None else dt.date.today()
    when = on if isinstance(on, PartialDate) else PartialDate.from_date(on) if isinstance(on, dt.date) else None
    if when is None:
        problems["revoked_on"] = "请填写撤销生效日期"
    if problems or when is None:
        raise ValidationError(problems)
    with UnitOfWork(db) as uow:
        s = uow.session
        p = s.get(RedeployPlan, plan_id)
        if p is None:
            raise NotFound("找不到这份调配方案（可能已被删除）")
        if p.county:
            raise UserError(f"{p.county}的{p.name}来自该县报送的数据包，只能由{p.county}在本县撤销")
        if p.status != APPROVED:
            raise UserError(f"{p.name}的状态是“{p.status}”：只有已审批的方案可以撤销")
        rows = list(s.scalars(select(RedeployMove).where(RedeployMove.plan_id == plan_id, RedeployMove.status == DONE)))
        if p.approved_on is not None and when < p.approved_on:
            raise ValidationError(
                {"revoked_on": f"撤销生效日期不能早于方案的调配生效日期（{p.approved_on.chinese()}）"}
            )
        blocked = []
        for m in rows:
            t = m.teacher
            later = [
                r for r in t.posts if r.start is not None and p.approved_on is not None and r.start > p.approved_on
            ]
            if t.status != codes.ACTIVE_STATUS:
                blocked.append(f"{t.name}（人员状态已为“{t.status}”）")
            elif t.cur_post_school_id != m.to_school_id or later:
                school = s.get(School, t.cur_post_school_id) if t.cur_post_school_id else None
                now = school.name if school else "无编制学校"
                blocked.append(f"{t.name}（此后又调动，现编制学校为{now}）")
            elif m.from_school_id is None:
                blocked.append(f"{t.name}（没有原学校）")
        if blocked:
            raise UserError(
                f"不能撤销{p.name}：{len(blocked)} 名教师调配后又调动或已离岗，不能调回原学校——"
                + "、".join(blocked)
                + "。请先核实这些教师的情况，或对其余教师逐一办理调动"
            )
        for m in rows:
            t = m.teacher
            assert m.from_school_id is not None
            back = move_post(s, t, m.from_school_id, when, note=f"{REVERT_REASON}（{doc}）", batch=doc)
            m.revert_placement_id, m.status = back.id, REVOKED
            taught = sorted(t.teachings, key=lambda x: (x.school_year, x.id))
            if len(taught) >= 2 and (taught[-1].stage, taught[-1].subject) == (m.stage, m.subject):
                before = taught[-2]  # the approval recorded the teaching at the new school: back to the one before
                teach_from(s, t, p.school_year, before.stage, before.subject)
        p.status, p.revoke_doc, p.revoke_reason, p.revoked_on = REVOKED, doc, why, when
        p.revoked_by, p.revoked_at = who.user, dt.datetime.now().replace(microsecond=0)
        s.flush()
        current.refresh(s, [m.teacher_id for m in rows])
        uow.commit()
        return len(rows)


# ---------------------------------------------------------------- figures


class EffectRow(NamedTuple):
    school: str
    township: str
    stage: str
    subject: str
    need: float
    before: int
    after: int
    before_diff: float  # + surplus / − shortage
    after_diff: float


def effect(db, plan_id: int, policy: Policy | None = None, school_ids: set[int] | None = None) -> list[EffectRow]:
    """The plan's effect on each school's gap: before and after its moves, per school, stage and subject. For an
    approved plan, "before" counts the moved teachers back at their old schools."""
    policy = policy or load_policy(db)
    with db.sessions() as s:
        p = _plan(s, plan_id)
        gap_lines = lines(db, p.school_year, policy)
        stages: dict[int, list[str]] = defaultdict(list)
        for ln in gap_lines:
            if ln.stage not in stages[ln.school_id]:
                stages[ln.school_id].append(ln.stage)
        pairs, done = [], []
        for m in s.scalars(select(RedeployMove).where(RedeployMove.plan_id == plan_id)):
            t = m.teacher
            sid = m.from_school_id or 0
            frm = (sid, subject_gaps.stage_of(t.cur_stage, stages.get(sid, [])) or "", t.cur_subject or "其他")
            to = (m.to_school_id, m.stage or "", m.subject or "")
            pairs.append((frm, to))
            if m.status == DONE:
                done.append((to, frm))  # the teacher counts at the new school now: back to the old for "before"
    base = _apply(gap_lines, done)
    out = []
    for e in rules.effect(base, pairs):
        ln = e.line
        if school_ids is not None and ln.school_id not in school_ids:
            continue
        out.append(
            EffectRow(
                ln.school, ln.township, ln.stage, ln.subject, ln.need, ln.have, e.after, e.before_diff, e.after_diff
            )
        )
    out.sort(key=lambda r: (sort_key(r.township), sort_key(r.school), codes.STAGE.rank(r.stage), r.subject))
    return out


MOVE_REASONS = (REASON, "交流轮岗", "支教", "走教", "挂职", "借调", "人编一致", "其他调动")


def _reason(note: str | None) -> str:
    text = note or ""
    if text.startswith(REASON):
        return REASON
    if "人编一致" in text:
        return "人编一致"
    return "其他调动"


def _revoked(s) -> set[tuple[int, str]]:
    """(teacher, start) of the post moves of revoked plans: the plan's moves and the moves back."""
    ids: set[int] = set()
    for a, b in s.execute(
        select(RedeployMove.placement_id, RedeployMove.revert_placement_id)
        .join(RedeployPlan, RedeployPlan.id == RedeployMove.plan_id)
        .where(RedeployPlan.status == REVOKED)
    ):
        ids.update(x for x in (a, b) if x is not None)
    if not ids:
        return set()
    return {
        (tid, st.iso())
        for tid, st in s.execute(select(Placement.teacher_id, Placement.start).where(Placement.id.in_(ids)))
        if st is not None
    }


def school_changes(
    s, start: PartialDate, end: PartialDate, school_ids: set[int] | None = None
) -> list[tuple[int, str, PartialDate]]:
    """Every change of school in the period from the history: (teacher, reason, date). A post move (a post
    record starting at another school than the one before) counts by its reason (调配 from an approved plan,
    人编一致, 其他调动); a placement to another school (交流轮岗、支教、走教、挂职、借调) by its kind.
    A revoked plan (撤销已批准方案) counts nothing: neither its moves nor the moves back (the teachers are where
    they were; the history keeps both). SCHOOL_IDS: changes from or to these schools."""
    out = []
    void = _revoked(s)
    notes = {
        (tid, st.iso()): note
        for tid, st, note in s.execute(
            select(Placement.teacher_id, Placement.start, Placement.note).where(Placement.kind == TRANSFER)
        )
        if st is not None
    }
    posts: dict[int, list[tuple[PartialDate | None, int, str | None]]] = defaultdict(list)
    for tid, sid, st, note in s.execute(
        select(PostRecord.teacher_id, PostRecord.school_id, PostRecord.start, PostRecord.note)
    ):
        posts[tid].append((st, sid, note))
    for tid, rows in posts.items():
        rows.sort(key=lambda r: period_start(r[0]) or dt.date.min)
        for (_, prev, _), (st, sid, note) in zip(rows, rows[1:]):
            if st is None or sid == prev or not (start <= st <= end) or (tid, st.iso()) in void:
                continue
            if school_ids is not None and sid not in school_ids and prev not in school_ids:
                continue
            out.append((tid, _reason(notes.get((tid, st.iso())) or note), st))
    kinds = list(MOVE_REASONS[1:6])
    for tid, kind, frm, to, st in s.execute(
        select(Placement.teacher_id, Placement.kind, Placement.from_school_id, Placement.to_school_id, Placement.start)
        .where(Placement.kind.in_(kinds), Placement.status.not_in(("拟交流",)))
        .where(Placement.start >= start, Placement.start <= end)
    ):
        if school_ids is not None and frm not in school_ids and to not in school_ids:
            continue
        out.append((tid, kind, st))
    return out


def moves_by_reason(s, start: PartialDate, end: PartialDate, school_ids: set[int] | None = None) -> dict[str, int]:
    """How many changes of school each reason accounts for in the period (MOVE_REASONS, zeros included)."""
    n = Counter(reason for _, reason, _ in school_changes(s, start, end, school_ids))
    return {r: n.get(r, 0) for r in MOVE_REASONS}


def teacher_ids_moved(s, plan_id: int) -> list[int]:
    return list(s.scalars(select(RedeployMove.teacher_id).where(RedeployMove.plan_id == plan_id)))


def teacher_choices(db, q: str = "", limit: int = 50) -> list[tuple[int, str]]:
    """Serving teachers for the edit dialog: (id, "姓名（学校，学段学科）") matching Q."""
    with db.sessions() as s:
        stmt = (
            select(Teacher.id, Teacher.name, School.name, Teacher.cur_stage, Teacher.cur_subject)
            .join(School, School.id == Teacher.cur_post_school_id)
            .where(Teacher.status == codes.ACTIVE_STATUS)
        )
        if q:
            stmt = stmt.where(Teacher.name.contains(q))
        return [
            (tid, f"{name}（{school}，{stage or ''}{subject or ''}）")
            for tid, name, school, stage, subject in s.execute(stmt.order_by(Teacher.name).limit(limit))
        ]


def school_choices(db) -> list[tuple[int, str]]:
    with db.sessions() as s:
        rows = list(s.execute(select(School.id, School.name)))
    return sorted(rows, key=lambda r: sort_key(r[1]))
