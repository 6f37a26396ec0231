"""Chinese names of the fields of the cultivation, deployment and recruitment records, by (table, column), for
messages that name a field (the merge dialog of two clerks' edits, services.platform.records.compare)."""

from __future__ import annotations

_BY_TABLE = {
    "training_course": {"organiser": "主办单位", "hours": "学时", "credits": "学分", "form": "形式"},
    "training_record": {"course_id": "培训项目", "teacher_id": "教师", "hours": "认定学时"},
    "mentor_programme": {
        "term_years": "结对期限（年）",
        "max_mentees": "每名导师带徒上限",
        "mentee_max_years": "青年教师教龄上限（年）",
    },
    "pairing": {
        "programme_id": "结对项目",
        "mentor_id": "导师",
        "mentee_id": "青年教师",
        "end_reason": "终止原因",
        "goals": "培养目标",
        "mentor_eval": "导师考核",
        "mentee_eval": "青年教师考核",
    },
    "pairing_activity": {"pairing_id": "师徒结对", "place": "地点"},
    "studio": {"host_id": "主持人"},
    "studio_member": {
        "studio_id": "工作室",
        "teacher_id": "教师",
        "role": "角色",
        "joined": "加入时间",
        "left": "退出时间",
    },
    "studio_record": {"studio_id": "工作室", "people": "参与人/作者"},
    "reserve_entry": {
        "teacher_id": "教师",
        "pool": "类别",
        "entered": "入库时间",
        "exited": "出库时间",
        "exit_reason": "出库原因",
    },
    "placement": {"teacher_id": "教师"},
    "recruit_batch": {"channel": "招聘渠道", "positions": "岗位数", "announced": "公告时间", "report_date": "报到时间"},
    "candidate": {
        "batch_id": "招聘批次",
        "university": "毕业院校",
        "score": "成绩",
        "teacher_id": "教师档案",
        "student_id": "本地生源",
    },
    "local_student": {
        "from_school": "生源学校",
        "university": "就读高校",
        "graduation": "预计毕业",
        "family_contact": "家庭联系人",
        "intention": "回乡意向",
        "teacher_id": "教师档案",
    },
    "service_obligation": {"teacher_id": "教师", "years": "服务年限", "closed": "结果", "closed_on": "办结时间"},
    "talent_recognition": {"teacher_id": "教师", "category": "人才层次", "term_years": "有效期（年）"},
    "talent_agreement": {"teacher_id": "教师", "monthly_pay": "报酬（元/月）", "duties": "工作职责"},
    "service_request": {
        "teacher_id": "教师",
        "applied": "申请日期",
        "handled": "办结日期",
        "detail": "说明",
        "room": "房间号",
        "amount": "补贴金额（元）",
    },
    "ethics_record": {"teacher_id": "教师", "detail": "内容"},
    "hiring_plan": {"year": "年度", "title": "计划名称", "status": "状态", "note": "备注"},
    "hiring_plan_line": {
        "school_id": "学校",
        "stage": "学段",
        "subject": "学科",
        "proposed": "测算人数",
        "planned": "计划人数",
        "channel": "招聘渠道",
        "reason": "测算依据",
        "note": "备注",
    },
    "subsidy_tier": {"school_id": "学校", "tier": "补助档次"},
}
AREA_FIELDS = {(t, f): label for t, fields in _BY_TABLE.items() for f, label in fields.items()}
