"""Catalogue compute functions for the recruitment area (talentdesk.reports.catalogue names them):
the services gather the data, reports.recruitment builds the tables, the hiring plan prints on its
own approval form. Each is `compute(db, params) -> Report`."""

from __future__ import annotations

from sqlalchemy import select

from talentdesk.errors import UserError
from talentdesk.reports import recruitment as tables
from talentdesk.reports import spans
from talentdesk.reports.catalogue import Report
from talentdesk.services.accounts import access
from talentdesk.services.recruitment import batches as recruitment
from talentdesk.services.recruitment import obligations, retention, student_pool
from talentdesk.services.recruitment import plan as recruitment_plan
from talentdesk.services.recruitment import recognition as talents
from talentdesk.store.models_recruitment import HiringPlan
from talentdesk.store.uow import UnitOfWork

STATUS_ORDER = {"已批准": 0, "已报批": 1, "草稿": 2}


def pick_plan(db, year: int) -> int | None:
    """The plan of a year to print: approved before submitted before the newest draft."""
    with UnitOfWork(db) as uow:
        plans = uow.session.execute(select(HiringPlan.id, HiringPlan.status).where(HiringPlan.year == year)).all()
    if not plans:
        return None
    return min(plans, key=lambda p: (STATUS_ORDER.get(p[1], 9), -p[0]))[0]


def _in_scope(db, params) -> set[int] | None:
    with db.sessions() as s:
        ids = params.scope.school_ids(s)
    return ids


def hiring_plan(db, params) -> Report:
    from talentdesk.reports.forms.hiring_plan import APPROVALS, HiringPlanForm

    year = params.year_or(params.today.year)
    plan_id = params.options.get("plan_id") or pick_plan(db, year)
    if plan_id is None:
        raise UserError(
            f"{year}年还没有招聘计划。请先测算生成：命令行运行 talentdesk --db 数据库 plan hiring --year {year}，"
            f"或在“招聘引才 → 招聘计划”中选择计划年度 {year} 后点“按缺编测算生成计划”"
        )
    plan = recruitment_plan.get_plan(db, int(plan_id))
    ids = _in_scope(db, params)
    if ids is not None:
        plan["lines"] = [x for x in plan["lines"] if x["school_id"] in ids]
    policy = params.rules
    years = max(1, policy.hiring_retirement_years)
    retire = [
        r for r in recruitment_plan.retirements(db, plan["year"], policy) if ids is None or r["school_id"] in ids
    ]  # by post school, as the plan's lines
    main = tables.plan_table(plan)
    report = Report(
        title=plan["title"],
        parts=[main, tables.plan_summary_table(plan), tables.retirements_table(retire, plan["year"], years)],
        notes=[main.note, f"状态：{plan['status']}"],
        period_label=f"{plan['year']}年度",
        summary=dict(
            planned=sum(x["planned"] for x in plan["lines"]),
            proposed=sum(x["proposed"] for x in plan["lines"]),
            status=plan["status"],
        ),
        form=HiringPlanForm(),
        signatures=APPROVALS + ("制表人", "审核人"),
        stamp="（盖章）",
    )
    return report  # the approval block: drawn by the form on paper, signature rows in Excel


def recruits(db, params) -> Report:
    """Every candidate of the batches of --year, or of the years a period holds (a batch is dated by its year)."""
    year = params.year
    rows = recruitment.recruits_rows(db, year)
    if params.period is not None:
        a, b = spans.bounds(params)
        rows = [r for r in rows if spans.year_inside(r[0], a, b)]
    t = tables.recruits_table(rows)
    t.title = spans.title(t.title, params)
    notes = [t.note, *filter(None, [spans.note(params, "招聘批次年度")])]
    return Report(
        title=t.title, parts=[t], notes=notes, period_label=spans.label(params) if year or params.period else "全部年度"
    )


def obligation_list(db, params) -> Report:
    today = params.today
    year = params.year_or(today.year)
    due_only = bool(params.options.get("due"))
    rows = obligations.list_rows(db, today, due_only=due_only)
    t = tables.obligations_table(rows, year, due_only)
    return Report(title=t.title, parts=[t], notes=[t.note], period_label=f"{year}年")


def student_list(db, params) -> Report:
    year = params.year_or(params.today.year)
    short = {d["id"]: d["shortage"] for d in student_pool.short_subject_graduates(db, year)}
    t = tables.students_table(student_pool.list_rows(db), short, year)
    return Report(title=t.title, parts=[t], notes=[t.note], period_label=f"{year}年")


def talent_list(db, params) -> Report:
    """Recognitions and agreements; with --year or a period those begun in it (认定日期, 协议开始)."""
    rows = talents.list_rows(db, params.today)
    span = spans.whole(params)
    if span is not None:
        rows = [r for r in rows if spans.inside(r["start"], *span)]
    t = tables.talents_table(rows)
    t.title = spans.title(t.title, params)
    notes = [t.note, *filter(None, [spans.note(params, "认定日期或协议开始日期")])]
    return Report(title=t.title, parts=[t], notes=notes, period_label=spans.label(params) if span else "")


def subsidy_list(db, params) -> Report:
    year, month = params.month_or_current()
    if not params.mask:
        access.require(db, "reveal_id")
    rows = retention.subsidy_rows(db, year, month)
    ids = _in_scope(db, params)
    if ids is not None:
        rows = [r for r in rows if any(sid in ids for sid in r["school_ids"])]
    t = tables.subsidy_table(rows, year, month, full_id=not params.mask)
    return Report(
        title=t.title,
        parts=[t],
        notes=[t.note],
        period_label=f"{year}年{month}月",
        summary=dict(people=len(rows), total=round(sum(r["amount"] for r in rows), 2)),
        signatures=tables.SUBSIDY_SIGNATURES,
        stamp="（单位盖章）",
    )


def service_list(db, params) -> Report:
    """Service requests (by the date applied) and 师德 records (by their year) of --year or a period; all without."""
    requests, ethics = retention.list_requests(db), retention.list_ethics(db, params.year)
    span = spans.whole(params)
    if span is not None:
        requests = [r for r in requests if spans.inside(r["applied"], *span)]
        ethics = [r for r in ethics if spans.year_inside(r["year"], *span)]
    t = tables.services_table(requests)
    e = tables.ethics_table(ethics)
    title = spans.title("人才服务与师德记录", params)
    notes = [t.note, "师德记录" + e.note, *filter(None, [spans.note(params, "人才服务按申请日期、师德记录按年度，")])]
    return Report(title=title, parts=[t, e], notes=notes, period_label=spans.label(params) if span else "")


def annual_figures(db, year: int, today=None) -> dict:
    """Recruitment figures of a calendar year for the annual report (plain data):
    recruited by channel, 特岗 converted, obligations breached and due, students contacted and hired,
    talent recognised, service requests handled."""
    import datetime as dt

    from sqlalchemy import func

    from talentdesk.domain.dates import PartialDate
    from talentdesk.store.models_recruitment import (
        Candidate,
        LocalStudent,
        RecruitBatch,
        ServiceObligation,
        ServiceRequest,
        StudentContact,
        TalentRecognition,
    )

    today = today or dt.date.today()
    lo, hi = PartialDate(year), PartialDate(year, 12, 31)
    with UnitOfWork(db) as uow:
        s = uow.session
        by_channel = dict(
            s.execute(
                select(RecruitBatch.channel, func.count(Candidate.id))
                .join(Candidate, Candidate.batch_id == RecruitBatch.id)
                .where(RecruitBatch.year == year, Candidate.teacher_id.is_not(None))
                .group_by(RecruitBatch.channel)
            ).all()
        )
        positions = s.scalar(
            select(func.coalesce(func.sum(RecruitBatch.positions), 0)).where(RecruitBatch.year == year)
        )

        def closed(outcome):
            return s.scalar(
                select(func.count())
                .select_from(ServiceObligation)
                .where(
                    ServiceObligation.closed == outcome,
                    ServiceObligation.closed_on >= lo,
                    ServiceObligation.closed_on <= hi,
                )
            )

        contacted = s.scalar(
            select(func.count(func.distinct(StudentContact.student_id))).where(
                StudentContact.date >= lo, StudentContact.date <= hi
            )
        )
        students = s.scalar(select(func.count()).select_from(LocalStudent))
        hired = s.scalar(select(func.count()).select_from(LocalStudent).where(LocalStudent.teacher_id.is_not(None)))
        talents = s.scalar(
            select(func.count())
            .select_from(TalentRecognition)
            .where(TalentRecognition.status == "认定", TalentRecognition.date >= lo, TalentRecognition.date <= hi)
        )
        handled = s.scalar(
            select(func.count())
            .select_from(ServiceRequest)
            .where(ServiceRequest.status == "已办结", ServiceRequest.handled >= lo, ServiceRequest.handled <= hi)
        )
    due = sum(1 for r in obligations.list_rows(db, today) if r["due"]) if today.year == year else None
    return dict(
        year=year,
        positions=positions,
        recruited=sum(by_channel.values()),
        recruited_by_channel=by_channel,
        converted=closed("已转编"),
        breached=closed("违约"),
        obligations_due=due,
        students=students,
        students_contacted=contacted,
        students_hired=hired,
        talents_recognised=talents,
        service_requests_handled=handled,
    )
