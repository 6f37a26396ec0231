"""Two databases created at once in one process (the server's daily backup copies into a new SQLite file on its
thread while the clerk opens another file) both reach the current schema: Alembic's per-process context is
not shared between two migrations running at the same moment."""

from __future__ import annotations

import threading

from talentdesk.store import migrate
from talentdesk.store.database import open_database


def test_two_threads_creating_databases_at_once_both_succeed(tmp_path):
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def create(side: str) -> None:
        try:
            start.wait()
            for i in range(3):
                db = open_database(tmp_path / f"{side}-{i}.db")
                try:
                    assert migrate.current_revision(db) == migrate.head_revision(db)
                finally:
                    db.dispose()
        except BaseException as e:  # reported in the main thread
            errors.append(e)

    threads = [threading.Thread(target=create, args=(side,)) for side in ("backup", "clerk")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
