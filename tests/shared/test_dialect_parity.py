"""What a clerk sees is the same on SQLite and PostgreSQL: list order with blanks, and searches."""

import datetime as dt

from talentdesk.domain import idnumber
from talentdesk.services.cultivation import persons as cultivation_people
from talentdesk.services.people import schools, teachers


def _id_ending_in_x() -> str:
    for seq in range(1, 999):
        number = idnumber.make("371521", dt.date(1988, 6, 1), seq)
        if number.endswith("X"):
            return number
    raise AssertionError("no check character X")


def test_schools_without_a_township_come_first_in_the_list(db):
    for name, town in (("乙校", "城关镇"), ("甲校", None), ("丙校", "柳林镇")):
        schools.save(db, None, {"name": name, "township": town})
    assert [r[1] for r in schools.list_rows(db)] == ["甲校", "乙校", "丙校"]  # blank first, then 城关镇, 柳林镇


def test_search_ignores_case_of_x_and_takes_percent_and_underscore_literally(db):
    number = _id_ending_in_x()
    teachers.save(db, None, {"name": "张_明", "id_number": number})
    teachers.save(db, None, {"name": "张小明", "id_number": idnumber.make("371521", dt.date(1990, 1, 2), 17)})
    assert [r[1] for r in cultivation_people.search_teachers(db, number[-5:].lower())] == ["张_明"]
    assert [r[1] for r in cultivation_people.search_teachers(db, "张_")] == ["张_明"]
    assert cultivation_people.search_teachers(db, "%") == []
