import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentdesk.domain import idnumber

dates = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2008, 12, 31))
areas = st.sampled_from(["371525", "110105", "440305", "510107"])
seqs = st.integers(min_value=0, max_value=999)


@given(areas, dates, seqs)
def test_made_numbers_parse_back_with_birth_and_sex(area, birth, seq):
    number = idnumber.make(area, birth, seq)
    info = idnumber.parse(number)
    assert info.number == number
    assert info.birth == birth
    assert info.gender == ("男" if seq % 2 else "女")


@given(areas, dates, seqs, st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_is_caught(area, birth, seq, pos, delta):
    number = idnumber.make(area, birth, seq)
    changed = number[:pos] + str((int(number[pos]) + delta) % 10) + number[pos + 1 :]
    assert not idnumber.is_valid(changed) or changed == number


@given(areas, st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(1999, 12, 31)), seqs)
def test_15_digit_numbers_are_upgraded(area, birth, seq):
    full = idnumber.make(area, birth, seq)
    old = full[:6] + full[8:17]
    assert idnumber.parse(old).number == full
    assert idnumber.parse(old).upgraded


def test_known_number_and_lower_case_x():
    # GB 11643 worked example
    assert idnumber.parse("11010519491231002x").number == "11010519491231002X"
    assert idnumber.parse("１１０１０５１９４９１２３１００２Ｘ").gender == "女"


@pytest.mark.parametrize(
    "raw, code",
    [
        ("", "id.empty"),
        ("1101051949123100", "id.length"),
        ("110105194912310021", "id.check"),
        ("110105194902300023", "id.birth"),
        ("11010519491231002A", "id.chars"),
    ],
)
def test_bad_numbers_say_what_is_wrong(raw, code):
    with pytest.raises(idnumber.IdNumberError) as err:
        idnumber.parse(raw)
    assert err.value.code == code
    assert str(err.value)  # a Chinese message for the clerk


def test_check_character_message_names_the_expected_character():
    with pytest.raises(idnumber.IdNumberError, match="末位应为 X"):
        idnumber.parse("110105194912310021")


def test_mask_keeps_area_and_last_four():
    assert idnumber.mask("371525198503121234") == "371525********1234"
    assert idnumber.mask(None) == ""
