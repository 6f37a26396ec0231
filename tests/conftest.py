import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from talentdesk.store.database import open_database  # noqa: E402
from tests import backends  # noqa: E402
from tests.demo_county import DemoTemplates  # noqa: E402

# Hypothesis' per-example deadline (200 ms) is a timed assertion: on a loaded 2-core machine a 0.06 ms example
# once took 277 ms and failed the run. Speed belongs in tests/bench, never in a test's verdict.
settings.register_profile("talentdesk", deadline=None)
settings.load_profile("talentdesk")


def pytest_generate_tests(metafunc):
    """With a PostgreSQL test server, tests of the PG suites that use a database run on both back ends."""
    if "backend" in metafunc.fixturenames and backends.PG_URL and backends.in_pg_suite(metafunc.definition.path):
        metafunc.parametrize("backend", ["sqlite", "postgresql"])


# The fast lane (`pytest -m "not slow"`, a few minutes on 2 cores) leaves out these modules: each of their tests
# builds one or more demo counties or city databases, exchange packages, copies or fuzzing runs (3–25 s each).
# The full suite, PostgreSQL included, runs in CI. Measured with --durations on 2 cores.
SLOW_MODULES = {
    "tests/shared/test_exchange.py",
    "tests/shared/test_exchange_scopes.py",
    "tests/shared/test_exchange_cli.py",
    "tests/shared/test_copy_database.py",
    "tests/reliability/test_fuzz_importer.py",
    "tests/reliability/test_kill_import.py",
    "tests/reliability/test_corruption.py",
    "tests/services/test_demo.py",
    "tests/services/test_demo_determinism.py",
    "tests/services/test_teacher_delete_undo.py",
    "tests/reports/test_paper_rules.py",
}


def pytest_collection_modifyitems(config, items):
    root = Path(__file__).resolve().parent.parent
    for item in items:
        if Path(item.fspath).resolve().relative_to(root).as_posix() in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


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


@pytest.fixture(scope="session")
def demo_templates(tmp_path_factory):
    """The demo county built once per session (per seed and date): .copy(dest), .target(backend, folder)."""
    templates = DemoTemplates(tmp_path_factory.mktemp("demo_templates"))
    yield templates
    templates.close()


@pytest.fixture
def demo_path(demo_templates, tmp_path) -> Path:
    """A fresh copy of the demo county (seed 2026, SQLite file) for this test."""
    return demo_templates.copy(tmp_path / "demo.db")


@pytest.fixture
def demo_db(backend, demo_templates, tmp_path):
    """The demo county (seed 2026) opened on the test's back end, a fresh copy for this test."""
    with demo_templates.open(backend, tmp_path) as database:
        yield database
