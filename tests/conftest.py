import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from talentdesk.store.database import open_database  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Every test gets its own data/config folders (never the user's real database)."""
    monkeypatch.setenv("TALENTDESK_HOME", str(tmp_path / "home"))


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "test.db")
    yield database
    database.dispose()
