import pytest

from talentdesk.domain.policy import Policy
from talentdesk.errors import UserError, ValidationError
from talentdesk.services.people import schools
from talentdesk.services.platform import settings


def test_school_with_yearly_figures_in_list(db):
    sid = schools.save(
        db,
        None,
        {"name": "青禾县第二中学", "code": "3137000001", "township": "青禾镇", "area": "镇区", "kind": "初级中学"},
        [
            {"school_year": "2024", "stage": "初中", "students": "600", "classes": "12", "quota": "50"},
            {"school_year": "2025-2026学年", "stage": "初中", "students": "640", "classes": "13"},
        ],
    )
    row = dict(zip(schools.COLUMNS, schools.list_rows(db)[0]))
    assert row["id"] == sid and row["kind"] == "初中" and row["area"] == "镇区"
    assert (row["students"], row["students_year"], row["teachers"]) == (640, 2025, 0)
    assert [s["school_year"] for s in schools.get(db, sid)["stats"]] == [2024, 2025]


def test_name_and_code_must_be_unique(db):
    schools.save(db, None, {"name": "城关小学", "code": "1"})
    with pytest.raises(ValidationError) as e:
        schools.save(db, None, {"name": "城关小学", "code": "1"})
    assert set(e.value.problems) == {"name", "code"}


def test_bad_yearly_figures_name_the_row(db):
    with pytest.raises(ValidationError) as e:
        schools.save(
            db,
            None,
            {"name": "甲校"},
            [{"school_year": "2025", "stage": "小学", "students": "很多"}, {"school_year": "2025", "stage": "小学"}],
        )
    msgs = "；".join(e.value.problems.values())
    assert "第1行" in msgs and "不是整数" in msgs and "重复" in msgs


def test_school_in_use_cannot_be_deleted(db):
    import datetime as dt

    from talentdesk.domain import idnumber
    from talentdesk.services.people import teachers

    sid = schools.save(db, None, {"name": "乙校"})
    teachers.save(
        db,
        None,
        {"name": "某", "id_number": idnumber.make("371525", dt.date(1990, 1, 1), 11)},
        {"posts": [{"school_id": sid}]},
    )
    with pytest.raises(UserError):
        schools.delete(db, sid)
    empty = schools.save(db, None, {"name": "丙校"})
    schools.delete(db, empty)
    assert [r[1] for r in schools.list_rows(db)] == ["乙校"]


def test_policy_saved_and_reset(db):
    assert settings.load_policy(db) == Policy()
    data = Policy().to_dict()
    data["staff_ratio"]["小学"] = "18"
    data["training_hours_per_cycle"] = "300"
    settings.save_policy(db, data)
    p = settings.load_policy(db)
    assert p.staff_ratio["小学"] == 18.0 and p.training_hours_per_cycle == 300
    with pytest.raises(ValidationError) as e:
        settings.save_policy(db, {**data, "pe_arts_per100": "abc"})
    assert "pe_arts_per100" in e.value.problems
    assert settings.reset_policy(db) == Policy()
