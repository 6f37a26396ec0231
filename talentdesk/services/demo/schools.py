"""Schools of a demo county: county-town schools in 城区, township 中学 and 中心小学 in 镇区,
village 小学 and 教学点 in 乡村, each with statistics for the last three school years."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from talentdesk.domain.codes import KIND_STAGES
from talentdesk.domain.policy import Policy

CITY = "禾川市"

# name, ID area code (the first six digits of the teachers' ID numbers)
COUNTIES = [
    ("青禾县", "371521"),
    ("禾川区", "371502"),
    ("东湖区", "371503"),
    ("临河县", "371522"),
    ("柳泉县", "371523"),
    ("安丰县", "371524"),
    ("清源县", "371525"),
    ("永宁县", "371526"),
    ("丰乐县", "371527"),
    ("石桥县", "371528"),
    ("桃溪县", "371529"),
    ("南屏县", "371530"),
    ("云台县", "371531"),
    ("白沙县", "371532"),
    ("平川县", "371533"),
    ("枣林县", "371581"),
]
FIRST_TOWNSHIPS = [
    "柳林镇",
    "辛集镇",
    "北馆陶镇",
    "店子镇",
    "东古城镇",
    "兰沃乡",
    "定远寨镇",
    "梁堂镇",
    "烟庄乡",
    "甘官屯镇",
]
_PLACE_A = (
    "东 西 南 北 前 后 大 小 上 下 王 李 张 刘 陈 杨 赵 高 马 孙 "
    "朱 胡 郭 何 林 罗 石 白 黄 孟 韩 田 青 杏 枣 槐 柳 桑 双 三"
).split()
_PLACE_B = "集 庄 店 屯 桥 营 寨 楼 堂 河 湖 坡 园 沟 铺 口 林 岗 洼 官屯 家庄 家集 固 镇 城 台 圈 里".split()
_ROADS = "人民路 建设路 文化路 振兴路 解放路 育才路 光明路 和平路 青年路 新华路".split()
# county-town schools: (name suffix, kind)
TOWN_SCHOOLS = [
    ("第一中学", "高中"),
    ("第二中学", "高中"),
    ("实验中学", "初中"),
    ("育才中学", "初中"),
    ("第三中学", "初中"),
    ("实验小学", "小学"),
    ("第一小学", "小学"),
    ("第二小学", "小学"),
    ("振华小学", "小学"),
    ("文苑小学", "小学"),
    ("博文学校", "九年一贯制"),
]
# students per school by kind and area: (low, high), class size (low, high)
_STUDENTS = {
    ("高中", "城区"): (2000, 3000, 48, 56),
    ("初中", "城区"): (1600, 2500, 45, 52),
    ("小学", "城区"): (1800, 3000, 42, 48),
    ("九年一贯制", "城区"): (1200, 2000, 42, 50),
    ("初中", "镇区"): (600, 1000, 40, 48),
    ("小学", "镇区"): (500, 1100, 38, 45),
    ("小学", "乡村"): (80, 300, 15, 30),
    ("教学点", "乡村"): (10, 50, 5, 15),
}


@dataclass
class SchoolInfo:
    """What the teacher generator needs to know about a school."""

    id: int
    name: str
    county: int  # index into COUNTIES
    township: str
    area: str
    kind: str
    stages: tuple[str, ...]
    quota: dict[str, int] = field(default_factory=dict)  # by stage, current school year

    @property
    def total_quota(self) -> int:
        return sum(self.quota.values())


class NamePool:
    """Unique place names across a whole city."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def take(self, suffix: str, preset: str | None = None) -> str:
        if preset and preset not in self.used:
            self.used.add(preset)
            return preset
        while True:
            name = self.rng.choice(_PLACE_A) + self.rng.choice(_PLACE_B) + suffix
            if name not in self.used:
                self.used.add(name)
                return name


def _code(rng: random.Random, used: set[str]) -> str:
    while True:
        code = "21" + f"{rng.randrange(10**8):08d}"
        if code not in used:
            used.add(code)
            return code


def build_county(
    rng: random.Random,
    county: int,
    next_id: int,
    school_year: int,
    places: NamePool,
    codes_used: set[str],
    policy: Policy,
) -> tuple[list[SchoolInfo], list[dict], list[dict]]:
    """Schools of one county. Returns (infos, school rows, stat rows); ids start at next_id."""
    cname = COUNTIES[county][0]
    plan: list[tuple[str, str, str, str]] = []  # name, township, area, kind
    for suffix, kind in TOWN_SCHOOLS:
        plan.append((cname + suffix, "城区", "城区", kind))
    for t in range(10):
        preset = FIRST_TOWNSHIPS[t] if county == 0 else None
        town = places.take(rng.choice("镇镇镇乡"), preset)
        plan.append((town + "中学", town, "镇区", "初中"))
        plan.append((town + "中心小学", town, "镇区", "小学"))
        for _ in range(rng.choice((2, 2, 3, 3, 4))):
            plan.append((town + places.take("村") + "小学", town, "乡村", "小学"))
        if rng.random() < 0.75:
            plan.append((town + places.take("") + "教学点", town, "乡村", "教学点"))
    infos, school_rows, stat_rows = [], [], []
    for i, (name, town, area, kind) in enumerate(plan):
        sid = next_id + i
        stages = KIND_STAGES[kind]
        info = SchoolInfo(sid, name, county, town, area, kind, stages)
        if area == "城区":
            address = f"{cname}城区{rng.choice(_ROADS)}{rng.randint(1, 399)}号"
        elif area == "镇区":
            address = f"{cname}{town}驻地"
        else:
            address = cname + name.removesuffix("小学").removesuffix("教学点")
        school_rows.append(
            dict(
                id=sid,
                name=name,
                code=_code(rng, codes_used),
                township=town,
                area=area,
                kind=kind,
                address=address,
                note=None,
            )
        )
        lo, hi, cl_lo, cl_hi = _STUDENTS[(kind, area)]
        total = rng.randint(lo, hi)
        shares = {"小学": 0.62, "初中": 0.38} if len(stages) == 2 else {stages[0]: 1.0}
        for stage in stages:
            base = total * shares[stage]
            class_size = rng.randint(cl_lo, cl_hi)
            for year in (school_year - 2, school_year - 1, school_year):
                students = max(5, round(base * (1 + 0.03 * (year - school_year) * rng.uniform(-1, 1.5))))
                classes = max(1, math.ceil(students / class_size))
                if kind == "教学点":
                    classes = min(classes, 4)
                quota = max(2 if kind != "教学点" else 1, round(students / policy.staff_ratio[stage]))
                if area == "乡村":  # small rural schools are staffed by class as well as by students
                    quota = max(quota, math.ceil(classes * 1.2))
                stat_rows.append(
                    dict(school_id=sid, school_year=year, stage=stage, students=students, classes=classes, quota=quota)
                )
                if year == school_year:
                    info.quota[stage] = quota
        infos.append(info)
    return infos, school_rows, stat_rows
