"""人编一致: serving teachers whose working school and post school do not agree in order, and the
changes that would make each case consistent (some carried out here with one action)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import NamedTuple

from sqlalchemy import select

from talentdesk.domain import codes, consistency, idnumber
from talentdesk.domain.dates import PartialDate
from talentdesk.domain.policy import Policy
from talentdesk.errors import NotFound, UserError
from talentdesk.services.accounts import access
from talentdesk.services.deployment import placements as placement_svc
from talentdesk.services.platform.settings import load_policy
from talentdesk.store import current
from talentdesk.store.models import Placement, School, Teacher
from talentdesk.store.uow import UnitOfWork


class ProblemRow(NamedTuple):
    """One 人编一致 problem of a serving teacher, with the changes that would resolve it."""

    teacher_id: int
    name: str
    id_masked: str
    post_school: str
    work_school: str
    problem: str  # the problem's name and explanation
    changes: str  # the ways out, joined with ；或
    code: str
    issue: consistency.Issue


COLUMNS = ProblemRow._fields
PROBLEM_NAMES = {
    "no_post": "无编制学校",
    "same_school": "交流学校即编制学校",
    "from_mismatch": "派出学校不符",
    "long_loan": "借调超期",
    "overdue": "期满未返回",
    "relation_moved": "人事关系已转未调编",
    "overlap": "多条交流并存",
    "cache": "工作学校与记录不符",
}


def find(db, today: dt.date | None = None, policy: Policy | None = None) -> list[ProblemRow]:
    """One row per problem (COLUMNS); ``issue`` is the domain Issue with its changes."""
    today = today or dt.date.today()
    policy = policy or load_policy(db)
    with db.sessions() as s:
        names = dict(s.execute(select(School.id, School.name)).all())
        stays = defaultdict(list)
        for row in s.execute(
            select(
                Placement.id,
                Placement.teacher_id,
                Placement.kind,
                Placement.status,
                Placement.from_school_id,
                Placement.to_school_id,
                Placement.start,
                Placement.planned_end,
                Placement.actual_end,
                Placement.moves_relation,
                Placement.outside_unit,
            )
        ):
            pid, tid, *rest = row
            stays[tid].append(consistency.PlacementFacts(pid, *rest))
        teachers = s.execute(
            select(
                Teacher.id,
                Teacher.name,
                Teacher.id_number,
                Teacher.employment_form,
                Teacher.cur_post_school_id,
                Teacher.cur_work_school_id,
            )
            .where(Teacher.status == codes.ACTIVE_STATUS)
            .order_by(Teacher.id)
        ).all()
    out = []
    for (
        tid,
        name,
        number,
        form,
        post,
        work,
    ) in teachers:
        found = consistency.issues(post, form, stays.get(tid, []), today, policy, lambda sid: names.get(sid, "?"))
        if (
            not found
            and post is not None
            and work != post
            and not any(consistency.is_open(p, today) for p in stays.get(tid, []))
        ):
            found = [
                consistency.Issue(
                    "cache",
                    "工作学校与编制学校不同，却没有进行中的交流记录",
                    [consistency.Change("重新计算当前信息（talentdesk check --fix-cache）", "refresh")],
                )
            ]
        for issue in found:
            out.append(
                ProblemRow(
                    tid,
                    name,
                    idnumber.mask(number),
                    names.get(post, ""),
                    names.get(work, ""),
                    PROBLEM_NAMES.get(issue.code, issue.code) + "：" + issue.text,
                    "；或".join(c.label for c in issue.changes),
                    issue.code,
                    issue,
                )
            )
    return out


def apply(db, teacher_id: int, change: consistency.Change) -> str:
    """Carry out one suggested change; returns what was done (for the status bar)."""
    access.require(db, "edit")
    when = PartialDate.from_date(change.date) if change.date else PartialDate.from_date(dt.date.today())
    if change.action == "return":
        placement_svc.end(db, change.placement_id, when, "期满返回")
        return f"已登记返回（{when.chinese()}）"
    if change.action == "end":
        placement_svc.end(db, change.placement_id, when, "提前结束")
        return f"已结束这条工作安排（{when.chinese()}）"
    if change.action == "transfer":
        placement_svc.transfer(db, teacher_id, change.school_id, when, note="人编一致：借调转调动")
        return "已办理调动"
    if change.action == "fix_from":
        with UnitOfWork(db) as uow:
            p = uow.session.get(Placement, change.placement_id)
            if p is None:
                raise NotFound("找不到这条交流记录（可能已被删除）")
            p.from_school_id = change.school_id
            uow.commit()
        return "已更正派出学校"
    if change.action == "refresh":
        with UnitOfWork(db) as uow:
            current.refresh(uow.session, [teacher_id])
            uow.commit()
        return "已重新计算"
    raise UserError("这项修改需要在教师档案或交流记录中手工完成")
