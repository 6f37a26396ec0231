"""编制台账 (issue 22 §1): quota decisions per school with their 文号, the county pool (编制周转池 / 县管校聘),
the county's total 事业编制; balances at a date, quota against staff (空编/超编).

Rules on saving (domain.quota): the kind is one of domain.quota.KINDS; 文号, date and a positive count are
required; a school is named (except 入池); a 调剂 names two different schools; the stage is the school's only
stage when not given; no decision may take a school's quota, or the pool, below zero at any point of the
ledger — also not later ones after a back-dated decision or a void. A wrong decision is voided with a reason
(作废), never deleted. Every change needs the edit right and is audited (ORM session events).

The ledger is the source of 核定编制: after each change SchoolYearStat.quota is recomputed for the schools and
stages concerned (the fold of their decisions up to each school year), so the 编制测算表 and every report that
reads it follow the ledger.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentdesk.domain import codes, quota
from talentdesk.domain.dates import DateError, parse_loose, school_year_label, school_year_of
from talentdesk.domain.deployment import period_end, period_start
from talentdesk.errors import NotFound, UserError, ValidationError
from talentdesk.importing import quota_rows
from talentdesk.services.accounts import access
from talentdesk.services.people.quota_book import (
    breach_message,
    check_ledger,
    entries,
    sync,
)
from talentdesk.services.people.quota_book import decision_slots as _slots
from talentdesk.services.platform import records
from talentdesk.store.audit import os_user
from talentdesk.store.models import ImportBatch, PostRecord, School, SchoolYearStat, Teacher
from talentdesk.store.models_staffing import CountyQuota, QuotaDecision
from talentdesk.store.uow import UnitOfWork

MISSING = "找不到这条编制决定（可能已被删除）"
LABELS = {
    "kind": "类型",
    "school_year": "学年",
    "decided_on": "日期",
    "doc_no": "文号",
    "count": "编制数",
    "school_id": "学校",
    "stage": "学段",
    "to_school_id": "调入学校",
    "to_stage": "调入学段",
    "post_category": "岗位类别",
    "purpose": "专项用途",
    "reason": "原因",
}
FIELDS = tuple(LABELS)


class DecisionRow(NamedTuple):
    """One decision in the ledger list."""

    id: int
    kind: str
    school_year: str  # 2025-2026学年
    decided_on: str  # ISO date
    doc_no: str
    school: str  # 调剂: the giving school; 入池: 编制周转池
    stage: str
    to_school: str
    posts: int  # 编制数
    effect: str  # what it does, in words
    post_category: str
    purpose: str
    reason: str
    state: str  # 有效 / 已作废
    version: int
    school_id: int | None
    to_school_id: int | None
    void_reason: str
    to_stage: str


COLUMNS = DecisionRow._fields
VALID, VOID = "有效", "已作废"
MAX_COUNT = 100_000


# ---------------------------------------------------------------- reading


def effect_text(kind: str, count: int, school: str, to_school: str) -> str:
    """What the decision does, in words (the list's 变动 column)."""
    if kind == quota.SET:
        return f"{school} 核定为 {count}"
    if kind == quota.MOVE:
        return f"{school} −{count} → {to_school} +{count}"
    if kind == quota.POOL_IN:
        return f"周转池 +{count}"
    if kind == quota.LEND:
        return f"周转池 −{count} → {school} +{count}"
    if kind == quota.RECALL:
        return f"{school} −{count} → 周转池 +{count}"
    sign = "−" if kind == quota.CUT else "+"
    return f"{school} {sign}{count}"


def decisions(
    db,
    *,
    school_id: int | None = None,
    school_year: int | None = None,
    kind: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    include_void: bool = True,
    school_ids: set[int] | None = None,
) -> list[DecisionRow]:
    """Rows of COLUMNS, newest first. SCHOOL_ID: decisions naming this school on either side; START/END: dated
    within (both ends included); SCHOOL_IDS: a scope (decisions naming one of them, and pool 入池 rows)."""
    stmt = select(QuotaDecision).order_by(QuotaDecision.decided_on.desc(), QuotaDecision.id.desc())
    if school_id is not None:
        stmt = stmt.where((QuotaDecision.school_id == school_id) | (QuotaDecision.to_school_id == school_id))
    if school_year is not None:
        stmt = stmt.where(QuotaDecision.school_year == school_year)
    if kind:
        stmt = stmt.where(QuotaDecision.kind == kind)
    if start is not None:
        stmt = stmt.where(QuotaDecision.decided_on >= start)
    if end is not None:
        stmt = stmt.where(QuotaDecision.decided_on <= end)
    if not include_void:
        stmt = stmt.where(QuotaDecision.void.is_(False))
    with db.sessions() as s:
        names = dict(s.execute(select(School.id, School.name)).tuples().all())
        out = []
        for d in s.scalars(stmt):
            outside = d.school_id not in (school_ids or ()) and d.to_school_id not in (school_ids or ())
            if school_ids is not None and d.school_id is not None and outside:
                continue
            school = names.get(d.school_id, "") if d.school_id else ""
            to_school = names.get(d.to_school_id, "") if d.to_school_id else ""
            out.append(
                DecisionRow(
                    d.id,
                    d.kind,
                    school_year_label(d.school_year),
                    d.decided_on.isoformat(),
                    d.doc_no,
                    school or (quota.POOL if d.kind == quota.POOL_IN else ""),
                    d.stage or "",
                    to_school,
                    d.count,
                    effect_text(d.kind, d.count, school, to_school),
                    d.post_category or "",
                    d.purpose or "",
                    d.reason or "",
                    VOID if d.void else VALID,
                    d.version,
                    d.school_id,
                    d.to_school_id,
                    d.void_reason or "",
                    d.to_stage or "",
                )
            )
    return out


def load(db, record_id: int) -> dict:
    """One decision as the dialog shows it, with its version."""
    with db.sessions() as s:
        d = s.get(QuotaDecision, record_id)
        if d is None:
            raise NotFound(MISSING)
        return dict(
            kind=d.kind,
            school_year=d.school_year,
            decided_on=d.decided_on.isoformat(),
            doc_no=d.doc_no,
            count=d.count,
            school_id=d.school_id,
            stage=d.stage or "",
            to_school_id=d.to_school_id,
            to_stage=d.to_stage or "",
            post_category=d.post_category or "",
            purpose=d.purpose or "",
            reason=d.reason or "",
            void=d.void,
            void_reason=d.void_reason or "",
            version=d.version,
        )


def ledger_at(db, as_of: dt.date | None = None, *, school_year: int | None = None) -> quota.Ledger:
    """Balances after the valid decisions dated up to AS_OF (or of school years up to SCHOOL_YEAR)."""
    with db.sessions() as s:
        return quota.fold(entries(s), as_of=as_of, school_year=school_year)


def pool_balance(db, as_of: dt.date | None = None) -> int:
    return ledger_at(db, as_of).pool


def school_stages(s: Session, school: School) -> tuple[str, ...]:
    """The stages a school teaches: by its kind, else those of its yearly figures."""
    stages = codes.KIND_STAGES.get(school.kind or "")
    if stages:
        return stages
    return tuple(sorted(set(s.scalars(select(SchoolYearStat.stage).where(SchoolYearStat.school_id == school.id)))))


def _stage_at(stages: dict[int, tuple[str, ...]], sid: int, stage: str | None) -> str:
    own = stages.get(sid, ())
    if (not stage or stage not in own) and len(own) == 1:
        stage = own[0]
    return stage or ""


def staff_in_post(
    s: Session, school_ids: set[int] | None = None, as_of: dt.date | None = None
) -> dict[tuple[int, str], int]:
    """在编在岗 by post school and stage (a teacher of no known stage at a one-stage school counts there). AS_OF
    before today: from the post records (编制学校 on that day) of 在编 teachers who had not left by then; else the
    current figures."""
    staff: dict[tuple[int, str], int] = defaultdict(int)
    stages = {sc.id: school_stages(s, sc) for sc in s.scalars(select(School))}
    if as_of is not None and as_of < dt.date.today():
        held: dict[int, tuple] = {}  # teacher → (start, school, stage): the post record holding on AS_OF
        for tid, stage, status, left, sid, start, end in s.execute(
            select(
                Teacher.id,
                Teacher.cur_stage,
                Teacher.status,
                Teacher.status_date,
                PostRecord.school_id,
                PostRecord.start,
                PostRecord.end,
            )
            .join(PostRecord, PostRecord.teacher_id == Teacher.id)
            .where(Teacher.employment_form == "在编")
        ):
            if status != codes.ACTIVE_STATUS and (left is None or (period_start(left) or as_of) <= as_of):
                continue  # gone by then (a leaver with no date counts as gone)
            first, last = period_start(start), period_end(end)
            if (first is not None and first > as_of) or (last is not None and last < as_of):
                continue
            key = (first or dt.date.min, sid, stage)
            if tid not in held or key > held[tid]:
                held[tid] = key
        for _first, sid, stage in held.values():
            if school_ids is None or sid in school_ids:
                staff[(sid, _stage_at(stages, sid, stage))] += 1
        return staff
    for sid, stage, n in s.execute(
        select(Teacher.cur_post_school_id, Teacher.cur_stage, func.count())
        .where(
            Teacher.status == codes.ACTIVE_STATUS,
            Teacher.employment_form == "在编",
            Teacher.cur_post_school_id.is_not(None),
        )
        .group_by(Teacher.cur_post_school_id, Teacher.cur_stage)
    ):
        if school_ids is not None and sid not in school_ids:
            continue
        staff[(sid, _stage_at(stages, sid, stage))] += n
    return staff


VIEW_HEADERS = (
    "学校",
    "乡镇",
    "学段",
    "核定编制",
    "其中专项",
    "其中周转池借入",
    "在编在岗",
    "编制使用率",
    "空编(+)/超编(−)",
    "情况",
)


class QuotaLine(NamedTuple):
    """A school's stage at a date: the ledger's quota against staff in 编 (VIEW_HEADERS, then the school id)."""

    school: str
    township: str
    stage: str
    quota: int | None
    special: int | None
    lent: int | None
    in_post: int
    usage: str
    vacancy: int | None  # quota − staff: + vacant (空编), − over (超编)
    remark: str  # 空编 / 超编 / 满编 / 未核定
    school_id: int
    county: str  # 区县 of a city database ("" in a county's)


def school_view(db, as_of: dt.date | None = None, school_ids: set[int] | None = None) -> list[QuotaLine]:
    """Per school and stage at AS_OF (default today): quota from the ledger, special and pool posts in it,
    staff in 编 (current), usage, vacancy (+) or excess (−), 空编/超编/满编/未核定; sorted by township, school."""
    as_of = as_of or dt.date.today()
    with db.sessions() as s:
        led = quota.fold(entries(s), as_of=as_of)
        staff = staff_in_post(s, school_ids, as_of)
        rows = []
        for sc in s.scalars(select(School).order_by(School.township, School.name)):
            if school_ids is not None and sc.id not in school_ids:
                continue
            stages = list(school_stages(s, sc))
            stages += [st for (i, st) in list(led.quota) + list(staff) if i == sc.id and st not in stages]
            for stage in stages:
                q = led.quota.get((sc.id, stage))
                n = staff.get((sc.id, stage), 0)
                if q is None and not n:
                    continue
                rate = quota.usage(n, q)
                rows.append(
                    QuotaLine(
                        sc.name,
                        sc.township or "",
                        stage or "学段不明",
                        q,
                        led.special.get((sc.id, stage), 0) or None,
                        led.lent.get((sc.id, stage), 0) or None,
                        n,
                        f"{rate:.1%}" if rate is not None else "",
                        None if q is None else q - n,
                        quota.gap_label(n, q),
                        sc.id,
                        sc.county or "",
                    )
                )
    return rows


# ---------------------------------------------------------------- saving


def _int(field: str, value, problems: dict) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        n = int(str(value).strip())
    except ValueError:
        problems[field] = f"{LABELS[field]}“{value}”不是整数"
        return None
    return n


def _day(value, problems: dict) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        problems["decided_on"] = "请填写日期（决定或发文日期）"
        return None
    try:
        p = parse_loose(text)
    except DateError as e:
        problems["decided_on"] = f"日期：{e}"
        return None
    if p is None or p.month is None:
        problems["decided_on"] = f"日期“{text}”不完整，请写到月或日（如 2025-09-01）"
        return None
    return p.first_day()


def _stage(s: Session, school: School | None, value, field: str, problems: dict) -> str | None:
    text = str(value or "").strip()
    if school is None:
        return None
    stages = school_stages(s, school)
    if text:
        stage = codes.STAGE.canonical(text)
        if stage is None:
            problems[field] = f"“{text}”不是有效的学段"
        elif stages and stage not in stages:
            problems[field] = f"“{school.name}”没有{stage}学段（有：{'、'.join(stages)}）"
        return stage
    if len(stages) == 1:
        return stages[0]
    if stages:
        problems[field] = f"“{school.name}”有{'、'.join(stages)}{len(stages)}个学段，请选择学段"
    else:
        problems[field] = f"“{school.name}”未填办学类型，请选择学段"
    return None


def _school(s: Session, value, field: str, problems: dict) -> School | None:
    if value is None or value == "":
        return None
    sc = s.get(School, int(value)) if str(value).isdigit() else None
    if sc is None:
        sc = s.scalar(select(School).where(School.name == str(value).strip()))
    if sc is None:
        problems[field] = f"找不到学校“{value}”"
    return sc


def clean(s: Session, values: dict) -> dict:  # noqa: C901  one check per field, each with its message
    """The stored values of a decision form, or ValidationError with a Chinese message per field."""
    problems: dict[str, str] = {}
    kind_text = str(values.get("kind") or "").strip()
    kind = quota.canonical_kind(kind_text)
    if kind is None:
        problems["kind"] = f"类型“{kind_text}”不对，应为：{'、'.join(quota.KINDS)}" if kind_text else "请选择类型"
    day = _day(values.get("decided_on"), problems)
    year = _int("school_year", values.get("school_year"), problems)
    if year is None and "school_year" not in problems and day is not None:
        year = school_year_of(day)
    if year is not None and not 1950 <= year <= 2100:
        problems["school_year"] = f"学年 {year} 不合理"
    doc_no = str(values.get("doc_no") or "").strip()
    if not doc_no:
        problems["doc_no"] = "请填写文号（编制决定都要有文号）"
    elif len(doc_no) > 60:
        problems["doc_no"] = "文号最多 60 个字"
    count = _int("count", values.get("count"), problems)
    if count is None and "count" not in problems:
        problems["count"] = "请填写编制数"
    elif count is not None and kind != quota.SET and count <= 0:
        problems["count"] = "编制数应大于 0（核减请选择“核减”类型，不要填负数）"
    elif count is not None and (count < 0 or count > MAX_COUNT):
        problems["count"] = f"编制数 {count} 不合理"
    school = _school(s, values.get("school_id"), "school_id", problems)
    to_school = _school(s, values.get("to_school_id"), "to_school_id", problems)
    if kind == quota.POOL_IN:
        school = to_school = None
    elif kind == quota.MOVE:
        if school is None and "school_id" not in problems:
            problems["school_id"] = "调剂请填写调出学校"
        if to_school is None and "to_school_id" not in problems:
            problems["to_school_id"] = "调剂请填写调入学校"
        if school is not None and to_school is not None and school.id == to_school.id:
            problems["to_school_id"] = "调剂需要两所不同的学校（调出学校与调入学校相同）"
    else:
        to_school = None
        if school is None and "school_id" not in problems and kind is not None:
            problems["school_id"] = f"{kind}请填写学校"
    stage = _stage(s, school, values.get("stage"), "stage", problems)
    to_stage = _stage(s, to_school, values.get("to_stage") or stage, "to_stage", problems)
    category = str(values.get("post_category") or "").strip() or None
    if category is not None and category not in quota.POST_CATEGORIES:
        problems["post_category"] = f"岗位类别应为：{'、'.join(quota.POST_CATEGORIES)}"
    purpose = str(values.get("purpose") or "").strip() or None
    if purpose and len(purpose) > 50:
        problems["purpose"] = "专项用途最多 50 个字"
    if problems:
        raise ValidationError(problems)
    assert kind is not None and day is not None and year is not None and count is not None
    return dict(
        kind=kind,
        school_year=year,
        decided_on=day,
        doc_no=doc_no,
        count=count,
        school_id=school.id if school else None,
        stage=stage,
        to_school_id=to_school.id if to_school else None,
        to_stage=to_stage,
        post_category=category,
        purpose=purpose if kind == quota.SPECIAL else purpose,
        reason=str(values.get("reason") or "").strip() or None,
    )


def save_decision(
    db,
    record_id: int | None,
    values: dict,
    *,
    expected_version: int | None = None,
    base: dict | None = None,
    batch_id: int | None = None,
) -> int:
    """Add (RECORD_ID None) or correct a decision; returns its id. A voided decision is not edited."""
    access.require(db, "edit")
    with UnitOfWork(db, batch_id=batch_id) as uow:
        s = uow.session
        row = clean(s, values)
        old_slots: set[tuple[int, str]] = set()
        if record_id is not None:
            stored = s.get(QuotaDecision, record_id)
            if stored is None:
                raise NotFound(records.deleted_message(s, "quota_decision", record_id, MISSING))
            if stored.void:
                raise UserError("这条编制决定已作废，不能再修改；请另录一条")
            old_slots = _slots(load_values(stored))
        new = quota.Entry(
            record_id or 0,
            row["kind"],
            row["school_year"],
            row["decided_on"],
            row["count"],
            row["school_id"],
            row["stage"],
            row["to_school_id"],
            row["to_stage"],
        )
        check_ledger(s, [*entries(s, without=record_id), new])
        obj = records.upsert(
            s, QuotaDecision, record_id, row, MISSING, expected_version=expected_version, base=base, merge=True
        )
        sync(s, old_slots | _slots(row))
        uow.commit()
        return obj.id


def load_values(d: QuotaDecision) -> dict:
    return dict(school_id=d.school_id, stage=d.stage, to_school_id=d.to_school_id, to_stage=d.to_stage)


def void_decision(
    db, record_id: int, reason: str, *, today: dt.date | None = None, expected_version: int | None = None
) -> None:
    """作废: the decision stays in the ledger, marked void with the reason, and counts for nothing."""
    access.require(db, "edit")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"void_reason": "请填写作废原因"})
    with UnitOfWork(db) as uow:
        s = uow.session
        d = s.get(QuotaDecision, record_id)
        if d is None:
            raise NotFound(records.deleted_message(s, "quota_decision", record_id, MISSING))
        if expected_version is not None and d.version != expected_version:
            raise UserError(records.RACE_MESSAGE)
        if d.void:
            raise UserError("这条编制决定已经作废")
        try:
            check_ledger(s, entries(s, without=record_id))
        except UserError as e:
            raise UserError(f"不能作废这条{d.kind}（{d.doc_no}）：{e}") from None
        d.void, d.void_reason, d.voided_on = True, reason, today or dt.date.today()
        s.flush()
        sync(s, _slots(load_values(d)))
        uow.commit()


# ---------------------------------------------------------------- the county's 事业编制


def county_rows(db) -> list[tuple]:
    """(school year, label, total, education, share of education, schools' quota in the ledger, doc_no, note, id,
    version) per school year, newest first."""
    with db.sessions() as s:
        out = []
        for c in s.scalars(select(CountyQuota).order_by(CountyQuota.school_year.desc())):
            led = quota.fold(entries(s), school_year=c.school_year)
            schools = sum(led.quota.values())
            out.append(
                (
                    c.school_year,
                    school_year_label(c.school_year),
                    c.total_posts,
                    c.education_posts,
                    f"{c.education_posts / c.total_posts:.1%}" if c.total_posts else "",
                    schools,
                    led.pool,
                    c.doc_no or "",
                    c.note or "",
                    c.id,
                    c.version,
                )
            )
    return out


def save_county(db, values: dict) -> int:
    """The county's 事业编制 of a school year (one row per year: saving a year again changes it)."""
    access.require(db, "edit")
    problems: dict[str, str] = {}
    labels = {"school_year": "学年", "total_posts": "全县事业编制", "education_posts": "教育系统编制"}
    got: dict[str, int | None] = {}
    for f, label in labels.items():
        v = str(values.get(f) if values.get(f) is not None else "").strip()
        n: int | None = None
        try:
            n = int(v) if v else None
        except ValueError:
            problems[f] = f"{label}“{v}”不是整数"
        if n is None and f not in problems:
            problems[f] = f"请填写{label}"
        elif n is not None and n < 0:
            problems[f] = f"{label}不能为负"
        got[f] = n
    total, edu = got["total_posts"], got["education_posts"]
    if total is not None and edu is not None and edu > total:
        problems["education_posts"] = f"教育系统编制 {edu} 大于全县事业编制 {total}"
    if problems:
        raise ValidationError(problems)
    with UnitOfWork(db) as uow:
        s = uow.session
        row = s.scalar(select(CountyQuota).where(CountyQuota.school_year == got["school_year"]))
        data = dict(
            school_year=got["school_year"],
            total_posts=total,
            education_posts=edu,
            doc_no=str(values.get("doc_no") or "").strip() or None,
            note=str(values.get("note") or "").strip() or None,
        )
        obj = records.upsert(s, CountyQuota, row.id if row else None, data)
        uow.commit()
        return obj.id


# ---------------------------------------------------------------- import


def import_file(db, path, *, user: str | None = None) -> dict:
    """Read a filled 编制台账 template (or a list with the same columns) and add every decision in one
    transaction, as one import batch (undone from the imports page like any batch). Every row is checked first:
    any problem (a school not found, a missing 文号, a quota going below zero …) refuses the whole file with the
    list of problems, each naming the file, sheet, row and column. Returns dict(added, schools, posts, batch)."""
    access.require(db, "import")
    rows, problems = quota_rows.read(path)
    if not rows and not problems:
        problems.append(f"文件“{Path(path).name}”的编制台账表中没有填写任何决定")
    cleaned: list[tuple[quota_rows.QuotaRow, dict]] = []
    with UnitOfWork(db) as uow:
        s = uow.session
        for r in rows:
            try:
                cleaned.append((r, clean(s, dict(r.values))))
            except ValidationError as e:
                for f, message in e.problems.items():
                    problems.append(f"{r.where(f)}：{message}")
        if problems:
            raise UserError("编制台账未导入，请更正后再导入：\n" + "\n".join(problems[:50]))
        new = [
            quota.Entry(
                -(i + 1),
                v["kind"],
                v["school_year"],
                v["decided_on"],
                v["count"],
                v["school_id"],
                v["stage"],
                v["to_school_id"],
                v["to_stage"],
            )
            for i, (_r, v) in enumerate(cleaned)
        ]
        breach = quota.first_breach([*entries(s), *new])
        if breach is not None:
            at = cleaned[-breach.entry.id - 1][0].where() + "：" if breach.entry.id < 0 else ""
            raise UserError(f"编制台账未导入：{at}{breach_message(s, breach)}")
        batch = ImportBatch(
            user=user or s.info.get("user") or os_user(),
            kind="quota",
            files=json.dumps([str(path)], ensure_ascii=False),
            summary=json.dumps({"quota_decision": len(cleaned)}, ensure_ascii=False),
        )
        s.add(batch)
        s.flush()
        s.info["batch_id"] = batch.id
        slots: set[tuple[int, str]] = set()
        for _r, v in cleaned:
            s.add(QuotaDecision(**v))
            slots |= _slots(v)
        s.flush()
        sync(s, slots)
        uow.commit()
        touched = {v["school_id"] for _r, v in cleaned if v["school_id"]} | {
            v["to_school_id"] for _r, v in cleaned if v["to_school_id"]
        }
        return dict(
            added=len(cleaned), schools=len(touched), posts=sum(v["count"] for _r, v in cleaned), batch=batch.id
        )
