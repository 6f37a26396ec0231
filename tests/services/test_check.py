"""The consistency check finds what a clerk must correct, and nothing on clean data."""

import datetime as dt

import pytest
from sqlalchemy import text

from talentdesk.domain import idnumber
from talentdesk.domain.dates import PartialDate
from talentdesk.services.platform import check
from talentdesk.store import current
from talentdesk.store.models import Placement, PostRecord, School, Teacher
from talentdesk.store.uow import UnitOfWork

TODAY = dt.date.today()
Y = TODAY.year


@pytest.fixture
def small(db):
    """Two schools, two teachers with clean records."""
    with UnitOfWork(db) as uow:
        s = uow.session
        a, b = School(name="甲镇中学", kind="初中", area="镇区"), School(name="乙村小学", kind="小学", area="乡村")
        s.add_all([a, b])
        s.flush()
        t1 = Teacher(
            id_number=idnumber.make("371521", dt.date(1985, 3, 12), 123),
            name="张喆",
            gender="男",
            birth_date=dt.date(1985, 3, 12),
            status="在岗",
        )
        t2 = Teacher(
            id_number=idnumber.make("371521", dt.date(1990, 7, 1), 246),
            name="李䶮",
            gender="女",
            birth_date=dt.date(1990, 7, 1),
            status="在岗",
        )
        s.add_all([t1, t2])
        s.flush()
        s.add_all(
            [
                PostRecord(teacher_id=t1.id, school_id=b.id, start=PartialDate(2007, 9), end=PartialDate(2015, 8)),
                PostRecord(teacher_id=t1.id, school_id=a.id, start=PartialDate(2015, 9)),
                PostRecord(teacher_id=t2.id, school_id=a.id, start=PartialDate(2012, 9)),
            ]
        )
        s.flush()
        current.refresh(s, [t1.id, t2.id])
        uow.commit()
        ids = dict(t1=t1.id, t2=t2.id, a=a.id, b=b.id)
    return db, ids


def codes(result):
    return sorted(f.code for f in result.findings)


def sql(db, statement, **params):
    with db.engine.begin() as conn:
        conn.execute(text(statement), params)


def test_clean_data_has_no_findings(small):
    db, _ = small
    result = check.run(db)
    assert result.findings == [] and result.teachers == 2
    assert "未发现问题" in check.describe(result)


def test_wrong_check_character_is_an_error(small):
    db, ids = small
    sql(
        db,
        "UPDATE teacher SET id_number = substr(id_number, 1, 17) || "
        "CASE substr(id_number, 18, 1) WHEN '1' THEN '2' ELSE '1' END WHERE id = :t",
        t=ids["t1"],
    )
    result = check.run(db)
    assert codes(result) == ["id.invalid"] and result.errors[0].teacher.startswith("张喆（371521")
    assert "校验位" in result.errors[0].message


def test_birth_date_and_sex_must_agree_with_the_id_number(small):
    db, ids = small
    sql(db, "UPDATE teacher SET birth_date = '1985-03-13', gender = '女' WHERE id = :t", t=ids["t1"])
    assert codes(check.run(db)) == ["id.birth", "id.gender"]


def test_overlapping_posts_and_missing_current_post(small):
    db, ids = small
    sql(db, 'UPDATE post_record SET "end" = \'2016-07\' WHERE teacher_id = :t AND "end" IS NOT NULL', t=ids["t1"])
    sql(db, "UPDATE post_record SET \"end\" = '2020-07' WHERE teacher_id = :t", t=ids["t2"])
    result = check.run(db)
    assert "post.overlap" in codes(result) and "post.none" in codes(result)
    overlap = next(f for f in result.findings if f.code == "post.overlap")
    assert "乙村小学" in overlap.message and "甲镇中学" in overlap.message


def test_overlapping_placements(small):
    db, ids = small
    with UnitOfWork(db) as uow:
        for start in (PartialDate(Y - 3, 9), PartialDate(Y - 3, 12)):
            uow.session.add(
                Placement(
                    teacher_id=ids["t2"],
                    from_school_id=ids["a"],
                    to_school_id=ids["b"],
                    kind="支教",
                    start=start,
                    planned_end=PartialDate(Y - 2, 7),
                    actual_end=PartialDate(Y - 2, 7),
                    status="期满返回",
                )
            )
        uow.commit()
    assert codes(check.run(db)) == ["placement.overlap"]


def test_loan_longer_than_policy_is_a_warning_and_missing_placement_an_error(small):
    db, ids = small
    with UnitOfWork(db) as uow:
        uow.session.add(
            Placement(
                teacher_id=ids["t2"],
                from_school_id=ids["a"],
                to_school_id=ids["b"],
                kind="借调",
                start=PartialDate(Y - 2, 9),
                status="在岗",
            )
        )
        current.refresh(uow.session, [ids["t2"]])
        uow.commit()
    result = check.run(db)
    assert codes(result) == ["staffing.long_loan"] and not result.errors
    # working elsewhere with no placement on record
    sql(db, "UPDATE teacher SET cur_work_school_id = :b WHERE id = :t", b=ids["b"], t=ids["t1"])
    result = check.run(db)
    assert "staffing.mismatch" in codes(result) and "cache.stale" in codes(result)


def test_stale_cache_is_found_and_repaired(small):
    db, ids = small
    sql(db, "UPDATE teacher SET cur_title = '高级教师' WHERE id = :t", t=ids["t1"])
    result = check.run(db)
    assert codes(result) == ["cache.stale"] and "职称" in result.errors[0].message
    assert "--fix-cache" in check.describe(result)
    check.repair_cache(db)
    assert check.run(db).findings == []


def test_fresh_demo_reports_only_the_deliberate_long_loans(demo_db, demo_templates):
    db, summary = demo_db, demo_templates.summary()
    result = check.run(db)
    assert result.errors == []
    assert {f.code for f in result.findings} == {"staffing.long_loan"}
    assert len(result.findings) == summary["placements"]["长期借调"]
    data = result.to_dict()
    assert data["errors"] == 0 and data["counts"] == {"staffing.long_loan": len(result.findings)}
    assert all("*" in f["teacher"] for f in data["findings"])  # ID numbers masked in the report


def test_a_server_database_is_checked_for_consistency_and_says_the_file_check_is_the_servers(small, backend):
    db, _ = small
    result = check.run(db)
    assert result.findings == []
    noted = "不做数据库文件完整性检查" in check.describe(result)
    assert noted == (backend == "postgresql")
