import datetime as dt
import sqlite3

from sqlalchemy import inspect, select

from talentdesk.domain import idnumber
from talentdesk.domain.dates import PartialDate
from talentdesk.store import current, migrate
from talentdesk.store.all_models import Base
from talentdesk.store.backup import make_backup
from talentdesk.store.database import open_database, sqlite_integrity
from talentdesk.store.models import AuditLog, Designation, Placement, PostRecord, School, Teacher, TitleRecord
from talentdesk.store.uow import UnitOfWork


def test_migration_from_empty_database_creates_every_table(tmp_path):
    db = open_database(tmp_path / "new.db")
    try:
        tables = set(inspect(db.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert migrate.current_revision(db) == migrate.head_revision(db)
    finally:
        db.dispose()
    con = sqlite3.connect(tmp_path / "new.db")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


def test_the_head_read_from_the_scripts_is_alembics(tmp_path):
    """Start-up asks "at head?" without Alembic (migrate.at_head): its reading of the scripts must agree."""
    assert migrate.script_head() == migrate.head_revision(None)
    db = open_database(tmp_path / "h.db")
    try:
        assert migrate.stored_revision(db) == migrate.current_revision(db) == migrate.script_head()
        assert migrate.at_head(db)
        with db.engine.begin() as conn:  # an older schema is not at head: Alembic takes over
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0011'")
        assert not migrate.at_head(db)
    finally:
        db.dispose()
    empty = open_database(tmp_path / "e.db", migrate=False)
    try:
        assert migrate.stored_revision(empty) is None and not migrate.at_head(empty)
    finally:
        empty.dispose()


def _teacher(session, school, name="王芳"):
    t = Teacher(
        id_number=idnumber.make("371525", dt.date(1985, 3, 12), 124),
        name=name,
        gender="女",
        birth_date=dt.date(1985, 3, 12),
        work_start=PartialDate(2005, 9),
    )
    session.add(t)
    session.flush()
    t.posts.append(PostRecord(school_id=school.id, start=PartialDate(2005, 9)))
    return t


def test_every_change_is_audited_with_old_and_new(db):
    with UnitOfWork(db) as uow:
        s = School(name="青禾县实验小学")
        uow.session.add(s)
        uow.session.flush()
        t = _teacher(uow.session, s)
        uow.commit()
        t.phone = "13800000000"
        t.name = "王䶮"
        uow.commit()
        uow.session.delete(t.posts[0])
        uow.commit()
        rows = uow.session.scalars(select(AuditLog).where(AuditLog.teacher_id == t.id).order_by(AuditLog.id)).all()
        uow.session.expunge_all()
    actions = [(r.action, r.table_name, r.field) for r in rows]
    assert ("insert", "teacher", None) in actions
    assert ("update", "teacher", "name") in actions and ("delete", "post_record", None) in actions
    rename = next(r for r in rows if r.field == "name")
    assert (rename.old, rename.new) == ("王芳", "王䶮")
    assert all(r.user for r in rows)


def test_uncommitted_work_is_rolled_back(db):
    with UnitOfWork(db) as uow:
        uow.session.add(School(name="辛集镇中学"))
        uow.session.flush()
    with UnitOfWork(db) as uow:
        assert uow.session.scalars(select(School)).all() == []


def test_current_values_follow_the_history(db):
    today = dt.date(2026, 11, 1)
    with UnitOfWork(db) as uow:
        a, b = School(name="甲校"), School(name="乙校")
        uow.session.add_all([a, b])
        uow.session.flush()
        t = _teacher(uow.session, a)
        t.titles += [
            TitleRecord(title="二级教师", obtained=PartialDate(2008, 9)),
            TitleRecord(title="一级教师", obtained=PartialDate(2014, 9)),
        ]
        t.designations.append(
            Designation(kind="骨干教师", level="县级", start=PartialDate(2025, 9), end=PartialDate(2028, 8))
        )
        t.placements.append(
            Placement(
                from_school_id=a.id, to_school_id=b.id, kind="交流轮岗", start=PartialDate(2025, 9), status="在岗"
            )
        )
        uow.session.flush()
        current.refresh(uow.session, [t.id], today)
        uow.commit()
        uow.session.refresh(t)
        assert (t.cur_post_school_id, t.cur_work_school_id) == (a.id, b.id)
        assert t.cur_title == "一级教师" and t.cur_backbone == "县级骨干教师"


def test_backup_is_a_verified_copy(sqlite_db, tmp_path):
    db = sqlite_db  # a backup is a copy of the file
    with UnitOfWork(db) as uow:
        uow.session.add(School(name="柳林镇中学"))
        uow.commit()
    copy = make_backup(db.path, tmp_path / "bk")
    assert sqlite_integrity(copy) == []
    con = sqlite3.connect(copy)
    assert con.execute("select name from school").fetchall() == [("柳林镇中学",)]
    con.close()


def test_migrations_build_exactly_the_schema_the_models_describe(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    db = open_database(tmp_path / "schema.db")
    try:
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    finally:
        db.dispose()
