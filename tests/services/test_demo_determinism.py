"""The demo county is the same for the same seed and date: in any process (whatever PYTHONHASHSEED, addresses of
objects or the clock) and on either back end. The 种子 seed printed in the summary means something only then."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from talentdesk.services import demo
from talentdesk.store.database import open_database
from talentdesk.store.models import Base

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 20)
# when the build ran (the clock), not what it built: the audit chain's hashes cover the clock, and each database
# has its own identity
CLOCK_COLUMNS = {
    ("audit_log", "at"),
    ("audit_log", "chain_hash"),
    ("import_batch", "at"),
    ("database_identity", "uuid"),
    ("database_identity", "created_at"),
}


def table_digests(engine) -> dict[str, list]:
    """Per table: [row count, sha256 of the rows in primary-key order], clock columns left out."""
    out = {}
    with engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            cols = [c for c in table.columns if (table.name, c.name) not in CLOCK_COLUMNS]
            h, n = hashlib.sha256(), 0
            for row in conn.execute(select(*cols).order_by(*table.primary_key.columns)):
                h.update(repr(tuple(row)).encode())
                n += 1
            out[table.name] = [n, h.hexdigest()]
    return out


def build_and_digest(path: str) -> dict[str, list]:
    db = open_database(path)
    try:
        demo.generate(db, size="county", today=TODAY)
        return table_digests(db.engine)
    finally:
        db.dispose()


_SCRIPT = (
    "import json, sys\n"
    "from tests.services.test_demo_determinism import build_and_digest\n"
    "print(json.dumps(build_and_digest(sys.argv[1])))\n"
)


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory):
    """The county built in two fresh processes at once, with different hash seeds."""
    folder = tmp_path_factory.mktemp("determinism")
    procs = []
    for k in (1, 2):
        env = dict(os.environ, PYTHONHASHSEED=str(k), TALENTDESK_HOME=str(folder / f"home{k}"))
        procs.append(
            subprocess.Popen(
                [sys.executable, "-c", _SCRIPT, str(folder / f"county{k}.db")],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    results = []
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def test_same_seed_and_date_give_identical_tables_in_two_processes(two_processes):
    first, second = two_processes
    assert first["teacher"][0] > 2000 and first["studio"][0] >= 4
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


def test_same_seed_gives_the_same_tables_on_this_back_end(backend, demo_templates, tmp_path, two_processes):
    # the session's county of this seed and date, built in this process on this back end
    with demo_templates.open(backend, tmp_path, today=TODAY) as db:
        mine = table_digests(db.engine)
    differing = [name for name in mine if mine[name] != two_processes[0][name]]
    assert differing == []


@pytest.mark.parametrize("seed", [2026, 1, 2, 3, 7, 11])
def test_every_demo_studio_has_at_least_three_members(seed):
    """The generator (rows only, nothing written) never makes a studio with fewer than three 成员."""
    import random
    from collections import Counter

    from talentdesk.domain.policy import Policy
    from talentdesk.services.demo.build import _generate_rows
    from talentdesk.services.demo.context import Context
    from talentdesk.store.models_cultivation import Studio, StudioMember

    ctx = Context(random.Random(seed), TODAY, Policy())
    _generate_rows(ctx, 1, lambda *a: None)
    members = Counter(r["studio_id"] for r in ctx.rows.data[StudioMember] if r["role"] == "成员")
    studio_ids = [r["id"] for r in ctx.rows.data[Studio]]
    assert len(studio_ids) >= 4
    assert all(members[sid] >= 3 for sid in studio_ids), members
