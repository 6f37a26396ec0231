"""The school of each teacher sheet, and the township its short school names belong to, from all the
evidence a file gives: the sheet's title rows (填报单位：…, a school's name in the title), the sheet name,
the file name, and the township of the other sheets of the same file. The clerk's choice for a name
(wizard or --school) comes first, then the choice remembered from an earlier import of the same sheet."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from talentdesk.importing.columns import norm_header
from talentdesk.importing.school_match import Match, looks_like_school, norm
from talentdesk.importing.table import _TITLE_SUFFIX, school_hints


@dataclass
class SheetSchool:
    match: Match | None  # None: the sheet names no school (rows must say theirs)
    town: str | None  # the township short names in this sheet belong to
    strong: bool = False  # the sheet names its township, or its school exactly

    @property
    def ref(self):
        return self.match.ref if self.match else None


def remember_key(sheet, asked: str) -> str:
    """The key a choice is remembered under: the sheet (its name) and the name as the file means it (a long
    one by its hash: the Setting key holds 100 characters)."""
    key = f"{norm(sheet.name)}|{asked}"
    return key if len(key) <= 60 else "h:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:32]


def choice(sheet, ctx, asked: str):
    """The school the clerk chose for this name in this sheet (now, or remembered), or None."""
    ref = sheet.school_choices.get(asked)
    if ref is not None:
        return ref
    name = ctx.school_choices.get(remember_key(sheet, asked))
    if name:
        return ctx.schools.get(norm(name)) or ctx.planned_schools.get(norm(name))
    return None


def decide(sheet, ctx, m: Match) -> Match:
    """A match with the clerk's choice applied (a resolved match stays as it is unless the clerk chose)."""
    if not m.asked:
        return m
    ref = choice(sheet, ctx, m.asked)
    if ref is not None:
        return Match(ref, m.asked)
    return m


def _hints(s) -> list[str]:
    """Names the sheet gives for its own school, most explicit first."""
    out = school_hints(s.title_lines)
    out.append(norm_header(s.name))
    out.append(_TITLE_SUFFIX.sub("", norm_header(Path(s.path).stem)))
    return [h for h in dict.fromkeys(out) if looks_like_school(h)]


def _own_town(s, index) -> str | None:
    for text in (*s.title_lines, s.name, Path(s.path).stem):
        t = index.township_in(text)
        if t:
            return t
    return None


def _own(s, ctx, index, town: str | None = None) -> SheetSchool:
    """What the sheet says; town: the township of the rest of the file, for a sheet that names none."""
    own = _own_town(s, index)
    town = own or town
    text = "".join(norm_header(t) for t in s.title_lines)
    hints = _hints(s)
    # a known school named anywhere in the title rows (longest name first)
    for key in sorted(index.by_name, key=len, reverse=True):
        if key and key in text:
            hints.insert(0, key)
            break
    first_fail = None
    for h in hints:
        m = decide(s, ctx, index.match(h, town))
        if m.ref is not None:
            return SheetSchool(m, town or norm(m.ref.township) or None, strong=bool(own) or not m.note)
        if first_fail is None:
            first_fail = m
        if m.ambiguous or m.asked != norm(h) or index.township_in(h):
            break  # a name placed in a township (or fitting several schools): no weaker hint may override it
    return SheetSchool(first_fail, town, strong=bool(own))


def resolve(sheets, ctx) -> dict[int, SheetSchool]:
    """id(sheet) → SheetSchool for the teacher sheets given (of one or more files)."""
    index = ctx.school_index()
    out = {id(s): _own(s, ctx, index) for s in sheets}
    by_file: dict[str, list] = {}
    for s in sheets:
        by_file.setdefault(s.path, []).append(s)
    for group in by_file.values():
        towns = {out[id(s)].town for s in group if out[id(s)].strong} - {None, ""}
        if len(towns) != 1:
            continue
        (town,) = towns
        for s in group:  # a sheet that does not name its township: the township of the rest of the file
            if not out[id(s)].strong:
                out[id(s)] = _own(s, ctx, index, town)
    return out


class Finder:
    """The school of a teacher row of one sheet: its own 学校/单位 cell (within the row's 乡镇 cell, else the
    sheet's township), else the sheet's school. Lookups are cached per sheet (a roster repeats its schools)."""

    def __init__(self, sheet, ctx, found: SheetSchool):
        self.sheet, self.ctx, self.found = sheet, ctx, found
        self.index = ctx.school_index()
        self._cache: dict[tuple, Match] = {}

    def __call__(self, text, township=None) -> Match | None:
        if not text:
            if self.found.match is None:  # the sheet names no school: the clerk may still say which
                ref = self.sheet.school_choices.get("")
                return Match(ref, "") if ref is not None else None
            return self.found.match
        town = (self.index.township_in(township) or norm(township)) if township else self.found.town
        key = (text, town)
        m = self._cache.get(key)
        if m is None:
            m = self._cache[key] = decide(self.sheet, self.ctx, self.index.match(text, town))
        return m
