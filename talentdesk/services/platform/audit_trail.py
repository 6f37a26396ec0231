"""Browsing the audit trail (administrator): filtered, newest first, as plain rows with Chinese labels.

The trail itself is append-only: the migration 0005 triggers refuse UPDATE and DELETE of audit_log,
and nothing in the program offers to change it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import distinct, func, or_, select

from talentdesk.importing import audit_rows
from talentdesk.services.accounts import access
from talentdesk.services.people.history import ACTION_LABELS, TABLE_LABELS, field_label, imported_from
from talentdesk.store.models import AuditLog, School, Teacher
from talentdesk.store.textsearch import contains

EXTRA_ACTIONS = {"login": "登录", "login_fail": "登录失败", "lockout": "账户锁定"}
EXTRA_TABLES = {
    "account": "用户",
    "database": "数据库",
    "school": "学校",
    "school_year_stat": "学校学年数据",
    "setting": "设置",
    "import_batch": "导入批次",
    "training_record": "培训学时",
    "training": "培训学时",
    "rotation_proposal": "交流轮岗方案",
    "studios": "名师工作室",
    "mentor_programme": "结对项目",
    "audit_log": "审计日志",
    "pairing_activity": "结对活动",
    "studio": "名师工作室",
    "studio_member": "工作室成员",
    "studio_record": "工作室活动与成果",
    "training_course": "培训项目",
    "reserve_entry": "后备人才库",
    "rotation_year": "交流轮岗年度",
    "rotation_exclusion": "暂缓交流",
    "separation": "减员登记",
    "rural_honour": "乡村从教荣誉",
    "teacher_situation": "教师个人情况",
    "watch_rule": "流失预警规则",
    "hiring_plan": "招聘计划",
    "hiring_plan_line": "招聘计划明细",
    "recruit_batch": "招聘批次",
    "candidate": "招聘人员",
    "service_obligation": "服务期",
    "local_student": "本地生源",
    "student_contact": "生源联系记录",
    "talent_recognition": "人才认定",
    "talent_agreement": "引才协议",
    "talent_payment": "引进人才经费发放",
    "talent_kind": "人才类别名录",
    "service_request": "人才服务",
    "subsidy_tier": "乡村补助档次",
    "ethics_record": "师德记录",
    "exchange_package": "数据交换包",
    "exchange_row": "交换包数据行",
    "exchange_figure": "区县月报数据",
    "login_lockout": "登录锁定",
    "database_identity": "数据库标识",
    "honour_name": "荣誉名录",
    "honour_alias": "荣誉名称对照",
    "leader_post_name": "职务名录",
    "title_route": "职称评审方式名录",
    "post_structure": "岗位设置",
    "retention_response": "管理响应",
    "quota_decision": "编制台账",
    "quota_county": "全县事业编制",
    "school_group": "学校分组",
    "school_group_member": "学校分组成员",
    "activity": "活动登记",
    "activity_participant": "活动参加教师",
    "activity_kind": "活动类别",
    "school_pairing": "学校结对",
    "school_pairing_school": "结对学校",
    "school_pairing_kind": "学校结对类型",
    "competition": "教学竞赛",
    "competition_entrant": "竞赛参赛教师",
    "competition_kind": "竞赛类别",
    "research_role": "教研任职",  # issue 21 §4
    "research_role_kind": "教研角色类别",
    "studio_output": "工作室成果数量",
    "studio_output_kind": "工作室成果类别",
    "posting_call": "援派选派",
    "redeploy_plan": "调配方案",
    "redeploy_move": "调配名单",
    "redeploy_edit": "调配方案修改",
    "talent_programme": "培养项目",
    "programme_milestone": "培养项目节点",
    "programme_member": "培养对象",
    "growth_goal": "成长清单目标",
    "degree_study": "学历提升",
    "research_project": "课题",
    "research_project_kind": "课题类别",
    "research_member": "课题组成员",
}
EXTRA_FIELDS = {
    ("school", "kind"): "办学类型",
    ("school", "name"): "学校名称",
    ("school", "code"): "学校标识码",
    ("school", "township"): "乡镇",
    ("school", "area"): "城乡类型",
    ("school", "address"): "地址",
    ("account", "login"): "用户名",
    ("account", "role"): "角色",
    ("account", "full_name"): "姓名",
    ("account", "active"): "启用",
    ("account", "os_login"): "系统用户",
    ("setting", "value"): "设置值",
    ("teacher", "roster"): "花名册",
    ("school_year_stat", "students"): "学生数",
    ("school_year_stat", "classes"): "班级数",
    ("school_year_stat", "quota"): "核定编制",
    ("honour_name", "name"): "荣誉名称",
    ("honour_name", "position"): "顺序",
    ("honour_alias", "text"): "荣誉名称（原文）",
    ("honour_alias", "name_id"): "归入名录名称",
    ("honour_alias", "level"): "级别",
    ("leader_post_name", "name"): "职务名称",
    ("leader_post_name", "category"): "职务类别",
    ("leader_post_name", "position"): "顺序",
    ("quota_decision", "kind"): "类型",
    ("quota_decision", "school_year"): "学年",
    ("quota_decision", "decided_on"): "日期",
    ("quota_decision", "doc_no"): "文号",
    ("quota_decision", "count"): "编制数",
    ("quota_decision", "school_id"): "学校",
    ("quota_decision", "stage"): "学段",
    ("quota_decision", "to_school_id"): "调入学校",
    ("quota_decision", "to_stage"): "调入学段",
    ("quota_decision", "post_category"): "岗位类别",
    ("quota_decision", "purpose"): "专项用途",
    ("quota_decision", "reason"): "原因",
    ("quota_decision", "void"): "作废",
    ("quota_decision", "void_reason"): "作废原因",
    ("quota_decision", "voided_on"): "作废日期",
    ("quota_county", "total_posts"): "全县事业编制",
    ("quota_county", "education_posts"): "教育系统编制",
    ("talent_kind", "name"): "人才类别",
    ("talent_kind", "position"): "顺序",
    ("title_route", "name"): "评审方式",
    ("title_route", "position"): "顺序",
    ("post_structure", "school_id"): "学校",
    ("post_structure", "year"): "年度",
    ("post_structure", "senior"): "高级岗位",
    ("post_structure", "middle"): "中级岗位",
    ("post_structure", "junior"): "初级岗位",
    ("post_structure", "grades"): "专技岗位等级",
    ("post_structure", "document"): "批复文号",
    ("posting_call", "title"): "选派名称",
    ("posting_call", "kind"): "类别",
    ("posting_call", "unit"): "派往单位",
    ("posting_call", "region"): "省份/地区",
    ("posting_call", "unit_kind"): "单位类别",
    ("posting_call", "announced"): "发布日期",
    ("posting_call", "start"): "派出日期",
    ("posting_call", "planned_end"): "计划结束",
    ("posting_call", "places"): "名额",
    ("posting_call", "document"): "文号",
    ("posting_call", "note"): "备注",
}
COLUMNS = ("时间", "操作人", "操作", "对象", "记录", "教师", "项目", "原值", "新值", "批次")
# entries() rows carry one more value after COLUMNS: the change in words (字段：旧值 → 新值), for the screen
CHANGE = len(COLUMNS)
LIMIT = 5000
SCHOOL_FIELDS = {"school_id", "from_school_id", "to_school_id", "cur_post_school_id", "cur_work_school_id"}


@dataclass
class AuditFilter:
    user: str = ""
    action: str = ""
    table: str = ""
    text: str = ""  # in old/new values or the teacher's name
    since: dt.date | None = None
    until: dt.date | None = None
    teacher_id: int | None = None


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code) or EXTRA_ACTIONS.get(code) or code


def table_label(code: str) -> str:
    return TABLE_LABELS.get(code) or EXTRA_TABLES.get(code) or code


def choices(db) -> dict[str, list[tuple[str, str]]]:
    """Values for the filter boxes: users, actions, tables present in the trail."""
    access.require(db, "audit")
    a = AuditLog.__table__.c
    with db.engine.connect() as conn:
        users = [r[0] for r in conn.execute(select(distinct(a.user)).order_by(a.user))]
        actions = [r[0] for r in conn.execute(select(distinct(a.action)).order_by(a.action))]
        tables = [r[0] for r in conn.execute(select(distinct(a.table_name)).order_by(a.table_name))]
    return {
        "users": [(u, u) for u in users],
        "actions": [(c, action_label(c)) for c in actions],
        "tables": [(c, table_label(c)) for c in tables],
    }


def _range_text(new: str | None) -> str | None:
    """An import's 'ids' row as '记录 101–145（共 45 条）' instead of its JSON."""
    if new is None:
        return None
    try:
        lo, hi = audit_rows.id_range(new)
    except (ValueError, KeyError, TypeError):
        return new
    return f"记录 {lo}–{hi}（共 {hi - lo + 1} 条）"


def _short(text: str | None, n: int = 120) -> str:
    if not text:
        return ""
    return text if len(text) <= n else text[:n] + "…"


def _label(table: str, key: str) -> str:
    if table == "setting":
        from talentdesk.domain.policy import LABELS

        if key in LABELS:
            return LABELS[key]
    from talentdesk.services.platform.area_labels import AREA_FIELDS

    return EXTRA_FIELDS.get((table, key)) or AREA_FIELDS.get((table, key)) or field_label(table, key)


def _json_dict(text: str | None) -> dict | None:
    if not text or not text.lstrip().startswith("{"):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _value_text(v, key: str = "", schools: dict | None = None) -> str:
    if key in SCHOOL_FIELDS and schools and str(v).isdigit():
        return schools.get(int(v), str(v))
    if v is None or v == "":
        return "（空）"
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, dict):
        return "，".join(f"{k} {_value_text(x)}" for k, x in v.items())
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _setting_value(old_d: dict | None, new_d: dict | None) -> tuple[dict | None, dict | None]:
    """A setting row added (or deleted) as its value's parameters; the first saved policy against the defaults."""
    record = new_d if new_d is not None and old_d is None else old_d if new_d is None else None
    if record is None or "value" not in record:
        return old_d, new_d
    value = _json_dict(record.get("value"))
    if value is None:
        return old_d, new_d
    if record.get("key") == "policy":
        from talentdesk.domain.policy import Policy

        defaults = Policy().to_dict()
        return (defaults, value) if new_d is not None else (value, defaults)
    return (None, value) if new_d is not None else (value, None)


def change_text(
    table: str, field: str | None, label: str, old: str | None, new: str | None, schools: dict | None = None
) -> str:
    """The change in words: “字段：旧值 → 新值”; a record added or deleted as “字段：值；…”; a setting saved as a
    whole (JSON) as the parameters that changed — never the raw JSON."""
    old_d, new_d = _json_dict(old), _json_dict(new)
    if table == "setting":  # a setting row added or deleted holds its value as JSON text too
        old_d, new_d = _setting_value(old_d, new_d)
    if old_d is not None and new_d is not None:
        parts = [
            f"{label}：{_value_text(old_d.get(k), k, schools)} → {_value_text(new_d.get(k), k, schools)}"
            for k in dict.fromkeys([*old_d, *new_d])
            if old_d.get(k) != new_d.get(k) and not (label := _label(table, k)).isascii()
        ]
        return "；".join(parts) or "（没有变化）"
    if old_d is not None or new_d is not None:
        values = new_d if new_d is not None else (old_d or {})
        parts = [
            f"{label}：{_value_text(v, k, schools)}"
            for k, v in values.items()
            if v not in (None, "") and not (label := _label(table, k)).isascii()
        ]  # no internal columns
        return "；".join(parts)
    if field in SCHOOL_FIELDS:
        old, new = (None if v is None else _value_text(v, field, schools) for v in (old, new))
    if field and old is not None and new is not None:
        return f"{label}：{old or '（空）'} → {new or '（空）'}"
    text = new if new is not None else old
    return f"{label}：{text}" if label and text else (text or label or "")


def entries(db, f: AuditFilter | None = None, limit: int = LIMIT) -> tuple[list[tuple], int]:
    """(rows, total matching). Rows follow COLUMNS, then the change in words (CHANGE); ID numbers in values are
    shown as stored only to roles that may reveal them (only 管理员 reaches this page)."""
    access.require(db, "audit")
    f = f or AuditFilter()
    a = AuditLog.__table__.c
    t = Teacher.__table__.c
    conds = []
    if f.user:
        conds.append(a.user == f.user)
    if f.action:
        conds.append(a.action == f.action)
    if f.table:
        conds.append(a.table_name == f.table)
    if f.since:
        conds.append(a.at >= dt.datetime.combine(f.since, dt.time()))
    if f.until:
        conds.append(a.at < dt.datetime.combine(f.until + dt.timedelta(days=1), dt.time()))
    origin = None
    if f.teacher_id is not None:
        with db.engine.connect() as conn:
            origin = imported_from(conn, [f.teacher_id]).get(f.teacher_id)
        # a teacher inserted by a bulk import: the batch's row for the teacher table holds it (by id range)
        conds.append(
            a.teacher_id == f.teacher_id if origin is None else or_(a.teacher_id == f.teacher_id, a.id == origin[0])
        )
    if f.text:
        # case-insensitive and % _ taken literally, alike on SQLite and PostgreSQL
        conds.append(or_(*(contains(c, f.text) for c in (a.old, a.new, t.name, a.field))))
    base = (
        select(a.at, a.user, a.action, a.table_name, a.record_id, t.name, a.field, a.old, a.new, a.batch_id, a.id)
        .select_from(AuditLog.__table__.outerjoin(Teacher.__table__, t.id == a.teacher_id))
        .where(*conds)
    )
    with db.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(base.subquery())).scalar_one()
        rows = conn.execute(base.order_by(a.id.desc()).limit(limit)).all()
        tname_of = conn.execute(select(t.name).where(t.id == f.teacher_id)).scalar() if origin else None
        schools = dict(conn.execute(select(School.id, School.name)).all())
    out = []
    for at, user, action, table, rid, tname, fld, old, new, batch, aid in rows:
        if action == "import" and fld == "ids":
            if origin is not None and aid == origin[0]:  # this teacher's line of the batch
                action, rid, tname, fld, new = "imported", f.teacher_id, tname_of, None, origin[4]
            else:
                new = _range_text(new)
        label = _label(table, fld) if fld else ""
        out.append(
            (
                f"{at:%Y-%m-%d %H:%M:%S}" if at else "",
                user,
                action_label(action),
                table_label(table),
                "" if rid is None else str(rid),
                tname or "",
                label,
                _short(old),
                _short(new),
                "" if batch is None else str(batch),
                change_text(table, fld, label, old, new, schools),
            )
        )
    return out, total
