import pytest

from talentdesk.domain import codes
from talentdesk.domain.policy import Policy


@pytest.mark.parametrize(
    "old, new",
    [
        ("中学高级", "高级教师"),
        ("中学一级", "一级教师"),
        ("小学高级", "一级教师"),
        ("中学二级", "二级教师"),
        ("小学一级", "二级教师"),
        ("中学三级", "三级教师"),
        ("小学二级", "三级教师"),
        ("小学三级", "三级教师"),
        ("中学高级教师", "高级教师"),
    ],
)
def test_pre_2015_titles_map_to_current_names(old, new):
    assert codes.TITLE.canonical(old) == new


def test_lookups_forgive_spaces_and_full_width():
    assert codes.DEGREE.canonical(" 本　科 ") == "大学本科"
    assert codes.DEGREE.get("大学本科").code == "21"
    assert codes.ETHNICITY.canonical("汉") == "汉族"
    assert codes.EMPLOYMENT_FORM.canonical("特岗教师") == "特岗"
    assert codes.TITLE.canonical("教授") is None


def test_yes_no_words():
    assert codes.yes_no("√") is True and codes.yes_no("无") is False and codes.yes_no(" ") is None
    with pytest.raises(ValueError):
        codes.yes_no("也许")


def test_policy_defaults_and_partial_override():
    p = Policy.from_dict({"staff_ratio": {"小学": 18}, "unknown": 1})
    assert p.staff_ratio == {"高中": 12.5, "初中": 13.5, "小学": 18.0}
    assert Policy().cv_limit["初中"] == 0.45
    assert Policy.from_dict(p.to_dict()) == p
