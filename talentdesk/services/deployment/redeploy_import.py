"""Importing a 调配方案's moves from spreadsheets (issue 22 §2): one row per teacher (the 教师调配方案 template:
姓名, 身份证号 or 原学校, 调入学校, 任教学段, 任教学科, 调配理由, 备注) into a draft plan, new or existing.

Each row follows the rules of a move the clerk adds by hand (redeploy.add_move): the teacher serves with a post
at the 原学校, the 调入学校 exists and is another school, a teacher is in a plan once, a school keeps its minimum
of a subject (开齐开足); a subject or stage the teacher holds no certificate for is a warning, as the plan explains.
Every sheet of every file is read (in a child process, importing.isolate) and every row checked — the moves tried
in a transaction that is rolled back — before anything is written; each problem names file, sheet, row and column.
Any error and nothing is imported: the clerk corrects the workbook and imports it again. The import is one import
batch (the 数据导入 page) and one edit of the plan (撤销 on the 调配方案 tab takes it back).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.errors import NotFound, UserError, ValidationError
from talentdesk.importing import isolate
from talentdesk.services.accounts import access
from talentdesk.services.deployment import redeploy
from talentdesk.services.deployment.posting_import import _Teachers, _text
from talentdesk.services.platform import record_import as rec
from talentdesk.services.platform.record_import import ERROR, Problem
from talentdesk.services.platform.settings import load_policy
from talentdesk.store.models import School, Teacher
from talentdesk.store.models_deployment import RedeployMove, RedeployPlan

WARNING = "提醒"
KIND = "redeploy"  # ImportBatch.kind
SYNONYMS = {
    "name": "姓名 教师姓名",
    "id_number": "身份证号 身份证号码 公民身份号码 证件号码",
    "from_school": "原学校 调出学校 现学校 编制学校 所在学校",
    "to_school": "调入学校 拟调入学校 调往学校 新学校",
    "stage": "任教学段 学段",
    "subject": "任教学科 学科",
    "reason": "调配理由 理由 调配原因 原因",
    "note": "备注 说明",
}
_HEADER = rec.header_map(SYNONYMS)


@dataclass
class Row:
    where: tuple[str, str, int]  # file, sheet, row
    values: dict  # teacher_id, to_school_id, stage, subject, reason
    cols: dict  # field → column text, for a problem found when written


@dataclass
class Plan:
    files: list[str]
    plan_id: int | None  # the draft plan the rows go to (None: a new plan of SCHOOL_YEAR)
    school_year: int
    plan_name: str
    rows: list[Row]
    problems: list[Problem]
    bad_rows: int = 0
    warned: set[int] = field(default_factory=set)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def ready(self) -> bool:
        """Every row passed: the import writes all of them or none."""
        return bool(self.rows) and not self.errors

    def summary(self) -> str:
        target = self.plan_name + ("（新建）" if self.plan_id is None else "")
        if self.errors:
            return (
                f"{self.bad_rows} 行有错误（共 {len(self.errors)} 处，见下），整表不导入；"
                f"改正后重新导入到{target}（其余 {len(self.rows)} 行没有错误）"
            )
        if not self.rows:
            return "表中没有调配名单（需有“姓名”和“调入学校”两列的工作表）"
        text = f"可导入{target}的调配 {len(self.rows)} 人"
        if self.warned:
            text += f"，其中 {len(self.warned)} 人有学科或学段资格提醒（见下）"
        return text


def _target(db, plan_id: int | None, school_year: int | None) -> tuple[int | None, int, str]:
    with db.sessions() as s:
        if plan_id is not None:
            p = s.get(RedeployPlan, plan_id)
            if p is None:
                raise NotFound("找不到这份调配方案（可能已被删除）")
            redeploy._plan(s, plan_id, draft=True)  # refuses an approved, revoked or another county's plan
            return p.id, p.school_year, p.name
        if school_year is None or not 2000 <= int(school_year) <= 2100:
            raise UserError(f"学年 {school_year} 不合理")
        old = s.scalar(
            select(RedeployPlan.id).where(RedeployPlan.school_year == school_year, RedeployPlan.county.is_(None))
        )
    if old is not None:
        return _target(db, old, None)
    return None, int(school_year), f"{school_year}学年教师调配方案"


def plan(db, paths, *, plan_id: int | None = None, school_year: int | None = None, wait=None) -> Plan:
    """Read and check PATHS for the draft plan PLAN_ID, or the plan of SCHOOL_YEAR (made when there is none);
    nothing is written."""
    pid, year, name = _target(db, plan_id, school_year)
    out = Plan([str(p) for p in paths], pid, year, name, [], [])
    with db.sessions() as s, isolate.Reader(out.files) as reader:
        people = _Teachers(s)
        schools = {n: i for n, i in s.execute(select(School.name, School.id))}
        seen: dict[int, str] = {}
        if pid is not None:
            for tid in s.scalars(select(RedeployMove.teacher_id).where(RedeployMove.plan_id == pid)):
                seen[tid] = f"已在{name}中"
        for fname, sheet in rec.sheets(reader, out, wait):
            _sheet(out, s, fname, sheet, people, schools, seen)
    if out.rows and not out.errors:
        _try(db, out)
    return out


def _sheet(out: Plan, s, file: str, sheet, people: _Teachers, schools: dict, seen: dict) -> None:
    found = rec.table_columns(sheet, _HEADER)
    if found is None:
        return
    table, cols = found
    if "to_school" not in cols or not ({"name", "id_number"} & set(cols)):
        return  # an instruction or code sheet: not a list of moves
    texts = {f: rec.column_label(c) for f, c in cols.items()}
    for ri in table.data_rows:
        row = sheet.rows[ri]
        cells = {f: _text(row[i]) if i < len(row) else None for f, (i, _h) in cols.items()}
        if all(v is None for v in cells.values()):
            continue
        number = ri + 1
        errors = 0

        def bad(f, message, severity=ERROR, number=number):
            nonlocal errors
            errors += severity == ERROR
            out.problems.append(Problem(file, sheet.name, number, texts.get(f, ""), message, severity))

        frm, to = cells.get("from_school"), cells.get("to_school")
        tid, why = people.find(cells.get("name"), cells.get("id_number"), frm)
        t = s.get(Teacher, tid) if tid is not None else None
        if t is None:
            bad("name" if "name" in cols else "id_number", why or "找不到这位教师")
        elif t.status != codes.ACTIVE_STATUS or t.cur_post_school_id is None:
            bad("name", f"{t.name}不是在岗的编制内教师（人员状态“{t.status}”），不能调配")
        else:
            post = s.get(School, t.cur_post_school_id)
            if not frm:
                bad("from_school", f"没有填写原学校（{t.name}现在的编制学校是{post.name if post else '未填'}）")
            elif post is None or frm != post.name:
                bad("from_school", f"{t.name}现在的编制学校是{post.name if post else '未填'}，不是“{frm}”")
            if t.id in seen:
                bad("name", f"{t.name}{seen[t.id]}，同一位教师在一个方案中只能调配一次")
            else:
                seen[t.id] = f"在{file}工作表“{sheet.name}”第 {number} 行已有一行"
        sid = schools.get(to or "")
        if not to:
            bad("to_school", "没有填写调入学校")
        elif sid is None:
            bad("to_school", f"程序中没有学校“{to}”，请写学校全称")
        elif t is not None and sid == t.cur_post_school_id:
            bad("to_school", f"调入学校不能是{t.name}现在的编制学校")
        stage = cells.get("stage")
        if stage and codes.STAGE.canonical(stage) not in ("小学", "初中", "高中"):
            bad("stage", f"“{stage}”不是任教学段（小学、初中、高中）")
        subject = cells.get("subject")
        if subject and codes.SUBJECT.canonical(subject) is None:
            bad("subject", f"“{subject}”不是学科")
        if errors:
            out.bad_rows += 1
            continue
        assert t is not None
        stage_c = codes.STAGE.canonical(stage) if stage else None
        subject_c = codes.SUBJECT.canonical(subject) if subject else None
        for w in redeploy.fit_warnings(s, t, stage_c, subject_c):
            bad("subject" if "学科要求" in w else "stage", w, WARNING)
            out.warned.add(t.id)
        reason = "；".join(x for x in (cells.get("reason"), f"备注：{cells['note']}" if cells.get("note") else "") if x)
        values = dict(teacher_id=t.id, to_school_id=sid, stage=stage_c, subject=subject_c, reason=reason or None)
        out.rows.append(Row((file, sheet.name, number), values, texts))


def _write(s, db, p: Plan, policy) -> list[int]:
    """Add the rows' moves to the plan inside S (its RedeployPlan made when new); UserError naming the row."""
    if p.plan_id is None:
        target = RedeployPlan(school_year=p.school_year, name=p.plan_name, status=redeploy.DRAFT)
        s.add(target)
        s.flush()
    else:
        target = redeploy._plan(s, p.plan_id, draft=True)
    ids = []
    for r in p.rows:
        try:
            ids.append(redeploy._add(s, db, target, r.values, policy).id)
        except (ValidationError, UserError) as e:
            file, sheet, number = r.where
            if isinstance(e, ValidationError):
                f, message = next(iter(e.problems.items()))
                column = {"teacher_id": "name", "to_school_id": "to_school"}.get(f, f)
                raise _RowError(Problem(file, sheet, number, r.cols.get(column, ""), message)) from None
            raise _RowError(Problem(file, sheet, number, "", str(e))) from None
    return ids


class _RowError(UserError):
    def __init__(self, problem: Problem):
        super().__init__(problem.text())
        self.problem = problem


def _try(db, p: Plan) -> None:
    """Add every row in a transaction that is rolled back: the rules that need the plan (开齐开足 with the plan's
    other moves) find the row they refuse."""
    policy = load_policy(db)
    with db.sessions() as s:
        try:
            _write(s, db, p, policy)
        except _RowError as e:
            p.problems.append(e.problem)
            p.bad_rows += 1
        finally:
            s.rollback()


@dataclass
class Result:
    plan_id: int
    added: int
    batch_id: int | None
    created: bool


def apply(db, p: Plan, *, user: str | None = None) -> Result:
    """Write every row in one transaction, as one import batch and one edit of the plan (撤销 takes it back).
    Refused, writing nothing, when a row has an error."""
    access.require(db, "edit")
    if p.errors:
        raise UserError(f"表中有 {len(p.errors)} 处错误，整表没有导入：{p.errors[0].text()}")
    if not p.rows:
        raise UserError("表中没有可导入的调配")
    policy = load_policy(db)

    def check(s) -> None:
        if p.plan_id is None and s.scalar(
            select(RedeployPlan.id).where(RedeployPlan.school_year == p.school_year, RedeployPlan.county.is_(None))
        ):
            raise UserError(f"{p.school_year}学年的调配方案已经建立，请重新选择文件导入")

    with rec.batch(db, KIND, p.files, user=user, check=check) as (s, batch):
        try:
            ids = _write(s, db, p, policy)
        except _RowError as e:
            raise UserError(f"{e}（没有导入任何一行）") from None
        pid = s.scalar(select(RedeployMove.plan_id).where(RedeployMove.id == ids[0]))
        assert pid is not None
        redeploy._log(s, pid, "导入", [], ids)
        batch.summary = json.dumps(
            {"insert": len(ids) + (p.plan_id is None), "redeploy_move": len(ids)}, ensure_ascii=False
        )
    return Result(pid, len(ids), batch.id, p.plan_id is None)
