"""The fields of the national 教职工基础信息采集表 that the teacher file keeps besides the basic ones (issue 18 §4),
with their code lists (codes from the national standards where one exists: GB/T 2659 国籍, GB/T 2261.2 婚姻状况,
GB/T 2261.3 健康状况; the others as the 全国教师管理信息系统 lists them). One list read by the teacher file,
the importer, the blank template and the 教师信息登记表, so the five never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from talentdesk.domain.codes import Code, CodeList

NATIONALITY = CodeList(
    "国籍/地区",
    [
        Code("中国", "156", ("中华人民共和国", "中国大陆", "CHN")),
        Code("中国香港", "344", ("香港",)),
        Code("中国澳门", "446", ("澳门",)),
        Code("中国台湾", "158", ("台湾",)),
        Code("其他国家/地区", "999", ("外籍", "其他")),
    ],
)
MARITAL = CodeList(
    "婚姻状况",
    [
        Code("未婚", "10"),
        Code("已婚", "20", ("初婚", "再婚", "复婚")),
        Code("丧偶", "30"),
        Code("离婚", "40"),
        Code("未说明的婚姻状况", "90", ("其他", "未说明")),
    ],
)
HEALTH = CodeList(
    "健康状况",
    [
        Code("健康或良好", "1", ("健康", "良好", "好")),
        Code("一般或较弱", "2", ("一般", "较弱")),
        Code("有慢性病", "3", ("慢性病",)),
        Code("残疾", "6", ("伤残",)),
    ],
)
POST_CATEGORY = CodeList(
    "岗位类别",
    [
        Code("专任教师", "1", ("专任教师岗位", "教师岗位", "专业技术岗位", "专技岗位", "专技")),
        Code("其他专业技术人员", "2", ("其他专技人员",)),
        Code("管理人员", "3", ("管理岗位", "管理岗")),
        Code("工勤技能人员", "4", ("工勤技能岗位", "工勤岗位", "工勤")),
    ],
)
CONTRACT = CodeList(
    "签订合同情况",
    [
        Code("聘用合同", "1", ("事业单位聘用合同", "已签聘用合同")),
        Code("劳动合同", "2", ("已签劳动合同",)),
        Code("其他合同", "3"),
        Code("未签合同", "4", ("无", "未签", "否")),
    ],
)
YES_NO = CodeList("是否", [Code("是", "1", ("Y", "y", "√", "1", "有")), Code("否", "0", ("N", "n", "×", "0", "无"))])
MANDARIN = CodeList(
    "普通话等级",
    [
        Code("一级甲等", "11", ("一甲",)),
        Code("一级乙等", "12", ("一乙",)),
        Code("二级甲等", "21", ("二甲",)),
        Code("二级乙等", "22", ("二乙",)),
        Code("三级甲等", "31", ("三甲",)),
        Code("三级乙等", "32", ("三乙",)),
        Code("无", "99", ("未测试", "未取得")),
    ],
)
IT_LEVEL = CodeList(
    "信息技术应用能力",
    [
        Code("精通", "1"),
        Code("熟练", "2"),
        Code("良好", "3"),
        Code("一般", "4"),
        Code("较弱", "5", ("弱", "差")),
    ],
)


@dataclass(frozen=True)
class Field:
    attr: str  # Teacher attribute
    label: str  # as the national form names it
    codes: CodeList | None = None  # None: free text
    month: bool = False  # a year-month (PartialDate)
    free: bool = False  # a known label is canonicalised, other text kept as typed


FIELDS: tuple[Field, ...] = (
    Field("nationality", "国籍/地区", NATIONALITY, free=True),
    Field("birthplace", "出生地"),
    Field("marital", "婚姻状况", MARITAL),
    Field("health", "健康状况", HEALTH),
    Field("staff_no", "教职工号"),
    Field("teaching_start", "从教起始年月", month=True),
    Field("post_category", "岗位类别", POST_CATEGORY),
    Field("post_grade", "岗位等级"),
    Field("admin_post", "行政职务"),
    Field("contract", "签订合同情况", CONTRACT),
    Field("normal_grad", "是否全日制师范类专业毕业", YES_NO),
    Field("funded_normal", "是否公费师范生", YES_NO),
    Field("tegang", "是否特岗教师", YES_NO),
    Field("mandarin", "普通话等级", MANDARIN),
    Field("it_level", "信息技术应用能力", IT_LEVEL),
)
BY_ATTR = {f.attr: f for f in FIELDS}
ATTRS = tuple(f.attr for f in FIELDS)
# what schools write as the column header, besides the label itself
ALIASES = {
    "nationality": "国籍 国籍地区 国籍(地区) 国籍／地区",
    "birthplace": "出生地点 出生地(省市县)",
    "marital": "婚姻 婚否",
    "health": "健康 身体状况",
    "staff_no": "教职工编号 工号 职工号 人员编号",
    "teaching_start": "从教年月 从教时间 从教起始时间 开始从教年月 从教起始年份",
    "post_category": "岗位类型 岗位性质",
    "post_grade": "岗位级别 聘任岗位等级 专技岗位等级",
    "admin_post": "职务 现任职务 行政职务(现任)",
    "contract": "合同情况 签订合同 合同类型 是否签订合同",
    "normal_grad": "是否师范类毕业 师范类毕业 是否全日制师范毕业 是否师范生 师范类专业毕业",
    "funded_normal": "公费师范生 是否免费师范生 免费师范生 是否公费师范毕业生",
    "tegang": "是否特岗 特岗教师 是否特岗计划教师",
    "mandarin": "普通话水平等级 普通话水平 普通话",
    "it_level": "信息技术能力 信息技术应用能力水平 信息技术水平",
}
