"""The role × action matrix: every action tried through the real services by every role.

EXPECTED is written from the issue, not from the code: 管理员 (users, settings, restore, full ID numbers,
and everything the others may do), 录入员 (edit, import, print), 查阅员 (read and print with masked IDs).
"""

import datetime as dt

import pytest

from talentdesk.domain import idnumber
from talentdesk.importing.plan import build_plan
from talentdesk.reports.exports import export
from talentdesk.reports.roster import export_roster
from talentdesk.services.accounts import access, accounts
from talentdesk.services.accounts.access import ADMIN, CLERK, VIEWER, PermissionDenied
from talentdesk.services.people import schools, teachers
from talentdesk.services.platform import audit_trail, imports, settings, workspace
from talentdesk.store import backup

from .conftest import SCHOOL, write_teacher_csv

ALLOWED = {
    ADMIN: {
        "read",
        "print",
        "edit",
        "import",
        "undo_import",
        "backup",
        "reveal_id",
        "export_full",
        "settings",
        "users",
        "restore",
        "audit",
    },
    CLERK: {"read", "print", "edit", "import", "undo_import", "backup"},
    VIEWER: {"read", "print"},
}
ACTIONS = sorted(ALLOWED[ADMIN])


@pytest.fixture
def world(tmp_path):
    ws = workspace.open_workspace(tmp_path / "m.db")
    db = ws.db
    sid = schools.save(db, None, {"name": SCHOOL, "kind": "初中"})
    tid = teachers.save(
        db,
        None,
        {"name": "张堃", "id_number": idnumber.make("371525", dt.date(1980, 5, 20), 111), "phone": "13800001234"},
        {"posts": [{"school_id": sid, "start": "2010-09"}]},
    )
    saved = backup.make_backup(ws.path, tmp_path / "b", "manual")
    accounts.create_admin(db, "admin", "admin-pass-1")
    for login, role in (("clerk", CLERK), ("viewer", VIEWER)):
        accounts.save_user(db, None, login, role, "", f"{login}-pass-1")
    yield ws, tid, saved, tmp_path
    ws.close(backup_on_exit=False)


def _try(action, ws, tid, saved, tmp_path, n):
    db = ws.db
    if action == "read":
        teachers.get(db, tid)
    elif action == "print":
        export_roster(db, tmp_path / f"masked{n}.xlsx", mask=True)
    elif action == "reveal_id":
        basic = teachers.get(db, tid)["basic"]
        if "*" in basic["id_number"] or "*" in basic["phone"]:
            raise PermissionDenied("masked")
    elif action == "export_full":
        export_roster(db, tmp_path / f"full{n}.xlsx", mask=False)
    elif action == "edit":
        schools.save(db, None, {"name": f"新学校{n}"})
    elif action == "import":
        csv = write_teacher_csv(tmp_path / f"t{n}.csv", 3, county=f"3715{30 + n % 60:02d}")
        imports.apply_plan(db, build_plan(db, [csv]))
    elif action == "undo_import":
        batches = [b for b in imports.list_batches(db) if not b["undone"]]
        if not batches:
            csv = write_teacher_csv(tmp_path / f"u{n}.csv", 2, county=f"3716{30 + n % 60:02d}")
            with_admin(db, lambda: imports.apply_plan(db, build_plan(db, [csv])))
            batches = [b for b in imports.list_batches(db) if not b["undone"]]
        imports.undo_batch(db, batches[0]["id"])
    elif action == "backup":
        access.require(db, "backup")  # what the GUI and CLI call before backup.make_backup
        backup.make_backup(ws.path, tmp_path / "manual", "manual")
    elif action == "settings":
        settings.save_policy(db, settings.load_policy(db))
    elif action == "users":
        accounts.save_user(db, None, f"new{n}", VIEWER, "", "new-user-pass-1")
    elif action == "restore":
        ws.restore(saved)
        accounts_back(ws)
    elif action == "audit":
        audit_trail.entries(db)


def with_admin(db, fn):
    keep = access.current(db)
    access.sign_in(db, access.Identity("admin", ADMIN, 1))
    try:
        return fn()
    finally:
        access.sign_in(db, keep)


def accounts_back(ws):
    """The restored backup predates the accounts: create them again for the next cells of the matrix."""
    if accounts.needs_admin(ws.db):
        accounts.create_admin(ws.db, "admin", "admin-pass-1")
        for login, role in (("clerk", CLERK), ("viewer", VIEWER)):
            accounts.save_user(ws.db, None, login, role, "", f"{login}-pass-1")


def test_role_action_matrix(world):
    ws, tid, saved, tmp_path = world
    results = {}
    n = 0
    for role, login in ((VIEWER, "viewer"), (CLERK, "clerk"), (ADMIN, "admin")):
        for action in ACTIONS:
            n += 1
            accounts.sign_in(ws.db, login, f"{login}-pass-1")
            try:
                _try(action, ws, tid, saved, tmp_path, n)
                results[(role, action)] = True
            except PermissionDenied as e:
                assert "权限" in e.message or action == "reveal_id"
                results[(role, action)] = False
    wrong = {k: v for k, v in results.items() if v != (k[1] in ALLOWED[k[0]])}
    assert not wrong
    cells = len(results)
    print(
        f"\nrole × action matrix: {cells} cells ({len(ACTIONS)} actions × 3 roles), "
        f"{sum(results.values())} allowed, {cells - sum(results.values())} denied, all as specified"
    )


def test_nobody_signed_in_may_do_nothing(world):
    ws, tid, saved, tmp_path = world
    access.sign_out(ws.db)
    with pytest.raises(PermissionDenied, match="请先登录"):
        schools.save(ws.db, None, {"name": "x"})
    with pytest.raises(PermissionDenied):
        export_roster(ws.db, tmp_path / "x.xlsx", mask=True)


def test_lists_for_publication_are_masked_for_non_admins(world):
    ws, tid, saved, tmp_path = world
    accounts.sign_in(ws.db, "clerk", "clerk-pass-1")
    table = export(ws.db, "rotations", tmp_path / "r.xlsx")
    assert "遮挡" in table.note
