"""Import use cases: apply a reviewed ImportPlan in one transaction as an ImportBatch, list batches, undo one.

    result = apply_plan(db, plan, user=None, progress=None)   # → ApplyResult(batch_id, counts)
    list_batches(db)                                          # → [dict] newest first (for the batch list)
    undo_batch(db, batch_id, user=None)                       # restores the state before the batch

On any failure (including a progress callback raising Cancelled) nothing is written.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from talentdesk.domain import codes
from talentdesk.errors import UserError
from talentdesk.importing import (
    mapping_store,
    sheet_school,
    write_lists,
    write_monitoring,
    write_teachers,
    write_training,
)
from talentdesk.importing.columns import KIND_LABELS
from talentdesk.importing.plan import INSERT, UPDATE, ImportPlan, gc_paused
from talentdesk.services.accounts import access, user_names
from talentdesk.services.people import quota_book
from talentdesk.store import backup, current, db_errors
from talentdesk.store.audit import os_user
from talentdesk.store.models import ImportBatch
from talentdesk.store.uow import UnitOfWork


@dataclass
class ApplyResult:
    batch_id: int | None
    counts: dict


# batches written by an area's own importer (not the wizard's list kinds)
OTHER_KINDS = {
    "activities": "活动登记",  # services.cultivation.activity_import (issue 21 §1)
    "talents": "人才认定",  # services.recruitment.talent_import (issue 20 §4)
    "school_pairings": "学校结对",  # services.deployment.school_pairing_import (issue 21 §3)
    "competitions": "教学竞赛",  # services.cultivation.competition_import (issue 21 §2)
    "research_roles": "教研任职",  # services.cultivation.research_role_import (issue 21 §4)
    "programmes": "培养项目成员",  # services.cultivation.programme_import (issues 20 §3, 21 §5)
    "degree_study": "学历提升",  # services.cultivation.degree_import (issue 21 §5)
    "growth": "成长清单目标",  # services.cultivation.growth_import (issue 21 §5)
    "research": "课题登记",  # services.cultivation.research_import (issue 21 §5)
    "postings": "援派报名与选派",  # services.deployment.posting_import (issue 22 §2)
    "redeploy": "调配方案名单",  # services.deployment.redeploy_import (issue 22 §2)
}


def apply_plan(db, plan: ImportPlan, user: str | None = None, progress=None) -> ApplyResult:
    access.require(db, "import")
    if db.read_only:
        raise UserError(
            "数据库以只读方式打开（正由其他程序使用、文件校验未通过或位于不可写的位置），不能导入；"
            "表格没有写入，可以稍后再导入"
        )
    with gc_paused():
        try:
            return _apply(db, plan, user, progress)
        except db_errors.database_errors() as e:
            why = db_errors.explain(e)  # busy, read-only, disk full, I/O, unique: not the cells' fault
            if why is None and not isinstance(e, SQLAlchemyError):
                raise
            if why is not None:
                raise UserError(f"导入没有完成，数据库未作任何改动：{why}") from e
            raise _bad_value(e) from e
        except (OverflowError, ValueError, TypeError) as e:
            raise _bad_value(e) from e


def _bad_value(e: BaseException) -> UserError:
    return UserError(
        f"导入没有完成，数据库未作任何改动：表格中有无法保存的数据（{type(e).__name__}："
        f"{str(e).splitlines()[0][:120]}）。请检查数字过大或格式异常的单元格后重试"
    )


def _apply(db, plan: ImportPlan, user: str | None, progress) -> ApplyResult:
    counts = plan.counts()
    todo = [r for r in plan.rows() if r.status in (INSERT, UPDATE)]
    remember = [s for s in plan.sheets() if s.mapping_changed]
    chosen = [s for s in plan.sheets() if s.choices_changed]
    if not todo and not remember and not chosen:
        return ApplyResult(None, counts)
    user = user or db.sessions.kw.get("info", {}).get("user") or os_user()
    kinds = sorted({s.kind for s in plan.sheets() if s.rows})
    if todo and db.path is not None and not db.read_only:  # a verified backup before every import
        try:
            backup.auto_backup(db.path, db.path.parent / "backups", "pre-import")
        except backup.BackupError as e:
            raise UserError(f"导入前的自动备份没有成功，为安全起见没有导入：{e}") from None
    with UnitOfWork(db) as uow:
        s = uow.session
        s.info["user"] = user
        batch = ImportBatch(
            user=user,
            kind=",".join(kinds) or "teachers",
            files=json.dumps([f.path for f in plan.files], ensure_ascii=False),
            summary=json.dumps(counts, ensure_ascii=False),
        )
        s.add(batch)
        s.flush()  # the first write: from here on the transaction holds the write lock
        s.info["batch_id"] = batch.id
        touched = _write(s, plan, batch.id, user, progress)
        for sheet in remember:
            mapping_store.remember(s, sheet.signature, sheet.kind, {c.header: c.field for c in sheet.columns})
        for sheet in chosen:
            for asked, ref in sheet.school_choices.items():
                if asked:  # a sheet that names no school is not remembered (any other such sheet would match)
                    mapping_store.remember_school(s, sheet_school.remember_key(sheet, asked), ref.name)
        s.flush()
        current.refresh(s, touched)
        uow.commit()
        return ApplyResult(batch.id, counts)


def _write(s, plan: ImportPlan, batch_id: int, user: str, progress) -> set[int]:
    ctx = plan.context
    rows = plan.rows()
    total = len(rows) or 1
    school_ids: dict[str, int] = {codes.norm_text(k): r.id for k, r in ctx.schools.items() if r.id}
    for values in plan.new_schools:  # created by the clerk in the wizard
        school_ids[codes.norm_text(values["name"])] = write_lists.new_school(s, values)
    typed: dict[int, dict[tuple[int, str], int | None]] = {}  # school → 核定编制 the file gives per year and stage
    for _i, r in enumerate(plan.rows("schools")):
        if r.status in (INSERT, UPDATE):
            write_lists.write_school(s, r, school_ids)
            if r.values.get("quota") is not None and r.refs.get("stat_key"):
                sid_ = school_ids[codes.norm_text(r.values["name"])]
                typed.setdefault(sid_, {})[tuple(r.refs["stat_key"])] = r.values["quota"]
    for school_id, figures in typed.items():  # the 编制台账 stays the source: a new figure is a 核定 decision
        quota_book.record_stat_quotas(s, school_id, figures)
    if progress:
        progress(0, total, "写入教师")

    def sid(ref) -> int:
        return ref.id if ref.id else school_ids[codes.norm_text(ref.name)]

    ids = write_teachers.Ids(s)
    teacher_ids = {k: v.id for k, v in ctx.teachers.items() if v is not None}
    new_items = []
    touched: set[int] = set()
    file_index = {f.path: i for i, f in enumerate(plan.files)}  # as listed in the batch's files

    def where(r) -> tuple[int, str, int]:
        return file_index[r.sheet.path], r.sheet.name, r.row

    for r in plan.rows("teachers"):
        if r.status == INSERT:
            school = r.refs["school"]
            new_items.append((r.values, school, sid(school), where(r)))
    for r in plan.rows("pairings") + plan.rows("rotations"):
        if r.status == INSERT:
            for ref in (r.refs.get("mentor"), r.refs.get("mentee"), r.refs.get("teacher")):
                if ref and ref["create"]:
                    c = ref["create"]
                    new_items.append((c, c["school"], sid(c["school"]), where(r)))
    seen, unique = set(), []
    for item in new_items:
        number = item[0]["id_number"]
        if number not in seen and number not in teacher_ids:
            seen.add(number)
            unique.append(item)
    del new_items
    if progress:
        progress(0, total, f"写入 {len(unique)} 位新教师")
    teacher_ids.update(write_teachers.insert_teachers(s, unique, batch_id, user, ctx.school_year, ids))
    for r in plan.rows("teachers"):
        if r.status == UPDATE:
            if r.target_id is None:  # evaluate names the teacher of every UPDATE row
                raise RuntimeError("导入计划中的更新行没有对应的教师")
            write_teachers.update_teacher(s, r.target_id, r.values, r.changes, r.refs["school"], ctx.school_year)
            touched.add(r.target_id)
    s.flush()

    def tid(ref) -> int:
        return ref["teacher_id"] or teacher_ids[ref["id_number"]]

    programmes: dict = {}
    for r in plan.rows("pairings"):
        if r.status == INSERT:
            touched.update(write_lists.write_pairing(s, r, tid, programmes))
    for r in plan.rows("rotations"):
        if r.status == INSERT:
            touched.add(write_lists.write_rotation(s, r, tid, sid))
    courses: dict = {}
    for r in plan.rows("training"):
        if r.status in (INSERT, UPDATE):
            write_training.write_training(s, r, tid, courses)
    for r in plan.rows("separations"):  # issue 22 §3: leaving lists and management responses
        if r.status == INSERT:
            touched.add(write_monitoring.write_separation(s, r, tid))
    offered: list[str] = []
    for r in plan.rows("responses"):
        if r.status == INSERT:
            touched.add(write_monitoring.write_response(s, r, tid))
            offered += (r.values.get("offered") or "").split("、")
    write_monitoring.add_offers(s, offered)
    if progress:
        progress(total, total, "完成")
    return touched


def list_batches(db) -> list[dict]:
    """Import batches, newest first, as plain dicts for the batch list. The demo county's batch is not an
    import (its rows are in the audit trail) and cannot be undone here, so it is not listed."""
    with db.sessions() as s:
        batches = s.scalars(select(ImportBatch).where(ImportBatch.kind != "demo").order_by(ImportBatch.id.desc())).all()
        names = user_names.names_in(s, [u for b in batches for u in (b.user, b.undone_by)])
    out = []
    for i, b in enumerate(batches):
        files = json.loads(b.files or "[]")
        c = json.loads(b.summary or "{}")
        kinds = [k for k in (b.kind or "").split(",") if k]
        out.append(
            {
                "id": b.id,
                "number": len(batches) - i,
                "at": b.at.strftime("%Y-%m-%d %H:%M") if b.at else "",
                "user": user_names.shown(b.user, names),
                "kind": b.kind,
                "kind_label": "、".join(KIND_LABELS.get(k) or OTHER_KINDS.get(k, k) for k in kinds),
                "files": files,
                "files_text": "、".join(f.replace("\\", "/").rsplit("/", 1)[-1] for f in files),
                "inserted": c.get("insert", 0),
                "updated": c.get("update", 0),
                "unchanged": c.get("unchanged", 0),
                "not_imported": c.get("rejected", 0) + c.get("held", 0) + c.get("skipped", 0),
                "undone": b.undone_at is not None,
                "state": (
                    f"已撤销（{b.undone_at:%Y-%m-%d %H:%M}，{user_names.shown(b.undone_by, names)}）"
                    if b.undone_at
                    else "已导入"
                ),
            }
        )
    return out


def batch_number(db, batch_id: int) -> int:
    """The batch's number as the clerk sees it in the import list (第 N 批: the listed batches up to it, oldest
    first); the database id also counts the demo county's batch, which the list does not show."""
    with db.sessions() as s:
        return (
            s.scalar(
                select(func.count())
                .select_from(ImportBatch)
                .where(ImportBatch.kind != "demo", ImportBatch.id <= batch_id)
            )
            or 0
        )


def undo_batch(db, batch_id: int, user: str | None = None) -> dict:
    """Undo one import batch: remove what it inserted, restore what it changed. Returns counts."""
    from talentdesk.importing import undo

    access.require(db, "import")
    user = user or db.sessions.kw.get("info", {}).get("user") or os_user()
    with UnitOfWork(db) as uow:
        s = uow.session
        s.info["user"] = user
        batch = s.get(ImportBatch, batch_id)
        if batch is None:
            raise UserError(f"找不到第 {batch_id} 批导入记录")
        if batch.undone_at is not None:
            raise UserError(f"第 {batch_id} 批导入已于 {batch.undone_at:%Y-%m-%d %H:%M} 撤销过")
        result = undo.undo(s, batch_id)
        batch.undone_at = _dt.datetime.now().replace(microsecond=0)
        batch.undone_by = user
        uow.commit()
        return result
