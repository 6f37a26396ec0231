"""Issue 15 §2 in the GUI: 设置 → 备份与恢复 lists only this database's backups; another database's backup, or an
unverified one, is restored only after a plain question; every question defaults to 否."""

import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox

from talentdesk.domain import idnumber
from talentdesk.gui.main_window import MainWindow
from talentdesk.services.people import schools, teachers
from talentdesk.services.platform import workspace
from talentdesk.store import backup
from talentdesk.store.database import open_database

pytestmark = pytest.mark.gui


def _fill(path, n):
    db = open_database(path)
    sid = schools.save(db, None, {"name": f"{path.stem}校", "kind": "小学"})
    for i in range(n):
        number = idnumber.make("371525", dt.date(1980, 1, 1 + i), 101)
        teachers.save(
            db, None, {"name": f"教师{i}", "id_number": number}, {"posts": [{"school_id": sid, "start": "2010-09"}]}
        )
    db.dispose()


class Calls(list):
    answer = None


def questions_answered(monkeypatch, answer) -> Calls:
    """QMessageBox.question answers ANSWER (changeable through .answer); each (text, default) is recorded."""
    calls = Calls()
    calls.answer = answer

    def question(parent, title, text, buttons=None, default=None):
        calls.append((text, default))
        return calls.answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return calls


@pytest.fixture
def window(qtbot, tmp_path):
    _fill(tmp_path / "a.db", 3)
    _fill(tmp_path / "b.db", 1)
    theirs = backup.make_backup(tmp_path / "a.db", tmp_path / "backups", "manual")
    ws = workspace.open_workspace(tmp_path / "b.db")  # makes b.db's daily backup in the same folder
    w = MainWindow(ws.db, workspace=ws)
    qtbot.addWidget(w)
    yield w, ws, theirs
    w.close()
    ws.close(backup_on_exit=False)


def test_only_this_databases_backups_are_listed(window):
    w, ws, theirs = window
    tab = w.page("设置").backups
    assert tab.items and all(b.database_id == ws.database_id for b in tab.items)
    assert theirs not in [b.path for b in tab.items]


def test_another_databases_backup_is_said_plainly_and_defaults_to_no(window, monkeypatch):
    w, ws, theirs = window
    tab = w.page("设置").backups
    calls = questions_answered(monkeypatch, QMessageBox.StandardButton.No)
    assert not tab.restore(theirs)
    text, default = calls[0]
    assert "这是另一个数据库（a.db，教师 3 人）的备份" in text and default == QMessageBox.StandardButton.No
    assert len(teachers.list_rows(w.db)) == 1

    calls.answer = QMessageBox.StandardButton.Yes
    assert tab.restore(theirs)
    assert "教师 1 → 3" in calls[-1][0] and calls[-1][1] == QMessageBox.StandardButton.No
    assert len(teachers.list_rows(w.db)) == 3


def test_an_unverified_backup_needs_its_own_yes(window, monkeypatch):
    w, ws, _ = window
    tab = w.page("设置").backups
    mine = tab.items[0].path
    backup.meta_path(mine).unlink()
    calls = questions_answered(monkeypatch, QMessageBox.StandardButton.No)
    assert not tab.restore(mine)
    assert "没有校验文件" in calls[0][0] and "未经校验" in calls[0][0]
    calls.answer = QMessageBox.StandardButton.Yes
    assert tab.restore(mine)
