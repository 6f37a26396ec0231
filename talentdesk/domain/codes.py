"""Code lists: each entry has its Chinese label, the national code where one exists,
and the other names people write for it. Lookups are forgiving about spaces and
full-width characters; anything unknown is None (the caller reports it)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


def norm_text(text: str) -> str:
    """NFKC, no spaces of any width, no invisible characters."""
    t = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"[\s\u200b\u200c\u200d\ufeff\u00a0]+", "", t)


@dataclass(frozen=True)
class Code:
    label: str
    code: str | None = None
    aliases: tuple[str, ...] = ()
    rank: int = 0  # order for "higher than" comparisons (titles, degrees, levels)


@dataclass
class CodeList:
    name: str  # Chinese name of the list, used in messages
    entries: list[Code]
    _index: dict[str, Code] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for e in self.entries:
            for key in (e.label, e.code, *e.aliases):
                if key:
                    self._index.setdefault(norm_text(key), e)

    @property
    def labels(self) -> list[str]:
        return [e.label for e in self.entries]

    def lookup(self, text: object) -> Code | None:
        if text is None:
            return None
        hit = self._index.get(text) if isinstance(text, str) else None  # stored labels: no normalising needed
        return hit if hit is not None else self._index.get(norm_text(str(text)))

    def canonical(self, text: object) -> str | None:
        c = self.lookup(text)
        return c.label if c else None

    def get(self, label: str) -> Code:
        c = self.lookup(label)
        if c is None:
            raise KeyError(f"{label!r} is not in {self.name}")
        return c

    def rank(self, label: str | None) -> int:
        c = self.lookup(label) if label else None
        return c.rank if c else -1

    def __contains__(self, text: object) -> bool:
        return self.lookup(text) is not None


def _simple(name: str, labels: str, **aliases: tuple[str, ...]) -> CodeList:
    return CodeList(name, [Code(lb, aliases=tuple(aliases.get(lb, ()))) for lb in labels.split()])


GENDER = CodeList("性别", [Code("男", "1", ("男性", "M")), Code("女", "2", ("女性", "F"))])

ID_TYPE = CodeList(
    "身份证件类型",
    [
        Code("居民身份证", "1", ("身份证", "居民身份证号")),
        Code("港澳居民来往内地通行证", "6", ("回乡证",)),
        Code("台湾居民来往大陆通行证", "7", ("台胞证",)),
        Code("护照", "A", ("外国护照",)),
        Code("港澳台居民居住证", "8"),
        Code("外国人永久居留身份证", "9"),
    ],
)

# GB/T 3304 民族 codes
_ETHNIC = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 "
    "纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 "
    "德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
ETHNICITY = CodeList("民族", [Code(n + "族", f"{i + 1:02d}", (n,)) for i, n in enumerate(_ETHNIC)])

# GB/T 4762 政治面貌
POLITICAL = CodeList(
    "政治面貌",
    [
        Code("中共党员", "01", ("党员", "中国共产党党员", "共产党员")),
        Code("中共预备党员", "02", ("预备党员",)),
        Code("共青团员", "03", ("团员", "中国共产主义青年团团员")),
        Code("民革党员", "04", ("民革",)),
        Code("民盟盟员", "05", ("民盟",)),
        Code("民建会员", "06", ("民建",)),
        Code("民进会员", "07", ("民进",)),
        Code("农工党党员", "08", ("农工党",)),
        Code("致公党党员", "09", ("致公党",)),
        Code("九三学社社员", "10", ("九三学社",)),
        Code("台盟盟员", "11", ("台盟",)),
        Code("无党派人士", "12", ("无党派",)),
        Code("群众", "13", ("普通群众", "无")),
    ],
)

# GB/T 4658 学历 (the common levels; rank: higher is better)
DEGREE = CodeList(
    "学历",
    [
        Code("博士研究生", "11", ("博士", "研究生（博士）", "博士研究生毕业"), 9),
        Code("硕士研究生", "14", ("硕士", "研究生", "研究生（硕士）", "硕士研究生毕业", "研究生毕业"), 8),
        Code("大学本科", "21", ("本科", "大本", "大学本科毕业", "本科毕业", "学士"), 7),
        Code("大学专科", "31", ("专科", "大专", "大学专科毕业", "专科毕业"), 6),
        Code("中等专科", "41", ("中专", "中师", "中等师范", "中专毕业", "中等专业学校"), 5),
        Code("职业高中", "44", ("职高",), 4),
        Code("普通高中", "61", ("高中", "高中毕业"), 4),
        Code("初中", "71", ("初中毕业", "初级中学"), 2),
        Code("小学", "81", ("小学毕业",), 1),
    ],
)

ACADEMIC_DEGREE = CodeList(
    "学位",
    [
        Code("博士", "2", ("博士学位",), 3),
        Code("硕士", "3", ("硕士学位", "教育硕士"), 2),
        Code("学士", "4", ("学士学位",), 1),
        Code("无", "0", ("无学位",), 0),
    ],
)

# 专业技术职务 (中小学教师, current names since the 2015 reform) with pre-2015 names mapped.
TITLE = CodeList(
    "职称",
    [
        Code("正高级教师", "1", ("正高", "正高级", "中小学正高级教师", "教授级高级教师"), 5),
        Code(
            "高级教师",
            "2",
            ("高级", "中学高级", "中学高级教师", "副高", "副高级", "中小学高级教师", "小学高级（副高）"),
            4,
        ),
        Code(
            "一级教师",
            "3",
            ("一级", "中学一级", "中学一级教师", "小学高级", "小学高级教师", "中级", "中小学一级教师"),
            3,
        ),
        Code(
            "二级教师",
            "4",
            ("二级", "中学二级", "中学二级教师", "小学一级", "小学一级教师", "助理级", "中小学二级教师"),
            2,
        ),
        Code(
            "三级教师",
            "5",
            ("三级", "中学三级", "中学三级教师", "小学二级", "小学二级教师", "小学三级", "小学三级教师", "员级"),
            1,
        ),
        Code("未定职级", "9", ("未定级", "无", "无职称", "未评", "未定职称", "见习期", "试用期"), 0),
    ],
)

STAGE = CodeList(
    "学段",
    [
        Code("幼儿园", "1", ("学前", "学前教育"), 0),
        Code("小学", "2", (), 1),
        Code("初中", "3", ("初级中学",), 2),
        Code("高中", "4", ("普通高中", "高级中学"), 3),
        Code("中职", "5", ("中等职业", "职高"), 3),
        Code("特殊教育", "6", ("特教",), 1),
    ],
)

SUBJECT = CodeList(
    "学科",
    [
        Code("语文"),
        Code("数学"),
        Code("英语", aliases=("外语",)),
        Code("物理"),
        Code("化学"),
        Code("生物", aliases=("生物学",)),
        Code("政治", aliases=("思想政治", "道德与法治", "道法", "思品", "品德与社会", "品德与生活")),
        Code("历史"),
        Code("地理"),
        Code("科学", aliases=("小学科学",)),
        Code("体育", aliases=("体育与健康",)),
        Code("音乐"),
        Code("美术"),
        Code("信息技术", aliases=("信息科技", "微机", "计算机")),
        Code("心理健康", aliases=("心理", "心理健康教育")),
        Code("劳动", aliases=("劳动技术",)),
        Code("综合实践", aliases=("综合实践活动",)),
        Code("通用技术"),
        Code("书法"),
        Code("特殊教育", aliases=("特教",)),
        Code("学前教育", aliases=("幼教",)),
        Code("其他"),
    ],
)

SUBJECT_GROUP = {  # for statistics: 文科/理科/体艺/其他
    "语文": "语言",
    "英语": "语言",
    "数学": "数理",
    "物理": "数理",
    "化学": "数理",
    "生物": "数理",
    "科学": "数理",
    "政治": "人文",
    "历史": "人文",
    "地理": "人文",
    "体育": "体育艺术",
    "音乐": "体育艺术",
    "美术": "体育艺术",
}
PE_ARTS_SUBJECTS = ("体育", "音乐", "美术")

EMPLOYMENT_FORM = CodeList(
    "用工形式",
    [
        Code("在编", "1", ("编内", "正式", "在编在岗", "事业编制", "公办")),
        Code("特岗", "2", ("特岗教师", "特岗计划")),
        Code("合同", "3", ("合同制", "聘用", "编外聘用", "劳务派遣", "合同制教师")),
        Code("代课", "4", ("代课教师", "临时代课")),
        Code("银龄讲学", "5", ("银龄", "银龄教师", "银龄计划")),
        Code("柔性引进", "6", ("柔性",)),
    ],
)

SOURCE = CodeList(
    "教职工来源",
    [
        Code("公开招聘", aliases=("公招", "公开考试招聘", "事业单位公开招聘")),
        Code("校园招聘", aliases=("专场招聘", "校园专场招聘", "高校专场招聘", "双向选择", "双选")),
        Code("定向招聘"),
        Code("特岗计划", aliases=("特岗", "特岗教师")),
        Code("特岗转入", aliases=("特岗计划转入", "特岗转编")),  # a 特岗 teacher taken into 编制 after the term
        Code(
            "公费师范生",
            aliases=("地方免费师范生", "免费师范生", "省属公费师范生", "省属公费", "部属公费师范生", "公费师范"),
        ),
        Code("优师计划", aliases=("优师专项", "国家优师计划", "地方优师计划")),
        Code("人才引进", aliases=("引进人才", "高层次人才引进")),
        Code("选调", aliases=("遴选", "选调教师")),
        Code("调入", aliases=("调动", "外县调入")),
        Code("银龄讲学", aliases=("银龄", "银龄计划", "银龄教师")),
        Code("柔性引进", aliases=("柔性",)),
        Code("退役军人安置", aliases=("军转安置", "退役士兵安置", "退役军人", "军队转业")),
        Code("其他"),
    ],
)

STATUS = CodeList(
    "人员状态",
    [
        Code("在岗", "1", ("在职", "在编在岗")),
        Code("退休", "2", ("已退休",)),
        Code("调出", "3", ("调离",)),
        Code("辞职", "4", ("离职",)),
        Code("解聘", "5", ("解除聘用",)),
        Code("去世", "6", ("死亡", "病故")),
    ],
)
ACTIVE_STATUS = "在岗"

# leaving (issue 22 §3): the coded reason and destination kind of a separation, matched by name or alias on import
LEAVE_REASON = CodeList(
    "离岗原因分类",
    [
        Code("待遇", aliases=("工资待遇", "收入低", "工资低", "待遇低", "薪酬")),
        Code("两地分居", aliases=("夫妻分居", "夫妻团聚", "照顾家庭", "家庭原因")),
        Code("个人发展", aliases=("发展", "职业发展", "寻求发展")),
        Code("考录公务员", aliases=("考公", "考公务员", "公务员", "考录")),
        Code("到民办/外地学校", aliases=("到民办学校", "到外地学校", "去民办", "民办学校", "外地学校")),
        Code("考研", aliases=("读研", "考取研究生", "升学")),
        Code("其他", aliases=("其它",)),
    ],
)
LEAVE_DEST = CodeList(
    "去向类别",
    [
        Code("县内其他单位", aliases=("县内", "本县其他单位")),
        Code("外县（市）公办学校", aliases=("外县公办学校", "外县学校", "外市学校", "外地公办学校")),
        Code("民办学校", aliases=("民办", "私立学校")),
        Code("机关事业单位", aliases=("机关", "事业单位", "行政机关")),
        Code("高校（升学）", aliases=("高校", "升学", "读研")),
        Code("企业", aliases=("公司",)),
        Code("其他", aliases=("其它",)),
    ],
)
RESPONSE_OUTCOME = CodeList(
    "响应结果",
    [
        Code("跟进中", aliases=("跟进", "未结", "继续跟进", "待跟进")),
        Code("留任", aliases=("留下", "稳定", "已稳定", "继续留任")),
        Code("调出", aliases=("已调出", "调离")),
        Code("辞职", aliases=("已辞职", "离职")),
    ],
)

AREA = CodeList(
    "城乡类型",
    [
        Code("城区", "1", ("城市", "县城", "主城区")),
        Code("镇区", "2", ("镇", "乡镇", "集镇")),
        Code("乡村", "3", ("农村", "村", "村小")),
    ],
)

SCHOOL_KIND = CodeList(
    "办学类型",
    [
        Code("小学", "211", ("完小", "中心小学", "完全小学")),
        Code("初中", "311", ("初级中学", "独立初中")),
        Code("高中", "342", ("高级中学", "普通高中")),
        Code("九年一贯制", "312", ("九年一贯制学校", "九年制")),
        Code("完全中学", "341", ("完中",)),
        Code("十二年一贯制", "345", ()),
        Code("教学点", "218", ("小学教学点",)),
    ],
)

# which stages a kind of school teaches
KIND_STAGES = {
    "小学": ("小学",),
    "教学点": ("小学",),
    "初中": ("初中",),
    "高中": ("高中",),
    "九年一贯制": ("小学", "初中"),
    "完全中学": ("初中", "高中"),
    "十二年一贯制": ("小学", "初中", "高中"),
}

PLACEMENT_KIND = CodeList(
    "交流方式",
    [
        Code("本校"),
        Code("交流轮岗", aliases=("轮岗", "交流", "轮岗交流", "城乡交流")),
        Code("支教", aliases=("支教交流",)),
        Code("走教"),
        Code("挂职", aliases=("挂职锻炼",)),
        Code("跟岗学习", aliases=("跟岗",)),
        Code("借调", aliases=("借用",)),
        Code("调动", aliases=("调入", "调出", "工作调动")),
        # postings outside the county, to an outside unit (issue 22 §2; domain.postings.KINDS)
        Code("援藏", aliases=("援藏支教",)),
        Code("援疆", aliases=("援疆支教",)),
        Code("援边"),
        Code("对口支援", aliases=("对口帮扶",)),
    ],
)

DESIGNATION = CodeList(
    "骨干类别",
    [
        Code("教坛新秀", rank=1, aliases=("教学新秀", "新秀")),
        Code("骨干教师", rank=2, aliases=("骨干",)),
        Code("学科带头人", rank=3, aliases=("带头人",)),
        Code("名师", rank=4, aliases=("名教师",)),
        Code("特级教师", rank=5, aliases=("特级",)),
        # 三名工程 (issue 20 §3): designations of a school leader and of a class teacher, beside the teaching
        # ladder above. Rank -1 (as an unknown kind): they never rank above or below a ladder designation.
        Code("名校长", rank=-1, aliases=("名优校长", "名校(园)长", "名校（园）长", "名园长")),
        Code("名班主任", rank=-1, aliases=("优秀班主任名师", "名优班主任")),
    ],
)
# the teaching growth ladder 教坛新秀 → 特级教师 (rank 1…5); 名校长/名班主任 are designations off the ladder
LADDER_KINDS = tuple(c.label for c in sorted(DESIGNATION.entries, key=lambda c: c.rank) if c.rank > 0)
# 名校长/名班主任: designations of a leader's or a class teacher's role (issue 20 §3)
ROLE_KINDS = ("名校长", "名班主任")
# 三名工程: 名师, 名校长, 名班主任 (the figures of reports.named_designations)
SANMING_KINDS = ("名师", "名校长", "名班主任")


def is_ladder_kind(kind: str | None) -> bool:
    """A designation of the teaching ladder (教坛新秀 … 特级教师): the one a teacher's 骨干 value (cur_backbone),
    the talent tiers and the pairing rules rank. 名校长/名班主任 are not on it."""
    return DESIGNATION.rank(kind) > 0


def is_backbone_kind(kind: str | None) -> bool:
    """骨干教师 and above (学科带头人、名师、特级教师); 教坛新秀 is a designation but not a backbone one. The one
    definition every report uses (优质均衡's 县级及以上骨干 adds the level; 队伍结构's 骨干 columns by level).

    名校长 and 名班主任 (issue 20 §3) are designations but NOT 骨干: a principal designated 名校长 counts among
    the 骨干教师 only when he or she also holds a ladder designation of 骨干教师 or above, so the backbone
    figures (优质均衡, 队伍结构, 名优教师, 流失 of 骨干) keep their meaning."""
    return DESIGNATION.rank(kind) >= DESIGNATION.rank("骨干教师")


LEVEL = CodeList(
    "级别",
    [
        Code("校级", "5", ("校",), 0),
        Code("县级", "4", ("县", "县区级", "区级", "县（区）级"), 1),
        Code("市级", "3", ("市", "地市级"), 2),
        Code("省级", "2", ("省", "省部级"), 3),
        Code("国家级", "1", ("国家", "全国"), 4),
    ],
)

APPRAISAL = CodeList(
    "考核结果",
    [
        Code("优秀", "1", rank=3),
        Code("合格", "2", ("称职",), 2),
        Code("基本合格", "3", ("基本称职",), 1),
        Code("不合格", "4", ("不称职",), 0),
        Code("不定等次", "9", ("未定等次",), -1),
    ],
)

CERT_KIND = CodeList(
    "教师资格种类",
    [
        Code("幼儿园", "1", ("幼儿园教师资格",)),
        Code("小学", "2", ("小学教师资格",)),
        Code("初级中学", "3", ("初中", "初级中学教师资格")),
        Code("高级中学", "4", ("高中", "高级中学教师资格")),
        Code("中等职业学校", "5", ("中职",)),
        Code("中职实习指导", "6", ()),
    ],
)

YES_WORDS = {"是", "有", "√", "✓", "✔", "Y", "YES", "TRUE", "1", "对"}
NO_WORDS = {"否", "无", "×", "✗", "N", "NO", "FALSE", "0", "不是", "没有"}


def yes_no(value: object) -> bool | None:
    """是/否/√/有/无 → True/False; empty → None; anything else raises ValueError."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    t = norm_text(str(value)).upper()
    if not t:
        return None
    if t in YES_WORDS:
        return True
    if t in NO_WORDS:
        return False
    raise ValueError(f"“{value}”不是“是/否”")
