"""Check one row of a training platform's export (list kind "training"): a teacher (by ID number, or by
name and school), a course (name, level, dates, organiser, form) and the hours credited.

Courses are matched by name and start date (else name and start year) to the courses already
registered; a course not found is registered by the import. A teacher not in the database is held
for the clerk (a training list never creates teacher files). The same teacher on the same course
again in the files is skipped; already registered with the same hours → unchanged, other hours → update.
"""

from __future__ import annotations

from sqlalchemy import select

from talentdesk.domain import codes
from talentdesk.domain.cultivation import COURSE_FORM, COURSE_LEVEL, CREDITED_RESULTS, TRAINING_RESULT
from talentdesk.domain.policy import POLICY_KEY, Policy, policy_from_json
from talentdesk.importing import values as V
from talentdesk.importing.plan import HELD, INSERT, REJECTED, SKIPPED, UNCHANGED, UPDATE, PlanRow
from talentdesk.importing.rows_teachers import convert


def _coded(cl: codes.CodeList):
    def conv(value):
        t = V.text(value)
        if t is None:
            return None
        label = cl.canonical(t)
        if label is None:
            raise V.CellError("code.unknown", f"“{t}”不是有效的{cl.name}（可填：{'、'.join(cl.labels)}）")
        return label

    return conv


def number(value):
    """学时/学分: 24, 24.5, '24学时', '2学分'."""
    if V.is_empty(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        x = float(value)
    else:
        t = codes.norm_text(V.text(value)).removesuffix("学时").removesuffix("学分").removesuffix("课时")
        try:
            x = float(t)
        except ValueError:
            raise V.CellError("number.invalid", f"“{value}”不是数字，请只填写学时数") from None
    if x < 0 or x > 1000:
        raise V.CellError("number.range", f"学时“{value}”不合理")
    return x


CONVERTERS = {
    "name": V.name,
    "school": V.text,
    "course": V.text,
    "organiser": V.text,
    "note": V.text,
    "start": V.date,
    "end": V.date,
    "hours": number,
    "credits": number,
    "level": _coded(COURSE_LEVEL),
    "form": _coded(COURSE_FORM),
    "result": _coded(TRAINING_RESULT),
}


def saved_policy(db) -> Policy:
    """The policy saved in db, for a caller of build_plan that passed none."""
    from talentdesk.store.models import Setting

    with db.sessions() as s:
        row = s.get(Setting, POLICY_KEY)
        return policy_from_json(row.value if row else None)


class TrainingContext:
    """Courses and attendance already registered (read once per plan; small tables)."""

    def __init__(self, db, policy: Policy | None = None):
        from talentdesk.store.models_cultivation import TrainingCourse, TrainingRecord

        self.policy = policy if policy is not None else saved_policy(db)
        self.by_key: dict[tuple[str, str], int] = {}
        self.by_name_year: dict[tuple[str, int], list[int]] = {}
        self.hours: dict[int, float | None] = {}
        self.records: dict[tuple[int, int], tuple[int, float, str | None]] = {}
        with db.engine.connect() as conn:
            c = TrainingCourse.__table__.c
            for cid, name, start, hours in conn.execute(select(c.id, c.name, c.start, c.hours)):
                key = codes.norm_text(name)
                self.by_key[(key, start.iso() if start else "")] = cid
                if start:
                    self.by_name_year.setdefault((key, start.year), []).append(cid)
                self.hours[cid] = hours
            r = TrainingRecord.__table__.c
            for rid, cid, tid, h, res in conn.execute(select(r.id, r.course_id, r.teacher_id, r.hours, r.result)):
                self.records[(cid, tid)] = (rid, h, res)

    def course(self, name: str, start) -> int | None:
        key = codes.norm_text(name)
        cid = self.by_key.get((key, start.iso() if start else ""))
        if cid is None and start is not None:
            hits = self.by_name_year.get((key, start.year), [])
            cid = hits[0] if len(hits) == 1 else None
        return cid


def training_context(ctx) -> TrainingContext:
    tc = ctx.__dict__.get("_training")
    if tc is None:
        tc = ctx.__dict__["_training"] = TrainingContext(ctx.db, getattr(ctx, "policy", None))
    return tc


def find_teacher(row: PlanRow, ctx, v: dict) -> dict | None:
    """{'id_number', 'teacher_id'} of the row's teacher, or None with an issue added (never creates one)."""
    name = v.get("name")
    school, _ = ctx.school(v.get("school")) if v.get("school") else (None, None)
    raw = row.raw("id_number")
    if raw is not None:
        try:
            info = V.id_number(raw)
        except V.CellError as e:
            row.add("id_number", "error", e.code, e.message)
            return None
        snap = ctx.teachers.get(info.number)
        if snap is not None:
            old = snap.values.get("name")
            if name and old and name != old:
                row.add(
                    "name", "warning", "teacher.name_differs", f"身份证号对应库中的“{old}”，表中姓名为“{name}”，请核对"
                )
            return {"id_number": info.number, "teacher_id": snap.id}
        if info.number in ctx.planned_teachers:  # a teacher list in the same import adds this teacher
            return {"id_number": info.number, "teacher_id": None}
        row.add(
            "id_number",
            "error",
            "teacher.unknown",
            f"“{name or info.number}”（身份证号 {info.number}）不在教师库中，请先导入该教师的档案",
        )
        return None
    if not name:
        row.add("name", "error", "teacher.missing", "缺少教师姓名和身份证号")
        return None
    if v.get("school") and school is None:
        row.add("school", "error", "school.unknown", f"学校“{v['school']}”不在学校名单中，请核对")
        return None
    found = [
        (t.id_number, t.id, ctx.school_name(t.values.get("cur_post_school_id"))) for t in ctx.by_name.get(name, [])
    ]
    if school:
        found = [f for f in found if f[2] == school.name]
    if len(found) == 1:
        return {"id_number": found[0][0], "teacher_id": found[0][1]}
    where = f"（{school.name}）" if school else ""
    if not found:
        row.add("name", "error", "teacher.unknown", f"库中找不到教师“{name}”{where}，请补填身份证号或核对学校")
    else:
        row.add(
            "name",
            "error",
            "teacher.ambiguous",
            f"库中有 {len(found)} 位名为“{name}”{where}的教师，请补填身份证号或学校",
        )
    return None


def evaluate(row: PlanRow, ctx) -> None:
    v = convert(row, CONVERTERS)
    row.values = v
    tc = training_context(ctx)
    teacher = find_teacher(row, ctx, v)
    row.key = teacher["id_number"] if teacher else None
    if not v.get("course"):
        row.add("course", "error", "course.missing", "缺少培训名称")
    if "start" not in v and not any(i.field == "start" for i in row.issues):
        row.add("start", "error", "date.missing", "缺少培训时间：学时按培训开始时间计入培训周期")
    course_id = tc.course(v["course"], v.get("start")) if v.get("course") else None
    if course_id is None and v.get("course") and "level" not in v and not any(i.field == "level" for i in row.issues):
        row.add("level", "error", "code.missing", f"新培训项目须写明培训级别（可填：{'、'.join(COURSE_LEVEL.labels)}）")
    hours = v.get("hours")
    if hours is None and v.get("credits") is not None:
        hours = v["credits"] * tc.policy.training_hours_per_credit
        row.add(
            "hours",
            "warning",
            "hours.from_credits",
            f"只有学分：按每学分 {tc.policy.training_hours_per_credit:g} 学时折合为 {hours:g} 学时",
        )
    if hours is None and course_id is not None:
        hours = tc.hours.get(course_id)
    if hours is None and not any(i.field in ("hours", "credits") for i in row.issues):
        row.add("hours", "error", "hours.missing", "缺少学时（或学分）")
    result = v.get("result") or "合格"
    if result not in CREDITED_RESULTS and hours:
        row.add("hours", "warning", "hours.not_credited", f"结果为“{result}”，不认定学时（按 0 学时登记）")
        hours = 0.0
    v["hours_credited"], v["result"] = hours, result
    if any(i.severity == "error" and i.code.startswith("id.") for i in row.issues):
        row.status = REJECTED
        return
    if row.has_error or teacher is None:
        row.status = HELD
        return
    # rows of one new course in the files: same name and same start month (one gives 2026.07, another 2026-07-10)
    row.refs.update(
        teacher=teacher,
        course_id=course_id,
        course_key=(codes.norm_text(v["course"]), v["start"].year, v["start"].month or 0),
    )
    rec = tc.records.get((course_id, teacher["teacher_id"])) if course_id and teacher["teacher_id"] else None
    if rec is None:
        row.status = INSERT
        return
    rid, old_hours, old_result = rec
    row.target_id = rid
    if (old_hours or 0) == hours and (old_result or "合格") == result:
        row.status = UNCHANGED
        return
    row.changes = [(f, a, b) for f, a, b in (("hours", old_hours, hours), ("result", old_result, result)) if a != b]
    row.status = UPDATE


def duplicates(rows: list[PlanRow]) -> None:
    """The same teacher on the same course again (in any file of the plan): later rows are skipped."""
    seen: dict[tuple, PlanRow] = {}
    for r in rows:
        if r.status in (REJECTED, HELD, SKIPPED) or not r.refs.get("course_key"):
            continue
        key = (r.key, r.refs["course_key"])
        first = seen.get(key)
        if first is None:
            seen[key] = r
            continue
        r.status = SKIPPED
        r.add(None, "warning", "row.duplicate", f"与 {first.where} 是同一教师的同一培训，已跳过")
