"""Lists a clerk reads come in pinyin order of schools and names (issue 14 §8), not code-point order."""

from talentdesk.services.cultivation import training
from talentdesk.services.people import schools
from tests.cultivation_builder import build


def test_school_choices_and_hours_list_in_pinyin_order(db):
    c = build(db)
    names = [n for _, n in schools.choices(db)]
    # chéng guān dì… < chéng guān zhōng… < liǔ… < qīng… (code points put 城关中学 before 城关第一小学)
    assert names == ["城关第一小学", "城关中学", "柳河乡中学", "青禾镇中学"]
    rows = training.hours_rows(db)
    first = [(r[4], r[3], r[1]) for r in rows][:2]
    assert first == [("城关镇", "城关第一小学", "孙悦"), ("城关镇", "城关中学", "李䶮")]
    liuhe = [r[1] for r in rows if r[3] == "柳河乡中学"]
    assert liuhe == ["钱晓", "王建国", "赵小青"]  # qián < wáng < zhào
    t = c["t"]
    cid = training.save_course(
        db,
        None,
        {"name": "校本研修", "level": "校本", "start": "2026-03", "hours": 8},
        [{"teacher_id": t[n]} for n in ("赵小青", "王建国", "钱晓", "孙悦")],
    )
    assert [r["name"] for r in training.get_course(db, cid)["records"]] == ["孙悦", "钱晓", "王建国", "赵小青"]


def test_teacher_pickers_list_matches_in_pinyin_order(db):
    from talentdesk.services.cultivation import persons as cultivation_people
    from talentdesk.services.deployment import placements

    build(db)
    expected = ["吉𠮷", "李䶮", "钱晓", "孙悦", "王建国", "张堃", "赵小青"]  # jí lǐ qián sūn wáng zhāng zhào
    assert [r[1] for r in cultivation_people.search_teachers(db, "371525")] == expected
    assert [label.split("（")[0] for _, label in placements.teacher_choices(db, "371525")] == expected
