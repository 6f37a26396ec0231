"""Fixtures of the two-back-end tests (issue 10)."""

import datetime as dt

import pytest

from talentdesk.domain import idnumber
from talentdesk.services.people import schools, teachers
from talentdesk.store.database import open_database


@pytest.fixture
def clerks(db):
    """(张三, 李四): two more connections to the test's database, each signed as its clerk."""
    opened = [open_database(db.path if db.path is not None else db.url, user=name) for name in ("张三", "李四")]
    yield opened
    for d in opened:
        d.dispose()


@pytest.fixture
def people(db):
    """Two schools and two teachers posted at the first."""
    a = schools.save(db, None, {"name": "城关第一小学", "township": "城关镇"})
    b = schools.save(db, None, {"name": "河口乡中心小学", "township": "河口乡"})
    tids = [
        teachers.save(
            db,
            None,
            {"name": n, "id_number": idnumber.make("371525", dt.date(1985, 3, 12), i)},
            {"posts": [{"school_id": a, "start": "2008-09"}]},
        )
        for i, n in ((101, "王芳"), (102, "李强"))
    ]
    return {"schools": (a, b), "teachers": tids}
