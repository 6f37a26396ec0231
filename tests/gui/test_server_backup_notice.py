"""A server database's daily copy runs on a thread; the status bar says when it has ended, and how."""

from pathlib import Path
from types import SimpleNamespace

from PySide6.QtWidgets import QMainWindow

from talentdesk.gui.security.startup import _watch_server_backup


class _Job:
    def __init__(self):
        self.running, self.made, self.error = True, None, None


def test_status_bar_tells_when_the_daily_server_copy_ends(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    job = _Job()
    window.workspace = SimpleNamespace(background=job)
    timer = _watch_server_backup(window)
    timer.timeout.emit()
    assert window.statusBar().currentMessage() == ""  # still copying: nothing to say
    job.running, job.made = False, Path("daily-20261121.tdbak")
    timer.timeout.emit()
    assert "已把服务器数据库备份到本机" in window.statusBar().currentMessage()
    assert window.workspace.background is None


def test_status_bar_says_why_the_daily_server_copy_failed(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    job = _Job()
    job.running, job.error = False, "磁盘已满"
    window.workspace = SimpleNamespace(background=job)
    _watch_server_backup(window).timeout.emit()
    assert window.statusBar().currentMessage() == "今天的自动备份没有完成：磁盘已满"
