"""Property tests for the name, date and ID parsers of the importer."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentdesk.domain import idnumber
from talentdesk.importing import values as V

CJK = st.sampled_from(list("王芳李娜张伟刘洋陈静杨帆赵磊黄敏周杰吴琳欧阳上官䶮𠮷喆堃淼"))
SPACES = st.sampled_from([" ", "\u3000", "\u00a0", "\u200b", "\ufeff", "  "])


@given(st.lists(CJK, min_size=1, max_size=5), st.lists(SPACES, max_size=4), st.randoms())
def test_name_drops_every_kind_of_space_and_keeps_the_characters(chars, spaces, rnd):
    text = list(chars)
    for s in spaces:
        text.insert(rnd.randint(0, len(text)), s)
    assert V.name("".join(text)) == "".join(chars)


@given(st.sampled_from(["=", "+", "-", "@"]), st.lists(CJK, min_size=1, max_size=4), st.sampled_from(["()", ""]))
def test_name_that_is_formula_text_is_refused(start, chars, tail):
    """=ROW() or @王芳 as a name (no digits, short) went through before issue 15: a spreadsheet would run it."""
    with pytest.raises(V.CellError, match="公式"):
        V.name(start + "".join(chars) + tail)


@given(st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2020, 12, 31)))
def test_dates_keep_the_precision_given(d):
    assert V.date(f"{d.year}.{d.month:02d}").iso() == f"{d.year}-{d.month:02d}"
    assert V.date(f"{d.year}.{d.month}").iso() == f"{d.year}-{d.month:02d}"
    assert V.date(f"{d.year}年{d.month}月").iso() == f"{d.year}-{d.month:02d}"
    assert V.date(f"{d.year}{d.month:02d}").iso() == f"{d.year}-{d.month:02d}"
    assert V.date(f"{d.year}年{d.month}月{d.day}日").iso() == d.isoformat()
    assert V.date(f"{d.year}/{d.month}/{d.day}").iso() == d.isoformat()
    assert V.date(d).iso() == d.isoformat()
    assert V.date(float((d - dt.date(1899, 12, 30)).days)).iso() == d.isoformat()
    # a year-month field typed in Excel as 2007-8 arrives as the first of the month
    assert V.date(d.replace(day=1), month_field=True).iso() == f"{d.year}-{d.month:02d}"


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2005, 12, 31)), st.integers(0, 999))
def test_valid_ids_in_any_spelling(d, seq):
    n = idnumber.make("371521", d, seq)
    full = n.translate({ord(c): chr(0xFF10 + int(c)) for c in "0123456789"})
    for spelling in (n, n.lower(), f" {n} ", full, "'" + n):
        info = V.id_number(spelling)
        assert info.number == n and info.birth == d


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2005, 12, 31)), st.integers(0, 999))
def test_ids_stored_as_numbers_are_refused_never_repaired(d, seq):
    n = idnumber.make("371521", d, seq)
    if n.endswith("X"):
        return
    for cell in (float(n), int(n), f"{float(n):.14E}"):
        try:
            V.id_number(cell)
        except V.CellError as e:
            assert e.code == "id.precision_lost" and "文本" in e.message
        else:
            raise AssertionError(f"{cell!r} was accepted")


@given(
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2005, 12, 31)),
    st.integers(0, 999),
    st.sampled_from("0123456789X"),
)
def test_a_wrong_check_character_is_an_error(d, seq, c):
    n = idnumber.make("371521", d, seq)
    if c == n[-1]:
        return
    try:
        V.id_number(n[:-1] + c)
    except V.CellError as e:
        assert e.code == "id.check"
    else:
        raise AssertionError("accepted")


def test_codes_map_old_titles_and_forgive_suffixes():
    from talentdesk.domain import codes

    assert V.coded(codes.TITLE, "中学高级") == "高级教师"
    assert V.coded(codes.TITLE, "小学高级") == "一级教师"
    assert V.coded(codes.TITLE, "中小学高级") == "高级教师"
    assert V.backbone("市级学科带头人") == ("市级", "学科带头人")
    assert V.yes_no("√") is True and V.yes_no("无") is False
