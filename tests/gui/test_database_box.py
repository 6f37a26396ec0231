"""设置 → 数据库 (issue 10): the connection dialog, switching the window to a server database and back."""

import threading
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from talentdesk import config
from talentdesk.gui.main_window import MainWindow
from talentdesk.gui.pages import database_box
from talentdesk.gui.pages.database_box import DatabaseBox, ServerDialog
from talentdesk.gui.security import startup
from talentdesk.services.platform import workspace
from talentdesk.store import server
from tests import backends

pg_only = pytest.mark.skipif(not backends.PG_URL, reason="no PostgreSQL test server (TALENTDESK_TEST_PG)")


def test_dialog_tests_the_connection_and_says_what_failed(qtbot, monkeypatch):
    dlg = ServerDialog()
    qtbot.addWidget(dlg)
    assert dlg.port.value() == 5432
    qtbot.mouseClick(dlg.test_button, Qt.MouseButton.LeftButton)
    assert dlg.result.text() == "请填写主机"
    dlg.host.setText("192.168.1.20")
    dlg.database.setText("talentdesk")
    dlg.user.setText("clerk")
    dlg.password.setText("pw-xyz")

    def refuse(url):
        raise workspace.ServerError(
            "用户名或密码不正确：用户“clerk”不能登录服务器 192.168.1.20", server.WRONG_PASSWORD, url
        )

    monkeypatch.setattr(workspace, "test_server", refuse)
    _click_test(qtbot, dlg)
    assert "密码不正确" in dlg.result.text()
    monkeypatch.setattr(
        workspace, "test_server", lambda url: "连接成功（PostgreSQL 15.6）：是 TalentDesk 数据库，教师 3 人"
    )
    assert dlg.test()
    qtbot.waitUntil(lambda: not dlg.testing(), timeout=5000)
    assert dlg.result.text().startswith("连接成功")
    assert server.fields(dlg.target()) == {
        "host": "192.168.1.20",
        "port": 5432,
        "database": "talentdesk",
        "user": "clerk",
        "password": "pw-xyz",
    }
    assert str(config.paths().settings_file) in " ".join(w.text() for w in dlg.findChildren(type(dlg.result)))


def _click_test(qtbot, dlg):
    qtbot.mouseClick(dlg.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.testing(), timeout=15000)


def _filled(qtbot) -> ServerDialog:
    dlg = ServerDialog()
    qtbot.addWidget(dlg)
    dlg.host.setText("10.255.255.1")
    dlg.database.setText("talentdesk")
    dlg.user.setText("clerk")
    return dlg


def test_connection_test_runs_on_a_worker_and_the_dialog_stays_usable(qtbot, monkeypatch):
    release = threading.Event()
    seen = []

    def slow_failure(url):
        seen.append(threading.current_thread() is threading.main_thread())
        release.wait(5)
        raise workspace.ServerError(
            "连接不上数据库服务器 10.255.255.1:5432：请检查主机名、端口、网络和服务器是否已启动",
            server.UNREACHABLE,
            url,
        )

    monkeypatch.setattr(workspace, "test_server", slow_failure)
    dlg = _filled(qtbot)
    dlg.show()
    qtbot.mouseClick(dlg.test_button, Qt.MouseButton.LeftButton)
    # the click returned while the server is still being tried: button off, 正在连接…, the fields still editable
    assert dlg.testing() and not dlg.test_button.isEnabled() and dlg.result.text() == "正在连接…"
    dlg.database.setText("talentdesk2")
    assert dlg.database.text() == "talentdesk2"
    assert not dlg.test()  # a second test while one runs is not started
    dlg.grab().save("/tmp/td_server_dialog_testing.png")
    release.set()
    qtbot.waitUntil(lambda: not dlg.testing(), timeout=5000)
    assert seen == [False]  # ran on a worker thread
    assert dlg.test_button.isEnabled() and "连接不上数据库服务器" in dlg.result.text()
    assert dlg.result.styleSheet() == database_box.ERROR_STYLE
    dlg.grab().save("/tmp/td_server_dialog_failed.png")


def test_closing_the_dialog_while_testing_does_not_crash(qtbot, monkeypatch):
    def slow_success(url):
        time.sleep(0.3)
        return "连接成功（PostgreSQL 15.6）：是 TalentDesk 数据库"

    monkeypatch.setattr(workspace, "test_server", slow_success)
    dlg = ServerDialog()
    dlg.host.setText("db.jyj.local")
    dlg.database.setText("talentdesk")
    dlg.user.setText("clerk")
    dlg.show()
    assert dlg.test()
    dlg.reject()
    dlg.deleteLater()
    del dlg
    qtbot.waitUntil(lambda: not database_box._RUNNING, timeout=5000)  # the worker ended and was let go


@pg_only
def test_dialog_connection_test_against_the_test_server(qtbot):
    url = backends.new_pg_database()
    try:
        dlg = ServerDialog(target=url)
        qtbot.addWidget(dlg)
        assert dlg.host.text() == server.fields(url)["host"]
        _click_test(qtbot, dlg)
        assert "连接成功" in dlg.result.text() and "TalentDesk 数据库" in dlg.result.text()
        dlg.database.setText("td_no_such_database")
        _click_test(qtbot, dlg)
        assert "没有数据库“td_no_such_database”" in dlg.result.text()
    finally:
        backends.drop_pg_database(url)


@pytest.fixture(autouse=True)
def signed_in(monkeypatch):
    """No accounts in these databases: skip the first-start 创建管理员 dialog when the window reopens."""
    monkeypatch.setattr(startup, "ensure_signed_in", lambda db, parent=None: True)


def _window(qtbot, path):
    ws = startup.open_for_gui(path)
    w = MainWindow(ws.db, workspace=ws)
    keep = startup.install(w, ws)
    qtbot.addWidget(w)
    return w, keep


def _box(w) -> DatabaseBox:
    return w.page("设置").database


@pg_only
def test_switch_to_a_server_and_back_to_a_file_remembering_the_choice(qtbot, tmp_path, monkeypatch, answers):
    url = server.with_password(backends.new_pg_database(), "pw-xyz")
    w, keep = _window(qtbot, tmp_path / "mine.db")
    try:
        assert "本机数据库文件" in _box(w).current.text()
        monkeypatch.setattr(database_box, "ask_server", lambda *a, **k: (url, False))
        assert _box(w).connect_server()
        assert w.workspace.is_server and w.db.path is None
        name = server.fields(url)["database"]
        assert name in w.path_label.text() and "pw-xyz" not in w.path_label.text()
        assert "pw-xyz" not in w.windowTitle()
        box = _box(w)  # the pages were rebuilt on the server database
        assert "服务器数据库" in box.current.text() and name in box.current.text()
        choice = config.database_choice()
        assert choice["kind"] == "server" and "password" not in choice  # 记住密码 not ticked
        assert w.page("设置").backups.restore_button.isEnabled() is False
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "b.db"), "")))
        assert _box(w).use_file()
        assert w.db.path == (tmp_path / "b.db").resolve() and not w.workspace.is_server
        assert config.database_choice() == {"kind": "file", "path": str((tmp_path / "b.db").resolve())}
    finally:
        keep[0].stop()
        w.close()
        startup.close(w)
        backends.drop_pg_database(url)


def test_a_server_that_cannot_be_reached_keeps_the_current_database(qtbot, tmp_path, monkeypatch, answers):
    w, keep = _window(qtbot, tmp_path / "mine.db")
    try:
        nowhere = server.build(str(tmp_path / "no-server"), 5432, "talentdesk", "clerk", "pw-xyz")
        monkeypatch.setattr(database_box, "ask_server", lambda *a, **k: (nowhere, True))
        assert not _box(w).connect_server()
        assert answers.warned and "连接不上数据库服务器" in answers.warned[-1] and "pw-xyz" not in answers.warned[-1]
        assert w.db.path == (tmp_path / "mine.db").resolve()
        assert config.database_choice() is None
    finally:
        keep[0].stop()
        w.close()
        startup.close(w)


def test_start_on_a_server_that_wants_a_password_shows_the_dialog(qtbot, tmp_path, monkeypatch):
    """app.open_at_start: the remembered server refuses (no password remembered) → dialog with the reason →
    the clerk's entry opens and is remembered (here: a file stands in for the server once the dialog answers)."""
    from talentdesk.gui import app

    remembered = server.build("db.jyj.local", 5432, "talentdesk", "clerk")
    asked = []
    real = startup.open_for_gui

    def open_for_gui(target, parent=None):
        if server.is_server_url(target) and not server.fields(str(target))["password"]:
            raise workspace.ServerError(
                "服务器 db.jyj.local/talentdesk 要求输入密码", server.PASSWORD_NEEDED, str(target)
            )
        return real(tmp_path / "stand-in.db", parent)

    def ask(parent=None, *, target=None, problem=""):
        asked.append((target, problem))
        return server.with_password(target, "typed-pw-1"), False

    monkeypatch.setattr(startup, "open_for_gui", open_for_gui)
    monkeypatch.setattr(database_box, "ask_server", ask)
    ws = app.open_at_start(remembered)
    try:
        assert ws is not None and asked == [(remembered, "服务器 db.jyj.local/talentdesk 要求输入密码")]
        choice = config.database_choice()
        assert choice["kind"] == "server" and "password" not in choice and "typed-pw-1" not in choice["url"]
    finally:
        ws.close()


def test_one_connect_timeout_for_every_server_connection():
    """server.CONNECT_TIMEOUT is the only timeout: added as a driver argument (the dialog's test and opening a
    database alike), not written into URLs; a URL that names its own keeps it."""
    typed = server.build("db.jyj.local", 5432, "talentdesk", "clerk", "pw-xyz")
    assert "connect_timeout" not in server.normalize(typed)
    assert server.connect_args(typed) == {"connect_timeout": server.CONNECT_TIMEOUT}
    assert server.connect_args(typed, application_name="talentdesk")["connect_timeout"] == server.CONNECT_TIMEOUT
    assert server.connect_args(typed + "?connect_timeout=30") == {}
