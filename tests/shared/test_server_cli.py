"""The command line on a server database (issue 10): --db postgresql://…, the remembered choice, the password."""

import io
import sys

import pytest
from openpyxl import load_workbook

from talentdesk.cli import main
from talentdesk.services.people import schools, teachers
from talentdesk.services.platform import workspace
from talentdesk.store import server
from tests import backends
from tests.gui.conftest import make_id


@pytest.fixture
def target(backend, tmp_path):
    """--db as a clerk types it: a file path, or postgresql://… (plain scheme, no driver named)."""
    t = backends.new_database_target(backend, tmp_path, "cli.db")
    if backend == "postgresql":
        yield str(t).replace("postgresql+psycopg://", "postgresql://")
        backends.drop_pg_database(t)
    else:
        yield str(t)


def _fill(target):
    ws = workspace.open_workspace(target, daily_backup=False)
    try:
        sid = schools.save(ws.db, None, {"name": "城关第一小学", "township": "城关镇", "area": "城区", "kind": "小学"})
        for name, seq in (("张堃", 111), ("李䶮", 122)):
            teachers.save(
                ws.db,
                None,
                {"name": name, "id_number": make_id(1985, seq)},
                {"posts": [{"school_id": sid, "start": "2010-09"}]},
            )
    finally:
        ws.close()


def test_export_teachers_from_the_database_named_by_db(target, tmp_path, capsys):
    _fill(target)
    out = tmp_path / "花名册.xlsx"
    assert main(["--db", target, "export", "teachers", str(out), "--mask"]) == 0
    names = {c.value for row in load_workbook(out).active.iter_rows() for c in row}
    assert {"张堃", "李䶮"} <= names
    said = capsys.readouterr()
    if server.is_server_url(target):
        assert "服务器数据库" in said.err
    assert main(["--db", target, "check"]) in (0, 1)


def test_without_db_the_database_chosen_in_settings_is_used(target, tmp_path):
    _fill(target)
    workspace.remember_choice(target)
    out = tmp_path / "t.xlsx"
    assert main(["export", "teachers", str(out), "--mask"]) == 0
    assert out.exists()


@pytest.mark.skipif(not backends.PG_URL, reason="no PostgreSQL test server")
def test_a_server_that_wants_a_password_asks_for_it_on_a_terminal(monkeypatch, tmp_path, capsys):
    url = backends.new_pg_database()
    real_open = workspace.open_workspace
    tried = []

    def open_workspace(target, **kw):  # the test server trusts everyone: play a server that wants a password
        tried.append(str(target))
        if not server.fields(str(target))["password"]:
            raise workspace.ServerError("服务器要求输入密码", server.PASSWORD_NEEDED, str(target))
        return real_open(target, **kw)

    monkeypatch.setattr(workspace, "open_workspace", open_workspace)
    try:
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal: told how to give it
        assert main(["--db", url, "check"]) == 2
        assert "PGPASSWORD" in capsys.readouterr().err
        monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
        monkeypatch.setattr("getpass.getpass", lambda prompt="": "typed-pw-1")
        assert main(["--db", url, "check"]) in (0, 1)
        assert server.fields(tried[-1])["password"] == "typed-pw-1"
        assert "typed-pw-1" not in capsys.readouterr().err
    finally:
        backends.drop_pg_database(url)


def test_unreachable_server_is_an_error_in_chinese(tmp_path, capsys):
    url = server.build(str(tmp_path / "no-server"), 5432, "talentdesk", "clerk", "pw-xyz")
    assert main(["--db", url, "check"]) == 2
    err = capsys.readouterr().err
    assert "连接不上数据库服务器" in err and "pw-xyz" not in err
