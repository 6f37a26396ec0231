"""The demo county built once per pytest session (issue 16 §3), copied for each test that needs one.

Building the ~3,000-teacher county takes 2–3 s; the suite used to build it about 30 times. `DemoTemplates` builds
each (seed, today) county once into a template file and hands out fresh copies: a file copy on SQLite, a
`CREATE DATABASE … TEMPLATE` clone on the PostgreSQL test server. A copy is the very file the build left (same
rows, same audit chain, same database identity); tests about the build itself (determinism, cancelling, the CLI's
and the GUI's demo commands) still build their own.
"""

from __future__ import annotations

import datetime as dt
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests import backends

Key = tuple  # (seed, today)


class DemoTemplates:
    def __init__(self, folder: Path):
        self.folder = folder
        self._files: dict[Key, tuple[Path, dict]] = {}
        self._pg: dict[Key, str] = {}
        self.builds = 0  # demo counties built by this session (shown in the terminal summary)

    def _build(self, target, seed: int, today: dt.date | None) -> dict:
        from talentdesk.services import demo
        from talentdesk.store.database import open_database

        with pytest.MonkeyPatch.context() as mp:  # the build never sees a test's own home folder
            mp.setenv("TALENTDESK_HOME", str(self.folder / "home"))
            db = open_database(target)
            try:
                summary = demo.generate(db, size="county", seed=seed, today=today)
            finally:
                db.dispose()
        self.builds += 1
        return summary

    def _file(self, seed: int, today: dt.date | None) -> tuple[Path, dict]:
        key = (seed, today)
        if key not in self._files:
            path = self.folder / f"county-{seed}-{today or 'today'}.db"
            self._files[key] = (path, self._build(path, seed, today))
        return self._files[key]

    def summary(self, seed: int = 2026, today: dt.date | None = None) -> dict:
        """What demo.generate returned for the template."""
        return dict(self._file(seed, today)[1])

    def copy(self, dest: Path, seed: int = 2026, today: dt.date | None = None) -> Path:
        """A fresh copy of the demo county's database file at DEST."""
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self._file(seed, today)[0], dest)
        return dest

    def target(
        self, backend: str, folder: Path, seed: int = 2026, today: dt.date | None = None, name: str = "demo.db"
    ) -> str | Path:
        """What to pass to open_database(): a copy in FOLDER, or a fresh clone on the PostgreSQL test server."""
        if backend != "postgresql":
            return self.copy(folder / name, seed, today)
        key = (seed, today)
        if key not in self._pg:
            url = backends.new_pg_database()
            self._build(url, seed, today)
            self._pg[key] = url
        return backends.new_pg_database(template=backends.database_name(self._pg[key]))

    @contextmanager
    def open(self, backend: str, folder: Path, seed: int = 2026, today: dt.date | None = None):
        """A fresh copy opened on BACKEND; disposed (and on PostgreSQL dropped) afterwards."""
        from talentdesk.store.database import open_database

        target = self.target(backend, folder, seed, today)
        db = open_database(target)
        try:
            yield db
        finally:
            db.dispose()
            if backend == "postgresql":
                backends.drop_pg_database(target)

    def close(self) -> None:
        for url in self._pg.values():
            backends.drop_pg_database(url)
        self._pg.clear()
