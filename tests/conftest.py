import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from talentdesk.store.database import open_database  # noqa: E402
from tests import backends  # noqa: E402


def pytest_generate_tests(metafunc):
    """With a PostgreSQL test server, tests of the PG suites that use a database run on both back ends."""
    if "backend" in metafunc.fixturenames and backends.PG_URL and backends.in_pg_suite(metafunc.definition.path):
        metafunc.parametrize("backend", ["sqlite", "postgresql"])


def pytest_report_header(config):
    return f"PostgreSQL test server: {backends.PG_URL or 'none (SQLite only)'}"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Every test gets its own data/config folders (never the user's real database)."""
    monkeypatch.setenv("TALENTDESK_HOME", str(tmp_path / "home"))


@pytest.fixture
def backend() -> str:
    """'sqlite', or 'postgresql' when parametrized by pytest_generate_tests."""
    return "sqlite"


@pytest.fixture
def new_db(backend, tmp_path):
    """Open further empty databases on the test's back end: new_db() or new_db("other.db")."""
    opened, urls = [], []

    def make(name: str = "test.db", **kwargs):
        target = backends.new_database_target(backend, tmp_path, name)
        if backend == "postgresql":
            urls.append(target)
        database = open_database(target, **kwargs)
        opened.append(database)
        return database

    yield make
    for database in opened:
        database.dispose()
    for url in urls:
        backends.drop_pg_database(url)


@pytest.fixture
def db(new_db):
    return new_db()


@pytest.fixture
def sqlite_db(tmp_path):
    """A database file, on SQLite only: for tests about the file itself (backup copies, PRAGMA checks)."""
    database = open_database(tmp_path / "test.db")
    yield database
    database.dispose()
