"""Check one row of a leaving list (离岗人员名单) or of a list of management responses (管理响应记录), issue 22 §3.

The teacher is found as in the other lists (ID number, or name and school); a list never creates a teacher file.
Codes — 离岗方式, 原因分类, 去向类别, 结果 — are matched by name or alias; an unknown code is an error on its cell
(the row is held, the clerk corrects it in the wizard). Free text (原因, 去向, 备注) is kept as written.
"""

from __future__ import annotations

from talentdesk.domain import attrition, codes
from talentdesk.importing import values as V
from talentdesk.importing.plan import INSERT, UNCHANGED, PlanRow
from talentdesk.importing.rows_links import _status, person
from talentdesk.importing.rows_teachers import convert

_LIMITS = {"dest_province": 20, "dest_city": 30, "talked_by": 30, "offered": 200}
SEPARATION_KINDS = tuple(attrition.SEPARATION_KINDS)

CONVERTERS = {
    "name": V.name,
    "school": V.text,
    "leave_kind": lambda v: V.coded(codes.STATUS, v, severity="error"),
    "leave_date": V.date,
    "reason": V.text,
    "reason_code": lambda v: V.coded(codes.LEAVE_REASON, v, severity="error"),
    "destination": V.text,
    "dest_kind": lambda v: V.coded(codes.LEAVE_DEST, v, severity="error"),
    "dest_province": V.text,
    "dest_city": V.text,
    "talked_on": V.date,
    "talked_by": V.text,
    "offered": V.text,
    "outcome": lambda v: V.coded(codes.RESPONSE_OUTCOME, v, severity="error"),
    "follow_up": V.date,
    "note": V.text,
}


def evaluate(row: PlanRow, ctx) -> None:
    v = convert(row, CONVERTERS)
    row.values = v
    for f, n in _LIMITS.items():
        if v.get(f) and len(v[f]) > n:
            row.add(f, "error", "text.too_long", f"最多 {n} 个字（现有 {len(v[f])} 个）")
    teacher = _teacher(row, ctx, v)
    if row.sheet.kind == "separations":
        _separation(row, ctx, v, teacher)
    else:
        _response(row, ctx, v, teacher)


def _teacher(row: PlanRow, ctx, v: dict) -> dict | None:
    """The teacher of the row, never a new file: a leaving record or a talk is about a teacher on file."""
    found = person(row, ctx, v, "教师", "name", "id_number", "school")
    if found and found["create"]:
        ctx.planned_teachers.pop(found["id_number"], None)
        row.issues = [i for i in row.issues if i.code != "teacher.created"]
        row.add("id_number", "error", "teacher.unknown", f"“{v.get('name')}”不在教师库中，请核对身份证号或先导入该教师")
        return None
    if found and found["teacher_id"] is None:  # a teacher only planned by another sheet of this import
        row.add("id_number", "error", "teacher.unknown", "该教师将由本次导入的教师名单新建，请先导入教师名单再导入本表")
        return None
    row.key = found["id_number"] if found else None
    return found


def _separation(row: PlanRow, ctx, v: dict, teacher: dict | None) -> None:
    kind = v.get("leave_kind")
    if kind == codes.ACTIVE_STATUS:
        row.add("leave_kind", "error", "code.unknown", f"离岗方式不能是“在岗”（可填：{'、'.join(SEPARATION_KINDS)}）")
    elif "leave_kind" not in v and not any(i.field == "leave_kind" for i in row.issues):
        row.add("leave_kind", "error", "code.missing", f"缺少离岗方式（可填：{'、'.join(SEPARATION_KINDS)}）")
    if "leave_date" not in v and not any(i.field == "leave_date" for i in row.issues):
        row.add("leave_date", "error", "date.missing", "缺少离岗日期")
    if teacher and teacher["teacher_id"]:
        snap = ctx.teachers.get(teacher["id_number"])
        status = snap.get("status") if snap is not None else None
        if status and status != codes.ACTIVE_STATUS:
            if status == kind:
                row.refs.update(teacher=teacher)
                row.status = UNCHANGED  # already recorded (a list sent twice)
                return
            row.add("leave_kind", "error", "teacher.left", f"该教师的人员状态已是“{status}”，请核对")
    if not _status(row, bool(teacher)):
        return
    row.refs.update(teacher=teacher)
    row.status = INSERT


def _response(row: PlanRow, ctx, v: dict, teacher: dict | None) -> None:
    if "talked_on" not in v and not any(i.field == "talked_on" for i in row.issues):
        row.add("talked_on", "error", "date.missing", "缺少谈话日期")
    if not v.get("talked_by"):
        row.add("talked_by", "error", "text.missing", "缺少谈话人")
    if "outcome" not in v and not any(i.field == "outcome" for i in row.issues):
        row.add("outcome", "error", "code.missing", f"缺少结果（可填：{'、'.join(attrition.OUTCOMES)}）")
    if v.get("outcome") == attrition.OPEN_OUTCOME and "follow_up" not in v:
        row.add("follow_up", "error", "date.missing", "结果为“跟进中”时请填写跟进日期")
    offered = [x.strip() for x in (v.get("offered") or "").replace("，", "、").replace(",", "、").split("、")]
    v["offered"] = "、".join(x for x in dict.fromkeys(offered) if x) or None
    known = set(ctx.offer_choices or attrition.OFFERS)
    new = [x for x in (v["offered"] or "").split("、") if x and x not in known]
    if new:
        row.add(
            "offered",
            "warning",
            "code.new",
            f"“{'、'.join(new)}”不在可提供的条件列表中（{'、'.join(sorted(known))}），将按原文保存并加入列表",
        )
    if not _status(row, bool(teacher)):
        return
    row.refs.update(teacher=teacher)
    key = (teacher["teacher_id"], v["talked_on"].iso(), v["talked_by"]) if teacher else None
    row.status = UNCHANGED if key in ctx.responses else INSERT
