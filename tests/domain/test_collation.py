"""Names sort by pinyin (汉语拼音), not by code point."""

from talentdesk.domain.collation import sort_by_name, sort_key


def test_names_sort_by_pinyin():
    names = ["张伟", "王芳", "陈静", "安然", "白雪", "李娜", "赵敏", "陈晨"]
    assert sorted(names) != sort_by_name(names)  # code-point order differs (陈 U+9648 after 王 U+738B)
    assert sort_by_name(names) == ["安然", "白雪", "陈晨", "陈静", "李娜", "王芳", "张伟", "赵敏"]


def test_tone_then_character_break_ties():
    # 妈 mā, 麻 má, 马 mǎ, 骂 mà: same letters, ordered by tone
    assert sort_by_name(["骂", "马", "麻", "妈"]) == ["妈", "麻", "马", "骂"]
    assert sort_key("李") < sort_key("李娜") < sort_key("李娜娜")


def test_latin_and_digits_first_rare_characters_last_and_total():
    rows = ["张三", "A组", "2班", "𠮷田", "䶮", "堃"]
    out = sort_by_name(rows)
    assert out[:2] == ["2班", "A组"]
    assert out[-1] == "𠮷田"  # a character without pinyin data comes after every known one
    assert out.index("堃") < out.index("䶮") < out.index("张三")  # kūn < yǎn < zhāng
    assert sort_key("") == sort_key(None) == ()


def test_key_of_rows():
    rows = [(1, "周"), (2, "曹"), (3, "钱")]
    assert [r[0] for r in sort_by_name(rows, key=lambda r: r[1])] == [2, 3, 1]
