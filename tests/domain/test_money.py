import pytest

from talentdesk.domain.money import capitals


@pytest.mark.parametrize(
    "amount, text",
    [
        (0, "零元整"),
        (300, "叁佰元整"),
        (1234.5, "壹仟贰佰叁拾肆元伍角"),
        (1001, "壹仟零壹元整"),
        (10010, "壹万零壹拾元整"),
        (100000, "壹拾万元整"),
        (387450, "叁拾捌万柒仟肆佰伍拾元整"),
        (1000000.07, "壹佰万元零柒分"),
        (100000001, "壹亿零壹元整"),
        (0.05, "伍分"),
        (12.345, "壹拾贰元叁角伍分"),  # rounded half up to the fen
        ("2005.60", "贰仟零伍元陆角"),
        (-50, "负伍拾元整"),
    ],
)
def test_capitals_as_banks_write_them(amount, text):
    assert capitals(amount) == text
