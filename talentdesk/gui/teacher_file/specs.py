"""Field specs for the history tabs: one generic record dialog and table are built from these."""

from __future__ import annotations

from dataclasses import dataclass

from talentdesk.domain import codes, titles
from talentdesk.services.people.teachers import PLACEMENT_STATUS


# kinds: text, code (fixed list), code_free (list, free text allowed), listed (the bureau's list, a CodeList the
# file dialog replaces by the stored one; typed text must be on it), date (partial date typed as text),
# bool (是/否), school (school picker), int
@dataclass(frozen=True)
class Field:
    label: str
    attr: str
    kind: str = "text"
    options: object = None
    required: bool = False
    in_table: bool = True


@dataclass(frozen=True)
class Tab:
    key: str  # services.people.teachers.HISTORY key
    title: str
    fields: tuple[Field, ...]


_note = Field("备注", "note", in_table=True)

TABS = (
    Tab(
        "posts",
        "编制学校",
        (
            Field("编制所在学校", "school_id", "school", required=True),
            Field("开始年月", "start", "date"),
            Field("结束年月", "end", "date"),
            _note,
        ),
    ),
    Tab(
        "placements",
        "工作安排",
        (
            Field("交流方式", "kind", "code", codes.PLACEMENT_KIND, required=True),
            Field("原学校", "from_school_id", "school"),
            Field("工作学校", "to_school_id", "school"),
            Field("县外单位", "outside_unit"),  # a posting outside the county (援藏/援疆…) instead of a school
            Field("省份/地区", "outside_region", in_table=False),
            Field("单位类别", "outside_kind", in_table=False),
            Field("开始年月", "start", "date"),
            Field("计划结束", "planned_end", "date"),
            Field("实际结束", "actual_end", "date"),
            Field("调动人事关系", "moves_relation", "bool"),
            Field("批次", "batch"),
            Field("状态", "status", "code", PLACEMENT_STATUS),
            _note,
        ),
    ),
    Tab(
        "educations",
        "学历",
        (
            Field("学历", "degree", "code", codes.DEGREE, required=True),
            Field("学位", "academic_degree", "code", codes.ACADEMIC_DEGREE),
            Field("毕业院校", "institution"),
            Field("专业", "major"),
            Field("毕业年月", "graduated", "date"),
            Field("师范类", "normal", "bool"),
            Field("全日制", "full_time", "bool"),
            Field("最高学历", "highest", "bool"),
            Field("第一学历", "first", "bool"),
            _note,
        ),
    ),
    Tab(
        "certificates",
        "教师资格",
        (
            Field("资格种类", "kind", "code", codes.CERT_KIND, required=True),
            Field("任教学科", "subject", "code_free", codes.SUBJECT),
            Field("证书编号", "number"),
            Field("发证年月", "issued", "date"),
            _note,
        ),
    ),
    Tab(
        "titles",
        "职称",
        (
            Field("职称", "title", "code", codes.TITLE, required=True),
            Field("取得年月", "obtained", "date"),
            Field("聘任年月", "appointed", "date"),
            Field("评审方式", "route", "listed", titles.route_codes()),
            Field("只享受职称待遇", "benefit_only", "bool"),
            _note,
        ),
    ),
    Tab(
        "teachings",
        "任教",
        (
            Field("学年（起始年）", "school_year", "int", required=True),
            Field("学段", "stage", "code", codes.STAGE),
            Field("学科", "subject", "code_free", codes.SUBJECT),
            Field("班主任", "head_teacher", "bool"),
            Field("周课时", "weekly_periods", "int"),
            _note,
        ),
    ),
    Tab(
        "designations",
        "称号",  # 骨干教师 … 特级教师 and 名校长/名班主任 (issue 20 §3); 任期考核… opens the reviews
        (
            Field("称号", "kind", "code", codes.DESIGNATION, required=True),
            Field("级别", "level", "code", codes.LEVEL, required=True),
            Field("学科", "subject", "code_free", codes.SUBJECT),
            Field("起始年月", "start", "date"),
            Field("截止年月", "end", "date"),
            Field("授予单位", "issuer"),
            _note,
        ),
    ),
    Tab(
        "honours",
        "荣誉",
        (
            Field("荣誉名称", "name", required=True),
            Field("级别", "level", "code", codes.LEVEL),
            Field("获得年月", "date", "date"),
            Field("授予单位", "issuer"),
            _note,
        ),
    ),
    Tab(
        "appraisals",
        "年度考核",
        (
            Field("年度", "year", "int", required=True),
            Field("考核结果", "result", "code", codes.APPRAISAL, required=True),
            _note,
        ),
    ),
)


def display(field: Field, value, schools: dict[int, str]) -> str:
    """A stored value as the clerk reads it in a table cell."""
    if value is None or value == "":
        return ""
    if field.kind == "school":
        return schools.get(value, f"（学校 {value}）")
    if field.kind == "bool":
        return "是" if value else "否"
    if field.kind == "date":
        return value.iso() if hasattr(value, "iso") else str(value)
    return str(value)
