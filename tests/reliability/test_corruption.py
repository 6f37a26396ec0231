"""100 corrupted copies of a database (header and random pages): every one is caught at start.

The database is the demo county, closed cleanly (sealed). Half of the copies get random bytes in the
100-byte file header, half in a random page. Every copy must open read-only as damaged. The figure
printed also says how many SQLite's quick_check alone would have caught (the seal catches the rest:
changed bytes inside a well-formed page).
"""

import random
import shutil

import pytest

from talentdesk.services.platform import workspace
from talentdesk.store import guard

from .conftest import env_int

pytestmark = pytest.mark.timeout(900)


@pytest.fixture(scope="module")
def sealed_county(demo_templates, tmp_path_factory):
    folder = tmp_path_factory.mktemp("county")
    path = folder / "county.db"
    ws = workspace.open_workspace(demo_templates.copy(path))
    ws.close(backup_on_exit=False)
    assert guard.seal_path(path).exists()
    return path


def _corrupt(data: bytearray, rng: random.Random, header: bool) -> None:
    page = int.from_bytes(data[16:18], "big") or 65536
    if header:
        start, span = 0, 100
    else:
        pages = len(data) // page
        start, span = rng.randrange(pages) * page, page
    n = rng.randint(1, 32)
    offset = start + rng.randrange(max(1, span - n))
    old = bytes(data[offset : offset + n])
    new = bytes(rng.randrange(256) for _ in range(n))
    while new == old:
        new = bytes(rng.randrange(256) for _ in range(n))
    data[offset : offset + n] = new


def test_every_corrupted_copy_is_caught_at_start(sealed_county, tmp_path):
    copies = env_int("TD_CORRUPT_COPIES", 100)
    rng = random.Random(2026)
    original = sealed_county.read_bytes()
    caught = quick_only = 0
    for i in range(copies):
        path = tmp_path / f"copy{i}.db"
        data = bytearray(original)
        _corrupt(data, rng, header=i % 2 == 0)
        path.write_bytes(bytes(data))
        shutil.copy(guard.seal_path(sealed_county), guard.seal_path(path))
        if guard.startup_problems(path, use_seal=False):
            quick_only += 1
        ws = workspace.open_workspace(path, daily_backup=False)
        try:
            assert ws.read_only_reason == workspace.DAMAGED and ws.problems, f"copy {i} not caught"
            assert ws.db is None or ws.db.read_only  # writing blocked
            caught += 1
        finally:
            ws.close()
        for p in tmp_path.glob(f"copy{i}.db*"):
            p.unlink()
    print(
        f"\n{copies} corrupted copies ({copies - copies // 2} header, {copies // 2} page): caught at start "
        f"{caught}/{copies}; by header check + quick_check alone {quick_only}, the rest by the clean-close seal"
    )
    assert caught == copies
