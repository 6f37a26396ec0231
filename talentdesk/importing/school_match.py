"""Which school a name in a school's file means: exactly, within the township the file is about.

Schools write their own name the short way (中学, 中心小学, 西河村小学 in a township's list; 实验小学,
第一中学 for the county's town schools). A short name is looked up among the schools of the township
the file names (title, sheet name, file name, a 乡镇 column, the other sheets of the file), then among
the county's town schools; never fuzzily across townships. What fits several schools is ambiguous and
what fits none is unknown: both are held for the clerk, who chooses (the wizard's chooser, the
command line's --school), never picked silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from talentdesk.domain import codes

# a county (区县) prefix of a town school's name: 青禾县实验小学 → 实验小学
_COUNTY = re.compile(r"^[\u4e00-\u9fff]{2,8}?(?:自治县|县|区|旗|市)")
_TOWN_SUFFIX = re.compile(r"(?:街道办事处|办事处|街道|镇|乡)$")
# a township named at the start of a text though it has no school in the database (马庄镇2026年…)
_TOWN_AT_START = re.compile(r"^(?:[\u4e00-\u9fff]{2,8}?(?:自治县|县|区|旗|市))?([\u4e00-\u9fff]{2,4}?(?:镇|乡|街道))")
# what a school's name ends with (a hint that does not look like one is not evidence)
_SCHOOLISH = re.compile(r"(?:小学|中学|学校|教学点|幼儿园|中心校|完小|高中|初中|中专|职专|分校|校区|学院)$")
_NOT_ONE_SCHOOL = re.compile(r"各校|各学校|各单位|汇总|合计")


def norm(text) -> str:
    return codes.norm_text(text) if text else ""


def looks_like_school(text: str) -> bool:
    return bool(text) and bool(_SCHOOLISH.search(text)) and not _NOT_ONE_SCHOOL.search(text)


@dataclass
class Match:
    """The outcome of looking a name up. asked: the name as the file means it (the township added to a
    short name when the file gives the township), the key of a choice the clerk makes for it."""

    ref: object | None  # context.SchoolRef
    asked: str
    note: str | None = None  # a unique but not exact match (reported as a warning)
    candidates: list = field(default_factory=list)  # several schools fit (ambiguous)

    @property
    def ambiguous(self) -> bool:
        return self.ref is None and len(self.candidates) > 1

    def issue(self) -> tuple[str, str]:
        """(code, message) for a name that did not resolve."""
        if self.ambiguous:
            names = "、".join(sorted(c.name for c in self.candidates))
            return ("school.ambiguous", f"学校“{self.asked}”不止一所（{names}），没有自动选择：请指定是哪所学校")
        return ("school.unknown", f"学校“{self.asked}”不在学校名单中：请指定库中的学校，或新建该学校")


class SchoolIndex:
    """Names, short names and townships of a set of schools (the database's and the plan's new ones)."""

    def __init__(self, refs, school_codes: dict):
        self.codes = school_codes
        self.by_name: dict[str, object] = {}
        self.town_short: dict[str, list] = {}  # name without its township (or its township's stem)
        self.county_short: dict[str, list] = {}  # a town school's name without the county
        self.towns: dict[str, str] = {}  # township or its stem (≥ 2 characters) → township
        for r in refs:
            n, t = norm(r.name), norm(getattr(r, "township", None))
            self.by_name[n] = r
            if t:
                self.towns[t] = t
                stem = _TOWN_SUFFIX.sub("", t)
                if len(stem) >= 2 and stem != t:
                    self.towns.setdefault(stem, t)
                if n.startswith(t) and len(n) > len(t):
                    self.town_short.setdefault(n[len(t) :], []).append(r)
                    continue
                if len(stem) >= 2 and n.startswith(stem) and len(n) > len(stem):
                    self.town_short.setdefault(n[len(stem) :], []).append(r)
                    continue
            county = norm(getattr(r, "county", None))
            if county and n.startswith(county) and len(n) > len(county):
                self.county_short.setdefault(n[len(county) :], []).append(r)
            elif (m := _COUNTY.match(n)) and len(n) > m.end():
                self.county_short.setdefault(n[m.end() :], []).append(r)
        self._prefixes = sorted(self.towns, key=len, reverse=True)

    def township_in(self, text: str) -> str | None:
        """A township the text names: a known one anywhere in it (longest first), else one at its start."""
        t = norm(text)
        if not t:
            return None
        for p in self._prefixes:
            if p in t and p == self.towns[p]:
                return p
        m = _TOWN_AT_START.match(t)
        return m.group(1) if m and not _SCHOOLISH.search(m.group(1)) else None

    def _town_prefix(self, key: str) -> tuple[str, str] | None:
        for p in self._prefixes:
            if key.startswith(p) and len(key) > len(p):
                return self.towns[p], key[len(p) :]
        return None

    def match(self, text, town: str | None = None) -> Match:
        key = norm(text)
        if not key:
            return Match(None, "")
        exact = self.by_name.get(key) or self.codes.get(key)
        if exact is not None:
            return Match(exact, key)
        town = norm(town) or None
        if town:  # a short name within the township the file is about
            hits = [r for r in self.town_short.get(key, ()) if norm(r.township) == town]
            if hits:
                return _one(hits, town + key)
        pre = self._town_prefix(key)
        if pre is not None:  # the name carries a township: only that township's schools
            t, rest = pre
            hits = [r for r in self.town_short.get(rest, ()) if norm(r.township) == t]
            m = _one(hits, key)
            if m.ref is not None:
                m.note = f"学校“{text}”按“{m.ref.name}”处理"
            return m
        m = _COUNTY.match(key)
        if m and len(key) > m.end():  # the name carries a county: that county's town schools
            rest = key[m.end() :]
            hits = [
                r
                for r in self.county_short.get(rest, ())
                if norm(getattr(r, "county", None)) in ("", m.group(0)) and norm(r.name).startswith(m.group(0))
            ]
            if hits:
                return _one(hits, key)
            inner = self.match(rest, town) if self._town_prefix(rest) or rest in self.by_name else None
            if inner is not None and inner.ref is not None:  # 青禾县柳林镇中学: the township's school
                return Match(inner.ref, key, note=f"学校“{text}”按“{inner.ref.name}”处理")
            return Match(None, key)
        hits = self.county_short.get(key, [])
        if hits:  # 实验小学, 第一中学: the county's own
            return _one(hits, key)
        if town:
            return Match(None, town + key)
        hits = self.town_short.get(key, [])
        out = _one(hits, key)
        if out.ref is not None:
            out.note = f"学校“{text}”按“{out.ref.name}”处理"
        return out


def _one(hits: list, asked: str) -> Match:
    unique = list({id(h): h for h in hits}.values())
    if len(unique) == 1:
        return Match(unique[0], asked)
    return Match(None, asked, candidates=unique)
