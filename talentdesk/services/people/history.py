"""A teacher's change history from the audit log, as plain rows with Chinese labels."""

from __future__ import annotations

import datetime as _dt
import json

from sqlalchemy import select

from talentdesk.domain import idnumber
from talentdesk.importing import audit_rows
from talentdesk.services.accounts import user_names
from talentdesk.store.models import AuditLog, ImportBatch, School

_EPOCH = _dt.datetime(1900, 1, 1)

TABLE_LABELS = {
    "teacher": "基本信息",
    "post_record": "编制学校",
    "placement": "工作安排",
    "education": "学历",
    "certificate": "教师资格",
    "title_record": "职称",
    "teaching": "任教",
    "designation": "称号",
    "designation_review": "称号考核",
    "honour": "荣誉",
    "appraisal": "年度考核",
    "pairing": "师徒结对",
    "leader_post": "职务",
    "retention_response": "管理响应",
    "posting_candidate": "援派报名",
}
ACTION_LABELS = {
    "imported": "导入新增",
    "insert": "新增",
    "update": "修改",
    "delete": "删除",
    "import": "导入",
    "undo": "撤销",
    "export": "导出",
    "restore": "恢复",
}
FIELD_LABELS = {
    "full_id": "完整身份证号",
    "id_type": "身份证件类型",
    "id_number": "身份证件号",
    "name": "姓名",
    "former_name": "曾用名",
    "gender": "性别",
    "birth_date": "出生日期",
    "ethnicity": "民族",
    "political": "政治面貌",
    "native_place": "籍贯",
    "phone": "联系电话",
    "work_start": "参加工作年月",
    "school_entry": "进本校年月",
    "employment_form": "用工形式",
    "source": "教职工来源",
    "status": "状态",
    "status_date": "状态日期",
    "note": "备注",
    "nationality": "国籍/地区",
    "birthplace": "出生地",
    "marital": "婚姻状况",
    "health": "健康状况",
    "staff_no": "教职工号",
    "teaching_start": "从教起始年月",
    "post_category": "岗位类别",
    "post_grade": "岗位等级",
    "admin_post": "行政职务",
    "contract": "签订合同情况",
    "normal_grad": "是否全日制师范类专业毕业",
    "funded_normal": "是否公费师范生",
    "tegang": "是否特岗教师",
    "mandarin": "普通话等级",
    "it_level": "信息技术应用能力",
    "school_id": "学校",
    "from_school_id": "原学校",
    "to_school_id": "工作学校",
    "start": "开始",
    "end": "结束",
    "kind": "类别",
    "planned_end": "计划结束",
    "actual_end": "实际结束",
    "moves_relation": "调动人事关系",
    "batch": "批次",
    "degree": "学历",
    "academic_degree": "学位",
    "institution": "毕业院校",
    "major": "专业",
    "normal": "师范类",
    "full_time": "全日制",
    "highest": "最高学历",
    "first": "第一学历",
    "graduated": "毕业时间",
    "subject": "学科",
    "number": "证书编号",
    "issued": "发证时间",
    "title": "职称",
    "obtained": "取得时间",
    "appointed": "聘任时间",
    "route": "评审方式",
    "benefit_only": "只享受职称待遇",
    "school_year": "学年",
    "stage": "学段",
    "head_teacher": "班主任",
    "weekly_periods": "周课时",
    "level": "级别",
    "issuer": "授予单位",
    "date": "时间",
    "year": "年度",
    "result": "考核结果",
}
# Per-table overrides where one attribute name means different things
TABLE_FIELD_LABELS = {
    ("honour", "name"): "荣誉名称",
    ("placement", "kind"): "交流方式",
    ("placement", "outside_unit"): "县外单位",
    ("placement", "outside_region"): "省份/地区",
    ("placement", "outside_kind"): "单位类别",
    ("posting_candidate", "call_id"): "选派",
    ("posting_candidate", "applied_on"): "报名日期",
    ("posting_candidate", "applied_note"): "报名说明",
    ("posting_candidate", "recommended_on"): "推荐日期",
    ("posting_candidate", "recommended_note"): "推荐意见",
    ("posting_candidate", "assessed_on"): "考核日期",
    ("posting_candidate", "assessed_note"): "考核结果",
    ("posting_candidate", "decision"): "选派结果",
    ("posting_candidate", "decided_on"): "决定日期",
    ("posting_candidate", "decision_note"): "决定说明",
    ("posting_candidate", "placement_id"): "派出记录",
    ("certificate", "kind"): "资格种类",
    ("designation", "kind"): "称号",
    ("designation_review", "designation_id"): "称号",
    ("designation_review", "date"): "考核日期",
    ("designation_review", "stage"): "考核类型",
    ("designation_review", "result"): "考核结果",
    ("designation_review", "decision"): "处理",
    ("designation_review", "reason"): "原因",
    ("designation_review", "decided_by"): "决定单位",
    ("designation_review", "document"): "文号",
    ("designation_review", "end_before"): "原结束时间",
    ("designation_review", "successor_id"): "降级后的称号",
    ("placement", "status"): "状态",
    ("retention_response", "talked_on"): "谈话日期",
    ("retention_response", "talked_by"): "谈话人",
    ("retention_response", "offered"): "提供的条件",
    ("retention_response", "outcome"): "结果",
    ("retention_response", "follow_up"): "跟进日期",
    ("leader_post", "school_id"): "任职学校",
    ("leader_post", "post"): "职务",
    ("leader_post", "method"): "任职方式",
    ("leader_post", "start"): "任职时间",
    ("leader_post", "end"): "离任时间",
    ("leader_post", "end_reason"): "离任原因",
    ("leader_post", "recommended"): "民主推荐",
    ("leader_post", "evaluation"): "民主测评结果",
    ("leader_post", "inspected"): "组织考察",
    ("leader_post", "publicised"): "公示",
    ("leader_post", "document"): "任职文件号",
}
_SCHOOL_FIELDS = {"school_id", "from_school_id", "to_school_id"}
_HIDDEN = {"teacher_id", "photo"}

COLUMNS = ("时间", "操作人", "操作", "内容", "项目", "原值", "新值")


def field_label(table: str, attr: str) -> str:
    return TABLE_FIELD_LABELS.get((table, attr)) or FIELD_LABELS.get(attr, attr)


def _summary(table: str, text: str | None, schools: dict) -> str:
    """The JSON values of an inserted/deleted record as '学历：大学本科；毕业时间：2008-07'."""
    if not text:
        return ""
    try:
        values = json.loads(text)
    except ValueError:
        return text
    if not isinstance(values, dict):
        return str(values)
    parts = []
    for k, v in values.items():
        if v in (None, "") or k in _HIDDEN:
            continue
        if k in _SCHOOL_FIELDS:
            v = schools.get(int(v), v)
        elif k == "id_number":
            v = idnumber.mask(v)  # personal data: the full number is on the 基本信息 tab
        parts.append(f"{field_label(table, k)}：{v}")
    return "；".join(parts)


def imported_from(conn, teacher_ids) -> dict[int, tuple]:
    """teacher id → (audit row id, time, user, batch id, text) for teachers a bulk import inserted: the batch
    records one range of ids with the sheet row of each (importing.audit_rows), not a row per teacher."""
    wanted = set(teacher_ids)
    a = AuditLog.__table__.c
    b = ImportBatch.__table__.c
    found: dict[int, tuple] = {}
    if not wanted:
        return found
    for aid, at, user, batch, new, files in conn.execute(
        select(a.id, a.at, a.user, a.batch_id, a.new, b.files)
        .join_from(AuditLog.__table__, ImportBatch.__table__, b.id == a.batch_id)
        .where(a.action == "import", a.table_name == "teacher", a.field == "ids")
    ):
        lo, hi = audit_rows.id_range(new)
        for tid in wanted:
            if lo <= tid <= hi and (where := audit_rows.locate(new, tid)) is not None:
                f, sheet, row = where
                try:
                    name = json.loads(files)[f].replace("\\", "/").rsplit("/", 1)[-1]
                except (ValueError, IndexError, TypeError, AttributeError):
                    name = ""
                found[tid] = (aid, at, user, batch, f"第 {batch} 批导入：{name}，工作表“{sheet}”第 {row} 行")
    return found


def teacher_history(db, teacher_id: int) -> list[tuple]:
    """Newest first: (time, user, action, table, field, old, new) as display text."""
    a = AuditLog.__table__.c
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(a.id, a.at, a.user, a.action, a.table_name, a.field, a.old, a.new).where(a.teacher_id == teacher_id)
        ).all()
        origin = imported_from(conn, [teacher_id]).get(teacher_id)
        if origin is not None:
            aid, at, user, _batch, text = origin
            rows.append((aid, at, user, "imported", "teacher", None, None, text))
        rows.sort(key=lambda r: (r[1] or _EPOCH, r[0]), reverse=True)
        schools = dict(conn.execute(select(School.id, School.name)).all())
    names = user_names.names(db)
    out = []
    for _id, at, user, action, table, field, old, new in rows:
        if field in _HIDDEN:
            continue
        if action in ("insert", "delete") and field is None:
            old, new = _summary(table, old, schools), _summary(table, new, schools)
        elif field in _SCHOOL_FIELDS:
            old = schools.get(int(old), old) if old and old.isdigit() else old
            new = schools.get(int(new), new) if new and new.isdigit() else new
        out.append(
            (
                at.strftime("%Y-%m-%d %H:%M") if at else "",
                user_names.shown(user, names),
                ACTION_LABELS.get(action, action),
                TABLE_LABELS.get(table, table),
                field_label(table, field) if field else "",
                old or "",
                new or "",
            )
        )
    return out
