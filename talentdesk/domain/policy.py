"""Policy parameters with their defaults (DESIGN.md). Editable in settings; never literals in rules."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

AGE_INCLUSIVE, AGE_EXCLUSIVE = "含本数", "不含本数"
# parameters that take one of a few texts (the settings page shows a drop-down)
HIGH_SCHOOLS_OUT, HIGH_SCHOOLS_IN = "不参加", "参加"
CHOICES: dict[str, tuple[str, ...]] = {
    "rotation_age_reading": (AGE_INCLUSIVE, AGE_EXCLUSIVE),
    "district_level": ("县级", "省级"),
    "rotation_high_schools": (HIGH_SCHOOLS_OUT, HIGH_SCHOOLS_IN),
    "training_joiners": ("按比例", "不计入"),
    "famous_min_level": ("校级", "县级", "市级", "省级"),
    "key_talent_min_degree": ("博士研究生", "硕士研究生", "大学本科"),
    "key_talent_min_title": ("正高级教师", "高级教师", "一级教师"),
    "key_talent_designation_level": ("不计", "校级", "县级", "市级", "省级", "国家级"),
    "redeploy_family_mode": ("加大成本", "不调配"),
}
# parameters that are a yes/no per item (stored as 1/0): ticked on the settings page
FLAGS: frozenset[str] = frozenset({"rotation_forms", "rotation_sending_areas", "rural_areas", "redeploy_family_kinds"})


@dataclass
class Policy:
    # staffing ratio 教职工:学生, students per staff member, by stage
    staff_ratio: dict[str, float] = field(default_factory=lambda: {"高中": 12.5, "初中": 13.5, "小学": 19.0})
    # 村小学、教学点: 生师比与班师比相结合 (中央编办发〔2014〕72号; 乡村教师支持计划 国办发〔2015〕43号): staff per
    # class, whichever gives more; the figure is each province's (0 = student ratio only)
    class_staff_ratio: dict[str, float] = field(default_factory=lambda: {"小学": 1.5})
    # 优质均衡: teachers above the required degree per 100 students
    above_degree_per100: dict[str, float] = field(default_factory=lambda: {"小学": 4.2, "初中": 5.3})
    required_degree: dict[str, str] = field(default_factory=lambda: {"小学": "大学专科", "初中": "大学本科"})
    backbone_county_per100: float = 1.0
    pe_arts_per100: float = 0.9
    cv_limit: dict[str, float] = field(default_factory=lambda: {"小学": 0.50, "初中": 0.45})
    # 《县域义务教育优质均衡发展督导评估办法》(教督〔2017〕6号) 第九条注: 规模不足100名学生的村小学和教学点按100名
    # 学生计算; 每所学校至少6项指标达到要求，余项不能低于要求的85%
    balance_small_school_students: int = 100  # 0: count actual students
    balance_floor_share: float = 0.85
    # rotation
    rotation_min_share: float = 0.10
    rotation_backbone_share: float = 0.20
    rotation_years_same_school: int = 6
    rotation_age_limit: dict[str, int] = field(default_factory=lambda: {"男": 50, "女": 45})
    # how “男50周岁、女45周岁以下” is read: 以下 includes the number (《关于推进县（区）域内义务教育学校校长教师
    # 交流轮岗的意见》 教师〔2014〕4号 and common usage: 以上、以下 含本数), or excludes it
    rotation_age_reading: str = "含本数"
    loan_max_years: float = 1.0  # 借调 longer than this breaks 人编一致
    rotation_forms: dict[str, int] = field(default_factory=lambda: {"在编": 1, "特岗": 0, "合同": 0})  # 1 = may rotate
    rotation_retire_within: int = 2  # teachers this close to retirement are left out
    rotation_term_years: int = 3  # planned length of a rotation placement
    rotation_sending_areas: dict[str, int] = field(default_factory=lambda: {"城区": 1, "镇区": 0, "乡村": 0})
    # 教师〔2014〕4号 is about 义务教育 schools: 高中 teachers get no quota unless the bureau includes them
    rotation_high_schools: str = HIGH_SCHOOLS_OUT
    # school leaders (issue 20 §1): years a principal holds office in one school before the 校长交流 list names them
    principal_term_years: int = 6
    # titles (issue 20 §2): a teacher 评而未聘 this long (years since the title) counts as having waited long
    title_wait_long_years: int = 3
    # designations (issue 20 §3): a term without an end date lasts this long; the 考核 list looks this far ahead
    designation_term_years: int = 3
    designation_review_months: int = 6
    rural_areas: dict[str, int] = field(default_factory=lambda: {"城区": 0, "镇区": 1, "乡村": 1})  # 1 = rural service
    # training
    training_hours_per_cycle: int = 360
    training_cycle_years: int = 5
    training_cycle_start: int = 2021  # first year of a cycle (2021-2025, 2026-2030, …)
    training_hours_per_credit: float = 10.0  # when a platform gives credits only (1 学分 = 10 学时)
    # a teacher who joined within a cycle owes the share of it still to run (按比例) or is left out (不计入)
    training_joiners: str = "按比例"
    # what “区级” / “区培” means: a 区 bureau's district level is county level; in a 自治区 it is provincial
    district_level: str = "县级"
    # 名优教师 (the talent tier report's share): 骨干教师 and above from this level up, and 正高级教师
    famous_min_level: str = "县级"
    # rural service honours: cumulative years in rural schools
    rural_honour_years: dict[str, int] = field(default_factory=lambda: {"国家": 30, "省": 20, "县": 10})
    # mentoring
    mentees_per_mentor: int = 3
    mentee_max_years: int = 3
    mentoring_term_years: int = 3
    mentor_min_years: int = 8  # years of service that make a teacher a mentor candidate (backbone: any)
    mentor_min_title: str = "一级教师"
    # 关键人才 (issue 22 §3): a loss other than retirement or death counts as a key-talent loss when the teacher
    # had this degree or above, or this title or above, or a 骨干教师-or-above designation of this level or above
    key_talent_min_degree: str = "硕士研究生"
    key_talent_min_title: str = "一级教师"
    key_talent_designation_level: str = "县级"  # 不计: designations do not make a key talent
    # 重点指标 of the 人才数据月报 (issue 22 §3, domain.monitoring): a value above 关注 is marked 关注, above 预警 预警
    kpi_key_losses: dict[str, float] = field(default_factory=lambda: {"关注": 0.0, "预警": 2.0})
    kpi_rural_loss_rate: dict[str, float] = field(default_factory=lambda: {"关注": 0.005, "预警": 0.01})
    kpi_watch_share: dict[str, float] = field(default_factory=lambda: {"关注": 0.05, "预警": 0.10})
    kpi_overdue_responses: dict[str, float] = field(default_factory=lambda: {"关注": 0.0, "预警": 5.0})
    # permanent redeployment (调配方案, issue 22 §2, domain.redeploy): the cost of each move, in points; a move is
    # proposed only while its cost stays below the value of filling one gap
    redeploy_gap_value: float = 10.0
    redeploy_cost_township: float = 2.0  # to a school in another township (same township: 0)
    redeploy_cost_stage_up: float = 1.0  # per stage up, for a teacher certified for the higher stage
    redeploy_cost_stage_down: float = 3.0  # per stage down (a teacher may teach below the stage they are qualified for)
    redeploy_cost_cert_subject: float = 2.0  # teaching the subject of the certificate, not the one taught now
    redeploy_cost_family: float = 5.0  # a teacher with a family situation recorded (when the mode is 加大成本)
    redeploy_family_mode: str = "加大成本"  # 不调配: such teachers are never proposed
    redeploy_family_kinds: dict[str, int] = field(
        default_factory=lambda: {"两地分居": 1, "家庭困难": 1, "申请调动": 0, "其他": 0}
    )
    redeploy_keep_min: int = 1  # 开齐开足: a school keeps at least this many teachers of each subject it teaches
    # retirement ages for projections
    retirement_age: dict[str, int] = field(default_factory=lambda: {"男": 60, "女": 55})
    # security (issue 8): screen lock after idle minutes (0 = never), sign-in lockout
    idle_lock_minutes: int = 10
    login_max_failures: int = 5
    login_lockout_minutes: int = 15
    # recruitment and talent services (issue 6)
    obligation_years: dict[str, int] = field(default_factory=lambda: {"公费师范生": 6, "优师计划": 6, "特岗计划": 3})
    hiring_retirement_years: int = 3  # the hiring plan lists retirements due in this many years
    teacher_weekly_periods: dict[str, float] = field(default_factory=lambda: {"小学": 14.0, "初中": 12.0, "高中": 12.0})
    # weekly periods per class by stage and subject (课程方案, averaged over the grades; 综合实践 and 劳动 are
    # taught by other subjects' teachers); not on the settings page
    subject_periods: dict[str, dict[str, float]] = field(
        default_factory=lambda: {
            "小学": {
                "语文": 7.0,
                "数学": 4.5,
                "英语": 1.5,
                "科学": 1.5,
                "政治": 2.0,
                "体育": 3.5,
                "音乐": 2.0,
                "美术": 2.0,
                "信息技术": 0.7,
            },
            "初中": {
                "语文": 5.0,
                "数学": 4.5,
                "英语": 4.0,
                "物理": 1.7,
                "化学": 1.0,
                "生物": 1.5,
                "政治": 2.0,
                "历史": 2.0,
                "地理": 1.5,
                "体育": 3.0,
                "音乐": 1.0,
                "美术": 1.0,
                "信息技术": 1.0,
            },
            "高中": {
                "语文": 4.5,
                "数学": 4.5,
                "英语": 4.0,
                "物理": 3.0,
                "化学": 3.0,
                "生物": 3.0,
                "政治": 3.0,
                "历史": 3.0,
                "地理": 3.0,
                "体育": 2.0,
                "音乐": 1.0,
                "美术": 1.0,
                "信息技术": 1.0,
                "通用技术": 1.0,
                "心理健康": 0.5,
            },
        }
    )
    talent_monthly_allowance: dict[str, int] = field(
        default_factory=lambda: {"A": 5000, "B": 3000, "C": 2000, "D": 1000, "E": 500}
    )
    talent_settling_grant: dict[str, int] = field(
        default_factory=lambda: {"A": 200000, "B": 100000, "C": 50000, "D": 20000, "E": 10000}
    )
    talent_service_categories: str = "ABC"  # categories entitled to 子女入学 and 人才公寓
    talent_term_reminder_days: int = 90  # an imported talent's agreed term ending within this many days is listed
    special_allowance: dict[str, int] = field(
        default_factory=lambda: {"国务院特殊津贴": 20000, "省政府特殊津贴": 10000}
    )
    rural_subsidy_monthly: dict[str, int] = field(default_factory=lambda: {"一档": 300, "二档": 500, "三档": 800})

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Policy:
        known = {f.name for f in dataclasses.fields(cls)}
        base = cls()
        for k, v in (data or {}).items():
            if k in known:
                cur = getattr(base, k)
                if isinstance(cur, dict) and isinstance(v, dict):
                    cur = {**cur, **v}
                    setattr(base, k, cur)
                else:
                    setattr(base, k, type(cur)(v))
        return base


LABELS = {
    "staff_ratio": "教职工与学生比（每名教职工对应学生数）",
    "class_staff_ratio": "村小学、教学点班师比（每班教职工数，按本省标准；0 为只按生师比）",
    "above_degree_per100": "每百名学生高于规定学历教师数",
    "required_degree": "规定学历",
    "backbone_county_per100": "每百名学生县级及以上骨干教师数",
    "pe_arts_per100": "每百名学生体育、艺术专任教师数",
    "cv_limit": "差异系数上限",
    "balance_small_school_students": "规模不足多少名学生的村小学和教学点按该人数计算（0 为按实际人数）",
    "balance_floor_share": "未达标指标不得低于标准的比例",
    "rotation_min_share": "交流轮岗最低比例（占符合条件教师）",
    "rotation_backbone_share": "骨干教师占交流人数最低比例",
    "rotation_years_same_school": "同一学校任教满（年）应交流",
    "rotation_age_limit": "交流年龄上限（男/女）",
    "rotation_age_reading": "年龄上限“以下”是否含本数",
    "loan_max_years": "借调最长期限（年）",
    "rotation_forms": "可参加交流的用工形式",
    "rotation_retire_within": "距退休不足（年）不参加交流",
    "rotation_term_years": "交流期限（年）",
    "rotation_sending_areas": "交流派出学校的城乡类型（另加指定的优质学校）",
    "rotation_high_schools": "普通高中教师是否参加交流轮岗（文件针对义务教育学校）",
    "principal_term_years": "校长在同一所学校连续任职满（年）列入交流名单",
    "title_wait_long_years": "评而未聘满（年）列为久候未聘",
    "designation_term_years": "名师、名校长、名班主任等称号未填结束时间时的任期（年）",
    "designation_review_months": "称号任期中期或期满前几个月列入待考核名单",
    "rural_areas": "计为乡村从教的学校城乡类型",
    "training_hours_per_cycle": "每周期培训学时",
    "training_cycle_years": "培训周期（年）",
    "training_cycle_start": "培训周期起始年份",
    "training_hours_per_credit": "每学分折合学时",
    "training_joiners": "周期内新入职教师的学时要求（按比例 / 不计入）",
    "district_level": "“区级”“区培”按哪一级统计（区教育局为县级，自治区为省级）",
    "famous_min_level": "名优教师：骨干教师及以上称号的最低级别（正高级教师都计入）",
    "rural_honour_years": "乡村从教荣誉年限",
    "mentees_per_mentor": "每名导师带徒上限",
    "mentee_max_years": "青年教师教龄上限（年）",
    "mentoring_term_years": "结对周期（年）",
    "mentor_min_years": "导师人选教龄下限（年）",
    "mentor_min_title": "导师人选职称下限",
    "key_talent_min_degree": "关键人才流失：学历下限（含本级）",
    "key_talent_min_title": "关键人才流失：职称下限（含本级）",
    "key_talent_designation_level": "关键人才流失：骨干教师及以上称号的级别下限（不计为不看称号）",
    "kpi_key_losses": "月报重点指标：关键人才月流失超过（人）即关注 / 预警",
    "kpi_rural_loss_rate": "月报重点指标：乡村教师月流失率超过（小数）即关注 / 预警",
    "kpi_watch_share": "月报重点指标：流失倾向教师占在岗比例超过（小数）即关注 / 预警",
    "kpi_overdue_responses": "月报重点指标：逾期未跟进的管理响应超过（件）即关注 / 预警",
    "redeploy_gap_value": "调配方案：补一个学科缺口的价值（调配成本低于它才列入方案）",
    "redeploy_cost_township": "调配方案：调往其他乡镇的成本（同乡镇为 0）",
    "redeploy_cost_stage_up": "调配方案：持高学段资格向上调配的成本（每个学段）",
    "redeploy_cost_stage_down": "调配方案：改教低学段的成本（每个学段）",
    "redeploy_cost_cert_subject": "调配方案：改教资格证上的学科的成本",
    "redeploy_cost_family": "调配方案：登记有家庭情况的教师的成本",
    "redeploy_family_mode": "调配方案：登记有家庭情况的教师（加大成本 / 不调配）",
    "redeploy_family_kinds": "调配方案：计为家庭情况的登记情况",
    "redeploy_keep_min": "调配方案：每所学校每个开设学科至少保留教师（人，开齐开足）",
    "retirement_age": "退休年龄（男/女）",
    "idle_lock_minutes": "无操作自动锁屏（分钟，0 为不锁屏）",
    "login_max_failures": "连续输错密码几次后锁定账户",
    "login_lockout_minutes": "账户锁定时长（分钟）",
    "obligation_years": "服务期（年）",
    "hiring_retirement_years": "招聘计划列出几年内退休",
    "teacher_weekly_periods": "教师周标准课时",
    "talent_monthly_allowance": "人才津贴（元/月，按人才类别）",
    "talent_settling_grant": "一次性安家补贴（元，按人才类别）",
    "talent_service_categories": "享受子女入学、人才公寓的人才类别",
    "talent_term_reminder_days": "引进人才协议期满前多少天提醒",
    "special_allowance": "特殊津贴（元，一次性）",
    "rural_subsidy_monthly": "乡村教师生活补助（元/月，按档次）",
}


# Where each rule comes from (issue 19 §3): parameter (or rule) name → the document, its part or article, and
# the words the rule follows. A value no document fixes says so: the bureau sets it from its province's text.
UNVERIFIED = "未核实来源，请按本省文件确认"
SOURCES: dict[str, str] = {
    "staff_ratio": "《关于统一城乡中小学教职工编制标准的通知》（中央编办发〔2014〕72号）：县镇、农村中小学教职工编制"
    "标准统一到城市标准，高中1:12.5、初中1:13.5、小学1:19",
    "class_staff_ratio": "《乡村教师支持计划（2015—2020年）》（国办发〔2015〕43号）第（四）项“统一城乡教职工编制标准”："
    "村小学、教学点编制按照生师比与班师比相结合的方式核定；班师比的数值（每班教职工数）"
    f"{UNVERIFIED}",
    "balance": "《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号）资源配置评估：每百名学生拥有高于规定学历"
    "教师数小学4.2、初中5.3人以上，县级及以上骨干教师数均1人以上，体育、艺术（美术、音乐）专任教师数均"
    "0.9人以上；每所学校至少6项指标达到要求、余项不低于要求的85%；校际差异系数小学≤0.50、初中≤0.45",
    "backbone": "县级及以上骨干教师：同《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号）“每百名学生拥有县级"
    "及以上骨干教师数”（骨干教师、学科带头人、名师、特级教师，教坛新秀不计入），全部报表同一口径",
    "rotation": "《关于推进县（区）域内义务教育学校校长教师交流轮岗的意见》（教师〔2014〕4号）：义务教育学校在同一所"
    "学校连续任教满6年的教师应交流；城镇学校、优质学校每学年教师交流轮岗的比例应不低于符合交流条件教师"
    "总数的10%，其中骨干教师交流轮岗应不低于交流总数的20%。年龄上限（男50、女45周岁以下，“以下”含本数）"
    "以本省实施意见为准",
    "principal_term_years": "《关于推进县（区）域内义务教育学校校长教师交流轮岗的意见》（教师〔2014〕4号）："
    "义务教育阶段公办学校校长、副校长在同一所学校连续任职满2届后，原则上应交流；默认6年按每届3年计，"
    f"每届年限{UNVERIFIED}",
    "title_wait_long_years": "《关于深化中小学教师职称制度改革的指导意见》（人社部发〔2015〕79号）："
    "中小学教师职称评审与岗位聘用相结合，在核定的岗位结构比例内评聘；评而未聘满几年列为久候未聘为本程序口径"
    f"（默认3年），{UNVERIFIED}",
    "designation_term_years": "名师、名校长、名班主任实行任期制管理、期中和期满考核、能上能下（各省“三名工程”"
    f"实施意见，任期多为3至5年）；默认3年，{UNVERIFIED}",
    "designation_review_months": "任期中期、期满考核的提前提醒月数为本程序口径（默认6个月），可在设置中修改",
    "rural_honour_years": "《乡村教师支持计划（2015—2020年）》（国办发〔2015〕43号）第（八）项“建立乡村教师荣誉制度”："
    "国家对在乡村学校从教30年以上的教师颁发荣誉证书，省、县分别对从教20年以上、10年以上的教师"
    "给予鼓励（“以上”含本数）",
    "training_hours_per_cycle": "《教育部关于大力加强中小学教师培训工作的意见》（教师〔2011〕1号）："
    "实行五年一周期不少于"
    "360学时的教师全员培训；周期内入职教师按比例或不计入（本程序口径，可在设置中选择）",
    "rural_subsidy_monthly": "《乡村教师支持计划（2015—2020年）》（国办发〔2015〕43号）"
    "第（三）项“提高乡村教师生活待遇”："
    "依据学校艰苦边远程度实行差别化补助；各档金额按本地文件（设置中填写）",
    "obligation_years": "服务期：公费师范生《教育部直属师范大学师范生公费教育实施办法》（国办发〔2018〕75号）"
    "到中小学任教"
    "6年以上；优师计划《中西部欠发达地区优秀教师定向培养计划》（教师〔2021〕4号）履约任教6年；"
    "特岗教师《关于实施农村义务教育阶段学校教师特设岗位计划的通知》（教师〔2006〕2号）聘期3年",
    "retirement_age": "到龄退休按法定退休年龄（设置中默认男60、女55周岁）；2025年1月起按《全国人民代表大会常务委员会"
    "关于实施渐进式延迟法定退休年龄的决定》逐步延迟，请按本人出生年月核定",
    "teacher_weekly_periods": "课程周课时按《义务教育课程方案（2022年版）》和普通高中课程方案折算；"
    f"教师周标准课时{UNVERIFIED}",
    "talent": "人才类别、津贴、安家补贴和服务项目按本地人才政策文件（设置中填写）",
    "talent_term_reminder_days": "引进人才协议期满提醒天数为本程序口径（默认90天），由教育局在设置中按本地人才政策"
    f"文件和续签程序设定；{UNVERIFIED}",
    "famous_min_level": "名优教师的级别下限为本程序口径（设置中可改），不是上级文件的统计指标",
    "key_talent": "关键人才流失（硕士研究生及以上学历、一级教师及以上职称或县级及以上骨干教师称号的教师调出、辞职、"
    "解聘，不含退休和去世）为本程序口径，按人才数据月报“重点指标”的要求设定，三项门槛在设置中可改；"
    f"上级文件对“关键人才”的界定{UNVERIFIED}",
    "kpi": "人才数据月报重点指标的关注线、预警线为本程序口径，由教育局在设置中按本地要求设定（超过即标记）；"
    f"上级文件对各指标阈值的规定{UNVERIFIED}",
    "records": "本表按数据库中的记录列出或计数，不套用政策标准",
    "redeploy": "调配方案：学科余缺按课时测算（班级数 × 周课时 ÷ 教师周标准课时）；持高学段教师资格的可向上调配，"
    "可改教低一学段；每所学校开设的学科至少保留设置中的人数（开齐开足课程）；各项调配成本（跨乡镇、跨学段、改教"
    f"学科、家庭情况）为本程序口径，由教育局在设置中设定；调配的审批程序和文号{UNVERIFIED}",
}


POLICY_KEY = "policy"  # the Setting row holding the bureau's policy as JSON (services.platform.settings)


def policy_from_json(text: str | None) -> Policy:
    """The policy saved as TEXT (the Setting's JSON value; None or unreadable: the defaults)."""
    try:
        data = json.loads(text) if text else None
    except ValueError:
        data = None
    return Policy.from_dict(data)
