"""Names and personal details for the demo county, drawn from realistic frequency lists.

All choices go through the random.Random passed in (deterministic for a seed).
"""

from __future__ import annotations

import itertools
import random

# The 100 most common surnames, roughly by frequency (per-mille weights, rounded).
_SURNAMES = (
    "王72 李72 张68 刘54 陈45 杨31 黄22 赵22 吴21 周21 徐17 孙16 马15 朱14 胡13 郭12 何12 高12 林11 罗10 "
    "郑10 梁9 谢8 宋8 唐7 许7 韩7 冯7 邓6 曹6 彭6 曾6 肖6 田6 董5 袁5 潘5 于5 蒋5 蔡5 余5 杜5 叶5 程5 "
    "苏4 魏4 吕4 丁4 任4 沈4 姚4 卢4 姜4 崔4 钟3 谭3 陆3 汪3 范3 金3 石3 廖3 贾3 夏3 韦3 付3 方3 白3 邹3 "
    "孟3 熊3 秦3 邱3 江3 尹3 薛3 闫3 段3 雷2 侯2 龙2 史2 陶2 黎2 贺2 顾2 毛2 郝2 龚2 邵2 万2 钱2 严2 "
    "武2 戴2 孔2 汤2 庞1 樊1 兰1 殷1 施1 陶1 洪1 翟1 安1 颜1 倪1 申1 牛1 葛1 柴1 耿1 路1 聂1 鲁1 常1 "
    "欧阳1 司马1 上官1"
).split()
SURNAMES = [s.rstrip("0123456789") for s in _SURNAMES]
SURNAME_WEIGHTS = list(itertools.accumulate(int("".join(c for c in s if c.isdigit())) for s in _SURNAMES))

# given-name characters (common first); two-character names are about 70 %
MALE_CHARS = (
    "伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 鑫 波 宇 浩 凯 健 俊 帆 帅 旭 宁 龙 林 阳 "
    "建 国 志 海 东 文 红 峰 新 成 亮 晨 博 振 家 瑞 晓 立 永 庆 春 德 中 小 兵 忠 贵 福 生 "
    "子 轩 睿 泽 昊 然 天 一 航 铭 嘉 俊 豪 宏 毅 远 学 庆 利 金 山 光 良 荣 长 胜"
).split()
FEMALE_CHARS = (
    "芳 娜 敏 静 丽 艳 娟 霞 秀 燕 玲 桂 丹 萍 红 玉 兰 英 华 慧 梅 婷 雪 琳 晶 倩 颖 洁 莉 "
    "丽 云 凤 琴 蕾 薇 佳 欣 悦 彤 雯 婧 晓 小 春 秋 冬 海 建 文 淑 美 爱 月 亚 冬 珍 宁 "
    "思 雨 诗 梦 涵 可 馨 怡 琪 璐 露 瑶 菲 妍 晴 莹 宏 凤 青 翠 金 利 平 艳"
).split()
# rare characters that must survive storage, search, export and printing
RARE_GIVEN = ("䶮", "堃", "喆", "昇")
RARE_SURNAME = "𠮷"

ETHNICITIES = (("汉族", 965), ("回族", 20), ("满族", 6), ("蒙古族", 4), ("壮族", 2), ("土家族", 2), ("苗族", 1))
_ETH_CUM = list(itertools.accumulate(w for _, w in ETHNICITIES))

MOBILE_PREFIXES = (
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 "
    "166 176 177 178 180 181 182 183 185 186 187 188 189 198 199"
).split()


def surname(rng: random.Random) -> str:
    return rng.choices(SURNAMES, cum_weights=SURNAME_WEIGHTS)[0]


def given(rng: random.Random, gender: str) -> str:
    chars = MALE_CHARS if gender == "男" else FEMALE_CHARS
    if rng.random() < 0.3:
        return rng.choice(chars)
    a, b = rng.choice(chars), rng.choice(chars)
    return a + (b if b != a or rng.random() < 0.3 else rng.choice(chars))


def full_name(rng: random.Random, gender: str) -> str:
    return surname(rng) + given(rng, gender)


def rare_name(rng: random.Random, gender: str, which: int) -> str:
    """A name with one of the rare characters (which selects the character)."""
    options = RARE_GIVEN + (RARE_SURNAME,)
    ch = options[which % len(options)]
    if ch == RARE_SURNAME:
        return ch + given(rng, gender)
    base = rng.choice(MALE_CHARS if gender == "男" else FEMALE_CHARS)
    return surname(rng) + (ch if rng.random() < 0.4 else base + ch)


def former_name(rng: random.Random, name: str, gender: str) -> str:
    """曾用名: usually the same surname with a plainer given name."""
    sur = name[:2] if name[:2] in SURNAMES and len(name) > 2 else name[:1]
    for _ in range(5):
        other = sur + given(rng, gender)
        if other != name:
            return other
    return sur + "小" + given(rng, gender)[:1]


def ethnicity(rng: random.Random) -> str:
    return rng.choices([e for e, _ in ETHNICITIES], cum_weights=_ETH_CUM)[0]


def political(rng: random.Random, age: int) -> str:
    r = rng.random()
    if age <= 28:
        return "共青团员" if r < 0.45 else "中共党员" if r < 0.62 else "中共预备党员" if r < 0.66 else "群众"
    if r < 0.40 + min(age - 28, 20) * 0.006:
        return "中共党员"
    if r < 0.53:
        return rng.choice(("民盟盟员", "民进会员", "九三学社社员", "农工党党员", "民革党员", "无党派人士"))
    return "群众"


def phone(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
