"""Two clerks pressing 保存 at the same moment on PostgreSQL (issue 10 §5): the row lock serialises the two
UPDATE … WHERE version = :seen statements, so exactly one wins and the other gets EditConflict."""

import datetime as dt
import threading

import pytest
from sqlalchemy import event

from talentdesk.domain import idnumber
from talentdesk.errors import EditConflict
from talentdesk.services.people import teachers
from talentdesk.store.database import open_database


def test_two_threads_racing_the_same_update_one_wins(db):
    if db.path is not None:
        pytest.skip("a real race needs a server: SQLite serialises writers with its file lock")
    tid = teachers.save(
        db,
        None,
        {"name": "李娜", "id_number": idnumber.make("371525", dt.date(1988, 5, 1), 321), "phone": "13800000000"},
    )
    clerks = [open_database(db.url, user=name) for name in ("张三", "李四")]
    both_read = threading.Barrier(2, timeout=20)
    for clerk in clerks:  # hold each save between its version check and its UPDATE until both got there

        @event.listens_for(clerk.sessions, "before_flush")
        def _wait(session, ctx, instances):
            if not session.info.get("raced"):
                session.info["raced"] = True
                both_read.wait()

    results: dict[str, object] = {}

    def save(clerk, phone):
        loaded = teachers.get(clerk, tid)
        try:
            teachers.save(clerk, tid, {**loaded["basic"], "phone": phone}, loaded=loaded)
            results[phone] = "saved"
        except Exception as e:  # noqa: BLE001 - recorded for the assertion
            results[phone] = e

    try:
        threads = [threading.Thread(target=save, args=(c, p)) for c, p in zip(clerks, ("13911111111", "13922222222"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        for c in clerks:
            c.dispose()
    winners = [p for p, r in results.items() if r == "saved"]
    losers = [r for r in results.values() if r != "saved"]
    assert len(winners) == 1 and len(losers) == 1, results
    assert isinstance(losers[0], EditConflict)
    (phone,) = losers[0].conflicts
    assert phone.theirs == winners[0] and phone.base == "13800000000"
    assert teachers.get(db, tid)["basic"]["phone"] == winners[0]
