import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentdesk.domain.dates import DateError, PartialDate, parse_loose


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1985.03", PartialDate(1985, 3)),
        ("1985.3", PartialDate(1985, 3)),
        ("1985年3月", PartialDate(1985, 3)),
        ("1985-03", PartialDate(1985, 3)),
        ("198503", PartialDate(1985, 3)),
        ("85.03", PartialDate(1985, 3)),
        ("1985年3月12日", PartialDate(1985, 3, 12)),
        ("1985/3/12", PartialDate(1985, 3, 12)),
        ("1985-03-12 00:00:00", PartialDate(1985, 3, 12)),
        ("１９８５．０３", PartialDate(1985, 3)),
        (dt.date(1985, 3, 12), PartialDate(1985, 3, 12)),
        (dt.datetime(1985, 3, 12, 0, 0), PartialDate(1985, 3, 12)),
        (31118.0, PartialDate(1985, 3, 12)),  # Excel serial number
        (1985.03, PartialDate(1985, 3)),  # typed as a number
        (198503, PartialDate(1985, 3)),
        ("1985", PartialDate(1985)),
        ("", None),
        (None, None),
    ],
)
def test_school_date_spellings(raw, expected):
    assert parse_loose(raw) == expected


@pytest.mark.parametrize("raw", ["1985.13", "1985年2月30日", "abc", "3/12", "19851399"])
def test_nonsense_is_refused_with_a_message(raw):
    with pytest.raises(DateError) as err:
        parse_loose(raw)
    assert str(err.value)


@given(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_every_written_form_of_a_day_round_trips(d):
    p = PartialDate.from_date(d)
    for text in (p.iso(), p.chinese(), p.dotted(), f"{d.year}/{d.month}/{d.day}", f"{d:%Y%m%d}"):
        assert parse_loose(text) == p
    assert PartialDate.from_iso(p.iso()) == p


@given(st.integers(1930, 2090), st.integers(1, 12))
def test_year_month_keeps_its_precision(y, m):
    for text in (f"{y}.{m:02d}", f"{y}.{m}", f"{y}年{m}月", f"{y}-{m:02d}", f"{y}{m:02d}"):
        p = parse_loose(text)
        assert p == PartialDate(y, m) and p.precision == "month"


def test_partial_dates_sort_chronologically():
    assert sorted([PartialDate(1990, 5), PartialDate(1985), PartialDate(1985, 3, 1)])[0] == PartialDate(1985)
