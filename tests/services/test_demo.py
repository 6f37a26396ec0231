"""The demo county: realistic, valid and the same for the same seed."""

from collections import Counter

import pytest
from sqlalchemy import func, select

from talentdesk.domain import idnumber
from talentdesk.domain.codes import KIND_STAGES, TITLE
from talentdesk.errors import UserError
from talentdesk.services import demo
from talentdesk.store.database import open_database
from talentdesk.store.models import Designation, Pairing, Placement, School, SchoolYearStat, Teacher
from talentdesk.store.uow import UnitOfWork


@pytest.fixture(scope="module")
def county(demo_templates, tmp_path_factory):
    """The session's demo county (seed 2026), built by demo.generate once, and what that call returned."""
    db = open_database(demo_templates.copy(tmp_path_factory.mktemp("demo") / "county.db"))
    yield db, demo_templates.summary()
    db.dispose()


def _all(db, stmt):
    with UnitOfWork(db) as uow:
        return uow.session.execute(stmt).all()


def test_county_has_the_expected_shape(county):
    db, summary = county
    assert 60 <= summary["schools"] <= 80
    assert 2500 <= summary["teachers"] <= 3500
    kinds = Counter(k for (k,) in _all(db, select(School.kind)))
    assert kinds["高中"] >= 2 and kinds["初中"] >= 10 and kinds["小学"] >= 30 and kinds["教学点"] >= 3
    areas = Counter(a for (a,) in _all(db, select(School.area)))
    assert set(areas) == {"城区", "镇区", "乡村"}
    codes = [c for (c,) in _all(db, select(School.code))]
    assert all(len(c) == 10 and c.isdigit() for c in codes)
    years = _all(
        db,
        select(SchoolYearStat.school_id, func.count(func.distinct(SchoolYearStat.school_year))).group_by(
            SchoolYearStat.school_id
        ),
    )
    assert len(years) == summary["schools"] and {n for _, n in years} == {3}
    (active,) = _all(db, select(func.count()).select_from(Teacher).where(Teacher.status == "在岗"))[0]
    assert active == summary["active"]


def test_every_id_number_is_valid_and_agrees_with_birth_and_sex(county):
    db, _ = county
    for number, birth, gender in _all(db, select(Teacher.id_number, Teacher.birth_date, Teacher.gender)):
        info = idnumber.parse(number)
        assert info.number == number and info.birth == birth and info.gender == gender


def test_names_include_the_rare_characters(county):
    db, _ = county
    names = "".join(n for (n,) in _all(db, select(Teacher.name)))
    for ch in ("䶮", "𠮷", "堃", "喆", "昇"):
        assert ch in names
    assert _all(db, select(func.count()).select_from(Teacher).where(Teacher.former_name.is_not(None)))[0][0] > 20


def test_current_values_are_cached_and_stages_match_the_school(county):
    db, _ = county
    rows = _all(
        db,
        select(Teacher.cur_stage, Teacher.cur_subject, Teacher.cur_title, School.kind)
        .join(School, School.id == Teacher.cur_post_school_id)
        .where(Teacher.status == "在岗"),
    )
    assert len(rows) == county[1]["active"]
    assert all(stage in KIND_STAGES[kind] for stage, _, _, kind in rows)
    subjects = Counter(subject for _, subject, _, _ in rows)
    assert [s for s, _ in subjects.most_common(3)] == ["语文", "数学", "英语"]
    titles = Counter(t for _, _, t, _ in rows)
    assert titles["一级教师"] > titles["正高级教师"] and all(t is None or t in TITLE for t in titles)


def test_about_a_tenth_are_backbone_teachers(county):
    db, summary = county
    (with_bb,) = _all(
        db, select(func.count()).select_from(Teacher).where(Teacher.cur_backbone.is_not(None), Teacher.status == "在岗")
    )[0]
    assert 0.06 <= with_bb / summary["active"] <= 0.15
    levels = {lv for (lv,) in _all(db, select(Designation.level))}
    assert {"县级", "市级"} <= levels


def test_mentor_pairings_follow_the_programme_rules(county):
    db, _ = county
    mentor, mentee = Teacher.__table__.alias("mentor"), Teacher.__table__.alias("mentee")
    rows = _all(
        db,
        select(
            Pairing.subject,
            mentor.c.cur_subject,
            mentee.c.cur_subject,
            mentor.c.cur_title,
            mentee.c.work_start,
            mentor.c.work_start,
        )
        .join(mentor, mentor.c.id == Pairing.mentor_id)
        .join(mentee, mentee.c.id == Pairing.mentee_id)
        .where(Pairing.status == "进行中"),
    )  # this year's programme (an earlier one has ended)
    assert 80 <= len(rows) <= 110
    for subject, s_mentor, s_mentee, title, ws_mentee, ws_mentor in rows:
        assert subject == s_mentor == s_mentee
        assert TITLE.rank(title) >= TITLE.rank("一级教师")
        assert ws_mentee.year >= ws_mentor.year + 8
    loads = Counter(m for (m,) in _all(db, select(Pairing.mentor_id).where(Pairing.status == "进行中")))
    assert max(loads.values()) <= 3


def test_some_loans_have_lasted_more_than_a_year(county):
    db, summary = county
    assert summary["placements"]["长期借调"] >= 2
    kinds = Counter(k for (k,) in _all(db, select(Placement.kind).where(Placement.actual_end.is_(None))))
    assert kinds["交流轮岗"] > kinds["支教"] > 0 and kinds["借调"] >= summary["placements"]["长期借调"]


def test_same_seed_gives_the_same_county_other_seed_another(county, tmp_path):
    db, _ = county
    first = _all(db, select(Teacher.name, Teacher.id_number).order_by(Teacher.id).limit(50))
    again = open_database(tmp_path / "again.db")
    other = open_database(tmp_path / "other.db")
    try:
        demo.generate(again, seed=2026)
        demo.generate(other, seed=7)
        assert _all(again, select(Teacher.name, Teacher.id_number).order_by(Teacher.id).limit(50)) == first
        assert _all(other, select(Teacher.name, Teacher.id_number).order_by(Teacher.id).limit(50)) != first
    finally:
        again.dispose()
        other.dispose()


def test_same_seed_gives_the_same_county_all_through_the_school_year(tmp_path):
    import datetime as dt

    dbs = [open_database(tmp_path / f"{i}.db") for i in range(2)]
    try:
        demo.generate(dbs[0], seed=11, today=dt.date(2025, 9, 2))
        demo.generate(dbs[1], seed=11, today=dt.date(2026, 6, 30))
        stmt = select(Teacher.name, Teacher.id_number, Teacher.work_start).order_by(Teacher.id)
        assert _all(dbs[0], stmt) == _all(dbs[1], stmt)
    finally:
        for d in dbs:
            d.dispose()


def test_refuses_a_database_that_already_has_teachers(county):
    db, summary = county
    with pytest.raises(UserError, match="已有"):
        demo.generate(db)
    assert _all(db, select(func.count()).select_from(Teacher))[0][0] == summary["teachers"]


def test_cancelling_through_progress_leaves_the_database_empty(db):
    seen = []

    def progress(done, total, text):
        seen.append((done, total, text))
        if done >= 60:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        demo.generate(db, progress=progress)
    assert seen and all(total == 100 and isinstance(text, str) for _, total, text in seen)
    assert _all(db, select(func.count()).select_from(Teacher))[0][0] == 0
    assert _all(db, select(func.count()).select_from(School))[0][0] == 0
    summary = demo.generate(db)  # and it can be built afterwards
    assert summary["teachers"] > 2500


def test_describe_is_chinese_text(county):
    text = demo.describe(county[1])
    assert "学校" in text and "教师" in text and str(county[1]["teachers"]) in text


def test_unknown_size_is_refused(db):
    with pytest.raises(UserError, match="county"):
        demo.generate(db, size="province")
