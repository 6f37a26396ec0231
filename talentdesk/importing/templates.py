"""Blank workbooks the bureau sends to schools: canonical Chinese headers, an instruction row,
drop-down lists for coded fields (from domain.codes), ID and date columns formatted as text,
frozen header and A4 landscape print setup. Filled-in templates are read back by the importer."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # start-up: openpyxl (0.3-0.6 s to import) only when a template is written
    from openpyxl import Workbook

from talentdesk.domain import attrition, codes, leaders, quota, school_pairing, staff_record, titles
from talentdesk.domain.cells import escape_cell
from talentdesk.domain.cultivation import COURSE_FORM, COURSE_LEVEL, TRAINING_RESULT

TEXT = "@"
KINDS = ("teachers", "schools", "pairings", "rotations", "training", "separations", "responses", "posts")
YES_NO = ("是", "否")
CODE_SHEET = "代码表"
SCHOOL_LIST = "学校"  # marker: the drop-down is the list of school names given by the caller


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 10
    text: bool = False  # cell format '@' (ID numbers, dates, phone numbers, codes)
    choices: object = None  # a CodeList, a tuple of labels, or SCHOOL_LIST
    strict: bool = True  # refuse values outside the list (else only warn)
    note: str = ""  # shown as the input message when the cell is selected


@dataclass(frozen=True)
class TemplateSpec:
    kind: str
    title: str  # file title and sheet title, e.g. 教师信息表
    sheet: str
    columns: tuple[Column, ...]
    rows: int  # how many data rows get the formats and drop-downs
    instruction: str


_DATE_NOTE = "写成 1985-03 或 1985-03-12"
_ID_NOTE = "18位身份证号，末位X大写；请勿改成数字格式"

TEACHERS = TemplateSpec(
    "teachers",
    "教师信息表",
    "教师信息",
    (
        Column("序号", 6),
        Column("学校", 22, choices=SCHOOL_LIST, strict=False, note="填写学校全称"),
        Column("姓名", 10, note="与身份证一致，中间不加空格"),
        Column("身份证号", 21, text=True, note=_ID_NOTE),
        Column("性别", 6, choices=codes.GENDER),
        Column("出生日期", 12, text=True, note=_DATE_NOTE),
        Column("民族", 10, choices=codes.ETHNICITY),
        Column("政治面貌", 13, choices=codes.POLITICAL),
        Column("参加工作年月", 13, text=True, note=_DATE_NOTE),
        Column("进本校年月", 12, text=True, note=_DATE_NOTE),
        Column("最高学历", 12, choices=codes.DEGREE),
        Column("毕业院校", 18),
        Column("所学专业", 14),
        Column("职称", 12, choices=codes.TITLE),
        # titles as a career (issue 20 §2): how the current title was obtained and whether it is appointed
        Column("职称取得时间", 12, text=True, note=_DATE_NOTE),
        Column("评审方式", 14, choices=titles.DEFAULT_ROUTES, strict=False, note="本县名录中的评审方式"),
        Column("是否聘任", 8, choices=YES_NO, note="已聘任到该级岗位填“是”"),
        Column("职称聘任时间", 12, text=True, note=_DATE_NOTE),
        Column("只享受职称待遇", 10, choices=YES_NO, note="只享受待遇、不占该级岗位的填“是”"),
        Column("任教学段", 10, choices=codes.STAGE),
        Column("任教学科", 10, choices=codes.SUBJECT),
        Column("用工形式", 10, choices=codes.EMPLOYMENT_FORM),
        Column(
            "骨干类别", 12, choices=codes.LADDER_KINDS, strict=False, note="写成 级别+称号，如 县级骨干教师；没有请留空"
        ),
        # 三名工程 (issue 20 §3): 名校长/名班主任 (also 名师) with the level, and when designated
        Column(
            "名校长/名班主任",
            14,
            choices=tuple(f"{lv}{k}" for k in codes.ROLE_KINDS for lv in reversed(codes.LEVEL.labels)),
            strict=False,
            note="写成 级别+称号，如 市级名校长、县级名班主任；有多个用“、”分隔；没有请留空",
        ),
        Column("称号认定时间", 12, text=True, note="名校长、名班主任称号的认定时间，" + _DATE_NOTE),
        Column("联系电话", 14, text=True),
        # the national 教职工基础信息采集表 (issue 18 §4): the same labels the importer and the form use
        *(
            Column(
                f.label,
                max(10, 2 * len(f.label) + 2),
                text=f.month or f.codes is None,
                choices=f.codes,
                strict=not f.free,
                note=_DATE_NOTE if f.month else "",
            )
            for f in staff_record.FIELDS
        ),
        # school leaders (issue 20 §1): with 行政职务 (职务) a post record of the school
        Column("任职时间", 12, text=True, note="学校领导和中层填写现任职务（行政职务）的任职时间，" + _DATE_NOTE),
        Column("任职方式", 10, choices=leaders.METHODS),
    ),
    500,
    "填写说明：①每位教师一行，从第4行开始填写，不要合并单元格，不要改动表头；"
    "②身份证号按文本填写（本表已设为文本格式），末位X大写；"
    "③日期写成 1985-03 或 1985-03-12；"
    "④性别、民族、政治面貌、学历、职称、学段、学科、用工形式、骨干类别，以及婚姻状况、健康状况、岗位类别、"
    "签订合同情况、是否师范类毕业/公费师范生/特岗、普通话等级、信息技术应用能力请从下拉列表中选择；"
    "⑤学校领导和中层在“行政职务”填职务（如 校长、教务主任，书记兼校长写“党组织书记、校长”），并填任职时间和任职方式；"
    "⑥名校长、名班主任写成“级别+称号”（如 市级名校长），并填称号认定时间。",
)

SCHOOLS = TemplateSpec(
    "schools",
    "学校基本情况表",
    "学校基本情况",
    (
        Column("学校名称", 26, note="填写学校全称"),
        Column("学校标识码", 14, text=True, note="10位学校标识码"),
        Column("乡镇", 14, note="所在乡镇（街道）"),
        Column("城乡类型", 10, choices=codes.AREA),
        Column("办学类型", 14, choices=codes.SCHOOL_KIND),
        Column("学生数", 10, note="在校学生数（整数）"),
        Column("班级数", 10),
        Column("核定编制", 10, note="核定教职工编制数"),
    ),
    200,
    "填写说明：①每所学校一行，从第4行开始填写，不要合并单元格，不要改动表头；"
    "②学校标识码按文本填写；③城乡类型、办学类型请从下拉列表中选择；"
    "④学生数、班级数、核定编制填整数。",
)

PAIRINGS = TemplateSpec(
    "pairings",
    "师徒结对名单",
    "师徒结对",
    (
        Column("导师姓名", 10),
        Column("导师身份证号", 21, text=True, note=_ID_NOTE),
        Column("导师学校", 22, choices=SCHOOL_LIST, strict=False),
        Column("青年教师姓名", 12),
        Column("青年教师身份证号", 21, text=True, note=_ID_NOTE),
        Column("青年教师学校", 22, choices=SCHOOL_LIST, strict=False),
        Column("学科", 10, choices=codes.SUBJECT),
        Column("开始日期", 12, text=True, note=_DATE_NOTE),
        Column("结束日期", 12, text=True, note=_DATE_NOTE),
    ),
    300,
    "填写说明：①每对师徒一行，从第4行开始填写，不要合并单元格；"
    "②身份证号按文本填写，末位X大写（不知道身份证号时可留空，按姓名和学校匹配）；"
    "③日期写成 2026-09 或 2026-09-01；④学科请从下拉列表中选择。",
)

ROTATIONS = TemplateSpec(
    "rotations",
    "交流轮岗人员名单",
    "交流轮岗",
    (
        Column("姓名", 10),
        Column("身份证号", 21, text=True, note=_ID_NOTE),
        Column("原学校", 22, choices=SCHOOL_LIST, strict=False),
        Column("交流学校", 22, choices=SCHOOL_LIST, strict=False),
        Column("交流方式", 12, choices=codes.PLACEMENT_KIND),
        Column("开始日期", 12, text=True, note=_DATE_NOTE),
        Column("结束日期", 12, text=True, note=_DATE_NOTE),
        Column("人事关系是否转移", 12, choices=YES_NO),
    ),
    300,
    "填写说明：①每人一行，从第4行开始填写，不要合并单元格；②身份证号按文本填写，末位X大写；"
    "③日期写成 2026-09 或 2026-09-01；④交流方式、人事关系是否转移请从下拉列表中选择。",
)

TRAINING = TemplateSpec(  # read back as list kind "training" (importing/columns.py _TR, rows_training.py)
    "training",
    "培训学时名单",
    "培训学时",
    (
        Column("姓名", 10),
        Column("身份证号", 21, text=True, note=_ID_NOTE),
        Column("学校", 22, choices=SCHOOL_LIST, strict=False, note="填写学校全称"),
        Column("培训名称", 26, note="与培训通知上的项目名称一致"),
        Column("培训级别", 10, choices=COURSE_LEVEL),
        Column("主办单位", 18),
        Column("培训开始时间", 13, text=True, note="学时按培训开始时间计入培训周期；" + _DATE_NOTE),
        Column("培训结束时间", 13, text=True, note=_DATE_NOTE),
        Column("学时", 8, note="认定学时数（数字）"),
        Column("学分", 8, note="没有学分请留空；只填学分时按设置中的每学分学时折合"),
        Column("培训形式", 10, choices=COURSE_FORM),
        Column("考核结果", 10, choices=TRAINING_RESULT, note="留空按合格登记"),
        Column("备注", 16),
    ),
    500,
    "填写说明：①每位教师每个培训项目一行，从第4行开始填写，不要合并单元格，不要改动表头；"
    "②身份证号按文本填写，末位X大写（不知道身份证号时可留空，按姓名和学校匹配）；"
    "③日期写成 2026-07 或 2026-07-10；④培训级别、培训形式、考核结果请从下拉列表中选择；⑤学时填数字。",
)

QUOTA = TemplateSpec(  # read back by importing/quota_rows.py in the 编制台账 tab (not a wizard list kind)
    "quota",
    "编制台账（编制核定与变动）",
    "编制台账",
    (
        Column("学校（调出学校）", 22, choices=SCHOOL_LIST, strict=False, note="调剂时填调出学校；入池不填"),
        Column("学年", 8, note="如 2025（即 2025-2026 学年）；不填按日期"),
        Column("类型", 10, choices=quota.KINDS),
        Column("编制数", 8, note="正整数；核定填核定后的总数"),
        Column("学段", 8, choices=("小学", "初中", "高中"), note="只有一个学段的学校可不填"),
        Column("调入学校", 22, choices=SCHOOL_LIST, strict=False, note="只在调剂时填写"),
        Column("文号", 22, note="如 县编办〔2025〕12号（必填）"),
        Column("日期", 12, text=True, note="发文或决定日期，" + _DATE_NOTE),
        Column("原因", 24),
        Column("岗位类别", 10, choices=quota.POST_CATEGORIES),
        Column("专项用途", 12, note="专项编制填写，如 高层次人才"),
    ),
    300,
    "填写说明：①每个编制决定一行（调剂一行写明调出、调入学校），从第4行开始填写，不要合并单元格；"
    "②类型从下拉列表选择：核定、核增、核减、调剂、专项编制、入池、借出、收回；③文号必填；"
    "④日期写成 2025-09-01；⑤编制数填正整数。",
)

SEPARATIONS = TemplateSpec(  # read back as list kind "separations" (importing/columns.py _SEP, rows_monitoring.py)
    "separations",
    "离岗人员名单",
    "离岗人员",
    (
        Column("姓名", 10),
        Column("身份证号", 21, text=True, note=_ID_NOTE),
        Column("原学校", 22, choices=SCHOOL_LIST, strict=False, note="填写学校全称"),
        Column("离岗方式", 10, choices=tuple(attrition.SEPARATION_KINDS)),
        Column("离岗日期", 12, text=True, note=_DATE_NOTE),
        Column("离岗原因", 20, note="按本人所述填写，原文保留"),
        Column("原因分类", 16, choices=codes.LEAVE_REASON, note="退休、去世可留空"),
        Column("去向", 20, note="去向单位或说明，原文保留"),
        Column("去向类别", 16, choices=codes.LEAVE_DEST),
        Column("去向省份", 10),
        Column("去向城市", 10),
        Column("备注", 16),
    ),
    300,
    "填写说明：①每人一行，从第4行开始填写，不要合并单元格，不要改动表头；②身份证号按文本填写，末位X大写"
    "（不知道身份证号时可留空，按姓名和学校匹配）；③日期写成 2026-07 或 2026-07-10；"
    "④离岗方式、原因分类、去向类别请从下拉列表中选择；离岗原因、去向按原文填写。",
)

RESPONSES = TemplateSpec(  # read back as list kind "responses" (importing/columns.py _RESP, rows_monitoring.py)
    "responses",
    "管理响应记录",
    "管理响应",
    (
        Column("姓名", 10),
        Column("身份证号", 21, text=True, note=_ID_NOTE),
        Column("学校", 22, choices=SCHOOL_LIST, strict=False, note="任教学校全称"),
        Column("谈话日期", 12, text=True, note=_DATE_NOTE),
        Column("谈话人", 14, note="如 人事股股长、分管副局长"),
        Column("提供的条件", 26, note="用顿号分隔，如 子女入学、周转房"),
        Column("结果", 10, choices=codes.RESPONSE_OUTCOME),
        Column("跟进日期", 12, text=True, note="结果为跟进中时必填；" + _DATE_NOTE),
        Column("备注", 20),
    ),
    300,
    "填写说明：①每次谈话一行，从第4行开始填写，不要合并单元格，不要改动表头；②身份证号按文本填写，末位X大写"
    "（不知道身份证号时可留空，按姓名和学校匹配）；③日期写成 2026-07-10；④结果请从下拉列表中选择，"
    "结果为“跟进中”时必须填写跟进日期；⑤提供的条件用顿号分隔。",
)

POSTS = TemplateSpec(  # read back as list kind "schools" (importing/columns.py _S post_*, rows_schools.py)
    "posts",
    "学校岗位设置表",
    "岗位设置",
    (
        Column("学校名称", 24, choices=SCHOOL_LIST, strict=False, note="填写学校全称"),
        Column("岗位设置年度", 12, note="批复的年份，如 2026"),
        Column("高级岗位数", 10, note="含正高级"),
        Column("中级岗位数", 10),
        Column("初级岗位数", 10),
        Column("专技岗位等级", 30, text=True, note="可不填；如 五级=1;六级=2;八级=3（一至七级为高级，八至十级为中级）"),
        Column("岗位设置批复文号", 22),
    ),
    300,
    "填写说明：①每所学校每个批复年度一行，从第4行开始填写，不要合并单元格，不要改动表头；"
    "②岗位数填数字，高级岗位含正高级；③专技岗位等级可不填，各等级合计不超过所属级别的岗位数；"
    "④已有同一学校同一年度的岗位设置时，导入后按本表修改。",
)

_LEVELS = ("国家级", "省级", "市级", "县级", "校级")  # domain.activities.LEVELS
_ACTIVITY_COLUMNS = (
    Column("活动类别", 14, choices=(), strict=False, note="从下拉列表中选择；本地的类别请先在程序的“活动类别…”中添加"),
    Column("活动主题", 28),
    Column("开始日期", 12, text=True, note=_DATE_NOTE),
    Column("结束日期", 12, text=True, note="一天的活动不填；" + _DATE_NOTE),
    Column("组织单位", 18),
    Column("活动地点", 20, choices=SCHOOL_LIST, strict=False, note="本县学校请填学校全称；校外地点照实填写"),
    Column("级别", 8, choices=_LEVELS),
)
_QUANTITY_COLUMNS = (
    Column("节数", 6),
    Column("堂数", 6),
    Column("次数", 6),
    Column("人次", 7, note="不填时按所列参加教师人数"),
    Column("学时", 6),
)
ACTIVITIES = TemplateSpec(  # read back by services.cultivation.activity_import (one row per activity)
    "activities",
    "活动登记",
    "活动（每行一项）",
    (
        *_ACTIVITY_COLUMNS,
        *_QUANTITY_COLUMNS,
        Column("参加教师", 36, note="姓名或身份证号，用顿号、逗号或空格分开；同名的写身份证号，如 张伟（3715…）"),
        Column("备注", 16),
    ),
    300,
    "填写说明：①每项活动一行，从第4行开始填写，不要合并单元格，不要改动表头；②日期写成 2026-10 或 2026-10-14；"
    "③活动类别、级别从下拉列表中选择；④参加教师写姓名或身份证号，多人用顿号分开；也可以在下一张表中每人一行填写。",
)
ACTIVITY_PEOPLE = TemplateSpec(  # read back by services.cultivation.activity_import (one row per teacher)
    "activity_people",
    "活动参加教师",
    "参加教师（每人一行）",
    (
        *_ACTIVITY_COLUMNS[:5],
        Column("活动地点", 20, note="本县学校请填学校全称；校外地点照实填写"),
        _ACTIVITY_COLUMNS[6],
        Column("姓名", 10),
        Column("身份证号", 21, text=True, note=_ID_NOTE),
        Column("学校", 20, note="教师所在学校，同名教师靠它区分"),
        Column("角色", 8, choices=("参加", "主讲", "授课", "组织")),
        *_QUANTITY_COLUMNS,
        Column("备注", 16),
    ),
    500,
    "填写说明：①每位参加教师一行，同一项活动的各行活动类别、主题、日期、地点、组织单位、级别要一致；"
    "②节数、人次等只需在该活动的一行填写；③身份证号按文本填写，末位X大写；④日期写成 2026-10-14。",
)
SCHOOL_PAIRINGS = TemplateSpec(  # read back by services.deployment.school_pairing_import (one row per pairing)
    "school_pairings",
    "学校结对",
    "学校结对（每行一个）",
    (
        Column("结对名称", 28, note="如 第一小学—韩楼村小学城乡一体化；名称不能重复"),
        Column("结对类型", 16, choices=school_pairing.DEFAULT_KINDS, note="从下拉列表中选择（本县的结对类型表）"),
        Column("牵头学校", 22, choices=SCHOOL_LIST, note="填写学校全称"),
        Column("成员学校", 40, note="牵头学校以外的学校全称，多所用顿号分开"),
        Column("开始日期", 12, text=True, note=_DATE_NOTE),
        Column("结束日期", 12, text=True, note="长期有效的留空"),
        Column("文号", 20, note="如 青教体发〔2024〕12号"),
        Column("协议措施", 40, note="每条措施用分号分开"),
        Column("备注", 16),
    ),
    100,
    "填写说明：①每个结对（或教共体、教育集团）一行，从第4行开始填写，不要合并单元格，不要改动表头；②牵头学校和成员学校"
    "填学校全称，成员学校多所用顿号分开；③日期写成 2024-09 或 2024-09-01；④协议措施每条用分号分开。",
)

COMPETITIONS = TemplateSpec(  # read back by services.cultivation.competition_import (one row per entrant)
    "competitions",
    "教学竞赛参赛获奖",
    "竞赛参赛（每人一行）",
    (
        Column("竞赛名称", 30, note="如 2025年全县初中数学优质课评比；同一项竞赛的各行写法要一致"),
        Column("级别", 8, choices=_LEVELS),
        Column("类别", 12, choices=(), strict=False, note="从下拉列表中选择；本地的类别请先在程序的“竞赛类别…”中添加"),
        Column("学科", 10, choices=codes.SUBJECT, strict=False),
        Column("学段", 8, choices=codes.STAGE, strict=False),
        Column("主办单位", 18),
        Column("日期", 12, text=True, note=_DATE_NOTE),
        Column("结束日期", 12, text=True, note="一天的竞赛不填；" + _DATE_NOTE),
        Column("姓名", 10),
        Column("身份证号/工号", 21, text=True, note="身份证号或教职工号，按文本填写，末位X大写"),
        Column("学校", 22, choices=SCHOOL_LIST, strict=False, note="参赛时所在学校全称"),
        Column("结果", 9, choices=("特等奖", "一等奖", "二等奖", "三等奖", "优秀奖", "未获奖")),
        Column("是否推荐", 9, choices=("是", "否"), note="是否推荐（选送）参加上一级竞赛"),
    ),
    500,
    "填写说明：①每名参赛教师一行，从第4行开始填写，不要合并单元格，不要改动表头；②同一项竞赛的各行竞赛名称、"
    "级别、类别、学科、日期要一致；③日期写成 2025-10 或 2025-10-14；④结果未出时可先不填，以后再导入；"
    "⑤获奖结果同时记入教师的荣誉。",
)

RESEARCH_ROLES = TemplateSpec(  # read back by services.cultivation.research_role_import (one row per appointment)
    "research_roles",
    "教研任职",
    "教研任职（每人每项一行）",
    (
        Column("姓名", 10),
        Column("身份证号/工号", 21, text=True, note="身份证号或教职工号，按文本填写，末位X大写"),
        Column("学校", 22, choices=SCHOOL_LIST, strict=False, note="现任职学校全称，用于区分同名教师"),
        Column("角色", 12, choices=(), strict=False, note="从下拉列表中选择；本地的叫法请先在程序的“角色类别…”中添加"),
        Column("级别", 8, choices=_LEVELS),
        Column("学科", 10, choices=codes.SUBJECT, strict=False),
        Column("任期开始", 12, text=True, note=_DATE_NOTE),
        Column("任期结束", 12, text=True, note="长期或未定不填；" + _DATE_NOTE),
        Column("聘任单位", 18),
        Column("文号", 20),
        Column("备注", 16),
    ),
    800,
    "填写说明：①每名教师的每项任职一行，从第4行开始填写，不要合并单元格，不要改动表头；②日期写成 2024-09 或 "
    "2024-09-01；③同一教师同一角色同一级别的任期不能重叠；④已登记的相同任职不重复导入。",
)

RESEARCH_PROJECTS = TemplateSpec(  # read back by services.cultivation.research_import (one row per group member)
    "research_projects",
    "课题登记",
    "课题组成员（每人一行）",
    (
        Column("课题名称", 34, note="同一项课题的各行写法要一致"),
        Column("级别", 8, choices=("国家级", "省级", "市级", "县级")),
        Column("类别", 10, choices=("重点课题", "一般课题", "专项课题", "青年课题", "自筹课题")),  # domain.research
        Column("立项单位", 20, note="如 省教育科学规划领导小组办公室"),
        Column("立项编号", 14, text=True, note="立项编号或文号"),
        Column("立项日期", 12, text=True, note=_DATE_NOTE),
        Column("计划结题", 12, text=True, note=_DATE_NOTE),
        Column("状态", 8, choices=("立项", "中期", "结题", "获奖", "撤项", "延期"), note="不填为立项"),
        Column("获奖等次", 9, choices=("特等奖", "一等奖", "二等奖", "三等奖", "优秀奖"), note="状态为获奖时填写"),
        Column("结题日期", 12, text=True, note="结题、获奖的须填写；" + _DATE_NOTE),
        Column("姓名", 10),
        Column("身份证号/工号", 21, text=True, note="身份证号或教职工号；不填时按姓名和学校查找"),
        Column("学校", 22, choices=SCHOOL_LIST, strict=False, note="教师所在学校全称，同名教师靠它区分"),
        Column("角色", 9, choices=("主持人", "核心成员", "成员"), note="每项课题一名主持人；不填为成员"),
    ),
    500,
    "填写说明：①课题组每名成员一行，从第4行开始填写，不要合并单元格，不要改动表头；②同一项课题的各行课题名称、"
    "级别、立项日期要一致，其他课题信息写在任一行即可；③每项课题有且只有一名主持人，课题所在学校为主持人的学校；"
    "④日期写成 2024-06 或 2024-06-15；⑤已登记的课题（名称、级别、立项年份相同）导入时补充成员。",
)

TALENT_RECOGNITION = TemplateSpec(  # read back by services.recruitment.talent_import (one row per recognition)
    "talent_recognition",
    "人才认定",
    "人才认定（每人每项一行）",
    (
        Column("姓名", 10),
        Column("身份证号", 21, text=True, note=_ID_NOTE),
        Column("学校", 20, choices=SCHOOL_LIST, strict=False, note="同名教师靠它区分"),
        Column(
            "人才类别", 18, choices=(), strict=False, note="从下拉列表中选择；本地的类别请先在程序的“人才类别…”中添加"
        ),
        Column("人才层次", 8, choices=("A", "B", "C", "D", "E"), note="高层次人才认定填写 A—E"),
        Column("学科项目", 20, note="领军人才梯队填写所在学科项目，如 初中数学学科领军人才梯队"),
        Column("状态", 10, choices=("申报", "初审通过", "初审不通过", "认定", "未认定"), note="不填时按所填日期判断"),
        Column("申报日期", 12, text=True, note=_DATE_NOTE),
        Column("初审日期", 12, text=True, note="认定、未认定须先填初审日期；" + _DATE_NOTE),
        Column("认定日期", 12, text=True, note=_DATE_NOTE),
        Column("认定文号", 20, note="认定的须填写"),
        Column("有效期（年）", 8),
        Column("认定机关", 18),
        Column("备注", 16),
    ),
    300,
    "填写说明：①每人每项认定一行，从第4行开始填写，不要合并单元格，不要改动表头；②日期写成 2026-06 或 2026-06-15，"
    "先后为申报、初审、认定；③认定、未认定须初审通过（填初审日期），认定须填认定文号；④已有同一人同一类别"
    "（层次、项目）的认定时，导入后按本表更新其状态和日期。",
)
_RESULTS = ("在培", "结业", "合格", "未合格", "退出")  # domain.programmes.RESULTS
_MEMBER = (  # after the programme's name: which member of it (programme members, growth goals)
    Column("批次", 10, text=True, note="如 2024 或 第三批；与登记的批次一致"),
    Column("姓名", 10),
    Column("身份证号", 21, text=True, note=_ID_NOTE),
    Column("学校", 20, choices=SCHOOL_LIST, strict=False, note="教师所在学校，同名教师靠它区分"),
)
PROGRAMME_MEMBERS = TemplateSpec(  # read back by services.cultivation.programme_import (one row per member)
    "programme_members",
    "培养项目成员",
    "成员（每人一行）",
    (
        Column("项目", 28, choices=(), strict=False, note="程序中“培养项目”已登记的项目名称"),
        *_MEMBER,
        Column("入选日期", 12, text=True, note="不填时按项目开始日期；" + _DATE_NOTE),
        Column("结果", 8, choices=_RESULTS, note="不填为在培"),
        Column("原因", 20, note="未合格、退出时写明原因"),
        Column("达成目标", 8, choices=("是", "否"), note="项目没有目标称号时填写；有目标称号的按教师的骨干称号计算"),
        Column("备注", 16),
    ),
    500,
    "填写说明：①每位成员一行，从第4行开始填写，不要合并单元格，不要改动表头；②项目和批次须先在程序的“培养项目”中登记；"
    "③身份证号按文本填写，末位X大写；④已在项目中的教师按本表更新入选日期和结果。",
)

DEGREE_STUDY = TemplateSpec(  # read back by services.cultivation.degree_import (one row per study), issue 21 §5
    "degree_study",
    "学历提升登记",
    "学历提升（每人一行）",
    (
        Column("姓名", 10),
        Column("身份证号", 21, text=True, note=_ID_NOTE),
        Column("学校", 20, choices=SCHOOL_LIST, strict=False, note="教师所在学校，同名教师靠它区分"),
        Column("攻读学历", 12, choices=("大学本科", "硕士研究生", "博士研究生"), note="专升本填大学本科"),
        Column("学位", 8, choices=("学士", "硕士", "博士"), strict=False),
        Column("院校", 20),
        Column("专业", 18),
        Column("学习方式", 9, choices=("全日制", "在职")),
        Column("入学时间", 11, text=True, note=_DATE_NOTE),
        Column("预计毕业", 11, text=True, note=_DATE_NOTE),
        Column("脱产时间（月）", 10, note="局里批准的脱产学习月数"),
        Column("学费补助（元）", 11, note="局里补助的学费"),
        Column("状态", 8, choices=("在读", "已毕业", "退学"), note="不填为在读"),
        Column("毕业日期", 11, text=True, note="已毕业、退学时填写；" + _DATE_NOTE),
        Column("备注", 16),
    ),
    500,
    "填写说明：①每人每次学历提升一行，从第4行开始填写，不要合并单元格，不要改动表头；②身份证号按文本填写，末位X大写；"
    "③同一教师、同一攻读学历和入学时间已登记的，按本表更新；④已毕业的新学历自动记入教师的学历信息。",
)

_GOAL_KINDS = ("公开课", "论文", "课题", "获评骨干", "读书", "其他")  # domain.growth.GOAL_KINDS
GROWTH_GOALS = TemplateSpec(  # read back by services.cultivation.growth_import (one row per goal), issue 21 §5
    "growth_goals",
    "个性化成长清单",
    "成长目标（每个目标一行）",
    (
        Column("培养项目", 26, choices=(), strict=False, note="程序中“培养项目”已登记的项目名称"),
        *_MEMBER,
        Column("目标类型", 10, choices=_GOAL_KINDS, strict=False, note="从下拉列表中选择"),
        Column("目标内容", 30, note="如 上一节县级公开课、在市级以上刊物发表论文一篇"),
        Column("计划完成", 11, text=True, note="完成期限；" + _DATE_NOTE),
        Column("完成日期", 11, text=True, note="未完成的不填；" + _DATE_NOTE),
        Column("佐证", 20, note="如 获奖证书、听课记录、刊物目录页"),
    ),
    500,
    "填写说明：①每个目标一行，一名成员可有多行，从第4行开始填写，不要合并单元格，不要改动表头；②教师须已是该培养项目"
    "的成员；③日期写成 2026-06 或 2026-06-15，完成日期未完成的不填；④同一成员、类型、内容和计划完成的目标已登记的，"
    "按本表更新完成日期和佐证；⑤表中有错误时整表不导入，请改正后再导入。",
)

_POSTING_KINDS = ("援藏", "援疆", "援边", "对口支援")  # domain.postings.KINDS
_UNIT_KINDS = ("学校", "教育行政部门", "教研机构", "其他")  # domain.postings.UNIT_KINDS
POSTINGS = TemplateSpec(  # read back by services.deployment.posting_import (one row per candidate)
    "postings",
    "援派报名与选派",
    "援派报名（每人一行）",
    (
        Column("选派名称", 24, note="如 2026年援藏教师选派；程序中已有的选派写全称，新的选派同时填写后面四列"),
        Column("类别", 9, choices=_POSTING_KINDS),
        Column("派往单位", 24, note="县外单位全称，如 日喀则市第一中学"),
        Column("省份/地区", 14, note="如 西藏自治区、新疆维吾尔自治区"),
        Column("单位类别", 12, choices=_UNIT_KINDS),
        Column("派出日期", 11, text=True, note=_DATE_NOTE),
        Column("计划结束", 11, text=True, note=_DATE_NOTE),
        Column("姓名", 10),
        Column("身份证号", 21, text=True, note=_ID_NOTE),
        Column("学校", 18, note="教师的编制学校，同名教师靠它区分"),
        Column("报名日期", 11, text=True, note=_DATE_NOTE),
        Column("报名说明", 16),
        Column("推荐日期", 11, text=True, note=_DATE_NOTE),
        Column("推荐意见", 16),
        Column("考核日期", 11, text=True, note=_DATE_NOTE),
        Column("考核结果", 16),
        Column("选派结果", 9, choices=("选派", "未选派"), note="未决定的不填"),
        Column("决定日期", 11, text=True, note=_DATE_NOTE),
        Column("决定说明", 16),
    ),
    300,
    "填写说明：①每位报名教师一行，从第4行开始填写，不要合并单元格，不要改动表头；②日期写成 2026-03 或 2026-03-10；"
    "③选派前应有推荐和考核日期；④已在名单中的教师按本表更新各步；选派的教师自动登记派往县外单位。",
)

REDEPLOY = TemplateSpec(  # read back by services.deployment.redeploy_import (one row per move of a 调配方案)
    "redeploy",
    "教师调配方案",
    "调配名单（每人一行）",
    (
        Column("姓名", 10, note="与档案一致"),
        Column("身份证号", 21, text=True, note=_ID_NOTE + "；不填时按姓名和原学校找教师"),
        Column("原学校", 22, choices=SCHOOL_LIST, note="教师现在的编制学校全称"),
        Column("调入学校", 22, choices=SCHOOL_LIST, note="调往的学校全称，不能与原学校相同"),
        Column("任教学段", 9, choices=("小学", "初中", "高中"), note="在调入学校任教的学段，不填为现任教学段"),
        Column("任教学科", 10, choices=codes.SUBJECT, strict=False, note="在调入学校任教的学科，不填为现任教学科"),
        Column("调配理由", 30, note="为什么调这位教师、为什么调往这所学校"),
        Column("备注", 20),
    ),
    300,
    "填写说明：①每位调配教师一行，从第4行开始填写，不要合并单元格，不要改动表头；②写身份证号，或写姓名和原学校；"
    "③原学校须是教师现在的编制学校，调入学校须是本县学校且与原学校不同；④同一位教师在一个方案中只能有一行；"
    "⑤表中有任何错误时整表不导入，改正后重新导入。",
)

SPECS = {
    s.kind: s
    for s in (
        TEACHERS,
        SCHOOLS,
        PAIRINGS,
        ROTATIONS,
        TRAINING,
        QUOTA,
        SEPARATIONS,
        RESPONSES,
        POSTS,
        ACTIVITIES,
        ACTIVITY_PEOPLE,
        TALENT_RECOGNITION,
        SCHOOL_PAIRINGS,
        COMPETITIONS,
        RESEARCH_ROLES,
        PROGRAMME_MEMBERS,
        DEGREE_STUDY,
        GROWTH_GOALS,
        POSTINGS,
        REDEPLOY,
        RESEARCH_PROJECTS,
    )
}
KIND_LABELS = {
    "teachers": "教师信息",
    "schools": "学校基本情况",
    "pairings": "师徒结对",
    "rotations": "交流轮岗",
    "training": "培训学时",
    "quota": "编制台账",
    "separations": "离岗人员",
    "responses": "管理响应",
    "posts": "岗位设置",
}

HEADER_ROW = 3
FIRST_DATA_ROW = 4
_INLINE_LIMIT = 255  # Excel's limit for an inline list; counted in GBK bytes to be safe on Chinese Windows

_FONT = "宋体"


def default_filename(kind: str) -> str:
    spec = SPECS[kind]
    return f"{spec.title}（空白模板）.xlsx"


def headers(kind: str) -> list[str]:
    return [c.header for c in SPECS[kind].columns]


def _labels(choices, school_names) -> list[str]:
    if choices is SCHOOL_LIST:
        return list(school_names or [])
    if isinstance(choices, codes.CodeList):
        return choices.labels
    return list(choices or [])


def build(
    kind: str,
    *,
    school_names: list[str] | None = None,
    title: str | None = None,
    wb: Workbook | None = None,
    choices: dict[str, tuple[str, ...]] | None = None,
) -> Workbook:
    """The blank template of one list kind as an openpyxl Workbook (not yet saved); with WB, as a further sheet of
    it. CHOICES: drop-down lists by header that the caller knows (the bureau's own activity kinds)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    if kind not in SPECS:
        raise ValueError(f"unknown template kind {kind!r}")
    spec = SPECS[kind]
    if choices:
        spec = dataclasses.replace(
            spec,
            columns=tuple(
                dataclasses.replace(c, choices=choices[c.header]) if c.header in choices else c for c in spec.columns
            ),
        )
    if wb is None:
        wb = Workbook()
        ws = wb.active
    else:
        ws = wb.create_sheet()
    assert isinstance(ws, Worksheet)  # a new workbook's first sheet
    ws.title = spec.sheet
    ncol = len(spec.columns)
    last = get_column_letter(ncol)
    end_row = FIRST_DATA_ROW + spec.rows - 1

    # title row
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = title or spec.title
    ws["A1"].font = Font(name=_FONT, size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30

    # instruction row
    ws.merge_cells(f"A2:{last}2")
    ws["A2"] = spec.instruction
    ws["A2"].font = Font(name=_FONT, size=10, color="7F3F00")
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="center")
    ws["A2"].fill = PatternFill("solid", fgColor="FFF9E5")
    total_width = sum(c.width for c in spec.columns)
    # about 1 width unit per Latin char, 2 per Chinese character; 10pt lines are ~14pt high
    lines = max(2, int(len(spec.instruction) * 2 / max(total_width - 2, 20)) + 1)
    ws.row_dimensions[2].height = 14 * lines + 6

    # header row and data area
    for i, col in enumerate(spec.columns, start=1):
        letter = get_column_letter(i)
        cell = ws.cell(HEADER_ROW, i, col.header)
        escape_cell(cell)
        cell.font = Font(name=_FONT, size=11, bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[letter].width = col.width
        if col.text:
            ws.column_dimensions[letter].number_format = TEXT
        for r in range(FIRST_DATA_ROW, end_row + 1):
            c = ws.cell(r, i)
            c.border = border
            c.font = Font(name=_FONT, size=11)
            if col.text:
                c.number_format = TEXT
    ws.row_dimensions[HEADER_ROW].height = 30

    _add_validations(wb, ws, spec, school_names, end_row)

    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1 if kind != "teachers" else 4).coordinate
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    # fitted to one A4 width unless that prints the 11 pt cells below 8 pt (issue 18 §1): the long teacher
    # template then prints at full size across pages, the 序号…身份证号 columns repeated on each
    printed = sum((w * 7 + 5) * 0.75 for w in (c.width for c in spec.columns))  # points at 100 %
    room = (11.69 - 2 * 0.4) * 72
    if printed * 8 / 11 <= room:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        fit = ws.sheet_properties.pageSetUpPr
        assert fit is not None  # openpyxl gives every new sheet one
        fit.fitToPage = True
    else:
        ws.print_title_cols = "A:D"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    footer = ws.oddFooter
    assert footer is not None and footer.center is not None  # openpyxl gives every new sheet one
    footer.center.text = "第 &P 页，共 &N 页"
    return wb


def _add_validations(wb: Workbook, ws, spec: TemplateSpec, school_names, end_row: int) -> None:
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    code_ws = wb[CODE_SHEET] if CODE_SHEET in wb.sheetnames else None  # a further sheet adds its lists there
    code_col = code_ws.max_column if code_ws is not None else 0
    for i, col in enumerate(spec.columns, start=1):
        if col.choices is None:
            continue
        labels = _labels(col.choices, school_names)
        if not labels:
            continue  # no school list given: free text
        inline = '"' + ",".join(labels) + '"'
        if len(inline.encode("gb18030")) <= _INLINE_LIMIT and not any("," in lb for lb in labels):
            formula = inline
        else:
            if code_ws is None:
                code_ws = wb.create_sheet(CODE_SHEET)
                code_ws.sheet_state = "hidden"
            code_col += 1
            letter = get_column_letter(code_col)
            code_ws.cell(1, code_col, col.header)
            for r, lb in enumerate(labels, start=2):
                escape_cell(code_ws.cell(r, code_col, lb))  # school names are user data
            formula = f"{quote_sheetname(CODE_SHEET)}!${letter}$2:${letter}${len(labels) + 1}"
        dv = DataValidation(
            type="list", formula1=formula, allow_blank=True, showErrorMessage=True, showInputMessage=True
        )
        dv.errorStyle = "stop" if col.strict else "warning"
        dv.errorTitle = f"{col.header}不在列表中"
        dv.error = (
            f"请从下拉列表中选择{col.header}。" if col.strict else f"“{col.header}”不在列表中，确定要这样填写吗？"
        )
        dv.promptTitle = col.header
        dv.prompt = col.note or "请从下拉列表中选择"
        letter = get_column_letter(i)
        dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{end_row}")
        ws.add_data_validation(dv)
    for i, col in enumerate(spec.columns, start=1):
        if col.choices is None and col.note:
            dv = DataValidation(type=None, showInputMessage=True, allow_blank=True)
            dv.promptTitle = col.header
            dv.prompt = col.note
            letter = get_column_letter(i)
            dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{end_row}")
            ws.add_data_validation(dv)


def write_activities(path: str | Path, kinds: list[str], *, school_names: list[str] | None = None) -> Path:
    """The activity template (issue 21 §1): one sheet with a row per activity and its teachers in one column, one
    with a row per activity and teacher — the importer takes either or both."""
    path = Path(path)
    wb = build("activities", school_names=school_names, choices={"活动类别": tuple(kinds)})
    build("activity_people", wb=wb, choices={"活动类别": tuple(kinds)})
    wb.save(path)
    return path


def write_talents(path: str | Path, kinds: list[str], *, school_names: list[str] | None = None) -> Path:
    """The talent recognition template (issue 20 §4), with the bureau's kinds as a drop-down."""
    path = Path(path)
    wb = build("talent_recognition", school_names=school_names, choices={"人才类别": tuple(kinds)})
    wb.save(path)
    return path


def write_school_pairings(path: str | Path, kinds: list[str], *, school_names: list[str] | None = None) -> Path:
    """The school pairing template (issue 21 §3) with the bureau's kinds and the schools as drop-downs."""
    path = Path(path)
    wb = build("school_pairings", school_names=school_names, choices={"结对类型": tuple(kinds)})
    wb.save(path)
    return path


def write_competitions(path: str | Path, kinds: list[str], *, school_names: list[str] | None = None) -> Path:
    """The competition template (issue 21 §2): one row per entrant, with the bureau's kinds and the schools as
    drop-downs."""
    path = Path(path)
    wb = build("competitions", school_names=school_names, choices={"类别": tuple(kinds)})
    wb.save(path)
    return path


def write_research_roles(path: str | Path, roles: list[str], *, school_names: list[str] | None = None) -> Path:
    """The research roles template (issue 21 §4): one row per appointment, the bureau's roles as a drop-down."""
    path = Path(path)
    build("research_roles", school_names=school_names, choices={"角色": tuple(roles)}).save(path)
    return path


def write_research_projects(
    path: str | Path, kinds: list[str] | None = None, *, school_names: list[str] | None = None
) -> Path:
    """The 课题 template (issue 21 §5): one row per group member, the bureau's kinds (KINDS; the five it starts with
    when not given) and the schools as drop-downs."""
    path = Path(path)
    choices = {"类别": tuple(kinds)} if kinds else None
    build("research_projects", school_names=school_names, choices=choices).save(path)
    return path


def write_programme_members(
    path: str | Path, programme_names: list[str], *, school_names: list[str] | None = None
) -> Path:
    """The programme members template (issues 20 §3, 21 §5): 项目, 批次, 姓名, 身份证号, 学校, 结果 …, the registered
    programmes as the 项目 drop-down."""
    path = Path(path)
    build("programme_members", school_names=school_names, choices={"项目": tuple(programme_names)}).save(path)
    return path


def write_degree_study(path: str | Path, *, school_names: list[str] | None = None) -> Path:
    """The 学历提升 template (issue 21 §5): 姓名, 身份证号, 学校, 攻读学历, 院校 … 状态, 毕业日期."""
    path = Path(path)
    build("degree_study", school_names=school_names).save(path)
    return path


def write_growth_goals(
    path: str | Path,
    programme_names: list[str],
    kinds: list[str],
    *,
    school_names: list[str] | None = None,
    members: list[tuple[str, str, str, str]] | None = None,
) -> Path:
    """The 个性化成长清单 template (issue 21 §5): one row per goal — 培养项目, 批次, 姓名, 身份证号, 学校, 目标类型,
    目标内容, 计划完成, 完成日期, 佐证 — the registered programmes and the goal kinds as drop-downs. MEMBERS:
    (programme, cohort, name, school) rows filled in (a programme's members, each to be given goals)."""
    path = Path(path)
    wb = build(
        "growth_goals",
        school_names=school_names,
        choices={"培养项目": tuple(programme_names), "目标类型": tuple(kinds)},
    )
    ws = wb[GROWTH_GOALS.sheet]
    for r, (programme, cohort, name, school) in enumerate(members or [], FIRST_DATA_ROW):
        for c, v in ((1, programme), (2, cohort), (3, name), (5, school)):
            escape_cell(ws.cell(r, c, v or None))  # user data
    wb.save(path)
    return path


def write(kind: str, path: str | Path, *, school_names: list[str] | None = None, title: str | None = None) -> Path:
    """Save the blank template of ``kind`` to ``path`` and return the path."""
    path = Path(path)
    wb = build(kind, school_names=school_names, title=title)
    wb.save(path)
    return path
