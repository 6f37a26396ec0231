"""Free-text honours matched to the bureau's list: spaces, full-width characters, level and place prefixes."""

import pytest

from talentdesk.domain.honours import DEFAULT_NAMES, Matcher, check_name, level_of, normalise


@pytest.fixture
def m():
    return Matcher([*DEFAULT_NAMES, "红烛教师"], {"县优秀教育者": ("优秀教育工作者", "县级")})


@pytest.mark.parametrize(
    "text, found",
    [
        ("优秀教师", ("优秀教师", None)),
        ("优秀 教师", ("优秀教师", None)),
        ("优秀　班主任", ("优秀班主任", None)),  # a full-width space
        ("ＸＸ市师德标兵称号", ("师德标兵", "市级")),  # full-width letters, a place and 称号
        ("县级优秀教师", ("优秀教师", "县级")),
        ("县优秀教师", ("优秀教师", "县级")),
        ("市级 优秀班主任", ("优秀班主任", "市级")),
        ("青禾县红烛教师", ("红烛教师", "县级")),
        ("山东省优秀教师", ("优秀教师", "省级")),
        ("全国模范教师", ("模范教师", "国家级")),
        ("2023年度优秀教育工作者", ("优秀教育工作者", None)),
        ("优秀教师（２０２３年度）", ("优秀教师", None)),
        ("荣获市级“红烛教师”称号", ("红烛教师", "市级")),
        ("县优秀教育者", ("优秀教育工作者", "县级")),  # mapped once by the clerk
        ("乡村优秀教师", None),  # another honour: the clerk decides
        ("", None),
    ],
)
def test_texts_match_the_list(m, text, found):
    assert m.match(text) == found


def test_district_follows_the_bureaus_setting():
    assert Matcher(["师德标兵"], district_level="县级").match("区级师德标兵") == ("师德标兵", "县级")
    assert Matcher(["师德标兵"], district_level="省级").match("区师德标兵") == ("师德标兵", "省级")
    assert level_of("区级", "省级") == "省级" and level_of("市") == "市级" and level_of("优秀") is None


def test_names_for_the_list_are_checked():
    assert check_name(" 红烛 教师 ") == "红烛教师" == normalise("红烛教师称号")
    for bad in ("", "  ", "县级", "优" * 51):
        with pytest.raises(ValueError):
            check_name(bad)
