"""Rows written with their own ids (demo build, undo of a delete, the importer's bulk insert) leave the
database ready for ordinary saves: on PostgreSQL the key sequences are moved past them."""

import datetime as dt

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import OperationalError

from talentdesk.domain import idnumber
from talentdesk.services.people import schools, teachers
from talentdesk.store import sequences
from talentdesk.store.database import open_database
from talentdesk.store.models import School, Teacher
from talentdesk.store.uow import UnitOfWork


def test_saving_after_the_demo_build_and_a_delete_undo_gets_new_ids(demo_db):
    db = demo_db  # a copy of the session's demo county (its sequences as the build left them)
    with UnitOfWork(db) as uow:
        top_school = uow.session.scalar(select(func.max(School.id)))
        top_teacher = uow.session.scalar(select(func.max(Teacher.id)))
    snap = teachers.delete(db, [top_teacher])
    teachers.restore(db, snap)
    sid = schools.save(db, None, {"name": "新建测试学校", "kind": "小学", "area": "乡村"})
    tid = teachers.save(
        db,
        None,
        {"name": "韩新", "id_number": idnumber.make("371521", dt.date(1996, 5, 4), 88)},
        {"posts": [{"school_id": sid, "start": "2026.09"}]},
    )
    assert sid == top_school + 1 and tid == top_teacher + 1


def test_sync_never_moves_a_sequence_back(db, backend):
    schools.save(db, None, {"name": "甲校"})
    second = schools.save(db, None, {"name": "乙校"})
    schools.delete(db, second)
    with db.engine.begin() as conn:
        synced = sequences.sync_sequences(conn, [School])
    third = schools.save(db, None, {"name": "丙校"})
    if backend == "postgresql":  # another session may already hold the ids the sequence handed out
        assert synced == 1 and third == second + 1
    else:
        assert synced == 0


def test_an_import_taking_ids_holds_off_other_clerks_inserts_until_it_commits(db, backend):
    if backend != "postgresql":
        pytest.skip("SQLite lets one writer at a time in by design; the table lock is PostgreSQL's")
    from talentdesk.importing import write_teachers

    other = open_database(db.url, migrate=False)
    try:
        with db.sessions() as s:  # the import's transaction
            first = write_teachers.Ids(s).take(Teacher, 2)
            s.execute(
                insert(Teacher.__table__),
                [
                    dict(id=first + k, id_number=idnumber.make("371521", dt.date(1980, 1, 1), k + 1), name=f"导入{k}")
                    for k in range(2)
                ],
            )
            with other.engine.connect() as conn:  # another clerk adds a teacher meanwhile: it has to wait
                conn.execute(text("SET lock_timeout = '300ms'"))
                with pytest.raises(OperationalError, match="lock"):
                    conn.execute(
                        insert(Teacher.__table__).values(  # even far from the ids taken
                            id=10_000, id_number=idnumber.make("371521", dt.date(1981, 1, 1), 9), name="李等"
                        )
                    )
            sequences.sync_sequences(s.connection(), [Teacher])
            s.commit()
        later = teachers.save(
            other, None, {"name": "李等", "id_number": idnumber.make("371521", dt.date(1981, 1, 1), 9)}
        )
        assert later == first + 2
    finally:
        other.dispose()
