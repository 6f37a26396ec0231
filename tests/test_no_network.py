"""The program makes no network access: every Python route to the network is replaced by a guard that
records the attempt and raises, around the self-test, the demo generator, the main window, an import and
an export — and around importing every module of the package (in a fresh interpreter).

Qt's own C++ sockets are outside Python's reach; the CI bundle step (installer/ci_bundle.sh) runs the
built program's self-test in an empty network namespace under strace and fails on any internet socket.
"""

import datetime as dt
import os
import socket
import subprocess
import sys
import textwrap

import openpyxl
import pytest

from talentdesk import cli, selftest
from talentdesk.domain import idnumber

ROUTES = ("connect", "connect_ex", "sendto")


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to resolve a name or open a connection is recorded and refused."""
    attempts: list[str] = []

    def refuse(what):
        def guard(*args, **kwargs):
            attempts.append(f"{what}{args[1:] if what in ROUTES else args}")
            raise OSError(f"network access attempted: {what}")

        return guard

    for name in ROUTES:
        monkeypatch.setattr(socket.socket, name, refuse(name))
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
        monkeypatch.setattr(socket, name, refuse(name))
    yield attempts
    assert attempts == [], f"the program tried to use the network: {attempts}"


def test_guard_refuses_a_connection(no_network):
    with pytest.raises(OSError, match="network access attempted"):
        socket.create_connection(("example.org", 80), timeout=1)
    no_network.clear()  # the guard works; nothing of ours was involved


@pytest.mark.gui
def test_self_test_uses_no_network(qapp, no_network, tmp_path):
    lines = []
    assert selftest.run(keep=tmp_path, out=lines.append) == 0, "\n".join(lines)


def test_demo_import_and_export_use_no_network(no_network, tmp_path):
    db = str(tmp_path / "县局.db")
    assert cli.main(["--db", db, "demo", "--size", "county"]) == 0
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["学校名称", "办学类型"])
    ws.append(["无网络测试小学", "小学"])
    ws = book.create_sheet("教师")
    ws.append(["学校", "姓名", "身份证号"])
    ws.append(["无网络测试小学", "王𠮷", idnumber.make("371521", dt.date(1990, 3, 12), 131)])
    book.save(tmp_path / "名单.xlsx")
    assert cli.main(["--db", db, "import", str(tmp_path / "名单.xlsx")]) == 0
    assert cli.main(["--db", db, "export", "teachers", str(tmp_path / "花名册.xlsx")]) == 0
    names = {
        r[0]
        for r in openpyxl.load_workbook(tmp_path / "花名册.xlsx", read_only=True).active.iter_rows(
            min_row=2, values_only=True
        )
    }
    assert "王𠮷" in names and len(names) > 1000


@pytest.mark.gui
def test_main_window_uses_no_network(qtbot, db, no_network):
    from talentdesk.gui.app import make_app
    from talentdesk.gui.main_window import MainWindow
    from talentdesk.store.database import open_database

    make_app()
    window = MainWindow(db, open_database=open_database)
    qtbot.addWidget(window)
    window.show()
    for i in range(window.stack.count()):  # every page once
        window.show_page(i)
        qtbot.wait(10)
    window.close()


def test_importing_every_module_uses_no_network():
    code = textwrap.dedent("""
        import importlib, pkgutil, socket, sys
        attempts = []
        def guard(name):
            def refuse(*a, **k):
                attempts.append(name)
                raise OSError("network access attempted: " + name)
            return refuse
        for n in ("connect", "connect_ex", "sendto"):
            setattr(socket.socket, n, guard(n))
        for n in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
            setattr(socket, n, guard(n))
        import talentdesk
        names = [m.name for m in pkgutil.walk_packages(talentdesk.__path__, "talentdesk.")
                 if ".migrations" not in m.name and not m.name.endswith("__main__")]
        for name in names:
            importlib.import_module(name)
        print(len(names), "modules;", "attempts:", attempts)
        sys.exit(1 if attempts else 0)
    """)
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=90,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert int(result.stdout.split()[0]) > 50  # the whole package, GUI included, was imported
