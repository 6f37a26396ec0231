"""Issue 15 §5: report roster and report registration showed full phone numbers next to masked ID numbers,
even with --mask and for a 查阅员. Phones are masked wherever ID numbers are."""

import datetime as dt
import json

import pytest

from talentdesk import cli
from talentdesk.domain import idnumber
from talentdesk.reports import catalogue
from talentdesk.reports.params import Params
from talentdesk.services.accounts import accounts
from talentdesk.services.accounts.access import VIEWER
from talentdesk.services.people import schools, teachers
from talentdesk.services.platform import workspace

PHONE = "13812345678"


@pytest.fixture
def ws(tmp_path):
    ws = workspace.open_workspace(tmp_path / "p.db", daily_backup=False)
    sid = schools.save(ws.db, None, {"name": "城关小学", "kind": "小学"})
    teachers.save(
        ws.db,
        None,
        {"name": "王䶮", "id_number": idnumber.make("371525", dt.date(1980, 5, 20), 111), "phone": PHONE},
        {"posts": [{"school_id": sid, "start": "2010-09"}]},
    )
    yield ws
    ws.close(backup_on_exit=False)


def test_roster_with_mask_hides_the_phone_too(ws, tmp_path):
    out = tmp_path / "r.json"
    ws.close(backup_on_exit=False)
    assert cli.main(["--db", str(ws.path), "report", "roster", str(out), "--mask"]) == 0
    row = json.loads(out.read_text("utf-8"))["rows"][0]
    assert "********" in row[2]
    assert PHONE not in json.dumps(row, ensure_ascii=False)
    assert "138****5678" in row


def test_a_viewer_sees_neither_full_ids_nor_full_phones(ws):
    accounts.create_admin(ws.db, "admin", "admin-pass-1")
    accounts.save_user(ws.db, None, "viewer", VIEWER, "", "viewer-pass-1")
    accounts.sign_in(ws.db, "viewer", "viewer-pass-1")
    roster = catalogue.compute(ws.db, "roster", Params())
    assert PHONE not in repr(roster.main.rows) and "138****5678" in roster.main.rows[0]
    reg = catalogue.compute(ws.db, "registration", Params())
    form = reg.form.forms[0].basic
    assert "********" in form["id_shown"]
    assert form["phone"] == "138****5678"


def test_an_administrator_asking_for_full_ids_still_gets_the_phone(ws):
    roster = catalogue.compute(ws.db, "roster", Params(options={"mask": False}))
    assert PHONE in roster.main.rows[0]
