"""Honour names (荣誉表彰) as the bureau counts them: free text in teacher records matched to the bureau's list.

A record says “县级优秀教师”, “优秀 教师”, “青禾县优秀班主任”, “ＸＸ市师德标兵称号”, “2023年度优秀教育工作者”;
the statistics need 优秀教师 at 县级, 优秀班主任 at 县级 … . `normalise` folds what does not change the meaning
(full-width
characters, spaces, a year in front, 称号, 荣获 …); `Matcher.match` finds the name of the list in what remains,
taking a level from a prefix (全国, 省级/省, 市级/市, 县级/县, 区级/区 by the bureau's setting, 校级/校, or a place
name ending in 省/市/县/区 …). A text the clerk mapped once (an alias) is matched as mapped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# the names most bureaus commend (教师法 and the usual 教师节 commendations); a bureau adds its own (红烛教师 …)
DEFAULT_NAMES = ("优秀教师", "优秀班主任", "优秀教育工作者", "师德标兵", "模范教师", "最美教师", "教学能手")
LEVELS = ("国家级", "省级", "市级", "县级", "校级")
MAX_NAME = 50

_PREFIX_LEVELS = (
    ("全国", "国家级"),
    ("国家级", "国家级"),
    ("国家", "国家级"),
    ("自治区级", "省级"),
    ("省级", "省级"),
    ("省", "省级"),
    ("市级", "市级"),
    ("地市级", "市级"),
    ("市", "市级"),
    ("县级", "县级"),
    ("县", "县级"),
    ("校级", "校级"),
    ("学校", "校级"),
    ("校", "校级"),
)
_DISTRICT = ("区级", "区")  # 区: a 区 bureau's own level (县级) or an autonomous region's (省级), by the setting
_PLACE_ENDS = {
    "自治区": "省级",
    "省": "省级",
    "市": "市级",
    "州": "市级",
    "盟": "市级",
    "地区": "市级",
    "县": "县级",
    "旗": "县级",
    "区": None,
}
_LEAD = re.compile(r"^(?:\d{4}(?:[-—~至]\d{2,4})?(?:学年|年度|年)?度?|荣获|获得|获|被评为|评为|授予)+")
_TAIL = re.compile(r"(?:荣誉称号|称号|荣誉|证书|奖)$")
_BRACKETS = re.compile(r"[（(\[【][^）)\]】]*[）)\]】]")


def normalise(text: str | None) -> str:
    """Full-width to half-width (NFKC), no spaces or dots, no bracketed remarks, no year or 荣获 in front and
    no 称号 behind: the form names and texts are compared in."""
    t = unicodedata.normalize("NFKC", text or "")
    t = re.sub(r"[\s·・.。,，、\"'“”‘’]+", "", t)
    t = _BRACKETS.sub("", t)
    for _ in range(3):
        before = t
        t = _LEAD.sub("", t)
        t = _TAIL.sub("", t)
        if t == before:
            break
    return t


def level_of(text: str | None, district_level: str = "县级") -> str | None:
    """国家级 … 校级 of a level as written (省级, 省, 市, 区级 …); None when it is none of them."""
    t = normalise(text)
    if not t:
        return None
    if t in LEVELS:
        return t
    if t in _DISTRICT:
        return district_level
    for prefix, level in _PREFIX_LEVELS:
        if t == prefix:
            return level
    return None


@dataclass
class Matcher:
    """NAMES: the list (as shown); ALIASES: {normalised text: (name, level or None)} the clerk mapped once."""

    names: list[str]
    aliases: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    district_level: str = "县级"

    def __post_init__(self) -> None:
        self._names = {normalise(n): n for n in self.names}
        self._cache: dict[str, tuple[str, str | None] | None] = {}

    def match(self, text: str | None) -> tuple[str, str | None] | None:
        """(name of the list, level the text states or None), or None when the text is not on the list."""
        t = normalise(text)
        if t not in self._cache:
            self._cache[t] = self._match(t)
        return self._cache[t]

    def _match(self, t: str) -> tuple[str, str | None] | None:
        if not t:
            return None
        if t in self.aliases:
            return self.aliases[t]
        if t in self._names:
            return self._names[t], None
        for prefix, level in (*_PREFIX_LEVELS, *((p, self.district_level) for p in _DISTRICT)):
            rest = t[len(prefix) :]
            if t.startswith(prefix) and rest.startswith("级"):
                rest = rest[1:]
            if t.startswith(prefix) and rest in self._names:
                return self._names[rest], level
        for i in range(1, min(len(t), 12)):  # a place name: 青禾县优秀教师, 禾川市师德标兵, 广西壮族自治区…
            for end, stated in _PLACE_ENDS.items():
                if t[:i].endswith(end) and i > len(end):
                    rest = t[i:]
                    if rest.startswith("级"):
                        rest = rest[1:]
                    if rest in self._names:
                        return self._names[rest], stated or self.district_level
        return None


def check_name(name: str | None) -> str:
    """A name for the list: its normalised text; raises ValueError with a Chinese message."""
    t = normalise(name)
    if not t:
        raise ValueError("请填写荣誉名称，例如 优秀教师")
    if len(t) > MAX_NAME:
        raise ValueError(f"荣誉名称最长 {MAX_NAME} 个字")
    if level_of(t) is not None:
        raise ValueError(f"“{t}”是级别，不是荣誉名称")
    return t
