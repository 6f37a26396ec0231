import datetime as dt

import pytest
from PySide6.QtWidgets import QMessageBox

from talentdesk.domain import idnumber
from talentdesk.gui import unsaved
from talentdesk.services.people import schools, teachers


def make_id(year: int, seq: int) -> str:
    return idnumber.make("371525", dt.date(year, 5, 20), seq)


@pytest.fixture(name="make_id")
def _make_id_fixture():
    return make_id


@pytest.fixture
def filled_db(db):
    """Two schools and four teachers, created through the services as a clerk would."""
    a = schools.save(db, None, {"name": "城关第一小学", "township": "城关镇", "area": "城区", "kind": "小学"})
    b = schools.save(db, None, {"name": "青禾镇中学", "township": "青禾镇", "area": "镇区", "kind": "初中"})
    for name, year, seq, sid in (
        ("张堃", 1980, 111, a),
        ("李䶮", 1985, 122, a),
        ("吉𠮷", 1990, 131, b),
        ("王芳", 1992, 142, b),
    ):
        teachers.save(
            db,
            None,
            {"name": name, "id_number": make_id(year, seq), "phone": "13800000000"},
            {"posts": [{"school_id": sid, "start": "2010-09"}]},
        )
    return db


@pytest.fixture
def answers(monkeypatch):
    """Monkeypatched QMessageBox statics: tests set answers.question; calls are recorded."""

    class Answers:
        question = QMessageBox.StandardButton.Yes
        asked: list[str] = []
        warned: list[str] = []

    ans = Answers()
    ans.asked, ans.warned = [], []

    def question(parent, title, text, *a, **k):
        ans.asked.append(text)
        return ans.question

    def warning(parent, title, text, *a, **k):
        ans.warned.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(warning))
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda *a, **k: None))

    def unsaved_question(parent, what):  # 保存/不保存/取消 on closing a changed form: Yes → 不保存, No → 取消
        ans.asked.append(f"{what}有未保存的修改")
        return unsaved.DISCARD if ans.question == QMessageBox.StandardButton.Yes else unsaved.CANCEL

    monkeypatch.setattr(unsaved, "ask", unsaved_question)
    return ans


@pytest.fixture(autouse=True)
def _unit_answered(monkeypatch):
    """The 填报单位 question (asked once, when a first report or notice is made without one) is answered."""
    from talentdesk.gui.reports import unit_prompt

    monkeypatch.setattr(unit_prompt, "ask_unit", lambda parent: "测试县教育局")
