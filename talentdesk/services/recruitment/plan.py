"""Hiring plan (招聘计划): staffing gaps from Policy.staff_ratio and the schools' yearly figures,
retirements due, subject shortages per school → a proposed plan the clerk edits and prints.

The gap is computed here directly from the ratios (not from the deployment area's staffing
report) so that the plan only depends on the foundation tables.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.domain import recruitment as rules
from talentdesk.errors import NotFound, UserError, ValidationError
from talentdesk.services.accounts import access
from talentdesk.services.people.subject_gaps import STAFF_FORMS, figures
from talentdesk.services.platform.child_rows import replace_rows
from talentdesk.services.platform.records import upsert
from talentdesk.services.platform.settings import load_policy
from talentdesk.store.models import School, Teacher
from talentdesk.store.models_recruitment import HiringPlan, HiringPlanLine
from talentdesk.store.uow import UnitOfWork

ANY_SUBJECT = "不限学科"
__all__ = ["STAFF_FORMS", "figures"]  # moved down to people.subject_gaps; still offered here


def proposals(db, year: int, policy=None) -> list[rules.StageProposal]:
    policy = policy or load_policy(db)
    return [rules.propose(f, year, policy) for f in figures(db, year, policy)]


def shortage_rows(db, year: int) -> list[tuple]:
    """Subject shortages per school for the 学科缺口 view: (school, stage, subject, need−have) where ≥ 0.5."""
    out = []
    for p in proposals(db, year):
        for subject, short in sorted(p.shortage.items(), key=lambda x: -x[1]):
            if short >= 0.5:
                out.append((p.school, p.stage, subject, short))
    return out


def county_shortage(db, year: int) -> dict[tuple[str, str], float]:
    """(stage, subject) → total shortage over the county's schools (positive ones only)."""
    total: dict[tuple[str, str], float] = defaultdict(float)
    for p in proposals(db, year):
        for subject, short in p.shortage.items():
            if short > 0:
                total[(p.stage, subject)] += short
    return {k: round(v, 2) for k, v in total.items()}


def retirements(db, year: int, policy=None) -> list[dict]:
    """Serving teachers reaching retirement age from ``year`` on, within Policy.hiring_retirement_years."""
    policy = policy or load_policy(db)
    horizon = max(1, policy.hiring_retirement_years)
    out = []
    with UnitOfWork(db) as uow:
        s = uow.session
        names = dict(s.execute(select(School.id, School.name)).all())
        for tid, name, gender, birth, sid, stage, subject, title in s.execute(
            select(
                Teacher.id,
                Teacher.name,
                Teacher.gender,
                Teacher.birth_date,
                Teacher.cur_post_school_id,
                Teacher.cur_stage,
                Teacher.cur_subject,
                Teacher.cur_title,
            ).where(Teacher.status == codes.ACTIVE_STATUS)
        ):
            retire = rules.retirement_date(birth, gender, policy)
            if retire is None or retire.year >= year + horizon:
                continue
            out.append(
                dict(
                    teacher_id=tid,
                    name=name,
                    gender=gender,
                    school_id=sid,
                    school=names.get(sid, ""),
                    stage=stage,
                    subject=subject,
                    title=title,
                    retire=retire,
                    overdue=retire.year < year,
                )
            )
    out.sort(key=lambda r: (r["retire"], r["school"]))
    return out


# ---------------------------------------------------------------- stored plans


def _default_channel(area: str | None) -> str:
    return "特岗计划" if area == "乡村" else "公开招聘"


def propose_plan(db, year: int, title: str | None = None) -> int:
    """Store a new draft plan for ``year`` with one line per school, stage and subject proposed."""
    access.require(db, "edit")
    props = proposals(db, year)
    with UnitOfWork(db) as uow:
        s = uow.session
        areas = dict(s.execute(select(School.id, School.area)).all())
        n = len(s.scalars(select(HiringPlan.id).where(HiringPlan.year == year)).all())
        plan = HiringPlan(
            year=year, title=title or f"{year}年度中小学教师招聘计划" + (f"（第{n + 1}稿）" if n else ""), status="草稿"
        )
        s.add(plan)
        for p in props:
            for subject, k in p.subjects.items():
                estimate = p.shortage.get(subject)
                plan.lines.append(
                    HiringPlanLine(
                        school_id=p.school_id,
                        stage=p.stage,
                        subject=subject,
                        proposed=k,
                        estimate=None if estimate is None else round(estimate, 2),
                        planned=k,
                        channel=_default_channel(areas.get(p.school_id)),
                        reason=p.reason,
                    )
                )
        s.flush()
        uow.commit()
        return plan.id


def list_plans(db) -> list[dict]:
    with UnitOfWork(db) as uow:
        out = []
        for p in uow.session.scalars(select(HiringPlan).order_by(HiringPlan.year.desc(), HiringPlan.id.desc())):
            out.append(
                dict(
                    id=p.id,
                    year=p.year,
                    title=p.title,
                    status=p.status,
                    planned=sum(x.planned for x in p.lines),
                    proposed=sum(x.proposed for x in p.lines),
                )
            )
        return out


LINE_FIELDS = ("school_id", "stage", "subject", "proposed", "planned", "channel", "reason", "note")


def get_plan(db, plan_id: int) -> dict:
    with UnitOfWork(db) as uow:
        p = uow.session.get(HiringPlan, plan_id)
        if p is None:
            raise NotFound("找不到这份招聘计划（可能已被删除）")
        lines = [
            dict(
                id=x.id,
                version=x.version,
                school=x.school.name,
                area=x.school.area,
                township=x.school.township,
                estimate=x.estimate,
                **{f: getattr(x, f) for f in LINE_FIELDS},
            )
            for x in p.lines
        ]
        lines.sort(key=lambda r: (r["township"] or "", r["school"], codes.STAGE.rank(r["stage"]), r["subject"]))
        return dict(id=p.id, version=p.version, year=p.year, title=p.title, status=p.status, note=p.note, lines=lines)


def _clean_line(i: int, row: dict) -> dict:
    problems = {}
    out = {"id": row.get("id")}
    for f in ("planned", "proposed"):
        v = row.get(f)
        try:
            out[f] = int(str(v).strip()) if v not in (None, "") else 0
        except ValueError:
            problems[f"lines.{i}.{f}"] = f"第{i}行：“{v}”不是整数"
            continue
        if out[f] < 0:
            problems[f"lines.{i}.{f}"] = f"第{i}行：人数不能为负"
    subject = str(row.get("subject") or "").strip()
    out["subject"] = codes.SUBJECT.canonical(subject) or (ANY_SUBJECT if subject in ("", ANY_SUBJECT) else None)
    if out["subject"] is None:
        problems[f"lines.{i}.subject"] = f"第{i}行：“{subject}”不是学科"
    stage = codes.STAGE.canonical(row.get("stage"))
    if stage is None:
        problems[f"lines.{i}.stage"] = f"第{i}行：请选择学段"
    out["stage"] = stage
    channel = str(row.get("channel") or "").strip() or None
    if channel and channel not in rules.CHANNELS:
        problems[f"lines.{i}.channel"] = f"第{i}行：招聘渠道应为{'、'.join(rules.CHANNELS)}之一"
    out["channel"] = channel
    if not row.get("school_id"):
        problems[f"lines.{i}.school_id"] = f"第{i}行：请选择学校"
    out["school_id"] = row.get("school_id")
    out["note"] = str(row.get("note") or "").strip() or None
    out["reason"] = row.get("reason")
    if problems:
        raise ValidationError(problems)
    return out


def save_plan(
    db,
    plan_id: int,
    lines: list[dict],
    *,
    title: str | None = None,
    status: str | None = None,
    note: str | None = None,
    version: int | None = None,
    base: dict | None = None,
    merge: bool = False,
    resolved: dict | None = None,
) -> None:
    """Replace the plan's lines by the edited list (ids kept are updated, missing ones deleted).
    VERSION and BASE: the plan as the form loaded it (get_plan): the title/status/note and each line another
    clerk changed meanwhile are merged or raise EditConflict (platform.records, platform.child_rows); lines
    they added stay."""
    access.require(db, "edit")
    cleaned, problems = [], {}
    for i, row in enumerate(lines, 1):
        try:
            cleaned.append(_clean_line(i, row))
        except ValidationError as e:
            problems.update(e.problems)
    if status is not None and status not in rules.PLAN_STATUS:
        problems["status"] = f"状态应为{'、'.join(rules.PLAN_STATUS)}之一"
    if problems:
        raise ValidationError(problems)
    with UnitOfWork(db) as uow:
        s = uow.session
        header = {f: v for f, v in (("title", title), ("status", status), ("note", note)) if v is not None}
        plan = upsert(
            s,
            HiringPlan,
            plan_id,
            header,
            "找不到这份招聘计划（可能已被删除）",
            expected_version=version,
            base=base,
            merge=merge,
            resolved=resolved,
        )
        rows = [{"id": row["id"], **{f: row[f] for f in LINE_FIELDS if f in row}} for row in cleaned]
        replace_rows(
            s,
            HiringPlanLine,
            ("plan_id", plan_id),
            rows,
            base.get("lines") if base is not None and version is not None else None,
            merge=merge,
            resolved=resolved,
            missing="找不到这一行招聘计划（可能已被删除）",
        )
        s.expire(plan, ["lines"])
        uow.commit()


def delete_plan(db, plan_id: int) -> None:
    access.require(db, "edit")
    with UnitOfWork(db) as uow:
        plan = uow.session.get(HiringPlan, plan_id)
        if plan is None:
            raise NotFound("找不到这份招聘计划（可能已被删除）")
        if plan.status == "已批准":
            raise UserError("已批准的招聘计划不能删除")
        uow.session.delete(plan)
        uow.commit()
