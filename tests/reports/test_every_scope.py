"""Every report of the catalogue with every scope kind (issue 19 §1), on the demo county and on a city-like
database of three counties:

- a report that takes a scope shows only the scope: every row naming a school names one of the scope's
  schools, and the scope's rows are exactly the whole report's rows of those schools (a school scope's rows
  equal that school's rows in the county report; a township's, its schools' rows);
- the counts of the totals add up: the townships' (or the counties') totals sum to the whole database's;
- a report that takes no scope refuses --scope with a Chinese message naming the option.

Which schools make up a scope is read straight from the database file (sqlite3), not through the program.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter

import pytest

from talentdesk.cli import main
from talentdesk.reports import catalogue
from talentdesk.reports.params import Params, Scope
from talentdesk.services.demo import build
from talentdesk.store.database import open_database

# a row belongs to the school named in its first column of these (roster: the post school, 编制学校)
SCHOOL_HEADERS = ("编制学校", "原学校", "学校", "所在学校")
SUBSIDY_HEADER = "任教学校（档次，天数）"
# columns that number the rows (they restart in every scope)
RUNNING = ("序号",)
# statistics whose counts are of distinct people across schools, not sums over schools: a person counted once
# in the whole database may sit in two townships' figures (a mentor whose mentees are in two townships)
DISTINCT = {("mentor-stats", "导师")}
# programmes (issues 20 §3, 21 §5) with members in several townships: each township counts the programme once,
# so the programme counts (项目数, 实施项目) of the scopes add up to at least the whole's; members add up exactly
DISTINCT |= {("programmes", "项目数")}
DISTINCT_ROWS = ("实施项目",)
# a call for 援派 (issue 22 §2) has the county's quota (名额): each scope with an applicant shows it as it is
DISTINCT |= {("postings", "名额")}
# school pairings (issue 21 §3) join schools of several townships, and a move of a redeployment plan (issue 22 §2)
# goes from a school of one township to one of another: a scope counts every pairing one of its schools is in (with
# its schools, exchanges and activities) and every move out of or into it, so the scopes add up to at least the whole
SPANNING = ("学校结对", "各结对情况", "教师调动")
# a move names two schools (原学校, 调入学校): it belongs to the scope of either
MOVE_HEADERS = ("原学校", "调入学校")
# activities (issue 21 §1) held outside the schools with no teacher listed (a county-wide 师德承诺) belong to no
# school: the whole county counts them, no township or school does, so the scopes add up to at most the whole
COUNTY_WIDE = ("活动次数", "人次与数量", "按学校", "按来源", "教师活动")
# shares rounded up per scope: the 20% backbone share of each county's exchange count, rounded up, sums to at
# least the share of the whole (教师〔2014〕4号 sets it per school and per county)
ROUNDED_UP = {("rotation", "骨干应交流"), ("rotation", "骨干尚差")}
# tables of the county itself, not of its schools, listed for the whole database only (empty in a scope)
WHOLE_ONLY = {("quota", "全县事业编制与教育系统编制")}


def _schools(path) -> dict[str, tuple[str | None, str | None]]:
    """school name → (county, township), read with plain sqlite3."""
    con = sqlite3.connect(path)
    try:
        return {n: (c, t) for n, c, t in con.execute("SELECT name, county, township FROM school")}
    finally:
        con.close()


def _post_schools(path) -> dict[str, str]:
    """ID number → name of the post school (编制学校) of each serving teacher."""
    con = sqlite3.connect(path)
    try:
        return dict(
            con.execute(
                "SELECT t.id_number, s.name FROM teacher t JOIN school s "
                "ON s.id = t.cur_post_school_id WHERE t.status = '在岗'"
            )
        )
    finally:
        con.close()


def _build(path, size: str, counties: int | None = None) -> None:
    with pytest.MonkeyPatch.context() as mp:
        if counties:
            mp.setitem(build.SIZES, size, counties)
        assert main(["--db", str(path), "demo", "--size", size, "--seed", "2026"]) == 0
    # the hiring plan is a saved record: make this year's, so that its report has something to scope
    assert main(["--db", str(path), "plan", "hiring", "--year", str(_today().year)]) == 0


def _today():
    import datetime as dt

    return dt.date.today()


@pytest.fixture(scope="module")
def county_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("every_scope") / "county.db"
    _build(path, "county")
    db = open_database(path)
    yield path, db
    db.dispose()


@pytest.fixture(scope="module")
def city_db(tmp_path_factory):
    """A city database of three counties (the city demo's first three): schools carry their county."""
    path = tmp_path_factory.mktemp("every_scope") / "city.db"
    _build(path, "city", counties=3)
    db = open_database(path)
    yield path, db
    db.dispose()


SCOPED = [e.name for e in catalogue.CATALOGUE if "scope" in e.parameters]
UNSCOPED = [e.name for e in catalogue.CATALOGUE if "scope" not in e.parameters]


def _run(db, name: str, scope: str):
    return catalogue.compute(db, name, Params(scope=Scope.parse(scope)))


def _school_of(part, row, schools) -> str | None:
    """The school a row belongs to, or None for a total, subtotal or a row of no school."""
    heads = list(part.headers)
    if SUBSIDY_HEADER in heads:
        cell = str(row[heads.index(SUBSIDY_HEADER)]).partition("（")[0]
        return cell if cell in schools else None
    for h in SCHOOL_HEADERS:
        if h in heads:
            cell = row[heads.index(h)]
            return cell if cell in schools else None
    return None


def _schools_of(part, row, schools) -> list[str]:
    """The schools a row belongs to: both ends of a move, else the one of _school_of (none for a total)."""
    if all(h in part.headers for h in MOVE_HEADERS):
        cells = [row[list(part.headers).index(h)] for h in MOVE_HEADERS]
        return [c for c in cells if c in schools]
    school = _school_of(part, row, schools)
    return [] if school is None else [school]


def _has_school_column(part) -> bool:
    return SUBSIDY_HEADER in part.headers or any(h in part.headers for h in SCHOOL_HEADERS)


def _comparable(part, row, counties=()) -> tuple:
    """The row without running numbers; a township named with its county (东湖区上店乡 in a whole-city report,
    上店乡 in that county's) by the township alone."""

    def plain(h, v):
        if h == "乡镇" and isinstance(v, str):
            for c in counties:
                if c and v.startswith(c):
                    return v[len(c) :]
        return v

    return tuple(plain(h, v) for h, v in zip(part.headers, row) if h not in RUNNING)


def _school_rows(report, schools, keep) -> list[Counter]:
    """Per part, the rows of the schools KEEP accepts (without the running numbers)."""
    out = []
    counties = {c for c, _ in schools.values() if c}
    for part in report.parts:
        rows = Counter()
        if _has_school_column(part):
            for row in part.rows:
                if any(keep(school) for school in _schools_of(part, row, schools)):
                    rows[_comparable(part, row, counties)] += 1
        out.append(rows)
    return out


def _registration_people(report) -> set[str]:
    return {row[1] for row in report.main.rows}


def _assert_rows_are_the_scope(name, whole, scoped, schools, in_scope, post=None):
    """Rows naming a school name one in scope, and are exactly the whole report's rows of those schools."""
    for part in scoped.parts:
        for row in part.rows:
            mine = _schools_of(part, row, schools)
            assert not mine or any(in_scope(school) for school in mine), (name, part.title, row)
    assert _school_rows(scoped, schools, in_scope) == _school_rows(whole, schools, in_scope), name
    if name == "registration":  # one page per teacher: the people whose post school is in scope
        assert _registration_people(scoped) == {p for p in _registration_people(whole) if in_scope(post[p])}


def _counts(report) -> dict:
    """(part, row label, column) → integer count, for the rows that are not a school's: totals and
    figures by category (年度, 项目, 层级…), which must add up over a partition of the schools."""
    out = {}
    for i, part in enumerate(report.parts):
        if _has_school_column(part):
            rows = [r for r in part.rows if not r or not str(r[0]).strip() or _is_total(r)]
        else:
            rows = part.rows
        for row in rows:
            if _is_total(row):  # 全县合计 / 乡镇合计 / 合计: one line; several (per stage) by their other labels
                label = ("合计",) + tuple(str(v) for v in row[1:3] if isinstance(v, str) and "合计" not in v)
            else:
                label = tuple(str(v) for v in row[:2] if isinstance(v, str))
            for h, v in zip(part.headers, row):
                if h in RUNNING or isinstance(v, bool):
                    continue
                if isinstance(v, int) or isinstance(v, float) and "元" in h:  # counts, and money
                    out[(i, part.title.split("（")[0], label, h)] = v
    return out


def _is_total(row) -> bool:
    first = str(row[0]) if row else ""
    if first.endswith("合计") or first.startswith("合计"):
        return True
    return first == "" and any("合计" in str(v) for v in row[:2])


def _assert_adds_up(name, whole, parts):
    """Integer figures of totals and category rows: the scopes of a partition sum to the whole database."""
    total = _counts(whole)
    summed: Counter = Counter()
    for r in parts:
        for k, v in _counts(r).items():
            summed[k] += v
    for key, value in total.items():
        if (name, key[1]) in WHOLE_ONLY:
            continue
        if (name, key[3]) in DISTINCT | ROUNDED_UP:
            assert summed[key] >= value, (name, key)
            continue
        if key[1].endswith(SPANNING):
            if key[3] != "增减":  # a change of two such counts may go either way
                assert summed[key] >= value, (name, key)
            continue
        if any(r in key[2] for r in DISTINCT_ROWS):
            if key[3] != "增减":  # a change (this year − last) of two distinct counts may go either way
                assert summed[key] >= value, (name, key)
            continue
        if key[1].startswith(COUNTY_WIDE):
            if key[3] != "增减":  # a change (this year − last) of figures that may each lack county-wide ones
                assert summed[key] <= value, (name, key, summed[key], value)
            continue
        assert summed[key] == pytest.approx(value, abs=0.005), (name, key, summed[key], value)


@pytest.mark.parametrize("name", SCOPED)
def test_each_scope_of_the_county_shows_only_its_schools_and_adds_up(county_db, name):
    path, db = county_db
    schools = _schools(path)
    post = _post_schools(path) if name == "registration" else None
    whole = _run(db, name, "county")
    towns = sorted({t for _, t in schools.values() if t})
    by_town = []
    for town in towns:
        report = _run(db, name, f"township:{town}")
        assert report.scope_label == town
        _assert_rows_are_the_scope(name, whole, report, schools, lambda s, t=town: schools[s][1] == t, post)
        by_town.append(report)
    _assert_adds_up(name, whole, by_town)
    # a school scope: that school's rows of the county report, nothing else
    for school in sorted(schools)[:3] + [n for n in schools if "城区" in n or "第一" in n][:1]:
        report = _run(db, name, f"school:{school}")
        assert report.scope_label == school
        _assert_rows_are_the_scope(name, whole, report, schools, lambda s, x=school: s == x, post)


@pytest.mark.parametrize("name", SCOPED)
def test_each_county_of_a_city_shows_only_its_schools_and_adds_up(city_db, name):
    path, db = city_db
    schools = _schools(path)
    post = _post_schools(path) if name == "registration" else None
    whole = _run(db, name, "county")
    assert whole.scope_label == "全市（全部学校）"
    counties = sorted({c for c, _ in schools.values()})
    assert len(counties) == 3
    parts = []
    for county in counties:
        report = _run(db, name, f"county:{county}")
        assert report.scope_label == county
        _assert_rows_are_the_scope(name, whole, report, schools, lambda s, c=county: schools[s][0] == c, post)
        parts.append(report)
    _assert_adds_up(name, whole, parts)
    # a township named with its county (两县同名乡镇 are told apart)
    county, town = next((c, t) for c, t in sorted(schools.values()) if t)
    report = _run(db, name, f"township:{county}/{town}")
    assert report.scope_label == f"{county}{town}"
    _assert_rows_are_the_scope(name, whole, report, schools, lambda s: schools[s] == (county, town), post)


@pytest.mark.parametrize("name", UNSCOPED)
@pytest.mark.parametrize("scope", ["county:青禾县", "township:东古城镇", "school:东古城镇中学"])
def test_a_report_without_a_scope_refuses_each_scope_kind(county_db, tmp_path, capsys, name, scope):
    path, _ = county_db
    out = tmp_path / "x.json"
    assert main(["--db", str(path), "report", name, "--scope", scope, str(out)]) == 2
    err = capsys.readouterr().err
    assert "不按统计范围统计" in err and "请去掉 --scope" in err, err
    assert not out.exists()


def test_the_scopes_a_report_takes_are_offered_and_the_others_listed():
    """The catalogue says which reports take a scope; the two that ignored it (issue 19) now take it."""
    assert {"rotation", "training", "rural-honour"} <= set(SCOPED)
    assert all(re.fullmatch(r"[a-z-]+", n) for n in SCOPED + UNSCOPED)
