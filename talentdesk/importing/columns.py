"""Column names schools use, per kind of list, and forgiving matching of a header to a field.

Matching normalises a header (NFKC, no spaces of any width, no invisible characters, lower
case, no trailing ':' '*'), then tries: the text itself; the text without bracketed parts;
the bracket content moved in front ("学历（最高）" → "最高学历"); for a two-row grouped header
"group/sub" also group+sub and sub alone; and finally the stems without suffixes such as
号码/号/时间/日期/年月/名称. The first variant that names a field wins.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from talentdesk.domain import staff_record

KINDS = ("teachers", "schools", "pairings", "rotations", "training", "separations", "responses")
KIND_LABELS = {
    "teachers": "教师名单",
    "schools": "学校基本情况",
    "pairings": "师徒结对名单",
    "rotations": "交流轮岗名单",
    "training": "培训学时名单",
    "separations": "离岗人员名单",
    "responses": "管理响应记录",
}

IGNORED = "_ignore"  # columns recognised as carrying nothing to import (序号)

_T = {
    IGNORED: "序号 编号 序 no 行号",
    "name": "姓名 教师姓名 名字 职工姓名 人员姓名 教职工姓名 姓名(必填)",
    "id_number": "身份证号 身份证号码 公民身份号码 公民身份证号码 证件号码 证件号 身份证件号 身份证件号码 居民身份证号 "
    "居民身份证号码 身份证 身份证编号",
    "id_type": "身份证件类型 证件类型",
    "gender": "性别",
    "birth": "出生年月 出生日期 出生年月日 生日 出生时间",
    "ethnicity": "民族",
    "political": "政治面貌 党派",
    "native_place": "籍贯",
    "phone": "联系电话 手机号码 手机 电话 手机号 联系方式 电话号码 移动电话",
    "work_start": "参加工作时间 参工年月 参加工作年月 参工时间 参加工作日期 参工日期 工作时间",
    "school_entry": "进本校时间 进入本校年月 进本校年月 来校时间 到校时间 调入本校时间",
    "employment_form": "编制情况 用工形式 编制性质 编制类型 用人方式 人员性质",
    "source": "教职工来源 人员来源",
    "status": "人员状态 在岗状态 状态",
    "title": "职称 现任职称 专技职务 专业技术职务 专业技术职称 现专业技术职务 职称名称 职称等级 现职称 专技职称 "
    "专业技术资格",
    "title_date": "职称取得时间 取得职称时间 职称评定时间 评定时间 现职称取得时间 取得时间",
    "title_appointed": "聘任时间 职称聘任时间 现职称聘任时间 聘任年月",
    # titles as a career (issue 20 §2): the current title's route, whether appointed, 享受待遇
    "title_route": "评审方式 职称评审方式 职称取得方式 取得方式 评审类型 职称评审类型 晋升方式 评聘方式",
    "title_hired": "是否聘任 是否聘用 是否已聘 是否聘任到岗 聘任情况",
    "title_benefit": "只享受职称待遇 享受职称待遇 是否享受职称待遇 享受待遇 职称待遇",
    "degree": "学历 最高学历 现学历 学历(最高) 最高学历层次 学历层次",
    "first_degree": "第一学历 全日制学历 初始学历 第一学历层次",
    "academic_degree": "学位 最高学位",
    "institution": "毕业院校 毕业学校 最高学历毕业院校 毕业院校及专业",
    "major": "所学专业 专业 毕业专业 最高学历专业",
    "graduated": "毕业时间 毕业年月 毕业日期",
    "subject": "任教学科 从教学科 学科 教学学科 主讲学科 所教学科 任课学科 现任教学科 教授学科",
    "stage": "任教学段 学段",
    "head_teacher": "是否班主任 班主任",
    "school": "学校 学校名称 单位 工作单位 所在学校 单位名称 编制所在学校 所在单位 任职学校 编制学校 现工作单位",
    "township": "所在乡镇 乡镇 乡镇(街道) 所属乡镇 乡镇街道 所在乡镇(街道)",
    "backbone": "骨干教师 骨干类别 骨干称号 骨干教师类别 名优教师 骨干教师称号 骨干级别",
    # 三名工程 (issue 20 §3): 名校长/名班主任 titles (also 名师) with their level, and the date designated
    "named": "名校长名班主任 名校长 名班主任 名校长名班主任称号 三名称号 三名工程称号 荣誉称号",
    "named_start": "称号认定时间 名校长名班主任认定时间 三名认定时间 称号命名时间",
    "cert_kind": "教师资格种类 教师资格证种类 教师资格 教师资格证类别 教师资格类别",
    "cert_number": "教师资格证号 资格证书编号 教师资格证书编号 教师资格证编号",
    "note": "备注 说明",
    # school leaders (issue 20 §1): with 职务 (行政职务, below) a post record of the row's school
    "post_start": "任职时间 任职年月 任职日期 任现职务时间 现职务任职时间 职务任职时间 任现职时间",
    "post_method": "任职方式 任用方式 任职形式",
    # the national 教职工基础信息采集表 (issue 18 §4)
    **{f.attr: f"{f.label} {staff_record.ALIASES.get(f.attr, '')}".strip() for f in staff_record.FIELDS},
}
_S = {
    IGNORED: _T[IGNORED],
    "name": "学校名称 学校 单位名称 学校全称",
    "code": "学校标识码 学校代码 标识码 学校编码 学校识别码",
    "township": "所在乡镇 乡镇 乡镇(街道) 所属乡镇 乡镇街道 所在乡镇(街道)",
    "area": "城乡类型 城乡分类 城乡 城乡属性 城乡类别",
    "kind": "办学类型 学校类型 学校类别 学段类型",
    "students": "在校生数 学生数 在校学生数 学生人数 在校生人数",
    "classes": "班级数 教学班数 班数",
    "quota": "核定编制数 核定编制 编制数 核编数",
    "address": "地址 学校地址",
    "school_year": "学年",
    "note": "备注",
    # the approved post structure (岗位设置, issue 20 §2) of the year given
    "post_year": "岗位设置年度 岗位设置年份 岗位年度 批复年度 岗位设置批复年度",
    "post_senior": "高级岗位数 高级岗位 核定高级岗位数 高级岗位核定数 高级职称岗位数 高级专技岗位数",
    "post_middle": "中级岗位数 中级岗位 核定中级岗位数 中级岗位核定数 中级职称岗位数 中级专技岗位数",
    "post_junior": "初级岗位数 初级岗位 核定初级岗位数 初级岗位核定数 初级职称岗位数 初级专技岗位数",
    "post_grades": "专技岗位等级 专业技术岗位等级 各等级岗位数 专技岗位等级结构",
    "post_document": "岗位设置批复文号 岗位批复文号 批复文号",
}
_P = {
    IGNORED: _T[IGNORED],
    "mentor_name": "导师姓名 师傅姓名 指导教师 导师 指导教师姓名 师父姓名",
    "mentor_id": "导师身份证号 师傅身份证号 指导教师身份证号 师父身份证号",
    "mentor_school": "导师单位 导师学校 师傅单位 指导教师单位 导师所在学校 师父单位",
    "mentor_subject": "导师学科 师傅学科 指导教师学科 导师任教学科",
    "mentee_name": "青年教师姓名 徒弟姓名 学员姓名 青年教师 被指导教师 徒弟",
    "mentee_id": "青年教师身份证号 徒弟身份证号 学员身份证号",
    "mentee_school": "青年教师单位 徒弟单位 青年教师学校 学员单位 青年教师所在学校",
    "mentee_subject": "青年教师学科 徒弟学科 青年教师任教学科",
    "subject": "学科 结对学科",
    "start": "结对时间 开始时间 开始日期 结对日期 起始时间",
    "years": "结对期限 期限 结对年限 年限",
    "end": "结束时间 结束日期 截止时间",
    "status": "状态",
    "note": "备注",
}
_R = {
    IGNORED: _T[IGNORED],
    "name": "姓名 教师姓名",
    "id_number": _T["id_number"],
    "from_school": "原学校 原单位 派出学校 原工作学校 交流前学校 原工作单位 派出单位 编制学校 人事关系所在学校",
    "to_school": "交流学校 交流到学校 接收学校 交流后学校 拟交流学校 支教学校 交流单位 接收单位 挂职学校 走教学校 "
    "交流去向 拟交流到学校",
    "kind": "交流方式 交流类型 交流形式 方式",
    "subject": "学科 任教学科",
    "backbone": "是否骨干教师 是否骨干",
    "start": "开始时间 开始日期 交流开始时间 起始时间",
    "end": "结束时间 结束日期 交流结束时间 截止时间",
    "moves_relation": "人事关系是否转移 是否转人事关系 人事关系是否调动 是否调动人事关系 人事关系转移",
    "batch": "批次 年度",
    "note": "备注",
}
_TR = {  # a training platform's export (issue 4): one row per teacher and course
    IGNORED: _T[IGNORED],
    "name": "姓名 教师姓名 学员姓名 参训人 参训教师 学员",
    "id_number": _T["id_number"],
    "school": "学校 单位 工作单位 所在学校 学校名称 单位名称 所在单位 任职学校",
    "course": "培训名称 培训项目 项目名称 课程名称 培训班名称 培训主题 培训内容 研修项目 培训项目名称 班级名称",
    "level": "培训级别 培训层级 项目级别 培训类别 级别",
    "organiser": "主办单位 承办单位 培训机构 组织单位 培训单位 实施机构",
    "start": "培训开始时间 开始时间 开始日期 培训时间 培训日期 起始时间",
    "end": "培训结束时间 结束时间 结束日期 截止时间",
    "hours": "学时 培训学时 获得学时 认定学时 学时数 完成学时 折合学时 有效学时",
    "credits": "学分 获得学分 认定学分",
    "form": "培训形式 形式 培训方式 研修形式 研修方式",
    "result": "考核结果 培训结果 是否合格 结业情况 考核等级 成绩 考核情况 结业",
    "note": "备注",
}
_SEP = {  # leaving (离岗) lists with reasons and destinations (issue 22 §3)
    IGNORED: _T[IGNORED],
    "name": "姓名 教师姓名",
    "id_number": _T["id_number"],
    "school": "原学校 原单位 学校 原工作单位 所在学校 编制学校",
    "leave_kind": "离岗方式 减少方式 离岗类型 离岗类别 减员方式 变动类型 离开方式",
    "leave_date": "离岗日期 离岗时间 离开日期 离开时间 减少日期 调出时间 辞职时间 退休时间 离职时间",
    "reason": "离岗原因 离开原因 原因 流失原因 调动原因 辞职原因",
    "reason_code": "原因分类 离岗原因分类 原因类别 原因代码",
    "destination": "去向 去向单位 调往单位 调入单位 去向说明",
    "dest_kind": "去向类别 去向分类 去向类型",
    "dest_province": "去向省份 去向省 省份",
    "dest_city": "去向城市 去向市 城市 去向地市",
    "note": "备注",
}
_RESP = {  # management responses (管理响应) to teachers on the watch list (issue 22 §3)
    IGNORED: _T[IGNORED],
    "name": "姓名 教师姓名 谈话对象",
    "id_number": _T["id_number"],
    "school": "学校 任教学校 所在学校 单位",
    "talked_on": "谈话日期 谈话时间 约谈日期 约谈时间",
    "talked_by": "谈话人 约谈人 谈话领导",
    "offered": "提供的条件 提供条件 解决措施 措施 帮扶措施 承诺条件",
    "outcome": "结果 谈话结果 处理结果 结论",
    "follow_up": "跟进日期 跟进时间 下次跟进日期 回访日期",
    "note": "备注 情况说明",
}
SYNONYMS: dict[str, dict[str, list[str]]] = {
    kind: {f: words.split() for f, words in table.items()}
    for kind, table in (
        ("teachers", _T),
        ("schools", _S),
        ("pairings", _P),
        ("rotations", _R),
        ("training", _TR),
        ("separations", _SEP),
        ("responses", _RESP),
    )
}

FIELD_LABELS = {
    **{f.attr: f.label for f in staff_record.FIELDS},
    "name": "姓名",
    "id_number": "身份证号",
    "id_type": "身份证件类型",
    "gender": "性别",
    "birth": "出生年月",
    "ethnicity": "民族",
    "political": "政治面貌",
    "native_place": "籍贯",
    "phone": "联系电话",
    "work_start": "参加工作时间",
    "school_entry": "进本校时间",
    "employment_form": "用工形式",
    "source": "教职工来源",
    "status": "人员状态",
    "title": "职称",
    "title_date": "职称取得时间",
    "title_appointed": "职称聘任时间",
    "title_route": "评审方式",
    "post_year": "岗位设置年度",
    "post_senior": "高级岗位数",
    "post_middle": "中级岗位数",
    "post_junior": "初级岗位数",
    "post_grades": "专技岗位等级",
    "post_document": "岗位设置批复文号",
    "post_structure": "岗位设置",
    "title_hired": "是否聘任",
    "title_benefit": "只享受职称待遇",
    "degree": "学历",
    "first_degree": "第一学历",
    "academic_degree": "学位",
    "institution": "毕业院校",
    "major": "所学专业",
    "graduated": "毕业时间",
    "subject": "任教学科",
    "stage": "任教学段",
    "head_teacher": "班主任",
    "school": "学校",
    "backbone": "骨干教师",
    "named": "名校长/名班主任",
    "named_start": "称号认定时间",
    "cert_kind": "教师资格种类",
    "cert_number": "教师资格证号",
    "note": "备注",
    "post_start": "任职时间",
    "post_method": "任职方式",
    "leader_post": "职务记录",
    "code": "学校标识码",
    "township": "乡镇",
    "area": "城乡类型",
    "kind": "类型",
    "students": "学生数",
    "classes": "班级数",
    "quota": "核定编制",
    "address": "地址",
    "school_year": "学年",
    "mentor_name": "导师姓名",
    "mentor_id": "导师身份证号",
    "mentor_school": "导师单位",
    "mentor_subject": "导师学科",
    "mentee_name": "青年教师姓名",
    "mentee_id": "青年教师身份证号",
    "mentee_school": "青年教师单位",
    "mentee_subject": "青年教师学科",
    "start": "开始时间",
    "years": "期限",
    "end": "结束时间",
    "from_school": "原学校",
    "to_school": "交流学校",
    "moves_relation": "人事关系是否转移",
    "batch": "批次",
    "course": "培训名称",
    "level": "培训级别",
    "organiser": "主办单位",
    "hours": "学时",
    "credits": "学分",
    "form": "培训形式",
    "result": "考核结果",
    "leave_kind": "离岗方式",
    "leave_date": "离岗日期",
    "reason": "离岗原因",
    "reason_code": "原因分类",
    "destination": "去向",
    "dest_kind": "去向类别",
    "dest_province": "去向省份",
    "dest_city": "去向城市",
    "talked_on": "谈话日期",
    "talked_by": "谈话人",
    "offered": "提供的条件",
    "outcome": "结果",
    "follow_up": "跟进日期",
    IGNORED: "（不导入）",
}
REQUIRED = {
    "teachers": (("name",), ("id_number",)),
    "schools": (("name",),),
    "pairings": (("mentor_name", "mentor_id"), ("mentee_name", "mentee_id")),
    "rotations": (("name", "id_number"), ("to_school",)),
    "training": (("name", "id_number"), ("course",), ("hours", "credits")),
    "separations": (("name", "id_number"), ("leave_kind",), ("leave_date",)),
    "responses": (("name", "id_number"), ("talked_by",), ("outcome",)),
}
POST_FIELDS = ("post_year", "post_senior", "post_middle", "post_junior", "post_grades", "post_document")
# fields that only one kind has: they decide the kind of a list
_DISTINCTIVE = {
    "pairings": {"mentor_name", "mentor_id", "mentor_school", "mentee_name", "mentee_id", "mentee_school"},
    "rotations": {"from_school", "to_school", "moves_relation"},
    "training": {"course", "hours", "credits", "organiser", "result"},
    "separations": {"leave_kind", "leave_date", "reason_code", "destination", "dest_kind", "dest_province"},
    "responses": {"talked_on", "talked_by", "offered", "outcome", "follow_up"},
    "schools": {"code", "township", "area", "students", "classes", "quota", *POST_FIELDS},
    "teachers": {"id_number", "gender", "birth", "title", "degree", "work_start", "ethnicity", "political"},
}

_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00a0\u3000]+")
_TRAIL = re.compile(r"[:：*＊※#]+$|^[*＊※#]+")
_BRACKETS = re.compile(r"[(\[{【〔](.*?)[)\]}】〕]")
_SUFFIXES = ("号码", "编号", "号", "时间", "日期", "年月日", "年月", "名称", "情况", "类别", "(必填)")


def norm_header(text) -> str:
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    t = unicodedata.normalize("NFKC", str(text))
    t = _INVISIBLE.sub("", t).lower()
    t = t.replace("（", "(").replace("）", ")").replace("【", "[").replace("】", "]")
    return _TRAIL.sub("", t)


def _stem(t: str) -> str:
    for _ in range(2):
        for s in _SUFFIXES:
            if t.endswith(s) and len(t) > len(s) + 1:
                t = t[: -len(s)]
                break
    return t


def variants(header: str) -> list[str]:
    """Normalised candidate spellings of a header, most specific first."""
    out: list[str] = []

    def add(t: str):
        t = _TRAIL.sub("", t)
        if t and t not in out:
            out.append(t)

    parts = header.split("/") if "/" in header else [header]
    base = norm_header(header)
    pieces = [norm_header(p) for p in parts]
    candidates = [base.replace("/", "")] if len(parts) > 1 else [base]
    if len(parts) > 1:
        candidates += [pieces[-1], "".join(pieces), pieces[0]]
    for c in candidates:
        add(c)
        inner = _BRACKETS.findall(c)
        plain = _BRACKETS.sub("", c)
        add(plain)
        for i in inner:
            add(i + plain)
            add(plain + i)
    return out


@dataclass(frozen=True)
class Match:
    field: str | None
    how: str  # exact | variant | stem | remembered | manual | none


def _index(kind: str) -> tuple[dict[str, str], dict[str, str]]:
    exact, stems = {}, {}
    for f, words in SYNONYMS[kind].items():
        for w in words:
            n = norm_header(w)
            exact.setdefault(n, f)
            stems.setdefault(_stem(n), f)
    return exact, stems


_INDEX = {k: _index(k) for k in KINDS}


def match_header(kind: str, header: str) -> Match:
    if not norm_header(header):
        return Match(None, "none")
    exact, stems = _INDEX[kind]
    vs = variants(header)
    for i, v in enumerate(vs):
        if v in exact:
            return Match(exact[v], "exact" if i == 0 else "variant")
    for v in vs:
        s = _stem(v)
        if s in stems:
            return Match(stems[s], "stem")
    return Match(None, "none")


@lru_cache(maxsize=8192)
def _is_header_text(c: str) -> bool:
    return any(match_header(k, c).field for k in KINDS)


def header_score(cells: list) -> int:
    """How many cells of a row look like column names of any kind (for finding the header row)."""
    n = 0
    for c in cells:
        if isinstance(c, str) and 0 < len(c) <= 30 and _is_header_text(c):
            n += 1
    return n


def map_headers(kind: str, headers: list[str]) -> list[Match]:
    """One Match per header; a field already taken by an earlier column is not given twice."""
    seen: set[str] = set()
    out = []
    for h in headers:
        m = match_header(kind, h)
        if m.field and m.field != IGNORED and m.field in seen:
            m = Match(None, "duplicate")
        elif m.field:
            seen.add(m.field)
        out.append(m)
    return out


def detect_kind(headers: list[str]) -> str:
    """The kind of list a header describes (teachers when nothing else fits better)."""
    best, best_score = "teachers", -1
    for kind in ("pairings", "rotations", "training", "separations", "responses", "schools", "teachers"):
        fields = {m.field for m in map_headers(kind, headers) if m.field}
        distinct = len(fields & _DISTINCTIVE[kind])
        if kind == "schools" and ({"id_number", "gender"} & {match_header("teachers", h).field for h in headers}):
            distinct = 0
        needed = REQUIRED[kind]
        complete = all(any(f in fields for f in alts) for alts in needed)
        score = distinct * 10 + len(fields) + (100 if complete and distinct >= 2 else 0)
        if kind == "teachers":
            score += 1  # the usual case wins ties
        if score > best_score:
            best, best_score = kind, score
    return best


def signature(headers: list[str]) -> str:
    """A stable key for a header layout (to remember the clerk's mapping)."""
    text = "|".join(norm_header(h) for h in headers)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
