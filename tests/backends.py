"""Test databases on both back ends: a SQLite file, or a fresh database on the PostgreSQL test server.

TALENTDESK_TEST_PG is the admin URL of a throw-away server (installer/test_pg.sh starts one; `bash installer/dev.sh
test` sets it). When it is set, the tests under PG_SUITES that use the `db` fixture run once per back end.
Each PostgreSQL test database is a copy of a template migrated to head (CREATE DATABASE … TEMPLATE), dropped after
the test.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

# "none" (as `bash installer/dev.sh test` takes it) or unset: SQLite only, also when pytest is called directly
PG_URL = (
    None
    if os.environ.get("TALENTDESK_TEST_PG", "").strip().lower() in ("", "none")
    else os.environ["TALENTDESK_TEST_PG"]
)
PG_SUITES = ("store", "services", "importing", "shared")  # folders under tests/ that also run on PostgreSQL
_MIGRATIONS = Path(__file__).resolve().parents[1] / "talentdesk" / "store" / "migrations" / "versions"
_template_name: str | None = None


def _admin():
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT", future=True)


def _template() -> str:
    """A database migrated to head, named after the migrations' checksum (rebuilt when they change)."""
    global _template_name
    if _template_name:
        return _template_name
    digest = hashlib.sha256()
    for f in sorted(_MIGRATIONS.glob("*.py")):
        digest.update(f.read_bytes())
    # one template per pytest-xdist worker: CREATE DATABASE … TEMPLATE refuses a template that another worker
    # is still connected to (while it migrates it), and the name is taken by whichever worker renames first
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"td_template_{digest.hexdigest()[:12]}_{worker}"
    engine = _admin()
    try:
        with engine.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
            if not exists:
                tmp = f"{name}_{uuid.uuid4().hex[:6]}"
                conn.execute(text(f'CREATE DATABASE "{tmp}"'))
                from talentdesk.store.database import open_database

                open_database(url_for(tmp)).dispose()
                conn.execute(text(f'ALTER DATABASE "{tmp}" RENAME TO "{name}"'))
    finally:
        engine.dispose()
    _template_name = name
    return name


def url_for(database: str) -> str:
    return make_url(PG_URL).set(database=database).render_as_string(hide_password=False)


def database_name(url: str) -> str:
    return make_url(url).database


def new_pg_database(template: str | None = None) -> str:
    """A fresh PostgreSQL database, a copy of TEMPLATE (default: migrated and empty); returns its URL."""
    template = template or _template()
    name = f"td_test_{uuid.uuid4().hex[:12]}"
    engine = _admin()
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    finally:
        engine.dispose()
    return url_for(name)


def drop_pg_database(url: str) -> None:
    name = make_url(url).database
    engine = _admin()
    try:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


def new_database_target(backend: str, folder: Path, name: str = "test.db") -> str | Path:
    """What to pass to open_database(): a SQLite file in FOLDER, or a fresh PostgreSQL database's URL."""
    return new_pg_database() if backend == "postgresql" else folder / name


def in_pg_suite(path: Path) -> bool:
    parts = Path(path).resolve().relative_to(Path(__file__).resolve().parent).parts
    return bool(parts) and parts[0] in PG_SUITES
