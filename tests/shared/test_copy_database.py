"""Copying a database from a SQLite file into an empty PostgreSQL database and back, verified table by table
(issue 10 §2). The demo county is built once per module in a SQLite file and only read (plus the copy notes)."""

import datetime as dt
import json

import pytest
from sqlalchemy import String, insert, select, text, type_coerce, update

from talentdesk import cli
from talentdesk.domain.dates import PartialDate
from talentdesk.errors import UserError
from talentdesk.services.people import honour_names, schools, teachers
from talentdesk.services.platform import transfer as svc
from talentdesk.store import transfer
from talentdesk.store.database import open_database
from talentdesk.store.models import AuditLog, Base, Teacher
from tests import backends

needs_pg = pytest.mark.skipif(
    backends.PG_URL is None, reason="no PostgreSQL test server (export TALENTDESK_TEST_PG=$(bash installer/test_pg.sh))"
)


@pytest.fixture(scope="module")
def county(demo_templates, tmp_path_factory):
    db = open_database(demo_templates.copy(tmp_path_factory.mktemp("county") / "county.db"))
    yield db
    db.dispose()


@pytest.fixture
def server():
    """URL of a fresh, migrated, empty PostgreSQL database, dropped afterwards."""
    url = backends.new_pg_database()
    yield url
    backends.drop_pg_database(url)


def _assert_all_equal(report):
    assert report.ok, transfer.report_table(report)
    assert len(report.tables) == len(transfer.tables())
    for t in report.tables:
        assert t.ok and t.rows == t.dest_rows and t.source_checksum == t.dest_checksum, t


@needs_pg
def test_county_to_server_and_back_is_the_same_data(county, server, tmp_path):
    to_pg = svc.copy_to_new(county, server)
    _assert_all_equal(to_pg)
    by_table = {t.table: t.rows for t in to_pg.tables}
    assert by_table["teacher"] > 2500 and by_table["training_record"] > 0 and by_table["audit_log"] > 0

    pg = open_database(server)
    try:
        # the copy is the same data: a verification from scratch agrees too
        _assert_all_equal(svc.verify_databases(county, pg))
        # sequences moved past the copied ids: a new school gets a fresh key
        with pg.engine.connect() as conn:
            top = conn.execute(text("SELECT max(id) FROM school")).scalar()
        assert schools.save(pg, None, {"name": "复制后新建小学", "township": "城关镇"}) == top + 1

        back = tmp_path / "back.db"
        home = svc.backup_to_file(pg, back)
        assert home.ok
    finally:
        pg.dispose()

    copy = open_database(back)
    try:
        report = transfer.verify_databases(county, copy)
        # the school created on the server (and its audit row) is the one difference
        assert sorted(report.differing_tables) == ["audit_log", "school"]
        assert teachers.list_rows(copy) == teachers.list_rows(county)
        assert teachers.count(copy) == teachers.count(county)
    finally:
        copy.dispose()


@needs_pg
def test_round_trip_through_the_server_gives_an_equal_file(county, server, tmp_path):
    assert svc.copy_to_new(county, server).ok
    pg = open_database(server)
    try:
        back = tmp_path / "round.db"
        assert svc.copy_to_new(pg, back).ok
    finally:
        pg.dispose()
    copy = open_database(back)
    try:
        report = svc.verify_databases(county, copy)
        _assert_all_equal(report)
        assert report.copy_notes[1] >= 2  # “从 … 复制” twice: left out of the comparison
        assert teachers.list_rows(copy) == teachers.list_rows(county)
    finally:
        copy.dispose()


def test_copy_into_an_empty_database_of_either_kind(county, new_db):
    dst = new_db()
    report = svc.copy_database(county, dst)
    _assert_all_equal(report)
    people = select(Teacher.id, Teacher.name, Teacher.id_number, Teacher.birth_date).order_by(Teacher.id)
    with county.engine.connect() as a, dst.engine.connect() as b:
        assert a.execute(people).all() == b.execute(people).all()
    with dst.engine.connect() as conn:
        notes = conn.execute(text("SELECT new FROM audit_log WHERE action = 'copy'")).scalars().all()
    # the source's own notes (“复制到 …”, from other tests) came along; one “从 … 复制” was added
    assert [n for n in notes if n.startswith("从 ")] == [notes[-1]] and notes[-1].startswith(f"从 {county.path} 复制")


AWKWARD = "张\t三\n李\\四\\N 𠮷䶮 \r末尾 \\. 'q' \"dq\" ,;|"


def _awkward_rows(db):
    """Rows whose every value is easy to damage in transit: control characters, backslashes (COPY's escape),
    Chinese and a character outside the BMP, partial dates of each precision, microseconds, booleans, NULLs,
    binary data with every byte value, floats that do not print short."""
    t, edu, course, log = (Base.metadata.tables[n] for n in ("teacher", "education", "training_course", "audit_log"))
    with db.engine.begin() as conn:
        conn.execute(
            insert(t),
            [
                dict(
                    id=1,
                    id_type="身份证",
                    id_number="11010519491231002X",
                    name=AWKWARD,
                    former_name="",
                    birth_date=dt.date(1949, 12, 31),
                    work_start=PartialDate.from_iso("1970"),
                    school_entry=PartialDate.from_iso("1985-03"),
                    status_date=PartialDate.from_iso("2001-09-01"),
                    status="在职",
                    photo=bytes(range(256)),
                    note="第一行\n第二行\\t不是制表符\t是制表符",
                ),
                dict(
                    id=2,
                    id_type="身份证",
                    id_number="110105195001010011",
                    name="𠮷",
                    former_name=None,
                    birth_date=None,
                    work_start=None,
                    school_entry=None,
                    status_date=None,
                    status="在职",
                    photo=None,
                    note=None,
                ),
            ],
        )
        conn.execute(
            insert(edu),
            [
                dict(id=1, teacher_id=1, degree="本科", normal=True, full_time=None, highest=True, first=False),
                dict(id=2, teacher_id=2, degree="硕士", normal=False, full_time=False, highest=False, first=True),
            ],
        )
        conn.execute(
            insert(course),
            [
                dict(id=1, name="课程\t一", level="县级", hours=0.1 + 0.2, credits=None),
                dict(id=2, name="课程二", level="市级", hours=1e-7, credits=12.5),
            ],
        )
        conn.execute(
            insert(log),
            [
                dict(
                    at=dt.datetime(2026, 1, 2, 3, 4, 5, 678901),
                    user="王\\五",
                    action="update",
                    table_name="teacher",
                    record_id=1,
                    field="name",
                    old=None,
                    new=AWKWARD,
                )
            ],
        )


def _raw(db, name):
    table = Base.metadata.tables[name]
    with db.engine.connect() as conn:
        return conn.execute(select(table).order_by(*table.primary_key.columns)).all()


def test_awkward_values_survive_both_directions_exactly(new_db, tmp_path):
    src = open_database(tmp_path / "awkward.db")
    try:
        _awkward_rows(src)
        middle = new_db()  # the test's back end: SQLite or PostgreSQL
        _assert_all_equal(svc.copy_database(src, middle))
        back = tmp_path / "back.db"
        _assert_all_equal(svc.backup_to_file(middle, back))
        home = open_database(back)
        try:
            for name in ("teacher", "education", "training_course"):
                assert _raw(middle, name) == _raw(src, name) == _raw(home, name), name
            first = _raw(home, "teacher")[0]
            assert first.name == AWKWARD and first.photo == bytes(range(256))
            assert first.school_entry == PartialDate.from_iso("1985-03")
            with home.engine.connect() as conn:
                stored = (
                    conn.execute(select(type_coerce(Teacher.__table__.c.school_entry, String)).order_by(Teacher.id))
                    .scalars()
                    .all()
                )
                at = conn.execute(select(AuditLog.at, AuditLog.new).where(AuditLog.action == "update")).one()
            assert stored == ["1985-03", None]  # the text stored, as written
            assert at == (dt.datetime(2026, 1, 2, 3, 4, 5, 678901), AWKWARD)
            _assert_all_equal(svc.verify_databases(src, home))
        finally:
            home.dispose()
    finally:
        src.dispose()


def test_non_empty_destination_is_refused_and_left_alone(county, new_db):
    dst = new_db()
    schools.save(dst, None, {"name": "已有学校", "township": "城关镇"})
    with pytest.raises(UserError, match="不是空的"):
        svc.copy_database(county, dst)
    with dst.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM teacher")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM school")).scalar() == 1


def test_the_new_databases_own_honour_list_gives_way_to_the_sources(county, new_db):
    """Every new database gets the default 荣誉名录 from its migration; a copy into it is still a copy into an
    empty database, and the destination ends with the source's list (the demo's local 红烛教师 included).
    A list the clerk changed is data, and the copy refuses to overwrite it."""
    dst = new_db()
    _assert_all_equal(svc.copy_database(county, dst))
    with dst.engine.connect() as conn:
        assert "红烛教师" in conn.execute(text("SELECT name FROM honour_name")).scalars().all()

    edited = new_db()
    honour_names.add_name(edited, "本县自定荣誉")
    with pytest.raises(UserError, match="honour_name"):
        svc.copy_database(county, edited)


def test_other_schema_revision_is_refused(county, tmp_path):
    dst = open_database(tmp_path / "old.db")
    try:
        with dst.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0005'"))
        with pytest.raises(UserError, match="结构版本不同"):
            svc.copy_database(county, dst)
    finally:
        dst.dispose()


def test_cancelled_copy_leaves_the_destination_empty(county, new_db):
    dst = new_db()
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 20  # well into the teachers' records

    with pytest.raises(svc.CopyCancelled):
        svc.copy_database(county, dst, cancel=cancel)
    assert transfer.nonempty_tables(dst) == []


def test_a_row_changed_after_the_copy_is_reported(county, new_db, tmp_path):
    dst = new_db()
    assert svc.copy_database(county, dst).ok
    with dst.engine.begin() as conn:
        tid = conn.execute(select(Teacher.id).order_by(Teacher.id).limit(1)).scalar()
        conn.execute(update(Teacher).where(Teacher.id == tid).values(name="改过的名字"))
    report = svc.verify_databases(county, dst)
    assert report.differing_tables == ["teacher"]
    bad = next(t for t in report.tables if t.table == "teacher")
    assert bad.rows == bad.dest_rows and bad.differing == [tid]
    assert "不一致" in svc.summary(report) and "基本信息" in svc.summary(report)


def test_command_line_copy_and_verify(county, tmp_path, capsys):
    out, report = tmp_path / "copy.db", tmp_path / "report.json"
    assert cli.main(["copy-db", str(county.path), str(out), "--report", str(report)]) == 0
    printed = capsys.readouterr().out
    assert "基本信息 teacher" in printed and "逐表核对一致" in printed
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["ok"] and {t["table"] for t in data["tables"]} == {t.name for t in transfer.tables()}
    # a second copy onto the same file is refused; verify-db agrees, then finds a change
    assert cli.main(["copy-db", str(county.path), str(out)]) == 2
    assert cli.main(["verify-db", str(county.path), str(out)]) == 0
    copy = open_database(out)
    try:
        with copy.engine.begin() as conn:
            conn.execute(text("UPDATE school SET name = name || '（改）' WHERE id = (SELECT min(id) FROM school)"))
    finally:
        copy.dispose()
    capsys.readouterr()
    assert cli.main(["verify-db", str(county.path), str(out)]) == 1
    assert "不一致" in capsys.readouterr().out
