"""Teacher counts say what they count (issue 14 §4): the status bar names all teachers and those serving;
学时统计 counts serving teachers as people, as the overview's 在岗教师 does."""

import pytest

from talentdesk.gui.main_window import MainWindow
from talentdesk.reports import statistics
from talentdesk.services.people import teachers
from talentdesk.store.models import Teacher
from talentdesk.store.uow import UnitOfWork

pytestmark = pytest.mark.gui


def test_every_count_names_what_it_counts(qtbot, filled_db, answers):
    with UnitOfWork(filled_db) as uow:
        uow.session.query(Teacher).filter_by(name="王芳").one().status = "退休"
        uow.commit()
    assert teachers.counts(filled_db) == (4, 3)
    w = MainWindow(filled_db)
    qtbot.addWidget(w)
    w.show()
    assert w.count_label.text() == "教师 4 人（在岗 3 人）"  # was "教师 4 人" beside an overview of 3 在岗
    overview = {f.label: f.value for f in statistics.dashboard(filled_db).figures}
    assert overview["在岗教师"] == 3
    hours = w.page("培训").hours
    hours.refresh()
    qtbot.waitUntil(lambda: not hours.loader.loading)  # the hours are read on a worker (issue 16 §4)
    assert hours.count_label.text() == "在岗教师共 3 人"  # was "共 3 条"
    hours.behind.setChecked(True)
    qtbot.waitUntil(lambda: not hours.loader.loading)  # the hours are read on a worker (issue 16 §4)
    assert hours.count_label.text().startswith("进度落后的在岗教师共 ")
    w.close()


def test_hours_list_says_who_it_leaves_out(qtbot, filled_db, answers, monkeypatch):
    from talentdesk.services.cultivation import training

    w = MainWindow(filled_db)
    qtbot.addWidget(w)
    hours = w.page("培训").hours
    real = training.hours_rows
    monkeypatch.setattr(training, "hours_rows", lambda *a, **k: real(*a, **k)[1:])  # one joined after the cycle
    hours.refresh()
    qtbot.waitUntil(lambda: not hours.loader.loading)  # the hours are read on a worker (issue 16 §4)
    assert hours.count_label.text() == "在岗教师共 3 人（另有 1 名在岗教师在本周期后入职或按设置不计入本周期，未列出）"
    w.close()
