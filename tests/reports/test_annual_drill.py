"""The annual report's figures open the teachers behind them, as the overview's do (issue 14 §8): every
figure above zero has its teachers, a zero has none, a count of people has exactly that many."""

import datetime as dt

import pytest

from talentdesk.reports import annual, statistics
from talentdesk.reports.params import Params

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def county(demo_templates, tmp_path_factory):
    from talentdesk.store.database import open_database

    db = open_database(demo_templates.copy(tmp_path_factory.mktemp("annual") / "demo.db", seed=5, today=TODAY))
    yield db
    db.dispose()


PEOPLE = {"年末在岗教师", "其中正高级教师", "其中高级教师"}  # one row per person: the list has exactly that many


def test_every_annual_figure_has_its_teachers(county):
    rep = statistics.run(county, "annual", Params(year=2025, today=TODAY, options={"drill": True}))
    rows = rep.parts[0].rows
    assert rep.teacher_ids, "the annual figures opened nothing"
    clickable = 0
    for r, row in enumerate(rows):
        for col in (2, 3):
            value, ids = row[col], rep.teacher_ids.get((0, r, col), [])
            if value == "—" or row[0] == annual.QUOTA:  # 编制台账 figures count posts and schools, not teachers
                continue
            assert (value == 0) == (not ids), (row[0], row[1], col, value, len(ids))
            if row[1] in PEOPLE or row[0] in ("补充教师", "职称晋升", "人员减少"):
                assert len(ids) == value, (row[0], row[1], col)
            elif "学时" not in row[1]:
                assert len(ids) <= value, (row[0], row[1], col)  # 人次: one teacher may count twice
            clickable += bool(ids)
    assert clickable > 30
    stock = next(r for r, row in enumerate(rows) if row[1] == "年末在岗教师")
    assert len(set(rep.teacher_ids[(0, stock, 2)])) == rows[stock][2]


def test_without_the_page_no_lists_are_kept(county):
    rep = statistics.run(county, "annual", Params(year=2025, today=TODAY))
    assert rep.teacher_ids == {}
