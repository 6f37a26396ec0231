"""Rows written with their own ids (demo build, undo of a delete, the importer's bulk insert) leave the
database ready for ordinary saves: on PostgreSQL the key sequences are moved past them."""

import datetime as dt

from sqlalchemy import func, select

from talentdesk.domain import idnumber
from talentdesk.services import demo, schools, teachers
from talentdesk.store import sequences
from talentdesk.store.models import School, Teacher
from talentdesk.store.uow import UnitOfWork


def test_saving_after_the_demo_build_and_a_delete_undo_gets_new_ids(db):
    demo.generate(db, size="county")
    with UnitOfWork(db) as uow:
        top_school = uow.session.scalar(select(func.max(School.id)))
        top_teacher = uow.session.scalar(select(func.max(Teacher.id)))
    snap = teachers.delete(db, [top_teacher])
    teachers.restore(db, snap)
    sid = schools.save(db, None, {"name": "新建测试学校", "kind": "小学", "area": "乡村"})
    tid = teachers.save(db, None, {"name": "韩新", "id_number": idnumber.make("371521", dt.date(1996, 5, 4), 88)},
                        {"posts": [{"school_id": sid, "start": "2026.09"}]})
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
